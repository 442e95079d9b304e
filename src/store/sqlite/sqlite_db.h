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

// The FTS5 document of a search text: its distinct 1- and 2-grams (never across a '\n'), each
// code point written as lower-case hex and a bigram as "<hex>x<hex>", so the "ascii" tokenizer
// keeps every gram one token. "水月" -> "6c34 6c34x6708 6708".
std::string SqliteGramTokens(const std::string& search_text);

// Re-indexes every household when a migration asked for it (table search_rebuild not empty).
Status RebuildSqliteSearchIfNeeded(Connection& c);

}  // namespace linli::store
