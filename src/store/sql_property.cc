#include "store/sql_property.h"

#include <algorithm>
#include <unordered_map>

#include "core/metrics.h"
#include "domain/address.h"
#include "domain/text_util.h"
#include "domain/vote.h"

namespace linli::store {

namespace {

std::string Or(const std::vector<std::string>& terms) {
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// Result<T> -> Status, dropping the value.
template <class T>
Status StatusOf(const Result<T>& r) {
  if (r.ok()) return Ok();
  return r.error();
}

bool Contains(const std::vector<Id>& ids, Id id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

// "compound `cp` is in scope" (empty when unrestricted).
std::string CompoundScopeSql(const PropertyScope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("cp.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.compound_ids.empty()) terms.push_back("cp.id IN (" + InList(s.compound_ids, p) + ")");
  if (!s.household_ids.empty())
    terms.push_back("cp.id IN (SELECT compound_id FROM households WHERE id IN (" + InList(s.household_ids, p) + "))");
  if (!s.grid_ids.empty())
    terms.push_back("cp.id IN (SELECT compound_id FROM buildings WHERE grid_id IN (" + InList(s.grid_ids, p) + "))");
  return Or(terms);
}

// "every household of compound `cp` is in scope" (empty when unrestricted).
std::string FullScopeSql(const PropertyScope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("cp.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.compound_ids.empty()) terms.push_back("cp.id IN (" + InList(s.compound_ids, p) + ")");
  return Or(terms);
}

// "household `h` is in scope" (empty when unrestricted).
std::string HouseholdScopeSql(const PropertyScope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("h.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.compound_ids.empty()) terms.push_back("h.compound_id IN (" + InList(s.compound_ids, p) + ")");
  if (!s.household_ids.empty()) terms.push_back("h.id IN (" + InList(s.household_ids, p) + ")");
  if (!s.grid_ids.empty()) terms.push_back("h.grid_id IN (" + InList(s.grid_ids, p) + ")");
  return Or(terms);
}

std::string And(std::string where, const std::string& cond) {
  if (cond.empty()) return where;
  return where + " AND " + cond;
}

bool IsFull(const PropertyScope& s, Id community_id, Id compound_id) {
  return s.unrestricted || Contains(s.community_ids, community_id) || Contains(s.compound_ids, compound_id);
}

Error ConflictOn(std::string field, std::string reason, std::string message) {
  Error e{ErrorCode::kConflict, message, field, {}};
  e.details.push_back({std::move(field), std::move(reason), std::move(message)});
  return e;
}

constexpr std::string_view kContractSelect =
    "SELECT id, compound_id, company_name, company_user_id, contact, starts_on, ends_on, "
    "fee_fen_per_m2_month, created_by, created_at, updated_by, updated_at FROM property_contracts";

PropertyContract ToContract(const std::vector<Value>& r) {
  PropertyContract k;
  k.id = AsInt(r[0]), k.compound_id = AsInt(r[1]), k.company_name = AsText(r[2]);
  k.company_user_id = AsOptId(r[3]);
  k.contact = AsText(r[4]), k.starts_on = AsText(r[5]), k.ends_on = AsText(r[6]);
  k.fee_fen_per_m2_month = AsInt(r[7]);
  k.created_by = AsText(r[8]), k.created_at = AsText(r[9]), k.updated_by = AsText(r[10]),
  k.updated_at = AsText(r[11]);
  return k;
}

// The contracts (with their subsidy years) of `compound_ids`, by compound then starts_on.
Result<std::vector<PropertyContract>> LoadContracts(Connection& c, const std::vector<Id>& compound_ids) {
  std::vector<PropertyContract> out;
  if (compound_ids.empty()) return out;
  Params p;
  std::string in = InList(compound_ids, p);
  LINLI_TRY(auto rows, c.Exec(std::string(kContractSelect) + " WHERE compound_id IN (" + in +
                                  ") ORDER BY compound_id, starts_on",
                              p));
  std::unordered_map<Id, std::size_t> at;
  for (auto& r : rows.rows) {
    out.push_back(ToContract(r));
    at[out.back().id] = out.size() - 1;
  }
  if (out.empty()) return out;
  Params q;
  std::string in2 = InList(compound_ids, q);
  LINLI_TRY(auto years, c.Exec("SELECT s.contract_id, s.year_index, s.government_percent FROM property_subsidy_years s "
                               "JOIN property_contracts k ON k.id = s.contract_id WHERE k.compound_id IN (" +
                                   in2 + ") ORDER BY s.contract_id, s.year_index",
                               q));
  for (auto& r : years.rows) {
    auto it = at.find(AsInt(r[0]));
    if (it == at.end()) continue;
    out[it->second].subsidy.push_back({static_cast<int>(AsInt(r[1])), static_cast<int>(AsInt(r[2]))});
  }
  return out;
}

// The compounds matching `where` (over `compounds cp`), with their counts, contracts and ratings.
Result<std::vector<PropertyCompoundInfo>> LoadInfos(Connection& c, const std::string& where, const Params& params,
                                                    const PropertyScope& scope) {
  LINLI_TRY(auto rows, c.Exec("SELECT cp.id, cp.community_id, cp.name, cm.name FROM compounds cp "
                              "JOIN communities cm ON cm.id = cp.community_id WHERE " +
                                  where + " ORDER BY cp.id",
                              params));
  std::vector<PropertyCompoundInfo> out;
  std::unordered_map<Id, std::size_t> at;
  std::vector<Id> ids;
  for (auto& r : rows.rows) {
    PropertyCompoundInfo info;
    info.compound_id = AsInt(r[0]), info.community_id = AsInt(r[1]);
    info.compound_name = AsText(r[2]), info.community_name = AsText(r[3]);
    info.full = IsFull(scope, info.community_id, info.compound_id);
    ids.push_back(info.compound_id);
    at[info.compound_id] = out.size();
    out.push_back(std::move(info));
  }
  if (ids.empty()) return out;
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto counts, c.Exec("SELECT compound_id, COUNT(*), SUM(area_m2) FROM households WHERE compound_id IN (" +
                                      in + ") GROUP BY compound_id",
                                  p));
    for (auto& r : counts.rows) {
      auto& info = out[at[AsInt(r[0])]];
      info.households = AsInt(r[1]);
      info.area_centiares = AreaCentiaresFromM2(AsReal(r[2]));
    }
  }
  LINLI_TRY(auto contracts, LoadContracts(c, ids));
  for (auto& k : contracts) out[at[k.compound_id]].contracts.push_back(std::move(k));
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto counts, c.Exec("SELECT compound_id, contract_id, year, score, COUNT(*) FROM property_ratings "
                                  "WHERE compound_id IN (" +
                                      in +
                                      ") GROUP BY compound_id, contract_id, year, score "
                                      "ORDER BY compound_id, contract_id, year, score",
                                  p));
    for (auto& r : counts.rows) {
      auto& info = out[at[AsInt(r[0])]];
      const Id contract = AsInt(r[1]);
      const int year = static_cast<int>(AsInt(r[2]));
      const int score = static_cast<int>(AsInt(r[3]));
      if (info.ratings.empty() || info.ratings.back().contract_id != contract || info.ratings.back().counts.year != year)
        info.ratings.push_back({contract, RatingCounts{year, {0, 0, 0, 0, 0}}});
      if (score >= 1 && score <= 5) info.ratings.back().counts.by_score[score - 1] += AsInt(r[4]);
    }
  }
  return out;
}

constexpr std::string_view kRatingSelect =
    "SELECT id, compound_id, contract_id, household_id, user_id, year, score, comment, at FROM property_ratings";

PropertyRating ToRating(const std::vector<Value>& r) {
  PropertyRating x;
  x.id = AsInt(r[0]), x.compound_id = AsInt(r[1]), x.contract_id = AsInt(r[2]), x.household_id = AsInt(r[3]);
  x.user_id = AsOptId(r[4]);
  x.year = static_cast<int>(AsInt(r[5])), x.score = static_cast<int>(AsInt(r[6]));
  x.comment = AsText(r[7]), x.at = AsText(r[8]);
  return x;
}

Status InsertSubsidy(Connection& c, Id contract_id, const std::vector<SubsidyYear>& years) {
  for (const auto& y : years)
    LINLI_TRY_STATUS(StatusOf(c.Exec(
        "INSERT INTO property_subsidy_years(contract_id, year_index, government_percent) VALUES (?, ?, ?)",
        {Value(contract_id), Value(static_cast<std::int64_t>(y.year_index)),
         Value(static_cast<std::int64_t>(y.government_percent))})));
  return Ok();
}

}  // namespace

Result<std::vector<PropertyCompoundInfo>> SqlProperty::ListPropertyCompounds(std::optional<Id> community_id,
                                                                             const PropertyScope& scope) {
  metrics::StoreTimer timer("ListPropertyCompounds");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<PropertyCompoundInfo>> {
    Params p;
    std::string where = "1=1";
    if (community_id) {
      LINLI_TRY(auto community, c.Exec("SELECT id FROM communities WHERE id = ?", {Value(*community_id)}));
      if (community.empty()) return Error::NotFound("社区不存在");
      where = "cp.community_id = ?";
      p.emplace_back(*community_id);
    }
    where = And(where, CompoundScopeSql(scope, p));
    LINLI_TRY(auto out, LoadInfos(c, where, p, scope));
    if (community_id && out.empty() && !scope.unrestricted && !Contains(scope.community_ids, *community_id))
      return Error::NotFound("社区不存在");
    return out;
  });
}

Result<PropertyCompoundInfo> SqlProperty::GetPropertyCompound(Id compound_id, const PropertyScope& scope) {
  metrics::StoreTimer timer("GetPropertyCompound");
  return ReadOn(pool_, [&](Connection& c) -> Result<PropertyCompoundInfo> {
    Params p{Value(compound_id)};
    std::string where = And("cp.id = ?", CompoundScopeSql(scope, p));
    LINLI_TRY(auto out, LoadInfos(c, where, p, scope));
    if (out.empty()) return Error::NotFound("小区不存在");
    return std::move(out.front());
  });
}

Result<std::vector<HouseholdArea>> SqlProperty::ListHouseholdAreas(Id compound_id, const PropertyScope& scope) {
  metrics::StoreTimer timer("ListHouseholdAreas");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<HouseholdArea>> {
    Params p{Value(compound_id)};
    std::string where = And("cp.id = ?", CompoundScopeSql(scope, p));
    LINLI_TRY(auto compound, c.Exec("SELECT cp.id, cp.community_id FROM compounds cp WHERE " + where, p));
    if (compound.empty()) return Error::NotFound("小区不存在");
    const bool full = IsFull(scope, AsInt(compound[0][1]), compound_id);
    Params q{Value(compound_id)};
    std::string sql =
        "SELECT h.id, cp.name, b.name, u.name, h.door, h.area_m2, h.developer_unsold FROM households h "
        "JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = h.building_id "
        "JOIN compounds cp ON cp.id = h.compound_id WHERE h.compound_id = ?";
    if (!full) sql += " AND h.id IN (" + InList(scope.household_ids, q) + ")";
    if (!full && scope.household_ids.empty()) return std::vector<HouseholdArea>{};
    LINLI_TRY(auto rows, c.Exec(sql, q));
    struct Line {
      HouseholdArea area;
      std::string building, unit, door;
    };
    std::vector<Line> lines;
    lines.reserve(rows.rows.size());
    for (auto& r : rows.rows) {
      Line l;
      l.building = AsText(r[2]), l.unit = AsText(r[3]), l.door = AsText(r[4]);
      l.area.household_id = AsInt(r[0]);
      l.area.address = HouseholdAddress(AsText(r[1]), l.building, l.unit, l.door);
      l.area.area_centiares = AreaCentiaresFromM2(AsReal(r[5]));
      l.area.developer_unsold = AsInt(r[6]) != 0;
      lines.push_back(std::move(l));
    }
    std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      if (a.building != b.building) return text::NaturalLess(a.building, b.building);
      if (a.unit != b.unit) return text::NaturalLess(a.unit, b.unit);
      if (a.door != b.door) return text::NaturalLess(a.door, b.door);
      return a.area.household_id < b.area.household_id;
    });
    std::vector<HouseholdArea> out;
    out.reserve(lines.size());
    for (auto& l : lines) out.push_back(std::move(l.area));
    return out;
  });
}

