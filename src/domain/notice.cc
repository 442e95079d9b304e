#include "domain/notice.h"
#include "domain/civil_date.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "domain/text_util.h"

namespace linli {

namespace {

struct KindName {
  NoticeKind kind;
  std::string_view code, zh;
};
constexpr KindName kKinds[] = {
    {NoticeKind::kGeneral, "general", "一般公示"},   {NoticeKind::kDeliberation, "deliberation", "议事结果"},
    {NoticeKind::kVote, "vote", "表决结果"},         {NoticeKind::kElevator, "elevator", "加装电梯方案"},
    {NoticeKind::kProperty, "property", "物业管理"},
};

constexpr std::pair<NoticeStatus, std::string_view> kStatuses[] = {
    {NoticeStatus::kDraft, "draft"},         {NoticeStatus::kScheduled, "scheduled"},
    {NoticeStatus::kPublished, "published"}, {NoticeStatus::kEnded, "ended"},
    {NoticeStatus::kArchived, "archived"},
};

constexpr std::int64_t kBeijingOffset = 8 * 3600;

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

using civil::DaysFromCivil;

// Trims and turns CRLF/CR into LF; runs of 3+ line breaks stay (the author's layout).
std::string CleanBody(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return std::string(text::Trim(out));
}

bool GoodUrl(std::string_view url) {
  if (url.empty() || url.find_first_of(" \t\r\n\"'<>") != std::string_view::npos) return false;
  if (url.starts_with("https://") || url.starts_with("http://")) return url.size() > 8;
  return url.front() == '/' && !url.starts_with("//");
}

Error Collect(std::vector<FieldError> problems) {
  Error e{ErrorCode::kInvalidArgument, problems.front().message, problems.front().field, std::move(problems)};
  return e;
}

Error ConflictOn(std::string field, std::string reason, std::string message) {
  Error e{ErrorCode::kConflict, message, field, {}};
  e.details.push_back({std::move(field), std::move(reason), std::move(message)});
  return e;
}

}  // namespace

std::string_view NoticeKindCode(NoticeKind k) {
  for (const auto& n : kKinds)
    if (n.kind == k) return n.code;
  return "general";
}
std::optional<NoticeKind> ParseNoticeKind(std::string_view code) {
  for (const auto& n : kKinds)
    if (n.code == code) return n.kind;
  return std::nullopt;
}
std::string_view NoticeKindNameZh(NoticeKind k) {
  for (const auto& n : kKinds)
    if (n.kind == k) return n.zh;
  return "公示";
}
std::string_view NoticeStatusCode(NoticeStatus s) {
  for (const auto& [st, code] : kStatuses)
    if (st == s) return code;
  return "draft";
}
std::optional<NoticeStatus> ParseNoticeStatus(std::string_view code) {
  for (const auto& [st, c] : kStatuses)
    if (c == code) return st;
  return std::nullopt;
}
std::string_view NoticeCommentKindCode(NoticeCommentKind k) {
  return k == NoticeCommentKind::kObjection ? "objection" : "comment";
}
std::optional<NoticeCommentKind> ParseNoticeCommentKind(std::string_view code) {
  if (code == "comment") return NoticeCommentKind::kComment;
  if (code == "objection") return NoticeCommentKind::kObjection;
  return std::nullopt;
}

// ------------------------------------------------------------------ time

std::optional<std::int64_t> ParseNoticeTime(std::string_view t) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!Digits(t.substr(0, 4)) || !Digits(t.substr(5, 2)) || !Digits(t.substr(8, 2))) return std::nullopt;
  int y = Num(t.substr(0, 4)), mo = Num(t.substr(5, 2)), d = Num(t.substr(8, 2));
  {
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
  }
  std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (t.size() == 10) return days * 86400 - kBeijingOffset;
  if (t[10] != 'T' && t[10] != ' ') return std::nullopt;
  std::string_view rest = t.substr(11);
  if (rest.size() < 5 || rest[2] != ':' || !Digits(rest.substr(0, 2)) || !Digits(rest.substr(3, 2)))
    return std::nullopt;
  int h = Num(rest.substr(0, 2)), mi = Num(rest.substr(3, 2)), s = 0;
  rest.remove_prefix(5);
  if (!rest.empty() && rest[0] == ':') {
    if (rest.size() < 3 || !Digits(rest.substr(1, 2))) return std::nullopt;
    s = Num(rest.substr(1, 2));
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {
      std::size_t n = 1;
      while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
      if (n == 1) return std::nullopt;
      rest.remove_prefix(n);
    }
  }
  if (h > 23 || mi > 59 || s > 59) return std::nullopt;
  std::int64_t offset = 0;
  if (rest == "Z" || rest == "z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
             Digits(rest.substr(1, 2)) && Digits(rest.substr(4, 2))) {
    int oh = Num(rest.substr(1, 2)), om = Num(rest.substr(4, 2));
    if (oh > 14 || om > 59) return std::nullopt;
    offset = (oh * 3600 + om * 60) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return days * 86400 + h * 3600 + mi * 60 + s - offset;
}

