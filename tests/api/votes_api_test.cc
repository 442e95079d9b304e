// Owner votes (业主表决) through the real server: drafts and opening, online ballots by owners and
// paper ballots by staff, every refusal (outside the period, outside the electorate, a second
// ballot, a dwelling the resident does not own, another community), changes when allowed, the
// tally's thresholds exactly as the domain computes them, closing, publishing and the official
// result round trip.
#include <atomic>
#include <map>

#include "domain/vote.h"
#include "io/table.h"
#include "store/votes.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string S(std::int64_t v) { return std::to_string(v); }

// Total of a list reply, or -1.
std::int64_t Total(const Reply& r) {
  json::value v = r.Json();
  if (!v.is_object() || !v.as_object().contains("total")) return -1;
  return v.at("total").as_int64();
}

constexpr std::int64_t kNov29 = 1'795'910'400;  // 2026-11-29T00:00:00Z
constexpr std::int64_t kDay = 86400;

class VotesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.auth.clock = [this] { return now_.load(); };
    ApiTest::SetUp();
    a_ = MakeSeed("110112004001");
    // 2号楼 1单元: 301 (刘艳, owner), 302 (nobody registered), 303 (李明), 304 (赵丽).
    h303_ = Create("/api/v1/households", {{"unit_id", a_.unit21}, {"door", "303"}, {"area_m2", 80}});
    h304_ = Create("/api/v1/households", {{"unit_id", a_.unit21}, {"door", "304"}, {"area_m2", 90}});
    li_ = Create("/api/v1/residents",
                 {{"household_id", h303_}, {"name", "李明"}, {"relation", "户主"}, {"is_owner", true}});
    zhao_ = Create("/api/v1/residents",
                   {{"household_id", h304_}, {"name", "赵丽"}, {"relation", "户主"}, {"is_owner", true}});
    b_.community = Create("/api/v1/communities", {{"code", "110112005001"}, {"name", "北苑社区"}});
    b_.compound = Create("/api/v1/compounds", {{"community_id", b_.community}, {"name", "北苑小区"}});
    b_.building2 = Create("/api/v1/buildings", {{"compound_id", b_.compound}, {"name", "1号楼"}});
    b_.unit21 = Create("/api/v1/units", {{"building_id", b_.building2}, {"name", "1单元"}});
    AddUser("staff_a", "community_staff", [&](User& u) { u.community_ids = {a_.community}; });
    AddUser("staff_b", "community_staff", [&](User& u) { u.community_ids = {b_.community}; });
    AddUser("owner_liu", "resident", [&](User& u) {
      u.household_id = a_.household301;
      u.display_name = "刘艳";
    });
    AddUser("spouse_wang", "resident", [&](User& u) {  // lives in 301 but is not an owner
      u.household_id = a_.household301;
      u.display_name = "王强";
    });
    AddUser("owner_li", "resident", [&](User& u) {
      u.household_id = h303_;
      u.display_name = "李明";
    });
    AddUser("outsider", "resident", [&](User& u) {  // 3号楼: outside a 2号楼 1单元 vote
      u.household_id = a_.household101;
      u.display_name = "张伟";
    });
    LoginAll();
  }

  void LoginAll() {
    for (const char* name : {"staff_a", "staff_b", "owner_liu", "spouse_wang", "owner_li", "outsider"})
      who_[name] = Login(name);
    as_ = Login("tester");
  }
  void Advance(std::int64_t seconds) {
    now_ += seconds;
    LoginAll();
  }
  Reply As(const std::string& who, std::string_view method, std::string_view target,
           const json::value& body = {}) {
    return SendAs(who_[who], method, target, body.is_null() ? std::string() : json::serialize(body));
  }

  // A draft over one stairwell (2号楼 1单元), open from tomorrow for a week.
  json::object Draft(std::string rule_set = "civil_code_ordinary", bool allow_change = false,
                     bool secret = true) {
    return {{"community_id", a_.community},
            {"title", "2号楼1单元加装电梯"},
            {"rule_set", rule_set},
            {"opens_at", "2026-11-30T00:00:00Z"},
            {"closes_at", "2026-12-07T00:00:00Z"},
            {"allow_change", allow_change},
            {"secret", secret},
            {"channels", json::array{"online", "paper", "hall"}},
            {"electorate", json::object{{"kind", "unit"}, {"ids", json::array{a_.unit21}}}}};
  }
  std::int64_t OpenVote(json::object draft) {
    Reply made = As("staff_a", "POST", "/api/v1/votes", draft);
    EXPECT_EQ(made.status, 201) << made.body;
    std::int64_t id = made.Json().at("id").as_int64();
    Reply opened = As("staff_a", "POST", "/api/v1/votes/" + S(id) + "/open");
    EXPECT_EQ(opened.status, 200) << opened.body;
    return id;
  }
  Reply Paper(std::int64_t vote, std::int64_t household, std::string choice,
              std::string attachment = "scan-7.pdf") {
    return As("staff_a", "POST", "/api/v1/votes/" + S(vote) + "/paper-ballots",
              json::object{{"household_id", household},
                           {"choice", choice},
                           {"channel", "paper"},
                           {"attachment", attachment},
                           {"voter_name", "业主"}});
  }
  static const json::object& Threshold(const json::value& view, std::string_view code,
                                       std::string_view option = "") {
    for (const auto& t : view.at("thresholds").as_array())
      if (t.at("code").as_string() == code && t.at("option").as_string() == option) return t.as_object();
    ADD_FAILURE() << "no threshold " << code;
    static json::object none;
    return none;
  }

  std::atomic<std::int64_t> now_{kNov29 + 9 * 3600};
  Seed a_{}, b_{};
  std::int64_t h303_ = 0, h304_ = 0, li_ = 0, zhao_ = 0;
  std::map<std::string, Credentials> who_;
};

