// Deliberations (议事协商, 六步议事法): the contract of /work/helpers/deliberations-api.md, section
// "Deliberations".
//   GET    /api/v1/deliberations?community_id&step&q             deliberation:read     list
//   POST   /api/v1/deliberations                                 deliberation:write    new (demand_ids seed it)
//   GET    /api/v1/deliberations/{id}                            deliberation:read     detail (+ vote, notices, next)
//   PATCH  /api/v1/deliberations/{id}                            deliberation:write    edit
//   POST   /api/v1/deliberations/{id}/opinions                   deliberation:opinion  an opinion
//   PUT    /api/v1/deliberations/{id}/themes                     deliberation:write    group opinions
//   GET    /api/v1/deliberations/{id}/theme-suggestions          deliberation:write    suggested groups
//   POST   /api/v1/deliberations/{id}/research                   deliberation:write    research note
//   POST   /api/v1/deliberations/{id}/options                    deliberation:write    option
//   PATCH, DELETE /api/v1/deliberations/{id}/options/{option_id} deliberation:write
//   POST   /api/v1/deliberations/{id}/meetings                   deliberation:write    meeting
//   POST   /api/v1/deliberations/{id}/tasks                      deliberation:write    task
//   POST   /api/v1/deliberations/{id}/tasks/{task_id}/updates    deliberation:task     progress
//   POST   /api/v1/deliberations/{id}/step                       deliberation:write    advance | back | skip
//   POST   /api/v1/deliberation-files?filename=                  deliberation:task     upload -> {name,url,mime,size}
//   GET    /api/v1/deliberation-files/{sha256}                   deliberation:read     the file
// The linked vote and notices are read from their stores at GET time and fed to CheckStepOutput.
// Every write is audited (action "deliberation.<what>", object_type "deliberation").
#include "store/deliberations.h"

#include <set>

#include "access/masking.h"
#include "access/permissions.h"
#include "api/openapi_schema.h"
#include "api/resource.h"
#include "api/session.h"
#include "domain/deliberation.h"
#include "service/attachments.h"
#include "store/notices.h"
#include "store/votes.h"

