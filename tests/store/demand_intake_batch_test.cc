// Intake from many threads at once (CreateDemand is group-committed, store/group_commit.h): unique
// gapless numbers, one demand per Idempotency-Key however many copies arrive together, a bad intake
// inside a batch failing alone with its field error while the others commit, and nothing of a
// failed intake left in any table — on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/demands.h"
#include "store/sql_demands.h"
#include "store_contract.h"

namespace linli {
namespace {

class DemandIntakeBatch : public store_test::StoreContract {
 protected:
  DemandStore& D() { return store_->Demands(); }
  const store::GroupCommit& Commits() {
    auto* sql = dynamic_cast<store::SqlDemands*>(&store_->Demands());
    if (sql == nullptr) throw std::runtime_error("not a SqlDemands");
    return sql->intake_commits();
  }
  static CreateDemandRequest Intake(Id household, std::string text) {
    CreateDemandRequest r;
    r.demand.channel = "phone";
    r.demand.nature = "complaint";
    r.demand.category_code = "noise.renovation";
    r.demand.urgency = "normal";
    r.demand.description = std::move(text);
    r.demand.household_id = household;
    r.demand.reporter_name = "刘艳霞";
    r.demand.reporter_phone = "13800001111";
    r.demand.created_by = "staff1";
    r.demand.created_at = "2026-11-22T08:30:00Z";
    r.now = r.demand.created_at;
    return r;
  }
  std::int64_t Count(const std::string& sql) { return std::stoll(RawRows(sql)[0][0]); }
  // Runs `each(thread, i)` for i in [0, per_thread) on `threads` threads started together.
  template <class F>
  void Together(int threads, int per_thread, F each) {
    std::atomic<int> ready{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
      ts.emplace_back([&, t] {
        ++ready;
        while (ready.load() < threads) std::this_thread::yield();
        for (int i = 0; i < per_thread; ++i) each(t, i);
      });
    for (auto& th : ts) th.join();
  }
};

TEST_P(DemandIntakeBatch, ConcurrentIntakesGetUniqueGaplessNumbers) {
  auto f = Seed();
  constexpr int kThreads = 8, kEach = 40;
  std::mutex mu;
  std::vector<std::string> numbers;
  std::set<Id> ids;
  std::atomic<int> failed{0};
  Together(kThreads, kEach, [&](int t, int i) {
    auto r = D().CreateDemand(Intake(f.h301.id, "并发登记 " + std::to_string(t) + "-" + std::to_string(i)),
                              DemandScope::All());
    if (!r.ok()) {
      ++failed;
      ADD_FAILURE() << r.error().message;
      return;
    }
    std::lock_guard lock(mu);
    numbers.push_back(r->demand.number);
    ids.insert(r->demand.id);
  });
  EXPECT_EQ(failed.load(), 0);
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct.size(), numbers.size());
  EXPECT_EQ(ids.size(), numbers.size());
  constexpr int kAll = kThreads * kEach;
  // Gapless: exactly LL20261122000001 .. LL20261122000320.
  ASSERT_EQ(distinct.size(), static_cast<std::size_t>(kAll));
  EXPECT_EQ(*distinct.begin(), "LL20261122000001");
  EXPECT_EQ(*distinct.rbegin(), "LL20261122000320");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demands"), kAll);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demand_events WHERE action = 'create'"), kAll);
  EXPECT_EQ(Count("SELECT SUM(received) FROM demand_daily"), kAll);
  EXPECT_EQ(Count("SELECT last FROM demand_number_seq WHERE day = '2026-11-22'"), kAll);
  // Read back through the store: each one whole.
  EXPECT_EQ(Must(D().ListDemands({}, DemandScope::All(), {0, 1})).total, kAll);
  EXPECT_EQ(Must(D().GetDemandByNumber("LL20261122000320", DemandScope::All())).reporter_phone, "13800001111");
  // They were group-committed: fewer transactions than intakes.
  EXPECT_GT(Commits().largest_batch(), 1);
  EXPECT_LT(Commits().batches(), kAll);
}

TEST_P(DemandIntakeBatch, AnIdempotencyKeySentTogetherManyTimesMakesOneDemand) {
  auto f = Seed();
  constexpr int kThreads = 8, kKeys = 12;
  std::mutex mu;
  std::map<std::string, std::set<Id>> ids;  // key -> demand ids answered
  std::map<std::string, int> fresh;         // key -> answers with existing == false
  std::atomic<int> failed{0};
  Together(kThreads, kKeys, [&](int, int k) {
    const std::string key = "form-" + std::to_string(k);
    auto r = Intake(f.h302.id, "同一表单提交多次 " + key);
    r.idempotency_key = key, r.fingerprint = "sha-" + key;
    auto made = D().CreateDemand(r, DemandScope::All());
    if (!made.ok()) {
      ++failed;
      ADD_FAILURE() << key << ": " << made.error().message;
      return;
    }
    std::lock_guard lock(mu);
    ids[key].insert(made->demand.id);
    fresh[key] += !made->existing;
  });
  EXPECT_EQ(failed.load(), 0);
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kKeys));
  for (auto& [key, set] : ids) {
    EXPECT_EQ(set.size(), 1u) << key;
    EXPECT_EQ(fresh[key], 1) << key;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demands"), kKeys);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demand_idempotency WHERE demand_id IS NOT NULL"), kKeys);
  // The same key with another body is still refused.
  auto other = Intake(f.h302.id, "内容不同");
  other.idempotency_key = "form-0", other.fingerprint = "sha-other";
  auto clash = D().CreateDemand(other, DemandScope::All());
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(clash.error().field, "idempotency_key");
}

