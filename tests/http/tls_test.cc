// HTTPS: a real server with a self-signed certificate made at test time, spoken to by an Asio TLS
// client that verifies it; the TLS settings of the configuration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "app/config.h"
#include "core/metrics.h"
#include "http/builtin_routes.h"
#include "http/server.h"
#include "raw_client.h"
#include "tls_client.h"

namespace linli::http {
namespace {

namespace fs = std::filesystem;
using testing::TlsExchange;

constexpr const char* kGet = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("linli_tls_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "www");
    std::ofstream(dir_ / "www" / "index.html") << "<!doctype html><title>linli</title>";
    ASSERT_TRUE(testing::WriteSelfSigned(Path("cert.pem"), Path("key.pem")));
    ASSERT_TRUE(testing::WriteSelfSigned(Path("other-cert.pem"), Path("other-key.pem")));
    router_ = new Router();
    AddBuiltinRoutes(*router_, "test");
    router_->Add({.method = "POST",
                  .pattern = "/api/v1/echo",
                  .permission = "echo:write",
                  .max_body = 1 << 20,
                  .handler = [](Request& req) {
                    Response r;
                    r.content_type = "text/plain";
                    r.body = req.body;
                    return r;
                  }});
    ServerOptions opts;
    opts.port = 0;
    opts.web_root = (dir_ / "www").string();
    opts.read_timeout_seconds = 5;
    opts.tls_cert_file = Path("cert.pem");
    opts.tls_key_file = Path("key.pem");
    server_ = new Server(*router_, opts);
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete router_;
    fs::remove_all(dir_);
  }
  static std::string Path(const std::string& name) { return (dir_ / name).string(); }
  static Status StartWith(const std::string& cert, const std::string& key) {
    ServerOptions opts;
    opts.port = 0;
    opts.tls_cert_file = cert;
    opts.tls_key_file = key;
    Server s(*router_, opts);
    return s.Start();
  }
  static std::string Reason(const Status& s) {
    return s.ok() || s.error().details.empty() ? "" : s.error().details[0].reason;
  }

