// The linli HTTP API (docs/api.md): every /api/v1 route of the registry, grids, imports, exports
// and meta, registered on the router with its permission code and OpenAPI documentation.
//
//   http::Router router;
//   api::RegisterApiRoutes(router, *store, api::ApiOptions{.version = "0.1.0"});
//
// Thread rule: call once, before the server starts. `store` must outlive the router; handlers call
// it from the server's worker threads (Store is thread-safe). The import sessions live inside the
// registered handlers (shared, mutex-guarded).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "api/session.h"
#include "http/router.h"
#include "store/store.h"

namespace linli::api {

struct ApiOptions {
  std::size_t max_import_rows = 100000;   // data rows per uploaded file (the CLI import has no limit)
  std::size_t max_upload_body = 20 << 20; // bytes of one upload (route max_body)
  std::string version;                    // reported by /api/v1/meta
  AuthOptions auth;                       // session timeouts, cookie, login limits
  std::string attachments_dir = "data/attachments";  // demand attachments by sha256, outside the database
  bool bench_noop_route = false;          // POST /api/v1/bench/noop (stores nothing): benchmarks only
};

// Registers every API route and the component schemas they name, and installs the authorizer
// (src/api/session.h) on the router: from then on every non-public route needs a session or an
// API token. Returns the shared Auth (also owned by the handlers). Aborts (via Router::Add) only on
// a programming error in the route table.
std::shared_ptr<Auth> RegisterApiRoutes(http::Router& router, Store& store, const ApiOptions& options);

}  // namespace linli::api
