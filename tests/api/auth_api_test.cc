// Accounts through the real server: the authorization matrix generated from the route table, and
// the attacks of the accounts issue (brute force, rate limit, session fixation, CSRF, timeouts,
// SQL injection strings, sensitive values in payloads, audit of reveals and exports).
#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "access/permissions.h"
#include "io/table.h"
#include "service/attachments.h"
#include "store/deliberations.h"
#include "store/demands.h"
#include "store/notices.h"
#include "store/halls.h"
#include "store/property.h"
#include "store/votes.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

// Two communities (A in street 110112004, B in street 110112005); A has two grids, each with a
// building, unit, household and resident; B has one. One user per role, scoped to A's side.
class AuthApiTest : public ApiTest {
 protected:
  struct Side {
    std::int64_t community = 0, compound = 0, building = 0, unit = 0, household = 0, resident = 0, grid = 0;
    std::int64_t notice = 0;  // a draft notice (公示) of the community
    std::int64_t hall = 0;    // a hall (议事厅) serving the side's compound, with one visit
  };

  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    options_.attachments_dir = (std::filesystem::temp_directory_path() / "linli_matrix_attachments").string();
    ApiTest::SetUp();
  }

  Side MakeSide(const std::string& code, const std::string& grid_code, const std::string& id_birth,
                std::int64_t community = 0, std::int64_t compound = 0) {
    Side s;
    s.community =
        community != 0 ? community : Create("/api/v1/communities", {{"code", code}, {"name", "社区" + code}});
    s.compound = compound != 0
                     ? compound
                     : Create("/api/v1/compounds", {{"community_id", s.community}, {"name", "院" + code}});
    s.building = Create("/api/v1/buildings", {{"compound_id", s.compound}, {"name", grid_code + "号楼"}});
    s.unit = Create("/api/v1/units", {{"building_id", s.building}, {"name", "1单元"}});
    s.household = Create("/api/v1/households",
                         {{"unit_id", s.unit}, {"door", "101"}, {"area_m2", 80}, {"phone", "13700001111"}});
    s.resident = Create("/api/v1/residents", {{"household_id", s.household},
                                              {"name", "刘艳"},
                                              {"id_number", MakeIdNumber(id_birth, "124")},
                                              {"phone", "13812345678"},
                                              {"relation", "户主"},
                                              {"tags", json::array{json::object{{"code", "low_income"}}}}});
    s.grid =
        Create("/api/v1/grids",
               {{"community_id", s.community}, {"code", code + grid_code}, {"name", "网格" + grid_code}});
    Reply moved =
        Post("/api/v1/grids/" + S(s.grid) + "/buildings", {{"building_ids", json::array{s.building}}});
    EXPECT_EQ(moved.status, 200) << moved.body;
    return s;
  }

  void MakeWorld() {
    a_ = MakeSide("110112004001", "001", "19650312");
    a2_ = MakeSide("110112004001", "002", "19700101", a_.community, a_.compound);
    b_ = MakeSide("110112005001", "001", "19800202");
    users_["resident"] = AddUser("u_resident", "resident", [&](User& u) { u.household_id = a_.household; });
    users_["grid_worker"] = AddUser("u_grid_worker", "grid_worker", [&](User& u) { u.grid_ids = {a_.grid}; });
    users_["community_staff"] =
        AddUser("u_community_staff", "community_staff", [&](User& u) { u.community_ids = {a_.community}; });
    users_["community_head"] =
        AddUser("u_community_head", "community_head", [&](User& u) { u.community_ids = {a_.community}; });
    users_["street_admin"] =
        AddUser("u_street_admin", "street_admin", [&](User& u) { u.street_code = "110112004"; });
    users_["property_company"] =
        AddUser("u_property_company", "property_company", [&](User& u) { u.compound_ids = {a_.compound}; });
    users_["auditor"] = AddUser("u_auditor", "auditor");
    users_["admin"] = AddUser("u_admin", "admin");
    for (const auto& [role, id] : users_) creds_[role] = Login("u_" + role);
    MakeDemands();
    MakeDeliberations();
    for (Side* s : {&a_, &b_}) {
      Notice n;
      n.community_id = s->community;
      n.title = "公示";
      n.body = "正文";
      n.starts_at = "2026-01-01T00:00:00Z";
      n.ends_at = "2026-01-10T00:00:00Z";
      s->notice = store_->Notices().CreateNotice(n, Scope::All()).value().id;
    }
    // A hall on each side's compound (A's serves the resident's household), each with a visit so
    // that DELETE answers 409 instead of removing it.
    for (Side* s : {&a_, &b_}) {
      Hall h;
      h.community_id = s->community, h.name = "议事厅", h.compound_ids = {s->compound};
      h.hours = {{2, "14:00", "17:30"}};
      s->hall = store_->Halls().CreateHall(h, Scope::All()).value().hall.id;
      HallVisitRecord v;
      v.visit.hall_id = s->hall, v.visit.about = "来访", v.visit.answer = "已答复", v.visit.worker = "test";
      v.visit.at = "2026-01-06T07:00:00Z";
      ASSERT_TRUE(store_->Halls().AddVisit(v, Scope::All()).ok());
    }
    // An open vote on each side's compound (A's holds the resident's household).
    for (auto [s, out] : {std::pair{&a_, &vote_a_}, std::pair{&b_, &vote_b_}}) {
      VoteRecord v;
      v.community_id = s->community;
      v.title = "表决";
      v.definition.opens_at = "2026-09-01T00:00:00Z";
      v.definition.closes_at = "2026-12-31T00:00:00Z";
      v.electorate = {"compound", {s->compound}};
      *out = store_->Votes().CreateVote(v, Scope::All()).value().id;
      ASSERT_TRUE(store_->Votes().OpenVote(*out, "test", "2026-09-01T00:00:00Z", Scope::All()).ok());
    }
    // A property contract on each side's compound (物业管理), so every property route has data.
    for (const Side* s : {&a_, &b_}) {
      PropertyContract c;
      c.compound_id = s->compound, c.company_name = "物业", c.starts_on = "2026-01-01", c.ends_on = "2028-12-31";
      c.fee_fen_per_m2_month = 85, c.subsidy = {{1, 100}, {2, 70}, {3, 30}};
      ASSERT_TRUE(store_->Property().SetContract(c, PropertyScope::All()).ok());
    }
  }

  void MakeDeliberations() {
    DeliberationStore& ds = store_->Deliberations();
    const std::string now = api::FormatUtc(now_.load());
    for (auto [s, d, o, t] : {std::tuple{&a_, &delib_a_, &option_a_, &task_a_},
                              std::tuple{&b_, &delib_b_, &option_b_, &task_b_}}) {
      Deliberation x;
      x.community_id = s->community, x.title = "议事";
      *d = ds.CreateDeliberation(x, {}, now, Scope::All()).value().deliberation.id;
      DeliberationOption opt;
      opt.title = "方案";
      *o = ds.AddOption(*d, opt, {}, now, Scope::All()).value().id;
      DeliberationTask task;
      task.title = "任务", task.due_date = "2026-12-31";
      *t = ds.AddTask(*d, task, now, Scope::All()).value().id;
    }
    std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "deliberation";
    auto info = service::AttachmentFiles(std::filesystem::path(options_.attachments_dir) / "deliberations").Put(png, "image/png");
    ASSERT_TRUE(info.ok());
    file_sha_ = info->sha256;
  }

  // Demand A (side A: reported by the resident, in grid A, dispatched to the property company of
  // compound A) and demand B (side B), each with an attachment whose file exists.
  void MakeDemands() {
    DemandStore& ds = store_->Demands();
    const std::string now = api::FormatUtc(now_.load());
    std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "matrix";
    auto info = service::AttachmentFiles(options_.attachments_dir).Put(png, "image/png");
    ASSERT_TRUE(info.ok()) << info.error().message;
    auto attachment = [&] {
      DemandAttachment a;
      a.sha256 = info->sha256, a.mime = info->mime, a.size = info->size, a.created_by = "test", a.created_at = now;
      auto made = ds.CreateAttachment(a);
      EXPECT_TRUE(made.ok());
      return made.ok() ? made->id : 0;
    };
    auto demand = [&](const Side& s, std::optional<Id> reporter, Id att) -> std::int64_t {
      CreateDemandRequest cr;
      Demand& d = cr.demand;
      d.channel = "phone", d.nature = "complaint", d.category_code = "environment.litter", d.urgency = "normal";
      d.description = "楼道垃圾三天没人清", d.community_id = s.community, d.household_id = s.household;
      d.reporter_name = "刘艳", d.reporter_phone = "13812345678", d.reporter_user_id = reporter, d.created_by = "test";
      cr.attachment_ids = {att};
      cr.route_to_grid_worker = false;
      cr.now = now;
      auto made = ds.CreateDemand(cr, DemandScope::All());
      EXPECT_TRUE(made.ok()) << made.error().message;
      return made.ok() ? made->demand.id : 0;
    };
    attachment_a_ = attachment();
    attachment_b_ = attachment();
    demand_a_ = demand(a_, users_["resident"], attachment_a_);
    demand_b_ = demand(b_, std::nullopt, attachment_b_);
    DemandActionRequest to_property;
    to_property.demand_id = demand_a_;
    to_property.action = DemandAction::kDispatch;
    to_property.assignee_kind = "property";
    to_property.actor = "test";
    to_property.now = now;
    auto dispatched = ds.ApplyDemandAction(to_property, DemandScope::All());
    EXPECT_TRUE(dispatched.ok()) << dispatched.error().message;
  }

  // Total of a list reply, or -1.
  static std::int64_t Total(const Reply& r) {
    json::value v = r.Json();
    if (!v.is_object() || !v.as_object().contains("total")) return -1;
    return v.at("total").as_int64();
  }

  std::atomic<std::int64_t> now_{1'790'000'000};
  Side a_, a2_, b_;
  std::map<std::string, std::int64_t> users_;
  std::map<std::string, Credentials> creds_;
  std::int64_t demand_a_ = 0, demand_b_ = 0, attachment_a_ = 0, attachment_b_ = 0;
  std::int64_t vote_a_ = 0, vote_b_ = 0;
  // A community-wide deliberation (议事) on each side, in step collect, with an option and a task;
  // a file uploaded beside them.
  std::int64_t delib_a_ = 0, delib_b_ = 0, option_a_ = 0, option_b_ = 0, task_a_ = 0, task_b_ = 0;
  std::string file_sha_;
};

