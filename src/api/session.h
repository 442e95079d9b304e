// Authentication and authorization of every API request (docs/api.md "Accounts, sessions and
// personal data"): the router's authorizer, sessions, API tokens, CSRF, login rate limiting and
// the audit helper the resources use.
//
//   auto auth = std::make_shared<api::Auth>(store, api::AuthOptions{});
//   api::InstallAuthorizer(router, auth);   // before the server starts
//
// Sessions: the id is 32 CSPRNG bytes (libsodium) in base64url, sent once in the `linli_session`
// cookie (HttpOnly; SameSite=Strict; Path=/; Secure when TLS is configured); the store keeps only
// its BLAKE2b-256 hash. Idle and absolute timeouts are enforced on every request. API tokens
// (`Authorization: Bearer …`) are looked up by the same hash and must not be revoked.
//
// The principal cache (AuthOptions::principal_cache_seconds > 0; the server uses 5 s): a resolved
// session or token — user, role, scope, CSRF token, session times — is kept in memory, keyed by
// the secret's hash, and reused for that long without asking the store. Everything this process
// changes through the API ends the entry at once: logout, password change and reset, disabling,
// role and scope changes, lockout, token revocation (users.cc calls ForgetUser after its writes;
// the authorizer itself holds a user's or the tokens' entries out of the cache while such a
// request runs). The cache is per process: a change made elsewhere (another linli process on the
// same database, `linli user` on the command line, a direct store write) is seen within the TTL.
// last_seen_at is written at most every touch_seconds (60 s), so the idle timeout fires between
// idle_minutes - 1 min and idle_minutes after the last request.
//
// Thread rule: an Auth is shared by the worker threads; every method is thread-safe (the rate
// limiter and the cache are mutex-guarded, the store is thread-safe). The store must outlive it.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "access/view_policy.h"
#include "core/result.h"
#include "http/request.h"
#include "http/router.h"
#include "store/store.h"

namespace linli::api {

struct AuthOptions {
  int session_idle_minutes = 30;
  int session_max_hours = 12;
  bool secure_cookie = false;      // add `Secure` to the cookie (when served over TLS)
  int login_attempts = 20;         // per remote address ...
  int login_window_seconds = 300;  // ... within this window, then 429
  int lock_after = 5;              // failed logins before the account locks
  int lock_minutes = 15;
  int touch_seconds = 60;           // last_seen_at is written at most this often per session
  int principal_cache_seconds = 0;  // reuse a resolved session/token this long; 0 = always ask the store
  std::size_t principal_cache_max = 10000;  // entries; a full cache drops expired ones, then all
  // Seconds since the epoch; the system clock when empty (tests inject their own).
  std::function<std::int64_t()> clock = {};
};

inline constexpr std::string_view kSessionCookie = "linli_session";

// "2026-11-22T08:30:00Z" for `seconds` since the epoch.
std::string FormatUtc(std::int64_t seconds);
// The reverse; nullopt for anything else.
std::optional<std::int64_t> ParseUtc(std::string_view text);
// Hex BLAKE2b-256 of a secret (session id, API token): the only form the store keeps.
std::string SecretHash(std::string_view secret);
// 32 CSPRNG bytes as base64url without padding.
std::string RandomToken();
// Constant-time equality of two strings (length is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

class Auth {
 public:
  Auth(Store& store, AuthOptions options);

  // The authorizer: resolves the principal (cookie or Bearer token), then, unless the route is
  // public, 401 without one, 403 (reason csrf) for a state-changing cookie request without the
  // right X-CSRF-Token, 403 when the role lacks route.permission, and fills the scope.
  Status Authorize(const http::Route& route, http::Request& req);

  // The login flow for POST /auth/login. Errors: 429 rate_limited (per address), 401 (the same
  // message for an unknown user, a disabled one and a wrong password), 403 reason
  // account_locked. On success creates a new session (the request's old session, if any, is
  // deleted) and returns the user and the session's clear id and CSRF token.
  struct LoginResult {
    User user;
    std::string session_id, csrf_token;
  };
  Result<LoginResult> Login(const http::Request& req, const std::string& username,
                            const std::string& password);

  // The Set-Cookie value for a new session id, and the one that clears it.
  std::string SessionCookie(const std::string& session_id) const;
  std::string ClearCookie() const;

  // The scope a user reaches (see docs/api.md): grid workers their grids, community staff/head
  // their communities, a street admin the communities of the street, a resident his household,
  // everybody else nothing. Errors: the store's.
  Result<Scope> ScopeOfUser(const User& user);

  // Ends the cached principals at once (the next request asks the store). Call after the store
  // write that ends or changes them: ForgetSession for one session, ForgetUser for every session
  // of a user (disable, role/scope change, password reset), ForgetTokens for every API token
  // (revocation). Thread-safe; cheap when the cache is off.
  void ForgetSession(const std::string& session_hash);
  void ForgetUser(Id user_id);
  void ForgetTokens();

  std::int64_t Now() const;
  std::string NowText() const { return FormatUtc(Now()); }
  Store& store() { return store_; }
  const AuthOptions& options() const { return options_; }

 private:
  // What a session or token resolves to, kept by the principal cache.
  struct Cached {
    http::Principal principal;
    std::int64_t fetched_at = 0;        // cache clock
    std::int64_t created = 0;           // session: created_at (Auth clock)
    std::atomic<std::int64_t> seen{0};  // session: last_seen_at as stored (Auth clock)
  };
  using CachedPtr = std::shared_ptr<Cached>;
  using CacheMap = std::unordered_map<std::string, CachedPtr>;

  Status Resolve(http::Request& req);
  Status ResolveToken(std::string_view token, http::Principal& p);
  bool AllowAttempt(const std::string& remote_addr);
  std::int64_t CacheNow() const;
  // The live entry for `key` in `map`, or null (expired, held, or absent).
  CachedPtr Lookup(CacheMap& map, const std::string& key);
  // Stores `entry` unless an invalidation happened since `epoch` was read or its owner is held.
  void Remember(CacheMap& map, const std::string& key, CachedPtr entry, std::uint64_t epoch);
  std::uint64_t Epoch();
  bool HeldLocked(const Cached& entry, bool token, std::int64_t now) const;
  // Called by Authorize before a handler that may end or change principals runs.
  void HoldFor(const http::Route& route, const http::Request& req);

  Store& store_;
  AuthOptions options_;
  std::string dummy_hash_;  // verified against for unknown users, so timing reveals nothing
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::int64_t>> attempts_;  // remote addr -> times
  // The principal cache (guarded by cache_mu_): session hash -> entry, token hash -> entry.
  std::mutex cache_mu_;
  CacheMap sessions_, tokens_;
  std::uint64_t epoch_ = 0;                          // bumped by every invalidation
  std::unordered_map<Id, std::int64_t> held_users_;  // user id -> cache clock until which not cached
  std::int64_t tokens_held_until_ = 0;
};

// Installs auth->Authorize as the router's authorizer. Call before the server starts.
void InstallAuthorizer(http::Router& router, std::shared_ptr<Auth> auth);

// Appends an audit entry for this request: `at` = now, actor = the principal's name
// ("anonymous" when none), remote_addr = the caller's address. Errors: the store's.
Status AuditRequest(Auth& auth, const http::Request& req, AuditEntry entry);

// Me = {user:{…}, permissions:[…], csrf_token} for the principal (docs/api.md).
boost::json::object MeJson(const User& user, std::string_view csrf_token);

}  // namespace linli::api
