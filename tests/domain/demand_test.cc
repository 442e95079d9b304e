#include "domain/demand.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace linli {
namespace {

// ------------------------------------------------------------------ codes
TEST(DemandCodes, ParseAndPrintRoundTrip) {
  for (DemandStatus s : kAllDemandStatuses) {
    auto p = ParseDemandStatus(DemandStatusCode(s));
    ASSERT_TRUE(p.has_value()) << DemandStatusCode(s);
    EXPECT_EQ(*p, s);
    EXPECT_FALSE(DemandStatusNameZh(s).empty());
  }
  for (DemandAction a : kAllDemandActions) {
    auto p = ParseDemandAction(DemandActionCode(a));
    ASSERT_TRUE(p.has_value()) << DemandActionCode(a);
    EXPECT_EQ(*p, a);
    EXPECT_FALSE(DemandActionNameZh(a).empty());
  }
  EXPECT_EQ(DemandStatusCode(DemandStatus::kInProgress), "in_progress");
  EXPECT_EQ(DemandStatusCode(DemandStatus::kCallbackDone), "callback_done");
  EXPECT_EQ(DemandActionCode(DemandAction::kAcceptDispute), "accept_dispute");
  EXPECT_FALSE(ParseDemandStatus("Received").has_value());
  EXPECT_FALSE(ParseDemandStatus("").has_value());
  EXPECT_FALSE(ParseDemandAction("sign ").has_value());
  EXPECT_FALSE(ParseDemandAction("delete").has_value());

  for (auto c : {"hotline_12345", "resident", "walk_in", "phone", "patrol", "hall", "open311"}) {
    EXPECT_TRUE(IsDemandChannel(c)) << c;
  }
  EXPECT_FALSE(IsDemandChannel("12345"));
  EXPECT_FALSE(IsDemandChannel(""));
  for (auto c : {"consult", "help", "complaint", "report", "suggestion"}) EXPECT_TRUE(IsDemandNature(c)) << c;
  EXPECT_FALSE(IsDemandNature("咨询"));
  for (auto c : {"normal", "urgent", "critical"}) EXPECT_TRUE(IsDemandUrgency(c)) << c;
  EXPECT_FALSE(IsDemandUrgency("Normal"));

  EXPECT_TRUE(IsOpenStatus(DemandStatus::kReceived));
  EXPECT_TRUE(IsOpenStatus(DemandStatus::kCallbackDone));
  EXPECT_TRUE(IsOpenStatus(DemandStatus::kDisputed));
  EXPECT_FALSE(IsOpenStatus(DemandStatus::kClosed));
  EXPECT_FALSE(IsOpenStatus(DemandStatus::kMerged));
}

// ------------------------------------------------------------------ state machine
// The expected table, written out independently of the implementation. Rows: states in enum
// order; columns: actions in enum order. "-" = illegal, "=" = unchanged, otherwise the target code.
// A callback with solved=true goes to callback_done (the unsolved path is tested separately).
// clang-format off
const char* const kColumns[] = {"dispatch", "escalate", "sign",  "contact", "start",  "reply",  "callback", "close",
                                "dispute",  "accept_dispute", "reject_dispute", "extend", "merge", "reopen", "note"};
const std::map<std::string, std::vector<std::string>>& ExpectedTable() {
  static const std::map<std::string, std::vector<std::string>> t = {
      //                dispatch      escalate      sign      contact      start          reply      callback         close     dispute     accept      reject        extend merge    reopen         note
      {"received",     {"dispatched", "dispatched", "-",      "-",         "-",           "-",       "-",             "closed", "-",        "-",        "-",          "-",   "merged", "-",           "="}},
      {"dispatched",   {"dispatched", "dispatched", "signed", "-",         "-",           "-",       "-",             "-",      "disputed", "-",        "-",          "=",   "merged", "-",           "="}},
      {"signed",       {"-",          "dispatched", "-",      "contacted", "-",           "-",       "-",             "-",      "disputed", "-",        "-",          "=",   "merged", "-",           "="}},
      {"contacted",    {"-",          "dispatched", "-",      "-",         "in_progress", "replied", "-",             "-",      "-",        "-",        "-",          "=",   "merged", "-",           "="}},
      {"in_progress",  {"-",          "dispatched", "-",      "-",         "-",           "replied", "-",             "-",      "-",        "-",        "-",          "=",   "merged", "-",           "="}},
      {"replied",      {"-",          "-",          "-",      "-",         "-",           "-",       "callback_done", "closed", "-",        "-",        "-",          "-",   "merged", "-",           "="}},
      {"callback_done",{"-",          "-",          "-",      "-",         "-",           "-",       "-",             "closed", "-",        "-",        "-",          "-",   "merged", "in_progress", "="}},
      {"closed",       {"-",          "-",          "-",      "-",         "-",           "-",       "-",             "-",      "-",        "-",        "-",          "-",   "-",      "in_progress", "="}},
      {"disputed",     {"dispatched", "dispatched", "-",      "-",         "-",           "-",       "-",             "-",      "-",        "returned", "dispatched", "-",   "merged", "-",           "="}},
      {"returned",     {"dispatched", "dispatched", "-",      "-",         "-",           "-",       "-",             "-",      "-",        "-",        "-",          "-",   "merged", "-",           "="}},
      {"merged",       {"-",          "-",          "-",      "-",         "-",           "-",       "-",             "-",      "-",        "-",        "-",          "-",   "-",      "-",           "="}},
  };
  return t;
}
// clang-format on

DemandActionFacts FullFacts() {
  DemandActionFacts f;
  f.note = "已处理";
  f.solved = true;
  f.satisfaction = "satisfied";
  f.new_due_at = "2026-12-01T08:00:00Z";
  f.parent_id = 42;
  f.nature = "consult";
  return f;
}

TEST(DemandStateMachine, EveryStateTimesEveryActionMatchesTheTable) {
  ASSERT_EQ(ExpectedTable().size(), std::size(kAllDemandStatuses));
  int legal = 0, illegal = 0;
  for (DemandStatus from : kAllDemandStatuses) {
    const std::string from_code(DemandStatusCode(from));
    ASSERT_TRUE(ExpectedTable().count(from_code)) << from_code;
    const auto& row = ExpectedTable().at(from_code);
    ASSERT_EQ(row.size(), std::size(kAllDemandActions));
    for (std::size_t i = 0; i < std::size(kAllDemandActions); ++i) {
      const DemandAction action = kAllDemandActions[i];
      ASSERT_EQ(DemandActionCode(action), kColumns[i]);
      const std::string& want = row[i];
      auto got = NextDemandStatus(from, action, FullFacts());
      SCOPED_TRACE(from_code + " --" + kColumns[i] + "--> " + want);
      EXPECT_EQ(IsDemandActionAllowed(from, action), want != "-");
      if (want == "-") {
        ++illegal;
        ASSERT_FALSE(got.ok()) << "went to " << DemandStatusCode(*got);
        EXPECT_EQ(got.error().code, ErrorCode::kConflict);
        EXPECT_EQ(got.error().field, "action");
        ASSERT_EQ(got.error().details.size(), 1u);
        EXPECT_EQ(got.error().details[0].reason, "illegal_transition");
        // The message names the state in Chinese.
        EXPECT_NE(got.error().message.find(std::string(DemandStatusNameZh(from))), std::string::npos)
            << got.error().message;
      } else {
        ++legal;
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(DemandStatusCode(*got), want == "=" ? from_code : want);
      }
    }
  }
  EXPECT_EQ(legal + illegal, 11 * 15);
  EXPECT_EQ(legal, 50);
}

TEST(DemandStateMachine, TheHappyPathFromIntakeToClosed) {
  DemandStatus s = DemandStatus::kReceived;
  const DemandAction path[] = {DemandAction::kDispatch, DemandAction::kSign,  DemandAction::kContact,
                               DemandAction::kStart,    DemandAction::kReply, DemandAction::kCallback,
                               DemandAction::kClose};
  const char* want[] = {"dispatched", "signed",        "contacted", "in_progress",
                        "replied",    "callback_done", "closed"};
  DemandActionFacts f;
  f.note = "已联系物业更换路灯";
  f.solved = true;
  f.satisfaction = "basic";
  for (std::size_t i = 0; i < std::size(path); ++i) {
    auto r = NextDemandStatus(s, path[i], f);
    ASSERT_TRUE(r.ok()) << r.error().message;
    s = *r;
    EXPECT_EQ(DemandStatusCode(s), want[i]);
  }
}

TEST(DemandStateMachine, UnsolvedCallbackReopensAndStaffReopen) {
  DemandActionFacts f;
  f.solved = false;
  f.satisfaction = "unsatisfied";
  f.note = "还是漏水";
  auto r = NextDemandStatus(DemandStatus::kReplied, DemandAction::kCallback, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kInProgress);
  // Solved but not satisfied still completes the call-back.
  f.solved = true;
  r = NextDemandStatus(DemandStatus::kReplied, DemandAction::kCallback, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kCallbackDone);
  // Staff reopen a closed demand with a reason.
  r = NextDemandStatus(DemandStatus::kClosed, DemandAction::kReopen, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kInProgress);
}

TEST(DemandStateMachine, DisputeReturnAndDispatchAgain) {
  DemandActionFacts f;
  f.note = "该路段不属于本网格";
  auto r = NextDemandStatus(DemandStatus::kDispatched, DemandAction::kDispute, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kDisputed);
  r = NextDemandStatus(*r, DemandAction::kAcceptDispute, {});
  ASSERT_TRUE(r.ok()) << "accepting needs no reason";
  EXPECT_EQ(*r, DemandStatus::kReturned);
  r = NextDemandStatus(*r, DemandAction::kDispatch, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kDispatched);
  // Rejected: back to the same receiver, who signs again.
  r = NextDemandStatus(DemandStatus::kDisputed, DemandAction::kRejectDispute, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kDispatched);
}

TEST(DemandStateMachine, ConsultAnsweredOnTheSpotClosesFromReceived) {
  DemandActionFacts f;
  f.note = "已告知居民供暖费缴纳时间和地点";
  f.nature = "consult";
  auto r = NextDemandStatus(DemandStatus::kReceived, DemandAction::kClose, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, DemandStatus::kClosed);
  // Any other nature must go through dispatch and call-back.
  for (auto n : {"", "help", "complaint", "report", "suggestion"}) {
    f.nature = n;
    r = NextDemandStatus(DemandStatus::kReceived, DemandAction::kClose, f);
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().details.at(0).reason, "illegal_transition");
  }
  // The answer itself is required.
  f.nature = "consult";
  f.note = "  ";
  r = NextDemandStatus(DemandStatus::kReceived, DemandAction::kClose, f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "note");
  // Close after a reply without a call-back needs a reason.
  r = NextDemandStatus(DemandStatus::kReplied, DemandAction::kClose, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "note");
  f.note = "诉求人多次联系不上，予以办结";
  r = NextDemandStatus(DemandStatus::kReplied, DemandAction::kClose, f);
  ASSERT_TRUE(r.ok());
  // Close after a call-back needs nothing more.
  r = NextDemandStatus(DemandStatus::kCallbackDone, DemandAction::kClose, {});
  ASSERT_TRUE(r.ok());
}

