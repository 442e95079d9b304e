#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "cli/accounts.h"
#include "cli/commands.h"
#include "cli/demo_deliberations.h"
#include "cli/demo_notices.h"
#include "cli/demo_halls.h"
#include "cli/demo_property.h"
#include "cli/demo_votes.h"
#include "cli/output.h"
#include "cli/store_open.h"
#include "domain/address.h"
#include "domain/demo.h"
#include "domain/demo_demands.h"
#include "domain/grid_plan.h"
#include "store/demands.h"

namespace linli::cli {

namespace {

// A year of demands (接诉即办) for the demo community, ending now: the generator's indexes become
// the stored households, buildings, grids and worker accounts; loaded in one transaction with
// their events. Returns the number of demands.
Result<std::int64_t> LoadDemoDemands(Store& store, const DemoCommunity& demo, Id cid, const GridPlan& plan,
                                     const std::vector<Grid>& grids) {
  const Scope all = Scope::All();
  DemoDemandOptions options;
  {
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    options.now = FormatIsoUtc(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  }
  DemoDemands dd = GenerateDemoDemands(demo, options);

  // Households by their display address, buildings by compound and name.
  std::map<std::string, Id> household_ids;
  for (std::int64_t offset = 0;; offset += 500) {
    HouseholdFilter f;
    f.community_id = cid;
    LINLI_TRY(auto page, store.ListHouseholds(f, PageRequest{offset, 500}));
    for (auto& h : page.items) household_ids[h.address] = h.household.id;
    if (page.items.size() < 500) break;
  }
  LINLI_TRY(auto plan_buildings, store.ListPlanBuildings(cid, all));
  std::map<std::pair<std::string, std::string>, Id> building_ids;
  for (auto& b : plan_buildings) building_ids[{b.compound_name, b.name}] = b.id;
  // Grid i of the plan -> its stored grid and its worker account ("worker{i+1:02}").
  std::vector<std::optional<Id>> grid_ids(plan.grids.size()), worker_ids(plan.grids.size());
  for (std::size_t i = 0; i < plan.grids.size(); ++i) {
    for (auto& g : grids)
      if (g.code == plan.grids[i].code) grid_ids[i] = g.id;
    if (auto u = store.FindUserByName(fmt::format("worker{:02d}", i + 1)); u.ok()) worker_ids[i] = u->id;
  }
  auto at = [](const std::vector<std::optional<Id>>& v, std::optional<std::size_t> i) -> std::optional<Id> {
    if (!i || *i >= v.size()) return std::nullopt;
    return v[*i];
  };
  std::vector<std::vector<DemandEvent>> events(dd.demands.size());
  for (auto& e : dd.events)
    if (e.demand_id >= 0 && static_cast<std::size_t>(e.demand_id) < events.size()) events[e.demand_id].push_back(e);

  DemandBulkLoad load;
  load.count = dd.demands.size();
  load.row = [&](std::size_t i, Demand& d, std::vector<DemandEvent>& ev) {
    const DemoDemand& g = dd.demands[i];
    d = g.demand;
    d.community_id = cid;
    if (g.household_index && *g.household_index < dd.households.size()) {
      const DemoHouseholdRef& h = dd.households[*g.household_index];
      if (auto it = household_ids.find(HouseholdAddress(h.compound, h.building, h.unit, h.door));
          it != household_ids.end())
        d.household_id = it->second;
      if (auto it = building_ids.find({h.compound, h.building}); it != building_ids.end()) d.building_id = it->second;
    } else if (g.building_index && *g.building_index < demo.buildings.size()) {
      const DemoBuilding& b = demo.buildings[*g.building_index];
      if (auto it = building_ids.find({b.compound, b.name}); it != building_ids.end()) d.building_id = it->second;
    }
    d.address_resolved = d.household_id.has_value() || d.building_id.has_value();
    d.grid_id = at(grid_ids, g.grid_index);
    d.assignee_user_id = d.assignee_kind == "worker" ? at(worker_ids, g.assignee_worker) : std::nullopt;
    d.first_receiver_user_id = at(worker_ids, g.first_receiver_worker);
    if (g.parent_index) d.parent_id = static_cast<Id>(*g.parent_index);  // an index: the loader maps it
    ev = std::move(events[i]);
  };
  return store.Demands().BulkLoadDemands(load);
}

}  // namespace

int RunDemo(const DemoArgs& args) {
  auto started = std::chrono::steady_clock::now();
  std::string url;
  auto store = OpenConfiguredStore(args.flags, &url);
  if (!store) return 1;
  const Scope all = Scope::All();
  if (args.if_empty) {
    auto existing = store->ListCommunities(all, PageRequest{0, 1});
    if (!existing.ok()) return Fail("读取社区", existing.error());
    if (existing->total > 0) {
      fmt::print("{} 已有 {} 个社区，未生成演示数据（--if-empty）\n", url, existing->total);
      auto accounts = CreateDemoAccounts(*store, existing->items[0].community.id);
      if (!accounts.ok()) return Fail("创建演示账号", accounts.error());
      if (auto r = RefreshDemoAccountScopes(*store, *accounts); !r.ok()) return Fail("读取演示账号", r.error());
      PrintDemoAccounts(*accounts);
      return 0;
    }
  }
  DemoCommunity demo = GenerateDemo(DemoOptions{.seed = args.seed, .households = args.households});

  auto community = store->CreateCommunity(demo.community);
  if (!community.ok()) return Fail("创建社区", community.error());
  const Id cid = community->id;
  for (Compound c : demo.compounds) {
    c.community_id = cid;
    if (auto r = store->CreateCompound(c); !r.ok()) return Fail("创建小区 " + c.name, r.error());
  }
  auto stats = store->ImportRegistry(cid, demo.rows);
  if (!stats.ok()) return Fail("导入住户", stats.error());

  // Building coordinates, so grids are numbered west->east, north->south.
  std::map<std::pair<std::string, std::string>, const DemoBuilding*> coords;
  for (const auto& b : demo.buildings) coords[{b.compound, b.name}] = &b;
  auto plan_buildings = store->ListPlanBuildings(cid, all);
  if (!plan_buildings.ok()) return Fail("读取楼栋", plan_buildings.error());
  for (auto& pb : *plan_buildings) {
    auto it = coords.find({pb.compound_name, pb.name});
    if (it == coords.end()) continue;
    auto b = store->GetBuilding(pb.id, all);
    if (!b.ok()) return Fail("读取楼栋 " + pb.name, b.error());
    Building building = b->building;
    building.x = it->second->x;
    building.y = it->second->y;
    if (auto r = store->UpdateBuilding(building, all); !r.ok()) return Fail("更新楼栋坐标 " + pb.name, r.error());
    pb.x = building.x;
    pb.y = building.y;
  }

  auto plan = PlanGrids(GridPlanRequest{.community_code = community->code, .grid_count = demo.grid_count},
                        *plan_buildings);
  if (!plan.ok()) return Fail("规划网格", plan.error());
  std::vector<GridAssignment> grids;
  for (std::size_t i = 0; i < plan->grids.size(); ++i) {
    const PlannedGrid& g = plan->grids[i];
    GridAssignment a{.code = g.code, .name = g.name, .building_ids = g.building_ids};
    if (i < demo.grid_workers.size()) {
      a.worker_name = demo.grid_workers[i].first;
      a.worker_phone = demo.grid_workers[i].second;
    }
    grids.push_back(std::move(a));
  }
  auto applied = store->ApplyGridPlan(cid, grids);
  if (!applied.ok()) return Fail("保存网格", applied.error());
  auto accounts = CreateDemoAccounts(*store, cid);
  if (!accounts.ok()) return Fail("创建演示账号", accounts.error());
  auto demands = LoadDemoDemands(*store, demo, cid, *plan, *applied);
  if (!demands.ok()) return Fail("生成诉求", demands.error());
  auto votes = AddDemoVotes(*store, cid);
  if (!votes.ok()) return Fail("生成表决", votes.error());
  auto notices = AddDemoNotices(*store, cid, std::time(nullptr));  // after the votes: links the result
  if (!notices.ok()) return Fail("生成公示", notices.error());
  auto halls = AddDemoHalls(*store, cid, std::time(nullptr));
  if (!halls.ok()) return Fail("生成议事厅", halls.error());
  auto deliberations = AddDemoDeliberations(*store, cid, std::time(nullptr));  // after votes and notices
  if (!deliberations.ok()) return Fail("生成议事", deliberations.error());
  auto property = AddDemoProperty(*store, cid, std::time(nullptr));  // after the votes: their compounds
  if (!property.ok()) return Fail("生成物业管理", property.error());
  // The contracts move the property account to the compounds of its contracts: print the stored scope.
  if (auto r = RefreshDemoAccountScopes(*store, *accounts); !r.ok()) return Fail("读取演示账号", r.error());

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const ImportStats& s = *stats;
  fmt::print("演示数据已写入 {}\n", url);
  fmt::print("  社区   {} {}（{}，id {}）\n", community->name, community->code, community->street_name, cid);
  fmt::print("  小区   {}\n", demo.compounds.size() + static_cast<std::size_t>(s.compounds_created));
  fmt::print("  楼栋   {}  单元 {}\n", s.buildings_created, s.units_created);
  fmt::print("  住户   {}  居民 {}\n", s.households_created, s.residents_created);
  fmt::print("  网格   {}（每格 {:.0f} 户，最多 {}，最少 {}，不均衡度 {:.2f}）\n", applied->size(), plan->mean, plan->max,
             plan->min, plan->imbalance);
  fmt::print("  诉求   {}（近一年，接诉即办）\n", *demands);
  fmt::print("  公示   {}（公示栏 /board/{}）\n", *notices, community->code);
  fmt::print("  议事厅 {}\n", halls->line);
  fmt::print("  表决   {}：{}；{}\n", votes->votes, votes->property_line, votes->elevator_line);
  fmt::print("  议事   {}\n", deliberations->line);
  fmt::print("  物业   {}\n", property->line);
  fmt::print("  用时   {:.2f} 秒\n", seconds);
  PrintDemoAccounts(*accounts);
  return 0;
}

}  // namespace linli::cli
