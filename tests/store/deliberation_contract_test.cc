// The deliberation half of the store contract (store/deliberations.h): create with compounds and
// hotspot demands, scope (community, grid, a resident's compound), opinions only while collecting,
// themes, research/options/meetings/tasks with attachments, step changes with the caller's links
// (nothing written on a refused change), closed is final, the list's filters — on SQLite and (with
// LINLI_TEST_PG_URL) PostgreSQL.
#include "store/deliberations.h"
#include "store/demands.h"
#include "store_contract.h"

namespace linli {
namespace {

constexpr const char* kNow = "2026-11-29T08:00:00Z";

class DeliberationContract : public store_test::StoreContract {
 protected:
  static Scope Of(Id community) {
    Scope s;
    s.unrestricted = false;
    s.community_ids = {community};
    return s;
  }
  static Scope Household(Id household) {
    Scope s;
    s.unrestricted = false;
    s.household_ids = {household};
    return s;
  }
  static Deliberation Make(Id community, std::vector<Id> compounds = {}, std::string title = "垃圾站选址") {
    Deliberation d;
    d.community_id = community;
    d.compound_ids = std::move(compounds);
    d.title = std::move(title);
    d.created_by = "王红";
    return d;
  }
  static StepRequest Req(StepAction a, std::string now = kNow) {
    StepRequest r;
    r.action = a;
    r.actor = "王红";
    r.now = std::move(now);
    return r;
  }
  Id Demand(Id community, Id household, const std::string& text, const std::string& reporter) {
    CreateDemandRequest cr;
    auto& d = cr.demand;
    d.channel = "phone", d.nature = "complaint", d.category_code = "environment.litter", d.urgency = "normal";
    d.description = text, d.community_id = community, d.household_id = household;
    d.reporter_name = reporter, d.reporter_phone = "13812345678", d.created_by = "test";
    cr.route_to_grid_worker = false;
    cr.now = kNow;
    return Must(store_->Demands().CreateDemand(cr, DemandScope::All())).demand.id;
  }
};

TEST_P(DeliberationContract, CreateScopeOpinionsAndHotspotSeeding) {
  auto f = Seed();
  auto other = Must(store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""}));
  auto far = Must(store_->CreateCompound({0, other.id, "北苑小区", "", ""}));
  DeliberationStore& ds = store_->Deliberations();

