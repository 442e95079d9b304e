// Property management rules on hand-computed cases: the yearly fee from the area, the half-up
// rounding to the fen, the 100/70/30 subsidy years, contract years and validation, ratings.
#include "domain/property.h"

#include <gtest/gtest.h>

namespace linli {
namespace {

PropertyContract SourcesContract() {  // the sources' case: 2020, three years, 100/70/30
  PropertyContract c;
  c.compound_id = 1;
  c.company_name = "  北京和泰物业管理有限公司 ";
  c.contact = "张经理 13800001234";
  c.starts_on = "2020-07-01";
  c.ends_on = "2023-06-30";
  c.fee_fen_per_m2_month = 85;  // 0.85 元/m²/月
  c.subsidy = {{3, 30}, {1, 100}, {2, 70}};
  return c;
}

bool HasProblem(const Error& e, const std::string& field, const std::string& reason) {
  for (const auto& d : e.details)
    if (d.field == field && d.reason == reason) return true;
  return false;
}

TEST(PropertyFee, YearlyFeeIsAreaTimesFeeTimesTwelveRoundedHalfUpToTheFen) {
  // 58.37 m² × 85 分 × 12 = 59537.4 分 -> 59537 (down)
  EXPECT_EQ(YearlyFeeFen(5837, 85), 59537);
  // 58.38 m² × 85 × 12 = 59547.6 -> 59548 (up)
  EXPECT_EQ(YearlyFeeFen(5838, 85), 59548);
  // 100 m² × 1.20 元 × 12 = 1440 元 exactly
  EXPECT_EQ(YearlyFeeFen(10000, 120), 144000);
  // 0.01 m² at 1 分: 0.12 分 -> 0
  EXPECT_EQ(YearlyFeeFen(1, 1), 0);
  // 0.05 m² at 1 分: 0.6 分 -> 1
  EXPECT_EQ(YearlyFeeFen(5, 1), 1);
  EXPECT_EQ(YearlyFeeFen(0, 85), 0);
  // the largest: 99 999.99 m² at 50 元 — no overflow
  EXPECT_EQ(YearlyFeeFen(9999999, 5000), 5999999400);
}

TEST(PropertyFee, SubsidyRoundsHalfUpAndTheOwnerPaysTheRestExactly) {
  EXPECT_EQ(SubsidyFen(59537, 100), 59537);
  EXPECT_EQ(SubsidyFen(59537, 70), 41676);  // 41675.9
  EXPECT_EQ(SubsidyFen(59537, 30), 17861);  // 17861.1
  EXPECT_EQ(SubsidyFen(59537, 50), 29769);  // 29768.5 -> half up
  EXPECT_EQ(SubsidyFen(59537, 0), 0);
  EXPECT_EQ(SubsidyFen(1, 50), 1);  // 0.5 分 -> 1
  EXPECT_EQ(SubsidyFen(1, 49), 0);
}

TEST(PropertyFee, SharesPerContractYearFollowTheSchedule) {
  auto c = ValidateContract(SourcesContract());
  ASSERT_TRUE(c.ok()) << c.error().message;
  std::vector<HouseholdArea> hs = {{1, "水月院甲2号 1单元 101", 5837, false},
                                   {2, "水月院甲2号 1单元 102", 7250, false},
                                   {3, "水月院甲2号 1单元 201", 4512, true}};
  // 72.50 m²: 72.5 × 0.85 × 12 = 739.50 元; 45.12 m²: 460.224 元 -> 46022 分
  Shares y1 = ComputeShares(*c, 1, hs);
  EXPECT_EQ(y1.government_percent, 100);
  ASSERT_EQ(y1.per_household.size(), 3u);
  EXPECT_EQ(y1.per_household[1].yearly_fee_fen, 73950);
  EXPECT_EQ(y1.per_household[2].yearly_fee_fen, 46022);
  EXPECT_TRUE(y1.per_household[2].developer_unsold);
  EXPECT_EQ(y1.totals.yearly_fee_fen, 59537 + 73950 + 46022);
  EXPECT_EQ(y1.totals.subsidy_fen, y1.totals.yearly_fee_fen);
  EXPECT_EQ(y1.totals.owner_pays_fen, 0);
  EXPECT_EQ(y1.totals.area_centiares, 5837 + 7250 + 4512);
  EXPECT_EQ(y1.totals.households, 3);

  Shares y2 = ComputeShares(*c, 2, hs);
  EXPECT_EQ(y2.government_percent, 70);
  EXPECT_EQ(y2.per_household[0].subsidy_fen, 41676);
  EXPECT_EQ(y2.per_household[0].owner_pays_fen, 17861);
  EXPECT_EQ(y2.per_household[1].subsidy_fen, 51765);  // 73950 × 0.7 exactly
  EXPECT_EQ(y2.per_household[2].subsidy_fen, 32215);  // 32215.4
  EXPECT_EQ(y2.totals.subsidy_fen, 41676 + 51765 + 32215);
  EXPECT_EQ(y2.totals.subsidy_fen + y2.totals.owner_pays_fen, y2.totals.yearly_fee_fen);

  Shares y3 = ComputeShares(*c, 3, hs);
  EXPECT_EQ(y3.government_percent, 30);
  EXPECT_EQ(y3.per_household[0].owner_pays_fen, 59537 - 17861);
  // a year the schedule does not name: the owner pays everything
  Shares y4 = ComputeShares(*c, 4, hs);
  EXPECT_EQ(y4.government_percent, 0);
  EXPECT_EQ(y4.totals.owner_pays_fen, y4.totals.yearly_fee_fen);
}

TEST(PropertyContractYears, AnniversariesSplitTheContract) {
  auto c = ValidateContract(SourcesContract());
  ASSERT_TRUE(c.ok());
  auto years = ContractYears(*c);
  ASSERT_EQ(years.size(), 3u);
  EXPECT_EQ(years[0].starts_on, "2020-07-01");
  EXPECT_EQ(years[0].ends_on, "2021-06-30");
  EXPECT_EQ(years[1].starts_on, "2021-07-01");
  EXPECT_EQ(years[2].ends_on, "2023-06-30");
  EXPECT_EQ(years[0].government_percent, 100);
  EXPECT_EQ(years[1].government_percent, 70);
  EXPECT_EQ(years[2].government_percent, 30);
  EXPECT_EQ(ContractYearAt(*c, "2020-06-30"), std::nullopt);
  EXPECT_EQ(ContractYearAt(*c, "2020-07-01"), 1);
  EXPECT_EQ(ContractYearAt(*c, "2021-06-30"), 1);
  EXPECT_EQ(ContractYearAt(*c, "2021-07-01"), 2);
  EXPECT_EQ(ContractYearAt(*c, "2023-06-30"), 3);
  EXPECT_EQ(ContractYearAt(*c, "2023-07-01"), std::nullopt);
  EXPECT_EQ(ContractYearAt(*c, "2021-13-01"), std::nullopt);

  // a 29 February start: its anniversary is 28 February in a common year; a short last year
  PropertyContract leap = SourcesContract();
  leap.starts_on = "2024-02-29";
  leap.ends_on = "2025-12-31";
  leap.subsidy = {};
  auto ly = ContractYears(leap);
  ASSERT_EQ(ly.size(), 2u);
  EXPECT_EQ(ly[0].ends_on, "2025-02-27");
  EXPECT_EQ(ly[1].starts_on, "2025-02-28");
  EXPECT_EQ(ly[1].ends_on, "2025-12-31");
  EXPECT_EQ(ContractYearAt(leap, "2025-02-28"), 2);
}

TEST(PropertyContractValidation, ReturnsTheCleanContract) {
  auto c = ValidateContract(SourcesContract());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->company_name, "北京和泰物业管理有限公司");
  ASSERT_EQ(c->subsidy.size(), 3u);
  EXPECT_EQ(c->subsidy[0].year_index, 1);
  EXPECT_EQ(c->subsidy[2].year_index, 3);
}

TEST(PropertyContractValidation, NamesEveryBadField) {
  PropertyContract c = SourcesContract();
  c.company_name = "  ";
  c.starts_on = "2023-07-01";
  c.ends_on = "2023-06-30";
  c.fee_fen_per_m2_month = 0;
  c.subsidy = {{1, 101}, {1, 50}, {0, 10}};
  auto r = ValidateContract(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  const Error& e = r.error();
  EXPECT_TRUE(HasProblem(e, "company_name", "required"));
  EXPECT_TRUE(HasProblem(e, "ends_on", "before_start"));
  EXPECT_TRUE(HasProblem(e, "fee_fen_per_m2_month", "range"));
  EXPECT_TRUE(HasProblem(e, "subsidy[0].government_percent", "range"));
  EXPECT_TRUE(HasProblem(e, "subsidy[1].year_index", "duplicate"));
  EXPECT_TRUE(HasProblem(e, "subsidy[2].year_index", "range"));
  EXPECT_EQ(e.field, "company_name");

  PropertyContract d = SourcesContract();
  d.starts_on = "2020-02-30";
  d.ends_on = "";
  d.fee_fen_per_m2_month = kFeeFenMax + 1;
  auto r2 = ValidateContract(d);
  ASSERT_FALSE(r2.ok());
  EXPECT_TRUE(HasProblem(r2.error(), "starts_on", "date_format"));
  EXPECT_TRUE(HasProblem(r2.error(), "ends_on", "required"));
  EXPECT_TRUE(HasProblem(r2.error(), "fee_fen_per_m2_month", "range"));

  // a subsidy year after the contract's last year; a contract of more than 30 years
  PropertyContract e3 = SourcesContract();
  e3.subsidy = {{4, 10}};
  EXPECT_TRUE(HasProblem(ValidateContract(e3).error(), "subsidy[0].year_index", "beyond_contract"));
  PropertyContract e4 = SourcesContract();
  e4.ends_on = "2050-07-01";
  EXPECT_TRUE(HasProblem(ValidateContract(e4).error(), "ends_on", "too_long"));
  e4.ends_on = "2050-06-30";  // exactly 30 years
  EXPECT_TRUE(ValidateContract(e4).ok());
  // a one-day contract is allowed
  PropertyContract e5 = SourcesContract();
  e5.ends_on = e5.starts_on;
  e5.subsidy = {{1, 100}};
  EXPECT_TRUE(ValidateContract(e5).ok());
}

TEST(PropertyContractYears, TheCurrentContractIsTheOneInForceElseTheNextElseTheLast) {
  PropertyContract a = SourcesContract(), b = SourcesContract();
  a.ends_on = "2023-06-30";
  b.starts_on = "2024-01-01", b.ends_on = "2026-12-31";
  std::vector<PropertyContract> cs = {a, b};
  EXPECT_EQ(CurrentContractIndex({}, "2026-11-29"), std::nullopt);
  EXPECT_EQ(CurrentContractIndex(cs, "2019-01-01"), 0u);  // the next to start
  EXPECT_EQ(CurrentContractIndex(cs, "2023-06-30"), 0u);  // in force, last day
  EXPECT_EQ(CurrentContractIndex(cs, "2023-07-01"), 1u);  // the gap: the next to start
  EXPECT_EQ(CurrentContractIndex(cs, "2026-11-29"), 1u);
  EXPECT_EQ(CurrentContractIndex(cs, "2027-01-01"), 1u);  // all ended: the last
}

TEST(PropertyDays, ParseFormatAndChinese) {
  EXPECT_EQ(ParseDay("2026-11-29"), ParseDay("2026-11-28").value() + 1);
  EXPECT_EQ(ParseDay("2026-02-29"), std::nullopt);
  EXPECT_EQ(ParseDay("2026-1-29"), std::nullopt);
  EXPECT_EQ(FormatDay(ParseDay("2024-02-29").value()), "2024-02-29");
  EXPECT_EQ(ChineseDay("2026-11-29"), "2026年11月29日");
  EXPECT_EQ(ChineseDay("2026-01-05"), "2026年1月5日");
}

TEST(PropertyRatings, ValidationNamesTheField) {
  PropertyRating r;
  r.year = 2026, r.score = 5, r.comment = " 保洁及时 ";
  auto ok = ValidateRating(r, 2026);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->comment, "保洁及时");
  r.year = 2025;
  EXPECT_TRUE(ValidateRating(r, 2026).ok());
  r.year = 2024, r.score = 0;
  auto bad = ValidateRating(r, 2026);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(HasProblem(bad.error(), "score", "range"));
  EXPECT_TRUE(HasProblem(bad.error(), "year", "range"));
  r.year = 2027, r.score = 6;
  EXPECT_TRUE(HasProblem(ValidateRating(r, 2026).error(), "year", "range"));
  EXPECT_TRUE(HasProblem(ValidateRating(r, 2026).error(), "score", "range"));
}

TEST(PropertyRatings, SummaryAndTheLowRatingRuleAtItsBoundaries) {
  // one of each: average exactly 3 (not below), 40 % satisfied -> low
  RatingSummary a = SummarizeRatings({2026, {1, 1, 1, 1, 1}});
  EXPECT_EQ(a.count, 5);
  EXPECT_DOUBLE_EQ(a.average, 3.0);
  EXPECT_DOUBLE_EQ(a.satisfied_share, 0.4);
  EXPECT_TRUE(a.low);
  // 3,3,4,4,4: average 3.6, exactly 60 % satisfied -> not low
  RatingSummary b = SummarizeRatings({2026, {0, 0, 2, 3, 0}});
  EXPECT_DOUBLE_EQ(b.average, 3.6);
  EXPECT_DOUBLE_EQ(b.satisfied_share, 0.6);
  EXPECT_FALSE(b.low);
  // 1,1,4,4,4: 60 % satisfied but average 2.8 < 3 -> low
  RatingSummary c = SummarizeRatings({2026, {2, 0, 0, 3, 0}});
  EXPECT_DOUBLE_EQ(c.average, 2.8);
  EXPECT_TRUE(c.low);
  // four 1-star ratings: fewer than the minimum of 5 -> not (yet) low
  EXPECT_FALSE(SummarizeRatings({2026, {4, 0, 0, 0, 0}}).low);
  EXPECT_TRUE(SummarizeRatings({2026, {4, 0, 0, 0, 0}}, RatingRules{.min_count = 1}).low);
  // 2,3,5: average 3.33 (rounded for reading), 1/3 satisfied
  RatingSummary d = SummarizeRatings({2026, {0, 1, 1, 0, 1}}, RatingRules{.min_count = 3});
  EXPECT_DOUBLE_EQ(d.average, 3.33);
  EXPECT_DOUBLE_EQ(d.satisfied_share, 0.3333);
  EXPECT_TRUE(d.low);
  // nothing rated: nothing to say
  RatingSummary e = SummarizeRatings({2026, {0, 0, 0, 0, 0}});
  EXPECT_EQ(e.count, 0);
  EXPECT_FALSE(e.low);
}

}  // namespace
}  // namespace linli
