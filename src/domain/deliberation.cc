#include "domain/deliberation.h"
#include "domain/civil_date.h"
#include "domain/demand_text.h"

#include <algorithm>
#include <cstdio>

namespace linli {
namespace {

using S = DeliberationStep;

Error Invalid(std::string field, std::string reason, std::string message) {
  return Error::Invalid(std::move(field), std::move(reason), std::move(message));
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

using civil::DaysFromCivil;

void CivilFromDays(std::int64_t z, int* y, int* m, int* d) {
  const civil::Date c = civil::CivilFromDays(z);
  *y = static_cast<int>(c.year), *m = static_cast<int>(c.month), *d = static_cast<int>(c.day);
}

unsigned DaysInMonth(int y, int m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// "YYYY-MM-DD" -> days since 1970-01-01.
std::optional<std::int64_t> DateDays(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &m) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, m)) {
    return std::nullopt;
  }
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string FormatDate(std::int64_t days) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]" -> Unix seconds (no zone = UTC).
std::optional<std::int64_t> IsoSeconds(std::string_view s) { return civil::IsoToUnixSeconds(s); }

// "HH:MM" -> minutes since midnight.
std::optional<int> Minutes(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || !Digits(s, 0, 2, &h) || s[2] != ':' || !Digits(s, 3, 2, &m) || h > 23 || m > 59) {
    return std::nullopt;
  }
  return h * 60 + m;
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view WeekdayZh(int wd) {
  static constexpr std::string_view kNames[] = {"一", "二", "三", "四", "五", "六", "日"};
  return wd >= 1 && wd <= 7 ? kNames[wd - 1] : "?";
}

}  // namespace

// ------------------------------------------------------------------ steps
std::string_view DeliberationStepCode(DeliberationStep s) {
  switch (s) {
    case S::kCollect:
      return "collect";
    case S::kTopic:
      return "topic";
    case S::kResearch:
      return "research";
    case S::kDecide:
      return "decide";
    case S::kImplement:
      return "implement";
    case S::kPublish:
      return "publish";
    case S::kClosed:
      return "closed";
  }
  return "";
}

