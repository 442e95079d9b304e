// The demo community's deliberation halls (邻里议事厅) for `linli demo`: 8 halls covering the
// community's compounds (13 at the default size: five halls serve two neighbouring compounds,
// three one), each open half a day a week on a different day, a duty roster from the demo grid
// workers' accounts and a few visits of the last weeks answered on the spot.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

struct DemoHallsResult {
  std::int64_t halls = 0, compounds = 0, visits = 0;
  std::string line;  // "8 个议事厅，覆盖 13 个小区，来访 21 人次"
};

// Writes the halls into community `community_id`. Times are relative to `now_seconds` (seconds
// since the epoch). Errors: the store's.
Result<DemoHallsResult> AddDemoHalls(Store& store, Id community_id, std::int64_t now_seconds);

}  // namespace linli::cli
