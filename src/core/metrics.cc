#include "core/metrics.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace linli::metrics {
namespace {

constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

// One histogram; lock-free after creation.
struct Histogram {
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // non-cumulative
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> sum_ns{0};

  void Observe(double seconds) {
    std::size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    if (i < kBuckets.size()) buckets[i].fetch_add(1, std::memory_order_relaxed);
    count.fetch_add(1, std::memory_order_relaxed);
    sum_ns.fetch_add(static_cast<std::uint64_t>(seconds > 0 ? seconds * 1e9 : 0), std::memory_order_relaxed);
  }
};

// Label set -> series. Lookups take a shared lock; only a first-seen label set takes the
// exclusive lock. Series are never removed, so pointers stay valid.
template <class Series>
class Family {
 public:
  Series& Get(const std::string& key) {
    {
      std::shared_lock lock(mu_);
      auto it = series_.find(key);
      if (it != series_.end()) return *it->second;
    }
    std::unique_lock lock(mu_);
    auto& slot = series_[key];
    if (!slot) slot = std::make_unique<Series>();
    return *slot;
  }
  // A sorted snapshot of the keys and series.
  std::map<std::string, const Series*> Snapshot() const {
    std::shared_lock lock(mu_);
    std::map<std::string, const Series*> out;
    for (const auto& [k, v] : series_) out.emplace(k, v.get());
    return out;
  }

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<Series>> series_;
};

struct HttpSeries {
  Histogram duration;
};

Family<HttpSeries>& HttpFamily() {
  static Family<HttpSeries> f;
  return f;
}
Family<Histogram>& StoreFamily() {
  static Family<Histogram> f;
  return f;
}

constexpr char kSep = '\x1f';

// Appends a Prometheus label value with \, " and newline escaped.
void AppendLabel(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

void AppendNumber(std::string& out, double v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.9g", v);
  out.append(buf, static_cast<std::size_t>(n));
}
void AppendNumber(std::string& out, std::uint64_t v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(v));
  out.append(buf, static_cast<std::size_t>(n));
}

// One sample line: name+suffix{labels[,le="…"]} value. `labels` is already formatted
// (`k="v",k2="v2"`, no braces); `le` is empty for samples without a bucket bound.
template <class V>
void AppendSample(std::string& out, std::string_view name, std::string_view suffix, const std::string& labels,
                  std::string_view le, V value) {
  out += name;
  out += suffix;
  out += '{';
  out += labels;
  if (!le.empty()) {
    out += ",le=\"";
    out += le;
    out += '"';
  }
  out += "} ";
  AppendNumber(out, value);
  out += '\n';
}

void RenderHistogram(std::string& out, std::string_view name, const std::string& labels, const Histogram& h) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += h.buckets[i].load(std::memory_order_relaxed);
    std::string le;
    AppendNumber(le, kBuckets[i]);
    AppendSample(out, name, "_bucket", labels, le, cumulative);
  }
  std::uint64_t count = h.count.load(std::memory_order_relaxed);
  AppendSample(out, name, "_bucket", labels, "+Inf", count);
  AppendSample(out, name, "_sum", labels, "", static_cast<double>(h.sum_ns.load(std::memory_order_relaxed)) / 1e9);
  AppendSample(out, name, "_count", labels, "", count);
}

std::uint64_t ResidentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  int got = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (got != 2) return 0;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

void ObserveStore(std::string_view op, double seconds) {
  thread_local std::string key;
  key.assign(op);
  StoreFamily().Get(key).Observe(seconds);
}

void ObserveHttp(std::string_view method, std::string_view route, int status, double seconds) {
  thread_local std::string key;
  key.assign(method);
  key.push_back(kSep);
  key.append(route);
  key.push_back(kSep);
  char buf[12];
  int n = std::snprintf(buf, sizeof buf, "%d", status);
  key.append(buf, static_cast<std::size_t>(n));
  HttpFamily().Get(key).duration.Observe(seconds);
}

std::string RenderPrometheus() {
  std::string out;
  out.reserve(16384);
  auto http = HttpFamily().Snapshot();
  // Requests: one counter per method/route/status; durations aggregated per method/route.
  out += "# HELP linli_http_requests_total HTTP requests by method, route pattern and status.\n";
  out += "# TYPE linli_http_requests_total counter\n";
  std::map<std::string, Histogram> by_route;  // "method\x1froute" -> summed histogram
  for (const auto& [key, series] : http) {
    auto a = key.find(kSep);
    auto b = key.find(kSep, a + 1);
    std::string_view k(key);
    out += "linli_http_requests_total{method=\"";
    AppendLabel(out, k.substr(0, a));
    out += "\",route=\"";
    AppendLabel(out, k.substr(a + 1, b - a - 1));
    out += "\",status=\"";
    out += k.substr(b + 1);
    out += "\"} ";
    AppendNumber(out, series->duration.count.load(std::memory_order_relaxed));
    out += '\n';
    Histogram& h = by_route[key.substr(0, b)];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      h.buckets[i].fetch_add(series->duration.buckets[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
    h.count.fetch_add(series->duration.count.load(std::memory_order_relaxed), std::memory_order_relaxed);
    h.sum_ns.fetch_add(series->duration.sum_ns.load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  out += "# HELP linli_http_request_duration_seconds HTTP request duration by method and route pattern.\n";
  out += "# TYPE linli_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : by_route) {
    auto a = key.find(kSep);
    std::string labels = "method=\"";
    AppendLabel(labels, std::string_view(key).substr(0, a));
    labels += "\",route=\"";
    AppendLabel(labels, std::string_view(key).substr(a + 1));
    labels += '"';
    RenderHistogram(out, "linli_http_request_duration_seconds", labels, h);
  }
  out += "# HELP linli_store_operation_duration_seconds Store operation duration by operation.\n";
  out += "# TYPE linli_store_operation_duration_seconds histogram\n";
  for (const auto& [op, h] : StoreFamily().Snapshot()) {
    std::string labels = "op=\"";
    AppendLabel(labels, op);
    labels += '"';
    RenderHistogram(out, "linli_store_operation_duration_seconds", labels, *h);
  }
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += "process_resident_memory_bytes ";
  AppendNumber(out, ResidentBytes());
  out += '\n';
  return out;
}

}  // namespace linli::metrics