TEST_F(VotesApiTest, FromDraftToPublishedResultWithEveryRefusal) {
  Reply made = As("staff_a", "POST", "/api/v1/votes", Draft());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::int64_t id = made.Json().at("id").as_int64();
  const std::string base = "/api/v1/votes/" + S(id);
  EXPECT_EQ(made.Json().at("status"), "draft");
  EXPECT_EQ(made.Json().at("electorate_label"), "水月院 2号楼 1单元");
  // A resident does not see a draft.
  EXPECT_EQ(As("owner_liu", "GET", base).status, 404);
  ASSERT_EQ(As("staff_a", "POST", base + "/open").status, 200);
  Reply shown = As("staff_a", "GET", base);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.Json().at("dwellings"), 4);
  EXPECT_EQ(shown.Json().at("headcount"), 4);

  // Before the period.
  Reply early = As("owner_liu", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  EXPECT_EQ(early.status, 400) << early.body;
  EXPECT_TRUE(early.HasDetail("cast_at", "before_open")) << early.body;
  Advance(kDay);

  // Outside the electorate: the vote is not even visible.
  EXPECT_EQ(As("outsider", "GET", base).status, 404);
  EXPECT_EQ(As("outsider", "POST", base + "/ballots", json::object{{"choice", "agree"}}).status, 404);
  EXPECT_EQ(Total(As("outsider", "GET", "/api/v1/votes")), 0);
  EXPECT_EQ(Total(As("owner_liu", "GET", "/api/v1/votes")), 1);
  // Not an owner of 301: 403. Another household than his own: 404.
  EXPECT_EQ(As("spouse_wang", "POST", base + "/ballots", json::object{{"choice", "agree"}}).status, 403);
  EXPECT_EQ(As("owner_liu", "POST", base + "/ballots",
               json::object{{"choice", "agree"}, {"household_id", a_.household302}})
                .status,
            404);
  // Another community's staff: 404 everywhere.
  EXPECT_EQ(As("staff_b", "GET", base).status, 404);
  EXPECT_EQ(Paper(id, a_.household302, "agree").status, 201);
  EXPECT_EQ(As("staff_b", "POST", base + "/paper-ballots",
               json::object{{"household_id", h303_}, {"choice", "agree"}, {"attachment", "x.pdf"}})
                .status,
            404);
  EXPECT_EQ(As("staff_b", "POST", base + "/close").status, 404);

  // The owner votes; a second ballot is refused (changes not allowed).
  Reply cast = As("owner_liu", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  ASSERT_EQ(cast.status, 201) << cast.body;
  EXPECT_EQ(cast.Json().at("vote").at("my_ballots").as_array().size(), 1u);
  Reply again = As("owner_liu", "POST", base + "/ballots", json::object{{"choice", "disagree"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(again.HasDetail("household_id", "already_voted")) << again.body;
  // A paper ballot needs the scan; unknown options are refused.
  EXPECT_TRUE(Paper(id, h303_, "agree", "").HasDetail("attachment", "required"));
  EXPECT_TRUE(Paper(id, h303_, "maybe").HasDetail("choice", "unknown_option"));

  // Tally so far: 2 of 4 dwellings, 158.50 of 328.50 m² -> no quorum, exactly as the domain says.
  Reply t = As("staff_a", "GET", base);
  const json::value tj = t.Json();
  const json::value& view = tj.at("tally").at("as_cast");
  const auto& area = Threshold(view, "participation_area");
  EXPECT_EQ(area.at("reached_num"), 15850);
  EXPECT_EQ(area.at("reached_den"), 32850);
  EXPECT_EQ(area.at("needed"), "2/3");
  EXPECT_EQ(area.at("met"), false);
  EXPECT_EQ(area.at("reached_percent"), "48.25");  // 15850/32850 = 48.249…: the nearest hundredth
  EXPECT_EQ(t.Json().at("tally").at("outcome"), "no_quorum");
  EXPECT_TRUE(t.Json().at("tally").at("ballots").as_array().empty());  // secret: counts only

  // Closing early is refused while dwellings have not voted.
  Reply not_yet = As("staff_a", "POST", base + "/close");
  EXPECT_EQ(not_yet.status, 409);
  EXPECT_TRUE(not_yet.HasDetail("closes_at", "period_not_over")) << not_yet.body;
  ASSERT_EQ(Paper(id, h303_, "agree").status, 201);
  ASSERT_EQ(Paper(id, h304_, "disagree").status, 201);
  // Every dwelling voted: 238.50 m² and 3 of 4 owners agree (> 1/2 of the participants) -> passed.
  Reply closed = As("staff_a", "POST", base + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json().at("status"), "closed");
  EXPECT_EQ(closed.Json().at("outcome"), "passed");
  const json::value cj = closed.Json();
  const json::value& final_view = cj.at("tally").at("as_cast");
  const auto& approval = Threshold(final_view, "approval_area", "agree");
  EXPECT_EQ(approval.at("reached_num"), 23850);
  EXPECT_EQ(approval.at("reached_den"), 32850);
  EXPECT_EQ(approval.at("needed"), "1/2");
  EXPECT_EQ(approval.at("inclusive"), false);
  EXPECT_EQ(approval.at("met"), true);
  const auto& heads = Threshold(final_view, "approval_headcount", "agree");
  EXPECT_EQ(heads.at("reached_num"), 3);
  EXPECT_EQ(heads.at("reached_den"), 4);
  // After the close: no more ballots.
  Reply late = Paper(id, h304_, "agree");
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(late.HasDetail("vote", "vote_closed")) << late.body;
  // Residents cannot close or publish; staff publish once.
  EXPECT_EQ(As("owner_liu", "POST", base + "/publish").status, 403);
  Reply published = As("staff_a", "POST", base + "/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.Json().at("status_zh"), "已公布结果");
  EXPECT_EQ(As("staff_a", "POST", base + "/publish").status, 409);
  // The resident sees the result and his ballot.
  Reply his = As("owner_liu", "GET", base);
  ASSERT_EQ(his.status, 200);
  EXPECT_EQ(his.Json().at("outcome"), "passed");
  EXPECT_EQ(his.Json().at("my_ballots").at(0).at("choice"), "agree");
}

TEST_F(VotesApiTest, AChangedBallotCountsWhenTheVoteAllowsIt) {
  const std::int64_t id = OpenVote(Draft("civil_code_ordinary", /*allow_change=*/true, /*secret=*/false));
  const std::string base = "/api/v1/votes/" + S(id);
  Advance(kDay);
  ASSERT_EQ(As("owner_liu", "POST", base + "/ballots", json::object{{"choice", "agree"}}).status, 201);
  Advance(3600);
  Reply changed = As("owner_liu", "POST", base + "/ballots", json::object{{"choice", "disagree"}});
  ASSERT_EQ(changed.status, 201) << changed.body;
  EXPECT_EQ(changed.Json().at("vote").at("my_ballots").at(0).at("choice"), "disagree");
  // Open vote: staff see who voted what; a resident sees names masked.
  Reply staff = As("staff_a", "GET", base);
  const json::value stj = staff.Json();
  const auto& ballots = stj.at("tally").at("ballots").as_array();
  ASSERT_EQ(ballots.size(), 1u);
  EXPECT_EQ(ballots[0].at("choice"), "disagree");
  EXPECT_EQ(ballots[0].at("voter_name"), "刘艳");
  Reply resident = As("owner_li", "GET", base);
  EXPECT_EQ(resident.Json().at("tally").at("ballots").at(0).at("voter_name"), "刘*");
  EXPECT_EQ(staff.Json().at("tally").at("as_cast").at("options").at(1).at("dwellings"), 1);
  EXPECT_EQ(staff.Json().at("ballots"), 1);
  // After the period the owner can no longer vote online.
  Advance(7 * kDay);
  Reply after = As("owner_li", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  EXPECT_EQ(after.status, 400) << after.body;
  EXPECT_TRUE(after.HasDetail("cast_at", "after_close")) << after.body;
}

TEST_F(VotesApiTest, ExactlyTwoThirdsOfTheHouseholdsPasses) {
  // 2号楼 2单元: three households of 80 m², each with its own owner.
  std::int64_t unit = Create("/api/v1/units", {{"building_id", a_.building2}, {"name", "2单元"}});
  std::vector<std::int64_t> hs;
  for (const char* door : {"101", "102", "103"}) {
    hs.push_back(Create("/api/v1/households", {{"unit_id", unit}, {"door", door}, {"area_m2", 80}}));
    Create("/api/v1/residents",
           {{"household_id", hs.back()}, {"name", std::string("业主") + door}, {"is_owner", true}});
  }
  json::object draft = Draft("two_thirds_households");
  draft["electorate"] = json::object{{"kind", "unit"}, {"ids", json::array{unit}}};
  const std::int64_t id = OpenVote(draft);
  Advance(kDay);
  ASSERT_EQ(Paper(id, hs[0], "agree").status, 201);
  ASSERT_EQ(Paper(id, hs[1], "agree").status, 201);
  ASSERT_EQ(Paper(id, hs[2], "disagree").status, 201);
  Reply shown = As("staff_a", "GET", "/api/v1/votes/" + S(id));
  const json::value sj = shown.Json();
  const json::value& view = sj.at("tally").at("as_cast");
  const auto& t = Threshold(view, "approval_dwellings", "agree");
  EXPECT_EQ(t.at("reached_num"), 2);
  EXPECT_EQ(t.at("reached_den"), 3);
  EXPECT_EQ(t.at("needed"), "2/3");
  EXPECT_EQ(t.at("inclusive"), true);
  EXPECT_EQ(t.at("met"), true);  // 2/3 is "三分之二以上"
  // Percentages never contradict the verdict: a met 2/3 reads 66.67 % against a needed 66.67 %.
  EXPECT_EQ(t.at("reached_percent"), "66.67");
  EXPECT_EQ(t.at("needed_percent"), "66.67");
  EXPECT_EQ(shown.Json().at("tally").at("outcome"), "passed");
  // The same as the domain on the same numbers.
  auto e = store_->Votes().GetElectorate(id, Scope::All());
  ASSERT_TRUE(e.ok());
  VoteDefinition def;
  def.rule_set = VoteRuleSet::kTwoThirdsHouseholds;
  def.opens_at = "2026-11-30T00:00:00Z";
  def.closes_at = "2026-12-07T00:00:00Z";
  std::vector<Ballot> bs;
  for (std::size_t i = 0; i < 3; ++i)
    bs.push_back({hs[i], i < 2 ? "agree" : "disagree", "paper", "2026-11-30T10:00:00Z"});
  auto domain = TallyVote(def, *e, bs);
  ASSERT_TRUE(domain.ok());
  EXPECT_EQ(domain->outcome, "passed");
}

// Item 1 of the audit: an owner is recognised by the resident record his account is linked to, not by
// his display name. 李明 owns 303 (where he lives) and 305 (linked to him by staff); his account
// carries another display name and still votes for both, counted once by headcount.
TEST_F(VotesApiTest, AnOwnerOfTwoDwellingsVotesOnlineForBothAndCountsOnce) {
  const std::int64_t h305 = Create("/api/v1/households", {{"unit_id", a_.unit21}, {"door", "305"}, {"area_m2", 70}});
  Reply linked = As("staff_a", "POST", "/api/v1/residents/" + S(li_) + "/owned-households",
                    json::object{{"household_id", h305}});
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.Json().at("households").as_array().size(), 2u);
  EXPECT_EQ(linked.Json().at("households").at(1).at("address"), "水月院 2号楼 1单元 305");
  EXPECT_DOUBLE_EQ(linked.Json().at("households").at(1).at("area_m2").to_number<double>(), 70.0);  // for the console
  // Another community's staff cannot link him; a household out of scope is named.
  EXPECT_EQ(As("staff_b", "POST", "/api/v1/residents/" + S(li_) + "/owned-households",
               json::object{{"household_id", h305}})
                .status,
            404);
  Reply far = As("staff_a", "POST", "/api/v1/residents/" + S(li_) + "/owned-households",
                 json::object{{"household_id", b_.unit21 + 100000}});
  EXPECT_TRUE(far.HasDetail("household_id", "not_found")) << far.body;
  AddUser("li_account", "resident", [&](User& u) {
    u.household_id = h303_;
    u.resident_id = li_;
    u.display_name = "李先生";  // not the registered name: the link decides
  });
  const std::int64_t id = OpenVote(Draft());
  Advance(kDay);
  who_["li_account"] = Login("li_account");
  Reply shown = As("staff_a", "GET", "/api/v1/votes/" + S(id));
  EXPECT_EQ(shown.Json().at("dwellings"), 5);
  EXPECT_EQ(shown.Json().at("headcount"), 4);  // 301, 302, 李明 (303 + 305), 304
  Reply cast = As("li_account", "POST", "/api/v1/votes/" + S(id) + "/ballots", json::object{{"choice", "agree"}});
  ASSERT_EQ(cast.status, 201) << cast.body;
  ASSERT_EQ(cast.Json().at("ballots").as_array().size(), 2u);
  EXPECT_EQ(cast.Json().at("ballots").at(0).at("household_id"), h303_);
  EXPECT_EQ(cast.Json().at("ballots").at(1).at("household_id"), h305);
  EXPECT_EQ(cast.Json().at("vote").at("my_ballots").as_array().size(), 2u);
  const json::value tj = As("staff_a", "GET", "/api/v1/votes/" + S(id)).Json();
  const json::value& view = tj.at("tally").at("as_cast");
  EXPECT_EQ(view.at("voted_dwellings"), 2);
  EXPECT_EQ(view.at("voted_headcount"), 1);
  EXPECT_EQ(view.at("voted_area"), 8000 + 7000);
  // A second ballot: the vote forbids changes.
  Reply again = As("li_account", "POST", "/api/v1/votes/" + S(id) + "/ballots", json::object{{"choice", "disagree"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(again.HasDetail("household_id", "already_voted")) << again.body;
  // He sees the vote in his list through either dwelling.
  EXPECT_EQ(Total(As("li_account", "GET", "/api/v1/votes")), 1);
}

// Two owners of 304 are both called 赵丽; the second (with an ID number) also owns 306. Each account
// is linked to its own record: the first votes for 304 only, the second for 306 (304 already has
// his co-owner's ballot). An unlinked account named 赵丽 cannot be told apart and is refused, as
// is an account linked to a non-owner that carries an owner's name.
TEST_F(VotesApiTest, ASameNameCoOwnerIsNotMistakenForHim) {
  const std::int64_t zhao2 = Create("/api/v1/residents", {{"household_id", h304_},
                                                          {"name", "赵丽"},
                                                          {"relation", "配偶"},
                                                          {"is_owner", true},
                                                          {"id_number", MakeIdNumber("19800505", "246")}});
  const std::int64_t h306 = Create("/api/v1/households", {{"unit_id", a_.unit21}, {"door", "306"}, {"area_m2", 60}});
  ASSERT_EQ(As("staff_a", "POST", "/api/v1/residents/" + S(zhao2) + "/owned-households",
               json::object{{"household_id", h306}})
                .status,
            200);
  AddUser("zhao_first", "resident", [&](User& u) {
    u.resident_id = zhao_;  // the household is the record's
    u.display_name = "赵丽";
  });
  AddUser("zhao_second", "resident", [&](User& u) {
    u.resident_id = zhao2;
    u.display_name = "赵丽";
  });
  AddUser("zhao_unlinked", "resident", [&](User& u) {
    u.household_id = h304_;
    u.display_name = "赵丽";
  });
  AddUser("wang_as_liu", "resident", [&](User& u) {  // 王强 (not an owner) under his wife's name
    u.resident_id = a_.wang_qiang;
    u.display_name = "刘艳";
  });
  const std::int64_t id = OpenVote(Draft());
  const std::string base = "/api/v1/votes/" + S(id);
  Advance(kDay);
  for (const char* n : {"zhao_first", "zhao_second", "zhao_unlinked", "wang_as_liu"}) who_[n] = Login(n);
  Reply unlinked = As("zhao_unlinked", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  EXPECT_EQ(unlinked.status, 403) << unlinked.body;
  EXPECT_NE(unlinked.body.find("同名"), std::string::npos) << unlinked.body;
  EXPECT_EQ(As("wang_as_liu", "POST", base + "/ballots", json::object{{"choice", "agree"}}).status, 403);

  Reply first = As("zhao_first", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(first.Json().at("ballots").as_array().size(), 1u);
  EXPECT_EQ(first.Json().at("ballots").at(0).at("household_id"), h304_);
  Reply second = As("zhao_second", "POST", base + "/ballots", json::object{{"choice", "disagree"}});
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_EQ(second.Json().at("ballots").as_array().size(), 1u);
  EXPECT_EQ(second.Json().at("ballots").at(0).at("household_id"), h306);
  EXPECT_EQ(second.Json().at("skipped").at(0), "水月院 2号楼 1单元 304");
  Reply twice = As("zhao_second", "POST", base + "/ballots", json::object{{"choice", "agree"}});
  EXPECT_EQ(twice.status, 409);
  // 304 and 306 share an owner: one headcount voter, whose two ballots differ.
  const json::value tj = As("staff_a", "GET", base).Json();
  EXPECT_EQ(tj.at("headcount"), 4);  // 301, 302, 303, {304, 306}
  EXPECT_EQ(tj.at("tally").at("as_cast").at("voted_dwellings"), 2);
  EXPECT_EQ(tj.at("tally").at("as_cast").at("mixed_headcount"), 1);
}

// Linking an account: the record must live in the account's household (or gives it), and the admin
// picks it from the household's members with ID numbers masked.
TEST_F(VotesApiTest, AdminLinksAResidentAccountToItsRecord) {
  AddUser("admin1", "admin");
  Credentials admin = Login("admin1");
  Reply choices = SendAs(admin, "GET", "/api/v1/users/resident-choices?household_id=" + S(h304_), "");
  ASSERT_EQ(choices.status, 200) << choices.body;
  EXPECT_EQ(choices.Json().at("items").at(0).at("name"), "赵丽");
  EXPECT_EQ(choices.Json().at("items").at(0).at("is_owner"), true);
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/users/resident-choices?household_id=" + S(h304_)).status, 403);
  json::object body{{"username", "zhao_new"}, {"display_name", "赵丽"},   {"role", "resident"},
                    {"password", "Good@2026x"}, {"resident_id", zhao_}};
  Reply made = SendAs(admin, "POST", "/api/v1/users", json::serialize(body));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("resident_id"), zhao_);
  EXPECT_EQ(made.Json().at("household_id"), h304_);
  body["username"] = "zhao_wrong";
  body["household_id"] = h303_;
  Reply wrong = SendAs(admin, "POST", "/api/v1/users", json::serialize(body));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(wrong.HasDetail("resident_id", "household_mismatch")) << wrong.body;
}

// Non-voters count with the majority only when the vote says so (off by default), and then both
// tallies are in the reply; a secret vote shows staff counts only (not even in the voters list),
// an open one who voted what.
TEST_F(VotesApiTest, NonVotersAndSecrecyAreWhatTheVoteSays) {
  json::object plain = Draft("civil_code_ordinary", false, /*secret=*/true);
  json::object counted = Draft("civil_code_ordinary", false, /*secret=*/false);
  counted["non_voters_follow_majority"] = true;
  const std::int64_t secret_id = OpenVote(plain);
  const std::int64_t open_id = OpenVote(counted);
  Advance(kDay);
  for (std::int64_t id : {secret_id, open_id}) {
    ASSERT_EQ(Paper(id, a_.household301, "agree").status, 201);
    ASSERT_EQ(Paper(id, h303_, "agree").status, 201);
  }
  const json::value s = As("staff_a", "GET", "/api/v1/votes/" + S(secret_id)).Json();
  EXPECT_EQ(s.at("non_voters_follow_majority"), false);
  EXPECT_TRUE(s.at("tally").at("with_non_voters").is_null());
  EXPECT_EQ(s.at("tally").at("outcome"), "no_quorum");  // 2 of 4 dwellings took part
  EXPECT_TRUE(s.at("tally").at("ballots").as_array().empty());
  const json::value se = As("staff_a", "GET", "/api/v1/votes/" + S(secret_id) + "/electorate").Json();
  for (const auto& row : se.at("items").as_array()) EXPECT_FALSE(row.as_object().contains("choice"));

  const json::value o = As("staff_a", "GET", "/api/v1/votes/" + S(open_id)).Json();
  ASSERT_FALSE(o.at("tally").at("with_non_voters").is_null());
  // As cast: no quorum; with the two non-voters counted with the majority (agree): passed.
  EXPECT_EQ(o.at("tally").at("as_cast").at("outcome"), "no_quorum");
  EXPECT_EQ(o.at("tally").at("with_non_voters").at("outcome"), "passed");
  EXPECT_EQ(o.at("tally").at("with_non_voters").at("added_dwellings"), 2);
  EXPECT_EQ(o.at("tally").at("outcome"), "passed");  // the vote's rules decide
  EXPECT_EQ(o.at("tally").at("ballots").as_array().size(), 2u);
  const json::value oe = As("staff_a", "GET", "/api/v1/votes/" + S(open_id) + "/electorate").Json();
  std::size_t with_choice = 0;
  for (const auto& row : oe.at("items").as_array()) with_choice += row.as_object().contains("choice") ? 1 : 0;
  EXPECT_EQ(with_choice, 2u);
}

// A vote may decide a deliberation (议事) of its own community; the vote shows the link.
TEST_F(VotesApiTest, AVoteLinksADeliberationOfItsCommunity) {
  Reply d = As("staff_a", "POST", "/api/v1/deliberations",
               json::object{{"community_id", a_.community}, {"title", "2号楼1单元加装电梯"}});
  ASSERT_EQ(d.status, 201) << d.body;
  const std::int64_t delib = d.Json().at("id").as_int64();
  json::object draft = Draft();
  draft["deliberation_id"] = delib;
  Reply made = As("staff_a", "POST", "/api/v1/votes", draft);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("deliberation_id"), delib);
  draft["deliberation_id"] = delib + 1000;
  Reply bad = As("staff_a", "POST", "/api/v1/votes", draft);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.HasDetail("deliberation_id", "not_found")) << bad.body;
}

TEST_F(VotesApiTest, BadDraftsAreRefusedWithTheFieldNamed) {
  json::object wrong_unit = Draft();
  wrong_unit["electorate"] = json::object{{"kind", "unit"}, {"ids", json::array{b_.unit21}}};
  Reply r1 = As("staff_a", "POST", "/api/v1/votes", wrong_unit);
  EXPECT_EQ(r1.status, 400);
  EXPECT_TRUE(r1.HasDetail("electorate.ids", "not_found")) << r1.body;
  json::object backwards = Draft();
  backwards["closes_at"] = "2026-11-01T00:00:00Z";
  EXPECT_EQ(As("staff_a", "POST", "/api/v1/votes", backwards).status, 400);
  json::object bad_time = Draft();
  bad_time["opens_at"] = "明天";
  EXPECT_TRUE(As("staff_a", "POST", "/api/v1/votes", bad_time).HasDetail("opens_at", "invalid_time"));
  json::object custom = Draft("custom");
  custom["thresholds"] = json::array{json::object{
      {"measure", "approval"}, {"basis", "dwellings"}, {"over", "participants"}, {"needed", "3/2"}}};
  EXPECT_TRUE(
      As("staff_a", "POST", "/api/v1/votes", custom).HasDetail("thresholds[0].needed", "fraction_range"));
  json::object other = Draft();
  other["community_id"] = b_.community;
  Reply r2 = As("staff_a", "POST", "/api/v1/votes", other);
  EXPECT_EQ(r2.status, 400);
  EXPECT_TRUE(r2.HasDetail("community_id", "not_found")) << r2.body;
  json::object paper_only = Draft();
  paper_only["channels"] = json::array{"paper"};
  const std::int64_t id = OpenVote(paper_only);
  Advance(kDay);
  Reply online =
      As("owner_liu", "POST", "/api/v1/votes/" + S(id) + "/ballots", json::object{{"choice", "agree"}});
  EXPECT_TRUE(online.HasDetail("channel", "not_allowed")) << online.body;
  EXPECT_EQ(As("staff_a", "GET", "/api/v1/votes?community_id=" + S(b_.community)).Json().at("total"), 0);
}

TEST_F(VotesApiTest, TheOfficialSystemRoundTrip) {
  const std::int64_t id = OpenVote(Draft("civil_code_major"));
  const std::string base = "/api/v1/votes/" + S(id);
  Reply file = As("staff_a", "GET", base + "/electorate.xlsx");
  ASSERT_EQ(file.status, 200);
  EXPECT_NE(file.Header("content-type").find("spreadsheetml"), std::string::npos);
  auto table = io::ReadTable(file.body, "x.xlsx", io::ReadLimits{});
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 5u);  // header + 4 dwellings
  EXPECT_EQ(table->rows[0][1], "房屋编号");
  EXPECT_EQ(table->rows[1][2], "水月院 2号楼 1单元 301");
  EXPECT_EQ(file.body.find("刘艳"), std::string::npos);  // no names
  // The official result, filled in: three agree, one against -> 3/4 by headcount, area below 3/4.
  std::string csv = "房屋编号,表决意见\n" + S(a_.household301) + ",同意\n" + S(a_.household302) + ",同意\n" +
                    S(h303_) + ",同意\n" + S(h304_) + ",不同意\n";
  Reply in = Send(port_, "POST", base + "/official-result?filename=result.csv", csv, "text/csv",
                  who_["staff_a"].AsHeaders());
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(in.Json().at("result_source"), "official");
  EXPECT_EQ(in.Json().at("status"), "closed");
  const json::value ij = in.Json();
  const auto& heads = Threshold(ij.at("tally").at("as_cast"), "approval_headcount", "agree");
  EXPECT_EQ(heads.at("reached_num"), 3);
  EXPECT_EQ(heads.at("met"), true);  // exactly 3/4
  const auto& area = Threshold(ij.at("tally").at("as_cast"), "approval_area", "agree");
  EXPECT_EQ(area.at("reached_num"), 23850);
  EXPECT_EQ(area.at("met"), false);  // 238.50 / 328.50 < 3/4
  EXPECT_EQ(in.Json().at("outcome"), "failed");
  // A row outside the electorate is named.
  const std::int64_t id2 = OpenVote(Draft());
  std::string bad = "房屋编号,表决意见\n" + S(a_.household101) + ",同意\n";
  Reply refused = Send(port_, "POST", "/api/v1/votes/" + S(id2) + "/official-result?filename=r.csv", bad,
                       "text/csv", who_["staff_a"].AsHeaders());
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(refused.HasDetail("rows[0].household_id", "not_in_electorate")) << refused.body;
  EXPECT_NE(refused.body.find("第 2 行"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace linli::testing
