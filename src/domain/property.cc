#include "domain/property.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "domain/civil_date.h"
#include "domain/text_util.h"

namespace linli {

namespace {

Error Collect(std::vector<FieldError> problems) {
  Error e{ErrorCode::kInvalidArgument, problems.front().message, problems.front().field, std::move(problems)};
  return e;
}

// `days` moved by `years` calendar years; 29 February becomes 28 February in a common year.
std::int64_t AddYears(std::int64_t days, int years) {
  civil::Date d = civil::CivilFromDays(days);
  std::int64_t y = d.year + years;
  unsigned day = std::min(d.day, civil::DaysInMonth(y, d.month));
  return civil::DaysFromCivil(y, d.month, day);
}

std::int64_t RoundHalfUpDiv(std::int64_t num, std::int64_t den) {  // num ≥ 0, den > 0
  return (num + den / 2) / den;
}

}  // namespace

std::optional<std::int64_t> ParseDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k)
    for (std::size_t i = starts[k]; i < starts[k] + lens[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (s[i] - '0');
    }
  if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1) return std::nullopt;
  if (static_cast<unsigned>(v[2]) > civil::DaysInMonth(v[0], static_cast<unsigned>(v[1]))) return std::nullopt;
  return civil::DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
}

std::string FormatDay(std::int64_t days) {
  civil::Date d = civil::CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(d.year), d.month, d.day);
  return buf;
}

