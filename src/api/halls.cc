// Deliberation halls (邻里议事厅, issue 5 item 1) — docs/api.md "Halls":
//   GET    /api/v1/halls?community_id          hall:read   halls in scope (a resident: his compound's)
//   POST   /api/v1/halls                       hall:write  new hall -> 201
//   GET    /api/v1/halls/{id}                  hall:read   detail
//   PATCH  /api/v1/halls/{id}                  hall:write  edit name, place, compounds, hours, roster
//   DELETE /api/v1/halls/{id}                  hall:write  only without visits (409 visits exist)
//   GET    /api/v1/halls/{id}/visits?from&to   hall:visit  the visit log, newest first
//   POST   /api/v1/halls/{id}/visits           hall:visit  log a visit: answered on the spot, an
//          opinion to a deliberation (through the deliberation store), or a demand with channel
//          `hall` (through the demand store)
// Hours are local (Beijing) weekday + "HH:MM"; open_now / next_opening are computed at the
// server's clock in Beijing time. Every write is audited (hall.create / hall.update /
// hall.delete / hall.visit).
#include "store/halls.h"

#include "api/demands.h"
#include "api/openapi_schema.h"
#include "api/resource.h"
#include "api/session.h"
#include "domain/civil_date.h"
#include "domain/demand.h"
#include "domain/deliberation.h"
#include "domain/validation.h"
#include "store/deliberations.h"

