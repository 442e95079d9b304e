#include "access/field_crypto.h"

#include <sodium.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// 96 bits: short keys for the indexes (16 characters), and a clash between two of even ten million
// values stays below one in a billion.
constexpr std::size_t kHashBytes = 12;

// Nonces: a random 16-byte prefix per thread (drawn once) and a 64-bit counter. Unique without a
// system call per value (an import seals millions); a forked child draws a new prefix.
std::atomic<std::uint64_t> g_fork_generation{0};
void NextNonce(unsigned char* nonce) {
  static_assert(crypto_secretbox_NONCEBYTES == 24);
  static const bool registered = [] {
    pthread_atfork(nullptr, nullptr, [] { g_fork_generation.fetch_add(1); });
    return true;
  }();
  (void)registered;
  struct Source {
    unsigned char prefix[16];
    std::uint64_t counter = 0;
    std::uint64_t generation = ~std::uint64_t{0};
  };
  thread_local Source src;
  const std::uint64_t generation = g_fork_generation.load(std::memory_order_relaxed);
  if (src.generation != generation) {
    randombytes_buf(src.prefix, sizeof src.prefix);
    src.counter = 0;
    src.generation = generation;
  }
  std::memcpy(nonce, src.prefix, 16);
  const std::uint64_t n = src.counter++;
  std::memcpy(nonce + 16, &n, 8);
}

// "v1:" + base64(nonce || secretbox(plain)), built in one allocation.
std::string Seal(const std::string& key, const unsigned char* plain, std::size_t n) {
  const std::size_t raw = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
  unsigned char small[320];
  std::string big;
  unsigned char* buf = small;
  if (raw > sizeof small) {
    big.resize(raw);
    buf = reinterpret_cast<unsigned char*>(big.data());
  }
  NextNonce(buf);
  crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, plain, n, buf,
                        reinterpret_cast<const unsigned char*>(key.data()));
  const std::size_t b64 = sodium_base64_ENCODED_LEN(raw, sodium_base64_VARIANT_ORIGINAL);  // with NUL
  std::string out(3 + b64, '\0');
  std::memcpy(out.data(), "v1:", 3);
  sodium_bin2base64(out.data() + 3, b64, buf, raw, sodium_base64_VARIANT_ORIGINAL);
  out.resize(3 + b64 - 1);
  return out;
}

// Reverses Seal into `plain`. kInternal for a foreign, altered or malformed value.
Status Open(const std::string& key, std::string_view sealed, std::string& plain) {
  plain.clear();
  if (sealed.empty()) return Ok();
  if (sealed.substr(0, 3) != "v1:") return Error::Internal("加密字段格式不对（未加密或不是 linli 的格式）");
  std::string buf;
  if (!FromBase64(sealed.substr(3), buf) || buf.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Error::Internal("加密字段格式不对");
  plain.resize(buf.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
  const auto* nonce = reinterpret_cast<const unsigned char*>(buf.data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 buf.size() - crypto_secretbox_NONCEBYTES, nonce,
                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    plain.clear();
    return Error::Internal("加密字段无法解密（密钥不符或数据被改动）");
  }
  return Ok();
}

}  // namespace

FieldCipher FieldCipher::FromKey(std::string_view key) {
  static_assert(sizeof(crypto_generichash_state) <= sizeof(FieldCipher::hash_state_));
  if (sodium_init() < 0) std::abort();  // idempotent; libsodium cannot work without it
  FieldCipher c;
  c.enc_key_ = DeriveKey(key, 1, "linlienc");
  c.hash_key_ = DeriveKey(key, 2, "linliidx");
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(c.hash_key_.data()), c.hash_key_.size(),
                          crypto_generichash_BYTES_MIN);
  std::memcpy(c.hash_state_, &st, sizeof st);
  return c;
}

FieldCipher FieldCipher::Random() {
  if (sodium_init() < 0) std::abort();
  std::string key(crypto_kdf_KEYBYTES, '\0');
  crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
  FieldCipher c = FromKey(key);
  sodium_memzero(key.data(), key.size());
  return c;
}

std::string FieldCipher::KeyCheck() const { return SearchHash("linli key check v1"); }

