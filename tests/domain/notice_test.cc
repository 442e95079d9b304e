// Public notices (公示): field rules, minimum periods per kind, the derived status, comments only
// inside the period, answers and archiving.
#include "domain/notice.h"

#include <gtest/gtest.h>

namespace linli {
namespace {

Notice Valid(NoticeKind kind = NoticeKind::kGeneral) {
  Notice n;
  n.community_id = 1;
  n.title = "  关于垃圾站选址方案的公示 ";
  n.body = "各位居民：\r\n\r\n经四方会谈讨论，垃圾站拟设在3号楼北侧。\r\n";
  n.kind = kind;
  n.starts_at = "2026-11-29";
  n.ends_at = "2026-12-06T00:00:00+08:00";
  return n;
}

bool Has(const Error& e, std::string_view field, std::string_view reason) {
  for (const auto& d : e.details)
    if (d.field == field && d.reason == reason) return true;
  return false;
}

TEST(NoticeTime, ParsesDatesOffsetsAndUtc) {
  EXPECT_EQ(ParseNoticeTime("2026-11-29"), ParseNoticeTime("2026-11-28T16:00:00Z"));
  EXPECT_EQ(ParseNoticeTime("2026-11-29T08:00:00+08:00"), ParseNoticeTime("2026-11-29T00:00Z"));
  EXPECT_EQ(ParseNoticeTime("2026-11-29T00:00:00.123Z"), ParseNoticeTime("2026-11-29T00:00:00Z"));
  EXPECT_EQ(FormatNoticeTimeUtc(*ParseNoticeTime("2026-11-29")), "2026-11-28T16:00:00Z");
  EXPECT_FALSE(ParseNoticeTime("2026-02-30"));
  EXPECT_FALSE(ParseNoticeTime("2026-11-29T25:00:00Z"));
  EXPECT_FALSE(ParseNoticeTime("2026-11-29T08:00:00"));  // no offset: ambiguous
  EXPECT_FALSE(ParseNoticeTime("29/11/2026"));
  EXPECT_FALSE(ParseNoticeTime(""));
}

TEST(NoticeTime, ChineseDateIsInBeijingTime) {
  EXPECT_EQ(ChineseDate("2026-11-28T16:00:00Z"), "2026年11月29日");
  EXPECT_EQ(ChineseDate("2026-11-28T15:59:59Z"), "2026年11月28日");
  EXPECT_EQ(ChineseDate("2027-01-05"), "2027年1月5日");
  EXPECT_EQ(ChineseDate("bad"), "");
  EXPECT_EQ(ChinesePeriod("2026-11-29", "2026-12-06"), "2026年11月29日至2026年12月5日");
  EXPECT_EQ(ChinesePeriod("2026-11-29", "2026-12-06T12:00:00+08:00"), "2026年11月29日至2026年12月6日");
}

TEST(NoticeRules, ValidNoticeIsNormalised) {
  auto n = ValidateNotice(Valid());
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->title, "关于垃圾站选址方案的公示");
  EXPECT_EQ(n->body, "各位居民：\n\n经四方会谈讨论，垃圾站拟设在3号楼北侧。");
  EXPECT_EQ(n->starts_at, "2026-11-28T16:00:00Z");
  EXPECT_EQ(n->ends_at, "2026-12-05T16:00:00Z");
}

TEST(NoticeRules, EveryMissingFieldIsNamedAtOnce) {
  Notice n;
  auto r = ValidateNotice(n);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Has(r.error(), "title", "required"));
  EXPECT_TRUE(Has(r.error(), "body", "required"));
  EXPECT_TRUE(Has(r.error(), "starts_at", "required"));
  EXPECT_TRUE(Has(r.error(), "ends_at", "required"));
}

