#include "core/metrics.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace linli::metrics {
namespace {

TEST(MetricsTest, RendersCountersAndHistograms) {
  ObserveHttp("GET", "/mt/{id}", 200, 0.0004);
  ObserveHttp("GET", "/mt/{id}", 200, 0.2);
  ObserveHttp("GET", "/mt/{id}", 404, 0.003);
  { StoreTimer t("MetricsTestOp"); }
  std::string text = RenderPrometheus();
  EXPECT_NE(text.find("linli_http_requests_total{method=\"GET\",route=\"/mt/{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("linli_http_requests_total{method=\"GET\",route=\"/mt/{id}\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_request_duration_seconds_bucket{method=\"GET\",route=\"/mt/{id}\",le=\"0.001\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_request_duration_seconds_bucket{method=\"GET\",route=\"/mt/{id}\",le=\"0.005\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_request_duration_seconds_bucket{method=\"GET\",route=\"/mt/{id}\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_request_duration_seconds_count{method=\"GET\",route=\"/mt/{id}\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_store_operation_duration_seconds_count{op=\"MetricsTestOp\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE linli_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos);
  EXPECT_EQ(text.find("process_resident_memory_bytes 0\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentObservationsAreAllCounted) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 10000; ++i) ObserveHttp("POST", i % 2 ? "/mc/a" : "/mc/b", 200 + t % 2, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  std::string text = RenderPrometheus();
  EXPECT_NE(text.find("linli_http_requests_total{method=\"POST\",route=\"/mc/a\",status=\"200\"} 10000\n"),
            std::string::npos);
  EXPECT_NE(text.find("linli_http_request_duration_seconds_count{method=\"POST\",route=\"/mc/b\"} 20000\n"),
            std::string::npos);
}

}  // namespace
}  // namespace linli::metrics
