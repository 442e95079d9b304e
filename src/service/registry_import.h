// The registry import use case, shared by the HTTP API (src/api/imports.cc) and the command line
// (`linli import households FILE [--dry-run] [--skip-invalid]`):
//
//   LINLI_TRY(auto preview, PreviewImport(bytes, "住户.xlsx", ImportLimits{}));   // read + map
//   LINLI_TRY(auto check, CheckImport(preview.table, preview.mapping, TodayLocal()));  // dry run
//   LINLI_TRY(auto outcome, CommitImport(store, community_id, preview.table, preview.mapping,
//                                        /*skip_invalid=*/false, TodayLocal()));
//
// Thread rule: every function is pure or touches only the Store it is given (which is itself
// thread-safe); nothing here keeps state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/registry_import.h"
#include "io/table.h"
#include "store/store.h"

namespace linli::service {

// Limits for reading an uploaded file. max_rows = 0 means no limit (the CLI); the API passes its
// ApiOptions::max_import_rows.
struct ImportLimits {
  std::size_t max_rows = 0;                          // data rows (the header not counted)
  std::size_t max_uncompressed_bytes = 512u << 20;   // .xlsx inflate guard
  double max_ratio = 200.0;                          // .xlsx zip-bomb guard (uncompressed / compressed)
};

// What a file looks like before anything is checked.
struct ImportPreview {
  io::Table table;                                   // every row, rows[0] is the header
  std::vector<std::string> headers;              // = table.rows[0]
  std::int64_t row_count = 0;                    // data rows (without the header)
  std::vector<std::vector<std::string>> sample;  // the first (up to) 5 data rows
  ColumnMapping mapping;                         // suggested from the headers
};

// Reads the file (.csv in UTF-8 or GBK, or .xlsx, told apart by content and `filename`), suggests
// a column mapping and takes a sample.
// Errors: whatever ReadTable reports (kUnsupportedMediaType for neither csv nor xlsx (another extension, or binary content that is not a zip),
// kInvalidArgument for a truncated or corrupt file, kTooLarge for a zip bomb); kInvalidArgument
// (field "file", reason "empty") when there is no data row; kTooLarge (field "file", reason
// "too_many_rows") when there are more than limits.max_rows data rows.
Result<ImportPreview> PreviewImport(std::string_view bytes, std::string_view filename, const ImportLimits& limits);

// Validates every data row with `mapping` (a dry run; nothing is written). `today` is YYYY-MM-DD.
// Errors: kInvalidArgument (field "mapping") when a required field is unmapped or a column index
// is out of range. Row problems are not errors: they are listed in the result.
Result<ImportCheck> CheckImport(const io::Table& table, const ColumnMapping& mapping, std::string_view today);

struct ImportOutcome {
  ImportStats stats;         // what the store created / updated
  std::int64_t imported = 0; // rows handed to the store
  std::int64_t skipped = 0;  // invalid rows left out (skip_invalid only)
  ImportCheck check;         // the check the commit was based on
};

// Checks, then writes the valid rows in ONE store transaction (Store::ImportRegistry, which is
// idempotent: importing the same file twice changes nothing the second time).
// Nothing is written when any row is invalid and `skip_invalid` is false: the error is
// kInvalidArgument with one detail per row problem (see ImportCheckError).
// Other errors: those of CheckImport; kInvalidArgument (field "file", reason "no_valid_rows") when
// skip_invalid leaves nothing to import; the store's errors (e.g. kNotFound for the community).
Result<ImportOutcome> CommitImport(Store& store, Id community_id, const io::Table& table, const ColumnMapping& mapping,
                                   bool skip_invalid, std::string_view today);

// The error CommitImport returns for invalid rows: kInvalidArgument, a Chinese message with the
// number of bad rows, `field` = the first problem, `details` = every problem with field
// "<row>:<column header>" (or "<row>:<field key>" when the column has no header), the row's
// reason and message.
Error ImportCheckError(const ImportCheck& check);

// Today's local date as YYYY-MM-DD (reads the clock; callers pass it into the pure functions).
std::string TodayLocal();

}  // namespace linli::service
