#include "store/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "domain/address.h"

namespace linli::store {

namespace {

// Code points of a UTF-8 string (already valid: it comes from NormalizeSearchText).
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// A code point as an ASCII token for the FTS5 "ascii" tokenizer: lower-case hex.
void AppendHex(std::string& out, char32_t cp) {
  char buf[8];
  int n = 0;
  do {
    buf[n++] = "0123456789abcdef"[cp & 0xF];
    cp >>= 4;
  } while (cp);
  while (n) out.push_back(buf[--n]);
}

std::string UnigramToken(char32_t a) {
  std::string t;
  AppendHex(t, a);
  return t;
}
std::string BigramToken(char32_t a, char32_t b) {
  std::string t;
  AppendHex(t, a);
  t.push_back('x');
  AppendHex(t, b);
  return t;
}

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = sqlite3_errmsg(db);
  int ext = sqlite3_extended_errcode(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    // "UNIQUE constraint failed: residents.id_number"
    std::string field = msg.substr(msg.rfind('.') == std::string::npos ? msg.size() : msg.rfind('.') + 1);
    if (field == "id_number_hash") field = "id_number";  // uniqueness is kept on the keyed hash
    return Error::Conflict("唯一性冲突: " + msg, field);
  }
  if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::Invalid("", "reference", "引用的对象不存在: " + msg);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return {ErrorCode::kUnavailable, "数据库忙: " + msg, {}, {}};
  return Error::Internal("sqlite " + std::string(what) + ": " + msg);
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  int size() const override { return sqlite3_column_count(s_); }
  Value Get(int c) const override {
    switch (sqlite3_column_type(s_, c)) {
      case SQLITE_INTEGER:
        return Value(static_cast<std::int64_t>(sqlite3_column_int64(s_, c)));
      case SQLITE_FLOAT:
        return Value(sqlite3_column_double(s_, c));
      case SQLITE_NULL:
        return Value();
      default: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
        return Value(std::string(p, sqlite3_column_bytes(s_, c)));
      }
    }
  }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }

  Result<std::int64_t> ForEach(std::string_view sql, std::span<const Value> params,
                               const std::function<void(const Row&)>& fn) override {
    LINLI_TRY(sqlite3_stmt * st, Prepare(sql));
    LINLI_TRY_STATUS(Bind(st, params));
    SqliteRow row(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) fn(row);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, sql);
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status Script(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    return Ok();
  }

  std::string_view BeginWrite() const override { return "BEGIN IMMEDIATE"; }

  Status BulkInsert(std::string_view table, const std::vector<std::string>& columns, std::size_t n,
                    const RowSource& source) override {
    std::string sql = "INSERT INTO " + std::string(table) + "(";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + columns[i];
    sql += ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
    LINLI_TRY(sqlite3_stmt * st, Prepare(sql));
    std::vector<Value> row;
    for (std::size_t i = 0; i < n; ++i) {
      row.assign(columns.size(), Value());
      source(i, row);
      LINLI_TRY_STATUS(Bind(st, row));
      int rc = sqlite3_step(st);
      sqlite3_reset(st);
      if (rc != SQLITE_DONE) return SqliteError(db_, rc, sql);
    }
    sqlite3_clear_bindings(st);
    return Ok();
  }

  Result<std::vector<Id>> ReserveIds(std::string_view table, std::size_t n) override {
    // The write transaction (BEGIN IMMEDIATE) holds the database lock, so MAX(id) is stable.
    LINLI_TRY(auto r, Exec("SELECT COALESCE(MAX(id), 0) FROM " + std::string(table), {}));
    Id next = AsInt(r[0][0]) + 1;
    std::vector<Id> ids(n);
    for (auto& id : ids) id = next++;
    return ids;
  }

  std::string_view InstrFunction() const override { return "instr"; }

  // Every bigram of the query (or its one character) must be in the household's grams; the
  // fragment itself is then checked on the text, where it cannot span the '\n' between parts.
  std::string SearchHouseholdsSql(const std::string& q, std::vector<Value>& params) const override {
    auto cps = CodePoints(q);
    std::string match;
    std::unordered_set<std::string> seen;
    auto add = [&](std::string token) {
      if (!seen.insert(token).second) return;
      if (!match.empty()) match.push_back(' ');
      match += "\"" + token + "\"";
    };
    if (cps.size() == 1) add(UnigramToken(cps[0]));
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) add(BigramToken(cps[i], cps[i + 1]));
    params.emplace_back(std::move(match));
    // One or two characters are one gram, indexed only inside a part: the index alone is exact,
    // and skipping the text check saves a row read per match (common surnames match thousands).
    if (cps.size() <= 2) return "SELECT rowid AS id FROM household_fts WHERE household_fts MATCH ?";
    params.emplace_back(q);
    return "SELECT h.id FROM households h WHERE h.id IN (SELECT rowid FROM household_fts WHERE household_fts "
           "MATCH ?) AND instr(h.search_text, ?) > 0";
  }

  Status IndexHousehold(Id id, const std::string& old_text, const std::string& new_text) override {
    if (old_text == new_text) return Ok();
    if (!old_text.empty())
      LINLI_TRY_STATUS(Exec("INSERT INTO household_fts(household_fts, rowid, g) VALUES ('delete', ?, ?)",
                            {Value(id), Value(SqliteGramTokens(old_text))}));
    if (!new_text.empty())
      LINLI_TRY_STATUS(
          Exec("INSERT INTO household_fts(rowid, g) VALUES (?, ?)", {Value(id), Value(SqliteGramTokens(new_text))}));
    return Ok();
  }

  // An import: a big page cache (no spills to the WAL mid-transaction), a big FTS5 pending-terms
  // buffer and no automerge (the caller indexes households in rowid order: FTS5 flushes a
  // segment whenever a rowid is not above the previous one).
  // A large one (at least as many new rows as the tables hold, 100,000 or more) drops the
  // secondary indexes of households, residents and resident_tags and rebuilds them at the end:
  // one sort per index instead of millions of random B-tree inserts. Unique indexes are rebuilt
  // too, so a clash still fails the import (kConflict) and rolls everything back.
  Status BeforeBulkImport(std::size_t new_rows, bool lookups_by_index) override {
    LINLI_TRY_STATUS(Script(
        "PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY; "
        "INSERT INTO household_fts(household_fts, rank) VALUES ('automerge', 0); "
        "INSERT INTO household_fts(household_fts, rank) VALUES ('hashsize', 67108864);"));
    dropped_indexes_.clear();
    if (lookups_by_index || new_rows < 100000) return Ok();
    LINLI_TRY(auto have, Exec("SELECT (SELECT COUNT(*) FROM households) + (SELECT COUNT(*) FROM residents)", {}));
    if (static_cast<std::size_t>(AsInt(have[0][0])) > new_rows) return Ok();
    LINLI_TRY(auto idx, Exec("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                             "tbl_name IN ('households', 'residents', 'resident_tags')",
                             {}));
    for (auto& r : idx.rows) {
      LINLI_TRY_STATUS(Script("DROP INDEX " + AsText(r[0])));
      dropped_indexes_.push_back(AsText(r[1]));
    }
    return Ok();
  }
  Status AfterBulkImport() override {
    for (const auto& sql : dropped_indexes_) LINLI_TRY_STATUS(Script(sql));
    dropped_indexes_.clear();
    return Script(
        "INSERT INTO household_fts(household_fts, rank) VALUES ('automerge', 4); "
        "INSERT INTO household_fts(household_fts, rank) VALUES ('hashsize', 1048576); PRAGMA cache_size=-64000;");
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    cache_.emplace(std::move(key), st);
    return st;
  }

  Status Bind(sqlite3_stmt* st, std::span<const Value> params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1), rc = SQLITE_OK;
      const Value& v = params[i];
      if (auto* n = std::get_if<std::int64_t>(&v))
        rc = sqlite3_bind_int64(st, idx, *n);
      else if (auto* d = std::get_if<double>(&v))
        rc = sqlite3_bind_double(st, idx, *d);
      else if (auto* s = std::get_if<std::string>(&v))
        // Not copied: every caller keeps its parameters alive until the step and reset are done,
        // and every use of a cached statement binds all of them again first.
        rc = sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
      else
        rc = sqlite3_bind_null(st, idx);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return Ok();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::vector<std::string> dropped_indexes_;  // CREATE INDEX statements to run in AfterBulkImport
};

}  // namespace

