// SQLite schema, one migration per number. Never edit a released migration: add the next one.
#include <array>

#include "store/sqlite/sqlite_db.h"

namespace linli::store {

namespace {

// 1: the registry. Parents' ids are copied down (community_id, compound_id, building_id, grid_id)
// so every list filter is one indexed range; communities and compounds keep counters.
constexpr std::string_view kM1 = R"sql(
CREATE TABLE communities (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  street_name TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  compounds_count INTEGER NOT NULL DEFAULT 0,
  buildings_count INTEGER NOT NULL DEFAULT 0,
  units_count INTEGER NOT NULL DEFAULT 0,
  households_count INTEGER NOT NULL DEFAULT 0,
  residents_count INTEGER NOT NULL DEFAULT 0,
  grids_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uq_communities__code ON communities(code);

CREATE TABLE compounds (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  property_company TEXT NOT NULL DEFAULT '',
  buildings_count INTEGER NOT NULL DEFAULT 0,
  households_count INTEGER NOT NULL DEFAULT 0,
  residents_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uq_compounds__name ON compounds(community_id, name);

CREATE TABLE grids (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  worker_name TEXT NOT NULL DEFAULT '',
  worker_phone TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_grids__code ON grids(code);
CREATE INDEX ix_grids_community ON grids(community_id);

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  compound_id INTEGER NOT NULL REFERENCES compounds(id),
  community_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  floors INTEGER NOT NULL DEFAULT 0,
  x REAL,
  y REAL,
  grid_id INTEGER REFERENCES grids(id)
);
CREATE UNIQUE INDEX uq_buildings__name ON buildings(compound_id, name);
CREATE INDEX ix_buildings_community ON buildings(community_id);
CREATE INDEX ix_buildings_grid ON buildings(grid_id);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id),
  compound_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  grid_id INTEGER,
  name TEXT NOT NULL
);
CREATE UNIQUE INDEX uq_units__name ON units(building_id, name);
CREATE INDEX ix_units_compound ON units(compound_id);
CREATE INDEX ix_units_community ON units(community_id);

CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  building_id INTEGER NOT NULL,
  compound_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  grid_id INTEGER,
  door TEXT NOT NULL,
  area_m2 REAL NOT NULL DEFAULT 0,
  phone TEXT NOT NULL DEFAULT '',
  developer_unsold INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_households__door ON households(unit_id, door);
CREATE INDEX ix_households_building ON households(building_id);
CREATE INDEX ix_households_compound ON households(compound_id);
CREATE INDEX ix_households_community ON households(community_id);
CREATE INDEX ix_households_grid ON households(grid_id);

CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  community_id INTEGER NOT NULL,
  compound_id INTEGER NOT NULL,
  grid_id INTEGER,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL DEFAULT '',
  sex INTEGER NOT NULL DEFAULT 0,
  birth_date TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT '',
  is_owner INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  vulnerable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_residents_household ON residents(household_id);
CREATE INDEX ix_residents_community ON residents(community_id);
CREATE INDEX ix_residents_compound ON residents(compound_id);
CREATE INDEX ix_residents_grid ON residents(grid_id, vulnerable);
CREATE UNIQUE INDEX uq_residents__id_number ON residents(id_number) WHERE id_number <> '';
CREATE INDEX ix_residents_phone ON residents(phone) WHERE phone <> '';

CREATE TABLE resident_tags (
  resident_id INTEGER NOT NULL REFERENCES residents(id),
  code TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_resident_tags_resident ON resident_tags(resident_id);
CREATE INDEX ix_resident_tags_code ON resident_tags(code, resident_id);
)sql";

// 2: the household search index: contentless FTS5 over hex-encoded n-grams (see SqliteGrams).
constexpr std::string_view kM2 = R"sql(
CREATE VIRTUAL TABLE household_fts USING fts5(bi, uni, content='', columnsize=0, tokenize='ascii');
)sql";

// 3: the search index keeps each household's distinct grams only (detail=none: no positions, a
// third of the size and insert time); matches are checked on households.search_text. The
// households are re-indexed from search_text on open (RebuildSqliteSearchIfNeeded).
constexpr std::string_view kM3 = R"sql(
DROP TABLE household_fts;
CREATE VIRTUAL TABLE household_fts USING fts5(g, content='', columnsize=0, detail=none, tokenize='ascii');
CREATE TABLE search_rebuild (needed INTEGER NOT NULL);
INSERT INTO search_rebuild VALUES (1);
)sql";