TEST(NoticeRules, LengthsAndFormats) {
  Notice n = Valid();
  n.title = "";
  for (int i = 0; i < 101; ++i) n.title += "公";
  n.starts_at = "tomorrow";
  auto r = ValidateNotice(n);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Has(r.error(), "title", "too_long"));
  EXPECT_TRUE(Has(r.error(), "starts_at", "format"));
  n = Valid();
  n.title = "";
  for (int i = 0; i < 100; ++i) n.title += "公";
  EXPECT_TRUE(ValidateNotice(n).ok());  // exactly 100 characters
  n.title = "两行\n标题";
  EXPECT_TRUE(Has(ValidateNotice(n).error(), "title", "format"));
}

TEST(NoticeRules, EndsMustFollowStart) {
  Notice n = Valid();
  n.ends_at = "2026-11-28";
  auto r = ValidateNotice(n);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "ends_at");
  EXPECT_TRUE(Has(r.error(), "ends_at", "before_start"));
  n.ends_at = n.starts_at;  // equal is not after
  EXPECT_TRUE(Has(ValidateNotice(n).error(), "ends_at", "before_start"));
}

TEST(NoticeRules, ElevatorPlansNeedSevenDaysExactlyIncluded) {
  Notice n = Valid(NoticeKind::kElevator);
  n.ends_at = "2026-12-04";  // 5 days
  auto r = ValidateNotice(n);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Has(r.error(), "ends_at", "min_period"));
  n.ends_at = "2026-12-05T23:59:59+08:00";  // one second short of 7 days
  EXPECT_FALSE(ValidateNotice(n).ok());
  n.ends_at = "2026-12-06";  // exactly 7 days
  EXPECT_TRUE(ValidateNotice(n).ok());
  // A general notice of one day is fine; the rule is configurable per kind.
  Notice g = Valid();
  g.ends_at = "2026-11-30";
  EXPECT_TRUE(ValidateNotice(g).ok());
  NoticeRules strict;
  strict.min_days[NoticeKind::kGeneral] = 3;
  EXPECT_TRUE(Has(ValidateNotice(g, strict).error(), "ends_at", "min_period"));
  NoticeRules relaxed;
  relaxed.min_days.clear();
  n.ends_at = "2026-12-01";
  EXPECT_TRUE(ValidateNotice(n, relaxed).ok());
}

TEST(NoticeRules, Attachments) {
  Notice n = Valid();
  n.attachments = {{"方案图", "/files/plan.pdf"}, {"报价", "https://example.org/q.pdf"}};
  EXPECT_TRUE(ValidateNotice(n).ok());
  n.attachments = {{"坏链接", "javascript:alert(1)"}};
  EXPECT_TRUE(Has(ValidateNotice(n).error(), "attachments", "url"));
  n.attachments = {{"", "/x"}};
  EXPECT_TRUE(Has(ValidateNotice(n).error(), "attachments", "name"));
  n.attachments = {{"协议相对", "//evil.example/x"}};
  EXPECT_TRUE(Has(ValidateNotice(n).error(), "attachments", "url"));
}

Notice Published() {
  Notice n = ValidateNotice(Valid()).value();
  n.published_at = "2026-11-27T02:00:00Z";
  return n;
}

TEST(NoticeStatusRules, DerivedFromTheClock) {
  Notice n = ValidateNotice(Valid()).value();
  EXPECT_EQ(NoticeStatusAt(n, "2026-11-30T00:00:00Z"), NoticeStatus::kDraft);
  n = Published();
  EXPECT_EQ(NoticeStatusAt(n, "2026-11-28T15:59:59Z"), NoticeStatus::kScheduled);
  EXPECT_EQ(NoticeStatusAt(n, "2026-11-28T16:00:00Z"), NoticeStatus::kPublished);
  EXPECT_EQ(NoticeStatusAt(n, "2026-12-05T15:59:59Z"), NoticeStatus::kPublished);
  EXPECT_EQ(NoticeStatusAt(n, "2026-12-05T16:00:00Z"), NoticeStatus::kEnded);
  n.archived_at = "2026-12-06T00:00:00Z";
  EXPECT_EQ(NoticeStatusAt(n, "2026-12-07T00:00:00Z"), NoticeStatus::kArchived);
  for (NoticeStatus s : {NoticeStatus::kDraft, NoticeStatus::kScheduled, NoticeStatus::kPublished,
                         NoticeStatus::kEnded, NoticeStatus::kArchived})
    EXPECT_EQ(ParseNoticeStatus(NoticeStatusCode(s)), s);
  for (NoticeKind k : kAllNoticeKinds) EXPECT_EQ(ParseNoticeKind(NoticeKindCode(k)), k);
  EXPECT_FALSE(ParseNoticeKind("lottery"));
}

