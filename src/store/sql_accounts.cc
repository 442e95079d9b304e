#include "store/sql_accounts.h"

namespace linli::store {

namespace {
Error Todo() { return Error::Internal("accounts: not implemented yet"); }
}  // namespace

Result<User> SqlAccounts::CreateUser(const User&) { return Todo(); }
Result<User> SqlAccounts::UpdateUser(const User&) { return Todo(); }
Result<User> SqlAccounts::GetUser(Id) { return Todo(); }
Result<User> SqlAccounts::FindUserByName(const std::string&) { return Todo(); }
Result<Page<User>> SqlAccounts::ListUsers(const UserFilter&, PageRequest) { return Todo(); }
Result<User> SqlAccounts::RecordLoginFailure(Id, const std::string&, int, int) { return Todo(); }
Result<User> SqlAccounts::RecordLoginSuccess(Id, const std::string&) { return Todo(); }
Result<Session> SqlAccounts::CreateSession(const Session&) { return Todo(); }
Result<Session> SqlAccounts::GetSession(const std::string&) { return Todo(); }
Status SqlAccounts::TouchSession(const std::string&, const std::string&) { return Todo(); }
Status SqlAccounts::DeleteSession(const std::string&) { return Todo(); }
Status SqlAccounts::DeleteUserSessions(Id) { return Todo(); }
Result<ApiToken> SqlAccounts::CreateToken(const ApiToken&) { return Todo(); }
Result<ApiToken> SqlAccounts::FindTokenByHash(const std::string&) { return Todo(); }
Result<std::vector<ApiToken>> SqlAccounts::ListTokens() { return Todo(); }
Status SqlAccounts::RevokeToken(Id) { return Todo(); }
Result<AuditEntry> SqlAccounts::AppendAudit(AuditEntry) { return Todo(); }
Result<Page<AuditEntry>> SqlAccounts::ListAudit(const AuditFilter&, PageRequest) { return Todo(); }
Status SqlAccounts::ForEachAudit(const std::function<void(const AuditEntry&)>&) { return Todo(); }
Result<std::vector<Id>> SqlAccounts::CommunityIdsOfStreet(const std::string&) { return Todo(); }

}  // namespace linli::store

namespace linli {
Result<AuditCheck> VerifyStoredAudit(Store&) { return Error::Internal("accounts: not implemented yet"); }
}  // namespace linli
