#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"
#include "service/registry_import.h"

namespace linli::cli {
namespace {

void PrintRowErrors(const std::vector<RowError>& errors, std::size_t max) {
  std::size_t shown = 0;
  for (const auto& e : errors) {
    if (shown++ == max) {
      fmt::print(stderr, "  … 另有 {} 条问题\n", errors.size() - max);
      break;
    }
    fmt::print(stderr, "  第 {} 行 {}: {} ({})\n", e.row, e.column.empty() ? e.field : e.column, e.message, e.reason);
  }
}

}  // namespace

int RunImportHouseholds(const ImportArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "无法读取文件 {}\n", args.file);
    return 1;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto preview = service::PreviewImport(bytes, args.file, service::ImportLimits{});
  if (!preview.ok()) return Fail("读取 " + args.file, preview.error());
  fmt::print("{}: {} 行数据，{} 列\n", args.file, preview->row_count, preview->headers.size());
  for (const auto& [key, column] : preview->mapping) {
    fmt::print("  {:<16} ← {}\n", key,
               column >= 0 && static_cast<std::size_t>(column) < preview->headers.size()
                   ? preview->headers[static_cast<std::size_t>(column)]
                   : "?");
  }

  if (args.dry_run) {
    auto check = service::CheckImport(preview->table, preview->mapping, service::TodayLocal());
    if (!check.ok()) return Fail("检查", check.error());
    fmt::print("检查完成（未写入）: 有效 {} 行，无效 {} 行\n", check->valid.size(), check->invalid_rows);
    PrintRowErrors(check->errors, 50);
    return check->invalid_rows > 0 ? 2 : 0;
  }

  std::string url;
  auto store = OpenConfiguredStore(args.flags, &url);
  if (!store) return 1;
  Id community_id = 0;
  if (args.community_id) {
    community_id = *args.community_id;
  } else {
    auto list = store->ListCommunities(Scope::All(), PageRequest{0, 2});
    if (!list.ok()) return Fail("读取社区", list.error());
    if (list->total != 1) {
      fmt::print(stderr, "{} 中有 {} 个社区：请用 --community ID 指定导入到哪个社区\n", url, list->total);
      return 1;
    }
    community_id = list->items[0].community.id;
  }
  auto outcome = service::CommitImport(*store, community_id, preview->table, preview->mapping, args.skip_invalid,
                                       service::TodayLocal());
  if (!outcome.ok()) {
    Fail("导入", outcome.error());
    if (!args.skip_invalid) fmt::print(stderr, "未写入任何数据。可用 --skip-invalid 跳过无效行。\n");
    return 1;
  }
  const ImportStats& s = outcome->stats;
  fmt::print("已导入社区 {}: {} 行（跳过 {} 行无效数据）\n", community_id, outcome->imported, outcome->skipped);
  fmt::print("  新建 小区 {} 楼栋 {} 单元 {} 住户 {} 居民 {}\n", s.compounds_created, s.buildings_created,
             s.units_created, s.households_created, s.residents_created);
  fmt::print("  更新 住户 {} 居民 {}，未变 {} 行\n", s.households_updated, s.residents_updated, s.unchanged_rows);
  if (outcome->skipped > 0) PrintRowErrors(outcome->check.errors, 20);
  return 0;
}

}  // namespace linli::cli
