// One contract suite for every Store back end: SQLite (a temporary file) always, PostgreSQL when
// LINLI_TEST_PG_URL is set (each test in its own schema, dropped afterwards).
#include <set>

#include "store_contract.h"

namespace linli {
namespace {

using store_test::StoreContract;

TEST_P(StoreContract, CommunitiesCrudCountsAndConflicts) {
  auto f = Seed();
  auto s = Must(store_->GetCommunity(f.community.id, Scope::All()));
  EXPECT_EQ(s.community.name, "四员厅社区");
  EXPECT_EQ(s.compounds, 2);
  EXPECT_EQ(s.buildings, 2);
  EXPECT_EQ(s.units, 2);
  EXPECT_EQ(s.households, 3);
  EXPECT_EQ(s.residents, 3);
  EXPECT_EQ(s.grids, 0);

  auto dup = store_->CreateCommunity({0, "110112001001", "另一个", "", ""});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "code");

  Community upd = f.community;
  upd.name = "新名字";
  EXPECT_EQ(Must(store_->UpdateCommunity(upd, Scope::All())).name, "新名字");
  auto other = Must(store_->CreateCommunity({0, "110112001002", "第二社区", "", ""}));
  upd.code = other.code;
  auto clash = store_->UpdateCommunity(upd, Scope::All());
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);

  auto page = Must(store_->ListCommunities(Scope::All(), {0, 1}));
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.items.size(), 1u);
  EXPECT_EQ(store_->GetCommunity(999999, Scope::All()).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, CompoundsBuildingsUnitsCrud) {
  auto f = Seed();
  auto cs = Must(store_->ListCompounds(f.community.id, Scope::All(), {0, 50}));
  ASSERT_EQ(cs.total, 2);
  EXPECT_EQ(cs.items[0].compound.name, "水月院");
  EXPECT_EQ(cs.items[0].buildings, 1);
  EXPECT_EQ(cs.items[0].households, 2);
  EXPECT_EQ(cs.items[0].residents, 2);

  auto bs = Must(store_->GetBuilding(f.b2.id, Scope::All()));
  EXPECT_EQ(bs.units, 1);
  EXPECT_EQ(bs.households, 2);
  EXPECT_EQ(bs.residents, 2);
  ASSERT_TRUE(bs.building.x.has_value());
  EXPECT_DOUBLE_EQ(*bs.building.x, 1.0);
  EXPECT_FALSE(Must(store_->GetBuilding(f.b1.id, Scope::All())).building.x.has_value());

  auto us = Must(store_->ListUnits(f.b2.id, Scope::All(), {0, 50}));
  ASSERT_EQ(us.total, 1);
  EXPECT_EQ(us.items[0].households, 2);

  auto dup = store_->CreateBuilding({0, f.shuiyue.id, "2号楼", 0, {}, {}, {}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "name");

  auto bad = store_->CreateBuilding({0, 424242, "9号楼", 0, {}, {}, {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "compound_id");
  EXPECT_EQ(store_->CreateUnit({0, 424242, "1单元"}).error().field, "building_id");
  EXPECT_EQ(store_->CreateHousehold({0, 424242, "1", 1, "", false, ""}).error().field, "unit_id");
  EXPECT_EQ(store_->CreateResident(MakeResident(424242, "某", "", "", {})).error().field, "household_id");
  EXPECT_EQ(store_->CreateCompound({0, 424242, "某", "", ""}).error().field, "community_id");

  Compound cu = f.qingfeng;
  cu.property_company = "物业乙";
  EXPECT_EQ(Must(store_->UpdateCompound(cu, Scope::All())).property_company, "物业乙");
  Unit uu = f.u21;
  uu.name = "一单元";
  Must(store_->UpdateUnit(uu, Scope::All()));
  EXPECT_EQ(Must(store_->GetHousehold(f.h301.id, Scope::All())).summary.address, "水月院 2号楼 一单元 301");
}

TEST_P(StoreContract, HouseholdDetailAndResidents) {
  auto f = Seed();
  auto d = Must(store_->GetHousehold(f.h301.id, Scope::All()));
  EXPECT_EQ(d.summary.address, "水月院 2号楼 1单元 301");
  EXPECT_EQ(d.summary.residents, 2);
  EXPECT_EQ(d.summary.head_name, "刘艳霞");
  EXPECT_EQ(d.summary.building_id, f.b2.id);
  EXPECT_EQ(d.summary.compound_id, f.shuiyue.id);
  EXPECT_EQ(d.summary.community_id, f.community.id);
  EXPECT_DOUBLE_EQ(d.summary.household.area_m2, 85.5);
  EXPECT_EQ(d.unit.name, "1单元");
  EXPECT_EQ(d.building.name, "2号楼");
  EXPECT_EQ(d.compound.name, "水月院");
  EXPECT_FALSE(d.grid.has_value());
  ASSERT_EQ(d.residents.size(), 2u);
  EXPECT_EQ(d.residents[0].tags, (std::vector<ResidentTag>{{"elderly_alone", ""}, {"low_income", ""}}));
  EXPECT_EQ(d.residents[0].sex, Sex::kFemale);

  auto r = Must(store_->GetResident(f.zhao.id, Scope::All()));
  EXPECT_EQ(r.address, "清风苑 1号楼 1单元 101");
  EXPECT_EQ(r.resident.tags, (std::vector<ResidentTag>{{"disabled", "视力"}}));
  EXPECT_EQ(r.unit_id, f.u11.id);

  Resident upd = f.wang;
  upd.name = "王小强";
  upd.tags = {{"volunteer", ""}};
  Must(store_->UpdateResident(upd, Scope::All()));
  auto r2 = Must(store_->GetResident(f.wang.id, Scope::All()));
  EXPECT_EQ(r2.resident.name, "王小强");
  EXPECT_EQ(r2.resident.tags, (std::vector<ResidentTag>{{"volunteer", ""}}));

  auto dup = store_->CreateResident(MakeResident(f.h302.id, "某人", "001001195001011234", "", {}));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "id_number");
  // Empty ID numbers never clash.
  Must(store_->CreateResident(MakeResident(f.h302.id, "甲", "", "", {})));
  Must(store_->CreateResident(MakeResident(f.h302.id, "乙", "", "", {})));

  auto dupdoor = store_->CreateHousehold({0, f.u21.id, "301", 1, "", false, ""});
  EXPECT_EQ(dupdoor.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dupdoor.error().field, "door");

  ResidentFilter rf;
  rf.household_id = f.h301.id;
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 50})).total, 2);
  rf = {};
  rf.tag = "disabled";
  auto tagged = Must(store_->ListResidents(rf, {0, 50}));
  ASSERT_EQ(tagged.total, 1);
  EXPECT_EQ(tagged.items[0].resident.name, "赵敏");

  ASSERT_TRUE(store_->DeleteResident(f.zhao.id, Scope::All()).ok());
  EXPECT_EQ(store_->GetResident(f.zhao.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Must(store_->GetCommunity(f.community.id, Scope::All())).residents, 4);
}

