// Accounts, sessions, API tokens and the audit log: the value types the Store's account methods
// speak (the methods themselves are on `Store`, store.h). Times are ISO 8601 UTC strings
// ("2026-11-22T08:30:00Z"); the caller passes "now", the store keeps no clock of its own except
// to fill an empty created_at.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/audit_chain.h"
#include "core/ids.h"
#include "core/result.h"

namespace linli {

// A person who logs in. `role` is a RoleCode ("grid_worker", ...; access/permissions.h). The scope
// lists say what the role reaches: grid workers their grid_ids, community staff/head their
// community_ids, a street admin street_code (9 digits), a property company compound_ids, a resident
// household_id. `password_hash` is an Argon2id string (access/password.h), never a clear password.
struct User {
  Id id = 0;
  std::string username, display_name, role, password_hash;
  bool disabled = false;
  std::vector<Id> community_ids, grid_ids, compound_ids;
  std::string street_code;
  std::optional<Id> household_id;
  // A resident account's own resident record (an owner voting online is recognised by it; the
  // household is then the record's). Unset: votes fall back to matching display_name.
  std::optional<Id> resident_id;
  int failed_logins = 0;     // consecutive failures since the last success or lock
  std::string locked_until;  // "" = not locked; locked while now < locked_until
  std::string last_login_at, created_at;
};

// A login session. The HTTP layer makes the id with a CSPRNG and stores only its hash; it enforces
// the idle (last_seen_at) and absolute (created_at) timeouts.
struct Session {
  std::string id_hash;
  Id user_id = 0;
  std::string csrf_token, created_at, last_seen_at, remote_addr;
};

// A machine client's credential (the 12345 import, Open311 clients): stored as a hash only.
struct ApiToken {
  Id id = 0;
  std::string name, token_hash, role;
  std::vector<Id> community_ids;
  bool revoked = false;
  std::string created_at, created_by;
};

// User list filter: `q` is a fragment of the username or display name; `role` an exact role code.
struct UserFilter {
  std::string q;
  std::string role;
};

// Audit list filter; empty fields do not filter. `from`/`to` compare with `at` (from <= at < to).
struct AuditFilter {
  std::string actor, action, from, to;
};

// The result of walking the stored audit chain.
struct AuditCheck {
  bool ok = true;
  std::int64_t checked = 0;          // entries read
  std::optional<Id> first_bad_id;    // the first entry that does not verify (when !ok)
};

class Store;

// Walks the audit log in id order with VerifyAuditChain's rules (ids increase, each prev_hash is
// the previous hash, each hash is right) without loading it all. Errors: the store's own errors.
// Thread-safe as the store is.
Result<AuditCheck> VerifyStoredAudit(Store& store);

}  // namespace linli
