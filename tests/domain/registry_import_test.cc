#include "domain/registry_import.h"

#include <gtest/gtest.h>

#include "domain/validation.h"

namespace linli {
namespace {

constexpr std::string_view kToday = "2024-06-30";

std::string Id17(std::string first17) {
  first17.push_back(IdNumberCheckChar(first17));
  return first17;
}

TEST(SuggestMapping, UsualChineseHeaders) {
  std::vector<std::string> headers = {"序号", "小区名称", "楼栋号", "单元号", "房号",    "建筑面积（㎡）", "姓 名",
                                      "公民身份号码", "性别",  "出生日期", "手机号", "与户主关系",   "是否产权人",
                                      "人员类别", "户联系电话", "备注"};
  auto m = SuggestMapping(headers);
  EXPECT_EQ(m.at("compound"), 1);
  EXPECT_EQ(m.at("building"), 2);
  EXPECT_EQ(m.at("unit"), 3);
  EXPECT_EQ(m.at("door"), 4);
  EXPECT_EQ(m.at("area_m2"), 5);
  EXPECT_EQ(m.at("name"), 6);
  EXPECT_EQ(m.at("id_number"), 7);
  EXPECT_EQ(m.at("sex"), 8);
  EXPECT_EQ(m.at("birth_date"), 9);
  EXPECT_EQ(m.at("phone"), 10);
  EXPECT_EQ(m.at("relation"), 11);
  EXPECT_EQ(m.at("is_owner"), 12);
  EXPECT_EQ(m.at("tags"), 13);
  EXPECT_EQ(m.at("household_phone"), 14);
  EXPECT_EQ(m.size(), 14u);
}

TEST(SuggestMapping, SpellingsAndFullWidth) {
  auto m = SuggestMapping({"小区", "楼号", "单元", "门牌号", "面积", "姓名", "身份证号码", "联系电话", "产权人", "标签"});
  EXPECT_EQ(m.at("id_number"), 6);
  EXPECT_EQ(m.at("phone"), 7);
  EXPECT_EQ(m.at("is_owner"), 8);
  EXPECT_FALSE(m.contains("household_phone"));
  auto m2 = SuggestMapping({"　姓名　", "证件号码*", "电话", "室", "楼栋", "房屋面积(平方米)", "ＩＤ＿ＮＵＭＢＥＲ"});
  EXPECT_EQ(m2.at("name"), 0);
  EXPECT_EQ(m2.at("id_number"), 1);
  EXPECT_EQ(m2.at("phone"), 2);
  EXPECT_EQ(m2.at("door"), 3);
  EXPECT_EQ(m2.at("building"), 4);
  EXPECT_EQ(m2.at("area_m2"), 5);
  auto m3 = SuggestMapping({"居民身份证号", "本户联系电话", "电话"});
  EXPECT_EQ(m3.at("id_number"), 0);
  EXPECT_EQ(m3.at("phone"), 2);
  EXPECT_EQ(m3.at("household_phone"), 1);
  EXPECT_TRUE(SuggestMapping({"甲", "乙"}).empty());
}

const std::vector<std::string> kHeader = {"小区", "楼号", "单元", "门牌号", "面积", "姓名", "身份证号",
                                          "性别", "出生日期", "联系电话", "与户主关系", "是否产权人", "标签", "户联系电话"};

std::vector<std::string> Row(std::string name, std::string id, std::string area = "86.5", std::string door = "301") {
  return {"水月院", "2", "1", door, area, name, id, "", "", "13812345678", "户主", "是", "", ""};
}

TEST(CheckRegistryRows, ValidRowsAreNormalised) {
  std::vector<std::vector<std::string>> rows = {kHeader};
  rows.push_back(Row("刘艳", Id17("11011219850615122")));
  rows.push_back({"水月院", "2号楼", "1单元", "302", "86.5㎡", "王伟", Id17("11011219600101001"), "男", "1960/1/1",
                  "010-89551234", "户主", "否", "党员、独居老人，残疾（肢体）、楼门长", "139 1234 5678"});
  rows.push_back({"", "", "", "", "", "", "", "", "", "", "", "", "", ""});  // blank rows are skipped
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok()) << check.error().message;
  ASSERT_TRUE(check->errors.empty()) << check->errors[0].message;
  ASSERT_EQ(check->valid.size(), 2u);
  const RegistryRow& a = check->valid[0];
  EXPECT_EQ(a.row_number, 2);
  EXPECT_EQ(a.building, "2号楼");
  EXPECT_EQ(a.unit, "1单元");
  EXPECT_DOUBLE_EQ(a.area_m2, 86.5);
  EXPECT_EQ(a.sex, Sex::kFemale);
  EXPECT_EQ(a.birth_date, "1985-06-15");
  EXPECT_TRUE(a.is_owner);
  const RegistryRow& b = check->valid[1];
  EXPECT_EQ(b.phone, "01089551234");
  EXPECT_EQ(b.household_phone, "13912345678");
  EXPECT_FALSE(b.is_owner);
  ASSERT_EQ(b.tags.size(), 4u);
  EXPECT_EQ(b.tags[0], (ResidentTag{"party_member", ""}));
  EXPECT_EQ(b.tags[1], (ResidentTag{"elderly_alone", ""}));
  EXPECT_EQ(b.tags[2], (ResidentTag{"disabled", "肢体"}));
  EXPECT_EQ(b.tags[3], (ResidentTag{"custom", "楼门长"}));
  EXPECT_EQ(check->invalid_rows, 0);
}

TEST(CheckRegistryRows, AreaSpellings) {
  for (std::string area : {"86.5", "86.5㎡", "86.5平方米", " 86.5 m2", "８６.５"}) {
    std::vector<std::vector<std::string>> rows = {kHeader, Row("刘艳", "", area)};
    auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
    ASSERT_TRUE(check.ok());
    ASSERT_EQ(check->valid.size(), 1u) << area;
    EXPECT_DOUBLE_EQ(check->valid[0].area_m2, 86.5);
  }
  std::vector<std::vector<std::string>> rows = {kHeader, Row("刘艳", "", "八十六"), Row("王伟", "", "0", "302")};
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok());
  ASSERT_EQ(check->errors.size(), 2u);
  EXPECT_EQ(check->errors[0].reason, "area_format");
  EXPECT_EQ(check->errors[0].column, "面积");
  EXPECT_EQ(check->errors[1].reason, "area_positive");
}

