#include "domain/registry.h"

#include <array>
#include <string_view>

namespace linli {

namespace {
constexpr std::array<std::string_view, 9> kKnownTags = {
    "elderly_alone", "gugua", "low_income", "tekun", "disabled", "left_behind", "party_member", "volunteer", "custom"};
constexpr std::array<std::string_view, 6> kVulnerableTags = {"elderly_alone", "gugua",    "low_income",
                                                             "tekun",         "disabled", "left_behind"};
}  // namespace

bool IsKnownTagCode(const std::string& code) {
  for (auto t : kKnownTags)
    if (t == code) return true;
  return false;
}

bool IsVulnerableTag(const std::string& code) {
  for (auto t : kVulnerableTags)
    if (t == code) return true;
  return false;
}

}  // namespace linli
