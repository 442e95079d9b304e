// Owner votes in the store: the VoteStore interface and its contracts (issue 5), reached as
// Store::Votes(). The implementation is sql_votes.cc (portable SQL over store::Connection) with its
// migrations 200-299 in sqlite/ and postgres/vote_migrations.cc. The rules are domain/vote.h: the
// store only selects, snapshots, persists and calls them inside its transactions.
//
// Tables:
//   votes            id, community_id, deliberation_id?, title, description, kind, rule_set,
//                    opens_at, closes_at, allow_change, secret, non_voters_follow_majority,
//                    electorate_kind, electorate_ids, status (draft|open|closed), outcome, winner,
//                    result_source, created/opened/closed/published by and at, counters
//   vote_options     vote_id, position, code, label, abstain
//   vote_thresholds  vote_id, position, measure, basis, over, needed_num, needed_den, inclusive
//                    (custom rule sets only; built-ins come from RuleSetThresholds)
//   vote_electorate  vote_id, position, household_id, compound_id, building_id, unit_id, label,
//                    area_centiares, voter (the headcount voter index), developer_unsold —
//                    the snapshot of SnapshotDwellings: no ID numbers or names are kept
//   vote_ballots     id, vote_id, household_id, choice, channel, cast_at, entered_by, entered_at,
//                    attachment, voter_name, current, replaced_by? (a replaced ballot is kept)
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

// status: draft (being prepared; no electorate yet) -> open (the electorate is frozen, ballots are
// taken inside the period) -> closed (counted; no more ballots). published_at: the result was
// published (closed votes only). result_source: "" (ballots taken in linli) | "official" (the
// result imported from the city's official system).
struct VoteRecord {
  Id id = 0;
  Id community_id = 0;
  std::optional<Id> deliberation_id;
  std::string title, description;
  VoteDefinition definition;  // kind, options, rule set, period, flags; `closed` mirrors status
  ElectorateSelection electorate;
  std::string electorate_label;  // "水月院" / "水月院 2号楼" / "… 1单元"
  std::string status = "draft";  // draft | open | closed
  std::string outcome, winner;   // set when closed (the decisive result)
  std::int64_t dwellings = 0, headcount = 0, ballots = 0;  // electorate size; current ballots
  std::int64_t total_area = 0;                             // centiares
  std::string result_source;                               // "" | official
  // The ballot channels this vote takes (online by the owner; paper / hall entered by staff).
  std::vector<std::string> channels = {"online", "paper", "hall"};
  std::string created_by, created_at, opened_by, opened_at, closed_by, closed_at, published_by, published_at;
  std::string community_name;
};

// A recorded ballot. replaced_by: the ballot that replaced it (only in the history list).
struct StoredBallot {
  Id id = 0;
  Id vote_id = 0;
  Ballot ballot;
  std::string label;  // the dwelling's address from the snapshot
  std::string entered_at;
  bool current = true;
  std::optional<Id> replaced_by;
};

// A registered person as an owner (业主): his resident record and every dwelling he owns — his own
// household when he is its owner (is_owner), and the households linked to him as their owner in
// household_owners (dwellings he owns but does not live in). The electorate recognises him across
// them by the keyed hash of his ID number (or by the record itself without one), so he is one
// headcount voter there.
struct OwnerRecord {
  Id resident_id = 0;
  Id household_id = 0;  // where he lives
  std::string name;
  bool is_owner = false;       // owner of the household he lives in
  std::vector<Id> households;  // every dwelling he owns: his own first (when he owns it), then by id
};

// What an owner's online vote recorded: one ballot per dwelling of his in the electorate. Dwellings
// that already had a ballot (a co-owner voted) when the vote forbids changes are skipped and named.
struct OwnerBallots {
  std::vector<StoredBallot> ballots;
  std::vector<std::string> skipped;  // labels of the dwellings skipped
};

struct VoteFilter {
  std::optional<Id> community_id, deliberation_id;
  std::string status;  // "" | draft | open | closed
  std::string q;       // fragment of the title
  // Only votes whose electorate holds one of these households (a resident's "my votes").
  std::vector<Id> household_ids;
};

class VoteStore {
 public:
  virtual ~VoteStore() = default;