std::string SqliteGramTokens(const std::string& search_text) {
  std::string out;
  std::unordered_set<std::uint64_t> seen;
  std::size_t start = 0;
  while (start < search_text.size()) {
    std::size_t end = search_text.find('\n', start);
    if (end == std::string::npos) end = search_text.size();
    auto cps = CodePoints(std::string_view(search_text).substr(start, end - start));
    for (std::size_t i = 0; i < cps.size(); ++i) {
      if (seen.insert(cps[i]).second) {
        if (!out.empty()) out.push_back(' ');
        AppendHex(out, cps[i]);
      }
      if (i + 1 < cps.size() && seen.insert((std::uint64_t{cps[i]} << 32 | cps[i + 1]) | (1ULL << 63)).second) {
        out.push_back(' ');
        AppendHex(out, cps[i]);
        out.push_back('x');
        AppendHex(out, cps[i + 1]);
      }
    }
    start = end + 1;
  }
  return out;
}

Status RebuildSqliteSearchIfNeeded(Connection& c) {
  LINLI_TRY(auto need, c.Exec("SELECT COUNT(*) FROM search_rebuild", {}));
  if (AsInt(need[0][0]) == 0) return Ok();
  Tx tx(c);
  LINLI_TRY_STATUS(tx.Begin(true));
  // household_fts was just created empty by the migration that asked for the rebuild.
  LINLI_TRY(auto hs, c.Exec("SELECT id, search_text FROM households WHERE search_text <> ''", {}));
  for (auto& h : hs.rows)
    LINLI_TRY_STATUS(c.Exec("INSERT INTO household_fts(rowid, g) VALUES (?, ?)",
                            {h[0], Value(SqliteGramTokens(AsText(h[1])))}));
  LINLI_TRY_STATUS(c.Script("DELETE FROM search_rebuild"));
  return tx.Commit();
}

Result<std::unique_ptr<Connection>> OpenSqliteConnection(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error{ErrorCode::kUnavailable, "无法打开数据库 " + path + ": " + msg, {}, {}};
  }
  sqlite3_extended_result_codes(db, 1);
  auto conn = std::make_unique<SqliteConnection>(db);
  LINLI_TRY_STATUS(
      conn->Script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; "
                   "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY; "
                   "PRAGMA mmap_size=4294967296;"));  // reads straight from the page cache, no pread per page
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace linli::store
