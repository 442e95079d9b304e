// What a caller may see of personal data: the ONE decision used by the JSON mapping and the .xlsx
// exports. ID numbers, phones and exact birth dates are masked for every role (full values only
// through the audited reveal); sensitive tags (disabled, low_income, tekun) are shown only to the
// roles that care for residents (grid_worker, community_staff, community_head) and to the resident
// himself (whose scope is his own household). Pure; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "access/permissions.h"

namespace linli {

struct ViewPolicy {
  bool sensitive_tags = false;  // show disabled / low_income / tekun tags
};

// The policy of a role.
ViewPolicy ViewPolicyFor(Role role);
// The policy of a role code; unknown codes (anonymous) see the most restricted view.
ViewPolicy ViewPolicyFor(std::string_view role_code);
// True for the tag codes that are sensitive personal data: disabled, low_income, tekun.
bool IsSensitiveTag(std::string_view code);

}  // namespace linli
