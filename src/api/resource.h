// Internal to src/api: the mechanics shared by the resource files (query parameters, the
// create / patch / get / delete flow of the registry resources, route registration). The
// resource-specific parts (fields, rules, store calls, lists) stay in each resource's file.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "access/view_policy.h"
#include "api/json_mapping.h"
#include "api/routes.h"
#include "http/json_reader.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "service/export.h"
#include "store/store.h"

namespace linli::api {

using http::Request;
using http::Response;

// Per-file registration (called by RegisterApiRoutes).
void RegisterCommunityRoutes(http::Router& router, Store& store, const ApiOptions& options);
void RegisterCompoundRoutes(http::Router& router, Store& store, const ApiOptions& options);
void RegisterBuildingRoutes(http::Router& router, Store& store, const ApiOptions& options);
void RegisterUnitRoutes(http::Router& router, Store& store, const ApiOptions& options);
class Auth;  // session.h
void RegisterHouseholdRoutes(http::Router& router, Store& store, const ApiOptions& options, Auth& auth);
void RegisterResidentRoutes(http::Router& router, Store& store, const ApiOptions& options, Auth& auth);
void RegisterGridRoutes(http::Router& router, Store& store, const ApiOptions& options, Auth& auth);
void RegisterImportRoutes(http::Router& router, Store& store, const ApiOptions& options);
void RegisterMetaRoutes(http::Router& router, Store& store, const ApiOptions& options);
class Auth;  // session.h
// Demands (接诉即办) and Open311 GeoReport v2: src/api/demands.cc, src/api/open311.cc.
void RegisterDemandRoutes(http::Router& router, std::shared_ptr<Auth> auth, const ApiOptions& options);

// The caller's scope (filled by the router's authorizer, src/api/session.h).
inline const Scope& ScopeOf(const Request& req) { return req.ctx.principal.scope; }
// What the caller may see of personal data (masking, sensitive tags): access/view_policy.h.
inline ViewPolicy ViewOf(const Request& req) { return ViewPolicyFor(req.ctx.principal.role); }

void RegisterAuthRoutes(http::Router& router, std::shared_ptr<Auth> auth);
void RegisterUserRoutes(http::Router& router, std::shared_ptr<Auth> auth);
void RegisterTokenRoutes(http::Router& router, std::shared_ptr<Auth> auth);
void RegisterRevealRoutes(http::Router& router, std::shared_ptr<Auth> auth);
void RegisterAuditRoutes(http::Router& router, std::shared_ptr<Auth> auth);
void RegisterMeRoutes(http::Router& router, std::shared_ptr<Auth> auth);

// A required positive id query parameter. Errors: kInvalidArgument naming it (reason "required"
// or "id").
Result<Id> RequiredQueryId(const Request& req, std::string_view name);
// An optional positive id query parameter (absent/empty -> nullopt). Error as above, reason "id".
Result<std::optional<Id>> OptionalQueryId(const Request& req, std::string_view name);
// ?cascade=true|false (default false).
Result<bool> CascadeParam(const Request& req);

// A reference in a body that does not exist or is out of scope becomes a field error
// (kInvalidArgument, reason "not_found") instead of a 404 of the whole request.
Status AsFieldReference(Status found, std::string_view field, std::string_view what_zh);

// The flow of a registry resource: read body -> domain rules -> parent check -> store -> JSON.
template <class Entity>
struct ResourceOps {
  // Reads the writable fields present in the body into the entity (records type problems).
  std::function<void(http::JsonReader&, Entity&, bool creating)> read;
  // Domain rules; returns the normalised entity or every field problem at once.
  std::function<Result<Entity>(const Entity&)> validate;
  // Ok when the entity's parent (community_id, compound_id, ...) exists within the scope; a field
  // error otherwise. Called on create, and on patch when the parent changes (a move).
  std::function<Status(const Entity&, const Scope&)> check_parent;
  std::function<Id(const Entity&)> parent_of;
  // The stored entity, for PATCH.
  std::function<Result<Entity>(Id, const Scope&)> load;
  std::function<Result<Entity>(const Entity&)> create;
  std::function<Result<Entity>(const Entity&, const Scope&)> update;
  std::function<Status(Id, bool cascade, const Scope&)> remove;  // empty: no DELETE route
  // The object as the API shows it (the summary with its counts), masked for `view`.
  std::function<Result<json::object>(Id, const Scope&, const ViewPolicy&)> show;
  // Show the created object even when it lies outside the creator's scope (a new community is
  // in nobody's scope until an admin grants it); it holds only what the creator sent.
  bool show_created_unscoped = false;
};

// Route naming for AddResourceRoutes: /api/v1/<plural>, permissions "<resource>:read|write",
// schemas "<Schema>", "<Schema>Input", "<Schema>List".
struct ResourceNames {
  std::string plural;     // "compounds"
  std::string resource;   // "compound"
  std::string schema;     // "Compound"
  std::string label_zh;   // "小区"
  std::string detail_schema;  // GET /{id} response schema; "" = schema
};

// Registers POST /<plural>, GET/PATCH(/DELETE) /<plural>/{id} (DELETE with ?cascade when
// `cascade_param`) and GET /<plural> with `list` documented by `list_params`.
template <class Entity>
void AddResourceRoutes(http::Router& router, const ResourceNames& names, ResourceOps<Entity> ops,
                       std::function<Response(Request&)> list, std::vector<http::ParamDoc> list_params,
                       bool cascade_param);

// Result<T> -> Status, dropping the value.
template <class T>
Status StatusOf(const Result<T>& r) {
  if (r.ok()) return Ok();
  return r.error();
}
// Result<Summary> -> Result<JSON> with the one mapping of json_mapping.h.
template <class T>
Result<json::object> JsonOf(Result<T> r, const ViewPolicy& view = {}) {
  if (!r.ok()) return std::move(r.error());
  if constexpr (requires { ToJson(*r, view); }) return ToJson(*r, view);
  else return ToJson(*r);
}
// A page of the store as the list JSON, or the error.
template <class T>
Response PageResponse(Result<Page<T>> page, PageRequest req, const ViewPolicy& view = {}) {
  if (!page.ok()) return http::ErrorResponse(page.error());
  return http::Json(PageJson(*page, req, view));
}

// Query-parameter docs shared by the list endpoints.
std::vector<http::ParamDoc> PageParams();

// The filters of the household and resident lists (and their exports): community_id,
// compound_id, building_id, unit_id, [household_id,] grid_id, q, tag; scope from the request.
template <class Filter>
Result<Filter> ParseLocationFilter(const Request& req) {
  Filter f;
  f.scope = ScopeOf(req);
  LINLI_TRY(f.community_id, OptionalQueryId(req, "community_id"));
  LINLI_TRY(f.compound_id, OptionalQueryId(req, "compound_id"));
  LINLI_TRY(f.building_id, OptionalQueryId(req, "building_id"));
  LINLI_TRY(f.unit_id, OptionalQueryId(req, "unit_id"));
  if constexpr (requires { f.household_id; }) {
    LINLI_TRY(f.household_id, OptionalQueryId(req, "household_id"));
  }
  LINLI_TRY(f.grid_id, OptionalQueryId(req, "grid_id"));
  f.q = req.Query("q").value_or("");
  f.tag = req.Query("tag").value_or("");
  return f;
}
// Their docs; `q_doc` says what q searches.
std::vector<http::ParamDoc> LocationFilterParams(std::string q_doc, bool with_household);

// GET list handler: filter + page -> `list(filter, page)` (e.g. Store::ListHouseholds).
template <class Filter, class List>
std::function<Response(Request&)> FilteredList(List list) {
  return [list](Request& req) -> Response {
    auto filter = ParseLocationFilter<Filter>(req);
    if (!filter.ok()) return http::ErrorResponse(filter.error());
    auto page = req.QueryPage();
    if (!page.ok()) return http::ErrorResponse(page.error());
    return PageResponse(list(*filter, *page), *page, ViewOf(req));
  };
}

// An export as the download response (or the error).
Response XlsxResponse(Result<service::ExportFile> file);

// An export that was made is written to the audit log (action "export", object_type = `what`,
// object_id = the request target with its filters) before it is sent; when the entry cannot be
// written the file is not sent.
Response AuditedXlsx(Auth& auth, const Request& req, std::string_view what, Result<service::ExportFile> file);

// The export options of the caller: masked, sensitive tags per its view policy.
inline service::ExportOptions ExportOptionsOf(const Request& req) {
  service::ExportOptions o;
  o.sensitive_tags = ViewOf(req).sensitive_tags;
  return o;
}

// GET export handler: filter -> `make(filter, options)` returning Result<ExportFile>, audited.
template <class Filter, class Make>
std::function<Response(Request&)> FilteredExport(Auth& auth, std::string what, Make make) {
  return [&auth, what, make](Request& req) -> Response {
    auto filter = ParseLocationFilter<Filter>(req);
    if (!filter.ok()) return http::ErrorResponse(filter.error());
    return AuditedXlsx(auth, req, what, make(*filter, ExportOptionsOf(req)));
  };
}

// The list of a parent's children: GET /<plural>?<parent>=&offset&limit, calling
// `list(parent_id, scope, page)` (e.g. Store::ListBuildings). `params` receives the docs.
template <class List>
std::function<Response(Request&)> ListByParent(std::string parent, std::string parent_zh, List list,
                                               std::vector<http::ParamDoc>* params) {
  *params = PageParams();
  params->insert(params->begin(), {parent, "integer", true, parent_zh + "编号"});
  return [parent, list](Request& req) -> Response {
    auto parent_id = RequiredQueryId(req, parent);
    if (!parent_id.ok()) return http::ErrorResponse(parent_id.error());
    auto page = req.QueryPage();
    if (!page.ok()) return http::ErrorResponse(page.error());
    return PageResponse(list(*parent_id, ScopeOf(req), *page), *page);
  };
}

}  // namespace linli::api

#include "api/resource_impl.h"
