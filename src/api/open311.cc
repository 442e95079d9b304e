// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the demands, plus mySociety's
// servicerequestupdates. The format is the path's extension (.xml / .json). Routes (no /api/v1):
//   GET  /open311/v2/discovery.{xml,json}              open311:read (public)
//   GET  /open311/v2/services.{xml,json}               open311:read (public): the category tree
//   GET  /open311/v2/services/{service_code}.{xml,json} open311:read (public): 404 (metadata=false)
//   POST /open311/v2/requests.{xml,json}               open311:submit (api_key of a token whose role holds it)
//   GET  /open311/v2/requests.{xml,json}               open311:read + api_key (demand:read): personal data
//   GET  /open311/v2/requests/{id}.{xml,json}          as above
//   GET  /open311/v2/tokens/{token}.{xml,json}         as above
//   GET  /open311/v2/servicerequestupdates.{xml,json}  as above
// The routes are public to the session authorizer; the handlers check the api_key themselves and
// answer errors in the GeoReport shape (403 without a valid key, 400 for bad input, 404 unknown).
#include <algorithm>
#include <set>

#include "api/demand_json.h"
#include "api/demands.h"
#include "api/open311_format.h"
#include "domain/validation.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

using open311::Field;
using open311::Format;
using open311::Record;

constexpr std::int64_t kDefaultWindowSeconds = 90 * 86400;
constexpr std::int64_t kMaxResults = 1000;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Parameters of a request: the query, and for POST an application/x-www-form-urlencoded body
// (body values win).
std::map<std::string, std::string> Params(const Request& req) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : req.query)
    if (!out.count(k)) out[k] = v;
  std::string ct = std::string(req.Header("Content-Type").value_or(""));
  if (req.method == "POST" && (ct.empty() || ct.find("x-www-form-urlencoded") != std::string::npos)) {
    std::string_view body = req.body;
    while (!body.empty()) {
      std::size_t amp = body.find('&');
      std::string_view pair = body.substr(0, amp);
      std::size_t eq = pair.find('=');
      std::string key = FormDecode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
      if (!key.empty()) out[key] = value;
      if (amp == std::string_view::npos) break;
      body.remove_prefix(amp + 1);
    }
  }
  return out;
}

std::string Get(const std::map<std::string, std::string>& p, const std::string& k) {
  auto it = p.find(k);
  return it == p.end() ? std::string() : it->second;
}

// Format from the last path segment; JSON when absent (the route still answers in one shape).
Format FormatOf(const Request& req, std::string* stem = nullptr) {
  std::string_view path = req.path;
  std::string_view last = path.substr(path.rfind('/') + 1);
  auto split = open311::SplitFormat(last);
  if (stem) *stem = split ? split->first : std::string(last);
  return split ? split->second : Format::kXml;
}

// The caller behind an api_key: a principal with the token's role and communities.
struct KeyCaller {
  std::string role, name;
  Scope scope;
};

Result<KeyCaller> CallerOf(Auth& auth, const Request& req, const std::map<std::string, std::string>& params,
                           std::string_view permission) {
  std::string key = Get(params, "api_key");
  if (key.empty()) {
    if (auto authz = req.Header("Authorization"); authz && authz->starts_with("Bearer "))
      key = std::string(authz->substr(7));
  }
  if (key.empty()) return Error{ErrorCode::kPermissionDenied, "api_key is required / 缺少 api_key", "api_key", {}};
  auto token = auth.store().FindTokenByHash(SecretHash(key));
  if (!token.ok() || token->revoked)
    return Error{ErrorCode::kPermissionDenied, "api_key is invalid or revoked / api_key 无效或已吊销", "api_key", {}};
  auto role = ParseRole(token->role);
  if (!role || !RoleHas(*role, permission))
    return Error{ErrorCode::kPermissionDenied, "api_key may not do this / 该 api_key 没有此权限", "api_key", {}};
  KeyCaller c;
  c.role = token->role;
  c.name = "token:" + token->name;
  c.scope.unrestricted = false;
  c.scope.community_ids = token->community_ids;
  return c;
}

// The request as the demand routes would see it from this key (for the shared helpers).
void BecomeCaller(Request& req, const KeyCaller& c) {
  auto& p = req.ctx.principal;
  p.authenticated = true;
  p.via_token = true;
  p.role = c.role;
  p.username = c.name;
  p.scope = c.scope;
}

