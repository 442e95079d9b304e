#include "store/sql_accounts.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unordered_map>

#include "access/audit_chain.h"
#include "access/password.h"
#include "access/permissions.h"
#include "core/metrics.h"

namespace linli::store {

namespace {

Value Int(std::int64_t v) { return Value(v); }
Value Bool(bool b) { return Value(static_cast<std::int64_t>(b ? 1 : 0)); }

std::vector<Id> Distinct(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool IsDigits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// ---------------------------------------------------------------- time (ISO 8601 UTC)

std::string FormatUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NowUtc() { return FormatUtc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())); }

// "YYYY-MM-DDTHH:MM:SS" (anything after the seconds is taken as UTC) + minutes.
Result<std::string> AddMinutes(const std::string& iso, int minutes) {
  int y, mo, d, h, mi, s;
  if (iso.size() < 19 || std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return Error::Invalid("now", "format", "时间格式应为 ISO 8601（UTC）");
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return Error::Invalid("now", "format", "时间格式应为 ISO 8601（UTC）");
  sys_seconds t = sys_days{ymd} + hours{h} + std::chrono::minutes{mi} + seconds{s} + std::chrono::minutes{minutes};
  return FormatUtc(system_clock::to_time_t(t));
}

// ---------------------------------------------------------------- row mapping

constexpr std::string_view kUserSelect =
    "SELECT t.id, t.username, t.display_name, t.role, t.password_hash, t.disabled, t.street_code, "
    "t.household_id, t.failed_logins, t.locked_until, t.last_login_at, t.created_at, t.resident_id FROM users t";

User ToUser(const std::vector<Value>& r) {
  User u;
  u.id = AsInt(r[0]), u.username = AsText(r[1]), u.display_name = AsText(r[2]), u.role = AsText(r[3]);
  u.password_hash = AsText(r[4]), u.disabled = AsInt(r[5]) != 0, u.street_code = AsText(r[6]);
  u.household_id = AsOptId(r[7]), u.failed_logins = static_cast<int>(AsInt(r[8]));
  u.locked_until = AsText(r[9]), u.last_login_at = AsText(r[10]), u.created_at = AsText(r[11]);
  u.resident_id = AsOptId(r[12]);
  return u;
}

// Fills the scope lists of `users` from user_scopes.
Status LoadScopes(Connection& c, std::vector<User>& users) {
  if (users.empty()) return Ok();
  std::unordered_map<Id, User*> by_id;
  std::vector<Id> ids;
  for (auto& u : users) by_id[u.id] = &u, ids.push_back(u.id);
  Params p;
  std::string in = InList(ids, p);
  LINLI_TRY(auto rows, c.Exec("SELECT user_id, kind, ref_id FROM user_scopes WHERE user_id IN (" + in +
                                  ") ORDER BY user_id, position",
                              p));
  for (auto& r : rows.rows) {
    User* u = by_id[AsInt(r[0])];
    std::string kind = AsText(r[1]);
    Id ref = AsInt(r[2]);
    if (kind == "community") u->community_ids.push_back(ref);
    else if (kind == "grid") u->grid_ids.push_back(ref);
    else if (kind == "compound") u->compound_ids.push_back(ref);
  }
  return Ok();
}

Result<User> LoadUser(Connection& c, std::string_view cond, Value param) {
  LINLI_TRY(auto rows, c.Exec(std::string(kUserSelect) + " WHERE " + std::string(cond), {std::move(param)}));
  if (rows.empty()) return Error::NotFound("用户不存在");
  std::vector<User> users{ToUser(rows[0])};
  LINLI_TRY_STATUS(LoadScopes(c, users));
  return std::move(users[0]);
}

Status WriteScopes(Connection& c, const User& u) {
  LINLI_TRY_STATUS(c.Exec("DELETE FROM user_scopes WHERE user_id = ?", {Value(u.id)}));
  auto put = [&](std::string_view kind, const std::vector<Id>& ids) -> Status {
    std::int64_t pos = 0;
    for (Id ref : ids)
      LINLI_TRY_STATUS(c.Exec("INSERT INTO user_scopes(user_id, kind, ref_id, position) VALUES (?, ?, ?, ?)",
                              {Value(u.id), Value(std::string(kind)), Value(ref), Int(pos++)}));
    return Ok();
  };
  LINLI_TRY_STATUS(put("community", u.community_ids));
  LINLI_TRY_STATUS(put("grid", u.grid_ids));
  return put("compound", u.compound_ids);
}

// kInvalidArgument on `field` unless every id names a row of `table`.
Status CheckIds(Connection& c, std::string_view table, const std::vector<Id>& ids, std::string field,
                std::string_view what) {
  if (ids.empty()) return Ok();
  Params p;
  std::string in = InList(ids, p);
  LINLI_TRY(auto r, c.Exec("SELECT COUNT(*) FROM " + std::string(table) + " WHERE id IN (" + in + ")", p));
  if (AsInt(r[0][0]) != static_cast<std::int64_t>(ids.size()))
    return Error::Invalid(std::move(field), "not_found", std::string(what) + "不存在");
  return Ok();
}

Status CheckRole(const std::string& role) {
  if (!ParseRole(role)) return Error::Invalid("role", "unknown_role", "未知角色: " + role);
  return Ok();
}

// Normalises the scope lists and checks every field of `u` that the store owns.
Status ValidateUser(Connection& c, User& u) {
  if (u.username.empty()) return Error::Invalid("username", "required", "必填");
  if (u.username.size() > 64) return Error::Invalid("username", "too_long", "用户名最长 64 个字符");
  if (u.password_hash.empty()) return Error::Invalid("password_hash", "required", "必填");
  LINLI_TRY_STATUS(CheckRole(u.role));
  if (!u.street_code.empty() && !IsDigits(u.street_code, 9))
    return Error::Invalid("street_code", "format", "街道代码应为 9 位数字");
  u.community_ids = Distinct(std::move(u.community_ids));
  u.grid_ids = Distinct(std::move(u.grid_ids));
  u.compound_ids = Distinct(std::move(u.compound_ids));
  LINLI_TRY_STATUS(CheckIds(c, "communities", u.community_ids, "community_ids", "社区"));
  LINLI_TRY_STATUS(CheckIds(c, "grids", u.grid_ids, "grid_ids", "网格"));
  LINLI_TRY_STATUS(CheckIds(c, "compounds", u.compound_ids, "compound_ids", "小区"));
  if (u.household_id) LINLI_TRY_STATUS(CheckIds(c, "households", {*u.household_id}, "household_id", "住户"));
  if (u.role != "resident") u.resident_id.reset();  // only a resident account has its own record
  if (u.resident_id) {
    // The linked resident record must exist and live in the account's household (which it sets
    // when the account names none).
    LINLI_TRY(auto r, c.Exec("SELECT household_id FROM residents WHERE id = ?", {Value(*u.resident_id)}));
    if (r.empty()) return Error::Invalid("resident_id", "not_found", "居民不存在");
    const Id home = AsInt(r[0][0]);
    if (!u.household_id) u.household_id = home;
    if (*u.household_id != home)
      return Error::Invalid("resident_id", "household_mismatch", "所选居民不住在该账号的住户");
  }
  return Ok();
}

Status UsernameFree(Connection& c, const std::string& username, Id self) {
  LINLI_TRY(auto r, c.Exec("SELECT id FROM users WHERE username = ?", {Value(username)}));
  for (auto& row : r.rows)
    if (AsInt(row[0]) != self) return Error::Conflict("用户名已存在", "username");
  return Ok();
}

constexpr std::string_view kSessionSelect =
    "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, remote_addr FROM sessions";
Session ToSession(const std::vector<Value>& r) {
  return {AsText(r[0]), AsInt(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]), AsText(r[5])};
}

constexpr std::string_view kTokenSelect =
    "SELECT id, name, token_hash, role, revoked, created_at, created_by FROM api_tokens";
ApiToken ToToken(const std::vector<Value>& r) {
  ApiToken t;
  t.id = AsInt(r[0]), t.name = AsText(r[1]), t.token_hash = AsText(r[2]), t.role = AsText(r[3]);
  t.revoked = AsInt(r[4]) != 0, t.created_at = AsText(r[5]), t.created_by = AsText(r[6]);
  return t;
}
Status LoadTokenCommunities(Connection& c, std::vector<ApiToken>& tokens) {
  if (tokens.empty()) return Ok();
  std::unordered_map<Id, ApiToken*> by_id;
  std::vector<Id> ids;
  for (auto& t : tokens) by_id[t.id] = &t, ids.push_back(t.id);
  Params p;
  std::string in = InList(ids, p);
  LINLI_TRY(auto rows, c.Exec("SELECT token_id, community_id FROM api_token_communities WHERE token_id IN (" +
                                  in + ") ORDER BY token_id, position",
                              p));
  for (auto& r : rows.rows) by_id[AsInt(r[0])]->community_ids.push_back(AsInt(r[1]));
  return Ok();
}

constexpr std::string_view kAuditSelect =
    "SELECT id, at, actor, action, object_type, object_id, subject, field, reason, remote_addr, prev_hash, "
    "hash FROM audit_log";
AuditEntry ToAudit(const Row& r) {
  AuditEntry e;
  e.id = AsInt(r.Get(0)), e.at = AsText(r.Get(1)), e.actor = AsText(r.Get(2)), e.action = AsText(r.Get(3));
  e.object_type = AsText(r.Get(4)), e.object_id = AsText(r.Get(5)), e.subject = AsText(r.Get(6));
  e.field = AsText(r.Get(7)), e.reason = AsText(r.Get(8)), e.remote_addr = AsText(r.Get(9));
  e.prev_hash = AsText(r.Get(10)), e.hash = AsText(r.Get(11));
  return e;
}

// A Row over an already read vector (to share ToAudit).
class VectorRow final : public Row {
 public:
  explicit VectorRow(const std::vector<Value>& v) : v_(v) {}
  int size() const override { return static_cast<int>(v_.size()); }
  Value Get(int c) const override { return v_[c]; }

