// linli user add | list
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sodium.h>

#include "access/password.h"
#include "access/permissions.h"
#include "cli/accounts.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"

namespace linli::cli {

namespace {

// The scope a role needs before it can see anything (admin and auditor need none).
Status CheckScopeForRole(const UserAddArgs& a) {
  auto need = [](bool has, const char* field, const char* what) -> Status {
    if (has) return Ok();
    return Error::Invalid(field, "required", std::string("该角色需要") + what);
  };
  const std::string& r = a.role;
  if (r == "grid_worker") return need(!a.grid_ids.empty(), "grid", "--grid（所负责的网格）");
  if (r == "community_staff" || r == "community_head")
    return need(!a.community_ids.empty(), "community", "--community（所在社区）");
  if (r == "street_admin") return need(!a.street_code.empty(), "street", "--street（9 位街道代码）");
  if (r == "resident") return need(a.household_id.has_value(), "household", "--household（所在住户）");
  if (r == "property_company") return need(!a.compound_ids.empty(), "compound", "--compound（服务的小区）");
  return Ok();
}

std::string ScopeText(const User& u) {
  std::vector<std::string> parts;
  if (!u.community_ids.empty()) parts.push_back(fmt::format("社区 {}", fmt::join(u.community_ids, ",")));
  if (!u.grid_ids.empty()) parts.push_back(fmt::format("网格 {}", fmt::join(u.grid_ids, ",")));
  if (!u.compound_ids.empty()) parts.push_back(fmt::format("小区 {}", fmt::join(u.compound_ids, ",")));
  if (!u.street_code.empty()) parts.push_back("街道 " + u.street_code);
  if (u.household_id) parts.push_back(fmt::format("住户 {}", *u.household_id));
  return parts.empty() ? "—" : fmt::format("{}", fmt::join(parts, "；"));
}

}  // namespace

int RunUserAdd(const UserAddArgs& args) {
  if (!ParseRole(args.role)) {
    std::vector<std::string> codes;
    for (Role r : AllRoles()) codes.emplace_back(RoleCode(r));
    return Fail("角色", Error::Invalid("role", "unknown_role",
                                       fmt::format("未知角色 {}，可选: {}", args.role, fmt::join(codes, ", "))));
  }
  if (Status s = CheckScopeForRole(args); !s.ok()) return Fail("范围", s.error());
  if (Status s = InitCrypto(); !s.ok()) return Fail("加密库", s.error());
  auto store = OpenConfiguredStore(args.flags);
  if (!store) return 1;
  if (auto existing = store->FindUserByName(args.username); existing.ok())
    return Fail("新建用户", Error::Conflict("用户名已存在: " + args.username, "username"));

  auto password = ReadNewPassword();
  if (!password.ok()) return Fail("密码", password.error());
  Status policy = CheckPasswordPolicy(*password);
  auto hash = policy.ok() ? HashPassword(*password) : Result<std::string>(policy.error());
  sodium_memzero(password->data(), password->size());
  if (!hash.ok()) return Fail("密码", hash.error());

  User u;
  u.username = args.username;
  u.role = args.role;
  u.display_name = args.display_name.empty() ? args.username : args.display_name;
  u.password_hash = *hash;
  u.community_ids = args.community_ids;
  u.grid_ids = args.grid_ids;
  u.compound_ids = args.compound_ids;
  u.street_code = args.street_code;
  u.household_id = args.household_id;
  auto created = store->CreateUser(u);
  if (!created.ok()) return Fail("新建用户", created.error());
  if (Status s = AuditFromCli(*store, "user_create", "user", std::to_string(created->id)); !s.ok())
    return Fail("审计日志", s.error());
  fmt::print("已新建用户 {}（{}，角色 {}，id {}）\n", created->username, created->display_name, created->role,
             created->id);
  return 0;
}

int RunUserList(const UserListArgs& args) {
  auto store = OpenConfiguredStore(args.flags);
  if (!store) return 1;
  const std::string now = NowUtc();
  std::int64_t offset = 0;
  fmt::print("{:>4}  {:<16} {:<17} {:<12} {:<8} {:<20} {}\n", "id", "用户名", "角色", "姓名", "状态", "最近登录",
             "范围");
  for (;;) {
    auto page = store->ListUsers(UserFilter{args.q, args.role}, PageRequest{offset, 500});
    if (!page.ok()) return Fail("读取用户", page.error());
    for (const User& u : page->items) {
      std::string state = u.disabled                                        ? "停用"
                          : (!u.locked_until.empty() && now < u.locked_until) ? "锁定至 " + u.locked_until
                                                                              : "正常";
      fmt::print("{:>4}  {:<16} {:<17} {:<12} {:<8} {:<20} {}\n", u.id, u.username, u.role, u.display_name, state,
                 u.last_login_at.empty() ? "—" : u.last_login_at, ScopeText(u));
    }
    offset += 500;
    if (page->items.empty() || offset >= page->total) {
      fmt::print("共 {} 个用户\n", page->total);
      break;
    }
  }
  return 0;
}

}  // namespace linli::cli
