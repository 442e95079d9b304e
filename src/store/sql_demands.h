// SqlDemands: the DemandStore written once in portable SQL over store::Connection (SQLite and
// PostgreSQL). SqlStore owns one and returns it from Store::Demands(). Private to src/store.
// The two places where the dialects differ — the n-gram search index (SQLite: the FTS5 table
// demand_fts; PostgreSQL: demands.grams text[] with GIN) and index handling around big loads —
// are chosen once from the connection's dialect (Connection::InstrFunction).
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>

#include "access/field_crypto.h"

#include "store/demands.h"
#include "store/group_commit.h"
#include "store/sql_db.h"

namespace linli::store {

// The demand migrations (numbers 100-199), applied after the core ones by OpenStore.
std::span<const Migration> SqliteDemandMigrations();  // sqlite/demand_migrations.cc
Status ApplyPgDemandMigrations(Connection& c);        // postgres/demand_migrations.cc
// Seals the clear reporter phones of demands stored before migration 103, once (while the setting
// phones_pending is there; a no-op afterwards). Run on open after PrepareFieldEncryption, which
// has checked the key against the database.
Status SealDemandPhones(Connection& c, const FieldCipher& cipher);
// SQLite: rebuilds the search index from the rows once after migration 104 (no-op otherwise).
Status RebuildDemandSearch(Connection& c);

class SqlDemands final : public DemandStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  // `cipher` (never null) seals the reporter's phone at rest: reporter_phone_sealed holds it, and
  // reporter_phone_hash (keyed hash) lets a search by the exact phone find the demand.
  // Intakes are group-committed (group_commit.h): concurrent CreateDemand calls share one write
  // transaction, each in its own savepoint, and each returns after the shared commit.
  SqlDemands(Pool& pool, std::mutex* write_mu, std::shared_ptr<const FieldCipher> cipher)
      : pool_(pool), write_mu_(write_mu), cipher_(std::move(cipher)), intakes_(pool, write_mu, "CreateDemand") {}

  // Stops the background WAL checkpointer (SQLite); the owner calls it before it closes the pool.
  void StopBackground() { checkpointer_.reset(); }

  Result<CreatedDemand> CreateDemand(const CreateDemandRequest& req, const DemandScope& scope) override;
  Result<Demand> GetDemand(Id id, const DemandScope& scope) override;
  Result<Demand> GetDemandByNumber(const std::string& number, const DemandScope& scope) override;
  Result<Page<Demand>> ListDemands(const DemandFilter& f, const DemandScope& scope, PageRequest page) override;
  Result<Demand> ApplyDemandAction(const DemandActionRequest& req, const DemandScope& scope) override;
  Result<std::vector<DemandEvent>> ListDemandEvents(Id demand_id, const DemandScope& scope) override;
  Result<std::vector<DemandEvent>> ListRecentEvents(const DemandScope& scope, const std::string& since,
                                                    const std::string& until, int limit) override;
  Result<std::vector<Demand>> DuplicateCandidates(const DuplicateQuery& q, const DemandScope& scope) override;

  Result<DemandAttachment> CreateAttachment(const DemandAttachment& a) override;
  Result<DemandAttachment> GetAttachment(Id id, const DemandScope& scope, const std::string& actor) override;
  Result<std::vector<DemandAttachment>> ListAttachments(Id demand_id, const DemandScope& scope) override;

  Result<std::vector<DemandCategory>> ListCategories() override;
  Status ReplaceCategories(const std::vector<DemandCategory>& categories) override;

  Result<std::string> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& json) override;

  Result<std::vector<DemandCountRow>> CountDemands(const DemandCountsQuery& q) override;
  Result<std::vector<DemandTrendRow>> DemandTrend(const DemandScope& scope, std::optional<Id> community_id,
                                                  const std::string& from, const std::string& to) override;
  Result<std::vector<DemandHotspotRow>> HotspotInput(const DemandScope& scope, std::optional<Id> community_id,
                                                     const std::string& from, const std::string& to,
                                                     int limit) override;

  Result<DemandImportStats> ImportDemands(std::vector<Demand> rows, const std::string& now) override;
  Result<std::int64_t> BulkLoadDemands(const DemandBulkLoad& load) override;

 private:
  Status EnsureSeeded();
  // The category tree, cached (intake reads it every time); loaded through `c` when the cache is
  // empty or older than kCategoriesTtl (another process may change it). ForgetCategories clears it
  // (after any change of the tree in this process).
  using CategoryTree = std::shared_ptr<const std::vector<DemandCategory>>;
  Result<CategoryTree> CachedCategories(Connection& c);
  void ForgetCategories();
  // `search`: receives the new demand for its search-index row, written later by the caller
  // (after the batch's savepoints); null: written here.
  Result<CreatedDemand> IntakeTx(Connection& c, const CreateDemandRequest& req, const DemandScope& scope,
                                 const std::string& now, std::optional<Demand>* search = nullptr);
  // Once, before the first intake: on SQLite, intake batches leave WAL checkpoints to checkpointer_.
  Status StartIntakeCommits();
  Result<std::int64_t> BulkLoadTx(const DemandBulkLoad& load);
  // SQLite: indexes the intakes waiting in demand_search_pending (migration 105). Run every 50 ms
  // by checkpointer_ and before every search that reads the index; cheap when nothing waits.
  Status FlushSearch();

  Pool& pool_;
  std::mutex* write_mu_;
  std::shared_ptr<const FieldCipher> cipher_;
  std::atomic<bool> seeded_{false};
  GroupCommit intakes_;
  std::mutex intakes_start_mu_;
  std::atomic<bool> intakes_started_{false};
  std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite only
  std::atomic<std::int64_t> intake_batches_{0};
  std::atomic<bool> search_dirty_{true};  // an intake may wait in demand_search_pending (or a crash left one)
  std::mutex categories_mu_;
  CategoryTree categories_;
  std::chrono::steady_clock::time_point categories_at_;
  std::uint64_t categories_generation_ = 0;

 public:
  // Intake batches committed so far (tests): transactions, intakes in them, the largest batch.
  const GroupCommit& intake_commits() const { return intakes_; }
};

}  // namespace linli::store
