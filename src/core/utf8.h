// UTF-8 validity: the one check used by the JSON reader (src/http) and the file readers (src/io).
#pragma once

#include <string_view>

namespace linli {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF,
// no truncated sequences. Pure; thread-safe.
bool IsValidUtf8(std::string_view text);

}  // namespace linli
