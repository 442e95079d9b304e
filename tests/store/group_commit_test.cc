// GroupCommit (store/group_commit.h) on a SQLite file: a batch of several works commits once, a
// failing work is rolled back alone with its own error, a work that breaks the shared transaction
// costs nobody else their write and never reports success for a write that was not committed.
#include "store/group_commit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_db.h"

namespace linli::store {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("linli-gc-test-" + std::to_string(getpid()) + ".db")).string();
    Remove();
    pool_ = std::make_unique<Pool>([this] { return OpenSqliteConnection(path_); }, 8);
    auto c = pool_->Acquire();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Script("CREATE TABLE t (x INTEGER PRIMARY KEY)").ok());
  }
  void TearDown() override {
    pool_.reset();
    Remove();
  }
  void Remove() {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + s);
  }
  static GroupCommit::Work Insert(std::int64_t x) {
    return [x](Connection& c) -> Status {
      auto r = c.Exec("INSERT INTO t(x) VALUES (?)", {Value(x)});
      if (!r.ok()) return r.error();
      return Ok();
    };
  }
  std::vector<std::int64_t> Stored() {
    auto c = pool_->Acquire();
    std::vector<std::int64_t> out;
    auto r = (*c)->Exec("SELECT x FROM t ORDER BY x");
    EXPECT_TRUE(r.ok());
    for (auto& row : r->rows) out.push_back(AsInt(row[0]));
    return out;
  }
  // Runs works[0] first; while it runs (blocked until the others are queued) works[1..] queue up
  // and then run as one batch. Returns each work's status.
  std::vector<Status> TwoBatches(GroupCommit& gc, std::vector<GroupCommit::Work> works,
                                 std::vector<GroupCommit::Work> finishes = {}) {
    finishes.resize(works.size());
    std::atomic<bool> release{false}, started{false};
    std::atomic<int> submitted{0};
    GroupCommit::Work first = [&](Connection& c) -> Status {
      started = true;
      while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return works[0](c);
    };
    std::vector<Status> out(works.size(), Ok());
    std::thread leader([&] { out[0] = gc.Run(first); });
    while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<std::thread> rest;
    for (std::size_t i = 1; i < works.size(); ++i)
      rest.emplace_back([&, i] {
        ++submitted;
        out[i] = gc.Run(works[i], finishes[i] ? &finishes[i] : nullptr);
      });
    while (submitted.load() < static_cast<int>(works.size()) - 1)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // they are queued behind the leader
    release = true;
    leader.join();
    for (auto& t : rest) t.join();
    return out;
  }
  std::string path_;
  std::unique_ptr<Pool> pool_;
  std::mutex write_mu_;
};

TEST_F(GroupCommitTest, OneCallerAloneIsOneTransaction) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  EXPECT_TRUE(gc.Run(Insert(1)).ok());
  auto dup = gc.Run(Insert(1));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(gc.batches(), 1);  // committed transactions: the failed one was rolled back
  EXPECT_EQ(gc.committed(), 1);
  EXPECT_EQ(Stored(), (std::vector<std::int64_t>{1}));
}

TEST_F(GroupCommitTest, AFailingWorkInsideABatchFailsAloneWithItsOwnError) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  auto fails_after_writing = [](Connection& c) -> Status {
    auto r = c.Exec("INSERT INTO t(x) VALUES (12)");
    if (!r.ok()) return r.error();
    return Error::Invalid("category_code", "unknown", "没有这个诉求分类");
  };
  auto out = TwoBatches(gc, {Insert(1), Insert(10), Insert(11), fails_after_writing, Insert(1), Insert(13)});
  EXPECT_TRUE(out[0].ok());
  EXPECT_TRUE(out[1].ok());
  EXPECT_TRUE(out[2].ok());
  ASSERT_FALSE(out[3].ok());
  EXPECT_EQ(out[3].error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(out[3].error().field, "category_code");
  ASSERT_FALSE(out[4].ok());  // 1 is taken by the first batch
  EXPECT_EQ(out[4].error().code, ErrorCode::kConflict);
  EXPECT_TRUE(out[5].ok());
  EXPECT_EQ(Stored(), (std::vector<std::int64_t>{1, 10, 11, 13}));  // 12 rolled back with its work
  EXPECT_EQ(gc.batches(), 2);
  EXPECT_EQ(gc.largest_batch(), 5);
  EXPECT_EQ(gc.committed(), 4);
  EXPECT_EQ(gc.rolled_back_in_batch(), 2);
}

TEST_F(GroupCommitTest, AnInternalErrorInsideABatchIsTriedAgainAlone) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  std::atomic<int> calls{0};
  auto flaky = [&](Connection& c) -> Status {
    if (calls++ == 0) return Error::Internal("deadlock detected");
    return Insert(20)(c);
  };
  auto out = TwoBatches(gc, {Insert(1), Insert(10), flaky, Insert(11)});
  for (auto& s : out) EXPECT_TRUE(s.ok());
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(Stored(), (std::vector<std::int64_t>{1, 10, 11, 20}));
}

