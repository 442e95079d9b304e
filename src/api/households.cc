// Households (户).
//   GET    /api/v1/households?community_id&compound_id&building_id&unit_id&grid_id&q&tag&offset&limit
//                                            household:read    list / search
//   GET    /api/v1/households/export?(same filters)   registry:export   .xlsx
//   POST   /api/v1/households                household:write   create
//   GET    /api/v1/households/{id}           household:read    detail (unit, building, compound, grid, residents)
//   PATCH  /api/v1/households/{id}           household:write   update door, area_m2, ...; unit_id = move
//   DELETE /api/v1/households/{id}?cascade=  household:write   409 when it has residents, unless cascade
#include "api/resource.h"
#include "domain/validation.h"
#include "service/export.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

std::vector<http::ParamDoc> FilterParams() { return LocationFilterParams("地址片段或居民姓名，如“水月院 2号”“刘艳”", false); }

}  // namespace

void RegisterHouseholdRoutes(http::Router& router, Store& store, const ApiOptions&, Auth& auth) {
  ResourceOps<Household> ops;
  ops.read = ReadHousehold;
  ops.validate = [](const Household& h) { return ValidateHousehold(h); };
  ops.check_parent = [&store](const Household& h, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetUnit(h.unit_id, scope)), "unit_id", "单元");
  };
  ops.parent_of = [](const Household& h) { return h.unit_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Household> {
    LINLI_TRY(HouseholdDetail d, store.GetHousehold(id, scope));
    return d.summary.household;
  };
  ops.create = [&store](const Household& h) { return store.CreateHousehold(h); };
  ops.update = [&store](const Household& h, const Scope& scope) { return store.UpdateHousehold(h, scope); };
  ops.remove = [&store](Id id, bool cascade, const Scope& scope) { return store.DeleteHousehold(id, cascade, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetHousehold(id, scope), view); };

  auto list = FilteredList<HouseholdFilter>(
      [&store](const HouseholdFilter& f, PageRequest page) { return store.ListHouseholds(f, page); });
  auto params = FilterParams();
  for (auto& p : PageParams()) params.push_back(p);
  AddResourceRoutes<Household>(router, {"households", "household", "Household", "住户", "HouseholdDetail"},
                               std::move(ops), list, std::move(params), /*cascade_param=*/true);

  router.Add({.method = "GET", .pattern = "/api/v1/households/export", .permission = "registry:export",
              .summary = "导出住户（.xlsx，条件同列表）", .tag = "households", .query_params = FilterParams(),
              .handler = FilteredExport<HouseholdFilter>(
                  auth, "households", [&store](const HouseholdFilter& f, const service::ExportOptions& o) {
                return service::ExportHouseholds(store, f, service::TodayLocal(), o);
              })});
}

}  // namespace linli::api
