// The audit log's hash chain: each entry's hash covers its fields and the previous entry's hash,
// so changing, removing or reordering any stored entry is detected by VerifyAuditChain.
// Pure apart from hashing (BLAKE2b); thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace linli {

struct AuditEntry {
  Id id = 0;                 // sequence, assigned by the store, strictly increasing
  std::string at;            // ISO 8601 with offset
  std::string actor;         // user name or "token:<name>" or "anonymous"
  std::string action;        // login, login_failed, reveal, export, user_create, ...
  std::string object_type;   // resident, household, user, ...
  std::string object_id;
  std::string subject;       // whose data (a resident's id), when different from the object
  std::string field;         // the revealed field
  std::string reason;        // the stated reason
  std::string remote_addr;
  std::string prev_hash;     // hash of the previous entry ("" for the first)
  std::string hash;          // hex BLAKE2b-256 of prev_hash and every field above
};

// The hash `entry` must carry given its fields and prev_hash.
std::string ComputeAuditHash(const AuditEntry& entry);

// Checks ids increase, every prev_hash links to the previous hash and every hash is right.
// Returns the id of the first bad entry, or nullopt when the chain is intact.
std::optional<Id> VerifyAuditChain(const std::vector<AuditEntry>& entries, const std::string& expected_first_prev = "");

}  // namespace linli