std::string ChineseDay(std::string_view day) {
  auto days = ParseDay(day);
  if (!days) return std::string(day);
  civil::Date d = civil::CivilFromDays(*days);
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

Result<PropertyContract> ValidateContract(const PropertyContract& in) {
  PropertyContract c = in;
  std::vector<FieldError> problems;
  c.company_name = std::string(text::Trim(c.company_name));
  c.contact = std::string(text::Trim(c.contact));
  if (c.company_name.empty())
    problems.push_back({"company_name", "required", "请填写物业服务企业名称"});
  else if (text::CodePointCount(c.company_name) > kCompanyNameMax)
    problems.push_back({"company_name", "too_long", "物业服务企业名称最长 100 个字"});
  if (text::CodePointCount(c.contact) > kContactMax)
    problems.push_back({"contact", "too_long", "联系人和电话最长 100 个字"});
  std::optional<std::int64_t> start, end;
  if (c.starts_on.empty())
    problems.push_back({"starts_on", "required", "请填写合同开始日期"});
  else if (!(start = ParseDay(c.starts_on)))
    problems.push_back({"starts_on", "date_format", "合同开始日期应为 2026-11-29 这样的日期"});
  if (c.ends_on.empty())
    problems.push_back({"ends_on", "required", "请填写合同结束日期"});
  else if (!(end = ParseDay(c.ends_on)))
    problems.push_back({"ends_on", "date_format", "合同结束日期应为 2026-11-29 这样的日期"});
  int years = 0;
  if (start && end) {
    if (*end < *start) {
      problems.push_back({"ends_on", "before_start", "合同结束日期不能早于开始日期"});
    } else if (AddYears(*start, kContractYearsMax) <= *end) {
      problems.push_back({"ends_on", "too_long", "合同期限最长 30 年"});
    } else {
      while (years < kContractYearsMax && AddYears(*start, years) <= *end) ++years;
    }
  }
  if (c.fee_fen_per_m2_month < 1 || c.fee_fen_per_m2_month > kFeeFenMax)
    problems.push_back({"fee_fen_per_m2_month", "range", "物业费应在每月每平方米 0.01 元到 50 元之间"});
  std::set<int> seen;
  for (std::size_t i = 0; i < c.subsidy.size(); ++i) {
    const SubsidyYear& s = c.subsidy[i];
    const std::string at = "subsidy[" + std::to_string(i) + "]";
    if (s.year_index < 1)
      problems.push_back({at + ".year_index", "range", "补贴年度从第 1 年开始"});
    else if (!seen.insert(s.year_index).second)
      problems.push_back({at + ".year_index", "duplicate", "第 " + std::to_string(s.year_index) + " 年的补贴重复了"});
    else if (years > 0 && s.year_index > years)
      problems.push_back({at + ".year_index", "beyond_contract",
                          "合同只有 " + std::to_string(years) + " 年，没有第 " + std::to_string(s.year_index) + " 年"});
    if (s.government_percent < 0 || s.government_percent > 100)
      problems.push_back({at + ".government_percent", "range", "政府补贴比例应在 0 到 100 之间"});
  }
  if (!problems.empty()) return Collect(std::move(problems));
  std::sort(c.subsidy.begin(), c.subsidy.end(),
            [](const SubsidyYear& a, const SubsidyYear& b) { return a.year_index < b.year_index; });
  return c;
}

std::vector<ContractYear> ContractYears(const PropertyContract& c) {
  std::vector<ContractYear> out;
  auto start = ParseDay(c.starts_on), end = ParseDay(c.ends_on);
  if (!start || !end || *end < *start) return out;
  for (int k = 1; k <= kContractYearsMax; ++k) {
    std::int64_t from = AddYears(*start, k - 1);
    if (from > *end) break;
    std::int64_t to = std::min(AddYears(*start, k) - 1, *end);
    out.push_back({k, FormatDay(from), FormatDay(to), GovernmentPercent(c, k)});
  }
  return out;
}

std::optional<int> ContractYearAt(const PropertyContract& c, std::string_view day) {
  auto d = ParseDay(day);
  auto start = ParseDay(c.starts_on), end = ParseDay(c.ends_on);
  if (!d || !start || !end || *d < *start || *d > *end) return std::nullopt;
  int k = 1;
  while (k < kContractYearsMax && AddYears(*start, k) <= *d) ++k;
  return k;
}

std::optional<std::size_t> CurrentContractIndex(const std::vector<PropertyContract>& contracts,
                                                std::string_view today) {
  if (contracts.empty()) return std::nullopt;
  for (std::size_t i = 0; i < contracts.size(); ++i)
    if (contracts[i].starts_on <= today && today <= contracts[i].ends_on) return i;
  for (std::size_t i = 0; i < contracts.size(); ++i)
    if (contracts[i].starts_on > today) return i;
  return contracts.size() - 1;
}

int GovernmentPercent(const PropertyContract& c, int year_index) {
  for (const auto& s : c.subsidy)
    if (s.year_index == year_index) return s.government_percent;
  return 0;
}

std::int64_t YearlyFeeFen(std::int64_t area_centiares, std::int64_t fee_fen_per_m2_month) {
  if (area_centiares <= 0 || fee_fen_per_m2_month <= 0) return 0;
  return RoundHalfUpDiv(area_centiares * fee_fen_per_m2_month * 12, 100);
}

std::int64_t SubsidyFen(std::int64_t yearly_fee_fen, int percent) {
  if (yearly_fee_fen <= 0 || percent <= 0) return 0;
  if (percent >= 100) return yearly_fee_fen;
  return RoundHalfUpDiv(yearly_fee_fen * percent, 100);
}

Shares ComputeShares(const PropertyContract& c, int year_index, const std::vector<HouseholdArea>& households) {
  Shares s;
  s.year_index = year_index;
  s.government_percent = GovernmentPercent(c, year_index);
  s.per_household.reserve(households.size());
  for (const auto& h : households) {
    HouseholdShare line;
    line.household_id = h.household_id;
    line.address = h.address;
    line.area_centiares = h.area_centiares;
    line.developer_unsold = h.developer_unsold;
    line.yearly_fee_fen = YearlyFeeFen(h.area_centiares, c.fee_fen_per_m2_month);
    line.subsidy_fen = SubsidyFen(line.yearly_fee_fen, s.government_percent);
    line.owner_pays_fen = line.yearly_fee_fen - line.subsidy_fen;
    s.totals.households += 1;
    s.totals.area_centiares += line.area_centiares;
    s.totals.yearly_fee_fen += line.yearly_fee_fen;
    s.totals.subsidy_fen += line.subsidy_fen;
    s.totals.owner_pays_fen += line.owner_pays_fen;
    s.per_household.push_back(std::move(line));
  }
  return s;
}

Result<PropertyRating> ValidateRating(const PropertyRating& in, int current_year) {
  PropertyRating r = in;
  std::vector<FieldError> problems;
  r.comment = std::string(text::Trim(r.comment));
  if (r.score < 1 || r.score > 5) problems.push_back({"score", "range", "请打 1 到 5 颗星"});
  if (text::CodePointCount(r.comment) > kRatingCommentMax)
    problems.push_back({"comment", "too_long", "评价最长 500 个字"});
  if (r.year != current_year && r.year != current_year - 1)
    problems.push_back({"year", "range", "只能评价今年或去年的物业服务"});
  if (!problems.empty()) return Collect(std::move(problems));
  return r;
}

RatingSummary SummarizeRatings(const RatingCounts& counts, const RatingRules& rules) {
  RatingSummary s;
  s.year = counts.year;
  for (int i = 0; i < 5; ++i) {
    s.by_score[i] = counts.by_score[i];
    s.count += counts.by_score[i];
    s.sum += counts.by_score[i] * (i + 1);
  }
  s.satisfied = counts.by_score[3] + counts.by_score[4];
  if (s.count > 0) {
    s.average = std::round(static_cast<double>(s.sum) * 100.0 / static_cast<double>(s.count)) / 100.0;
    s.satisfied_share =
        std::round(static_cast<double>(s.satisfied) * 10000.0 / static_cast<double>(s.count)) / 10000.0;
  }
  s.low = s.count > 0 && s.count >= rules.min_count && (s.sum < 3 * s.count || 5 * s.satisfied < 3 * s.count);
  return s;
}

}  // namespace linli
