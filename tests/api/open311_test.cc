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

  // The demand behind a service_request_id, as the console sees it.
  json::object DemandOf(const std::string& number) {
    Reply r = Get("/api/v1/demands?q=" + number);
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = r.Json();
    if (!v.is_object() || v.at("items").as_array().size() != 1) {
      ADD_FAILURE() << number << ": " << r.body;
      return {};
    }
    return v.at("items").at(0).as_object();
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

// POST requests computes the deadlines exactly like the console intake: with the deadlines of
// PUT /demand-settings and the category tree of PUT /demand-categories.
TEST_F(Open311Test, PostUsesTheConfiguredDeadlinesLikeTheConsole) {
  auto hours = [](const json::object& d) {
    auto from = ParseIsoSeconds(std::string(d.at("created_at").as_string()));
    auto to = ParseIsoSeconds(std::string(d.at("due_at").as_string()));
    return from.ok() && to.ok() ? (*to - *from) / 3600 : -1;
  };
  auto console = [&](const std::string& code) {
    json::object body{{"channel", "phone"},          {"nature", "help"},        {"category_code", code},
                      {"urgency", "normal"},         {"description", "控制台登记"}, {"address_text", "水月院 2号楼 1单元 302"},
                      {"reporter_phone", "13812345678"}, {"community_id", seed_.community}};
    Reply r = Post("/api/v1/demands", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("demand").as_object();
  };
  auto open311 = [&](const std::string& code) {
    return DemandOf(Submit("service_code=" + code));  // the later service_code wins
  };
  EXPECT_EQ(hours(open311("environment.greening")), 168);  // the defaults: 7 days
  Reply put = SendAs(as_, "PUT", "/api/v1/demand-settings", R"({"deadlines":{"resolve_hours":48,"respond_hours":6}})");
  ASSERT_EQ(put.status, 200) << put.body;
  json::object o = open311("environment.greening");
  json::object c = console("environment.greening");
  EXPECT_EQ(hours(o), 48) << o;
  EXPECT_EQ(hours(c), 48);
  auto respond = [](const json::object& d) {
    auto from = ParseIsoSeconds(std::string(d.at("created_at").as_string()));
    auto to = ParseIsoSeconds(std::string(d.at("respond_due_at").as_string()));
    return from.ok() && to.ok() ? (*to - *from) / 3600 : -1;
  };
  EXPECT_EQ(respond(o), 6) << o;
  EXPECT_EQ(respond(c), 6);
  // The expected_datetime the client reads is that deadline.
  Reply got = Raw("GET", "/open311/v2/requests/" + std::string(o.at("number").as_string()) + ".json?api_key=" +
                             std::string(kKey));
  ASSERT_EQ(got.status, 200) << got.body;
  auto due = ParseIsoSeconds(std::string(o.at("due_at").as_string()));
  auto expected = ParseIsoSeconds(std::string(got.Json().at(0).at("expected_datetime").as_string()));
  ASSERT_TRUE(due.ok() && expected.ok());
  EXPECT_EQ(*due, *expected);
  // A category added by PUT /demand-categories is a service at once, with its own hours.
  json::array items = Get("/api/v1/demand-categories").Json().at("items").as_array();
  items.push_back(json::object{{"code", "environment.snow"}, {"parent_code", "environment"}, {"name_zh", "积雪清扫"},
                               {"name_en", "Snow"}, {"respond_hours", 2}, {"resolve_hours", 24}});
  Reply cats = SendAs(as_, "PUT", "/api/v1/demand-categories", json::serialize(json::object{{"items", items}}));
  ASSERT_EQ(cats.status, 200) << cats.body;
  json::object snow = open311("environment.snow");
  EXPECT_EQ(hours(snow), 24) << snow;
  EXPECT_EQ(respond(snow), 2) << snow;
  EXPECT_EQ(hours(console("environment.snow")), 24);
  // Urgency is not an Open311 field: 一般 (the caps of 紧急/特急 do not apply).
  EXPECT_EQ(snow.at("urgency"), "normal");
}

// address_string resolves through the console's per-community address index: both intakes give
// the same answer at the same moment (also while the index is a few seconds old), and an address
// that names no household keeps the text, flagged unresolved, in the token's community.
TEST_F(Open311Test, AddressStringResolvesLikeTheConsole) {
  auto console = [&](const std::string& address) {
    json::object body{{"channel", "phone"},      {"nature", "help"},         {"category_code", "environment.litter"},
                      {"urgency", "normal"},     {"description", "控制台登记"}, {"address_text", address},
                      {"reporter_phone", "13812345678"}, {"community_id", seed_.community}};
    Reply r = Post("/api/v1/demands", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().at("demand").as_object();
  };
  auto open311 = [&](const std::string& address) {
    return DemandOf(Submit("address_string=" + UrlEncode(address)));  // the later address_string wins
  };
  json::object o = open311("通州区四员厅社区 水月院2号楼1单元301");  // a prefix, no spaces
  EXPECT_EQ(o.at("household_id"), json::value(seed_.household301)) << o;
  EXPECT_TRUE(o.at("address_resolved").as_bool());
  EXPECT_EQ(o.at("address_text"), "通州区四员厅社区 水月院2号楼1单元301");  // the text as typed
  // Door 302 becomes 312 after the index was built: for the index's lifetime the old text still
  // names the household, in the console and in Open311 alike.
  Reply moved = Patch("/api/v1/households/" + std::to_string(seed_.household302), json::object{{"door", "312"}});
  ASSERT_LT(moved.status, 300) << moved.body;
  json::object c = console("水月院 2号楼 1单元 302");
  o = open311("水月院 2号楼 1单元 302");
  EXPECT_EQ(o.at("household_id"), c.at("household_id")) << o << c;
  EXPECT_EQ(o.at("household_id"), json::value(seed_.household302)) << o;  // the index answered, not the search
  // A household deleted since the build: the store refuses, the intake resolves again (nothing).
  std::int64_t h303 = Create("/api/v1/households", {{"unit_id", seed_.unit21}, {"door", "303"}, {"area_m2", 60}});
  EXPECT_EQ(open311("水月院 2号楼 1单元 303").at("household_id"), json::value(h303));
  Reply del = Delete("/api/v1/households/" + std::to_string(h303));
  ASSERT_LT(del.status, 300) << del.body;
  o = open311("水月院 2号楼 1单元 303");
  EXPECT_FALSE(o.at("address_resolved").as_bool()) << o;
  // Unresolved: the text kept, flagged, the token's community; not routed.
  o = open311("小区东门外的路灯下");
  EXPECT_FALSE(o.at("address_resolved").as_bool()) << o;
  EXPECT_TRUE(!o.contains("household_id") || o.at("household_id").is_null()) << o;
  EXPECT_EQ(o.at("address_text"), "小区东门外的路灯下");
  EXPECT_EQ(o.at("community_id"), json::value(seed_.community));
  EXPECT_EQ(o.at("status"), "received");
  c = console("小区东门外的路灯下");
  EXPECT_EQ(c.at("address_resolved"), o.at("address_resolved"));
  // The client reads the text back, without an address_id.
  Reply got = Raw("GET", "/open311/v2/requests/" + std::string(o.at("number").as_string()) + ".json?api_key=" +
                             std::string(kKey));
  EXPECT_EQ(got.Json().at(0).at("address"), "小区东门外的路灯下");
  EXPECT_TRUE(got.Json().at(0).at("address_id").is_null());
}

// A 咨询 answered on the spot (closed straight from received with the answer as the note): the
// answer is the demand's reply, and an Open311 client reads it as the closed request's notes.
TEST_F(Open311Test, AConsultClosedOnTheSpotKeepsItsAnswer) {
  json::object body{{"channel", "walk_in"},       {"nature", "consult"},     {"category_code", "heating.fee"},
                    {"urgency", "normal"},        {"description", "供暖费在哪里交？"}, {"address_text", "社区服务站"},
                    {"reporter_phone", "13812345678"}, {"community_id", seed_.community}};
  Reply made = Post("/api/v1/demands", body);
  ASSERT_EQ(made.status, 201) << made.body;
  std::int64_t id = made.Json().at("demand").at("id").as_int64();
  std::string number(made.Json().at("demand").at("number").as_string());
  Reply closed = Post("/api/v1/demands/" + std::to_string(id) + "/actions",
                      json::object{{"action", "close"}, {"note", "社区服务站一楼窗口，工作日九点到五点"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json().at("status"), "closed");
  EXPECT_EQ(closed.Json().at("reply"), "社区服务站一楼窗口，工作日九点到五点");
  EXPECT_FALSE(std::string(closed.Json().at("replied_at").as_string()).empty());
  EXPECT_EQ(DemandOf(number).at("reply"), "社区服务站一楼窗口，工作日九点到五点");
  Reply got = Raw("GET", "/open311/v2/requests/" + number + ".json?api_key=" + std::string(kKey));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at(0).at("status"), "closed");
  EXPECT_EQ(got.Json().at(0).at("status_notes"), "社区服务站一楼窗口，工作日九点到五点");
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
