// Resident demands (诉求 / 工单, 接诉即办): the value types and the pure rules — the lifecycle
// state machine, deadlines, the three rates. No I/O, no clock: times are passed in as ISO 8601
// UTC strings ("2026-11-22T08:30:00Z"). Rules from DOMAIN.md (北京市接诉即办工作条例).
// Implemented in demand.cc (state machine, deadlines, rates) and demand_text.cc (similarity,
// category suggestion); the category tree seed is in demand_categories.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace linli {

// ------------------------------------------------------------------ codes (stored as text)
// channel:  hotline_12345 | resident (online, by the resident) | walk_in | phone | patrol (grid
//           worker) | hall (议事厅) | open311
// nature:   consult 咨询 | help 求助 | complaint 投诉 | report 举报 | suggestion 建议
// urgency:  normal 一般 | urgent 紧急 | critical 特急
// assignee_kind: worker (a grid worker / staff user) | property (the compound's property company)
//           | street (吹哨: escalated to the street) | staff (the community office, not yet dispatched)
bool IsDemandChannel(std::string_view code);
bool IsDemandNature(std::string_view code);
bool IsDemandUrgency(std::string_view code);

// The lifecycle states (DemandStatusCode gives the stored code).
enum class DemandStatus {
  kReceived,      // received     登记: taken in, nobody responsible yet
  kDispatched,    // dispatched   已派单: sent to a receiver who has not signed yet
  kSigned,        // signed       已签收
  kContacted,     // contacted    已联系 the reporter
  kInProgress,    // in_progress  办理中
  kReplied,       // replied      已答复 the reporter (the answer is recorded)
  kCallbackDone,  // callback_done 已回访: solved + rated
  kClosed,        // closed       已办结
  kDisputed,      // disputed     派单异议: the receiver disputes the dispatch; staff decide
  kReturned,      // returned     已退回 to staff (dispute accepted): staff dispatch again
  kMerged,        // merged       已并案: a duplicate linked to its parent; only the parent is handled
};
std::string_view DemandStatusCode(DemandStatus s);
std::optional<DemandStatus> ParseDemandStatus(std::string_view code);
// The Chinese name for messages ("已签收"). Every status, in enum order: kAllDemandStatuses.
std::string_view DemandStatusNameZh(DemandStatus s);
inline constexpr DemandStatus kAllDemandStatuses[] = {
    DemandStatus::kReceived,  DemandStatus::kDispatched,   DemandStatus::kSigned, DemandStatus::kContacted,
    DemandStatus::kInProgress, DemandStatus::kReplied,     DemandStatus::kCallbackDone, DemandStatus::kClosed,
    DemandStatus::kDisputed,  DemandStatus::kReturned,     DemandStatus::kMerged};
// "Open" = not closed and not merged (counts for overdue lists and duplicate candidates).
bool IsOpenStatus(DemandStatus s);

// What a user does to a demand. Each action is legal only from some states (NextDemandStatus).
enum class DemandAction {
  kDispatch,        // dispatch: staff send it to a worker or the property company
  kEscalate,        // escalate: 吹哨 — to the street, with a reason
  kSign,            // sign: the receiver signs for it (签收)
  kContact,         // contact: the receiver has contacted the reporter
  kStart,           // start: handling begins (办理中)
  kReply,           // reply: the answer to the reporter (text required)
  kCallback,        // callback: 回访 — solved? satisfied? (reopens when unsolved)
  kClose,           // close: 办结 after the call-back (or staff close a 咨询 answered on the spot)
  kDispute,         // dispute: the receiver disputes the dispatch with a reason
  kAcceptDispute,   // accept_dispute: staff agree -> returned to staff
  kRejectDispute,   // reject_dispute: staff disagree -> back to the receiver (dispatched)
  kExtend,          // extend: a new deadline with a reason (told to the reporter); state unchanged
  kMerge,           // merge: link to a parent demand (duplicate)
  kReopen,          // reopen: staff reopen a closed demand (the call-back path reopens by itself)
  kNote,            // note: a progress note (co-handlers report back); state unchanged
};
std::string_view DemandActionCode(DemandAction a);
std::optional<DemandAction> ParseDemandAction(std::string_view code);
// The Chinese name for messages ("签收"). Every action, in enum order: kAllDemandActions.
std::string_view DemandActionNameZh(DemandAction a);
inline constexpr DemandAction kAllDemandActions[] = {
    DemandAction::kDispatch, DemandAction::kEscalate,      DemandAction::kSign,          DemandAction::kContact,
    DemandAction::kStart,    DemandAction::kReply,         DemandAction::kCallback,      DemandAction::kClose,
    DemandAction::kDispute,  DemandAction::kAcceptDispute, DemandAction::kRejectDispute, DemandAction::kExtend,
    DemandAction::kMerge,    DemandAction::kReopen,        DemandAction::kNote};

