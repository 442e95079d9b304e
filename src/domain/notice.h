// Public notices (公示): the value types and the pure rules — field checks, the minimum period per
// kind, the status derived from the clock, who may comment when, answering objections, archiving.
// No I/O, no clock: "now" is passed in as an ISO 8601 UTC string ("2026-11-29T08:00:00Z").
// A notice is never deleted: after its period it ends, and staff archive it once every objection
// has an answer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace linli {

// What the notice is about (stored as its code).
enum class NoticeKind {
  kGeneral,       // general       一般公示
  kDeliberation,  // deliberation  议事结果 (a six-step deliberation's decision)
  kVote,          // vote          表决结果
  kElevator,      // elevator      加装电梯方案 (minimum period 7 days by default)
  kProperty,      // property      物业管理
};
std::string_view NoticeKindCode(NoticeKind k);
std::optional<NoticeKind> ParseNoticeKind(std::string_view code);
std::string_view NoticeKindNameZh(NoticeKind k);  // "加装电梯方案"
inline constexpr NoticeKind kAllNoticeKinds[] = {NoticeKind::kGeneral, NoticeKind::kDeliberation,
                                                 NoticeKind::kVote, NoticeKind::kElevator,
                                                 NoticeKind::kProperty};

// Derived from the stored fields and "now" (NoticeStatusAt), never stored.
enum class NoticeStatus {
  kDraft,      // draft      草稿: not published; staff only
  kScheduled,  // scheduled  待公示: published, the period has not started
  kPublished,  // published  公示中: inside [starts_at, ends_at)
  kEnded,      // ended      已结束: the period is over; objections may still be answered
  kArchived,   // archived   已归档: closed for good; read-only
};
std::string_view NoticeStatusCode(NoticeStatus s);
std::optional<NoticeStatus> ParseNoticeStatus(std::string_view code);

// A linked file (a scanned plan, the ballot count): a name and where to fetch it (an http(s) URL
// or a server path starting with "/").
struct NoticeAttachment {
  std::string name, url;
};

struct Notice {
  Id id = 0;
  Id community_id = 0;
  std::vector<Id> compound_ids;  // the compounds it concerns; empty = the whole community
  std::string title;
  std::string body;  // plain text; paragraphs separated by blank lines
  NoticeKind kind = NoticeKind::kGeneral;
  std::string starts_at, ends_at;              // ISO 8601 UTC ("2026-11-29T00:00:00Z"); ends_at > starts_at
  std::optional<Id> deliberation_id, vote_id;  // plain ids for now
  std::vector<NoticeAttachment> attachments;
  bool allow_anonymous = true;  // residents may comment without logging in, under a name
  std::string created_by, created_at;
  std::string published_by, published_at;  // "" = draft
  std::string archived_by, archived_at;    // "" = not archived
};

enum class NoticeCommentKind { kComment, kObjection };
std::string_view NoticeCommentKindCode(NoticeCommentKind k);  // "comment" | "objection"
std::optional<NoticeCommentKind> ParseNoticeCommentKind(std::string_view code);

// A resident's comment or objection, and the staff's answer.
struct NoticeComment {
  Id id = 0;
  Id notice_id = 0;
  std::optional<Id> user_id;  // the logged-in resident; nullopt = anonymous
  std::string author_name;    // the resident's name, or the name an anonymous author gave
  NoticeCommentKind kind = NoticeCommentKind::kComment;
  std::string text, at;
  std::string answer, answered_by, answered_at;  // "" until answered
};

// Configurable rules. `min_days[kind]`: the shortest period (ends_at - starts_at) in whole days.
struct NoticeRules {
  std::map<NoticeKind, int> min_days = {{NoticeKind::kElevator, 7}};
  int min_days_of(NoticeKind k) const {
    auto it = min_days.find(k);
    return it == min_days.end() ? 0 : it->second;
  }
};

// Length limits (code points).
inline constexpr std::size_t kNoticeTitleMax = 100;
inline constexpr std::size_t kNoticeBodyMax = 20000;
inline constexpr std::size_t kNoticeAttachmentsMax = 20;
inline constexpr std::size_t kCommentTextMax = 1000;
inline constexpr std::size_t kCommentNameMax = 20;
inline constexpr std::size_t kAnswerMax = 2000;

// ------------------------------------------------------------------ time (pure)
// Seconds since the epoch of an ISO 8601 time: "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or
// "+HH:MM"/"-HH:MM"; a bare date "YYYY-MM-DD" is midnight in Beijing (+08:00). nullopt otherwise.
std::optional<std::int64_t> ParseNoticeTime(std::string_view text);
// "2026-11-29T00:00:00Z".
std::string FormatNoticeTimeUtc(std::int64_t seconds);
// The date in Beijing time (+08:00) the Chinese way: "2026年11月29日" ("" when unparseable).
std::string ChineseDate(std::string_view iso);
// The period as people read it: "2026年11月29日至2026年12月5日". An end at exactly midnight in
// Beijing is exclusive, so the last day shown is the day before.
std::string ChinesePeriod(std::string_view starts_at, std::string_view ends_at);

// ------------------------------------------------------------------ rules
// Checks every writable field at once and normalises: title/body trimmed (body keeps its inner
// line breaks, CRLF -> LF), times rewritten as UTC "…Z", compound ids de-duplicated. Errors
// (kInvalidArgument, all problems in details): title/body required (reason "required") or too
// long ("too_long"); starts_at/ends_at required or not a time ("format"); ends_at not after
// starts_at ("before_start"); a period shorter than the kind's minimum (field ends_at, reason
// "min_period"); attachments with an empty name or a URL that is neither http(s) nor a server
// path ("attachments", reason "url"); more than kNoticeAttachmentsMax ("too_many").
Result<Notice> ValidateNotice(const Notice& in, const NoticeRules& rules = {});

// The status at `now` (ISO 8601 UTC). Unparseable times count as "not yet".
NoticeStatus NoticeStatusAt(const Notice& n, std::string_view now);

// Drafts only may be edited: kConflict (field status, reason "not_draft") otherwise.
Status CheckEditable(const Notice& n);
// Publishing a draft at `now`: kConflict (field status) when it is not a draft; kInvalidArgument
// field ends_at (reason "already_ended") when its period is already over.
Status CheckPublish(const Notice& n, std::string_view now);
// A comment or objection at `now`: only while the notice is published and inside its period.
// kInvalidArgument field starts_at (reason "not_started") before, field ends_at (reason
// "period_over") after or once archived; field status (reason "not_published") for a draft.
// `anonymous`: also field author_name (reason "anonymous_not_allowed") when the notice does not
// allow anonymous comments.
Status CheckCommentAllowed(const Notice& n, std::string_view now, bool anonymous);
// Normalises a new comment's text and author name. Errors: text required / too long (field
// text), kind must be comment|objection (field kind), author_name required for anonymous
// comments / too long (field author_name).
Result<NoticeComment> ValidateComment(const NoticeComment& in);
// Staff answering `c` of `n`: the notice must be published (not a draft, not archived: field
// status, kConflict); answer required / too long (field answer, kInvalidArgument). Answering
// again replaces the answer. Returns the normalised answer text.
Result<std::string> CheckAnswer(const Notice& n, std::string_view answer);
// Archiving at `now`: only after the period (kConflict field status, reason "not_ended") and once
// every objection is answered (kConflict field objections, reason "unanswered").
Status CheckArchive(const Notice& n, std::string_view now, std::int64_t unanswered_objections);

}  // namespace linli
