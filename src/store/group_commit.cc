#include "store/group_commit.h"

#include "core/metrics.h"

#include <exception>
#include <string>
#include <vector>

namespace linli::store {

namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT linli_gc";
constexpr std::string_view kRelease = "RELEASE SAVEPOINT linli_gc";
constexpr std::string_view kRollbackTo = "ROLLBACK TO SAVEPOINT linli_gc";

bool Transient(const Status& s) {
  return !s.ok() && (s.error().code == ErrorCode::kInternal || s.error().code == ErrorCode::kUnavailable);
}

}  // namespace

Status GroupCommit::Run(const Work& work, const Work* finish) {
  Item me{&work, finish};
  const auto now = std::chrono::steady_clock::now();
  const auto self = std::this_thread::get_id();
  std::unique_lock lock(mu_);
  // Another thread arrived a moment ago: callers are running concurrently (one thread calling in
  // a loop is not).
  const bool concurrent = self != last_arrival_thread_ && now - last_arrival_at_ < gather_wait_;
  last_arrival_thread_ = self, last_arrival_at_ = now;
  queue_.push_back(&me);
  if (gathering_ && static_cast<int>(queue_.size()) >= gather_goal_) gathering_->cv.notify_one();
  if (!leading_) leading_ = true, me.state = State::kLead;
  me.cv.wait(lock, [&] { return me.state != State::kQueued; });
  if (me.state == State::kDone) return std::move(me.result);
  // Lead: this caller is at the head of the queue, so its batch includes it. Under concurrent
  // load (the last batch had several works), wait a moment for the callers on their way.
  // The goal follows the callers actually there: a wait that times out lowers it to what came; a
  // queue found longer raises it; after 16 goals met in a row it tries one more.
  const int queued = static_cast<int>(queue_.size());
  if (queued > gather_goal_) gather_goal_ = std::min(queued, gather_target_);
  if (gather_wait_.count() > 0 && (last_batch_ >= 2 || concurrent) && queued < gather_goal_) {
    gathering_ = &me;
    gathers_.fetch_add(1, std::memory_order_relaxed);
    const bool met =
        me.cv.wait_for(lock, gather_wait_, [&] { return static_cast<int>(queue_.size()) >= gather_goal_; });
    gathering_ = nullptr;
    if (!met) {
      gather_goal_ = std::max(2, static_cast<int>(queue_.size()));
      goals_met_ = 0;
    } else if (++goals_met_ >= 16 && gather_goal_ < gather_target_) {
      ++gather_goal_;
      goals_met_ = 0;
    }
  }
  std::vector<Item*> batch;
  while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
  last_batch_ = static_cast<int>(batch.size());
  lock.unlock();
  if (!RunBatch(batch))
    for (Item* it : batch) RunAlone(*it);  // each gets its own answer
  lock.lock();
  // Woken under mu_: a waiter returns (and its Item goes) only after mu_ is released here.
  for (Item* it : batch) {
    if (it == &me) continue;
    it->state = State::kDone;
    it->cv.notify_one();
  }
  if (queue_.empty()) {
    leading_ = false;
  } else {
    queue_.front()->state = State::kLead;
    queue_.front()->cv.notify_one();
  }
  return std::move(me.result);
}

void GroupCommit::RunAlone(Item& item) {
  std::vector<Item*> one{&item};
  (void)RunBatch(one);
}

