#include "domain/demand.h"
#include "domain/civil_date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <utility>

namespace linli {

namespace {

constexpr std::array<std::string_view, 7> kChannels = {"hotline_12345", "resident", "walk_in", "phone",
                                                       "patrol",        "hall",     "open311"};
constexpr std::array<std::string_view, 5> kNatures = {"consult", "help", "complaint", "report", "suggestion"};
constexpr std::array<std::string_view, 3> kUrgencies = {"normal", "urgent", "critical"};

template <class Arr>
bool Contains(const Arr& arr, std::string_view code) {
  return std::find(arr.begin(), arr.end(), code) != arr.end();
}

struct StatusInfo {
  DemandStatus status;
  std::string_view code, zh;
};
constexpr std::array<StatusInfo, 11> kStatuses = {{
    {DemandStatus::kReceived, "received", "已登记"},
    {DemandStatus::kDispatched, "dispatched", "已派单"},
    {DemandStatus::kSigned, "signed", "已签收"},
    {DemandStatus::kContacted, "contacted", "已联系"},
    {DemandStatus::kInProgress, "in_progress", "办理中"},
    {DemandStatus::kReplied, "replied", "已答复"},
    {DemandStatus::kCallbackDone, "callback_done", "已回访"},
    {DemandStatus::kClosed, "closed", "已办结"},
    {DemandStatus::kDisputed, "disputed", "派单异议"},
    {DemandStatus::kReturned, "returned", "已退回"},
    {DemandStatus::kMerged, "merged", "已并案"},
}};

struct ActionInfo {
  DemandAction action;
  std::string_view code, zh;
};
constexpr std::array<ActionInfo, 15> kActions = {{
    {DemandAction::kDispatch, "dispatch", "派单"},
    {DemandAction::kEscalate, "escalate", "吹哨上报"},
    {DemandAction::kSign, "sign", "签收"},
    {DemandAction::kContact, "contact", "联系诉求人"},
    {DemandAction::kStart, "start", "开始办理"},
    {DemandAction::kReply, "reply", "答复"},
    {DemandAction::kCallback, "callback", "回访"},
    {DemandAction::kClose, "close", "办结"},
    {DemandAction::kDispute, "dispute", "派单异议"},
    {DemandAction::kAcceptDispute, "accept_dispute", "同意异议"},
    {DemandAction::kRejectDispute, "reject_dispute", "驳回异议"},
    {DemandAction::kExtend, "extend", "延期"},
    {DemandAction::kMerge, "merge", "并案"},
    {DemandAction::kReopen, "reopen", "重新办理"},
    {DemandAction::kNote, "note", "进展说明"},
}};

using S = DemandStatus;
using A = DemandAction;

// A "stays where it is" marker for extend / note.
constexpr int kSame = -1;

struct Rule {
  A action;
  std::vector<S> from;
  int to;  // a DemandStatus, or kSame
};

// The one table (see demand.h). Callback's target is decided by the facts (solved or not).
const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = {
      {A::kDispatch,
       {S::kReceived, S::kReturned, S::kDispatched, S::kDisputed},
       static_cast<int>(S::kDispatched)},
      {A::kEscalate,
       {S::kReceived, S::kReturned, S::kDispatched, S::kDisputed, S::kSigned, S::kContacted, S::kInProgress},
       static_cast<int>(S::kDispatched)},
      {A::kSign, {S::kDispatched}, static_cast<int>(S::kSigned)},
      {A::kContact, {S::kSigned}, static_cast<int>(S::kContacted)},
      {A::kStart, {S::kContacted}, static_cast<int>(S::kInProgress)},
      {A::kReply, {S::kContacted, S::kInProgress}, static_cast<int>(S::kReplied)},
      {A::kCallback, {S::kReplied}, static_cast<int>(S::kCallbackDone)},
      {A::kClose, {S::kCallbackDone, S::kReceived, S::kReplied}, static_cast<int>(S::kClosed)},
      {A::kDispute, {S::kDispatched, S::kSigned}, static_cast<int>(S::kDisputed)},
      {A::kAcceptDispute, {S::kDisputed}, static_cast<int>(S::kReturned)},
      {A::kRejectDispute, {S::kDisputed}, static_cast<int>(S::kDispatched)},
      {A::kExtend, {S::kDispatched, S::kSigned, S::kContacted, S::kInProgress}, kSame},
      {A::kMerge,
       {S::kReceived, S::kDispatched, S::kSigned, S::kContacted, S::kInProgress, S::kReplied,
        S::kCallbackDone, S::kDisputed, S::kReturned},
       static_cast<int>(S::kMerged)},
      {A::kReopen, {S::kCallbackDone, S::kClosed}, static_cast<int>(S::kInProgress)},
      {A::kNote,
       {S::kReceived, S::kDispatched, S::kSigned, S::kContacted, S::kInProgress, S::kReplied,
        S::kCallbackDone, S::kClosed, S::kDisputed, S::kReturned, S::kMerged},
       kSame},
  };
  return rules;
}

const Rule* FindRule(A action) {
  for (const auto& r : Rules()) {
    if (r.action == action) return &r;
  }
  return nullptr;
}

bool Blank(std::string_view s) {
  // Only white space (ASCII or U+3000) counts as blank.
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

Error Required(std::string field, std::string message) {
  return Error::Invalid(std::move(field), "required", std::move(message));
}

Error Illegal(S from, A action, std::string message) {
  Error e = Error::Conflict(std::move(message), "action");
  e.details.push_back({"action", "illegal_transition", e.message});
  (void)from;
  return e;
}

// ---------------------------------------------------------------- time
using civil::DaysFromCivil;
void CivilFromDays(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  const civil::Date c = civil::CivilFromDays(z);
  *y = c.year, *m = c.month, *d = c.day;
}
Error BadTime(std::string_view field, std::string_view text) {
  return Error::Invalid(
      std::string(field), "invalid_time",
      "时间格式不对（应为 2026-11-22T08:30:00Z 这样的 ISO 8601 时间）：" + std::string(text));
}

}  // namespace

// ------------------------------------------------------------------ codes
bool IsDemandChannel(std::string_view code) { return Contains(kChannels, code); }
bool IsDemandNature(std::string_view code) { return Contains(kNatures, code); }
bool IsDemandUrgency(std::string_view code) { return Contains(kUrgencies, code); }

std::string_view DemandStatusCode(DemandStatus s) {
  for (const auto& i : kStatuses) {
    if (i.status == s) return i.code;
  }
  return "received";
}
std::string_view DemandStatusNameZh(DemandStatus s) {
  for (const auto& i : kStatuses) {
    if (i.status == s) return i.zh;
  }
  return "";
}
std::optional<DemandStatus> ParseDemandStatus(std::string_view code) {
  for (const auto& i : kStatuses) {
    if (i.code == code) return i.status;
  }
  return std::nullopt;
}
bool IsOpenStatus(DemandStatus s) { return s != DemandStatus::kClosed && s != DemandStatus::kMerged; }

std::string_view DemandActionCode(DemandAction a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.code;
  }
  return "note";
}
std::string_view DemandActionNameZh(DemandAction a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.zh;
  }
  return "";
}
std::optional<DemandAction> ParseDemandAction(std::string_view code) {
  for (const auto& i : kActions) {
    if (i.code == code) return i.action;
  }
  return std::nullopt;
}

