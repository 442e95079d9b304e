#include "app/wiring.h"

#include "api/routes.h"
#include "http/builtin_routes.h"

#include <spdlog/spdlog.h>

#ifndef LINLI_VERSION
#define LINLI_VERSION "0.0.0"
#endif

namespace linli::app {

const char* Version() { return LINLI_VERSION; }

void BuildRouter(http::Router& router, Store& store, const Config& config) {
  if (std::string warning = ListenWarning(config); !warning.empty()) spdlog::warn("{}", warning);
  http::AddBuiltinRoutes(router, Version());
  api::ApiOptions options{.max_upload_body = config.max_upload_body, .version = Version()};
  options.auth.session_idle_minutes = config.session_idle_minutes;
  options.auth.session_max_hours = config.session_max_hours;
  options.attachments_dir =
      config.attachments_dir.empty() ? DefaultAttachmentsDir(config.store_url) : config.attachments_dir;
  options.bench_noop_route = config.bench_noop_route;
  options.auth.secure_cookie = config.tls;
  options.auth.principal_cache_seconds = 5;  // api/session.h: per process, invalidated on every change
  api::RegisterApiRoutes(router, store, options);  // installs the authorizer
}

}  // namespace linli::app
