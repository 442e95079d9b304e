// Accounts (admin).
//   GET   /api/v1/users?q&role&offset&limit  user:read   list
//   POST  /api/v1/users                      user:write  create {username, display_name, role, password,
//   scope…} GET   /api/v1/users/{id}                 user:read   detail PATCH /api/v1/users/{id} user:write
//   display_name, role, disabled, scope fields POST  /api/v1/users/{id}/password        user:write  reset
//   {password} -> 204; the user's sessions end
#include "access/masking.h"
#include "access/password.h"
#include "access/permissions.h"
#include "api/resource.h"
#include "api/session.h"

namespace linli::api {

namespace {

// Reads the writable fields present (PATCH semantics) into `u`.
void ReadUser(http::JsonReader& in, User& u) {
  if (auto v = in.String("display_name")) u.display_name = *v;
  if (auto v = in.String("role")) {
    if (!ParseRole(*v)) in.AddError(in.FieldName("role"), "enum", "未知角色 " + *v);
    u.role = *v;
  }
  if (auto v = in.Bool("disabled")) u.disabled = *v;
  if (auto v = in.IdArray("community_ids")) u.community_ids = *v;
  if (auto v = in.IdArray("grid_ids")) u.grid_ids = *v;
  if (auto v = in.IdArray("compound_ids")) u.compound_ids = *v;
  if (auto v = in.String("street_code")) u.street_code = *v;
  if (in.IsNull("household_id")) u.household_id.reset();
  if (auto v = in.IdValue("household_id")) u.household_id = *v;
  if (in.IsNull("resident_id")) u.resident_id.reset();
  if (auto v = in.IdValue("resident_id")) u.resident_id = *v;
}

Response Audited(Auth& auth, const Request& req, std::string action, Id user_id, Response ok) {
  AuditEntry e;
  e.action = std::move(action);
  e.object_type = "user";
  e.object_id = std::to_string(user_id);
  if (Status s = AuditRequest(auth, req, std::move(e)); !s.ok()) return http::ErrorResponse(s.error());
  return ok;
}

}  // namespace

void RegisterUserRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  Store& store = auth->store();
  auto params = PageParams();
  params.insert(params.begin(),
                {{"q", "string", false, "用户名或姓名片段"}, {"role", "string", false, "角色代码"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/users",
              .permission = "user:read",
              .summary = "账号列表",
              .tag = "users",
              .query_params = std::move(params),
              .response_schema = "UserList",
              .handler = [&store](Request& req) -> Response {
                auto page = req.QueryPage();
                if (!page.ok()) return http::ErrorResponse(page.error());
                UserFilter f{req.Query("q").value_or(""), req.Query("role").value_or("")};
                return PageResponse(store.ListUsers(f, *page), *page);
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/users",
              .permission = "user:write",
              .summary = "新建账号",
              .tag = "users",
              .request_schema = "UserInput",
              .response_schema = "User",
              .handler = [auth, &store](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                User u;
                if (auto v = in->String("username"))
                  u.username = *v;
                else
                  RequireField(*in, "username");
                if (!in->Has("role")) RequireField(*in, "role");
                auto password = in->String("password");
                if (!password) RequireField(*in, "password");
                ReadUser(*in, u);
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                if (Status s = CheckPasswordPolicy(*password); !s.ok()) return http::FromStatus(s);
                auto hash = HashPassword(*password);
                if (!hash.ok()) return http::ErrorResponse(hash.error());
                u.password_hash = *hash;
                auto created = store.CreateUser(u);
                if (!created.ok()) return http::ErrorResponse(created.error());
                return Audited(*auth, req, "user_create", created->id, http::Json(ToJson(*created), 201));
              }});
  // The residents of one household, for linking a resident account to its own record (the admin
  // does not read the registry: names, relation and owner flag only, ID numbers masked).
  router.Add({.method = "GET",
              .pattern = "/api/v1/users/resident-choices",
              .permission = "user:write",
              .summary = "新建居民账号时可关联的居民（某住户的成员，身份证号已遮蔽）",
              .tag = "users",
              .query_params = {{"household_id", "integer", true, "住户编号"}},
              .handler = [&store](Request& req) -> Response {
                auto hid = req.Query("household_id");
                Id id = 0;
                try {
                  id = hid ? std::stoll(*hid) : 0;
                } catch (...) {
                  id = 0;
                }
                if (id <= 0)
                  return http::ErrorResponse(Error::Invalid("household_id", "required", "请填写住户编号"));
                auto h = store.GetHousehold(id, Scope::All());
                if (!h.ok()) return http::ErrorResponse(h.error());
                json::array items;
                for (const auto& r : h->residents)
                  items.push_back(json::object{{"id", r.id},
                                               {"name", r.name},
                                               {"relation", r.relation},
                                               {"is_owner", r.is_owner},
                                               {"id_number", MaskIdNumber(r.id_number)}});
                return http::Json(json::object{{"household_id", id},
                                               {"address", h->summary.address},
                                               {"items", std::move(items)}});
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/users/{id}",
              .permission = "user:read",
              .summary = "账号详情",
              .tag = "users",
              .response_schema = "User",
              .handler = [&store](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto u = store.GetUser(*id);
                if (!u.ok()) return http::ErrorResponse(u.error());
                return http::Json(ToJson(*u));
              }});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/users/{id}",
              .permission = "user:write",
              .summary = "修改账号（姓名、角色、停用、范围）",
              .tag = "users",
              .request_schema = "UserInput",
              .response_schema = "User",
              .handler = [auth, &store](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                auto u = store.GetUser(*id);
                if (!u.ok()) return http::ErrorResponse(u.error());
                User before = *u;
                ReadUser(*in, *u);
                if (auto unlock = in->Bool("unlock"); unlock && *unlock) {
                  u->locked_until.clear();
                  u->failed_logins = 0;
                }
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto updated = store.UpdateUser(*u);
                if (!updated.ok()) return http::ErrorResponse(updated.error());
                if (updated->disabled || updated->role != before.role) (void)store.DeleteUserSessions(*id);
                auth->ForgetUser(*id);  // role, scope or disabled: the next request reads the store
                return Audited(*auth, req, "user_update", *id, http::Json(ToJson(*updated)));
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/users/{id}/password",
              .permission = "user:write",
              .summary = "重置账号密码（结束其全部会话）",
              .tag = "users",
              .request_schema = "PasswordReset",
              .success_status = 204,
              .handler = [auth, &store](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                auto password = in->String("password");
                if (!password) RequireField(*in, "password");
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                if (Status s = CheckPasswordPolicy(*password); !s.ok()) return http::FromStatus(s);
                auto u = store.GetUser(*id);
                if (!u.ok()) return http::ErrorResponse(u.error());
                auto hash = HashPassword(*password);
                if (!hash.ok()) return http::ErrorResponse(hash.error());
                u->password_hash = *hash;
                u->locked_until.clear();
                u->failed_logins = 0;
                if (auto up = store.UpdateUser(*u); !up.ok()) return http::ErrorResponse(up.error());
                (void)store.DeleteUserSessions(*id);
                auth->ForgetUser(*id);
                return Audited(*auth, req, "password_reset", *id, http::FromStatus(Ok()));
              }});
}

}  // namespace linli::api