  // Creates a draft: checks ValidateVoteDefinition, the channels (1+ of online / paper / hall:
  // field channels, reason "invalid" / "required"), and that the electorate selection names places
  // of the community in scope. Errors: the definition's; community_id "not_found"; electorate.ids
  // "not_found" (a compound / building / unit outside the community or scope), "required";
  // electorate.kind "enum".
  virtual Result<VoteRecord> CreateVote(const VoteRecord& v, const Scope& scope) = 0;
  // Opens a draft at `now`: selects the households of the selection from the registry (owners
  // recognised across dwellings by the keyed hash of their ID number), BuildElectorate, and
  // stores the snapshot (SnapshotDwellings: no personal data). Errors: status "not_draft"
  // (kConflict); "dwellings" "required" when the selection holds no households; area_m2
  // "area_range" naming a household without area.
  virtual Result<VoteRecord> OpenVote(Id id, const std::string& by, const std::string& now,
                                      const Scope& scope) = 0;
  virtual Result<VoteRecord> GetVote(Id id, const Scope& scope) = 0;
  virtual Result<Page<VoteRecord>> ListVotes(const VoteFilter& f, const Scope& scope, PageRequest page) = 0;
  // The stored electorate (snapshot), rebuilt with BuildElectorate (empty for a draft).
  virtual Result<Electorate> GetElectorate(Id vote_id, const Scope& scope) = 0;

  // Records one ballot after CheckBallot against the snapshot and the dwelling's current ballot,
  // at `now`; a replacing ballot marks the earlier one replaced_by. Errors: CheckBallot's; a
  // channel the vote does not take: channel "not_allowed"; a draft: status "not_open" (kConflict).
  virtual Result<StoredBallot> CastBallot(Id vote_id, const Ballot& ballot, const std::string& now,
                                          const Scope& scope) = 0;
  // An owner voting online: the same choice for every dwelling of his headcount voter
  // (DwellingsOfSameVoter), all or nothing.
  virtual Result<std::vector<StoredBallot>> CastForOwner(Id vote_id, const Ballot& ballot,
                                                         const std::string& now, const Scope& scope) = 0;
  // The owner behind a resident record (kNotFound when the record does not exist). Not scoped: the
  // caller has already reached the record (a logged-in resident's own link, or staff in scope).
  virtual Result<OwnerRecord> FindOwner(Id resident_id) = 0;
  // Links a resident as an owner of another household (idempotent) / removes the link (idempotent).
  // The caller checks both are in scope. Errors: household_id "own_household" when it is where he
  // lives (mark him is_owner there instead); resident_id / household_id "not_found".
  virtual Result<OwnerRecord> AddOwnedHousehold(Id resident_id, Id household_id, const std::string& by,
                                                const std::string& now) = 0;
  virtual Result<OwnerRecord> RemoveOwnedHousehold(Id resident_id, Id household_id) = 0;
  // An owner voting online (the resident record of a logged-in account): the same choice for every
  // dwelling he owns (FindOwner) that is in the electorate, all or nothing. ballot.household_id:
  // 0 = all of them; else it must be one of his dwellings (household_id "not_owner") in the
  // electorate, and comes first. voter_name is the record's name. Dwellings already voted (by a
  // co-owner) are skipped when the vote forbids changes; when every one of them is, the error is
  // CheckBallot's household_id "already_voted". Errors: kPermissionDenied when the record is not an
  // owner of any dwelling (resident_id "not_owner"); household_id "not_in_electorate" when none of
  // his dwellings is in the electorate; CheckBallot's.
  virtual Result<OwnerBallots> CastForResident(Id vote_id, Id resident_id, const Ballot& ballot,
                                               const std::string& now, const Scope& scope) = 0;
  // Current ballots (history = true: replaced ones too), by household id.
  virtual Result<Page<StoredBallot>> ListBallots(Id vote_id, bool history, const Scope& scope,
                                                 PageRequest page) = 0;

  // TallyVote over the snapshot and the current ballots (open or closed votes; a draft answers
  // kConflict status "not_open").
  virtual Result<VoteTally> Tally(Id vote_id, const Scope& scope) = 0;
  // Closes the vote at `now` and stores the decisive outcome; afterwards no ballot is accepted.
  // Before closes_at only when every dwelling has voted (else kConflict field closes_at reason
  // "period_not_over"); a closed vote: kConflict field status reason "closed"; a draft:
  // "not_open".
  virtual Result<VoteRecord> CloseVote(Id vote_id, const std::string& by, const std::string& now,
                                       const Scope& scope) = 0;
  // Publishes the result of a closed vote (kConflict status "not_closed" / "published").
  virtual Result<VoteRecord> PublishResult(Id vote_id, const std::string& by, const std::string& now,
                                           const Scope& scope) = 0;
  // The official system's result: one ballot per dwelling (channel "official", attachment =
  // `source`) replaces every ballot recorded in linli, and the vote is closed with
  // result_source "official". Each ballot's dwelling must be in the electorate and its choice an
  // option (errors name the row: field "rows[i].household_id" / "rows[i].choice"); two rows for
  // one dwelling: "rows[i].household_id" "duplicate". A draft: "not_open"; published: "published".
  virtual Result<VoteRecord> ImportOfficialResult(Id vote_id, const std::vector<Ballot>& ballots,
                                                  const std::string& source, const std::string& by,
                                                  const std::string& now, const Scope& scope) = 0;
};

}  // namespace linli
