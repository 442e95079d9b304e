// The deliberation half of SqlStore (store/deliberations.h), written once in portable SQL over
// store::Connection, and the deliberation migrations of both back ends (numbers 400-449, applied
// after the core migrations by OpenStore). Private to src/store.
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <mutex>
#include <span>

#include "store/deliberations.h"
#include "store/sql_db.h"

namespace linli::store {

// sqlite/deliberation_migrations.cc and postgres/deliberation_migrations.cc.
std::span<const Migration> SqliteDeliberationMigrations();
Status ApplyPgDeliberationMigrations(Connection& c);

class SqlDeliberations final : public DeliberationStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlDeliberations(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<DeliberationRecord> CreateDeliberation(const Deliberation& d, const std::vector<Id>& demand_ids,
                                                const std::string& now, const Scope& scope) override;
  Result<DeliberationRecord> GetDeliberation(Id id, const Scope& scope) override;
  Result<Page<DeliberationSummary>> ListDeliberations(const DeliberationFilter& f, const Scope& scope,
                                                      PageRequest page) override;
  Result<DeliberationRecord> UpdateDeliberation(Id id, const DeliberationPatch& patch, const std::string& now,
                                                const Scope& scope) override;
  Result<Opinion> AddOpinion(Id deliberation_id, const Opinion& o, const std::string& now,
                             const Scope& scope) override;
  Result<DeliberationRecord> SetThemes(Id deliberation_id, const std::vector<std::pair<Id, std::string>>& assignments,
                                       const std::string& now, const Scope& scope) override;
  Result<ResearchNote> AddResearch(Id deliberation_id, const ResearchNote& n, const std::vector<DeliberationFile>& files,
                                   const std::string& now, const Scope& scope) override;
  Result<DeliberationOption> AddOption(Id deliberation_id, const DeliberationOption& o,
                                       const std::vector<DeliberationFile>& files, const std::string& now,
                                       const Scope& scope) override;
  Result<DeliberationOption> UpdateOption(Id deliberation_id, const DeliberationOption& o,
                                          const std::vector<DeliberationFile>& files, const std::string& now,
                                          const Scope& scope) override;
  Status DeleteOption(Id deliberation_id, Id option_id, const std::string& now, const Scope& scope) override;
  Result<Meeting> AddMeeting(Id deliberation_id, const Meeting& m, const std::string& now,
                             const Scope& scope) override;
  Result<DeliberationTask> AddTask(Id deliberation_id, const DeliberationTask& t, const std::string& now,
                                   const Scope& scope) override;
  Result<DeliberationTask> AddTaskUpdate(Id deliberation_id, Id task_id, const TaskUpdate& u, const std::string& status,
                                         const std::vector<DeliberationFile>& files, const std::string& now,
                                         const Scope& scope) override;
  Result<DeliberationRecord> ChangeStep(Id deliberation_id, const StepRequest& request, const DeliberationLinks& links,
                                        const Scope& scope) override;

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
