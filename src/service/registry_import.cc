#include "service/registry_import.h"

#include <ctime>
#include <limits>
#include <utility>

namespace linli::service {

namespace {

constexpr std::size_t kSampleRows = 5;

// True when every cell of the row is empty (trailing blank lines of spreadsheets).
bool IsBlankRow(const std::vector<std::string>& row) {
  for (const auto& cell : row)
    if (cell.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  return true;
}

// Refuses what is plainly neither CSV nor .xlsx before any parsing: another file extension, or
// binary content (a NUL byte near the start) that is not a zip container.
Status CheckKind(std::string_view bytes, std::string_view filename) {
  Error unsupported{ErrorCode::kUnsupportedMediaType, "只支持 .xlsx 和 .csv 文件（.xls 请先另存为 .xlsx）", "file", {}};
  unsupported.details.push_back({"file", "file_type", unsupported.message});
  auto dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    std::string ext;
    for (char c : filename.substr(dot + 1)) ext.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    if (ext != "csv" && ext != "xlsx" && ext != "txt") return unsupported;
  }
  const bool zip = bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K';
  if (!zip && bytes.substr(0, 4096).find('\0') != std::string_view::npos) return unsupported;
  return Ok();
}

}  // namespace

Result<ImportPreview> PreviewImport(std::string_view bytes, std::string_view filename, const ImportLimits& limits) {
  LINLI_TRY_STATUS(CheckKind(bytes, filename));
  io::ReadLimits read_limits;
  // io stops reading past its limit; one row more than allowed is enough to know the file is too
  // long and to answer with our own message below.
  read_limits.max_rows = limits.max_rows == 0 ? std::numeric_limits<std::int64_t>::max()
                                              : static_cast<std::int64_t>(limits.max_rows) + 1;
  read_limits.max_uncompressed_bytes = static_cast<std::int64_t>(limits.max_uncompressed_bytes);
  read_limits.max_ratio = limits.max_ratio;
  LINLI_TRY(io::Table table, io::ReadTable(bytes, filename, read_limits));

  while (!table.rows.empty() && IsBlankRow(table.rows.back())) table.rows.pop_back();
  if (table.rows.size() < 2) {
    return Error::Invalid("file", "empty", "文件中没有数据行（第一行应为表头，其后至少一行数据）");
  }
  const std::size_t data_rows = table.rows.size() - 1;
  if (limits.max_rows != 0 && data_rows > limits.max_rows) {
    Error e = Error::Invalid("file", "too_many_rows",
                             "文件数据行超过上限 " + std::to_string(limits.max_rows) +
                                 " 行，请分批导入，或使用命令行 linli import 导入");
    e.code = ErrorCode::kTooLarge;
    return e;
  }

  ImportPreview preview;
  preview.headers = table.rows[0];
  preview.row_count = static_cast<std::int64_t>(data_rows);
  for (std::size_t i = 1; i < table.rows.size() && preview.sample.size() < kSampleRows; ++i)
    preview.sample.push_back(table.rows[i]);
  preview.mapping = SuggestMapping(preview.headers);
  preview.table = std::move(table);
  return preview;
}

Result<ImportCheck> CheckImport(const io::Table& table, const ColumnMapping& mapping, std::string_view today) {
  return CheckRegistryRows(table.rows, mapping, today);
}

Error ImportCheckError(const ImportCheck& check) {
  Error e;
  e.code = ErrorCode::kInvalidArgument;
  e.message = "有 " + std::to_string(check.invalid_rows) + " 行数据不合格，未导入任何数据；请修正后重试，或选择跳过不合格的行";
  for (const RowError& re : check.errors) {
    std::string locator = std::to_string(re.row) + ":" + (re.column.empty() ? re.field : re.column);
    e.details.push_back({std::move(locator), re.reason, "第 " + std::to_string(re.row) + " 行：" + re.message});
  }
  if (!e.details.empty()) e.field = e.details.front().field;
  return e;
}

Result<ImportOutcome> CommitImport(Store& store, Id community_id, const io::Table& table, const ColumnMapping& mapping,
                                   bool skip_invalid, std::string_view today) {
  LINLI_TRY(ImportCheck check, CheckImport(table, mapping, today));
  if (check.invalid_rows > 0 && !skip_invalid) return ImportCheckError(check);
  if (check.valid.empty()) return Error::Invalid("file", "no_valid_rows", "没有可导入的合格数据行");

  LINLI_TRY(ImportStats stats, store.ImportRegistry(community_id, check.valid));
  ImportOutcome outcome;
  outcome.stats = stats;
  outcome.imported = static_cast<std::int64_t>(check.valid.size());
  outcome.skipped = check.invalid_rows;
  outcome.check = std::move(check);
  return outcome;
}

std::string TodayLocal() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

}  // namespace linli::service
