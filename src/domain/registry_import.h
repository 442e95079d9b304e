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
// Fails (kInvalidArgument, field "mapping") only when a required field is not mapped (reason
// required), a column index is out of range (column_out_of_range) or a key is unknown
// (field_unknown). `today` is YYYY-MM-DD.
// Cell rules: blank rows are skipped; a bare number as building/unit becomes "2号楼"/"1单元";
// 面积 accepts "86.5", "86.5㎡", "86.5平方米", "86.5m2" (reasons area_format, area_positive);
// 性别 男/女 (sex_format); 是否产权人 是/否/Y/N/1/0/√ (bool_format); 出生日期 in the usual
// spellings (see NormalizeDate); 标签 split on ，,、;/ and spaces: 独居老人, 孤寡老人, 低保, 特困,
// 残疾(类型), 留守, 党员, 志愿者 map to their codes, anything else becomes a custom tag.
// Across rows: a repeated ID number is reported on the later row (id_number_duplicate); a
// household's area and 户联系电话 may be given on any one of its rows and are copied to the others,
// but must agree (area_conflict, phone_conflict); a household with no area at all is reported on
// each of its rows (area_positive). Errors come in row order.
// Cost: linear in the cells plus two sorts; 2.3 M rows take ~9 s on one core.
Result<ImportCheck> CheckRegistryRows(const std::vector<std::vector<std::string>>& rows,
                                      const ColumnMapping& mapping, std::string_view today);

}  // namespace linli
