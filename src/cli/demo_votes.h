// The demo community's owner votes (业主表决) for `linli demo`, the sources' two cases:
//  - bringing in property management: one vote over two compounds (the pair whose households add
//    up closest to the sources' 306), rule "three quarters ... two thirds of all households",
//    passed with just over two thirds (⌊2n/3⌋ + 1 agree; the rest against, abstaining or absent),
//    closed and published;
//  - adding an elevator: one stairwell (the unit closest to 12 households), 民法典 278 major
//    matter, everybody voted, and it failed by one owner (the largest dwellings agree, one fewer
//    than the smallest number that would have passed), closed and published.
// Ballots are a mix of online ones and paper ones entered by staff with the scan's name.
#pragma once

#include <string>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

struct DemoVotesSummary {
  std::int64_t votes = 0;
  std::string property_line, elevator_line;  // one Chinese line each, for the demo's printout
};

// Writes the two votes into community `community_id`. Errors: the store's (kInvalidArgument
// "dwellings" when the community has no suitable compounds).
Result<DemoVotesSummary> AddDemoVotes(Store& store, Id community_id);

}  // namespace linli::cli