Result<PropertyContract> SqlProperty::SetContract(const PropertyContract& in, const PropertyScope& scope) {
  metrics::StoreTimer timer("SetContract");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<PropertyContract> {
    Params p{Value(in.compound_id)};
    std::string where = And("cp.id = ?", FullScopeSql(scope, p));
    LINLI_TRY(auto compound, c.Exec("SELECT cp.id FROM compounds cp WHERE " + where, p));
    if (compound.empty()) return Error::NotFound("小区不存在");
    if (in.company_user_id) {
      LINLI_TRY(auto user, c.Exec("SELECT role FROM users WHERE id = ?", {Value(*in.company_user_id)}));
      if (user.empty() || AsText(user[0][0]) != "property_company")
        return Error::Invalid("company_user_id", "not_found", "没有这个物业公司账号");
    }
    LINLI_TRY(auto existing, c.Exec("SELECT id, starts_on, ends_on FROM property_contracts WHERE compound_id = ? "
                                    "ORDER BY starts_on",
                                    {Value(in.compound_id)}));
    std::optional<Id> same;
    bool latest = true;
    for (auto& r : existing.rows) {
      const std::string starts = AsText(r[1]);
      if (starts == in.starts_on) same = AsInt(r[0]);
      if (starts > in.starts_on) latest = false;
    }
    const Value user_id = Nullable(in.company_user_id);
    Id id = 0;
    if (same) {
      id = *same;
      LINLI_TRY_STATUS(StatusOf(c.Exec(
          "UPDATE property_contracts SET company_name = ?, company_user_id = ?, contact = ?, ends_on = ?, "
          "fee_fen_per_m2_month = ?, updated_by = ?, updated_at = ? WHERE id = ?",
          {Value(in.company_name), user_id, Value(in.contact), Value(in.ends_on), Value(in.fee_fen_per_m2_month),
           Value(in.updated_by), Value(in.updated_at), Value(id)})));
      LINLI_TRY_STATUS(StatusOf(c.Exec("DELETE FROM property_subsidy_years WHERE contract_id = ?", {Value(id)})));
    } else {
      if (!latest)
        return ConflictOn("starts_on", "before_latest", "这个小区已有更晚开始的物业合同，新合同只能排在最后");
      LINLI_TRY(auto made,
                c.Exec("INSERT INTO property_contracts(compound_id, company_name, company_user_id, contact, "
                       "starts_on, ends_on, fee_fen_per_m2_month, created_by, created_at, updated_by, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       {Value(in.compound_id), Value(in.company_name), user_id, Value(in.contact),
                        Value(in.starts_on), Value(in.ends_on), Value(in.fee_fen_per_m2_month), Value(in.updated_by),
                        Value(in.updated_at), Value(in.updated_by), Value(in.updated_at)}));
      id = AsInt(made[0][0]);
      // The contract before it ends the day before the new one starts (a replaced company).
      if (!existing.empty()) {
        const auto& prev = existing.rows.back();
        if (AsText(prev[2]) >= in.starts_on) {
          auto start = ParseDay(in.starts_on);
          std::string day_before = start ? FormatDay(*start - 1) : in.starts_on;
          LINLI_TRY_STATUS(StatusOf(
              c.Exec("UPDATE property_contracts SET ends_on = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                     {Value(day_before), Value(in.updated_by), Value(in.updated_at), prev[0]})));
        }
      }
    }
    LINLI_TRY_STATUS(InsertSubsidy(c, id, in.subsidy));
    if (latest)
      LINLI_TRY_STATUS(StatusOf(c.Exec("UPDATE compounds SET property_company = ? WHERE id = ?",
                                       {Value(in.company_name), Value(in.compound_id)})));
    LINLI_TRY(auto all, LoadContracts(c, {in.compound_id}));
    for (auto& k : all)
      if (k.id == id) return k;
    return Error::Internal("物业合同写入后读不到");
  });
}

Result<PropertyRating> SqlProperty::AddRating(const PropertyRating& in, const PropertyScope& scope) {
  metrics::StoreTimer timer("AddRating");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<PropertyRating> {
    Params p{Value(in.household_id), Value(in.compound_id)};
    std::string where = And("h.id = ? AND h.compound_id = ?", HouseholdScopeSql(scope, p));
    LINLI_TRY(auto household, c.Exec("SELECT h.id FROM households h WHERE " + where, p));
    if (household.empty()) return Error::NotFound("住户不存在");
    LINLI_TRY(auto contract, c.Exec("SELECT id FROM property_contracts WHERE id = ? AND compound_id = ?",
                                    {Value(in.contract_id), Value(in.compound_id)}));
    if (contract.empty()) return Error::Invalid("contract", "not_found", "这个小区还没有物业合同");
    const Value year(static_cast<std::int64_t>(in.year));
    LINLI_TRY(auto done, c.Exec("SELECT id FROM property_ratings WHERE household_id = ? AND year = ?",
                                {Value(in.household_id), year}));
    if (!done.empty())
      return ConflictOn("year", "already_rated", "您家 " + std::to_string(in.year) + " 年已经给物业打过分了，每户每年一次");
    LINLI_TRY(auto made, c.Exec("INSERT INTO property_ratings(compound_id, contract_id, household_id, user_id, year, "
                                "score, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                {Value(in.compound_id), Value(in.contract_id), Value(in.household_id),
                                 Nullable(in.user_id), year, Value(static_cast<std::int64_t>(in.score)),
                                 Value(in.comment), Value(in.at)}));
    PropertyRating out = in;
    out.id = AsInt(made[0][0]);
    return out;
  });
}

Result<std::vector<PropertyRating>> SqlProperty::ListHouseholdRatings(Id household_id, const PropertyScope& scope) {
  metrics::StoreTimer timer("ListHouseholdRatings");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<PropertyRating>> {
    Params p{Value(household_id)};
    std::string where = And("h.id = ?", HouseholdScopeSql(scope, p));
    LINLI_TRY(auto household, c.Exec("SELECT h.id FROM households h WHERE " + where, p));
    if (household.empty()) return Error::NotFound("住户不存在");
    LINLI_TRY(auto rows, c.Exec(std::string(kRatingSelect) + " WHERE household_id = ? ORDER BY year DESC, id DESC",
                                {Value(household_id)}));
    std::vector<PropertyRating> out;
    for (auto& r : rows.rows) out.push_back(ToRating(r));
    return out;
  });
}

}  // namespace linli::store
