// Login, logout, the caller's own account, and password change.
//   POST /api/v1/auth/login     auth:login (public)  {username, password} -> Me + Set-Cookie
//   POST /api/v1/auth/logout    self:read            204, session deleted, cookie cleared
//   GET  /api/v1/auth/me        self:read            Me
//   POST /api/v1/auth/password  self:write           {old_password, new_password} -> 204
#include "access/password.h"
#include "api/resource.h"
#include "api/session.h"

namespace linli::api {

void RegisterAuthRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/login",
              .permission = "auth:login",
              .summary = "登录（用户名 + 密码）",
              .tag = "auth",
              .request_schema = "LoginRequest",
              .response_schema = "Me",
              .success_status = 200,
              .is_public = true,
              .handler = [auth](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                auto username = in->String("username");
                auto password = in->String("password");
                if (!username) RequireField(*in, "username");
                if (!password) RequireField(*in, "password");
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto login = auth->Login(req, *username, *password);
                if (!login.ok()) return http::ErrorResponse(login.error());
                Response r = http::Json(MeJson(login->user, login->csrf_token));
                r.headers.emplace_back("Set-Cookie", auth->SessionCookie(login->session_id));
                r.headers.emplace_back("Cache-Control", "no-store");
                return r;
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/logout",
              .permission = "self:read",
              .summary = "退出登录",
              .tag = "auth",
              .handler = [auth](Request& req) -> Response {
                const auto& p = req.ctx.principal;
                if (!p.session_hash.empty()) {
                  if (Status s = auth->store().DeleteSession(p.session_hash); !s.ok())
                    return http::FromStatus(s);
                }
                Response r = http::FromStatus(Ok());
                r.headers.emplace_back("Set-Cookie", auth->ClearCookie());
                return r;
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/auth/me",
              .permission = "self:read",
              .summary = "当前账号、权限和 CSRF 令牌",
              .tag = "auth",
              .response_schema = "Me",
              .handler = [auth](Request& req) -> Response {
                const auto& p = req.ctx.principal;
                if (p.via_token) {
                  User u;
                  u.username = p.username;
                  u.display_name = p.display_name;
                  u.role = p.role;
                  u.community_ids = p.scope.community_ids;
                  return http::Json(MeJson(u, ""));
                }
                auto user = auth->store().GetUser(p.user_id);
                if (!user.ok()) return http::ErrorResponse(user.error());
                return http::Json(MeJson(*user, p.csrf_token));
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/password",
              .permission = "self:write",
              .summary = "修改本人密码",
              .tag = "auth",
              .request_schema = "PasswordChange",
              .handler = [auth](Request& req) -> Response {
                const auto& p = req.ctx.principal;
                if (p.user_id == 0)
                  return http::ErrorResponse(ErrorCode::kPermissionDenied, "接口令牌没有密码");
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                auto old_pw = in->String("old_password");
                auto new_pw = in->String("new_password");
                if (!old_pw) RequireField(*in, "old_password");
                if (!new_pw) RequireField(*in, "new_password");
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                if (Status s = CheckPasswordPolicy(*new_pw, "new_password"); !s.ok())
                  return http::FromStatus(s);
                auto user = auth->store().GetUser(p.user_id);
                if (!user.ok()) return http::ErrorResponse(user.error());
                if (!VerifyPassword(*old_pw, user->password_hash))
                  return http::ErrorResponse(
                      Error::Invalid("old_password", "password_wrong", "原密码不正确"));
                auto hash = HashPassword(*new_pw);
                if (!hash.ok()) return http::ErrorResponse(hash.error());
                user->password_hash = *hash;
                if (auto u = auth->store().UpdateUser(*user); !u.ok()) return http::ErrorResponse(u.error());
                AuditEntry e;
                e.action = "password_change";
                e.object_type = "user";
                e.object_id = std::to_string(p.user_id);
                return http::FromStatus(AuditRequest(*auth, req, std::move(e)));
              }});
}

}  // namespace linli::api
