#include "api/routes.h"

#include "api/resource.h"
#include "api/session.h"

namespace linli::api {

void RegisterVoteRoutes(http::Router& router, std::shared_ptr<Auth> auth);  // votes.cc
void RegisterPropertyRoutes(http::Router& router, std::shared_ptr<Auth> auth);  // property.cc
void RegisterNoticeRoutes(http::Router& router, std::shared_ptr<Auth> auth, const ApiOptions& options);  // notices.cc
void RegisterDeliberationRoutes(http::Router& router, std::shared_ptr<Auth> auth,
                                const ApiOptions& options);  // deliberations.cc

std::shared_ptr<Auth> RegisterApiRoutes(http::Router& router, Store& store, const ApiOptions& options) {
  auto auth = std::make_shared<Auth>(store, options.auth);
  InstallAuthorizer(router, auth);
  RegisterSchemas(router);
  RegisterAuthRoutes(router, auth);
  RegisterUserRoutes(router, auth);
  RegisterTokenRoutes(router, auth);
  RegisterAuditRoutes(router, auth);
  RegisterMeRoutes(router, auth);
  RegisterRevealRoutes(router, auth);
  RegisterMetaRoutes(router, store, options);
  RegisterCommunityRoutes(router, store, options);
  RegisterCompoundRoutes(router, store, options);
  RegisterBuildingRoutes(router, store, options);
  RegisterUnitRoutes(router, store, options);
  RegisterHouseholdRoutes(router, store, options, *auth);
  RegisterResidentRoutes(router, store, options, *auth);
  RegisterGridRoutes(router, store, options, *auth);
  RegisterImportRoutes(router, store, options);
  RegisterNoticeRoutes(router, auth, options);
  RegisterDemandRoutes(router, auth, options);
  RegisterVoteRoutes(router, auth);
  RegisterDeliberationRoutes(router, auth, options);
  RegisterPropertyRoutes(router, auth);
  return auth;
}

}  // namespace linli::api
