// Small UTF-8 text helpers shared by the domain rules (internal to src/domain). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace linli::text {

// Removes leading/trailing ASCII white space, U+3000 (ideographic space) and U+00A0.
std::string_view Trim(std::string_view s);

// Full-width ASCII (U+FF01..U+FF5E) to half-width, U+3000 to a space; other text unchanged.
// "１３８ ００１３" -> "138 0013".
std::string HalfWidth(std::string_view s);

// Number of UTF-8 code points (invalid bytes count one each).
std::size_t CodePointCount(std::string_view s);

// Splits on any of the given UTF-8 separators (each a whole code point string), skipping
// separators inside ASCII or full-width parentheses; pieces are trimmed, empty pieces dropped.
std::vector<std::string> SplitOutsideParens(std::string_view s, const std::vector<std::string_view>& seps);

// True when `s` is non-empty and all ASCII digits.
bool AllDigits(std::string_view s);

// "Natural" order for names like "2号楼" < "10号楼": compares runs of digits by value.
bool NaturalLess(std::string_view a, std::string_view b);

}  // namespace linli::text