TEST_P(StoreContract, MovesKeepCountsAndValidateTargets) {
  auto f = Seed();
  // Household 301 (2 residents) moves to the unit in 清风苑.
  Household h = f.h301;
  h.unit_id = f.u11.id;
  Must(store_->UpdateHousehold(h, Scope::All()));
  auto d = Must(store_->GetHousehold(f.h301.id, Scope::All()));
  EXPECT_EQ(d.summary.compound_id, f.qingfeng.id);
  EXPECT_EQ(d.summary.address, "清风苑 1号楼 1单元 301");
  EXPECT_EQ(Must(store_->GetCompound(f.qingfeng.id, Scope::All())).households, 2);
  EXPECT_EQ(Must(store_->GetCompound(f.qingfeng.id, Scope::All())).residents, 3);
  EXPECT_EQ(Must(store_->GetCompound(f.shuiyue.id, Scope::All())).residents, 0);
  EXPECT_EQ(Must(store_->GetResident(f.liu.id, Scope::All())).compound_id, f.qingfeng.id);

  // Building 2号楼 moves to 清风苑.
  Building b = f.b2;
  b.compound_id = f.qingfeng.id;
  Must(store_->UpdateBuilding(b, Scope::All()));
  EXPECT_EQ(Must(store_->GetCompound(f.qingfeng.id, Scope::All())).buildings, 2);
  EXPECT_EQ(Must(store_->GetCompound(f.shuiyue.id, Scope::All())).buildings, 0);
  EXPECT_EQ(Must(store_->GetHousehold(f.h302.id, Scope::All())).summary.compound_id, f.qingfeng.id);

  // Unit moves back under 1号楼? (names clash: both are "1单元")
  Unit u = f.u21;
  u.building_id = f.b1.id;
  auto clash = store_->UpdateUnit(u, Scope::All());
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);

  // Resident moves household.
  Resident r = f.wang;
  r.household_id = f.h302.id;
  Must(store_->UpdateResident(r, Scope::All()));
  EXPECT_EQ(Must(store_->GetHousehold(f.h302.id, Scope::All())).summary.residents, 1);
  EXPECT_EQ(Must(store_->GetHousehold(f.h301.id, Scope::All())).summary.residents, 1);

  // Bad targets name the field.
  r.household_id = 999999;
  EXPECT_EQ(store_->UpdateResident(r, Scope::All()).error().field, "household_id");
  h.unit_id = 999999;
  EXPECT_EQ(store_->UpdateHousehold(h, Scope::All()).error().field, "unit_id");
  u.building_id = 999999;
  EXPECT_EQ(store_->UpdateUnit(u, Scope::All()).error().field, "building_id");
  b.compound_id = 999999;
  auto bad = store_->UpdateBuilding(b, Scope::All());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "compound_id");

  auto c = Must(store_->GetCommunity(f.community.id, Scope::All()));
  EXPECT_EQ(c.households, 3);
  EXPECT_EQ(c.residents, 3);
}

