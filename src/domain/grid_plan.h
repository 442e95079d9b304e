// Grid planning: partition a community's whole buildings into grids of balanced households.
// Pure: the store supplies PlanBuilding rows; nothing here touches I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/registry.h"

namespace linli {

struct GridPlanRequest {
  std::string community_code;               // 12 digits; grid codes are this + 001, 002, ...
  std::optional<int> households_per_worker; // default 150 when neither is given
  std::optional<int> grid_count;            // exactly one of the two may be set
};

struct PlannedGrid {
  std::string code, name;  // name "第1网格"
  std::vector<Id> building_ids;
  std::int64_t households = 0;
};

struct GridPlan {
  std::vector<PlannedGrid> grids;
  double mean = 0;            // households per grid
  std::int64_t max = 0, min = 0;
  double imbalance = 0;       // max / mean (1.0 = perfect)
};

// Proposes grids: keeps buildings of one compound together where it can, balances households,
// numbers grids west->east, north->south when every building has x/y, otherwise in address order.
//
// The rules, so that a reviewer can predict the answer:
//  - k = grid_count, or round(total households / households_per_worker (default 150)), at least 1
//    and at most the number of buildings (grids are whole buildings).
//  - Buildings are walked in one order: compounds, and the buildings inside each compound, by map
//    position when every building has x/y (row bands, see below, walked as a serpentine so that
//    neighbours stay neighbours), otherwise by name in natural order ("2号楼" < "10号楼").
//  - The walk is cut into k contiguous grids. Bound = max(the smallest achievable maximum load,
//    110 % of the mean). Within that bound the plan first cuts as few compounds as possible, then
//    minimises the sum of squared loads (exact dynamic programme; a linear greedy plus local moves
//    for very large inputs). So a compound is split only when it is larger than a grid's share or
//    keeping it whole would push a grid past the bound.
//  - Numbering with x/y: row bands over the grid centroids (mean building position): rows =
//    round(sqrt(k)) bands of equal height from the northernmost to the southernmost centroid; the
//    northern band first, west to east within a band. Without x/y: walk order. Codes are
//    community_code + 001, 002, ... (more digits past 999); names 第1网格, 第2网格, ...
// Thread rule: pure function, safe from any thread.
// Errors (kInvalidArgument): both or neither-but-invalid targets (field households_per_worker /
// grid_count, reason out_of_range), no buildings (field community_id, reason empty).
Result<GridPlan> PlanGrids(const GridPlanRequest& req, const std::vector<PlanBuilding>& buildings);

// The imbalance of an existing or edited assignment (max / mean of households per grid).
double Imbalance(const std::vector<std::int64_t>& households_per_grid);

}  // namespace linli