namespace linli::api {

namespace {

using http::ErrorResponse;

constexpr std::int64_t kBeijingOffset = 8 * 3600;

// Local (Beijing) date "YYYY-MM-DD" and time "HH:MM" of UTC `seconds`.
std::pair<std::string, std::string> LocalNow(std::int64_t seconds) {
  const std::int64_t local = seconds + kBeijingOffset;
  std::int64_t days = local / 86400, rest = local % 86400;
  if (rest < 0) rest += 86400, --days;
  const auto d = civil::CivilFromDays(days);
  char date[16], time[8];
  std::snprintf(date, sizeof date, "%04lld-%02u-%02u", static_cast<long long>(d.year), d.month, d.day);
  std::snprintf(time, sizeof time, "%02lld:%02lld", static_cast<long long>(rest / 3600),
                static_cast<long long>(rest % 3600 / 60));
  return {date, time};
}

// UTC text of local midnight starting `date` ("YYYY-MM-DD"), plus `add_days`; nullopt when bad.
std::optional<std::string> LocalMidnightUtc(std::string_view date, int add_days = 0) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(std::string(date).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > static_cast<int>(civil::DaysInMonth(y, m))) return std::nullopt;
  const std::int64_t days = civil::DaysFromCivil(y, m, d) + add_days;
  return FormatUtc(days * 86400 - kBeijingOffset);
}

// The first instant of the current local month, in UTC.
std::string MonthStartUtc(std::int64_t now) {
  std::string date = LocalNow(now).first;
  return *LocalMidnightUtc(date.substr(0, 8) + "01");
}

json::array Ids(const std::vector<Id>& ids) {
  json::array a;
  for (Id id : ids) a.push_back(id);
  return a;
}
json::value OptId(const std::optional<Id>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::string HoursText(const Hall& h) {
  std::string out;
  std::vector<HallHours> sorted = h.hours;
  std::stable_sort(sorted.begin(), sorted.end(), [](const HallHours& a, const HallHours& b) {
    return a.weekday != b.weekday ? a.weekday < b.weekday : a.start < b.start;
  });
  for (const auto& x : sorted) out += (out.empty() ? "" : "；") + DescribeHallHoursZh(x);
  return out;
}

json::object HallJson(const HallSummary& s, std::int64_t now) {
  const Hall& h = s.hall;
  json::array compound_names, hours, roster;
  for (const auto& n : s.compound_names) compound_names.push_back(json::string(n));
  for (const auto& x : h.hours) hours.push_back(json::object{{"weekday", x.weekday}, {"start", x.start}, {"end", x.end}});
  for (const auto& r : h.roster)
    roster.push_back(json::object{{"weekday", r.weekday}, {"worker_name", r.worker_name}, {"user_id", OptId(r.user_id)}});
  const auto [date, time] = LocalNow(now);
  auto open = IsHallOpenAt(h, date, time);
  json::value next = nullptr;
  if (auto o = NextHallOpening(h, date, time); o.ok()) {
    json::array on_duty;
    for (const auto& n : o->on_duty) on_duty.push_back(json::string(n));
    next = json::object{{"date", o->date}, {"start", o->start}, {"end", o->end}, {"on_duty", std::move(on_duty)}};
  }
  return {{"id", h.id},
          {"community_id", h.community_id},
          {"community_name", s.community_name},
          {"name", h.name},
          {"place", h.place},
          {"compound_ids", Ids(h.compound_ids)},
          {"compound_names", std::move(compound_names)},
          {"hours", std::move(hours)},
          {"hours_text", HoursText(h)},
          {"roster", std::move(roster)},
          {"open_now", open.ok() && *open},
          {"next_opening", std::move(next)},
          {"visits_this_month", s.visits_since},
          {"visits_total", s.visits_total}};
}

json::object VisitJson(const HallVisitRecord& r) {
  const HallVisit& v = r.visit;
  return {{"id", v.id},
          {"hall_id", v.hall_id},
          {"hall_name", r.hall_name},
          {"visitor_name", v.visitor_name},
          {"resident_id", OptId(v.resident_id)},
          {"compound_id", OptId(v.compound_id)},
          {"compound_name", r.compound_name},
          {"about", v.about},
          {"outcome", v.outcome},
          {"answer", v.answer},
          {"deliberation_id", OptId(r.deliberation_id)},
          {"opinion_id", OptId(v.opinion_id)},
          {"demand_id", OptId(v.demand_id)},
          {"demand_number", r.demand_number},
          {"worker", v.worker},
          {"at", v.at}};
}

// Reads the hall fields present in the body into `h`.
void ReadHall(http::JsonReader& in, Hall& h, bool creating) {
  if (creating) {
    if (auto v = in.IdValue("community_id"))
      h.community_id = *v;
    else
      RequireField(in, "community_id");
  }
  if (auto v = in.String("name")) h.name = *v;
  if (auto v = in.String("place")) h.place = *v;
  if (auto v = in.IdArray("compound_ids")) h.compound_ids = *v;
  if (const json::array* list = in.Array("hours")) {
    h.hours.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string field = "hours[" + std::to_string(i) + "]";
      if (!(*list)[i].is_object()) {
        in.AddError(field, "type", "开放时间应为 {weekday, start, end}");
        continue;
      }
      auto sub = http::JsonReader::Of((*list)[i].as_object(), field + ".");
      HallHours x;
      x.weekday = static_cast<int>(sub.Int("weekday").value_or(0));
      x.start = sub.String("start").value_or("");
      x.end = sub.String("end").value_or("");
      if (Status s = sub.Finish(); !s.ok())
        for (const auto& d : s.error().details) in.AddError(d.field, d.reason, d.message);
      h.hours.push_back(std::move(x));
    }
  }
  if (const json::array* list = in.Array("roster")) {
    h.roster.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string field = "roster[" + std::to_string(i) + "]";
      if (!(*list)[i].is_object()) {
        in.AddError(field, "type", "值班安排应为 {weekday, worker_name, user_id}");
        continue;
      }
      auto sub = http::JsonReader::Of((*list)[i].as_object(), field + ".");
      DutyShift r;
      r.weekday = static_cast<int>(sub.Int("weekday").value_or(0));
      r.worker_name = sub.String("worker_name").value_or("");
      r.user_id = sub.IdValue("user_id");
      if (Status s = sub.Finish(); !s.ok())
        for (const auto& d : s.error().details) in.AddError(d.field, d.reason, d.message);
      h.roster.push_back(std::move(r));
    }
  }
}