Response Fail(Format f, const Error& e) {
  if (e.code == ErrorCode::kPermissionDenied || e.code == ErrorCode::kNotFound ||
      e.code == ErrorCode::kUnauthenticated)
    return open311::ErrorOf(f, http::HttpStatus(e.code), e.message);
  return open311::FromError(f, e);
}

std::vector<DemandCategory> Tree(Store& store) {
  auto t = store.Demands().ListCategories();
  return t.ok() ? *t : SeedDemandCategories();
}

bool IsOpen(const std::string& status) {
  auto s = ParseDemandStatus(status);
  return s && IsOpenStatus(*s);
}

Record RequestRecord(Store& store, const Demand& d, const std::map<std::string, std::string, std::less<>>& names) {
  std::string notes;
  std::string updated = d.updated_at.empty() ? d.created_at : d.updated_at;
  if (auto ev = store.Demands().ListDemandEvents(d.id, DemandScope::All()); ev.ok() && !ev->empty()) {
    notes = ev->back().note;
    if (notes.empty()) notes = std::string(ev->back().action);
    if (ev->back().at > updated) updated = ev->back().at;
  }
  auto name = names.find(d.category_code);
  std::string agency = d.assignee_name.empty() ? "社区居委会" : d.assignee_name;
  std::string notice = IsOpen(d.status) ? "办理时限 " + open311::W3cChina(d.due_at) : "已办结";
  return {Field("service_request_id", d.number),
          Field("status", IsOpen(d.status) ? "open" : "closed"),
          Field::TextOrNull("status_notes", notes),
          Field("service_name", name == names.end() ? d.category_code : name->second),
          Field("service_code", d.category_code),
          Field("description", d.description),
          Field("agency_responsible", agency),
          Field("service_notice", notice),
          Field("requested_datetime", open311::W3cChina(d.created_at)),
          Field("updated_datetime", open311::W3cChina(updated)),
          Field::TextOrNull("expected_datetime", open311::W3cChina(d.due_at)),
          Field("address", d.address_text),
          d.household_id ? Field::Int("address_id", *d.household_id) : Field::Null("address_id"),
          Field::Null("zipcode"),
          Field::Null("lat"),
          Field::Null("long"),
          Field::Null("media_url")};
}

// ------------------------------------------------------------------ handlers
Response Discovery(Request& req) {
  Format f = FormatOf(req);
  std::string host = std::string(req.Header("Host").value_or("localhost"));
  open311::Discovery d;
  d.changeset = "2026-11-29T00:00:00+08:00";
  d.contact = "社区居委会（linli）";
  d.key_service = "向社区系统管理员申请接口令牌（api_key）";
  d.base_url = "http://" + host + "/open311/v2/";
  return open311::DiscoveryResponse(f, d);
}

Response Services(Store& store, Request& req) {
  Format f = FormatOf(req);
  auto tree = Tree(store);
  std::set<std::string> parents;
  for (const auto& c : tree)
    if (!c.parent_code.empty()) parents.insert(c.parent_code);
  std::map<std::string, std::string> names;
  for (const auto& c : tree) names[c.code] = c.name_zh;
  std::vector<Record> records;
  for (const auto& c : tree) {
    if (parents.count(c.code)) continue;  // services are the leaves
    std::string group = c.parent_code.empty() ? c.name_zh : names[c.parent_code];
    records.push_back({Field("service_code", c.code), Field("service_name", c.name_zh),
                       Field("description", c.name_zh + (c.name_en.empty() ? "" : " / " + c.name_en)),
                       Field::Bool("metadata", false), Field("type", "realtime"), Field("keywords", c.name_en),
                       Field("group", group)});
  }
  return open311::List(f, "services", "service", records);
}

Response ServiceDefinition(Store& store, Request& req) {
  std::string code;
  Format f = FormatOf(req, &code);
  for (const auto& c : Tree(store))
    if (c.code == code)
      return open311::ErrorOf(f, 404, "service " + code + " has no metadata / 该服务没有附加属性定义");
  return open311::ErrorOf(f, 404, "unknown service_code " + code + " / 没有这个服务");
}

