// GroupCommit: many small write transactions from different threads committed as one.
// A caller's work runs inside a SAVEPOINT of a shared write transaction; one COMMIT (one WAL
// append on SQLite, one fsync on PostgreSQL) serves the whole batch, and every caller returns only
// after that commit. A failing work is rolled back to its savepoint alone and returns its own
// error; the others commit. Private to src/store.
//
// How a batch forms: no timer. The first caller that finds no batch running becomes the leader,
// takes every queued work (up to max_batch), runs the batch on its own thread and wakes the
// waiters; callers arriving meanwhile queue up for the next batch. One caller alone is one
// transaction, as before.
//
// Failures of the batch as a whole (BEGIN, SAVEPOINT, ROLLBACK TO or COMMIT failing; e.g. SQLite
// rolling the transaction back by itself, or a lost connection) roll everything back and re-run
// each work of the batch in a transaction of its own, so each caller gets its own answer.
// A work that fails with kInternal or kUnavailable inside a batch of several (on PostgreSQL, e.g.
// a deadlock with another transaction, which the batch's longer lock holding makes possible) is
// also re-run alone after the batch. A work must therefore be safe to run again: it writes its
// outputs anew on each run (never appends to them).
//
// Thread rule: Run from any thread; `work` runs on the leader's thread, never concurrently with
// another work of the same GroupCommit.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "store/sql_db.h"

namespace linli::store {

class GroupCommit {
 public:
  using Work = std::function<Status(Connection&)>;
  // `write_mu` (nullable): taken around every transaction (SQLite's one writer).
  GroupCommit(Pool& pool, std::mutex* write_mu, int max_batch = 64)
      : pool_(pool), write_mu_(write_mu), max_batch_(max_batch < 1 ? 1 : max_batch) {}

  // Runs `work` in the next batch; returns once the batch is committed (Ok) or with the work's
  // own error (nothing of it written).
  Status Run(const Work& work);

  // Counters (for tests and metrics): transactions committed, works committed in them, the
  // largest batch, works that failed and were rolled back alone inside a batch of several.
  std::int64_t batches() const { return batches_.load(std::memory_order_relaxed); }
  std::int64_t committed() const { return committed_.load(std::memory_order_relaxed); }
  std::int64_t largest_batch() const { return largest_.load(std::memory_order_relaxed); }
  std::int64_t rolled_back_in_batch() const { return rolled_back_.load(std::memory_order_relaxed); }

 private:
  struct Item {
    const Work* work;
    Status result = Ok();
    bool done = false;
  };
  // Runs `items` in one transaction; false when the batch failed as a whole (nothing committed).
  bool RunBatch(std::vector<Item*>& items);
  void RunAlone(Item& item);

  Pool& pool_;
  std::mutex* write_mu_;
  const int max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item*> queue_;
  bool leading_ = false;
  std::atomic<std::int64_t> batches_{0}, committed_{0}, largest_{0}, rolled_back_{0};
};

}  // namespace linli::store