 private:
  const std::vector<Value>& v_;
};

}  // namespace

// ---------------------------------------------------------------- transactions

#define LINLI_READ(...) ReadOn(pool_, __VA_ARGS__)
#define LINLI_WRITE(...) WriteOn(pool_, write_mu_, __VA_ARGS__)

// ---------------------------------------------------------------- users

Result<User> SqlAccounts::CreateUser(const User& in) {
  metrics::StoreTimer timer("CreateUser");
  return LINLI_WRITE([&](Connection& c) -> Result<User> {
    User u = in;
    LINLI_TRY_STATUS(ValidateUser(c, u));
    LINLI_TRY_STATUS(UsernameFree(c, u.username, 0));
    if (u.created_at.empty()) u.created_at = NowUtc();
    LINLI_TRY(auto r, c.Exec("INSERT INTO users(username, display_name, role, password_hash, disabled, "
                             "street_code, household_id, failed_logins, locked_until, last_login_at, created_at, "
                             "resident_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {Value(u.username), Value(u.display_name), Value(u.role), Value(u.password_hash),
                              Bool(u.disabled), Value(u.street_code), Nullable(u.household_id),
                              Int(u.failed_logins), Value(u.locked_until), Value(u.last_login_at),
                              Value(u.created_at), Nullable(u.resident_id)}));
    u.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteScopes(c, u));
    return u;
  });
}

