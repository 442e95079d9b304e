// The routes every linli server has: GET /healthz, GET /metrics, GET /api/v1/openapi.json.
#pragma once

#include <string>

#include "http/router.h"

namespace linli::http {

// Adds the three routes. The OpenAPI document is built from `router` on first request (routes
// must all be added before the server starts) and cached. `router` must outlive its routes.
void AddBuiltinRoutes(Router& router, std::string version);

}  // namespace linli::http
