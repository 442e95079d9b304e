// SQLite schema of the demands (接诉即办), migrations 100-199 (the core schema keeps 1-99).
// Never edit a released migration: add the next one.
#include <array>

#include "store/sqlite/sqlite_db.h"

namespace linli::store {

namespace {

// 101: demands, their events, attachments' metadata, the category tree, settings, idempotency
// keys, the daily number sequence and the daily counts behind the three rates.
constexpr std::string_view kM101 = R"sql(
CREATE TABLE demands (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  channel TEXT NOT NULL,
  external_number TEXT NOT NULL DEFAULT '',
  nature TEXT NOT NULL,
  category_code TEXT NOT NULL,
  category_top TEXT NOT NULL,
  urgency TEXT NOT NULL,
  description TEXT NOT NULL,
  address_text TEXT NOT NULL DEFAULT '',
  community_id INTEGER NOT NULL,
  household_id INTEGER,
  building_id INTEGER,
  compound_id INTEGER,
  grid_id INTEGER,
  address_resolved INTEGER NOT NULL DEFAULT 0,
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_phone TEXT NOT NULL DEFAULT '',
  reporter_resident_id INTEGER,
  reporter_user_id INTEGER,
  status TEXT NOT NULL,
  assignee_kind TEXT NOT NULL DEFAULT 'staff',
  assignee_user_id INTEGER,
  assignee_name TEXT NOT NULL DEFAULT '',
  first_receiver_user_id INTEGER,
  worker_id INTEGER,
  parent_id INTEGER,
  children INTEGER NOT NULL DEFAULT 0,
  reply TEXT NOT NULL DEFAULT '',
  solved INTEGER,
  satisfaction TEXT NOT NULL DEFAULT '',
  callback_comment TEXT NOT NULL DEFAULT '',
  extensions INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  dispatched_at TEXT NOT NULL DEFAULT '',
  signed_at TEXT NOT NULL DEFAULT '',
  contacted_at TEXT NOT NULL DEFAULT '',
  replied_at TEXT NOT NULL DEFAULT '',
  callback_at TEXT NOT NULL DEFAULT '',
  closed_at TEXT NOT NULL DEFAULT '',
  respond_due_at TEXT NOT NULL DEFAULT '',
  due_at TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_demands__number ON demands(number);
CREATE UNIQUE INDEX uq_demands__external_number ON demands(channel, external_number) WHERE external_number <> '';
CREATE INDEX ix_demands_created ON demands(created_at);
CREATE INDEX ix_demands_community ON demands(community_id, created_at);
CREATE INDEX ix_demands_grid ON demands(grid_id, created_at);
CREATE INDEX ix_demands_building ON demands(building_id, created_at);
CREATE INDEX ix_demands_assignee ON demands(assignee_user_id, created_at);
CREATE INDEX ix_demands_reporter ON demands(reporter_user_id) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX ix_demands_parent ON demands(parent_id) WHERE parent_id IS NOT NULL;
-- Open and not yet replied: the overdue lists and the open-past-due part of the counts.
CREATE INDEX ix_demands_pending ON demands(community_id, due_at) WHERE replied_at = '' AND status NOT IN ('closed', 'merged');
CREATE INDEX ix_demands_pending_worker ON demands(worker_id, due_at) WHERE replied_at = '' AND status NOT IN ('closed', 'merged');

CREATE TABLE demand_events (
  id INTEGER PRIMARY KEY,
  demand_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX ix_demand_events_demand ON demand_events(demand_id, id);
CREATE INDEX ix_demand_events_at ON demand_events(at);

CREATE TABLE demand_attachments (
  id INTEGER PRIMARY KEY,
  demand_id INTEGER,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  original_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_demand_attachments_demand ON demand_attachments(demand_id);

CREATE TABLE demand_categories (
  code TEXT NOT NULL PRIMARY KEY,
  parent_code TEXT NOT NULL DEFAULT '',
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT '',
  respond_hours INTEGER NOT NULL DEFAULT 0,
  resolve_hours INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE demand_settings (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE demand_idempotency (
  key TEXT NOT NULL PRIMARY KEY,
  fingerprint TEXT NOT NULL DEFAULT '',
  demand_id INTEGER,
  created_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE demand_number_seq (
  day TEXT NOT NULL PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE demand_daily (
  community_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  grid_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  category_top TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  dispatched INTEGER NOT NULL DEFAULT 0,
  responded_in_time INTEGER NOT NULL DEFAULT 0,
  callbacks INTEGER NOT NULL DEFAULT 0,
  solved INTEGER NOT NULL DEFAULT 0,
  satisfied INTEGER NOT NULL DEFAULT 0,
  basic INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (community_id, day, grid_id, user_id, category_top)
) WITHOUT ROWID;
CREATE INDEX ix_demand_daily_user ON demand_daily(user_id, day);
CREATE INDEX ix_demand_daily_grid ON demand_daily(grid_id, day);

-- The search index: contentless FTS5 over hex-encoded bigrams of the description, address and
-- reporter name, plus a token per community ("c<id>") and grid ("g<id>") so a scoped search
-- intersects inside the index (see sql_demands.cc DemandGramTokens).
CREATE VIRTUAL TABLE demand_fts USING fts5(g, content='', columnsize=0, detail=none, tokenize='ascii');
)sql";

// 102: duplicate candidates read only open demands of the building or grid (small partial indexes).
constexpr std::string_view kM102 = R"sql(
CREATE INDEX ix_demands_open_building ON demands(building_id, created_at) WHERE status NOT IN ('closed', 'merged');
CREATE INDEX ix_demands_open_grid ON demands(grid_id, created_at) WHERE status NOT IN ('closed', 'merged');
)sql";

// 103: the reporter's phone encrypted at rest (access/field_crypto.h), like the registry's personal
// fields: sealed in reporter_phone_sealed, found by its keyed hash reporter_phone_hash; the clear
// column reporter_phone stays empty. Demands stored before are sealed once when the store opens
// (SealDemandPhones, while the setting phones_pending is there).
constexpr std::string_view kM103 = R"sql(
ALTER TABLE demands ADD COLUMN reporter_phone_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE demands ADD COLUMN reporter_phone_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX ix_demands_reporter_phone ON demands(reporter_phone_hash) WHERE reporter_phone_hash <> '';
INSERT INTO demand_settings(key, value) VALUES ('phones_pending', '1');
)sql";

// 104: the search index keyed by community: a token "k<hex>" per bigram folds the demand's
// community into the bigram (sql_demands.cc GramKey), so a search in a community or a street reads
// only its communities' posting lists. The contentless index cannot be rewritten in SQL: it is
// emptied here and rebuilt from the rows when the store opens (RebuildDemandSearch, while the
// setting search_pending is there).
constexpr std::string_view kM104 = R"sql(
DROP TABLE demand_fts;
CREATE VIRTUAL TABLE demand_fts USING fts5(g, content='', columnsize=0, detail=none, tokenize='ascii');
INSERT INTO demand_settings(key, value) VALUES ('search_pending', '1');
)sql";

// 105: duplicate candidates (the open demands of a building or grid in the last 30 days) read
// ix_demands_building / ix_demands_grid, which now carry the status: closed rows are skipped in
// the index, without a table read, so the open-demand partial indexes of 102 go and every intake
// writes two index pages fewer (measured: 14.2 -> 12.3 WAL pages per intake; duplicates at 10
// million demands p99 13.4 ms right after a cold start, 1.9 ms warm).
//
// Also: an intake no longer writes its search-index entry in its own transaction (an FTS5 segment
// per commit of a few intakes, and its merges, were a sixth of the intake's cost). It writes its id
// into demand_search_pending instead (atomic with the demand); the entries are indexed together,
// one segment for hundreds of intakes, by SqlDemands::FlushSearch — every 50 ms in the background
// and before any search reads the index, so a search always sees every committed demand. Rows left
// by a crash are indexed by the first flush after the restart.
constexpr std::string_view kM105 = R"sql(
DROP INDEX IF EXISTS ix_demands_open_building;
DROP INDEX IF EXISTS ix_demands_open_grid;
DROP INDEX IF EXISTS ix_demands_grid;
CREATE INDEX ix_demands_grid ON demands(grid_id, created_at, status);
DROP INDEX IF EXISTS ix_demands_building;
CREATE INDEX ix_demands_building ON demands(building_id, created_at, status);
CREATE TABLE demand_search_pending (id INTEGER PRIMARY KEY);
)sql";

constexpr std::array<Migration, 5> kMigrations = {{{101, kM101}, {102, kM102}, {103, kM103}, {104, kM104}, {105, kM105}}};

}  // namespace

std::span<const Migration> SqliteDemandMigrations() { return kMigrations; }

}  // namespace linli::store