std::string FormatNoticeTimeUtc(std::int64_t seconds) {
  using namespace std::chrono;
  sys_seconds tp{std::chrono::seconds{seconds}};
  auto day_point = floor<days>(tp);
  year_month_day ymd{day_point};
  hh_mm_ss hms{tp - day_point};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string ChineseDate(std::string_view iso) {
  auto t = ParseNoticeTime(iso);
  if (!t) return "";
  using namespace std::chrono;
  sys_seconds tp{std::chrono::seconds{*t + kBeijingOffset}};
  year_month_day ymd{floor<days>(tp)};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%d年%u月%u日", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string ChinesePeriod(std::string_view starts_at, std::string_view ends_at) {
  auto end = ParseNoticeTime(ends_at);
  std::string last;
  if (end) {
    std::int64_t local = *end + kBeijingOffset;
    if (local % 86400 == 0) --local;  // midnight: the day before is the last one
    last = ChineseDate(FormatNoticeTimeUtc(local - kBeijingOffset));
  }
  return ChineseDate(starts_at) + "至" + last;
}

// ------------------------------------------------------------------ rules

Result<Notice> ValidateNotice(const Notice& in, const NoticeRules& rules) {
  Notice n = in;
  std::vector<FieldError> problems;
  auto add = [&](std::string field, std::string reason, std::string message) {
    problems.push_back({std::move(field), std::move(reason), std::move(message)});
  };
  n.title = std::string(text::Trim(n.title));
  if (n.title.empty())
    add("title", "required", "请填写公示标题");
  else if (text::CodePointCount(n.title) > kNoticeTitleMax)
    add("title", "too_long", "标题最长 " + std::to_string(kNoticeTitleMax) + " 个字");
  else if (n.title.find_first_of("\r\n") != std::string::npos)
    add("title", "format", "标题不能换行");
  n.body = CleanBody(n.body);
  if (n.body.empty())
    add("body", "required", "请填写公示正文");
  else if (text::CodePointCount(n.body) > kNoticeBodyMax)
    add("body", "too_long", "正文最长 " + std::to_string(kNoticeBodyMax) + " 个字");

  std::optional<std::int64_t> start, end;
  if (n.starts_at.empty())
    add("starts_at", "required", "请填写公示开始时间");
  else if (!(start = ParseNoticeTime(n.starts_at)))
    add("starts_at", "format", "开始时间格式不正确");
  if (n.ends_at.empty())
    add("ends_at", "required", "请填写公示结束时间");
  else if (!(end = ParseNoticeTime(n.ends_at)))
    add("ends_at", "format", "结束时间格式不正确");
  if (start) n.starts_at = FormatNoticeTimeUtc(*start);
  if (end) n.ends_at = FormatNoticeTimeUtc(*end);
  if (start && end) {
    int min_days = rules.min_days_of(n.kind);
    if (*end <= *start) {
      add("ends_at", "before_start", "结束时间应晚于开始时间");
    } else if (min_days > 0 && *end - *start < std::int64_t{min_days} * 86400) {
      add("ends_at", "min_period",
          std::string(NoticeKindNameZh(n.kind)) + "的公示期不少于 " + std::to_string(min_days) + " 天");
    }
  }

  std::sort(n.compound_ids.begin(), n.compound_ids.end());
  n.compound_ids.erase(std::unique(n.compound_ids.begin(), n.compound_ids.end()), n.compound_ids.end());
  if (n.attachments.size() > kNoticeAttachmentsMax) {
    add("attachments", "too_many", "附件最多 " + std::to_string(kNoticeAttachmentsMax) + " 个");
  } else {
    for (auto& a : n.attachments) {
      a.name = std::string(text::Trim(a.name));
      a.url = std::string(text::Trim(a.url));
      if (a.name.empty() || text::CodePointCount(a.name) > 100) {
        add("attachments", "name", "附件名称必填，最长 100 个字");
        break;
      }
      if (!GoodUrl(a.url) || a.url.size() > 2000) {
        add("attachments", "url", "附件地址应以 http(s):// 或 / 开头");
        break;
      }
    }
  }
  if (!problems.empty()) return Collect(std::move(problems));
  return n;
}

NoticeStatus NoticeStatusAt(const Notice& n, std::string_view now) {
  if (n.published_at.empty()) return NoticeStatus::kDraft;
  if (!n.archived_at.empty()) return NoticeStatus::kArchived;
  auto t = ParseNoticeTime(now);
  auto start = ParseNoticeTime(n.starts_at);
  auto end = ParseNoticeTime(n.ends_at);
  if (!t || !start || *t < *start) return NoticeStatus::kScheduled;
  if (!end || *t < *end) return NoticeStatus::kPublished;
  return NoticeStatus::kEnded;
}

Status CheckEditable(const Notice& n) {
  if (!n.published_at.empty()) return ConflictOn("status", "not_draft", "公示已发布，不能再修改");
  return Ok();
}

Status CheckPublish(const Notice& n, std::string_view now) {
  if (!n.published_at.empty()) return ConflictOn("status", "not_draft", "公示已发布");
  auto t = ParseNoticeTime(now);
  auto end = ParseNoticeTime(n.ends_at);
  if (t && end && *end <= *t)
    return Error::Invalid("ends_at", "already_ended", "公示期已过，请先修改结束时间");
  return Ok();
}

Status CheckCommentAllowed(const Notice& n, std::string_view now, bool anonymous) {
  switch (NoticeStatusAt(n, now)) {
    case NoticeStatus::kDraft:
      return Error::Invalid("status", "not_published", "公示尚未发布");
    case NoticeStatus::kScheduled:
      return Error::Invalid("starts_at", "not_started", "公示期尚未开始，暂不能发表意见");
    case NoticeStatus::kEnded:
    case NoticeStatus::kArchived:
      return Error::Invalid("ends_at", "period_over", "公示期已结束，不能再发表意见");
    case NoticeStatus::kPublished:
      break;
  }
  if (anonymous && !n.allow_anonymous)
    return Error::Invalid("author_name", "anonymous_not_allowed", "这条公示只接受登录居民的意见");
  return Ok();
}

Result<NoticeComment> ValidateComment(const NoticeComment& in) {
  NoticeComment c = in;
  std::vector<FieldError> problems;
  c.text = CleanBody(c.text);
  if (c.text.empty())
    problems.push_back({"text", "required", "请填写意见内容"});
  else if (text::CodePointCount(c.text) > kCommentTextMax)
    problems.push_back({"text", "too_long", "意见最长 " + std::to_string(kCommentTextMax) + " 个字"});
  c.author_name = std::string(text::Trim(c.author_name));
  if (!c.user_id && c.author_name.empty())
    problems.push_back({"author_name", "required", "请留下称呼"});
  else if (text::CodePointCount(c.author_name) > kCommentNameMax ||
           c.author_name.find_first_of("\r\n") != std::string::npos)
    problems.push_back({"author_name", "too_long", "称呼最长 " + std::to_string(kCommentNameMax) + " 个字"});
  if (!problems.empty()) return Collect(std::move(problems));
  return c;
}

Result<std::string> CheckAnswer(const Notice& n, std::string_view answer) {
  if (n.published_at.empty()) return ConflictOn("status", "not_published", "公示尚未发布");
  if (!n.archived_at.empty()) return ConflictOn("status", "archived", "公示已归档，不能再答复");
  std::string a = CleanBody(answer);
  if (a.empty()) return Error::Invalid("answer", "required", "请填写答复");
  if (text::CodePointCount(a) > kAnswerMax)
    return Error::Invalid("answer", "too_long", "答复最长 " + std::to_string(kAnswerMax) + " 个字");
  return a;
}

Status CheckArchive(const Notice& n, std::string_view now, std::int64_t unanswered_objections) {
  NoticeStatus s = NoticeStatusAt(n, now);
  if (s == NoticeStatus::kArchived) return ConflictOn("status", "archived", "公示已归档");
  if (s != NoticeStatus::kEnded) return ConflictOn("status", "not_ended", "公示期结束后才能归档");
  if (unanswered_objections > 0)
    return ConflictOn("objections", "unanswered",
                      "还有 " + std::to_string(unanswered_objections) + " 条异议未答复，答复后才能归档");
  return Ok();
}

}  // namespace linli