// The facts an action carries (only the ones the action needs are read).
struct DemandActionFacts {
  std::string note;                  // reason / reply text / comment
  std::optional<bool> solved;        // callback
  std::string satisfaction;          // callback: satisfied 满意 | basic 基本满意 | unsatisfied 不满意
  std::string new_due_at;            // extend
  Id parent_id = 0;                  // merge: the parent demand (the store checks it exists, is open, in scope)
  std::string nature;                // the demand's nature: close from received needs "consult"
};

// The state after `action` from `from`, or an error (ErrorCode kConflict, field "action", reason
// "illegal_transition", message in Chinese naming the action and the state) when the action is
// not legal there. Legality is checked first, then the facts: missing facts answer
// kInvalidArgument naming the field (reason "required", or "invalid" for a bad value).
// A callback with solved=false answers kInProgress (reopened); with solved=true kCallbackDone.
//
// The table (every legal transition; everything else is illegal):
//   dispatch        received | returned | dispatched | disputed            -> dispatched
//                   (re-dispatch before signing; from disputed = staff decide by sending it elsewhere)
//   escalate        received | returned | dispatched | disputed | signed | contacted | in_progress
//                                                                          -> dispatched (to the street)
//                   facts: note (the reason)
//   sign            dispatched                                             -> signed
//   contact         signed                                                 -> contacted
//   start           contacted                                              -> in_progress
//   reply           contacted | in_progress                                -> replied      facts: note
//                   (contacted: answered while contacting, e.g. a question)
//   callback        replied      -> callback_done (solved) | in_progress (unsolved: reopened)
//                   facts: solved, satisfaction (satisfied | basic | unsatisfied)
//   close           callback_done                                          -> closed
//                   received, when facts.nature == "consult"               -> closed   facts: note (the answer)
//                   (a 咨询 answered on the spot: the store records note as the reply; it was never
//                   dispatched, so it counts in no rate)
//                   replied                                                -> closed   facts: note (why)
//                   (staff close without a satisfactory call-back: the reporter cannot be reached,
//                   or after an unsolved call-back and a second reply nothing more can be done; the
//                   last call-back, if any, stays as recorded, so it counts as unsolved)
//   dispute         dispatched | signed                                    -> disputed     facts: note
//   accept_dispute  disputed                                               -> returned
//   reject_dispute  disputed                                               -> dispatched   facts: note
//                   (back to the same receiver, who signs again)
//   extend          dispatched | signed | contacted | in_progress          -> (unchanged)
//                   facts: note, new_due_at (ISO 8601; the store checks it is later than due_at)
//   merge           every open state (not closed, not merged)              -> merged       facts: parent_id
//   reopen          callback_done | closed                                 -> in_progress  facts: note
//   note            every state                                            -> (unchanged)  facts: note
// Staff cannot move a signed demand to another receiver (首接负责: the first receiver stays
// responsible; co-handlers report back with notes); they escalate it, or the receiver disputes.
Result<DemandStatus> NextDemandStatus(DemandStatus from, DemandAction action, const DemandActionFacts& facts);
// True when `action` is legal from `from` (the table above, facts not checked): for the console's
// action buttons. Close from received is reported legal (it needs nature == "consult").
bool IsDemandActionAllowed(DemandStatus from, DemandAction action);

