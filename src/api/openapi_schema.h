// A compact way to write an OpenAPI object schema for Router::AddSchema: each property is a name and a
// type string — "string", "integer?" (nullable), "[integer]" (array of a type), "#Deliberation"
// (a reference to a registered schema), "[#Opinion]" (array of references).
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include <boost/json/value.hpp>

namespace linli::api {

boost::json::value Schema(std::initializer_list<std::pair<std::string_view, std::string_view>> props);

}  // namespace linli::api
