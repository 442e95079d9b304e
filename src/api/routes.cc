#include "api/routes.h"

#include "api/resource.h"

namespace linli::api {

void RegisterApiRoutes(http::Router& router, Store& store, const ApiOptions& options) {
  RegisterSchemas(router);
  RegisterMetaRoutes(router, store, options);
  RegisterCommunityRoutes(router, store, options);
  RegisterCompoundRoutes(router, store, options);
  RegisterBuildingRoutes(router, store, options);
  RegisterUnitRoutes(router, store, options);
  RegisterHouseholdRoutes(router, store, options);
  RegisterResidentRoutes(router, store, options);
  RegisterGridRoutes(router, store, options);
  RegisterImportRoutes(router, store, options);
}

}  // namespace linli::api
