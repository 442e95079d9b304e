#include <chrono>
#include <map>

#include <fmt/format.h>

#include "cli/accounts.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"
#include "domain/demo.h"
#include "domain/grid_plan.h"

namespace linli::cli {

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

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const ImportStats& s = *stats;
  fmt::print("演示数据已写入 {}\n", url);
  fmt::print("  社区   {} {}（{}，id {}）\n", community->name, community->code, community->street_name, cid);
  fmt::print("  小区   {}\n", demo.compounds.size() + static_cast<std::size_t>(s.compounds_created));
  fmt::print("  楼栋   {}  单元 {}\n", s.buildings_created, s.units_created);
  fmt::print("  住户   {}  居民 {}\n", s.households_created, s.residents_created);
  fmt::print("  网格   {}（每格 {:.0f} 户，最多 {}，最少 {}，不均衡度 {:.2f}）\n", applied->size(), plan->mean, plan->max,
             plan->min, plan->imbalance);
  fmt::print("  用时   {:.2f} 秒\n", seconds);
  PrintDemoAccounts(*accounts);
  return 0;
}

}  // namespace linli::cli