namespace linli::api {

namespace {

json::value OptId(const std::optional<Id>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array Ids(const std::vector<Id>& ids) {
  json::array a;
  for (Id id : ids) a.push_back(id);
  return a;
}

Response Err(const Error& e) { return http::ErrorResponse(e); }

bool IsStaff(const Request& req) {
  const std::string& r = req.ctx.principal.role;
  return r == "community_staff" || r == "community_head";
}

// Local (Beijing) day of the server's clock.
std::string Today(Auth& auth) { return FormatUtc(auth.Now() + 8 * 3600).substr(0, 10); }

// The linked vote and notices, read from their stores (the deliberation itself is in scope).
struct Linked {
  std::optional<VoteRecord> vote;
  std::vector<NoticeSummary> notices;
  DeliberationLinks links;
};

Result<Linked> ReadLinks(Store& store, const Deliberation& d) {
  Linked out;
  if (d.vote_id) {
    auto v = store.Votes().GetVote(*d.vote_id, Scope::All());
    if (v.ok()) out.vote = std::move(*v);
    else if (v.error().code != ErrorCode::kNotFound) return v.error();
  }
  if (!out.vote) {
    VoteFilter f;
    f.deliberation_id = d.id;
    f.community_id = d.community_id;
    auto list = store.Votes().ListVotes(f, Scope::All(), PageRequest{0, 50});
    if (!list.ok()) return list.error();
    for (auto& v : list->items)
      if (!out.vote || v.id > out.vote->id) out.vote = v;
  }
  if (out.vote) out.links.vote_outcome = out.vote->status == "closed" ? out.vote->outcome : "";
  NoticeFilter nf;
  nf.community_id = d.community_id;
  for (std::int64_t offset = 0;; offset += 500) {
    auto list = store.Notices().ListNotices(nf, Scope::All(), PageRequest{offset, 500});
    if (!list.ok()) return list.error();
    for (auto& s : list->items)
      if (s.notice.deliberation_id == d.id) out.notices.push_back(std::move(s));
    if (offset + 500 >= list->total) break;
  }
  for (const auto& s : out.notices) {
    NoticeLink l;
    l.notice_id = s.notice.id;
    l.published = !s.notice.published_at.empty();
    l.starts_at = s.notice.starts_at, l.ends_at = s.notice.ends_at;
    l.open_objections = s.unanswered_objections;
    out.links.notices.push_back(std::move(l));
  }
  return out;
}

json::array FilesJson(const std::vector<std::string>& urls, const DeliberationRecord& rec) {
  json::array a;
  for (const auto& url : urls) {
    json::object o{{"name", ""}, {"url", url}, {"mime", ""}, {"size", 0}};
    for (const auto& f : rec.files)
      if (f.url == url) o = {{"name", f.name}, {"url", f.url}, {"mime", f.mime}, {"size", f.size}};
    a.push_back(std::move(o));
  }
  return a;
}

json::object OpinionJson(const Opinion& o, const DeliberationRecord* rec, const Request& req) {
  const bool staff = IsStaff(req);
  const bool own = o.user_id && *o.user_id == req.ctx.principal.user_id && req.ctx.principal.user_id != 0;
  std::string author = o.author_name;
  if (o.anonymous && !staff && !own) author = "匿名";
  else if (!staff && !own && o.source != "demand") author = MaskName(o.author_name);
  std::string compound_name;
  if (rec && o.compound_id) {
    auto it = rec->compound_names.find(*o.compound_id);
    if (it != rec->compound_names.end()) compound_name = it->second;
  }
  const bool hide_ids = o.anonymous && !staff && !own;
  return json::object{{"id", o.id},
                      {"source", o.source},
                      {"resident_id", hide_ids ? json::value(nullptr) : OptId(o.resident_id)},
                      {"user_id", hide_ids ? json::value(nullptr) : OptId(o.user_id)},
                      {"author_name", author},
                      {"anonymous", o.anonymous},
                      {"compound_id", OptId(o.compound_id)},
                      {"compound_name", compound_name},
                      {"text", o.text},
                      {"demand_id", OptId(o.demand_id)},
                      {"hall_visit_id", OptId(o.hall_visit_id)},
                      {"theme", o.theme},
                      {"created_at", o.created_at}};
}

json::object OptionJson(const DeliberationOption& o, const DeliberationRecord& rec) {
  return json::object{{"id", o.id},
                      {"title", o.title},
                      {"description", o.description},
                      {"cost_fen", o.cost_fen ? json::value(*o.cost_fen) : json::value(nullptr)},
                      {"payer", o.payer},
                      {"schedule", o.schedule},
                      {"affected_households", o.affected_households},
                      {"attachments", FilesJson(o.attachments, rec)}};
}

json::object MeetingJson(const Meeting& m) {
  json::array attendees;
  for (const auto& a : m.attendees) attendees.push_back(json::object{{"name", a.name}, {"party", a.party}});
  return json::object{{"id", m.id},         {"held_at", m.held_at}, {"place", m.place},
                      {"attendees", attendees}, {"minutes", m.minutes}, {"outcome", m.outcome}};
}

json::object TaskJson(const DeliberationTask& t, const DeliberationRecord& rec, const std::string& today) {
  json::array updates;
  for (const auto& u : t.updates)
    updates.push_back(json::object{{"at", u.at},
                                   {"by", u.by},
                                   {"text", u.text},
                                   {"progress", u.progress},
                                   {"photos", FilesJson(u.photos, rec)}});
  return json::object{{"id", t.id},         {"title", t.title},   {"owner", t.owner},
                      {"due_date", t.due_date}, {"status", t.status}, {"progress", t.progress},
                      {"overdue", IsTaskOverdue(t, today)}, {"updates", std::move(updates)}};
}

json::object ResearchJson(const ResearchNote& n, const DeliberationRecord& rec) {
  return json::object{{"id", n.id},     {"kind", n.kind}, {"text", n.text}, {"attachments", FilesJson(n.attachments, rec)},
                      {"author", n.author}, {"at", n.at}};
}

json::object DeliberationJson(const DeliberationRecord& rec, const Linked& linked, const Request& req,
                              const std::string& now, const std::string& today) {
  Deliberation d = rec.deliberation;
  d.vote_outcome = linked.links.vote_outcome;
  d.notices = linked.links.notices;
  json::array opinions, research, options, meetings, tasks, notices, history;
  for (const auto& o : d.opinions) opinions.push_back(OpinionJson(o, &rec, req));
  for (const auto& n : d.research) research.push_back(ResearchJson(n, rec));
  for (const auto& o : d.options) options.push_back(OptionJson(o, rec));
  for (const auto& m : d.meetings) meetings.push_back(MeetingJson(m));
  for (const auto& t : d.tasks) tasks.push_back(TaskJson(t, rec, today));
  for (const auto& s : linked.notices)
    notices.push_back(json::object{{"notice_id", s.notice.id},
                                   {"title", s.notice.title},
                                   {"status", NoticeStatusCode(NoticeStatusAt(s.notice, now))},
                                   {"published", !s.notice.published_at.empty()},
                                   {"starts_at", s.notice.starts_at},
                                   {"ends_at", s.notice.ends_at},
                                   {"open_objections", s.unanswered_objections}});
  for (const auto& h : d.history)
    history.push_back(json::object{{"from", h.from},     {"to", h.to},
                                   {"kind", h.kind},     {"actor", h.actor},
                                   {"reason", h.reason}, {"approved_by", h.approved_by},
                                   {"at", h.at}});
  json::value vote = nullptr;
  if (linked.vote)
    vote = json::object{{"id", linked.vote->id},
                        {"title", linked.vote->title},
                        {"status", linked.vote->status},
                        {"outcome", linked.vote->outcome}};
  json::object next{{"step", nullptr}, {"ok", false}, {"errors", json::array{}}};
  if (d.step != DeliberationStep::kClosed) {
    next["step"] = DeliberationStepCode(static_cast<DeliberationStep>(static_cast<int>(d.step) + 1));
    Status s = CheckStepOutput(d, d.step, now);
    next["ok"] = s.ok();
    if (!s.ok()) {
      json::array errors;
      for (const auto& e : s.error().details)
        errors.push_back(json::object{{"field", e.field}, {"reason", e.reason}, {"message", e.message}});
      next["errors"] = std::move(errors);
    }
  }
  json::array compound_names;
  for (Id c : d.compound_ids) {
    auto it = rec.compound_names.find(c);
    compound_names.push_back(json::string(it == rec.compound_names.end() ? "" : it->second));
  }
  return json::object{{"id", d.id},
                      {"community_id", d.community_id},
                      {"compound_ids", Ids(d.compound_ids)},
                      {"compound_names", std::move(compound_names)},
                      {"title", d.title},
                      {"step", DeliberationStepCode(d.step)},
                      {"step_name", DeliberationStepNameZh(d.step)},
                      {"opinions", std::move(opinions)},
                      {"topic", d.topic},
                      {"question", d.question},
                      {"research", std::move(research)},
                      {"options", std::move(options)},
                      {"needs_vote", d.needs_vote},
                      {"meetings", std::move(meetings)},
                      {"outcome", d.outcome},
                      {"chosen_option_id", OptId(d.chosen_option_id)},
                      {"vote_id", OptId(d.vote_id)},
                      {"vote", std::move(vote)},
                      {"tasks", std::move(tasks)},
                      {"notices", std::move(notices)},
                      {"history", std::move(history)},
                      {"created_by", d.created_by},
                      {"created_at", d.created_at},
                      {"updated_at", rec.updated_at},
                      {"next", std::move(next)}};
}

json::object SummaryJson(const DeliberationSummary& s) {
  return json::object{{"id", s.id},
                      {"community_id", s.community_id},
                      {"title", s.title},
                      {"step", DeliberationStepCode(s.step)},
                      {"step_name", DeliberationStepNameZh(s.step)},
                      {"compound_ids", Ids(s.compound_ids)},
                      {"topic", s.topic},
                      {"opinions_count", s.opinions_count},
                      {"tasks_overdue", s.tasks_overdue},
                      {"created_at", s.created_at},
                      {"updated_at", s.updated_at}};
}

// Audits a successful write.
void Audit(Auth& auth, const Request& req, std::string action, Id id, std::string reason = {}) {
  AuditEntry e;
  e.action = "deliberation." + action;
  e.object_type = "deliberation";
  e.object_id = std::to_string(id);
  e.reason = std::move(reason);
  (void)AuditRequest(auth, req, std::move(e));
}

// [{name, url, mime?, size?}] at `key`: the urls (for the domain) and their metadata.
void ReadFiles(http::JsonReader& in, std::string_view key, std::vector<std::string>& urls,
               std::vector<DeliberationFile>& files) {
  const json::array* list = in.Array(key);
  if (!list) return;
  urls.clear();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json::value& item = (*list)[i];
    std::string field = in.FieldName(key) + "[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      in.AddError(field, "type", "附件应为 {name, url}");
      continue;
    }
    auto sub = http::JsonReader::Of(item.as_object(), field + ".");
    DeliberationFile f;
    if (auto v = sub.String("name")) f.name = *v;
    if (auto v = sub.String("url")) f.url = *v;
    else sub.AddError(field + ".url", "required", "附件缺少地址");
    if (auto v = sub.String("mime")) f.mime = *v;
    if (auto v = sub.Int("size")) f.size = *v;
    if (Status s = sub.Finish(); !s.ok())
      for (const auto& d : s.error().details) in.AddError(d.field, d.reason, d.message);
    urls.push_back(f.url);
    files.push_back(std::move(f));
  }
}

// Runs `fn(rec)` and answers the full deliberation (status `status`).
struct Api {
  std::shared_ptr<Auth> auth;
  Store& store() { return auth->store(); }
  DeliberationStore& ds() { return auth->store().Deliberations(); }

