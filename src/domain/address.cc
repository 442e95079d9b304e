#include "domain/address.h"

#include <cstdint>
#include <string>
#include <unordered_set>

namespace linli {

namespace {

// Decodes one UTF-8 code point at `i`; returns false (and advances one byte) on invalid input.
bool DecodeOne(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  int len = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    ++i;
    return true;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return false;
  }
  if (i + len > s.size()) {
    ++i;
    return false;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return false;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return false;
  }
  i += len;
  return true;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

std::string NormalizeSearchText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    if (!DecodeOne(text, i, cp)) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (IsSpace(cp)) continue;
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    AppendUtf8(out, cp);
  }
  return out;
}

std::string HouseholdAddress(std::string_view compound, std::string_view building, std::string_view unit,
                             std::string_view door) {
  std::string out;
  for (std::string_view part : {compound, building, unit, door}) {
    if (part.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(part);
  }
  return out;
}

int LeadingNumber(std::string_view name) {
  std::size_t i = 0;
  long long value = -1;
  while (i < name.size()) {
    std::size_t next = i;
    char32_t cp = 0;
    if (!DecodeOne(name, next, cp)) break;
    if (cp >= 0xFF10 && cp <= 0xFF19) cp -= 0xFEE0;  // full-width digits
    if (cp < '0' || cp > '9') break;
    value = (value < 0 ? 0 : value) * 10 + (cp - '0');
    if (value > 1'000'000'000) return 1'000'000'000;
    i = next;
  }
  return static_cast<int>(value);
}

std::vector<std::string> SearchGrams(std::string_view normalized) {
  std::vector<std::string> cps;
  std::size_t i = 0;
  while (i < normalized.size()) {
    const std::size_t start = i;
    char32_t cp = 0;
    if (!DecodeOne(normalized, i, cp)) continue;
    cps.emplace_back(normalized.substr(start, i - start));
  }
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  for (std::size_t k = 0; k < cps.size(); ++k) {
    if (seen.insert(cps[k]).second) grams.push_back(cps[k]);
    if (k + 1 < cps.size()) {
      std::string bi = cps[k] + cps[k + 1];
      if (seen.insert(bi).second) grams.push_back(std::move(bi));
    }
  }
  return grams;
}

}  // namespace linli
