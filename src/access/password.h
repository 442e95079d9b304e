// Passwords: the policy, and Argon2id hashing with libsodium's crypto_pwhash_str.
// Parameters: opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE (2 passes), memlimit =
// crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB), algorithm Argon2id 1.3; the hash string records them,
// so raising them later still verifies old hashes (NeedsRehash tells when to upgrade).
// Thread rule: all functions are thread-safe. Call InitCrypto() once at start-up.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace linli {

// Initialises libsodium. Safe to call many times. Errors: kInternal if the library cannot start.
Status InitCrypto();

// At least 8 characters from at least 3 of: lower-case, upper-case, digits, other.
// Errors: kInvalidArgument, field `field`, reasons password_too_short / password_classes.
Status CheckPasswordPolicy(std::string_view password, std::string_view field = "password");

// An Argon2id hash string ("$argon2id$v=19$m=65536,t=2,p=1$..."). Errors: kInternal (out of memory).
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash` (constant time in the password).
bool VerifyPassword(std::string_view password, const std::string& hash);
// True when `hash` was made with weaker parameters than today's.
bool NeedsRehash(const std::string& hash);

}  // namespace linli
