// Open311 GeoReport v2 conformance, written from the spec (http://wiki.open311.org/GeoReport_v2):
// every method in XML and JSON, the error list shape (403 without api_key, 400 without
// service_code, 404 unknown request), W3C dates with an offset, the 90-day default window, and a
// POST -> GET round trip with curl (no linli code on the client side).
#include <pugixml.hpp>

#include <array>
#include <ctime>
#include <cstdio>
#include <memory>

#include "api/session.h"
#include "store/demands.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

constexpr std::string_view kKey = "open311-test-key-0123456789";

class Open311Test : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed_ = MakeSeed();
    ApiToken t;
    t.name = "12345平台";
    t.role = "community_staff";
    t.community_ids = {seed_.community};
    t.token_hash = api::SecretHash(kKey);
    ASSERT_TRUE(store_->CreateToken(t).ok());
    ApiToken reader = t;
    reader.name = "只读";
    reader.role = "street_admin";  // demand:read but not open311:submit
    reader.token_hash = api::SecretHash("reader-key-0123456789");
    ASSERT_TRUE(store_->CreateToken(reader).ok());
  }

  Reply Raw(std::string_view method, const std::string& target, const std::string& form = {}) {
    return Send(port_, method, target, form, "application/x-www-form-urlencoded");
  }
  std::string Form(std::string extra = {}) {
    std::string f = "api_key=" + std::string(kKey) + "&service_code=environment.litter&address_string=" +
                    UrlEncode("水月院 2号楼 1单元 301") + "&description=" + UrlEncode("楼道垃圾三天没清运") +
                    "&first_name=" + UrlEncode("艳") + "&last_name=" + UrlEncode("刘") + "&phone=13812345678";
    return extra.empty() ? f : f + "&" + extra;
  }
  static pugi::xml_document Xml(const Reply& r) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(r.body.c_str())) << r.body;
    return doc;
  }
  // POST requests.json -> the service_request_id.
  std::string Submit(const std::string& extra = {}) {
    Reply r = Raw("POST", "/open311/v2/requests.json", Form(extra));
    EXPECT_EQ(r.status, 201) << r.body;
    json::value v = r.Json();
    if (!v.is_array() || v.as_array().empty()) return "";
    return std::string(v.at(0).at("service_request_id").as_string());
  }

  Seed seed_{};
};

TEST_F(Open311Test, DiscoveryInBothFormats) {
  Reply x = Raw("GET", "/open311/v2/discovery.xml");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.Header("content-type").find("xml"), std::string::npos);
  auto doc = Xml(x);
  auto ep = doc.child("discovery").child("endpoints").child("endpoint");
  EXPECT_STREQ(ep.child_value("specification"), "http://wiki.open311.org/GeoReport_v2");
  EXPECT_FALSE(std::string(doc.child("discovery").child_value("changeset")).empty());
  int formats = 0;
  for (auto f : ep.child("formats").children("format")) formats += f.text().as_string()[0] ? 1 : 0;
  EXPECT_EQ(formats, 2);
  Reply j = Raw("GET", "/open311/v2/discovery.json");
  ASSERT_EQ(j.status, 200);
  EXPECT_EQ(j.Json().at("endpoints").at(0).at("specification"), "http://wiki.open311.org/GeoReport_v2");
}

