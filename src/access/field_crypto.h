// Encryption at rest of sensitive fields (ID number, phone, birth date, sensitive tags):
// libsodium secretbox (XSalsa20-Poly1305) with a unique nonce per value (a random per-thread prefix
// and a counter), and a keyed BLAKE2b hash
// for exact-match search, so the clear value is never stored or indexed.
// The key file (32 random bytes, base64) lives outside the database and is created on first run
// with mode 0600. Thread rule: a FieldCipher is immutable after Load and safe from many threads.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

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
  // Keyed hash (BLAKE2b, 96 bits, 16 URL-safe base64 characters) for exact-match lookups and
  // uniqueness; empty for empty input.
  std::string SearchHash(std::string_view value) const;

  // Several fields sealed as one value (one nonce and one tag for all: a third of the size and
  // time of sealing them one by one). "" when every field is empty.
  std::string EncryptFields(std::initializer_list<std::string_view> fields) const;
  // Reverses EncryptFields into `out` (resized to `count`; "" gives `count` empty fields).
  // Errors: kInternal as for Decrypt, or when the value does not hold `count` fields.
  Status DecryptFields(std::string_view sealed, std::size_t count, std::vector<std::string>& out) const;

  // True for a value made by Encrypt/EncryptFields ("v1:" prefix); clear values never start so.
  static bool IsSealed(std::string_view value) { return value.substr(0, 3) == "v1:"; }
  // A cipher with a fresh random key held only in memory (temporary databases).
  static FieldCipher Random();
  // A fingerprint of the key (hex), stored with the data to recognise a wrong key at start.
  std::string KeyCheck() const;

 private:
  std::string enc_key_;   // 32 bytes, derived ("linli-enc")
  std::string hash_key_;  // 32 bytes, derived ("linli-idx")
  // The BLAKE2b state after absorbing hash_key_ (crypto_generichash_state), copied per hash.
  alignas(64) unsigned char hash_state_[384] = {};
};

}  // namespace linli
