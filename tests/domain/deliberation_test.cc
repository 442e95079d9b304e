// The six-step state machine (every legal and illegal step change), halls and hall visits.
#include "domain/deliberation.h"

#include <gtest/gtest.h>

#include <string>

namespace linli {
namespace {

using S = DeliberationStep;
constexpr const char* kNow = "2026-12-20T09:00:00Z";

StepRequest Advance(std::string actor = "wang_staff") {
  StepRequest r;
  r.action = StepAction::kAdvance;
  r.actor = std::move(actor);
  r.now = kNow;
  return r;
}

StepRequest Back(S target, std::string reason) {
  StepRequest r = Advance();
  r.action = StepAction::kBack;
  r.target = target;
  r.reason = std::move(reason);
  return r;
}

StepRequest Skip(std::string reason, std::string approved_by, std::string role) {
  StepRequest r = Advance();
  r.action = StepAction::kSkip;
  r.reason = std::move(reason);
  r.approved_by = std::move(approved_by);
  r.approver_role = std::move(role);
  return r;
}

std::string Reason(const Status& s) { return s.ok() ? "" : s.error().details.at(0).reason; }
template <class T>
std::string Reason(const Result<T>& r) {
  return r.ok() ? "" : (r.error().details.empty() ? "" : r.error().details.at(0).reason);
}

// Each step's output, added one by one: the garbage-station siting case from the sources.
void AddOpinion(Deliberation& d) {
  Opinion o;
  o.source = "hall";
  o.author_name = "李阿姨";
  o.compound_id = 3;
  o.text = "垃圾站离3号楼太近，夏天味道大";
  d.opinions.push_back(o);
}
void AddTopic(Deliberation& d) {
  d.topic = "垃圾站选址";
  d.question = "垃圾站迁到哪里，费用谁出？";
}
DeliberationOption GoodOption() {
  DeliberationOption o;
  o.title = "迁至北门外空地";
  o.cost_fen = 4'800'000;  // 48,000 元
  o.payer = "街道专项资金";
  o.schedule = "2027年3月至4月";
  o.affected_households = 306;
  return o;
}
void AddOption(Deliberation& d) { d.options.push_back(GoodOption()); }
void AddMeeting(Deliberation& d) {
  Meeting m;
  m.held_at = "2026-12-10T14:00:00+08:00";
  m.place = "第三议事厅";
  m.attendees = {
      {"张书记", "committee"}, {"李阿姨", "residents"}, {"物业王经理", "units"}, {"赵党员", "party"}};
  m.minutes = "四方会谈，一致同意迁至北门外空地。";
  m.outcome = "同意方案一";
  d.meetings.push_back(m);
  d.outcome = "采用方案一：迁至北门外空地";
}
void AddDoneTask(Deliberation& d) {
  DeliberationTask t;
  t.title = "拆除旧垃圾站";
  t.owner = "物业王经理";
  t.due_date = "2027-04-30";
  t.status = "done";
  t.progress = 100;
  d.tasks.push_back(t);
}
void AddEndedNotice(Deliberation& d) {
  NoticeLink n;
  n.notice_id = 9;
  n.published = true;
  n.starts_at = "2026-12-01T00:00:00Z";
  n.ends_at = "2026-12-08T00:00:00Z";
  d.notices.push_back(n);
}

// A deliberation at `step` with every earlier step's output present.
Deliberation At(S step) {
  Deliberation d;
  d.title = "垃圾站选址";
  const int n = static_cast<int>(step);
  if (n > 0) AddOpinion(d);
  if (n > 1) AddTopic(d);
  if (n > 2) AddOption(d);
  if (n > 3) AddMeeting(d);
  if (n > 4) AddDoneTask(d);
  if (n > 5) AddEndedNotice(d);
  d.step = step;
  return d;
}

// ------------------------------------------------------------------ codes
TEST(DeliberationSteps, CodesAndNames) {
  for (auto s : {S::kCollect, S::kTopic, S::kResearch, S::kDecide, S::kImplement, S::kPublish, S::kClosed}) {
    EXPECT_EQ(ParseDeliberationStep(DeliberationStepCode(s)), s);
    EXPECT_FALSE(DeliberationStepNameZh(s).empty());
  }
  EXPECT_EQ(DeliberationStepNameZh(S::kCollect), "广开言路纳民意");
  EXPECT_EQ(DeliberationStepNameZh(S::kPublish), "及时公示听反馈");
  EXPECT_EQ(ParseDeliberationStep("vote"), std::nullopt);
  EXPECT_EQ(ParseStepAction("skip"), StepAction::kSkip);
  EXPECT_EQ(ParseStepAction("jump"), std::nullopt);
}

// ------------------------------------------------------------------ the whole path
TEST(DeliberationSteps, TheGarbageStationGoesThroughAllSixSteps) {
  Deliberation d;
  d.title = "垃圾站选址";
  const auto step = [&](void (*add)(Deliberation&), S expect_from, S expect_to) {
    // Without the output the step cannot end; with it, it can.
    auto r = ChangeStep(d, Advance());
    EXPECT_FALSE(r.ok()) << DeliberationStepCode(expect_from);
    EXPECT_EQ(d.step, expect_from);  // unchanged on error
    add(d);
    r = ChangeStep(d, Advance());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->from, DeliberationStepCode(expect_from));
    EXPECT_EQ(r->to, DeliberationStepCode(expect_to));
    EXPECT_EQ(r->kind, "advance");
    EXPECT_EQ(d.step, expect_to);
  };
  step(AddOpinion, S::kCollect, S::kTopic);
  step(AddTopic, S::kTopic, S::kResearch);
  step(AddOption, S::kResearch, S::kDecide);
  step(AddMeeting, S::kDecide, S::kImplement);
  step(AddDoneTask, S::kImplement, S::kPublish);
  step(AddEndedNotice, S::kPublish, S::kClosed);
  ASSERT_EQ(d.history.size(), 6u);
  EXPECT_EQ(d.history[0].actor, "wang_staff");
  EXPECT_EQ(d.history[0].at, kNow);
  EXPECT_EQ(d.history[5].to, "closed");
}

// ------------------------------------------------------------------ each step's required output
TEST(DeliberationSteps, CollectNeedsAnOpinion) {
  Deliberation d = At(S::kCollect);
  auto r = ChangeStep(d, Advance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "opinions");
  EXPECT_EQ(Reason(r), "required");
  EXPECT_TRUE(d.history.empty());
}

TEST(DeliberationSteps, TopicNeedsTopicAndQuestion) {
  Deliberation d = At(S::kTopic);
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "topic");
  d.topic = "垃圾站选址";
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "question");
  d.question = "   ";
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "question");  // blank is not a question
  d.question = "迁到哪里？";
  EXPECT_TRUE(ChangeStep(d, Advance()).ok());
}

