#include "domain/text_util.h"

#include <cstdint>

namespace linli::text {

namespace {
bool StartsWithAt(std::string_view s, std::size_t i, std::string_view p) { return s.substr(i, p.size()) == p; }
}  // namespace

std::string_view Trim(std::string_view s) {
  static constexpr std::string_view kWide[] = {"\xE3\x80\x80", "\xC2\xA0"};  // U+3000, U+00A0
  auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (ascii_space(s.front())) s.remove_prefix(1), changed = true;
    else if (!s.empty() && ascii_space(s.back())) s.remove_suffix(1), changed = true;
    for (auto w : kWide) {
      if (s.starts_with(w)) s.remove_prefix(w.size()), changed = true;
      if (s.ends_with(w)) s.remove_suffix(w.size()), changed = true;
    }
  }
  return s;
}

std::string HalfWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    // U+FF01..U+FF5E are EF BC 81..EF BD 9E; U+3000 is E3 80 80.
    if (c == 0xEF && i + 2 < s.size()) {
      auto b1 = static_cast<unsigned char>(s[i + 1]);
      auto b2 = static_cast<unsigned char>(s[i + 2]);
      std::uint32_t cp = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 3;
        continue;
      }
    }
    if (StartsWithAt(s, i, "\xE3\x80\x80")) {
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

std::size_t CodePointCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::vector<std::string> SplitOutsideParens(std::string_view s, const std::vector<std::string_view>& seps) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    auto piece = Trim(s.substr(start, end - start));
    if (!piece.empty()) out.emplace_back(piece);
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '(' || StartsWithAt(s, i, "\xEF\xBC\x88")) {  // ( or （
      ++depth;
      i += s[i] == '(' ? 1 : 3;
      continue;
    }
    if (s[i] == ')' || StartsWithAt(s, i, "\xEF\xBC\x89")) {  // ) or ）
      if (depth > 0) --depth;
      i += s[i] == ')' ? 1 : 3;
      continue;
    }
    bool matched = false;
    if (depth == 0) {
      for (auto sep : seps) {
        if (!sep.empty() && StartsWithAt(s, i, sep)) {
          flush(i);
          i += sep.size();
          start = i;
          matched = true;
          break;
        }
      }
    }
    if (!matched) ++i;
  }
  flush(s.size());
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool NaturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      std::size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;
      int c = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0));
      if (c != 0) return c < 0;
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace linli::text
