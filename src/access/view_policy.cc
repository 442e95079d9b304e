#include "access/view_policy.h"

namespace linli {

ViewPolicy ViewPolicyFor(Role role) {
  ViewPolicy v;
  v.sensitive_tags = role == Role::kGridWorker || role == Role::kCommunityStaff ||
                     role == Role::kCommunityHead || role == Role::kResident;
  return v;
}

ViewPolicy ViewPolicyFor(std::string_view role_code) {
  auto role = ParseRole(role_code);
  return role ? ViewPolicyFor(*role) : ViewPolicy{};
}

bool IsSensitiveTag(std::string_view code) {
  return code == "disabled" || code == "low_income" || code == "tekun";
}

}  // namespace linli
