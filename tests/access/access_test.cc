#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "access/audit_chain.h"
#include "access/field_crypto.h"
#include "access/masking.h"
#include "access/password.h"
#include "access/permissions.h"

namespace linli {
namespace {

TEST(Permissions, EveryRoleCodeRoundTrips) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleCode(r)), r);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_EQ(AllRoles().size(), 8u);
}

TEST(Permissions, LeastPrivilege) {
  EXPECT_TRUE(RoleHas(Role::kCommunityHead, "sensitive:reveal"));
  EXPECT_FALSE(RoleHas(Role::kCommunityStaff, "sensitive:reveal"));
  EXPECT_FALSE(RoleHas(Role::kGridWorker, "sensitive:reveal"));
  EXPECT_TRUE(RoleHas(Role::kAuditor, "audit:read"));
  EXPECT_FALSE(RoleHas(Role::kAuditor, "household:read"));
  EXPECT_FALSE(RoleHas(Role::kAdmin, "resident:read"));
  EXPECT_FALSE(RoleHas(Role::kResident, "resident:write"));
  EXPECT_FALSE(RoleHas(Role::kAdmin, "no:such"));
  EXPECT_FALSE(IsKnownPermission("no:such"));
  for (const auto& p : AllPermissions()) {
    EXPECT_NE(p.code.find(':'), std::string::npos) << p.code;
    EXPECT_FALSE(p.label_zh.empty());
  }
}

TEST(Masking, IdNumberKeepsFirstAndLastTwo) {
  EXPECT_EQ(MaskIdNumber("11010119900307123X"), "1***************3X");
  EXPECT_EQ(MaskIdNumber("11010119900307123X").size(), 18u);
  EXPECT_EQ(MaskIdNumber(""), "");
  EXPECT_EQ(MaskIdNumber("12"), "**");
}

TEST(Masking, Phone) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("01066778899"), "*******8899");
  EXPECT_EQ(MaskPhone("1234"), "****");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(Masking, NameAndBirthDate) {
  EXPECT_EQ(MaskName("刘艳霞"), "刘**");
  EXPECT_EQ(MaskName("王伟"), "王*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李"), "李");
  EXPECT_EQ(MaskBirthDate("1990-03-07"), "1990-**-**");
}

TEST(Password, Policy) {
  EXPECT_TRUE(CheckPasswordPolicy("Linli2026!").ok());
  EXPECT_TRUE(CheckPasswordPolicy("linli2026!").ok());  // 3 classes
  auto short_pw = CheckPasswordPolicy("Ab1!");
  ASSERT_FALSE(short_pw.ok());
  EXPECT_EQ(short_pw.error().details[0].reason, "password_too_short");
  auto two_classes = CheckPasswordPolicy("abcdefgh1");
  ASSERT_FALSE(two_classes.ok());
  EXPECT_EQ(two_classes.error().details[0].reason, "password_classes");
}

TEST(Password, HashAndVerify) {
  ASSERT_TRUE(InitCrypto().ok());
  auto h = HashPassword("Linli2026!");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("Linli2026!", *h));
  EXPECT_FALSE(VerifyPassword("linli2026!", *h));
  EXPECT_FALSE(NeedsRehash(*h));
}

TEST(FieldCipher, RoundTripAndTamper) {
  ASSERT_TRUE(InitCrypto().ok());
  auto c = FieldCipher::FromKey(std::string(32, 'k'));
  std::string sealed = c.Encrypt("11010119900307123X");
  EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
  EXPECT_EQ(sealed.find("11010119900307123X"), std::string::npos);
  EXPECT_NE(sealed, c.Encrypt("11010119900307123X"));  // random nonce
  auto plain = c.Decrypt(sealed);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "11010119900307123X");
  std::string bad = sealed;
  bad[bad.size() - 3] = bad[bad.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c.Decrypt(bad).ok());
  auto other = FieldCipher::FromKey(std::string(32, 'x'));
  EXPECT_FALSE(other.Decrypt(sealed).ok());
  EXPECT_EQ(c.SearchHash("138"), c.SearchHash("138"));
  EXPECT_NE(c.SearchHash("138"), other.SearchHash("138"));
  EXPECT_EQ(c.Encrypt(""), "");
}

TEST(FieldCipher, SeveralFieldsSealedTogether) {
  auto c = FieldCipher::FromKey(std::string(32, 'k'));
  std::string sealed = c.EncryptFields({"11010119900307123X", "13812345678", "1990-03-07"});
  EXPECT_TRUE(FieldCipher::IsSealed(sealed));
  for (const char* clear : {"11010119900307123X", "13812345678", "1990-03-07"})
    EXPECT_EQ(sealed.find(clear), std::string::npos);
  std::vector<std::string> out;
  ASSERT_TRUE(c.DecryptFields(sealed, 3, out).ok());
  EXPECT_EQ(out, (std::vector<std::string>{"11010119900307123X", "13812345678", "1990-03-07"}));
  // Empty fields survive in place; all empty is stored as "".
  ASSERT_TRUE(c.DecryptFields(c.EncryptFields({"", "13812345678", ""}), 3, out).ok());
  EXPECT_EQ(out, (std::vector<std::string>{"", "13812345678", ""}));
  EXPECT_EQ(c.EncryptFields({"", "", ""}), "");
  ASSERT_TRUE(c.DecryptFields("", 3, out).ok());
  EXPECT_EQ(out, (std::vector<std::string>{"", "", ""}));
  // A long field (length prefix over one byte).
  std::string long_note(1000, 'a');
  ASSERT_TRUE(c.DecryptFields(c.EncryptFields({long_note, "x"}), 2, out).ok());
  EXPECT_EQ(out[0], long_note);
  // Another key, an altered value, a clear value or the wrong field count: errors, never garbage.
  auto other = FieldCipher::FromKey(std::string(32, 'x'));
  EXPECT_EQ(other.DecryptFields(sealed, 3, out).error().code, ErrorCode::kInternal);
  std::string bad = sealed;
  bad[10] = bad[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c.DecryptFields(bad, 3, out).ok());
  EXPECT_FALSE(c.DecryptFields("13812345678", 3, out).ok());
  EXPECT_FALSE(c.DecryptFields(sealed, 2, out).ok());
  EXPECT_FALSE(c.DecryptFields(sealed, 4, out).ok());
  // The key fingerprint tells keys apart and says nothing about the key itself.
  EXPECT_EQ(c.KeyCheck(), FieldCipher::FromKey(std::string(32, 'k')).KeyCheck());
  EXPECT_NE(c.KeyCheck(), other.KeyCheck());
  EXPECT_NE(FieldCipher::Random().KeyCheck(), FieldCipher::Random().KeyCheck());
  EXPECT_EQ(c.SearchHash("13812345678").size(), 16u);
}

