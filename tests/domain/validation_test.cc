#include "domain/validation.h"

#include <gtest/gtest.h>

namespace linli {
namespace {

constexpr std::string_view kToday = "2024-06-30";

std::string Reason(const Error& e, std::size_t i = 0) { return i < e.details.size() ? e.details[i].reason : "<none>"; }

// Builds a valid number from 17 digits.
std::string WithCheck(std::string first17) {
  first17.push_back(IdNumberCheckChar(first17));
  return first17;
}

TEST(IdNumber, KnownCheckDigits) {
  // Published examples of GB 11643 numbers.
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(IdNumberCheckChar("44052418800101001"), '4');
  EXPECT_EQ(IdNumberCheckChar("11010119900307803"), 'X');
  EXPECT_EQ(IdNumberCheckChar("32010619920815361"), '2');
}

TEST(IdNumber, ParsesValidNumber) {
  auto info = ParseIdNumber("110105194912310021", kToday);
  ASSERT_FALSE(info.ok());  // checksum of ...002 is X, not 1
  EXPECT_EQ(Reason(info.error()), "id_number_checksum");
  EXPECT_EQ(info.error().message, "身份证号校验位不对，请核对最后一位");

  auto ok = ParseIdNumber("11010519491231002X", kToday);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->area_code, "110105");
  EXPECT_EQ(ok->birth_date, "1949-12-31");
  EXPECT_EQ(ok->sex, Sex::kFemale);  // 17th digit 2: even