TEST(NoticeStatusRules, OnlyDraftsAreEditedAndPublished) {
  Notice d = ValidateNotice(Valid()).value();
  EXPECT_TRUE(CheckEditable(d).ok());
  EXPECT_TRUE(CheckPublish(d, "2026-11-27T00:00:00Z").ok());
  auto late = CheckPublish(d, "2026-12-06T00:00:00Z");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().field, "ends_at");
  Notice p = Published();
  EXPECT_EQ(CheckEditable(p).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckPublish(p, "2026-11-29T00:00:00Z").error().code, ErrorCode::kConflict);
}

TEST(NoticeComments, OnlyInsideThePeriod) {
  Notice n = Published();
  auto before = CheckCommentAllowed(n, "2026-11-28T15:59:59Z", false);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().field, "starts_at");
  EXPECT_TRUE(CheckCommentAllowed(n, "2026-11-28T16:00:00Z", false).ok());
  auto after = CheckCommentAllowed(n, "2026-12-05T16:00:00Z", false);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().field, "ends_at");
  EXPECT_EQ(after.error().code, ErrorCode::kInvalidArgument);
  Notice d = ValidateNotice(Valid()).value();
  EXPECT_EQ(CheckCommentAllowed(d, "2026-11-30T00:00:00Z", false).error().field, "status");
  n.allow_anonymous = false;
  EXPECT_EQ(CheckCommentAllowed(n, "2026-11-30T00:00:00Z", true).error().field, "author_name");
  EXPECT_TRUE(CheckCommentAllowed(n, "2026-11-30T00:00:00Z", false).ok());
}

TEST(NoticeComments, TextAndName) {
  NoticeComment c;
  c.text = "  ";
  auto r = ValidateComment(c);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Has(r.error(), "text", "required"));
  EXPECT_TRUE(Has(r.error(), "author_name", "required"));  // anonymous needs a name
  c.user_id = 7;
  c.text = "垃圾站离3号楼太近，夏天有味道。";
  EXPECT_TRUE(ValidateComment(c).ok());
  c.text.clear();
  for (std::size_t i = 0; i <= kCommentTextMax; ++i) c.text += "字";
  EXPECT_TRUE(Has(ValidateComment(c).error(), "text", "too_long"));
  c.text = "好";
  c.user_id.reset();
  c.author_name = "3号楼 王阿姨";
  EXPECT_TRUE(ValidateComment(c).ok());
}

TEST(NoticeComments, AnswersAndArchive) {
  Notice d = ValidateNotice(Valid()).value();
  EXPECT_EQ(CheckAnswer(d, "好").error().code, ErrorCode::kConflict);
  Notice n = Published();
  EXPECT_EQ(CheckAnswer(n, "  ").error().field, "answer");
  EXPECT_EQ(*CheckAnswer(n, " 已请物业每天清运两次。 "), "已请物业每天清运两次。");
  // archive: only after the end, and only with every objection answered
  auto early = CheckArchive(n, "2026-12-01T00:00:00Z", 0);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  auto open = CheckArchive(n, "2026-12-06T00:00:00Z", 2);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().field, "objections");
  EXPECT_TRUE(CheckArchive(n, "2026-12-06T00:00:00Z", 0).ok());
  n.archived_at = "2026-12-06T00:00:00Z";
  EXPECT_FALSE(CheckArchive(n, "2026-12-07T00:00:00Z", 0).ok());
  EXPECT_EQ(CheckAnswer(n, "再答").error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace linli