Result<User> SqlAccounts::UpdateUser(const User& in) {
  metrics::StoreTimer timer("UpdateUser");
  return LINLI_WRITE([&](Connection& c) -> Result<User> {
    LINLI_TRY(auto old, LoadUser(c, "t.id = ?", Value(in.id)));
    User u = in;
    LINLI_TRY_STATUS(ValidateUser(c, u));
    LINLI_TRY_STATUS(UsernameFree(c, u.username, u.id));
    LINLI_TRY_STATUS(c.Exec("UPDATE users SET username = ?, display_name = ?, role = ?, password_hash = ?, "
                            "disabled = ?, street_code = ?, household_id = ?, failed_logins = ?, locked_until = ?, "
                            "resident_id = ? WHERE id = ?",
                            {Value(u.username), Value(u.display_name), Value(u.role), Value(u.password_hash),
                             Bool(u.disabled), Value(u.street_code), Nullable(u.household_id),
                             Int(u.failed_logins), Value(u.locked_until), Nullable(u.resident_id),
                             Value(u.id)}));
    LINLI_TRY_STATUS(WriteScopes(c, u));
    u.created_at = old.created_at;
    u.last_login_at = old.last_login_at;
    return u;
  });
}

Result<User> SqlAccounts::GetUser(Id id) {
  metrics::StoreTimer timer("GetUser");
  return LINLI_READ([&](Connection& c) { return LoadUser(c, "t.id = ?", Value(id)); });
}

