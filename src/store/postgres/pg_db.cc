#include "store/postgres/pg_db.h"

#include <libpq-fe.h>

#include <unordered_map>
#include <unordered_set>

#include "domain/address.h"

namespace linli::store {

namespace {

// "?" placeholders -> "$1", "$2", ... (linli's SQL has no "?" inside literals).
std::string Numbered(std::string_view sql) {
  std::string out;
  int n = 0;
  for (char ch : sql) {
    if (ch == '?')
      out += "$" + std::to_string(++n);
    else
      out.push_back(ch);
  }
  return out;
}

void AppendArrayItem(std::string& out, std::string_view item) {
  out.push_back('"');
  for (char ch : item) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('"');
}

// COPY text format: backslash, tab, newline and CR escaped.
void AppendCopyField(std::string& out, const Value& v) {
  if (IsNull(v)) {
    out += "\\N";
    return;
  }
  for (char ch : AsText(v)) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out.push_back(ch);
    }
  }
}

class PgRow final : public Row {
 public:
  PgRow(PGresult* r, int row) : r_(r), row_(row) {}
  int size() const override { return PQnfields(r_); }
  Value Get(int c) const override {
    if (PQgetisnull(r_, row_, c)) return Value();
    return Value(std::string(PQgetvalue(r_, row_, c), PQgetlength(r_, row_, c)));
  }

