// Owner-vote rules on hand-computed cases: every boundary of 民法典 278 and the other rule sets.
#include "domain/vote.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace linli {
namespace {

// ------------------------------------------------------------------ helpers
Dwelling D(Id id, std::int64_t centiares, std::vector<std::string> owners = {}, bool developer = false) {
  Dwelling d;
  d.household_id = id;
  d.unit_id = 1;
  d.building_id = 1;
  d.compound_id = 1;
  d.label = "1号楼 1单元 " + std::to_string(id);
  d.area_centiares = centiares;
  d.owner_keys = owners.empty() ? std::vector<std::string>{"owner:" + std::to_string(id)} : std::move(owners);
  d.developer_unsold = developer;
  return d;
}

// n dwellings of 100.00 m², each with its own owner.
Electorate Uniform(int n, std::int64_t centiares = 10000) {
  std::vector<Dwelling> ds;
  for (int i = 1; i <= n; ++i) ds.push_back(D(i, centiares));
  auto e = BuildElectorate(std::move(ds));
  EXPECT_TRUE(e.ok());
  return std::move(e).value();
}

Ballot B(Id household, std::string choice, std::string cast_at = "2026-12-01T10:00:00Z") {
  Ballot b;
  b.household_id = household;
  b.choice = std::move(choice);
  b.cast_at = std::move(cast_at);
  b.voter_name = "业主" + std::to_string(household);
  return b;
}

// Ballots for households first..first+count-1, all with `choice`.
void Cast(std::vector<Ballot>& out, Id first, int count, const std::string& choice) {
  for (int i = 0; i < count; ++i) out.push_back(B(first + i, choice));
}

VoteDefinition Vote(VoteRuleSet rules) {
  VoteDefinition v;
  v.rule_set = rules;
  v.opens_at = "2026-12-01T00:00:00Z";
  v.closes_at = "2026-12-15T00:00:00Z";
  return v;
}

const ThresholdResult& Find(const TallyView& v, const std::string& code, const std::string& option = "") {
  for (const auto& t : v.thresholds)
    if (t.threshold.Code() == code && t.option == option) return t;
  ADD_FAILURE() << "no threshold " << code << " " << option;
  static ThresholdResult none;
  return none;
}

VoteTally MustTally(const VoteDefinition& v, const Electorate& e, const std::vector<Ballot>& bs) {
  auto t = TallyVote(v, e, bs);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? std::move(t).value() : VoteTally{};
}

// ------------------------------------------------------------------ exact arithmetic
TEST(VoteFraction, ReducesAndCompares) {
  EXPECT_EQ(Fraction::Make(80, 120), (Fraction{2, 3}));
  EXPECT_EQ(Fraction::Make(0, 7), (Fraction{0, 1}));
  EXPECT_EQ(Fraction::Make(80, 120).ToString(), "2/3");
  EXPECT_EQ(CompareFractions(80, 120, 2, 3), 0);
  EXPECT_EQ(CompareFractions(79, 120, 2, 3), -1);
  EXPECT_EQ(CompareFractions(81, 120, 2, 3), 1);
  // Near the 64-bit limit the cross products need 128 bits.
  const std::int64_t big = 4'000'000'000'000'000'000LL;
  EXPECT_EQ(CompareFractions(big, big + 1, big - 1, big), 1);
  EXPECT_EQ(CompareFractions(big - 1, big, big, big + 1), -1);
}

TEST(VoteFraction, InclusiveAndStrictThresholds) {
  const Fraction two_thirds{2, 3}, half{1, 2}, three_quarters{3, 4};
  EXPECT_TRUE(MeetsThreshold(80, 120, two_thirds, true));  // 三分之二以上 includes 2/3
  EXPECT_FALSE(MeetsThreshold(79, 120, two_thirds, true));
  EXPECT_FALSE(MeetsThreshold(80, 120, two_thirds, false));  // a strict 2/3 would not
  EXPECT_FALSE(MeetsThreshold(60, 120, half, false));        // 过半数: exactly half fails
  EXPECT_TRUE(MeetsThreshold(61, 120, half, false));
  EXPECT_TRUE(MeetsThreshold(60, 80, three_quarters, true));
  EXPECT_FALSE(MeetsThreshold(59, 80, three_quarters, true));
  EXPECT_FALSE(MeetsThreshold(0, 0, half, true));  // nobody to count never passes
}

TEST(VoteArea, ParsesHundredthsExactly) {
  EXPECT_EQ(*ParseAreaCentiares("89.5"), 8950);
  EXPECT_EQ(*ParseAreaCentiares("89.50"), 8950);
  EXPECT_EQ(*ParseAreaCentiares(" 89 "), 8900);
  EXPECT_EQ(*ParseAreaCentiares("0.01"), 1);
  auto three = ParseAreaCentiares("89.505");
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().details.at(0).reason, "area_format");
  EXPECT_EQ(three.error().field, "area_m2");
  EXPECT_EQ(ParseAreaCentiares("abc").error().details.at(0).reason, "area_format");
  EXPECT_EQ(ParseAreaCentiares("-3").error().details.at(0).reason, "area_format");
  EXPECT_EQ(ParseAreaCentiares("89.").error().details.at(0).reason, "area_format");
  EXPECT_EQ(ParseAreaCentiares("0").error().details.at(0).reason, "area_range");
  EXPECT_EQ(ParseAreaCentiares("100000").error().details.at(0).reason, "area_range");
  EXPECT_EQ(AreaCentiaresFromM2(89.5), 8950);
  EXPECT_EQ(AreaCentiaresFromM2(0.1 + 0.2), 30);
  EXPECT_EQ(AreaCentiaresFromM2(75.32), 7532);
  EXPECT_EQ(FormatCentiares(8950), "89.50");
  EXPECT_EQ(FormatCentiares(7), "0.07");
}

// ------------------------------------------------------------------ the electorate
TEST(VoteElectorate, OwnerOfSeveralDwellingsCountsOnceAndAreasAdd) {
  std::vector<Dwelling> ds;
  ds.push_back(D(1, 20000, {"张三"}));
  ds.push_back(D(2, 20000, {"张三"}));
  ds.push_back(D(3, 20000, {"张三"}));
  for (Id i = 4; i <= 12; ++i) ds.push_back(D(i, 10000));
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 10);  // 张三 once + 9
  EXPECT_EQ(e->total_area, 3 * 20000 + 9 * 10000);
  EXPECT_EQ(e->voter_of[0], e->voter_of[2]);
  EXPECT_NE(e->voter_of[0], e->voter_of[3]);
}