Result<User> SqlAccounts::FindUserByName(const std::string& username) {
  metrics::StoreTimer timer("FindUserByName");
  return LINLI_READ([&](Connection& c) { return LoadUser(c, "t.username = ?", Value(username)); });
}

Result<Page<User>> SqlAccounts::ListUsers(const UserFilter& f, PageRequest page) {
  metrics::StoreTimer timer("ListUsers");
  return LINLI_READ([&](Connection& c) -> Result<Page<User>> {
    Params p;
    std::vector<std::string> conds;
    if (!f.role.empty()) {
      conds.push_back("t.role = ?");
      p.emplace_back(f.role);
    }
    if (!f.q.empty()) {
      const std::string instr(c.InstrFunction());
      conds.push_back("(" + instr + "(t.username, ?) > 0 OR " + instr + "(t.display_name, ?) > 0)");
      p.emplace_back(f.q);
      p.emplace_back(f.q);
    }
    const std::string where = Where(conds);
    Page<User> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM users t" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows, c.Exec(std::string(kUserSelect) + where + " ORDER BY t.id LIMIT ? OFFSET ?", p));
    for (auto& r : rows.rows) out.items.push_back(ToUser(r));
    LINLI_TRY_STATUS(LoadScopes(c, out.items));
    return out;
  });
}

Result<User> SqlAccounts::RecordLoginFailure(Id user_id, const std::string& now, int lock_after,
                                             int lock_minutes) {
  metrics::StoreTimer timer("RecordLoginFailure");
  LINLI_TRY(std::string lock_end, AddMinutes(now, lock_minutes));
  return LINLI_WRITE([&](Connection& c) -> Result<User> {
    // Incremented in place: concurrent failures (PostgreSQL) wait on the row lock, none is lost.
    LINLI_TRY(auto bumped, c.Exec("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", {Value(user_id)}));
    if (bumped.affected == 0) return Error::NotFound("用户不存在");
    LINLI_TRY(auto u, LoadUser(c, "t.id = ?", Value(user_id)));
    if (lock_after > 0 && u.failed_logins >= lock_after) {
      u.locked_until = lock_end;
      u.failed_logins = 0;
      LINLI_TRY_STATUS(c.Exec("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?",
                              {Value(u.locked_until), Value(user_id)}));
    }
    return u;
  });
}

Result<User> SqlAccounts::RecordLoginSuccess(Id user_id, const std::string& now) {
  metrics::StoreTimer timer("RecordLoginSuccess");
  return LINLI_WRITE([&](Connection& c) -> Result<User> {
    LINLI_TRY(auto u, LoadUser(c, "t.id = ?", Value(user_id)));
    u.failed_logins = 0, u.locked_until.clear(), u.last_login_at = now;
    LINLI_TRY_STATUS(c.Exec("UPDATE users SET failed_logins = 0, locked_until = '', last_login_at = ? WHERE id = ?",
                            {Value(now), Value(user_id)}));
    return u;
  });
}

// ---------------------------------------------------------------- sessions

Result<Session> SqlAccounts::CreateSession(const Session& s) {
  metrics::StoreTimer timer("CreateSession");
  if (s.id_hash.empty()) return Error::Invalid("id_hash", "required", "必填");
  return LINLI_WRITE([&](Connection& c) -> Result<Session> {
    LINLI_TRY(auto u, c.Exec("SELECT id FROM users WHERE id = ?", {Value(s.user_id)}));
    if (u.empty()) return Error::Invalid("user_id", "not_found", "用户不存在");
    LINLI_TRY(auto dup, c.Exec("SELECT 1 FROM sessions WHERE id_hash = ?", {Value(s.id_hash)}));
    if (!dup.empty()) return Error::Conflict("会话已存在", "id_hash");
    LINLI_TRY_STATUS(c.Exec("INSERT INTO sessions(id_hash, user_id, csrf_token, created_at, last_seen_at, "
                            "remote_addr) VALUES (?, ?, ?, ?, ?, ?)",
                            {Value(s.id_hash), Value(s.user_id), Value(s.csrf_token), Value(s.created_at),
                             Value(s.last_seen_at), Value(s.remote_addr)}));
    return s;
  });
}

Result<Session> SqlAccounts::GetSession(const std::string& id_hash) {
  metrics::StoreTimer timer("GetSession");
  return LINLI_READ([&](Connection& c) -> Result<Session> {
    LINLI_TRY(auto rows, c.Exec(std::string(kSessionSelect) + " WHERE id_hash = ?", {Value(id_hash)}));
    if (rows.empty()) return Error::NotFound("会话不存在");
    return ToSession(rows[0]);
  });
}

