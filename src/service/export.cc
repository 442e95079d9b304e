#include "service/export.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "access/masking.h"
#include "access/view_policy.h"
#include "io/table.h"
#include "service/registry_labels.h"

namespace linli::service {

namespace {

constexpr std::int64_t kPageSize = 500;

// Calls `list(page)` until every item has been seen, handing each item to `row`.
template <class List, class Row>
Status ForEachPage(List&& list, Row&& row) {
  PageRequest page{0, kPageSize};
  while (true) {
    auto result = list(page);
    if (!result.ok()) return std::move(result.error());
    for (const auto& item : result->items) row(item);
    page.offset += static_cast<std::int64_t>(result->items.size());
    if (result->items.empty() || page.offset >= result->total) return Ok();
  }
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string Phone(const std::string& phone, const ExportOptions& o) { return o.mask_personal ? MaskPhone(phone) : phone; }

std::vector<ResidentTag> VisibleTags(const std::vector<ResidentTag>& tags, const ExportOptions& o) {
  std::vector<ResidentTag> out;
  for (const auto& t : tags)
    if (o.sensitive_tags || !IsSensitiveTag(t.code)) out.push_back(t);
  return out;
}

Result<ExportFile> Write(std::string_view base, std::string_view today, io::XlsxSheet sheet) {
  std::vector<io::XlsxSheet> sheets;
  sheets.push_back(std::move(sheet));
  LINLI_TRY(std::string bytes, io::WriteXlsx(sheets));
  return ExportFile{std::string(base) + "_" + std::string(today) + ".xlsx", std::move(bytes)};
}

}  // namespace

Result<ExportFile> ExportHouseholds(Store& store, const HouseholdFilter& filter, std::string_view today,
                                    const ExportOptions& options) {
  io::XlsxSheet sheet;
  sheet.name = "住户";
  sheet.headers = {"地址", "门牌号", "面积(㎡)", "联系电话", "户主", "居住人数", "网格", "网格员", "开发商未售", "备注"};
  LINLI_TRY_STATUS(ForEachPage([&](PageRequest p) { return store.ListHouseholds(filter, p); },
                               [&](const HouseholdSummary& h) {
                                 sheet.rows.push_back({h.address, h.household.door, Number(h.household.area_m2),
                                                       Phone(h.household.phone, options), h.head_name,
                                                       std::to_string(h.residents), h.grid_name, h.worker_name,
                                                       h.household.developer_unsold ? "是" : "否", h.household.note});
                               }));
  return Write("住户", today, std::move(sheet));
}

Result<ExportFile> ExportResidents(Store& store, const ResidentFilter& filter, std::string_view today,
                                   const ExportOptions& options) {
  io::XlsxSheet sheet;
  sheet.name = "居民";
  sheet.headers = {"姓名", "性别", "身份证号", "出生日期", "联系电话", "与户主关系", "是否产权人", "标签", "地址", "备注"};
  LINLI_TRY_STATUS(ForEachPage([&](PageRequest p) { return store.ListResidents(filter, p); },
                               [&](const ResidentSummary& s) {
                                 const Resident& r = s.resident;
                                 sheet.rows.push_back({r.name, std::string(SexLabel(r.sex)),
                                                       options.mask_personal ? MaskIdNumber(r.id_number) : r.id_number,
                                                       options.mask_personal ? MaskBirthDate(r.birth_date) : r.birth_date,
                                                       Phone(r.phone, options), r.relation, r.is_owner ? "是" : "否",
                                                       TagsText(VisibleTags(r.tags, options)), s.address, r.note});
                               }));
  return Write("居民", today, std::move(sheet));
}

Result<ExportFile> ExportGrids(Store& store, Id community_id, const Scope& scope, std::string_view today,
                               const ExportOptions& options) {
  LINLI_TRY(std::vector<GridSummary> grids, store.ListGrids(community_id, scope));
  io::XlsxSheet sheet;
  sheet.name = "网格";
  sheet.headers = {"网格编码", "网格名称", "网格员", "网格员电话", "楼栋数", "户数", "居民数", "重点人群数"};
  for (const GridSummary& g : grids) {
    // The grid worker's phone is a work contact published to residents: not masked.
    sheet.rows.push_back({g.grid.code, g.grid.name, g.grid.worker_name, g.grid.worker_phone,
                          std::to_string(g.buildings), std::to_string(g.households), std::to_string(g.residents),
                          std::to_string(g.vulnerable)});
  }
  return Write("网格", today, std::move(sheet));
}

Result<ExportFile> ExportAudit(Store& store, const AuditFilter& filter, std::string_view today) {
  io::XlsxSheet sheet;
  sheet.name = "审计日志";
  sheet.headers = {"序号", "时间", "操作人", "动作", "对象类型", "对象", "当事人", "字段", "理由", "来源地址", "哈希"};
  std::vector<AuditEntry> entries;
  LINLI_TRY_STATUS(ForEachPage([&](PageRequest p) { return store.ListAudit(filter, p); },
                               [&](const AuditEntry& e) { entries.push_back(e); }));
  // ListAudit is newest first; the sheet reads in chain order.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const AuditEntry& e = *it;
    sheet.rows.push_back({std::to_string(e.id), e.at, e.actor, e.action, e.object_type, e.object_id, e.subject,
                          e.field, e.reason, e.remote_addr, e.hash});
  }
  return Write("审计日志", today, std::move(sheet));
}

}  // namespace linli::service
