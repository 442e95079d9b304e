// Deliberations (议事协商, 六步议事法) in the store: the DeliberationStore interface (issue 5),
// reached as Store::Deliberations(). The implementation is sql_deliberations.cc (portable SQL over
// store::Connection) with its migrations 400-449 in sqlite/ and postgres/deliberation_migrations.cc.
// The rules are domain/deliberation.h: the store persists and calls them inside its transactions.
//
// Tables: deliberations, deliberation_compounds, deliberation_opinions, deliberation_research,
// deliberation_options, deliberation_meetings (+ _attendees), deliberation_tasks (+ _task_updates),
// deliberation_files (attachment metadata by url), deliberation_history.
//
// Scope: a deliberation belongs to one community. It is in scope when its community is one of the
// scope's communities or the community of one of its grids; for a household in the scope (a
// resident) when it is community-wide (no compounds) or one of its compounds is the household's.
// Out of scope == kNotFound.
//
// Contract for every method (as store.h): atomic; kNotFound out of scope; bad references
// kInvalidArgument naming the field (reason "not_found"); a closed deliberation refuses every
// change with kConflict field "step" reason "closed". Times are ISO 8601 UTC; the caller passes
// `now`. Thread rule: safe from many threads (pooled connections), like the Store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/deliberation.h"
#include "store/store.h"

namespace linli {

// An uploaded file referenced by a research note, an option or a task update. The domain keeps
// the url in its `attachments` / `photos` vectors; the store keeps the rest here.
struct DeliberationFile {
  std::string name, url, mime;
  std::int64_t size = 0;
};

// A deliberation as stored. `deliberation.vote_outcome` and `deliberation.notices` are NOT filled
// by the store: the API reads the linked vote / notices from their stores at GET time.
struct DeliberationRecord {
  Deliberation deliberation;
  std::string updated_at;
  std::map<Id, std::string> compound_names;  // every compound the record names (its own, opinions')
  std::vector<DeliberationFile> files;       // metadata of every attachment url it uses
};

struct DeliberationSummary {
  Id id = 0;
  Id community_id = 0;
  std::string title;
  DeliberationStep step = DeliberationStep::kCollect;
  std::vector<Id> compound_ids;
  std::string topic;
  std::int64_t opinions_count = 0;
  std::int64_t tasks_overdue = 0;  // open tasks due before filter.today
  std::string created_at, updated_at;
};

struct DeliberationFilter {
  std::optional<Id> community_id;
  std::string step;   // "" = any; a step code; "open" = not closed. Unknown: kInvalidArgument step
  std::string q;      // fragment of the title or topic
  std::string today;  // YYYY-MM-DD, for tasks_overdue
};

// PATCH: only the fields set change. chosen_option_id 0 = clear; vote_id 0 = clear.
struct DeliberationPatch {
  std::optional<std::string> title, topic, question, outcome;
  std::optional<std::vector<Id>> compound_ids;
  std::optional<bool> needs_vote;
  std::optional<Id> chosen_option_id, vote_id;
};

// The linked vote / notices the API read, passed to ChangeStep for CheckStepOutput.
struct DeliberationLinks {
  std::string vote_outcome;
  std::vector<NoticeLink> notices;
};

class DeliberationStore {
 public:
  virtual ~DeliberationStore() = default;

  // Creates a deliberation in step collect (d.id/step/history/opinions ignored; created_at = now).
  // `demand_ids` (<= 200): demands in scope of the same community become opinions (source
  // "demand", text = description, compound from the demand, author = reporter surname + "某",
  // demand_id). Errors: title "required" / "too_long"; community_id "not_found" (also out of
  // scope); compound_ids "not_in_community"; demand_ids "not_found" / "too_many".
  virtual Result<DeliberationRecord> CreateDeliberation(const Deliberation& d, const std::vector<Id>& demand_ids,
                                                        const std::string& now, const Scope& scope) = 0;
  virtual Result<DeliberationRecord> GetDeliberation(Id id, const Scope& scope) = 0;
  // Newest first (created_at, id).
  virtual Result<Page<DeliberationSummary>> ListDeliberations(const DeliberationFilter& f, const Scope& scope,
                                                              PageRequest page) = 0;
  // Errors: title "required"/"too_long"; compound_ids "not_in_community"; chosen_option_id
  // "not_found"; closed: kConflict step "closed".
  virtual Result<DeliberationRecord> UpdateDeliberation(Id id, const DeliberationPatch& patch,
                                                        const std::string& now, const Scope& scope) = 0;

  // Adds an opinion (o.id / created_at assigned; o.created_at = now). Only in steps collect and
  // topic: else kConflict field "step" reason "not_collecting". text "required" / "too_long"
  // (<= 2000 characters); compound_id "not_in_community". hall_visit_id / demand_id are stored as
  // given (the halls store links its visit). Used by the halls store for a hall visit (source "hall").
  virtual Result<Opinion> AddOpinion(Id deliberation_id, const Opinion& o, const std::string& now,
                                     const Scope& scope) = 0;
  // Sets opinions' themes ("" = ungrouped). Errors: "assignments[i].opinion_id" "not_found".
  virtual Result<DeliberationRecord> SetThemes(Id deliberation_id,
                                               const std::vector<std::pair<Id, std::string>>& assignments,
                                               const std::string& now, const Scope& scope) = 0;

  // Research note (n.at = now). Errors: kind "invalid"; text "required".
  virtual Result<ResearchNote> AddResearch(Id deliberation_id, const ResearchNote& n,
                                           const std::vector<DeliberationFile>& files, const std::string& now,
                                           const Scope& scope) = 0;
  // Options: editable only while the step is not past decide (else kConflict step "decided").
  // Errors: title "required"; cost_fen "range" (< 0); affected_households "range" (< 0).
  virtual Result<DeliberationOption> AddOption(Id deliberation_id, const DeliberationOption& o,
                                               const std::vector<DeliberationFile>& files, const std::string& now,
                                               const Scope& scope) = 0;
  virtual Result<DeliberationOption> UpdateOption(Id deliberation_id, const DeliberationOption& o,
                                                  const std::vector<DeliberationFile>& files,
                                                  const std::string& now, const Scope& scope) = 0;  // kNotFound
  virtual Status DeleteOption(Id deliberation_id, Id option_id, const std::string& now, const Scope& scope) = 0;
  // Meeting. Errors: held_at "invalid_time"; attendees "required"; attendees[i].party "invalid";
  // attendees[i].name "required".
  virtual Result<Meeting> AddMeeting(Id deliberation_id, const Meeting& m, const std::string& now,
                                     const Scope& scope) = 0;
  // Task (status open, progress 0). Errors: title "required"; due_date "date_format".
  virtual Result<DeliberationTask> AddTask(Id deliberation_id, const DeliberationTask& t, const std::string& now,
                                           const Scope& scope) = 0;
  // A progress update (u.at = now); `status` "" keeps it, else open | done | cancelled (done sets
  // progress 100). Errors: task kNotFound; progress "range"; status "invalid"; text "required".
  virtual Result<DeliberationTask> AddTaskUpdate(Id deliberation_id, Id task_id, const TaskUpdate& u,
                                                 const std::string& status,
                                                 const std::vector<DeliberationFile>& files,
                                                 const std::string& now, const Scope& scope) = 0;

  // The domain's ChangeStep on the stored deliberation with the caller's `links` (the linked vote's
  // outcome and notices): on success the step and the history event are written; on error nothing.
  virtual Result<DeliberationRecord> ChangeStep(Id deliberation_id, const StepRequest& request,
                                                const DeliberationLinks& links, const Scope& scope) = 0;
};

}  // namespace linli
