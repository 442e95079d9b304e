#include <fmt/format.h>

#include "app/wiring.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace linli::cli {

int RunRoutes() {
  auto store = OpenStore("sqlite::memory:");
  if (!store.ok()) return Fail("打开内存数据库", store.error());
  http::Router router;
  app::BuildRouter(router, **store, app::Config{});
  std::size_t width = 4;
  for (const auto& r : router.routes()) width = std::max(width, r.pattern.size());
  fmt::print("{:<7} {:<{}} {:<22} {}\n", "METHOD", "PATH", width, "PERMISSION", "SUMMARY");
  for (const auto& r : router.routes()) {
    fmt::print("{:<7} {:<{}} {:<22} {}\n", r.method, r.pattern, width, r.permission, r.summary);
  }
  return 0;
}

}  // namespace linli::cli