  EXPECT_EQ(ds.CreateDeliberation(Make(f.community.id), {}, kNow, Of(other.id)).error().field, "community_id");
  auto foreign = ds.CreateDeliberation(Make(f.community.id, {far.id}), {}, kNow, Of(f.community.id));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().details.at(0).reason, "not_in_community");
  EXPECT_EQ(ds.CreateDeliberation(Make(f.community.id, {}, " "), {}, kNow, Of(f.community.id)).error().field, "title");

  // Hotspot demands become opinions, reporter masked; a demand of another community: nothing written.
  const Id d1 = Demand(f.community.id, f.h301.id, "垃圾站太臭", "刘艳霞");
  const Id d2 = Demand(f.community.id, f.h101.id, "垃圾站离楼太近", "");
  auto far_h = Must(store_->CreateHousehold(
      {0, Must(store_->CreateUnit({0, Must(store_->CreateBuilding({0, far.id, "1号楼", 5, std::nullopt, std::nullopt, std::nullopt})).id, "1单元"})).id,
       "101", 60, "", false, ""}));
  const Id dx = Demand(other.id, far_h.id, "别处", "张三");
  auto bad = ds.CreateDeliberation(Make(f.community.id), {d1, dx}, kNow, Of(f.community.id));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "demand_ids");
  EXPECT_EQ(Must(ds.ListDeliberations({}, Of(f.community.id), {})).total, 0);
  std::vector<Id> many(201, d1);
  EXPECT_EQ(ds.CreateDeliberation(Make(f.community.id), many, kNow, Of(f.community.id)).error().details.at(0).reason,
            "too_many");

  auto made = Must(ds.CreateDeliberation(Make(f.community.id, {f.shuiyue.id}), {d1, d2}, kNow, Of(f.community.id)));
  const Id id = made.deliberation.id;
  EXPECT_EQ(made.deliberation.step, DeliberationStep::kCollect);
  EXPECT_EQ(made.deliberation.created_at, kNow);
  ASSERT_EQ(made.deliberation.opinions.size(), 2u);
  EXPECT_EQ(made.deliberation.opinions[0].source, "demand");
  EXPECT_EQ(made.deliberation.opinions[0].author_name, "刘某");
  EXPECT_EQ(made.deliberation.opinions[1].author_name, "居民");
  EXPECT_EQ(made.deliberation.opinions[0].demand_id, d1);
  EXPECT_EQ(made.deliberation.opinions[0].compound_id, f.shuiyue.id);
  EXPECT_EQ(made.compound_names.at(f.shuiyue.id), "水月院");
  EXPECT_EQ(made.compound_names.at(f.qingfeng.id), "清风苑");  // the second opinion's

  // Scope: another community 404; a resident of 水月院 sees it, one of 清风苑 does not; a
  // community-wide one both.
  EXPECT_EQ(ds.GetDeliberation(id, Of(other.id)).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(ds.GetDeliberation(id, Household(f.h301.id)).ok());
  EXPECT_EQ(ds.GetDeliberation(id, Household(f.h101.id)).error().code, ErrorCode::kNotFound);
  const Id wide = Must(ds.CreateDeliberation(Make(f.community.id, {}, "社区停车"), {}, kNow, Of(f.community.id))).deliberation.id;
  EXPECT_TRUE(ds.GetDeliberation(wide, Household(f.h101.id)).ok());
  EXPECT_EQ(Must(ds.ListDeliberations({}, Household(f.h101.id), {})).total, 1);
  EXPECT_EQ(Must(ds.ListDeliberations({}, Household(f.h301.id), {})).total, 2);
  Scope grid;
  grid.unrestricted = false;
  grid.grid_ids = {Must(store_->CreateGrid({0, f.community.id, "110112001001001", "网格一", "", ""})).id};
  EXPECT_EQ(Must(ds.ListDeliberations({}, grid, {})).total, 2);

  // Opinions: text rules, compound of the community, only in collect and topic.
  Opinion o;
  o.source = "hall", o.author_name = "张大爷", o.text = "  挪到北门  ", o.hall_visit_id = 7;
  auto added = Must(ds.AddOpinion(id, o, kNow, Of(f.community.id)));
  EXPECT_EQ(added.text, "挪到北门");
  EXPECT_EQ(added.hall_visit_id, 7);
  EXPECT_GT(added.id, 0);
  o.text = "";
  EXPECT_EQ(ds.AddOpinion(id, o, kNow, Of(f.community.id)).error().field, "text");
  o.text = std::string(2001, 'x');
  EXPECT_EQ(ds.AddOpinion(id, o, kNow, Of(f.community.id)).error().details.at(0).reason, "too_long");
  o.text = "x", o.compound_id = far.id;
  EXPECT_EQ(ds.AddOpinion(id, o, kNow, Of(f.community.id)).error().field, "compound_id");
  o.compound_id.reset(), o.source = "rumour";
  EXPECT_EQ(ds.AddOpinion(id, o, kNow, Of(f.community.id)).error().field, "source");
  o.source = "online";
  EXPECT_EQ(ds.AddOpinion(id, o, kNow, Of(other.id)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Must(ds.GetDeliberation(id, Of(f.community.id))).deliberation.opinions.size(), 3u);

  // Themes: all or nothing.
  auto themes = ds.SetThemes(id, {{added.id, "选址"}, {999999, "x"}}, kNow, Of(f.community.id));
  EXPECT_EQ(themes.error().field, "assignments[1].opinion_id");
  EXPECT_EQ(Must(ds.GetDeliberation(id, Of(f.community.id))).deliberation.opinions[2].theme, "");
  auto themed = Must(ds.SetThemes(id, {{added.id, "选址"}}, "2026-11-29T09:00:00Z", Of(f.community.id)));
  EXPECT_EQ(themed.deliberation.opinions[2].theme, "选址");
  EXPECT_EQ(themed.updated_at, "2026-11-29T09:00:00Z");
}

TEST_P(DeliberationContract, StepsWithLinksAttachmentsAndClosedIsFinal) {
  auto f = Seed();
  DeliberationStore& ds = store_->Deliberations();
  const Scope scope = Of(f.community.id);
  const Id id = Must(ds.CreateDeliberation(Make(f.community.id), {}, kNow, scope)).deliberation.id;

  // A refused advance writes nothing.
  auto refused = ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "opinions");
  auto now = Must(ds.GetDeliberation(id, scope));
  EXPECT_EQ(now.deliberation.step, DeliberationStep::kCollect);
  EXPECT_TRUE(now.deliberation.history.empty());
  Opinion o;
  o.text = "垃圾站太臭";
  Must(ds.AddOpinion(id, o, kNow, scope));
  EXPECT_EQ(Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope)).deliberation.step, DeliberationStep::kTopic);
  DeliberationPatch p;
  p.topic = "垃圾站选址", p.question = "设在哪里？";
  Must(ds.UpdateDeliberation(id, p, kNow, scope));
  Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope));
  auto late = ds.AddOpinion(id, o, kNow, scope);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(late.error().details.at(0).reason, "not_collecting");

  // Research and options with attachments (metadata by url).
  ResearchNote n;
  n.kind = "quote", n.text = "报价 8 万元", n.attachments = {"/api/v1/deliberation-files/abc"}, n.author = "王红";
  auto note = Must(ds.AddResearch(id, n, {{"报价单.pdf", "/api/v1/deliberation-files/abc", "application/pdf", 1234}}, kNow, scope));
  EXPECT_EQ(note.at, kNow);
  n.kind = "gossip";
  EXPECT_EQ(ds.AddResearch(id, n, {}, kNow, scope).error().field, "kind");
  DeliberationOption opt;
  opt.title = "迁至北门", opt.cost_fen = 8'000'000, opt.payer = "政府补贴", opt.schedule = "2026年12月";
  opt.affected_households = 120, opt.attachments = {"/api/v1/deliberation-files/def"};
  auto option = Must(ds.AddOption(id, opt, {}, kNow, scope));
  opt.cost_fen = -1;
  EXPECT_EQ(ds.AddOption(id, opt, {}, kNow, scope).error().field, "cost_fen");
  auto rec = Must(ds.GetDeliberation(id, scope));
  ASSERT_EQ(rec.deliberation.research.size(), 1u);
  EXPECT_EQ(rec.deliberation.research[0].attachments, std::vector<std::string>{"/api/v1/deliberation-files/abc"});
  ASSERT_EQ(rec.files.size(), 2u);
  bool named = false;
  for (const auto& file : rec.files) named = named || (file.name == "报价单.pdf" && file.size == 1234);
  EXPECT_TRUE(named);
  EXPECT_EQ(rec.deliberation.options.at(0).cost_fen, 8'000'000);
  Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope));  // -> decide

  // decide: meeting, outcome, the vote through the links
  Meeting m;
  m.held_at = "2026-11-20T06:00:00Z", m.place = "议事厅", m.minutes = "同意";
  EXPECT_EQ(ds.AddMeeting(id, m, kNow, scope).error().field, "attendees");
  m.attendees = {{"王红", "committee"}, {"刘艳霞", "residents"}};
  auto meeting = Must(ds.AddMeeting(id, m, kNow, scope));
  p = {};
  p.outcome = "迁至北门", p.needs_vote = true, p.chosen_option_id = option.id;
  Must(ds.UpdateDeliberation(id, p, kNow, scope));
  p = {};
  p.vote_id = 42;  // no such vote
  EXPECT_EQ(ds.UpdateDeliberation(id, p, kNow, scope).error().field, "vote_id");
  EXPECT_EQ(ds.ChangeStep(id, Req(StepAction::kAdvance), {"passed", {}}, scope).error().field, "vote_id");
  p = {};
  p.needs_vote = false;
  Must(ds.UpdateDeliberation(id, p, kNow, scope));
  rec = Must(ds.GetDeliberation(id, scope));
  EXPECT_EQ(rec.deliberation.meetings.at(0).attendees.size(), 2u);
  EXPECT_EQ(rec.deliberation.chosen_option_id, option.id);
  Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope));  // -> implement
  opt.cost_fen = 100;
  EXPECT_EQ(ds.AddOption(id, opt, {}, kNow, scope).error().details.at(0).reason, "decided");
  EXPECT_EQ(ds.DeleteOption(id, option.id, kNow, scope).error().code, ErrorCode::kConflict);

  // implement: tasks and updates; overdue in the list
  DeliberationTask t;
  t.title = "施工", t.owner = "物业", t.due_date = "2026-12-32";
  EXPECT_EQ(ds.AddTask(id, t, kNow, scope).error().field, "due_date");
  t.due_date = "2026-12-10";
  auto task = Must(ds.AddTask(id, t, kNow, scope));
  DeliberationFilter lf;
  lf.today = "2026-12-11";
  EXPECT_EQ(Must(ds.ListDeliberations(lf, scope, {})).items.at(0).tasks_overdue, 1);
  TaskUpdate u;
  u.text = "完工", u.by = "孙网格", u.photos = {"/api/v1/deliberation-files/p1"};
  EXPECT_EQ(ds.AddTaskUpdate(id, task.id, u, "finished", {}, kNow, scope).error().field, "status");
  EXPECT_EQ(ds.AddTaskUpdate(id, 999999, u, "done", {}, kNow, scope).error().code, ErrorCode::kNotFound);
  auto done = Must(ds.AddTaskUpdate(id, task.id, u, "done", {}, kNow, scope));
  EXPECT_EQ(done.status, "done");
  EXPECT_EQ(done.progress, 100);
  ASSERT_EQ(done.updates.size(), 1u);
  EXPECT_EQ(done.updates[0].photos.size(), 1u);
  EXPECT_EQ(Must(ds.ListDeliberations(lf, scope, {})).items.at(0).tasks_overdue, 0);
  Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {}, scope));  // -> publish

  // publish: the notices come from the caller
  NoticeLink link{1, true, "2026-11-20T00:00:00Z", "2026-11-27T00:00:00Z", 1};
  EXPECT_EQ(ds.ChangeStep(id, Req(StepAction::kAdvance), {"", {link}}, scope).error().details.at(0).reason,
            "objections_open");
  link.open_objections = 0;
  auto closed = Must(ds.ChangeStep(id, Req(StepAction::kAdvance), {"", {link}}, scope));
  EXPECT_EQ(closed.deliberation.step, DeliberationStep::kClosed);
  ASSERT_EQ(closed.deliberation.history.size(), 6u);
  EXPECT_EQ(Must(ds.GetDeliberation(id, scope)).deliberation.history.back().to, "closed");

  // closed is final, for every write
  auto conflict = [](const auto& r) { return !r.ok() && r.error().code == ErrorCode::kConflict; };
  auto back = Req(StepAction::kBack);
  back.target = DeliberationStep::kTopic, back.reason = "重议";
  EXPECT_TRUE(conflict(ds.ChangeStep(id, back, {}, scope)));
  EXPECT_TRUE(conflict(ds.UpdateDeliberation(id, p, kNow, scope)));
  EXPECT_TRUE(conflict(ds.AddTask(id, t, kNow, scope)));
  EXPECT_TRUE(conflict(ds.AddMeeting(id, m, kNow, scope)));
  EXPECT_TRUE(conflict(ds.AddTaskUpdate(id, task.id, u, "", {}, kNow, scope)));
  (void)meeting;

  // list filters
  DeliberationFilter f2;
  f2.step = "closed";
  EXPECT_EQ(Must(ds.ListDeliberations(f2, scope, {})).total, 1);
  f2.step = "open";
  EXPECT_EQ(Must(ds.ListDeliberations(f2, scope, {})).total, 0);
  f2.step = "bogus";
  EXPECT_EQ(ds.ListDeliberations(f2, scope, {}).error().field, "step");
  f2.step = "", f2.q = "垃圾";
  EXPECT_EQ(Must(ds.ListDeliberations(f2, scope, {})).total, 1);
  f2.q = "停车";
  EXPECT_EQ(Must(ds.ListDeliberations(f2, scope, {})).total, 0);
}