TEST(DemandStateMachine, AParentsReplyAndCloseAreRecordedOnItsMergedChildren) {
  // A merged child may take no user action but note: the parent's reply and close are separate
  // events of their own, legal on a merged child only.
  DemandActionFacts reply;
  reply.note = "已协调物业修复";
  EXPECT_FALSE(NextDemandStatus(DemandStatus::kMerged, DemandAction::kReply, reply).ok());
  EXPECT_FALSE(NextDemandStatus(DemandStatus::kMerged, DemandAction::kClose, reply).ok());
  ASSERT_EQ(ParentEventFor(DemandAction::kReply), ParentEvent::kParentReplied);
  ASSERT_EQ(ParentEventFor(DemandAction::kClose), ParentEvent::kParentClosed);
  for (DemandAction a : kAllDemandActions) {
    if (a != DemandAction::kReply && a != DemandAction::kClose) EXPECT_FALSE(ParentEventFor(a)) << DemandActionCode(a);
  }
  for (ParentEvent e : {ParentEvent::kParentReplied, ParentEvent::kParentClosed}) {
    for (DemandStatus s : kAllDemandStatuses) {
      auto r = NextMergedChildStatus(s, e);
      SCOPED_TRACE(std::string(ParentEventCode(e)) + " on " + std::string(DemandStatusCode(s)));
      if (s == DemandStatus::kMerged) {
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(*r, DemandStatus::kMerged);
      } else {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kConflict);
        EXPECT_EQ(r.error().details.at(0).reason, "illegal_transition");
      }
    }
  }
  EXPECT_EQ(ParentEventCode(ParentEvent::kParentReplied), "parent_replied");
  EXPECT_EQ(ParentEventCode(ParentEvent::kParentClosed), "parent_closed");
  // Not user actions: no request can name them.
  EXPECT_FALSE(ParseDemandAction("parent_replied"));
  EXPECT_FALSE(ParseDemandAction("parent_closed"));
  EXPECT_EQ(ParentEventNote(ParentEvent::kParentReplied, "LL20261122000001", "已协调物业修复"),
            "并案主诉求 LL20261122000001 已答复：已协调物业修复");
  EXPECT_EQ(ParentEventNote(ParentEvent::kParentClosed, "LL20261122000001", " "), "并案主诉求 LL20261122000001 已办结");
}

