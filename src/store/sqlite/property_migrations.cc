// SQLite schema of property management (物业管理): migrations 500-549, applied after the core ones.
// Never edit a released migration: add the next number.
#include <array>

#include "store/sql_property.h"

namespace linli::store {

namespace {

// 501: contracts with their subsidy years, and the residents' yearly ratings. Days are local
// "YYYY-MM-DD" text (they compare as strings), money integer fen. compound_id / household_id are
// plain integers (no foreign key), so deleting a compound or household in the registry is not
// blocked by its property history; reads join the registry.
constexpr std::string_view kM501 = R"sql(
CREATE TABLE property_contracts (
  id INTEGER PRIMARY KEY,
  compound_id INTEGER NOT NULL,
  company_name TEXT NOT NULL,
  company_user_id INTEGER,
  contact TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  fee_fen_per_m2_month INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_property_contracts__starts_on ON property_contracts(compound_id, starts_on);

CREATE TABLE property_subsidy_years (
  contract_id INTEGER NOT NULL REFERENCES property_contracts(id),
  year_index INTEGER NOT NULL,
  government_percent INTEGER NOT NULL,
  PRIMARY KEY (contract_id, year_index)
);

CREATE TABLE property_ratings (
  id INTEGER PRIMARY KEY,
  compound_id INTEGER NOT NULL,
  contract_id INTEGER NOT NULL REFERENCES property_contracts(id),
  household_id INTEGER NOT NULL,
  user_id INTEGER,
  year INTEGER NOT NULL,
  score INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE UNIQUE INDEX uq_property_ratings__year ON property_ratings(household_id, year);
CREATE INDEX ix_property_ratings_compound ON property_ratings(compound_id, contract_id, year);
)sql";

constexpr std::array<Migration, 1> kMigrations = {{{501, kM501}}};

}  // namespace

std::span<const Migration> SqlitePropertyMigrations() { return kMigrations; }

}  // namespace linli::store