// What a merged child records when its parent is replied or closed (issue 5: "the parent's reply
// reaches every child's reporter"). These are not user actions — ParseDemandAction does not know
// them, so no request can ask for one; only the store records them, on the parent's action.
//   parent_replied  merged -> merged   the child takes the parent's reply text and replied_at
//   parent_closed   merged -> merged   the child takes the parent's closed_at
// Event code "parent_replied" / "parent_closed"; note "并案主诉求 LL… 已答复：<reply>" (ParentEventNote).
enum class ParentEvent { kParentReplied, kParentClosed };
std::string_view ParentEventCode(ParentEvent e);
// The event the children record when their parent takes `parent_action`; nullopt for every action
// but reply and close (a close from received — a 咨询 answered on the spot — counts as close).
std::optional<ParentEvent> ParentEventFor(DemandAction parent_action);
// The child's state after the event: merged stays merged; from any other state kConflict (field
// "action", reason "illegal_transition") — a child taken out of the merge is no longer told.
Result<DemandStatus> NextMergedChildStatus(DemandStatus child, ParentEvent e);
// "并案主诉求 LL20261122000001 已答复：<note>" / "…已办结：<note>" (no "：" part when note is blank).
std::string ParentEventNote(ParentEvent e, std::string_view parent_number, std::string_view note);

// ------------------------------------------------------------------ the demand
struct Demand {
  Id id = 0;
  std::string number;           // "LL20261122000123": unique, assigned by the store
  std::string channel, external_number;  // external_number: 12345 ticket no.; unique per channel when set
  std::string nature, category_code, urgency;
  std::string description;      // the matter (诉求内容), required
  // Where: the typed address and what it resolved to. community_id is always set (the community
  // the demand belongs to); household/building/grid when resolved.
  std::string address_text;
  Id community_id = 0;
  std::optional<Id> household_id, building_id, grid_id;
  bool address_resolved = false;
  // Who: the reporter (contact required: a phone or a linked resident/user). Phone is personal data.
  std::string reporter_name, reporter_phone;
  std::optional<Id> reporter_resident_id, reporter_user_id;
  // Who handles it.
  std::string status = "received";
  std::string assignee_kind = "staff";      // worker | property | street | staff
  std::optional<Id> assignee_user_id;       // when worker
  std::string assignee_name;                // display: worker name / property company / street
  std::optional<Id> first_receiver_user_id; // 首接负责: the first one who signed stays responsible
  std::optional<Id> parent_id;              // merged into
  std::int64_t children = 0;                // duplicates merged into this one (read only)
  // Outcome.
  std::string reply;
  std::optional<bool> solved;
  std::string satisfaction, callback_comment;
  int extensions = 0, reopened = 0;
  // Times (UTC ISO 8601; "" = not yet).
  std::string created_at, dispatched_at, signed_at, contacted_at, replied_at, callback_at, closed_at;
  std::string respond_due_at;  // sign + contact by then (响应)
  std::string due_at;          // reply by then (办理时限)
  std::string updated_at;
  std::string created_by;      // username or token name
};

// One recorded step of a demand's life.
struct DemandEvent {
  Id id = 0;
  Id demand_id = 0;
  std::string action;           // DemandActionCode
  std::string from_status, to_status;
  std::string actor;            // username / token name
  std::string note;
  std::string at;
};

// A category of the configurable tree. Codes are stable ASCII ("environment", "environment.litter").
struct DemandCategory {
  std::string code, parent_code, name_zh, name_en;
  // Deadlines for this category (0 = inherit from the parent / the defaults below).
  int respond_hours = 0;
  int resolve_hours = 0;
};
// The seeded tree (环境卫生, 垃圾分类, 物业管理, 停车, 噪音扰民, 房屋修缮, 供暖, 供水供电燃气, 加装电梯,
// 邻里纠纷, 养老服务, 治安, 其他) with a few children each.
const std::vector<DemandCategory>& SeedDemandCategories();