// ------------------------------------------------------------------ state machine
bool IsDemandActionAllowed(DemandStatus from, DemandAction action) {
  const Rule* r = FindRule(action);
  if (r == nullptr) return false;
  return std::find(r->from.begin(), r->from.end(), from) != r->from.end();
}

Result<DemandStatus> NextDemandStatus(DemandStatus from, DemandAction action,
                                      const DemandActionFacts& facts) {
  const Rule* rule = FindRule(action);
  const std::string what = std::string(DemandActionNameZh(action));
  const std::string state = std::string(DemandStatusNameZh(from));
  if (rule == nullptr || !IsDemandActionAllowed(from, action)) {
    return Illegal(from, action, "诉求当前状态为「" + state + "」，不能" + what);
  }
  // A consult answered on the spot: close straight from received.
  if (action == A::kClose && from == S::kReceived) {
    if (facts.nature != "consult") {
      return Illegal(
          from, action,
          "诉求当前状态为「" + state + "」，只有当场答复的咨询可以直接办结，其他诉求须派单办理并回访");
    }
    if (Blank(facts.note)) return Required("note", "请填写当场答复的内容");
    return S::kClosed;
  }
  // Closed after a reply without a (further) satisfactory call-back: the reason is required.
  if (action == A::kClose && from == S::kReplied && Blank(facts.note)) {
    return Required("note", "未经回访确认解决就办结，须说明原因");
  }
  switch (action) {
    case A::kEscalate:
      if (Blank(facts.note)) return Required("note", "吹哨上报须说明原因");
      break;
    case A::kReply:
      if (Blank(facts.note)) return Required("note", "请填写答复内容");
      break;
    case A::kDispute:
      if (Blank(facts.note)) return Required("note", "提出派单异议须说明理由");
      break;
    case A::kRejectDispute:
      if (Blank(facts.note)) return Required("note", "驳回异议须说明理由");
      break;
    case A::kReopen:
      if (Blank(facts.note)) return Required("note", "重新办理须说明原因");
      break;
    case A::kNote:
      if (Blank(facts.note)) return Required("note", "请填写进展说明");
      break;
    case A::kExtend: {
      if (Blank(facts.note)) return Required("note", "延期须说明理由（理由会告知诉求人）");
      if (Blank(facts.new_due_at)) return Required("new_due_at", "请填写新的办理时限");
      auto t = ParseIsoSeconds(facts.new_due_at);
      if (!t.ok()) return BadTime("new_due_at", facts.new_due_at);
      break;
    }
    case A::kMerge:
      if (facts.parent_id <= 0) return Required("parent_id", "并案须指定主诉求");
      break;
    case A::kCallback: {
      if (!facts.solved.has_value()) return Required("solved", "回访须记录问题是否解决");
      if (facts.satisfaction.empty()) return Required("satisfaction", "回访须记录满意程度");
      if (facts.satisfaction != "satisfied" && facts.satisfaction != "basic" &&
          facts.satisfaction != "unsatisfied") {
        return Error::Invalid("satisfaction", "invalid", "满意程度只能是 满意、基本满意 或 不满意");
      }
      return *facts.solved ? S::kCallbackDone : S::kInProgress;
    }
    default:
      break;
  }
  return rule->to == kSame ? from : static_cast<DemandStatus>(rule->to);
}

