#include "api/session.h"

#include <sodium.h>

#include <charconv>
#include <cstdio>
#include <ctime>

#include "access/password.h"
#include "access/permissions.h"
#include "api/resource.h"

namespace linli::api {

namespace {

const char kBadLogin[] = "用户名或密码错误";

bool StateChanging(std::string_view method) {
  return method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE";
}

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

Error Unauthenticated(std::string message = "请先登录") {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}, {}};
}

Error Denied(std::string message, std::string reason = {}) {
  Error e{ErrorCode::kPermissionDenied, std::move(message), {}, {}};
  if (!reason.empty()) e.details.push_back({"", std::move(reason), e.message});
  return e;
}

Scope Restricted() {
  Scope s;
  s.unrestricted = false;
  return s;
}

}  // namespace

std::string FormatUtc(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::int64_t> ParseUtc(std::string_view text) {
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  std::tm tm{};
  int y, mo, d, h, mi, s;
  if (std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string SecretHash(std::string_view secret) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return b64;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Auth::Auth(Store& store, AuthOptions options) : store_(store), options_(std::move(options)) {
  (void)InitCrypto();
  auto dummy = HashPassword(RandomToken());
  if (dummy.ok()) dummy_hash_ = *dummy;
}

std::int64_t Auth::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<Scope> Auth::ScopeOfUser(const User& user) {
  Scope s = Restricted();
  auto role = ParseRole(user.role);
  if (!role) return s;
  switch (*role) {
    case Role::kGridWorker:
      s.grid_ids = user.grid_ids;
      break;
    case Role::kCommunityStaff:
    case Role::kCommunityHead:
      s.community_ids = user.community_ids;
      break;
    case Role::kStreetAdmin:
      if (!user.street_code.empty()) {
        LINLI_TRY(s.community_ids, store_.CommunityIdsOfStreet(user.street_code));
      }
      break;
    case Role::kResident:
      if (user.household_id) s.household_ids = {*user.household_id};
      break;
    default:
      break;  // property company, auditor, admin: no registry scope
  }
  return s;
}

std::int64_t Auth::CacheNow() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::uint64_t Auth::Epoch() {
  std::lock_guard lock(cache_mu_);
  return epoch_;
}

bool Auth::HeldLocked(const Cached& entry, bool token, std::int64_t now) const {
  if (token) return now < tokens_held_until_;
  auto it = held_users_.find(entry.principal.user_id);
  return it != held_users_.end() && now < it->second;
}

Auth::CachedPtr Auth::Lookup(CacheMap& map, const std::string& key) {
  if (options_.principal_cache_seconds <= 0) return nullptr;
  std::int64_t now = CacheNow();
  std::lock_guard lock(cache_mu_);
  auto it = map.find(key);
  if (it == map.end()) return nullptr;
  if (now - it->second->fetched_at >= options_.principal_cache_seconds || now < it->second->fetched_at ||
      HeldLocked(*it->second, &map == &tokens_, now)) {
    map.erase(it);
    return nullptr;
  }
  return it->second;
}

void Auth::Remember(CacheMap& map, const std::string& key, CachedPtr entry, std::uint64_t epoch) {
  if (options_.principal_cache_seconds <= 0) return;
  std::int64_t now = CacheNow();
  std::lock_guard lock(cache_mu_);
  if (epoch != epoch_ || HeldLocked(*entry, &map == &tokens_, now)) return;
  if (map.size() >= options_.principal_cache_max) {
    for (auto it = map.begin(); it != map.end();) {
      if (now - it->second->fetched_at >= options_.principal_cache_seconds)
        it = map.erase(it);
      else
        ++it;
    }
    if (map.size() >= options_.principal_cache_max) map.clear();
  }
  map[key] = std::move(entry);
}

void Auth::ForgetSession(const std::string& session_hash) {
  std::lock_guard lock(cache_mu_);
  ++epoch_;
  sessions_.erase(session_hash);
}

void Auth::ForgetUser(Id user_id) {
  std::lock_guard lock(cache_mu_);
  ++epoch_;
  std::erase_if(sessions_, [user_id](const auto& kv) { return kv.second->principal.user_id == user_id; });
}

void Auth::ForgetTokens() {
  std::lock_guard lock(cache_mu_);
  ++epoch_;
  tokens_.clear();
}

// The handlers of logout, password change/reset, user changes and token revocation write after
// the authorizer ran. A request of the same user (or any token) resolved from the store between
// this point and that write must not be cached, so such entries stay out of the cache for a
// while; users.cc also calls ForgetUser after its writes.
void Auth::HoldFor(const http::Route& route, const http::Request& req) {
  if (options_.principal_cache_seconds <= 0 || !StateChanging(req.method)) return;
  const std::string& perm = route.permission;
  bool self = perm.rfind("self:", 0) == 0 || perm.rfind("auth:", 0) == 0;
  bool user = perm == "user:write";
  bool token = perm == "token:write";
  if (!self && !user && !token) return;
  constexpr std::int64_t kHoldSeconds = 60;  // far longer than any such handler runs
  std::int64_t until = CacheNow() + kHoldSeconds;
  Id target = 0;
  if (self) target = req.ctx.principal.user_id;
  if (user) {
    auto it = req.path_params.find("id");
    if (it != req.path_params.end()) {
      auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), target);
      if (ec != std::errc()) target = 0;
    }
  }
  std::lock_guard lock(cache_mu_);
  ++epoch_;
  if (token) {
    tokens_.clear();
    tokens_held_until_ = until;
  }
  if (target != 0) {
    std::erase_if(sessions_, [target](const auto& kv) { return kv.second->principal.user_id == target; });
    if (held_users_.size() > 1000) {
      std::int64_t now = until - kHoldSeconds;
      std::erase_if(held_users_, [now](const auto& kv) { return kv.second <= now; });
    }
    held_users_[target] = until;
  }
}

Status Auth::ResolveToken(std::string_view token, http::Principal& p) {
  std::string hash = SecretHash(token);
  if (CachedPtr hit = Lookup(tokens_, hash)) {
    p = hit->principal;
    return Ok();
  }
  std::uint64_t epoch = Epoch();
  auto found = store_.FindTokenByHash(hash);
  if (!found.ok()) {
    if (found.error().code == ErrorCode::kNotFound) return Unauthenticated("接口令牌无效或已吊销");
    return found.error();
  }
  auto entry = std::make_shared<Cached>();
  http::Principal& q = entry->principal;
  q.authenticated = true;
  q.via_token = true;
  q.role = found->role;
  q.username = "token:" + found->name;
  q.display_name = found->name;
  q.scope = Restricted();
  q.scope.community_ids = found->community_ids;
  entry->fetched_at = CacheNow();
  p = q;
  Remember(tokens_, hash, std::move(entry), epoch);
  return Ok();
}

Status Auth::Resolve(http::Request& req) {
  http::Principal& p = req.ctx.principal;
  if (auto authz = req.Header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authz->size() <= kBearer.size() || authz->substr(0, kBearer.size()) != kBearer)
      return Unauthenticated("Authorization 头格式应为 Bearer <令牌>");
    return ResolveToken(authz->substr(kBearer.size()), p);
  }
  auto cookie_header = req.Header("Cookie");
  if (!cookie_header) return Ok();
  std::string id = CookieValue(*cookie_header, kSessionCookie);
  if (id.empty()) return Ok();
  std::string hash = SecretHash(id);
  std::int64_t now = Now();
  CachedPtr entry = Lookup(sessions_, hash);
  if (entry == nullptr) {
    std::uint64_t epoch = Epoch();
    auto session = store_.GetSession(hash);
    if (!session.ok()) {
      if (session.error().code == ErrorCode::kNotFound) return Unauthenticated("会话已失效，请重新登录");
      return session.error();
    }
    auto created = ParseUtc(session->created_at);
    auto seen = ParseUtc(session->last_seen_at.empty() ? session->created_at : session->last_seen_at);
    if (!created || !seen) {
      (void)store_.DeleteSession(hash);
      return Unauthenticated("会话已超时，请重新登录");
    }
    entry = std::make_shared<Cached>();
    entry->created = *created;
    entry->seen = *seen;
    // Timeouts first: an expired session ends before its user is even read.
    if (now - *seen > std::int64_t{options_.session_idle_minutes} * 60 ||
        now - *created > std::int64_t{options_.session_max_hours} * 3600) {
      (void)store_.DeleteSession(hash);
      return Unauthenticated("会话已超时，请重新登录");
    }
    auto user = store_.GetUser(session->user_id);
    if (!user.ok() || user->disabled) {
      (void)store_.DeleteSession(hash);
      return Unauthenticated("账号不可用，请重新登录");
    }
    LINLI_TRY(Scope scope, ScopeOfUser(*user));
    http::Principal& q = entry->principal;
    q.authenticated = true;
    q.role = user->role;
    q.user_id = user->id;
    q.username = user->username;
    q.display_name = user->display_name;
    q.session_hash = hash;
    q.csrf_token = session->csrf_token;
    q.scope = std::move(scope);
    entry->fetched_at = CacheNow();
    Remember(sessions_, hash, entry, epoch);
  }
  std::int64_t seen = entry->seen.load(std::memory_order_relaxed);
  if (now - seen > std::int64_t{options_.session_idle_minutes} * 60 ||
      now - entry->created > std::int64_t{options_.session_max_hours} * 3600) {
    ForgetSession(hash);
    (void)store_.DeleteSession(hash);
    return Unauthenticated("会话已超时，请重新登录");
  }
  // One write per touch_seconds at most per session: the idle timeout needs no finer clock.
  if (now - seen >= options_.touch_seconds &&
      entry->seen.compare_exchange_strong(seen, now, std::memory_order_relaxed)) {
    (void)store_.TouchSession(hash, FormatUtc(now));
  }
  p = entry->principal;
  return Ok();
}

