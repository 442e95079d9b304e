#include "http/router.h"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

Route R(std::string method, std::string pattern, std::string tag = "t") {
  return {.method = std::move(method),
          .pattern = std::move(pattern),
          .permission = "thing:read",
          .tag = std::move(tag),
          .handler = [](Request& r) {
            Response res;
            res.body = r.method + " " + (r.path_params.count("id") ? r.path_params.at("id") : "-");
            return res;
          }};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.Add(R("GET", "/api/v1/households"));
    router.Add(R("POST", "/api/v1/households"));
    router.Add(R("GET", "/api/v1/households/{id}"));
    router.Add(R("PATCH", "/api/v1/households/{id}"));
    router.Add(R("DELETE", "/api/v1/households/{id}"));
    router.Add(R("GET", "/api/v1/households/export"));
    router.Add(R("POST", "/api/v1/grids/{id}/buildings"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralAndParams) {
  auto m = router.Match("GET", "/api/v1/households/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/households/{id}");
  EXPECT_EQ(m.params.at("id"), "42");
  m = router.Match("POST", "/api/v1/grids/7/buildings");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "7");
}

TEST_F(RouterTest, LiteralSegmentBeatsParameter) {
  auto m = router.Match("GET", "/api/v1/households/export");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/households/export");
  // PATCH only exists on the parameter route, so it still matches there.
  m = router.Match("PATCH", "/api/v1/households/export");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/households/{id}");
}

TEST_F(RouterTest, UnknownPathIs404) {
  for (const char* p : {"/api/v1/nothing", "/api/v1/households/1/x", "/api/v1/households/", "/", "",
                        "/api/v1//households"}) {
    auto m = router.Match("GET", p);
    EXPECT_EQ(m.route, nullptr) << p;
    ASSERT_TRUE(m.error) << p;
    EXPECT_EQ(m.error->code, ErrorCode::kNotFound) << p;
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto m = router.Match("PUT", "/api/v1/households/3");
  ASSERT_TRUE(m.error);
  EXPECT_EQ(m.error->code, ErrorCode::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, PATCH, DELETE");
  Request req;
  req.method = "DELETE";
  req.path = "/api/v1/households";
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, POST");
}

TEST_F(RouterTest, HeadMatchesGet) {
  auto m = router.Match("HEAD", "/api/v1/households");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST_F(RouterTest, DispatchFillsParamsAndAuthorizes) {
  Request req;
  req.method = "GET";
  req.path = "/api/v1/households/9";
  const Route* matched = nullptr;
  EXPECT_EQ(router.Dispatch(req, &matched).body, "GET 9");
  ASSERT_NE(matched, nullptr);
  router.set_authorizer([](const Route& route, Request&) -> Status {
    if (route.method == "GET") return Error{ErrorCode::kPermissionDenied, "no", {}, {}};
    return Ok();
  });
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("permission_denied"), std::string::npos);
}

TEST_F(RouterTest, HandlerExceptionBecomes500) {
  router.Add({.method = "GET", .pattern = "/boom", .permission = "x:y", .handler = [](Request&) -> Response {
                throw std::runtime_error("kaputt");
              }});
  Request req;
  req.method = "GET";
  req.path = "/boom";
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("\"code\":\"internal\""), std::string::npos);
  EXPECT_EQ(r.body.find("kaputt"), std::string::npos);  // internals are not leaked
}

TEST(RouterDeathTest, RejectsBadRoutes) {
  Router router;
  auto h = [](Request&) { return Response{}; };
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "/x", .permission = "", .handler = h}), "permission");
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "/x", .permission = "noaction", .handler = h}), "permission");
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "x", .permission = "a:b", .handler = h}), "pattern");
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "/x", .permission = "a:b"}), "handler");
  router.Add({.method = "GET", .pattern = "/x", .permission = "a:b", .handler = h});
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "/x", .permission = "a:b", .handler = h}), "duplicate");
}

TEST(RequestTest, QueryHelpers) {
  Request req;
  req.query = {{"limit", "20"}, {"offset", "x"}, {"flag", "true"}};
  EXPECT_EQ(req.Query("limit"), "20");
  EXPECT_FALSE(req.Query("nope"));
  auto bad = req.QueryPage();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "offset");
  req.query = {{"limit", "501"}};
  ASSERT_FALSE(req.QueryPage().ok());
  EXPECT_EQ(req.QueryPage().error().field, "limit");
  req.query = {{"limit", "0"}};
  ASSERT_FALSE(req.QueryPage().ok());
  req.query = {};
  auto page = req.QueryPage();
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->offset, 0);
  EXPECT_EQ(page->limit, 50);
  req.query = {{"community_id", "12a"}};
  auto i = req.QueryInt("community_id");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.error().field, "community_id");
  EXPECT_EQ(i.error().details.at(0).reason, "integer");
  req.query = {{"cascade", "yes"}};
  EXPECT_FALSE(req.QueryBool("cascade").ok());
  req.query = {{"cascade", "true"}};
  EXPECT_EQ(req.QueryBool("cascade").value(), true);
  req.path_params = {{"id", "-3"}};
  EXPECT_FALSE(req.PathId().ok());
  req.path_params = {{"id", "17"}};
  EXPECT_EQ(req.PathId().value(), 17);
  req.headers = {{"Content-Type", "text/csv"}};
  EXPECT_EQ(req.Header("content-type"), "text/csv");
}

}  // namespace
}  // namespace linli::http
