#include "access/audit_chain.h"

#include <sodium.h>

namespace linli {

std::string ComputeAuditHash(const AuditEntry& e) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  auto add = [&](const std::string& s) {
    // length-prefixed, so field boundaries cannot be shifted
    std::uint64_t n = s.size();
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&n), sizeof n);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  add(std::to_string(e.id));
  for (const std::string* s : {&e.at, &e.actor, &e.action, &e.object_type, &e.object_id, &e.subject, &e.field,
                               &e.reason, &e.remote_addr, &e.prev_hash})
    add(*s);
  unsigned char h[32];
  crypto_generichash_final(&st, h, sizeof h);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::optional<Id> VerifyAuditChain(const std::vector<AuditEntry>& entries, const std::string& expected_first_prev) {
  std::string prev = expected_first_prev;
  Id last_id = 0;
  for (const auto& e : entries) {
    if (e.id <= last_id || e.prev_hash != prev || ComputeAuditHash(e) != e.hash) return e.id;
    prev = e.hash;
    last_id = e.id;
  }
  return std::nullopt;
}

}  // namespace linli