  auto male = ParseIdNumber("320106199208153612", kToday);
  ASSERT_TRUE(male.ok());
  EXPECT_EQ(male->sex, Sex::kMale);
  EXPECT_EQ(male->birth_date, "1992-08-15");
  EXPECT_EQ(Reason(ParseIdNumber("440524188001010014", kToday).error()), "id_number_birth_date");  // before 1900
}

TEST(IdNumber, LowerCaseXIsAccepted) {
  EXPECT_TRUE(ParseIdNumber("11010519491231002x", kToday).ok());
  EXPECT_EQ(NormalizeIdNumber(" 11010519491231002x "), "11010519491231002X");
  EXPECT_EQ(NormalizeIdNumber("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
}

TEST(IdNumber, WrongLength) {
  auto r = ParseIdNumber("1101051949123100", kToday);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Reason(r.error()), "id_number_length");
  EXPECT_EQ(r.error().field, "id_number");
  EXPECT_EQ(Reason(ParseIdNumber("11010519491231002XX", kToday).error()), "id_number_length");
  EXPECT_EQ(Reason(ParseIdNumber("110105491231002", kToday).error()), "id_number_length");  // old 15-digit form
  EXPECT_EQ(Reason(ParseIdNumber("", kToday).error()), "id_number_length");
}

TEST(IdNumber, Letters) {
  EXPECT_EQ(Reason(ParseIdNumber("1101051949123A002X", kToday).error()), "id_number_chars");
  EXPECT_EQ(Reason(ParseIdNumber("11010519491231002Y", kToday).error()), "id_number_chars");
  EXPECT_EQ(Reason(ParseIdNumber("X10105194912310021", kToday).error()), "id_number_chars");
  // 18 code points, not 18 bytes.
  EXPECT_EQ(Reason(ParseIdNumber("11010519491231002号", kToday).error()), "id_number_chars");
}

TEST(IdNumber, BirthDates) {
  // Feb 29 in a leap year is real; in a common year it is not.
  EXPECT_TRUE(ParseIdNumber(WithCheck("11011220000229001"), kToday).ok());
  EXPECT_TRUE(ParseIdNumber(WithCheck("11011219960229001"), kToday).ok());
  EXPECT_EQ(Reason(ParseIdNumber(WithCheck("11011219000229001"), kToday).error()), "id_number_birth_date");
  EXPECT_EQ(Reason(ParseIdNumber(WithCheck("11011220230229001"), kToday).error()), "id_number_birth_date");
  EXPECT_EQ(Reason(ParseIdNumber(WithCheck("11011219901301001"), kToday).error()), "id_number_birth_date");
  EXPECT_EQ(Reason(ParseIdNumber(WithCheck("11011219900431001"), kToday).error()), "id_number_birth_date");
  EXPECT_EQ(Reason(ParseIdNumber(WithCheck("11011219900000001"), kToday).error()), "id_number_birth_date");
  // Future birth date.
  auto future = ParseIdNumber(WithCheck("11011220240701001"), kToday);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(Reason(future.error()), "id_number_birth_date");
  EXPECT_NE(future.error().message.find("晚于今天"), std::string::npos);
  EXPECT_TRUE(ParseIdNumber(WithCheck("11011220240630001"), kToday).ok());  // born today
  // Field name is passed through.
  EXPECT_EQ(ParseIdNumber("1", kToday, "rows[3].id").error().field, "rows[3].id");
}

TEST(IdNumber, EveryWrongCheckCharIsCaught) {
  std::string first17 = "11011219850615123";
  char right = IdNumberCheckChar(first17);
  for (char c : std::string("0123456789X")) {
    auto r = ParseIdNumber(first17 + c, kToday);
    if (c == right) EXPECT_TRUE(r.ok());
    else EXPECT_EQ(Reason(r.error()), "id_number_checksum") << c;
  }
}

TEST(Phone, Mobiles) {
  EXPECT_EQ(NormalizePhone("13812345678").value(), "13812345678");
  EXPECT_EQ(NormalizePhone("138 1234 5678").value(), "13812345678");
  EXPECT_EQ(NormalizePhone("138-1234-5678").value(), "13812345678");
  EXPECT_EQ(NormalizePhone("+86 138 1234 5678").value(), "13812345678");
  EXPECT_EQ(NormalizePhone("１３８１２３４５６７８").value(), "13812345678");
  EXPECT_EQ(NormalizePhone("19912345678").value(), "19912345678");
  EXPECT_FALSE(NormalizePhone("12812345678").ok());  // 12x is not a mobile prefix
  EXPECT_FALSE(NormalizePhone("1381234567").ok());
  EXPECT_FALSE(NormalizePhone("138123456789").ok());
  EXPECT_FALSE(NormalizePhone("138abc45678").ok());
  auto bad = NormalizePhone("12345", "household_phone");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Reason(bad.error()), "phone_format");
  EXPECT_EQ(bad.error().field, "household_phone");
}

TEST(Phone, Landlines) {
  EXPECT_EQ(NormalizePhone("010-89551234").value(), "01089551234");
  EXPECT_EQ(NormalizePhone("(010)89551234").value(), "01089551234");
  EXPECT_EQ(NormalizePhone("0571-8812345").value(), "05718812345");
  EXPECT_EQ(NormalizePhone("0316-5551234").value(), "03165551234");
  EXPECT_EQ(NormalizePhone("010-89551234转806").value(), "01089551234-806");
  EXPECT_EQ(NormalizePhone("010-89551234-806").value(), "01089551234-806");
  EXPECT_FALSE(NormalizePhone("89551234").ok());        // no area code
  EXPECT_FALSE(NormalizePhone("010-0955123").ok());     // local numbers do not start with 0
  EXPECT_FALSE(NormalizePhone("010-895512345").ok());   // 9-digit local number
}

TEST(Dates, StrictAndTolerant) {
  EXPECT_TRUE(ValidateDate("2024-02-29", "d").ok());
  EXPECT_FALSE(ValidateDate("2023-02-29", "d").ok());
  EXPECT_FALSE(ValidateDate("2023-2-1", "d").ok());
  EXPECT_FALSE(ValidateDate("2023/02/01", "d").ok());
  EXPECT_EQ(Reason(ValidateDate("abcd-ef-gh", "d").error()), "date_format");
  EXPECT_EQ(NormalizeDate("1990-1-5", "d").value(), "1990-01-05");
  EXPECT_EQ(NormalizeDate("1990/01/05", "d").value(), "1990-01-05");
  EXPECT_EQ(NormalizeDate("1990.1.5", "d").value(), "1990-01-05");
  EXPECT_EQ(NormalizeDate("19900105", "d").value(), "1990-01-05");
  EXPECT_EQ(NormalizeDate("1990年1月5日", "d").value(), "1990-01-05");
  EXPECT_EQ(NormalizeDate("  1990-01-05 ", "d").value(), "1990-01-05");
  EXPECT_FALSE(NormalizeDate("1990-02-30", "d").ok());
  EXPECT_FALSE(NormalizeDate("05/01/1990", "d").ok());
  EXPECT_FALSE(NormalizeDate("1990-01", "d").ok());
  EXPECT_FALSE(NormalizeDate("", "d").ok());
}

Resident Valid() {
  Resident r;
  r.name = "刘艳";
  r.id_number = WithCheck("11011219850615122");
  r.phone = "13812345678";
  return r;
}

TEST(Resident, FillsFromIdNumber) {
  auto r = ValidateResident(Valid(), kToday);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->birth_date, "1985-06-15");
  EXPECT_EQ(r->sex, Sex::kFemale);
  Resident lower = Valid();
  lower.id_number.back() = lower.id_number.back() == 'X' ? 'x' : lower.id_number.back();
  EXPECT_TRUE(ValidateResident(lower, kToday).ok());
}

