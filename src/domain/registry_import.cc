#include "domain/registry_import.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string>
#include <tuple>

#include "domain/text_util.h"
#include "domain/validation.h"

namespace linli {

namespace {

struct Synonyms {
  std::string_view key;
  std::vector<std::string_view> headers;  // normalised header texts (see NormalizeHeader)
};

// Exact header synonyms per field, most specific fields first so that 户联系电话 is not taken as 联系电话.
const std::vector<Synonyms>& HeaderSynonyms() {
  static const std::vector<Synonyms> kList = {
      {"household_phone", {"户联系电话", "户电话", "家庭电话", "家庭联系电话", "住户电话", "户主电话", "household_phone", "householdphone"}},
      {"compound", {"小区", "小区名称", "小区名", "所属小区", "院落", "院落名称", "compound"}},
      {"building", {"楼号", "楼栋", "楼栋号", "楼", "楼座", "栋", "栋号", "幢", "楼宇", "楼号名称", "building"}},
      {"unit", {"单元", "单元号", "unit"}},
      {"door", {"门牌号", "房号", "室", "房间号", "门牌", "户号", "房屋号", "室号", "door", "room"}},
      {"area_m2", {"面积", "建筑面积", "房屋面积", "住房面积", "产权面积", "area", "area_m2", "aream2"}},
      {"name", {"姓名", "居民姓名", "名字", "人员姓名", "name"}},
      {"id_number", {"身份证号", "身份证号码", "证件号码", "证件号", "公民身份号码", "身份证", "idnumber", "id_number", "idcard"}},
      {"sex", {"性别", "sex", "gender"}},
      {"birth_date", {"出生日期", "出生年月日", "生日", "出生年月", "birthdate", "birth_date", "birthday"}},
      {"phone", {"联系电话", "手机号", "电话", "手机", "手机号码", "联系方式", "电话号码", "本人电话", "phone", "mobile"}},
      {"relation", {"与户主关系", "户主关系", "关系", "relation"}},
      {"is_owner", {"是否产权人", "产权人", "是否业主", "业主", "is_owner", "isowner", "owner"}},
      {"tags", {"标签", "人员类别", "人员类型", "特殊人群", "人群类别", "类别", "tags"}},
  };
  return kList;
}

// Header text as compared: half-width, no spaces, no "*" marks, no trailing "(...)" note such as
// (㎡)/(必填), ASCII lower-case.
std::string NormalizeHeader(std::string_view header) {
  std::string s = text::HalfWidth(text::Trim(header));
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    else if (c == ')') depth = depth > 0 ? depth - 1 : 0;
    else if (depth == 0 && c != ' ' && c != '*' && c != '\t' && c != ':')
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  // Drop a leading "是否" only for matching booleans is handled by synonyms; strip a trailing colon-like
  // full-width characters are already half-width.
  return out;
}

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

struct TagLabel {
  std::string_view label, code;
};
constexpr std::array<TagLabel, 18> kTagLabels = {{
    {"独居老人", "elderly_alone"}, {"独居", "elderly_alone"},   {"空巢独居", "elderly_alone"},
    {"孤寡老人", "gugua"},         {"孤寡", "gugua"},           {"低保", "low_income"},
    {"低保户", "low_income"},       {"低保人员", "low_income"},   {"特困", "tekun"},
    {"特困人员", "tekun"},          {"特困供养", "tekun"},       {"留守", "left_behind"},
    {"留守儿童", "left_behind"},    {"留守老人", "left_behind"}, {"党员", "party_member"},
    {"中共党员", "party_member"},   {"志愿者", "volunteer"},     {"志愿", "volunteer"},
}};

}  // namespace

const std::vector<ImportField>& RegistryImportFields() {
  static const std::vector<ImportField> kFields = {
      {"compound", "小区", "Compound", true},
      {"building", "楼号", "Building", true},
      {"unit", "单元", "Unit", true},
      {"door", "门牌号", "Door", true},
      {"area_m2", "面积（㎡）", "Area (m²)", true},
      {"household_phone", "户联系电话", "Household phone", false},
      {"name", "姓名", "Name", true},
      {"id_number", "身份证号", "ID number", false},
      {"sex", "性别", "Sex", false},
      {"birth_date", "出生日期", "Birth date", false},
      {"phone", "联系电话", "Phone", false},
      {"relation", "与户主关系", "Relation to head", false},
      {"is_owner", "是否产权人", "Owner", false},
      {"tags", "标签", "Tags", false},
  };
  return kFields;
}

ColumnMapping SuggestMapping(const std::vector<std::string>& headers) {
  ColumnMapping mapping;
  std::vector<std::string> norm;
  norm.reserve(headers.size());
  for (const auto& h : headers) norm.push_back(NormalizeHeader(h));
  std::vector<bool> used(headers.size(), false);
  // Pass 1: exact synonyms.
  for (const auto& syn : HeaderSynonyms()) {
    for (std::size_t c = 0; c < norm.size() && !mapping.contains(std::string(syn.key)); ++c) {
      if (used[c]) continue;
      for (auto h : syn.headers) {
        if (norm[c] == h) {
          mapping[std::string(syn.key)] = static_cast<int>(c);
          used[c] = true;
          break;
        }
      }
    }
  }
  // Pass 2: headers that contain a telling word ("居民身份证号码", "房屋建筑面积"), for fields still open.
  struct Hint {
    std::string_view key, word;
  };
  static constexpr std::array<Hint, 13> kHints = {{{"household_phone", "户联系"},
                                                    {"id_number", "身份证"},
                                                    {"id_number", "证件号"},
                                                    {"area_m2", "面积"},
                                                    {"birth_date", "出生"},
                                                    {"relation", "关系"},
                                                    {"is_owner", "产权"},
                                                    {"phone", "电话"},
                                                    {"phone", "手机"},
                                                    {"compound", "小区"},
                                                    {"door", "门牌"},
                                                    {"unit", "单元"},
                                                    {"name", "姓名"}}};
  for (const auto& hint : kHints) {
    std::string key(hint.key);
    if (mapping.contains(key)) continue;
    for (std::size_t c = 0; c < norm.size(); ++c) {
      if (!used[c] && Contains(norm[c], hint.word)) {
        mapping[key] = static_cast<int>(c);
        used[c] = true;
        break;
      }
    }
  }
  return mapping;
}

namespace {

// Index of each field in a fixed order, so the per-row loop does no map look-ups.
enum FieldIdx {
  kCompound, kBuilding, kUnit, kDoor, kArea, kHouseholdPhone, kName, kIdNumber, kSex, kBirthDate,
  kPhone, kRelation, kIsOwner, kTags, kFieldCount
};

// Parses "86.5", "86.5㎡", "86.5平方米", "86.5 m2". Returns NaN when not a number.
double ParseArea(std::string_view raw) {
  std::string s = text::HalfWidth(text::Trim(raw));
  for (std::string_view unit : {"平方米", "平米", "㎡", "m²", "m2", "M2", "平"}) {
    if (s.size() >= unit.size() && std::string_view(s).ends_with(unit)) {
      s.resize(s.size() - unit.size());
      break;
    }
  }
  s = std::string(text::Trim(s));
  if (s.empty()) return std::nan("");
  std::size_t dots = 0;
  for (char c : s) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return std::nan("");
  }
  if (dots > 1) return std::nan("");
  return std::strtod(s.c_str(), nullptr);
}

// 男/女 in the usual spellings. Returns false when the text is not recognised.
bool ParseSex(std::string_view raw, Sex* out) {
  std::string s = text::HalfWidth(text::Trim(raw));
  if (s.empty()) return *out = Sex::kUnknown, true;
  if (s == "男" || s == "男性" || s == "M" || s == "m" || s == "male" || s == "Male") return *out = Sex::kMale, true;
  if (s == "女" || s == "女性" || s == "F" || s == "f" || s == "female" || s == "Female")
    return *out = Sex::kFemale, true;
  return false;
}

bool ParseYesNo(std::string_view raw, bool* out) {
  std::string s = text::HalfWidth(text::Trim(raw));
  if (s.empty() || s == "否" || s == "不是" || s == "N" || s == "n" || s == "no" || s == "No" || s == "0" ||
      s == "false" || s == "FALSE" || s == "×" || s == "非产权人")
    return *out = false, true;
  if (s == "是" || s == "Y" || s == "y" || s == "yes" || s == "Yes" || s == "1" || s == "true" || s == "TRUE" ||
      s == "√" || s == "✓" || s == "产权人" || s == "业主")
    return *out = true, true;
  return false;
}

// "独居老人、残疾(肢体)，党员" -> tags; unknown labels become custom tags.
std::vector<ResidentTag> ParseTags(std::string_view raw) {
  static const std::vector<std::string_view> kSeps = {",", "，", "、", ";", "；", "/", " ", "|"};
  std::vector<ResidentTag> tags;
  for (auto& piece : text::SplitOutsideParens(text::HalfWidth(raw), kSeps)) {
    ResidentTag tag;
    std::string_view p = piece;
    if (p.starts_with("残疾")) {
      tag.code = "disabled";
      std::string_view rest = p.substr(std::string_view("残疾").size());
      if (rest.starts_with("人")) rest.remove_prefix(std::string_view("人").size());
      if (rest.starts_with("(") && rest.ends_with(")")) rest = rest.substr(1, rest.size() - 2);
      tag.detail = std::string(text::Trim(rest));
    } else {
      for (const auto& l : kTagLabels)
        if (p == l.label) tag.code = std::string(l.code);
      if (tag.code.empty()) {
        tag.code = "custom";
        tag.detail = piece;
      }
    }
    bool dup = false;
    for (const auto& t : tags) dup = dup || t == tag;
    if (!dup) tags.push_back(std::move(tag));
  }
  return tags;
}

// "2" -> "2号楼", "3" -> "3单元" so that sheets that write bare numbers match named ones.
std::string NormalizeBuilding(std::string_view raw) {
  std::string s(text::Trim(raw));
  if (text::AllDigits(s)) s += "号楼";
  return s;
}
std::string NormalizeUnit(std::string_view raw) {
  std::string s(text::Trim(raw));
  if (text::AllDigits(s)) s += "单元";
  return s;
}

// FNV-1a over the household's address parts; equal households hash equal (ties are compared in full).
std::uint64_t HouseholdHash(const RegistryRow& r) {
  std::uint64_t h = 1469598103934665603ull;
  for (const std::string* part : {&r.compound, &r.building, &r.unit, &r.door}) {
    for (unsigned char c : *part) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  }
  return h;
}

}  // namespace

