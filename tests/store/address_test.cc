#include "domain/address.h"

#include <gtest/gtest.h>

namespace linli {
namespace {

TEST(NormalizeSearchText, RemovesSpacesAndFolds) {
  EXPECT_EQ(NormalizeSearchText("水月院 2号楼"), "水月院2号楼");
  EXPECT_EQ(NormalizeSearchText("  水月院\u30002号楼\t1单元 "), "水月院2号楼1单元");
  EXPECT_EQ(NormalizeSearchText("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(NormalizeSearchText("B座 Room"), "b座room");
  EXPECT_EQ(NormalizeSearchText("3号栋"), "3号栋");
  EXPECT_EQ(NormalizeSearchText(""), "");
}

TEST(NormalizeSearchText, DropsInvalidUtf8) {
  EXPECT_EQ(NormalizeSearchText(std::string("刘\xff艳") + "\xe6"), "刘艳");
  EXPECT_EQ(NormalizeSearchText("\xc0\x80x"), "x");  // overlong encoding
}

TEST(HouseholdAddress, JoinsNonEmptyParts) {
  EXPECT_EQ(HouseholdAddress("水月院", "2号楼", "1单元", "301"), "水月院 2号楼 1单元 301");
  EXPECT_EQ(HouseholdAddress("水月院", "2号楼", "", "301"), "水月院 2号楼 301");
  EXPECT_EQ(HouseholdAddress("", "", "", ""), "");
}

TEST(LeadingNumber, ParsesDigits) {
  EXPECT_EQ(LeadingNumber("12号楼"), 12);
  EXPECT_EQ(LeadingNumber("１２号楼"), 12);
  EXPECT_EQ(LeadingNumber("301"), 301);
  EXPECT_EQ(LeadingNumber("A座"), -1);
  EXPECT_EQ(LeadingNumber(""), -1);
  EXPECT_EQ(LeadingNumber("99999999999999"), 1000000000);
}

TEST(SearchGrams, UnigramsAndBigramsDeduplicated) {
  EXPECT_EQ(SearchGrams("刘艳霞"), (std::vector<std::string>{"刘", "刘艳", "艳", "艳霞", "霞"}));
  EXPECT_EQ(SearchGrams("aa"), (std::vector<std::string>{"a", "aa"}));
  EXPECT_EQ(SearchGrams("水"), (std::vector<std::string>{"水"}));
  EXPECT_TRUE(SearchGrams("").empty());
  EXPECT_EQ(SearchGrams("2号"), (std::vector<std::string>{"2", "2号", "号"}));
}

}  // namespace
}  // namespace linli