TEST(DeliberationSteps, ResearchNeedsCompleteOptions) {
  Deliberation d = At(S::kResearch);
  auto r = ChangeStep(d, Advance());
  EXPECT_EQ(r.error().field, "options");
  DeliberationOption o = GoodOption();
  o.cost_fen.reset();
  d.options = {o};
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "options[0].cost_fen");
  o = GoodOption();
  o.payer = "";
  d.options = {o};
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "options[0].payer");
  o = GoodOption();
  o.schedule = "";
  d.options = {o};
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "options[0].schedule");
  o = GoodOption();
  o.affected_households = 0;
  d.options = {GoodOption(), o};  // every option must be complete, not only the first
  r = ChangeStep(d, Advance());
  EXPECT_EQ(r.error().field, "options[1].affected_households");
  EXPECT_NE(r.error().message.find("迁至北门外空地"), std::string::npos);
  o.affected_households = 12;
  o.cost_fen = 0;  // costs nothing is a stated cost
  d.options = {GoodOption(), o};
  EXPECT_TRUE(ChangeStep(d, Advance()).ok());
  EXPECT_EQ(d.step, S::kDecide);
}

TEST(DeliberationSteps, DecideNeedsAMeetingWithAttendanceMinutesAndOutcome) {
  Deliberation d = At(S::kDecide);
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "meetings");
  Meeting m;
  m.minutes = "讨论了两个方案";
  d.meetings = {m};
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "attendance_required");
  m.minutes = "";
  m.attendees = {{"张书记", "committee"}};
  d.meetings = {m};
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "minutes_required");
  // Attendance in one meeting and minutes in another is not a recorded meeting.
  Meeting n;
  n.minutes = "纪要";
  d.meetings = {m, n};
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "minutes_required");
  m.minutes = "纪要";
  d.meetings = {m};
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "outcome");
  d.outcome = "采用方案一";
  EXPECT_TRUE(ChangeStep(d, Advance()).ok());
}