bool GroupCommit::RunBatch(std::vector<Item*>& items) {
  const bool alone = items.size() == 1;
  std::vector<Item*> retry;
  {
    metrics::StoreTimer timer(name_batch_);
    std::unique_lock<std::mutex> w;
    if (write_mu_) w = std::unique_lock<std::mutex>(*write_mu_);
    auto lease = pool_.Acquire();
    if (!lease.ok()) {
      for (Item* it : items) it->result = lease.error();
      return true;
    }
    Connection& c = **lease;
    // The batch failed as a whole: roll back; alone, the work's own error (else the batch's).
    auto failed = [&](Item* it, Status st) {
      (void)c.Script("ROLLBACK");
      if (!alone) return false;
      Item* only = items[0];
      if (it == nullptr || only->result.ok()) only->result = std::move(st);
      return true;
    };
    if (!prepare_sql_.empty())
      if (Status p = c.Script(prepare_sql_); !p.ok()) return failed(nullptr, std::move(p));
    if (Status b = c.Script(c.BeginWrite()); !b.ok()) return failed(nullptr, std::move(b));
    for (Item* it : items) {
      it->result = Ok();
      // Alone, the transaction is the savepoint (and SQLite's FTS5 flushes its pending index
      // data at every SAVEPOINT: one fewer).
      if (!alone)
        if (Status s = c.Script(kSavepoint); !s.ok()) return failed(it, std::move(s));
      Status r = Ok();
      try {
        r = (*it->work)(c);
      } catch (const std::exception& e) {
        r = Error::Internal(std::string("intake failed: ") + e.what());
      }
      if (alone && !r.ok()) {
        it->result = std::move(r);
        (void)c.Script("ROLLBACK");
        return true;
      }
      if (alone) continue;
      if (r.ok()) {
        if (Status s = c.Script(kRelease); !s.ok()) return failed(it, std::move(s));
        continue;
      }
      it->result = std::move(r);
      if (Status s = c.Script(kRollbackTo); !s.ok()) return failed(it, std::move(s));
      if (Status s = c.Script(kRelease); !s.ok()) return failed(it, std::move(s));
      rolled_back_.fetch_add(1, std::memory_order_relaxed);
      if (Transient(it->result)) retry.push_back(it);
    }
    // The finishing steps of the works that succeeded, after every savepoint.
    for (Item* it : items) {
      if (!it->result.ok() || it->finish == nullptr) continue;
      Status f = Ok();
      try {
        f = (*it->finish)(c);
      } catch (const std::exception& e) {
        f = Error::Internal(std::string("intake failed: ") + e.what());
      }
      if (!f.ok()) return failed(it, std::move(f));
    }
    Status commit = Ok();
    {
      metrics::StoreTimer commit_timer(name_commit_);
      commit = c.Script("COMMIT");
    }
    if (!commit.ok()) return failed(nullptr, std::move(commit));
    std::int64_t n = 0;
    for (Item* it : items) n += it->result.ok();
    batches_.fetch_add(1, std::memory_order_relaxed);
    committed_.fetch_add(n, std::memory_order_relaxed);
    std::int64_t big = largest_.load(std::memory_order_relaxed);
    const auto size = static_cast<std::int64_t>(items.size());
    while (size > big && !largest_.compare_exchange_weak(big, size, std::memory_order_relaxed)) {
    }
  }
  if (after_commit_) after_commit_();
  for (Item* it : retry) RunAlone(*it);  // after the write lock is released
  return true;
}

WalCheckpointer::WalCheckpointer(Pool& pool, std::mutex* write_mu, std::chrono::milliseconds interval,
                                 std::int64_t restart_frames, std::function<void()> tick)
    : pool_(pool), write_mu_(write_mu), interval_(interval), restart_frames_(restart_frames), tick_(std::move(tick)) {
  thread_ = std::thread([this] { Loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WalCheckpointer::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_one();
}

void WalCheckpointer::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval_, [&] { return stop_ || poked_; });
    if (stop_) break;
    poked_ = false;
    lock.unlock();
    if (tick_) tick_();
    // Errors are left for the next round (and SQLite's own checkpoints on other connections).
    if (auto c = pool_.Acquire(); c.ok()) {
      auto r = (*c)->Exec("PRAGMA wal_checkpoint(PASSIVE)");
      checkpoints_.fetch_add(1, std::memory_order_relaxed);
      // (busy, log frames, checkpointed frames)
      if (r.ok() && !r->empty() && r->rows[0].size() >= 2 && AsInt(r->rows[0][1]) >= restart_frames_) {
        std::unique_lock<std::mutex> w;
        if (write_mu_) w = std::unique_lock<std::mutex>(*write_mu_);
        (void)(*c)->Exec("PRAGMA wal_checkpoint(PASSIVE)");
      }
    }
    lock.lock();
  }
}

}  // namespace linli::store