// The object kind a path segment names.
std::string KindOf(std::string_view plural) {
  if (plural == "deliberations") return "deliberation";
  if (plural == "options") return "deliberation_option";
  if (plural == "tasks") return "deliberation_task";
  if (plural == "deliberation-files") return "deliberation_file";
  static const std::map<std::string, std::string, std::less<>> kinds = {
      {"demands", "demand"},        {"attachments", "demand_attachment"},
      {"communities", "community"}, {"compounds", "compound"}, {"buildings", "building"}, {"units", "unit"},
      {"households", "household"},  {"residents", "resident"}, {"grids", "grid"},         {"users", "user"},
      {"tokens", "token"},          {"imports", "import"},     {"notices", "notice"},
      {"votes", "vote"}, {"halls", "hall"}};
  auto it = kinds.find(plural);
  return it == kinds.end() ? "" : it->second;
}

TEST_F(AuthApiTest, AuthorizationMatrixFromTheRouteTable) {
  MakeWorld();
  const std::vector<std::string> roles = {"resident",       "grid_worker",  "community_staff",
                                          "community_head", "street_admin", "property_company",
                                          "auditor",        "admin"};
  // Which kinds each role's scope is known to cover on A's side (others may answer 200 or 404).
  const std::map<std::string, std::set<std::string>> strict = {
      {"resident", {"household", "resident"}},
      {"grid_worker", {"household", "resident", "building", "grid"}},
      {"community_staff", {"community", "compound", "building", "unit", "household", "resident", "grid", "notice"}},
      {"community_head", {"community", "compound", "building", "unit", "household", "resident", "grid", "notice"}},
      {"street_admin", {"community", "compound", "building", "unit", "household", "resident", "grid", "notice"}}};
  // Demand A lies in every scoped role's reach (reported by the resident, in grid A, community A,
  // street 110112004, dispatched to compound A's property company); demand B in nobody's.
  // Vote A (compound A, open) is read by every role that reads votes on side A; vote B by nobody.
  auto vote_strict = [](const std::string& role, const std::string& kind) {
    return kind == "vote" && (role == "resident" || role == "grid_worker" || role == "community_staff" ||
                              role == "community_head" || role == "street_admin");
  };
  // Deliberation A (community-wide in A) is reached by every role that reads deliberations on side
  // A (the property company only reaches deliberations naming its compounds: not this one).
  auto deliberation_strict = [](const std::string& role, const std::string& kind) {
    return kind.starts_with("deliberation") && role != "property_company" && role != "auditor" && role != "admin";
  };
  auto demand_strict = [](const std::string& role, const std::string& kind) {
    return (kind == "demand" || kind == "demand_attachment") && role != "auditor" && role != "admin";
  };
  // Hall A (compound A: the resident's) is read by every scoped role on side A; hall B by nobody.
  auto hall_strict = [](const std::string& role, const std::string& kind) {
    return kind == "hall" && role != "property_company" && role != "auditor" && role != "admin";
  };
  // Property management: A's compound is read by staff, head, the street, its property company and
  // the resident (his own compound); B's by nobody.
  auto property_strict = [](const std::string& role, const std::string& pattern) {
    return pattern.starts_with("/api/v1/property") && role != "grid_worker" && role != "auditor" && role != "admin";
  };
  auto object = [&](const std::string& kind, bool in_scope) -> std::int64_t {
    const Side& s = in_scope ? a_ : b_;
    if (kind == "community") return s.community;
    if (kind == "compound") return s.compound;
    if (kind == "building") return s.building;
    if (kind == "unit") return s.unit;
    if (kind == "household") return s.household;
    if (kind == "resident") return s.resident;
    if (kind == "grid") return s.grid;
    if (kind == "notice") return s.notice;
    if (kind == "hall") return s.hall;
    if (kind == "deliberation") return in_scope ? delib_a_ : delib_b_;
    if (kind == "deliberation_option") return in_scope ? option_a_ : option_b_;
    if (kind == "deliberation_task") return in_scope ? task_a_ : task_b_;
    if (kind == "vote") return in_scope ? vote_a_ : vote_b_;
    if (kind == "user") return users_["resident"];
    if (kind == "demand") return in_scope ? demand_a_ : demand_b_;
    if (kind == "demand_attachment") return in_scope ? attachment_a_ : attachment_b_;
    return 999999;
  };
  std::vector<const http::Route*> routes;
  for (const auto& r : router().routes()) routes.push_back(&r);
  // Logout last: it ends the session.
  std::stable_partition(routes.begin(), routes.end(),
                        [](const http::Route* r) { return r->pattern != "/api/v1/auth/logout"; });
  int checked = 0;
  for (const http::Route* route : routes) {
    ASSERT_TRUE(IsKnownPermission(route->permission))
        << route->method << " " << route->pattern << " declares " << route->permission
        << ", not in AllPermissions()";
    // The path: {id} -> the object of the kind named by the previous segment.
    std::string kind;
    auto path_for = [&](bool in_scope, const std::string& role) {
      std::string out;
      std::string_view p = route->pattern;
      std::string prev;
      std::size_t pos = 1;
      while (pos <= p.size()) {
        std::size_t slash = p.find('/', pos);
        std::string seg(
            p.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
        out += "/";
        if (seg.front() == '{') {
          kind = KindOf(prev);
          std::int64_t id = object(kind, in_scope);
          // DELETE of a leaf would change the world: use a fresh object of the same place.
          if (route->method == "DELETE" && in_scope && kind == "resident") {
            Resident r;
            r.household_id = a_.household;
            r.name = "临时";
            id = store_->CreateResident(r).value().id;
          } else if (route->method == "DELETE" && in_scope && kind == "grid") {
            Grid g;
            g.community_id = a_.community;
            g.code = "110112004001" + std::to_string(900 + checked % 99);
            g.name = "临时网格";
            auto made = store_->CreateGrid(g);
            id = made.ok() ? made->id : a2_.grid;
          } else if (route->method == "DELETE" && in_scope && kind == "deliberation_option") {
            DeliberationOption opt;
            opt.title = "临时方案";
            id = store_->Deliberations().AddOption(delib_a_, opt, {}, "2026-11-29T00:00:00Z", Scope::All()).value().id;
          } else if (route->method == "DELETE" && kind == "token") {
            ApiToken t;
            t.name = "t" + std::to_string(checked) + role;
            t.role = "community_staff";
            t.token_hash = api::SecretHash(t.name);
            id = store_->CreateToken(t).value().id;
          }
          if (kind == "deliberation_file")  // content addressed: a stored file, or none
            out += in_scope ? file_sha_ : std::string(64, '0');
          else
            out += kind == "import" ? std::string("nope") : S(id);
        } else {
          out += seg;
        }
        prev = seg;
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
      }
      // Filters: required ones always; community_id when out of scope.
      std::string query;
      for (const auto& q : route->query_params) {
        std::string qkind =
            q.name.size() > 3 && q.name.ends_with("_id") ? q.name.substr(0, q.name.size() - 3) : "";
        bool add = q.required || (!in_scope && q.name == "community_id");
        if (!add) continue;
        std::string value = q.name == "filename" ? "x.csv" : S(object(qkind, in_scope));
        query += (query.empty() ? "?" : "&") + q.name + "=" + value;
        if (kind.empty()) kind = qkind;
      }
      return out + query;
    };
    std::string body;
    if (route->method == "POST" || route->method == "PATCH" || route->method == "PUT")
      body = R"({"__bogus":1})";
    bool has_object = route->pattern.find('{') != std::string::npos;
    bool has_filter = false;
    for (const auto& q : route->query_params) has_filter = has_filter || q.name == "community_id";

    // anonymous
    {
      Reply r = Send(port_, route->method, path_for(true, "anonymous"), body);
      if (route->is_public)
        EXPECT_NE(r.status, 401) << route->pattern;
      else
        EXPECT_EQ(r.status, 401) << "anonymous " << route->method << " " << route->pattern << " " << r.body;
    }
    for (const std::string& role : roles) {
      bool allowed = RoleHas(*ParseRole(role), route->permission);
      for (bool in_scope : {true, false}) {
        if (!in_scope && !has_object && !has_filter) continue;
        kind.clear();
        std::string target = path_for(in_scope, role);
        if (!in_scope && (kind == "user" || kind == "token")) continue;  // accounts have no scope
        Reply r = SendAs(creds_[role], route->method, target, body);
        ++checked;
        std::string what = role + (in_scope ? " in " : " out ") + route->method + " " + target + " -> " +
                           std::to_string(r.status) + " " + r.body.substr(0, 200);
        EXPECT_NE(r.status, 500) << what;
        EXPECT_NE(r.status, 401) << what;
        if (route->is_public) continue;
        if (!allowed) {
          EXPECT_EQ(r.status, 403) << what;
          continue;
        }
        EXPECT_NE(r.status, 403) << what;
        bool is_strict = kind.empty() || hall_strict(role, kind) || property_strict(role, route->pattern) || demand_strict(role, kind) || vote_strict(role, kind) || (strict.count(role) && strict.at(role).count(kind)) ||
                         kind == "user" || kind == "token";
        is_strict = is_strict || deliberation_strict(role, kind);
        if (in_scope) {
          std::set<int> ok = {200, 201, 204, 400, 409, 415};
          if (!is_strict || kind == "import" || route->pattern.starts_with("/api/v1/me/")) ok.insert(404);
          EXPECT_TRUE(ok.count(r.status)) << what;
        } else if (has_object && route->method != "POST") {
          EXPECT_EQ(r.status, 404) << what;
        } else if (has_object) {
          EXPECT_TRUE(r.status == 400 || r.status == 404) << what;  // body checked before the object
        } else {
          bool empty_list = r.status == 200 && (Total(r) <= 0);
          EXPECT_TRUE(r.status == 404 || r.status == 400 || empty_list) << what;
        }
        if (route->pattern == "/api/v1/auth/logout" && r.status == 204) creds_[role] = Login("u_" + role);
      }
    }
  }
  EXPECT_GT(checked, 300);
}

TEST_F(AuthApiTest, BruteForceLocksTheAccountAndMessagesDoNotRevealUsers) {
  AddUser("victim", "community_staff");
  json::object wrong{{"username", "victim"}, {"password", "Wrong@2026x"}};
  json::object unknown{{"username", "nobody"}, {"password", "Wrong@2026x"}};
  Reply u = Send(port_, "POST", "/api/v1/auth/login", json::serialize(unknown));
  Reply w = Send(port_, "POST", "/api/v1/auth/login", json::serialize(wrong));
  EXPECT_EQ(u.status, 401);
  EXPECT_EQ(w.status, 401);
  EXPECT_EQ(u.Json().at("error").at("message"), w.Json().at("error").at("message"));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(Send(port_, "POST", "/api/v1/auth/login", json::serialize(wrong)).status, 401);
  Reply fifth = Send(port_, "POST", "/api/v1/auth/login", json::serialize(wrong));
  EXPECT_EQ(fifth.status, 403) << fifth.body;
  json::object right{{"username", "victim"}, {"password", kTestPassword}};
  Reply locked = Send(port_, "POST", "/api/v1/auth/login", json::serialize(right));
  EXPECT_EQ(locked.status, 403);
  EXPECT_TRUE(locked.HasDetail("", "account_locked")) << locked.body;
  now_ += 16 * 60;  // the lock ends after 15 minutes
  EXPECT_EQ(Send(port_, "POST", "/api/v1/auth/login", json::serialize(right)).status, 200);
  // failed logins are audited
  auto audit = store_->ListAudit(AuditFilter{.action = "login_failed"}, PageRequest{0, 50});
  ASSERT_TRUE(audit.ok());
  EXPECT_GE(audit->total, 6);
}

TEST_F(AuthApiTest, LoginAttemptsAreRateLimitedPerAddress) {
  json::object wrong{{"username", "nobody"}, {"password", "Wrong@2026x"}};
  int limited = 0;
  for (int i = 0; i < 25; ++i) {
    Reply r = Send(port_, "POST", "/api/v1/auth/login", json::serialize(wrong));
    if (r.status == 429) ++limited;
  }
  EXPECT_GE(limited, 5);  // 20 attempts (one used by SetUp) per 5 minutes
  now_ += 301;
  EXPECT_EQ(Send(port_, "POST", "/api/v1/auth/login", json::serialize(wrong)).status, 401);
}

TEST_F(AuthApiTest, SessionFixationLogoutAndTimeouts) {
  AddUser("staff", "community_staff");
  // A cookie planted before login is not adopted.
  Headers planted = {{"Cookie", "linli_session=attacker-chosen-value"}};
  json::object body{{"username", "staff"}, {"password", kTestPassword}};
  Reply login = Send(port_, "POST", "/api/v1/auth/login", json::serialize(body), "application/json", planted);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string set_cookie = login.Header("set-cookie");
  EXPECT_EQ(set_cookie.find("attacker"), std::string::npos);
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(Send(port_, "GET", "/api/v1/auth/me", {}, "application/json", planted).status, 401);
  // A new login rotates: the previous session of the same browser ends.
  Credentials first = Login("staff");
  Headers with_first = {{"Cookie", first.cookie}};
  Reply again =
      Send(port_, "POST", "/api/v1/auth/login", json::serialize(body), "application/json", with_first);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(SendAs(first, "GET", "/api/v1/auth/me").status, 401);
  // Logout ends the session.
  Credentials c = Login("staff");
  Reply me = SendAs(c, "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json().at("user").at("username").as_string(), "staff");
  EXPECT_EQ(me.Json().at("user").as_object().count("password_hash"), 0u);
  EXPECT_EQ(SendAs(c, "POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(SendAs(c, "GET", "/api/v1/auth/me").status, 401);
  // Idle timeout (30 min) and absolute timeout (12 h).
  Credentials idle = Login("staff");
  now_ += 29 * 60;
  EXPECT_EQ(SendAs(idle, "GET", "/api/v1/auth/me").status, 200);
  now_ += 31 * 60;
  EXPECT_EQ(SendAs(idle, "GET", "/api/v1/auth/me").status, 401);
  Credentials busy = Login("staff");
  for (int i = 0; i < 25; ++i) {
    now_ += 29 * 60;
    Reply r = SendAs(busy, "GET", "/api/v1/auth/me");
    if (i < 24)
      EXPECT_EQ(r.status, 200) << i;
    else
      EXPECT_EQ(r.status, 401) << "past 12 hours";
  }
}

TEST_F(AuthApiTest, CsrfIsRequiredForCookieWritesButNotForTokens) {
  Reply no_token = Send(port_, "POST", "/api/v1/communities", R"({"code":"110112004001","name":"X"})",
                        "application/json", as_.AsHeaders(/*with_csrf=*/false));
  EXPECT_EQ(no_token.status, 403);
  EXPECT_TRUE(no_token.HasDetail("", "csrf")) << no_token.body;
  Headers wrong = {{"Cookie", as_.cookie}, {"X-CSRF-Token", "not-the-token"}};
  EXPECT_EQ(Send(port_, "POST", "/api/v1/communities", R"({"code":"110112004001","name":"X"})",
                 "application/json", wrong)
                .status,
            403);
  EXPECT_EQ(Get("/api/v1/communities").Json().at("total").as_int64(), 0);  // nothing was created
  // An API token needs no CSRF token; a revoked one is refused.
  AddUser("root", "admin");
  Credentials admin = Login("root");
  Reply made = SendAs(admin, "POST", "/api/v1/tokens", R"({"name":"12345","role":"community_head"})");
  ASSERT_EQ(made.status, 201) << made.body;
  Credentials machine;
  machine.bearer = "Bearer " + std::string(made.Json().at("token").as_string());
  EXPECT_EQ(SendAs(machine, "POST", "/api/v1/communities", R"({"code":"110112004002","name":"Y"})").status,
            201);
  Reply listed = SendAs(admin, "GET", "/api/v1/tokens");
  EXPECT_EQ(listed.body.find(std::string(made.Json().at("token").as_string())), std::string::npos);
  EXPECT_EQ(SendAs(admin, "DELETE", "/api/v1/tokens/" + S(made.Json().at("id").as_int64())).status, 204);
  EXPECT_EQ(SendAs(machine, "GET", "/api/v1/communities").status, 401);
}

TEST_F(AuthApiTest, InjectionStringsInEveryFilterAndSearchParameter) {
  MakeWorld();
  const std::vector<std::string> evil = {"' OR 1=1 --",
                                         "1; DROP TABLE residents",
                                         "%' OR '1'='1",
                                         "\" OR \"\"=\"",
                                         "1 UNION SELECT * FROM users",
                                         "%",
                                         "_",
                                         "\\"};
  const std::vector<std::string> lists = {"/api/v1/households", "/api/v1/residents"};
  for (const std::string& base : lists) {
    for (const std::string& v : evil) {
      for (const char* param : {"q", "tag"}) {
        Reply r = SendAs(creds_["community_head"], "GET", base + "?" + param + "=" + UrlEncode(v));
        EXPECT_EQ(r.status, 200) << base << " " << param << "=" << v << " " << r.body;
        EXPECT_EQ(Total(r), 0) << base << " " << param << "=" << v;
        Reply x = SendAs(creds_["community_head"], "GET", base + "/export?" + param + "=" + UrlEncode(v));
        EXPECT_EQ(x.status, 200) << base << "/export " << param << "=" << v;
      }
      for (const char* param :
           {"community_id", "compound_id", "building_id", "unit_id", "grid_id", "offset", "limit"}) {
        Reply r = SendAs(creds_["community_head"], "GET", base + "?" + param + "=" + UrlEncode(v));
        EXPECT_EQ(r.status, 400) << base << " " << param << "=" << v;
      }
    }
  }
  for (const std::string& v : evil) {
    Reply users = SendAs(creds_["admin"], "GET", "/api/v1/users?q=" + UrlEncode(v) + "&role=" + UrlEncode(v));
    EXPECT_EQ(users.status, 200) << v;
    EXPECT_EQ(Total(users), 0) << v;
    for (const char* param : {"actor", "action", "from", "to"}) {
      Reply audit =
          SendAs(creds_["auditor"], "GET", std::string("/api/v1/audit?") + param + "=" + UrlEncode(v));
      EXPECT_EQ(audit.status, 200) << param << "=" << v;
      if (std::string(param) == "actor" || std::string(param) == "action") {  // from/to compare as text
        EXPECT_EQ(Total(audit), 0) << param << "=" << v;
      }
    }
    Reply login = Send(port_, "POST", "/api/v1/auth/login",
                       json::serialize(json::object{{"username", v}, {"password", v}}));
    EXPECT_TRUE(login.status == 401 || login.status == 429) << v;
  }
  // The store is intact.
  EXPECT_EQ(Total(SendAs(creds_["community_head"], "GET", "/api/v1/residents")), 2);
}

// Full ID numbers and phones appear in no list, detail or export; only the audited reveal shows
// them. Sensitive tags only for the roles that care for residents.
TEST_F(AuthApiTest, SensitiveValuesAreMaskedEverywhereAndRevealsAndExportsAreAudited) {
  MakeWorld();
  const std::string id_number = MakeIdNumber("19650312", "124");
  const std::string phone = "13812345678", household_phone = "13700001111";
  auto clean = [&](const std::string& payload, const std::string& what) {
    EXPECT_EQ(payload.find(id_number), std::string::npos) << what;
    EXPECT_EQ(payload.find(phone), std::string::npos) << what;
    EXPECT_EQ(payload.find(household_phone), std::string::npos) << what;
    EXPECT_EQ(payload.find("1965-03-12"), std::string::npos) << what;
  };
  for (const auto& [role, who] : creds_) {
    for (const std::string& target : std::vector<std::string>{
             "/api/v1/residents", "/api/v1/residents/" + S(a_.resident), "/api/v1/households",
             "/api/v1/households/" + S(a_.household), "/api/v1/me/household"}) {
      Reply r = SendAs(who, "GET", target);
      clean(r.body, role + " " + target);
      bool cares = role == "grid_worker" || role == "community_staff" || role == "community_head" ||
                   role == "resident";
      if (r.status == 200 && target == "/api/v1/residents/" + S(a_.resident))
        EXPECT_EQ(r.body.find("low_income") != std::string::npos, cares) << role;
    }
    for (const std::string& target :
         {"/api/v1/residents/export", "/api/v1/households/export", "/api/v1/me/export"}) {
      Reply r = SendAs(who, "GET", target);
      if (r.status != 200) continue;
      auto table = io::ReadTable(r.body, "x.xlsx", io::ReadLimits{});
      ASSERT_TRUE(table.ok()) << role << " " << target;
      std::string all;
      for (const auto& row : table->rows)
        for (const auto& cell : row) all += cell + "|";
      clean(all, role + " " + target);
      if (target != "/api/v1/households/export") {
        bool cares = role == "grid_worker" || role == "community_staff" || role == "community_head" ||
                     role == "resident";
        EXPECT_EQ(all.find("低保") != std::string::npos, cares) << role << " " << target << " " << all;
      }
    }
  }
  // Reveal: head only, in scope, with a reason; audited with actor, subject, field, reason, address.
  std::string reveal = "/api/v1/residents/" + S(a_.resident) + "/reveal";
  EXPECT_EQ(
      SendAs(creds_["community_staff"], "POST", reveal, R"({"field":"id_number","reason":"入户走访核对"})")
          .status,
      403);
  Reply no_reason = SendAs(creds_["community_head"], "POST", reveal, R"({"field":"id_number"})");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_TRUE(no_reason.HasDetail("reason", "required")) << no_reason.body;
  EXPECT_EQ(SendAs(creds_["community_head"], "POST", "/api/v1/residents/" + S(b_.resident) + "/reveal",
                   R"({"field":"id_number","reason":"入户走访核对"})")
                .status,
            404);
  Reply shown =
      SendAs(creds_["community_head"], "POST", reveal, R"({"field":"id_number","reason":"入户走访核对"})");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json().at("value").as_string(), id_number);
  EXPECT_EQ(SendAs(creds_["community_head"], "POST", reveal, R"({"field":"phone","reason":"联系本人"})")
                .Json()
                .at("value"),
            json::value(phone));

  Reply log = SendAs(creds_["auditor"], "GET", "/api/v1/audit?action=reveal");
  ASSERT_EQ(log.status, 200) << log.body;
  ASSERT_EQ(Total(log), 2);
  const json::value log_json = log.Json();         // keep the parsed body alive
  const auto& entry = log_json.at("items").at(1);  // newest first: the id_number reveal is second
  EXPECT_EQ(entry.at("actor").as_string(), "u_community_head");
  EXPECT_EQ(entry.at("subject").as_string(), S(a_.resident));
  EXPECT_EQ(entry.at("field").as_string(), "id_number");
  EXPECT_EQ(entry.at("reason").as_string(), "入户走访核对");
  EXPECT_EQ(entry.at("remote_addr").as_string(), "127.0.0.1");

  // Every export is audited: the ones above, and the audit export itself.
  Reply exports = SendAs(creds_["auditor"], "GET", "/api/v1/audit?action=export&limit=500");
  std::set<std::string> kinds;
  const json::value exports_json = exports.Json();
  for (const auto& e : exports_json.at("items").as_array())
    kinds.insert(std::string(e.at("object_type").as_string()));
  EXPECT_TRUE(kinds.count("residents") && kinds.count("households") && kinds.count("me")) << exports.body;
  std::int64_t before = Total(exports);
  Reply audit_xlsx = SendAs(creds_["auditor"], "GET", "/api/v1/audit/export");
  ASSERT_EQ(audit_xlsx.status, 200);
  EXPECT_EQ(Total(SendAs(creds_["auditor"], "GET", "/api/v1/audit?action=export")), before + 1);
  Reply grids_xlsx =
      SendAs(creds_["community_head"], "GET", "/api/v1/grids/export?community_id=" + S(a_.community));
  ASSERT_EQ(grids_xlsx.status, 200);
  EXPECT_EQ(Total(SendAs(creds_["auditor"], "GET", "/api/v1/audit?action=export")), before + 2);
  // Logins are audited too, and the chain verifies.
  EXPECT_GE(Total(SendAs(creds_["auditor"], "GET", "/api/v1/audit?action=login")), 8);
  Reply verify = SendAs(creds_["auditor"], "GET", "/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200);
  EXPECT_TRUE(verify.Json().at("ok").as_bool()) << verify.body;
}

TEST_F(AuthApiTest, AdminManagesUsersAndPasswords) {
  AddUser("root", "admin");
  Credentials admin = Login("root");
  Reply weak =
      SendAs(admin, "POST", "/api/v1/users", R"({"username":"w","role":"grid_worker","password":"short"})");
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.HasDetail("password", "password_too_short")) << weak.body;
  Reply bad_role =
      SendAs(admin, "POST", "/api/v1/users", R"({"username":"w","role":"king","password":"Good@2026x"})");
  EXPECT_TRUE(bad_role.HasDetail("role", "enum")) << bad_role.body;
  Reply made =
      SendAs(admin, "POST", "/api/v1/users",
             R"({"username":"zhao","display_name":"赵敏","role":"auditor","password":"Good@2026x"})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.body.find("argon2"), std::string::npos);
  std::int64_t id = made.Json().at("id").as_int64();
  Credentials zhao = Login("zhao", "Good@2026x");
  // own password change: policy and old password checked
  EXPECT_TRUE(
      SendAs(zhao, "POST", "/api/v1/auth/password", R"({"old_password":"nope","new_password":"Next@2026x"})")
          .HasDetail("old_password", "password_wrong"));
  EXPECT_TRUE(SendAs(zhao, "POST", "/api/v1/auth/password",
                     R"({"old_password":"Good@2026x","new_password":"alllowercase"})")
                  .HasDetail("new_password", "password_classes"));
  EXPECT_EQ(SendAs(zhao, "POST", "/api/v1/auth/password",
                   R"({"old_password":"Good@2026x","new_password":"Next@2026x"})")
                .status,
            204);
  // admin reset ends the user's sessions; disabling blocks login
  EXPECT_EQ(
      SendAs(admin, "POST", "/api/v1/users/" + S(id) + "/password", R"({"password":"Reset@2026x"})").status,
      204);
  EXPECT_EQ(SendAs(zhao, "GET", "/api/v1/auth/me").status, 401);
  Credentials again = Login("zhao", "Reset@2026x");
  Reply disabled = SendAs(admin, "PATCH", "/api/v1/users/" + S(id), R"({"disabled":true})");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(SendAs(again, "GET", "/api/v1/auth/me").status, 401);
  json::object body{{"username", "zhao"}, {"password", "Reset@2026x"}};
  EXPECT_EQ(Send(port_, "POST", "/api/v1/auth/login", json::serialize(body)).status, 401);
  Reply list = SendAs(admin, "GET", "/api/v1/users?role=auditor");
  EXPECT_EQ(Total(list), 1);
}

// The same server with the principal cache on (as `linli serve` runs it): a change made through
// the API is seen on the very next request even with the cache warm; a change behind its back
// (another process, a direct store write) within the TTL.
class CachedAuthApiTest : public AuthApiTest {
 protected:
  void SetUp() override {
    options_.auth.principal_cache_seconds = 5;
    AuthApiTest::SetUp();
  }
  // Two requests: the second is served from the cache.
  void Warm(const Credentials& who) {
    ASSERT_EQ(SendAs(who, "GET", "/api/v1/auth/me").status, 200);
    ASSERT_EQ(SendAs(who, "GET", "/api/v1/auth/me").status, 200);
  }
};

TEST_F(CachedAuthApiTest, TheCacheIsUsedAndItsTtlBoundsStaleness) {
  std::int64_t id = AddUser("staff", "community_staff");
  Credentials c = Login("staff");
  Warm(c);
  // Behind the cache's back (as another process would): still served until the TTL passes.
  ASSERT_TRUE(store_->DeleteUserSessions(id).ok());
  EXPECT_EQ(SendAs(c, "GET", "/api/v1/auth/me").status, 200);
  now_ += 4;
  EXPECT_EQ(SendAs(c, "GET", "/api/v1/auth/me").status, 200);
  now_ += 1;
  EXPECT_EQ(SendAs(c, "GET", "/api/v1/auth/me").status, 401);
}

TEST_F(CachedAuthApiTest, ChangesThroughTheApiAreSeenOnTheVeryNextRequest) {
  AddUser("root", "admin");
  Credentials admin = Login("root");
  // logout
  std::int64_t out_id = AddUser("u_out", "community_staff");
  Credentials out = Login("u_out");
  Warm(out);
  ASSERT_EQ(SendAs(out, "POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(SendAs(out, "GET", "/api/v1/auth/me").status, 401);
  // disabled by an admin
  std::int64_t off_id = AddUser("u_off", "community_staff");
  Credentials off = Login("u_off");
  Warm(off);
  ASSERT_EQ(SendAs(admin, "PATCH", "/api/v1/users/" + S(off_id), R"({"disabled":true})").status, 200);
  EXPECT_EQ(SendAs(off, "GET", "/api/v1/auth/me").status, 401);
  // password reset by an admin
  std::int64_t reset_id = AddUser("u_reset", "community_staff");
  Credentials reset = Login("u_reset");
  Warm(reset);
  ASSERT_EQ(
      SendAs(admin, "POST", "/api/v1/users/" + S(reset_id) + "/password", R"({"password":"Reset@2026x"})").status,
      204);
  EXPECT_EQ(SendAs(reset, "GET", "/api/v1/auth/me").status, 401);
  // role change
  std::int64_t role_id = AddUser("u_role", "admin");
  Credentials role = Login("u_role");
  Warm(role);
  ASSERT_EQ(SendAs(role, "GET", "/api/v1/users").status, 200);
  ASSERT_EQ(SendAs(admin, "PATCH", "/api/v1/users/" + S(role_id), R"({"role":"auditor"})").status, 200);
  EXPECT_EQ(SendAs(role, "GET", "/api/v1/users").status, 401);
  // scope change (the session stays; what it reaches does not)
  Community community{.code = "110112004001", .name = "四员厅社区", .street_name = "中仓街道", .district = "通州区"};
  auto made = store_->CreateCommunity(community);
  ASSERT_TRUE(made.ok());
  std::int64_t scope_id = AddUser("u_scope", "community_staff", [&](User& u) { u.community_ids = {made->id}; });
  Credentials scoped = Login("u_scope");
  std::string path = "/api/v1/communities/" + S(made->id);
  ASSERT_EQ(SendAs(scoped, "GET", path).status, 200);
  ASSERT_EQ(SendAs(scoped, "GET", path).status, 200);
  ASSERT_EQ(SendAs(admin, "PATCH", "/api/v1/users/" + S(scope_id), R"({"community_ids":[]})").status, 200);
  EXPECT_EQ(SendAs(scoped, "GET", path).status, 404);
  // a revoked API token
  Reply token = SendAs(admin, "POST", "/api/v1/tokens", R"({"name":"12345","role":"community_head"})");
  ASSERT_EQ(token.status, 201) << token.body;
  Credentials machine;
  machine.bearer = "Bearer " + std::string(token.Json().at("token").as_string());
  ASSERT_EQ(SendAs(machine, "GET", "/api/v1/communities").status, 200);
  ASSERT_EQ(SendAs(machine, "GET", "/api/v1/communities").status, 200);
  ASSERT_EQ(SendAs(admin, "DELETE", "/api/v1/tokens/" + S(token.Json().at("id").as_int64())).status, 204);
  EXPECT_EQ(SendAs(machine, "GET", "/api/v1/communities").status, 401);
  // the others are untouched
  EXPECT_EQ(SendAs(admin, "GET", "/api/v1/auth/me").status, 200);
  (void)out_id;
}

TEST_F(CachedAuthApiTest, TimeoutsStillFireAndABusySessionStaysAlive) {
  AddUser("staff", "community_staff");
  Credentials idle = Login("staff");
  Warm(idle);
  now_ += 29 * 60;
  EXPECT_EQ(SendAs(idle, "GET", "/api/v1/auth/me").status, 200);
  now_ += 31 * 60;
  EXPECT_EQ(SendAs(idle, "GET", "/api/v1/auth/me").status, 401);
  // A request every 50 s for 40 minutes: last_seen_at is written often enough (once a minute).
  Credentials busy = Login("staff");
  for (int i = 0; i < 48; ++i) {
    now_ += 50;
    ASSERT_EQ(SendAs(busy, "GET", "/api/v1/auth/me").status, 200) << i;
  }
  now_ += 30 * 60 + 1;
  EXPECT_EQ(SendAs(busy, "GET", "/api/v1/auth/me").status, 401);
}

}  // namespace
}  // namespace linli::testing