Response PostRequest(Auth& auth, const IntakeHooks& hooks, Request& req) {
  Format f = FormatOf(req);
  Store& store = auth.store();
  auto params = Params(req);
  auto caller = CallerOf(auth, req, params, "open311:submit");
  if (!caller.ok()) return Fail(f, caller.error());
  std::vector<std::pair<int, std::string>> errors;
  std::string code = Get(params, "service_code");
  auto tree = Tree(store);
  std::string service_name;
  for (const auto& c : tree)
    if (c.code == code) service_name = c.name_zh;
  if (code.empty()) errors.push_back({400, "service_code is required / 缺少 service_code"});
  else if (service_name.empty()) errors.push_back({400, "service_code " + code + " is unknown / 没有这个服务"});
  std::string lat = Get(params, "lat"), lon = Get(params, "long"), address = Get(params, "address_string"),
              address_id = Get(params, "address_id");
  if ((lat.empty() || lon.empty()) && address.empty() && address_id.empty())
    errors.push_back({400, "a location is required: lat & long, address_string or address_id / 缺少地点"});
  std::string phone = Get(params, "phone");
  Demand d;
  if (phone.empty()) {
    errors.push_back({400, "phone is required (contact) / 缺少联系电话"});
  } else {
    auto p = NormalizePhone(phone, "phone");
    if (!p.ok()) errors.push_back({400, "phone: " + p.error().message});
    else d.reporter_phone = *p;
  }
  std::optional<Id> household;
  bool indexed = false;  // the household came from the address index (which may be stale)
  if (!address_id.empty()) {
    char* end = nullptr;
    long long v = std::strtoll(address_id.c_str(), &end, 10);
    if (!end || *end != '\0' || v <= 0) errors.push_back({400, "address_id must be a household id / address_id 不对"});
    else household = v;
  }
  if (!errors.empty()) return open311::Errors(f, 400, errors);
  BecomeCaller(req, *caller);
  d.channel = "open311";
  d.nature = "help";
  d.urgency = "normal";
  d.category_code = code;
  d.description = Get(params, "description");
  if (d.description.empty()) d.description = service_name + "（Open311 提交，未附说明）";
  if (std::string media = Get(params, "media_url"); !media.empty()) d.description += "\n附件链接：" + media;
  d.reporter_name = Get(params, "last_name") + Get(params, "first_name");
  d.address_text = !address.empty() ? address : (!lat.empty() ? "坐标 " + lat + "," + lon : "");
  d.created_by = caller->name;
  if (household) {
    auto h = store.GetHousehold(*household, caller->scope);
    if (!h.ok()) return open311::ErrorOf(f, 400, "address_id " + address_id + " is unknown / 没有这个住户");
    d.household_id = *household;
    d.community_id = h->summary.community_id;
    if (d.address_text.empty() || d.address_text.starts_with("坐标")) d.address_text = h->summary.address;
  } else {
    if (caller->scope.community_ids.empty())
      return open311::ErrorOf(f, 403, "api_key has no community / 该 api_key 没有所属社区");
    // As the console intake: the community's address index; unresolved keeps the text
    // (address_resolved=false).
    d.community_id = caller->scope.community_ids.front();
    d.household_id = hooks.resolve(d.community_id, d.address_text, nullptr, &indexed);
  }
  // The configured deadlines (PUT /demand-settings, /demand-categories), as the console intake.
  if (Status st = hooks.apply_deadlines(d); !st.ok()) return Fail(f, st.error());
  CreateDemandRequest cr;
  cr.demand = d;
  cr.now = auth.NowText();
  if (auto key = req.Header("Idempotency-Key")) {
    cr.idempotency_key = "open311:" + std::string(*key).substr(0, 200);
    cr.fingerprint = service::Sha256Hex(req.body);
  }
  auto made = store.Demands().CreateDemand(cr, DemandScope::From(caller->scope));
  if (!made.ok() && indexed && made.error().code == ErrorCode::kInvalidArgument) {
    // The index named a household the store no longer has: forget it, resolve with the search.
    hooks.forget_addresses(d.community_id);
    cr.demand.household_id = ResolveAddress(store, d.community_id, d.address_text);
    made = store.Demands().CreateDemand(cr, DemandScope::From(caller->scope));
  }
  if (!made.ok()) return Fail(f, made.error());
  Record r = {Field("service_request_id", made->demand.number),
              Field("service_notice", "已受理，办理时限 " + open311::W3cChina(made->demand.due_at)),
              Field::Null("account_id")};
  return open311::List(f, "service_requests", "request", {r}, 201);
}

