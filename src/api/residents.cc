// Residents (居民).
//   GET    /api/v1/residents?community_id&compound_id&building_id&unit_id&household_id&grid_id&q&tag&offset&limit
//                                           resident:read    list / search
//   GET    /api/v1/residents/export?(same filters)  registry:export  .xlsx
//   POST   /api/v1/residents                resident:write   create (all field problems at once)
//   GET    /api/v1/residents/{id}           resident:read    one, with its address
//   PATCH  /api/v1/residents/{id}           resident:write   update; household_id = move
//   DELETE /api/v1/residents/{id}           resident:write
#include "api/resource.h"
#include "domain/validation.h"
#include "service/export.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

std::vector<http::ParamDoc> FilterParams() { return LocationFilterParams("姓名片段，或完整的身份证号 / 电话", true); }

}  // namespace

void RegisterResidentRoutes(http::Router& router, Store& store, const ApiOptions&, Auth& auth) {
  ResourceOps<Resident> ops;
  ops.read = ReadResident;
  ops.validate = [](const Resident& r) { return ValidateResident(r, service::TodayLocal()); };
  ops.check_parent = [&store](const Resident& r, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetHousehold(r.household_id, scope)), "household_id", "住户");
  };
  ops.parent_of = [](const Resident& r) { return r.household_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Resident> {
    LINLI_TRY(ResidentSummary s, store.GetResident(id, scope));
    return s.resident;
  };
  ops.create = [&store](const Resident& r) { return store.CreateResident(r); };
  ops.update = [&store](const Resident& r, const Scope& scope) { return store.UpdateResident(r, scope); };
  ops.remove = [&store](Id id, bool, const Scope& scope) { return store.DeleteResident(id, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetResident(id, scope), view); };

  auto list = FilteredList<ResidentFilter>(
      [&store](const ResidentFilter& f, PageRequest page) { return store.ListResidents(f, page); });
  auto params = FilterParams();
  for (auto& p : PageParams()) params.push_back(p);
  AddResourceRoutes<Resident>(router, {"residents", "resident", "Resident", "居民", ""}, std::move(ops), list,
                              std::move(params), /*cascade_param=*/false);

  router.Add({.method = "GET", .pattern = "/api/v1/residents/export", .permission = "registry:export",
              .summary = "导出居民（.xlsx，条件同列表；身份证号和电话已脱敏）", .tag = "residents",
              .query_params = FilterParams(), .handler = FilteredExport<ResidentFilter>(
                  auth, "residents", [&store](const ResidentFilter& f, const service::ExportOptions& o) {
                return service::ExportResidents(store, f, service::TodayLocal(), o);
              })});
}

}  // namespace linli::api
