// Property management (物业管理, issue 5 item 5): per compound the property company's contract, the
// fee and the government subsidy by contract year, each household's yearly share, the residents'
// yearly ratings and the low-rating warning.
//   GET  /api/v1/property?community_id                                property:read   the compounds
//   GET  /api/v1/property/compounds/{compound_id}?year_index          property:read   contract, shares, ratings
//   PUT  /api/v1/property/compounds/{compound_id}/contract            property:write  set the contract
//   GET  /api/v1/property/compounds/{compound_id}/shares.xlsx         property:write  the shares sheet (audited)
//   POST /api/v1/property/compounds/{compound_id}/ratings             property:rate   a resident's yearly rating
// Scope: staff/head their communities, the street admin the street's, a property company its
// compounds (User::compound_ids), a resident his household's compound — and of the shares only his
// own line. Out of scope: 404. The PUT looks the compound up before reading the body (an
// out-of-scope compound is 404 whatever the body); the POST checks the body first (400 before 404).
// Money is integer fen (`*_fen`); areas m² with 2 decimals; days local "YYYY-MM-DD".
#include "store/property.h"

#include <algorithm>
#include <cstdio>

#include "api/openapi_schema.h"
#include "api/resource.h"
#include "api/session.h"
#include "domain/property.h"
#include "domain/vote.h"
#include "io/table.h"

