// The assembled application over HTTPS: configured with --tls-cert/--tls-key, a login's session
// cookie carries Secure and the session works over TLS.
#include <gtest/gtest.h>
#include <strings.h>
#include <unistd.h>

#include <filesystem>

#include "access/password.h"
#include "app/wiring.h"
#include "http/server.h"
#include "tls_client.h"

namespace linli {
namespace {

namespace fs = std::filesystem;

// The value of the first `name:` header in a raw response, or "".
std::string HeaderOf(const std::string& raw, const std::string& name) {
  std::size_t end = raw.find("\r\n\r\n");
  std::size_t pos = 0;
  while (pos < end) {
    std::size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 &&
        line[name.size()] == ':')
      return line.substr(name.size() + 2);
    pos = eol + 2;
  }
  return "";
}

TEST(TlsAppTest, LoginOverHttpsSetsASecureCookie) {
  fs::path dir = fs::temp_directory_path() / ("linli_tls_app_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  ASSERT_TRUE(http::testing::WriteSelfSigned(cert, key));
  app::ConfigFlags flags;
  flags.tls_cert = cert;
  flags.tls_key = key;
  auto config = app::LoadConfig(flags, [](const char*) { return std::optional<std::string>(); });
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_TRUE(config->tls);

  ASSERT_TRUE(InitCrypto().ok());
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok()) << store.error().message;
  User u;
  u.username = "head";
  u.display_name = "社区书记";
  u.role = "community_head";
  u.password_hash = HashPassword("Tls@2026x").value();
  ASSERT_TRUE((*store)->CreateUser(u).ok());
  http::Router router;
  app::BuildRouter(router, **store, *config);
  http::Server server(
      router,
      http::ServerOptions{
          .port = 0, .threads = 2, .tls_cert_file = config->tls_cert, .tls_key_file = config->tls_key});
  Status started = server.Start();
  ASSERT_TRUE(started.ok()) << started.error().message;

  std::string body = R"({"username":"head","password":"Tls@2026x"})";
  auto login =
      http::testing::TlsExchange(server.port(), cert,
                                 "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                                 "application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  ASSERT_TRUE(login.handshake_ok) << login.error;
  ASSERT_EQ(login.raw.rfind("HTTP/1.1 200", 0), 0u) << login.raw;
  std::string cookie = HeaderOf(login.raw, "Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(HeaderOf(login.raw, "Strict-Transport-Security"), "");
  auto me = http::testing::TlsExchange(
      server.port(), cert,
      "GET /api/v1/auth/me HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookie.substr(0, cookie.find(';')) +
          "\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(me.raw.rfind("HTTP/1.1 200", 0), 0u) << me.raw;
  server.Stop();
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace linli
