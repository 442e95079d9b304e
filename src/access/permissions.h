// Roles and permissions: every `resource:action` code linli knows, listed once, with the roles
// that hold it. The server checks routes against this table; the console reads it (via the
// session endpoint) to hide what a user may not do. Pure; thread-safe (immutable data).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linli {

enum class Role {
  kResident,         // 居民
  kGridWorker,       // 网格员
  kCommunityStaff,   // 社区工作人员 (两委 / 居委会)
  kCommunityHead,    // 社区书记 / 主任
  kStreetAdmin,      // 街道
  kPropertyCompany,  // 物业公司
  kAuditor,          // 审计
  kAdmin,            // 系统管理员
};

// "resident", "grid_worker", ... (the codes in DOMAIN.md).
std::string_view RoleCode(Role role);
// Parses a role code; nullopt for an unknown one.
std::optional<Role> ParseRole(std::string_view code);
const std::vector<Role>& AllRoles();

struct PermissionDef {
  std::string code;      // "household:read"
  std::string label_zh;  // "查看住户"
  std::string label_en;  // "View households"
  std::vector<Role> roles;
};

// Every permission code, in a stable order.
const std::vector<PermissionDef>& AllPermissions();
// True when `code` is listed in AllPermissions().
bool IsKnownPermission(std::string_view code);
// True when `role` holds `code`. Unknown codes are held by nobody.
bool RoleHas(Role role, std::string_view code);
// The codes `role` holds, in AllPermissions() order.
std::vector<std::string> PermissionsOf(Role role);

}  // namespace linli
