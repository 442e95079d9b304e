#include <array>

#include "io/internal.h"

namespace linli::io::internal {

namespace {

// The delimiter with the most occurrences outside quotes on the first line; comma on a tie or none.
char DetectDelimiter(std::string_view text) {
  std::array<std::size_t, 3> counts{};  // , \t ;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
    else if (!quoted && c == ',') ++counts[0];
    else if (!quoted && c == '\t') ++counts[1];
    else if (!quoted && c == ';') ++counts[2];
  }
  if (counts[1] > counts[0] && counts[1] >= counts[2]) return '\t';
  if (counts[2] > counts[0] && counts[2] > counts[1]) return ';';
  return ',';
}

}  // namespace

Result<Table> ParseCsv(std::string_view text, const ReadLimits& limits) {
  Table table;
  table.format = "csv";
  const char delim = DetectDelimiter(text);
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;       // inside a quoted field
  bool cell_started = false; // the row has content (so "a\n\n" gives one row plus an empty one)
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
  };
  auto end_row = [&]() -> bool {
    end_cell();
    table.rows.push_back(std::move(row));
    row.clear();
    row.reserve(table.rows.back().size());  // the next row is usually as wide
    cell_started = false;
    return static_cast<std::int64_t>(table.rows.size()) - 1 <= limits.max_rows;
  };
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        // Up to the next quote at once (a 12345 sheet is mostly long quoted texts).
        std::size_t q = text.find('"', i);
        if (q == std::string_view::npos) q = n;
        cell.append(text.data() + i, q - i);
        i = q - 1;
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
      cell_started = true;
    } else if (c == delim) {
      end_cell();
      cell_started = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      if (!end_row()) return TooManyRows(limits.max_rows);
    } else {
      // Up to the end of the cell at once; a quote after the first character is a plain character.
      std::size_t j = i + 1;
      while (j < n && text[j] != delim && text[j] != '\r' && text[j] != '\n') ++j;
      cell.append(text.data() + i, j - i);
      i = j - 1;
      cell_started = true;
    }
  }
  if (cell_started || !cell.empty() || !row.empty()) {
    if (!end_row()) return TooManyRows(limits.max_rows);
  }
  return table;
}

}  // namespace linli::io::internal