TEST_P(DemandIntakeBatch, ABadIntakeInsideABatchFailsAloneAndLeavesNothing) {
  auto f = Seed();
  constexpr int kThreads = 8, kEach = 30;
  // Every third intake is bad, in three ways: an unknown category (refused before any write), a
  // household that does not exist, and an attachment that does not exist (refused after the
  // demand row, its number, search document, event and daily count were written).
  std::atomic<int> good{0}, bad_ok{0}, bad_wrong{0};
  std::mutex mu;
  std::set<std::string> numbers;
  Together(kThreads, kEach, [&](int t, int i) {
    const int n = t * kEach + i;
    auto r = Intake(f.h301.id, std::string(n % 3 == 1 ? "坏单" : "好单") + " " + std::to_string(n));
    std::string field;
    if (n % 3 == 1) {
      switch (n % 9) {
        case 1: r.demand.category_code = "no.such", field = "category_code"; break;
        case 4: r.demand.household_id = 999999, field = "household_id"; break;
        default: r.attachment_ids = {424242}, field = "attachment_ids"; break;
      }
    }
    auto made = D().CreateDemand(r, DemandScope::All());
    if (field.empty()) {
      if (made.ok()) {
        ++good;
        std::lock_guard lock(mu);
        numbers.insert(made->demand.number);
      } else {
        ADD_FAILURE() << "good intake " << n << " failed: " << made.error().message;
      }
      return;
    }
    if (!made.ok() && made.error().code == ErrorCode::kInvalidArgument && made.error().field == field) ++bad_ok;
    else ++bad_wrong;
  });
  constexpr int kAll = kThreads * kEach, kBad = kAll / 3;
  EXPECT_EQ(good.load(), kAll - kBad);
  EXPECT_EQ(bad_ok.load(), kBad);
  EXPECT_EQ(bad_wrong.load(), 0);
  // Bad intakes were rolled back inside batches of several.
  EXPECT_GT(Commits().rolled_back_in_batch(), 0);
  // Nothing of the bad ones anywhere; the numbers of the good ones have no gaps (a failed
  // intake's number was rolled back with it).
  const int ok = kAll - kBad;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demands"), ok);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM demand_events"), ok);
  EXPECT_EQ(Count("SELECT SUM(received) FROM demand_daily"), ok);
  EXPECT_EQ(Count("SELECT last FROM demand_number_seq WHERE day = '2026-11-22'"), ok);
  ASSERT_EQ(numbers.size(), static_cast<std::size_t>(ok));
  EXPECT_EQ(*numbers.rbegin(), "LL20261122" + std::string(6 - std::to_string(ok).size(), '0') + std::to_string(ok));
  // The search index holds exactly the good ones.
  DemandFilter q;
  q.q = "坏单";
  EXPECT_EQ(Must(D().ListDemands(q, DemandScope::All(), {0, 10})).total, 0);
  q.q = "好单";
  EXPECT_EQ(Must(D().ListDemands(q, DemandScope::All(), {0, 10})).total, ok);
}

// A category added by ReplaceCategories is usable by the next intake at once (the store's cached
// tree is cleared), and a removed one is refused at once.
TEST_P(DemandIntakeBatch, TheCachedCategoryTreeFollowsReplaceCategories) {
  auto f = Seed();
  ASSERT_TRUE(D().CreateDemand(Intake(f.h301.id, "先登记一件，分类树进缓存"), DemandScope::All()).ok());
  auto cats = Must(D().ListCategories());
  auto r = Intake(f.h301.id, "新分类");
  r.demand.category_code = "pets";
  auto refused = D().CreateDemand(r, DemandScope::All());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "category_code");
  cats.push_back({"pets", "", "宠物", "Pets", 24, 168});
  ASSERT_TRUE(D().ReplaceCategories(cats).ok());
  EXPECT_TRUE(D().CreateDemand(r, DemandScope::All()).ok());
  // Removing an unused category: refused at once at intake.
  std::vector<DemandCategory> fewer;
  for (const auto& c : cats)
    if (c.code != "property.elevator") fewer.push_back(c);
  ASSERT_TRUE(D().ReplaceCategories(fewer).ok());
  auto gone = Intake(f.h301.id, "电梯");
  gone.demand.category_code = "property.elevator";
  auto res = D().CreateDemand(gone, DemandScope::All());
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().field, "category_code");
}

INSTANTIATE_TEST_SUITE_P(Backends, DemandIntakeBatch, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