namespace linli::api {

namespace {

const RatingRules& Rules() {
  static const RatingRules rules;  // at least 5 ratings in the year
  return rules;
}

// Today in Beijing (UTC+8) by the server's (testable) clock.
std::string Today(Auth& auth) { return FormatUtc(auth.Now() + 8 * 3600).substr(0, 10); }
int YearOf(const std::string& day) { return std::stoi(day.substr(0, 4)); }

// 12345 fen -> "123.45" (元, 2 decimals).
std::string Yuan(std::int64_t fen) {
  const bool neg = fen < 0;
  std::uint64_t v = neg ? static_cast<std::uint64_t>(-fen) : static_cast<std::uint64_t>(fen);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", neg ? "-" : "", static_cast<unsigned long long>(v / 100),
                static_cast<unsigned long long>(v % 100));
  return buf;
}

double M2(std::int64_t centiares) { return static_cast<double>(centiares) / 100.0; }

// The caller's property scope: a property company reaches the compounds of its account.
Result<PropertyScope> ScopeFor(Auth& auth, const Request& req) {
  const auto& p = req.ctx.principal;
  PropertyScope s = PropertyScope::From(p.scope);
  if (p.role == "property_company") {
    s.unrestricted = false;
    if (p.user_id != 0) {
      LINLI_TRY(User u, auth.store().GetUser(p.user_id));
      s.compound_ids = u.compound_ids;
    }
  }
  return s;
}

json::object ContractJson(const PropertyContract& c, const std::string& today) {
  json::array subsidy;
  for (const auto& s : c.subsidy)
    subsidy.push_back(json::object{{"year_index", s.year_index}, {"government_percent", s.government_percent}});
  json::array years;
  for (const auto& y : ContractYears(c))
    years.push_back(json::object{{"year_index", y.year_index},
                                 {"starts_on", y.starts_on},
                                 {"ends_on", y.ends_on},
                                 {"government_percent", y.government_percent}});
  auto current = ContractYearAt(c, today);
  std::string status = today < c.starts_on ? "upcoming" : today > c.ends_on ? "ended" : "active";
  return json::object{{"id", c.id},
                      {"compound_id", c.compound_id},
                      {"company_name", c.company_name},
                      {"company_user_id", c.company_user_id ? json::value(*c.company_user_id) : json::value(nullptr)},
                      {"contact", c.contact},
                      {"starts_on", c.starts_on},
                      {"ends_on", c.ends_on},
                      {"period_text", ChineseDay(c.starts_on) + "至" + ChineseDay(c.ends_on)},
                      {"fee_fen_per_m2_month", c.fee_fen_per_m2_month},
                      {"subsidy", std::move(subsidy)},
                      {"years", std::move(years)},
                      {"current_year_index", current ? json::value(*current) : json::value(nullptr)},
                      {"status", status},
                      {"created_by", c.created_by},
                      {"created_at", c.created_at},
                      {"updated_by", c.updated_by},
                      {"updated_at", c.updated_at}};
}

json::object SummaryJson(const RatingSummary& s) {
  json::array by;
  for (auto n : s.by_score) by.push_back(n);
  return json::object{{"year", s.year},
                      {"count", s.count},
                      {"average", s.average},
                      {"satisfied_share", s.satisfied_share},
                      {"by_score", std::move(by)},
                      {"low", s.low}};
}

// The rating that decides the warning: the current contract's latest year with ratings, this
// year or last year (a year is rated at its end or early in the next).
std::optional<RatingSummary> CurrentRating(const PropertyCompoundInfo& info, std::optional<std::size_t> current,
                                           int this_year) {
  if (!current) return std::nullopt;
  const Id contract = info.contracts[*current].id;
  std::optional<RatingSummary> best;
  for (const auto& r : info.ratings) {
    if (r.contract_id != contract || r.counts.year > this_year || r.counts.year < this_year - 1) continue;
    if (!best || r.counts.year > best->year) best = SummarizeRatings(r.counts, Rules());
  }
  return best;
}

json::object ListItemJson(const PropertyCompoundInfo& info, const std::string& today) {
  auto current = CurrentContractIndex(info.contracts, today);
  auto rating = CurrentRating(info, current, YearOf(today));
  return json::object{{"compound_id", info.compound_id},
                      {"compound_name", info.compound_name},
                      {"community_id", info.community_id},
                      {"community_name", info.community_name},
                      {"households", info.households},
                      {"area_m2", M2(info.area_centiares)},
                      {"contract", current ? json::value(ContractJson(info.contracts[*current], today)) : json::value(nullptr)},
                      {"contracts_count", static_cast<std::int64_t>(info.contracts.size())},
                      {"rating", rating ? json::value(SummaryJson(*rating)) : json::value(nullptr)},
                      {"low_rating", rating && rating->low}};
}

json::object ShareLineJson(const HouseholdShare& l) {
  return json::object{{"household_id", l.household_id},     {"address", l.address},
                      {"area_m2", M2(l.area_centiares)},     {"developer_unsold", l.developer_unsold},
                      {"yearly_fee_fen", l.yearly_fee_fen},  {"subsidy_fen", l.subsidy_fen},
                      {"owner_pays_fen", l.owner_pays_fen}};
}

json::object TotalsJson(const ShareTotals& t) {
  return json::object{{"households", t.households},         {"area_m2", M2(t.area_centiares)},
                      {"yearly_fee_fen", t.yearly_fee_fen}, {"subsidy_fen", t.subsidy_fen},
                      {"owner_pays_fen", t.owner_pays_fen}};
}

// The contract year to show: ?year_index, else the year in force today (before the start: the
// first; after the end: the last). 400 year_index range outside the contract.
Result<int> PickYear(const Request& req, const PropertyContract& c, const std::string& today) {
  const int years = static_cast<int>(ContractYears(c).size());
  if (auto q = req.Query("year_index"); q && !q->empty()) {
    int v = 0;
    try {
      v = std::stoi(*q);
    } catch (...) {
      v = 0;
    }
    if (v < 1 || v > years)
      return Error::Invalid("year_index", "range", "合同只有 " + std::to_string(years) + " 个年度");
    return v;
  }
  if (auto y = ContractYearAt(c, today)) return *y;
  return today < c.starts_on ? 1 : std::max(years, 1);
}

// Everything GET /property/compounds/{id} answers, and what the export needs.
struct CompoundView {
  PropertyCompoundInfo info;
  std::optional<std::size_t> current;
  std::vector<HouseholdArea> households;
  std::optional<Shares> shares;
  std::optional<ContractYear> year;
};

Result<CompoundView> LoadView(Auth& auth, const Request& req, Id compound_id, const PropertyScope& scope,
                              const std::string& today) {
  CompoundView v;
  LINLI_TRY(v.info, auth.store().Property().GetPropertyCompound(compound_id, scope));
  v.current = CurrentContractIndex(v.info.contracts, today);
  if (!v.current) return v;
  const PropertyContract& c = v.info.contracts[*v.current];
  LINLI_TRY(int year, PickYear(req, c, today));
  LINLI_TRY(v.households, auth.store().Property().ListHouseholdAreas(compound_id, scope));
  v.shares = ComputeShares(c, year, v.households);
  for (const auto& y : ContractYears(c))
    if (y.year_index == year) v.year = y;
  return v;
}

json::object CompoundJson(const CompoundView& v, const std::string& today, const std::vector<PropertyRating>* mine) {
  const PropertyCompoundInfo& info = v.info;
  json::array contracts;
  for (const auto& c : info.contracts) contracts.push_back(ContractJson(c, today));
  json::value shares = nullptr;
  if (v.current && v.shares) {
    const PropertyContract& c = info.contracts[*v.current];
    json::array lines;
    for (const auto& l : v.shares->per_household) lines.push_back(ShareLineJson(l));
    json::array years;
    for (const auto& y : ContractYears(c)) {
      Shares s = ComputeShares(c, y.year_index, v.households);
      json::object t = TotalsJson(s.totals);
      t["year_index"] = y.year_index;
      t["starts_on"] = y.starts_on;
      t["ends_on"] = y.ends_on;
      t["government_percent"] = y.government_percent;
      years.push_back(std::move(t));
    }
    shares = json::object{{"contract_id", c.id},
                          {"year", v.shares->year_index},
                          {"year_index", v.shares->year_index},
                          {"government_percent", v.shares->government_percent},
                          {"year_starts_on", v.year ? v.year->starts_on : ""},
                          {"year_ends_on", v.year ? v.year->ends_on : ""},
                          {"per_household", std::move(lines)},
                          {"totals", TotalsJson(v.shares->totals)},
                          {"years", std::move(years)}};
  }
  json::array ratings;
  for (const auto& r : info.ratings) {
    json::object o = SummaryJson(SummarizeRatings(r.counts, Rules()));
    o["contract_id"] = r.contract_id;
    for (const auto& c : info.contracts)
      if (c.id == r.contract_id) o["company_name"] = c.company_name;
    ratings.push_back(std::move(o));
  }
  auto rating = CurrentRating(info, v.current, YearOf(today));
  json::object o{{"compound_id", info.compound_id},
                 {"compound_name", info.compound_name},
                 {"community_id", info.community_id},
                 {"community_name", info.community_name},
                 {"households", info.households},
                 {"area_m2", M2(info.area_centiares)},
                 {"full", info.full},
                 {"today", today},
                 {"contract", v.current ? json::value(ContractJson(info.contracts[*v.current], today)) : json::value(nullptr)},
                 {"contracts", std::move(contracts)},
                 {"shares", std::move(shares)},
                 {"ratings", std::move(ratings)},
                 {"rating", rating ? json::value(SummaryJson(*rating)) : json::value(nullptr)},
                 {"low_rating", rating && rating->low},
                 {"rating_rules", json::object{{"min_count", Rules().min_count},
                                               {"average_below", 3},
                                               {"satisfied_share_below", 0.6}}}};
  if (mine) {
    json::array a;
    for (const auto& r : *mine)
      a.push_back(json::object{{"id", r.id}, {"year", r.year}, {"score", r.score}, {"comment", r.comment}, {"at", r.at}});
    o["my_ratings"] = std::move(a);
  }
  return o;
}

// The resident's household in this compound (from his scope), or kNotFound.
Result<Id> OwnHousehold(Auth& auth, Id compound_id, const PropertyScope& scope) {
  if (scope.household_ids.empty()) return Error::NotFound("您的住户不在这个小区");
  LINLI_TRY(auto lines, auth.store().Property().ListHouseholdAreas(compound_id, scope));
  for (const auto& l : lines)
    if (std::find(scope.household_ids.begin(), scope.household_ids.end(), l.household_id) != scope.household_ids.end())
      return l.household_id;
  return Error::NotFound("您的住户不在这个小区");
}

Error ConflictOn(std::string field, std::string reason, std::string message) {
  Error e{ErrorCode::kConflict, message, field, {}};
  e.details.push_back({std::move(field), std::move(reason), std::move(message)});
  return e;
}

void AddPropertySchemas(http::Router& router) {
  router.AddSchema("PropertySubsidyYear", Schema({{"year_index", "integer"}, {"government_percent", "integer"}}));
  router.AddSchema("PropertyContract", Schema({{"id", "integer"},
                                               {"compound_id", "integer"},
                                               {"company_name", "string"},
                                               {"company_user_id", "integer?"},
                                               {"contact", "string"},
                                               {"starts_on", "string"},
                                               {"ends_on", "string"},
                                               {"period_text", "string"},
                                               {"fee_fen_per_m2_month", "integer"},
                                               {"subsidy", "[#PropertySubsidyYear]"},
                                               {"current_year_index", "integer?"},
                                               {"status", "string"}}));
  router.AddSchema("PropertyContractInput", Schema({{"company_name", "string"},
                                                    {"company_user_id", "integer?"},
                                                    {"contact", "string"},
                                                    {"starts_on", "string"},
                                                    {"ends_on", "string"},
                                                    {"fee_fen_per_m2_month", "integer"},
                                                    {"subsidy", "[#PropertySubsidyYear]"}}));
  router.AddSchema("PropertyRatingSummary", Schema({{"year", "integer"},
                                                    {"count", "integer"},
                                                    {"average", "number"},
                                                    {"satisfied_share", "number"},
                                                    {"low", "boolean"}}));
  router.AddSchema("PropertyCompoundItem", Schema({{"compound_id", "integer"},
                                                   {"compound_name", "string"},
                                                   {"households", "integer"},
                                                   {"area_m2", "number"},
                                                   {"contract", "#PropertyContract"},
                                                   {"rating", "#PropertyRatingSummary"},
                                                   {"low_rating", "boolean"}}));
  router.AddSchema("PropertyCompoundList", Schema({{"items", "[#PropertyCompoundItem]"}, {"total", "integer"}}));
  router.AddSchema("PropertyShareLine", Schema({{"household_id", "integer"},
                                                {"address", "string"},
                                                {"area_m2", "number"},
                                                {"yearly_fee_fen", "integer"},
                                                {"subsidy_fen", "integer"},
                                                {"owner_pays_fen", "integer"}}));
  router.AddSchema("PropertyCompound", Schema({{"compound_id", "integer"},
                                               {"compound_name", "string"},
                                               {"contract", "#PropertyContract"},
                                               {"contracts", "[#PropertyContract]"},
                                               {"shares", "object?"},
                                               {"ratings", "[#PropertyRatingSummary]"},
                                               {"low_rating", "boolean"}}));
  router.AddSchema("PropertyRatingInput", Schema({{"year", "integer"}, {"score", "integer"}, {"comment", "string"}}));
  router.AddSchema("PropertyRating", Schema({{"id", "integer"},
                                             {"compound_id", "integer"},
                                             {"year", "integer"},
                                             {"score", "integer"},
                                             {"comment", "string"},
                                             {"at", "string"},
                                             {"company_name", "string"}}));
}

}  // namespace

void RegisterPropertyRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  AddPropertySchemas(router);

  router.Add({.method = "GET",
              .pattern = "/api/v1/property",
              .permission = "property:read",
              .summary = "物业管理：社区各小区的物业服务企业、合同、评分和低分提醒",
              .tag = "property",
              .query_params = {{"community_id", "integer", false, "社区编号（不填：能看到的所有小区）"}},
              .response_schema = "PropertyCompoundList",
              .handler = [auth](Request& req) -> Response {
                auto community = OptionalQueryId(req, "community_id");
                if (!community.ok()) return http::ErrorResponse(community.error());
                auto scope = ScopeFor(*auth, req);
                if (!scope.ok()) return http::ErrorResponse(scope.error());
                auto list = auth->store().Property().ListPropertyCompounds(*community, *scope);
                if (!list.ok()) return http::ErrorResponse(list.error());
                const std::string today = Today(*auth);
                json::array items;
                for (const auto& info : *list) items.push_back(ListItemJson(info, today));
                std::int64_t total = static_cast<std::int64_t>(items.size());
                return http::Json(json::object{{"items", std::move(items)}, {"total", total}, {"today", today}});
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/property/compounds/{compound_id}",
              .permission = "property:read",
              .summary = "一个小区的物业合同、各户物业费分摊（居民只看自家）和历年评分",
              .tag = "property",
              .query_params = {{"year_index", "integer", false, "合同第几年（默认今天所在的年度）"}},
              .response_schema = "PropertyCompound",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId("compound_id");
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto scope = ScopeFor(*auth, req);
                if (!scope.ok()) return http::ErrorResponse(scope.error());
                const std::string today = Today(*auth);
                auto view = LoadView(*auth, req, *id, *scope, today);
                if (!view.ok()) return http::ErrorResponse(view.error());
                std::optional<std::vector<PropertyRating>> mine;
                if (req.ctx.principal.role == "resident" && !view->info.full) {
                  auto household = OwnHousehold(*auth, *id, *scope);
                  if (household.ok()) {
                    auto r = auth->store().Property().ListHouseholdRatings(*household, *scope);
                    if (!r.ok()) return http::ErrorResponse(r.error());
                    mine = std::move(*r);
                  } else {
                    mine.emplace();
                  }
                }
                return http::Json(CompoundJson(*view, today, mine ? &*mine : nullptr));
              }});

  router.Add({.method = "PUT",
              .pattern = "/api/v1/property/compounds/{compound_id}/contract",
              .permission = "property:write",
              .summary = "设定小区的物业服务合同（企业、合同期、收费标准、政府补贴年度）",
              .tag = "property",
              .request_schema = "PropertyContractInput",
              .response_schema = "PropertyContract",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId("compound_id");
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto scope = ScopeFor(*auth, req);
                if (!scope.ok()) return http::ErrorResponse(scope.error());
                auto info = auth->store().Property().GetPropertyCompound(*id, *scope);
                if (!info.ok()) return http::ErrorResponse(info.error());
                if (!info->full) return http::ErrorResponse(Error::NotFound("小区不存在"));
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                PropertyContract c;
                c.compound_id = *id;
                if (auto v = in->String("company_name")) c.company_name = *v;
                if (in->Has("company_user_id")) c.company_user_id = in->IdValue("company_user_id");
                if (auto v = in->String("contact")) c.contact = *v;
                if (auto v = in->String("starts_on")) c.starts_on = *v;
                if (auto v = in->String("ends_on")) c.ends_on = *v;
                if (auto v = in->Int("fee_fen_per_m2_month")) c.fee_fen_per_m2_month = *v;
                if (const json::array* list = in->Array("subsidy")) {
                  for (std::size_t i = 0; i < list->size(); ++i) {
                    const std::string field = "subsidy[" + std::to_string(i) + "]";
                    if (!(*list)[i].is_object()) {
                      in->AddError(field, "type", "补贴年度应为 {year_index, government_percent}");
                      continue;
                    }
                    auto sub = http::JsonReader::Of((*list)[i].as_object(), field + ".");
                    SubsidyYear y;
                    if (auto v = sub.Int("year_index")) y.year_index = static_cast<int>(std::clamp<std::int64_t>(*v, -1, 1000));
                    else sub.AddError(field + ".year_index", "required", "请填写第几年");
                    if (auto v = sub.Int("government_percent"))
                      y.government_percent = static_cast<int>(std::clamp<std::int64_t>(*v, -1, 1000));
                    else sub.AddError(field + ".government_percent", "required", "请填写政府补贴比例");
                    if (Status s = sub.Finish(); !s.ok())
                      for (const auto& d : s.error().details) in->AddError(d.field, d.reason, d.message);
                    c.subsidy.push_back(y);
                  }
                }
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto valid = ValidateContract(c);
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                valid->updated_by = req.ctx.principal.username;
                valid->updated_at = auth->NowText();
                auto stored = auth->store().Property().SetContract(*valid, *scope);
                if (!stored.ok()) return http::ErrorResponse(stored.error());
                AuditEntry e;
                e.action = "property_contract";
                e.object_type = "compound";
                e.object_id = std::to_string(*id);
                e.reason = stored->company_name + " " + stored->starts_on + "~" + stored->ends_on;
                (void)AuditRequest(*auth, req, std::move(e));
                return http::Json(ContractJson(*stored, Today(*auth)));
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/property/compounds/{compound_id}/shares.xlsx",
              .permission = "property:write",
              .summary = "导出各户物业费分摊表（.xlsx，已审计）",
              .tag = "property",
              .query_params = {{"year_index", "integer", false, "合同第几年（默认今天所在的年度）"}},
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId("compound_id");
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto scope = ScopeFor(*auth, req);
                if (!scope.ok()) return http::ErrorResponse(scope.error());
                const std::string today = Today(*auth);
                auto view = LoadView(*auth, req, *id, *scope, today);
                if (!view.ok()) return http::ErrorResponse(view.error());
                if (!view->current || !view->shares)
                  return http::ErrorResponse(ConflictOn("contract", "none", "这个小区还没有物业合同"));
                const PropertyContract& c = view->info.contracts[*view->current];
                const Shares& s = *view->shares;
                io::XlsxSheet sheet;
                sheet.name = "物业费分摊";
                sheet.headers = {"序号",         "房屋编号",       "房屋",         "建筑面积（平方米）", "开发商未售",
                                 "全年物业费（元）", "政府补贴（元）", "业主承担（元）"};
                for (std::size_t i = 0; i < s.per_household.size(); ++i) {
                  const HouseholdShare& l = s.per_household[i];
                  sheet.rows.push_back({std::to_string(i + 1), std::to_string(l.household_id), l.address,
                                        FormatCentiares(l.area_centiares), l.developer_unsold ? "是" : "",
                                        Yuan(l.yearly_fee_fen), Yuan(l.subsidy_fen), Yuan(l.owner_pays_fen)});
                }
                sheet.rows.push_back({"合计", "", std::to_string(s.totals.households) + " 户",
                                      FormatCentiares(s.totals.area_centiares), "", Yuan(s.totals.yearly_fee_fen),
                                      Yuan(s.totals.subsidy_fen), Yuan(s.totals.owner_pays_fen)});
                io::XlsxSheet about;
                about.name = "说明";
                about.headers = {"项目", "内容"};
                std::string year_text = "第 " + std::to_string(s.year_index) + " 年";
                if (view->year)
                  year_text += "（" + ChineseDay(view->year->starts_on) + "至" + ChineseDay(view->year->ends_on) + "）";
                about.rows = {{"小区", view->info.compound_name},
                              {"物业服务企业", c.company_name},
                              {"合同期", ChineseDay(c.starts_on) + "至" + ChineseDay(c.ends_on)},
                              {"收费标准", Yuan(c.fee_fen_per_m2_month) + " 元/平方米·月"},
                              {"合同年度", year_text},
                              {"政府补贴比例", std::to_string(s.government_percent) + "%"},
                              {"计算方法", "全年物业费 = 建筑面积 × 收费标准 × 12 个月；政府补贴 = 全年物业费 × 补贴比例；业主承担其余部分"},
                              {"舍入规则", "全年物业费和政府补贴各自四舍五入到分，业主承担 = 全年物业费 − 政府补贴"},
                              {"导出日期", ChineseDay(today)}};
                auto bytes = io::WriteXlsx({sheet, about});
                if (!bytes.ok()) return http::ErrorResponse(bytes.error());
                service::ExportFile file{"物业费分摊_" + view->info.compound_name + "_第" + std::to_string(s.year_index) +
                                             "年_" + today + ".xlsx",
                                         std::move(*bytes)};
                return AuditedXlsx(*auth, req, "property_shares", std::move(file));
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/property/compounds/{compound_id}/ratings",
              .permission = "property:rate",
              .summary = "居民给物业打分（每户每年一次，1–5 星）",
              .tag = "property",
              .request_schema = "PropertyRatingInput",
              .response_schema = "PropertyRating",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId("compound_id");
                if (!id.ok()) return http::ErrorResponse(id.error());
                const std::string today = Today(*auth);
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                PropertyRating r;
                r.compound_id = *id;
                r.year = YearOf(today);
                if (auto v = in->Int("year")) r.year = static_cast<int>(std::clamp<std::int64_t>(*v, 0, 100000));
                if (auto v = in->Int("score")) r.score = static_cast<int>(std::clamp<std::int64_t>(*v, -1, 100));
                else RequireField(*in, "score");
                if (auto v = in->String("comment")) r.comment = *v;
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto valid = ValidateRating(r, YearOf(today));
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                auto scope = ScopeFor(*auth, req);
                if (!scope.ok()) return http::ErrorResponse(scope.error());
                auto info = auth->store().Property().GetPropertyCompound(*id, *scope);
                if (!info.ok()) return http::ErrorResponse(info.error());
                auto household = OwnHousehold(*auth, *id, *scope);
                if (!household.ok()) return http::ErrorResponse(household.error());
                // The company rated: the one in force in that year (this year: today; last year: 31 December).
                const std::string on = valid->year == YearOf(today) ? today : std::to_string(valid->year) + "-12-31";
                auto current = CurrentContractIndex(info->contracts, on);
                if (!current || info->contracts[*current].starts_on > on)
                  return http::ErrorResponse(ConflictOn("contract", "none", "这个小区那时还没有物业服务，不能打分"));
                const PropertyContract& c = info->contracts[*current];
                valid->contract_id = c.id;
                valid->household_id = *household;
                if (req.ctx.principal.user_id != 0) valid->user_id = req.ctx.principal.user_id;
                valid->at = auth->NowText();
                auto stored = auth->store().Property().AddRating(*valid, *scope);
                if (!stored.ok()) return http::ErrorResponse(stored.error());
                return http::Json(json::object{{"id", stored->id},
                                               {"compound_id", stored->compound_id},
                                               {"household_id", stored->household_id},
                                               {"year", stored->year},
                                               {"score", stored->score},
                                               {"comment", stored->comment},
                                               {"at", stored->at},
                                               {"company_name", c.company_name}},
                                  201);
              }});
}

}  // namespace linli::api
