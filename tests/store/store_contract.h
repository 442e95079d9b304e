// The fixture of the store contract suite: one Store per test on SQLite (a temporary file) and,
// when LINLI_TEST_PG_URL is set, on PostgreSQL (each test in its own schema, dropped afterwards).
// Shared by the test files of tests/store; the suite is instantiated once (store_contract_test.cc),
// suites deriving from it instantiate themselves.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/store.h"

namespace linli::store_test {

inline std::atomic<int> g_counter{0};

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const int n = g_counter++;
    if (GetParam() == "sqlite") {
      path_ = (std::filesystem::temp_directory_path() /
               ("linli-store-test-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".db"))
                  .string();
      key_path_ = DefaultKeyFile("sqlite:" + path_);  // the default: beside the database
      Open("sqlite:" + path_);
      return;
    }
    const char* url = std::getenv("LINLI_TEST_PG_URL");
    if (!url || !*url)
      GTEST_SKIP() << "LINLI_TEST_PG_URL is not set (scripts/pg.sh start; export "
                      "LINLI_TEST_PG_URL=$(scripts/pg.sh url))";
    pg_url_ = url;
    schema_ = "linli_t_" + std::to_string(getpid()) + "_" + std::to_string(n);
    ASSERT_TRUE(PgAdmin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_));
    std::string sep = pg_url_.find('?') == std::string::npos ? "?" : "&";
    schema_url_ = pg_url_ + sep + "options=-csearch_path%3D" + schema_;
    key_path_ = (std::filesystem::temp_directory_path() /
                 ("linli-store-test-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".key"))
                    .string();
    Open(schema_url_);
  }

  void TearDown() override {
    store_.reset();
    if (!path_.empty())
      for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + s);
    if (!key_path_.empty()) std::filesystem::remove(key_path_);
    if (!schema_.empty()) PgAdmin("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  bool PgAdmin(const std::string& sql) {
    PGconn* c = PQconnectdb(pg_url_.c_str());
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
      PGresult* r = PQexec(c, sql.c_str());
      ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      if (!ok) ADD_FAILURE() << PQresultErrorMessage(r);
      PQclear(r);
    } else {
      ADD_FAILURE() << PQerrorMessage(c);
    }
    PQfinish(c);
    return ok;
  }

  void Open(const std::string& url) {
    auto s = OpenStore(url, StoreOptions{key_path_});
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  // The URL of this test's database (SQLite file or PostgreSQL schema).
  std::string Url() const { return path_.empty() ? schema_url_ : "sqlite:" + path_; }

  // Reads the database directly, past the store (a second plain connection): every cell as text
  // ("" for NULL). Fails the test when the query fails.
  std::vector<std::vector<std::string>> RawRows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    if (!path_.empty()) {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
      char* err = nullptr;
      int rc = sqlite3_exec(
          db, sql.c_str(),
          [](void* v, int n, char** cells, char**) {
            auto& rows = *static_cast<std::vector<std::vector<std::string>>*>(v);
            rows.emplace_back();
            for (int i = 0; i < n; ++i) rows.back().push_back(cells[i] ? cells[i] : "");
            return 0;
          },
          &out, &err);
      EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql;
      sqlite3_free(err);
      sqlite3_close(db);
      return out;
    }
    PGconn* c = PQconnectdb(schema_url_.c_str());
    EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult* r = PQexec(c, sql.c_str());
    auto st = PQresultStatus(r);
    EXPECT_TRUE(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) << PQresultErrorMessage(r) << " in " << sql;
    for (int i = 0; st == PGRES_TUPLES_OK && i < PQntuples(r); ++i) {
      out.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j) out.back().push_back(PQgetvalue(r, i, j));
    }
    PQclear(r);
    PQfinish(c);
    return out;
  }
  // Every cell of `table`, joined: to look for values that must not be stored in clear.
  std::string RawTable(const std::string& table) {
    std::string all;
    for (auto& row : RawRows("SELECT * FROM " + table))
      for (auto& cell : row) all += cell + "|";
    return all;
  }

  // A small community: 水月院 (2号楼: 1单元 301, 302) and 清风苑 (1号楼: 1单元 101).
  struct Fixture {
    Community community;
    Compound shuiyue, qingfeng;
    Building b2, b1;
    Unit u21, u11;
    Household h301, h302, h101;
    Resident liu, wang, zhao;
  };
  Fixture Seed(const std::string& code = "110112001001") {
    Fixture f;
    f.community = Must(store_->CreateCommunity({0, code, "四员厅社区", "中仓街道", "通州区"}));
    f.shuiyue = Must(store_->CreateCompound({0, f.community.id, "水月院", "新华东街12号", "物业甲"}));
    f.qingfeng = Must(store_->CreateCompound({0, f.community.id, "清风苑", "", ""}));
    f.b2 = Must(store_->CreateBuilding({0, f.shuiyue.id, "2号楼", 6, 1.0, 2.0, std::nullopt}));
    f.b1 = Must(
        store_->CreateBuilding({0, f.qingfeng.id, "1号楼", 5, std::nullopt, std::nullopt, std::nullopt}));
    f.u21 = Must(store_->CreateUnit({0, f.b2.id, "1单元"}));
    f.u11 = Must(store_->CreateUnit({0, f.b1.id, "1单元"}));
    f.h301 = Must(store_->CreateHousehold({0, f.u21.id, "301", 85.5, "13800001111", false, ""}));
    f.h302 = Must(store_->CreateHousehold({0, f.u21.id, "302", 90, "", false, ""}));
    f.h101 = Must(store_->CreateHousehold({0, f.u11.id, "101", 60, "", true, "空置"}));
    f.liu = Must(store_->CreateResident(MakeResident(f.h301.id, "刘艳霞", code.substr(6) + "195001011234",
                                                     "户主", {{"elderly_alone", ""}, {"low_income", ""}})));
    f.wang =
        Must(store_->CreateResident(MakeResident(f.h301.id, "王强", "", "子女", {{"party_member", ""}})));
    f.zhao =
        Must(store_->CreateResident(MakeResident(f.h101.id, "赵敏", "", "户主", {{"disabled", "视力"}})));
    return f;
  }

  static Resident MakeResident(Id household, std::string name, std::string id_number, std::string relation,
                               std::vector<ResidentTag> tags) {
    Resident r;
    r.household_id = household;
    r.name = std::move(name);
    r.id_number = std::move(id_number);
    r.relation = std::move(relation);
    r.sex = Sex::kFemale;
    r.birth_date = "1950-01-01";
    r.phone = "13900002222";
    r.tags = std::move(tags);
    return r;
  }

  template <class T>
  static T Must(Result<T> r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return std::move(r).value();
  }

  std::vector<std::string> Doors(const HouseholdFilter& f) {
    auto page = Must(store_->ListHouseholds(f, {0, 100}));
    std::vector<std::string> out;
    for (auto& h : page.items) out.push_back(h.address);
    EXPECT_EQ(page.total, static_cast<std::int64_t>(out.size()));
    return out;
  }

  std::unique_ptr<Store> store_;
  std::string path_, pg_url_, schema_, schema_url_, key_path_;
};

}  // namespace linli::store_test
