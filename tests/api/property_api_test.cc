// Property management (物业管理) through the real server: staff set a contract with the 100/70/30
// subsidy, the shares per household (a resident sees only his line), the property company only
// its compounds, another community 404, a bad contract 400 naming the field, one rating per
// household and year (409), the low-rating warning and the audited .xlsx export.
#include <atomic>
#include <map>

#include "store/property.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

constexpr std::int64_t kNov29 = 1'795'917'600;  // 2026-11-29T02:00:00Z = 10:00 in Beijing

class PropertyApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    ApiTest::SetUp();
    a_ = MakeSeed("110112004001");
    b_ = Create("/api/v1/communities", {{"code", "110112005001"}, {"name", "北苑社区"}});
    b_compound_ = Create("/api/v1/compounds", {{"community_id", b_}, {"name", "北苑小区"}});
    a_other_ = Create("/api/v1/compounds", {{"community_id", a_.community}, {"name", "清风苑"}});
    AddUser("staff_a", "community_staff", [&](User& u) { u.community_ids = {a_.community}; });
    AddUser("staff_b", "community_staff", [&](User& u) { u.community_ids = {b_}; });
    AddUser("resident_a", "resident", [&](User& u) { u.household_id = a_.household301; });
    AddUser("resident_b", "resident", [&](User& u) { u.household_id = a_.household302; });
    AddUser("street", "street_admin", [&](User& u) { u.street_code = "110112004"; });
    AddUser("property", "property_company", [&](User& u) { u.compound_ids = {a_.compound}; });
    AddUser("property_other", "property_company", [&](User& u) { u.compound_ids = {a_other_}; });
    AddUser("worker", "grid_worker");
    for (const char* name :
         {"staff_a", "staff_b", "resident_a", "resident_b", "street", "property", "property_other", "worker"})
      who_[name] = Login(name);
  }

  Reply As(const std::string& who, std::string_view method, std::string_view target, const json::value& body = {}) {
    return SendAs(who_[who], method, target, body.is_null() ? std::string() : json::serialize(body));
  }

  static json::object Contract() {
    return {{"company_name", "北京和泰物业管理有限公司"},
            {"contact", "张经理 13800001234"},
            {"starts_on", "2025-08-01"},
            {"ends_on", "2028-07-31"},
            {"fee_fen_per_m2_month", 85},
            {"subsidy", json::array{json::object{{"year_index", 1}, {"government_percent", 100}},
                                    json::object{{"year_index", 2}, {"government_percent", 70}},
                                    json::object{{"year_index", 3}, {"government_percent", 30}}}}};
  }
  std::string CompoundPath(std::int64_t compound) { return "/api/v1/property/compounds/" + S(compound); }

  std::atomic<std::int64_t> now_{kNov29};
  Seed a_{};
  std::int64_t b_ = 0, b_compound_ = 0, a_other_ = 0;
  std::map<std::string, Credentials> who_;
};