TEST_F(GroupCommitTest, AWorkThatBreaksTheTransactionCostsNobodyElseTheirWrite) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  // Ends the shared transaction under everybody's feet and claims success.
  auto breaker = [](Connection& c) -> Status {
    auto r = c.Exec("INSERT INTO t(x) VALUES (30)");
    if (!r.ok()) return r.error();
    return c.Script("ROLLBACK");
  };
  auto out = TwoBatches(gc, {Insert(1), Insert(10), breaker, Insert(11)});
  EXPECT_TRUE(out[0].ok());
  EXPECT_TRUE(out[1].ok());
  EXPECT_FALSE(out[2].ok());  // its write was not committed: never reported as done
  EXPECT_TRUE(out[3].ok());
  EXPECT_EQ(Stored(), (std::vector<std::int64_t>{1, 10, 11}));
}

// `finish` runs after every work of the batch (outside the savepoints); a failing finish fails its
// own work only (the batch is run again, each alone), never reported as written.
TEST_F(GroupCommitTest, FinishRunsAfterTheBatchAndFailsOnlyItsOwnWork) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  std::vector<std::string> order;
  auto step = [&](std::string name, std::int64_t x) -> GroupCommit::Work {
    return [&order, name, x](Connection& c) -> Status {
      order.push_back(name);
      return x ? Insert(x)(c) : Status(Error::Internal("finish failed"));
    };
  };
  auto out = TwoBatches(gc, {Insert(1), step("w10", 10), step("w11", 11), step("w12", 12)},
                        {nullptr, step("f10", 100), step("f11", 0), step("f12", 120)});
  EXPECT_TRUE(out[0].ok());
  EXPECT_TRUE(out[1].ok());
  EXPECT_FALSE(out[2].ok());
  EXPECT_TRUE(out[3].ok());
  EXPECT_EQ(Stored(), (std::vector<std::int64_t>{1, 10, 12, 100, 120}));
  // In the batch: the works, then the finishes; the failing finish sent each back alone.
  ASSERT_GE(order.size(), 4u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(order[i][0], 'w') << i;
  EXPECT_EQ(order[3][0], 'f');
}

TEST_F(GroupCommitTest, ManyThreadsEveryWriteOnceAndBatched) {
  GroupCommit gc(*pool_, &write_mu_, "Test");
  constexpr int kThreads = 8, kEach = 200;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        if (!gc.Run(Insert(1000 + t * kEach + i)).ok()) ++failed;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  auto stored = Stored();
  ASSERT_EQ(stored.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(gc.committed(), kThreads * kEach);
  EXPECT_LT(gc.batches(), kThreads * kEach);  // some commits served several writes
  EXPECT_GT(gc.largest_batch(), 1);
}

// A caller alone never waits for company: sequential callers are one transaction each, at once.
TEST_F(GroupCommitTest, SequentialCallersNeverWait) {
  GroupCommit gc(*pool_, &write_mu_, "Test", 64, 8, std::chrono::milliseconds(200));
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(gc.Run(Insert(i)).ok());
  EXPECT_EQ(gc.gathers(), 0);
  EXPECT_EQ(gc.batches(), 30);
  // 30 waits of 200 ms would take 6 s; without them it is a few milliseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
}

// Under concurrent load a new leader waits for the callers on their way (up to the goal learnt
// from recent batches); without a gather wait it never does. The callers spend a moment between
// their writes, as a server's handlers do with HTTP: without gathering each finds a short queue.
TEST_F(GroupCommitTest, UnderLoadALeaderGathersTheCallersOnTheirWay) {
  auto hammer = [&](GroupCommit& gc, int base) {
    constexpr int kThreads = 8, kEach = 100;
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          std::this_thread::sleep_for(std::chrono::microseconds(300));
          if (!gc.Run(Insert(base + t * kEach + i)).ok()) ++failed;
        }
      });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(gc.committed(), kThreads * kEach);
  };
  auto mean = [](const GroupCommit& gc) {
    return static_cast<double>(gc.committed()) / static_cast<double>(std::max<std::int64_t>(gc.batches(), 1));
  };
  GroupCommit gathering(*pool_, &write_mu_, "Test", 64, 8, std::chrono::milliseconds(5));
  auto t0 = std::chrono::steady_clock::now();
  hammer(gathering, 1000);
  const auto took = std::chrono::steady_clock::now() - t0;
  GroupCommit plain(*pool_, &write_mu_, "Test", 64, 8, std::chrono::microseconds(0));
  hammer(plain, 2000);
  EXPECT_EQ(Stored().size(), 1600u);
  EXPECT_EQ(plain.gathers(), 0);
  EXPECT_GT(gathering.gathers(), 0);
  EXPECT_GE(mean(gathering), 2.5) << gathering.batches() << " batches";
  EXPECT_GT(mean(gathering), mean(plain)) << plain.batches() << " batches without gathering";
  // Timed-out waits lower the goal: the 800 writes never wait out most of their batches.
  EXPECT_LT(took, std::chrono::seconds(3));
}

}  // namespace
}  // namespace linli::store
