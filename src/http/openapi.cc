#include "http/openapi.h"

#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

namespace linli::http {
namespace {

namespace json = boost::json;

json::value Ref(std::string_view schema) { return json::object{{"$ref", "#/components/schemas/" + std::string(schema)}}; }

json::object JsonContent(std::string_view schema) {
  return json::object{{"application/json", json::object{{"schema", Ref(schema)}}}};
}

json::value ErrorSchema() {
  json::object detail{{"type", "object"},
                      {"properties", json::object{{"field", {{"type", "string"}}},
                                                  {"reason", {{"type", "string"}}},
                                                  {"message", {{"type", "string"}}}}}};
  json::object inner{
      {"type", "object"},
      {"required", json::array{"code", "message", "field", "details"}},
      {"properties",
       json::object{{"code", {{"type", "string"},
                              {"enum", json::array{"invalid_argument", "unauthenticated", "permission_denied",
                                                   "not_found", "method_not_allowed", "conflict", "too_large",
                                                   "unsupported_media_type", "rate_limited", "internal",
                                                   "unavailable"}}}},
                    {"message", {{"type", "string"}}},
                    {"field", {{"type", "string"}}},
                    {"details", {{"type", "array"}, {"items", detail}}}}}};
  return json::object{{"type", "object"}, {"required", json::array{"error"}}, {"properties", {{"error", inner}}}};
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "/api/v1/households/{id}" -> "GET_api_v1_households_id"-like stable operation id.
std::string OperationId(const Route& r) {
  std::string id = Lower(r.method);
  for (char c : r.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(c);
    } else if (c == '/' || c == '-' || c == '_') {
      if (id.back() != '_') id.push_back('_');
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

int SuccessStatus(const Route& r) {
  if (r.success_status != 0) return r.success_status;
  return r.method == "POST" ? 201 : (r.method == "DELETE" ? 204 : 200);
}

}  // namespace

json::value BuildOpenApi(const Router& router, std::string_view version) {
  json::object paths;
  std::vector<std::string> tags;
  for (const Route& r : router.routes()) {
    json::object op;
    op["operationId"] = OperationId(r);
    if (!r.summary.empty()) op["summary"] = r.summary;
    if (!r.tag.empty()) {
      op["tags"] = json::array{json::value(r.tag)};
      if (std::find(tags.begin(), tags.end(), r.tag) == tags.end()) tags.push_back(r.tag);
    }
    op["x-permission"] = r.permission;
    if (r.is_public) op["x-public"] = true;  // no session or token needed
    json::array params;
    // Path parameters from the pattern; "id" and "*_id" are integers.
    std::size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      std::size_t end = r.pattern.find('}', pos);
      std::string name = r.pattern.substr(pos + 1, end - pos - 1);
      bool is_id = name == "id" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0);
      params.push_back(json::object{{"name", name},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", {{"type", is_id ? "integer" : "string"}}}});
      pos = end;
    }
    for (const ParamDoc& p : r.query_params) {
      json::object q{{"name", p.name}, {"in", "query"}, {"required", p.required}, {"schema", {{"type", p.type}}}};
      if (!p.description.empty()) q["description"] = p.description;
      params.push_back(std::move(q));
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.request_schema.empty()) {
      op["requestBody"] = json::object{{"required", true}, {"content", JsonContent(r.request_schema)}};
    } else if (r.max_body > (1u << 20)) {
      op["requestBody"] = json::object{
          {"required", true},
          {"content", {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    }
    json::object responses;
    int ok = SuccessStatus(r);
    json::object success{{"description", ok == 204 ? "No Content" : "OK"}};
    if (!r.response_schema.empty()) success["content"] = JsonContent(r.response_schema);
    responses[std::to_string(ok)] = std::move(success);
    responses["default"] = json::object{{"description", "Error"}, {"content", JsonContent("Error")}};
    op["responses"] = std::move(responses);
    json::value& path_item = paths[r.pattern];
    if (!path_item.is_object()) path_item.emplace_object();
    path_item.as_object()[Lower(r.method)] = std::move(op);
  }
  json::object schemas;
  for (const auto& [name, schema] : router.schemas()) schemas[name] = schema;
  schemas["Error"] = ErrorSchema();
  json::array tag_list;
  for (const auto& t : tags) tag_list.push_back(json::object{{"name", t}});
  return json::object{
      {"openapi", "3.0.3"},
      {"info", {{"title", "linli API"}, {"version", version}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components", {{"schemas", std::move(schemas)}}},
  };
}

}  // namespace linli::http
