// Buildings (楼).
//   GET    /api/v1/buildings?compound_id=    building:read   list (compound_id required)
//   POST   /api/v1/buildings                 building:write  create
//   GET    /api/v1/buildings/{id}            building:read   one, with counts and grid
//   PATCH  /api/v1/buildings/{id}            building:write  update name, floors, x, y; compound_id = move
//   DELETE /api/v1/buildings/{id}?cascade=   building:write  409 when it has units, unless cascade
// (grid membership changes through POST /api/v1/grids/{id}/buildings, see grids.cc)
#include "api/resource.h"
#include "domain/validation.h"

namespace linli::api {

void RegisterBuildingRoutes(http::Router& router, Store& store, const ApiOptions&) {
  ResourceOps<Building> ops;
  ops.read = ReadBuilding;
  ops.validate = [](const Building& b) -> Result<Building> {
    LINLI_TRY_STATUS(ValidateName(b.name, "name"));
    return b;
  };
  ops.check_parent = [&store](const Building& b, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetCompound(b.compound_id, scope)), "compound_id", "小区");
  };
  ops.parent_of = [](const Building& b) { return b.compound_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Building> {
    LINLI_TRY(BuildingSummary s, store.GetBuilding(id, scope));
    return s.building;
  };
  ops.create = [&store](const Building& b) { return store.CreateBuilding(b); };
  ops.update = [&store](const Building& b, const Scope& scope) { return store.UpdateBuilding(b, scope); };
  ops.remove = [&store](Id id, bool cascade, const Scope& scope) { return store.DeleteBuilding(id, cascade, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetBuilding(id, scope), view); };

  std::vector<http::ParamDoc> params;
  auto list = ListByParent(
      "compound_id", "小区",
      [&store](Id id, const Scope& scope, PageRequest page) { return store.ListBuildings(id, scope, page); }, &params);
  AddResourceRoutes<Building>(router, {"buildings", "building", "Building", "楼栋", ""}, std::move(ops), list,
                              std::move(params), /*cascade_param=*/true);
}

}  // namespace linli::api
