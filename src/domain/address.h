// Chinese address and search text normalisation. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linli {

// Normalises text for matching: full-width ASCII to half-width, ASCII lower-case, all white space
// (including U+3000) removed, 号楼/栋/幢 kept as written. Invalid UTF-8 bytes are dropped.
// "水月院 2号楼" -> "水月院2号楼".
std::string NormalizeSearchText(std::string_view text);

// The display address of a household: "水月院 2号楼 1单元 301".
std::string HouseholdAddress(std::string_view compound, std::string_view building, std::string_view unit,
                             std::string_view door);

// The leading number in a building/unit/door name for ordering ("12号楼" -> 12, "A座" -> -1).
int LeadingNumber(std::string_view name);

// Search terms for an n-gram index: every 1- and 2-character gram (UTF-8 code points) of the
// normalised text, deduplicated, in first-seen order.
std::vector<std::string> SearchGrams(std::string_view normalized);

}  // namespace linli
