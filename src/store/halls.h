// Deliberation halls (邻里议事厅) in the store: the HallStore interface (issue 5 item 1), reached
// as Store::Halls(). The implementation is sql_halls.cc (portable SQL over store::Connection) with
// its migrations 450-499 in sqlite/ and postgres/hall_migrations.cc. The rules are
// domain/deliberation.h (ValidateHall, ValidateHallVisit): callers validate, the store persists and
// checks what depends on the stored state (the community, its compounds, a compound served by
// another hall, visits before a delete) inside the same transaction.
//
// Tables: halls, hall_compounds (compound_id is the primary key: a compound is served by one hall
// at most), hall_hours, hall_roster, hall_visits.
//
// Scope: a hall belongs to one community. It is in scope when its community is one of the scope's
// communities or the community of one of its grids; for a household in the scope (a resident) when
// the hall serves the household's compound. Out of scope == kNotFound.
// Thread rule: safe from many threads (pooled connections), like the Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/deliberation.h"
#include "store/store.h"

namespace linli {

struct HallSummary {
  Hall hall;
  std::string community_name;
  std::vector<std::string> compound_names;  // parallel to hall.compound_ids
  std::int64_t visits_since = 0;            // visits at or after the filter's `since`
  std::int64_t visits_total = 0;
};

struct HallFilter {
  std::optional<Id> community_id;
  std::string since;  // ISO UTC; counts visits_since ("" = none counted)
};

// A stored visit with what the lists show beside it.
struct HallVisitRecord {
  HallVisit visit;
  std::optional<Id> deliberation_id;  // outcome opinion: the deliberation it went to
  std::optional<Id> worker_user_id;
  std::string hall_name;
  std::string compound_name;  // of visit.compound_id
  std::string demand_number;  // of visit.demand_id ("LL2026…")
};

struct HallVisitFilter {
  std::string from, to;  // ISO UTC bounds of `at` (from inclusive, to exclusive); "" = open
};

class HallStore {
 public:
  virtual ~HallStore() = default;

  // Creates a hall (h.id ignored). `h` must have passed ValidateHall. Errors: kInvalidArgument
  // community_id "not_found" (also out of scope); compound_ids "not_in_community"; kConflict
  // compound_ids "taken" when another hall serves one of the compounds (the message names it).
  virtual Result<HallSummary> CreateHall(const Hall& h, const Scope& scope) = 0;
  // Replaces name, place, compounds, hours and roster of hall `h.id` (community stays). kNotFound;
  // compound errors as CreateHall.
  virtual Result<HallSummary> UpdateHall(const Hall& h, const Scope& scope) = 0;
  virtual Result<HallSummary> GetHall(Id id, const Scope& scope, const std::string& since = {}) = 0;
  // Halls in scope, by community then name.
  virtual Result<std::vector<HallSummary>> ListHalls(const HallFilter& f, const Scope& scope) = 0;
  // Deletes a hall without visits. kNotFound; kConflict field "visits" reason "exist".
  virtual Status DeleteHall(Id id, const Scope& scope) = 0;

  // Logs a visit (validated by ValidateHallVisit) to hall `v.visit.hall_id`. kNotFound for the
  // hall; compound_id "not_in_community"; resident_id "not_found" (not of the hall's community).
  virtual Result<HallVisitRecord> AddVisit(const HallVisitRecord& v, const Scope& scope) = 0;
  // Sets the opinion / demand a visit became (after the other store created it). kNotFound.
  virtual Status LinkVisit(Id visit_id, std::optional<Id> opinion_id, std::optional<Id> demand_id,
                           const Scope& scope) = 0;
  // Removes a visit whose follow-up (the opinion) could not be written: only one without links.
  virtual Status DiscardVisit(Id visit_id, const Scope& scope) = 0;
  // Visits of a hall, newest first. kNotFound for the hall.
  virtual Result<Page<HallVisitRecord>> ListVisits(Id hall_id, const HallVisitFilter& f, const Scope& scope,
                                                   PageRequest page) = 0;
};

}  // namespace linli