TEST(VoteElectorate, SharedOwnersJoinTransitivelyCoOwnersCountOnce) {
  // d1 {x, y}, d2 {y, z}, d3 {z}: one voter (the same person is never counted twice); d4 {w}.
  auto e =
      BuildElectorate({D(1, 9000, {"x", "y"}), D(2, 9000, {"y", "z"}), D(3, 9000, {"z"}), D(4, 9000, {"w"})});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 2);
  // Co-owners of one dwelling are one voter; a dwelling without owner keys is its own voter.
  Dwelling anon = D(6, 5000);
  anon.owner_keys.clear();
  auto e2 = BuildElectorate({D(5, 9000, {"夫", "妻"}), anon});
  ASSERT_TRUE(e2.ok());
  EXPECT_EQ(e2->headcount, 2);
}

TEST(VoteElectorate, UnsoldDeveloperUnitsCountOnceTogether) {
  std::vector<Dwelling> ds;
  for (Id i = 1; i <= 6; ++i) ds.push_back(D(i, 10000));
  for (Id i = 7; i <= 10; ++i) ds.push_back(D(i, 12000, {"unsold:" + std::to_string(i)}, true));
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 7);  // 6 owners + the developer once
  EXPECT_EQ(e->total_area, 6 * 10000 + 4 * 12000);
}

TEST(VoteElectorate, BadInputIsRefused) {
  auto empty = BuildElectorate({});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "dwellings");
  auto dup = BuildElectorate({D(1, 100), D(1, 100)});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().details.at(0).reason, "duplicate");
  auto zero = BuildElectorate({D(1, 0)});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().field, "area_m2");
  EXPECT_EQ(zero.error().details.at(0).reason, "area_range");
  EXPECT_NE(zero.error().message.find("1号楼"), std::string::npos);  // names the dwelling
}

// ------------------------------------------------------------------ 民法典 278: participation 2/3
TEST(VoteCivilCode, ExactlyTwoThirdsTakingPartPasses) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 80, "agree");  // 80 of 120 = exactly 2/3 by area and by headcount
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  const auto& pa = Find(t.as_cast, "participation_area");
  EXPECT_EQ(pa.reached_num, 80 * 10000);
  EXPECT_EQ(pa.reached_den, 120 * 10000);
  EXPECT_EQ(pa.threshold.needed, (Fraction{2, 3}));
  EXPECT_TRUE(pa.threshold.inclusive);
  EXPECT_TRUE(pa.met);
  const auto& ph = Find(t.as_cast, "participation_headcount");
  EXPECT_EQ(ph.reached_num, 80);
  EXPECT_EQ(ph.reached_den, 120);
  EXPECT_TRUE(ph.met);
  EXPECT_TRUE(t.as_cast.participation_met);
  EXPECT_EQ(t.outcome, "passed");
  EXPECT_EQ(t.winner, "agree");
}

TEST(VoteCivilCode, OneShortOfTwoThirdsIsNoQuorum) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 79, "agree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_FALSE(Find(t.as_cast, "participation_headcount").met);
  EXPECT_EQ(Find(t.as_cast, "participation_headcount").reached_num, 79);
  EXPECT_FALSE(t.as_cast.participation_met);
  EXPECT_EQ(t.outcome, "no_quorum");
  EXPECT_EQ(t.winner, "");
  // Approval is still shown: 79 of 79 agree.
  EXPECT_TRUE(Find(t.as_cast, "approval_headcount", "agree").met);
}

TEST(VoteCivilCode, TwoThirdsOfAnOddAreaIsExact) {
  // Total 300.03 m²: 2/3 is exactly 200.02 m². 200.02 takes part -> met; 200.01 -> not.
  auto yes = BuildElectorate({D(1, 20002, {"a"}), D(2, 10001, {"b"})});
  ASSERT_TRUE(yes.ok());
  std::vector<Ballot> bs{B(1, "agree")};
  // 1 of 2 heads takes part (fails headcount), but the area threshold itself is met exactly.
  auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), *yes, bs);
  EXPECT_TRUE(Find(t.as_cast, "participation_area").met);
  EXPECT_FALSE(Find(t.as_cast, "participation_headcount").met);
  auto no = BuildElectorate({D(1, 20001, {"a"}), D(2, 10002, {"b"})});
  ASSERT_TRUE(no.ok());
  t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), *no, bs);
  EXPECT_FALSE(Find(t.as_cast, "participation_area").met);
}

// ------------------------------------------------------------------ approval 3/4 and 1/2
TEST(VoteCivilCode, ExactlyThreeQuartersOfParticipantsPassesMajorMatter) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 60, "agree");
  Cast(bs, 61, 20, "disagree");  // 60 of 80 participants = exactly 3/4
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeMajor), e, bs);
  const auto& aa = Find(t.as_cast, "approval_area", "agree");
  EXPECT_EQ(aa.reached_num, 60 * 10000);
  EXPECT_EQ(aa.reached_den, 80 * 10000);
  EXPECT_EQ(aa.threshold.needed, (Fraction{3, 4}));
  EXPECT_TRUE(aa.threshold.inclusive);
  EXPECT_TRUE(aa.met);
  EXPECT_TRUE(Find(t.as_cast, "approval_headcount", "agree").met);
  EXPECT_EQ(t.outcome, "passed");
  ASSERT_EQ(t.as_cast.options.size(), 3u);
  EXPECT_EQ(t.as_cast.options[0].code, "agree");
  EXPECT_EQ(t.as_cast.options[0].headcount, 60);
  EXPECT_EQ(t.as_cast.options[1].dwellings, 20);
  EXPECT_EQ(t.as_cast.options[2].dwellings, 0);
}

TEST(VoteCivilCode, OneShortOfThreeQuartersFails) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 59, "agree");
  Cast(bs, 60, 21, "disagree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeMajor), e, bs);
  EXPECT_TRUE(t.as_cast.participation_met);
  EXPECT_FALSE(Find(t.as_cast, "approval_headcount", "agree").met);
  EXPECT_EQ(t.outcome, "failed");
}

