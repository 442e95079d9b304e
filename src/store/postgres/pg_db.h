// PostgreSQL back end: a Connection over libpq (prepared statements, COPY for bulk rows) and the
// GIN n-gram search index (households.grams text[]). Private to src/store.
#pragma once

#include <memory>
#include <string>

#include "store/sql_db.h"

namespace linli::store {

// Connects to `url` (a libpq URI). Errors: kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Connection>> OpenPgConnection(const std::string& url);

// Applies the numbered PostgreSQL migrations (postgres/migrations.cc).
Status ApplyPgMigrations(Connection& c);

// The PostgreSQL text[] literal of the n-grams of a search text ("{"水","水月",...}").
std::string PgGramsLiteral(const std::string& search_text);

}  // namespace linli::store
