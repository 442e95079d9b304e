#include "store/import_plan.h"

#include <algorithm>
#include <unordered_map>

#include "domain/address.h"

namespace linli::store {

std::string HouseholdSearchText(std::string_view compound, std::string_view building, std::string_view unit,
                                std::string_view door, const std::vector<std::string_view>& names) {
  std::string address(compound);
  address.append(building).append(unit).append(door);
  std::string out = NormalizeSearchText(address);
  for (const auto& n : names) {
    std::string norm = NormalizeSearchText(n);
    if (norm.empty()) continue;
    out.push_back('\n');
    out += norm;
  }
  return out;
}

bool AnyVulnerable(const std::vector<ResidentTag>& tags) {
  return std::any_of(tags.begin(), tags.end(), [](const ResidentTag& t) { return IsVulnerableTag(t.code); });
}

namespace {

// A Ref as one number: existing ids are positive, new rows -(index + 1).
std::int64_t Code(const Ref& r) { return r.is_new() ? -(static_cast<std::int64_t>(r.index) + 1) : r.id; }
Ref FromCode(std::int64_t c) { return c < 0 ? Ref{0, static_cast<int>(-c - 1)} : Ref{c}; }

// (parent, name): the views point into the rows or the existing registry, which outlive the plan.
using NameKey = std::pair<std::int64_t, std::string_view>;
struct NameKeyHash {
  std::size_t operator()(const NameKey& k) const {
    return std::hash<std::string_view>()(k.second) ^ (std::hash<std::int64_t>()(k.first) * 0x9E3779B97F4A7C15ULL);
  }
};
NameKey Key(const Ref& parent, std::string_view name) { return {Code(parent), name}; }

struct HouseholdState {
  const std::string *compound = nullptr, *building = nullptr, *unit = nullptr, *door = nullptr;
  std::vector<std::string_view> names;
  std::string old_text;
  bool touched = false;
};

struct ResidentState {
  Ref id;
  Ref household;
  int write = -1;  // index into new_residents (new) or resident_updates (existing), -1 = none yet
  // Its current values: an imported row (once created or updated by the plan), else the registry.
  const RegistryRow* row = nullptr;
  const Resident* existing = nullptr;
  std::string_view name() const { return row ? std::string_view(row->name) : std::string_view(existing->name); }
  const std::vector<ResidentTag>& tags() const { return row ? row->tags : existing->tags; }
  bool Same(const RegistryRow& b) const {
    if (row)
      return row->name == b.name && row->sex == b.sex && row->birth_date == b.birth_date && row->phone == b.phone &&
             row->relation == b.relation && row->is_owner == b.is_owner && row->tags == b.tags;
    const Resident& a = *existing;
    return a.name == b.name && a.sex == b.sex && a.birth_date == b.birth_date && a.phone == b.phone &&
           a.relation == b.relation && a.is_owner == b.is_owner && a.tags == b.tags;
  }
};

bool SameRef(const Ref& a, const Ref& b) { return a.index == b.index && a.id == b.id; }

}  // namespace

ImportPlan PlanImport(const ExistingRegistry& ex, const std::vector<RegistryRow>& rows) {
  ImportPlan plan;
  std::unordered_map<std::string_view, Ref> compounds;
  std::unordered_map<NameKey, Ref, NameKeyHash> buildings, units, households;
  std::unordered_map<Id, const std::string*> compound_name, building_name, unit_name;
  std::unordered_map<Id, std::optional<Id>> building_grid;
  std::unordered_map<Id, Id> unit_parent, building_parent;
  // Households by Code(ref); residents by ID number, or by (household, name) when they have none.
  std::unordered_map<std::int64_t, HouseholdState> hh_state;
  std::unordered_map<std::string_view, ResidentState> by_id_number;
  std::unordered_map<NameKey, ResidentState, NameKeyHash> by_name;
  hh_state.reserve(ex.households.size() + rows.size() / 2);
  households.reserve(ex.households.size() + rows.size() / 2);
  by_id_number.reserve(ex.residents.size() + rows.size());
  std::unordered_map<Id, int> household_update_index;

  for (const auto& c : ex.compounds) {
    compounds.emplace(c.name, Ref{c.id});
    compound_name[c.id] = &c.name;
  }
  for (const auto& b : ex.buildings) {
    buildings.emplace(Key(Ref{b.parent}, b.name), Ref{b.id});
    building_name[b.id] = &b.name;
    building_grid[b.id] = b.grid_id;
    building_parent[b.id] = b.parent;
  }
  for (const auto& u : ex.units) {
    units.emplace(Key(Ref{u.parent}, u.name), Ref{u.id});
    unit_name[u.id] = &u.name;
    unit_parent[u.id] = u.parent;
  }
  std::unordered_map<Id, const ExistingRegistry::Named*> existing_households;
  for (const auto& h : ex.households) {
    households.emplace(Key(Ref{h.parent}, h.name), Ref{h.id});
    existing_households[h.id] = &h;
    auto& st = hh_state[h.id];
    Id building = unit_parent[h.parent];
    st.compound = compound_name[building_parent[building]];
    st.building = building_name[building];
    st.unit = unit_name[h.parent];
    st.door = &h.name;
    st.old_text = h.search_text;
  }
  for (const auto& r : ex.residents) {
    Ref hh{r.household_id};
    ResidentState st{Ref{r.id}, hh, -1, nullptr, &r};
    hh_state[hh.id].names.push_back(r.name);
    if (!r.id_number.empty())
      by_id_number.emplace(r.id_number, std::move(st));
    else
      by_name.emplace(Key(hh, r.name), std::move(st));
  }

  std::vector<const std::string*> new_compound_str;  // the new compounds' names (in `rows`)
  for (const auto& row : rows) {
    bool changed = false;
    // compound
    Ref compound;
    const std::string* compound_str;
    if (auto it = compounds.find(row.compound); it != compounds.end()) {
      compound = it->second;
      compound_str = compound.is_new() ? new_compound_str[compound.index] : compound_name[compound.id];
    } else {
      compound = Ref{0, static_cast<int>(plan.new_compounds.size())};
      plan.new_compounds.push_back({Ref{}, row.compound});
      compounds.emplace(row.compound, compound);
      compound_str = &row.compound;
      new_compound_str.push_back(compound_str);
      ++plan.stats.compounds_created;
      changed = true;
    }
    // building
    Ref building;
    std::optional<Id> grid;
    if (auto it = buildings.find(Key(compound, row.building)); it != buildings.end()) {
      building = it->second;
      if (!building.is_new()) grid = building_grid[building.id];
    } else {
      building = Ref{0, static_cast<int>(plan.new_buildings.size())};
      plan.new_buildings.push_back({compound, row.building});
      plan.building_compound.push_back(compound);
      buildings.emplace(Key(compound, row.building), building);
      ++plan.stats.buildings_created;
      changed = true;
    }
    // unit
    Ref unit;
    if (auto it = units.find(Key(building, row.unit)); it != units.end()) {
      unit = it->second;
    } else {
      unit = Ref{0, static_cast<int>(plan.new_units.size())};
      plan.new_units.push_back({building, row.unit, grid});
      plan.unit_building.push_back(building);
      plan.unit_compound.push_back(compound);
      plan.unit_grid.push_back(grid);
      units.emplace(Key(building, row.unit), unit);
      ++plan.stats.units_created;
      changed = true;
    }
    // household
    Ref household;
    if (auto it = households.find(Key(unit, row.door)); it != households.end()) {
      household = it->second;
      double area = household.is_new() ? plan.new_households[household.index].area_m2
                                       : existing_households[household.id]->area_m2;
      const std::string& phone = household.is_new() ? plan.new_households[household.index].phone
                                                    : existing_households[household.id]->phone;
      bool area_differs = row.area_m2 > 0 && row.area_m2 != area;
      bool phone_differs = !row.household_phone.empty() && row.household_phone != phone;
      if (area_differs || phone_differs) {
        changed = true;
        ExistingRegistry::Named* target;
        if (household.is_new()) {
          auto& h = plan.new_households[household.index];
          if (area_differs) h.area_m2 = row.area_m2;
          if (phone_differs) h.phone = row.household_phone;
        } else {
          auto [it2, fresh] = household_update_index.emplace(household.id, plan.household_updates.size());
          if (fresh) {
            plan.household_updates.push_back(*existing_households[household.id]);
            ++plan.stats.households_updated;
          }
          target = &plan.household_updates[it2->second];
          if (area_differs) target->area_m2 = row.area_m2;
          if (phone_differs) target->phone = row.household_phone;
        }
      }
    } else {
      household = Ref{0, static_cast<int>(plan.new_households.size())};
      plan.new_households.push_back({unit, row.door, grid, row.area_m2, row.household_phone});
      plan.household_compound.push_back(compound);
      plan.household_building.push_back(building);
      plan.household_grid.push_back(grid);
      households.emplace(Key(unit, row.door), household);
      auto& st = hh_state[Code(household)];
      st.compound = compound_str;
      st.building = &row.building;
      st.unit = &row.unit;
      st.door = &row.door;
      st.touched = true;
      ++plan.stats.households_created;
      changed = true;
    }
    const std::int64_t hh_key = Code(household);
    // resident
    ResidentState* found = nullptr;
    if (!row.id_number.empty()) {
      if (auto it = by_id_number.find(row.id_number); it != by_id_number.end()) found = &it->second;
    } else if (auto it = by_name.find(Key(household, row.name)); it != by_name.end()) {
      found = &it->second;
    }
    if (!found) {
      const int index = static_cast<int>(plan.new_residents.size());
      plan.new_residents.push_back({Ref{0, index}, household, &row, true});
      ResidentState st{Ref{0, index}, household, index, &row, nullptr};
      if (!row.id_number.empty())
        by_id_number.emplace(row.id_number, st);
      else
        by_name.emplace(Key(household, row.name), st);
      auto& hs = hh_state[hh_key];
      hs.names.push_back(row.name);
      hs.touched = true;
      ++plan.stats.residents_created;
      changed = true;
    } else if (!found->Same(row) || !SameRef(found->household, household)) {
      changed = true;
      const std::int64_t old_key = Code(found->household);
      if (old_key != hh_key || found->name() != row.name) {
        auto& old_names = hh_state[old_key].names;
        if (auto n = std::find(old_names.begin(), old_names.end(), found->name()); n != old_names.end())
          old_names.erase(n);
        hh_state[old_key].touched = true;
        hh_state[hh_key].names.push_back(row.name);
        hh_state[hh_key].touched = true;
      }
      const bool tags_changed = found->tags() != row.tags;
      found->household = household;
      ImportPlan::ResidentWrite* w;
      if (found->id.is_new()) {
        w = &plan.new_residents[found->write];
      } else if (found->write < 0) {
        found->write = static_cast<int>(plan.resident_updates.size());
        plan.resident_updates.push_back({found->id, household, &row, false});
        ++plan.stats.residents_updated;
        w = &plan.resident_updates.back();
      } else {
        w = &plan.resident_updates[found->write];
      }
      w->row = &row;
      w->household = household;
      w->tags_changed = w->tags_changed || tags_changed;
      found->row = &row;
    }
    if (!changed) ++plan.stats.unchanged_rows;
  }

  for (auto& [key, st] : hh_state) {
    if (!st.touched) continue;
    std::string text = HouseholdSearchText(*st.compound, *st.building, *st.unit, *st.door, st.names);
    if (text == st.old_text) continue;
    Ref ref = FromCode(key);
    plan.search.push_back({ref, st.old_text, std::move(text)});
  }
  return plan;
}

}  // namespace linli::store
