// linli audit verify
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/store_open.h"

namespace linli::cli {

int RunAuditVerify(const app::ConfigFlags& flags) {
  auto store = OpenConfiguredStore(flags);
  if (!store) return 1;
  auto check = VerifyStoredAudit(*store);
  if (!check.ok()) return Fail("读取审计日志", check.error());
  if (check->ok) {
    fmt::print("审计日志完整，共 {} 条\n", check->checked);
    return 0;
  }
  fmt::print(stderr, "审计日志被改动：第 {} 条（id {}）与哈希链不符，此条及其后的记录不可信\n", check->checked,
             check->first_bad_id.value_or(0));
  return 1;
}

}  // namespace linli::cli
