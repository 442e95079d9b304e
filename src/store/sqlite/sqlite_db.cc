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
  char buf[12];
  int n = std::snprintf(buf, sizeof buf, "%x", static_cast<unsigned>(cp));
  out.append(buf, n);
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

  std::string SearchHouseholdsSql(const std::string& q, std::vector<Value>& params) const override {
    auto cps = CodePoints(q);
    std::string match;
    if (cps.size() == 1) {
      match = "uni : \"" + UnigramToken(cps[0]) + "\"";
    } else {
      match = "bi : \"";
      for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
        if (i) match.push_back(' ');
        match += BigramToken(cps[i], cps[i + 1]);
      }
      match += "\"";
    }
    params.emplace_back(std::move(match));
    return "SELECT rowid FROM household_fts WHERE household_fts MATCH ?";
  }

  Status IndexHousehold(Id id, const std::string& old_text, const std::string& new_text) override {
    if (old_text == new_text) return Ok();
    if (!old_text.empty()) {
      auto g = SqliteGrams(old_text);
      LINLI_TRY_STATUS(
          Exec("INSERT INTO household_fts(household_fts, rowid, bi, uni) VALUES ('delete', ?, ?, ?)",
               {Value(id), Value(g.bi), Value(g.uni)}));
    }
    if (!new_text.empty()) {
      auto g = SqliteGrams(new_text);
      LINLI_TRY_STATUS(Exec("INSERT INTO household_fts(rowid, bi, uni) VALUES (?, ?, ?)",
                            {Value(id), Value(g.bi), Value(g.uni)}));
    }
    return Ok();
  }

  Status BeforeBulkImport() override {
    return Script("PRAGMA cache_size=-400000; PRAGMA temp_store=MEMORY;");
  }
  Status AfterBulkImport() override { return Script("PRAGMA cache_size=-64000;"); }

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
        rc = sqlite3_bind_text(st, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else
        rc = sqlite3_bind_null(st, idx);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return Ok();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

SqliteGramColumns SqliteGrams(const std::string& search_text) {
  SqliteGramColumns out;
  std::unordered_set<char32_t> seen;
  std::size_t start = 0;
  while (start <= search_text.size()) {
    std::size_t end = search_text.find('\n', start);
    if (end == std::string::npos) end = search_text.size();
    auto cps = CodePoints(std::string_view(search_text).substr(start, end - start));
    if (!out.bi.empty()) out.bi += " z";  // part separator: phrases never cross parts
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      if (!out.bi.empty()) out.bi.push_back(' ');
      out.bi += BigramToken(cps[i], cps[i + 1]);
    }
    for (char32_t c : cps) {
      if (!seen.insert(c).second) continue;
      if (!out.uni.empty()) out.uni.push_back(' ');
      AppendHex(out.uni, c);
    }
    start = end + 1;
  }
  return out;
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
                   "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace linli::store