  Response Full(const Request& req, Result<DeliberationRecord> rec, int status = 200) {
    if (!rec.ok()) return Err(rec.error());
    auto linked = ReadLinks(store(), rec->deliberation);
    if (!linked.ok()) return Err(linked.error());
    return http::Json(DeliberationJson(*rec, *linked, req, auth->NowText(), Today(*auth)), status);
  }
  // The record of path {id} in the caller's scope (404 before the body is read).
  Result<DeliberationRecord> Load(const Request& req) {
    LINLI_TRY(auto id, req.PathId());
    return ds().GetDeliberation(id, ScopeOf(req));
  }
  std::string Actor(const Request& req) {
    const auto& p = req.ctx.principal;
    return p.display_name.empty() ? p.username : p.display_name;
  }
};

void AddSchemas(http::Router& router) {
  router.AddSchema("DeliberationFile",
                   Schema({{"name", "string"}, {"url", "string"}, {"mime", "string"}, {"size", "integer"}}));
  router.AddSchema("DeliberationOpinion", Schema({{"id", "integer"},
                                                  {"source", "string"},
                                                  {"resident_id", "integer?"},
                                                  {"user_id", "integer?"},
                                                  {"author_name", "string"},
                                                  {"anonymous", "boolean"},
                                                  {"compound_id", "integer?"},
                                                  {"compound_name", "string"},
                                                  {"text", "string"},
                                                  {"demand_id", "integer?"},
                                                  {"hall_visit_id", "integer?"},
                                                  {"theme", "string"},
                                                  {"created_at", "string"}}));
  router.AddSchema("DeliberationResearch", Schema({{"id", "integer"},
                                                   {"kind", "string"},
                                                   {"text", "string"},
                                                   {"attachments", "[#DeliberationFile]"},
                                                   {"author", "string"},
                                                   {"at", "string"}}));
  router.AddSchema("DeliberationOption", Schema({{"id", "integer"},
                                                 {"title", "string"},
                                                 {"description", "string"},
                                                 {"cost_fen", "integer?"},
                                                 {"payer", "string"},
                                                 {"schedule", "string"},
                                                 {"affected_households", "integer"},
                                                 {"attachments", "[#DeliberationFile]"}}));
  router.AddSchema("DeliberationMeeting", Schema({{"id", "integer"},
                                                  {"held_at", "string"},
                                                  {"place", "string"},
                                                  {"attendees", "[object]"},
                                                  {"minutes", "string"},
                                                  {"outcome", "string"}}));
  router.AddSchema("DeliberationTask", Schema({{"id", "integer"},
                                               {"title", "string"},
                                               {"owner", "string"},
                                               {"due_date", "string"},
                                               {"status", "string"},
                                               {"progress", "integer"},
                                               {"overdue", "boolean"},
                                               {"updates", "[object]"}}));
  router.AddSchema("Deliberation", Schema({{"id", "integer"},
                                           {"community_id", "integer"},
                                           {"compound_ids", "[integer]"},
                                           {"compound_names", "[string]"},
                                           {"title", "string"},
                                           {"step", "string"},
                                           {"step_name", "string"},
                                           {"opinions", "[#DeliberationOpinion]"},
                                           {"topic", "string"},
                                           {"question", "string"},
                                           {"research", "[#DeliberationResearch]"},
                                           {"options", "[#DeliberationOption]"},
                                           {"needs_vote", "boolean"},
                                           {"meetings", "[#DeliberationMeeting]"},
                                           {"outcome", "string"},
                                           {"chosen_option_id", "integer?"},
                                           {"vote_id", "integer?"},
                                           {"vote", "object?"},
                                           {"tasks", "[#DeliberationTask]"},
                                           {"notices", "[object]"},
                                           {"history", "[object]"},
                                           {"created_by", "string"},
                                           {"created_at", "string"},
                                           {"updated_at", "string"},
                                           {"next", "object"}}));
  router.AddSchema("DeliberationSummary", Schema({{"id", "integer"},
                                                  {"community_id", "integer"},
                                                  {"title", "string"},
                                                  {"step", "string"},
                                                  {"step_name", "string"},
                                                  {"compound_ids", "[integer]"},
                                                  {"topic", "string"},
                                                  {"opinions_count", "integer"},
                                                  {"tasks_overdue", "integer"},
                                                  {"created_at", "string"},
                                                  {"updated_at", "string"}}));
  router.AddSchema("DeliberationList", Schema({{"items", "[#DeliberationSummary]"},
                                               {"total", "integer"},
                                               {"offset", "integer"},
                                               {"limit", "integer"}}));
  router.AddSchema("DeliberationInput", Schema({{"community_id", "integer"},
                                                {"title", "string"},
                                                {"compound_ids", "[integer]"},
                                                {"demand_ids", "[integer]"}}));
  router.AddSchema("DeliberationPatch", Schema({{"title", "string"},
                                                {"compound_ids", "[integer]"},
                                                {"topic", "string"},
                                                {"question", "string"},
                                                {"needs_vote", "boolean"},
                                                {"outcome", "string"},
                                                {"chosen_option_id", "integer?"},
                                                {"vote_id", "integer?"}}));
  router.AddSchema("DeliberationOpinionInput", Schema({{"text", "string"},
                                                       {"compound_id", "integer?"},
                                                       {"anonymous", "boolean"},
                                                       {"source", "string"},
                                                       {"author_name", "string"},
                                                       {"hall_visit_id", "integer?"},
                                                       {"demand_id", "integer?"}}));
  router.AddSchema("DeliberationThemesInput", Schema({{"assignments", "[object]"}}));
  router.AddSchema("DeliberationThemeSuggestions", Schema({{"groups", "[object]"}}));
  router.AddSchema("DeliberationResearchInput",
                   Schema({{"kind", "string"}, {"text", "string"}, {"attachments", "[#DeliberationFile]"}}));
  router.AddSchema("DeliberationOptionInput", Schema({{"title", "string"},
                                                      {"description", "string"},
                                                      {"cost_fen", "integer?"},
                                                      {"payer", "string"},
                                                      {"schedule", "string"},
                                                      {"affected_households", "integer"},
                                                      {"attachments", "[#DeliberationFile]"}}));
  router.AddSchema("DeliberationMeetingInput", Schema({{"held_at", "string"},
                                                       {"place", "string"},
                                                       {"attendees", "[object]"},
                                                       {"minutes", "string"},
                                                       {"outcome", "string"}}));
  router.AddSchema("DeliberationTaskInput",
                   Schema({{"title", "string"}, {"owner", "string"}, {"due_date", "string"}}));
  router.AddSchema("DeliberationTaskUpdateInput", Schema({{"text", "string"},
                                                          {"progress", "integer"},
                                                          {"photos", "[#DeliberationFile]"},
                                                          {"status", "string"}}));
  router.AddSchema("DeliberationStepInput",
                   Schema({{"action", "string"}, {"target", "string"}, {"reason", "string"}}));
}

// Reads an option body into `o` (fields present only).
void ReadOption(http::JsonReader& in, DeliberationOption& o, std::vector<DeliberationFile>& files) {
  if (auto v = in.String("title")) o.title = *v;
  if (auto v = in.String("description")) o.description = *v;
  if (in.Has("cost_fen")) {
    if (in.IsNull("cost_fen")) o.cost_fen.reset(), (void)in.Value("cost_fen");
    else if (auto v = in.Int("cost_fen")) o.cost_fen = *v;
  }
  if (auto v = in.String("payer")) o.payer = *v;
  if (auto v = in.String("schedule")) o.schedule = *v;
  if (auto v = in.Int("affected_households")) o.affected_households = *v;
  ReadFiles(in, "attachments", o.attachments, files);
}

}  // namespace