void ExpectMissing(DemandStatus from, DemandAction a, const DemandActionFacts& f, const std::string& field,
                   const std::string& reason = "required") {
  auto r = NextDemandStatus(from, a, f);
  SCOPED_TRACE(std::string(DemandActionCode(a)) + " from " + std::string(DemandStatusCode(from)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, field);
  ASSERT_FALSE(r.error().details.empty());
  EXPECT_EQ(r.error().details[0].reason, reason);
  EXPECT_FALSE(r.error().message.empty());
}

TEST(DemandStateMachine, MissingFactsNameTheField) {
  DemandActionFacts none;
  ExpectMissing(DemandStatus::kInProgress, DemandAction::kReply, none, "note");
  ExpectMissing(DemandStatus::kContacted, DemandAction::kReply, none, "note");
  ExpectMissing(DemandStatus::kDispatched, DemandAction::kDispute, none, "note");
  ExpectMissing(DemandStatus::kReceived, DemandAction::kEscalate, none, "note");
  ExpectMissing(DemandStatus::kDisputed, DemandAction::kRejectDispute, none, "note");
  ExpectMissing(DemandStatus::kClosed, DemandAction::kReopen, none, "note");
  ExpectMissing(DemandStatus::kSigned, DemandAction::kNote, none, "note");
  ExpectMissing(DemandStatus::kReceived, DemandAction::kMerge, none, "parent_id");

  DemandActionFacts blank;
  blank.note = " \t\xE3\x80\x80 ";  // ASCII and ideographic spaces only
  ExpectMissing(DemandStatus::kInProgress, DemandAction::kReply, blank, "note");

  DemandActionFacts ext;
  ExpectMissing(DemandStatus::kInProgress, DemandAction::kExtend, ext, "note");
  ext.note = "需要协调供热公司";
  ExpectMissing(DemandStatus::kInProgress, DemandAction::kExtend, ext, "new_due_at");
  ext.new_due_at = "2026-02-30T08:00:00Z";
  ExpectMissing(DemandStatus::kInProgress, DemandAction::kExtend, ext, "new_due_at", "invalid_time");
  ext.new_due_at = "2026-12-03T08:00:00+08:00";
  EXPECT_TRUE(NextDemandStatus(DemandStatus::kInProgress, DemandAction::kExtend, ext).ok());

  DemandActionFacts cb;
  ExpectMissing(DemandStatus::kReplied, DemandAction::kCallback, cb, "solved");
  cb.solved = true;
  ExpectMissing(DemandStatus::kReplied, DemandAction::kCallback, cb, "satisfaction");
  cb.satisfaction = "很满意";
  ExpectMissing(DemandStatus::kReplied, DemandAction::kCallback, cb, "satisfaction", "invalid");

  // Legality is checked before the facts: a call-back before the reply is a conflict, not a
  // missing field.
  auto r = NextDemandStatus(DemandStatus::kInProgress, DemandAction::kCallback, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("办理中"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("回访"), std::string::npos) << r.error().message;
}

// ------------------------------------------------------------------ time
TEST(DemandTime, AddHoursAcrossBoundaries) {
  auto add = [](std::string_view t, std::int64_t h) {
    auto r = AddHours(t, h);
    EXPECT_TRUE(r.ok()) << t;
    return r.ok() ? *r : std::string();
  };
  EXPECT_EQ(add("2026-11-22T08:00:00Z", 24), "2026-11-23T08:00:00Z");
  EXPECT_EQ(add("2026-11-22T08:30:15Z", 2), "2026-11-22T10:30:15Z");
  EXPECT_EQ(add("2026-11-30T23:00:00Z", 2), "2026-12-01T01:00:00Z");    // month
  EXPECT_EQ(add("2026-12-31T23:30:00Z", 1), "2027-01-01T00:30:00Z");    // year
  EXPECT_EQ(add("2026-12-25T10:00:00Z", 168), "2027-01-01T10:00:00Z");  // 7 days into a new year
  EXPECT_EQ(add("2028-02-28T12:00:00Z", 24), "2028-02-29T12:00:00Z");   // leap day
  EXPECT_EQ(add("2028-02-29T12:00:00Z", 24), "2028-03-01T12:00:00Z");
  EXPECT_EQ(add("2027-02-28T12:00:00Z", 24), "2027-03-01T12:00:00Z");   // no leap day
  EXPECT_EQ(add("2100-02-28T00:00:00Z", 24), "2100-03-01T00:00:00Z");   // century: not leap
  EXPECT_EQ(add("2000-02-28T00:00:00Z", 24), "2000-02-29T00:00:00Z");   // 400: leap
  EXPECT_EQ(add("2028-02-15T09:00:00Z", 360), "2028-03-01T09:00:00Z");  // 15 days over 29 Feb
  EXPECT_EQ(add("2026-03-01T01:00:00Z", -2), "2026-02-28T23:00:00Z");   // backwards
  // Offsets and fractions are accepted; the answer is UTC.
  EXPECT_EQ(add("2026-11-22T08:00:00+08:00", 0), "2026-11-22T00:00:00Z");
  EXPECT_EQ(add("2026-01-01T02:00:00+08:00", 1), "2025-12-31T19:00:00Z");
  EXPECT_EQ(add("2026-11-22T08:00:00.123Z", 1), "2026-11-22T09:00:00Z");
  EXPECT_EQ(add("2026-11-22 08:00:00", 1), "2026-11-22T09:00:00Z");
  EXPECT_EQ(add("1970-01-01T00:00:00Z", 0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59Z");
}

TEST(DemandTime, BadTimesAreRefused) {
  for (auto bad : {"", "2026-11-22", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                   "2026-11-22T24:00:00Z", "2026-11-22T08:60:00Z", "2026-11-22T08:00:60Z",
                   "2026/11/22T08:00:00Z", "2026-11-22T08:00:00ZZ", "2026-11-22T08:00:00+0800",
                   "2026-11-22T08:00:00.Z", "x026-11-22T08:00:00Z", "2026-11-22T08:00:00 "}) {
    auto r = AddHours(bad, 1);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().details.at(0).reason, "invalid_time");
  }
}

TEST(DemandTime, SecondsUntil) {
  EXPECT_EQ(*SecondsUntil("2026-11-22T08:00:00Z", "2026-11-22T10:00:00Z"), 7200);
  EXPECT_EQ(*SecondsUntil("2026-11-22T10:00:01Z", "2026-11-22T10:00:00Z"), -1);
  EXPECT_EQ(*SecondsUntil("2028-02-28T00:00:00Z", "2028-03-01T00:00:00Z"), 2 * 86400);
  EXPECT_EQ(*SecondsUntil("2027-02-28T00:00:00Z", "2027-03-01T00:00:00Z"), 86400);
  EXPECT_EQ(*SecondsUntil("2026-12-31T23:00:00Z", "2027-01-01T07:00:00+08:00"), 0);
  auto r = SecondsUntil("now", "2026-11-22T10:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "now");
  r = SecondsUntil("2026-11-22T10:00:00Z", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "due_at");
}

// ------------------------------------------------------------------ deadlines
DemandDeadlines Deadlines(std::string_view cat, std::string_view urgency, std::string_view at) {
  auto r = ComputeDemandDeadlines(SeedDemandCategories(), cat, urgency, at);
  EXPECT_TRUE(r.ok()) << cat << " " << urgency << " " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : DemandDeadlines{};
}

TEST(DemandDeadlines, DefaultsFromDomain) {
  const std::string at = "2026-11-22T08:00:00Z";
  // Ordinary: respond 24 h, resolve 7 days.
  auto d = Deadlines("parking.disorder", "normal", at);
  EXPECT_EQ(d.respond_due_at, "2026-11-23T08:00:00Z");
  EXPECT_EQ(d.due_at, "2026-11-29T08:00:00Z");
  d = Deadlines("other", "normal", at);
  EXPECT_EQ(d.due_at, "2026-11-29T08:00:00Z");
  // Utilities: 24 h (respond 4 h), inherited by the children.
  d = Deadlines("heating", "normal", at);
  EXPECT_EQ(d.respond_due_at, "2026-11-22T12:00:00Z");
  EXPECT_EQ(d.due_at, "2026-11-23T08:00:00Z");
  d = Deadlines("heating.cold", "normal", at);
  EXPECT_EQ(d.due_at, "2026-11-23T08:00:00Z");
  d = Deadlines("utilities.water_outage", "normal", at);
  EXPECT_EQ(d.due_at, "2026-11-23T08:00:00Z");
  // A child that differs: a gas leak is 2 h, respond 1 h.
  d = Deadlines("utilities.gas_leak", "normal", at);
  EXPECT_EQ(d.respond_due_at, "2026-11-22T09:00:00Z");
  EXPECT_EQ(d.due_at, "2026-11-22T10:00:00Z");
  // Complex: 15 days.
  d = Deadlines("elevator", "normal", at);
  EXPECT_EQ(d.due_at, "2026-12-07T08:00:00Z");
  d = Deadlines("housing.leak", "normal", at);
  EXPECT_EQ(d.due_at, "2026-12-07T08:00:00Z");
  EXPECT_EQ(d.respond_due_at, "2026-11-23T08:00:00Z");
  // Critical: 2 h whatever the category; respond 1 h.
  d = Deadlines("elevator.construction", "critical", at);
  EXPECT_EQ(d.respond_due_at, "2026-11-22T09:00:00Z");
  EXPECT_EQ(d.due_at, "2026-11-22T10:00:00Z");
  // Urgent: at most 24 h, respond at most 4 h.
  d = Deadlines("noise.neighbour", "urgent", at);
  EXPECT_EQ(d.respond_due_at, "2026-11-22T12:00:00Z");
  EXPECT_EQ(d.due_at, "2026-11-23T08:00:00Z");
  // Urgent never lengthens a shorter category deadline.
  d = Deadlines("utilities.gas_leak", "urgent", at);
  EXPECT_EQ(d.due_at, "2026-11-22T10:00:00Z");
}

TEST(DemandDeadlines, AcrossMonthYearAndLeapDay) {
  auto d = Deadlines("noise.renovation", "normal", "2026-12-30T10:00:00Z");  // 72 h
  EXPECT_EQ(d.due_at, "2027-01-02T10:00:00Z");
  d = Deadlines("housing", "normal", "2028-02-20T00:00:00Z");  // 15 days over 29 Feb 2028
  EXPECT_EQ(d.due_at, "2028-03-06T00:00:00Z");
  d = Deadlines("housing", "normal", "2027-02-20T00:00:00Z");  // no leap day in 2027
  EXPECT_EQ(d.due_at, "2027-03-07T00:00:00Z");
  d = Deadlines("heating", "normal", "2028-02-28T20:00:00Z");
  EXPECT_EQ(d.due_at, "2028-02-29T20:00:00Z");
  // A Beijing evening (+08:00) is the UTC afternoon.
  d = Deadlines("heating", "critical", "2026-12-31T23:30:00+08:00");
  EXPECT_EQ(d.due_at, "2026-12-31T17:30:00Z");
}

TEST(DemandDeadlines, ConfigurableTreeAndPolicy) {
  std::vector<DemandCategory> tree = {
      {"a", "", "甲", "A", 0, 48},
      {"a.b", "a", "乙", "B", 12, 0},
      {"a.b.c", "a.b", "丙", "C", 0, 0},
      {"short", "", "短", "Short", 30, 6},  // respond longer than resolve: capped
  };
  auto r = ComputeDemandDeadlines(tree, "a.b.c", "normal", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->respond_due_at, "2026-01-01T12:00:00Z");
  EXPECT_EQ(r->due_at, "2026-01-03T00:00:00Z");
  r = ComputeDemandDeadlines(tree, "short", "normal", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->respond_due_at, "2026-01-01T06:00:00Z");
  EXPECT_EQ(r->due_at, "2026-01-01T06:00:00Z");

  DemandDeadlinePolicy p;
  p.respond_hours = 8;
  p.resolve_hours = 120;
  p.critical_resolve_hours = 3;
  std::vector<DemandCategory> flat = {{"x", "", "某", "X", 0, 0}};
  r = ComputeDemandDeadlines(flat, "x", "normal", "2026-01-01T00:00:00Z", p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->respond_due_at, "2026-01-01T08:00:00Z");
  EXPECT_EQ(r->due_at, "2026-01-06T00:00:00Z");
  r = ComputeDemandDeadlines(flat, "x", "critical", "2026-01-01T00:00:00Z", p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->due_at, "2026-01-01T03:00:00Z");

  // A cycle in a badly edited tree does not hang.
  std::vector<DemandCategory> cyc = {{"p", "q", "P", "P", 0, 0}, {"q", "p", "Q", "Q", 0, 0}};
  r = ComputeDemandDeadlines(cyc, "p", "normal", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->due_at, "2026-01-08T00:00:00Z");
}

TEST(DemandDeadlines, BadInputNamesTheField) {
  auto r = ComputeDemandDeadlines(SeedDemandCategories(), "space", "normal", "2026-01-01T00:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "category_code");
  EXPECT_EQ(r.error().details.at(0).reason, "unknown_category");
  r = ComputeDemandDeadlines(SeedDemandCategories(), "heating", "urgentissimo", "2026-01-01T00:00:00Z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "urgency");
  r = ComputeDemandDeadlines(SeedDemandCategories(), "heating", "normal", "yesterday");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "received_at");
  EXPECT_EQ(r.error().details.at(0).reason, "invalid_time");
}

// ------------------------------------------------------------------ categories
TEST(DemandCategories, SeededTreeIsWellFormed) {
  const auto& tree = SeedDemandCategories();
  std::set<std::string> codes;
  std::vector<std::string> top;
  std::map<std::string, int> children;
  for (const auto& c : tree) {
    EXPECT_TRUE(codes.insert(c.code).second) << "duplicate " << c.code;
    EXPECT_FALSE(c.name_zh.empty());
    EXPECT_FALSE(c.name_en.empty());
    if (c.parent_code.empty()) {
      top.push_back(c.name_zh);
    } else {
      EXPECT_TRUE(codes.count(c.parent_code)) << c.code << " before its parent";
      EXPECT_TRUE(c.code.starts_with(c.parent_code + ".")) << c.code;
      ++children[c.parent_code];
    }
  }
  const std::vector<std::string> want = {"环境卫生", "垃圾分类", "物业管理",     "停车",     "噪音扰民",
                                         "房屋修缮", "供暖",     "供水供电燃气", "加装电梯", "邻里纠纷",
                                         "养老服务", "治安",     "其他"};
  EXPECT_EQ(top, want);
  for (const auto& c : tree) {
    if (!c.parent_code.empty()) continue;
    EXPECT_GE(children[c.code], 2) << c.code;
    EXPECT_LE(children[c.code], 5) << c.code;
  }
  // Every seeded category computes deadlines for every urgency.
  for (const auto& c : tree) {
    for (auto u : {"normal", "urgent", "critical"}) {
      auto r = ComputeDemandDeadlines(tree, c.code, u, "2026-06-01T00:00:00Z");
      ASSERT_TRUE(r.ok()) << c.code;
      EXPECT_LE(r->respond_due_at, r->due_at) << c.code;
    }
  }
}

// ------------------------------------------------------------------ rates
TEST(DemandRates, HandComputedCases) {
  DemandCounts c;
  c.received = 120;
  c.dispatched = 100;
  c.responded_in_time = 90;
  c.callbacks = 80;
  c.solved = 72;
  c.satisfied = 60;
  c.basic = 10;
  auto r = ComputeDemandRates(c);
  ASSERT_TRUE(r.response && r.resolution && r.satisfaction && r.score);
  EXPECT_DOUBLE_EQ(*r.response, 0.9);
  EXPECT_DOUBLE_EQ(*r.resolution, 0.9);
  EXPECT_DOUBLE_EQ(*r.satisfaction, 70.0 / 80.0);  // basic counts fully (Beijing)
  // 0.30 * 0.9 + 0.35 * 0.9 + 0.35 * 0.875 = 0.27 + 0.315 + 0.30625 = 0.89125
  EXPECT_NEAR(*r.score, 0.89125, 1e-12);

  RateWeights w;
  w.basic_satisfied_value = 0.8;
  r = ComputeDemandRates(c, w);
  EXPECT_DOUBLE_EQ(*r.satisfaction, 68.0 / 80.0);  // (60 + 8) / 80 = 0.85
  // 0.27 + 0.315 + 0.35 * 0.85 = 0.8825
  EXPECT_NEAR(*r.score, 0.8825, 1e-12);

  // Weights written as 30/35/35 give the same score as 0.30/0.35/0.35.
  RateWeights pct;
  pct.response = 30;
  pct.resolution = 35;
  pct.satisfaction = 35;
  EXPECT_NEAR(*ComputeDemandRates(c, pct).score, 0.89125, 1e-12);
  // Other weights: 50/50/0 -> (0.9 + 0.9) / 2.
  RateWeights half;
  half.response = 1;
  half.resolution = 1;
  half.satisfaction = 0;
  EXPECT_NEAR(*ComputeDemandRates(c, half).score, 0.9, 1e-12);
}

TEST(DemandRates, ZeroDenominatorsAreUnknownNotZero) {
  DemandCounts none;
  auto r = ComputeDemandRates(none);
  EXPECT_FALSE(r.response);
  EXPECT_FALSE(r.resolution);
  EXPECT_FALSE(r.satisfaction);
  EXPECT_FALSE(r.score);

  DemandCounts only_dispatched;
  only_dispatched.dispatched = 4;
  only_dispatched.responded_in_time = 3;
  r = ComputeDemandRates(only_dispatched);
  ASSERT_TRUE(r.response);
  EXPECT_DOUBLE_EQ(*r.response, 0.75);
  EXPECT_FALSE(r.resolution);
  EXPECT_FALSE(r.satisfaction);
  EXPECT_FALSE(r.score) << "no score without all three rates";

  DemandCounts only_callbacks;
  only_callbacks.callbacks = 3;
  only_callbacks.solved = 1;
  only_callbacks.satisfied = 0;
  r = ComputeDemandRates(only_callbacks);
  EXPECT_FALSE(r.response);
  EXPECT_NEAR(*r.resolution, 1.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(*r.satisfaction, 0.0) << "0 of 3 is 0 %, not unknown";
  EXPECT_FALSE(r.score);

  RateWeights zero;
  zero.response = zero.resolution = zero.satisfaction = 0;
  DemandCounts all;
  all.dispatched = all.responded_in_time = all.callbacks = all.solved = all.satisfied = 1;
  r = ComputeDemandRates(all, zero);
  EXPECT_TRUE(r.response);
  EXPECT_FALSE(r.score) << "weights summing to 0 give no score";
}

TEST(DemandRates, PerfectAndClamped) {
  DemandCounts c;
  c.dispatched = c.responded_in_time = 10;
  c.callbacks = c.solved = c.satisfied = 7;
  auto r = ComputeDemandRates(c);
  EXPECT_DOUBLE_EQ(*r.response, 1.0);
  EXPECT_DOUBLE_EQ(*r.score, 1.0);
  // Inconsistent counts never give more than 100 %.
  c.satisfied = 7;
  c.basic = 5;
  r = ComputeDemandRates(c);
  EXPECT_DOUBLE_EQ(*r.satisfaction, 1.0);
}

}  // namespace
}  // namespace linli
