// A resident's own data.
//   GET /api/v1/me/household  self:read  own household detail (404 without one)
//   GET /api/v1/me/export     self:read  own household's residents as .xlsx (audited)
#include "api/resource.h"
#include "api/session.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

// The caller's own household id: a resident's scope lists exactly his household.
Result<Id> OwnHousehold(const Request& req) {
  const auto& p = req.ctx.principal;
  if (p.role != "resident" || p.scope.household_ids.size() != 1)
    return Error::NotFound("当前账号没有关联的住户");
  return p.scope.household_ids.front();
}

}  // namespace

void RegisterMeRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  Store& store = auth->store();
  router.Add({.method = "GET",
              .pattern = "/api/v1/me/household",
              .permission = "self:read",
              .summary = "本人住户详情（居民）",
              .tag = "me",
              .response_schema = "HouseholdDetail",
              .handler = [&store](Request& req) -> Response {
                auto id = OwnHousehold(req);
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto detail = store.GetHousehold(*id, ScopeOf(req));
                if (!detail.ok()) return http::ErrorResponse(detail.error());
                return http::Json(ToJson(*detail, ViewOf(req)));
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/me/export",
              .permission = "self:read",
              .summary = "导出本人住户资料（.xlsx）",
              .tag = "me",
              .handler = [auth, &store](Request& req) -> Response {
                auto id = OwnHousehold(req);
                if (!id.ok()) return http::ErrorResponse(id.error());
                ResidentFilter f;
                f.scope = ScopeOf(req);
                f.household_id = *id;
                AuditEntry e;
                e.action = "export";
                e.object_type = "me";
                e.object_id = std::to_string(*id);
                if (Status s = AuditRequest(*auth, req, std::move(e)); !s.ok())
                  return http::ErrorResponse(s.error());
                service::ExportOptions o;
                o.sensitive_tags = ViewOf(req).sensitive_tags;
                return XlsxResponse(service::ExportResidents(store, f, service::TodayLocal(), o));
              }});
}

}  // namespace linli::api