// A roster entry naming a user: the user must exist and be a worker of the hall's community
// (grid worker, staff or head); an empty worker_name takes the user's name.
Status CheckRoster(Store& store, Hall& h) {
  for (std::size_t i = 0; i < h.roster.size(); ++i) {
    auto& r = h.roster[i];
    if (!r.user_id) continue;
    const std::string field = "roster[" + std::to_string(i) + "].user_id";
    auto u = store.GetUser(*r.user_id);
    if (!u.ok() || (u->role != "grid_worker" && u->role != "community_staff" && u->role != "community_head"))
      return Error::Invalid(field, "not_found", "值班人员账号不存在");
    if (r.worker_name.find_first_not_of(" \t") == std::string::npos)
      r.worker_name = u->display_name.empty() ? u->username : u->display_name;
  }
  return Ok();
}

Status Audit(Auth& auth, const Request& req, std::string action, std::string object_type, Id id) {
  AuditEntry e;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::to_string(id);
  return AuditRequest(auth, req, std::move(e));
}

// ------------------------------------------------------------------ visits
struct VisitBody {
  HallVisitRecord record;
  // outcome demand
  std::string nature, category_code, description, reporter_phone;
};

Result<VisitBody> ReadVisit(const Request& req, Id hall_id) {
  LINLI_TRY(auto in, http::JsonReader::Parse(req.body));
  VisitBody b;
  HallVisit& v = b.record.visit;
  v.hall_id = hall_id;
  v.visitor_name = in.String("visitor_name").value_or("");
  v.resident_id = in.IdValue("resident_id");
  v.compound_id = in.IdValue("compound_id");
  v.about = in.String("about").value_or("");
  v.outcome = in.String("outcome").value_or("");
  v.answer = in.String("answer").value_or("");
  b.record.deliberation_id = in.IdValue("deliberation_id");
  const json::object* demand = in.Object("demand");
  if (demand) {
    auto sub = http::JsonReader::Of(*demand, "demand.");
    b.nature = sub.String("nature").value_or("");
    b.category_code = sub.String("category_code").value_or("");
    b.description = sub.String("description").value_or("");
    b.reporter_phone = sub.String("reporter_phone").value_or("");
    if (v.outcome == "demand") {
      if (b.nature.empty())
        sub.AddError("demand.nature", "required", "请选择诉求性质");
      else if (!IsDemandNature(b.nature))
        sub.AddError("demand.nature", "unknown", "诉求性质不认识：" + b.nature);
      if (b.category_code.empty()) sub.AddError("demand.category_code", "required", "请选择问题分类");
      if (!b.reporter_phone.empty()) {
        auto p = NormalizePhone(b.reporter_phone, "demand.reporter_phone");
        if (p.ok())
          b.reporter_phone = *p;
        else
          sub.AddError("demand.reporter_phone", "phone_format", p.error().message);
      } else if (!v.resident_id) {
        sub.AddError("demand.reporter_phone", "required", "请填写来访人的联系电话，或选择居民");
      }
    }
    if (Status s = sub.Finish(); !s.ok())
      for (const auto& d : s.error().details) in.AddError(d.field, d.reason, d.message);
  }
  if (v.visitor_name.size() > 100) in.AddError("visitor_name", "too_long", "来访人称呼太长");
  if (v.about.size() > 4000) in.AddError("about", "too_long", "来访事由太长（最多约 1300 字）");
  if (v.answer.size() > 4000) in.AddError("answer", "too_long", "答复内容太长（最多约 1300 字）");
  if (v.outcome == "opinion" && !b.record.deliberation_id)
    in.AddError("deliberation_id", "required", "转为意见时请选择议事事项");
  if (v.outcome == "demand" && !demand) in.AddError("demand", "required", "转为诉求时请填写诉求性质和分类");
  LINLI_TRY_STATUS(in.Finish());
  if (v.outcome != "answered") v.answer.clear();
  if (v.outcome != "opinion") b.record.deliberation_id.reset();
  return b;
}

