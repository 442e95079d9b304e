// SQLite back end: a Connection over the sqlite3 C API (WAL, foreign keys, busy timeout,
// a prepared-statement cache) and the FTS5 n-gram search index. Private to src/store.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "store/sql_db.h"

namespace linli::store {

// Opens one connection to `path` (a file name or a "file:" URI) with linli's pragmas.
// Errors: kUnavailable when the file cannot be opened.
Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path);

// The numbered SQLite schema migrations (sqlite/migrations.cc).
std::span<const Migration> SqliteMigrations();

// The FTS5 tokens of a search text: "bigrams in order, parts separated" and "unigrams".
struct SqliteGramColumns {
  std::string bi, uni;
};
SqliteGramColumns SqliteGrams(const std::string& search_text);

}  // namespace linli::store