// ------------------------------------------------------------------ deadlines
// Defaults from DOMAIN.md: critical (特急) 2 h; utilities (供暖, 供水供电燃气) 24 h; ordinary 7 days;
// complex categories 15 days. `categories` is the deployment's tree (for inheritance).
//
// The rule (clock hours, not working days):
//   category hours = the category's own respond_hours / resolve_hours, else its parent's, ... else
//                    the policy defaults (respond 24 h, resolve 168 h = 7 days). The seeded tree sets
//                    供暖 / 供水供电燃气: respond 4 h, resolve 24 h; 加装电梯 / 房屋修缮: resolve 360 h
//                    (15 days); a few children differ (e.g. 燃气泄漏 2 h).
//   normal   (一般): the category hours.
//   urgent   (紧急): respond min(category, 4 h), resolve min(category, 24 h).
//   critical (特急): respond min(category, 1 h), resolve min(category, 2 h).
//   respond_due_at is never later than due_at (respond hours are capped by resolve hours).
struct DemandDeadlines {
  std::string respond_due_at, due_at;
};
// The configurable numbers of the rule above (the settings' "deadlines").
struct DemandDeadlinePolicy {
  int respond_hours = 24, resolve_hours = 168;               // when the tree says nothing
  int urgent_respond_hours = 4, urgent_resolve_hours = 24;   // caps for 紧急
  int critical_respond_hours = 1, critical_resolve_hours = 2;  // caps for 特急
};
// Computes both deadlines for a demand received at `received_at`. Errors: kInvalidArgument
// (field category_code reason "unknown_category" / urgency "invalid" / received_at "invalid_time").
Result<DemandDeadlines> ComputeDemandDeadlines(const std::vector<DemandCategory>& categories,
                                               std::string_view category_code, std::string_view urgency,
                                               std::string_view received_at);
Result<DemandDeadlines> ComputeDemandDeadlines(const std::vector<DemandCategory>& categories,
                                               std::string_view category_code, std::string_view urgency,
                                               std::string_view received_at, const DemandDeadlinePolicy& policy);
// Time parsing for the demand rules. Accepts "YYYY-MM-DDTHH:MM:SS" with an optional fraction and
// "Z" or "±HH:MM" (no zone = UTC); a space may replace the T. Returns Unix seconds (UTC).
// Errors: kInvalidArgument, field "time", reason "invalid_time".
Result<std::int64_t> ParseIsoSeconds(std::string_view iso);
// Unix seconds -> "2026-11-22T08:30:00Z".
std::string FormatIsoUtc(std::int64_t unix_seconds);
// Adds hours to an ISO time ("2026-11-22T08:00:00Z" + 24 -> "2026-11-23T08:00:00Z"); the answer is
// always UTC with a Z. Errors as ParseIsoSeconds.
Result<std::string> AddHours(std::string_view iso_utc, std::int64_t hours);
// Seconds from `now` to `due` (negative when overdue).
Result<std::int64_t> SecondsUntil(std::string_view now, std::string_view due);

// ------------------------------------------------------------------ the three rates
// Counts over a set of demands (a worker, grid, community or street, a period).
struct DemandCounts {
  std::int64_t received = 0;          // created in the period (children included)
  std::int64_t dispatched = 0;        // of those, dispatched (to anyone)
  std::int64_t responded_in_time = 0; // signed and contacted by respond_due_at
  std::int64_t callbacks = 0;         // answered call-backs
  std::int64_t solved = 0;            // call-backs saying solved
  std::int64_t satisfied = 0;         // call-backs 满意 (basic counts per RateWeights)
  std::int64_t basic = 0;             // call-backs 基本满意
  std::int64_t overdue = 0;           // replied after due_at, or open past due_at
};
struct RateWeights {
  // Combined score = w_response * 响应率 + w_resolution * 解决率 + w_satisfaction * 满意率.
  double response = 0.30, resolution = 0.35, satisfaction = 0.35;
  double basic_satisfied_value = 1.0;  // how much a 基本满意 counts as 满意 (Beijing: 1.0; some use 0.8)
};
struct DemandRates {
  // nullopt when the denominator is 0 (shown as "—", never as 0 % or 100 %).
  std::optional<double> response, resolution, satisfaction, score;
};
// 响应率 = responded_in_time / dispatched; 解决率 = solved / callbacks;
// 满意率 = (satisfied + basic * basic_satisfied_value) / callbacks; score = weighted sum of the
// three divided by the sum of the weights (so 30/35/35 and 0.30/0.35/0.35 give the same score;
// only when all three exist and the weights sum > 0). Rates are in [0, 1] (clamped).
DemandRates ComputeDemandRates(const DemandCounts& c, const RateWeights& w = {});

}  // namespace linli