Result<std::pair<std::string, std::string>> Window(const std::map<std::string, std::string>& params, std::string now) {
  std::string start = Get(params, "start_date"), end = Get(params, "end_date");
  std::string end_utc = now, start_utc;
  if (!end.empty()) {
    LINLI_TRY(end_utc, open311::ParseW3c(end, "end_date"));
  }
  if (!start.empty()) {
    LINLI_TRY(start_utc, open311::ParseW3c(start, "start_date"));
  } else {
    auto e = open311::UtcSeconds(end_utc);
    start_utc = open311::UtcText((e ? *e : 0) - kDefaultWindowSeconds);
  }
  if (start_utc > end_utc) return Error::Invalid("start_date", "order", "start_date is after end_date / 起止时间颠倒");
  return std::pair{start_utc, end_utc};
}

// UTC ISO -> its local (UTC+8) day.
std::string LocalDay(const std::string& utc) {
  auto s = open311::UtcSeconds(utc);
  if (!s) return utc.substr(0, 10);
  return open311::UtcText(*s + 8 * 3600).substr(0, 10);
}

Response GetRequests(Auth& auth, Request& req) {
  Format f = FormatOf(req);
  Store& store = auth.store();
  auto params = Params(req);
  auto caller = CallerOf(auth, req, params, "demand:read");
  if (!caller.ok()) return Fail(f, caller.error());
  DemandScope scope = DemandScope::From(caller->scope);
  auto names = CategoryNames(Tree(store));
  std::vector<Record> records;
  std::string ids = Get(params, "service_request_id");
  if (!ids.empty()) {
    std::string_view rest = ids;
    while (!rest.empty() && records.size() < static_cast<std::size_t>(kMaxResults)) {
      std::size_t comma = rest.find(',');
      std::string id(rest.substr(0, comma));
      id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
      if (!id.empty()) {
        auto d = store.Demands().GetDemandByNumber(id, scope);
        if (d.ok()) records.push_back(RequestRecord(store, *d, names));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return open311::List(f, "service_requests", "request", records);
  }
  auto window = Window(params, auth.NowText());
  if (!window.ok()) return Fail(f, window.error());
  DemandFilter filter;
  filter.from = LocalDay(window->first);
  filter.to = LocalDay(window->second);
  filter.category_code = Get(params, "service_code");
  std::string status = Get(params, "status");
  if (status == "open") filter.status = "open";
  else if (status == "closed") filter.status = "closed,merged";
  else if (!status.empty()) return open311::ErrorOf(f, 400, "status must be open or closed / status 应为 open 或 closed");
  auto page = store.Demands().ListDemands(filter, scope, PageRequest{0, kMaxResults});
  if (!page.ok()) return Fail(f, page.error());
  for (const auto& d : page->items) {
    if (d.created_at < window->first || d.created_at > window->second) continue;
    records.push_back(RequestRecord(store, d, names));
  }
  return open311::List(f, "service_requests", "request", records);
}

Response GetOneRequest(Auth& auth, Request& req) {
  std::string id;
  Format f = FormatOf(req, &id);
  Store& store = auth.store();
  auto params = Params(req);
  auto caller = CallerOf(auth, req, params, "demand:read");
  if (!caller.ok()) return Fail(f, caller.error());
  auto d = store.Demands().GetDemandByNumber(id, DemandScope::From(caller->scope));
  if (!d.ok()) return open311::ErrorOf(f, 404, "service_request_id " + id + " not found / 没有这个诉求");
  return open311::List(f, "service_requests", "request", {RequestRecord(store, *d, CategoryNames(Tree(store)))});
}

Response GetToken(Auth& auth, Request& req) {
  std::string token;
  Format f = FormatOf(req, &token);
  Store& store = auth.store();
  auto params = Params(req);
  auto caller = CallerOf(auth, req, params, "demand:read");
  if (!caller.ok()) return Fail(f, caller.error());
  // Requests are created synchronously: the token is the service_request_id itself.
  auto d = store.Demands().GetDemandByNumber(token, DemandScope::From(caller->scope));
  if (!d.ok()) return open311::ErrorOf(f, 404, "token " + token + " not found / 没有这个受理号");
  return open311::List(f, "service_requests", "request",
                       {{Field("service_request_id", d->number), Field("token", token)}});
}

Response Updates(Auth& auth, Request& req) {
  Format f = FormatOf(req);
  Store& store = auth.store();
  auto params = Params(req);
  auto caller = CallerOf(auth, req, params, "demand:read");
  if (!caller.ok()) return Fail(f, caller.error());
  auto window = Window(params, auth.NowText());
  if (!window.ok()) return Fail(f, window.error());
  DemandScope scope = DemandScope::From(caller->scope);
  // Demands created up to 90 days before the window's start can change inside it.
  auto start = open311::UtcSeconds(window->first);
  DemandFilter filter;
  filter.from = LocalDay(open311::UtcText((start ? *start : 0) - kDefaultWindowSeconds));
  filter.to = LocalDay(window->second);
  auto page = store.Demands().ListDemands(filter, scope, PageRequest{0, 500});
  if (!page.ok()) return Fail(f, page.error());
  struct Update {
    std::string at;
    Record record;
  };
  std::vector<Update> updates;
  for (const auto& d : page->items) {
    auto events = store.Demands().ListDemandEvents(d.id, scope);
    if (!events.ok()) continue;
    for (const auto& e : *events) {
      if (e.at < window->first || e.at > window->second) continue;
      updates.push_back({e.at,
                         {Field::Int("update_id", e.id), Field("service_request_id", d.number),
                          Field("status", IsOpen(e.to_status) ? "open" : "closed"),
                          Field("updated_datetime", open311::W3cChina(e.at)),
                          Field("description", e.note.empty() ? e.action : e.note), Field::Null("media_url")}});
    }
  }
  std::stable_sort(updates.begin(), updates.end(), [](const Update& a, const Update& b) { return a.at < b.at; });
  if (updates.size() > static_cast<std::size_t>(kMaxResults)) updates.resize(kMaxResults);
  std::vector<Record> records;
  for (auto& u : updates) records.push_back(std::move(u.record));
  return open311::List(f, "service_request_updates", "request_update", records);
}

}  // namespace

void RegisterOpen311Routes(http::Router& router, std::shared_ptr<Auth> auth, IntakeHooks hooks) {
  const std::string base = "/open311/v2/";
  for (const char* ext : {".xml", ".json"}) {
    router.Add({.method = "GET", .pattern = base + "discovery" + ext, .permission = "open311:read",
                .summary = "Open311 discovery", .tag = "open311", .is_public = true, .handler = Discovery});
    router.Add({.method = "GET", .pattern = base + "services" + ext, .permission = "open311:read",
                .summary = "Open311 服务列表（诉求分类）", .tag = "open311", .is_public = true,
                .handler = [auth](Request& req) { return Services(auth->store(), req); }});
    router.Add({.method = "POST", .pattern = base + "requests" + ext, .permission = "open311:submit",
                .summary = "Open311 提交诉求（api_key 必填）", .tag = "open311", .success_status = 201,
                .is_public = true, .handler = [auth, hooks](Request& req) { return PostRequest(*auth, hooks, req); }});
    router.Add({.method = "GET", .pattern = base + "requests" + ext, .permission = "open311:read",
                .summary = "Open311 查询诉求（api_key 必填；默认近 90 天，最多 1000 条）", .tag = "open311",
                .query_params = {{"api_key", "string", true, "接口令牌"},
                                 {"service_request_id", "string", false, "受理号，多个用逗号分隔"},
                                 {"service_code", "string", false, "服务代码"},
                                 {"start_date", "string", false, "W3C 时间"},
                                 {"end_date", "string", false, "W3C 时间"},
                                 {"status", "string", false, "open | closed"}},
                .is_public = true, .handler = [auth](Request& req) { return GetRequests(*auth, req); }});
    router.Add({.method = "GET", .pattern = base + "servicerequestupdates" + ext, .permission = "open311:read",
                .summary = "诉求进展（mySociety servicerequestupdates；api_key 必填）", .tag = "open311",
                .query_params = {{"api_key", "string", true, "接口令牌"},
                                 {"start_date", "string", false, "W3C 时间"},
                                 {"end_date", "string", false, "W3C 时间"}},
                .is_public = true, .handler = [auth](Request& req) { return Updates(*auth, req); }});
  }
  router.Add({.method = "GET", .pattern = base + "services/{code}", .permission = "open311:read",
              .summary = "Open311 服务定义（无附加属性：404）", .tag = "open311", .is_public = true,
              .handler = [auth](Request& req) { return ServiceDefinition(auth->store(), req); }});
  router.Add({.method = "GET", .pattern = base + "requests/{id}", .permission = "open311:read",
              .summary = "Open311 单个诉求（api_key 必填）", .tag = "open311", .is_public = true,
              .handler = [auth](Request& req) { return GetOneRequest(*auth, req); }});
  router.Add({.method = "GET", .pattern = base + "tokens/{token}", .permission = "open311:read",
              .summary = "Open311 受理号查询（api_key 必填）", .tag = "open311", .is_public = true,
              .handler = [auth](Request& req) { return GetToken(*auth, req); }});
}

}  // namespace linli::api
