// Deliberation (议事协商, 六步议事法) and deliberation halls (邻里议事厅): plain value types and the
// pure rules — the six-step state machine with each step's required output, going back with a
// reason, skipping with the head's approval; halls' weekly hours and duty roster; hall visits.
// No I/O, no clock: "now" is passed in (ISO 8601 with a zone, "2026-11-29T08:00:00Z"); hall hours
// are local wall-clock times ("14:00") with a local date ("2026-12-01").
// Public notices (公示) and their period rules live in notice.h; a deliberation links its notices
// by NoticeLink.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace linli {

// ------------------------------------------------------------------ the six steps
// collect   1 广开言路纳民意  collect opinions            output: >= 1 opinion
// topic     2 分组商量定主题  group them, fix the topic    output: a topic and the question
// research  3 再三调研拟方案  research, draft options      output: >= 1 option, each with cost,
//                                                          payer, schedule, affected households
// decide    4 民主讨论达共识  four-party meeting, decide   output: a meeting with attendance and
//                                                          minutes; the outcome; the vote result
//                                                          when the matter needs a vote (passed)
// implement 5 跟踪问效抓落地  carry it out                 output: >= 1 task, all finished
//                                                          (done or cancelled, at least one done)
// publish   6 及时公示听反馈  notice, hear feedback        output: a published notice whose period
//                                                          is over with every objection answered
// closed    已办结 (final)
enum class DeliberationStep { kCollect, kTopic, kResearch, kDecide, kImplement, kPublish, kClosed };
std::string_view DeliberationStepCode(DeliberationStep s);
std::optional<DeliberationStep> ParseDeliberationStep(std::string_view code);
std::string_view DeliberationStepNameZh(DeliberationStep s);  // "广开言路纳民意" ... "已办结"

// An opinion (意见) — from a resident online, a hall visit, a demand, or a meeting.
// source: online | hall | demand | meeting | staff
struct Opinion {
  Id id = 0;
  std::string source = "online";
  std::optional<Id> resident_id, user_id;  // the author when known
  std::string author_name;                 // shown unless anonymous
  bool anonymous = false;
  std::optional<Id> compound_id;
  std::string text;
  std::optional<Id> demand_id, hall_visit_id;  // where it came from
  std::string theme;                           // the group staff put it in (step 2)
  std::string created_at;
};

// Research notes: site_visit | cost | quote | survey | other; attachments are ids/paths.
struct ResearchNote {
  Id id = 0;
  std::string kind = "other";
  std::string text;
  std::vector<std::string> attachments;
  std::string author, at;
};

// A drafted option (方案).
struct DeliberationOption {
  Id id = 0;
  std::string title, description;
  std::optional<std::int64_t> cost_fen;  // estimated cost in fen (分); 0 = costs nothing
  std::string payer;                     // who pays: 维修资金 / 政府补贴 / 业主分摊 ...
  std::string schedule;                  // when: "2027年3月至5月"
  std::int64_t affected_households = 0;  // how many households it touches (> 0)
  std::vector<std::string> attachments;
};

// A meeting attendee. party: committee (社区两委) | residents (居民代表) | units (驻区单位代表) |
// party (党员代表) | other.
struct MeetingAttendee {
  std::string name;
  std::string party;
};
bool IsMeetingParty(std::string_view code);

// A four-party meeting (四方会谈) or any discussion meeting.
struct Meeting {
  Id id = 0;
  std::string held_at, place;
  std::vector<MeetingAttendee> attendees;
  std::string minutes;  // 会议纪要
  std::string outcome;  // what this meeting agreed (may be empty for an inconclusive one)
};

// Implementation task. status: open | done | cancelled; progress 0..100.
struct TaskUpdate {
  std::string at, by, text;
  int progress = 0;
  std::vector<std::string> photos;
};
struct DeliberationTask {
  Id id = 0;
  std::string title, owner;
  std::string due_date;  // YYYY-MM-DD
  std::string status = "open";
  int progress = 0;
  std::vector<TaskUpdate> updates;
};
// True when the task is open and its due date is before `today` (YYYY-MM-DD).
bool IsTaskOverdue(const DeliberationTask& task, std::string_view today);

// A public notice as the deliberation sees it (the notice itself is in notice.h / its store).
struct NoticeLink {
  Id notice_id = 0;
  bool published = false;
  std::string starts_at, ends_at;    // ISO 8601
  std::int64_t open_objections = 0;  // objections without an answer
};

// One recorded step change. kind: advance | back | skip.
struct StepEvent {
  std::string from, to, kind;
  std::string actor;        // who did it
  std::string reason;       // back / skip: required
  std::string approved_by;  // skip: the community head who approved it
  std::string at;
};

struct Deliberation {
  Id id = 0;
  Id community_id = 0;
  std::vector<Id> compound_ids;
  std::string title;
  DeliberationStep step = DeliberationStep::kCollect;
  std::vector<Opinion> opinions;            // step 1
  std::string topic, question;              // step 2
  std::vector<ResearchNote> research;       // step 3
  std::vector<DeliberationOption> options;  // step 3
  bool needs_vote = false;                  // step 4: the matter needs an owner vote
  std::vector<Meeting> meetings;            // step 4
  std::string outcome;                      // step 4: the decision (结论)
  std::optional<Id> chosen_option_id;
  std::optional<Id> vote_id;
  std::string vote_outcome;             // the vote's outcome code (vote.h): passed | failed | ...
  std::vector<DeliberationTask> tasks;  // step 5
  std::vector<NoticeLink> notices;      // step 6
  std::vector<StepEvent> history;       // every step change, oldest first
  std::string created_by, created_at;
};