Result<ImportCheck> CheckRegistryRows(const std::vector<std::vector<std::string>>& rows,
                                      const ColumnMapping& mapping, std::string_view today) {
  const auto& fields = RegistryImportFields();
  static_assert(kFieldCount == 14);
  std::array<int, kFieldCount> col{};
  col.fill(-1);
  int width = rows.empty() ? 0 : static_cast<int>(rows[0].size());
  for (const auto& [key, index] : mapping) {
    int f = -1;
    for (int i = 0; i < kFieldCount; ++i)
      if (fields[i].key == key) f = i;
    if (f < 0) return Error::Invalid("mapping", "field_unknown", "不认识的字段：" + key);
    if (index < 0 || index >= width)
      return Error::Invalid("mapping", "column_out_of_range", "字段“" + fields[f].label_zh + "”对应的列不存在");
    col[f] = index;
  }
  for (int i = 0; i < kFieldCount; ++i)
    if (fields[i].required && col[i] < 0)
      return Error::Invalid("mapping", "required", "请为“" + fields[i].label_zh + "”选择对应的列");

  static const std::string kEmpty;
  auto header_of = [&](int f) -> std::string {
    return col[f] >= 0 ? std::string(text::Trim(rows[0][col[f]])) : std::string();
  };
  std::array<std::string, kFieldCount> headers;
  for (int i = 0; i < kFieldCount; ++i) headers[i] = header_of(i);
  auto field_index = [&](std::string_view key) {
    for (int i = 0; i < kFieldCount; ++i)
      if (fields[i].key == key) return i;
    return -1;
  };

  ImportCheck check;
  std::vector<char> row_bad;  // per entry of check.valid-candidates
  std::vector<RegistryRow> candidates;
  candidates.reserve(rows.size());
  std::vector<RowError> errors;

  for (std::size_t ri = 1; ri < rows.size(); ++ri) {
    const auto& cells = rows[ri];
    auto cell = [&](int f) -> const std::string& {
      int c = col[f];
      return c >= 0 && c < static_cast<int>(cells.size()) ? cells[c] : kEmpty;
    };
    bool blank = true;
    for (const auto& c : cells) blank = blank && text::Trim(c).empty();
    if (blank) continue;

    const int row_no = static_cast<int>(ri) + 1;
    std::size_t errors_before = errors.size();
    auto add = [&](int f, std::string reason, std::string message) {
      errors.push_back({row_no, headers[f], std::string(fields[f].key), std::move(reason), std::move(message)});
    };

    RegistryRow row;
    row.row_number = row_no;
    row.compound = std::string(text::Trim(cell(kCompound)));
    row.building = NormalizeBuilding(cell(kBuilding));
    row.unit = NormalizeUnit(cell(kUnit));
    row.door = std::string(text::Trim(cell(kDoor)));
    if (row.compound.empty()) add(kCompound, "required", "小区不能为空");
    if (row.building.empty()) add(kBuilding, "required", "楼号不能为空");
    if (row.unit.empty()) add(kUnit, "required", "单元不能为空");
    if (row.door.empty()) add(kDoor, "required", "门牌号不能为空");

    const std::string& area_text = cell(kArea);
    if (!text::Trim(area_text).empty()) {
      double a = ParseArea(area_text);
      if (std::isnan(a)) add(kArea, "area_format", "面积应为数字，如86.5");
      else if (a <= 0 || a >= 100000) add(kArea, "area_positive", "面积必须大于0，单位是平方米");
      row.area_m2 = std::isnan(a) || a <= 0 || a >= 100000 ? -1 : a;  // -1: already reported
    }
    if (col[kHouseholdPhone] >= 0 && !text::Trim(cell(kHouseholdPhone)).empty()) {
      auto p = NormalizePhone(cell(kHouseholdPhone), "household_phone");
      if (p.ok()) row.household_phone = std::move(p).value();
      else add(kHouseholdPhone, p.error().details.front().reason, p.error().details.front().message);
    }
    if (!ParseSex(cell(kSex), &row.sex)) add(kSex, "sex_format", "性别请填“男”或“女”");
    if (!ParseYesNo(cell(kIsOwner), &row.is_owner)) add(kIsOwner, "bool_format", "是否产权人请填“是”或“否”");

    Resident res;
    res.name = cell(kName);
    res.id_number = cell(kIdNumber);
    res.sex = row.sex;
    res.birth_date = std::string(text::Trim(cell(kBirthDate)));
    res.phone = cell(kPhone);
    res.tags = ParseTags(cell(kTags));
    auto valid = ValidateResident(res, today);
    if (!valid.ok()) {
      for (auto& d : valid.error().details) {
        int f = field_index(d.field);
        if (f < 0) f = kName;
        add(f, std::move(d.reason), std::move(d.message));
      }
    } else {
      Resident& v = valid.value();
      row.name = std::move(v.name);
      row.id_number = std::move(v.id_number);
      row.sex = v.sex;
      row.birth_date = std::move(v.birth_date);
      row.phone = std::move(v.phone);
      row.tags = std::move(v.tags);
    }
    row.relation = std::string(text::Trim(cell(kRelation)));
    if (text::CodePointCount(row.relation) > 20) add(kRelation, "too_long", "与户主关系太长，最多20个字");

    row_bad.push_back(errors.size() != errors_before);
    candidates.push_back(std::move(row));
  }

  // Checks across rows: duplicate ID numbers; one household's area and phone may be written on any
  // of its rows (usually the head's) and are copied to the others, but must not disagree.
  // Both group rows by sorting indices (no per-row key strings: this runs over millions of rows).
  const std::size_t count = candidates.size();
  std::vector<std::uint32_t> order;
  order.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    if (!candidates[i].id_number.empty()) order.push_back(static_cast<std::uint32_t>(i));
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    int c = candidates[a].id_number.compare(candidates[b].id_number);
    return c != 0 ? c < 0 : a < b;
  });
  for (std::size_t k = 1; k < order.size(); ++k) {
    const RegistryRow& first = candidates[order[k - 1]];
    RegistryRow& r = candidates[order[k]];
    if (r.id_number != first.id_number) continue;
    std::size_t j = k - 1;  // the first row carrying this number
    while (j > 0 && candidates[order[j - 1]].id_number == r.id_number) --j;
    errors.push_back({r.row_number, headers[kIdNumber], "id_number", "id_number_duplicate",
                      "身份证号和第" + std::to_string(candidates[order[j]].row_number) + "行重复"});
    row_bad[order[k]] = 1;
  }

  order.clear();
  std::vector<std::uint64_t> key_hash(count);
  for (std::size_t i = 0; i < count; ++i) {
    key_hash[i] = HouseholdHash(candidates[i]);
    order.push_back(static_cast<std::uint32_t>(i));
  }
  auto same_household = [&](const RegistryRow& a, const RegistryRow& b) {
    return a.door == b.door && a.unit == b.unit && a.building == b.building && a.compound == b.compound;
  };
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (key_hash[a] != key_hash[b]) return key_hash[a] < key_hash[b];
    const RegistryRow& x = candidates[a];
    const RegistryRow& y = candidates[b];
    if (!same_household(x, y))
      return std::tie(x.compound, x.building, x.unit, x.door) < std::tie(y.compound, y.building, y.unit, y.door);
    return a < b;  // file order inside a household
  });
  for (std::size_t g = 0; g < order.size();) {
    std::size_t e = g + 1;
    while (e < order.size() && key_hash[order[e]] == key_hash[order[g]] &&
           same_household(candidates[order[e]], candidates[order[g]]))
      ++e;
    double area = 0;
    std::string phone;
    std::size_t area_row = 0, phone_row = 0;
    for (std::size_t k = g; k < e; ++k) {
      RegistryRow& r = candidates[order[k]];
      if (r.area_m2 > 0) {
        if (area == 0) {
          area = r.area_m2;
          area_row = order[k];
        } else if (std::fabs(area - r.area_m2) > 1e-9) {
          errors.push_back({r.row_number, headers[kArea], "area_m2", "area_conflict",
                            "同一户的面积和第" + std::to_string(candidates[area_row].row_number) + "行不一致"});
          row_bad[order[k]] = 1;
        }
      }
      if (!r.household_phone.empty()) {
        if (phone.empty()) {
          phone = r.household_phone;
          phone_row = order[k];
        } else if (phone != r.household_phone) {
          errors.push_back({r.row_number, headers[kHouseholdPhone], "household_phone", "phone_conflict",
                            "同一户的户联系电话和第" + std::to_string(candidates[phone_row].row_number) + "行不一致"});
          row_bad[order[k]] = 1;
        }
      }
    }
    for (std::size_t k = g; k < e; ++k) {
      RegistryRow& r = candidates[order[k]];
      if (r.area_m2 == 0) {
        if (area > 0) {
          r.area_m2 = area;
        } else {  // no row of this household gives an area
          errors.push_back({r.row_number, headers[kArea], "area_m2", "area_positive", "这一户没有填面积，面积必须大于0"});
          row_bad[order[k]] = 1;
        }
      }
      if (r.household_phone.empty()) r.household_phone = phone;
    }
    g = e;
  }
  std::vector<std::uint32_t>().swap(order);
  std::vector<std::uint64_t>().swap(key_hash);

  // Errors in row order (cross-row checks were appended after the per-row ones).
  std::stable_sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });
  // Keep the valid rows in place (no second copy of millions of rows).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (row_bad[i]) {
      ++check.invalid_rows;
    } else {
      if (kept != i) candidates[kept] = std::move(candidates[i]);
      ++kept;
    }
  }
  candidates.resize(kept);
  check.valid = std::move(candidates);
  check.errors = std::move(errors);
  return check;
}

}  // namespace linli
