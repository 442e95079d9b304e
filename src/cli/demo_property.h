// The demo community's property management (物业管理) for `linli demo`, the sources' case:
//  - the two compounds of the property-management vote (306 households in the sources) get a
//    property company with a five-year contract starting after the vote closed, a fee of 0.75 元
//    per m² per month and the government subsidy of 100 %, 70 %, 30 % over the first three years,
//    and mostly good yearly ratings ("居民对新物业的满意度很高");
//  - the other compounds that have a property company in the registry get a contract (no subsidy)
//    and ratings; the first of them is rated low this year, so the console shows the warning and
//    "发起更换物业议事";
//  - compounds without a company stay without a contract.
// The demo resident's own household is left unrated this year (he can try 给物业打分).
#pragma once

#include <ctime>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace linli::cli {

struct DemoPropertySummary {
  std::int64_t contracts = 0, ratings = 0;
  std::string line;  // one Chinese line for the demo's printout
};

// Writes the contracts and ratings into community `community_id` (after AddDemoVotes). `now`
// dates this year's ratings. Errors: the store's.
Result<DemoPropertySummary> AddDemoProperty(Store& store, Id community_id, std::time_t now);

}  // namespace linli::cli
