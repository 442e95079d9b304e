// Demand <-> JSON (docs/api.md "Demands"): the one mapping of the demands routes, kept apart from
// the registry's json_mapping.cc. Personal data: reporter_phone is always masked (MaskPhone);
// the full value is never sent.
// Thread rule: stateless functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "access/view_policy.h"
#include "domain/demand.h"
#include "http/router.h"
#include "store/demands.h"

namespace linli::api {

namespace json = boost::json;

// Derived display fields the API adds to a demand (looked up by the caller).
struct DemandExtras {
  std::string category_name;     // zh name of category_code
  std::string grid_name;         // "" when no grid
  std::string household_address; // "水月院 2号楼 1单元 301" when resolved to a household
};

// A demand as the API shows it: every field of struct Demand (reporter_phone masked), plus
// seconds_left (to due_at from `now`; absent when closed or merged), overdue (bool), the extras.
json::object DemandToJson(const Demand& d, std::string_view now, const DemandExtras& extras, const ViewPolicy& view);
json::object DemandEventToJson(const DemandEvent& e);
json::object DemandAttachmentToJson(const DemandAttachment& a);
json::object DemandCategoryToJson(const DemandCategory& c);

// The zh names of a category tree by code.
std::map<std::string, std::string, std::less<>> CategoryNames(const std::vector<DemandCategory>& tree);

// The OpenAPI component schemas of the demand routes (Demand, DemandList, DemandDetail, ...).
void RegisterDemandSchemas(http::Router& router);

}  // namespace linli::api