Response AddVisit(Auth& auth, const IntakeHooks& hooks, Request& req) {
  Store& store = auth.store();
  HallStore& halls = store.Halls();
  auto id = req.PathId();
  if (!id.ok()) return ErrorResponse(id.error());
  auto body = ReadVisit(req, *id);
  if (!body.ok()) return ErrorResponse(body.error());
  HallVisitRecord& rec = body->record;
  HallVisit& v = rec.visit;
  const auto& p = req.ctx.principal;
  v.worker = p.display_name.empty() ? p.username : p.display_name;
  if (p.user_id != 0) rec.worker_user_id = p.user_id;
  v.at = auth.NowText();
  if (Status s = ValidateHallVisit(v); !s.ok()) return ErrorResponse(s.error());
  // The hall (404 out of scope), then the visitor's references.
  Scope write_scope = ScopeOf(req);
  write_scope.household_ids.clear();
  auto hall = halls.GetHall(*id, write_scope);
  if (!hall.ok()) return ErrorResponse(hall.error());
  std::optional<ResidentSummary> resident;
  if (v.resident_id) {
    // Any resident of the hall's community: the worker on duty serves the hall's compounds,
    // which may lie outside her own grids.
    Scope community;
    community.unrestricted = false;
    community.community_ids = {hall->hall.community_id};
    auto r = store.GetResident(*v.resident_id, community);
    if (!r.ok() || r->community_id != hall->hall.community_id)
      return ErrorResponse(Error::Invalid("resident_id", "not_found", "居民不存在或不属于本社区"));
    resident = *r;
    if (v.visitor_name.empty()) v.visitor_name = r->resident.name;
    if (!v.compound_id) v.compound_id = r->compound_id;
  }
  if (v.visitor_name.empty()) v.visitor_name = "来访居民";

  if (v.outcome == "opinion") {
    DeliberationStore& ds = store.Deliberations();
    auto d = ds.GetDeliberation(*rec.deliberation_id, ScopeOf(req));
    if (!d.ok() || d->deliberation.community_id != hall->hall.community_id)
      return ErrorResponse(Error::Invalid("deliberation_id", "not_found", "议事事项不存在或不属于本社区"));
    auto made = halls.AddVisit(rec, ScopeOf(req));
    if (!made.ok()) return ErrorResponse(made.error());
    Opinion o;
    o.source = "hall";
    o.resident_id = v.resident_id;
    o.author_name = v.visitor_name;
    o.compound_id = v.compound_id;
    o.text = v.about;
    o.hall_visit_id = made->visit.id;
    auto opinion = ds.AddOpinion(*rec.deliberation_id, o, v.at, ScopeOf(req));
    if (!opinion.ok()) {
      (void)halls.DiscardVisit(made->visit.id, Scope::All());  // nothing half-written
      Error e = opinion.error();
      if (e.code == ErrorCode::kNotFound) e = Error::Invalid("deliberation_id", "not_found", "议事事项不存在");
      return ErrorResponse(e);
    }
    if (Status s = halls.LinkVisit(made->visit.id, opinion->id, std::nullopt, Scope::All()); !s.ok())
      return ErrorResponse(s.error());
    made->visit.opinion_id = opinion->id;
    (void)Audit(auth, req, "hall.visit", "hall_visit", made->visit.id);
    return http::Json(VisitJson(*made), 201);
  }

  if (v.outcome == "demand") {
    // The demand belongs to the hall's community (in the caller's scope: the hall is); the demand
    // store then routes it to the grid of the household, if any.
    Scope community;
    community.unrestricted = false;
    community.community_ids = {hall->hall.community_id};
    const DemandScope scope = DemandScope::From(community);
    CreateDemandRequest cr;
    Demand& d = cr.demand;
    d.channel = "hall";
    d.nature = body->nature;
    d.category_code = body->category_code;
    d.urgency = "normal";
    d.description = body->description.empty() ? v.about : body->description;
    d.community_id = hall->hall.community_id;
    d.reporter_name = v.visitor_name;
    d.reporter_phone = body->reporter_phone;
    d.created_by = p.username;
    if (resident) {
      d.reporter_resident_id = resident->resident.id;
      d.household_id = resident->resident.household_id;
      d.address_text = resident->address;
      if (d.reporter_phone.empty()) d.reporter_phone = resident->resident.phone;
    } else {
      std::string where;
      for (std::size_t i = 0; i < hall->hall.compound_ids.size(); ++i)
        if (v.compound_id && hall->hall.compound_ids[i] == *v.compound_id) where = hall->compound_names[i];
      d.address_text = (where.empty() ? hall->hall.name : where) + "（议事厅来访）";
    }
    cr.now = v.at;
    // Deadlines as at intake: the configured policy (PUT /demand-settings), else the store's.
    if (hooks.apply_deadlines) {
      if (Status s = hooks.apply_deadlines(d); !s.ok()) {
        Error e = s.error();
        if (e.field == "category_code") e.field = "demand.category_code";
        for (auto& fe : e.details)
          if (fe.field == "category_code") fe.field = "demand.category_code";
        return ErrorResponse(e);
      }
    }
    auto made = store.Demands().CreateDemand(cr, scope);
    if (!made.ok()) {
      Error e = made.error();
      if (e.field == "category_code" || e.field == "nature" || e.field == "reporter_phone" ||
          e.field == "description")
        e.field = "demand." + e.field;
      for (auto& fe : e.details)
        if (fe.field == "category_code" || fe.field == "nature" || fe.field == "reporter_phone" ||
            fe.field == "description")
          fe.field = "demand." + fe.field;
      return ErrorResponse(e);
    }
    v.demand_id = made->demand.id;
    auto visit = halls.AddVisit(rec, ScopeOf(req));
    if (!visit.ok()) return ErrorResponse(visit.error());
    (void)Audit(auth, req, "hall.visit", "hall_visit", visit->visit.id);
    return http::Json(VisitJson(*visit), 201);
  }

  auto made = halls.AddVisit(rec, ScopeOf(req));
  if (!made.ok()) return ErrorResponse(made.error());
  (void)Audit(auth, req, "hall.visit", "hall_visit", made->visit.id);
  return http::Json(VisitJson(*made), 201);
}

