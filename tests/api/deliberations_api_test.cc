// Deliberations (议事协商) through the real server: the six steps with each step's missing output
// (400 naming the field, nothing written), skip / back, closed is final, the linked notice's
// period and objections, opinions by residents (scope by compound), grid workers' scope, hotspot
// seeding from demands, theme suggestions, files, audit.
#include <atomic>
#include <map>

#include "store/deliberations.h"
#include "store/demands.h"
#include "store/notices.h"
#include "store/votes.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

class DeliberationsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    options_.attachments_dir = (std::filesystem::temp_directory_path() /
                                ("linli_delib_files_" + std::to_string(::getpid())))
                                   .string();
    ApiTest::SetUp();
    a_ = MakeSeed("110112004001");
    // Community B: its own compound, building, unit and household (no residents needed).
    b_.community = Create("/api/v1/communities", {{"code", "110112005001"}, {"name", "北苑社区"}});
    b_.compound = Create("/api/v1/compounds", {{"community_id", b_.community}, {"name", "北苑小区"}});
    b_.building2 = Create("/api/v1/buildings", {{"compound_id", b_.compound}, {"name", "1号楼"}});
    b_.unit21 = Create("/api/v1/units", {{"building_id", b_.building2}, {"name", "1单元"}});
    b_.household301 = Create("/api/v1/households", {{"unit_id", b_.unit21}, {"door", "101"}, {"area_m2", 70}});
    grid_a_ = Create("/api/v1/grids", {{"community_id", a_.community}, {"code", "110112004001001"}, {"name", "网格一"}});
    grid_b_ = Create("/api/v1/grids", {{"community_id", b_.community}, {"code", "110112005001001"}, {"name", "网格一"}});
    EXPECT_EQ(Post("/api/v1/grids/" + S(grid_a_) + "/buildings", {{"building_ids", json::array{a_.building2}}}).status,
              200);
    EXPECT_EQ(Post("/api/v1/grids/" + S(grid_b_) + "/buildings", {{"building_ids", json::array{b_.building2}}}).status,
              200);
    // A second compound in A, for a compound-only deliberation the resident does not reach.
    other_compound_ = Create("/api/v1/compounds", {{"community_id", a_.community}, {"name", "中仓小区"}});
    AddUser("staff", "community_staff", [&](User& u) { u.community_ids = {a_.community}; u.display_name = "王红"; });
    AddUser("head", "community_head", [&](User& u) { u.community_ids = {a_.community}; u.display_name = "李书记"; });
    AddUser("res", "resident", [&](User& u) { u.household_id = a_.household301; u.display_name = "刘艳"; });
    AddUser("res_b", "resident", [&](User& u) { u.household_id = b_.household301; u.display_name = "赵敏"; });
    AddUser("gw", "grid_worker", [&](User& u) { u.grid_ids = {grid_a_}; u.display_name = "孙网格"; });
    AddUser("gw_b", "grid_worker", [&](User& u) { u.grid_ids = {grid_b_}; });
    AddUser("aud", "auditor");
    AddUser("prop", "property_company", [&](User& u) { u.compound_ids = {a_.compound}; });
    for (const char* n : {"staff", "head", "res", "res_b", "gw", "gw_b", "aud", "prop"}) who_[n] = Login(n);
  }

  Reply As(const std::string& who, std::string_view method, const std::string& target, const json::value& body) {
    return SendAs(who_[who], method, target, json::serialize(body));
  }
  Reply GetAs(const std::string& who, const std::string& target) { return SendAs(who_[who], "GET", target); }
  std::string Base(std::int64_t id) { return "/api/v1/deliberations/" + S(id); }

  std::int64_t NewDeliberation(json::object body = {}) {
    if (!body.contains("community_id")) body["community_id"] = a_.community;
    if (!body.contains("title")) body["title"] = "垃圾站选址";
    Reply r = As("staff", "POST", "/api/v1/deliberations", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  json::value Detail(std::int64_t id) { return GetAs("staff", Base(id)).Json(); }
  std::string StepOf(std::int64_t id) { return std::string(Detail(id).at("step").as_string()); }
  Reply Step(const std::string& who, std::int64_t id, json::object body) {
    return As(who, "POST", Base(id) + "/step", body);
  }
  Reply Advance(std::int64_t id) { return Step("staff", id, {{"action", "advance"}}); }
  // Advance expecting 400 naming `field`/`reason`, with nothing written.
  void ExpectMissing(std::int64_t id, const std::string& field, const std::string& reason) {
    const json::value before = Detail(id);
    Reply r = Advance(id);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_TRUE(r.HasDetail(field, reason)) << field << " " << reason << ": " << r.body;
    const json::value after = Detail(id);
    EXPECT_EQ(after.at("step"), before.at("step"));
    EXPECT_EQ(after.at("history").as_array().size(), before.at("history").as_array().size());
    // The detail's "next" says the same.
    bool named = false;
    for (const auto& e : after.at("next").at("errors").as_array())
      named = named || (e.at("field") == json::value(field) && e.at("reason") == json::value(reason));
    EXPECT_TRUE(named) << json::serialize(after.at("next"));
  }
  std::int64_t AuditCount(const std::string& action) {
    std::int64_t n = 0;
    (void)store_->ForEachAudit([&](const AuditEntry& e) { n += e.action == action; });
    return n;
  }

  std::atomic<std::int64_t> now_{1'795'000'000};  // 2026-11-18
  Seed a_{}, b_{};
  std::int64_t grid_a_ = 0, grid_b_ = 0, other_compound_ = 0;
  std::map<std::string, Credentials> who_;
};

TEST_F(DeliberationsApiTest, SixStepsEachNeedsItsOutputThenClosedIsFinal) {
  const std::int64_t id = NewDeliberation({{"compound_ids", json::array{a_.compound}}});
  json::value d = Detail(id);
  EXPECT_EQ(d.at("step"), "collect");
  EXPECT_EQ(d.at("step_name"), "广开言路纳民意");
  EXPECT_EQ(d.at("next").at("step"), "topic");
  EXPECT_EQ(d.at("compound_names").as_array()[0], "水月院");

  // 1 collect
  ExpectMissing(id, "opinions", "required");
  Reply op = As("res", "POST", Base(id) + "/opinions", {{"text", "垃圾站离3号楼太近，夏天味道大"}});
  ASSERT_EQ(op.status, 201) << op.body;
  EXPECT_EQ(op.Json().at("source"), "online");
  EXPECT_EQ(op.Json().at("compound_id").as_int64(), a_.compound);
  EXPECT_EQ(op.Json().at("author_name"), "刘艳");
  EXPECT_EQ(As("res", "POST", Base(id) + "/opinions", {{"text", ""}}).ErrorField(), "text");
  EXPECT_EQ(As("res", "POST", Base(id) + "/opinions", {{"text", std::string(2001 * 3, 'a').substr(0, 2001)}})
                .status,
            400);
  ASSERT_EQ(Advance(id).status, 200);

  // 2 topic: opinions still welcome; topic then question
  EXPECT_EQ(As("gw", "POST", Base(id) + "/opinions", {{"text", "议事厅收到：垃圾站挪到北门"}, {"source", "hall"}, {"author_name", "张大爷"}})
                .status,
            201);
  ExpectMissing(id, "topic", "required");
  ASSERT_EQ(As("staff", "PATCH", Base(id), {{"topic", "垃圾站选址"}}).status, 200);
  ExpectMissing(id, "question", "required");
  ASSERT_EQ(As("staff", "PATCH", Base(id), {{"question", "垃圾站设在哪里？"}}).status, 200);
  ASSERT_EQ(Advance(id).status, 200);
  // Opinions are closed after step 2.
  Reply late = As("res", "POST", Base(id) + "/opinions", {{"text", "还有一条"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(late.HasDetail("step", "not_collecting")) << late.body;

  // 3 research
  ExpectMissing(id, "options", "required");
  Reply note = As("staff", "POST", Base(id) + "/research", {{"kind", "cost"}, {"text", "北门空地，造价约 8 万元"}});
  EXPECT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(As("staff", "POST", Base(id) + "/research", {{"kind", "gossip"}, {"text", "x"}}).ErrorField(), "kind");
  Reply opt = As("staff", "POST", Base(id) + "/options", {{"title", "迁至北门空地"}});
  ASSERT_EQ(opt.status, 201) << opt.body;
  const std::int64_t option = opt.Json().at("id").as_int64();
  ExpectMissing(id, "options[0].cost_fen", "required");
  ASSERT_EQ(As("staff", "PATCH", Base(id) + "/options/" + S(option),
               {{"cost_fen", 8000000}, {"payer", "政府补贴"}, {"schedule", "2026年12月"}, {"affected_households", 120}})
                .status,
            200);
  ASSERT_EQ(Advance(id).status, 200);

  // 4 decide
  ExpectMissing(id, "meetings", "required");
  Reply m = As("staff", "POST", Base(id) + "/meetings", {{"held_at", "2026-11-18T06:00:00Z"}, {"attendees", json::array{}}});
  EXPECT_EQ(m.status, 400);
  EXPECT_TRUE(m.HasDetail("attendees", "required")) << m.body;
  m = As("staff", "POST", Base(id) + "/meetings",
         {{"held_at", "2026-11-18T06:00:00Z"},
          {"attendees", json::array{json::object{{"name", "王红"}, {"party", "mayor"}}}},
          {"minutes", "同意"}});
  EXPECT_TRUE(m.HasDetail("attendees[0].party", "invalid")) << m.body;
  m = As("staff", "POST", Base(id) + "/meetings",
         {{"held_at", "2026-11-18T06:00:00Z"},
          {"place", "社区议事厅"},
          {"attendees", json::array{json::object{{"name", "王红"}, {"party", "committee"}},
                                    json::object{{"name", "刘艳"}, {"party", "residents"}}}},
          {"minutes", "四方会谈，同意迁至北门空地"}});
  ASSERT_EQ(m.status, 201) << m.body;
  ExpectMissing(id, "outcome", "required");
  ASSERT_EQ(As("staff", "PATCH", Base(id), {{"outcome", "迁至北门空地"}, {"chosen_option_id", option}}).status, 200);
  EXPECT_EQ(As("staff", "PATCH", Base(id), {{"chosen_option_id", 999999}}).ErrorField(), "chosen_option_id");
  ASSERT_EQ(Advance(id).status, 200);
  // Options are fixed once decided.
  Reply fixed = As("staff", "POST", Base(id) + "/options", {{"title", "再加一个"}});
  EXPECT_EQ(fixed.status, 409);
  EXPECT_TRUE(fixed.HasDetail("step", "decided")) << fixed.body;

  // 5 implement
  ExpectMissing(id, "tasks", "required");
  Reply bad_task = As("staff", "POST", Base(id) + "/tasks", {{"title", "施工"}, {"owner", "物业"}, {"due_date", "12月1日"}});
  EXPECT_TRUE(bad_task.HasDetail("due_date", "date_format")) << bad_task.body;
  Reply task = As("staff", "POST", Base(id) + "/tasks", {{"title", "新垃圾站施工"}, {"owner", "物业"}, {"due_date", "2026-12-10"}});
  ASSERT_EQ(task.status, 201) << task.body;
  const std::int64_t task_id = task.Json().at("id").as_int64();
  ExpectMissing(id, "tasks", "unfinished");
  Reply upd = As("gw", "POST", Base(id) + "/tasks/" + S(task_id) + "/updates",
                 {{"text", "已完工"}, {"progress", 100}, {"status", "done"}});
  ASSERT_EQ(upd.status, 201) << upd.body;
  EXPECT_EQ(upd.Json().at("status"), "done");
  EXPECT_EQ(upd.Json().at("updates").as_array().size(), 1u);
  EXPECT_EQ(As("gw", "POST", Base(id) + "/tasks/" + S(task_id) + "/updates", {{"text", "x"}, {"progress", 101}})
                .ErrorField(),
            "progress");
  ASSERT_EQ(Advance(id).status, 200);

  // 6 publish: a notice linked by deliberation_id, its period and objections
  ExpectMissing(id, "notices", "required");
  NoticeStore& ns = store_->Notices();
  Notice n;
  n.community_id = a_.community;
  n.title = "关于垃圾站迁址的公示";
  n.body = "拟迁至北门空地。";
  n.starts_at = api::FormatUtc(now_.load());
  n.ends_at = api::FormatUtc(now_.load() + 5 * 86400);
  n.deliberation_id = id;
  const Id notice = ns.CreateNotice(n, Scope::All()).value().id;
  ExpectMissing(id, "notices", "not_published");
  ASSERT_TRUE(ns.PublishNotice(notice, "staff", api::FormatUtc(now_.load()), Scope::All()).ok());
  ExpectMissing(id, "notices", "period_not_over");
  NoticeComment c;
  c.notice_id = notice;
  c.kind = NoticeCommentKind::kObjection;
  c.author_name = "赵某";
  c.text = "北门人流大";
  c.at = api::FormatUtc(now_.load() + 3600);
  const Id comment = ns.AddComment(c, Scope::All()).value().id;
  now_ += 6 * 86400;
  who_["staff"] = Login("staff");  // the sessions of six days ago have expired
  ExpectMissing(id, "notices", "objections_open");
  EXPECT_EQ(Detail(id).at("notices").as_array()[0].at("open_objections").as_int64(), 1);
  ASSERT_TRUE(ns.AnswerComment(notice, comment, "已在北门加装围挡", "staff", api::FormatUtc(now_.load()), Scope::All()).ok());
  EXPECT_TRUE(Detail(id).at("next").at("ok").as_bool());
  ASSERT_EQ(Advance(id).status, 200);

  // closed is final
  d = Detail(id);
  EXPECT_EQ(d.at("step"), "closed");
  EXPECT_EQ(d.at("history").as_array().size(), 6u);
  EXPECT_EQ(d.at("history").as_array()[0].at("actor"), "王红");
  for (const json::object& body : {json::object{{"action", "advance"}}, json::object{{"action", "back"}, {"target", "topic"}, {"reason", "重议"}}}) {
    Reply r = Step("staff", id, body);
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_TRUE(r.HasDetail("step", "closed")) << r.body;
  }
  EXPECT_EQ(As("staff", "PATCH", Base(id), {{"title", "改"}}).status, 409);
  EXPECT_EQ(As("staff", "POST", Base(id) + "/tasks", {{"title", "x"}, {"due_date", "2026-12-31"}}).status, 409);
  EXPECT_EQ(AuditCount("deliberation.step"), 6);
  EXPECT_EQ(AuditCount("deliberation.create"), 1);
  EXPECT_GE(AuditCount("deliberation.opinion"), 2);

  // The list: closed ones under step=closed, not under open.
  auto total = [&](const std::string& q) { return GetAs("staff", "/api/v1/deliberations" + q).Json().at("total").as_int64(); };
  EXPECT_EQ(total("?step=closed"), 1);
  EXPECT_EQ(total("?step=open"), 0);
  EXPECT_EQ(total("?q=" + UrlEncode("垃圾")), 1);
  EXPECT_EQ(GetAs("staff", "/api/v1/deliberations?step=nope").status, 400);
}

TEST_F(DeliberationsApiTest, NeedsVoteReadsTheLinkedVote) {
  const std::int64_t id = NewDeliberation();
  ASSERT_EQ(As("staff", "POST", Base(id) + "/opinions", {{"text", "加装电梯"}}).status, 201);
  ASSERT_EQ(Step("head", id, {{"action", "skip"}, {"reason", "意见已在居民会上收齐"}}).status, 200);
  ASSERT_EQ(Step("head", id, {{"action", "skip"}, {"reason", "测试"}}).status, 200);
  ASSERT_EQ(Step("head", id, {{"action", "skip"}, {"reason", "测试"}}).status, 200);
  ASSERT_EQ(StepOf(id), "decide");
  ASSERT_EQ(As("staff", "POST", Base(id) + "/meetings",
               {{"held_at", "2026-11-18T06:00:00Z"},
                {"attendees", json::array{json::object{{"name", "王红"}, {"party", "committee"}}}},
                {"minutes", "须业主表决"}})
                .status,
            201);
  ASSERT_EQ(As("staff", "PATCH", Base(id), {{"outcome", "交业主表决"}, {"needs_vote", true}}).status, 200);
  ExpectMissing(id, "vote_id", "required");
  VoteRecord v;
  v.community_id = a_.community;
  v.deliberation_id = id;
  v.title = "加装电梯表决";
  v.definition.opens_at = "2026-11-01T00:00:00Z";
  v.definition.closes_at = "2026-12-31T00:00:00Z";
  v.electorate = {"compound", {a_.compound}};
  const Id vote = store_->Votes().CreateVote(v, Scope::All()).value().id;
  ASSERT_EQ(As("staff", "PATCH", Base(id), {{"vote_id", vote}}).status, 200);
  EXPECT_EQ(As("staff", "PATCH", Base(id), {{"vote_id", 999999}}).ErrorField(), "vote_id");
  ExpectMissing(id, "vote_outcome", "required");
  json::value d = Detail(id);
  EXPECT_EQ(d.at("vote").at("id").as_int64(), vote);
  EXPECT_EQ(d.at("vote").at("status"), "draft");
}

TEST_F(DeliberationsApiTest, SkipNeedsTheHeadAndAReasonBackNeedsAReason) {
  const std::int64_t id = NewDeliberation();
  Reply r = Step("staff", id, {{"action", "skip"}, {"reason", "紧急"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_TRUE(r.HasDetail("approved_by", "head_approval_required")) << r.body;
  EXPECT_EQ(StepOf(id), "collect");
  r = Step("head", id, {{"action", "skip"}});
  EXPECT_TRUE(r.HasDetail("reason", "required")) << r.body;
  EXPECT_EQ(StepOf(id), "collect");
  r = Step("head", id, {{"action", "skip"}, {"reason", "已在居民大会上收集意见"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::value ev = r.Json().at("history").as_array()[0];
  EXPECT_EQ(ev.at("kind"), "skip");
  EXPECT_EQ(ev.at("approved_by"), "李书记");
  EXPECT_EQ(ev.at("reason"), "已在居民大会上收集意见");
  EXPECT_EQ(r.Json().at("step"), "topic");
  r = Step("staff", id, {{"action", "back"}, {"target", "collect"}});
  EXPECT_TRUE(r.HasDetail("reason", "required")) << r.body;
  r = Step("staff", id, {{"action", "back"}, {"target", "research"}, {"reason", "x"}});
  EXPECT_TRUE(r.HasDetail("target", "not_earlier")) << r.body;
  r = Step("staff", id, {{"action", "back"}, {"target", "collect"}, {"reason", "意见太少，再收集一周"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("step"), "collect");
  EXPECT_EQ(r.Json().at("history").as_array().size(), 2u);
  EXPECT_EQ(Step("staff", id, {{"action", "jump"}}).ErrorField(), "action");
}

TEST_F(DeliberationsApiTest, ScopeRolesAndAnonymousOpinions) {
  const std::int64_t wide = NewDeliberation({{"title", "社区停车"}});
  const std::int64_t other = NewDeliberation({{"title", "中仓小区更换物业"}, {"compound_ids", json::array{other_compound_}}});
  // The resident reaches the community-wide one, not the other compound's.
  EXPECT_EQ(GetAs("res", Base(wide)).status, 200);
  EXPECT_EQ(GetAs("res", Base(other)).status, 404);
  EXPECT_EQ(GetAs("res", "/api/v1/deliberations").Json().at("total").as_int64(), 1);
  EXPECT_EQ(As("res", "POST", Base(other) + "/opinions", {{"text", "同意"}}).status, 404);
  // Another community's resident and grid worker: 404.
  EXPECT_EQ(GetAs("res_b", Base(wide)).status, 404);
  EXPECT_EQ(As("res_b", "POST", Base(wide) + "/opinions", {{"text", "同意"}}).status, 404);
  EXPECT_EQ(GetAs("gw_b", Base(wide)).status, 404);
  EXPECT_EQ(As("gw_b", "POST", Base(wide) + "/opinions", {{"text", "代录"}}).status, 404);
  EXPECT_EQ(GetAs("gw", Base(other)).status, 200);
  // Roles without the permission: 403.
  EXPECT_EQ(GetAs("aud", Base(wide)).status, 403);
  EXPECT_EQ(GetAs("prop", Base(wide)).status, 403);
  EXPECT_EQ(As("res", "PATCH", Base(wide), {{"title", "x"}}).status, 403);
  EXPECT_EQ(As("gw", "POST", "/api/v1/deliberations", {{"community_id", a_.community}, {"title", "x"}}).status, 403);
  // Staff out of their community: 400 community_id (creating) / 404 (an object).
  Reply outside = As("staff", "POST", "/api/v1/deliberations", {{"community_id", b_.community}, {"title", "x"}});
  EXPECT_TRUE(outside.HasDetail("community_id", "not_found")) << outside.body;
  EXPECT_TRUE(As("staff", "POST", "/api/v1/deliberations",
                 {{"community_id", a_.community}, {"title", "x"}, {"compound_ids", json::array{b_.compound}}})
                  .HasDetail("compound_ids", "not_in_community"));
  EXPECT_TRUE(As("staff", "POST", "/api/v1/deliberations", {{"community_id", a_.community}, {"title", ""}})
                  .HasDetail("title", "required"));

  // An anonymous opinion: 匿名 to other residents, the name to staff; the resident's source is
  // always online, his compound, whatever he sends.
  Reply mine = As("res", "POST", Base(wide) + "/opinions",
                  {{"text", "晚上没地方停车"}, {"anonymous", true}, {"source", "hall"}, {"compound_id", other_compound_}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(mine.Json().at("source"), "online");
  EXPECT_EQ(mine.Json().at("compound_id").as_int64(), a_.compound);
  ASSERT_EQ(As("staff", "POST", Base(wide) + "/opinions", {{"text", "议事厅代录"}, {"source", "hall"}, {"author_name", "张建国"}})
                .status,
            201);
  // Optional ids sent as null mean none (a form that clears them), not an unknown field.
  Reply nulls = As("staff", "POST", Base(wide) + "/opinions",
                   {{"text", "楼下电动车充电不方便"}, {"compound_id", nullptr}, {"hall_visit_id", nullptr}, {"demand_id", nullptr}});
  ASSERT_EQ(nulls.status, 201) << nulls.body;
  EXPECT_TRUE(nulls.Json().at("compound_id").is_null());
  auto opinions = [&](const std::string& who) { return GetAs(who, Base(wide)).Json().at("opinions").as_array(); };
  EXPECT_EQ(opinions("staff")[0].at("author_name"), "刘艳");
  EXPECT_EQ(opinions("gw")[0].at("author_name"), "匿名");
  EXPECT_TRUE(opinions("gw")[0].at("user_id").is_null());
  EXPECT_EQ(opinions("res")[0].at("author_name"), "刘艳");  // his own
  EXPECT_EQ(opinions("res")[1].at("author_name"), "张**");   // others masked for residents
  EXPECT_EQ(opinions("staff")[1].at("source"), "hall");
}

TEST_F(DeliberationsApiTest, HotspotDemandsSeedTheOpinions) {
  DemandStore& ds = store_->Demands();
  auto demand = [&](const Seed& s, const std::string& text, const std::string& reporter) -> std::int64_t {
    CreateDemandRequest cr;
    Demand& d = cr.demand;
    d.channel = "phone", d.nature = "complaint", d.category_code = "environment.litter", d.urgency = "normal";
    d.description = text, d.community_id = s.community, d.household_id = s.household301;
    d.reporter_name = reporter, d.reporter_phone = "13812345678", d.created_by = "test";
    cr.route_to_grid_worker = false;
    cr.now = api::FormatUtc(now_.load());
    auto made = ds.CreateDemand(cr, DemandScope::All());
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? made->demand.id : 0;
  };
  const std::int64_t d1 = demand(a_, "小区停车位太少，晚上没处停", "王建国");
  const std::int64_t d2 = demand(a_, "车停在消防通道上", "欧阳娜娜");
  const std::int64_t db = demand(b_, "别的社区", "李四");
  Reply bad = As("staff", "POST", "/api/v1/deliberations",
                 {{"community_id", a_.community}, {"title", "停车难"}, {"demand_ids", json::array{d1, db}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.HasDetail("demand_ids", "not_found")) << bad.body;
  EXPECT_EQ(GetAs("staff", "/api/v1/deliberations").Json().at("total").as_int64(), 0);  // nothing written

  Reply r = As("staff", "POST", "/api/v1/deliberations",
               {{"community_id", a_.community}, {"title", "停车难"}, {"demand_ids", json::array{d1, d2}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value body = r.Json();
  const json::array& ops = body.at("opinions").as_array();
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].at("source"), "demand");
  EXPECT_EQ(ops[0].at("demand_id").as_int64(), d1);
  EXPECT_EQ(ops[0].at("text"), "小区停车位太少，晚上没处停");
  EXPECT_EQ(ops[0].at("author_name"), "王某");
  EXPECT_EQ(ops[0].at("compound_id").as_int64(), a_.compound);
  EXPECT_EQ(ops[0].at("compound_name"), "水月院");
  EXPECT_EQ(r.Json().at("next").at("ok"), true);  // step 1 has its output
  // The summary counts them.
  EXPECT_EQ(GetAs("staff", "/api/v1/deliberations").Json().at("items").as_array()[0].at("opinions_count").as_int64(), 2);
}

TEST_F(DeliberationsApiTest, ThemesSuggestionsAndAssignments) {
  const std::int64_t id = NewDeliberation({{"title", "小区环境"}});
  std::vector<std::int64_t> ops;
  for (const char* t : {"小区停车位太少，晚上回来没地方停车", "停车位不够，车都停到消防通道上了",
                        "希望增加停车位，晚上停车太难", "广场舞音乐声音太大"}) {
    Reply r = As("staff", "POST", Base(id) + "/opinions", {{"text", t}});
    ASSERT_EQ(r.status, 201) << r.body;
    ops.push_back(r.Json().at("id").as_int64());
  }
  Reply s = GetAs("staff", Base(id) + "/theme-suggestions");
  ASSERT_EQ(s.status, 200) << s.body;
  const json::value suggested = s.Json();
  const json::array& groups = suggested.at("groups").as_array();
  ASSERT_EQ(groups.size(), 2u) << s.body;
  EXPECT_EQ(groups[0].at("opinion_ids").as_array().size(), 3u);
  EXPECT_NE(std::string(groups[0].at("theme").as_string()).find("停车"), std::string::npos) << s.body;
  EXPECT_EQ(GetAs("gw", Base(id) + "/theme-suggestions").status, 403);

  Reply bad = As("staff", "PUT", Base(id) + "/themes",
                 {{"assignments", json::array{json::object{{"opinion_id", ops[0]}, {"theme", "停车"}},
                                              json::object{{"opinion_id", 999999}, {"theme", "停车"}}}}});
  EXPECT_TRUE(bad.HasDetail("assignments[1].opinion_id", "not_found")) << bad.body;
  EXPECT_EQ(Detail(id).at("opinions").as_array()[0].at("theme"), "");  // nothing written
  Reply ok = As("staff", "PUT", Base(id) + "/themes",
                {{"assignments", json::array{json::object{{"opinion_id", ops[0]}, {"theme", "停车"}},
                                             json::object{{"opinion_id", ops[3]}, {"theme", "噪音"}}}}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json().at("opinions").as_array()[3].at("theme"), "噪音");
}

TEST_F(DeliberationsApiTest, FilesUploadAndServe) {
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "site-photo";
  Reply up = Send(port_, "POST", "/api/v1/deliberation-files?filename=" + UrlEncode("现场.png"), png, "image/png",
                  who_["gw"].AsHeaders());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string url(up.Json().at("url").as_string());
  EXPECT_EQ(up.Json().at("name"), "现场.png");
  Reply got = GetAs("res", url);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(Send(port_, "POST", "/api/v1/deliberation-files", png, "image/png", who_["res"].AsHeaders()).status, 403);
  EXPECT_EQ(GetAs("res", "/api/v1/deliberation-files/" + std::string(64, '0')).status, 404);
  // Attached to a research note, it comes back with its name and type.
  const std::int64_t id = NewDeliberation();
  Reply note = As("staff", "POST", Base(id) + "/research",
                  {{"kind", "site_visit"},
                   {"text", "现场查看"},
                   {"attachments", json::array{json::object{{"name", "现场.png"}, {"url", url}, {"mime", "image/png"}, {"size", 18}}}}});
  ASSERT_EQ(note.status, 201) << note.body;
  json::value a = Detail(id).at("research").as_array()[0].at("attachments").as_array()[0];
  EXPECT_EQ(a.at("name"), "现场.png");
  EXPECT_EQ(a.at("mime"), "image/png");
}

}  // namespace
}  // namespace linli::testing
