// The community registry: who lives where, and which grid looks after them.
// Plain value types; no I/O. Validation lives in validation.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"

namespace linli {

// 社区: a residents' committee area. `code` is the 12-digit statistical area code
// (6 county + 3 street + 3 community).
struct Community {
  Id id = 0;
  std::string code;         // 12 digits
  std::string name;         // 四员厅社区
  std::string street_name;  // 中仓街道 (street code = first 9 digits of `code`)
  std::string district;     // 通州区
};

// 小区: a residential estate inside a community.
struct Compound {
  Id id = 0;
  Id community_id = 0;
  std::string name;              // 水月院
  std::string address;           // road address, e.g. 通州区新华东街 12 号 (optional)
  std::string property_company;  // optional
};

// 楼/幢: a building. x/y are optional map coordinates (x grows east, y grows north) used to
// number grids west->east, north->south.
struct Building {
  Id id = 0;
  Id compound_id = 0;
  std::string name;  // "2号楼"; the number is parsed from it for ordering
  int floors = 0;    // 0 = unknown
  std::optional<double> x;
  std::optional<double> y;
  std::optional<Id> grid_id;
};

// 单元: a stairwell entrance of a building.
struct Unit {
  Id id = 0;
  Id building_id = 0;
  std::string name;  // "1单元"
};

// 户: one dwelling.
struct Household {
  Id id = 0;
  Id unit_id = 0;
  std::string door;       // 门牌号 "301"
  double area_m2 = 0;     // registered exclusive area, > 0
  std::string phone;      // household contact phone (optional)
  bool developer_unsold = false;  // 开发商未售房 (votes count all of these once together)
  std::string note;
};

// Built-in resident tag codes. User-defined tags use the code "custom" with the label in `detail`.
//   elderly_alone 独居老人, gugua 孤寡老人, low_income 低保, tekun 特困, disabled 残疾 (detail = type),
//   left_behind 留守, party_member 党员, volunteer 志愿者, custom 自定义
struct ResidentTag {
  std::string code;
  std::string detail;
  bool operator==(const ResidentTag&) const = default;
};

// True for the built-in codes above (custom included).
bool IsKnownTagCode(const std::string& code);
// True for tags that count a resident as vulnerable in grid statistics
// (elderly_alone, gugua, low_income, tekun, disabled, left_behind).
bool IsVulnerableTag(const std::string& code);

enum class Sex { kUnknown, kMale, kFemale };

// 居民: a person living in a household.
struct Resident {
  Id id = 0;
  Id household_id = 0;
  std::string name;
  std::string id_number;   // 18-digit GB 11643 number, upper-case X; may be empty
  Sex sex = Sex::kUnknown;
  std::string birth_date;  // YYYY-MM-DD; may be empty
  std::string phone;       // mobile 1[3-9]xxxxxxxxx or landline; may be empty
  std::string relation;    // 与户主关系: 户主 / 配偶 / 子女 / 父母 / 其他 ...
  bool is_owner = false;   // 产权人
  std::vector<ResidentTag> tags;
  std::string note;
};

// 网格: a set of whole buildings served by one grid worker. code = community code + 3 digits.
struct Grid {
  Id id = 0;
  Id community_id = 0;
  std::string code;  // 15 digits
  std::string name;  // 第1网格
  std::string worker_name;
  std::string worker_phone;
};

}  // namespace linli

namespace linli {

// One row of a registry import (one resident with the household they live in), after header
// mapping and validation. The store finds or creates compound/building/unit/household by name and
// door, and matches residents by ID number (or by name within the household when there is none),
// so importing the same rows twice changes nothing.
struct RegistryRow {
  int row_number = 0;  // 1-based line/row in the source file, for messages
  std::string compound;
  std::string building;
  std::string unit;
  std::string door;
  double area_m2 = 0;
  std::string household_phone;
  std::string name;
  std::string id_number;
  Sex sex = Sex::kUnknown;
  std::string birth_date;
  std::string phone;
  std::string relation;
  bool is_owner = false;
  std::vector<ResidentTag> tags;
};

// A building as the grid planner sees it.
struct PlanBuilding {
  Id id = 0;
  Id compound_id = 0;
  std::string compound_name, name;
  std::optional<double> x, y;
  std::int64_t households = 0;
  std::optional<Id> grid_id;
};

// One grid of an accepted plan: upserted by code, its buildings moved into it.
struct GridAssignment {
  std::string code, name, worker_name, worker_phone;
  std::vector<Id> building_ids;
};

}  // namespace linli
