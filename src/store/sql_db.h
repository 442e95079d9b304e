// The small SQL layer both back ends implement: values, rows, a connection with its dialect
// hooks, a connection pool and a transaction guard. Private to src/store.
// Thread rule: a Connection is used by one thread at a time (the pool hands it out); the Pool is
// safe from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <utility>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace linli::store {

// A parameter or a cell: NULL, integer, real or UTF-8 text. Booleans are integers 0/1.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline Value Nullable(const std::optional<Id>& v) { return v ? Value(*v) : Value(); }
inline Value Nullable(const std::optional<double>& v) { return v ? Value(*v) : Value(); }
// Statement parameters, in placeholder order.
using Params = std::vector<Value>;
// "?,?,?" for `ids`, appending them to `p` (for an IN list; callers handle an empty list).
std::string InList(const std::vector<Id>& ids, Params& p);
// " WHERE a AND b" from the non-empty conditions; "" when there is none.
std::string Where(const std::vector<std::string>& conds);

bool IsNull(const Value& v);
std::int64_t AsInt(const Value& v);  // NULL -> 0; text is parsed
double AsReal(const Value& v);       // NULL -> 0; text is parsed
std::string AsText(const Value& v);  // NULL -> ""
std::optional<Id> AsOptId(const Value& v);
std::optional<double> AsOptReal(const Value& v);

// One result row while it is being read.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual Value Get(int column) const = 0;
};

// A fully read result.
struct Rows {
  std::vector<std::vector<Value>> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  const std::vector<Value>& operator[](std::size_t i) const { return rows[i]; }
};

// Supplies row `i` of a bulk insert into `out` (one Value per column).
using RowSource = std::function<void(std::size_t i, std::vector<Value>& out)>;

// One database connection and the few places where the dialects differ. SQL is written with `?`
// placeholders; back ends rewrite them as needed. Errors: unique violations -> kConflict (field =
// the constrained column), foreign-key violations -> kInvalidArgument, others -> kInternal.
class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one statement, calling `fn` for every result row; returns the rows affected.
  virtual Result<std::int64_t> ForEach(std::string_view sql, std::span<const Value> params,
                                       const std::function<void(const Row&)>& fn) = 0;
  // Runs several statements without parameters (migrations, BEGIN/COMMIT).
  virtual Status Script(std::string_view sql) = 0;
  // BEGIN for a transaction that will write (SQLite: BEGIN IMMEDIATE).
  virtual std::string_view BeginWrite() const { return "BEGIN"; }
  // Inserts `n` rows fast (prepared loop / COPY). When IndexesOnInsert(), rows of `households`
  // that carry search_text are indexed by the insert itself.
  virtual Status BulkInsert(std::string_view table, const std::vector<std::string>& columns, std::size_t n,
                            const RowSource& row) = 0;
  virtual bool IndexesOnInsert() const { return false; }
  // Ids for `n` new rows of `table`, reserved inside the current write transaction.
  virtual Result<std::vector<Id>> ReserveIds(std::string_view table, std::size_t n) = 0;
  // The substring test: SQLite instr(a,b), PostgreSQL strpos(a,b).
  virtual std::string_view InstrFunction() const = 0;
  // A SELECT returning the ids of households whose search text contains `normalized_q` (never
  // empty); its parameters are appended to `params`.
  virtual std::string SearchHouseholdsSql(const std::string& normalized_q,
                                          std::vector<Value>& params) const = 0;
  // Keeps the n-gram index of one household in step with its search text ("" = none).
  virtual Status IndexHousehold(Id household_id, const std::string& old_text,
                                const std::string& new_text) = 0;
  // One index change for IndexHouseholds.
  struct IndexChange {
    Id household_id;
    const std::string* old_text;
    const std::string* new_text;
  };
  // Many IndexHousehold calls at once (the default loops; PostgreSQL uses COPY).
  virtual Status IndexHouseholds(const std::vector<IndexChange>& changes) {
    for (const auto& ch : changes)
      LINLI_TRY_STATUS(IndexHousehold(ch.household_id, *ch.old_text, *ch.new_text));
    return Ok();
  }
  // Hooks around an import inside its write transaction: `new_rows` rows will be inserted;
  // `lookups_by_index` says whether the import still looks rows up by secondary indexes in
  // between (then they must stay). Back ends may tune caches or drop and rebuild indexes.
  virtual Status BeforeBulkImport(std::size_t new_rows, bool lookups_by_index) { return Ok(); }
  virtual Status AfterBulkImport() { return Ok(); }
  // Inside a write transaction: keeps every other writer of `table` (a fixed internal name) out
  // until commit, so "read the last row, append the next" stays linear. SQLite needs nothing
  // (BEGIN IMMEDIATE already holds the one write lock); PostgreSQL locks the table.
  virtual Status LockForAppend(std::string_view table) { return Ok(); }

  // Runs one statement and reads every row.
  Result<Rows> Exec(std::string_view sql, std::span<const Value> params = {});
  Result<Rows> Exec(std::string_view sql, std::initializer_list<Value> params) {
    return Exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
};

// Owns up to `max` connections made by `factory`; Acquire blocks while all are in use.
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Factory factory, int max) : factory_(std::move(factory)), max_(max) {}

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (c_) pool_->Release(std::move(c_));
    }
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> c);
  Factory factory_;
  int max_;
  int open_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// A transaction: rolled back on destruction unless Commit() succeeded.
class Tx {
 public:
  Tx(Connection& c) : c_(c) {}
  ~Tx() {
    if (open_) (void)c_.Script("ROLLBACK");
  }
  Status Begin(bool write) {
    LINLI_TRY_STATUS(c_.Script(write ? c_.BeginWrite() : std::string_view("BEGIN")));
    open_ = true;
    return Ok();
  }
  Status Commit() {
    open_ = false;
    return c_.Script("COMMIT");
  }

 private:
  Connection& c_;
  bool open_ = false;
};

// Runs `f(Connection&)` on a pooled connection, outside any transaction.
template <class F>
auto ReadOn(Pool& pool, F&& f) -> decltype(f(std::declval<Connection&>())) {
  LINLI_TRY(auto lease, pool.Acquire());
  return f(*lease);
}

// Runs `f(Connection&)` in one write transaction, committed only when `f` succeeds (rolled back
// otherwise). `write_mu` (SQLite: one writer per file) serialises writers when given.
template <class F>
auto WriteOn(Pool& pool, std::mutex* write_mu, F&& f) -> decltype(f(std::declval<Connection&>())) {
  std::unique_lock<std::mutex> lock;
  if (write_mu) lock = std::unique_lock<std::mutex>(*write_mu);
  LINLI_TRY(auto lease, pool.Acquire());
  Tx tx(*lease);
  LINLI_TRY_STATUS(tx.Begin(true));
  auto r = f(*lease);
  if (!r.ok()) return r;
  LINLI_TRY_STATUS(tx.Commit());
  return r;
}

// A numbered schema migration.
struct Migration {
  int number;
  std::string_view sql;
};
// Applies the migrations not yet recorded in schema_migrations, each in its own transaction.
Status ApplyMigrations(Connection& c, std::span<const Migration> migrations);

}  // namespace linli::store
