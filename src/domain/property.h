// Property management (物业管理, issue 5 item 5): per compound the property company's contract
// (dates, the fee per m² per month, a government subsidy schedule by contract year), each
// household's yearly share computed from its area, and the residents' yearly ratings of the
// company. Pure: no I/O, no clock — "today" is passed in as a local day "YYYY-MM-DD".
//
// Money is integer fen (1/100 元); areas are integer centiares (1/100 m², see vote.h).
// Rounding rule (the one rule, stated once): a yearly fee and a subsidy are rounded HALF UP to the
// fen; the owner pays the rest (yearly fee − subsidy), so subsidy + owner = fee exactly.
//   yearly_fee_fen = round_half_up(area_centiares × fee_fen_per_m2_month × 12 / 100)
//   subsidy_fen    = round_half_up(yearly_fee_fen × government_percent / 100)
//   owner_pays_fen = yearly_fee_fen − subsidy_fen
// Example: 58.37 m² at 85 分/m²/月: 5837 × 85 × 12 / 100 = 59537.4 → 59537 分 (595.37 元) a year;
// a 70 % subsidy: 41675.9 → 41676 分; the owner pays 17861 分.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace linli {

// The government's share in contract year `year_index` (1 = the first year from starts_on).
// Years the schedule does not name: 0 %.
struct SubsidyYear {
  int year_index = 0;          // 1..
  int government_percent = 0;  // 0..100
};

// A property service contract of one compound. Days are local "YYYY-MM-DD"; ends_on is the last
// day served (inclusive).
struct PropertyContract {
  Id id = 0;
  Id compound_id = 0;
  std::string company_name;            // 物业服务企业, 1..100 characters
  std::optional<Id> company_user_id;   // the company's linli account, if any
  std::string contact;                 // person and phone as written by staff, ≤ 100 characters
  std::string starts_on, ends_on;
  std::int64_t fee_fen_per_m2_month = 0;  // 1..5000 (0.01 元 .. 50 元 per m² per month)
  std::vector<SubsidyYear> subsidy;       // ordered by year_index
  std::string created_by, created_at, updated_by, updated_at;
};

inline constexpr std::int64_t kFeeFenMax = 5000;
inline constexpr int kContractYearsMax = 30;
inline constexpr std::size_t kCompanyNameMax = 100, kContactMax = 100, kRatingCommentMax = 500;

// Field checks of a contract (what PUT .../contract accepts). Returns the contract with trimmed
// texts and the subsidy sorted by year_index, or kInvalidArgument listing every problem:
//   company_name required|too_long; contact too_long; starts_on / ends_on required|date_format;
//   ends_on before_start (ends_on < starts_on) | too_long (more than kContractYearsMax years);
//   fee_fen_per_m2_month range (1..kFeeFenMax);
//   subsidy[i].year_index range (< 1) | duplicate | beyond_contract (after the contract's last year);
//   subsidy[i].government_percent range (0..100).
Result<PropertyContract> ValidateContract(const PropertyContract& c);

// "YYYY-MM-DD" that is a real day -> days since 1970-01-01; nullopt otherwise.
std::optional<std::int64_t> ParseDay(std::string_view day);
// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string FormatDay(std::int64_t days);
// "2026-11-29" -> "2026年11月29日" (the text unchanged when it is not a day).
std::string ChineseDay(std::string_view day);

// The contract years: year k runs from the k-1-th anniversary of starts_on to the day before the
// k-th (a 29 February start has its anniversaries on 28 February), the last one cut at ends_on.
struct ContractYear {
  int year_index = 0;
  std::string starts_on, ends_on;  // inclusive
  int government_percent = 0;
};
// Every year of a valid contract (at least one).
std::vector<ContractYear> ContractYears(const PropertyContract& c);
// The contract year holding `day`; nullopt before starts_on, after ends_on, or for a bad day.
std::optional<int> ContractYearAt(const PropertyContract& c, std::string_view day);
// The contract to show as a compound's current one at local day `today`: the one in force, else
// the next one to start, else the last one that ended. nullopt when there is none. `contracts`
// ordered by starts_on.
std::optional<std::size_t> CurrentContractIndex(const std::vector<PropertyContract>& contracts,
                                                std::string_view today);
// The government's percent in year `year_index` (0 when the schedule does not name it).
int GovernmentPercent(const PropertyContract& c, int year_index);

// The yearly fee of `area_centiares` at `fee_fen_per_m2_month` (rounded half up; 0 for area ≤ 0).
std::int64_t YearlyFeeFen(std::int64_t area_centiares, std::int64_t fee_fen_per_m2_month);
// The government's part of `yearly_fee_fen` at `percent` (rounded half up).
std::int64_t SubsidyFen(std::int64_t yearly_fee_fen, int percent);

// One household's share in one contract year.
struct HouseholdArea {
  Id household_id = 0;
  std::string address;
  std::int64_t area_centiares = 0;
  bool developer_unsold = false;  // the developer pays for an unsold dwelling
};
struct HouseholdShare {
  Id household_id = 0;
  std::string address;
  std::int64_t area_centiares = 0;
  bool developer_unsold = false;
  std::int64_t yearly_fee_fen = 0, subsidy_fen = 0, owner_pays_fen = 0;
};
struct ShareTotals {
  std::int64_t households = 0, area_centiares = 0;
  std::int64_t yearly_fee_fen = 0, subsidy_fen = 0, owner_pays_fen = 0;  // sums of the lines
};
struct Shares {
  int year_index = 0;
  int government_percent = 0;
  std::vector<HouseholdShare> per_household;  // in the order given
  ShareTotals totals;
};
// The shares of `households` in contract year `year_index` (1..; years beyond the schedule get 0 %).
Shares ComputeShares(const PropertyContract& c, int year_index, const std::vector<HouseholdArea>& households);

// ------------------------------------------------------------------ ratings
// A household's rating of the company for one calendar year (1..5 stars).
struct PropertyRating {
  Id id = 0;
  Id compound_id = 0;
  Id contract_id = 0;
  Id household_id = 0;
  std::optional<Id> user_id;
  int year = 0;
  int score = 0;
  std::string comment;  // ≤ kRatingCommentMax characters
  std::string at;       // ISO UTC
};
// Field checks of a new rating given the current local year: score range (1..5); comment too_long;
// year range (only this year or last year: a year is rated once, at its end or early next year).
// Returns the rating with the comment trimmed, or kInvalidArgument listing every problem.
Result<PropertyRating> ValidateRating(const PropertyRating& r, int current_year);

// How many ratings of each score one year has (by_score[0] = 1 star … by_score[4] = 5 stars).
struct RatingCounts {
  int year = 0;
  std::int64_t by_score[5] = {0, 0, 0, 0, 0};
};
// The summary of one year. `average` and `satisfied_share` are for reading (rounded to 2 and 4
// decimals); the rule below uses exact integers.
struct RatingSummary {
  int year = 0;
  std::int64_t count = 0, sum = 0, satisfied = 0;  // satisfied = 4 or 5 stars
  std::int64_t by_score[5] = {0, 0, 0, 0, 0};
  double average = 0;          // sum / count
  double satisfied_share = 0;  // satisfied / count
  bool low = false;            // LowRating
};
// The low-rating rule: at least `min_count` ratings in the year AND (average < 3 stars OR fewer
// than 60 % satisfied). Exact: sum < 3·count OR 5·satisfied < 3·count.
struct RatingRules {
  std::int64_t min_count = 5;
};
RatingSummary SummarizeRatings(const RatingCounts& counts, const RatingRules& rules = {});

}  // namespace linli
