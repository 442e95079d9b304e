#include "access/field_crypto.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace linli {

namespace {

std::string DeriveKey(std::string_view master, std::uint64_t id, const char ctx[8]) {
  std::string out(32, '\0');
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), out.size(), id, ctx,
                             reinterpret_cast<const unsigned char*>(master.data()));
  return out;
}

std::string ToBase64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool FromBase64(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \n\r",
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  out.resize(len);
  return true;
}

}  // namespace

FieldCipher FieldCipher::FromKey(std::string_view key) {
  FieldCipher c;
  c.enc_key_ = DeriveKey(key, 1, "linlienc");
  c.hash_key_ = DeriveKey(key, 2, "linliidx");
  return c;
}

Result<FieldCipher> FieldCipher::LoadOrCreate(const std::string& path) {
  if (sodium_init() < 0) return Error::Internal("libsodium 初始化失败");
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
      fs::create_directories(parent, ec);
      ::chmod(parent.c_str(), 0700);
    }
    std::string key(crypto_kdf_KEYBYTES, '\0');
    crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
    std::string tmp = path + ".tmp";
    {
      mode_t old = ::umask(077);
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      ::umask(old);
      if (!f) return Error{ErrorCode::kUnavailable, "无法创建密钥文件 " + path, "key_file", {}};
      f << ToBase64(key) << "\n";
    }
    ::chmod(tmp.c_str(), 0600);
    fs::rename(tmp, path, ec);
    if (ec) return Error{ErrorCode::kUnavailable, "无法创建密钥文件 " + path, "key_file", {}};
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{ErrorCode::kUnavailable, "无法读取密钥文件 " + path, "key_file", {}};
  if (st.st_mode & 077)
    return Error::Invalid("key_file", "key_file_mode", "密钥文件 " + path + " 的权限必须是 0600（只有本用户可读写）");
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string key;
  if (!FromBase64(ss.str(), key) || key.size() != crypto_kdf_KEYBYTES)
    return Error::Invalid("key_file", "key_file_content", "密钥文件 " + path + " 的内容不是有效的密钥");
  return FromKey(key);
}

std::string FieldCipher::Encrypt(std::string_view plain) const {
  if (plain.empty()) return {};
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, reinterpret_cast<const unsigned char*>(enc_key_.data()));
  return "v1:" + ToBase64(buf);
}

Result<std::string> FieldCipher::Decrypt(std::string_view sealed) const {
  if (sealed.empty()) return std::string();
  if (sealed.substr(0, 3) != "v1:") return Error::Internal("加密字段格式不对");
  std::string buf;
  if (!FromBase64(sealed.substr(3), buf) || buf.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Error::Internal("加密字段格式不对");
  std::string plain(buf.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* nonce = reinterpret_cast<const unsigned char*>(buf.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 buf.size() - crypto_secretbox_NONCEBYTES, nonce,
                                 reinterpret_cast<const unsigned char*>(enc_key_.data())) != 0)
    return Error::Internal("加密字段无法解密（密钥不符或数据被改动）");
  return plain;
}

std::string FieldCipher::SearchHash(std::string_view value) const {
  if (value.empty()) return {};
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                     reinterpret_cast<const unsigned char*>(hash_key_.data()), hash_key_.size());
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace linli
