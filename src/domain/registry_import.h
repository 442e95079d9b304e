// Registry import: map a table's columns to RegistryRow fields and validate every row. Pure:
// the file is already decoded into rows of UTF-8 cells (src/io does the decoding).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/registry.h"

namespace linli {

// The importable fields, in display order: key (RegistryRow member name), Chinese label, required.
// Keys: compound, building, unit, door, area_m2, household_phone, name, id_number, sex,
// birth_date, phone, relation, is_owner, tags.
struct ImportField {
  std::string key, label_zh, label_en;
  bool required = false;
};
const std::vector<ImportField>& RegistryImportFields();

// field key -> 0-based column index.
using ColumnMapping = std::map<std::string, int>;

// Maps the usual Chinese (and English) headers automatically: 姓名, 身份证号/身份证号码,
// 联系电话/手机号, 小区/小区名称, 楼号/楼栋, 单元, 门牌号/房号, 面积/建筑面积, 与户主关系, 性别,
// 出生日期, 是否产权人, 标签 ... Unknown headers stay unmapped.
ColumnMapping SuggestMapping(const std::vector<std::string>& headers);

struct RowError {
  int row = 0;            // 1-based row number in the file (the header is row 1)
  std::string column;     // the header text of the offending column ("" if none)
  std::string field;      // field key
  std::string reason;     // stable code (see validation.h)
  std::string message;    // Chinese sentence
};

struct ImportCheck {
  std::vector<RegistryRow> valid;
  std::vector<RowError> errors;  // every problem of every bad row
  int invalid_rows = 0;
};

// Validates every data row (rows[0] is the header). A row with any error is left out of `valid`.
// Fails (kInvalidArgument, field "mapping") only when a required field is not mapped or a column
// index is out of range. `today` is YYYY-MM-DD.
Result<ImportCheck> CheckRegistryRows(const std::vector<std::vector<std::string>>& rows,
                                      const ColumnMapping& mapping, std::string_view today);

}  // namespace linli
