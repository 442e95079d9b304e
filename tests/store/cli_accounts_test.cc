// End to end: the `linli` account subcommands (user add/list, audit verify, demo accounts) run as a
// separate process on a temporary SQLite file, checked through the store.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <vector>

#include "access/password.h"
#include "store/store.h"

namespace linli {
namespace {

struct RunResult {
  int code = -1;
  std::string out;  // stdout and stderr
};

class CliAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("linli-cli-test-" + std::to_string(getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "linli.db").string();
    ASSERT_TRUE(InitCrypto().ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `linli <args> --store sqlite:<db>` with `input` on stdin (not a terminal).
  RunResult Linli(const std::string& args, const std::string& input = "") {
    const auto in = dir_ / "stdin.txt";
    std::ofstream(in) << input;
    std::string cmd = std::string(LINLI_BIN) + " " + args + " --store sqlite:" + db_ + " < " + in.string() + " 2>&1";
    RunResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t got;
    while ((got = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, got);
    int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  std::unique_ptr<Store> OpenDb() {
    auto s = OpenStore("sqlite:" + db_);
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }

  std::string Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    std::string err;
    sqlite3_open(db_.c_str(), &db);
    char* msg = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) err = msg ? msg : "error";
    sqlite3_free(msg);
    sqlite3_close(db);
    return err;
  }

  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(CliAccounts, UserAddReadsStdinHashesAndRefusesWeakOrDuplicate) {
  auto r = Linli("user add --username root --role admin --display-name 管理员", "Str0ng!pass\n");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("已新建用户 root"), std::string::npos) << r.out;
  {
    auto store = OpenDb();
    auto u = store->FindUserByName("root");
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(u->role, "admin");
    EXPECT_EQ(u->display_name, "管理员");
    EXPECT_EQ(u->password_hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(VerifyPassword("Str0ng!pass", u->password_hash));
    EXPECT_FALSE(VerifyPassword("Str0ng!pass\n", u->password_hash));
    auto audit = store->ListAudit({}, {0, 10});
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->items.size(), 1u);
    EXPECT_EQ(audit->items[0].action, "user_create");
    EXPECT_EQ(audit->items[0].object_id, std::to_string(u->id));
  }

  // Refused with exit code 1, the output naming the problem.
  for (const auto& [args, input, expected] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--username root --role auditor", "Str0ng!pass\n", "username"},
           {"--username weak --role admin", "short\n", "password_too_short"},
           {"--username weak --role admin", "alllowercase\n", "password_classes"},
           {"--username nopass --role admin", "", "password"},
           {"--username w1 --role grid_worker", "Str0ng!pass\n", "--grid"},
           {"--username w1 --role grid_worker --grid 999", "Str0ng!pass\n", "grid_ids"},
           {"--username x --role root", "Str0ng!pass\n", "unknown_role"},
       }) {
    r = Linli("user add " + args, input);
    EXPECT_EQ(r.code, 1) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(expected), std::string::npos) << args << "\n" << r.out;
  }

