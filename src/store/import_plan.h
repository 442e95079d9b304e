// Registry import planning, shared by both back ends and free of SQL: given what the community
// already holds and the rows to import, decide what to create and what to update so that
// importing the same rows twice changes nothing. Also the household search text both back ends
// index. Private to src/store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "domain/registry.h"
#include "store/store.h"

namespace linli::store {

// The normalised text a household is searched by: its address with the parts run together, then
// one line per resident name ("水月院2号楼1单元301\n刘艳霞\n王强"); grams never cross a line.
std::string HouseholdSearchText(std::string_view compound, std::string_view building, std::string_view unit,
                                std::string_view door, const std::vector<std::string_view>& names);

// True when any tag makes the resident vulnerable (IsVulnerableTag).
bool AnyVulnerable(const std::vector<ResidentTag>& tags);

// What the community holds before the import.
struct ExistingRegistry {
  struct Named {
    Id id = 0, parent = 0;  // parent: compound for buildings, building for units, unit for households
    std::string name;
    std::optional<Id> grid_id;  // buildings, households
    Id compound_id = 0;         // households
    double area_m2 = 0;         // households
    std::string phone;          // households
    std::string search_text;    // households
  };
  std::vector<Named> compounds, buildings, units, households;
  std::vector<Resident> residents;  // with tags
};

// A reference to a row that exists (id) or is created by the plan (index into the new_ list).
struct Ref {
  Id id = 0;
  int index = -1;
  bool is_new() const { return index >= 0; }
};

struct ImportPlan {
  struct NewNamed {
    Ref parent;  // compound for buildings, building for units, unit for households
    std::string name;
    std::optional<Id> grid_id;
    double area_m2 = 0;
    std::string phone;
  };
  struct ResidentWrite {
    Ref id;  // existing resident (update) or index into new_residents' ids
    Ref household;
    const RegistryRow* row = nullptr;  // the values to write (points into the imported rows)
    bool tags_changed = true;
  };
  struct HouseholdIndex {
    Ref household;
    std::string old_text, new_text;
  };
  std::vector<NewNamed> new_compounds, new_buildings, new_units, new_households;
  std::vector<ExistingRegistry::Named> household_updates;  // id, area_m2, phone
  std::vector<ResidentWrite> new_residents, resident_updates;
  std::vector<HouseholdIndex> search;  // households whose search text changes
  // For each new building/unit/household: the compound and building/unit it lies in.
  std::vector<Ref> building_compound, unit_compound, unit_building, household_compound, household_building;
  std::vector<std::optional<Id>> unit_grid, household_grid;
  ImportStats stats;
};

// Plans the import. Pure; O(rows + existing) with hash maps. The plan points into `existing` and
// `rows`, which must outlive it.
ImportPlan PlanImport(const ExistingRegistry& existing, const std::vector<RegistryRow>& rows);

// Resolves a Ref once the ids of the new rows are known.
inline Id Resolve(const Ref& r, const std::vector<Id>& new_ids) {
  return r.is_new() ? new_ids[r.index] : r.id;
}

}  // namespace linli::store
