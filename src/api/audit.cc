// The audit log (read-only through linli).
//   GET /api/v1/audit?actor&action&from&to&offset&limit  audit:read    entries, newest first
//   GET /api/v1/audit/export?(same filters)               audit:export  .xlsx (itself audited)
//   GET /api/v1/audit/verify                              audit:read    {ok, checked, first_bad_id}
#include "api/resource.h"
#include "api/session.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

AuditFilter ParseAuditFilter(const Request& req) {
  return AuditFilter{req.Query("actor").value_or(""), req.Query("action").value_or(""),
                     req.Query("from").value_or(""), req.Query("to").value_or("")};
}

std::vector<http::ParamDoc> AuditParams() {
  return {{"actor", "string", false, "操作人"},
          {"action", "string", false, "动作：login, login_failed, reveal, export, …"},
          {"from", "string", false, "起始时间（含），ISO 8601"},
          {"to", "string", false, "截止时间（不含），ISO 8601"}};
}

}  // namespace

void RegisterAuditRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  Store& store = auth->store();
  auto list_params = AuditParams();
  for (auto& p : PageParams()) list_params.push_back(p);
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit",
              .permission = "audit:read",
              .summary = "审计日志",
              .tag = "audit",
              .query_params = std::move(list_params),
              .response_schema = "AuditList",
              .handler = [&store](Request& req) -> Response {
                auto page = req.QueryPage();
                if (!page.ok()) return http::ErrorResponse(page.error());
                return PageResponse(store.ListAudit(ParseAuditFilter(req), *page), *page);
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/export",
              .permission = "audit:export",
              .summary = "导出审计日志（.xlsx，本次导出也记入日志）",
              .tag = "audit",
              .query_params = AuditParams(),
              .handler = [auth, &store](Request& req) -> Response {
                AuditEntry e;
                e.action = "export";
                e.object_type = "audit";
                if (Status s = AuditRequest(*auth, req, std::move(e)); !s.ok())
                  return http::ErrorResponse(s.error());
                return XlsxResponse(
                    service::ExportAudit(store, ParseAuditFilter(req), service::TodayLocal()));
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/audit/verify",
              .permission = "audit:read",
              .summary = "校验审计日志哈希链",
              .tag = "audit",
              .response_schema = "AuditCheck",
              .handler = [&store](Request&) -> Response {
                auto check = VerifyStoredAudit(store);
                if (!check.ok()) return http::ErrorResponse(check.error());
                return http::Json(
                    json::object{{"ok", check->ok},
                                 {"checked", check->checked},
                                 {"first_bad_id", check->first_bad_id ? json::value(*check->first_bad_id)
                                                                      : json::value(nullptr)}});
              }});
}

}  // namespace linli::api
