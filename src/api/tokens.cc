// API tokens for machine clients (admin). The clear token is shown once; only its hash is stored.
//   GET    /api/v1/tokens       token:read   list (never the token itself)
//   POST   /api/v1/tokens       token:write  {name, role, community_ids} -> 201 {id, name, role, token}
//   DELETE /api/v1/tokens/{id}  token:write  revoke -> 204
#include "access/permissions.h"
#include "api/resource.h"
#include "api/session.h"

namespace linli::api {

namespace {

json::object TokenJson(const ApiToken& t) {
  json::array ids;
  for (Id id : t.community_ids) ids.push_back(id);
  return {{"id", t.id},
          {"name", t.name},
          {"role", t.role},
          {"community_ids", ids},
          {"revoked", t.revoked},
          {"created_at", t.created_at},
          {"created_by", t.created_by}};
}

}  // namespace

void RegisterTokenRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  Store& store = auth->store();
  router.Add({.method = "GET",
              .pattern = "/api/v1/tokens",
              .permission = "token:read",
              .summary = "接口令牌列表",
              .tag = "tokens",
              .response_schema = "TokenItems",
              .handler = [&store](Request&) -> Response {
                auto tokens = store.ListTokens();
                if (!tokens.ok()) return http::ErrorResponse(tokens.error());
                json::array items;
                for (const ApiToken& t : *tokens) items.push_back(TokenJson(t));
                return http::Json(json::object{{"items", std::move(items)}});
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/tokens",
              .permission = "token:write",
              .summary = "新建接口令牌（令牌只显示这一次）",
              .tag = "tokens",
              .request_schema = "TokenInput",
              .response_schema = "TokenCreated",
              .handler = [auth, &store](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                ApiToken t;
                if (auto v = in->String("name"))
                  t.name = *v;
                else
                  RequireField(*in, "name");
                if (auto v = in->String("role")) {
                  if (!ParseRole(*v)) in->AddError("role", "enum", "未知角色 " + *v);
                  t.role = *v;
                } else {
                  RequireField(*in, "role");
                }
                if (auto v = in->IdArray("community_ids")) t.community_ids = *v;
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                std::string token = "llt_" + RandomToken();
                t.token_hash = SecretHash(token);
                t.created_by = req.ctx.principal.username;
                t.created_at = auth->NowText();
                auto created = store.CreateToken(t);
                if (!created.ok()) return http::ErrorResponse(created.error());
                AuditEntry e;
                e.action = "token_create";
                e.object_type = "token";
                e.object_id = std::to_string(created->id);
                if (Status s = AuditRequest(*auth, req, std::move(e)); !s.ok())
                  return http::ErrorResponse(s.error());
                json::object o = TokenJson(*created);
                o["token"] = token;
                return http::Json(o, 201);
              }});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/tokens/{id}",
              .permission = "token:write",
              .summary = "吊销接口令牌",
              .tag = "tokens",
              .handler = [auth, &store](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                if (Status s = store.RevokeToken(*id); !s.ok()) return http::FromStatus(s);
                AuditEntry e;
                e.action = "token_revoke";
                e.object_type = "token";
                e.object_id = std::to_string(*id);
                return http::FromStatus(AuditRequest(*auth, req, std::move(e)));
              }});
}

}  // namespace linli::api
