// Compounds (小区).
//   GET    /api/v1/compounds?community_id=   compound:read   list (community_id required)
//   POST   /api/v1/compounds                 compound:write  create
//   GET    /api/v1/compounds/{id}            compound:read   one, with counts
//   PATCH  /api/v1/compounds/{id}            compound:write  update name, address, property_company
//   DELETE /api/v1/compounds/{id}?cascade=   compound:write  409 when it has buildings, unless cascade
#include "api/resource.h"
#include "domain/validation.h"

namespace linli::api {

void RegisterCompoundRoutes(http::Router& router, Store& store, const ApiOptions&) {
  ResourceOps<Compound> ops;
  ops.read = ReadCompound;
  ops.validate = [](const Compound& c) -> Result<Compound> {
    LINLI_TRY_STATUS(ValidateName(c.name, "name"));
    return c;
  };
  ops.check_parent = [&store](const Compound& c, const Scope& scope) {
    return AsFieldReference(StatusOf(store.GetCommunity(c.community_id, scope)), "community_id", "社区");
  };
  ops.parent_of = [](const Compound& c) { return c.community_id; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Compound> {
    LINLI_TRY(CompoundSummary s, store.GetCompound(id, scope));
    return s.compound;
  };
  ops.create = [&store](const Compound& c) { return store.CreateCompound(c); };
  ops.update = [&store](const Compound& c, const Scope& scope) { return store.UpdateCompound(c, scope); };
  ops.remove = [&store](Id id, bool cascade, const Scope& scope) { return store.DeleteCompound(id, cascade, scope); };
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetCompound(id, scope), view); };

  std::vector<http::ParamDoc> params;
  auto list = ListByParent(
      "community_id", "社区",
      [&store](Id id, const Scope& scope, PageRequest page) { return store.ListCompounds(id, scope, page); }, &params);
  AddResourceRoutes<Compound>(router, {"compounds", "compound", "Compound", "小区", ""}, std::move(ops), list,
                              std::move(params), /*cascade_param=*/true);
}

}  // namespace linli::api