TEST(VoteCivilCode, ExactlyHalfFailsOrdinaryMatterMoreThanHalfPasses) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 40, "agree");
  Cast(bs, 41, 40, "disagree");
  auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  const auto& ah = Find(t.as_cast, "approval_headcount", "agree");
  EXPECT_EQ(ah.reached_num, 40);
  EXPECT_EQ(ah.reached_den, 80);
  EXPECT_EQ(ah.threshold.needed, (Fraction{1, 2}));
  EXPECT_FALSE(ah.threshold.inclusive);  // 过半数
  EXPECT_FALSE(ah.met);
  EXPECT_EQ(t.outcome, "failed");
  bs[40].choice = "agree";  // 41 : 39
  t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_EQ(t.outcome, "passed");
}

TEST(VoteCivilCode, AbstentionsTakePartButDoNotAgree) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 40, "agree");
  Cast(bs, 41, 30, "disagree");
  Cast(bs, 71, 10, "abstain");  // 40 of 80 participants: exactly half, not more
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_TRUE(t.as_cast.participation_met);
  EXPECT_EQ(Find(t.as_cast, "approval_headcount", "agree").reached_den, 80);
  EXPECT_EQ(t.outcome, "failed");
}

// ------------------------------------------------------------------ area and headcount disagree
Electorate BigOwner() {
  // 张三 owns 5 dwellings of 200 m²; five neighbours own 100 m² each. Area 1500 m², 6 heads.
  std::vector<Dwelling> ds;
  for (Id i = 1; i <= 5; ++i) ds.push_back(D(i, 20000, {"张三"}));
  for (Id i = 6; i <= 10; ++i) ds.push_back(D(i, 10000));
  auto e = BuildElectorate(ds);
  EXPECT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 6);
  return std::move(e).value();
}

TEST(VoteCivilCode, AreaPassesHeadcountFailsSoTheVoteFails) {
  const auto e = BigOwner();
  std::vector<Ballot> bs;
  Cast(bs, 1, 5, "agree");
  Cast(bs, 6, 5, "disagree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  const auto& aa = Find(t.as_cast, "approval_area", "agree");
  EXPECT_EQ(aa.reached_num, 100000);  // 1000.00 m² of 1500.00
  EXPECT_EQ(aa.reached_den, 150000);
  EXPECT_TRUE(aa.met);
  const auto& ah = Find(t.as_cast, "approval_headcount", "agree");
  EXPECT_EQ(ah.reached_num, 1);  // 张三 once
  EXPECT_EQ(ah.reached_den, 6);
  EXPECT_FALSE(ah.met);
  EXPECT_EQ(t.as_cast.options[0].headcount, 1);
  EXPECT_EQ(t.as_cast.options[0].dwellings, 5);
  EXPECT_EQ(t.outcome, "failed");
}

TEST(VoteCivilCode, HeadcountPassesAreaFailsSoTheVoteFails) {
  const auto e = BigOwner();
  std::vector<Ballot> bs;
  Cast(bs, 1, 5, "disagree");
  Cast(bs, 6, 5, "agree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_FALSE(Find(t.as_cast, "approval_area", "agree").met);      // 500 of 1500
  EXPECT_TRUE(Find(t.as_cast, "approval_headcount", "agree").met);  // 5 of 6
  EXPECT_EQ(t.outcome, "failed");
}

TEST(VoteCivilCode, OwnerWhoseBallotsDifferTakesPartButSupportsNothing) {
  const auto e = BigOwner();
  std::vector<Ballot> bs;
  Cast(bs, 1, 3, "agree");
  Cast(bs, 4, 2, "disagree");  // 张三 split 3 : 2
  Cast(bs, 6, 5, "agree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_EQ(t.as_cast.mixed_headcount, 1);
  EXPECT_EQ(t.as_cast.voted_headcount, 6);
  EXPECT_EQ(t.as_cast.options[0].headcount, 5);
  EXPECT_EQ(t.as_cast.options[1].headcount, 0);
  EXPECT_EQ(t.as_cast.options[0].area, 3 * 20000 + 5 * 10000);
  EXPECT_EQ(t.as_cast.options[1].area, 2 * 20000);
  EXPECT_EQ(t.outcome, "passed");  // area 1100/1500, heads 5/6
}

TEST(VoteCivilCode, OwnerOfSeveralDwellingsTakingPartWithOneCountsOnlyThatArea) {
  const auto e = BigOwner();
  std::vector<Ballot> bs{B(1, "agree")};
  Cast(bs, 6, 4, "agree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_EQ(t.as_cast.voted_headcount, 5);                  // 张三 took part
  EXPECT_EQ(t.as_cast.voted_area, 20000 + 4 * 10000);       // but only one of his dwellings did
  EXPECT_FALSE(Find(t.as_cast, "participation_area").met);  // 600 of 1500
  EXPECT_EQ(t.outcome, "no_quorum");
}

TEST(VoteCivilCode, DeveloperUnitsVoteOnceByHeadcountWithAllTheirArea) {
  // 6 owners of 100 m² and 4 unsold units of 150 m²: 7 heads, 1200 m².
  std::vector<Dwelling> ds;
  for (Id i = 1; i <= 6; ++i) ds.push_back(D(i, 10000));
  for (Id i = 7; i <= 10; ++i) ds.push_back(D(i, 15000, {"开发商"}, true));
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  std::vector<Ballot> bs;
  Cast(bs, 7, 4, "agree");     // the developer: 600 m², 1 head
  Cast(bs, 1, 2, "agree");     // 2 owners
  Cast(bs, 3, 2, "disagree");  // 2 owners
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), *e, bs);
  EXPECT_EQ(Find(t.as_cast, "participation_headcount").reached_num, 5);
  EXPECT_EQ(Find(t.as_cast, "participation_headcount").reached_den, 7);
  EXPECT_TRUE(Find(t.as_cast, "participation_headcount").met);               // 5/7 >= 2/3
  EXPECT_TRUE(Find(t.as_cast, "participation_area").met);                    // 1000/1200
  EXPECT_EQ(Find(t.as_cast, "approval_headcount", "agree").reached_num, 3);  // developer + 2
  EXPECT_EQ(Find(t.as_cast, "approval_headcount", "agree").reached_den, 5);
  EXPECT_EQ(Find(t.as_cast, "approval_area", "agree").reached_num, 80000);
  EXPECT_EQ(t.outcome, "passed");  // 3/5 > 1/2, 800/1000 > 1/2
  // Counted by dwellings the developer would be 4 of 8 voters: the headcount rule matters.
  EXPECT_EQ(t.as_cast.options[0].dwellings, 6);
}

// ------------------------------------------------------------------ non-voters with the majority
TEST(VoteNonVoters, OffByDefaultOnlyTheCastTally) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 50, "agree");
  Cast(bs, 51, 20, "disagree");
  const auto t = MustTally(Vote(VoteRuleSet::kCivilCodeOrdinary), e, bs);
  EXPECT_FALSE(t.with_non_voters.has_value());
  EXPECT_EQ(t.outcome, "no_quorum");  // 70 of 120 < 2/3
}

