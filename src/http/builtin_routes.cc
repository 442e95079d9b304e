#include "http/builtin_routes.h"

#include <memory>
#include <mutex>

#include <boost/json/serialize.hpp>

#include "core/metrics.h"
#include "http/openapi.h"

namespace linli::http {

void AddBuiltinRoutes(Router& router, std::string version) {
  router.Add({.method = "GET",
              .pattern = "/healthz",
              .permission = "system:health",
              .summary = "健康检查",
              .tag = "system",
              .is_public = true,
              .handler = [](Request&) {
                Response r;
                r.body = R"({"status":"ok"})";
                return r;
              }});
  router.Add({.method = "GET",
              .pattern = "/metrics",
              .permission = "system:metrics",
              .summary = "Prometheus 指标",
              .tag = "system",
              .handler = [](Request&) {
                Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = metrics::RenderPrometheus();
                return r;
              }});
  struct Cache {
    std::once_flag once;
    std::string body;
  };
  auto cache = std::make_shared<Cache>();
  const Router* self = &router;
  router.Add({.method = "GET",
              .pattern = "/api/v1/openapi.json",
              .permission = "system:api_doc",
              .summary = "OpenAPI 3 接口文档",
              .tag = "system",
              .is_public = true,
              .handler = [cache, self, version = std::move(version)](Request&) {
                std::call_once(cache->once, [&] { cache->body = boost::json::serialize(BuildOpenApi(*self, version)); });
                Response r;
                r.body = cache->body;
                return r;
              }});
}

}  // namespace linli::http