TEST_P(StoreContract, DeletesConflictOrCascadeWithoutOrphans) {
  auto f = Seed();
  auto e = store_->DeleteCompound(f.shuiyue.id, false, Scope::All());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->DeleteBuilding(f.b2.id, false, Scope::All()).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->DeleteUnit(f.u21.id, false, Scope::All()).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->DeleteHousehold(f.h301.id, false, Scope::All()).error().code, ErrorCode::kConflict);

  // An empty household deletes without cascade.
  ASSERT_TRUE(store_->DeleteHousehold(f.h302.id, false, Scope::All()).ok());
  ASSERT_TRUE(store_->DeleteHousehold(f.h301.id, true, Scope::All()).ok());
  EXPECT_EQ(store_->GetResident(f.liu.id, Scope::All()).error().code, ErrorCode::kNotFound);
  HouseholdFilter hf;
  hf.q = "刘艳";
  EXPECT_TRUE(Doors(hf).empty());

  ASSERT_TRUE(store_->DeleteCompound(f.qingfeng.id, true, Scope::All()).ok());
  EXPECT_EQ(store_->GetBuilding(f.b1.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetUnit(f.u11.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetHousehold(f.h101.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetResident(f.zhao.id, Scope::All()).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->DeleteCompound(f.shuiyue.id, true, Scope::All()).ok());

  auto c = Must(store_->GetCommunity(f.community.id, Scope::All()));
  EXPECT_EQ(c.compounds, 0);
  EXPECT_EQ(c.buildings, 0);
  EXPECT_EQ(c.units, 0);
  EXPECT_EQ(c.households, 0);
  EXPECT_EQ(c.residents, 0);
  ResidentFilter rf;
  rf.community_id = f.community.id;
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 10})).total, 0);
  EXPECT_EQ(store_->DeleteCompound(f.shuiyue.id, true, Scope::All()).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, ScopeHidesEverythingOutside) {
  auto f = Seed();
  auto other = Seed("110112001099");
  Scope mine;
  mine.unrestricted = false;
  mine.community_ids = {f.community.id};
  EXPECT_TRUE(store_->GetHousehold(f.h301.id, mine).ok());
  EXPECT_EQ(store_->GetHousehold(other.h301.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetResident(other.liu.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetCommunity(other.community.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetCompound(other.shuiyue.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetBuilding(other.b2.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetUnit(other.u21.id, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->DeleteHousehold(other.h302.id, true, mine).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->DeleteResident(other.zhao.id, mine).error().code, ErrorCode::kNotFound);
  Resident r = other.wang;
  EXPECT_EQ(store_->UpdateResident(r, mine).error().code, ErrorCode::kNotFound);
  // A move into a household outside the scope is refused as a bad reference.
  EXPECT_TRUE(store_->GetResident(f.wang.id, mine).ok()) << f.wang.id;
  EXPECT_TRUE(store_->GetResident(f.wang.id, Scope::All()).ok()) << f.wang.id;
  Resident mv = f.wang;
  mv.household_id = other.h302.id;
  {
    auto e = store_->UpdateResident(mv, mine);
    EXPECT_EQ(e.error().field, "household_id") << e.error().message;
  }

  EXPECT_EQ(Must(store_->ListCommunities(mine, {0, 50})).total, 1);
  HouseholdFilter hf;
  hf.scope = mine;
  EXPECT_EQ(Doors(hf).size(), 3u);
  ResidentFilter rf;
  rf.scope = mine;
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 50})).total, 3);

  // Household-only scope: sees that household, its residents and its containers.
  Scope one;
  one.unrestricted = false;
  one.household_ids = {f.h101.id};
  EXPECT_TRUE(store_->GetHousehold(f.h101.id, one).ok());
  EXPECT_EQ(store_->GetHousehold(f.h301.id, one).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetResident(f.zhao.id, one).ok());
  EXPECT_EQ(store_->GetResident(f.liu.id, one).error().code, ErrorCode::kNotFound);
  HouseholdFilter all_of_one;
  all_of_one.scope = one;
  EXPECT_EQ(Doors(all_of_one), (std::vector<std::string>{"清风苑 1号楼 1单元 101"}));

  // Empty restricted scope sees nothing.
  Scope none;
  none.unrestricted = false;
  EXPECT_EQ(Must(store_->ListCommunities(none, {0, 50})).total, 0);
}

TEST_P(StoreContract, SearchFragmentsSpacesNamesSingleChar) {
  auto f = Seed();
  HouseholdFilter q;
  q.q = "水月院 2号";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"水月院 2号楼 1单元 301", "水月院 2号楼 1单元 302"}));
  q.q = "刘艳";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"水月院 2号楼 1单元 301"}));
  q.q = "院2号楼1单元30";
  EXPECT_EQ(Doors(q).size(), 2u);
  q.q = "302";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"水月院 2号楼 1单元 302"}));
  q.q = "敏";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"清风苑 1号楼 1单元 101"}));
  q.q = "　清风　";  // full-width spaces
  EXPECT_EQ(Doors(q).size(), 1u);
  q.q = "301刘";  // never across the address and a name
  EXPECT_TRUE(Doors(q).empty());
  q.q = "刘王";  // never across two names
  EXPECT_TRUE(Doors(q).empty());
  q.q = "不存在";
  EXPECT_TRUE(Doors(q).empty());
  q.q = "水月院";
  q.tag = "party_member";
  EXPECT_EQ(Doors(q).size(), 1u);
  q = {};
  q.compound_id = f.qingfeng.id;
  q.q = "1号楼";
  EXPECT_EQ(Doors(q).size(), 1u);

  // The index follows writes: rename, new resident, move.
  Resident r = f.zhao;
  r.name = "赵丽颖";
  Must(store_->UpdateResident(r, Scope::All()));
  q = {};
  q.q = "丽颖";
  EXPECT_EQ(Doors(q).size(), 1u);
  q.q = "赵敏";
  EXPECT_TRUE(Doors(q).empty());
  Building b = f.b2;
  b.name = "12号楼";
  Must(store_->UpdateBuilding(b, Scope::All()));
  q.q = "12号";
  EXPECT_EQ(Doors(q).size(), 2u);

  ResidentFilter rf;
  rf.q = "艳霞";
  auto rs = Must(store_->ListResidents(rf, {0, 50}));
  ASSERT_EQ(rs.total, 1);
  EXPECT_EQ(rs.items[0].resident.name, "刘艳霞");
  rf.q = "001001195001011234";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 50})).total, 1);
  rf.q = "13900002222";
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 50})).total, 3);
  rf.q = "水月";  // an address is not a name
  EXPECT_EQ(Must(store_->ListResidents(rf, {0, 50})).total, 0);
}

