// The route table: every endpoint with its permission and OpenAPI documentation, matched by
// method and path. No Beast types; the server calls Router::Dispatch for every request.
//
//   router.Add({.method = "GET", .pattern = "/api/v1/households/{id}",
//               .permission = "household:read", .summary = "住户详情", .tag = "households",
//               .response_schema = "HouseholdDetail", .handler = GetHousehold});
//
// Thread rule: Add/AddSchema/set_authorizer only before the server starts; Match/Dispatch are
// then safe from many threads at once.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace linli::http {

// A documented query parameter.
struct ParamDoc {
  std::string name;
  std::string type = "string";  // OpenAPI type: string, integer, boolean, number
  bool required = false;
  std::string description = {};
};

struct Route {
  std::string method;      // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;     // "/api/v1/households/{id}": a {name} matches one non-empty segment
  std::string permission;  // "household:read" (resource:action); required, never empty
  std::string summary = {};  // one line for OpenAPI
  std::string tag = {};      // OpenAPI tag (group), e.g. "households"
  std::vector<ParamDoc> query_params = {};
  std::string request_schema = {};   // component schema name of the JSON body; "" = none
  std::string response_schema = {};  // component schema name of the success body; "" = none
  std::size_t max_body = 0;          // 0 = the server's JSON default; uploads set 20 MB
  int success_status = 0;            // documented success status; 0 = 201 for POST, 204 for DELETE, else 200
  bool is_public = false;            // callable without a session or token (login, /healthz, openapi.json)
  std::function<Response(Request&)> handler = {};
};

struct RouteMatch {
  const Route* route = nullptr;  // null on failure
  std::map<std::string, std::string> params;
  std::optional<Error> error;  // kNotFound or kMethodNotAllowed
  std::string allow;           // for 405: "GET, PATCH, DELETE"
};

// Decides whether the request may run the route (called before every handler, after matching;
// may fill req.ctx.principal). Ok = allow; an error (401/403/...) is returned as the response.
using Authorizer = std::function<Status(const Route&, Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds a route. Aborts (a programming error, found at start-up) when the method or pattern is
  // malformed, the permission is empty or not "resource:action", the handler is empty, or the
  // same method+pattern was already added.
  void Add(Route route);
  // A JSON schema (OpenAPI 3.0 schema object) under components/schemas/<name>.
  void AddSchema(std::string name, boost::json::value schema);
  // Replaces the authorization hook (default: allow everything).
  void set_authorizer(Authorizer authorize) { authorize_ = std::move(authorize); }

  // Matches method+path (path already percent-decoded, no query). A literal segment beats a
  // {param} at the same position, so "/households/export" wins over "/households/{id}".
  // HEAD matches GET routes.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Match + authorize + handler, exceptions caught (-> 500 JSON, logged). Fills
  // req.path_params. `*matched` receives the route (nullptr when none matched), for metrics.
  Response Dispatch(Request& req, const Route** matched = nullptr) const;
  // The second half of Dispatch for a match already made (the server matches once, after the
  // headers, to pick the body limit): 404/405 from `match.error`, else authorize + handler.
  Response Run(RouteMatch match, Request& req) const;

  const std::vector<Route>& routes() const { return routes_; }
  const std::map<std::string, boost::json::value>& schemas() const { return schemas_; }

 private:
  struct Compiled;
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;  // parallel to routes_
  std::unordered_map<std::string, std::vector<std::size_t>> literal_;  // pattern w/o params -> routes
  std::map<std::string, boost::json::value> schemas_;
  Authorizer authorize_;
};

}  // namespace linli::http