  r = Linli("user list");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("root"), std::string::npos);
  EXPECT_NE(r.out.find("共 1 个用户"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("argon2"), std::string::npos);  // never the hash
}

// Runs `linli user add` on a pseudo-terminal, typing `first` and `second` at the two prompts.
RunResult UserAddOnTerminal(const std::string& db, const std::string& username, const std::string& first,
                            const std::string& second) {
  RunResult r;
  int master = -1;
  const std::string store = "sqlite:" + db;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return r;
  if (pid == 0) {
    execl(LINLI_BIN, LINLI_BIN, "user", "add", "--role", "admin", "--username", username.c_str(), "--store",
          store.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Reads what the terminal shows until `want` appears (or the child is done).
  auto read_until = [&](const std::string& want) {
    char buf[1024];
    while (want.empty() || r.out.find(want) == std::string::npos) {
      pollfd p{master, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) return;
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0) return;
      r.out.append(buf, static_cast<std::size_t>(n));
    }
  };
  read_until("密码: ");
  std::string line = first + "\n";
  (void)!write(master, line.data(), line.size());
  read_until("再输入一次: ");
  line = second + "\n";
  (void)!write(master, line.data(), line.size());
  read_until("");
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST_F(CliAccounts, TerminalAsksTwiceWithEchoOff) {
  auto r = UserAddOnTerminal(db_, "tty", "Str0ng!pass", "Str0ng!pass");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("已新建用户 tty"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Str0ng!pass"), std::string::npos) << r.out;  // never echoed
  auto u = OpenDb()->FindUserByName("tty");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(VerifyPassword("Str0ng!pass", u->password_hash));

  r = UserAddOnTerminal(db_, "tty2", "Str0ng!pass", "Str0ng!pasS");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("password_mismatch"), std::string::npos) << r.out;
  EXPECT_EQ(OpenDb()->FindUserByName("tty2").error().code, ErrorCode::kNotFound);
}

TEST_F(CliAccounts, AuditVerifyDetectsATamperedRow) {
  for (const char* name : {"a1", "a2", "a3"})
    ASSERT_EQ(Linli(std::string("user add --role auditor --username ") + name, "Str0ng!pass\n").code, 0);
  auto r = Linli("audit verify");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("审计日志完整，共 3 条"), std::string::npos) << r.out;

  EXPECT_NE(Sql("UPDATE audit_log SET actor = 'someone' WHERE id = 2"), "");  // refused by the database
  EXPECT_EQ(Linli("audit verify").code, 0);

  ASSERT_EQ(Sql("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' WHERE id = 2"), "");
  r = Linli("audit verify");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("id 2"), std::string::npos) << r.out;
}

TEST_F(CliAccounts, DemoCreatesEveryRoleOnceWithOneHash) {
  auto r = Linli("demo --households 400");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Demo@2026"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("worker01"), std::string::npos) << r.out;
  std::int64_t users = 0;
  {
    auto store = OpenDb();
    auto communities = store->ListCommunities(Scope::All(), {0, 1});
    ASSERT_TRUE(communities.ok());
    const Community c = communities->items[0].community;
    auto admin = store->FindUserByName("admin");
    ASSERT_TRUE(admin.ok());
    EXPECT_TRUE(VerifyPassword("Demo@2026", admin->password_hash));
    for (const char* name : {"head", "staff", "worker01", "resident", "street", "property", "auditor"}) {
      auto u = store->FindUserByName(name);
      ASSERT_TRUE(u.ok()) << name;
      EXPECT_EQ(u->password_hash, admin->password_hash) << name;  // hashed once
    }
    EXPECT_EQ(store->FindUserByName("head")->role, "community_head");
    EXPECT_EQ(store->FindUserByName("head")->community_ids, std::vector<Id>{c.id});
    auto worker = store->FindUserByName("worker01");
    ASSERT_EQ(worker->grid_ids.size(), 1u);
    EXPECT_EQ(store->GetGrid(worker->grid_ids[0], Scope::All())->grid.code, c.code + "001");
    HouseholdFilter hf;
    auto first = store->ListHouseholds(hf, {0, 1});
    EXPECT_EQ(store->FindUserByName("resident")->household_id, first->items[0].household.id);
    EXPECT_EQ(store->FindUserByName("street")->street_code, c.code.substr(0, 9));
    EXPECT_FALSE(store->FindUserByName("property")->compound_ids.empty());
    users = store->ListUsers({}, {0, 1})->total;
    EXPECT_GE(users, 9);
  }

  r = Linli("demo --if-empty");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("新建 0 个"), std::string::npos) << r.out;
  EXPECT_EQ(OpenDb()->ListUsers({}, {0, 1})->total, users);
  EXPECT_EQ(Linli("audit verify").code, 0);
}

}  // namespace
}  // namespace linli
