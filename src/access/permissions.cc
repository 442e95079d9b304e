#include "access/permissions.h"

#include <algorithm>
#include <array>

namespace linli {

namespace {

using R = Role;
constexpr R kRes = R::kResident, kGw = R::kGridWorker, kStaff = R::kCommunityStaff, kHead = R::kCommunityHead,
            kStreet = R::kStreetAdmin, kProp = R::kPropertyCompany, kAud = R::kAuditor, kAdm = R::kAdmin;

constexpr std::array<std::pair<R, std::string_view>, 8> kRoleCodes = {{
    {kRes, "resident"},
    {kGw, "grid_worker"},
    {kStaff, "community_staff"},
    {kHead, "community_head"},
    {kStreet, "street_admin"},
    {kProp, "property_company"},
    {kAud, "auditor"},
    {kAdm, "admin"},
}};

std::vector<PermissionDef> BuildPermissions() {
  const std::vector<R> everyone = {kRes, kGw, kStaff, kHead, kStreet, kProp, kAud, kAdm};
  const std::vector<R> registry_readers = {kRes, kGw, kStaff, kHead, kStreet};
  const std::vector<R> registry_writers = {kGw, kStaff, kHead};
  const std::vector<R> community_staff = {kStaff, kHead};
  return {
      {"system:health", "健康检查", "Health check", everyone},
      {"system:metrics", "运行指标", "Server metrics", {kAdm}},
      {"system:api_doc", "接口文档", "API document", everyone},
      {"auth:login", "登录", "Log in", everyone},
      {"meta:read", "查看基础字典", "Read reference lists", everyone},
      {"community:read", "查看社区", "View communities", {kGw, kStaff, kHead, kStreet}},
      {"community:write", "维护社区信息", "Edit communities", {kHead, kStreet}},
      {"compound:read", "查看小区", "View compounds", {kRes, kGw, kStaff, kHead, kStreet}},
      {"compound:write", "维护小区", "Edit compounds", community_staff},
      {"building:read", "查看楼栋", "View buildings", {kRes, kGw, kStaff, kHead, kStreet}},
      {"building:write", "维护楼栋", "Edit buildings", community_staff},
      {"unit:read", "查看单元", "View units", {kRes, kGw, kStaff, kHead, kStreet}},
      {"unit:write", "维护单元", "Edit units", community_staff},
      {"household:read", "查看住户", "View households", registry_readers},
      {"household:write", "维护住户", "Edit households", registry_writers},
      {"resident:read", "查看居民", "View residents", registry_readers},
      {"resident:write", "维护居民", "Edit residents", registry_writers},
      {"grid:read", "查看网格", "View grids", {kGw, kStaff, kHead, kStreet}},
      {"grid:write", "调整网格", "Change grids", community_staff},
      {"registry:import", "导入居民档案", "Import the registry", community_staff},
      {"registry:export", "导出名单", "Export lists", {kRes, kGw, kStaff, kHead, kStreet}},
      {"sensitive:reveal", "查看敏感信息原文", "Reveal sensitive data", {kHead}},
      {"audit:read", "查看审计日志", "Read the audit log", {kAud}},
      {"audit:export", "导出审计日志", "Export the audit log", {kAud}},
      {"user:read", "查看账号", "View accounts", {kAdm}},
      {"user:write", "管理账号", "Manage accounts", {kAdm}},
      {"token:read", "查看接口令牌", "View API tokens", {kAdm}},
      {"token:write", "管理接口令牌", "Manage API tokens", {kAdm}},
      {"self:read", "查看本人资料", "View own data", everyone},
      {"self:write", "修改本人密码", "Change own password", everyone},
      // Demands (接诉即办). Scope: resident = his own; grid_worker = her grids or assigned to her;
      // staff/head = their communities; street = the street's communities; property = dispatched
      // to it. The auditor reads the audit trail only (DOMAIN.md), so no demand:read.
      {"demand:read", "查看诉求", "View demands", {kRes, kGw, kStaff, kHead, kStreet, kProp}},
      {"demand:create", "登记诉求", "Register demands", {kGw, kStaff, kHead}},
      {"demand:submit", "提交本人诉求", "Submit own demands", {kRes}},
      {"demand:handle", "办理诉求", "Handle demands", {kGw, kStaff, kHead, kStreet, kProp}},
      {"demand:dispatch", "派单与办结", "Dispatch and close demands", community_staff},
      {"demand:callback", "回访评价", "Call back and rate", {kRes, kStaff, kHead}},
      {"demand:rates", "查看三率统计", "View the three rates", {kGw, kStaff, kHead, kStreet}},
      {"demand:export", "导出诉求", "Export demands", {kStaff, kHead, kStreet}},
      {"demand:import", "导入12345工单", "Import 12345 tickets", community_staff},
      {"demand:config", "诉求分类与时限设置", "Demand categories and deadlines", {kHead, kAdm}},
      // Public notices (公示). The board and the printable page need no login (notice:board);
      // residents comment when logged in; staff and head write, publish, answer; workers and the
      // street read.
      {"notice:read", "查看公示（含草稿）", "View notices (drafts too)", {kGw, kStaff, kHead, kStreet}},
      {"notice:write", "编写公示", "Write notices", community_staff},
      {"notice:publish", "发布和归档公示", "Publish and archive notices", community_staff},
      {"notice:comment", "对公示提意见或异议", "Comment on or object to notices", {kRes}},
      {"notice:answer", "答复公示异议", "Answer objections to notices", community_staff},
      {"notice:board", "公示栏（无需登录）", "Notice board (no login)", everyone},
      // Owner votes (业主表决). Staff and head prepare, open, enter paper ballots, close and publish;
      // a resident reads the votes whose electorate holds his household and casts online for the
      // dwellings he owns; grid workers and the street read.
      {"vote:read", "查看表决", "View votes", {kRes, kGw, kStaff, kHead, kStreet}},
      {"vote:write", "发起和管理表决", "Prepare and open votes", community_staff},
      {"vote:ballot", "业主网上投票", "Cast own ballot online", {kRes}},
      {"vote:enter", "录入纸质票", "Enter paper ballots", community_staff},
      {"vote:close", "结束计票和公布结果", "Close votes and publish results", community_staff},
      // Property management (物业管理). Staff and head set contracts and export the shares; the
      // street reads; a property company reads its own compounds; a resident reads his compound
      // (his own share only) and rates the company once a year per household.
      {"property:read", "查看物业管理", "View property management", {kRes, kStaff, kHead, kStreet, kProp}},
      {"property:write", "设定物业合同和导出分摊表", "Set property contracts, export shares", community_staff},
      {"property:rate", "给物业打分", "Rate the property company", {kRes}},
      // Deliberations (议事协商, 六步议事法). Residents read those of their compound (or community-wide)
      // and post their own opinion; grid workers read, record opinions and report task progress;
      // staff and head run the steps; only the head skips a step (she approves it); property
      // companies report progress on the tasks given to them.
      {"deliberation:read", "查看议事", "View deliberations", {kRes, kGw, kStaff, kHead, kStreet}},
      {"deliberation:write", "组织议事（六步）", "Run deliberations (six steps)", community_staff},
      {"deliberation:opinion", "提交或代录议事意见", "Post or record opinions", {kRes, kGw, kStaff, kHead}},
      {"deliberation:task", "报告落实任务进展", "Report task progress", {kGw, kStaff, kHead, kProp}},
      {"deliberation:skip", "批准跳过议事步骤", "Approve skipping a step", {kHead}},
      // Deliberation halls (邻里议事厅). Everyone logged in sees the halls in scope (a resident the
      // one serving his compound); staff and head define them; workers on duty log visits.
      {"hall:read", "查看议事厅", "View deliberation halls", everyone},
      {"hall:write", "设置议事厅", "Set up deliberation halls", community_staff},
      {"hall:visit", "登记议事厅来访", "Log hall visits", {kGw, kStaff, kHead}},
      {"open311:read", "Open311 查询", "Open311 queries", everyone},
      {"open311:submit", "Open311 提交诉求", "Open311 submissions", community_staff},
  };
}

}  // namespace

std::string_view RoleCode(Role role) {
  for (const auto& [r, code] : kRoleCodes)
    if (r == role) return code;
  return "resident";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (const auto& [r, c] : kRoleCodes)
    if (c == code) return r;
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& [r, code] : kRoleCodes) v.push_back(r);
    return v;
  }();
  return roles;
}

const std::vector<PermissionDef>& AllPermissions() {
  static const std::vector<PermissionDef> table = BuildPermissions();
  return table;
}

bool IsKnownPermission(std::string_view code) {
  const auto& all = AllPermissions();
  return std::any_of(all.begin(), all.end(), [&](const PermissionDef& p) { return p.code == code; });
}

bool RoleHas(Role role, std::string_view code) {
  for (const auto& p : AllPermissions())
    if (p.code == code) return std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end();
  return false;
}

std::vector<std::string> PermissionsOf(Role role) {
  std::vector<std::string> out;
  for (const auto& p : AllPermissions())
    if (std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end()) out.push_back(p.code);
  return out;
}

}  // namespace linli
