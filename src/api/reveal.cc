// Reveal of one sensitive field of one person, with a stated reason (audited).
//   POST /api/v1/residents/{id}/reveal  sensitive:reveal  {field: id_number|phone|birth_date, reason} ->
//   {field, value}
// The resident must be in the caller's scope (404 otherwise). Nothing is revealed when the audit
// entry cannot be written.
#include "api/resource.h"
#include "api/session.h"
#include "domain/text_util.h"

namespace linli::api {

void RegisterRevealRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  Store& store = auth->store();
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/residents/{id}/reveal",
       .permission = "sensitive:reveal",
       .summary = "查看居民一个敏感字段的原文（须说明理由，记入审计日志）",
       .tag = "residents",
       .request_schema = "RevealRequest",
       .response_schema = "Revealed",
       .success_status = 200,
       .handler = [auth, &store](Request& req) -> Response {
         auto id = req.PathId();
         if (!id.ok()) return http::ErrorResponse(id.error());
         auto in = http::JsonReader::Parse(req.body);
         if (!in.ok()) return http::ErrorResponse(in.error());
         auto field = in->String("field");
         auto reason = in->String("reason");
         if (!field)
           RequireField(*in, "field");
         else if (*field != "id_number" && *field != "phone" && *field != "birth_date")
           in->AddError("field", "enum", "只能查看 id_number、phone 或 birth_date");
         if (!reason)
           RequireField(*in, "reason");
         else if (text::CodePointCount(*reason) < 2 || text::CodePointCount(*reason) > 200)
           in->AddError("reason", "length", "理由应为 2 到 200 个字");
         if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
         auto resident = store.GetResident(*id, ScopeOf(req));
         if (!resident.ok()) return http::ErrorResponse(resident.error());
         const Resident& r = resident->resident;
         std::string value = *field == "id_number" ? r.id_number : *field == "phone" ? r.phone : r.birth_date;
         AuditEntry e;
         e.action = "reveal";
         e.object_type = "resident";
         e.object_id = std::to_string(r.id);
         e.subject = std::to_string(r.id);
         e.field = *field;
         e.reason = *reason;
         if (Status s = AuditRequest(*auth, req, std::move(e)); !s.ok())
           return http::ErrorResponse(s.error());
         Response out = http::Json(json::object{{"field", *field}, {"value", value}});
         out.headers.emplace_back("Cache-Control", "no-store");
         return out;
       }});
}

}  // namespace linli::api
