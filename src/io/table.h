// Reading uploaded tables (.csv / .xlsx) into rows of UTF-8 text cells, and writing .xlsx exports.
// Everything here works on bytes in memory; nothing touches the network. Thread rule: every function
// is safe to call from many threads at once (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace linli::io {

// A decoded table: rows[0] is the header row. Cells are UTF-8 text as a person sees them in Excel
// (numbers without exponent, dates with a date style as YYYY-MM-DD). Rows may have different
// lengths; trailing empty rows are dropped.
struct Table {
  std::vector<std::vector<std::string>> rows;
  std::string format;    // "csv" | "xlsx"
  std::string encoding;  // "utf-8" | "gbk" (always "utf-8" for xlsx)
};

// Limits that protect the server from huge or malicious uploads.
struct ReadLimits {
  std::int64_t max_rows = 200000;                         // data rows (header not counted)
  std::int64_t max_uncompressed_bytes = 256ll << 20;      // total bytes inflated from an .xlsx
  double max_ratio = 200;                                 // inflated / uploaded, checked past 1 MiB
};

// Reads a table, detecting the format by content, not by `filename` (used only for hints):
// zip -> xlsx (first worksheet), text -> CSV (UTF-8 with or without BOM, else GB18030/GBK;
// delimiter comma, tab or semicolon, from the header line).
// Errors:
//  kUnsupportedMediaType  not a table (an image, binary data, an old .xls, a zip without a workbook)
//  kTooLarge              more than max_rows data rows ("文件行数超过上限 N"), or an .xlsx that
//                         inflates past max_uncompressed_bytes / max_ratio (checked while inflating)
//  kInvalidArgument       empty file, truncated or corrupt zip ("文件不完整或已损坏"),
//                         no data rows ("文件里没有数据行")
Result<Table> ReadTable(std::string_view bytes, std::string_view filename, const ReadLimits& limits);

// One worksheet of an export: a bold, frozen header row and rows of text cells.
struct XlsxSheet {
  std::string name;  // shown on the tab; cut to 31 characters, []:*?/\ replaced
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// Writes an .xlsx workbook and returns its bytes. Every cell is written as a string (ID numbers and
// phones stay text); column widths are fitted to the text (CJK characters count double).
// Errors: kInvalidArgument when `sheets` is empty; kInternal when the writer fails.
Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace linli::io
