// The property half of SqlStore (store/property.h), written once in portable SQL over
// store::Connection, and the property migrations of both back ends (numbers 500-549, applied
// after the core migrations by OpenStore). Private to src/store.
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <mutex>
#include <span>

#include "store/property.h"
#include "store/sql_db.h"

namespace linli::store {

// sqlite/property_migrations.cc and postgres/property_migrations.cc.
std::span<const Migration> SqlitePropertyMigrations();
Status ApplyPgPropertyMigrations(Connection& c);

class SqlProperty final : public PropertyStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlProperty(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<std::vector<PropertyCompoundInfo>> ListPropertyCompounds(std::optional<Id> community_id,
                                                                  const PropertyScope& scope) override;
  Result<PropertyCompoundInfo> GetPropertyCompound(Id compound_id, const PropertyScope& scope) override;
  Result<std::vector<HouseholdArea>> ListHouseholdAreas(Id compound_id, const PropertyScope& scope) override;
  Result<PropertyContract> SetContract(const PropertyContract& c, const PropertyScope& scope) override;
  Result<PropertyRating> AddRating(const PropertyRating& r, const PropertyScope& scope) override;
  Result<std::vector<PropertyRating>> ListHouseholdRatings(Id household_id, const PropertyScope& scope) override;

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
