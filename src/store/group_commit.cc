#include "store/group_commit.h"

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

Status GroupCommit::Run(const Work& work) {
  Item me{&work};
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  while (!me.done) {
    if (leading_) {
      cv_.wait(lock);
      continue;
    }
    leading_ = true;
    std::vector<Item*> batch;
    while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    if (!RunBatch(batch))
      for (Item* it : batch) RunAlone(*it);  // each gets its own answer
    lock.lock();
    for (Item* it : batch) it->done = true;
    leading_ = false;
    cv_.notify_all();
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
    if (Status b = c.Script(c.BeginWrite()); !b.ok()) return failed(nullptr, std::move(b));
    for (Item* it : items) {
      it->result = Ok();
      if (Status s = c.Script(kSavepoint); !s.ok()) return failed(it, std::move(s));
      Status r = Ok();
      try {
        r = (*it->work)(c);
      } catch (const std::exception& e) {
        r = Error::Internal(std::string("intake failed: ") + e.what());
      }
      if (r.ok()) {
        if (Status s = c.Script(kRelease); !s.ok()) return failed(it, std::move(s));
        continue;
      }
      it->result = std::move(r);
      if (Status s = c.Script(kRollbackTo); !s.ok()) return failed(it, std::move(s));
      if (Status s = c.Script(kRelease); !s.ok()) return failed(it, std::move(s));
      if (!alone) rolled_back_.fetch_add(1, std::memory_order_relaxed);
      if (!alone && Transient(it->result)) retry.push_back(it);
    }
    if (Status s = c.Script("COMMIT"); !s.ok()) return failed(nullptr, std::move(s));
    std::int64_t n = 0;
    for (Item* it : items) n += it->result.ok();
    batches_.fetch_add(1, std::memory_order_relaxed);
    committed_.fetch_add(n, std::memory_order_relaxed);
    std::int64_t big = largest_.load(std::memory_order_relaxed);
    const auto size = static_cast<std::int64_t>(items.size());
    while (size > big && !largest_.compare_exchange_weak(big, size, std::memory_order_relaxed)) {
    }
  }
  for (Item* it : retry) RunAlone(*it);  // after the write lock is released
  return true;
}

}  // namespace linli::store