TEST_F(PropertyApiTest, StaffSetContractAndTheSharesFollowTheSubsidyYears) {
  Reply put = As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", Contract());
  ASSERT_EQ(put.status, 200) << put.body;
  json::value c = put.Json();
  EXPECT_EQ(c.at("company_name").as_string(), "北京和泰物业管理有限公司");
  EXPECT_EQ(c.at("period_text").as_string(), "2025年8月1日至2028年7月31日");
  EXPECT_EQ(c.at("current_year_index").as_int64(), 2);  // 2026-08-01 .. 2027-07-31
  EXPECT_EQ(c.at("status").as_string(), "active");
  EXPECT_EQ(c.at("years").as_array().size(), 3u);

  // 86.5 m², 72 m², 90 m² at 0.85 元: 882.30, 734.40, 918.00 元 a year; year 2 at 70 %
  Reply got = As("staff_a", "GET", CompoundPath(a_.compound));
  ASSERT_EQ(got.status, 200) << got.body;
  json::value v = got.Json();
  EXPECT_TRUE(v.at("full").as_bool());
  const json::value& shares = v.at("shares");
  EXPECT_EQ(shares.at("year_index").as_int64(), 2);
  EXPECT_EQ(shares.at("government_percent").as_int64(), 70);
  EXPECT_EQ(shares.at("year_starts_on").as_string(), "2026-08-01");
  const json::array& lines = shares.at("per_household").as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("household_id").as_int64(), a_.household301);
  EXPECT_EQ(lines[0].at("yearly_fee_fen").as_int64(), 88230);
  EXPECT_EQ(lines[0].at("subsidy_fen").as_int64(), 61761);
  EXPECT_EQ(lines[0].at("owner_pays_fen").as_int64(), 26469);
  EXPECT_EQ(lines[2].at("address").as_string(), "水月院 3号楼 1单元 101");
  const json::value& totals = shares.at("totals");
  EXPECT_EQ(totals.at("households").as_int64(), 3);
  EXPECT_EQ(totals.at("yearly_fee_fen").as_int64(), 88230 + 73440 + 91800);
  EXPECT_EQ(totals.at("subsidy_fen").as_int64(), 61761 + 51408 + 64260);
  EXPECT_EQ(totals.at("owner_pays_fen").as_int64(), 253470 - 177429);
  const json::array& years = shares.at("years").as_array();
  ASSERT_EQ(years.size(), 3u);
  EXPECT_EQ(years[0].at("subsidy_fen").as_int64(), 253470);  // year 1: the government pays all
  EXPECT_EQ(years[0].at("owner_pays_fen").as_int64(), 0);
  EXPECT_EQ(years[2].at("government_percent").as_int64(), 30);

  // another year on request; a year the contract does not have: 400
  Reply y1 = As("staff_a", "GET", CompoundPath(a_.compound) + "?year_index=1");
  ASSERT_EQ(y1.status, 200);
  EXPECT_EQ(y1.Json().at("shares").at("totals").at("owner_pays_fen").as_int64(), 0);
  EXPECT_TRUE(As("staff_a", "GET", CompoundPath(a_.compound) + "?year_index=4").HasDetail("year_index", "range"));

  // the list: households, area, contract, no rating yet; the registry's compound names the company
  Reply list = As("staff_a", "GET", "/api/v1/property?community_id=" + S(a_.community));
  ASSERT_EQ(list.status, 200) << list.body;
  json::value listed = list.Json();
  const json::array& items = listed.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("compound_name").as_string(), "水月院");
  EXPECT_EQ(items[0].at("households").as_int64(), 3);
  EXPECT_DOUBLE_EQ(items[0].at("area_m2").as_double(), 248.5);
  EXPECT_EQ(items[0].at("contract").at("fee_fen_per_m2_month").as_int64(), 85);
  EXPECT_TRUE(items[1].at("contract").is_null());
  EXPECT_FALSE(items[0].at("low_rating").as_bool());
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/compounds/" + S(a_.compound)).Json().at("property_company").as_string(),
            "北京和泰物业管理有限公司");
  // the street reads too
  EXPECT_EQ(As("street", "GET", CompoundPath(a_.compound)).status, 200);
}