// ------------------------------------------------------------------ a parent's steps on its children
std::string_view ParentEventCode(ParentEvent e) {
  return e == ParentEvent::kParentReplied ? "parent_replied" : "parent_closed";
}

std::optional<ParentEvent> ParentEventFor(DemandAction parent_action) {
  if (parent_action == A::kReply) return ParentEvent::kParentReplied;
  if (parent_action == A::kClose) return ParentEvent::kParentClosed;
  return std::nullopt;
}

Result<DemandStatus> NextMergedChildStatus(DemandStatus child, ParentEvent e) {
  if (child == S::kMerged) return S::kMerged;
  const std::string what = e == ParentEvent::kParentReplied ? "记录主诉求的答复" : "记录主诉求的办结";
  return Illegal(child, A::kNote,
                 "诉求当前状态为「" + std::string(DemandStatusNameZh(child)) + "」，不是并案诉求，不能" + what);
}

std::string ParentEventNote(ParentEvent e, std::string_view parent_number, std::string_view note) {
  std::string out = "并案主诉求 " + std::string(parent_number) +
                    (e == ParentEvent::kParentReplied ? " 已答复" : " 已办结");
  if (!Blank(note)) out += "：" + std::string(note);
  return out;
}

// ------------------------------------------------------------------ time
Result<std::int64_t> ParseIsoSeconds(std::string_view iso) {
  if (auto t = civil::IsoToUnixSeconds(iso)) return *t;
  return BadTime("time", iso);
}

