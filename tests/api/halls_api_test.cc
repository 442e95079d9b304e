// Deliberation halls (邻里议事厅) through the real server: staff define halls with compounds,
// weekly hours and a roster; field errors (overlapping hours name hours[1]); one hall per
// compound (409); a resident sees only his compound's hall; workers on duty log visits answered on
// the spot, turned into an opinion of a deliberation or into a demand (channel hall); another
// community's worker gets 404; no delete once visited.
#include <atomic>
#include <cstdint>
#include <map>

#include "domain/demand.h"
#include "store/deliberations.h"
#include "store/halls.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

// Tuesday 2026-12-01 07:00Z = 15:00 in Beijing.
constexpr std::int64_t kTue1500 = 1'796'108'400;

class HallsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    ApiTest::SetUp();
    a_ = MakeSeed("110112004001");
    qingfeng_ = Create("/api/v1/compounds", {{"community_id", a_.community}, {"name", "清风苑"}});
    b_ = Create("/api/v1/communities", {{"code", "110112005001"}, {"name", "北苑社区"}});
    b_compound_ = Create("/api/v1/compounds", {{"community_id", b_}, {"name", "北苑小区"}});
    grid_a_ = Create("/api/v1/grids", {{"community_id", a_.community}, {"code", "110112004001001"}, {"name", "一网格"}});
    grid_b_ = Create("/api/v1/grids", {{"community_id", b_}, {"code", "110112005001001"}, {"name", "北苑网格"}});
    AddUser("staff_a", "community_staff", [&](User& u) {
      u.community_ids = {a_.community};
      u.display_name = "张主任";
    });
    worker_a_ = AddUser("worker_a", "grid_worker", [&](User& u) {
      u.grid_ids = {grid_a_};
      u.display_name = "王芳";
    });
    AddUser("worker_b", "grid_worker", [&](User& u) { u.grid_ids = {grid_b_}; });
    AddUser("resident_a", "resident", [&](User& u) {
      u.household_id = a_.household301;
      u.display_name = "刘艳";
    });
    for (const char* name : {"staff_a", "worker_a", "worker_b", "resident_a"}) who_[name] = Login(name);
  }

  Reply As(const std::string& who, std::string_view method, std::string_view target, const json::value& body = {}) {
    return SendAs(who_[who], method, target, body.is_null() ? std::string() : json::serialize(body));
  }

  json::object HallBody(std::int64_t compound, std::string name = "水月院议事厅") {
    return {{"community_id", a_.community},
            {"name", name},
            {"place", "水月院3号楼一层活动室"},
            {"compound_ids", json::array{compound}},
            {"hours", json::array{json::object{{"weekday", 2}, {"start", "14:00"}, {"end", "17:30"}},
                                  json::object{{"weekday", 5}, {"start", "09:00"}, {"end", "11:30"}}}},
            {"roster", json::array{json::object{{"weekday", 2}, {"user_id", worker_a_}},
                                   json::object{{"weekday", 5}, {"worker_name", "李强"}}}}};
  }
  std::int64_t MakeHall() {
    Reply r = As("staff_a", "POST", "/api/v1/halls", HallBody(a_.compound));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("id").as_int64();
  }

  std::atomic<std::int64_t> now_{kTue1500};
  Seed a_{};
  std::int64_t qingfeng_ = 0, b_ = 0, b_compound_ = 0, grid_a_ = 0, grid_b_ = 0, worker_a_ = 0;
  std::map<std::string, Credentials> who_;
};

