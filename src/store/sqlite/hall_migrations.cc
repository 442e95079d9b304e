// SQLite schema of deliberation halls (邻里议事厅): migrations 450-499, applied after the core
// ones. Never edit a released migration: add the next number.
#include <array>

#include "store/sql_halls.h"

namespace linli::store {

namespace {

// 451: halls with the compounds they serve (a compound in one hall at most: compound_id is the
// key), weekly hours, the duty roster and the visit log. Times are UTC text; hours local "HH:MM".
constexpr std::string_view kM451 = R"sql(
CREATE TABLE halls (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  name TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_halls_community ON halls(community_id, name);

CREATE TABLE hall_compounds (
  compound_id INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_hall_compounds_hall ON hall_compounds(hall_id, position);

CREATE TABLE hall_hours (
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  PRIMARY KEY (hall_id, position)
);

CREATE TABLE hall_roster (
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  position INTEGER NOT NULL,
  weekday INTEGER NOT NULL,
  worker_name TEXT NOT NULL,
  user_id INTEGER,
  PRIMARY KEY (hall_id, position)
);

CREATE TABLE hall_visits (
  id INTEGER PRIMARY KEY,
  hall_id INTEGER NOT NULL REFERENCES halls(id),
  visitor_name TEXT NOT NULL DEFAULT '',
  resident_id INTEGER,
  compound_id INTEGER,
  about TEXT NOT NULL,
  outcome TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  deliberation_id INTEGER,
  opinion_id INTEGER,
  demand_id INTEGER,
  worker TEXT NOT NULL,
  worker_user_id INTEGER,
  at TEXT NOT NULL
);
CREATE INDEX ix_hall_visits_hall ON hall_visits(hall_id, at);
)sql";

constexpr std::array<Migration, 1> kMigrations = {{{451, kM451}}};

}  // namespace

std::span<const Migration> SqliteHallMigrations() { return kMigrations; }

}  // namespace linli::store