std::optional<DeliberationStep> ParseDeliberationStep(std::string_view code) {
  for (auto s : {S::kCollect, S::kTopic, S::kResearch, S::kDecide, S::kImplement, S::kPublish, S::kClosed}) {
    if (DeliberationStepCode(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view DeliberationStepNameZh(DeliberationStep s) {
  switch (s) {
    case S::kCollect:
      return "广开言路纳民意";
    case S::kTopic:
      return "分组商量定主题";
    case S::kResearch:
      return "再三调研拟方案";
    case S::kDecide:
      return "民主讨论达共识";
    case S::kImplement:
      return "跟踪问效抓落地";
    case S::kPublish:
      return "及时公示听反馈";
    case S::kClosed:
      return "已办结";
  }
  return "";
}

bool IsMeetingParty(std::string_view c) {
  return c == "committee" || c == "residents" || c == "units" || c == "party" || c == "other";
}

bool IsTaskOverdue(const DeliberationTask& task, std::string_view today) {
  if (task.status != "open") return false;
  const auto due = DateDays(task.due_date), now = DateDays(today);
  return due && now && *due < *now;
}

Status CheckStepOutput(const Deliberation& d, DeliberationStep step, std::string_view now) {
  switch (step) {
    case S::kCollect:
      if (d.opinions.empty()) return Invalid("opinions", "required", "第一步须至少收集一条居民意见");
      return Ok();
    case S::kTopic:
      if (Blank(d.topic)) return Invalid("topic", "required", "第二步须确定议题");
      if (Blank(d.question)) return Invalid("question", "required", "第二步须写明要商议决定的问题");
      return Ok();
    case S::kResearch: {
      if (d.options.empty()) return Invalid("options", "required", "第三步须至少拟定一个方案");
      for (std::size_t i = 0; i < d.options.size(); ++i) {
        const auto& o = d.options[i];
        const std::string f = "options[" + std::to_string(i) + "].";
        const std::string name = "方案“" + o.title + "”";
        if (!o.cost_fen || *o.cost_fen < 0) return Invalid(f + "cost_fen", "required", name + "须写明费用");
        if (Blank(o.payer)) return Invalid(f + "payer", "required", name + "须写明由谁出资");
        if (Blank(o.schedule)) return Invalid(f + "schedule", "required", name + "须写明实施时间安排");
        if (o.affected_households <= 0) {
          return Invalid(f + "affected_households", "required", name + "须写明涉及多少户");
        }
      }
      return Ok();
    }
    case S::kDecide: {
      if (d.meetings.empty())
        return Invalid("meetings", "required", "第四步须至少召开一次议事会议（四方会谈）");
      bool attended = false, minuted = false, complete = false;
      for (const auto& m : d.meetings) {
        const bool a = !m.attendees.empty(), mn = !Blank(m.minutes);
        attended = attended || a;
        minuted = minuted || mn;
        complete = complete || (a && mn);
      }
      if (!complete) {
        if (!attended) return Invalid("meetings", "attendance_required", "议事会议须登记到会人员");
        if (!minuted) return Invalid("meetings", "minutes_required", "议事会议须有会议纪要");
        return Invalid("meetings", "minutes_required", "须有一次会议同时登记到会人员和会议纪要");
      }
      if (Blank(d.outcome)) return Invalid("outcome", "required", "须记录议事结论");
      if (d.needs_vote) {
        if (!d.vote_id) return Invalid("vote_id", "required", "本事项须经业主表决，请先关联表决");
        if (d.vote_outcome.empty()) return Invalid("vote_outcome", "required", "表决尚未计票，须有表决结果");
        if (d.vote_outcome != "passed") {
          return Invalid("vote_outcome", "vote_not_passed",
                         "表决未通过，不能进入实施；可退回上一步重新拟定方案");
        }
      }
      return Ok();
    }
    case S::kImplement: {
      if (d.tasks.empty()) return Invalid("tasks", "required", "第五步须至少有一项落实任务");
      bool any_done = false;
      for (const auto& t : d.tasks) {
        if (t.status == "open") return Invalid("tasks", "unfinished", "任务“" + t.title + "”尚未完成");
        any_done = any_done || t.status == "done";
      }
      if (!any_done) return Invalid("tasks", "none_done", "至少要有一项任务已完成");
      return Ok();
    }
    case S::kPublish: {
      if (d.notices.empty()) return Invalid("notices", "required", "第六步须发布公示");
      const auto now_s = IsoSeconds(now);
      if (!now_s) return Invalid("now", "invalid_time", "时间格式不对");
      bool published = false;
      for (const auto& n : d.notices) {
        if (!n.published) continue;
        published = true;
        const auto end = IsoSeconds(n.ends_at);
        if (!end || *now_s < *end) return Invalid("notices", "period_not_over", "公示期尚未结束，不能办结");
        if (n.open_objections > 0) {
          return Invalid("notices", "objections_open",
                         "还有 " + std::to_string(n.open_objections) + " 条异议未答复，不能办结");
        }
      }
      if (!published) return Invalid("notices", "not_published", "公示尚未发布");
      return Ok();
    }
    case S::kClosed:
      return Ok();
  }
  return Ok();
}

std::string_view StepActionCode(StepAction a) {
  switch (a) {
    case StepAction::kAdvance:
      return "advance";
    case StepAction::kBack:
      return "back";
    case StepAction::kSkip:
      return "skip";
  }
  return "";
}

std::optional<StepAction> ParseStepAction(std::string_view code) {
  for (auto a : {StepAction::kAdvance, StepAction::kBack, StepAction::kSkip})
    if (StepActionCode(a) == code) return a;
  return std::nullopt;
}

Result<StepEvent> ChangeStep(Deliberation& d, const StepRequest& r) {
  if (d.step == S::kClosed) {
    Error e = Invalid("step", "closed", "议事已办结，不能再变更步骤");
    e.code = ErrorCode::kConflict;
    return e;
  }
  if (Blank(r.actor)) return Invalid("actor", "required", "须记录操作人");
  if (!IsoSeconds(r.now)) return Invalid("now", "invalid_time", "时间格式不对");
  const S next = static_cast<S>(static_cast<int>(d.step) + 1);
  StepEvent ev;
  ev.from = std::string(DeliberationStepCode(d.step));
  ev.kind = std::string(StepActionCode(r.action));
  ev.actor = r.actor;
  ev.at = r.now;
  S to = next;
  switch (r.action) {
    case StepAction::kAdvance:
      LINLI_TRY_STATUS(CheckStepOutput(d, d.step, r.now));
      break;
    case StepAction::kBack:
      if (!r.target) return Invalid("target", "required", "须选择退回到哪一步");
      if (static_cast<int>(*r.target) >= static_cast<int>(d.step)) {
        return Invalid("target", "not_earlier", "只能退回到前面的步骤");
      }
      if (Blank(r.reason)) return Invalid("reason", "required", "退回须写明原因");
      to = *r.target;
      ev.reason = r.reason;
      break;
    case StepAction::kSkip:
      if (Blank(r.reason)) return Invalid("reason", "required", "跳过步骤须写明原因");
      if (Blank(r.approved_by) || r.approver_role != "community_head") {
        Error e = Invalid("approved_by", "head_approval_required", "跳过步骤须经社区书记或主任同意");
        e.code = ErrorCode::kPermissionDenied;
        return e;
      }
      ev.reason = r.reason;
      ev.approved_by = r.approved_by;
      break;
  }
  ev.to = std::string(DeliberationStepCode(to));
  d.step = to;
  d.history.push_back(ev);
  return ev;
}

// ------------------------------------------------------------------ theme suggestions
std::vector<OpinionThemeSuggestion> SuggestOpinionThemes(const std::vector<Opinion>& opinions, double similarity) {
  std::vector<HotspotItem> items;
  items.reserve(opinions.size());
  for (const auto& o : opinions) {
    HotspotItem h;
    h.id = o.id, h.description = o.text;
    // FindHotspots walks newest first; the id keeps the order stable when times are equal.
    char buf[24];
    std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(o.id));
    h.created_at = o.created_at + buf;
    items.push_back(std::move(h));
  }
  HotspotOptions options;
  options.similarity = similarity;
  options.min_count = 1;
  options.limit = items.size() + 1;
  options.keywords = 3;
  std::vector<OpinionThemeSuggestion> out;
  OpinionThemeSuggestion rest;
  rest.theme = "其他意见";
  for (auto& h : FindHotspots(items, options)) {
    std::vector<Id> ids = h.ids;
    std::sort(ids.begin(), ids.end());
    if (ids.size() < 2) {
      rest.opinion_ids.insert(rest.opinion_ids.end(), ids.begin(), ids.end());
      continue;
    }
    OpinionThemeSuggestion g;
    std::vector<std::string> texts;
    for (Id id : ids)
      for (const auto& o : opinions)
        if (o.id == id) texts.push_back(o.text);
    for (const auto& k : h.keywords) {
      if (k.size() == 6 && k.substr(0, 3) == k.substr(3)) continue;  // "里里": no word
      std::string word = GrowDemandKeyword(k, texts);  // FindHotspots grew it already: kept as it is
      bool dup = false;
      for (const auto& w : g.keywords) dup = dup || w.find(word) != std::string::npos || word.find(w) != std::string::npos;
      if (!dup) g.keywords.push_back(std::move(word));
    }
    for (std::size_t i = 0; i < g.keywords.size() && i < 2; ++i) g.theme += (i ? "、" : "") + g.keywords[i];
    if (g.theme.empty()) g.theme = "第" + std::to_string(out.size() + 1) + "组";
    g.opinion_ids = std::move(ids);
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.opinion_ids.size() > b.opinion_ids.size();
  });
  if (!rest.opinion_ids.empty()) {
    std::sort(rest.opinion_ids.begin(), rest.opinion_ids.end());
    out.push_back(std::move(rest));
  }
  return out;
}

// ------------------------------------------------------------------ halls
Status ValidateHall(const Hall& h) {
  if (Blank(h.name)) return Invalid("name", "required", "请填写议事厅名称");
  if (h.compound_ids.empty()) return Invalid("compound_ids", "required", "议事厅至少要服务一个小区");
  for (std::size_t i = 0; i < h.compound_ids.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (h.compound_ids[i] == h.compound_ids[j]) return Invalid("compound_ids", "duplicate", "小区重复");
  if (h.hours.empty()) return Invalid("hours", "required", "请设置每周开放时间");
  for (std::size_t i = 0; i < h.hours.size(); ++i) {
    const auto& x = h.hours[i];
    const std::string f = "hours[" + std::to_string(i) + "]";
    if (x.weekday < 1 || x.weekday > 7) return Invalid(f, "weekday_range", "星期应为 1（周一）到 7（周日）");
    const auto s = Minutes(x.start), e = Minutes(x.end);
    if (!s || !e) return Invalid(f, "time_format", "时间格式应为 HH:MM，例如 14:00");
    if (*s >= *e) return Invalid(f, "time_order", "结束时间应晚于开始时间");
    for (std::size_t j = 0; j < i; ++j) {
      const auto& y = h.hours[j];
      if (y.weekday == x.weekday && *Minutes(y.start) < *e && *s < *Minutes(y.end)) {
        return Invalid(f, "overlap", "同一天的开放时间有重叠");
      }
    }
  }
  for (std::size_t i = 0; i < h.roster.size(); ++i) {
    const auto& r = h.roster[i];
    const std::string f = "roster[" + std::to_string(i) + "]";
    if (r.weekday < 1 || r.weekday > 7) return Invalid(f, "weekday_range", "星期应为 1（周一）到 7（周日）");
    if (Blank(r.worker_name)) return Invalid(f, "worker_required", "请填写值班人员");
    const bool open = std::any_of(h.hours.begin(), h.hours.end(),
                                  [&](const HallHours& x) { return x.weekday == r.weekday; });
    if (!open) return Invalid(f, "not_open", "议事厅当天不开放，不能排班");
  }
  return Ok();
}

std::string DescribeHallHoursZh(const HallHours& h) {
  return "每周" + std::string(WeekdayZh(h.weekday)) + " " + h.start + "–" + h.end;
}

Result<int> WeekdayOfDate(std::string_view date, std::string_view field) {
  const auto days = DateDays(date);
  if (!days) return Invalid(std::string(field), "date_format", "日期格式应为 YYYY-MM-DD");
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(((*days % 7) + 7 + 3) % 7) + 1;
}

Result<bool> IsHallOpenAt(const Hall& hall, std::string_view date, std::string_view time) {
  LINLI_TRY(const int wd, WeekdayOfDate(date));
  const auto t = Minutes(time);
  if (!t) return Invalid("time", "time_format", "时间格式应为 HH:MM，例如 14:00");
  for (const auto& h : hall.hours) {
    const auto s = Minutes(h.start), e = Minutes(h.end);
    if (h.weekday == wd && s && e && *s <= *t && *t < *e) return true;
  }
  return false;
}

Result<HallOpening> NextHallOpening(const Hall& hall, std::string_view date, std::string_view time) {
  const auto days = DateDays(date);
  if (!days) return Invalid("date", "date_format", "日期格式应为 YYYY-MM-DD");
  const auto t = Minutes(time);
  if (!t) return Invalid("time", "time_format", "时间格式应为 HH:MM，例如 14:00");
  if (hall.hours.empty()) return Invalid("hours", "required", "议事厅没有设置开放时间");
  for (int k = 0; k <= 7; ++k) {
    const std::int64_t day = *days + k;
    const int wd = static_cast<int>(((day % 7) + 7 + 3) % 7) + 1;
    const HallHours* best = nullptr;
    for (const auto& h : hall.hours) {
      const auto s = Minutes(h.start), e = Minutes(h.end);
      if (h.weekday != wd || !s || !e) continue;
      if (k == 0 && *e <= *t) continue;  // already over today
      if (best == nullptr || *s < *Minutes(best->start)) best = &h;
    }
    if (best != nullptr) {
      HallOpening o{FormatDate(day), best->start, best->end, {}};
      for (const auto& r : hall.roster)
        if (r.weekday == wd) o.on_duty.push_back(r.worker_name);
      return o;
    }
  }
  return Invalid("hours", "required", "议事厅没有有效的开放时间");
}

Status ValidateHallVisit(const HallVisit& v) {
  if (v.hall_id <= 0) return Invalid("hall_id", "required", "请选择议事厅");
  if (Blank(v.about)) return Invalid("about", "required", "请填写来访事由");
  if (v.outcome != "answered" && v.outcome != "opinion" && v.outcome != "demand") {
    return Invalid("outcome", "invalid", "处理结果只能是 当场答复、转为意见 或 转为诉求");
  }
  if (v.outcome == "answered" && Blank(v.answer))
    return Invalid("answer", "required", "当场答复须记录答复内容");
  if (Blank(v.worker)) return Invalid("worker", "required", "须记录接待的工作人员");
  if (!IsoSeconds(v.at)) return Invalid("at", "invalid_time", "来访时间格式不对");
  return Ok();
}

}  // namespace linli