TEST(VoteNonVoters, WhenTheRulesSaySoBothTalliesAreShown) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 50, "agree");
  Cast(bs, 51, 20, "disagree");
  auto v = Vote(VoteRuleSet::kCivilCodeOrdinary);
  v.non_voters_follow_majority = true;
  const auto t = MustTally(v, e, bs);
  EXPECT_EQ(t.as_cast.outcome, "no_quorum");
  ASSERT_TRUE(t.with_non_voters.has_value());
  const auto& w = *t.with_non_voters;
  EXPECT_EQ(w.majority_area, "agree");
  EXPECT_EQ(w.majority_headcount, "agree");
  EXPECT_EQ(w.added_headcount, 50);
  EXPECT_EQ(w.added_area, 50 * 10000);
  EXPECT_EQ(w.voted_headcount, 120);
  EXPECT_EQ(Find(w, "approval_headcount", "agree").reached_num, 100);
  EXPECT_EQ(Find(w, "approval_headcount", "agree").reached_den, 120);
  EXPECT_EQ(w.outcome, "passed");
  EXPECT_EQ(t.outcome, "passed");  // the vote's rules decide with non-voters
  EXPECT_EQ(t.winner, "agree");
}

TEST(VoteNonVoters, MajorityAgainstCarriesNonVotersAgainst) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 20, "agree");
  Cast(bs, 21, 30, "disagree");
  auto v = Vote(VoteRuleSet::kCivilCodeOrdinary);
  v.non_voters_follow_majority = true;
  const auto t = MustTally(v, e, bs);
  EXPECT_EQ(t.with_non_voters->majority_headcount, "disagree");
  EXPECT_EQ(t.with_non_voters->options[1].headcount, 100);
  EXPECT_EQ(t.outcome, "failed");
}

TEST(VoteNonVoters, TiedVotersHaveNoMajorityToFollow) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 30, "agree");
  Cast(bs, 31, 30, "disagree");
  auto v = Vote(VoteRuleSet::kCivilCodeOrdinary);
  v.non_voters_follow_majority = true;
  const auto t = MustTally(v, e, bs);
  EXPECT_EQ(t.with_non_voters->majority_headcount, "");
  EXPECT_EQ(t.with_non_voters->added_headcount, 0);
  EXPECT_EQ(t.with_non_voters->voted_headcount, 60);
  EXPECT_EQ(t.outcome, "no_quorum");
}

// ------------------------------------------------------------------ the sources' cases
TEST(VoteSources, PropertyManagementIn306HouseholdsPassesWithJustOverTwoThirds) {
  // Two estates, 156 + 150 households; property management needs two thirds of all households.
  std::vector<Dwelling> ds;
  for (Id i = 1; i <= 306; ++i) {
    Dwelling d = D(i, 6000 + (i % 7) * 350);
    d.compound_id = i <= 156 ? 1 : 2;
    ds.push_back(std::move(d));
  }
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  const auto v = Vote(VoteRuleSet::kTwoThirdsHouseholds);
  const auto run = [&](int agree, int disagree) {
    std::vector<Ballot> bs;
    Cast(bs, 1, agree, "agree");
    Cast(bs, agree + 1, disagree, "disagree");
    return MustTally(v, *e, bs);
  };
  auto t = run(206, 60);  // 206/306 = 67.3 %: just over two thirds
  const auto& th = Find(t.as_cast, "approval_dwellings", "agree");
  EXPECT_EQ(th.reached_num, 206);
  EXPECT_EQ(th.reached_den, 306);  // over all households, not over those who voted
  EXPECT_EQ(th.threshold.needed, (Fraction{2, 3}));
  EXPECT_EQ(t.outcome, "passed");
  EXPECT_EQ(run(204, 0).outcome, "passed");   // exactly 2/3 of 306 = 204
  EXPECT_EQ(run(203, 90).outcome, "failed");  // one short
  EXPECT_EQ(t.as_cast.thresholds.size(), 1u);
}

TEST(VoteSources, ElevatorVoteInOneStairwellFailsByOneOwner) {
  // One stairwell, 6 floors x 2 dwellings (75.32 m² and 68.45 m²): 862.62 m², 12 owners.
  // Adding an elevator is a major matter: >= 2/3 take part, >= 3/4 of them agree.
  std::vector<Dwelling> ds;
  for (int floor = 1; floor <= 6; ++floor) {
    ds.push_back(D(floor * 100 + 1, 7532));
    ds.push_back(D(floor * 100 + 2, 6845));
  }
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->total_area, 86262);
  auto v = Vote(VoteRuleSet::kCivilCodeMajor);
  // Ground and first floor owners on the 02 side disagree, plus 201: 8 of 12 agree.
  std::vector<Ballot> bs;
  for (const auto& d : e->dwellings) {
    const bool against =
        d.household_id == 101 || d.household_id == 102 || d.household_id == 202 || d.household_id == 201;
    bs.push_back(B(d.household_id, against ? "disagree" : "agree"));
  }
  auto t = MustTally(v, *e, bs);
  EXPECT_TRUE(t.as_cast.participation_met);
  const auto& ah = Find(t.as_cast, "approval_headcount", "agree");
  EXPECT_EQ(ah.reached_num, 8);
  EXPECT_EQ(ah.reached_den, 12);  // 2/3 < 3/4
  EXPECT_FALSE(ah.met);
  const auto& aa = Find(t.as_cast, "approval_area", "agree");
  EXPECT_EQ(aa.reached_num, 86262 - 7532 - 6845 - 6845 - 7532);  // 575.08 m²
  EXPECT_FALSE(aa.met);
  EXPECT_EQ(t.outcome, "failed");
  // One more owner (201) agreeing: 9 of 12 = 3/4 exactly, area 650.40 / 862.62 >= 3/4.
  for (auto& b : bs)
    if (b.household_id == 201) b.choice = "agree";
  t = MustTally(v, *e, bs);
  EXPECT_EQ(Find(t.as_cast, "approval_headcount", "agree").reached_num, 9);
  EXPECT_TRUE(Find(t.as_cast, "approval_headcount", "agree").met);
  EXPECT_EQ(Find(t.as_cast, "approval_area", "agree").reached_num, 65040);
  EXPECT_TRUE(Find(t.as_cast, "approval_area", "agree").met);
  EXPECT_EQ(t.outcome, "passed");
}

