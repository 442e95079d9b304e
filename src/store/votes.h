// Owner votes in the store: the VoteStore interface and its contracts (issue 5). To be reached as
// Store::Votes() like Store::Demands(); the implementation (sql_votes.cc, portable SQL over
// store::Connection) and its migrations (200-299, sqlite/ and postgres/deliberation_migrations.cc)
// come with the votes slice. The rules are domain/vote.h: the store only selects, snapshots,
// persists and calls them inside its transactions.
//
// Tables (sketch for the migrations):
//   votes            id, community_id, deliberation_id?, title, description, kind, rule_set,
//                    opens_at, closes_at, allow_change, secret, non_voters_follow_majority,
//                    electorate_kind, status (open|closed), outcome, winner, created_by/at,
//                    closed_by/at
//   vote_options     vote_id, position, code, label, abstain
//   vote_thresholds  vote_id, position, measure, basis, over, needed_num, needed_den, inclusive
//                    (custom rule sets only; built-ins come from RuleSetThresholds)
//   vote_electorate  vote_id, household_id, compound_id, building_id, unit_id, label,
//                    area_centiares, voter (the headcount voter index), developer_unsold —
//                    the snapshot of SnapshotDwellings: no ID numbers or names are kept
//   vote_ballots     id, vote_id, household_id, choice, channel, cast_at, entered_by, entered_at,
//                    attachment, voter_name, replaced_by? (a replaced ballot is kept, never deleted)
//   vote_results     vote_id, the closing tally (outcome, winner, every ThresholdResult) as rows
//
// Contract for every method (as store.h):
//  - atomic: it fully happens or leaves the store unchanged (a refused ballot writes nothing);
//  - a vote that does not exist OR whose community is out of scope answers kNotFound;
//  - bad references answer kInvalidArgument naming the field (reason "not_found");
//  - back-end failures answer kInternal / kUnavailable.
// Times are ISO 8601 UTC strings; the caller passes `now`.
// Thread rule: safe from many threads (pooled connections), like the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/vote.h"
#include "store/store.h"

namespace linli {

// Who may vote: a whole compound, some buildings, or one unit (stairwell; elevator votes).
// kind: compound | buildings | unit; ids: one compound id, 1+ building ids, or one unit id — all
// in the vote's community.
struct ElectorateSelection {
  std::string kind = "compound";
  std::vector<Id> ids;
};

struct VoteRecord {
  Id id = 0;
  Id community_id = 0;
  std::optional<Id> deliberation_id;
  std::string title, description;
  VoteDefinition definition;  // kind, options, rule set, period, flags; `closed` mirrors status
  ElectorateSelection electorate;
  std::string status = "open";                             // open | closed
  std::string outcome, winner;                             // set when closed (the decisive result)
  std::int64_t dwellings = 0, headcount = 0, ballots = 0;  // electorate size; current ballots
  std::string created_by, created_at, closed_by, closed_at;
};

// A recorded ballot. replaced_by: the ballot that replaced it (only in the history list).
struct StoredBallot {
  Id id = 0;
  Id vote_id = 0;
  Ballot ballot;
  std::string label;  // the dwelling's address from the snapshot
  std::string entered_at;
  std::optional<Id> replaced_by;
};

struct VoteFilter {
  std::optional<Id> community_id, deliberation_id;
  std::string status;  // "" | open | closed
  std::string q;       // fragment of the title
};

class VoteStore {
 public:
  virtual ~VoteStore() = default;

  // Creates a vote: checks ValidateVoteDefinition, selects the households of `v.electorate` from
  // the registry (DwellingsFromRegistry -> BuildElectorate; owners recognised by ID number) and
  // stores the snapshot. Errors: the definition's; electorate.ids "not_found" (a compound /
  // building / unit outside the community or scope), "required"; "dwellings" "required" when the
  // selection holds no households; area_m2 "area_range" naming a household without area.
  virtual Result<VoteRecord> CreateVote(const VoteRecord& v, const Scope& scope) = 0;
  virtual Result<VoteRecord> GetVote(Id id, const Scope& scope) = 0;
  virtual Result<Page<VoteRecord>> ListVotes(const VoteFilter& f, const Scope& scope, PageRequest page) = 0;
  // The stored electorate (snapshot), rebuilt with BuildElectorate.
  virtual Result<Electorate> GetElectorate(Id vote_id, const Scope& scope) = 0;

  // Records one ballot after CheckBallot against the snapshot and the dwelling's current ballot,
  // at `now`; a replacing ballot marks the earlier one replaced_by. Errors: CheckBallot's.
  virtual Result<StoredBallot> CastBallot(Id vote_id, const Ballot& ballot, const std::string& now,
                                          const Scope& scope) = 0;
  // An owner voting online: the same choice for every dwelling of his headcount voter
  // (DwellingsOfSameVoter), all or nothing.
  virtual Result<std::vector<StoredBallot>> CastForOwner(Id vote_id, const Ballot& ballot,
                                                         const std::string& now, const Scope& scope) = 0;
  // Current ballots (history = true: replaced ones too), by household id.
  virtual Result<Page<StoredBallot>> ListBallots(Id vote_id, bool history, const Scope& scope,
                                                 PageRequest page) = 0;

  // TallyVote over the snapshot and the current ballots (open or closed votes).
  virtual Result<VoteTally> Tally(Id vote_id, const Scope& scope) = 0;
  // Closes the vote at `now` (not before closes_at: kConflict field closes_at reason
  // "period_not_over"; a closed vote: kConflict field status reason "closed") and stores the
  // tally; afterwards no ballot is accepted.
  virtual Result<VoteRecord> CloseVote(Id vote_id, const std::string& by, const std::string& now,
                                       const Scope& scope) = 0;
};

}  // namespace linli
