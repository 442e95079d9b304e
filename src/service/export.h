// Registry exports as .xlsx, with the same filters as the list endpoints. Shared by the API
// (GET /api/v1/{households,residents,grids}/export) and the command line.
//
//   LINLI_TRY(ExportFile f, ExportHouseholds(store, filter, TodayLocal(), ExportOptions{}));
//   // f.filename == "住户_2026-11-22.xlsx", f.bytes = the workbook
//
// Personal data (ID numbers, phones, birth dates) is masked and sensitive tags dropped unless ExportOptions::mask_personal is false; an
// unmasked export must be authorised and audited by the caller.
// Thread rule: stateless; safe from many threads (the Store is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/result.h"
#include "store/store.h"

namespace linli::service {

struct ExportFile {
  std::string filename;  // Chinese, dated: "住户_2026-11-22.xlsx"
  std::string bytes;     // the .xlsx workbook
};

struct ExportOptions {
  bool mask_personal = true;    // ID numbers, phones and birth dates masked (access/masking.h)
  bool sensitive_tags = false;  // keep disabled / low_income / tekun tags (access/view_policy.h)
};

// The xlsx MIME type, for Content-Type.
inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Every household matching `filter` (paged through the store, no row limit), one sheet 住户.
// `today` (YYYY-MM-DD) dates the file name. Errors: the store's (e.g. kNotFound out of scope) and
// kInternal when the workbook cannot be written.
Result<ExportFile> ExportHouseholds(Store& store, const HouseholdFilter& filter, std::string_view today,
                                    const ExportOptions& options);
// Every resident matching `filter`, one sheet 居民. Errors as ExportHouseholds.
Result<ExportFile> ExportResidents(Store& store, const ResidentFilter& filter, std::string_view today,
                                   const ExportOptions& options);
// The community's grids with their counts, one sheet 网格. Errors as ExportHouseholds.
Result<ExportFile> ExportGrids(Store& store, Id community_id, const Scope& scope, std::string_view today,
                               const ExportOptions& options);

// The audit entries matching `filter` (oldest first), one sheet 审计日志, named
// "审计日志_<today>.xlsx". Errors as ExportHouseholds.
Result<ExportFile> ExportAudit(Store& store, const AuditFilter& filter, std::string_view today);

}  // namespace linli::service