Status SqlAccounts::TouchSession(const std::string& id_hash, const std::string& now) {
  metrics::StoreTimer timer("TouchSession");
  return LINLI_WRITE([&](Connection& c) -> Status {
    LINLI_TRY(auto r, c.Exec("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", {Value(now), Value(id_hash)}));
    if (r.affected == 0) return Error::NotFound("会话不存在");
    return Ok();
  });
}

Status SqlAccounts::DeleteSession(const std::string& id_hash) {
  metrics::StoreTimer timer("DeleteSession");
  return LINLI_WRITE([&](Connection& c) -> Status {
    LINLI_TRY_STATUS(c.Exec("DELETE FROM sessions WHERE id_hash = ?", {Value(id_hash)}));
    return Ok();
  });
}

Status SqlAccounts::DeleteUserSessions(Id user_id) {
  metrics::StoreTimer timer("DeleteUserSessions");
  return LINLI_WRITE([&](Connection& c) -> Status {
    LINLI_TRY_STATUS(c.Exec("DELETE FROM sessions WHERE user_id = ?", {Value(user_id)}));
    return Ok();
  });
}

// ---------------------------------------------------------------- API tokens

Result<ApiToken> SqlAccounts::CreateToken(const ApiToken& in) {
  metrics::StoreTimer timer("CreateToken");
  if (in.name.empty()) return Error::Invalid("name", "required", "必填");
  if (in.token_hash.empty()) return Error::Invalid("token_hash", "required", "必填");
  LINLI_TRY_STATUS(CheckRole(in.role));
  return LINLI_WRITE([&](Connection& c) -> Result<ApiToken> {
    ApiToken t = in;
    t.community_ids = Distinct(std::move(t.community_ids));
    LINLI_TRY_STATUS(CheckIds(c, "communities", t.community_ids, "community_ids", "社区"));
    LINLI_TRY(auto dup, c.Exec("SELECT id FROM api_tokens WHERE token_hash = ?", {Value(t.token_hash)}));
    if (!dup.empty()) return Error::Conflict("令牌已存在", "token_hash");
    if (t.created_at.empty()) t.created_at = NowUtc();
    LINLI_TRY(auto r, c.Exec("INSERT INTO api_tokens(name, token_hash, role, revoked, created_at, created_by) "
                             "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             {Value(t.name), Value(t.token_hash), Value(t.role), Bool(t.revoked),
                              Value(t.created_at), Value(t.created_by)}));
    t.id = AsInt(r[0][0]);
    std::int64_t pos = 0;
    for (Id community : t.community_ids)
      LINLI_TRY_STATUS(c.Exec("INSERT INTO api_token_communities(token_id, community_id, position) VALUES (?, ?, ?)",
                              {Value(t.id), Value(community), Int(pos++)}));
    return t;
  });
}

Result<ApiToken> SqlAccounts::FindTokenByHash(const std::string& token_hash) {
  metrics::StoreTimer timer("FindTokenByHash");
  return LINLI_READ([&](Connection& c) -> Result<ApiToken> {
    LINLI_TRY(auto rows,
              c.Exec(std::string(kTokenSelect) + " WHERE token_hash = ? AND revoked = 0", {Value(token_hash)}));
    if (rows.empty()) return Error::NotFound("令牌不存在");
    std::vector<ApiToken> tokens{ToToken(rows[0])};
    LINLI_TRY_STATUS(LoadTokenCommunities(c, tokens));
    return std::move(tokens[0]);
  });
}

Result<std::vector<ApiToken>> SqlAccounts::ListTokens() {
  metrics::StoreTimer timer("ListTokens");
  return LINLI_READ([&](Connection& c) -> Result<std::vector<ApiToken>> {
    LINLI_TRY(auto rows, c.Exec(std::string(kTokenSelect) + " ORDER BY id"));
    std::vector<ApiToken> tokens;
    for (auto& r : rows.rows) tokens.push_back(ToToken(r));
    LINLI_TRY_STATUS(LoadTokenCommunities(c, tokens));
    return tokens;
  });
}

