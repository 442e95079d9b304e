#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"
#include "api/hotline_import.h"
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

std::string NowIso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return FormatIsoUtc(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

// The community an import goes to: --community, or the store's only one (0 after printing why not).
Id ImportCommunity(Store& store, const ImportArgs& args, const std::string& url) {
  if (args.community_id) return *args.community_id;
  auto list = store.ListCommunities(Scope::All(), PageRequest{0, 2});
  if (!list.ok()) {
    Fail("读取社区", list.error());
    return 0;
  }
  if (list->total != 1) {
    fmt::print(stderr, "{} 中有 {} 个社区：请用 --community ID 指定导入到哪个社区\n", url, list->total);
    return 0;
  }
  return list->items[0].community.id;
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
  Id community_id = ImportCommunity(*store, args, url);
  if (community_id == 0) return 1;
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

int RunImportDemands(const ImportArgs& args) {
  std::ifstream in(args.file, std::ios::binary | std::ios::ate);
  if (!in) {
    fmt::print(stderr, "无法读取文件 {}\n", args.file);
    return 1;
  }
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');  // in one read: a sheet may be 300 MB
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    fmt::print(stderr, "无法读取文件 {}\n", args.file);
    return 1;
  }
  std::string url;
  auto store = OpenConfiguredStore(args.flags, &url);
  if (!store) return 1;
  Id community_id = ImportCommunity(*store, args, url);
  if (community_id == 0) return 1;
  api::HotlineImportOptions options{.community_id = community_id,
                                    .user = "12345导入",
                                    .now = NowIso(),
                                    .dry_run = args.dry_run,
                                    .skip_invalid = args.skip_invalid};
  auto report = api::ImportHotlineTickets(*store, bytes, args.file, options);
  if (!report.ok()) {
    Fail("导入", report.error());
    fmt::print(stderr, "未写入任何数据。\n");
    return 1;
  }
  const api::HotlineImportReport& r = *report;
  fmt::print("{}: 有效 {} 行（地址对应到住户 {} 行），有问题 {} 行\n", args.file, r.rows, r.resolved, r.issues.size());
  for (const auto& [field, header] : r.mapping) fmt::print("  {:<16} ← {}\n", field, header);
  std::size_t shown = 0;
  for (const auto& i : r.issues) {
    if (shown++ == 50) {
      fmt::print(stderr, "  … 另有 {} 条问题\n", r.issues.size() - 50);
      break;
    }
    auto header = r.mapping.find(i.field);  // the column as the sheet names it
    fmt::print(stderr, "  第 {} 行 {}: {} ({})\n", i.row, header != r.mapping.end() ? header->second : i.field,
               i.message, i.reason);
  }
  if (args.dry_run) {
    fmt::print("检查完成（未写入）\n");
    return r.issues.empty() ? 0 : 2;
  }
  if (!r.written) {
    fmt::print(stderr, "未写入任何数据。可用 --skip-invalid 跳过有问题的行。\n");
    return 1;
  }
  fmt::print("已导入社区 {}: 新建 {} 条，已有 {} 条（按工单编号，未重复创建）\n", community_id, r.created, r.existing);
  fmt::print("  用时 读取 {:.1f} 秒，检查 {:.1f} 秒，写入 {:.1f} 秒\n", r.read_seconds, r.check_seconds, r.store_seconds);
  return 0;
}

}  // namespace linli::cli