TEST_F(HallsApiTest, StaffDefinesHallsAndTheResidentSeesOnlyHis) {
  Reply made = As("staff_a", "POST", "/api/v1/halls", HallBody(a_.compound));
  ASSERT_EQ(made.status, 201) << made.body;
  json::value h = made.Json();
  const std::int64_t id = h.at("id").as_int64();
  EXPECT_EQ(h.at("hours_text").as_string(), "每周二 14:00–17:30；每周五 09:00–11:30");
  EXPECT_EQ(h.at("compound_names").at(0).as_string(), "水月院");
  EXPECT_EQ(h.at("roster").at(0).at("worker_name").as_string(), "王芳");  // from the account
  EXPECT_TRUE(h.at("open_now").as_bool());                                  // Tuesday 15:00
  EXPECT_EQ(h.at("next_opening").at("date").as_string(), "2026-12-01");
  EXPECT_EQ(h.at("next_opening").at("on_duty").at(0).as_string(), "王芳");
  Reply other = As("staff_a", "POST", "/api/v1/halls", HallBody(qingfeng_, "清风苑议事厅"));
  ASSERT_EQ(other.status, 201) << other.body;
  const std::int64_t other_id = other.Json().at("id").as_int64();

  // after closing time the next opening is Friday morning, with Friday's worker
  now_ = kTue1500 + 3 * 3600;
  who_["resident_a"] = Login("resident_a");
  Reply mine = As("resident_a", "GET", "/api/v1/halls");
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json().at("items").as_array().size(), 1u);
  json::value m = mine.Json().at("items").at(0);
  EXPECT_EQ(m.at("id").as_int64(), id);
  EXPECT_FALSE(m.at("open_now").as_bool());
  EXPECT_EQ(m.at("next_opening").at("date").as_string(), "2026-12-04");
  EXPECT_EQ(m.at("next_opening").at("start").as_string(), "09:00");
  EXPECT_EQ(m.at("next_opening").at("on_duty").at(0).as_string(), "李强");
  EXPECT_EQ(As("resident_a", "GET", "/api/v1/halls/" + S(id)).status, 200);
  EXPECT_EQ(As("resident_a", "GET", "/api/v1/halls/" + S(other_id)).status, 404);
  EXPECT_EQ(As("resident_a", "POST", "/api/v1/halls", HallBody(a_.compound)).status, 403);
  EXPECT_EQ(As("resident_a", "GET", "/api/v1/halls/" + S(id) + "/visits").status, 403);

  // the worker reads her community's halls; another community's worker sees none of them
  who_["worker_a"] = Login("worker_a");
  who_["worker_b"] = Login("worker_b");
  EXPECT_EQ(As("worker_a", "GET", "/api/v1/halls").Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(As("worker_b", "GET", "/api/v1/halls").Json().at("items").as_array().size(), 0u);
  EXPECT_EQ(As("worker_b", "GET", "/api/v1/halls/" + S(id)).status, 404);
  EXPECT_EQ(As("worker_a", "PATCH", "/api/v1/halls/" + S(id), json::object{{"place", "x"}}).status, 403);

  // edit: hours replaced, hours_text follows
  who_["staff_a"] = Login("staff_a");
  Reply patched = As("staff_a", "PATCH", "/api/v1/halls/" + S(id),
                     json::object{{"hours", json::array{json::object{{"weekday", 3}, {"start", "14:00"}, {"end", "17:00"}}}},
                                  {"roster", json::array{json::object{{"weekday", 3}, {"worker_name", "赵静"}}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("hours_text").as_string(), "每周三 14:00–17:00");
  EXPECT_EQ(patched.Json().at("name").as_string(), "水月院议事厅");
  Reply moved = As("staff_a", "PATCH", "/api/v1/halls/" + S(id), json::object{{"community_id", b_}});
  EXPECT_EQ(moved.status, 400);
  EXPECT_TRUE(moved.HasDetail("community_id", "read_only")) << moved.body;
  // a hall without visits is deleted
  EXPECT_EQ(As("staff_a", "DELETE", "/api/v1/halls/" + S(other_id)).status, 204);
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/halls/" + S(other_id)).status, 404);
}

TEST_F(HallsApiTest, FieldErrorsAndOneHallPerCompound) {
  json::object overlap = HallBody(a_.compound);
  overlap["hours"] = json::array{json::object{{"weekday", 2}, {"start", "14:00"}, {"end", "17:30"}},
                                 json::object{{"weekday", 2}, {"start", "17:00"}, {"end", "18:00"}}};
  Reply r = As("staff_a", "POST", "/api/v1/halls", overlap);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorField(), "hours[1]") << r.body;
  EXPECT_TRUE(r.HasDetail("hours[1]", "overlap")) << r.body;

  json::object order = HallBody(a_.compound);
  order["hours"] = json::array{json::object{{"weekday", 2}, {"start", "17:30"}, {"end", "14:00"}}};
  order["roster"] = json::array{};
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/halls", order).HasDetail("hours[0]", "time_order"));

  json::object shut = HallBody(a_.compound);
  shut["roster"] = json::array{json::object{{"weekday", 1}, {"worker_name", "王芳"}}};
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/halls", shut).HasDetail("roster[0]", "not_open"));

  json::object no_name = HallBody(a_.compound);
  no_name["name"] = "";
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/halls", no_name).HasDetail("name", "required"));

  json::object foreign = HallBody(b_compound_);
  Reply f = As("staff_a", "POST", "/api/v1/halls", foreign);
  EXPECT_EQ(f.status, 400);
  EXPECT_TRUE(f.HasDetail("compound_ids", "not_in_community")) << f.body;

  json::object elsewhere = HallBody(b_compound_);
  elsewhere["community_id"] = b_;
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/halls", elsewhere).HasDetail("community_id", "not_found"));

  MakeHall();
  Reply taken = As("staff_a", "POST", "/api/v1/halls", HallBody(a_.compound, "第二议事厅"));
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_TRUE(taken.HasDetail("compound_ids", "taken")) << taken.body;
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/halls").Json().at("items").as_array().size(), 1u);
}

TEST_F(HallsApiTest, VisitOutcomesAnsweredOpinionDemand) {
  const std::int64_t hall = MakeHall();
  const std::string visits = "/api/v1/halls/" + S(hall) + "/visits";

  // answered on the spot: the answer is required
  Reply missing = As("worker_a", "POST", visits,
                     json::object{{"visitor_name", "刘艳"}, {"about", "楼道灯坏了"}, {"outcome", "answered"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.HasDetail("answer", "required")) << missing.body;
  Reply bad = As("worker_a", "POST", visits, json::object{{"about", "x"}, {"outcome", "later"}});
  EXPECT_TRUE(bad.HasDetail("outcome", "invalid")) << bad.body;
  Reply answered = As("worker_a", "POST", visits,
                      json::object{{"resident_id", a_.liu_yan},
                                   {"about", "楼道灯坏了"},
                                   {"outcome", "answered"},
                                   {"answer", "已报物业，明天上午修"}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  json::value v = answered.Json();
  EXPECT_EQ(v.at("visitor_name").as_string(), "刘艳");       // from the resident
  EXPECT_EQ(v.at("compound_name").as_string(), "水月院");    // his compound
  EXPECT_EQ(v.at("worker").as_string(), "王芳");             // the caller
  EXPECT_EQ(v.at("at").as_string(), "2026-12-01T07:00:00Z");  // now
  EXPECT_TRUE(v.at("demand_id").is_null());

  // another community's worker: the hall does not exist for her
  Reply foreign = As("worker_b", "POST", visits,
                     json::object{{"about", "x"}, {"outcome", "answered"}, {"answer", "y"}});
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(As("worker_b", "GET", visits).status, 404);

  // a demand with channel hall
  Reply no_demand = As("worker_a", "POST", visits, json::object{{"about", "垃圾桶满了"}, {"outcome", "demand"}});
  EXPECT_TRUE(no_demand.HasDetail("demand", "required")) << no_demand.body;
  Reply no_phone = As("worker_a", "POST", visits,
                      json::object{{"visitor_name", "老李"},
                                   {"about", "垃圾桶满了"},
                                   {"outcome", "demand"},
                                   {"demand", json::object{{"nature", "complaint"}, {"category_code", "environment.litter"}}}});
  EXPECT_TRUE(no_phone.HasDetail("demand.reporter_phone", "required")) << no_phone.body;
  Reply demand = As("worker_a", "POST", visits,
                    json::object{{"visitor_name", "老李"},
                                 {"compound_id", a_.compound},
                                 {"about", "垃圾桶满了三天没人清"},
                                 {"outcome", "demand"},
                                 {"demand", json::object{{"nature", "complaint"},
                                                         {"category_code", "environment.litter"},
                                                         {"reporter_phone", "13700001234"}}}});
  ASSERT_EQ(demand.status, 201) << demand.body;
  const std::int64_t demand_id = demand.Json().at("demand_id").as_int64();
  EXPECT_EQ(std::string(demand.Json().at("demand_number").as_string()).substr(0, 2), "LL");
  Reply shown = As("staff_a", "GET", "/api/v1/demands/" + S(demand_id));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("\"channel\":\"hall\""), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("垃圾桶满了三天没人清"), std::string::npos);

  // an opinion in a deliberation of the community (source hall, linked both ways)
  Deliberation d;
  d.community_id = a_.community;
  d.title = "水月院垃圾站选址";
  auto delib = store_->Deliberations().CreateDeliberation(d, {}, "2026-11-30T00:00:00Z", Scope::All());
  ASSERT_TRUE(delib.ok()) << delib.error().message;
  const std::int64_t delib_id = delib->deliberation.id;
  Deliberation far;
  far.community_id = b_;
  far.title = "北苑停车";
  auto far_delib = store_->Deliberations().CreateDeliberation(far, {}, "2026-11-30T00:00:00Z", Scope::All());
  ASSERT_TRUE(far_delib.ok());
  Reply no_delib = As("worker_a", "POST", visits, json::object{{"about", "垃圾站别放我家楼下"}, {"outcome", "opinion"}});
  EXPECT_TRUE(no_delib.HasDetail("deliberation_id", "required")) << no_delib.body;
  Reply wrong = As("worker_a", "POST", visits,
                   json::object{{"about", "垃圾站别放我家楼下"},
                                {"outcome", "opinion"},
                                {"deliberation_id", far_delib->deliberation.id}});
  EXPECT_TRUE(wrong.HasDetail("deliberation_id", "not_found")) << wrong.body;
  Reply opinion = As("worker_a", "POST", visits,
                     json::object{{"resident_id", a_.liu_yan},
                                  {"about", "垃圾站别放我家楼下"},
                                  {"outcome", "opinion"},
                                  {"deliberation_id", delib_id}});
  ASSERT_EQ(opinion.status, 201) << opinion.body;
  const std::int64_t visit_id = opinion.Json().at("id").as_int64();
  const std::int64_t opinion_id = opinion.Json().at("opinion_id").as_int64();
  EXPECT_EQ(opinion.Json().at("deliberation_id").as_int64(), delib_id);
  auto stored = store_->Deliberations().GetDeliberation(delib_id, Scope::All());
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->deliberation.opinions.size(), 1u);
  const Opinion& o = stored->deliberation.opinions[0];
  EXPECT_EQ(o.id, opinion_id);
  EXPECT_EQ(o.source, "hall");
  EXPECT_EQ(o.text, "垃圾站别放我家楼下");
  EXPECT_EQ(o.hall_visit_id, std::optional<Id>(visit_id));
  EXPECT_EQ(o.compound_id, std::optional<Id>(a_.compound));

  // the log: newest first, the failed attempts left nothing behind
  Reply log = As("staff_a", "GET", visits);
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_EQ(log.Json().at("total").as_int64(), 3);
  EXPECT_EQ(log.Json().at("items").at(0).at("id").as_int64(), visit_id);
  EXPECT_EQ(As("staff_a", "GET", visits + "?from=2026-12-02").Json().at("total").as_int64(), 0);
  EXPECT_EQ(As("staff_a", "GET", visits + "?from=2026-12-01&to=2026-12-01").Json().at("total").as_int64(), 3);
  EXPECT_TRUE(As("staff_a", "GET", visits + "?from=12/01").HasDetail("from", "date_format"));
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/halls/" + S(hall)).Json().at("visits_this_month").as_int64(), 3);

  // no delete once visited
  Reply del = As("staff_a", "DELETE", "/api/v1/halls/" + S(hall));
  EXPECT_EQ(del.status, 409);
  EXPECT_TRUE(del.HasDetail("visits", "exist")) << del.body;
}

TEST_F(HallsApiTest, ADemandFromAVisitGetsTheConfiguredDeadlines) {
  const std::int64_t hall = MakeHall();
  Reply put = SendAs(as_, "PUT", "/api/v1/demand-settings", R"({"deadlines":{"resolve_hours":48,"respond_hours":6}})");
  ASSERT_EQ(put.status, 200) << put.body;
  Reply made = As("worker_a", "POST", "/api/v1/halls/" + S(hall) + "/visits",
                  json::object{{"resident_id", a_.liu_yan},
                               {"about", "楼下的树挡光"},
                               {"outcome", "demand"},
                               {"demand", json::object{{"nature", "help"}, {"category_code", "environment.greening"}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  Reply shown = As("staff_a", "GET", "/api/v1/demands/" + S(made.Json().at("demand_id").as_int64()));
  ASSERT_EQ(shown.status, 200) << shown.body;
  json::value d = shown.Json();
  ASSERT_TRUE(d.is_object()) << shown.body;
  const json::object& o = d.as_object().contains("demand") && d.at("demand").is_object() ? d.at("demand").as_object()
                                                                                         : d.as_object();
  ASSERT_TRUE(o.contains("created_at") && o.at("created_at").is_string()) << shown.body;
  ASSERT_TRUE(o.contains("due_at") && o.at("due_at").is_string()) << shown.body;
  auto from = ParseIsoSeconds(std::string(o.at("created_at").as_string()));
  auto to = ParseIsoSeconds(std::string(o.at("due_at").as_string()));
  ASSERT_TRUE(from.ok() && to.ok()) << shown.body;
  EXPECT_EQ((*to - *from) / 3600, 48);  // not the default 7 days
  EXPECT_NE(shown.body.find("\"channel\":\"hall\""), std::string::npos);
}

}  // namespace
}  // namespace linli::testing