Status Auth::Authorize(const http::Route& route, http::Request& req) {
  req.ctx.principal = http::Principal{};
  // Public routes need no caller, except login, which ends the browser's previous session.
  if (route.is_public && route.permission != "auth:login") return Ok();
  Status resolved = Resolve(req);
  if (route.is_public) return Ok();  // login works with a stale cookie; the principal stays as resolved
  LINLI_TRY_STATUS(resolved);
  const http::Principal& p = req.ctx.principal;
  if (!p.authenticated) return Unauthenticated();
  if (!p.via_token && StateChanging(req.method)) {
    auto sent = req.Header("X-CSRF-Token");
    if (!sent || !ConstantTimeEquals(*sent, p.csrf_token)) return Denied("缺少或错误的 CSRF 令牌", "csrf");
  }
  auto role = ParseRole(p.role);
  if (!role || !RoleHas(*role, route.permission)) return Denied("没有权限：" + route.permission);
  HoldFor(route, req);
  return Ok();
}

bool Auth::AllowAttempt(const std::string& remote_addr) {
  std::lock_guard lock(mu_);
  std::int64_t now = Now();
  auto& q = attempts_[remote_addr];
  while (!q.empty() && now - q.front() >= options_.login_window_seconds) q.pop_front();
  if (static_cast<int>(q.size()) >= options_.login_attempts) return false;
  q.push_back(now);
  if (attempts_.size() > 100000) {  // bound memory: forget addresses with no recent attempt
    for (auto it = attempts_.begin(); it != attempts_.end();) {
      if (it->second.empty() || now - it->second.back() >= options_.login_window_seconds)
        it = attempts_.erase(it);
      else
        ++it;
    }
  }
  return true;
}

