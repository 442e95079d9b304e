// Grids, building moves between grids, grid plans and their application.
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

using GridsApiTest = ApiTest;

std::string Str(std::int64_t v) { return std::to_string(v); }

TEST_F(GridsApiTest, CrudAndMoveBuildingBetweenGrids) {
  Seed s = MakeSeed();
  std::int64_t g1 = Create("/api/v1/grids", {{"community_id", s.community}, {"code", "110112004001001"},
                                             {"name", "第1网格"}, {"worker_name", "赵敏"}, {"worker_phone", "13900001111"}});
  std::int64_t g2 = Create("/api/v1/grids", {{"community_id", s.community}, {"code", "110112004001002"}, {"name", "第2网格"}});
  EXPECT_EQ(Post("/api/v1/grids", {{"community_id", s.community}, {"code", "110112004001001"}, {"name", "重复"}}).status,
            409);

  Reply in1 = Post("/api/v1/grids/" + Str(g1) + "/buildings", {{"building_ids", json::array{s.building2, s.building3}}});
  ASSERT_EQ(in1.status, 200) << in1.body;
  EXPECT_EQ(in1.Json().at("buildings_count").as_int64(), 2);
  EXPECT_EQ(in1.Json().at("households_count").as_int64(), 3);
  EXPECT_EQ(in1.Json().at("vulnerable_count").as_int64(), 1);  // 刘艳 low_income
  Reply detail = Get("/api/v1/households/" + Str(s.household301));
  EXPECT_EQ(detail.Json().at("grid").at("worker_name").as_string(), "赵敏");
  EXPECT_EQ(Get("/api/v1/households?grid_id=" + Str(g1)).Json().at("total").as_int64(), 3);

  // move 3号楼 to grid 2
  Reply in2 = Post("/api/v1/grids/" + Str(g2) + "/buildings", {{"building_ids", json::array{s.building3}}});
  ASSERT_EQ(in2.status, 200) << in2.body;
  EXPECT_EQ(Get("/api/v1/grids/" + Str(g1)).Json().at("buildings_count").as_int64(), 1);
  EXPECT_EQ(Get("/api/v1/buildings/" + Str(s.building3)).Json().at("grid_id").as_int64(), g2);
  EXPECT_EQ(Get("/api/v1/buildings/" + Str(s.building3)).Json().at("grid_code").as_string(), "110112004001002");

  Reply list = Get("/api/v1/grids?community_id=" + Str(s.community));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("total").as_int64(), 2);
  EXPECT_EQ(Patch("/api/v1/grids/" + Str(g2), {{"worker_name", "孙丽"}}).Json().at("worker_name").as_string(), "孙丽");

  EXPECT_EQ(Delete("/api/v1/grids/" + Str(g2)).status, 204);
  EXPECT_TRUE(Get("/api/v1/buildings/" + Str(s.building3)).Json().at("grid_id").is_null());
  EXPECT_EQ(Get("/api/v1/grids?community_id=" + Str(s.community)).Json().at("total").as_int64(), 1);
}

TEST_F(GridsApiTest, PlanThenApply) {
  Seed s = MakeSeed();
  Reply plan = Post("/api/v1/grid-plans", {{"community_id", s.community}, {"grid_count", 2}});
  ASSERT_EQ(plan.status, 200) << plan.body;
  json::value p = plan.Json();
  ASSERT_EQ(p.at("grids").as_array().size(), 2u);
  std::int64_t households = 0;
  json::array apply_grids;
  std::size_t buildings = 0;
  for (const auto& g : p.at("grids").as_array()) {
    households += g.at("households").as_int64();
    buildings += g.at("buildings").as_array().size();
    EXPECT_EQ(std::string(g.at("code").as_string()).substr(0, 12), "110112004001");
    apply_grids.push_back(json::object{{"code", g.at("code")},
                                       {"name", g.at("name")},
                                       {"worker_name", "网格员"},
                                       {"worker_phone", "13900002222"},
                                       {"building_ids", g.at("building_ids")}});
  }
  EXPECT_EQ(households, 3);
  EXPECT_EQ(buildings, 2u);
  EXPECT_GE(p.at("imbalance").as_double(), 1.0);
  // nothing stored by planning
  EXPECT_EQ(Get("/api/v1/grids?community_id=" + Str(s.community)).Json().at("total").as_int64(), 0);

  Reply applied = Post("/api/v1/grid-plans/apply", {{"community_id", s.community}, {"grids", apply_grids}});
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.Json().at("items").as_array().size(), 2u);
  EXPECT_FALSE(Get("/api/v1/buildings/" + Str(s.building2)).Json().at("grid_id").is_null());
  EXPECT_FALSE(Get("/api/v1/buildings/" + Str(s.building3)).Json().at("grid_id").is_null());
}

TEST_F(GridsApiTest, ApplyRefusesMissingOrDuplicatedBuildingsAndWritesNothing) {
  Seed s = MakeSeed();
  auto grid = [](std::string code, json::array ids) {
    return json::object{{"code", code}, {"name", "第1网格"}, {"building_ids", std::move(ids)}};
  };
  Reply missing = Post("/api/v1/grid-plans/apply",
                       {{"community_id", s.community}, {"grids", json::array{grid("110112004001001", {s.building2})}}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(missing.HasDetail("grids", "building_missing")) << missing.body;

  Reply twice = Post("/api/v1/grid-plans/apply",
                     {{"community_id", s.community},
                      {"grids", json::array{grid("110112004001001", {s.building2, s.building3}),
                                            grid("110112004001002", {s.building3})}}});
  EXPECT_EQ(twice.status, 400) << twice.body;
  EXPECT_TRUE(twice.HasDetail("grids[1].building_ids", "duplicate")) << twice.body;

  Reply prefix = Post("/api/v1/grid-plans/apply",
                      {{"community_id", s.community},
                       {"grids", json::array{grid("999999999999001", {s.building2, s.building3})}}});
  EXPECT_EQ(prefix.status, 400) << prefix.body;
  EXPECT_TRUE(prefix.HasDetail("grids[0].code", "code_prefix")) << prefix.body;

  Reply unknown_field = Post("/api/v1/grid-plans/apply",
                             {{"community_id", s.community},
                              {"grids", json::array{json::object{{"code", "110112004001001"}, {"name", "第1网格"},
                                                                 {"building_ids", json::array{s.building2}},
                                                                 {"colour", "red"}}}}});
  EXPECT_EQ(unknown_field.status, 400);
  EXPECT_EQ(unknown_field.ErrorField(), "grids[0].colour") << unknown_field.body;

  EXPECT_EQ(Get("/api/v1/grids?community_id=" + Str(s.community)).Json().at("total").as_int64(), 0);
  EXPECT_TRUE(Get("/api/v1/buildings/" + Str(s.building2)).Json().at("grid_id").is_null());
}

TEST_F(GridsApiTest, PlanValidatesItsInput) {
  Seed s = MakeSeed();
  Reply no_community = Post("/api/v1/grid-plans", {{"grid_count", 2}});
  EXPECT_EQ(no_community.status, 400);
  EXPECT_EQ(no_community.ErrorField(), "community_id");
  Reply unknown = Post("/api/v1/grid-plans", {{"community_id", 999999}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorField(), "community_id");
  Reply both = Post("/api/v1/grid-plans", {{"community_id", s.community}, {"grid_count", 2}, {"households_per_worker", 100}});
  EXPECT_EQ(both.status, 400) << both.body;
}

}  // namespace
}  // namespace linli::testing
