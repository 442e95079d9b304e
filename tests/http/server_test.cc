// A real server on a free loopback port, spoken to over raw sockets.
#include "http/server.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/builtin_routes.h"
#include "raw_client.h"

namespace linli::http {
namespace {

namespace fs = std::filesystem;

struct Reply {
  int status = 0;
  std::string head, body;
  bool HasHeader(std::string_view line) const { return head.find(line) != std::string::npos; }
};

using testing::Exchange;

Reply Parse(const std::string& raw) {
  Reply r;
  auto end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  r.head = raw.substr(0, end + 2);
  r.body = raw.substr(end + 4);
  return r;
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = fs::temp_directory_path() / ("linli_http_test_" + std::to_string(::getpid()));
    fs::create_directories(base_ / "www" / "assets");
    std::ofstream(base_ / "www" / "index.html") << "<!doctype html><title>linli</title>";
    std::ofstream(base_ / "www" / "assets" / "app.123.js") << "console.log(1)";
    std::ofstream(base_ / "secret.txt") << "TOPSECRET";
    router_ = new Router();
    auto echo = [](Request& req) {
      Response r;
      r.content_type = "text/plain";
      r.body = req.body;
      return r;
    };
    router_->Add({.method = "POST", .pattern = "/api/v1/echo", .permission = "echo:write", .handler = echo});
    router_->Add({.method = "POST",
                  .pattern = "/api/v1/upload",
                  .permission = "echo:write",
                  .max_body = 4096,
                  .handler = echo});
    router_->Add({.method = "POST",
                  .pattern = "/api/v1/big-upload",
                  .permission = "echo:write",
                  .max_body = 3 << 20,
                  .handler = [](Request& req) {
                    Response r;
                    r.body = std::to_string(req.body.size());
                    return r;
                  }});
    router_->Add({.method = "GET",
                  .pattern = "/api/v1/boom",
                  .permission = "boom:read",
                  .handler = [](Request&) -> Response { throw std::runtime_error("boom"); }});
    router_->Add({.method = "GET", .pattern = "/api/v1/items/{id}", .permission = "item:read",
                  .handler = [](Request& req) {
                    auto id = req.PathId();
                    if (!id.ok()) return ErrorResponse(id.error());
                    return Json(boost::json::object{{"id", *id}, {"q", req.Query("q").value_or("")}});
                  }});
    AddBuiltinRoutes(*router_, "test");
    ServerOptions opts;
    opts.port = 0;
    opts.threads = 2;
    opts.web_root = (base_ / "www").string();
    opts.max_json_body = 1024;
    opts.read_timeout_seconds = 5;
    server_ = new Server(*router_, opts);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete router_;
    fs::remove_all(base_);
  }
  static Reply Get(const std::string& target) {
    return Parse(Exchange(server_->port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  }
  static Reply Send(const std::string& raw) { return Parse(Exchange(server_->port(), raw)); }
  static void ExpectErrorCode(const Reply& r, std::string_view code) {
    EXPECT_TRUE(r.HasHeader("Content-Type: application/json")) << r.head;
    auto v = boost::json::parse(r.body);
    EXPECT_EQ(v.at("error").at("code").as_string(), code) << r.body;
    EXPECT_TRUE(v.at("error").as_object().contains("message"));
    EXPECT_TRUE(v.at("error").as_object().contains("field"));
    EXPECT_TRUE(v.at("error").at("details").is_array());
  }

  static inline fs::path base_;
  static inline Router* router_ = nullptr;
  static inline Server* server_ = nullptr;
};

TEST_F(ServerTest, HealthzAndSecurityHeaders) {
  Reply r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  for (const char* h : {"Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' "
                        "'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'\r\n",
                        "X-Content-Type-Options: nosniff\r\n", "Referrer-Policy: same-origin\r\n",
                        "X-Frame-Options: DENY\r\n", "X-Request-Id: "}) {
    EXPECT_TRUE(r.HasHeader(h)) << h;
  }
  // Every response carries them: static files, the SPA fallback, and every kind of error.
  const std::vector<std::pair<std::string, Reply>> replies = {
      {"static", Get("/index.html")},
      {"asset", Get("/assets/app.123.js")},
      {"spa fallback", Get("/households/12")},
      {"404", Get("/api/v1/nope")},
      {"405", Send("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")},
      {"400", Send("NOT A REQUEST\r\n\r\n")},
      {"413", Send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n")},
      {"500", Get("/api/v1/boom")}};
  for (const auto& [what, reply] : replies) {
    EXPECT_NE(reply.status, 0) << what;
    for (const char* h : {"Content-Security-Policy: default-src 'self'; script-src 'self';",
                          "frame-ancestors 'none'\r\n", "X-Content-Type-Options: nosniff\r\n",
                          "Referrer-Policy: same-origin\r\n", "X-Frame-Options: DENY\r\n"}) {
      EXPECT_TRUE(reply.HasHeader(h)) << what << ": " << h << "\n" << reply.head;
    }
    // "script-src 'self';" above: no inline script, and no eval either.
    EXPECT_EQ(reply.head.find("unsafe-eval"), std::string::npos) << what;
    // Plain HTTP: no HSTS (it would be ignored, and it belongs to HTTPS only).
    EXPECT_FALSE(reply.HasHeader("Strict-Transport-Security")) << what;
  }
}

TEST_F(ServerTest, PathParamsAndQuery) {
  Reply r = Get("/api/v1/items/42?q=%E6%B0%B4%E6%9C%88");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":42,"q":"水月"})");
  ExpectErrorCode(Get("/api/v1/items/abc"), "invalid_argument");
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowedAreJson) {
  Reply r = Get("/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  ExpectErrorCode(r, "not_found");
  r = Send("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(r.HasHeader("Allow: GET\r\n"));
  ExpectErrorCode(r, "method_not_allowed");
  // An unknown path under /api is never the SPA.
  EXPECT_EQ(Send("POST /somewhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").status, 404);
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  std::string body(2000, 'a');
  Reply r = Send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + body);
  EXPECT_EQ(r.status, 413);
  ExpectErrorCode(r, "too_large");
  EXPECT_TRUE(r.HasHeader("Connection: close"));
  // Chunked bodies are counted too.
  std::string chunked = "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  r = Send(chunked);
  EXPECT_EQ(r.status, 413);
  ExpectErrorCode(r, "too_large");
  // Within the limit it works; an upload route has its own larger limit.
  r = Send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
  r = Send("POST /api/v1/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + std::string(3000, 'c'));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 3000u);
  // Bodies far larger than any read buffer arrive whole.
  r = Send("POST /api/v1/big-upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2500000\r\n\r\n" +
           std::string(2500000, 'd'));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "2500000");
  EXPECT_EQ(Send("POST /api/v1/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'c'))
                .status,
            413);
}

TEST_F(ServerTest, ExpectContinueIsAnswered) {
  std::string raw = Exchange(server_->port(),
                             "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                             "2\r\n\r\nok");
  EXPECT_EQ(raw.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("HTTP/1.1 200 OK"), std::string::npos);
}

TEST_F(ServerTest, MalformedRequestsAre400) {
  for (const char* raw : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
                          "POST /api/v1/echo HTTP/1.1\r\nContent-Length: zz\r\n\r\n"}) {
    Reply r = Send(raw);
    EXPECT_EQ(r.status, 400) << raw;
    ExpectErrorCode(r, "invalid_argument");
  }
  std::string huge = "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n";
  EXPECT_EQ(Send(huge).status, 431);
}

TEST_F(ServerTest, PathTraversalNeverEscapesWebRoot) {
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
                             "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                             "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "//secret.txt", "/./../secret.txt",
                             "/secret.txt%00.html", "/assets/../../secret.txt", "http://x/../secret.txt",
                             (base_ / "secret.txt").c_str(), "/..", "/%2e%2e"}) {
    std::string raw = Exchange(server_->port(), std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(raw.find("TOPSECRET"), std::string::npos) << target;
    EXPECT_EQ(raw.rfind("HTTP/1.1 ", 0), 0u) << target << ": " << raw;  // always answered
  }
}

TEST_F(ServerTest, StaticFilesAndSpaFallback) {
  Reply r = Get("/assets/app.123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_TRUE(r.HasHeader("Content-Type: text/javascript"));
  EXPECT_TRUE(r.HasHeader("Cache-Control: public, max-age=31536000, immutable"));
  r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>linli</title>");
  r = Get("/households/12?tab=residents");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>linli</title>");
  EXPECT_TRUE(r.HasHeader("Content-Type: text/html"));
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
  EXPECT_EQ(Get("/missing.png").status, 404);
  r = Get("/api/v1/unknown/thing");
  EXPECT_EQ(r.status, 404);
  ExpectErrorCode(r, "not_found");
  r = Send("HEAD /assets/app.123.js HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.HasHeader("Content-Length: 14"));
  EXPECT_EQ(r.body, "");
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerSurvives) {
  Reply r = Get("/api/v1/boom");
  EXPECT_EQ(r.status, 500);
  ExpectErrorCode(r, "internal");
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  std::string raw = Exchange(server_->port(),
                             "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /api/v1/items/7 HTTP/1.1\r\nHost: x\r\n\r\n"
                             "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                             "GET /api/v1/items/8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto a = raw.find(R"({"status":"ok"})");
  auto b = raw.find(R"({"id":7,)");
  auto c = raw.find("\r\n\r\nabc");
  auto d = raw.find(R"({"id":8,)");
  ASSERT_NE(a, std::string::npos) << raw;
  ASSERT_NE(b, std::string::npos) << raw;
  ASSERT_NE(c, std::string::npos) << raw;
  ASSERT_NE(d, std::string::npos) << raw;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
}

TEST_F(ServerTest, ErrorAfterAGoodRequestGetsItsOwnRequestId) {
  std::string raw = Exchange(server_->port(),
                             "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: first-one\r\n\r\n"
                             "BROKEN\r\n\r\n");
  auto second = raw.find("HTTP/1.1 400");
  ASSERT_NE(second, std::string::npos) << raw;
  EXPECT_EQ(raw.find("X-Request-Id: first-one", second), std::string::npos);
}

TEST_F(ServerTest, MetricsAndOpenApi) {
  Get("/healthz");
  Get("/api/v1/nope");
  Reply r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.HasHeader("Content-Type: text/plain; version=0.0.4"));
  EXPECT_NE(r.body.find("linli_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("linli_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("linli_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.001\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("process_resident_memory_bytes"), std::string::npos);
  r = Get("/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  auto doc = boost::json::parse(r.body);
  const auto& paths = doc.at("paths").as_object();
  for (const Route& route : router_->routes()) EXPECT_TRUE(paths.contains(route.pattern)) << route.pattern;
}

}  // namespace
}  // namespace linli::http

namespace linli::http {
namespace {

TEST(ServerTimeoutTest, SlowClientIsDisconnected) {
  Router router;
  AddBuiltinRoutes(router, "test");
  ServerOptions opts;
  opts.port = 0;
  opts.threads = 1;
  opts.read_timeout_seconds = 1;
  Server server(router, opts);
  ASSERT_TRUE(server.Start().ok());
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // never finished
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), static_cast<ssize_t>(partial.size()));
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  auto start = std::chrono::steady_clock::now();
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  EXPECT_LE(n, 0);  // closed without a response
  EXPECT_LT(waited, 4.0);
  server.Stop();
  server.Stop();  // idempotent
}

}  // namespace
}  // namespace linli::http