// ------------------------------------------------------------------ other rule sets
TEST(VoteResidentsMeeting, QuorumMoreThanHalfAndMoreThanHalfOfThosePresent) {
  const auto e = Uniform(100);
  const auto v = Vote(VoteRuleSet::kResidentsMeeting);
  const auto run = [&](int agree, int disagree) {
    std::vector<Ballot> bs;
    Cast(bs, 1, agree, "agree");
    Cast(bs, agree + 1, disagree, "disagree");
    return MustTally(v, e, bs);
  };
  EXPECT_EQ(run(50, 0).outcome, "no_quorum");  // exactly half present is not a quorum
  EXPECT_EQ(run(26, 25).outcome, "passed");    // 51 present, 26 agree
  auto t = run(25, 26);
  EXPECT_EQ(t.outcome, "failed");
  EXPECT_EQ(Find(t.as_cast, "approval_dwellings", "agree").reached_den, 51);
}

TEST(VoteSimpleMajority, MoreThanHalfOfTheVotersNoQuorum) {
  const auto e = Uniform(100);
  const auto v = Vote(VoteRuleSet::kSimpleMajority);
  std::vector<Ballot> bs;
  Cast(bs, 1, 5, "agree");
  Cast(bs, 6, 5, "disagree");
  EXPECT_EQ(MustTally(v, e, bs).outcome, "failed");
  bs[5].choice = "agree";
  EXPECT_EQ(MustTally(v, e, bs).outcome, "passed");  // 6 of 10 voters, 10 of 100 households
  EXPECT_EQ(MustTally(v, e, {}).outcome, "failed");  // nobody voted: 0/0 never passes
}

TEST(VoteCustom, OwnThresholdsWithInclusiveAndStrictFlags) {
  const auto e = Uniform(10);
  auto v = Vote(VoteRuleSet::kCustom);
  v.custom_thresholds = {
      {VoteMeasure::kParticipation, VoteBasis::kDwellings, VoteOver::kElectorate, {1, 2}, true},
      {VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {3, 5}, false}};
  ASSERT_TRUE(ValidateVoteDefinition(v).ok());
  std::vector<Ballot> bs;
  Cast(bs, 1, 3, "agree");
  Cast(bs, 4, 2, "disagree");  // 5 of 10 take part (>= 1/2 met); 3/5 agree, needs > 3/5
  auto t = MustTally(v, e, bs);
  EXPECT_TRUE(Find(t.as_cast, "participation_dwellings").met);
  EXPECT_FALSE(Find(t.as_cast, "approval_area", "agree").met);
  EXPECT_EQ(t.outcome, "failed");
  v.custom_thresholds[1].inclusive = true;
  EXPECT_EQ(MustTally(v, e, bs).outcome, "passed");
}

TEST(VoteCustom, BadThresholdsAreRefused) {
  EXPECT_EQ(ValidateThresholds({}).error().details.at(0).reason, "required");
  auto r =
      ValidateThresholds({{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {4, 3}, true}});
  EXPECT_EQ(r.error().field, "thresholds[0]");
  EXPECT_EQ(r.error().details.at(0).reason, "fraction_range");
  r = ValidateThresholds(
      {{VoteMeasure::kParticipation, VoteBasis::kArea, VoteOver::kParticipants, {1, 2}, true}});
  EXPECT_EQ(r.error().details.at(0).reason, "participation_over_participants");
  r = ValidateThresholds({{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {1, 2}, true},
                          {VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {2, 3}, true}});
  EXPECT_EQ(r.error().field, "thresholds[1]");
  EXPECT_EQ(r.error().details.at(0).reason, "duplicate");
}

TEST(VoteChoices, SeveralChoicesOneWinnerOrATie) {
  const auto e = Uniform(10);
  auto v = Vote(VoteRuleSet::kSimpleMajority);
  v.kind = VoteKind::kChoices;
  v.options = {{"north", "北门外空地", false},
               {"east", "东侧车棚旁", false},
               {"none", "都不同意", false},
               {"abstain", "弃权", true}};
  ASSERT_TRUE(ValidateVoteDefinition(v).ok());
  EXPECT_EQ(CandidateOptions(v), (std::vector<std::string>{"north", "east", "none"}));
  std::vector<Ballot> bs;
  Cast(bs, 1, 6, "north");
  Cast(bs, 7, 3, "east");
  Cast(bs, 10, 1, "abstain");
  auto t = MustTally(v, e, bs);
  EXPECT_EQ(t.outcome, "passed");
  EXPECT_EQ(t.winner, "north");
  EXPECT_EQ(Find(t.as_cast, "approval_dwellings", "east").reached_num, 3);
  // A custom 1/3 threshold lets two choices pass: no decision.
  v.rule_set = VoteRuleSet::kCustom;
  v.custom_thresholds = {
      {VoteMeasure::kApproval, VoteBasis::kDwellings, VoteOver::kParticipants, {1, 3}, true}};
  bs[5].choice = "east";  // north 5, east 4
  t = MustTally(v, e, bs);
  EXPECT_EQ(t.outcome, "tie");
  EXPECT_EQ(t.winner, "");
}