Result<FieldCipher> FieldCipher::LoadOrCreate(const std::string& path) {
  if (sodium_init() < 0) return Error::Internal("libsodium 初始化失败");
  namespace fs = std::filesystem;
  auto unavailable = [&](std::string what) {
    return Error{ErrorCode::kUnavailable, what + " " + path + ": " + std::strerror(errno), "key_file", {}};
  };
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    // A directory made here is private (0700); an existing one is left as it is.
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && !fs::exists(parent, ec)) {
      fs::create_directories(parent, ec);
      if (ec) return Error{ErrorCode::kUnavailable, "无法创建密钥目录 " + parent.string(), "key_file", {}};
      ::chmod(parent.c_str(), 0700);
    }
    std::string key(crypto_kdf_KEYBYTES, '\0');
    crypto_kdf_keygen(reinterpret_cast<unsigned char*>(key.data()));
    std::string text = ToBase64(key) + "\n";
    sodium_memzero(key.data(), key.size());
    // Written to a private temporary file, then linked into place: never a partial key, and when
    // two processes start at once the first key wins and both use it.
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return unavailable("无法创建密钥文件");
    bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    sodium_memzero(text.data(), text.size());
    if (!ok || (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST)) {
      auto e = unavailable("无法写入密钥文件");
      ::unlink(tmp.c_str());
      return e;
    }
    ::unlink(tmp.c_str());
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return unavailable("无法读取密钥文件");
  if (!S_ISREG(st.st_mode))
    return Error::Invalid("key_file", "key_file_content", "密钥文件 " + path + " 不是普通文件");
  if (st.st_mode & 077)
    return Error::Invalid("key_file", "key_file_mode",
                          "密钥文件 " + path + " 的权限必须是 0600（只有本用户可读写），请执行 chmod 600 " + path);
  if (st.st_size > 1024)
    return Error::Invalid("key_file", "key_file_content", "密钥文件 " + path + " 的内容不是有效的密钥（大小不对）");
  std::ifstream f(path, std::ios::binary);
  if (!f) return unavailable("无法读取密钥文件");
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str(), key;
  bool valid = FromBase64(text, key) && key.size() == crypto_kdf_KEYBYTES;
  sodium_memzero(text.data(), text.size());
  if (!valid)
    return Error::Invalid("key_file", "key_file_content",
                          "密钥文件 " + path + " 的内容不是有效的密钥（应为 32 字节的 base64）");
  FieldCipher c = FromKey(key);
  sodium_memzero(key.data(), key.size());
  return c;
}

std::string FieldCipher::Encrypt(std::string_view plain) const {
  if (plain.empty()) return {};
  return Seal(enc_key_, reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
}

Result<std::string> FieldCipher::Decrypt(std::string_view sealed) const {
  std::string plain;
  LINLI_TRY_STATUS(Open(enc_key_, sealed, plain));
  return plain;
}

std::string FieldCipher::EncryptFields(std::initializer_list<std::string_view> fields) const {
  std::size_t total = 0;
  for (auto f : fields) total += f.size();
  if (total == 0) return {};
  // Each field as its length (LEB128) and its bytes.
  unsigned char small[256];
  std::string big;
  unsigned char* buf = small;
  if (total + 5 * fields.size() > sizeof small) {
    big.resize(total + 5 * fields.size());
    buf = reinterpret_cast<unsigned char*>(big.data());
  }
  std::size_t n = 0;
  for (auto f : fields) {
    std::size_t len = f.size();
    do {
      unsigned char b = len & 0x7f;
      len >>= 7;
      buf[n++] = b | (len ? 0x80 : 0);
    } while (len);
    std::memcpy(buf + n, f.data(), f.size());
    n += f.size();
  }
  std::string out = Seal(enc_key_, buf, n);
  sodium_memzero(buf, n);
  return out;
}

Status FieldCipher::DecryptFields(std::string_view sealed, std::size_t count, std::vector<std::string>& out) const {
  out.resize(count);
  if (sealed.empty()) {
    for (auto& f : out) f.clear();
    return Ok();
  }
  std::string plain;
  LINLI_TRY_STATUS(Open(enc_key_, sealed, plain));
  std::size_t at = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t len = 0;
    int shift = 0;
    while (true) {
      if (at >= plain.size() || shift > 28) return Error::Internal("加密字段格式不对");
      unsigned char b = static_cast<unsigned char>(plain[at++]);
      len |= std::size_t{b & 0x7fu} << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (len > plain.size() - at) return Error::Internal("加密字段格式不对");
    out[i].assign(plain, at, len);
    at += len;
  }
  if (at != plain.size()) return Error::Internal("加密字段格式不对");
  sodium_memzero(plain.data(), plain.size());
  return Ok();
}

std::string FieldCipher::SearchHash(std::string_view value) const {
  if (value.empty()) return {};
  crypto_generichash_state st;
  std::memcpy(&st, hash_state_, sizeof st);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()), value.size());
  unsigned char h[crypto_generichash_BYTES_MIN];  // BLAKE2b-128, its first 96 bits kept
  crypto_generichash_final(&st, h, sizeof h);
  char text[sodium_base64_ENCODED_LEN(kHashBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, h, kHashBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text, sizeof text - 1);
}

}  // namespace linli
