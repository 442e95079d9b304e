// Internal pieces of src/io shared between its .cc files. Not part of the public API (table.h).
#pragma once

#include "core/utf8.h"

#include <string>
#include <string_view>

#include "core/result.h"
#include "io/table.h"

namespace linli::io::internal {

using linli::IsValidUtf8;  // core/utf8.h

// Decodes GB18030 (a superset of GBK/GB2312) to UTF-8. Fails on byte sequences that are not
// GB18030 (binary data).
Result<std::string> DecodeGb18030(std::string_view bytes);

// Parses CSV text (already UTF-8, BOM removed) per RFC 4180. Stops with kTooLarge when there are
// more than limits.max_rows data rows.
Result<Table> ParseCsv(std::string_view text, const ReadLimits& limits);

// Reads the first worksheet of an .xlsx held in memory.
Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits);

// The shared "too many rows" error.
Error TooManyRows(std::int64_t max_rows);

}  // namespace linli::io::internal