// ------------------------------------------------------------------ definitions
TEST(VoteDefinitionCheck, PeriodAndOptions) {
  auto v = Vote(VoteRuleSet::kCivilCodeMajor);
  EXPECT_TRUE(ValidateVoteDefinition(v).ok());
  v.closes_at = v.opens_at;
  auto r = ValidateVoteDefinition(v);
  EXPECT_EQ(r.error().field, "closes_at");
  EXPECT_EQ(r.error().details.at(0).reason, "period_order");
  v.closes_at = "2026-13-01T00:00:00Z";
  EXPECT_EQ(ValidateVoteDefinition(v).error().details.at(0).reason, "invalid_time");
  v = Vote(VoteRuleSet::kCivilCodeMajor);
  v.options.pop_back();
  EXPECT_EQ(ValidateVoteDefinition(v).error().field, "options");
  v.kind = VoteKind::kChoices;
  v.options = {{"a", "甲", false}, {"z", "弃权", true}};
  EXPECT_EQ(ValidateVoteDefinition(v).error().details.at(0).reason, "too_few");
  v.options = {{"a", "甲", false}, {"a", "乙", false}};
  EXPECT_EQ(ValidateVoteDefinition(v).error().details.at(0).reason, "duplicate");
  EXPECT_EQ(ParseVoteRuleSet("civil_code_major"), VoteRuleSet::kCivilCodeMajor);
  EXPECT_EQ(ParseVoteRuleSet("nope"), std::nullopt);
  EXPECT_EQ(RuleSetThresholds(VoteRuleSet::kCivilCodeMajor).size(), 4u);
  EXPECT_EQ(RuleSetThresholds(VoteRuleSet::kCivilCodeMajor)[0].DescribeZh(),
            "参与表决的专有部分面积占全体的比例 ≥ 2/3");
}

// ------------------------------------------------------------------ ballots
class VoteBallotTest : public ::testing::Test {
 protected:
  Electorate e = Uniform(5);
  VoteDefinition v = Vote(VoteRuleSet::kCivilCodeOrdinary);
  static constexpr const char* kNow = "2026-12-05T12:00:00Z";
};

TEST_F(VoteBallotTest, AFirstBallotInsideThePeriodIsAccepted) {
  auto r = CheckBallot(v, e, nullptr, B(1, "agree"), kNow);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(*r);
  // Opening time itself counts.
  EXPECT_TRUE(CheckBallot(v, e, nullptr, B(1, "agree", "2026-12-01T00:00:00Z"), kNow).ok());
  // Another zone: 08:00+08:00 is 00:00Z.
  EXPECT_TRUE(CheckBallot(v, e, nullptr, B(1, "agree", "2026-12-01T08:00:00+08:00"), kNow).ok());
}

TEST_F(VoteBallotTest, OutsideThePeriodIsRefused) {
  auto r = CheckBallot(v, e, nullptr, B(1, "agree", "2026-11-30T23:59:59Z"), kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "cast_at");
  EXPECT_EQ(r.error().details.at(0).reason, "before_open");
  EXPECT_FALSE(r.error().message.empty());
  // The closing time itself no longer counts.
  r = CheckBallot(v, e, nullptr, B(1, "agree", "2026-12-15T00:00:00Z"), "2026-12-15T00:00:00Z");
  EXPECT_EQ(r.error().details.at(0).reason, "after_close");
  r = CheckBallot(v, e, nullptr, B(1, "agree", "2026-12-06T00:00:00Z"), kNow);
  EXPECT_EQ(r.error().details.at(0).reason, "in_future");
  r = CheckBallot(v, e, nullptr, B(1, "agree", "yesterday"), kNow);
  EXPECT_EQ(r.error().details.at(0).reason, "invalid_time");
}

TEST_F(VoteBallotTest, PaperBallotsMayBeEnteredAfterTheCloseUntilCountedOnlineMayNot) {
  Ballot paper = B(2, "disagree", "2026-12-14T18:00:00Z");
  paper.channel = "paper";
  paper.attachment = "attachments/ballot-2.pdf";
  EXPECT_TRUE(CheckBallot(v, e, nullptr, paper, "2026-12-15T09:00:00Z").ok());
  Ballot online = B(2, "disagree", "2026-12-14T18:00:00Z");
  EXPECT_EQ(CheckBallot(v, e, nullptr, online, "2026-12-15T09:00:00Z").error().details.at(0).reason,
            "after_close");
  paper.attachment.clear();
  auto r = CheckBallot(v, e, nullptr, paper, "2026-12-15T09:00:00Z");
  EXPECT_EQ(r.error().field, "attachment");
  v.closed = true;
  paper.attachment = "x.pdf";
  r = CheckBallot(v, e, nullptr, paper, "2026-12-15T09:00:00Z");
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().details.at(0).reason, "vote_closed");
}

TEST_F(VoteBallotTest, OutsideTheElectorateOrUnknownChoiceIsRefused) {
  auto r = CheckBallot(v, e, nullptr, B(99, "agree"), kNow);
  EXPECT_EQ(r.error().field, "household_id");
  EXPECT_EQ(r.error().details.at(0).reason, "not_in_electorate");
  EXPECT_EQ(r.error().message, "该房屋不在本次表决范围内");
  r = CheckBallot(v, e, nullptr, B(1, "yes"), kNow);
  EXPECT_EQ(r.error().field, "choice");
  EXPECT_EQ(r.error().details.at(0).reason, "unknown_option");
  Ballot odd = B(1, "agree");
  odd.channel = "fax";
  EXPECT_EQ(CheckBallot(v, e, nullptr, odd, kNow).error().field, "channel");
}

TEST_F(VoteBallotTest, ASecondBallotOnlyWhenChangesAreAllowed) {
  const Ballot first = B(1, "agree", "2026-12-02T10:00:00Z");
  auto r = CheckBallot(v, e, &first, B(1, "disagree"), kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().field, "household_id");
  EXPECT_EQ(r.error().details.at(0).reason, "already_voted");
  v.allow_change = true;
  r = CheckBallot(v, e, &first, B(1, "disagree", "2026-12-03T10:00:00Z"), kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);  // replaces
  r = CheckBallot(v, e, &first, B(1, "disagree", "2026-12-01T10:00:00Z"), kNow);
  EXPECT_EQ(r.error().details.at(0).reason, "older_than_recorded");
}

