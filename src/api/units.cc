// Units (单元).
//   GET    /api/v1/units?building_id=    unit:read   list (building_id required)
//   POST   /api/v1/units                 unit:write  create
//   GET    /api/v1/units/{id}            unit:read   one, with counts
//   PATCH  /api/v1/units/{id}            unit:write  update name; building_id = move
//   DELETE /api/v1/units/{id}?cascade=   unit:write  409 when it has households, unless cascade
#include "api/resource.h"
#include "domain/validation.h"

namespace linli::api {

void RegisterUnitRoutes(http::Router& router, Store& store, const ApiOptions&) {
  ResourceOps<Unit> ops;
  ops.read = ReadUnit;
  ops.validate = [](const Unit& u) -> Result<Unit> {
    LINLI_TRY_STATUS(ValidateName(u.name, "name"));
    return u;
  };
  ops.check_parent = [&store](const Unit& u, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetBuilding(u.building_id, scope)), "building_id", "楼栋");
  };
  ops.parent_of = [](const Unit& u) { return u.building_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Unit> {
    LINLI_TRY(UnitSummary s, store.GetUnit(id, scope));
    return s.unit;
  };
  ops.create = [&store](const Unit& u) { return store.CreateUnit(u); };
  ops.update = [&store](const Unit& u, const Scope& scope) { return store.UpdateUnit(u, scope); };
  ops.remove = [&store](Id id, bool cascade, const Scope& scope) { return store.DeleteUnit(id, cascade, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetUnit(id, scope), view); };

  std::vector<http::ParamDoc> params;
  auto list = ListByParent(
      "building_id", "楼栋",
      [&store](Id id, const Scope& scope, PageRequest page) { return store.ListUnits(id, scope, page); }, &params);
  AddResourceRoutes<Unit>(router, {"units", "unit", "Unit", "单元", ""}, std::move(ops), list, std::move(params),
                          /*cascade_param=*/true);
}

}  // namespace linli::api