TEST_P(StoreContract, GridsAssignPlanAndVulnerableCounts) {
  auto f = Seed();
  auto g = Must(store_->CreateGrid({0, f.community.id, "110112001001001", "第1网格", "张三", "13700000000"}));
  auto dup = store_->CreateGrid({0, f.community.id, "110112001001001", "x", "", ""});
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "code");
  ASSERT_TRUE(store_->AssignBuildingsToGrid({f.b2.id}, g.id, Scope::All()).ok());
  auto gs = Must(store_->GetGrid(g.id, Scope::All()));
  EXPECT_EQ(gs.buildings, 1);
  EXPECT_EQ(gs.households, 2);
  EXPECT_EQ(gs.residents, 2);
  EXPECT_EQ(gs.vulnerable, 1);  // 刘艳霞 has two vulnerable tags: one resident
  auto d = Must(store_->GetHousehold(f.h301.id, Scope::All()));
  ASSERT_TRUE(d.grid.has_value());
  EXPECT_EQ(d.grid->worker_name, "张三");
  EXPECT_EQ(d.summary.worker_name, "张三");
  EXPECT_EQ(Must(store_->GetBuilding(f.b2.id, Scope::All())).grid_code, "110112001001001");

  HouseholdFilter hf;
  hf.grid_id = g.id;
  EXPECT_EQ(Doors(hf).size(), 2u);
  Scope grid_scope;
  grid_scope.unrestricted = false;
  grid_scope.grid_ids = {g.id};
  EXPECT_TRUE(store_->GetHousehold(f.h302.id, grid_scope).ok());
  EXPECT_EQ(store_->GetHousehold(f.h101.id, grid_scope).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetResident(f.liu.id, grid_scope).ok());
  EXPECT_TRUE(store_->GetCommunity(f.community.id, grid_scope).ok());

  auto plan = Must(store_->ListPlanBuildings(f.community.id, Scope::All()));
  ASSERT_EQ(plan.size(), 2u);
  std::int64_t total = 0;
  for (auto& b : plan) total += b.households;
  EXPECT_EQ(total, 3);

  // A plan must name every building exactly once.
  auto partial = store_->ApplyGridPlan(f.community.id, {{"110112001001002", "第2网格", "", "", {f.b1.id}}});
  EXPECT_EQ(partial.error().code, ErrorCode::kInvalidArgument);
  auto applied =
      Must(store_->ApplyGridPlan(f.community.id, {{"110112001001002", "第2网格", "李四", "", {f.b1.id}},
                                                  {"110112001001003", "第3网格", "王五", "", {f.b2.id}}}));
  ASSERT_EQ(applied.size(), 2u);
  auto grids = Must(store_->ListGrids(f.community.id, Scope::All()));
  ASSERT_EQ(grids.size(), 2u);  // the old grid 001 is gone
  EXPECT_EQ(grids[0].grid.code, "110112001001002");
  EXPECT_EQ(grids[0].vulnerable, 1);  // 赵敏 (disabled)
  EXPECT_EQ(grids[1].households, 2);
  EXPECT_EQ(store_->GetGrid(g.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Must(store_->GetCommunity(f.community.id, Scope::All())).grids, 2);

  ASSERT_TRUE(store_->DeleteGrid(grids[0].grid.id, Scope::All()).ok());
  EXPECT_FALSE(Must(store_->GetBuilding(f.b1.id, Scope::All())).building.grid_id.has_value());
  EXPECT_FALSE(Must(store_->GetResident(f.zhao.id, Scope::All())).grid_id.has_value());
  ASSERT_TRUE(store_->AssignBuildingsToGrid({f.b2.id}, std::nullopt, Scope::All()).ok());
  EXPECT_EQ(Must(store_->GetGrid(grids[1].grid.id, Scope::All())).households, 0);

  Grid gu = grids[1].grid;
  gu.worker_name = "新网格员";
  EXPECT_EQ(Must(store_->UpdateGrid(gu, Scope::All())).worker_name, "新网格员");
}

