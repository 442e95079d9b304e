// Demands (接诉即办) through the real server: the lifecycle over HTTP, refused transitions that
// write nothing, receivers, idempotent intake, attachments checked by content, scope per role.
#include <filesystem>
#include <set>

#include "api/hotline_import.h"
#include "api/session.h"
#include "domain/demand.h"
#include "service/attachments.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

template <class T>
T Must(Result<T> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(*r) : T{};
}

class DemandsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    static int n = 0;
    files_ = std::filesystem::temp_directory_path() /
             ("linli_demand_files_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    options_.attachments_dir = files_.string();
    ApiTest::SetUp();
    seed_ = MakeSeed();
    grid1_ = Create("/api/v1/grids", {{"community_id", seed_.community}, {"code", "110112004001001"}, {"name", "第1网格"}});
    grid2_ = Create("/api/v1/grids", {{"community_id", seed_.community}, {"code", "110112004001002"}, {"name", "第2网格"}});
    EXPECT_EQ(Post("/api/v1/grids/" + S(grid1_) + "/buildings", {{"building_ids", json::array{seed_.building2}}}).status, 200);
    EXPECT_EQ(Post("/api/v1/grids/" + S(grid2_) + "/buildings", {{"building_ids", json::array{seed_.building3}}}).status, 200);
    w1_ = AddUser("w1", "grid_worker", [&](User& u) { u.grid_ids = {grid1_}; });
    AddUser("w1b", "grid_worker", [&](User& u) { u.grid_ids = {grid1_}; });
    AddUser("w2", "grid_worker", [&](User& u) { u.grid_ids = {grid2_}; });
    resident_ = AddUser("res", "resident", [&](User& u) { u.household_id = seed_.household301; });
    AddUser("res2", "resident", [&](User& u) { u.household_id = seed_.household101; });
    worker1_ = Login("w1");
    worker1b_ = Login("w1b");
    worker2_ = Login("w2");
    res_ = Login("res");
    res2_ = Login("res2");
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(files_, ec);
  }

  json::object Intake(const std::string& address, const std::string& text = "楼道里的垃圾三天没有清运，味道很大") {
    return {{"channel", "phone"},        {"nature", "complaint"},   {"category_code", "environment.litter"},
            {"urgency", "normal"},       {"description", text},     {"address_text", address},
            {"reporter_name", "刘艳"},   {"reporter_phone", "13812345678"}};
  }
  // POST /demands as the head; returns the demand object.
  json::object CreateDemand(const json::object& body, const Headers& extra = {}) {
    Headers h = as_.AsHeaders();
    for (const auto& e : extra) h.push_back(e);
    Reply r = Send(port_, "POST", "/api/v1/demands", json::serialize(body), "application/json", h);
    EXPECT_EQ(r.status, 201) << r.body;
    json::value v = r.Json();
    if (!v.is_object() || !v.as_object().contains("demand")) return {};
    return v.at("demand").as_object();
  }
  Reply Act(const Credentials& who, std::int64_t id, json::object body) {
    return SendAs(who, "POST", "/api/v1/demands/" + S(id) + "/actions", json::serialize(body));
  }
  std::size_t EventCount(std::int64_t id) {
    Reply r = Get("/api/v1/demands/" + S(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("events").as_array().size();
  }
  static std::string Status(const Reply& r) {
    json::value v = r.Json();
    if (!v.is_object() || !v.as_object().contains("status")) return "";
    return std::string(v.at("status").as_string());
  }

  std::filesystem::path files_;
  Seed seed_{};
  std::int64_t grid1_ = 0, grid2_ = 0, w1_ = 0, resident_ = 0;
  Credentials worker1_, worker1b_, worker2_, res_, res2_;
};

TEST_F(DemandsApiTest, LifecycleOverHttp) {
  // Intake by address text: resolved to 水月院 2号楼 1单元 301, routed to the grid's worker.
  json::object d = CreateDemand(Intake("通州区四员厅社区水月院2号楼1单元301"));
  ASSERT_FALSE(d.empty());
  std::int64_t id = d.at("id").as_int64();
  EXPECT_EQ(d.at("household_id"), json::value(seed_.household301));
  EXPECT_TRUE(d.at("address_resolved").as_bool());
  EXPECT_EQ(d.at("grid_id"), json::value(grid1_));
  EXPECT_EQ(d.at("reporter_phone"), "138****5678");  // masked
  EXPECT_EQ(d.at("category_name"), "垃圾清运不及时");
  EXPECT_TRUE(d.contains("seconds_left"));
  std::string status(d.at("status").as_string());
  if (status == "received") {
    Reply r = Act(as_, id, {{"action", "dispatch"}, {"assignee_kind", "worker"}, {"assignee_user_id", w1_}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  EXPECT_EQ(Status(Act(worker1_, id, {{"action", "sign"}})), "signed");
  EXPECT_EQ(Status(Act(worker1_, id, {{"action", "contact"}, {"note", "已电话联系刘艳"}})), "contacted");
  EXPECT_EQ(Status(Act(worker1_, id, {{"action", "start"}})), "in_progress");
  EXPECT_EQ(Status(Act(worker1_, id, {{"action", "reply"}, {"note", "已联系物业清运完毕"}})), "replied");
  Reply cb = Act(as_, id, {{"action", "callback"}, {"solved", true}, {"satisfaction", "satisfied"}});
  EXPECT_EQ(Status(cb), "callback_done") << cb.body;
  Reply closed = Act(as_, id, {{"action", "close"}});
  EXPECT_EQ(Status(closed), "closed") << closed.body;
  Reply detail = Get("/api/v1/demands/" + S(id));
  ASSERT_EQ(detail.status, 200);
  json::value v = detail.Json();
  EXPECT_EQ(v.at("demand").at("reply"), "已联系物业清运完毕");
  EXPECT_FALSE(v.at("demand").as_object().contains("seconds_left"));  // closed: no clock
  EXPECT_GE(v.at("events").as_array().size(), 7u);
  // The worker's list holds it (assigned to her).
  Reply mine = SendAs(worker1_, "GET", "/api/v1/demands?mine=true");
  EXPECT_EQ(mine.Json().at("total"), 1) << mine.body;
}

TEST_F(DemandsApiTest, IllegalTransitionIs409AndWritesNothing) {
  json::object d = CreateDemand(Intake("某个对不上的地址"));
  std::int64_t id = d.at("id").as_int64();
  EXPECT_FALSE(d.at("address_resolved").as_bool());
  EXPECT_EQ(d.at("community_id"), json::value(seed_.community));  // from the caller's scope
  EXPECT_EQ(d.at("status"), "received");
  std::size_t before = EventCount(id);
  Reply r = Act(as_, id, {{"action", "reply"}, {"note", "答复"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.ErrorField(), "action");
  EXPECT_TRUE(r.HasDetail("action", "illegal_transition")) << r.body;
  EXPECT_EQ(EventCount(id), before);
  Reply again = Get("/api/v1/demands/" + S(id));
  EXPECT_EQ(again.Json().at("demand").at("status"), "received");
  EXPECT_EQ(again.Json().at("demand").at("reply"), "");
  // Unknown action / unknown field: 400.
  EXPECT_EQ(Act(as_, id, {{"action", "fly"}}).status, 400);
  EXPECT_EQ(Act(as_, id, {{"action", "sign"}, {"bogus", 1}}).status, 400);
}

TEST_F(DemandsApiTest, CallbackBeforeReplyIs409) {
  json::object d = CreateDemand(Intake("水月院 2号楼 1单元 301"));
  std::int64_t id = d.at("id").as_int64();
  if (d.at("status") == "received")
    ASSERT_EQ(Act(as_, id, {{"action", "dispatch"}, {"assignee_kind", "worker"}, {"assignee_user_id", w1_}}).status, 200);
  ASSERT_EQ(Status(Act(worker1_, id, {{"action", "sign"}})), "signed");
  Reply r = Act(as_, id, {{"action", "callback"}, {"solved", true}, {"satisfaction", "satisfied"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(r.HasDetail("action", "illegal_transition"));
}

TEST_F(DemandsApiTest, OnlyTheReceiverActsAndOtherGridsSeeNothing) {
  json::object d = CreateDemand(Intake("水月院 2号楼 1单元 301"));
  std::int64_t id = d.at("id").as_int64();
  if (d.at("status") == "received")
    ASSERT_EQ(Act(as_, id, {{"action", "dispatch"}, {"assignee_kind", "worker"}, {"assignee_user_id", w1_}}).status, 200);
  // w1b works the same grid (sees it) but it was not dispatched to her: 403, nothing written.
  std::size_t before = EventCount(id);
  EXPECT_EQ(SendAs(worker1b_, "GET", "/api/v1/demands/" + S(id)).status, 200);
  Reply r = Act(worker1b_, id, {{"action", "sign"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(r.HasDetail("action", "not_receiver")) << r.body;
  EXPECT_EQ(EventCount(id), before);
  // w2 works another grid: the demand does not exist for her.
  EXPECT_EQ(SendAs(worker2_, "GET", "/api/v1/demands/" + S(id)).status, 404);
  EXPECT_EQ(Act(worker2_, id, {{"action", "sign"}}).status, 404);
  EXPECT_EQ(SendAs(worker2_, "GET", "/api/v1/demands").Json().at("total"), 0);
  // A grid worker may not dispatch (demand:dispatch): 403.
  EXPECT_EQ(Act(worker1_, id, {{"action", "close"}}).status, 403);
}

TEST_F(DemandsApiTest, SameIdempotencyKeyMakesOneDemand) {
  json::object body = Intake("水月院 2号楼 1单元 302", "302 门口的灯坏了");
  json::object first = CreateDemand(body, {{"Idempotency-Key", "form-123"}});
  json::object second = CreateDemand(body, {{"Idempotency-Key", "form-123"}});
  EXPECT_EQ(first.at("id"), second.at("id"));
  EXPECT_EQ(Get("/api/v1/demands?q=" + UrlEncode("门口的灯")).Json().at("total"), 1);
  // The same key with another body is a conflict.
  json::object other = Intake("水月院 2号楼 1单元 302", "另一件事");
  Headers h = as_.AsHeaders();
  h.push_back({"Idempotency-Key", "form-123"});
  Reply r = Send(port_, "POST", "/api/v1/demands", json::serialize(other), "application/json", h);
  EXPECT_EQ(r.status, 409) << r.body;
  // Without a key: a second demand, and the first shows up as a duplicate candidate when asked.
  Reply third = Post("/api/v1/demands?duplicates=true", body);
  ASSERT_EQ(third.status, 201);
  EXPECT_GE(third.Json().at("duplicates").as_array().size(), 1u) << third.body;
  // Not asked: the answer keeps its shape with no candidates (the console asks while typing).
  Reply fourth = Post("/api/v1/demands", body);
  ASSERT_EQ(fourth.status, 201);
  EXPECT_TRUE(fourth.Json().at("duplicates").as_array().empty()) << fourth.body;
  Reply bad = Post("/api/v1/demands?duplicates=maybe", body);
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.ErrorField(), "duplicates") << bad.body;
}

// Intake resolves typed addresses from an in-memory index of the community's households; a
// household added or deleted after the index was built still resolves right.
TEST_F(DemandsApiTest, AddressIndexFollowsRegistryChanges) {
  std::int64_t h303 = Create("/api/v1/households", {{"unit_id", seed_.unit21}, {"door", "303"}, {"area_m2", 60}});
  std::int64_t h304 = Create("/api/v1/households", {{"unit_id", seed_.unit21}, {"door", "304"}, {"area_m2", 60}});
  json::object d = CreateDemand(Intake("水月院2号楼1单元301"));  // builds the index
  EXPECT_EQ(d.at("household_id"), json::value(seed_.household301));
  EXPECT_EQ(d.at("household_address"), "水月院 2号楼 1单元 301") << d;
  d = CreateDemand(Intake("四员厅社区 水月院 2号楼 1单元 303"));
  EXPECT_EQ(d.at("household_id"), json::value(h303));
  // Deleted: the index still names it, the store refuses, the intake resolves again (nothing).
  Reply del = Send(port_, "DELETE", "/api/v1/households/" + S(h304), {}, "application/json", as_.AsHeaders());
  ASSERT_LT(del.status, 300) << del.body;
  d = CreateDemand(Intake("水月院 2号楼 1单元 304"));
  EXPECT_FALSE(d.at("address_resolved").as_bool()) << d;
  EXPECT_FALSE(d.contains("household_id") && !d.at("household_id").is_null()) << d;
  // Added after the build: not in the index, found by the search.
  std::int64_t h305 = Create("/api/v1/households", {{"unit_id", seed_.unit21}, {"door", "305"}, {"area_m2", 60}});
  d = CreateDemand(Intake("水月院 2号楼 1单元 305"));
  EXPECT_EQ(d.at("household_id"), json::value(h305)) << d;
  // A building without a door names no household.
  d = CreateDemand(Intake("水月院 2号楼"));
  EXPECT_FALSE(d.at("address_resolved").as_bool()) << d;
}

TEST_F(DemandsApiTest, IntakeChecksFields) {
  json::object body = Intake("水月院 2号楼 1单元 301");
  body["reporter_phone"] = "12345";
  Reply r = Post("/api/v1/demands", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorField(), "reporter_phone") << r.body;
  body.erase("reporter_phone");
  EXPECT_TRUE(Post("/api/v1/demands", body).HasDetail("reporter_phone", "required"));
  json::object bad = Intake("水月院 2号楼 1单元 301");
  bad["nature"] = "rant";
  EXPECT_TRUE(Post("/api/v1/demands", bad).HasDetail("nature", "unknown"));
  EXPECT_EQ(Get("/api/v1/demands").Json().at("total"), 0);  // nothing half-written
}

TEST_F(DemandsApiTest, AttachmentsAreCheckedByContent) {
  std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(100, 'x');
  Headers h = as_.AsHeaders();
  // A PDF declared as an image: 400 file/type.
  Reply lie = Send(port_, "POST", "/api/v1/demands/attachments", "%PDF-1.4 hello", "image/jpeg", h);
  EXPECT_EQ(lie.status, 400) << lie.body;
  EXPECT_TRUE(lie.HasDetail("file", "type")) << lie.body;
  // Unknown content: 400.
  EXPECT_EQ(Send(port_, "POST", "/api/v1/demands/attachments", "just text", "text/plain", h).status, 400);
  // Too large: 413.
  std::string big = png + std::string(service::kMaxAttachmentBytes, 'y');
  Reply large = Send(port_, "POST", "/api/v1/demands/attachments", big, "image/png", h);
  EXPECT_EQ(large.status, 413) << large.body.substr(0, 200);
  // A real PNG (multipart): stored by sha256 outside the database, linked to a demand.
  std::string boundary = "----linli";
  std::string multipart = "--" + boundary +
                          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                          "Content-Type: image/png\r\n\r\n" +
                          png + "\r\n--" + boundary + "--\r\n";
  Reply ok = Send(port_, "POST", "/api/v1/demands/attachments", multipart,
                  "multipart/form-data; boundary=" + boundary, h);
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string sha = std::string(ok.Json().at("sha256").as_string());
  EXPECT_EQ(sha, service::Sha256Hex(png));
  EXPECT_TRUE(std::filesystem::exists(files_ / sha.substr(0, 2) / sha.substr(2, 2) / sha));
  std::int64_t att = ok.Json().at("id").as_int64();
  json::object body = Intake("水月院 2号楼 1单元 301");
  body["attachment_ids"] = json::array{att};
  json::object d = CreateDemand(body);
  Reply file = Get("/api/v1/demands/attachments/" + S(att));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, png);
  EXPECT_EQ(file.Header("content-type"), "image/png");
  // Another grid's worker cannot fetch it.
  EXPECT_EQ(SendAs(worker2_, "GET", "/api/v1/demands/attachments/" + S(att)).status, 404);
}

TEST_F(DemandsApiTest, ResidentSubmitsAndSeesOnlyHisOwn) {
  Headers h = res_.AsHeaders();
  json::object body{{"nature", "help"}, {"category_code", "property.elevator"}, {"description", "电梯卡在三楼了"}};
  Reply mine = Send(port_, "POST", "/api/v1/demands/submit", json::serialize(body), "application/json", h);
  ASSERT_EQ(mine.status, 201) << mine.body;
  std::int64_t id = mine.Json().at("demand").at("id").as_int64();
  EXPECT_EQ(mine.Json().at("demand").at("household_id"), json::value(seed_.household301));
  EXPECT_EQ(mine.Json().at("demand").at("channel"), "resident");
  Reply theirs =
      Send(port_, "POST", "/api/v1/demands/submit", json::serialize(body), "application/json", res2_.AsHeaders());
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  std::int64_t other = theirs.Json().at("demand").at("id").as_int64();
  CreateDemand(Intake("水月院 2号楼 1单元 301"));  // staff intake for his household, not reported by him
  Reply list = SendAs(res_, "GET", "/api/v1/demands");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("total"), 1) << list.body;
  EXPECT_EQ(SendAs(res_, "GET", "/api/v1/demands/" + S(id)).status, 200);
  EXPECT_EQ(SendAs(res_, "GET", "/api/v1/demands/" + S(other)).status, 404);
  // A resident may not register for others, nor handle.
  EXPECT_EQ(SendAs(res_, "POST", "/api/v1/demands", json::serialize(Intake("x"))).status, 403);
  EXPECT_EQ(Act(res_, id, {{"action", "sign"}}).status, 403);
}

TEST_F(DemandsApiTest, CategoriesSettingsRatesAndSuggestions) {
  Reply cats = Get("/api/v1/demand-categories");
  ASSERT_EQ(cats.status, 200);
  EXPECT_GT(cats.Json().at("items").as_array().size(), 13u);
  Reply s = Get("/api/v1/demand-settings");
  ASSERT_EQ(s.status, 200) << s.body;
  Reply put = SendAs(as_, "PUT", "/api/v1/demand-settings",
                     R"({"weights":{"response":30,"resolution":35,"satisfaction":35},"basic_satisfied_value":0.8})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Get("/api/v1/demand-settings").Json().at("basic_satisfied_value").as_double(), 0.8);
  EXPECT_EQ(SendAs(as_, "PUT", "/api/v1/demand-settings", R"({"basic_satisfied_value":3})").status, 400);
  Reply sug = Get("/api/v1/demands/suggest-category?text=" + UrlEncode("楼下停车占用消防通道"));
  ASSERT_EQ(sug.status, 200);
  ASSERT_FALSE(sug.Json().at("items").as_array().empty());
  EXPECT_EQ(sug.Json().at("items").at(0).at("category_code"), "parking.fire_lane") << sug.body;
  CreateDemand(Intake("水月院 2号楼 1单元 301"));
  Reply rates = Get("/api/v1/demands/rates?group=community");
  ASSERT_EQ(rates.status, 200) << rates.body;
  Reply trend = Get("/api/v1/demands/trend");
  EXPECT_EQ(trend.status, 200) << trend.body;
  Reply hot = Get("/api/v1/demands/hotspots");
  EXPECT_EQ(hot.status, 200) << hot.body;
  Reply due = Get("/api/v1/demands/due");
  EXPECT_EQ(due.status, 200) << due.body;
  Reply xlsx = Get("/api/v1/demands/export");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST_F(DemandsApiTest, DeadlineSettingsApplyToNewDemands) {
  json::object body = Intake("水月院 2号楼 1单元 301", "小区绿化带没人修剪");
  body["category_code"] = "environment.greening";  // no hours of its own: the policy decides
  json::object before = CreateDemand(body);
  auto hours = [](const json::object& d) {
    auto from = ParseIsoSeconds(std::string(d.at("created_at").as_string()));
    auto to = ParseIsoSeconds(std::string(d.at("due_at").as_string()));
    return from.ok() && to.ok() ? (*to - *from) / 3600 : -1;
  };
  EXPECT_EQ(hours(before), 168);  // 7 days by default
  Reply put = SendAs(as_, "PUT", "/api/v1/demand-settings", R"({"deadlines":{"resolve_hours":48}})");
  ASSERT_EQ(put.status, 200) << put.body;
  body["description"] = "另一处绿化带也没人修剪";
  EXPECT_EQ(hours(CreateDemand(body)), 48);
  EXPECT_EQ(SendAs(as_, "PUT", "/api/v1/demand-settings", R"({"deadlines":{"resolve_hours":0}})").status, 400);
  // A category added by PUT /demand-categories counts at once (the cached tree is dropped).
  json::array items = Get("/api/v1/demand-categories").Json().at("items").as_array();
  items.push_back(json::object{{"code", "environment.snow"}, {"parent_code", "environment"}, {"name_zh", "积雪清扫"},
                               {"name_en", "Snow"}, {"respond_hours", 2}, {"resolve_hours", 24}});
  Reply cats = SendAs(as_, "PUT", "/api/v1/demand-categories", json::serialize(json::object{{"items", items}}));
  ASSERT_EQ(cats.status, 200) << cats.body;
  body["category_code"] = "environment.snow";
  body["description"] = "楼前积雪没人扫";
  json::object snow = CreateDemand(body);
  EXPECT_EQ(hours(snow), 24) << snow;
  EXPECT_EQ(snow.at("category_name"), "积雪清扫");
}

TEST_F(DemandsApiTest, Import12345IsIdempotent) {
  std::string csv =
      "工单编号,来电时间,诉求人,联系电话,诉求地址,诉求内容,诉求类型,问题分类,紧急程度\n"
      "T2026112200001,2026-11-22 08:30,刘艳,13812345678,水月院2号楼1单元301,楼道堆物,投诉,环境卫生,一般\n"
      "T2026112200002,2026/11/22 9:05,张伟,13900001111,水月院3号楼1单元101,暖气不热,求助,供暖,紧急\n";
  Headers h = as_.AsHeaders();
  Reply preview = Send(port_, "POST", "/api/v1/demands/import?preview=true&filename=t.csv", csv, "text/csv", h);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.Json().at("rows"), 2);
  EXPECT_EQ(preview.Json().at("resolved"), 2) << preview.body;
  EXPECT_EQ(Get("/api/v1/demands").Json().at("total"), 0);  // preview writes nothing
  Reply commit = Send(port_, "POST", "/api/v1/demands/import?preview=false&filename=t.csv", csv, "text/csv", h);
  ASSERT_EQ(commit.status, 200) << commit.body;
  EXPECT_EQ(commit.Json().at("created"), 2);
  Reply again = Send(port_, "POST", "/api/v1/demands/import?preview=false&filename=t.csv", csv, "text/csv", h);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("created"), 0);
  EXPECT_EQ(again.Json().at("existing"), 2);
  Reply list = Get("/api/v1/demands?q=T2026112200002");
  ASSERT_EQ(list.Json().at("total"), 1) << list.body;
  EXPECT_EQ(list.Json().at("items").at(0).at("created_at"), "2026-11-22T01:05:00Z");  // Beijing 09:05
}

// The import outside a request (linli import demands): a sheet big enough to be checked on several
// threads, with bad rows in different parts of it.
TEST_F(DemandsApiTest, ImportHotlineTicketsBigSheet) {
  const int n = 30000;
  const std::set<int> bad = {5, 9000, 17001, 29999};  // data row numbers (header = row 1)
  std::string csv = "工单编号,来电时间,诉求人,联系电话,诉求地址,诉求内容,诉求类型,问题分类,紧急程度,承办单位\n";
  for (int i = 2; i <= n + 1; ++i) {
    std::string phone = bad.count(i) ? "123" : "13812345678";
    std::string address = i % 3 == 0 ? "水月院 2号楼" : (i % 3 == 1 ? "北京市通州区水月院2号楼1单元301" : "水月院东门外");
    csv += "GD" + S(i) + ",2026-11-22 08:30," + "刘艳," + phone + "," + address + ",第" + S(i) +
           "行的诉求：楼道堆物,投诉,环境卫生-楼道堆物,一般,中仓街道\n";
  }
  api::HotlineImportOptions o{.community_id = seed_.community, .user = "staff1", .now = "2026-11-28T00:00:00Z",
                              .skip_invalid = false};
  // Bad rows and no --skip-invalid: every issue listed in sheet order, nothing written.
  auto refused = api::ImportHotlineTickets(*store_, csv, "t.csv", o);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_FALSE(refused->written);
  ASSERT_EQ(refused->issues.size(), bad.size());
  std::vector<int> rows;
  for (const auto& i : refused->issues) {
    rows.push_back(i.row);
    EXPECT_EQ(i.field, "reporter_phone");
    EXPECT_EQ(i.reason, "phone_format");
  }
  EXPECT_EQ(rows, std::vector<int>(bad.begin(), bad.end()));
  EXPECT_EQ(refused->rows, n - static_cast<std::int64_t>(bad.size()));
  EXPECT_EQ(Get("/api/v1/demands").Json().at("total"), 0);
  // A dry run writes nothing either.
  o.skip_invalid = true, o.dry_run = true;
  EXPECT_FALSE(Must(api::ImportHotlineTickets(*store_, csv, "t.csv", o)).written);
  EXPECT_EQ(Get("/api/v1/demands").Json().at("total"), 0);
  // The valid rows; a household address resolves (with a prefix), a building or a corner does not.
  o.dry_run = false;
  auto done = Must(api::ImportHotlineTickets(*store_, csv, "t.csv", o));
  EXPECT_TRUE(done.written);
  EXPECT_EQ(done.created, n - static_cast<std::int64_t>(bad.size()));
  EXPECT_EQ(done.existing, 0);
  std::int64_t households = 0;
  for (int i = 2; i <= n + 1; ++i) households += (i % 3 == 1 && !bad.count(i)) ? 1 : 0;
  EXPECT_EQ(done.resolved, households);
  EXPECT_EQ(done.mapping.at("external_number"), "工单编号");
  // Each row keeps its own text (the parts of the sheet are joined in order).
  for (int i : {2, 9001, 17002, 30001}) {
    Reply one = Get("/api/v1/demands?q=GD" + S(i));
    json::value v = one.Json();
    ASSERT_EQ(v.at("total"), 1) << one.body;
    const auto& d = v.at("items").at(0);
    EXPECT_EQ(std::string(d.at("description").as_string()), "第" + S(i) + "行的诉求：楼道堆物");
    EXPECT_EQ(d.at("category_code"), "neighbour.clutter") << d;  // the most specific part
    EXPECT_EQ(d.at("household_id").is_null(), i % 3 != 1) << d;
    EXPECT_EQ(d.at("created_by"), "staff1");
  }
  // The same sheet again creates nothing.
  auto again = Must(api::ImportHotlineTickets(*store_, csv, "t.csv", o));
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.existing, done.created);
  // An unknown community names the field.
  o.community_id = 987654;
  auto unknown = api::ImportHotlineTickets(*store_, csv, "t.csv", o);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "community_id");
}

}  // namespace
}  // namespace linli::testing
