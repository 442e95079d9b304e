// The accounts half of the store contract: users, lockout, sessions, API tokens, the append-only
// audit log and street lookups, on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include <sqlite3.h>

#include <thread>

#include "store_contract.h"

namespace linli {
namespace {

class AccountsContract : public store_test::StoreContract {
 protected:
  // Runs `sql` straight on the database, beside linli. Returns "" on success, else the error.
  std::string RawSql(const std::string& sql) {
    if (!path_.empty()) {
      sqlite3* db = nullptr;
      std::string err;
      if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) {
        err = sqlite3_errmsg(db);
      } else {
        sqlite3_busy_timeout(db, 5000);
        char* msg = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) err = msg ? msg : "error";
        sqlite3_free(msg);
      }
      sqlite3_close(db);
      return err;
    }
    PGconn* c = PQconnectdb(pg_url_.c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
      err = PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, ("SET search_path TO " + schema_ + "; " + sql).c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        err = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return err;
  }

  User MakeUser(std::string name, std::string role = "community_staff") {
    User u;
    u.username = std::move(name);
    u.display_name = "张三";
    u.role = std::move(role);
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    return u;
  }

  static AuditEntry Entry(std::string actor, std::string action, std::string at) {
    AuditEntry e;
    e.actor = std::move(actor), e.action = std::move(action), e.at = std::move(at);
    e.object_type = "resident", e.object_id = "7", e.field = "id_number", e.reason = "入户核实";
    e.remote_addr = "127.0.0.1";
    return e;
  }
};

TEST_P(AccountsContract, UsersAreUniqueValidatedAndListed) {
  auto f = Seed();
  auto grid = Must(store_->CreateGrid({0, f.community.id, f.community.code + "001", "一网格", "", ""}));
  User u = MakeUser("staff");
  u.community_ids = {f.community.id, f.community.id};
  u.grid_ids = {grid.id};
  u.compound_ids = {f.shuiyue.id};
  u.street_code = "110112001";
  u.household_id = f.h301.id;
  auto created = Must(store_->CreateUser(u));
  EXPECT_GT(created.id, 0);
  EXPECT_FALSE(created.created_at.empty());

  auto got = Must(store_->GetUser(created.id));
  EXPECT_EQ(got.username, "staff");
  EXPECT_EQ(got.display_name, "张三");
  EXPECT_EQ(got.role, "community_staff");
  EXPECT_EQ(got.password_hash, u.password_hash);
  EXPECT_EQ(got.community_ids, std::vector<Id>{f.community.id});  // duplicates dropped
  EXPECT_EQ(got.grid_ids, std::vector<Id>{grid.id});
  EXPECT_EQ(got.compound_ids, std::vector<Id>{f.shuiyue.id});
  EXPECT_EQ(got.street_code, "110112001");
  EXPECT_EQ(got.household_id, f.h301.id);
  EXPECT_FALSE(got.disabled);
  EXPECT_EQ(Must(store_->FindUserByName("staff")).id, created.id);
  EXPECT_EQ(store_->FindUserByName("Staff").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetUser(created.id + 100).error().code, ErrorCode::kNotFound);

  auto dup = store_->CreateUser(MakeUser("staff", "admin"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "username");

  auto expect_invalid = [&](User bad, const std::string& field) {
    auto r = store_->CreateUser(bad);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(r.error().field, field);
  };
  expect_invalid(MakeUser("x", "superuser"), "role");
  expect_invalid(MakeUser(""), "username");
  User no_hash = MakeUser("y");
  no_hash.password_hash.clear();
  expect_invalid(no_hash, "password_hash");
  User bad_grid = MakeUser("z");
  bad_grid.grid_ids = {grid.id + 999};
  expect_invalid(bad_grid, "grid_ids");
  User bad_street = MakeUser("w");
  bad_street.street_code = "1101";
  expect_invalid(bad_street, "street_code");
  User bad_household = MakeUser("v");
  bad_household.household_id = f.h101.id + 999;
  expect_invalid(bad_household, "household_id");

  Must(store_->CreateUser(MakeUser("worker01", "grid_worker")));
  Must(store_->CreateUser(MakeUser("worker02", "grid_worker")));
  auto workers = Must(store_->ListUsers({"", "grid_worker"}, {0, 50}));
  EXPECT_EQ(workers.total, 2);
  auto q = Must(store_->ListUsers({"ker0", ""}, {1, 1}));
  EXPECT_EQ(q.total, 2);
  ASSERT_EQ(q.items.size(), 1u);
  EXPECT_EQ(q.items[0].username, "worker02");
  EXPECT_EQ(Must(store_->ListUsers({"张", ""}, {0, 50})).total, 3);  // display name
  auto all = Must(store_->ListUsers({}, {0, 50}));
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(all.items[0].community_ids, std::vector<Id>{f.community.id});  // scopes loaded in lists
  EXPECT_EQ(Must(store_->ListUsers({"' OR 1=1 --", ""}, {0, 50})).total, 0);

  // Update: every field replaced, rename checked, created_at kept.
  got.username = "worker01";
  auto clash = store_->UpdateUser(got);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  got.username = "staff2";
  got.role = "community_head";
  got.disabled = true;
  got.grid_ids.clear();
  got.household_id.reset();
  Must(store_->UpdateUser(got));
  auto after = Must(store_->GetUser(created.id));
  EXPECT_EQ(after.username, "staff2");
  EXPECT_EQ(after.role, "community_head");
  EXPECT_TRUE(after.disabled);
  EXPECT_TRUE(after.grid_ids.empty());
  EXPECT_FALSE(after.household_id);
  EXPECT_EQ(after.created_at, created.created_at);
  User ghost = after;
  ghost.id = created.id + 100;
  ghost.username = "ghost";
  EXPECT_EQ(store_->UpdateUser(ghost).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountsContract, LoginFailuresLockAfterFiveAndSuccessClears) {
  auto u = Must(store_->CreateUser(MakeUser("head", "community_head")));
  const std::string now = "2026-11-22T08:00:00Z";
  for (int i = 1; i <= 4; ++i) {
    auto r = Must(store_->RecordLoginFailure(u.id, now));
    EXPECT_EQ(r.failed_logins, i);
    EXPECT_EQ(r.locked_until, "");
  }
  auto locked = Must(store_->RecordLoginFailure(u.id, "2026-11-22T23:50:00Z"));
  EXPECT_EQ(locked.locked_until, "2026-11-23T00:05:00Z");  // 15 minutes later, across midnight
  EXPECT_EQ(locked.failed_logins, 0);
  auto stored = Must(store_->GetUser(u.id));
  EXPECT_EQ(stored.locked_until, "2026-11-23T00:05:00Z");

  // Custom thresholds.
  auto r = Must(store_->RecordLoginFailure(u.id, now, 1, 30));
  EXPECT_EQ(r.locked_until, "2026-11-22T08:30:00Z");

  auto ok = Must(store_->RecordLoginSuccess(u.id, "2026-11-22T09:00:00Z"));
  EXPECT_EQ(ok.failed_logins, 0);
  EXPECT_EQ(ok.locked_until, "");
  EXPECT_EQ(ok.last_login_at, "2026-11-22T09:00:00Z");
  stored = Must(store_->GetUser(u.id));
  EXPECT_EQ(stored.last_login_at, "2026-11-22T09:00:00Z");
  EXPECT_EQ(stored.locked_until, "");
  EXPECT_EQ(Must(store_->RecordLoginFailure(u.id, now)).failed_logins, 1);

  // Concurrent failures are all counted.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) EXPECT_TRUE(store_->RecordLoginFailure(u.id, now, 1000, 15).ok());
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(Must(store_->GetUser(u.id)).failed_logins, 21);

  EXPECT_EQ(store_->RecordLoginFailure(u.id + 100, now).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->RecordLoginSuccess(u.id + 100, now).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->RecordLoginFailure(u.id, "yesterday").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AccountsContract, SessionLifecycle) {
  auto u = Must(store_->CreateUser(MakeUser("staff")));
  auto other = Must(store_->CreateUser(MakeUser("other")));
  Session s{"hash-a", u.id, "csrf-a", "2026-11-22T08:00:00Z", "2026-11-22T08:00:00Z", "10.0.0.1"};
  Must(store_->CreateSession(s));
  Must(store_->CreateSession({"hash-b", u.id, "csrf-b", "2026-11-22T08:01:00Z", "2026-11-22T08:01:00Z", ""}));
  Must(store_->CreateSession({"hash-c", other.id, "csrf-c", "2026-11-22T08:02:00Z", "2026-11-22T08:02:00Z", ""}));

  auto got = Must(store_->GetSession("hash-a"));
  EXPECT_EQ(got.user_id, u.id);
  EXPECT_EQ(got.csrf_token, "csrf-a");
  EXPECT_EQ(got.remote_addr, "10.0.0.1");
  EXPECT_EQ(got.created_at, "2026-11-22T08:00:00Z");

  auto dup = store_->CreateSession(s);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "id_hash");
  auto nouser = store_->CreateSession({"hash-x", u.id + 100, "c", "t", "t", ""});
  ASSERT_FALSE(nouser.ok());
  EXPECT_EQ(nouser.error().field, "user_id");
  EXPECT_EQ(store_->CreateSession({"", u.id, "c", "t", "t", ""}).error().code, ErrorCode::kInvalidArgument);

  ASSERT_TRUE(store_->TouchSession("hash-a", "2026-11-22T08:20:00Z").ok());
  got = Must(store_->GetSession("hash-a"));
  EXPECT_EQ(got.last_seen_at, "2026-11-22T08:20:00Z");
  EXPECT_EQ(got.created_at, "2026-11-22T08:00:00Z");
  EXPECT_EQ(store_->TouchSession("nope", "2026-11-22T08:20:00Z").error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(store_->DeleteSession("hash-a").ok());
  EXPECT_EQ(store_->GetSession("hash-a").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->DeleteSession("hash-a").ok());  // already gone

  ASSERT_TRUE(store_->DeleteUserSessions(u.id).ok());
  EXPECT_EQ(store_->GetSession("hash-b").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("hash-c").ok());  // another user's session stays
}

TEST_P(AccountsContract, TokensAreFoundUntilRevoked) {
  auto f = Seed();
  ApiToken t;
  t.name = "12345 导入";
  t.token_hash = "th-1";
  t.role = "community_staff";
  t.community_ids = {f.community.id};
  t.created_by = "admin";
  auto created = Must(store_->CreateToken(t));
  EXPECT_GT(created.id, 0);
  EXPECT_FALSE(created.created_at.empty());
  auto found = Must(store_->FindTokenByHash("th-1"));
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.name, "12345 导入");
  EXPECT_EQ(found.community_ids, std::vector<Id>{f.community.id});
  EXPECT_EQ(found.created_by, "admin");
  EXPECT_FALSE(found.revoked);
  EXPECT_EQ(store_->FindTokenByHash("th-2").error().code, ErrorCode::kNotFound);

  auto dup = store_->CreateToken(t);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "token_hash");
  ApiToken bad = t;
  bad.token_hash = "th-3";
  bad.role = "root";
  EXPECT_EQ(store_->CreateToken(bad).error().field, "role");
  bad.role = "auditor";
  bad.community_ids = {f.community.id + 50};
  EXPECT_EQ(store_->CreateToken(bad).error().field, "community_ids");

  ApiToken second = t;
  second.name = "Open311";
  second.token_hash = "th-4";
  second.community_ids = {};
  Must(store_->CreateToken(second));

  ASSERT_TRUE(store_->RevokeToken(created.id).ok());
  EXPECT_TRUE(store_->RevokeToken(created.id).ok());
  EXPECT_EQ(store_->FindTokenByHash("th-1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->RevokeToken(created.id + 100).error().code, ErrorCode::kNotFound);
  auto list = Must(store_->ListTokens());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(list[0].revoked);
  EXPECT_EQ(list[0].community_ids, std::vector<Id>{f.community.id});
  EXPECT_FALSE(list[1].revoked);
  EXPECT_EQ(list[1].name, "Open311");
}

TEST_P(AccountsContract, AuditChainStaysLinearUnderConcurrentAppends) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store_->AppendAudit(Entry("user" + std::to_string(t), i % 2 ? "reveal" : "export",
                                           "2026-11-22T08:00:00Z"));
        if (!r.ok()) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  auto check = Must(VerifyStoredAudit(*store_));
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.checked, kThreads * kEach);
  std::vector<AuditEntry> all;
  ASSERT_TRUE(store_->ForEachAudit([&](const AuditEntry& e) { all.push_back(e); }).ok());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].id, static_cast<Id>(i + 1));
  EXPECT_EQ(all[0].prev_hash, "");
  EXPECT_EQ(VerifyAuditChain(all), std::nullopt);
}