void AddHallSchemas(http::Router& router) {
  router.AddSchema("HallHours", Schema({{"weekday", "integer"}, {"start", "string"}, {"end", "string"}}));
  router.AddSchema("HallShift", Schema({{"weekday", "integer"}, {"worker_name", "string"}, {"user_id", "integer?"}}));
  router.AddSchema("HallOpening",
                   Schema({{"date", "string"}, {"start", "string"}, {"end", "string"}, {"on_duty", "[string]"}}));
  router.AddSchema("HallInput", Schema({{"community_id", "integer"},
                                        {"name", "string"},
                                        {"place", "string"},
                                        {"compound_ids", "[integer]"},
                                        {"hours", "[#HallHours]"},
                                        {"roster", "[#HallShift]"}}));
  router.AddSchema("Hall", Schema({{"id", "integer"},
                                   {"community_id", "integer"},
                                   {"community_name", "string"},
                                   {"name", "string"},
                                   {"place", "string"},
                                   {"compound_ids", "[integer]"},
                                   {"compound_names", "[string]"},
                                   {"hours", "[#HallHours]"},
                                   {"hours_text", "string"},
                                   {"roster", "[#HallShift]"},
                                   {"open_now", "boolean"},
                                   {"next_opening", "#HallOpening"},
                                   {"visits_this_month", "integer"},
                                   {"visits_total", "integer"}}));
  router.AddSchema("HallList", Schema({{"items", "[#Hall]"}, {"total", "integer"}}));
  router.AddSchema("HallVisitDemand", Schema({{"nature", "string"},
                                              {"category_code", "string"},
                                              {"description", "string"},
                                              {"reporter_phone", "string"}}));
  router.AddSchema("HallVisitInput", Schema({{"visitor_name", "string"},
                                             {"resident_id", "integer?"},
                                             {"compound_id", "integer?"},
                                             {"about", "string"},
                                             {"outcome", "string"},
                                             {"answer", "string"},
                                             {"deliberation_id", "integer?"},
                                             {"demand", "#HallVisitDemand"}}));
  router.AddSchema("HallVisit", Schema({{"id", "integer"},
                                        {"hall_id", "integer"},
                                        {"hall_name", "string"},
                                        {"visitor_name", "string"},
                                        {"resident_id", "integer?"},
                                        {"compound_id", "integer?"},
                                        {"compound_name", "string"},
                                        {"about", "string"},
                                        {"outcome", "string"},
                                        {"answer", "string"},
                                        {"deliberation_id", "integer?"},
                                        {"opinion_id", "integer?"},
                                        {"demand_id", "integer?"},
                                        {"demand_number", "string"},
                                        {"worker", "string"},
                                        {"at", "string"}}));
  router.AddSchema("HallVisitList",
                   Schema({{"items", "[#HallVisit]"}, {"total", "integer"}, {"offset", "integer"}, {"limit", "integer"}}));
}

