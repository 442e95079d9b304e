#include "domain/demo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "domain/grid_plan.h"
#include "domain/registry_import.h"
#include "domain/validation.h"

namespace linli {
namespace {

TEST(Demo, DefaultCommunityLooksLikeTheSource) {
  DemoCommunity d = GenerateDemo({});
  EXPECT_EQ(d.community.name, "四员厅社区");
  EXPECT_EQ(d.community.street_name, "中仓街道");
  EXPECT_EQ(d.community.district, "通州区");
  EXPECT_EQ(d.community.code.size(), 12u);
  EXPECT_TRUE(d.community.code.starts_with("110112"));
  EXPECT_EQ(d.compounds.size(), 13u);
  EXPECT_EQ(d.grid_count, 16);
  EXPECT_EQ(d.grid_workers.size(), 16u);

  std::set<std::string> households, ids;
  std::map<std::string, int> tags;
  for (const auto& r : d.rows) {
    households.insert(r.compound + "|" + r.building + "|" + r.unit + "|" + r.door);
    EXPECT_TRUE(ids.insert(r.id_number).second) << r.id_number;
    auto info = ParseIdNumber(r.id_number, "2024-06-30");
    ASSERT_TRUE(info.ok()) << r.id_number << " " << info.error().message;
    EXPECT_EQ(info->birth_date, r.birth_date);
    EXPECT_EQ(info->sex, r.sex);
    if (!r.phone.empty()) {
      EXPECT_TRUE(NormalizePhone(r.phone).ok()) << r.phone;
    }
    EXPECT_GT(r.area_m2, 0);
    for (const auto& t : r.tags) ++tags[t.code];
  }
  EXPECT_EQ(households.size(), 2400u);
  double residents = static_cast<double>(d.rows.size());
  EXPECT_NEAR(residents, 5500, 300);
  EXPECT_NEAR(tags["party_member"], 800, 120);
  EXPECT_NEAR(tags["elderly_alone"] / residents, 0.03, 0.012);
  EXPECT_NEAR(tags["low_income"] / residents, 0.015, 0.012);
  EXPECT_NEAR(tags["disabled"] / residents, 0.02, 0.008);
  EXPECT_GT(tags["volunteer"], 50);
}

TEST(Demo, Deterministic) {
  DemoCommunity a = GenerateDemo({42, 500});
  DemoCommunity b = GenerateDemo({42, 500});
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].name, b.rows[i].name);
    EXPECT_EQ(a.rows[i].id_number, b.rows[i].id_number);
  }
  DemoCommunity c = GenerateDemo({43, 500});
  EXPECT_NE(a.rows[0].id_number + a.rows[1].name, c.rows[0].id_number + c.rows[1].name);
}

TEST(Demo, RowsPassTheImportCheck) {
  DemoCommunity d = GenerateDemo({7, 300});
  std::vector<std::vector<std::string>> table = {{"小区", "楼号", "单元", "门牌号", "面积", "姓名", "身份证号", "性别",
                                                  "出生日期", "联系电话", "与户主关系", "是否产权人", "户联系电话"}};
  for (const auto& r : d.rows)
    table.push_back({r.compound, r.building, r.unit, r.door, std::to_string(r.area_m2), r.name, r.id_number,
                     r.sex == Sex::kMale ? "男" : "女", r.birth_date, r.phone, r.relation, r.is_owner ? "是" : "否",
                     r.household_phone});
  auto check = CheckRegistryRows(table, SuggestMapping(table[0]), "2024-06-30");
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->errors.empty()) << check->errors[0].message;
  EXPECT_EQ(check->valid.size(), d.rows.size());
}

TEST(Demo, GridsNumberFromTheNorthWest) {
  DemoCommunity d = GenerateDemo({});
  std::map<std::pair<std::string, std::string>, std::int64_t> per_building;
  std::set<std::string> seen;
  for (const auto& r : d.rows)
    if (seen.insert(r.compound + "|" + r.building + "|" + r.unit + "|" + r.door).second) ++per_building[{r.compound, r.building}];
  std::vector<PlanBuilding> bs;
  Id id = 1;
  std::map<std::string, Id> compound_ids;
  for (const auto& b : d.buildings) {
    PlanBuilding p;
    p.id = id++;
    p.compound_id = compound_ids.try_emplace(b.compound, static_cast<Id>(compound_ids.size() + 1)).first->second;
    p.compound_name = b.compound;
    p.name = b.name;
    p.x = b.x;
    p.y = b.y;
    p.households = per_building[{b.compound, b.name}];
    bs.push_back(p);
  }
  auto plan = PlanGrids({d.community.code, std::nullopt, std::nullopt}, bs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(static_cast<int>(plan->grids.size()), d.grid_count);
  EXPECT_LT(plan->imbalance, 1.35);  // whole buildings of up to 108 households
  // The first grid lies in the north-western compound (the demo's first, buildings 1..4 or so).
  const auto& first = plan->grids[0].building_ids;
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(bs[first.front() - 1].compound_name, d.compounds[0].name);
}

TEST(Demo, ScalesLinearly) {
  DemoCommunity d = GenerateDemo({1, 24000});
  EXPECT_EQ(d.compounds.size(), 130u);
  EXPECT_EQ(d.grid_count, 160);
  std::set<std::string> households;
  for (const auto& r : d.rows) households.insert(r.compound + "|" + r.building + "|" + r.unit + "|" + r.door);
  EXPECT_EQ(households.size(), 24000u);
}

}  // namespace
}  // namespace linli