Result<Auth::LoginResult> Auth::Login(const http::Request& req, const std::string& username,
                                      const std::string& password) {
  if (!AllowAttempt(req.remote_addr))
    return Error{ErrorCode::kRateLimited, "登录尝试过于频繁，请稍后再试", {}, {}};
  auto audit_failure = [&](const std::string& object_id) {
    AuditEntry e;
    e.action = "login_failed";
    e.object_type = "user";
    e.object_id = object_id;
    e.actor = username.size() > 64 ? username.substr(0, 64) : username;
    e.at = NowText();
    e.remote_addr = req.remote_addr;
    (void)store_.AppendAudit(std::move(e));
  };
  auto user = store_.FindUserByName(username);
  if (!user.ok()) {
    if (user.error().code != ErrorCode::kNotFound) return user.error();
    (void)VerifyPassword(password, dummy_hash_);  // same work as for a real user
    audit_failure("");
    return Unauthenticated(kBadLogin);
  }
  std::string now = NowText();
  if (!user->locked_until.empty() && now < user->locked_until) {
    (void)VerifyPassword(password, dummy_hash_);
    audit_failure(std::to_string(user->id));
    return Denied("账号已锁定，请 15 分钟后再试", "account_locked");
  }
  bool good = VerifyPassword(password, user->password_hash);
  if (!good || user->disabled) {
    audit_failure(std::to_string(user->id));
    if (!good) {
      auto failed = store_.RecordLoginFailure(user->id, now, options_.lock_after, options_.lock_minutes);
      if (failed.ok() && !failed->locked_until.empty() && now < failed->locked_until) {
        ForgetUser(user->id);
        return Denied("连续登录失败次数过多，账号已锁定 15 分钟", "account_locked");
      }
    }
    return Unauthenticated(kBadLogin);
  }
  LINLI_TRY(User logged, store_.RecordLoginSuccess(user->id, now));
  // Rotation: a session the caller already had ends; the new one gets a fresh id.
  if (auto cookie = req.Header("Cookie")) {
    std::string old = CookieValue(*cookie, kSessionCookie);
    if (!old.empty()) {
      std::string old_hash = SecretHash(old);
      (void)store_.DeleteSession(old_hash);
      ForgetSession(old_hash);
    }
  }
  LoginResult out{std::move(logged), RandomToken(), RandomToken()};
  Session s;
  s.id_hash = SecretHash(out.session_id);
  s.user_id = out.user.id;
  s.csrf_token = out.csrf_token;
  s.created_at = now;
  s.last_seen_at = now;
  s.remote_addr = req.remote_addr;
  LINLI_TRY_STATUS(StatusOf(store_.CreateSession(s)));
  AuditEntry e;
  e.action = "login";
  e.object_type = "user";
  e.object_id = std::to_string(out.user.id);
  e.actor = out.user.username;
  e.at = now;
  e.remote_addr = req.remote_addr;
  LINLI_TRY_STATUS(StatusOf(store_.AppendAudit(std::move(e))));
  return out;
}

