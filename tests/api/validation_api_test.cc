// Bad input through the real server, as a table: every case names the status and the field (and
// reason) the console shows the problem next to.
#include "access/permissions.h"
#include "http/openapi.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

struct Case {
  std::string name;
  std::string method;
  std::string path;    // "{household}" "{unit}" "{community}" are replaced by seeded ids
  std::string body;    // sent as is (may be malformed on purpose)
  int status;
  std::string field;   // expected error.field ("-" = do not check)
  std::string reason;  // expected in error.details for `field` ("" = do not check)
};

std::string Fill(std::string s, const ApiTest::Seed& seed) {
  auto replace = [&s](std::string_view key, std::int64_t v) {
    for (auto pos = s.find(key); pos != std::string::npos; pos = s.find(key)) s.replace(pos, key.size(), std::to_string(v));
  };
  replace("{household}", seed.household301);
  replace("{unit}", seed.unit21);
  replace("{community}", seed.community);
  replace("{resident}", seed.liu_yan);
  return s;
}

using ValidationApiTest = ApiTest;

TEST_F(ValidationApiTest, TableOfBadRequests) {
  Seed seed = MakeSeed();
  std::string good_id = MakeIdNumber("19800101", "123");
  std::string bad_check = good_id.substr(0, 17) + (good_id[17] == '0' ? "1" : "0");
  const std::vector<Case> cases = {
      {"id number check digit", "POST", "/api/v1/residents",
       R"({"household_id":{household},"name":"李四","id_number":")" + bad_check + R"("})", 400, "id_number",
       "id_number_checksum"},
      {"bad phone", "POST", "/api/v1/residents", R"({"household_id":{household},"name":"李四","phone":"12345"})", 400,
       "phone", "phone_format"},
      {"resident name required", "POST", "/api/v1/residents", R"({"household_id":{household}})", 400, "name",
       "required"},
      {"resident parent required", "POST", "/api/v1/residents", R"({"name":"李四"})", 400, "household_id", "required"},
      {"sex enum", "POST", "/api/v1/residents", R"({"household_id":{household},"name":"李四","sex":"m"})", 400, "sex",
       "enum"},
      {"unknown tag", "POST", "/api/v1/residents",
       R"({"household_id":{household},"name":"李四","tags":[{"code":"vip"}]})", 400, "-", ""},
      {"area zero", "POST", "/api/v1/households", R"({"unit_id":{unit},"door":"501","area_m2":0})", 400, "area_m2",
       "area_positive"},
      {"area negative", "PATCH", "/api/v1/households/{household}", R"({"area_m2":-3})", 400, "area_m2",
       "area_positive"},
      {"unknown field", "POST", "/api/v1/households", R"({"unit_id":{unit},"door":"501","area_m2":50,"colour":"red"})",
       400, "colour", "unknown_field"},
      {"wrong type", "PATCH", "/api/v1/residents/{resident}", R"({"name":5})", 400, "name", "type"},
      {"wrong id type", "POST", "/api/v1/units", R"({"building_id":"abc","name":"2单元"})", 400, "building_id", "type"},
      {"missing parent", "POST", "/api/v1/units", R"({"building_id":999999,"name":"2单元"})", 400, "building_id",
       "not_found"},
      {"malformed json", "POST", "/api/v1/compounds", R"({"community_id":{community},"name":)", 400, "", "json_syntax"},
      {"not an object", "POST", "/api/v1/compounds", R"([1,2])", 400, "", "json_object"},
      {"invalid utf-8", "POST", "/api/v1/compounds", "{\"community_id\":{community},\"name\":\"\xff\xfe\"}", 400, "",
       "utf8"},
      {"community code", "POST", "/api/v1/communities", R"({"code":"12345","name":"X"})", 400, "code", "code_format"},
      {"grid code", "POST", "/api/v1/grids", R"({"community_id":{community},"code":"1","name":"第1网格"})", 400, "code",
       "code_format"},
      {"list needs parent", "GET", "/api/v1/compounds", "", 400, "community_id", "required"},
      {"limit range", "GET", "/api/v1/households?limit=0", "", 400, "limit", "out_of_range"},
      {"bad id filter", "GET", "/api/v1/households?unit_id=abc", "", 400, "unit_id", "id"},
      {"bad path id", "GET", "/api/v1/households/abc", "", 400, "id", "id"},
      {"missing object", "GET", "/api/v1/residents/999999", "", 404, "-", ""},
      {"unknown route", "GET", "/api/v1/nothing-here", "", 404, "-", ""},
      {"wrong method", "PUT", "/api/v1/households/{household}", "{}", 405, "-", ""},
      {"no delete of communities", "DELETE", "/api/v1/communities/{community}", "", 405, "-", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Reply r = SendAs(as_, c.method, Fill(c.path, seed), Fill(c.body, seed));
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_FALSE(r.ErrorCode().empty()) << r.body;
    if (c.field != "-") {
      EXPECT_EQ(r.ErrorField(), c.field) << r.body;
    }
    if (!c.reason.empty()) {
      EXPECT_TRUE(r.HasDetail(c.field, c.reason)) << r.body;
    }
  }
  // nothing of the refused writes was stored
  EXPECT_EQ(Get("/api/v1/residents?community_id=" + std::to_string(seed.community)).Json().at("total").as_int64(), 3);
  EXPECT_EQ(Get("/api/v1/households/" + std::to_string(seed.household301)).Json().at("area_m2").as_double(), 86.5);
}

TEST_F(ValidationApiTest, AllFieldProblemsAtOnce) {
  Seed seed = MakeSeed();
  std::string good_id = MakeIdNumber("19800101", "123");
  std::string bad_check = good_id.substr(0, 17) + (good_id[17] == '0' ? "1" : "0");
  Reply r = Post("/api/v1/residents",
                 {{"household_id", seed.household301}, {"name", "李四"}, {"id_number", bad_check}, {"phone", "999"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(r.HasDetail("id_number", "id_number_checksum")) << r.body;
  EXPECT_TRUE(r.HasDetail("phone", "phone_format")) << r.body;
  EXPECT_EQ(r.ErrorCode(), "invalid_argument");
}

TEST_F(ValidationApiTest, DuplicateIdNumberIsAConflict) {
  Seed seed = MakeSeed();
  std::string id = MakeIdNumber("19650312", "124");  // 刘艳's
  Reply r = Post("/api/v1/residents", {{"household_id", seed.household101}, {"name", "刘艳"}, {"id_number", id}});
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST_F(ValidationApiTest, BodyOverTheJsonLimitIs413) {
  std::string big = R"({"name":")" + std::string(2 << 20, 'a') + R"("})";
  Reply r = Send(port_, "POST", "/api/v1/communities", big);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(Get("/api/v1/communities").Json().at("total").as_int64(), 0);
}

TEST(ApiRouteTable, EveryDocumentedEndpointHasAPermissionAndOpenApi) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok());
  http::Router router;
  api::RegisterApiRoutes(router, **store, {});
  json::value doc = http::BuildOpenApi(router, "test");
  const json::object& paths = doc.at("paths").as_object();
  for (std::string_view p :
       {"/api/v1/meta", "/api/v1/communities", "/api/v1/communities/{id}", "/api/v1/compounds", "/api/v1/compounds/{id}",
        "/api/v1/buildings", "/api/v1/buildings/{id}", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/households",
        "/api/v1/households/{id}", "/api/v1/households/export", "/api/v1/residents", "/api/v1/residents/{id}",
        "/api/v1/residents/export", "/api/v1/grids", "/api/v1/grids/{id}", "/api/v1/grids/{id}/buildings",
        "/api/v1/grids/export", "/api/v1/grid-plans", "/api/v1/grid-plans/apply", "/api/v1/imports",
        "/api/v1/imports/{id}/check", "/api/v1/imports/{id}/commit"})
    EXPECT_TRUE(paths.contains(p)) << p;
  for (const auto& route : router.routes()) {
    EXPECT_TRUE(IsKnownPermission(route.permission)) << route.pattern << " " << route.permission;
    EXPECT_FALSE(route.summary.empty()) << route.pattern;
    for (const std::string& schema : {route.request_schema, route.response_schema})
      if (!schema.empty()) {
        EXPECT_TRUE(router.schemas().count(schema)) << route.pattern << " " << schema;
      }
  }
}

}  // namespace
}  // namespace linli::testing
