// The OpenAPI 3.0.3 document generated from the route table.
#pragma once

#include <string_view>

#include <boost/json/value.hpp>

#include "http/router.h"

namespace linli::http {

// One operation per route: path parameters from the pattern ({id} -> integer), documented query
// parameters, summary, tag, request body and success response from the router's schemas, the
// shared Error schema for 4xx/5xx, and x-permission. Every schema added with AddSchema is in
// components/schemas. Pure: reads the router only.
boost::json::value BuildOpenApi(const Router& router, std::string_view version);

}  // namespace linli::http
