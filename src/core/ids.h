// Identifiers shared by every layer.
#pragma once
#include <cstdint>

namespace linli {
// Row ids are 64-bit integers assigned by the store; 0 means "not yet stored".
using Id = std::int64_t;
}  // namespace linli
