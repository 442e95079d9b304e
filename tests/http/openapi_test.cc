#include "http/openapi.h"

#include <gtest/gtest.h>

#include "http/builtin_routes.h"

namespace linli::http {
namespace {

TEST(OpenApiTest, ListsEveryRoute) {
  Router router;
  auto h = [](Request&) { return Response{}; };
  router.AddSchema("Household", boost::json::object{{"type", "object"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/households",
              .permission = "household:read",
              .summary = "住户列表",
              .tag = "households",
              .query_params = {{.name = "community_id", .type = "integer"}, {.name = "q"}},
              .response_schema = "Household",
              .handler = h});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/households/{id}",
              .permission = "household:write",
              .tag = "households",
              .request_schema = "Household",
              .handler = h});
  router.Add({.method = "GET", .pattern = "/api/v1/households/{id}", .permission = "household:read", .handler = h});
  AddBuiltinRoutes(router, "9.9.9");
  auto doc = BuildOpenApi(router, "9.9.9");
  EXPECT_EQ(doc.at("openapi"), "3.0.3");
  EXPECT_EQ(doc.at("info").at("version"), "9.9.9");
  const auto& paths = doc.at("paths").as_object();
  for (const Route& r : router.routes()) {
    std::string m = r.method;
    for (auto& c : m) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(paths.contains(r.pattern)) << r.pattern;
    ASSERT_TRUE(paths.at(r.pattern).as_object().contains(m)) << r.method << " " << r.pattern;
    EXPECT_EQ(paths.at(r.pattern).at(m).at("x-permission").as_string(), r.permission);
  }
  const auto& list = paths.at("/api/v1/households").at("get");
  EXPECT_EQ(list.at("summary"), "住户列表");
  EXPECT_EQ(list.at("parameters").at(0).at("name"), "community_id");
  EXPECT_EQ(list.at("parameters").at(0).at("schema").at("type"), "integer");
  EXPECT_EQ(list.at("responses").at("200").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/Household");
  const auto& patch = paths.at("/api/v1/households/{id}").at("patch");
  EXPECT_EQ(patch.at("parameters").at(0).at("in"), "path");
  EXPECT_EQ(patch.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/Household");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Error"));
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Household"));
}

}  // namespace
}  // namespace linli::http
