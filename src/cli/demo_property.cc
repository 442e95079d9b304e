#include "cli/demo_property.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "domain/civil_date.h"
#include "domain/property.h"
#include "store/property.h"
#include "store/votes.h"

namespace linli::cli {

namespace {

// A small deterministic generator (the demo is the same every run).
struct Lcg {
  std::uint64_t s;
  std::uint64_t Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
};

// A score drawn from weights for 1..5 stars.
int Draw(Lcg& rng, const int (&weights)[5]) {
  int total = 0;
  for (int w : weights) total += w;
  int x = rng.Below(total);
  for (int i = 0; i < 5; ++i) {
    if (x < weights[i]) return i + 1;
    x -= weights[i];
  }
  return 5;
}

constexpr const char* kGoodComments[] = {"保洁及时，楼道干净多了", "门口有人值守，安心", "报修当天就来人了", "", "", ""};
constexpr const char* kBadComments[] = {"垃圾好几天不清", "报修没人管", "收费了服务没跟上", "电梯坏了一周", "", ""};

}  // namespace

Result<DemoPropertySummary> AddDemoProperty(Store& store, Id community_id, std::time_t now) {
  const Scope all = Scope::All();
  PropertyStore& ps = store.Property();
  const civil::Date today = civil::CivilFromDays((static_cast<std::int64_t>(now) + 8 * 3600) / 86400);
  const int this_year = static_cast<int>(today.year);
  const std::string today_text = FormatDay(civil::DaysFromCivil(today.year, today.month, today.day));
  const std::string now_text = today_text + "T02:00:00Z";

  // The property-management vote's compounds and when it closed.
  std::vector<Id> voted;
  std::string vote_closed = "2023-06-25";
  VoteFilter vf;
  vf.community_id = community_id;
  vf.q = "引入物业服务企业";
  LINLI_TRY(auto votes, store.Votes().ListVotes(vf, all, PageRequest{0, 10}));
  // Only a passed vote brings the company in (表决通过的小区).
  if (!votes.items.empty() && votes.items.front().outcome == "passed") {
    const VoteRecord& v = votes.items.front();
    // The electorate may be the compounds or some of their buildings: their compounds get the contract.
    for (Id id : v.electorate.ids) {
      Id compound = 0;
      if (v.electorate.kind == "compound") {
        compound = id;
      } else if (v.electorate.kind == "buildings") {
        LINLI_TRY(auto b, store.GetBuilding(id, all));
        compound = b.building.compound_id;
      } else if (v.electorate.kind == "unit") {
        LINLI_TRY(auto u, store.GetUnit(id, all));
        LINLI_TRY(auto b, store.GetBuilding(u.unit.building_id, all));
        compound = b.building.compound_id;
      }
      if (compound != 0 && std::find(voted.begin(), voted.end(), compound) == voted.end()) voted.push_back(compound);
    }
    if (v.definition.closes_at.size() >= 10) vote_closed = v.definition.closes_at.substr(0, 10);
  }
  // The demo resident: left unrated this year.
  std::optional<Id> resident_household;
  if (auto u = store.FindUserByName("resident"); u.ok()) resident_household = u->household_id;
  // The demo property company's account: linked to its contracts, and it reaches exactly the
  // compounds whose contract is with it (the vote's compounds change company).
  std::optional<User> company_user;
  if (auto u = store.FindUserByName("property"); u.ok() && u->role == "property_company") company_user = *u;
  std::vector<Id> company_compounds;

  LINLI_TRY(auto compounds, store.ListCompounds(community_id, all, PageRequest{0, 500}));
  DemoPropertySummary out;
  bool low_done = false;
  std::string low_name;
  for (const auto& cs : compounds.items) {
    const Compound& cp = cs.compound;
    const bool in_vote = std::find(voted.begin(), voted.end(), cp.id) != voted.end();
    if (!in_vote && cp.property_company.empty()) continue;
    PropertyContract c;
    c.compound_id = cp.id;
    c.updated_by = "staff";
    if (in_vote) {
      // The sources: the fee phased in with the government paying 100 %, 70 %, 30 %.
      c.company_name = "北京和顺物业服务有限公司";
      c.contact = "王经理 010-80881234";
      auto closed = ParseDay(vote_closed).value_or(civil::DaysFromCivil(2023, 6, 25));
      civil::Date d = civil::CivilFromDays(closed);
      const unsigned month = d.month == 12 ? 1 : d.month + 1;
      const std::int64_t year = d.month == 12 ? d.year + 1 : d.year;
      c.starts_on = FormatDay(civil::DaysFromCivil(year, month, 1));  // the first of the next month
      c.ends_on = FormatDay(civil::DaysFromCivil(year + 5, month, 1) - 1);
      c.fee_fen_per_m2_month = 75;
      c.subsidy = {{1, 100}, {2, 70}, {3, 30}};
    } else {
      c.company_name = cp.property_company;
      c.contact = "物业服务中心 010-8088" + fmt::format("{:04d}", 1000 + cp.id % 9000);
      c.starts_on = "2022-01-01";
      c.ends_on = "2027-12-31";
      c.fee_fen_per_m2_month = 120 + static_cast<std::int64_t>(cp.id % 4) * 15;
    }
    if (company_user && c.company_name == company_user->display_name) {
      c.company_user_id = company_user->id;
      company_compounds.push_back(cp.id);
    }
    c.created_at = c.updated_at = c.starts_on + "T01:00:00Z";
    LINLI_TRY(auto valid, ValidateContract(c));
    LINLI_TRY(auto stored, ps.SetContract(valid, PropertyScope::All()));
    ++out.contracts;

    // Ratings: about a third of the households each year since the contract's first full year.
    const bool low = !in_vote && !low_done && cs.households >= 10;
    if (low) low_done = true, low_name = cp.name;
    LINLI_TRY(auto households, ps.ListHouseholdAreas(cp.id, PropertyScope::All()));
    const int first_year = std::stoi(stored.starts_on.substr(0, 4)) + 1;
    for (int year = first_year; year <= this_year; ++year) {
      Lcg rng{static_cast<std::uint64_t>(cp.id) * 1000003ULL + static_cast<std::uint64_t>(year)};
      for (const auto& h : households) {
        if (rng.Below(100) >= 35) continue;
        if (year == this_year && resident_household && h.household_id == *resident_household) continue;
        const bool bad = low && year == this_year;
        static constexpr int kGood[5] = {1, 2, 8, 40, 49};
        static constexpr int kFair[5] = {2, 4, 16, 45, 33};
        static constexpr int kBad[5] = {35, 30, 20, 10, 5};
        PropertyRating r;
        r.compound_id = cp.id, r.contract_id = stored.id, r.household_id = h.household_id, r.year = year;
        r.score = Draw(rng, bad ? kBad : in_vote ? kGood : kFair);
        r.comment = bad ? kBadComments[rng.Below(6)] : kGoodComments[rng.Below(6)];
        r.at = year == this_year ? now_text : fmt::format("{}-12-15T02:00:00Z", year);
        LINLI_TRY(auto added, ps.AddRating(r, PropertyScope::All()));
        (void)added;
        ++out.ratings;
      }
    }
  }
  if (company_user && !company_compounds.empty() && company_user->compound_ids != company_compounds) {
    company_user->compound_ids = company_compounds;
    LINLI_TRY(auto updated, store.UpdateUser(*company_user));
    (void)updated;
  }
  out.line = fmt::format("{} 份物业合同（表决通过的 {} 个小区：政府补贴 100%、70%、30%），{} 条居民评分", out.contracts,
                         voted.size(), out.ratings);
  if (!low_name.empty()) out.line += "；" + low_name + "今年评分偏低";
  return out;
}

}  // namespace linli::cli
