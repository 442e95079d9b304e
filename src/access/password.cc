#include "access/password.h"

#include <sodium.h>

#include <cctype>

namespace linli {

Status InitCrypto() {
  if (sodium_init() < 0) return Error::Internal("libsodium 初始化失败");
  return Ok();
}

Status CheckPasswordPolicy(std::string_view password, std::string_view field) {
  std::size_t chars = 0;
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (std::islower(c)) lower = true;
    else if (std::isupper(c)) upper = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  if (chars < 8)
    return Error::Invalid(std::string(field), "password_too_short", "密码至少要 8 位");
  if (lower + upper + digit + other < 3)
    return Error::Invalid(std::string(field), "password_classes",
                          "密码要包含大写字母、小写字母、数字、符号中的至少三种");
  return Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error::Internal("密码加密失败（内存不足）");
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& hash) {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace linli