  static inline fs::path dir_;
  static inline Router* router_ = nullptr;
  static inline Server* server_ = nullptr;
};

TEST_F(TlsTest, HealthzOverHttpsWithHstsAndTheSecurityHeaders) {
  auto r = TlsExchange(server_->port(), Path("cert.pem"), kGet);
  ASSERT_TRUE(r.handshake_ok) << r.error;
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r.raw;
  EXPECT_EQ(testing::BodyOf(r.raw), R"({"status":"ok"})");
  for (const char* h :
       {"Strict-Transport-Security: max-age=31536000\r\n", "X-Content-Type-Options: nosniff\r\n",
        "Referrer-Policy: same-origin\r\n", "frame-ancestors 'none'"}) {
    EXPECT_NE(r.raw.find(h), std::string::npos) << h;
  }
  // Static files and errors too.
  auto page = TlsExchange(server_->port(), Path("cert.pem"),
                          "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_NE(page.raw.find("Strict-Transport-Security"), std::string::npos) << page.raw;
  auto missing = TlsExchange(server_->port(), Path("cert.pem"),
                             "GET /api/v1/nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(missing.raw.rfind("HTTP/1.1 404", 0), 0u) << missing.raw;
  EXPECT_NE(missing.raw.find("Strict-Transport-Security"), std::string::npos);
}

TEST_F(TlsTest, LargeBodiesBothWays) {
  std::string big(300 * 1024, 'x');
  for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  auto r = TlsExchange(server_->port(), Path("cert.pem"),
                       "POST /api/v1/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                           std::to_string(big.size()) + "\r\nConnection: close\r\n\r\n" + big);
  ASSERT_TRUE(r.handshake_ok) << r.error;
  EXPECT_EQ(r.raw.rfind("HTTP/1.1 200", 0), 0u) << r.raw.substr(0, 200);
  EXPECT_TRUE(testing::BodyOf(r.raw) == big) << testing::BodyOf(r.raw).size();
}

TEST_F(TlsTest, KeepAliveOverTls) {
  std::string two = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n" + std::string(kGet);
  auto r = TlsExchange(server_->port(), Path("cert.pem"), two);
  ASSERT_TRUE(r.handshake_ok) << r.error;
  EXPECT_EQ(r.error, "");
  std::size_t first = r.raw.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(r.raw.find("HTTP/1.1 200", first + 1), std::string::npos) << r.raw;
}

TEST_F(TlsTest, PlainHttpToTheTlsPortGetsNoHttpAnswer) {
  std::string raw = testing::Exchange(server_->port(), kGet, 5);
  EXPECT_EQ(raw.find("HTTP/1.1"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("status"), std::string::npos);
  // The server carries on.
  EXPECT_TRUE(TlsExchange(server_->port(), Path("cert.pem"), kGet).handshake_ok);
}

// Lines of the request counter with this status.
int CountStatus(const std::string& status) {
  std::string text = metrics::RenderPrometheus();
  int n = 0;
  for (std::size_t p = 0; (p = text.find("status=\"" + status + "\"", p)) != std::string::npos; ++p) ++n;
  return n;
}

TEST_F(TlsTest, AClientThatDropsTheConnectionIsNotAnsweredWith400) {
  int before = CountStatus("400");
  auto r = TlsExchange(server_->port(), Path("cert.pem"), "GET /healthz HTTP/1.1\r\nHost: loc", 0, true);
  ASSERT_TRUE(r.handshake_ok) << r.error;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(CountStatus("400"), before) << metrics::RenderPrometheus();
  EXPECT_TRUE(TlsExchange(server_->port(), Path("cert.pem"), kGet).handshake_ok);
}

TEST_F(TlsTest, OnlyTls12AndLater) {
  auto old = TlsExchange(server_->port(), Path("cert.pem"), kGet, TLS1_1_VERSION);
  EXPECT_FALSE(old.handshake_ok);
  EXPECT_EQ(old.raw, "");
  // Refused by the server (a protocol_version alert), not by the client's own settings.
  EXPECT_NE(old.error.find("protocol version"), std::string::npos) << old.error;
  auto v12 = TlsExchange(server_->port(), Path("cert.pem"), kGet, TLS1_2_VERSION);
  ASSERT_TRUE(v12.handshake_ok) << v12.error;
  EXPECT_EQ(v12.raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << v12.raw;
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheCertificateIsRefused) {
  auto r = TlsExchange(server_->port(), Path("other-cert.pem"), kGet);
  EXPECT_FALSE(r.handshake_ok);
}

TEST_F(TlsTest, UnusableFilesAreRefusedAtStartNamingTheField) {
  Status mismatch = StartWith(Path("cert.pem"), Path("other-key.pem"));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().field, "tls_key") << mismatch.error().message;
  EXPECT_EQ(Reason(mismatch), "tls_key_mismatch") << mismatch.error().message;
  EXPECT_EQ(mismatch.error().code, ErrorCode::kInvalidArgument);
  std::ofstream(dir_ / "garbage.pem") << "not a certificate\n";
  Status garbage_cert = StartWith(Path("garbage.pem"), Path("key.pem"));
  ASSERT_FALSE(garbage_cert.ok());
  EXPECT_EQ(garbage_cert.error().field, "tls_cert");
  EXPECT_EQ(Reason(garbage_cert), "tls_cert_invalid");
  Status garbage_key = StartWith(Path("cert.pem"), Path("garbage.pem"));
  ASSERT_FALSE(garbage_key.ok());
  EXPECT_EQ(garbage_key.error().field, "tls_key");
  Status missing = StartWith(Path("cert.pem"), Path("absent.pem"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "tls_key");
  Status half = StartWith(Path("cert.pem"), "");
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().field, "tls_key");
  EXPECT_EQ(Reason(half), "required");
}

app::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST_F(TlsTest, ConfigurationBothOrNeitherAndReadableFiles) {
  app::ConfigFlags flags;
  auto plain = app::LoadConfig(flags, Env({}));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->tls);
  // flags
  flags.tls_cert = Path("cert.pem");
  flags.tls_key = Path("key.pem");
  auto both = app::LoadConfig(flags, Env({}));
  ASSERT_TRUE(both.ok()) << both.error().message;
  EXPECT_TRUE(both->tls);
  EXPECT_EQ(both->tls_cert, Path("cert.pem"));
  EXPECT_EQ(app::ListenWarning(*both), "");
  // a missing key file: a config error naming the field
  flags.tls_key = Path("absent-key.pem");
  auto missing = app::LoadConfig(flags, Env({}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "tls_key");
  EXPECT_EQ(missing.error().details.at(0).reason, "unreadable");
  EXPECT_NE(missing.error().message.find("absent-key.pem"), std::string::npos) << missing.error().message;
  // one without the other
  flags.tls_key.reset();
  auto half = app::LoadConfig(flags, Env({}));
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().field, "tls_key");
  EXPECT_EQ(half.error().details.at(0).reason, "required");
  // environment, and the flag winning over it
  app::ConfigFlags none;
  auto env =
      app::LoadConfig(none, Env({{"LINLI_TLS_CERT", Path("cert.pem")}, {"LINLI_TLS_KEY", Path("key.pem")}}));
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_TRUE(env->tls);
  app::ConfigFlags key_flag;
  key_flag.tls_key = Path("other-key.pem");
  auto over = app::LoadConfig(
      key_flag, Env({{"LINLI_TLS_CERT", Path("cert.pem")}, {"LINLI_TLS_KEY", Path("key.pem")}}));
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(over->tls_key, Path("other-key.pem"));
  auto no_cert = app::LoadConfig(
      none, Env({{"LINLI_TLS_CERT", Path("absent.pem")}, {"LINLI_TLS_KEY", Path("key.pem")}}));
  ASSERT_FALSE(no_cert.ok());
  EXPECT_EQ(no_cert.error().field, "tls_cert");
  // the TOML keys
  std::ofstream(dir_ / "linli.toml") << "[server]\ntls_cert = \"" << Path("cert.pem") << "\"\ntls_key = \""
                                     << Path("key.pem") << "\"\n";
  app::ConfigFlags file;
  file.config_file = Path("linli.toml");
  auto toml = app::LoadConfig(file, Env({}));
  ASSERT_TRUE(toml.ok()) << toml.error().message;
  EXPECT_TRUE(toml->tls);
  EXPECT_EQ(toml->tls_key, Path("key.pem"));
}

}  // namespace
}  // namespace linli::http