// 4: accounts (the accounts issue): users with their scope lists (user_scopes: kind 'community',
// 'grid' or 'compound'), sessions keyed by the hash of the session id, API tokens stored hashed,
// and the append-only, hash-chained audit log.
constexpr std::string_view kM4 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  street_code TEXT NOT NULL DEFAULT '',
  household_id INTEGER,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  last_login_at TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_users__username ON users(username);
CREATE INDEX ix_users_role ON users(role);

CREATE TABLE user_scopes (
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  ref_id INTEGER NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_user_scopes_user ON user_scopes(user_id);

CREATE TABLE sessions (
  id_hash TEXT NOT NULL PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_api_tokens__token_hash ON api_tokens(token_hash);

CREATE TABLE api_token_communities (
  token_id INTEGER NOT NULL REFERENCES api_tokens(id),
  community_id INTEGER NOT NULL,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_api_token_communities_token ON api_token_communities(token_id);

CREATE TABLE audit_log (
  id INTEGER NOT NULL PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '',
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  remote_addr TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL
);
CREATE INDEX ix_audit_log_actor ON audit_log(actor, id);
CREATE INDEX ix_audit_log_action ON audit_log(action, id);
CREATE INDEX ix_audit_log_at ON audit_log(at);

-- Append-only: the database refuses to change or remove an audit entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// 5: personal fields encrypted at rest (access/field_crypto.h). A resident's ID number, phone and
// birth date are sealed together in `personal`; exact search and ID-number uniqueness use keyed
// hashes (id_number_hash, phone_hash), never the clear value. The household phone is sealed in
// `phone`. The old clear columns stay, emptied: rows written before this migration are sealed
// once when the store opens (field_crypto.pending = 1), which also records the key's fingerprint
// (key_check) so that a wrong key file is refused instead of reading garbage.
constexpr std::string_view kM5 = R"sql(
ALTER TABLE residents ADD COLUMN personal TEXT NOT NULL DEFAULT '';
ALTER TABLE residents ADD COLUMN id_number_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE residents ADD COLUMN phone_hash TEXT NOT NULL DEFAULT '';
DROP INDEX uq_residents__id_number;
DROP INDEX ix_residents_phone;
CREATE UNIQUE INDEX uq_residents__id_number_hash ON residents(id_number_hash) WHERE id_number_hash <> '';
CREATE INDEX ix_residents_phone_hash ON residents(phone_hash) WHERE phone_hash <> '';
CREATE TABLE field_crypto (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  key_check TEXT NOT NULL DEFAULT '',
  pending INTEGER NOT NULL DEFAULT 1
);
INSERT INTO field_crypto(id, key_check, pending) VALUES (1, '', 1);
)sql";

// 6: resident tags encrypted at rest too (issue 3 item 6): each tag's code as a keyed hash
// (code_hash, for the tag filter) and code + detail sealed together (sealed); code and detail stay,
// emptied. pending = 1 so that the store seals the tags written before this migration on open.
constexpr std::string_view kM6 = R"sql(
ALTER TABLE resident_tags ADD COLUMN code_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE resident_tags ADD COLUMN sealed TEXT NOT NULL DEFAULT '';
DROP INDEX ix_resident_tags_code;
CREATE INDEX ix_resident_tags_code_hash ON resident_tags(code_hash, resident_id);
UPDATE field_crypto SET pending = 1 WHERE id = 1;
)sql";

constexpr std::array<Migration, 6> kMigrations = {
    {{1, kM1}, {2, kM2}, {3, kM3}, {4, kM4}, {5, kM5}, {6, kM6}}};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

}  // namespace linli::store