TEST_F(PropertyApiTest, ResidentSeesOnlyHisLineAndCompaniesOnlyTheirCompounds) {
  ASSERT_EQ(As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", Contract()).status, 200);
  Reply mine = As("resident_a", "GET", CompoundPath(a_.compound));
  ASSERT_EQ(mine.status, 200) << mine.body;
  json::value v = mine.Json();
  EXPECT_FALSE(v.at("full").as_bool());
  const json::array& lines = v.at("shares").at("per_household").as_array();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("household_id").as_int64(), a_.household301);
  EXPECT_EQ(v.at("shares").at("totals").at("households").as_int64(), 1);
  EXPECT_TRUE(v.at("my_ratings").as_array().empty());
  EXPECT_EQ(mine.body.find("水月院 2号楼 1单元 302"), std::string::npos);
  // his list shows only his compound (with or without the community)
  Reply list = As("resident_a", "GET", "/api/v1/property?community_id=" + S(a_.community));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  Reply any = As("resident_a", "GET", "/api/v1/property");
  ASSERT_EQ(any.status, 200);
  ASSERT_EQ(any.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(any.Json().at("items").at(0).at("compound_id").as_int64(), a_.compound);
  // another compound of his community is not his
  EXPECT_EQ(As("resident_a", "GET", CompoundPath(a_other_)).status, 404);

  // the property company: its compound with every line; not the other compound; not the export
  Reply company = As("property", "GET", CompoundPath(a_.compound));
  ASSERT_EQ(company.status, 200) << company.body;
  EXPECT_EQ(company.Json().at("shares").at("per_household").as_array().size(), 3u);
  EXPECT_EQ(As("property", "GET", CompoundPath(a_other_)).status, 404);
  EXPECT_EQ(As("property_other", "GET", CompoundPath(a_.compound)).status, 404);
  Reply company_list = As("property", "GET", "/api/v1/property");
  ASSERT_EQ(company_list.status, 200);
  ASSERT_EQ(company_list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(company_list.Json().at("items").at(0).at("compound_id").as_int64(), a_.compound);
  EXPECT_EQ(As("property", "GET", "/api/v1/property?community_id=" + S(b_)).status, 404);
  EXPECT_EQ(As("property", "PUT", CompoundPath(a_.compound) + "/contract", Contract()).status, 403);
  EXPECT_EQ(As("property", "GET", CompoundPath(a_.compound) + "/shares.xlsx").status, 403);
  // a grid worker has no property:read
  EXPECT_EQ(As("worker", "GET", CompoundPath(a_.compound)).status, 403);
}

TEST_F(PropertyApiTest, WrongCommunityIs404) {
  EXPECT_EQ(As("staff_b", "GET", CompoundPath(a_.compound)).status, 404);
  EXPECT_EQ(As("staff_b", "GET", "/api/v1/property?community_id=" + S(a_.community)).status, 404);
  EXPECT_EQ(As("staff_b", "PUT", CompoundPath(a_.compound) + "/contract", Contract()).status, 404);
  EXPECT_EQ(As("staff_b", "GET", CompoundPath(a_.compound) + "/shares.xlsx").status, 404);
  EXPECT_EQ(As("staff_a", "GET", CompoundPath(b_compound_)).status, 404);
  EXPECT_EQ(As("staff_a", "GET", CompoundPath(999999)).status, 404);
  EXPECT_EQ(As("resident_a", "POST", CompoundPath(b_compound_) + "/ratings", json::object{{"score", 3}}).status, 404);
}

TEST_F(PropertyApiTest, BadContractIs400NamingTheFieldAndWritesNothing) {
  json::object bad = Contract();
  bad["ends_on"] = "2025-07-31";
  Reply r = As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", bad);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.ErrorField(), "ends_on");
  EXPECT_TRUE(r.HasDetail("ends_on", "before_start"));

  json::object several = Contract();
  several["fee_fen_per_m2_month"] = 0;
  several["company_name"] = "";
  several["subsidy"] = json::array{json::object{{"year_index", 1}, {"government_percent", 120}},
                                   json::object{{"year_index", 4}, {"government_percent", 10}}};
  Reply s = As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", several);
  EXPECT_EQ(s.status, 400);
  EXPECT_TRUE(s.HasDetail("fee_fen_per_m2_month", "range")) << s.body;
  EXPECT_TRUE(s.HasDetail("company_name", "required"));
  EXPECT_TRUE(s.HasDetail("subsidy[0].government_percent", "range"));
  EXPECT_TRUE(s.HasDetail("subsidy[1].year_index", "beyond_contract"));

  json::object typed = Contract();
  typed["starts_on"] = "2025/08/01";
  typed["subsidy"] = json::array{json::object{{"year_index", 1}}};
  Reply t = As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", typed);
  EXPECT_EQ(t.status, 400);
  EXPECT_TRUE(t.HasDetail("subsidy[0].government_percent", "required")) << t.body;
  json::object unknown = Contract();
  unknown["fee_yuan"] = 1;
  EXPECT_EQ(As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", unknown).ErrorField(), "fee_yuan");
  json::object slashes = Contract();
  slashes["starts_on"] = "2025/08/01";
  Reply none = As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", slashes);
  EXPECT_TRUE(none.HasDetail("starts_on", "date_format"));

  // nothing was written
  Reply got = As("staff_a", "GET", CompoundPath(a_.compound));
  EXPECT_TRUE(got.Json().at("contract").is_null()) << got.body;
  EXPECT_TRUE(got.Json().at("contracts").as_array().empty());
  EXPECT_TRUE(got.Json().at("shares").is_null());
}

TEST_F(PropertyApiTest, OneRatingPerHouseholdAndYearThenTheLowRatingWarning) {
  // no contract yet: nothing to rate
  Reply early = As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"score", 4}});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_TRUE(early.HasDetail("contract", "none"));
  ASSERT_EQ(As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", Contract()).status, 200);

  Reply first = As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings",
                   json::object{{"score", 2}, {"comment", "垃圾清运不及时"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("year").as_int64(), 2026);
  EXPECT_EQ(first.Json().at("company_name").as_string(), "北京和泰物业管理有限公司");
  Reply second = As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"score", 5}});
  EXPECT_EQ(second.status, 409);
  EXPECT_TRUE(second.HasDetail("year", "already_rated")) << second.body;
  // bad input: 400 naming the field, before anything else
  EXPECT_TRUE(As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"score", 6}})
                  .HasDetail("score", "range"));
  EXPECT_TRUE(As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"comment", "好"}})
                  .HasDetail("score", "required"));
  EXPECT_TRUE(As("resident_a", "POST", CompoundPath(a_.compound) + "/ratings",
                 json::object{{"score", 3}, {"year", 2020}})
                  .HasDetail("year", "range"));
  // staff do not rate; a resident rates only his own compound
  EXPECT_EQ(As("staff_a", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"score", 3}}).status, 403);
  EXPECT_EQ(As("resident_a", "POST", CompoundPath(a_other_) + "/ratings", json::object{{"score", 3}}).status, 404);
  // the neighbour rates his own household's year
  EXPECT_EQ(As("resident_b", "POST", CompoundPath(a_.compound) + "/ratings", json::object{{"score", 1}}).status, 201);

  Reply mine = As("resident_a", "GET", CompoundPath(a_.compound));
  ASSERT_EQ(mine.Json().at("my_ratings").as_array().size(), 1u);
  EXPECT_EQ(mine.Json().at("my_ratings").at(0).at("score").as_int64(), 2);
  // two ratings: below the minimum of five, no warning yet
  Reply list = As("staff_a", "GET", "/api/v1/property?community_id=" + S(a_.community));
  EXPECT_EQ(list.Json().at("items").at(0).at("rating").at("count").as_int64(), 2);
  EXPECT_FALSE(list.Json().at("items").at(0).at("low_rating").as_bool());

  // three more households rate 1, 2 and 4: average 2.0, 20 % satisfied -> low
  auto contract = store_->Property().GetPropertyCompound(a_.compound, PropertyScope::All());
  ASSERT_TRUE(contract.ok());
  int score[] = {1, 2, 4};
  for (int i = 0; i < 3; ++i) {
    std::int64_t h = Create("/api/v1/households", {{"unit_id", a_.unit21}, {"door", S(401 + i)}, {"area_m2", 60}});
    PropertyRating r;
    r.compound_id = a_.compound, r.contract_id = contract->contracts[0].id, r.household_id = h;
    r.year = 2026, r.score = score[i], r.at = "2026-11-29T02:00:00Z";
    ASSERT_TRUE(store_->Property().AddRating(r, PropertyScope::All()).ok());
  }
  Reply low = As("staff_a", "GET", "/api/v1/property?community_id=" + S(a_.community));
  json::value lowed = low.Json();
  const json::value& item = lowed.at("items").at(0);
  EXPECT_TRUE(item.at("low_rating").as_bool()) << low.body;
  EXPECT_EQ(item.at("rating").at("count").as_int64(), 5);
  EXPECT_DOUBLE_EQ(item.at("rating").at("average").as_double(), 2.0);
  EXPECT_DOUBLE_EQ(item.at("rating").at("satisfied_share").as_double(), 0.2);
  Reply detail = As("staff_a", "GET", CompoundPath(a_.compound));
  EXPECT_TRUE(detail.Json().at("low_rating").as_bool());
  json::value detailed = detail.Json();
  const json::array& ratings = detailed.at("ratings").as_array();
  ASSERT_EQ(ratings.size(), 1u);
  EXPECT_EQ(ratings[0].at("by_score").at(0).as_int64(), 2);
  EXPECT_EQ(ratings[0].at("company_name").as_string(), "北京和泰物业管理有限公司");
}