// Validates a hall for create/update: the roster's users, then the domain rules.
Status CheckHall(Store& store, Hall& h) {
  LINLI_TRY_STATUS(CheckRoster(store, h));
  return ValidateHall(h);
}

}  // namespace

void RegisterHallRoutes(http::Router& router, std::shared_ptr<Auth> auth, IntakeHooks hooks) {
  AddHallSchemas(router);
  router.Add({.method = "GET",
              .pattern = "/api/v1/halls",
              .permission = "hall:read",
              .summary = "议事厅列表（居民只看到服务本小区的议事厅）",
              .tag = "halls",
              .query_params = {{"community_id", "integer", false, "社区编号"}},
              .response_schema = "HallList",
              .handler = [auth](Request& req) -> Response {
                HallFilter f;
                auto community = OptionalQueryId(req, "community_id");
                if (!community.ok()) return ErrorResponse(community.error());
                f.community_id = *community;
                const std::int64_t now = auth->Now();
                f.since = MonthStartUtc(now);
                auto list = auth->store().Halls().ListHalls(f, ScopeOf(req));
                if (!list.ok()) return ErrorResponse(list.error());
                json::array items;
                for (const auto& s : *list) items.push_back(HallJson(s, now));
                const auto total = static_cast<std::int64_t>(items.size());
                return http::Json(json::object{{"items", std::move(items)}, {"total", total}});
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/halls",
              .permission = "hall:write",
              .summary = "新建议事厅（服务的小区、每周开放时间、值班安排）",
              .tag = "halls",
              .request_schema = "HallInput",
              .response_schema = "Hall",
              .handler = [auth](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return ErrorResponse(in.error());
                Hall h;
                ReadHall(*in, h, true);
                if (Status s = in->Finish(); !s.ok()) return ErrorResponse(s.error());
                if (Status s = CheckHall(auth->store(), h); !s.ok()) return ErrorResponse(s.error());
                Scope write_scope = ScopeOf(req);
                write_scope.household_ids.clear();
                auto made = auth->store().Halls().CreateHall(h, write_scope);
                if (!made.ok()) return ErrorResponse(made.error());
                (void)Audit(*auth, req, "hall.create", "hall", made->hall.id);
                return http::Json(HallJson(*made, auth->Now()), 201);
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/halls/{id}",
              .permission = "hall:read",
              .summary = "议事厅详情（开放时间、是否开放、下次开放和值班人员）",
              .tag = "halls",
              .response_schema = "Hall",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return ErrorResponse(id.error());
                const std::int64_t now = auth->Now();
                auto s = auth->store().Halls().GetHall(*id, ScopeOf(req), MonthStartUtc(now));
                if (!s.ok()) return ErrorResponse(s.error());
                return http::Json(HallJson(*s, now));
              }});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/halls/{id}",
              .permission = "hall:write",
              .summary = "修改议事厅",
              .tag = "halls",
              .request_schema = "HallInput",
              .response_schema = "Hall",
              .handler = [auth](Request& req) -> Response {
                HallStore& halls = auth->store().Halls();
                auto id = req.PathId();
                if (!id.ok()) return ErrorResponse(id.error());
                Scope write_scope = ScopeOf(req);
                write_scope.household_ids.clear();
                auto old = halls.GetHall(*id, write_scope);  // out of scope: 404 before the body
                if (!old.ok()) return ErrorResponse(old.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return ErrorResponse(in.error());
                if (in->Has("community_id")) {
                  in->AddError("community_id", "read_only", "议事厅所属社区不能修改");
                  in->Allow({"community_id"});
                }
                Hall h = old->hall;
                ReadHall(*in, h, false);
                if (Status s = in->Finish(); !s.ok()) return ErrorResponse(s.error());
                if (Status s = CheckHall(auth->store(), h); !s.ok()) return ErrorResponse(s.error());
                auto updated = halls.UpdateHall(h, write_scope);
                if (!updated.ok()) return ErrorResponse(updated.error());
                (void)Audit(*auth, req, "hall.update", "hall", *id);
                const std::int64_t now = auth->Now();
                auto shown = halls.GetHall(*id, write_scope, MonthStartUtc(now));
                if (!shown.ok()) return ErrorResponse(shown.error());
                return http::Json(HallJson(*shown, now));
              }});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/halls/{id}",
              .permission = "hall:write",
              .summary = "删除议事厅（已有来访记录的不能删除）",
              .tag = "halls",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return ErrorResponse(id.error());
                Scope write_scope = ScopeOf(req);
                write_scope.household_ids.clear();
                if (Status s = auth->store().Halls().DeleteHall(*id, write_scope); !s.ok())
                  return ErrorResponse(s.error());
                return http::FromStatus(Audit(*auth, req, "hall.delete", "hall", *id));
              }});
  std::vector<http::ParamDoc> visit_params = PageParams();
  visit_params.insert(visit_params.begin(), {{"from", "string", false, "来访日期起（含），YYYY-MM-DD"},
                                             {"to", "string", false, "来访日期止（含），YYYY-MM-DD"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/halls/{id}/visits",
              .permission = "hall:visit",
              .summary = "议事厅来访记录（新的在前）",
              .tag = "halls",
              .query_params = visit_params,
              .response_schema = "HallVisitList",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return ErrorResponse(id.error());
                HallVisitFilter f;
                for (auto [name, add] : {std::pair{"from", 0}, std::pair{"to", 1}}) {
                  std::string v = req.Query(name).value_or("");
                  if (v.empty()) continue;
                  auto utc = LocalMidnightUtc(v, add);
                  if (!utc)
                    return ErrorResponse(Error::Invalid(name, "date_format", "日期格式应为 YYYY-MM-DD"));
                  (add ? f.to : f.from) = *utc;
                }
                auto page = req.QueryPage();
                if (!page.ok()) return ErrorResponse(page.error());
                auto list = auth->store().Halls().ListVisits(*id, f, ScopeOf(req), *page);
                if (!list.ok()) return ErrorResponse(list.error());
                json::array items;
                for (const auto& v : list->items) items.push_back(VisitJson(v));
                return http::Json(json::object{{"items", std::move(items)},
                                               {"total", list->total},
                                               {"offset", page->offset},
                                               {"limit", page->limit}});
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/halls/{id}/visits",
              .permission = "hall:visit",
              .summary = "登记来访（当场答复 / 转为议事意见 / 转为诉求）",
              .tag = "halls",
              .request_schema = "HallVisitInput",
              .response_schema = "HallVisit",
              .handler = [auth, hooks](Request& req) -> Response { return AddVisit(*auth, hooks, req); }});
}

}  // namespace linli::api