TEST_F(Open311Test, ServiceListAndDefinition) {
  Reply j = Raw("GET", "/open311/v2/services.json");
  ASSERT_EQ(j.status, 200);
  json::value list_value = j.Json();
  const json::array& list = list_value.as_array();
  bool found = false;
  for (const auto& s : list) {
    for (const char* k : {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"})
      EXPECT_TRUE(s.as_object().contains(k)) << k;
    EXPECT_EQ(s.at("metadata"), false);
    EXPECT_EQ(s.at("type"), "realtime");
    if (s.at("service_code") == "environment.litter") {
      found = true;
      EXPECT_EQ(s.at("service_name"), "垃圾清运不及时");
      EXPECT_EQ(s.at("group"), "环境卫生");
    }
    EXPECT_NE(s.at("service_code"), "environment");  // services are the leaves
  }
  EXPECT_TRUE(found);
  Reply x = Raw("GET", "/open311/v2/services.xml");
  ASSERT_EQ(x.status, 200);
  auto doc = Xml(x);
  EXPECT_EQ(std::distance(doc.child("services").children("service").begin(),
                          doc.child("services").children("service").end()),
            static_cast<std::ptrdiff_t>(list.size()));
  EXPECT_STREQ(doc.child("services").child("service").child_value("metadata"), "false");
  // metadata=false everywhere: a definition does not exist.
  Reply def = Raw("GET", "/open311/v2/services/environment.litter.json");
  EXPECT_EQ(def.status, 404);
  EXPECT_EQ(def.Json().at(0).at("code"), 404);
  Reply defx = Raw("GET", "/open311/v2/services/environment.litter.xml");
  EXPECT_EQ(defx.status, 404);
  EXPECT_STREQ(Xml(defx).child("errors").child("error").child_value("code"), "404");
}

TEST_F(Open311Test, PostErrors) {
  // No api_key: 403 with the error list.
  Reply j = Raw("POST", "/open311/v2/requests.json", "service_code=environment.litter&address_string=x&phone=13812345678");
  EXPECT_EQ(j.status, 403);
  ASSERT_TRUE(j.Json().is_array()) << j.body;
  EXPECT_EQ(j.Json().at(0).at("code"), 403);
  EXPECT_TRUE(j.Json().at(0).at("description").is_string());
  Reply x = Raw("POST", "/open311/v2/requests.xml", "service_code=environment.litter");
  EXPECT_EQ(x.status, 403);
  EXPECT_STREQ(Xml(x).child("errors").child("error").child_value("code"), "403");
  // A wrong key, and a key whose role may not submit.
  EXPECT_EQ(Raw("POST", "/open311/v2/requests.json", "api_key=nope&service_code=environment.litter").status, 403);
  EXPECT_EQ(Raw("POST", "/open311/v2/requests.json",
                "api_key=reader-key-0123456789&service_code=environment.litter&address_string=x&phone=13812345678")
                .status,
            403);
  // No service_code: 400; unknown service_code: 400; no location: 400.
  Reply missing = Raw("POST", "/open311/v2/requests.json",
                      "api_key=" + std::string(kKey) + "&address_string=x&phone=13812345678");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json().at(0).at("code"), 400);
  Reply missing_x = Raw("POST", "/open311/v2/requests.xml",
                        "api_key=" + std::string(kKey) + "&address_string=x&phone=13812345678");
  EXPECT_EQ(missing_x.status, 400);
  EXPECT_STREQ(Xml(missing_x).child("errors").child("error").child_value("code"), "400");
  EXPECT_EQ(Raw("POST", "/open311/v2/requests.json",
                "api_key=" + std::string(kKey) + "&service_code=nope&address_string=x&phone=13812345678")
                .status,
            400);
  EXPECT_EQ(Raw("POST", "/open311/v2/requests.json",
                "api_key=" + std::string(kKey) + "&service_code=environment.litter&phone=13812345678")
                .status,
            400);
  EXPECT_EQ(Get("/api/v1/demands").Json().at("total"), 0);  // nothing written
}

TEST_F(Open311Test, PostThenGetInBothFormats) {
  // JSON
  Reply j = Raw("POST", "/open311/v2/requests.json",
                Form("jurisdiction_id=linli&media_url=" + UrlEncode("https://example.org/a.jpg") + "&email=a%40b.cn"));
  ASSERT_EQ(j.status, 201) << j.body;
  json::value created = j.Json();
  ASSERT_TRUE(created.is_array());
  std::string id(created.at(0).at("service_request_id").as_string());
  EXPECT_TRUE(id.starts_with("LL")) << id;
  EXPECT_TRUE(created.at(0).as_object().contains("service_notice"));
  EXPECT_TRUE(created.at(0).at("account_id").is_null());
  // XML
  Reply x = Raw("POST", "/open311/v2/requests.xml", Form());
  ASSERT_EQ(x.status, 201) << x.body;
  auto xdoc = Xml(x);
  std::string id2 = xdoc.child("service_requests").child("request").child_value("service_request_id");
  EXPECT_TRUE(id2.starts_with("LL"));
  EXPECT_TRUE(xdoc.child("service_requests").child("request").child("account_id"));

  // GET requests/{id} in both formats.
  Reply one = Raw("GET", "/open311/v2/requests/" + id + ".json?api_key=" + std::string(kKey));
  ASSERT_EQ(one.status, 200) << one.body;
  json::value one_value = one.Json();
  const json::object& r = one_value.at(0).as_object();
  for (const char* k : {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                        "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"})
    EXPECT_TRUE(r.contains(k)) << k;
  EXPECT_EQ(r.at("service_request_id"), json::value(id));
  EXPECT_EQ(r.at("status"), "open");
  EXPECT_EQ(r.at("service_code"), "environment.litter");
  EXPECT_EQ(r.at("address_id"), json::value(seed_.household301));  // the address resolved
  std::string requested(r.at("requested_datetime").as_string());
  EXPECT_TRUE(requested.ends_with("+08:00")) << requested;
  EXPECT_TRUE(std::string(r.at("expected_datetime").as_string()).ends_with("+08:00"));
  EXPECT_NE(std::string(r.at("description").as_string()).find("https://example.org/a.jpg"), std::string::npos);
  Reply onex = Raw("GET", "/open311/v2/requests/" + id2 + ".xml?api_key=" + std::string(kKey));
  ASSERT_EQ(onex.status, 200);
  EXPECT_STREQ(Xml(onex).child("service_requests").child("request").child_value("status"), "open");

  // The list: by ids (comma list), by service_code and status; closed finds nothing.
  Reply both = Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) + "&service_request_id=" + id + "," + id2);
  EXPECT_EQ(both.Json().as_array().size(), 2u) << both.body;
  Reply by_code = Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) + "&service_code=environment.litter&status=open");
  EXPECT_EQ(by_code.Json().as_array().size(), 2u) << by_code.body;
  Reply closed = Raw("GET", "/open311/v2/requests.xml?api_key=" + std::string(kKey) + "&status=closed");
  ASSERT_EQ(closed.status, 200);
  EXPECT_FALSE(Xml(closed).child("service_requests").child("request"));
  // tokens/{token}
  Reply token = Raw("GET", "/open311/v2/tokens/" + id + ".json?api_key=" + std::string(kKey));
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(token.Json().at(0).at("service_request_id"), json::value(id));
  EXPECT_EQ(token.Json().at(0).at("token"), json::value(id));
  // servicerequestupdates: the creation (and the routing, if any) of both.
  Reply updates = Raw("GET", "/open311/v2/servicerequestupdates.json?api_key=" + std::string(kKey));
  ASSERT_EQ(updates.status, 200) << updates.body;
  ASSERT_GE(updates.Json().as_array().size(), 2u);
  for (const char* k : {"update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"})
    EXPECT_TRUE(updates.Json().at(0).as_object().contains(k)) << k;
  Reply updx = Raw("GET", "/open311/v2/servicerequestupdates.xml?api_key=" + std::string(kKey));
  EXPECT_TRUE(Xml(updx).child("service_request_updates").child("request_update"));
}

