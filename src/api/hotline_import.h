// The 12345 hotline import outside a request: the same steps as POST /demands/import (src/api/demands.cc)
// — read the sheet (src/io), map and check every row (service::ParseDemandImport), resolve the
// addresses through the intake's address index, apply the deadlines of the settings, and import
// through DemandStore::ImportDemands (idempotent by external ticket number, one transaction) — for
// files too big for an upload (the route takes up to 100,000 rows): `linli import demands` and the
// import benchmark. Thread rule: one call at a time per Store is enough (the store serialises writes).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/demand_import.h"
#include "store/store.h"

namespace linli::api {

struct HotlineImportOptions {
  Id community_id = 0;
  std::string user;          // recorded as created_by and as the actor of the "create" events
  std::string now;           // UTC ISO 8601
  bool dry_run = false;      // check every row, write nothing
  bool skip_invalid = true;  // import the valid rows (as the route does); false: any issue -> nothing written
  std::int64_t max_rows = 5000000;
};

struct HotlineImportReport {
  std::int64_t rows = 0;      // valid rows
  std::int64_t resolved = 0;  // valid rows whose address named a household
  bool written = false;       // false on a dry run, or with issues and !skip_invalid
  std::int64_t created = 0, existing = 0;  // 0 when not written
  std::vector<service::DemandImportIssue> issues;  // the rows left out, with row number and field
  std::map<std::string, std::string> mapping;      // demand field -> header text
  // Wall seconds of each step: reading the table, checking (parse + addresses + deadlines), storing.
  double read_seconds = 0, check_seconds = 0, store_seconds = 0;
};

// Errors: ReadTable's (kUnsupportedMediaType, kTooLarge, kInvalidArgument), ParseDemandImport's
// (kInvalidArgument field "file"), kNotFound field "community_id" (no such community), and the
// store's (nothing is written then).
Result<HotlineImportReport> ImportHotlineTickets(Store& store, std::string_view bytes, std::string_view filename,
                                                 const HotlineImportOptions& options);

}  // namespace linli::api
