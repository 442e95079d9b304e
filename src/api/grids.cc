// Grids (网格) and grid plans.
//   GET    /api/v1/grids?community_id=          grid:read        list with counts (community_id required)
//   GET    /api/v1/grids/export?community_id=   registry:export  .xlsx
//   POST   /api/v1/grids                        grid:write       create
//   GET    /api/v1/grids/{id}                   grid:read        one, with counts
//   PATCH  /api/v1/grids/{id}                   grid:write       update code, name, worker_name, worker_phone
//   DELETE /api/v1/grids/{id}                   grid:write       its buildings leave the grid
//   POST   /api/v1/grids/{id}/buildings         grid:write       {"building_ids":[...]} moves buildings in
//   POST   /api/v1/grid-plans                   grid:read        proposes grids (nothing stored)
//   POST   /api/v1/grid-plans/apply             grid:write       stores a plan: every building exactly once
#include <map>
#include <set>

#include "api/resource.h"
#include "domain/grid_plan.h"
#include "domain/validation.h"
#include "service/export.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The grid's own rules, every problem at once: code = 15 digits, name required, worker phone
// format. `prefix` names the fields ("grids[2]." in a plan).
void CheckGridFields(Grid& g, const std::string& prefix, std::vector<FieldError>& problems) {
  if (g.code.size() != 15 || !AllDigits(g.code))
    problems.push_back({prefix + "code", "code_format", "网格编码应为 15 位数字（社区编码 + 3 位序号）"});
  if (Status s = ValidateName(g.name, prefix + "name"); !s.ok())
    for (auto& d : s.error().details) problems.push_back(d);
  if (!g.worker_phone.empty()) {
    auto phone = NormalizePhone(g.worker_phone, prefix + "worker_phone");
    if (phone.ok()) g.worker_phone = *phone;
    else for (auto& d : phone.error().details) problems.push_back(d);
  }
}

Error FieldProblems(std::vector<FieldError> problems) {
  Error e{ErrorCode::kInvalidArgument, problems.front().message, problems.front().field, std::move(problems)};
  return e;
}

Result<Grid> ValidateGrid(const Grid& in) {
  Grid g = in;
  std::vector<FieldError> problems;
  CheckGridFields(g, "", problems);
  if (!problems.empty()) return FieldProblems(std::move(problems));
  return g;
}

json::object PlanJson(const GridPlan& plan, const std::vector<PlanBuilding>& buildings) {
  std::map<Id, const PlanBuilding*> by_id;
  for (const auto& b : buildings) by_id[b.id] = &b;
  json::array grids;
  for (const PlannedGrid& g : plan.grids) {
    json::array ids, members;
    for (Id id : g.building_ids) {
      ids.push_back(id);
      auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      members.push_back(json::object{{"id", id},
                                     {"name", it->second->name},
                                     {"compound_name", it->second->compound_name},
                                     {"households", it->second->households}});
    }
    grids.push_back(json::object{{"code", g.code},
                                 {"name", g.name},
                                 {"building_ids", std::move(ids)},
                                 {"buildings", std::move(members)},
                                 {"households", g.households}});
  }
  return {{"grids", std::move(grids)},
          {"mean", plan.mean},
          {"max", plan.max},
          {"min", plan.min},
          {"imbalance", plan.imbalance}};
}

Response ProposePlan(Store& store, Request& req) {
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return http::ErrorResponse(in.error());
  auto community_id = in->IdValue("community_id");
  if (!in->Has("community_id")) RequireField(*in, "community_id");
  GridPlanRequest plan_req;
  if (auto v = in->Int("households_per_worker")) plan_req.households_per_worker = static_cast<int>(*v);
  if (auto v = in->Int("grid_count")) plan_req.grid_count = static_cast<int>(*v);
  if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());

  auto community = store.GetCommunity(*community_id, ScopeOf(req));
  if (Status s = AsFieldReference(StatusOf(community), "community_id", "社区"); !s.ok())
    return http::ErrorResponse(s.error());
  plan_req.community_code = community->community.code;
  auto buildings = store.ListPlanBuildings(*community_id, ScopeOf(req));
  if (!buildings.ok()) return http::ErrorResponse(buildings.error());
  auto plan = PlanGrids(plan_req, *buildings);
  if (!plan.ok()) return http::ErrorResponse(plan.error());
  return http::Json(PlanJson(*plan, *buildings));
}