std::vector<RegistryRow> ImportRows() {
  std::vector<RegistryRow> rows;
  auto add = [&](std::string compound, std::string building, std::string unit, std::string door,
                 std::string name, std::string id_number, std::vector<ResidentTag> tags = {}) {
    RegistryRow r;
    r.row_number = static_cast<int>(rows.size()) + 2;
    r.compound = std::move(compound), r.building = std::move(building), r.unit = std::move(unit);
    r.door = std::move(door), r.area_m2 = 70.5, r.name = std::move(name), r.id_number = std::move(id_number);
    r.relation = "户主", r.sex = Sex::kMale, r.tags = std::move(tags);
    rows.push_back(std::move(r));
  };
  add("水月院", "2号楼", "1单元", "301", "刘艳霞", "001001195001011234", {{"elderly_alone", ""}});  // exists
  add("水月院", "2号楼", "1单元", "401", "孙悟空", "110101199001011111");
  add("水月院", "2号楼", "1单元", "401", "孙小空", "");
  add("水月院", "3号楼", "2单元", "101", "猪八戒", "110101199001012222", {{"low_income", ""}});
  add("明月小区", "1号楼", "1单元", "101", "沙和尚", "");
  return rows;
}

TEST_P(StoreContract, ImportIsIdempotent) {
  auto f = Seed();
  auto rows = ImportRows();
  auto first = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(first.compounds_created, 1);
  EXPECT_EQ(first.buildings_created, 2);
  EXPECT_EQ(first.units_created, 2);
  EXPECT_EQ(first.households_created, 3);
  EXPECT_EQ(first.residents_created, 4);
  EXPECT_EQ(first.residents_updated, 1);   // 刘艳霞: sex, tags, relation from the file
  EXPECT_EQ(first.households_updated, 1);  // 301's area

  auto second = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(second.compounds_created + second.buildings_created + second.units_created +
                second.households_created + second.residents_created + second.households_updated +
                second.residents_updated,
            0);
  EXPECT_EQ(second.unchanged_rows, static_cast<std::int64_t>(rows.size()));

  auto c = Must(store_->GetCommunity(f.community.id, Scope::All()));
  EXPECT_EQ(c.compounds, 3);
  EXPECT_EQ(c.buildings, 4);
  EXPECT_EQ(c.units, 4);
  EXPECT_EQ(c.households, 6);
  EXPECT_EQ(c.residents, 7);
  auto shuiyue = Must(store_->GetCompound(f.shuiyue.id, Scope::All()));
  EXPECT_EQ(shuiyue.households, 4);
  EXPECT_EQ(shuiyue.residents, 5);

  HouseholdFilter q;
  q.q = "孙小";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"水月院 2号楼 1单元 401"}));
  q.q = "明月小区 1号";
  EXPECT_EQ(Doors(q).size(), 1u);
  q.q = "刘艳";
  EXPECT_EQ(Doors(q).size(), 1u) << "刘艳";
  q.q = "301";
  EXPECT_EQ(Doors(q).size(), 1u) << "301";
  q.q = "刘艳霞";
  EXPECT_EQ(Doors(q).size(), 1u);
  auto d = Must(store_->GetHousehold(f.h301.id, Scope::All()));
  EXPECT_DOUBLE_EQ(d.summary.household.area_m2, 70.5);
  EXPECT_EQ(d.residents[0].tags, (std::vector<ResidentTag>{{"elderly_alone", ""}}));

  // A changed row updates; a resident found by ID number in another household moves there.
  rows[3].door = "102";
  rows[3].tags = {};
  auto third = Must(store_->ImportRegistry(f.community.id, rows));
  EXPECT_EQ(third.households_created, 1);
  EXPECT_EQ(third.residents_created, 0);
  EXPECT_EQ(third.residents_updated, 1);
  EXPECT_EQ(third.unchanged_rows, 4);
  q.q = "猪八戒";
  EXPECT_EQ(Doors(q), (std::vector<std::string>{"水月院 3号楼 2单元 102"}));
  EXPECT_EQ(Must(store_->GetCommunity(f.community.id, Scope::All())).residents, 7);

  EXPECT_EQ(store_->ImportRegistry(999999, rows).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, UnicodeRoundTrips) {
  auto f = Seed();
  Resident r = MakeResident(f.h302.id, "𠮷野家·阿依古丽", "", "其他", {{"custom", "独居🏠"}});
  r.note = "带 emoji 🎉 与全角：（）";
  auto made = Must(store_->CreateResident(r));
  auto got = Must(store_->GetResident(made.id, Scope::All()));
  EXPECT_EQ(got.resident.name, r.name);
  EXPECT_EQ(got.resident.note, r.note);
  EXPECT_EQ(got.resident.tags, r.tags);
  HouseholdFilter q;
  q.q = "𠮷野";
  EXPECT_EQ(Doors(q).size(), 1u);
  q.q = "阿依古丽";
  EXPECT_EQ(Doors(q).size(), 1u);
}

TEST_P(StoreContract, PagingAndTotals) {
  auto f = Seed();
  for (int i = 0; i < 30; ++i)
    Must(store_->CreateHousehold({0, f.u11.id, "5" + std::to_string(100 + i), 50, "", false, ""}));
  HouseholdFilter hf;
  hf.community_id = f.community.id;
  auto p = Must(store_->ListHouseholds(hf, {10, 5}));
  EXPECT_EQ(p.total, 33);
  EXPECT_EQ(p.items.size(), 5u);
  hf.unit_id = f.u11.id;
  EXPECT_EQ(Must(store_->ListHouseholds(hf, {30, 50})).items.size(), 1u);
  EXPECT_EQ(Must(store_->ListHouseholds(hf, {0, 50})).total, 31);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenStore, UnknownSchemeIsInvalid) {
  auto s = OpenStore("mysql://x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  auto m = OpenStore("sqlite::memory:");
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto c = (*m)->CreateCommunity({0, "110112001001", "内存社区", "", ""});
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
}

TEST(OpenStore, UnreachablePostgresIsUnavailable) {
  auto s = OpenStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace linli