void RegisterDeliberationRoutes(http::Router& router, std::shared_ptr<Auth> auth, const ApiOptions& options) {
  AddSchemas(router);
  auto api = std::make_shared<Api>(Api{auth});

  std::vector<http::ParamDoc> list_params = PageParams();
  list_params.insert(list_params.begin(),
                     {{"community_id", "integer", false, "社区编号"},
                      {"step", "string", false, "collect | topic | research | decide | implement | publish | closed | open（未办结）"},
                      {"q", "string", false, "标题或议题中的文字"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/deliberations",
              .permission = "deliberation:read",
              .summary = "议事列表（新的在前）",
              .tag = "deliberations",
              .query_params = list_params,
              .response_schema = "DeliberationList",
              .handler = [api](Request& req) -> Response {
                DeliberationFilter f;
                auto community = OptionalQueryId(req, "community_id");
                if (!community.ok()) return Err(community.error());
                f.community_id = *community;
                f.step = req.Query("step").value_or("");
                f.q = req.Query("q").value_or("");
                f.today = Today(*api->auth);
                auto page = req.QueryPage();
                if (!page.ok()) return Err(page.error());
                auto list = api->ds().ListDeliberations(f, ScopeOf(req), *page);
                if (!list.ok()) return Err(list.error());
                json::array items;
                for (const auto& s : list->items) items.push_back(SummaryJson(s));
                return http::Json(json::object{{"items", std::move(items)},
                                               {"total", list->total},
                                               {"offset", page->offset},
                                               {"limit", page->limit}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations",
              .permission = "deliberation:write",
              .summary = "发起议事（可由热点诉求 demand_ids 带入意见）",
              .tag = "deliberations",
              .request_schema = "DeliberationInput",
              .response_schema = "Deliberation",
              .handler = [api](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                Deliberation d;
                if (auto v = in->IdValue("community_id")) d.community_id = *v;
                else RequireField(*in, "community_id");
                if (auto v = in->String("title")) d.title = *v;
                else RequireField(*in, "title");
                if (auto v = in->IdArray("compound_ids")) d.compound_ids = *v;
                std::vector<Id> demand_ids;
                if (auto v = in->IdArray("demand_ids")) demand_ids = *v;
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                d.created_by = api->Actor(req);
                auto rec = api->ds().CreateDeliberation(d, demand_ids, api->auth->NowText(), ScopeOf(req));
                if (rec.ok()) Audit(*api->auth, req, "create", rec->deliberation.id);
                return api->Full(req, std::move(rec), 201);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/deliberations/{id}",
              .permission = "deliberation:read",
              .summary = "议事详情（含关联表决、公示和下一步还缺什么）",
              .tag = "deliberations",
              .response_schema = "Deliberation",
              .handler = [api](Request& req) -> Response { return api->Full(req, api->Load(req)); }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/deliberations/{id}",
              .permission = "deliberation:write",
              .summary = "修改议事（标题、小区、议题、问题、是否表决、结论、选定方案、关联表决）",
              .tag = "deliberations",
              .request_schema = "DeliberationPatch",
              .response_schema = "Deliberation",
              .handler = [api](Request& req) -> Response {
                auto old = api->Load(req);
                if (!old.ok()) return Err(old.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                DeliberationPatch p;
                if (auto v = in->String("title")) p.title = *v;
                if (auto v = in->IdArray("compound_ids")) p.compound_ids = *v;
                if (auto v = in->String("topic")) p.topic = *v;
                if (auto v = in->String("question")) p.question = *v;
                if (auto v = in->Bool("needs_vote")) p.needs_vote = *v;
                if (auto v = in->String("outcome")) p.outcome = *v;
                for (auto [key, target] : {std::pair{"chosen_option_id", &p.chosen_option_id},
                                           std::pair{"vote_id", &p.vote_id}}) {
                  if (!in->Has(key)) continue;
                  if (in->IsNull(key)) {
                    (void)in->Value(key);
                    *target = 0;
                  } else if (auto v = in->IdValue(key)) {
                    *target = *v;
                  }
                }
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                const Id id = old->deliberation.id;
                auto rec = api->ds().UpdateDeliberation(id, p, api->auth->NowText(), ScopeOf(req));
                if (rec.ok()) Audit(*api->auth, req, "update", id);
                return api->Full(req, std::move(rec));
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/opinions",
              .permission = "deliberation:opinion",
              .summary = "提交意见（居民本人网上提交；工作人员代录议事厅、会议、诉求中的意见）",
              .tag = "deliberations",
              .request_schema = "DeliberationOpinionInput",
              .response_schema = "DeliberationOpinion",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                const auto& p = req.ctx.principal;
                const bool resident = p.role == "resident";
                Opinion o;
                o.source = resident ? "online" : "staff";
                if (auto v = in->String("text")) o.text = *v;
                else RequireField(*in, "text");
                o.compound_id = in->IdValue("compound_id");  // absent or null: none
                if (auto v = in->Bool("anonymous")) o.anonymous = *v;
                std::optional<std::string> source = in->String("source");
                std::optional<std::string> author = in->String("author_name");
                o.hall_visit_id = in->IdValue("hall_visit_id");  // absent or null: none
                o.demand_id = in->IdValue("demand_id");  // absent or null: none
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                if (resident) {
                  // Always online, by him, from his compound.
                  if (p.user_id == 0) return http::ErrorResponse(ErrorCode::kPermissionDenied, "请以居民账号登录后提交意见");
                  o.user_id = p.user_id;
                  o.author_name = p.display_name.empty() ? p.username : p.display_name;
                  o.hall_visit_id.reset(), o.demand_id.reset(), o.compound_id.reset();
                  if (!p.scope.household_ids.empty()) {
                    auto h = api->store().GetHousehold(p.scope.household_ids.front(), p.scope);
                    if (h.ok()) o.compound_id = h->summary.compound_id;
                  }
                } else {
                  if (source) o.source = *source;
                  o.author_name = author ? *author : "";
                  if (o.author_name.empty() && o.source == "staff") o.author_name = api->Actor(req);
                }
                auto added = api->ds().AddOpinion(*id, o, api->auth->NowText(), ScopeOf(req));
                if (!added.ok()) return Err(added.error());
                Audit(*api->auth, req, "opinion", *id);
                auto rec = api->ds().GetDeliberation(*id, ScopeOf(req));
                return http::Json(OpinionJson(*added, rec.ok() ? &*rec : nullptr, req), 201);
              }});

  router.Add({.method = "PUT",
              .pattern = "/api/v1/deliberations/{id}/themes",
              .permission = "deliberation:write",
              .summary = "给意见分组（主题；\"\" 为不分组）",
              .tag = "deliberations",
              .request_schema = "DeliberationThemesInput",
              .response_schema = "Deliberation",
              .handler = [api](Request& req) -> Response {
                auto old = api->Load(req);
                if (!old.ok()) return Err(old.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                std::vector<std::pair<Id, std::string>> assignments;
                if (const json::array* list = in->Array("assignments")) {
                  for (std::size_t i = 0; i < list->size(); ++i) {
                    const std::string field = "assignments[" + std::to_string(i) + "]";
                    if (!(*list)[i].is_object()) {
                      in->AddError(field, "type", "应为 {opinion_id, theme}");
                      continue;
                    }
                    auto sub = http::JsonReader::Of((*list)[i].as_object(), field + ".");
                    std::pair<Id, std::string> a{0, ""};
                    if (auto v = sub.IdValue("opinion_id")) a.first = *v;
                    else sub.AddError(field + ".opinion_id", "required", "缺少意见编号");
                    if (auto v = sub.String("theme")) a.second = *v;
                    if (Status s = sub.Finish(); !s.ok())
                      for (const auto& d : s.error().details) in->AddError(d.field, d.reason, d.message);
                    assignments.push_back(std::move(a));
                  }
                } else {
                  RequireField(*in, "assignments");
                }
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                const Id id = old->deliberation.id;
                auto rec = api->ds().SetThemes(id, assignments, api->auth->NowText(), ScopeOf(req));
                if (rec.ok()) Audit(*api->auth, req, "themes", id);
                return api->Full(req, std::move(rec));
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/deliberations/{id}/theme-suggestions",
              .permission = "deliberation:write",
              .summary = "按文字相近程度建议的意见分组",
              .tag = "deliberations",
              .response_schema = "DeliberationThemeSuggestions",
              .handler = [api](Request& req) -> Response {
                auto rec = api->Load(req);
                if (!rec.ok()) return Err(rec.error());
                json::array groups;
                for (const auto& g : SuggestOpinionThemes(rec->deliberation.opinions)) {
                  json::array keywords;
                  for (const auto& k : g.keywords) keywords.push_back(json::string(k));
                  groups.push_back(json::object{
                      {"theme", g.theme}, {"keywords", std::move(keywords)}, {"opinion_ids", Ids(g.opinion_ids)}});
                }
                return http::Json(json::object{{"groups", std::move(groups)}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/research",
              .permission = "deliberation:write",
              .summary = "记录调研（实地查看、费用测算、报价、问卷等）",
              .tag = "deliberations",
              .request_schema = "DeliberationResearchInput",
              .response_schema = "DeliberationResearch",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                ResearchNote n;
                std::vector<DeliberationFile> files;
                if (auto v = in->String("kind")) n.kind = *v;
                if (auto v = in->String("text")) n.text = *v;
                else RequireField(*in, "text");
                ReadFiles(*in, "attachments", n.attachments, files);
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                n.author = api->Actor(req);
                auto added = api->ds().AddResearch(*id, n, files, api->auth->NowText(), ScopeOf(req));
                if (!added.ok()) return Err(added.error());
                Audit(*api->auth, req, "research", *id);
                DeliberationRecord rec;
                rec.files = files;
                return http::Json(ResearchJson(*added, rec), 201);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/options",
              .permission = "deliberation:write",
              .summary = "拟定方案（费用、出资方、时间安排、涉及户数）",
              .tag = "deliberations",
              .request_schema = "DeliberationOptionInput",
              .response_schema = "DeliberationOption",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                DeliberationOption o;
                std::vector<DeliberationFile> files;
                ReadOption(*in, o, files);
                if (!in->Has("title")) RequireField(*in, "title");
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                auto added = api->ds().AddOption(*id, o, files, api->auth->NowText(), ScopeOf(req));
                if (!added.ok()) return Err(added.error());
                Audit(*api->auth, req, "option", *id);
                DeliberationRecord rec;
                rec.files = files;
                return http::Json(OptionJson(*added, rec), 201);
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/deliberations/{id}/options/{option_id}",
              .permission = "deliberation:write",
              .summary = "修改方案（议定之前）",
              .tag = "deliberations",
              .request_schema = "DeliberationOptionInput",
              .response_schema = "DeliberationOption",
              .handler = [api](Request& req) -> Response {
                auto old = api->Load(req);
                if (!old.ok()) return Err(old.error());
                auto option_id = req.PathId("option_id");
                if (!option_id.ok()) return Err(option_id.error());
                const DeliberationOption* found = nullptr;
                for (const auto& o : old->deliberation.options)
                  if (o.id == *option_id) found = &o;
                if (!found) return Err(Error::NotFound("方案不存在"));
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                DeliberationOption o = *found;
                std::vector<DeliberationFile> files = old->files;
                ReadOption(*in, o, files);
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                auto done = api->ds().UpdateOption(old->deliberation.id, o, files, api->auth->NowText(), ScopeOf(req));
                if (!done.ok()) return Err(done.error());
                Audit(*api->auth, req, "option_update", old->deliberation.id);
                DeliberationRecord rec;
                rec.files = files;
                return http::Json(OptionJson(*done, rec));
              }});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/deliberations/{id}/options/{option_id}",
              .permission = "deliberation:write",
              .summary = "删除方案（议定之前）",
              .tag = "deliberations",
              .success_status = 204,
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto option_id = req.PathId("option_id");
                if (!option_id.ok()) return Err(option_id.error());
                Status s = api->ds().DeleteOption(*id, *option_id, api->auth->NowText(), ScopeOf(req));
                if (!s.ok()) return Err(s.error());
                Audit(*api->auth, req, "option_delete", *id);
                Response r;
                r.status = 204;
                return r;
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/meetings",
              .permission = "deliberation:write",
              .summary = "记录议事会议（四方会谈：到会人员、纪要、结论）",
              .tag = "deliberations",
              .request_schema = "DeliberationMeetingInput",
              .response_schema = "DeliberationMeeting",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                Meeting m;
                if (auto v = in->String("held_at")) m.held_at = *v;
                else RequireField(*in, "held_at");
                if (auto v = in->String("place")) m.place = *v;
                if (auto v = in->String("minutes")) m.minutes = *v;
                if (auto v = in->String("outcome")) m.outcome = *v;
                if (const json::array* list = in->Array("attendees")) {
                  for (std::size_t i = 0; i < list->size(); ++i) {
                    const std::string field = "attendees[" + std::to_string(i) + "]";
                    if (!(*list)[i].is_object()) {
                      in->AddError(field, "type", "应为 {name, party}");
                      continue;
                    }
                    auto sub = http::JsonReader::Of((*list)[i].as_object(), field + ".");
                    MeetingAttendee a;
                    if (auto v = sub.String("name")) a.name = *v;
                    if (auto v = sub.String("party")) a.party = *v;
                    if (Status s = sub.Finish(); !s.ok())
                      for (const auto& d : s.error().details) in->AddError(d.field, d.reason, d.message);
                    m.attendees.push_back(std::move(a));
                  }
                }
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                auto added = api->ds().AddMeeting(*id, m, api->auth->NowText(), ScopeOf(req));
                if (!added.ok()) return Err(added.error());
                Audit(*api->auth, req, "meeting", *id);
                return http::Json(MeetingJson(*added), 201);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/tasks",
              .permission = "deliberation:write",
              .summary = "落实任务（名称、负责人、完成期限）",
              .tag = "deliberations",
              .request_schema = "DeliberationTaskInput",
              .response_schema = "DeliberationTask",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                DeliberationTask t;
                if (auto v = in->String("title")) t.title = *v;
                else RequireField(*in, "title");
                if (auto v = in->String("owner")) t.owner = *v;
                if (auto v = in->String("due_date")) t.due_date = *v;
                else RequireField(*in, "due_date");
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                auto added = api->ds().AddTask(*id, t, api->auth->NowText(), ScopeOf(req));
                if (!added.ok()) return Err(added.error());
                Audit(*api->auth, req, "task", *id);
                return http::Json(TaskJson(*added, DeliberationRecord{}, Today(*api->auth)), 201);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/tasks/{task_id}/updates",
              .permission = "deliberation:task",
              .summary = "报告任务进展（进度、照片、完成或取消）",
              .tag = "deliberations",
              .request_schema = "DeliberationTaskUpdateInput",
              .response_schema = "DeliberationTask",
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto task_id = req.PathId("task_id");
                if (!task_id.ok()) return Err(task_id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                TaskUpdate u;
                std::string status;
                std::vector<DeliberationFile> files;
                if (auto v = in->String("text")) u.text = *v;
                else RequireField(*in, "text");
                if (auto v = in->Int("progress")) {
                  if (*v < 0 || *v > 100) in->AddError("progress", "range", "进度应在 0 到 100 之间");
                  else u.progress = static_cast<int>(*v);
                } else if (!in->Has("progress")) {
                  RequireField(*in, "progress");
                }
                if (auto v = in->String("status")) status = *v;
                ReadFiles(*in, "photos", u.photos, files);
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                u.by = api->Actor(req);
                // A property company has no registry scope: it reaches the deliberations naming one
                // of its compounds.
                Scope scope = ScopeOf(req);
                if (req.ctx.principal.role == "property_company") {
                  auto user = api->store().GetUser(req.ctx.principal.user_id);
                  auto rec = api->ds().GetDeliberation(*id, Scope::All());
                  bool mine = false;
                  if (user.ok() && rec.ok())
                    for (Id c : rec->deliberation.compound_ids)
                      for (Id own : user->compound_ids) mine = mine || c == own;
                  if (!mine) return Err(Error::NotFound("议事不存在"));
                  scope = Scope::All();
                }
                auto t = api->ds().AddTaskUpdate(*id, *task_id, u, status, files, api->auth->NowText(), scope);
                if (!t.ok()) return Err(t.error());
                Audit(*api->auth, req, "task_update", *id);
                auto rec = api->ds().GetDeliberation(*id, scope);
                return http::Json(TaskJson(*t, rec.ok() ? *rec : DeliberationRecord{}, Today(*api->auth)), 201);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberations/{id}/step",
              .permission = "deliberation:write",
              .summary = "下一步 / 退回（写明原因）/ 跳过（社区书记或主任，写明原因）",
              .tag = "deliberations",
              .request_schema = "DeliberationStepInput",
              .response_schema = "Deliberation",
              .success_status = 200,
              .handler = [api](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return Err(id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return Err(in.error());
                StepRequest r;
                if (auto v = in->String("action")) {
                  if (auto a = ParseStepAction(*v)) r.action = *a;
                  else in->AddError("action", "enum", "操作应为 advance、back 或 skip");
                } else {
                  RequireField(*in, "action");
                }
                if (auto v = in->String("target")) {
                  if (auto t = ParseDeliberationStep(*v)) r.target = *t;
                  else in->AddError("target", "enum", "未知的步骤 " + *v);
                }
                if (auto v = in->String("reason")) r.reason = *v;
                if (Status s = in->Finish(); !s.ok()) return Err(s.error());
                auto old = api->Load(req);
                if (!old.ok()) return Err(old.error());
                auto linked = ReadLinks(api->store(), old->deliberation);
                if (!linked.ok()) return Err(linked.error());
                r.actor = api->Actor(req);
                r.now = api->auth->NowText();
                if (r.action == StepAction::kSkip) {
                  r.approved_by = r.actor;
                  r.approver_role = RoleHas(*ParseRole(req.ctx.principal.role), "deliberation:skip")
                                        ? "community_head"
                                        : req.ctx.principal.role;
                }
                auto rec = api->ds().ChangeStep(*id, r, linked->links, ScopeOf(req));
                if (rec.ok()) Audit(*api->auth, req, "step", *id, std::string(StepActionCode(r.action)) + (r.reason.empty() ? "" : "：" + r.reason));
                return api->Full(req, std::move(rec));
              }});

  // ---------------------------------------------------------------- files (the notices' attachment
  // service, in its own folder)
  auto files =
      std::make_shared<service::AttachmentFiles>(std::filesystem::path(options.attachments_dir) / "deliberations");
  router.Add({.method = "POST",
              .pattern = "/api/v1/deliberation-files",
              .permission = "deliberation:task",
              .summary = "上传议事附件或任务照片（JPEG/PNG/WebP/PDF，≤ 10 MB；?filename= 附件名称）",
              .tag = "deliberations",
              .query_params = {{"filename", "string", false, "附件名称"}},
              .response_schema = "DeliberationFile",
              .max_body = service::kMaxAttachmentBytes + (256 << 10),
              .handler = [files, auth](Request& req) -> Response {
                auto file = service::ExtractUpload(req.body, req.Header("Content-Type").value_or(""));
                if (!file.ok()) return Err(file.error());
                auto info = files->Put(file->bytes, file->content_type);
                if (!info.ok()) return Err(info.error());
                std::string name = req.Query("filename").value_or(file->filename);
                if (name.empty() || name.size() > 300) name = "附件";
                AuditEntry e;
                e.action = "deliberation.file";
                e.object_type = "deliberation_file";
                e.object_id = info->sha256;
                (void)AuditRequest(*auth, req, std::move(e));
                return http::Json(json::object{{"name", name},
                                               {"url", "/api/v1/deliberation-files/" + info->sha256},
                                               {"mime", info->mime},
                                               {"size", info->size}},
                                  201);
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/deliberation-files/{sha256}",
              .permission = "deliberation:read",
              .summary = "议事附件（按内容寻址）",
              .tag = "deliberations",
              .handler = [files](Request& req) -> Response {
                const std::string sha = req.path_params.count("sha256") ? req.path_params.at("sha256") : "";
                if (!service::IsSha256Hex(sha)) return Err(Error::NotFound("附件不存在"));
                auto bytes = files->Read(sha);
                if (!bytes.ok()) return Err(bytes.error());
                auto mime = service::SniffAttachmentType(*bytes);
                if (!mime) return Err(Error::NotFound("附件不存在"));
                Response r;
                r.content_type = *mime;
                r.body = std::move(*bytes);
                r.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
                return r;
              }});
}

}  // namespace linli::api
