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
// Errors (kInvalidArgument): both or neither-but-invalid targets (field households_per_worker /
// grid_count, reason out_of_range), no buildings (field community_id, reason empty).
Result<GridPlan> PlanGrids(const GridPlanRequest& req, const std::vector<PlanBuilding>& buildings);

// The imbalance of an existing or edited assignment (max / mean of households per grid).
double Imbalance(const std::vector<std::int64_t>& households_per_grid);

}  // namespace linli