TEST(VoteTallyBallots, TheLatestBallotOfADwellingCounts) {
  const auto e = Uniform(3);
  auto v = Vote(VoteRuleSet::kSimpleMajority);
  std::vector<Ballot> bs{B(1, "disagree", "2026-12-03T10:00:00Z"), B(1, "agree", "2026-12-02T10:00:00Z"),
                         B(2, "agree", "2026-12-02T10:00:00Z"), B(2, "disagree", "2026-12-04T10:00:00Z")};
  const auto t = MustTally(v, e, bs);
  EXPECT_EQ(t.as_cast.voted_dwellings, 2);
  EXPECT_EQ(t.as_cast.options[1].dwellings, 2);  // both latest ballots disagree
  EXPECT_EQ(t.as_cast.options[0].dwellings, 0);
}

TEST(VoteTallyBallots, TallyRefusesForeignBallots) {
  const auto e = Uniform(3);
  auto r = TallyVote(Vote(VoteRuleSet::kSimpleMajority), e, {B(7, "agree")});
  EXPECT_EQ(r.error().details.at(0).reason, "not_in_electorate");
  r = TallyVote(Vote(VoteRuleSet::kSimpleMajority), e, {B(1, "maybe")});
  EXPECT_EQ(r.error().details.at(0).reason, "unknown_option");
}

TEST(VoteTallyBallots, SecretVotesListNobodyOpenVotesListWhoVotedWhat) {
  const auto e = Uniform(3);
  auto v = Vote(VoteRuleSet::kSimpleMajority);
  std::vector<Ballot> bs{B(3, "agree"), B(1, "disagree")};
  EXPECT_TRUE(MustTally(v, e, bs).ballots.empty());
  v.secret = false;
  const auto t = MustTally(v, e, bs);
  ASSERT_EQ(t.ballots.size(), 2u);
  EXPECT_EQ(t.ballots[0].household_id, 1);
  EXPECT_EQ(t.ballots[0].choice, "disagree");
  EXPECT_EQ(t.ballots[0].voter_name, "业主1");
  EXPECT_EQ(t.ballots[1].household_id, 3);
}

TEST(VoteOutcome, ChineseNames) {
  EXPECT_EQ(VoteOutcomeNameZh("passed"), "通过");
  EXPECT_EQ(VoteOutcomeNameZh("no_quorum"), "参与表决的人数或面积不足");
}

}  // namespace
}  // namespace linli

