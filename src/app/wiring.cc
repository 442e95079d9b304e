#include "app/wiring.h"

#include "api/routes.h"
#include "http/builtin_routes.h"

#ifndef LINLI_VERSION
#define LINLI_VERSION "0.0.0"
#endif

namespace linli::app {

const char* Version() { return LINLI_VERSION; }

void BuildRouter(http::Router& router, Store& store, const Config& config) {
  http::AddBuiltinRoutes(router, Version());
  api::RegisterApiRoutes(router, store,
                         api::ApiOptions{.max_upload_body = config.max_upload_body, .version = Version()});
}

}  // namespace linli::app