TEST(Resident, CollectsEveryProblem) {
  Resident r;
  r.name = "  ";
  r.id_number = "110112198506151220";  // wrong check digit (right one is computed below)
  ASSERT_NE(IdNumberCheckChar("11011219850615122"), '0');
  r.phone = "1381234";
  r.tags = {{"astronaut", ""}, {"custom", ""}};
  auto res = ValidateResident(r, kToday);
  ASSERT_FALSE(res.ok());
  const Error& e = res.error();
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(e.details.size(), 5u);
  EXPECT_EQ(e.details[0].field, "name");
  EXPECT_EQ(e.details[0].reason, "required");
  EXPECT_EQ(e.details[1].reason, "id_number_checksum");
  EXPECT_EQ(e.details[2].reason, "phone_format");
  EXPECT_EQ(e.details[3].reason, "tag_unknown");
  EXPECT_EQ(e.details[4].reason, "tag_label_required");
  EXPECT_EQ(e.field, "name");
}

TEST(Resident, ConsistencyWithIdNumber) {
  Resident r = Valid();
  r.birth_date = "1985-06-16";
  r.sex = Sex::kMale;
  auto res = ValidateResident(r, kToday);
  ASSERT_FALSE(res.ok());
  ASSERT_EQ(res.error().details.size(), 2u);
  EXPECT_EQ(res.error().details[0].reason, "birth_date_mismatch");
  EXPECT_EQ(res.error().details[1].reason, "sex_mismatch");
  EXPECT_EQ(res.error().details[1].message, "性别和身份证号不一致：按身份证号应为女");
  r.birth_date = "1985/6/15";  // same date written differently
  r.sex = Sex::kFemale;
  auto ok = ValidateResident(r, kToday);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->birth_date, "1985-06-15");
}

TEST(Resident, NoIdNumber) {
  Resident r;
  r.name = "王建国";
  r.birth_date = "2030-01-01";
  auto res = ValidateResident(r, kToday);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(Reason(res.error()), "date_in_future");
  r.birth_date = "1950-13-01";
  EXPECT_EQ(Reason(ValidateResident(r, kToday).error()), "date_format");
  r.birth_date.clear();
  EXPECT_TRUE(ValidateResident(r, kToday).ok());
  r.name = std::string(51 * 3, 'a');
  EXPECT_TRUE(ValidateResident(r, kToday).ok() == false);
}

TEST(Resident, NameLengthCountsCharacters) {
  Resident r;
  r.name.clear();
  for (int i = 0; i < 50; ++i) r.name += "张";
  EXPECT_TRUE(ValidateResident(r, kToday).ok());
  r.name += "张";
  EXPECT_EQ(Reason(ValidateResident(r, kToday).error()), "too_long");
}

TEST(Resident, TagsDeduplicated) {
  Resident r = Valid();
  r.tags = {{"party_member", ""}, {"party_member", ""}, {"disabled", "肢体"}, {"custom", "楼门长"}};
  auto res = ValidateResident(r, kToday);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->tags.size(), 3u);
}

TEST(Household, Rules) {
  Household h;
  h.door = " 301 ";
  h.area_m2 = 86.5;
  h.phone = "010-89551234";
  auto ok = ValidateHousehold(h);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->door, "301");
  EXPECT_EQ(ok->phone, "01089551234");
  h.door = "";
  h.area_m2 = 0;
  h.phone = "123";
  auto bad = ValidateHousehold(h);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().details.size(), 3u);
  EXPECT_EQ(bad.error().details[0].reason, "required");
  EXPECT_EQ(bad.error().details[1].reason, "area_positive");
  EXPECT_EQ(bad.error().details[2].reason, "phone_format");
  h.door = "1";
  h.phone = "";
  h.area_m2 = -3;
  EXPECT_EQ(Reason(ValidateHousehold(h).error()), "area_positive");
}

TEST(Community, CodeAndName) {
  Community c{0, "110112002014", "四员厅社区", "中仓街道", "通州区"};
  EXPECT_TRUE(ValidateCommunity(c).ok());
  c.code = "11011200201";
  EXPECT_EQ(Reason(ValidateCommunity(c).error()), "code_format");
  c.code = "11011200201a";
  c.name = "";
  EXPECT_EQ(ValidateCommunity(c).error().details.size(), 2u);
  EXPECT_TRUE(ValidateName("水月院", "name").ok());
  EXPECT_EQ(Reason(ValidateName(" ", "name").error()), "required");
}

}  // namespace
}  // namespace linli
