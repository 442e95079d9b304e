// OpenAPI object schemas from (name, type) pairs: see openapi_schema.h.
#include "api/openapi_schema.h"

#include <boost/json/object.hpp>
#include <string>

namespace linli::api {

namespace json = boost::json;

json::value Schema(std::initializer_list<std::pair<std::string_view, std::string_view>> props) {
  json::object properties;
  for (const auto& [name, type] : props) {
    json::object t;
    if (type.starts_with("#"))
      t = {{"$ref", "#/components/schemas/" + std::string(type.substr(1))}};
    else if (type.starts_with("[#"))
      t = {{"type", "array"},
           {"items",
            json::object{{"$ref", "#/components/schemas/" + std::string(type.substr(2, type.size() - 3))}}}};
    else if (type.starts_with("["))
      t = {{"type", "array"}, {"items", json::object{{"type", type.substr(1, type.size() - 2)}}}};
    else if (type.ends_with("?"))
      t = {{"type", type.substr(0, type.size() - 1)}, {"nullable", true}};
    else
      t = {{"type", type}};
    properties[name] = std::move(t);
  }
  return json::object{{"type", "object"}, {"properties", std::move(properties)}};
}

}  // namespace linli::api
