// Test support for the API suite: a minimal HTTP/1.1 client over a raw loopback socket, and a
// fixture that runs the REAL server (port 0) over a fresh SQLite store with the API routes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/routes.h"
#include "http/router.h"
#include "http/server.h"
#include "store/store.h"

namespace linli::testing {

namespace json = boost::json;

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // The first header with this (lower-case) name, or "".
  std::string Header(std::string_view name) const;
  // The body parsed as JSON (null when it is not JSON).
  json::value Json() const;
  // error.field / error.code of an error body ("" when absent).
  std::string ErrorField() const;
  std::string ErrorCode() const;
  // True when error.details has an entry with this field and reason.
  bool HasDetail(std::string_view field, std::string_view reason) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// Sends one request (Connection: close) with the extra `headers` and reads the whole reply.
// status 0 = connection failed.
Reply Send(std::uint16_t port, std::string_view method, std::string_view target, std::string_view body = {},
           std::string_view content_type = "application/json", const Headers& headers = {});

// The password every test account gets (meets the policy).
inline constexpr std::string_view kTestPassword = "Test@2026pw";

// A logged-in caller: the session cookie ("linli_session=…") and its CSRF token.
struct Credentials {
  std::string cookie, csrf;
  std::string bearer;  // "Bearer …" for API tokens (then cookie/csrf are empty)
  Headers AsHeaders(bool with_csrf = true) const;
};

// Percent-encodes a query value (UTF-8 bytes).
std::string UrlEncode(std::string_view s);

// A valid 18-digit ID number for the birth date (YYYYMMDD) and a 3-digit sequence (odd = male).
std::string MakeIdNumber(std::string_view birth_yyyymmdd, std::string_view seq = "123");

class ApiTest : public ::testing::Test {
 public:
  // A small registry: community 四员厅社区 (110112004001) > 水月院 > 2号楼 > 1单元 > 301 with
  // 刘艳 (户主) and 王强 (配偶); 1单元 302 empty; 3号楼 > 1单元 > 101 with 张伟.
  struct Seed {
    std::int64_t community, compound, building2, unit21, household301, household302, liu_yan, wang_qiang;
    std::int64_t building3, unit31, household101, zhang_wei;
  };

 protected:
  void SetUp() override;
  void TearDown() override;

  // Requests as the fixture's logged-in user (`as_`).
  Reply Get(std::string_view target) { return Send(port_, "GET", target, {}, "application/json", as_.AsHeaders()); }
  Reply Delete(std::string_view target) {
    return Send(port_, "DELETE", target, {}, "application/json", as_.AsHeaders());
  }
  Reply Post(std::string_view target, const json::value& body) {
    return Send(port_, "POST", target, json::serialize(body), "application/json", as_.AsHeaders());
  }
  Reply Patch(std::string_view target, const json::value& body) {
    return Send(port_, "PATCH", target, json::serialize(body), "application/json", as_.AsHeaders());
  }
  // The same as `who`.
  Reply SendAs(const Credentials& who, std::string_view method, std::string_view target, std::string_view body = {}) {
    return Send(port_, method, target, body, "application/json", who.AsHeaders());
  }

  // Creates a user directly in the store (password kTestPassword); `scope` edits the record
  // (community_ids, grid_ids, ...). Returns its id.
  std::int64_t AddUser(const std::string& username, const std::string& role,
                       const std::function<void(User&)>& scope = {});
  // Logs in through the API (expects 200) and returns the cookie and CSRF token.
  Credentials Login(const std::string& username, std::string_view password = kTestPassword);
  // Adds a community to the fixture user's scope (the user created in SetUp).
  void GrantCommunity(std::int64_t community_id);
  // POST expecting 201; returns the new object's id (fails the test otherwise).
  std::int64_t Create(std::string_view target, const json::value& body);

  Seed MakeSeed(std::string_view community_code = "110112004001");

  const http::Router& router() const { return *router_; }

  std::uint16_t port_ = 0;
  // The fixture's own account: a community head ("tester") to whom every community created
  // through Create() is granted, so the registry tests run inside a real scope.
  std::int64_t user_id_ = 0;
  Credentials as_;
  api::ApiOptions options_;  // change in a derived fixture's SetUp before calling ApiTest::SetUp
  std::unique_ptr<Store> store_;

 private:
  std::filesystem::path dir_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace linli::testing
