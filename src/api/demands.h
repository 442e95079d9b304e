// Internal to src/api: the demands (接诉即办) routes and the Open311 GeoReport v2 endpoints share
// these helpers (scope of a caller, address resolution, intake). Contract: docs/api.md "Demands".
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/resource.h"
#include "api/session.h"
#include "service/attachments.h"
#include "store/demands.h"

namespace linli::api {

// The caller's DemandScope (store/demands.h): resident = his own demands (and his household for
// intake), grid worker = her grids OR assigned to her, staff/head/street = their communities,
// property company = demands dispatched to its compounds' property company, API tokens = their
// communities, everyone else nothing. Errors: the store's (property company user lookup).
Result<DemandScope> DemandScopeOf(Store& store, const Request& req);

// Address text -> a household of the community: the normalised text must equal (or end with)
// exactly one household's display address ("水月院 2号楼 1单元 301"). nullopt when none or several.
// `address` (optional) receives the matched household's display address.
std::optional<Id> ResolveAddress(Store& store, Id community_id, std::string_view address_text,
                                 std::string* address = nullptr);

// The one community the caller works in (staff/head with one community, a grid worker's grid's
// community, a token with one community), or nullopt.
std::optional<Id> CallerCommunity(Store& store, const Request& req);

// What the Open311 intake shares with the console intake (src/api/demands.cc), so both compute
// the same deadlines and resolve addresses the same way.
struct IntakeHooks {
  // Sets respond_due_at / due_at from the deadlines of PUT /demand-settings and the category tree
  // of PUT /demand-categories (nothing when no deadlines were configured: the store's defaults).
  std::function<Status(Demand&)> apply_deadlines;
  // Address text -> a household of the community through the per-community address index
  // (ResolveAddress's answer); `indexed` tells whether the index answered (it may be stale).
  std::function<std::optional<Id>(Id community_id, std::string_view text, std::string* address, bool* indexed)>
      resolve;
  // Drops a community's address index (the index named a household the store no longer has).
  std::function<void(Id community_id)> forget_addresses;
};

// Registration (called from RegisterDemandRoutes).
void RegisterOpen311Routes(http::Router& router, std::shared_ptr<Auth> auth, IntakeHooks hooks);
// Deliberation halls (src/api/halls.cc): a visit that becomes a demand gets the intake's deadlines.
void RegisterHallRoutes(http::Router& router, std::shared_ptr<Auth> auth, IntakeHooks hooks);

}  // namespace linli::api
