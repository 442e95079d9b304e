// Entity <-> JSON for the API: the ONE place where registry objects get their JSON shape
// (docs/api.md "Objects") and where request bodies are read into entities.
// Thread rule: pure functions; a JsonReader is used by one thread.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "access/view_policy.h"
#include "domain/grid_plan.h"
#include "domain/registry_import.h"
#include "http/json_reader.h"
#include "http/router.h"
#include "store/store.h"

namespace linli::api {

namespace json = boost::json;

// --- entity -> JSON (field names exactly as in docs/api.md)
json::object ToJson(const CommunitySummary& c);
json::object ToJson(const CompoundSummary& c);
json::object ToJson(const BuildingSummary& b);
json::object ToJson(const UnitSummary& u);
json::object ToJson(const HouseholdSummary& h);  // phone masked
// Personal data is masked for every caller (access/masking.h): ID number, phone, birth date;
// sensitive tags are dropped unless `view.sensitive_tags`. Full values only through the reveal.
json::object ToJson(const HouseholdDetail& d, const ViewPolicy& view = {});
json::object ToJson(const ResidentSummary& r, const ViewPolicy& view = {});
json::object ToJson(const GridSummary& g);
json::object ToJson(const RowError& e);
// Accounts and the audit log. A user never shows its password hash.
json::object ToJson(const User& u);
json::object ToJson(const AuditEntry& e);
// RegistryImportFields() as [{key, label_zh, label_en, required}].
json::array ImportFieldsJson();

// {"items":[...], "total", "offset", "limit"} from a store page.
template <class T>
json::object PageJson(const Page<T>& page, PageRequest req, const ViewPolicy& view = {}) {
  json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) {
    if constexpr (requires { ToJson(item, view); }) items.push_back(ToJson(item, view));
    else items.push_back(ToJson(item));
  }
  return {{"items", std::move(items)}, {"total", page.total}, {"offset", req.offset}, {"limit", req.limit}};
}

// --- JSON -> entity. Each reads the writable fields that are present into `out` (PATCH
// semantics: absent = unchanged) and records type problems in `in`. When `creating`, the parent
// reference (community_id, compound_id, ...) is required (reason "required"). Domain rules are
// checked afterwards by the caller.
void ReadCommunity(http::JsonReader& in, Community& out);
void ReadCompound(http::JsonReader& in, Compound& out, bool creating);
void ReadBuilding(http::JsonReader& in, Building& out, bool creating);
void ReadUnit(http::JsonReader& in, Unit& out, bool creating);
void ReadHousehold(http::JsonReader& in, Household& out, bool creating);
void ReadResident(http::JsonReader& in, Resident& out, bool creating);
void ReadGrid(http::JsonReader& in, Grid& out, bool creating);
// {"key": column index | null, ...}: unknown keys, non-integers and negative indices are recorded
// against "mapping.<key>". Absent -> nullopt.
std::optional<ColumnMapping> ReadMapping(http::JsonReader& in, std::string_view key = "mapping");

// Finishes a nested reader (JsonReader::Of) and copies its problems into `outer`; true when none.
bool FinishNested(http::JsonReader& outer, const http::JsonReader& inner);

// Records `reason "required"` for `field` in `in`.
void RequireField(http::JsonReader& in, std::string_view field);

// Registers every component schema the routes name (Community, CommunityInput, CommunityList, ...).
void RegisterSchemas(http::Router& router);

}  // namespace linli::api