Status SqlAccounts::RevokeToken(Id id) {
  metrics::StoreTimer timer("RevokeToken");
  return LINLI_WRITE([&](Connection& c) -> Status {
    LINLI_TRY(auto r, c.Exec("UPDATE api_tokens SET revoked = 1 WHERE id = ?", {Value(id)}));
    if (r.affected == 0) return Error::NotFound("令牌不存在");
    return Ok();
  });
}

// ---------------------------------------------------------------- audit log

Result<AuditEntry> SqlAccounts::AppendAudit(AuditEntry e) {
  metrics::StoreTimer timer("AppendAudit");
  if (e.at.empty()) return Error::Invalid("at", "required", "必填");
  LINLI_TRY_STATUS(InitCrypto());
  return LINLI_WRITE([&](Connection& c) -> Result<AuditEntry> {
    LINLI_TRY_STATUS(c.LockForAppend("audit_log"));
    LINLI_TRY(auto last, c.Exec("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    e.id = last.empty() ? 1 : AsInt(last[0][0]) + 1;
    e.prev_hash = last.empty() ? std::string() : AsText(last[0][1]);
    e.hash = ComputeAuditHash(e);
    LINLI_TRY_STATUS(c.Exec("INSERT INTO audit_log(id, at, actor, action, object_type, object_id, subject, field, "
                            "reason, remote_addr, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {Value(e.id), Value(e.at), Value(e.actor), Value(e.action), Value(e.object_type),
                             Value(e.object_id), Value(e.subject), Value(e.field), Value(e.reason),
                             Value(e.remote_addr), Value(e.prev_hash), Value(e.hash)}));
    return e;
  });
}

Result<Page<AuditEntry>> SqlAccounts::ListAudit(const AuditFilter& f, PageRequest page) {
  metrics::StoreTimer timer("ListAudit");
  return LINLI_READ([&](Connection& c) -> Result<Page<AuditEntry>> {
    Params p;
    std::vector<std::string> conds;
    auto add = [&](const std::string& value, std::string cond) {
      if (value.empty()) return;
      conds.push_back(std::move(cond));
      p.emplace_back(value);
    };
    add(f.actor, "actor = ?");
    add(f.action, "action = ?");
    add(f.from, "at >= ?");
    add(f.to, "at < ?");
    const std::string where = Where(conds);
    Page<AuditEntry> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM audit_log" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows, c.Exec(std::string(kAuditSelect) + where + " ORDER BY id DESC LIMIT ? OFFSET ?", p));
    for (auto& r : rows.rows) out.items.push_back(ToAudit(VectorRow(r)));
    return out;
  });
}

Status SqlAccounts::ForEachAudit(const std::function<void(const AuditEntry&)>& fn) {
  metrics::StoreTimer timer("ForEachAudit");
  return LINLI_READ([&](Connection& c) -> Status {
    LINLI_TRY_STATUS(c.ForEach(std::string(kAuditSelect) + " ORDER BY id", {},
                               [&](const Row& r) { fn(ToAudit(r)); }));
    return Ok();
  });
}

// ---------------------------------------------------------------- streets

Result<std::vector<Id>> SqlAccounts::CommunityIdsOfStreet(const std::string& street_code) {
  metrics::StoreTimer timer("CommunityIdsOfStreet");
  if (!IsDigits(street_code, 9)) return Error::Invalid("street_code", "format", "街道代码应为 9 位数字");
  return LINLI_READ([&](Connection& c) -> Result<std::vector<Id>> {
    LINLI_TRY(auto rows,
              c.Exec("SELECT id FROM communities WHERE substr(code, 1, 9) = ? ORDER BY id", {Value(street_code)}));
    std::vector<Id> ids;
    for (auto& r : rows.rows) ids.push_back(AsInt(r[0]));
    return ids;
  });
}

#undef LINLI_READ
#undef LINLI_WRITE

}  // namespace linli::store

namespace linli {

Result<AuditCheck> VerifyStoredAudit(Store& store) {
  LINLI_TRY_STATUS(InitCrypto());
  AuditCheck check;
  std::string prev;
  Id last_id = 0;
  LINLI_TRY_STATUS(store.ForEachAudit([&](const AuditEntry& e) {
    if (!check.ok) return;
    ++check.checked;
    if (e.id <= last_id || e.prev_hash != prev || ComputeAuditHash(e) != e.hash) {
      check.ok = false;
      check.first_bad_id = e.id;
      return;
    }
    prev = e.hash;
    last_id = e.id;
  }));
  return check;
}

}  // namespace linli
