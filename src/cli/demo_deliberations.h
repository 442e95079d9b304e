// The demo community's deliberations (议事协商, 六步议事法) for `linli demo`, from the sources:
//  - the new bin station after 撤桶并站 (垃圾站选址): the committee first put it in front of a
//    building, the ground-floor residents objected; opinions online and at the hall, a site visit
//    after work with the owners' committee, the property company, party members and volunteers,
//    two options with their cost, two meetings (the four-party one decides), three tasks done, a
//    published notice whose period is over with its one objection answered — closed;
//  - parking (停车难), in step collect, seeded from the community's parking demands (a hotspot);
//  - the elevator of one stairwell, in step decide, linked to the demo's elevator vote (which
//    failed by one owner, so 下一步 shows why it cannot go on).
// Run after the votes and notices (it links the elevator vote and writes its own notice).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

struct DemoDeliberationsSummary {
  std::int64_t deliberations = 0;
  std::string line;  // one Chinese line for the demo's printout
};

// Writes the deliberations into community `community_id`; times relative to `now_seconds`.
// Errors: the store's.
Result<DemoDeliberationsSummary> AddDemoDeliberations(Store& store, Id community_id, std::int64_t now_seconds);

}  // namespace linli::cli