TEST_P(AccountsContract, AuditListFiltersNewestFirst) {
  auto first = Must(store_->AppendAudit(Entry("head", "reveal", "2026-11-01T10:00:00Z")));
  EXPECT_EQ(first.id, 1);
  EXPECT_EQ(first.prev_hash, "");
  EXPECT_EQ(first.hash, ComputeAuditHash(first));
  auto second = Must(store_->AppendAudit(Entry("head", "export", "2026-11-02T10:00:00Z")));
  EXPECT_EQ(second.prev_hash, first.hash);
  Must(store_->AppendAudit(Entry("auditor", "login", "2026-11-03T10:00:00Z")));
  EXPECT_EQ(store_->AppendAudit(Entry("x", "login", "")).error().code, ErrorCode::kInvalidArgument);

  auto page = Must(store_->ListAudit({}, {0, 2}));
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, 3);
  EXPECT_EQ(page.items[1].id, 2);
  EXPECT_EQ(page.items[1].reason, "入户核实");
  EXPECT_EQ(Must(store_->ListAudit({"head", "", "", ""}, {0, 50})).total, 2);
  EXPECT_EQ(Must(store_->ListAudit({"head", "reveal", "", ""}, {0, 50})).total, 1);
  auto window = Must(store_->ListAudit({"", "", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"}, {0, 50}));
  ASSERT_EQ(window.items.size(), 1u);
  EXPECT_EQ(window.items[0].action, "export");
  EXPECT_EQ(Must(store_->ListAudit({"' OR ''='", "", "", ""}, {0, 50})).total, 0);
}

TEST_P(AccountsContract, DatabaseRefusesAuditChangesAndVerifyFindsTampering) {
  for (int i = 0; i < 3; ++i) Must(store_->AppendAudit(Entry("head", "reveal", "2026-11-22T08:00:0" + std::to_string(i) + "Z")));
  EXPECT_NE(RawSql("UPDATE audit_log SET reason = 'nothing' WHERE id = 2"), "");
  EXPECT_NE(RawSql("DELETE FROM audit_log WHERE id = 2"), "");
  EXPECT_NE(RawSql("DELETE FROM audit_log"), "");
  if (!schema_.empty()) EXPECT_NE(RawSql("TRUNCATE audit_log"), "");
  auto check = Must(VerifyStoredAudit(*store_));
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.checked, 3);
  EXPECT_EQ(Must(store_->ListAudit({}, {0, 50})).items[1].reason, "入户核实");

  // Someone with the database's own rights switches the guard off and edits entry 2.
  std::string off = schema_.empty() ? "DROP TRIGGER audit_log_no_update"
                                    : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change";
  ASSERT_EQ(RawSql(off), "");
  ASSERT_EQ(RawSql("UPDATE audit_log SET reason = 'nothing' WHERE id = 2"), "");
  check = Must(VerifyStoredAudit(*store_));
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.first_bad_id, 2);
}

TEST_P(AccountsContract, CommunitiesOfAStreet) {
  auto a = Must(store_->CreateCommunity({0, "110112001001", "甲社区", "", ""}));
  auto b = Must(store_->CreateCommunity({0, "110112001002", "乙社区", "", ""}));
  Must(store_->CreateCommunity({0, "110112002001", "丙社区", "", ""}));
  EXPECT_EQ(Must(store_->CommunityIdsOfStreet("110112001")), (std::vector<Id>{a.id, b.id}));
  EXPECT_TRUE(Must(store_->CommunityIdsOfStreet("110112009")).empty());
  for (std::string bad : {"", "11011200", "1101120011", "11011200x", "%"}) {
    auto r = store_->CommunityIdsOfStreet(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "street_code");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
