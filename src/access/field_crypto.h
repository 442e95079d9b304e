// Encryption at rest of sensitive fields (ID number, phone, birth date, sensitive tags):
// libsodium secretbox (XSalsa20-Poly1305) with a random nonce per value, and a keyed BLAKE2b hash
// for exact-match search, so the clear value is never stored or indexed.
// The key file (32 random bytes, base64) lives outside the database and is created on first run
// with mode 0600. Thread rule: a FieldCipher is immutable after Load and safe from many threads.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace linli {

class FieldCipher {
 public:
  // Reads the key at `path`, or creates it (mode 0600, parent directory 0700) when missing.
  // Errors: kUnavailable when the file cannot be read or written; kInvalidArgument when it exists
  // but does not hold a key, or is readable by group/others.
  static Result<FieldCipher> LoadOrCreate(const std::string& path);
  // A cipher from raw key bytes (tests). Precondition: key.size() == 32.
  static FieldCipher FromKey(std::string_view key);

  // "v1:" + base64(nonce || ciphertext). Empty plain text stays empty (nothing to protect).
  std::string Encrypt(std::string_view plain) const;
  // Reverses Encrypt. Errors: kInternal when the value was not made with this key or was altered.
  Result<std::string> Decrypt(std::string_view sealed) const;
  // Hex keyed hash for exact-match lookups; empty for empty input.
  std::string SearchHash(std::string_view value) const;

 private:
  std::string enc_key_;   // 32 bytes, derived ("linli-enc")
  std::string hash_key_;  // 32 bytes, derived ("linli-idx")
};

}  // namespace linli
