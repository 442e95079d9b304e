// The vote half of SqlStore (store/votes.h), written once in portable SQL over store::Connection,
// and the vote migrations of both back ends (numbers 200-299, applied after the core migrations by
// OpenStore). Private to src/store.
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <mutex>
#include <span>

#include "store/sql_db.h"
#include "store/votes.h"

namespace linli::store {

// sqlite/vote_migrations.cc and postgres/vote_migrations.cc.
std::span<const Migration> SqliteVoteMigrations();
Status ApplyPgVoteMigrations(Connection& c);

class SqlVotes final : public VoteStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlVotes(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<VoteRecord> CreateVote(const VoteRecord& v, const Scope& scope) override;
  Result<VoteRecord> OpenVote(Id id, const std::string& by, const std::string& now,
                              const Scope& scope) override;
  Result<VoteRecord> GetVote(Id id, const Scope& scope) override;
  Result<Page<VoteRecord>> ListVotes(const VoteFilter& f, const Scope& scope, PageRequest page) override;
  Result<Electorate> GetElectorate(Id vote_id, const Scope& scope) override;
  Result<StoredBallot> CastBallot(Id vote_id, const Ballot& ballot, const std::string& now,
                                  const Scope& scope) override;
  Result<std::vector<StoredBallot>> CastForOwner(Id vote_id, const Ballot& ballot, const std::string& now,
                                                 const Scope& scope) override;
  Result<OwnerRecord> FindOwner(Id resident_id) override;
  Result<OwnerRecord> AddOwnedHousehold(Id resident_id, Id household_id, const std::string& by,
                                        const std::string& now) override;
  Result<OwnerRecord> RemoveOwnedHousehold(Id resident_id, Id household_id) override;
  Result<OwnerBallots> CastForResident(Id vote_id, Id resident_id, const Ballot& ballot, const std::string& now,
                                       const Scope& scope) override;
  Result<Page<StoredBallot>> ListBallots(Id vote_id, bool history, const Scope& scope,
                                         PageRequest page) override;
  Result<VoteTally> Tally(Id vote_id, const Scope& scope) override;
  Result<VoteRecord> CloseVote(Id vote_id, const std::string& by, const std::string& now,
                               const Scope& scope) override;
  Result<VoteRecord> PublishResult(Id vote_id, const std::string& by, const std::string& now,
                                   const Scope& scope) override;
  Result<VoteRecord> ImportOfficialResult(Id vote_id, const std::vector<Ballot>& ballots,
                                          const std::string& source, const std::string& by,
                                          const std::string& now, const Scope& scope) override;

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
