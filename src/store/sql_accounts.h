// The account half of SqlStore: users, sessions, API tokens, the audit log and street lookups,
// written once in portable SQL over store::Connection. SqlStore forwards its account methods
// here. Private to src/store. Thread rule: safe from many threads (pooled connections).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql_db.h"
#include "store/store.h"

namespace linli::store {

class SqlAccounts {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlAccounts(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<User> CreateUser(const User& u);
  Result<User> UpdateUser(const User& u);
  Result<User> GetUser(Id id);
  Result<User> FindUserByName(const std::string& username);
  Result<Page<User>> ListUsers(const UserFilter& f, PageRequest page);
  Result<User> RecordLoginFailure(Id user_id, const std::string& now, int lock_after, int lock_minutes);
  Result<User> RecordLoginSuccess(Id user_id, const std::string& now);

  Result<Session> CreateSession(const Session& s);
  Result<Session> GetSession(const std::string& id_hash);
  Status TouchSession(const std::string& id_hash, const std::string& now);
  Status DeleteSession(const std::string& id_hash);
  Status DeleteUserSessions(Id user_id);

  Result<ApiToken> CreateToken(const ApiToken& t);
  Result<ApiToken> FindTokenByHash(const std::string& token_hash);
  Result<std::vector<ApiToken>> ListTokens();
  Status RevokeToken(Id id);

  Result<AuditEntry> AppendAudit(AuditEntry e);
  Result<Page<AuditEntry>> ListAudit(const AuditFilter& f, PageRequest page);
  Status ForEachAudit(const std::function<void(const AuditEntry&)>& fn);

  Result<std::vector<Id>> CommunityIdsOfStreet(const std::string& street_code);

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
