// The demo accounts of docs/api.md, one per role, bound to the demo community.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "access/password.h"
#include "cli/accounts.h"

namespace linli::cli {

Result<std::vector<DemoAccount>> CreateDemoAccounts(Store& store, Id community_id) {
  const Scope all = Scope::All();
  LINLI_TRY(auto community, store.GetCommunity(community_id, all));
  const Community& c = community.community;
  LINLI_TRY(auto grids, store.ListGrids(community_id, all));
  HouseholdFilter first_filter;
  first_filter.community_id = community_id;
  LINLI_TRY(auto first_household, store.ListHouseholds(first_filter, PageRequest{0, 1}));
  LINLI_TRY(auto compounds, store.ListCompounds(community_id, all, PageRequest{0, 500}));

  struct Planned {
    User user;
    std::string scope;
  };
  std::vector<Planned> plan;
  auto add = [&](std::string username, std::string role, std::string display_name, std::string scope) -> User& {
    User u;
    u.username = std::move(username);
    u.role = std::move(role);
    u.display_name = std::move(display_name);
    plan.push_back({std::move(u), std::move(scope)});
    return plan.back().user;
  };
  add("admin", "admin", "系统管理员", "全部");
  add("head", "community_head", c.name + "书记", c.name).community_ids = {community_id};
  add("staff", "community_staff", c.name + "工作人员", c.name).community_ids = {community_id};
  for (int i = 1; i <= 16; ++i) {
    const std::string code = c.code + fmt::format("{:03d}", i);
    auto g = std::find_if(grids.begin(), grids.end(), [&](const GridSummary& s) { return s.grid.code == code; });
    if (g == grids.end()) continue;
    std::string name = g->grid.worker_name.empty() ? fmt::format("网格员{:02d}", i) : g->grid.worker_name;
    add(fmt::format("worker{:02d}", i), "grid_worker", name, g->grid.name + " " + code).grid_ids = {g->grid.id};
  }
  if (!first_household.items.empty()) {
    const HouseholdSummary& h = first_household.items[0];
    User& r = add("resident", "resident", h.head_name.empty() ? "居民" : h.head_name, h.address);
    r.household_id = h.household.id;
    // Linked to his own resident record (the head of the household): owner votes recognise him by it.
    LINLI_TRY(auto detail, store.GetHousehold(h.household.id, all));
    for (const auto& p : detail.residents)
      if (p.name == h.head_name && !r.resident_id) r.resident_id = p.id;
  }
  const std::string street_code = c.code.substr(0, 9);
  add("street", "street_admin", (c.street_name.empty() ? "街道" : c.street_name) + "管理员",
      (c.street_name.empty() ? "" : c.street_name + " ") + street_code)
      .street_code = street_code;
  // The property company of the first compound that has one, with all of its compounds.
  std::string company;
  std::vector<Id> company_compounds;
  std::vector<std::string> compound_names;
  for (const auto& s : compounds.items)
    if (!s.compound.property_company.empty() && (company.empty() || s.compound.property_company == company)) {
      company = s.compound.property_company;
      company_compounds.push_back(s.compound.id);
      compound_names.push_back(s.compound.name);
    }
  add("property", "property_company", company.empty() ? "物业公司" : company,
      fmt::format("{}", fmt::join(compound_names, "、")))
      .compound_ids = company_compounds;
  add("auditor", "auditor", "审计员", "审计日志");

  std::string hash;  // the demo password, hashed once for every account created
  std::vector<DemoAccount> out;
  for (auto& [u, scope] : plan) {
    DemoAccount a{u.username, u.role, u.display_name, scope, false};
    auto existing = store.FindUserByName(u.username);
    if (existing.ok()) {
      out.push_back(std::move(a));
      continue;
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.error();
    if (hash.empty()) {
      LINLI_TRY_STATUS(InitCrypto());
      LINLI_TRY(hash, HashPassword(kDemoPassword));
    }
    u.password_hash = hash;
    LINLI_TRY(auto created, store.CreateUser(u));
    LINLI_TRY_STATUS(AuditFromCli(store, "user_create", "user", std::to_string(created.id)));
    a.created = true;
    out.push_back(std::move(a));
  }
  return out;
}

Status RefreshDemoAccountScopes(Store& store, std::vector<DemoAccount>& accounts) {
  for (auto& a : accounts) {
    if (a.role != "property_company") continue;
    LINLI_TRY(auto u, store.FindUserByName(a.username));
    std::vector<std::string> names;
    for (Id id : u.compound_ids) {
      auto c = store.GetCompound(id, Scope::All());
      if (c.ok()) names.push_back(c->compound.name);
    }
    a.display_name = u.display_name;
    a.scope = fmt::format("{}", fmt::join(names, "、"));
  }
  return Ok();
}

void PrintDemoAccounts(const std::vector<DemoAccount>& accounts) {
  std::size_t created = std::count_if(accounts.begin(), accounts.end(), [](const auto& a) { return a.created; });
  fmt::print("演示账号（密码均为 {}；新建 {} 个，已有 {} 个）\n", kDemoPassword, created, accounts.size() - created);
  fmt::print("  {:<10} {:<17} {:<6} {}\n", "用户名", "角色", "状态", "姓名 / 范围");
  for (const auto& a : accounts)
    fmt::print("  {:<10} {:<17} {:<6} {}（{}）\n", a.username, a.role, a.created ? "新建" : "已有", a.display_name,
               a.scope);
}

}  // namespace linli::cli