TEST(DeliberationSteps, DecideNeedsAPassedVoteWhenTheMatterNeedsOne) {
  Deliberation d = At(S::kDecide);
  AddMeeting(d);
  d.needs_vote = true;
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "vote_id");
  d.vote_id = 4;
  EXPECT_EQ(ChangeStep(d, Advance()).error().field, "vote_outcome");
  d.vote_outcome = "failed";
  auto r = ChangeStep(d, Advance());
  EXPECT_EQ(Reason(r), "vote_not_passed");
  d.vote_outcome = "no_quorum";
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "vote_not_passed");
  d.vote_outcome = "passed";
  EXPECT_TRUE(ChangeStep(d, Advance()).ok());
}

TEST(DeliberationSteps, ImplementNeedsFinishedTasks) {
  Deliberation d = At(S::kImplement);
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "required");
  DeliberationTask t;
  t.title = "新建垃圾站";
  t.due_date = "2027-04-30";
  d.tasks = {t};
  auto r = ChangeStep(d, Advance());
  EXPECT_EQ(Reason(r), "unfinished");
  EXPECT_NE(r.error().message.find("新建垃圾站"), std::string::npos);
  d.tasks[0].status = "cancelled";
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "none_done");
  AddDoneTask(d);
  EXPECT_TRUE(ChangeStep(d, Advance()).ok());
}

TEST(DeliberationSteps, PublishNeedsAnEndedNoticeWithEveryObjectionAnswered) {
  Deliberation d = At(S::kPublish);
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "required");
  NoticeLink n;
  n.notice_id = 9;
  n.starts_at = "2026-12-15T00:00:00Z";
  n.ends_at = "2026-12-22T00:00:00Z";
  d.notices = {n};
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "not_published");
  d.notices[0].published = true;
  EXPECT_EQ(Reason(ChangeStep(d, Advance())), "period_not_over");  // now is 12-20
  d.notices[0].ends_at = "2026-12-20T09:00:00Z";                   // ends exactly now: over
  d.notices[0].open_objections = 2;
  auto r = ChangeStep(d, Advance());
  EXPECT_EQ(Reason(r), "objections_open");
  EXPECT_NE(r.error().message.find("2 条"), std::string::npos);
  d.notices[0].open_objections = 0;
  auto ok = ChangeStep(d, Advance());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(d.step, S::kClosed);
}