 private:
  PGresult* r_;
  int row_;
};

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : c_(c) {}
  ~PgConnection() override { PQfinish(c_); }

  Result<std::int64_t> ForEach(std::string_view sql, std::span<const Value> params,
                               const std::function<void(const Row&)>& fn) override {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      ResultGuard g{PQprepare(c_, name.c_str(), Numbered(sql).c_str(), 0, nullptr)};
      if (PQresultStatus(g.r) != PGRES_COMMAND_OK) return PgError(g.r, sql);
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (IsNull(params[i])) continue;
      text[i] = AsText(params[i]);
      values[i] = text[i].c_str();
    }
    ResultGuard g{PQexecPrepared(c_, it->second.c_str(), static_cast<int>(params.size()), values.data(),
                                 nullptr, nullptr, 0)};
    auto st = PQresultStatus(g.r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return PgError(g.r, sql);
    for (int i = 0, n = PQntuples(g.r); i < n; ++i) fn(PgRow(g.r, i));
    const char* affected = PQcmdTuples(g.r);
    return static_cast<std::int64_t>(affected && *affected ? std::atoll(affected) : 0);
  }

  Status Script(std::string_view sql) override {
    std::string s(sql);
    ResultGuard g{PQexec(c_, s.c_str())};
    auto st = PQresultStatus(g.r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgError(g.r, sql);
    return Ok();
  }

  Status BulkInsert(std::string_view table, const std::vector<std::string>& columns, std::size_t n,
                    const RowSource& source) override {
    if (n == 0) return Ok();
    int text_col = -1;
    std::string sql = "COPY " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? "," : "") + columns[i];
      if (table == "households" && columns[i] == "search_text") text_col = static_cast<int>(i);
    }
    if (text_col >= 0) sql += ",grams";
    sql += ") FROM STDIN";
    {
      ResultGuard g{PQexec(c_, sql.c_str())};
      if (PQresultStatus(g.r) != PGRES_COPY_IN) return PgError(g.r, sql);
    }
    std::string buf;
    std::vector<Value> row;
    auto flush = [&]() -> Status {
      if (PQputCopyData(c_, buf.data(), static_cast<int>(buf.size())) != 1)
        return Error::Internal(std::string("COPY: ") + PQerrorMessage(c_));
      buf.clear();
      return Ok();
    };
    for (std::size_t i = 0; i < n; ++i) {
      row.assign(columns.size(), Value());
      source(i, row);
      for (std::size_t k = 0; k < row.size(); ++k) {
        if (k) buf.push_back('\t');
        AppendCopyField(buf, row[k]);
      }
      if (text_col >= 0) {
        buf.push_back('\t');
        AppendCopyField(buf, Value(PgGramsLiteral(AsText(row[text_col]))));
      }
      buf.push_back('\n');
      if (buf.size() > (1 << 20)) LINLI_TRY_STATUS(flush());
    }
    if (!buf.empty()) LINLI_TRY_STATUS(flush());
    if (PQputCopyEnd(c_, nullptr) != 1) return Error::Internal(std::string("COPY: ") + PQerrorMessage(c_));
    Status out = Ok();
    while (PGresult* r = PQgetResult(c_)) {
      ResultGuard g{r};
      if (PQresultStatus(r) != PGRES_COMMAND_OK && out.ok()) out = PgError(r, sql);
    }
    return out;
  }

  bool IndexesOnInsert() const override { return true; }

  // Fresh statistics after bulk rows, so the planner keeps using the indexes.
  Status AfterBulkImport() override {
    return Script("ANALYZE compounds; ANALYZE buildings; ANALYZE units; ANALYZE households; ANALYZE residents; "
                  "ANALYZE resident_tags");
  }

  Result<std::vector<Id>> ReserveIds(std::string_view table, std::size_t n) override {
    std::vector<Id> ids;
    if (n == 0) return ids;
    ids.reserve(n);
    LINLI_TRY_STATUS(
        ForEach("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?::bigint)",
                std::vector<Value>{Value(std::string(table)), Value(static_cast<std::int64_t>(n))},
                [&](const Row& r) { ids.push_back(AsInt(r.Get(0))); }));
    return ids;
  }

  Status LockForAppend(std::string_view table) override {
    // SHARE ROW EXCLUSIVE conflicts with itself and with every writer, never with readers.
    return Script("LOCK TABLE " + std::string(table) + " IN SHARE ROW EXCLUSIVE MODE");
  }

  std::string_view InstrFunction() const override { return "strpos"; }

  std::string SearchHouseholdsSql(const std::string& q, std::vector<Value>& params) const override {
    // Every bigram of the query (or its one character); then the exact fragment, which never
    // spans the '\n' between the address and the names.
    const bool single = IsOneCodePoint(q);
    std::string literal = "{";
    bool first = true;
    for (const auto& g : SearchGrams(q)) {
      if (!single && IsOneCodePoint(g)) continue;
      if (!first) literal.push_back(',');
      AppendArrayItem(literal, g);
      first = false;
    }
    literal += "}";
    params.emplace_back(std::move(literal));
    params.emplace_back(q);
    return "SELECT id FROM households WHERE grams @> ?::text[] AND strpos(search_text, ?) > 0";
  }

  Status IndexHousehold(Id id, const std::string& old_text, const std::string& new_text) override {
    LINLI_TRY_STATUS(ForEach("UPDATE households SET grams = ?::text[] WHERE id = ?",
                             std::vector<Value>{Value(PgGramsLiteral(new_text)), Value(id)},
                             [](const Row&) {}));
    return Ok();
  }

  Status IndexHouseholds(const std::vector<IndexChange>& changes) override {
    if (changes.size() < 64) return Connection::IndexHouseholds(changes);
    LINLI_TRY_STATUS(
        Script("CREATE TEMP TABLE IF NOT EXISTS linli_grams (id BIGINT, grams TEXT[]) ON COMMIT DROP"));
    LINLI_TRY_STATUS(
        BulkInsert("linli_grams", {"id", "grams"}, changes.size(), [&](std::size_t i, std::vector<Value>& v) {
          v[0] = changes[i].household_id;
          v[1] = PgGramsLiteral(*changes[i].new_text);
        }));
    return Script("UPDATE households h SET grams = g.grams FROM linli_grams g WHERE h.id = g.id");
  }

  static bool IsOneCodePoint(std::string_view g) {
    if (g.empty()) return false;
    auto b = static_cast<unsigned char>(g[0]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    return g.size() == len;
  }

 private:
  Error PgError(PGresult* r, std::string_view sql) {
    if (PQstatus(c_) != CONNECTION_OK)
      return Error{ErrorCode::kUnavailable, std::string("数据库连接已断开: ") + PQerrorMessage(c_), {}, {}};
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c_);
    std::string code = state ? state : "";
    if (code == "23505") {
      std::string name = constraint ? constraint : "";
      auto pos = name.find("__");
      return Error::Conflict("唯一性冲突: " + msg, pos == std::string::npos ? name : name.substr(pos + 2));
    }
    if (code == "23503") return Error::Invalid("", "reference", "引用的对象不存在: " + msg);
    return Error::Internal("postgres: " + msg + " in: " + std::string(sql.substr(0, 200)));
  }

  PGconn* c_;
  std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace

std::string PgGramsLiteral(const std::string& search_text) {
  std::string out = "{";
  std::unordered_set<std::string> seen;
  std::size_t start = 0;
  bool first = true;
  while (start < search_text.size()) {
    std::size_t end = search_text.find('\n', start);
    if (end == std::string::npos) end = search_text.size();
    for (auto& g : SearchGrams(std::string_view(search_text).substr(start, end - start))) {
      if (!seen.insert(g).second) continue;
      if (!first) out.push_back(',');
      AppendArrayItem(out, g);
      first = false;
    }
    start = end + 1;
  }
  return out + "}";
}

Result<std::unique_ptr<Connection>> OpenPgConnection(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    PQfinish(c);
    return Error{ErrorCode::kUnavailable, "无法连接 PostgreSQL: " + msg, {}, {}};
  }
  auto conn = std::make_unique<PgConnection>(c);
  LINLI_TRY_STATUS(conn->Script("SET client_min_messages = warning"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace linli::store