namespace linli {
namespace {

// ------------------------------------------------------------------ from the registry
RegistryDwelling Home(Id id, double area, std::vector<Resident> residents, bool developer = false) {
  RegistryDwelling r;
  r.household.id = id;
  r.household.unit_id = 7;
  r.household.area_m2 = area;
  r.household.developer_unsold = developer;
  r.building_id = 3;
  r.compound_id = 1;
  r.address = "水月院 3号楼 1单元 " + std::to_string(id);
  r.residents = std::move(residents);
  return r;
}
Resident Person(Id id, std::string id_number, bool owner) {
  Resident p;
  p.id = id;
  p.id_number = std::move(id_number);
  p.is_owner = owner;
  return p;
}

TEST(VoteRegistry, TheSamePersonOwningTwoHomesIsOneVoterByIdNumber) {
  // 110101199003071234 owns 301 and (registered again, lower-case x style) 302; 303 has a tenant
  // only (its own voter); 304 has two co-owners without ID numbers; 305 is unsold.
  auto ds = DwellingsFromRegistry({
      Home(301, 89.5, {Person(1, "11010119900307123X", true), Person(2, "", false)}),
      Home(302, 60.25, {Person(3, "11010119900307123x", true)}),
      Home(303, 75.0, {Person(4, "110101198001011234", false)}),
      Home(304, 75.0, {Person(5, "", true), Person(6, "", true)}),
      Home(305, 120.0, {}, true),
  });
  ASSERT_TRUE(ds.ok());
  ASSERT_EQ(ds->size(), 5u);
  EXPECT_EQ((*ds)[0].area_centiares, 8950);
  EXPECT_EQ((*ds)[1].area_centiares, 6025);
  EXPECT_EQ((*ds)[0].owner_keys, (std::vector<std::string>{"id:11010119900307123X"}));
  EXPECT_EQ((*ds)[0].label, "水月院 3号楼 1单元 301");
  EXPECT_EQ((*ds)[0].unit_id, 7);
  EXPECT_TRUE((*ds)[2].owner_keys.empty());
  EXPECT_EQ((*ds)[3].owner_keys, (std::vector<std::string>{"resident:5", "resident:6"}));
  EXPECT_TRUE((*ds)[4].developer_unsold);
  auto e = BuildElectorate(*ds);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 4);  // 301+302 one owner; 303; 304; 305
  EXPECT_EQ(e->total_area, 8950 + 6025 + 7500 + 7500 + 12000);
}

TEST(VoteRegistry, AHomeWithoutAreaIsRefusedByAddress) {
  auto ds = DwellingsFromRegistry({Home(301, 0, {})});
  ASSERT_FALSE(ds.ok());
  EXPECT_EQ(ds.error().field, "area_m2");
  EXPECT_NE(ds.error().message.find("水月院 3号楼 1单元 301"), std::string::npos);
}

// ------------------------------------------------------------------ the tally in words
// The percentages shown beside the exact fractions never contradict the verdict: over every share
// num/den (den <= 300) and the usual thresholds, the reached percentage compares with the needed
// one exactly as the fraction compares with the threshold. Plain rounding down (the old display)
// shows 2/3 - ε as "66.66%" against a needed "66.66%".
TEST(VotePercent, NeverShowsAFailingShareAsMeetingItsThreshold) {
  const auto bp = [](const std::string& p) {
    const auto dot = p.find('.');
    return std::stoll(p.substr(0, dot)) * 100 + std::stoll(p.substr(dot + 1));
  };
  for (const VoteThreshold& t : {VoteThreshold{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {2, 3}, true},
                                 VoteThreshold{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {3, 4}, true},
                                 VoteThreshold{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {1, 2}, false},
                                 VoteThreshold{VoteMeasure::kApproval, VoteBasis::kArea, VoteOver::kParticipants, {2, 3}, false}}) {
    const std::int64_t needed = bp(NeededPercent(t));
    // Every share with a small denominator, and the shares next to the threshold for large ones
    // (areas in centiares): 66666/100000 is just under 2/3 and floors to the same 66.66.
    std::vector<std::pair<std::int64_t, std::int64_t>> shares;
    for (std::int64_t den = 1; den <= 300; ++den)
      for (std::int64_t num = 0; num <= den; ++num) shares.push_back({num, den});
    for (std::int64_t den : {9999LL, 10000LL, 30001LL, 100000LL, 100001LL, 86262LL, 3285000LL})
      for (std::int64_t k = -3; k <= 3; ++k) shares.push_back({den * t.needed.num / t.needed.den + k, den});
    for (auto [num, den] : shares) {
        ThresholdResult r{t, "agree", num, den, MeetsThreshold(num, den, t.needed, t.inclusive)};
        const std::int64_t reached = bp(ReachedPercent(r));
        const bool looks_met = t.inclusive ? reached >= needed : reached > needed;
        ASSERT_EQ(looks_met, r.met) << num << "/" << den << " vs " << t.needed.ToString() << " shows "
                                    << ReachedPercent(r) << " against " << NeededPercent(t);
      }
  }
  // The boundaries by hand: centiares just under two thirds of the area.
  const VoteThreshold two_thirds{VoteMeasure::kParticipation, VoteBasis::kArea, VoteOver::kElectorate, {2, 3}, true};
  EXPECT_EQ(NeededPercent(two_thirds), "66.67");
  EXPECT_EQ(ReachedPercent({two_thirds, "", 66666, 100000, false}), "66.66");
  EXPECT_EQ(ReachedPercent({two_thirds, "", 204, 306, true}), "66.67");  // exactly 2/3 passes
  EXPECT_EQ(ReachedPercent({two_thirds, "", 205, 306, true}), "66.99");  // nearest when it agrees
  EXPECT_EQ(ReachedPercent({two_thirds, "", 203, 306, false}), "66.34");
  const VoteThreshold half{VoteMeasure::kApproval, VoteBasis::kHeadcount, VoteOver::kParticipants, {1, 2}, false};
  EXPECT_EQ(NeededPercent(half), "50.00");
  EXPECT_EQ(ReachedPercent({half, "agree", 6, 12, false}), "50.00");  // "50.00%" is not "> 50.00%"
  EXPECT_EQ(ReachedPercent({half, "agree", 10001, 20000, true}), "50.01");
  EXPECT_EQ(PercentText(1, 3, false), "33.33");
  EXPECT_EQ(PercentText(1, 3, true), "33.34");
  EXPECT_EQ(PercentText(5, 0, true), "0.00");
}

TEST(VoteDescribe, TheElevatorResultInPlainChinese) {
  std::vector<Dwelling> ds;
  for (int floor = 1; floor <= 6; ++floor) {
    ds.push_back(D(floor * 100 + 1, 7532));
    ds.push_back(D(floor * 100 + 2, 6845));
  }
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  std::vector<Ballot> bs;
  for (const auto& d : e->dwellings) {
    const Id h = d.household_id;
    bs.push_back(B(h, h == 101 || h == 102 || h == 201 || h == 202 ? "disagree" : "agree"));
  }
  const auto v = Vote(VoteRuleSet::kCivilCodeMajor);
  const auto t = MustTally(v, *e, bs);
  const auto lines = DescribeTallyZh(v, t);
  ASSERT_GE(lines.size(), 9u);
  EXPECT_EQ(lines[1],
            "参与表决：专有部分面积 862.62 平方米中的 862.62 平方米（100.00%），业主 12 人中的 12 "
            "人（100.00%），12 户中的 12 户");
  EXPECT_EQ(lines[2], "同意：面积 575.08 平方米，8 人，8 户");
  bool found = false;
  for (const auto& l : lines) {
    found = found || l == "条件：同意的业主人数占参与表决的比例 ≥ 3/4 —— 实际 8 人 / 12 人（66.67%，需≥ 75.00%），未达到";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(lines.back(), "结果：未通过");
}

TEST(VoteDescribe, NonVotersLineWhenTheyCount) {
  const auto e = Uniform(120);
  std::vector<Ballot> bs;
  Cast(bs, 1, 50, "agree");
  Cast(bs, 51, 20, "disagree");
  auto v = Vote(VoteRuleSet::kCivilCodeOrdinary);
  v.non_voters_follow_majority = true;
  const auto lines = DescribeTallyZh(v, MustTally(v, e, bs));
  bool found = false;
  for (const auto& l : lines) found = found || l.find("未参与表决的业主计入多数意见") != std::string::npos;
  EXPECT_TRUE(found);
  EXPECT_EQ(lines.back(), "结果：通过");
}

}  // namespace
}  // namespace linli

namespace linli {
namespace {

TEST(VoteSnapshot, StoredElectorateKeepsTheVotersWithoutPersonalData) {
  std::vector<Dwelling> ds{D(1, 9000, {"id:110101199003071234"}),
                           D(2, 8000, {"id:110101199003071234"}),
                           D(3, 7000, {"id:220101198001011111", "id:330101198502022222"}),
                           D(4, 12000, {"developer"}, true),
                           D(5, 12000, {"developer"}, true),
                           D(6, 6000)};
  auto e = BuildElectorate(ds);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->headcount, 4);
  const auto snap = SnapshotDwellings(*e);
  for (const auto& d : snap) {
    ASSERT_EQ(d.owner_keys.size(), 1u);
    EXPECT_EQ(d.owner_keys[0].rfind("voter:", 0), 0u);  // no ID numbers kept
  }
  EXPECT_TRUE(snap[3].developer_unsold);
  auto again = BuildElectorate(snap);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->headcount, e->headcount);
  EXPECT_EQ(again->voter_of, e->voter_of);
  EXPECT_EQ(again->total_area, e->total_area);
}

TEST(VoteSnapshot, DwellingsOfTheSameVoter) {
  auto e = BuildElectorate({D(1, 9000, {"a"}), D(2, 9000, {"b"}), D(3, 9000, {"a"})});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(DwellingsOfSameVoter(*e, 3), (std::vector<Id>{3, 1}));
  EXPECT_EQ(DwellingsOfSameVoter(*e, 2), (std::vector<Id>{2}));
  EXPECT_TRUE(DwellingsOfSameVoter(*e, 9).empty());
}

}  // namespace
}  // namespace linli
