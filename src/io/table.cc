#include "io/table.h"

#include <algorithm>

#include "io/internal.h"

namespace linli::io {

namespace internal {
Error TooManyRows(std::int64_t max_rows) {
  return Error{ErrorCode::kTooLarge, "文件行数超过上限 " + std::to_string(max_rows), {}, {}};
}
}  // namespace internal

namespace {

Error Unsupported(std::string message) { return Error{ErrorCode::kUnsupportedMediaType, std::move(message), {}, {}}; }

constexpr std::string_view kNotATable = "不支持的文件类型：请上传Excel表格（.xlsx）或CSV文件";

// Text has no NUL and almost no control characters besides tab, CR, LF.
bool LooksLikeText(std::string_view s) {
  std::size_t controls = 0;
  for (unsigned char c : s) {
    if (c == 0) return false;
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') ++controls;
  }
  return controls * 100 <= s.size();
}

bool IsBlankRow(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) {
    return c.find_first_not_of(" \t\r\n") == std::string::npos;
  });
}

}  // namespace

Result<Table> ReadTable(std::string_view bytes, std::string_view filename, const ReadLimits& limits) {
  if (bytes.empty()) return Error::Invalid("file", "empty", "文件是空的，里面没有数据行");
  Result<Table> table = Error::Internal("unreachable");
  if (bytes.starts_with(std::string_view("PK\x03\x04", 4)) || bytes.starts_with(std::string_view("PK\x05\x06", 4))) {
    table = internal::ReadXlsx(bytes, limits);
  } else if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return Unsupported("这是旧版Excel（.xls）文件，请在Excel里“另存为”.xlsx或CSV后再上传");
  } else {
    std::string_view text = bytes;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!LooksLikeText(text)) return Unsupported(std::string(kNotATable));
    if (internal::IsValidUtf8(text)) {
      table = internal::ParseCsv(text, limits);
      if (table.ok()) table->encoding = "utf-8";
    } else {
      auto decoded = internal::DecodeGb18030(text);
      if (!decoded.ok()) {
        if (decoded.error().code == ErrorCode::kUnsupportedMediaType) return Unsupported(std::string(kNotATable));
        return std::move(decoded.error());
      }
      table = internal::ParseCsv(*decoded, limits);
      if (table.ok()) table->encoding = "gbk";
    }
  }
  if (!table.ok()) return table;
  auto& rows = table->rows;
  while (!rows.empty() && IsBlankRow(rows.back())) rows.pop_back();
  if (rows.size() <= 1) return Error::Invalid("file", "no_data_rows", "文件里没有数据行");
  if (static_cast<std::int64_t>(rows.size()) - 1 > limits.max_rows) return internal::TooManyRows(limits.max_rows);
  return table;
}

}  // namespace linli::io