TEST_F(Open311Test, ReadErrors) {
  // Reads need a key too (demands carry personal data): 403 in the error shape.
  Reply no_key = Raw("GET", "/open311/v2/requests.json");
  EXPECT_EQ(no_key.status, 403);
  EXPECT_EQ(no_key.Json().at(0).at("code"), 403);
  // Unknown request: 404 in both formats.
  Reply j = Raw("GET", "/open311/v2/requests/LL20990101000001.json?api_key=" + std::string(kKey));
  EXPECT_EQ(j.status, 404);
  EXPECT_EQ(j.Json().at(0).at("code"), 404);
  Reply x = Raw("GET", "/open311/v2/requests/LL20990101000001.xml?api_key=" + std::string(kKey));
  EXPECT_EQ(x.status, 404);
  EXPECT_STREQ(Xml(x).child("errors").child("error").child_value("code"), "404");
  // A bad date and a bad status: 400.
  EXPECT_EQ(Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) + "&start_date=yesterday").status, 400);
  EXPECT_EQ(Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) + "&status=pending").status, 400);
  // Another community's key sees nothing of this one.
  std::string id = Submit();
  ApiToken other;
  other.name = "别的社区";
  other.role = "community_staff";
  other.community_ids = {Create("/api/v1/communities", {{"code", "110112004002"}, {"name", "别的社区"}})};
  other.token_hash = api::SecretHash("other-key-0123456789");
  ASSERT_TRUE(store_->CreateToken(other).ok());
  EXPECT_EQ(Raw("GET", "/open311/v2/requests/" + id + ".json?api_key=other-key-0123456789").status, 404);
}

