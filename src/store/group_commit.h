// GroupCommit: many small write transactions from different threads committed as one.
// A caller's work runs inside a SAVEPOINT of a shared write transaction; one COMMIT (one WAL
// append on SQLite, one fsync on PostgreSQL) serves the whole batch, and every caller returns only
// after that commit. A failing work is rolled back to its savepoint alone and returns its own
// error; the others commit. Private to src/store.
//
// How a batch forms: the first caller that finds no batch running becomes the leader, takes every
// queued work (up to max_batch), runs the batch on its own thread, wakes each waiter of the batch
// and hands the lead to the caller now at the head of the queue (callers that arrived meanwhile:
// the next batch). One caller alone is one transaction, as before, and never waits. Under
// concurrent load (the previous batch had two works or more, or another thread called a moment
// before this one) a new leader first waits up to
// `gather_wait` for more works to queue — as many as recent batches showed callers there, at most
// `gather_target` (a wait that times out lowers that goal) — so the callers on their way join
// this batch rather than start another (measured on SQLite with 8 connections: 3.2 -> ~6 intakes per commit,
// a fifth less server CPU per intake: fewer WAL pages, one COMMIT for more of them).
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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "store/sql_db.h"

namespace linli::store {

class GroupCommit {
 public:
  using Work = std::function<Status(Connection&)>;
  // `write_mu` (nullable): taken around every transaction (SQLite's one writer). `name`: the
  // store metrics of the batches ("<name>.batch": a whole batch, "<name>.commit": its COMMIT;
  // their counts against the callers' own metric give the mean batch size). A string literal.
  GroupCommit(Pool& pool, std::mutex* write_mu, std::string_view name, int max_batch = 64, int gather_target = 8,
              std::chrono::microseconds gather_wait = std::chrono::microseconds(500))
      : pool_(pool),
        write_mu_(write_mu),
        max_batch_(max_batch < 1 ? 1 : max_batch),
        gather_target_(std::min(gather_target, max_batch_)),
        gather_wait_(gather_wait),
        name_batch_(std::string(name) + ".batch"),
        name_commit_(std::string(name) + ".commit") {}

  // Runs `work` in the next batch; returns once the batch is committed (Ok) or with the work's
  // own error (nothing of it written). `finish` (optional) runs when `work` succeeded, after the
  // works of the whole batch, outside any savepoint, just before the COMMIT (SQLite: the FTS5
  // insert, which would otherwise flush a segment at every savepoint); if it fails, the batch
  // fails as a whole (each work runs again alone, with its finish).
  Status Run(const Work& work, const Work* finish = nullptr);

  // Set once, before the first Run: `prepare_sql` runs on the batch's connection before its BEGIN
  // (SQLite: "PRAGMA wal_autocheckpoint=0", see WalCheckpointer); `after_commit` is called after
  // each committed batch, outside the write mutex.
  void SetHooks(std::string prepare_sql, std::function<void()> after_commit) {
    prepare_sql_ = std::move(prepare_sql);
    after_commit_ = std::move(after_commit);
  }

  // Counters (for tests and metrics): transactions committed, works committed in them, the
  // largest batch, works that failed and were rolled back alone inside a batch of several.
  std::int64_t batches() const { return batches_.load(std::memory_order_relaxed); }
  std::int64_t committed() const { return committed_.load(std::memory_order_relaxed); }
  std::int64_t largest_batch() const { return largest_.load(std::memory_order_relaxed); }
  std::int64_t rolled_back_in_batch() const { return rolled_back_.load(std::memory_order_relaxed); }
  // Batches whose leader waited for the callers on their way (gather_wait).
  std::int64_t gathers() const { return gathers_.load(std::memory_order_relaxed); }

 private:
  // A caller's work. `state` is how its thread is woken, once: kDone (answered) or kLead (it is
  // at the head of the queue and runs the next batch); no herd of waiters on one condition.
  enum class State { kQueued, kLead, kDone };
  struct Item {
    const Work* work;
    const Work* finish;
    Status result = Ok();
    State state = State::kQueued;  // guarded by mu_
    std::condition_variable cv;    // with mu_
  };
  // Runs `items` in one transaction; false when the batch failed as a whole (nothing committed).
  bool RunBatch(std::vector<Item*>& items);
  void RunAlone(Item& item);

  Pool& pool_;
  std::mutex* write_mu_;
  const int max_batch_;
  const int gather_target_;
  const std::chrono::microseconds gather_wait_;
  const std::string name_batch_, name_commit_;
  std::string prepare_sql_;
  std::function<void()> after_commit_;
  std::mutex mu_;
  std::deque<Item*> queue_;  // waiting, not yet in a batch
  bool leading_ = false;     // a batch is running (its leader hands over to the queue's head)
  Item* gathering_ = nullptr;  // the leader waiting for gather_goal_ works (woken by arrivals)
  int gather_goal_ = 2;        // works to wait for: adapts to the callers there, <= gather_target_
  int goals_met_ = 0;          // gathers in a row that met the goal
  std::thread::id last_arrival_thread_;
  std::chrono::steady_clock::time_point last_arrival_at_;
  int last_batch_ = 0;         // works in the last batch taken
  std::atomic<std::int64_t> batches_{0}, committed_{0}, largest_{0}, rolled_back_{0}, gathers_{0};
};

// SQLite only: WAL checkpoints off the request path. SQLite checkpoints inside a COMMIT once the
// WAL passes wal_autocheckpoint pages (1000), with the write lock held: copying the pages and two
// fsyncs stall every intake behind it (measured: 5 % of intake commits took 2.5-250 ms on a busy
// disk). Intake batches turn that off on their connection; this thread checkpoints instead:
//  - every `interval` or when Poke()d, PASSIVE without any lock (writers go on appending);
//  - when the WAL still holds `restart_frames` frames or more after that (writers kept it from
//    restarting), once more with the write mutex held: only the frames appended meanwhile are left,
//    and the next writer restarts the WAL from its beginning. This bounds the WAL.
// Thread rule: Poke from any thread; the destructor stops and joins the thread.
class WalCheckpointer {
 public:
  // `tick` (optional) runs on the thread before each checkpoint (the demand store: FlushSearch).
  WalCheckpointer(Pool& pool, std::mutex* write_mu, std::chrono::milliseconds interval = std::chrono::milliseconds(50),
                  std::int64_t restart_frames = 8192, std::function<void()> tick = {});
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  void Poke();
  std::int64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }

 private:
  void Loop();
  Pool& pool_;
  std::mutex* write_mu_;
  const std::chrono::milliseconds interval_;
  const std::int64_t restart_frames_;
  const std::function<void()> tick_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, poked_ = false;
  std::atomic<std::int64_t> checkpoints_{0};
  std::thread thread_;
};

}  // namespace linli::store
