// Demo and benchmark demands (接诉即办): a year of realistic demands for the demo community, and
// fast synthetic demands for the 10-million benchmark. Pure and deterministic: same options, same
// output, on every platform (splitmix64, no std distributions). No clock: `now` is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "domain/demand.h"
#include "domain/demo.h"

namespace linli {

// ------------------------------------------------------------------ the demo year
struct DemoDemandOptions {
  std::uint64_t seed = 12345;
  std::int64_t count = 15000;  // demands created in the period (merged duplicates included)
  // The end of the period (ISO 8601); the period is the `days` days before it. Demands are
  // generated up to `now`: the recent ones are still open, some of them past their deadline.
  std::string now = "2026-11-29T02:00:00Z";
  int days = 365;
};

// A household of the demo (one per distinct compound/building/unit/door of DemoCommunity::rows,
// in first-seen order).
struct DemoHouseholdRef {
  std::string compound, building, unit, door;
  std::size_t building_index = 0;  // into DemoCommunity::buildings
  std::size_t first_row = 0;       // into DemoCommunity::rows (its first resident)
};

// One generated demand: a plain Demand (ids left 0; community_id 0; number ""), plus indexes the
// loader turns into ids.
struct DemoDemand {
  Demand demand;  // every field the store keeps: channel, external_number (12345: unique), nature,
                  // category_code (a leaf of SeedDemandCategories), urgency, description,
                  // address_text, address_resolved, reporter_name/phone, status, assignee_kind,
                  // assignee_name, reply, solved, satisfaction, callback_comment, extensions,
                  // reopened, children, every timestamp, respond_due_at, due_at, created_by
  // Where: a household (index into DemoDemands::households), or only a building (a public place:
  // "3号楼楼下"), or neither (address_resolved false: address text only).
  std::optional<std::size_t> household_index, building_index;  // building_index into DemoCommunity::buildings
  // The grid of the building under the demo's grid plan (PlanGrids over the demo buildings, the
  // same call `linli demo` makes); its worker is DemoCommunity::grid_workers[grid_index], user
  // "worker{grid_index+1:02}". Unresolved demands get the grid of a nearby building.
  std::size_t grid_index = 0;
  // The receivers: the grid worker who signed first (首接负责) when a worker handled it; the
  // assignee worker now (assignee_kind "worker"). Indexes into grid_workers.
  std::optional<std::size_t> first_receiver_worker, assignee_worker;
  std::optional<std::size_t> reporter_row;  // the reporting resident (index into DemoCommunity::rows)
  std::optional<std::size_t> parent_index;  // merged duplicates: the parent (index into demands)
};

struct DemoDemands {
  std::vector<DemoHouseholdRef> households;
  std::vector<DemoDemand> demands;  // oldest first
  // Every recorded step, oldest first per demand; demand_id = the INDEX of the demand in `demands`
  // (DemandStore::BulkLoadDemands rewrites it). The first event of each demand is "create" (from
  // "" to "received"). Every other event is legal under NextDemandStatus. Merged children get a
  // "note" event when the parent is replied / closed (their reply / replied_at / closed_at are
  // copied from the parent, as the store does).
  std::vector<DemandEvent> events;
};

// Generates the demo year for `community` (GenerateDemo's output):
//  - volume by day follows the season (供暖 Nov–Mar, 噪音 / 停电 / 蚊虫 in summer, 漏雨 in July and
//    August, 加装电梯 and 物业 all year), fewer on weekends, between 7:00 and 22:00 Beijing time;
//  - channels: 12345 hotline ~60 %, resident online ~12 %, walk-in, phone, grid patrol, hall, Open311;
//  - descriptions from ~130 Chinese templates naming the community's compounds and buildings,
//    written as the hotline, a resident or a grid worker writes them;
//  - ~8 % duplicates merged into a recent open demand of the same building and category;
//  - lifecycles: dispatch to the grid worker (or the property company), sign, contact, handle,
//    reply (~7 % after the deadline), 回访 (solved ~92 %, 满意 + 基本满意 ~90 %; unsolved reopens),
//    close; a few disputes, escalations (吹哨), extensions and staff reopenings; 咨询 at the
//    counter answered on the spot; recent demands still open and some of them overdue.
DemoDemands GenerateDemoDemands(const DemoCommunity& community, const DemoDemandOptions& options = {});

// ------------------------------------------------------------------ the benchmark
// A street of communities for synthetic demands: the ids the loader created. Empty vectors are
// filled with made-up ids (community c = c + 1, grid g of community c = c * 100 + g + 1, its
// worker user = the grid id, building b = c * 10000 + g * 100 + b + 1).
struct SyntheticCommunity {
  Id community_id = 0;
  std::vector<Id> grid_ids;                   // one worker per grid
  std::vector<Id> worker_user_ids;            // same length as grid_ids
  std::vector<std::vector<Id>> building_ids;  // per grid (may be empty: demands unresolved to a building)
};
struct SyntheticDemandOptions {
  std::uint64_t seed = 7;
  std::vector<SyntheticCommunity> communities;  // empty: 30 made-up communities of 16 grids each
  std::string from = "2026-06-01T00:00:00Z";    // created uniformly in [from, from + days)
  int days = 183;
  std::string now = "2026-12-01T00:00:00Z";  // lifecycles are cut at now
};
// Demands number `first` .. `first + count - 1` of the synthetic set (each one depends only on the
// seed and its number, so a loader can make 10,000,000 in batches). Complete rows: community,
// grid, building, assignee / first receiver, category, urgency, text, status and every timestamp,
// deadlines from the seeded tree; ~85 % closed with call-backs (solved ~92 %, satisfied ~90 %).
// External numbers "S" + number keep (channel, external_number) unique. No events.
std::vector<Demand> GenerateSyntheticDemands(const SyntheticDemandOptions& options, std::int64_t first,
                                             std::int64_t count);

}  // namespace linli
