// Wiring shared by `linli serve` and `linli routes`: the full route table on one router.
#pragma once

#include <string>

#include "app/config.h"
#include "http/router.h"
#include "store/store.h"

namespace linli::app {

// linli's version ("0.1.0"), from the CMake project.
const char* Version();

// Registers every /api/v1 route (src/api) plus /healthz, /metrics and /api/v1/openapi.json, with
// the authorizer (sessions, API tokens, permissions, scope) installed; logs ListenWarning.
// `store` must outlive the router. Call before the server starts.
void BuildRouter(http::Router& router, Store& store, const Config& config);

}  // namespace linli::app