// Reads and checks {community_id, grids:[{code,name,worker_name,worker_phone,building_ids}]}:
// every problem at once, including buildings named twice, not in the community, or left out.
Response ApplyPlan(Store& store, Request& req) {
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return http::ErrorResponse(in.error());
  auto community_id = in->IdValue("community_id");
  if (!in->Has("community_id")) RequireField(*in, "community_id");
  if (!in->Has("grids")) RequireField(*in, "grids");
  std::vector<GridAssignment> assignments;
  std::vector<FieldError> problems;
  if (const json::array* grids = in->Array("grids")) {
    for (std::size_t i = 0; i < grids->size(); ++i) {
      std::string prefix = "grids[" + std::to_string(i) + "]";
      if (!(*grids)[i].is_object()) {
        in->AddError(prefix, "type", "字段 " + prefix + " 的类型应为对象");
        continue;
      }
      http::JsonReader g = http::JsonReader::Of((*grids)[i].as_object(), prefix);
      Grid grid;
      grid.code = g.String("code").value_or("");
      grid.name = g.String("name").value_or("");
      grid.worker_name = g.String("worker_name").value_or("");
      grid.worker_phone = g.String("worker_phone").value_or("");
      if (!g.Has("building_ids")) RequireField(g, "building_ids");
      auto ids = g.IdArray("building_ids");
      if (!FinishNested(*in, g)) continue;
      CheckGridFields(grid, prefix + ".", problems);
      assignments.push_back({grid.code, grid.name, grid.worker_name, grid.worker_phone, ids.value_or(std::vector<Id>{})});
    }
  }
  if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
  if (!problems.empty()) return http::ErrorResponse(FieldProblems(std::move(problems)));

  auto community = store.GetCommunity(*community_id, ScopeOf(req));
  if (Status s = AsFieldReference(StatusOf(community), "community_id", "社区"); !s.ok())
    return http::ErrorResponse(s.error());
  auto buildings = store.ListPlanBuildings(*community_id, ScopeOf(req));
  if (!buildings.ok()) return http::ErrorResponse(buildings.error());

  std::set<Id> remaining;
  for (const auto& b : buildings.value()) remaining.insert(b.id);
  std::set<Id> seen;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    const std::string prefix = "grids[" + std::to_string(i) + "].";
    const GridAssignment& a = assignments[i];
    if (a.code.rfind(community->community.code, 0) != 0)
      problems.push_back({prefix + "code", "code_prefix", "网格编码应以社区编码 " + community->community.code + " 开头"});
    if (!codes.insert(a.code).second)
      problems.push_back({prefix + "code", "duplicate", "网格编码 " + a.code + " 重复"});
    for (Id id : a.building_ids) {
      std::string field = prefix + "building_ids";
      if (!seen.insert(id).second) {
        problems.push_back({field, "duplicate", "楼栋 " + std::to_string(id) + " 被分到了多个网格"});
      } else if (remaining.erase(id) == 0) {
        problems.push_back({field, "not_found", "楼栋 " + std::to_string(id) + " 不属于该社区"});
      }
    }
  }
  if (!remaining.empty()) {
    std::string names;
    for (const auto& b : buildings.value()) {
      if (remaining.count(b.id) == 0) continue;
      if (!names.empty()) names += "、";
      names += b.compound_name + " " + b.name;
    }
    problems.push_back({"grids", "building_missing", "每栋楼都必须分到一个网格，未分配：" + names});
  }
  if (!problems.empty()) return http::ErrorResponse(FieldProblems(std::move(problems)));

  auto applied = store.ApplyGridPlan(*community_id, assignments);
  if (!applied.ok()) return http::ErrorResponse(applied.error());
  auto grids = store.ListGrids(*community_id, ScopeOf(req));
  if (!grids.ok()) return http::ErrorResponse(grids.error());
  json::array items;
  for (const auto& g : *grids) items.push_back(ToJson(g));
  return http::Json(json::object{{"items", std::move(items)}});
}