// ------------------------------------------------------------------ back, skip, closed
TEST(DeliberationSteps, BackToAnEarlierStepWithAReason) {
  Deliberation d = At(S::kPublish);
  auto r = ChangeStep(d, Back(S::kResearch, ""));
  EXPECT_EQ(r.error().field, "reason");
  EXPECT_EQ(d.step, S::kPublish);
  r = ChangeStep(d, Back(S::kPublish, "重来"));
  EXPECT_EQ(Reason(r), "not_earlier");
  r = ChangeStep(d, Back(S::kClosed, "重来"));
  EXPECT_EQ(Reason(r), "not_earlier");
  StepRequest no_target = Back(S::kCollect, "重来");
  no_target.target.reset();
  EXPECT_EQ(ChangeStep(d, no_target).error().field, "target");
  r = ChangeStep(d, Back(S::kResearch, "公示期间居民反对，方案须重新调研"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(d.step, S::kResearch);
  EXPECT_EQ(r->kind, "back");
  EXPECT_EQ(r->from, "publish");
  EXPECT_EQ(r->to, "research");
  EXPECT_EQ(d.history.back().reason, "公示期间居民反对，方案须重新调研");
  // Every earlier step is reachable from every step.
  for (int from = 1; from <= 5; ++from) {
    for (int to = 0; to < from; ++to) {
      Deliberation x = At(static_cast<S>(from));
      EXPECT_TRUE(ChangeStep(x, Back(static_cast<S>(to), "原因")).ok()) << from << "->" << to;
      EXPECT_EQ(x.step, static_cast<S>(to));
    }
  }
  Deliberation first = At(S::kCollect);
  EXPECT_EQ(Reason(ChangeStep(first, Back(S::kCollect, "原因"))), "not_earlier");
}

TEST(DeliberationSteps, SkippingNeedsTheHeadsApprovalAndAReasonAndIsRecorded) {
  Deliberation d = At(S::kImplement);  // the vote failed; publish the result without implementing
  auto r = ChangeStep(d, Skip("", "张书记", "community_head"));
  EXPECT_EQ(r.error().field, "reason");
  r = ChangeStep(d, Skip("表决未通过，直接公示结果", "", "community_head"));
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Reason(r), "head_approval_required");
  r = ChangeStep(d, Skip("表决未通过，直接公示结果", "王干事", "community_staff"));
  EXPECT_EQ(Reason(r), "head_approval_required");
  EXPECT_EQ(d.step, S::kImplement);
  r = ChangeStep(d, Skip("表决未通过，直接公示结果", "张书记", "community_head"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(d.step, S::kPublish);
  EXPECT_EQ(d.history.back().kind, "skip");
  EXPECT_EQ(d.history.back().approved_by, "张书记");
  EXPECT_EQ(d.history.back().reason, "表决未通过，直接公示结果");
  EXPECT_EQ(d.history.back().from, "implement");
  // Every step can be skipped with approval; the skip moves exactly one step.
  for (int from = 0; from <= 5; ++from) {
    Deliberation x;
    x.step = static_cast<S>(from);
    ASSERT_TRUE(ChangeStep(x, Skip("原因", "张书记", "community_head")).ok());
    EXPECT_EQ(static_cast<int>(x.step), from + 1);
  }
}

TEST(DeliberationSteps, AClosedDeliberationIsFinal) {
  Deliberation d = At(S::kClosed);
  for (const auto& req :
       {Advance(), Back(S::kPublish, "再公示一次"), Skip("原因", "张书记", "community_head")}) {
    auto r = ChangeStep(d, req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(Reason(r), "closed");
  }
  EXPECT_EQ(d.step, S::kClosed);
}

TEST(DeliberationSteps, ActorAndTimeAreRequired) {
  Deliberation d = At(S::kTopic);
  EXPECT_EQ(ChangeStep(d, Advance("")).error().field, "actor");
  StepRequest r = Advance();
  r.now = "soon";
  EXPECT_EQ(ChangeStep(d, r).error().field, "now");
  EXPECT_EQ(d.step, S::kTopic);
}

TEST(DeliberationTasks, OverdueOnlyWhenOpenAndPastDue) {
  DeliberationTask t;
  t.due_date = "2027-04-30";
  EXPECT_FALSE(IsTaskOverdue(t, "2027-04-30"));  // due today is not late yet
  EXPECT_TRUE(IsTaskOverdue(t, "2027-05-01"));
  t.status = "done";
  EXPECT_FALSE(IsTaskOverdue(t, "2027-05-01"));
  t.status = "open";
  t.due_date = "";
  EXPECT_FALSE(IsTaskOverdue(t, "2027-05-01"));
}

// ------------------------------------------------------------------ halls
Hall TuesdayHall() {
  Hall h;
  h.name = "第三议事厅";
  h.place = "水月院 3号楼底商";
  h.compound_ids = {3, 4};
  h.hours = {{2, "14:00", "17:30"}};
  h.roster = {{2, "刘红", std::nullopt}, {2, "陈明", 12}};
  return h;
}

TEST(DeliberationHalls, ValidHallAndItsHoursInChinese) {
  const Hall h = TuesdayHall();
  EXPECT_TRUE(ValidateHall(h).ok());
  EXPECT_EQ(DescribeHallHoursZh(h.hours[0]), "每周二 14:00–17:30");
  EXPECT_EQ(DescribeHallHoursZh({7, "09:00", "11:30"}), "每周日 09:00–11:30");
}

TEST(DeliberationHalls, BadHallsAreRefused) {
  Hall h = TuesdayHall();
  h.name = " ";
  EXPECT_EQ(ValidateHall(h).error().field, "name");
  h = TuesdayHall();
  h.compound_ids.clear();
  EXPECT_EQ(ValidateHall(h).error().field, "compound_ids");
  h.compound_ids = {3, 3};
  EXPECT_EQ(Reason(ValidateHall(h)), "duplicate");
  h = TuesdayHall();
  h.hours.clear();
  h.roster.clear();
  EXPECT_EQ(ValidateHall(h).error().field, "hours");
  h.hours = {{8, "14:00", "17:30"}};
  EXPECT_EQ(Reason(ValidateHall(h)), "weekday_range");
  h.hours = {{2, "2pm", "17:30"}};
  EXPECT_EQ(Reason(ValidateHall(h)), "time_format");
  h.hours = {{2, "17:30", "14:00"}};
  EXPECT_EQ(Reason(ValidateHall(h)), "time_order");
  h.hours = {{2, "14:00", "17:30"}, {2, "17:00", "18:00"}};
  auto s = ValidateHall(h);
  EXPECT_EQ(s.error().field, "hours[1]");
  EXPECT_EQ(Reason(s), "overlap");
  h.hours = {{2, "09:00", "11:30"}, {2, "14:00", "17:30"}};  // two half days on Tuesday are fine
  EXPECT_TRUE(ValidateHall(h).ok());
  h = TuesdayHall();
  h.roster = {{3, "刘红", std::nullopt}};
  EXPECT_EQ(Reason(ValidateHall(h)), "not_open");
  h.roster = {{2, "", std::nullopt}};
  EXPECT_EQ(Reason(ValidateHall(h)), "worker_required");
}

TEST(DeliberationHalls, WeekdaysOfDates) {
  EXPECT_EQ(*WeekdayOfDate("2026-11-29"), 7);  // a Sunday
  EXPECT_EQ(*WeekdayOfDate("2026-12-01"), 2);  // a Tuesday
  EXPECT_EQ(*WeekdayOfDate("1970-01-01"), 4);
  EXPECT_EQ(*WeekdayOfDate("2024-02-29"), 4);
  EXPECT_EQ(Reason(WeekdayOfDate("2026-02-29")), "date_format");
}

TEST(DeliberationHalls, OpenOnlyInsideItsHours) {
  const Hall h = TuesdayHall();
  EXPECT_TRUE(*IsHallOpenAt(h, "2026-12-01", "14:00"));
  EXPECT_TRUE(*IsHallOpenAt(h, "2026-12-01", "17:29"));
  EXPECT_FALSE(*IsHallOpenAt(h, "2026-12-01", "17:30"));
  EXPECT_FALSE(*IsHallOpenAt(h, "2026-12-01", "13:59"));
  EXPECT_FALSE(*IsHallOpenAt(h, "2026-12-02", "15:00"));  // Wednesday
  EXPECT_FALSE(IsHallOpenAt(h, "2026-12-01", "3pm").ok());
}

TEST(DeliberationHalls, NextOpeningWithTheWorkersOnDuty) {
  const Hall h = TuesdayHall();
  auto o = NextHallOpening(h, "2026-11-29", "10:00");  // Sunday -> Tuesday
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->date, "2026-12-01");
  EXPECT_EQ(o->start, "14:00");
  EXPECT_EQ(o->end, "17:30");
  EXPECT_EQ(o->on_duty, (std::vector<std::string>{"刘红", "陈明"}));
  o = NextHallOpening(h, "2026-12-01", "15:00");  // open now counts
  EXPECT_EQ(o->date, "2026-12-01");
  o = NextHallOpening(h, "2026-12-01", "17:30");  // over today -> next week
  EXPECT_EQ(o->date, "2026-12-08");
  o = NextHallOpening(h, "2026-12-29", "18:00");  // across the year end
  EXPECT_EQ(o->date, "2027-01-05");
  Hall shut = h;
  shut.hours.clear();
  EXPECT_EQ(NextHallOpening(shut, "2026-12-01", "10:00").error().field, "hours");
}

TEST(DeliberationHalls, HallVisits) {
  HallVisit v;
  v.hall_id = 3;
  v.visitor_name = "李阿姨";
  v.about = "楼道灯坏了";
  v.outcome = "answered";
  v.worker = "刘红";
  v.at = "2026-12-01T14:20:00+08:00";
  EXPECT_EQ(ValidateHallVisit(v).error().field, "answer");
  v.answer = "已通知物业今天修";
  EXPECT_TRUE(ValidateHallVisit(v).ok());
  v.outcome = "demand";
  v.answer = "";
  EXPECT_TRUE(ValidateHallVisit(v).ok());  // became a demand: no answer needed
  v.outcome = "ignored";
  EXPECT_EQ(ValidateHallVisit(v).error().field, "outcome");
  v.outcome = "opinion";
  v.about = "";
  EXPECT_EQ(ValidateHallVisit(v).error().field, "about");
  v.about = "垃圾站太近";
  v.worker = "";
  EXPECT_EQ(ValidateHallVisit(v).error().field, "worker");
  v.worker = "刘红";
  v.at = "周二下午";
  EXPECT_EQ(ValidateHallVisit(v).error().field, "at");
  v.at = "2026-12-01T14:20:00Z";
  v.hall_id = 0;
  EXPECT_EQ(ValidateHallVisit(v).error().field, "hall_id");
}

TEST(DeliberationThemes, SimilarOpinionsAreGroupedWithKeywordLabels) {
  auto op = [](Id id, std::string text) {
    Opinion o;
    o.id = id, o.text = std::move(text), o.created_at = "2026-11-01T08:00:00Z";
    return o;
  };
  std::vector<Opinion> ops = {op(1, "小区停车位太少，晚上回来没地方停车"),
                              op(2, "停车位不够，车都停到消防通道上了"),
                              op(3, "垃圾站离3号楼太近，夏天味道很大"),
                              op(4, "希望增加停车位，晚上停车太难"),
                              op(5, "垃圾站夏天臭味大，苍蝇多，能不能挪远一点"),
                              op(6, "广场舞音乐声音太大")};
  auto groups = SuggestOpinionThemes(ops);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].opinion_ids, (std::vector<Id>{1, 2, 4}));
  EXPECT_NE(groups[0].theme.find("停车"), std::string::npos) << groups[0].theme;
  EXPECT_FALSE(groups[0].keywords.empty());
  EXPECT_EQ(groups[1].opinion_ids, (std::vector<Id>{3, 5}));
  EXPECT_NE(groups[1].theme.find("垃圾"), std::string::npos) << groups[1].theme;
  EXPECT_EQ(groups[2].theme, "其他意见");
  EXPECT_EQ(groups[2].opinion_ids, (std::vector<Id>{6}));
  EXPECT_TRUE(SuggestOpinionThemes({}).empty());
}

}  // namespace
}  // namespace linli
