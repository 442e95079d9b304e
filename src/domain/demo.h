// The demo community, modelled on the source documents: deterministic from a seed. Pure.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/registry.h"

namespace linli {

struct DemoOptions {
  std::uint64_t seed = 20230625;
  std::int64_t households = 2400;  // scales to 1,000,000 for benchmarks
};

struct DemoBuilding {
  std::string compound, name;
  double x = 0, y = 0;
};

struct DemoCommunity {
  Community community;
  std::vector<Compound> compounds;             // 13 at the default size
  std::vector<DemoBuilding> buildings;         // coordinates for grid numbering
  std::vector<RegistryRow> rows;               // one per resident (~2.3 per household)
  int grid_count = 16;                         // planned at ~150 households per worker
  std::vector<std::pair<std::string, std::string>> grid_workers;  // name, phone per grid
};

// Generates the demo: 13 compounds (more when scaled), buildings with coordinates, households with
// Chinese addresses and areas, residents with Chinese names, valid synthetic ID numbers and phones,
// ~800 party members per 5,500 residents, elderly living alone, low-income and disabled residents at
// realistic rates. Same seed, same data.
DemoCommunity GenerateDemo(const DemoOptions& options);

}  // namespace linli