std::string FormatIsoUtc(std::int64_t t) {
  std::int64_t days = t / 86400;
  std::int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

Result<std::string> AddHours(std::string_view iso_utc, std::int64_t hours) {
  LINLI_TRY(std::int64_t t, ParseIsoSeconds(iso_utc));
  return FormatIsoUtc(t + hours * 3600);
}

Result<std::int64_t> SecondsUntil(std::string_view now, std::string_view due) {
  auto n = ParseIsoSeconds(now);
  if (!n.ok()) return BadTime("now", now);
  auto d = ParseIsoSeconds(due);
  if (!d.ok()) return BadTime("due_at", due);
  return *d - *n;
}

// ------------------------------------------------------------------ deadlines
Result<DemandDeadlines> ComputeDemandDeadlines(const std::vector<DemandCategory>& categories,
                                               std::string_view category_code, std::string_view urgency,
                                               std::string_view received_at) {
  return ComputeDemandDeadlines(categories, category_code, urgency, received_at, DemandDeadlinePolicy{});
}

Result<DemandDeadlines> ComputeDemandDeadlines(const std::vector<DemandCategory>& categories,
                                               std::string_view category_code, std::string_view urgency,
                                               std::string_view received_at,
                                               const DemandDeadlinePolicy& policy) {
  auto find = [&](std::string_view code) -> const DemandCategory* {
    for (const auto& c : categories) {
      if (c.code == code) return &c;
    }
    return nullptr;
  };
  const DemandCategory* cat = find(category_code);
  if (cat == nullptr) {
    return Error::Invalid("category_code", "unknown_category",
                          "没有这个诉求分类：" + std::string(category_code));
  }
  if (!IsDemandUrgency(urgency)) {
    return Error::Invalid("urgency", "invalid", "紧急程度只能是 一般、紧急 或 特急");
  }
  auto t = ParseIsoSeconds(received_at);
  if (!t.ok()) return BadTime("received_at", received_at);

  int respond = 0, resolve = 0;
  std::set<std::string_view> seen;  // guards against a cycle in a badly edited tree
  for (const DemandCategory* c = cat; c != nullptr && seen.insert(c->code).second;
       c = c->parent_code.empty() ? nullptr : find(c->parent_code)) {
    if (respond <= 0 && c->respond_hours > 0) respond = c->respond_hours;
    if (resolve <= 0 && c->resolve_hours > 0) resolve = c->resolve_hours;
  }
  if (respond <= 0) respond = policy.respond_hours;
  if (resolve <= 0) resolve = policy.resolve_hours;
  if (urgency == "urgent") {
    respond = std::min(respond, policy.urgent_respond_hours);
    resolve = std::min(resolve, policy.urgent_resolve_hours);
  } else if (urgency == "critical") {
    respond = std::min(respond, policy.critical_respond_hours);
    resolve = std::min(resolve, policy.critical_resolve_hours);
  }
  resolve = std::max(resolve, 1);
  respond = std::clamp(respond, 1, resolve);
  return DemandDeadlines{FormatIsoUtc(*t + std::int64_t{respond} * 3600),
                         FormatIsoUtc(*t + std::int64_t{resolve} * 3600)};
}

// ------------------------------------------------------------------ rates
DemandRates ComputeDemandRates(const DemandCounts& c, const RateWeights& w) {
  auto ratio = [](double num, std::int64_t den) -> std::optional<double> {
    if (den <= 0) return std::nullopt;
    return std::clamp(num / static_cast<double>(den), 0.0, 1.0);
  };
  DemandRates r;
  r.response = ratio(static_cast<double>(c.responded_in_time), c.dispatched);
  r.resolution = ratio(static_cast<double>(c.solved), c.callbacks);
  r.satisfaction = ratio(
      static_cast<double>(c.satisfied) + static_cast<double>(c.basic) * w.basic_satisfied_value, c.callbacks);
  const double sum = w.response + w.resolution + w.satisfaction;
  if (r.response && r.resolution && r.satisfaction && sum > 0) {
    r.score = std::clamp(
        (w.response * *r.response + w.resolution * *r.resolution + w.satisfaction * *r.satisfaction) / sum,
        0.0, 1.0);
  }
  return r;
}

}  // namespace linli
