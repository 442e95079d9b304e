#include "tests/api/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>

#include "access/password.h"
#include "domain/validation.h"

namespace linli::testing {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string DecodeChunked(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) break;
    std::size_t n = std::stoul(std::string(body.substr(pos, eol - pos)), nullptr, 16);
    if (n == 0) break;
    out.append(body.substr(eol + 2, n));
    pos = eol + 2 + n + 2;
  }
  return out;
}

}  // namespace

std::string Reply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return "";
}

json::value Reply::Json() const {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  return ec ? json::value(nullptr) : v;
}

namespace {
std::string ErrorString(const Reply& r, std::string_view key) {
  json::value v = r.Json();
  if (!v.is_object()) return "";
  const json::value* e = v.as_object().if_contains("error");
  if (e == nullptr || !e->is_object()) return "";
  const json::value* f = e->as_object().if_contains(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : "";
}
}  // namespace

std::string Reply::ErrorField() const { return ErrorString(*this, "field"); }
std::string Reply::ErrorCode() const { return ErrorString(*this, "code"); }

bool Reply::HasDetail(std::string_view field, std::string_view reason) const {
  json::value v = Json();
  if (!v.is_object() || !v.as_object().contains("error")) return false;
  const json::value* details = v.at("error").as_object().if_contains("details");
  if (details == nullptr || !details->is_array()) return false;
  for (const auto& d : details->as_array()) {
    if (d.at("field").as_string() == field && d.at("reason").as_string() == reason) return true;
  }
  return false;
}

Headers Credentials::AsHeaders(bool with_csrf) const {
  Headers h;
  if (!bearer.empty()) h.emplace_back("Authorization", bearer);
  if (!cookie.empty()) h.emplace_back("Cookie", cookie);
  if (with_csrf && !csrf.empty()) h.emplace_back("X-CSRF-Token", csrf);
  return h;
}

Reply Send(std::uint16_t port, std::string_view method, std::string_view target, std::string_view body,
           std::string_view content_type, const Headers& headers) {
  Reply reply;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return reply;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return reply;
  }
  std::string req = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                    "Connection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    req += "Content-Type: " + std::string(content_type) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req.append(body);
  std::size_t sent = 0;
  while (sent < req.size()) {
    ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[65536];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);

  std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.size() < 12) return reply;
  reply.status = std::atoi(raw.substr(9, 3).c_str());
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    std::size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers.emplace_back(Lower(line.substr(0, colon)), value);
    }
    pos = eol + 2;
  }
  reply.body = raw.substr(head_end + 4);
  if (Lower(reply.Header("transfer-encoding")) == "chunked") reply.body = DecodeChunked(reply.body);
  return reply;
}

std::string UrlEncode(std::string_view s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string MakeIdNumber(std::string_view birth, std::string_view seq) {
  std::string first17 = "110112" + std::string(birth) + std::string(seq);
  return first17 + IdNumberCheckChar(first17);
}

void ApiTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("linli_api_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir_);
  auto store = OpenStore("sqlite:" + (dir_ / "linli.db").string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  store_ = std::move(store).value();
  router_ = std::make_unique<http::Router>();
  api::RegisterApiRoutes(*router_, *store_, options_);
  http::ServerOptions server_options;
  server_options.host = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = 2;
  server_options.max_upload_body = options_.max_upload_body;
  server_ = std::make_unique<http::Server>(*router_, server_options);
  Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started.error().message;
  port_ = server_->port();
  user_id_ = AddUser("tester", "community_head");
  as_ = Login("tester");
}

std::int64_t ApiTest::AddUser(const std::string& username, const std::string& role,
                              const std::function<void(User&)>& scope) {
  static const std::string hash = [] {
    (void)InitCrypto();
    return HashPassword(kTestPassword).value();
  }();
  User u;
  u.username = username;
  u.display_name = username;
  u.role = role;
  u.password_hash = hash;
  if (scope) scope(u);
  auto created = store_->CreateUser(u);
  EXPECT_TRUE(created.ok()) << username << ": " << (created.ok() ? "" : created.error().message);
  return created.ok() ? created->id : 0;
}

Credentials ApiTest::Login(const std::string& username, std::string_view password) {
  json::object body{{"username", username}, {"password", password}};
  Reply r = Send(port_, "POST", "/api/v1/auth/login", json::serialize(body));
  EXPECT_EQ(r.status, 200) << username << " -> " << r.body;
  Credentials c;
  std::string set_cookie = r.Header("set-cookie");
  c.cookie = set_cookie.substr(0, set_cookie.find(';'));
  json::value v = r.Json();
  if (v.is_object() && v.as_object().contains("csrf_token")) c.csrf = std::string(v.at("csrf_token").as_string());
  return c;
}

void ApiTest::GrantCommunity(std::int64_t community_id) {
  auto u = store_->GetUser(user_id_);
  ASSERT_TRUE(u.ok());
  u->community_ids.push_back(community_id);
  ASSERT_TRUE(store_->UpdateUser(*u).ok());
}

void ApiTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  router_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::int64_t ApiTest::Create(std::string_view target, const json::value& body) {
  Reply r = Post(target, body);
  EXPECT_EQ(r.status, 201) << target << " " << json::serialize(body) << " -> " << r.body;
  json::value v = r.Json();
  if (!v.is_object() || !v.as_object().contains("id") || !v.at("id").is_int64()) return 0;
  if (target == "/api/v1/communities") GrantCommunity(v.at("id").as_int64());
  return v.at("id").as_int64();
}

ApiTest::Seed ApiTest::MakeSeed(std::string_view code) {
  Seed s{};
  s.community = Create("/api/v1/communities",
                       {{"code", code}, {"name", "四员厅社区"}, {"street_name", "中仓街道"}, {"district", "通州区"}});
  s.compound = Create("/api/v1/compounds", {{"community_id", s.community}, {"name", "水月院"}});
  s.building2 = Create("/api/v1/buildings", {{"compound_id", s.compound}, {"name", "2号楼"}, {"floors", 6}});
  s.unit21 = Create("/api/v1/units", {{"building_id", s.building2}, {"name", "1单元"}});
  s.household301 = Create("/api/v1/households", {{"unit_id", s.unit21}, {"door", "301"}, {"area_m2", 86.5}});
  s.household302 = Create("/api/v1/households", {{"unit_id", s.unit21}, {"door", "302"}, {"area_m2", 72.0}});
  s.liu_yan = Create("/api/v1/residents", {{"household_id", s.household301},
                                           {"name", "刘艳"},
                                           {"id_number", MakeIdNumber("19650312", "124")},
                                           {"relation", "户主"},
                                           {"phone", "13812345678"},
                                           {"is_owner", true},
                                           {"tags", json::array{json::object{{"code", "low_income"}}}}});
  s.wang_qiang = Create("/api/v1/residents",
                        {{"household_id", s.household301}, {"name", "王强"}, {"relation", "配偶"}, {"sex", "male"}});
  s.building3 = Create("/api/v1/buildings", {{"compound_id", s.compound}, {"name", "3号楼"}});
  s.unit31 = Create("/api/v1/units", {{"building_id", s.building3}, {"name", "1单元"}});
  s.household101 = Create("/api/v1/households", {{"unit_id", s.unit31}, {"door", "101"}, {"area_m2", 90}});
  s.zhang_wei = Create("/api/v1/residents", {{"household_id", s.household101}, {"name", "张伟"}, {"relation", "户主"}});
  return s;
}

}  // namespace linli::testing
