// SQLite schema of owner votes (业主表决): migrations 200-299, applied after the core ones. Never
// edit a released migration: add the next number.
#include <array>

#include "store/sql_votes.h"

namespace linli::store {

namespace {

// 201: votes with their options, custom thresholds, the frozen electorate and the ballots. Times
// are UTC text ("2026-11-29T00:00:00Z") so they compare as strings. The electorate snapshot holds
// no personal data: a dwelling's owners are reduced to its headcount voter index. Ballots are
// never deleted: a replaced one stays with is_current = 0 and replaced_by set.
constexpr std::string_view kM201 = R"sql(
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  deliberation_id INTEGER,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  rule_set TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  allow_change INTEGER NOT NULL DEFAULT 0,
  secret INTEGER NOT NULL DEFAULT 1,
  non_voters_follow_majority INTEGER NOT NULL DEFAULT 0,
  electorate_kind TEXT NOT NULL,
  electorate_ids TEXT NOT NULL,
  electorate_label TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft',
  outcome TEXT NOT NULL DEFAULT '',
  winner TEXT NOT NULL DEFAULT '',
  result_source TEXT NOT NULL DEFAULT '',
  dwellings INTEGER NOT NULL DEFAULT 0,
  headcount INTEGER NOT NULL DEFAULT 0,
  total_area INTEGER NOT NULL DEFAULT 0,
  ballots INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  opened_by TEXT NOT NULL DEFAULT '',
  opened_at TEXT NOT NULL DEFAULT '',
  closed_by TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL DEFAULT '',
  published_by TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_votes_community ON votes(community_id, id);

CREATE TABLE vote_options (
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  abstain INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (vote_id, position)
);

CREATE TABLE vote_thresholds (
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  position INTEGER NOT NULL,
  measure TEXT NOT NULL,
  basis TEXT NOT NULL,
  over_base TEXT NOT NULL,
  needed_num INTEGER NOT NULL,
  needed_den INTEGER NOT NULL,
  inclusive INTEGER NOT NULL,
  PRIMARY KEY (vote_id, position)
);

CREATE TABLE vote_electorate (
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  position INTEGER NOT NULL,
  household_id INTEGER NOT NULL,
  compound_id INTEGER NOT NULL,
  building_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  label TEXT NOT NULL,
  area_centiares INTEGER NOT NULL,
  voter INTEGER NOT NULL,
  developer_unsold INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (vote_id, position)
);
CREATE UNIQUE INDEX uq_vote_electorate__household ON vote_electorate(vote_id, household_id);
CREATE INDEX ix_vote_electorate_household ON vote_electorate(household_id);

CREATE TABLE vote_ballots (
  id INTEGER PRIMARY KEY,
  vote_id INTEGER NOT NULL REFERENCES votes(id),
  household_id INTEGER NOT NULL,
  choice TEXT NOT NULL,
  channel TEXT NOT NULL,
  cast_at TEXT NOT NULL,
  entered_by TEXT NOT NULL DEFAULT '',
  entered_at TEXT NOT NULL DEFAULT '',
  attachment TEXT NOT NULL DEFAULT '',
  voter_name TEXT NOT NULL DEFAULT '',
  is_current INTEGER NOT NULL DEFAULT 1,
  replaced_by INTEGER
);
CREATE INDEX ix_vote_ballots_vote ON vote_ballots(vote_id, household_id, id);
CREATE UNIQUE INDEX uq_vote_ballots__household ON vote_ballots(vote_id, household_id) WHERE is_current = 1;

CREATE TRIGGER vote_ballots_no_delete BEFORE DELETE ON vote_ballots
BEGIN SELECT RAISE(ABORT, 'ballots are never deleted'); END;
)sql";

// 202: the channels a vote takes ballots through (comma-separated: online,paper,hall).
constexpr std::string_view kM202 = R"sql(
ALTER TABLE votes ADD COLUMN channels TEXT NOT NULL DEFAULT 'online,paper,hall';
)sql";

// 203: a resident account is linked to his resident record (users.resident_id), so an owner voting
// online is recognised by that record (and, across dwellings, by the keyed hash of its ID number)
// instead of by his display name. No foreign key: residents can be deleted; a dangling link is
// refused at voting time. Accounts without the link keep the name match as a fallback.
//
// household_owners: the other dwellings a registered person owns. The registry keeps each person once
// (ID numbers are unique), in the household he lives in; an owner of a second dwelling is linked
// to it here, so the electorate recognises him there too (one headcount voter, areas added).
constexpr std::string_view kM203 = R"sql(
ALTER TABLE users ADD COLUMN resident_id INTEGER;
CREATE TABLE household_owners (
  household_id INTEGER NOT NULL,
  resident_id INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (household_id, resident_id)
);
CREATE INDEX ix_household_owners_resident ON household_owners(resident_id);
)sql";

constexpr std::array<Migration, 3> kMigrations = {{{201, kM201}, {202, kM202}, {203, kM203}}};

}  // namespace

std::span<const Migration> SqliteVoteMigrations() { return kMigrations; }

}  // namespace linli::store