TEST_F(Open311Test, DefaultWindowIsNinetyDays) {
  // A demand received 100 days ago (straight into the store) and one now.
  CreateDemandRequest old;
  old.demand.channel = "open311";
  old.demand.nature = "help";
  old.demand.category_code = "environment.litter";
  old.demand.urgency = "normal";
  old.demand.description = "很久以前的诉求";
  old.demand.community_id = seed_.community;
  old.demand.reporter_phone = "13812345678";
  old.demand.created_by = "test";
  std::time_t now = std::time(nullptr);
  auto iso = [](std::time_t t) {
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return std::string(buf);
  };
  old.demand.created_at = iso(now - 100 * 86400);
  old.now = iso(now);
  auto made = store_->Demands().CreateDemand(old, DemandScope::All());
  ASSERT_TRUE(made.ok()) << made.error().message;
  std::string recent = Submit();
  Reply def = Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey));
  ASSERT_EQ(def.status, 200) << def.body;
  ASSERT_EQ(def.Json().as_array().size(), 1u) << def.body;
  EXPECT_EQ(def.Json().at(0).at("service_request_id"), json::value(recent));
  // An explicit window reaching back finds both.
  char start[40];
  std::time_t back = now - 120 * 86400;
  std::strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%S%%2B08:00", std::gmtime(&back));  // W3C with offset
  Reply wide = Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) + "&start_date=" + start);
  ASSERT_EQ(wide.status, 200) << wide.body;
  EXPECT_EQ(wide.Json().as_array().size(), 2u) << wide.body;
  // By id the window does not apply.
  Reply by_id = Raw("GET", "/open311/v2/requests.json?api_key=" + std::string(kKey) +
                               "&service_request_id=" + made->demand.number);
  EXPECT_EQ(by_id.Json().as_array().size(), 1u);
}

// A client with no linli code: curl posts the form and reads the request back.
TEST_F(Open311Test, RawHttpClientRoundTrip) {
  if (std::system("curl --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "curl is not installed";
  auto run = [](const std::string& cmd) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::array<char, 4096> buf{};
    while (pipe && fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
    return out;
  };
  std::string base = "http://127.0.0.1:" + std::to_string(port_) + "/open311/v2/";
  std::string posted = run("curl -s -X POST " + base + "requests.json --data-urlencode api_key=" + std::string(kKey) +
                           " --data-urlencode service_code=environment.litter --data-urlencode 'address_string=水月院 "
                           "2号楼 1单元 302' --data-urlencode 'description=302门口漏水' --data-urlencode phone=13900001111");
  boost::system::error_code ec;
  json::value v = json::parse(posted, ec);
  ASSERT_FALSE(ec) << posted;
  std::string id(v.at(0).at("service_request_id").as_string());
  std::string got = run("curl -s '" + base + "requests/" + id + ".xml?api_key=" + std::string(kKey) + "'");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(got.c_str())) << got;
  auto req = doc.child("service_requests").child("request");
  EXPECT_EQ(std::string(req.child_value("service_request_id")), id);
  EXPECT_STREQ(req.child_value("description"), "302门口漏水");
  EXPECT_STREQ(req.child_value("status"), "open");
}

}  // namespace
}  // namespace linli::testing
