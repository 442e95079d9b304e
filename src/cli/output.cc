#include "cli/output.h"

#include <fmt/format.h>

namespace linli::cli {

void PrintError(const Error& error, std::size_t max_details) {
  fmt::print(stderr, "错误 ({}): {}{}\n", ErrorCodeName(error.code), error.message,
             error.field.empty() ? "" : fmt::format(" [{}]", error.field));
  std::size_t shown = 0;
  for (const auto& d : error.details) {
    if (shown++ == max_details) {
      fmt::print(stderr, "  … 另有 {} 条\n", error.details.size() - max_details);
      break;
    }
    fmt::print(stderr, "  {}: {} ({})\n", d.field, d.message, d.reason);
  }
}

int Fail(std::string_view context, const Error& error) {
  fmt::print(stderr, "{}: ", context);
  PrintError(error);
  return 1;
}

}  // namespace linli::cli