TEST_F(PropertyApiTest, TheSharesSheetIsAudited) {
  EXPECT_EQ(As("staff_a", "GET", CompoundPath(a_.compound) + "/shares.xlsx").status, 409);  // no contract
  ASSERT_EQ(As("staff_a", "PUT", CompoundPath(a_.compound) + "/contract", Contract()).status, 200);
  Reply x = As("staff_a", "GET", CompoundPath(a_.compound) + "/shares.xlsx?year_index=3");
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 200);
  EXPECT_NE(x.Header("content-type").find("spreadsheetml"), std::string::npos);
  EXPECT_EQ(x.body.substr(0, 2), "PK");
  EXPECT_EQ(As("resident_a", "GET", CompoundPath(a_.compound) + "/shares.xlsx").status, 403);
  auto audit = store_->ListAudit(AuditFilter{.action = "export"}, PageRequest{0, 50});
  ASSERT_TRUE(audit.ok());
  bool found = false;
  for (const auto& e : audit->items) found = found || e.object_type == "property_shares";
  EXPECT_TRUE(found);
  auto contract_audit = store_->ListAudit(AuditFilter{.action = "property_contract"}, PageRequest{0, 50});
  ASSERT_TRUE(contract_audit.ok());
  EXPECT_EQ(contract_audit->total, 1);
}

}  // namespace
}  // namespace linli::testing
