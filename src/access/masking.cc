#include "access/masking.h"

namespace linli {

namespace {
// Number of UTF-8 code points, counting each lead byte.
std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
// Byte length of the first code point.
std::size_t FirstCodePointBytes(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t i = 1;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}
}  // namespace

std::string MaskIdNumber(std::string_view id) {
  if (id.empty()) return {};
  if (id.size() < 4) return std::string(id.size(), '*');
  std::string out(id.size(), '*');
  out[0] = id[0];
  out[id.size() - 2] = id[id.size() - 2];
  out[id.size() - 1] = id[id.size() - 1];
  return out;
}

std::string MaskPhone(std::string_view phone) {
  if (phone.empty()) return {};
  if (phone.size() < 5) return std::string(phone.size(), '*');
  std::string out(phone.size(), '*');
  bool mobile = phone.size() == 11 && phone[0] == '1';
  if (mobile) out.replace(0, 3, phone.substr(0, 3));
  out.replace(phone.size() - 4, 4, phone.substr(phone.size() - 4));
  return out;
}

std::string MaskName(std::string_view name) {
  std::size_t n = CodePoints(name);
  if (n <= 1) return std::string(name);
  std::size_t first = FirstCodePointBytes(name);
  return std::string(name.substr(0, first)) + std::string(n - 1, '*');
}

std::string MaskBirthDate(std::string_view date) {
  if (date.size() < 4) return std::string(date.size(), '*');
  return std::string(date.substr(0, 4)) + "-**-**";
}

}  // namespace linli
