// Process-wide metrics: store timings and HTTP requests, rendered as Prometheus text.
// Thread rule: every function is safe to call from any thread; the hot paths take no global lock
// for already-seen labels (implementation in src/core/metrics.cc, owned by the http work).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace linli::metrics {

// Records one store operation (e.g. "ListHouseholds") that took `seconds`.
void ObserveStore(std::string_view op, double seconds);
// Records one HTTP request: `route` is the route pattern ("/api/v1/households/{id}") or "unmatched".
void ObserveHttp(std::string_view method, std::string_view route, int status, double seconds);
// Every metric in Prometheus text exposition format 0.0.4.
std::string RenderPrometheus();

// Times a scope and records it as a store operation: `StoreTimer t("GetHousehold");`
class StoreTimer {
 public:
  explicit StoreTimer(std::string_view op) : op_(op), start_(std::chrono::steady_clock::now()) {}
  ~StoreTimer() {
    ObserveStore(op_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  StoreTimer(const StoreTimer&) = delete;
  StoreTimer& operator=(const StoreTimer&) = delete;

 private:
  std::string_view op_;  // must outlive the timer (use string literals)
  std::chrono::steady_clock::time_point start_;
};

}  // namespace linli::metrics
