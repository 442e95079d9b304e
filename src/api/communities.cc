// Communities (社区).
//   GET   /api/v1/communities        community:read   list
//   POST  /api/v1/communities        community:write  create
//   GET   /api/v1/communities/{id}   community:read   one, with counts
//   PATCH /api/v1/communities/{id}   community:write  update code, name, street_name, district
#include "api/resource.h"
#include "domain/validation.h"

namespace linli::api {

void RegisterCommunityRoutes(http::Router& router, Store& store, const ApiOptions&) {
  ResourceOps<Community> ops;
  ops.read = [](http::JsonReader& in, Community& c, bool) { ReadCommunity(in, c); };
  ops.validate = [](const Community& c) -> Result<Community> {
    LINLI_TRY_STATUS(ValidateCommunity(c));
    return c;
  };
  ops.check_parent = [](const Community&, const Scope&) { return Ok(); };
  ops.parent_of = [](const Community&) { return Id{0}; };
  ops.load = [&store](Id id, const Scope& scope) -> Result<Community> {
    LINLI_TRY(CommunitySummary s, store.GetCommunity(id, scope));
    return s.community;
  };
  ops.create = [&store](const Community& c) { return store.CreateCommunity(c); };
  ops.update = [&store](const Community& c, const Scope& scope) { return store.UpdateCommunity(c, scope); };
  ops.show_created_unscoped = true;
  ops.show = [&store](Id id, const Scope& scope, const ViewPolicy& view) { return JsonOf(store.GetCommunity(id, scope), view); };

  auto list = [&store](Request& req) -> Response {
    auto page = req.QueryPage();
    if (!page.ok()) return http::ErrorResponse(page.error());
    return PageResponse(store.ListCommunities(ScopeOf(req), *page), *page);
  };
  AddResourceRoutes<Community>(router, {"communities", "community", "Community", "社区", ""}, std::move(ops), list,
                               PageParams(), /*cascade_param=*/false);
}

}  // namespace linli::api
