// .xlsx writing with libxlsxwriter. Debian's 1.1.4 has no memory output, so the workbook goes to a
// private temporary file (mkstemp) that is read back and removed.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "io/table.h"

namespace linli::io {

namespace {

// Display width of text in Excel's character units: CJK and other wide characters count 2.
double DisplayWidth(std::string_view s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    w += len >= 3 ? 2.1 : 1.1;
    i += len;
  }
  return w;
}

std::string SheetName(std::string_view name, std::size_t index) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < 31;) {
    auto c = static_cast<unsigned char>(name[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    std::string_view ch = name.substr(i, len);
    out += (ch.size() == 1 && std::string_view("[]:*?/\\").find(ch[0]) != std::string_view::npos) ? "_" : std::string(ch);
    ++chars;
    i += len;
  }
  if (out.empty() || out.front() == '\'' || out.back() == '\'') out = "Sheet" + std::to_string(index + 1);
  return out;
}

class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/linli-xlsx-XXXXXX";
    int fd = mkstemp(path_.data());
    if (fd < 0) path_.clear();
    else close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets) {
  if (sheets.empty()) return Error::Invalid("sheets", "required", "至少需要一个工作表");
  TempFile tmp;
  if (tmp.path().empty()) return Error::Internal("无法创建临时文件");
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows stream to disk: flat memory for large exports
  options.tmpdir = nullptr;
  lxw_workbook* wb = workbook_new_opt(tmp.path().c_str(), &options);
  if (!wb) return Error::Internal("无法创建Excel文件");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);

  std::vector<std::string> used_names;
  for (std::size_t si = 0; si < sheets.size(); ++si) {
    const XlsxSheet& sheet = sheets[si];
    std::string name = SheetName(sheet.name, si);
    if (std::find(used_names.begin(), used_names.end(), name) != used_names.end()) name = "Sheet" + std::to_string(si + 1);
    used_names.push_back(name);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) {
      workbook_close(wb);
      return Error::Internal("无法创建工作表");
    }
    // Column widths from the header and the first 2,000 rows.
    std::size_t cols = sheet.headers.size();
    for (const auto& row : sheet.rows) cols = std::max(cols, row.size());
    std::vector<double> width(cols, 8);
    for (std::size_t c = 0; c < sheet.headers.size(); ++c) width[c] = std::max(width[c], DisplayWidth(sheet.headers[c]) + 2);
    for (std::size_t r = 0; r < std::min<std::size_t>(sheet.rows.size(), 2000); ++r)
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) width[c] = std::max(width[c], DisplayWidth(sheet.rows[r][c]) + 2);
    for (std::size_t c = 0; c < cols; ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(width[c], 60.0), nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t c = 0; c < sheet.headers.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(), bold);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto& row = sheet.rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (row[c].empty()) continue;
        lxw_error err = worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), row[c].c_str(), nullptr);
        if (err != LXW_NO_ERROR && err != LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
          workbook_close(wb);
          return Error::Internal(std::string("写Excel失败：") + lxw_strerror(err));
        }
      }
    }
  }
  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
    return Error::Internal(std::string("写Excel失败：") + lxw_strerror(err));
  std::ifstream in(tmp.path(), std::ios::binary);
  if (!in) return Error::Internal("无法读取生成的Excel文件");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace linli::io
