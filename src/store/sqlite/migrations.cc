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

constexpr std::array<Migration, 3> kMigrations = {{{1, kM1}, {2, kM2}, {3, kM3}}};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

}  // namespace linli::store
