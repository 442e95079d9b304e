// An HTTP request as handlers see it: plain strings, no Beast types. Built by the server, read by
// src/api handlers. Thread rule: a Request belongs to the one worker thread handling it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "store/store.h"

namespace linli::http {

// Who is calling, filled by the router's authorizer (src/api/session.h) from the session cookie or
// the API token. Before that (and for public routes called without credentials) the caller is
// anonymous: no role, and a restricted scope that reaches nothing.
struct Principal {
  std::string role;                        // RoleCode ("grid_worker", ...); "" = anonymous
  Scope scope{.unrestricted = false};      // what the caller reaches
  bool authenticated = false;
  Id user_id = 0;                          // 0 for API tokens and anonymous callers
  std::string username;                    // user name, "token:<name>", or "" (anonymous)
  std::string display_name;
  bool via_token = false;                  // Authorization: Bearer (no CSRF check)
  std::string session_hash;                // hash of the session id ("" unless via the cookie)
  std::string csrf_token;                  // the session's CSRF token
};

struct RequestContext {
  Principal principal;
  std::string request_id;  // echoed in the X-Request-Id response header and the log line
};

// Case-insensitive ASCII comparison for header names.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Request {
  std::string method;  // "GET", "POST", ... (upper case as received)
  std::string path;    // percent-decoded path without the query: "/api/v1/households/12"
  std::string target;  // the raw request target: "/api/v1/households?q=%E6%B0%B4"
  std::map<std::string, std::string> path_params;       // {"id": "12"} from the route pattern
  std::multimap<std::string, std::string> query;        // decoded; repeated keys kept in order
  std::vector<std::pair<std::string, std::string>> headers;  // as received
  std::string body;
  std::string remote_addr;  // "127.0.0.1"
  RequestContext ctx;

  // The first header with this name (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first query value for `name`, or nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  // An optional integer query parameter. Absent or empty -> nullopt.
  // Error: kInvalidArgument, field = name, reason "integer" when it is not a 64-bit integer.
  Result<std::optional<std::int64_t>> QueryInt(std::string_view name) const;
  // An optional boolean query parameter: true/false/1/0. Absent or empty -> nullopt.
  // Error: kInvalidArgument, field = name, reason "boolean".
  Result<std::optional<bool>> QueryBool(std::string_view name) const;
  // offset (>= 0, default 0) and limit (1..500, default 50).
  // Error: kInvalidArgument naming offset or limit, reason "integer" or "out_of_range".
  Result<PageRequest> QueryPage() const;
  // A positive id from the path parameter `name` (default "id").
  // Error: kInvalidArgument field = name, reason "id" when not a positive integer.
  Result<Id> PathId(std::string_view name = "id") const;
};

}  // namespace linli::http
