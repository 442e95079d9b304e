#include "domain/grid_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace linli {
namespace {

PlanBuilding B(Id id, Id compound, std::string compound_name, std::string name, std::int64_t households,
               std::optional<double> x = {}, std::optional<double> y = {}) {
  PlanBuilding b;
  b.id = id;
  b.compound_id = compound;
  b.compound_name = std::move(compound_name);
  b.name = std::move(name);
  b.households = households;
  b.x = x;
  b.y = y;
  return b;
}

std::set<Id> Ids(const PlannedGrid& g) { return {g.building_ids.begin(), g.building_ids.end()}; }

TEST(GridPlan, FourEqualCompoundsIntoTwoGrids) {
  std::vector<PlanBuilding> bs;
  Id id = 1;
  for (Id c = 1; c <= 4; ++c)
    for (int b = 1; b <= 3; ++b) bs.push_back(B(id++, c, "小区" + std::to_string(c), std::to_string(b) + "号楼", 50));
  GridPlanRequest req{"110112002014", std::nullopt, 2};
  auto plan = PlanGrids(req, bs);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->grids.size(), 2u);
  EXPECT_EQ(plan->grids[0].households, 300);
  EXPECT_EQ(plan->grids[1].households, 300);
  EXPECT_DOUBLE_EQ(plan->imbalance, 1.0);
  EXPECT_DOUBLE_EQ(plan->mean, 300);
  EXPECT_EQ(plan->max, 300);
  EXPECT_EQ(plan->min, 300);
  // Whole compounds: compound 1+2 and 3+4 in address order.
  EXPECT_EQ(Ids(plan->grids[0]), (std::set<Id>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(plan->grids[0].code, "110112002014001");
  EXPECT_EQ(plan->grids[1].code, "110112002014002");
  EXPECT_EQ(plan->grids[0].name, "第1网格");
}

TEST(GridPlan, FromHouseholdsPerWorker) {
  std::vector<PlanBuilding> bs;
  for (Id i = 1; i <= 16; ++i) bs.push_back(B(i, i, "小区" + std::to_string(i), "1号楼", 150));
  auto plan = PlanGrids({"110112002014", std::nullopt, std::nullopt}, bs);  // default 150
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->grids.size(), 16u);
  EXPECT_DOUBLE_EQ(plan->imbalance, 1.0);
  auto plan2 = PlanGrids({"110112002014", 300, std::nullopt}, bs);
  ASSERT_TRUE(plan2.ok());
  EXPECT_EQ(plan2->grids.size(), 8u);
  // Tiny community: at least one grid.
  auto one = PlanGrids({"110112002014", 150, std::nullopt}, {B(1, 1, "A", "1号楼", 10)});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->grids.size(), 1u);
}

TEST(GridPlan, KeepsCompoundsWholeWhenCheap) {
  // Compounds of 100, 110, 90, 100 households (buildings of 10/11/9/10 x 10): two grids.
  // 210/190 keeps every compound whole and is within 110 % of the mean (200).
  std::vector<PlanBuilding> bs;
  Id id = 1;
  int sizes[] = {10, 11, 9, 10};
  for (Id c = 1; c <= 4; ++c)
    for (int b = 1; b <= 10; ++b) bs.push_back(B(id++, c, "小区" + std::to_string(c), std::to_string(b) + "号楼", sizes[c - 1]));
  auto plan = PlanGrids({"110112002014", std::nullopt, 2}, bs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->grids[0].households, 210);
  EXPECT_EQ(plan->grids[1].households, 190);
  std::set<Id> first = Ids(plan->grids[0]);
  for (Id i = 1; i <= 20; ++i) EXPECT_TRUE(first.contains(i)) << i;
}

TEST(GridPlan, SplitsACompoundLargerThanAGrid) {
  // One compound of 6 x 50 = 300 households and one of 100: two grids of 200.
  std::vector<PlanBuilding> bs;
  for (Id i = 1; i <= 6; ++i) bs.push_back(B(i, 1, "大院", std::to_string(i) + "号楼", 50));
  bs.push_back(B(7, 2, "小院", "1号楼", 60));
  bs.push_back(B(8, 2, "小院", "2号楼", 40));
  auto plan = PlanGrids({"110112002014", std::nullopt, 2}, bs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->grids[0].households, 200);
  EXPECT_EQ(plan->grids[1].households, 200);
  EXPECT_DOUBLE_EQ(plan->imbalance, 1.0);
  // The small compound stays whole; the big one is split along building order.
  EXPECT_EQ(Ids(plan->grids[0]), (std::set<Id>{1, 2, 3, 4}));
  EXPECT_EQ(Ids(plan->grids[1]), (std::set<Id>{5, 6, 7, 8}));
}