TEST(CheckRegistryRows, ReportsEveryProblemOfEveryRow) {
  std::vector<std::vector<std::string>> rows = {kHeader};
  rows.push_back(Row("刘艳", Id17("11011219850615122")));                     // row 2 ok
  rows.push_back({"水月院", "2", "1", "", "abc", "", "110112198506151", "未知", "", "123", "", "也许", "", ""});  // row 3
  rows.push_back(Row("张三", Id17("11011219850615122"), "86.5", "302"));      // row 4: duplicate ID number
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->valid.size(), 1u);
  EXPECT_EQ(check->invalid_rows, 2);
  std::vector<std::string> reasons;
  for (auto& e : check->errors) {
    if (e.row == 3) reasons.push_back(e.field + ":" + e.reason);
  }
  EXPECT_EQ(reasons, (std::vector<std::string>{"door:required", "area_m2:area_format", "sex:sex_format",
                                               "is_owner:bool_format", "name:required", "id_number:id_number_length",
                                               "phone:phone_format"}));
  const RowError& dup = check->errors.back();
  EXPECT_EQ(dup.row, 4);
  EXPECT_EQ(dup.column, "身份证号");
  EXPECT_EQ(dup.reason, "id_number_duplicate");
  EXPECT_EQ(dup.message, "身份证号和第2行重复");
  for (auto& e : check->errors) EXPECT_FALSE(e.message.empty());
}

TEST(CheckRegistryRows, HouseholdAreaOnAnyRow) {
  std::vector<std::vector<std::string>> rows = {kHeader};
  rows.push_back(Row("刘艳", "", "86.5"));
  rows.push_back(Row("王伟", "", ""));               // same household, area from row 2
  rows.push_back(Row("赵六", "", "", "501"));        // a household with no area at all
  rows.push_back(Row("钱七", "", "70", "601"));
  rows.push_back(Row("孙八", "", "71", "601"));      // disagrees with row 5
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok());
  ASSERT_EQ(check->valid.size(), 3u);
  EXPECT_DOUBLE_EQ(check->valid[1].area_m2, 86.5);
  ASSERT_EQ(check->errors.size(), 2u);
  EXPECT_EQ(check->errors[0].row, 4);
  EXPECT_EQ(check->errors[0].reason, "area_positive");
  EXPECT_EQ(check->errors[1].row, 6);
  EXPECT_EQ(check->errors[1].reason, "area_conflict");
}

TEST(CheckRegistryRows, ConsistencyWithIdNumber) {
  std::vector<std::vector<std::string>> rows = {kHeader};
  auto r = Row("刘艳", Id17("11011219850615122"));
  r[7] = "男";
  r[8] = "1985-06-16";
  rows.push_back(r);
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok());
  ASSERT_EQ(check->errors.size(), 2u);
  EXPECT_EQ(check->errors[0].reason, "birth_date_mismatch");
  EXPECT_EQ(check->errors[0].column, "出生日期");
  EXPECT_EQ(check->errors[1].reason, "sex_mismatch");
  EXPECT_EQ(check->errors[1].column, "性别");
}

TEST(CheckRegistryRows, MappingErrors) {
  std::vector<std::vector<std::string>> rows = {kHeader, Row("刘艳", "")};
  ColumnMapping m = SuggestMapping(kHeader);
  m.erase("name");
  auto missing = CheckRegistryRows(rows, m, kToday);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "mapping");
  EXPECT_EQ(missing.error().details[0].reason, "required");
  m = SuggestMapping(kHeader);
  m["name"] = 99;
  EXPECT_EQ(CheckRegistryRows(rows, m, kToday).error().details[0].reason, "column_out_of_range");
  m = SuggestMapping(kHeader);
  m["shoe_size"] = 1;
  EXPECT_EQ(CheckRegistryRows(rows, m, kToday).error().details[0].reason, "field_unknown");
}

TEST(CheckRegistryRows, ShortRowsReadAsEmptyCells) {
  std::vector<std::vector<std::string>> rows = {kHeader, {"水月院", "2", "1", "301", "80", "刘艳"}};
  auto check = CheckRegistryRows(rows, SuggestMapping(kHeader), kToday);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->valid.size(), 1u);
}

TEST(ImportFields, Listed) {
  const auto& f = RegistryImportFields();
  ASSERT_EQ(f.size(), 14u);
  EXPECT_EQ(f[0].key, "compound");
  EXPECT_TRUE(f[0].required);
  EXPECT_EQ(f[13].key, "tags");
}

}  // namespace
}  // namespace linli
