// Console output helpers for the subcommands.
#pragma once

#include <string_view>

#include "core/result.h"

namespace linli::cli {

// Prints "错误: <message> [field]" and up to `max_details` details to stderr.
void PrintError(const Error& error, std::size_t max_details = 50);
// Prints `context: ` and then the error; returns 1 (the failure exit code).
int Fail(std::string_view context, const Error& error);

}  // namespace linli::cli