TEST(GridPlan, AddressOrderIsNatural) {
  std::vector<PlanBuilding> bs = {B(1, 1, "A院", "10号楼", 100), B(2, 1, "A院", "2号楼", 100),
                                  B(3, 1, "A院", "1号楼", 100), B(4, 1, "A院", "3号楼", 100)};
  auto plan = PlanGrids({"110112002014", std::nullopt, 2}, bs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->grids[0].building_ids, (std::vector<Id>{3, 2}));
  EXPECT_EQ(plan->grids[1].building_ids, (std::vector<Id>{4, 1}));
}

TEST(GridPlan, NumbersByCoordinatesNorthThenWest) {
  // Four compounds on a 2 x 2 map; input order scrambled. North row: NW, NE; south row: SW, SE.
  std::vector<PlanBuilding> bs = {
      B(1, 1, "东南院", "1号楼", 150, 1000, 0),   B(2, 2, "西北院", "1号楼", 150, 0, 1000),
      B(3, 3, "东北院", "1号楼", 150, 1000, 1000), B(4, 4, "西南院", "1号楼", 150, 0, 0)};
  auto plan = PlanGrids({"110112002014", std::nullopt, 4}, bs);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->grids.size(), 4u);
  EXPECT_EQ(plan->grids[0].building_ids, std::vector<Id>{2});  // 西北
  EXPECT_EQ(plan->grids[1].building_ids, std::vector<Id>{3});  // 东北
  EXPECT_EQ(plan->grids[2].building_ids, std::vector<Id>{4});  // 西南
  EXPECT_EQ(plan->grids[3].building_ids, std::vector<Id>{1});  // 东南
  EXPECT_EQ(plan->grids[3].code, "110112002014004");
}

TEST(GridPlan, MissingCoordinatesFallBackToAddressOrder) {
  std::vector<PlanBuilding> bs = {B(1, 1, "B院", "1号楼", 150, 0, 0), B(2, 2, "A院", "1号楼", 150)};
  auto plan = PlanGrids({"110112002014", std::nullopt, 2}, bs);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->grids[0].building_ids, std::vector<Id>{2});
}

TEST(GridPlan, Errors) {
  std::vector<PlanBuilding> bs = {B(1, 1, "A", "1号楼", 10), B(2, 1, "A", "2号楼", 10)};
  auto both = PlanGrids({"110112002014", 150, 2}, bs);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().details[0].reason, "out_of_range");
  EXPECT_EQ(PlanGrids({"110112002014", 0, std::nullopt}, bs).error().field, "households_per_worker");
  EXPECT_EQ(PlanGrids({"110112002014", std::nullopt, 0}, bs).error().field, "grid_count");
  EXPECT_EQ(PlanGrids({"110112002014", std::nullopt, 3}, bs).error().field, "grid_count");
  auto empty = PlanGrids({"110112002014", std::nullopt, std::nullopt}, {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "community_id");
  EXPECT_EQ(empty.error().details[0].reason, "empty");
}

TEST(GridPlan, EveryBuildingExactlyOnceOnALargeInput) {
  // 3,000 buildings in 400 compounds: exercises the linear heuristic too.
  std::vector<PlanBuilding> bs;
  Id id = 1;
  std::uint64_t s = 7;
  for (Id c = 1; c <= 400; ++c) {
    int n = 3 + static_cast<int>(c % 13);
    for (int b = 1; b <= n; ++b) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      bs.push_back(B(id++, c, "小区" + std::to_string(c), std::to_string(b) + "号楼", 20 + static_cast<int>((s >> 33) % 80),
                     static_cast<double>(c % 20) * 100 + b, -static_cast<double>(c / 20) * 100));
    }
  }
  std::int64_t total = 0;
  for (auto& b : bs) total += b.households;
  auto plan = PlanGrids({"110112002014", std::nullopt, std::nullopt}, bs);
  ASSERT_TRUE(plan.ok());
  std::set<Id> seen;
  std::int64_t sum = 0;
  for (auto& g : plan->grids) {
    EXPECT_FALSE(g.building_ids.empty());
    for (auto b : g.building_ids) EXPECT_TRUE(seen.insert(b).second);
    sum += g.households;
  }
  EXPECT_EQ(seen.size(), bs.size());
  EXPECT_EQ(sum, total);
  EXPECT_EQ(static_cast<std::int64_t>(plan->grids.size()), std::llround(total / 150.0));
  EXPECT_LT(plan->imbalance, 1.35);
}

TEST(GridPlan, ImbalanceHelper) {
  EXPECT_DOUBLE_EQ(Imbalance({}), 0);
  EXPECT_DOUBLE_EQ(Imbalance({100, 100}), 1.0);
  EXPECT_DOUBLE_EQ(Imbalance({150, 50}), 1.5);
  EXPECT_DOUBLE_EQ(Imbalance({0, 0}), 1.0);
}

}  // namespace
}  // namespace linli