// Whether step `step`'s required output is there (see the table above). `now` is needed for the
// publish step (the notice period must be over). Success: Ok. Errors: kInvalidArgument naming the
// missing piece — opinions "required"; topic / question "required"; options "required",
// options[i].cost_fen / payer / schedule / affected_households "required"; meetings "required",
// meetings "attendance_required" / "minutes_required"; outcome "required"; vote_id "required";
// vote_outcome "required" / "vote_not_passed"; tasks "required" / "unfinished" / "none_done";
// notices "required" / "not_published" / "period_not_over" / "objections_open". Messages Chinese.
Status CheckStepOutput(const Deliberation& d, DeliberationStep step, std::string_view now);

// A requested step change.
//   advance: to the next step; the current step's output must be there (CheckStepOutput).
//   back:    to an earlier step `target`, with a reason (not from closed: closed is final).
//   skip:    to the next step without the current step's output: reason + approved_by + the
//            approver's role must be community_head.
enum class StepAction { kAdvance, kBack, kSkip };
std::string_view StepActionCode(StepAction a);
std::optional<StepAction> ParseStepAction(std::string_view code);
struct StepRequest {
  StepAction action = StepAction::kAdvance;
  std::optional<DeliberationStep> target;  // back only
  std::string reason;
  std::string actor;
  std::string approved_by, approver_role;  // skip only
  std::string now;                         // ISO 8601
};
// Applies `request` to `d`: on success sets d.step, appends the event to d.history and returns
// it; on error `d` is unchanged. Errors: kConflict field "step" reason "closed" (any change of a
// closed deliberation); kInvalidArgument: the step output errors above (advance), target
// "required" / "not_earlier", reason "required", actor "required", now "invalid_time";
// kPermissionDenied field "approved_by" reason "head_approval_required" (skip without a head).
Result<StepEvent> ChangeStep(Deliberation& d, const StepRequest& request);

// ------------------------------------------------------------------ theme suggestions (step 2)
// A suggested group of opinions: a short label from its keywords, the keywords, its opinions.
struct OpinionThemeSuggestion {
  std::string theme;  // "停车、车位"; "其他意见" for the opinions that resemble no other
  std::vector<std::string> keywords;
  std::vector<Id> opinion_ids;  // in id order
};
// Groups opinions by text similarity (demand_text.h: the hotspot clustering with one place and
// one category, similarity `similarity`). Groups of two or more first (largest first); opinions
// that resemble no other end in one last group "其他意见". Pure.
std::vector<OpinionThemeSuggestion> SuggestOpinionThemes(const std::vector<Opinion>& opinions,
                                                         double similarity = 0.25);

// ------------------------------------------------------------------ halls
// Weekly opening hours: weekday 1 = Monday .. 7 = Sunday; local "HH:MM", start < end.
struct HallHours {
  int weekday = 2;
  std::string start = "14:00", end = "17:30";
  bool operator==(const HallHours&) const = default;
};
// A worker on duty on a weekday.
struct DutyShift {
  int weekday = 2;
  std::string worker_name;
  std::optional<Id> user_id;
};
struct Hall {
  Id id = 0;
  Id community_id = 0;
  std::string name, place;
  std::vector<Id> compound_ids;  // the compounds it serves (>= 1)
  std::vector<HallHours> hours;  // >= 1
  std::vector<DutyShift> roster;
};
// Errors: kInvalidArgument — name "required"; compound_ids "required" / "duplicate";
// hours "required"; hours[i] "weekday_range" / "time_format" / "time_order" / "overlap";
// roster[i] "weekday_range" / "worker_required" / "not_open" (a shift on a day the hall is shut).
Status ValidateHall(const Hall& hall);
// "每周二 14:00–17:30".
std::string DescribeHallHoursZh(const HallHours& h);
// ISO weekday (1 = Monday) of a date "YYYY-MM-DD". Errors: field `field` reason "date_format".
Result<int> WeekdayOfDate(std::string_view date, std::string_view field = "date");
// True when the hall is open at local `date` + `time` ("HH:MM"): start <= time < end.
Result<bool> IsHallOpenAt(const Hall& hall, std::string_view date, std::string_view time);
// The next opening at or after local `date` + `time` (an opening in progress counts), with the
// workers on duty that day. Errors: date/time format; hours "required" when the hall has none.
struct HallOpening {
  std::string date, start, end;
  std::vector<std::string> on_duty;
};
Result<HallOpening> NextHallOpening(const Hall& hall, std::string_view date, std::string_view time);

// A logged hall visit. outcome: answered (on the spot; answer required) | opinion (became an
// opinion) | demand (became a demand).
struct HallVisit {
  Id id = 0;
  Id hall_id = 0;
  std::string visitor_name;
  std::optional<Id> resident_id, compound_id;
  std::string about;
  std::string outcome = "answered";
  std::string answer;
  std::optional<Id> opinion_id, demand_id;
  std::string worker;  // who logged it (on duty)
  std::string at;      // ISO 8601
};
// Errors: kInvalidArgument — hall_id "required"; about "required"; outcome "invalid"; answer
// "required" (answered); worker "required"; at "invalid_time".
Status ValidateHallVisit(const HallVisit& visit);

}  // namespace linli