Response AssignBuildings(Store& store, Request& req) {
  auto id = req.PathId();
  if (!id.ok()) return http::ErrorResponse(id.error());
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return http::ErrorResponse(in.error());
  if (!in->Has("building_ids")) RequireField(*in, "building_ids");
  auto ids = in->IdArray("building_ids");
  if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
  // The grid must be visible before anything moves.
  if (auto grid = store.GetGrid(*id, ScopeOf(req)); !grid.ok()) return http::ErrorResponse(grid.error());
  if (Status s = store.AssignBuildingsToGrid(*ids, *id, ScopeOf(req)); !s.ok()) return http::ErrorResponse(s.error());
  auto shown = JsonOf(store.GetGrid(*id, ScopeOf(req)));
  if (!shown.ok()) return http::ErrorResponse(shown.error());
  return http::Json(json::value(std::move(shown).value()));
}

Response ListGridPage(Store& store, Request& req) {
  auto community_id = RequiredQueryId(req, "community_id");
  if (!community_id.ok()) return http::ErrorResponse(community_id.error());
  auto page = req.QueryPage();
  if (!page.ok()) return http::ErrorResponse(page.error());
  auto grids = store.ListGrids(*community_id, ScopeOf(req));
  if (!grids.ok()) return http::ErrorResponse(grids.error());
  // Grids are few (tens per community): the store returns them all, the page is cut here.
  Page<GridSummary> out;
  out.total = static_cast<std::int64_t>(grids->size());
  for (std::int64_t i = page->offset; i < out.total && i < page->offset + page->limit; ++i)
    out.items.push_back((*grids)[static_cast<std::size_t>(i)]);
  return http::Json(PageJson(out, *page));
}

}  // namespace

void RegisterGridRoutes(http::Router& router, Store& store, const ApiOptions&, Auth& auth) {
  ResourceOps<Grid> ops;
  ops.read = ReadGrid;
  ops.validate = ValidateGrid;
  ops.check_parent = [&store](const Grid& g, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetCommunity(g.community_id, scope)), "community_id", "社区");
  };
  ops.parent_of = [](const Grid& g) { return g.community_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Grid> {
    LINLI_TRY(GridSummary s, store.GetGrid(id, scope));
    return s.grid;
  };
  ops.create = [&store](const Grid& g) { return store.CreateGrid(g); };
  ops.update = [&store](const Grid& g, const Scope& scope) { return store.UpdateGrid(g, scope); };
  ops.remove = [&store](Id id, bool, const Scope& scope) { return store.DeleteGrid(id, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetGrid(id, scope), view); };

  auto params = PageParams();
  params.insert(params.begin(), {"community_id", "integer", true, "社区编号"});
  AddResourceRoutes<Grid>(router, {"grids", "grid", "Grid", "网格", ""}, std::move(ops),
                          [&store](Request& req) { return ListGridPage(store, req); }, std::move(params),
                          /*cascade_param=*/false);

  router.Add({.method = "POST", .pattern = "/api/v1/grids/{id}/buildings", .permission = "grid:write",
              .summary = "把楼栋移入网格", .tag = "grids", .request_schema = "BuildingIds", .response_schema = "Grid",
              .success_status = 200, .handler = [&store](Request& req) { return AssignBuildings(store, req); }});
  router.Add({.method = "GET", .pattern = "/api/v1/grids/export", .permission = "registry:export",
              .summary = "导出网格（.xlsx）", .tag = "grids",
              .query_params = {{"community_id", "integer", true, "社区编号"}},
              .handler = [&store, &auth](Request& req) -> Response {
                auto community_id = RequiredQueryId(req, "community_id");
                if (!community_id.ok()) return http::ErrorResponse(community_id.error());
                return AuditedXlsx(auth, req, "grids",
                                   service::ExportGrids(store, *community_id, ScopeOf(req), service::TodayLocal(),
                                                        ExportOptionsOf(req)));
              }});
  router.Add({.method = "POST", .pattern = "/api/v1/grid-plans", .permission = "grid:read",
              .summary = "按户数均衡划分网格（只计算，不保存）", .tag = "grids", .request_schema = "GridPlanRequest",
              .response_schema = "GridPlan", .success_status = 200, .handler = [&store](Request& req) { return ProposePlan(store, req); }});
  router.Add({.method = "POST", .pattern = "/api/v1/grid-plans/apply", .permission = "grid:write",
              .summary = "采用网格方案（每栋楼恰好分到一个网格）", .tag = "grids", .request_schema = "GridPlanApply",
              .response_schema = "GridItems", .success_status = 200, .handler = [&store](Request& req) { return ApplyPlan(store, req); }});
}

}  // namespace linli::api
