// Scoped totals (issue 3 item 4: "counts, charts"): community and compound summaries count only
// what the caller's scope reaches unless the scope covers the whole community, on every back end.
#include "store_contract.h"

namespace linli {
namespace {

class ScopeTotalsContract : public store_test::StoreContract {};

TEST_P(ScopeTotalsContract, AGridScopeCountsOnlyItsGrid) {
  auto f = Seed();
  // Grid 1 holds 2号楼 of 水月院 (301 with 2 residents, 302 empty); 清风苑 lies in grid 2.
  auto g1 = Must(store_->CreateGrid({0, f.community.id, "110112001001001", "第1网格", "张三", ""}));
  auto g2 = Must(store_->CreateGrid({0, f.community.id, "110112001001002", "第2网格", "李四", ""}));
  ASSERT_TRUE(store_->AssignBuildingsToGrid({f.b2.id}, g1.id, Scope::All()).ok());
  ASSERT_TRUE(store_->AssignBuildingsToGrid({f.b1.id}, g2.id, Scope::All()).ok());
  // More outside grid 1: a new compound with a building in no grid.
  auto far = Must(store_->CreateCompound({0, f.community.id, "远方院", "", ""}));
  auto fb = Must(store_->CreateBuilding({0, far.id, "9号楼", 6, std::nullopt, std::nullopt, std::nullopt}));
  auto fu = Must(store_->CreateUnit({0, fb.id, "1单元"}));
  auto fh = Must(store_->CreateHousehold({0, fu.id, "101", 50, "", false, ""}));
  Must(store_->CreateResident(MakeResident(fh.id, "远方人", "", "户主", {})));

  Scope grid;
  grid.unrestricted = false;
  grid.grid_ids = {g1.id};
  auto c = Must(store_->GetCommunity(f.community.id, grid));
  EXPECT_EQ(c.compounds, 1);
  EXPECT_EQ(c.buildings, 1);
  EXPECT_EQ(c.units, 1);
  EXPECT_EQ(c.households, 2);
  EXPECT_EQ(c.residents, 2);
  EXPECT_EQ(c.grids, 1);
  auto list = Must(store_->ListCommunities(grid, {0, 10}));
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_EQ(list.items[0].households, 2);
  EXPECT_EQ(list.items[0].residents, 2);

  auto compounds = Must(store_->ListCompounds(f.community.id, grid, {0, 10}));
  ASSERT_EQ(compounds.total, 1);
  EXPECT_EQ(compounds.items[0].compound.name, "水月院");
  EXPECT_EQ(compounds.items[0].buildings, 1);
  EXPECT_EQ(compounds.items[0].households, 2);
  EXPECT_EQ(compounds.items[0].residents, 2);
  EXPECT_EQ(Must(store_->GetCompound(f.shuiyue.id, grid)).households, 2);

  // The totals agree with what the lists show the same scope.
  HouseholdFilter hf;
  hf.scope = grid;
  hf.community_id = f.community.id;
  EXPECT_EQ(Must(store_->ListHouseholds(hf, {0, 1})).total, c.households);
  ResidentFilter rf;
  rf.scope = grid;
  rf.community_id = f.community.id;
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 1})).total, c.residents);

  // Two grids: both counted.
  grid.grid_ids = {g1.id, g2.id};
  auto both = Must(store_->GetCommunity(f.community.id, grid));
  EXPECT_EQ(both.households, 3);
  EXPECT_EQ(both.residents, 3);
  EXPECT_EQ(both.compounds, 2);
  EXPECT_EQ(both.grids, 2);

  // A community-wide scope (and an unrestricted one) sees the whole community's counters.
  Scope community;
  community.unrestricted = false;
  community.community_ids = {f.community.id};
  auto whole = Must(store_->GetCommunity(f.community.id, community));
  EXPECT_EQ(whole.households, 4);
  EXPECT_EQ(whole.residents, 4);
  EXPECT_EQ(whole.compounds, 3);
  EXPECT_EQ(Must(store_->GetCommunity(f.community.id, Scope::All())).households, 4);
  EXPECT_EQ(Must(store_->GetCompound(f.shuiyue.id, community)).households, 2);
}

TEST_P(ScopeTotalsContract, AHouseholdScopeCountsOnlyItsHousehold) {
  auto f = Seed();
  Scope one;
  one.unrestricted = false;
  one.household_ids = {f.h301.id};
  auto c = Must(store_->GetCommunity(f.community.id, one));
  EXPECT_EQ(c.compounds, 1);
  EXPECT_EQ(c.buildings, 1);
  EXPECT_EQ(c.units, 1);
  EXPECT_EQ(c.households, 1);
  EXPECT_EQ(c.residents, 2);
  EXPECT_EQ(c.grids, 0);
  auto k = Must(store_->GetCompound(f.shuiyue.id, one));
  EXPECT_EQ(k.households, 1);  // 302 next door is not counted
  EXPECT_EQ(k.residents, 2);
  EXPECT_EQ(store_->GetCompound(f.qingfeng.id, one).error().code, ErrorCode::kNotFound);
  // Its building and unit hold 302 too: only 301 is counted.
  auto b = Must(store_->GetBuilding(f.b2.id, one));
  EXPECT_EQ(b.units, 1);
  EXPECT_EQ(b.households, 1);
  EXPECT_EQ(b.residents, 2);
  auto bs = Must(store_->ListBuildings(f.shuiyue.id, one, {0, 10}));
  ASSERT_EQ(bs.items.size(), 1u);
  EXPECT_EQ(bs.items[0].households, 1);
  auto u = Must(store_->GetUnit(f.u21.id, one));
  EXPECT_EQ(u.households, 1);
  EXPECT_EQ(u.residents, 2);
  auto us = Must(store_->ListUnits(f.b2.id, one, {0, 10}));
  ASSERT_EQ(us.items.size(), 1u);
  EXPECT_EQ(us.items[0].households, 1);
  // Unrestricted: the whole building.
  EXPECT_EQ(Must(store_->GetBuilding(f.b2.id, Scope::All())).households, 2);
  EXPECT_EQ(Must(store_->GetUnit(f.u21.id, Scope::All())).households, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeTotalsContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