TEST_P(DeliberationContract, BackAndSkipAreRecorded) {
  auto f = Seed();
  DeliberationStore& ds = store_->Deliberations();
  const Scope scope = Of(f.community.id);
  const Id id = Must(ds.CreateDeliberation(Make(f.community.id), {}, kNow, scope)).deliberation.id;
  auto skip = Req(StepAction::kSkip);
  skip.reason = "已在居民大会上收集意见";
  skip.approved_by = "王红", skip.approver_role = "community_staff";
  EXPECT_EQ(ds.ChangeStep(id, skip, {}, scope).error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Must(ds.GetDeliberation(id, scope)).deliberation.history.empty());
  skip.approved_by = "李书记", skip.approver_role = "community_head";
  auto skipped = Must(ds.ChangeStep(id, skip, {}, scope));
  EXPECT_EQ(skipped.deliberation.step, DeliberationStep::kTopic);
  auto back = Req(StepAction::kBack, "2026-11-30T08:00:00Z");
  back.target = DeliberationStep::kCollect, back.reason = "意见太少";
  Must(ds.ChangeStep(id, back, {}, scope));
  auto h = Must(ds.GetDeliberation(id, scope)).deliberation.history;
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].kind, "skip");
  EXPECT_EQ(h[0].approved_by, "李书记");
  EXPECT_EQ(h[0].reason, "已在居民大会上收集意见");
  EXPECT_EQ(h[1].kind, "back");
  EXPECT_EQ(h[1].from, "topic");
  EXPECT_EQ(h[1].to, "collect");
  EXPECT_EQ(h[1].at, "2026-11-30T08:00:00Z");
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliberationContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
