#include "store/sql_db.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace linli::store {

bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

std::int64_t AsInt(const Value& v) {
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double AsReal(const Value& v) {
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string AsText(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, r.ptr);
  }
  return {};
}

std::optional<Id> AsOptId(const Value& v) {
  if (IsNull(v)) return std::nullopt;
  return AsInt(v);
}

std::optional<double> AsOptReal(const Value& v) {
  if (IsNull(v)) return std::nullopt;
  return AsReal(v);
}

Result<Rows> Connection::Exec(std::string_view sql, std::span<const Value> params) {
  Rows out;
  LINLI_TRY(out.affected, ForEach(sql, params, [&](const Row& r) {
              std::vector<Value> row(r.size());
              for (int i = 0; i < r.size(); ++i) row[i] = r.Get(i);
              out.rows.push_back(std::move(row));
            }));
  return out;
}

Result<Pool::Lease> Pool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto made = factory_();
  if (!made.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return made.error();
  }
  return Lease(this, std::move(made).value());
}

void Pool::Release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
  cv_.notify_one();
}

Status ApplyMigrations(Connection& c, std::span<const Migration> migrations) {
  LINLI_TRY_STATUS(c.Script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
  LINLI_TRY(auto done, c.Exec("SELECT number FROM schema_migrations", {}));
  std::vector<std::int64_t> applied;
  for (auto& r : done.rows) applied.push_back(AsInt(r[0]));
  for (const auto& m : migrations) {
    if (std::find(applied.begin(), applied.end(), m.number) != applied.end()) continue;
    Tx tx(c);
    LINLI_TRY_STATUS(tx.Begin(true));
    LINLI_TRY_STATUS(c.Script(m.sql));
    LINLI_TRY_STATUS(c.Exec("INSERT INTO schema_migrations(number, applied_at) VALUES (?, CURRENT_TIMESTAMP)",
                            {Value(std::int64_t{m.number})}));
    LINLI_TRY_STATUS(tx.Commit());
  }
  return Ok();
}

std::string InList(const std::vector<Id>& ids, Params& p) {
  std::string s;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    s += i ? ",?" : "?";
    p.emplace_back(ids[i]);
  }
  return s;
}

std::string Where(const std::vector<std::string>& conds) {
  std::string out;
  for (const auto& c : conds) {
    if (c.empty()) continue;
    out += out.empty() ? " WHERE " : " AND ";
    out += c;
  }
  return out;
}

}  // namespace linli::store
