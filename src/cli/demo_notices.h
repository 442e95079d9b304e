// The demo community's public notices (公示) for `linli demo`: the property-management vote result
// (306 households, just over two thirds), the garbage-station siting plan (in its period, with an
// objection answered and a comment), an elevator plan for one stairwell (7 days from today) and
// last quarter's archived notice. Times are relative to `now_seconds` (seconds since the epoch).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

// Writes the notices into community `community_id` (its first compounds are named in them).
// Returns how many notices were written. Errors: the store's.
Result<std::int64_t> AddDemoNotices(Store& store, Id community_id, std::int64_t now_seconds);

}  // namespace linli::cli