TEST(FieldCipher, NoncesNeverRepeatAcrossThreadsOrForks) {
  auto c = FieldCipher::FromKey(std::string(32, 'k'));
  std::vector<std::string> a, b;
  auto seal = [&](std::vector<std::string>& out) {
    for (int i = 0; i < 5000; ++i) out.push_back(c.Encrypt("13812345678").substr(3, 32));  // the nonce's base64
  };
  std::thread t1(seal, std::ref(a)), t2(seal, std::ref(b));
  t1.join(), t2.join();
  std::set<std::string> nonces(a.begin(), a.end());
  nonces.insert(b.begin(), b.end());
  EXPECT_EQ(nonces.size(), 10000u);
  // A forked child seals with a fresh prefix, not the parent's next nonce.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string n = c.Encrypt("x").substr(3, 32);
    (void)!::write(fds[1], n.data(), n.size());
    ::_exit(0);
  }
  std::string parent = c.Encrypt("x").substr(3, 32);
  char buf[32];
  ASSERT_EQ(::read(fds[0], buf, sizeof buf), 32);
  ::waitpid(pid, nullptr, 0);
  ::close(fds[0]), ::close(fds[1]);
  EXPECT_NE(std::string(buf, 32), parent);
  EXPECT_NE(std::string(buf, 32).substr(0, 20), parent.substr(0, 20));  // not even the same prefix
}

TEST(FieldCipher, KeyFileOfTheWrongSizeOrKindIsRefused) {
  auto dir = std::filesystem::temp_directory_path() / ("linli-key-size-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::chmod(dir.c_str(), 0755);
  std::string path = (dir / "k.key").string();
  for (std::string content : {std::string("c2hvcnQ=\n"), std::string(""), std::string(4000, 'A'),
                              std::string("not base64 at all!\n")}) {
    std::filesystem::remove(path);
    std::ofstream(path) << content;
    ::chmod(path.c_str(), 0600);
    auto k = FieldCipher::LoadOrCreate(path);
    ASSERT_FALSE(k.ok()) << content.size();
    EXPECT_EQ(k.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(k.error().details.at(0).reason, "key_file_content");
  }
  // A key made in an existing directory leaves that directory's mode alone.
  std::filesystem::remove(path);
  ASSERT_TRUE(FieldCipher::LoadOrCreate(path).ok());
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  std::filesystem::remove_all(dir);
}

TEST(FieldCipher, KeyFileCreatedWithMode0600) {
  auto dir = std::filesystem::temp_directory_path() / ("linli-key-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::string path = (dir / "field.key").string();
  auto a = FieldCipher::LoadOrCreate(path);
  ASSERT_TRUE(a.ok()) << a.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto b = FieldCipher::LoadOrCreate(path);  // same key the second time
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b->Decrypt(a->Encrypt("x")), "x");
  ::chmod(path.c_str(), 0644);
  auto loose = FieldCipher::LoadOrCreate(path);
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().field, "key_file");
  std::filesystem::remove_all(dir);
}

TEST(AuditChain, DetectsChangesRemovalsAndReordering) {
  ASSERT_TRUE(InitCrypto().ok());
  std::vector<AuditEntry> log;
  std::string prev;
  for (int i = 1; i <= 5; ++i) {
    AuditEntry e;
    e.id = i;
    e.at = "2026-11-22T10:00:0" + std::to_string(i) + "+08:00";
    e.actor = "head";
    e.action = "reveal";
    e.object_type = "resident";
    e.object_id = std::to_string(100 + i);
    e.field = "id_number";
    e.reason = "低保复核";
    e.prev_hash = prev;
    e.hash = ComputeAuditHash(e);
    prev = e.hash;
    log.push_back(e);
  }
  EXPECT_FALSE(VerifyAuditChain(log).has_value());
  auto changed = log;
  changed[2].reason = "改过";
  EXPECT_EQ(VerifyAuditChain(changed), 3);
  auto removed = log;
  removed.erase(removed.begin() + 1);
  EXPECT_EQ(VerifyAuditChain(removed), 3);
  auto swapped = log;
  std::swap(swapped[3], swapped[4]);
  EXPECT_EQ(VerifyAuditChain(swapped), 5);
  // Moving a field boundary ("ab"+"c" vs "a"+"bc") changes the hash.
  AuditEntry x = log[0], y = log[0];
  x.actor = "ab"; x.action = "c";
  y.actor = "a"; y.action = "bc";
  EXPECT_NE(ComputeAuditHash(x), ComputeAuditHash(y));
}

}  // namespace
}  // namespace linli
