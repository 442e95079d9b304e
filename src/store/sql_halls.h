// The hall half of SqlStore (store/halls.h), written once in portable SQL over store::Connection,
// and the hall migrations of both back ends (numbers 450-499, applied after the core migrations by
// OpenStore). Private to src/store.
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <mutex>
#include <span>

#include "store/halls.h"
#include "store/sql_db.h"

namespace linli::store {

// sqlite/hall_migrations.cc and postgres/hall_migrations.cc.
std::span<const Migration> SqliteHallMigrations();
Status ApplyPgHallMigrations(Connection& c);

class SqlHalls final : public HallStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlHalls(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<HallSummary> CreateHall(const Hall& h, const Scope& scope) override;
  Result<HallSummary> UpdateHall(const Hall& h, const Scope& scope) override;
  Result<HallSummary> GetHall(Id id, const Scope& scope, const std::string& since) override;
  Result<std::vector<HallSummary>> ListHalls(const HallFilter& f, const Scope& scope) override;
  Status DeleteHall(Id id, const Scope& scope) override;
  Result<HallVisitRecord> AddVisit(const HallVisitRecord& v, const Scope& scope) override;
  Status LinkVisit(Id visit_id, std::optional<Id> opinion_id, std::optional<Id> demand_id,
                   const Scope& scope) override;
  Status DiscardVisit(Id visit_id, const Scope& scope) override;
  Result<Page<HallVisitRecord>> ListVisits(Id hall_id, const HallVisitFilter& f, const Scope& scope,
                                           PageRequest page) override;

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