std::string Auth::SessionCookie(const std::string& session_id) const {
  std::string c = std::string(kSessionCookie) + "=" + session_id + "; Path=/; HttpOnly; SameSite=Strict";
  if (options_.secure_cookie) c += "; Secure";
  return c;
}

std::string Auth::ClearCookie() const {
  std::string c = std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (options_.secure_cookie) c += "; Secure";
  return c;
}

void InstallAuthorizer(http::Router& router, std::shared_ptr<Auth> auth) {
  router.set_authorizer(
      [auth](const http::Route& route, http::Request& req) { return auth->Authorize(route, req); });
}

Status AuditRequest(Auth& auth, const http::Request& req, AuditEntry entry) {
  const http::Principal& p = req.ctx.principal;
  entry.at = auth.NowText();
  entry.actor = p.username.empty() ? "anonymous" : p.username;
  entry.remote_addr = req.remote_addr;
  return StatusOf(auth.store().AppendAudit(std::move(entry)));
}

boost::json::object MeJson(const User& user, std::string_view csrf_token) {
  boost::json::array perms;
  if (auto role = ParseRole(user.role))
    for (const auto& code : PermissionsOf(*role)) perms.push_back(boost::json::string(code));
  return {{"user", ToJson(user)}, {"permissions", std::move(perms)}, {"csrf_token", csrf_token}};
}

}  // namespace linli::api
