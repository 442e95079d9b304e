#include "io/table.h"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace linli::io {
namespace {

using Rows = std::vector<std::vector<std::string>>;
const ReadLimits kLimits;

// Builds a zip in memory (via a temporary file) from (name, content) entries.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries, int level = Z_DEFAULT_COMPRESSION) {
  char path[] = "/tmp/linli-zip-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
  for (const auto& [name, content] : entries) {
    zip_fileinfo info{};
    zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, level, 1);
    zipWriteInFileInZip(zf, content.data(), static_cast<unsigned>(content.size()));
    zipCloseFileInZip(zf);
  }
  zipClose(zf, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::remove(path);
  return s.str();
}

const std::string kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
const std::string kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="户籍" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const std::string kRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>)";

std::string Sheet(const std::string& rows) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

TEST(Xlsx, RoundTrip) {
  XlsxSheet sheet{"居民", {"姓名", "身份证号", "面积", "备注"}, {}};
  sheet.rows.push_back({"刘艳", "11010519491231002X", "86.5", "有\"引号\"和\n换行"});
  sheet.rows.push_back({"王伟", "110105194912310021", "", "空的面积"});
  sheet.rows.push_back({"<&>", "0012", "1e5", ""});
  auto bytes = WriteXlsx({sheet});
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto t = ReadTable(*bytes, "export.xlsx", kLimits);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->format, "xlsx");
  EXPECT_EQ(t->encoding, "utf-8");
  Rows want = {sheet.headers, sheet.rows[0], sheet.rows[1], {"<&>", "0012", "1e5"}};
  EXPECT_EQ(t->rows, want);
}

TEST(Xlsx, LargeExportIsFast) {
  XlsxSheet sheet{"居民", {"小区", "楼号", "单元", "门牌号", "姓名", "身份证号", "联系电话"}, {}};
  for (int i = 0; i < 100000; ++i)
    sheet.rows.push_back({"玉带河东里", std::to_string(i % 30 + 1) + "号楼", "2单元", std::to_string(100 + i % 900),
                          "张" + std::to_string(i), "11010519491231002X", "138" + std::to_string(10000000 + i)});
  auto start = std::chrono::steady_clock::now();
  auto bytes = WriteXlsx({sheet});
  auto mid = std::chrono::steady_clock::now();
  ASSERT_TRUE(bytes.ok());
  auto t = ReadTable(*bytes, "x.xlsx", kLimits);
  auto end = std::chrono::steady_clock::now();
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 100001u);
  EXPECT_EQ(t->rows[100000][6], "138" + std::to_string(10000000 + 99999));
  double write_s = std::chrono::duration<double>(mid - start).count();
  double read_s = std::chrono::duration<double>(end - mid).count();
  std::printf("100k rows x 7: write %.2fs (%zu bytes), read %.2fs\n", write_s, bytes->size(), read_s);
  EXPECT_LT(write_s + read_s, 20.0);
}

TEST(Xlsx, CellsAsExcelShowsThem) {
  std::string shared =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><r><t>刘</t></r><r><rPr><b/></rPr><t>艳</t></r><rPh><t>liu</t></rPh></si></sst>)";
  std::string styles =
      R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>)";
  std::string rows =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>备注</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>1.1010519491231E+17</v></c><c r="C2"><v>110105194912310021</v></c>)"
      R"(<c r="D2" s="1"><v>45000</v></c><c r="E2" s="2"><v>21000</v></c><c r="F2"><v>45000</v></c><c r="G2"><v>86.5</v></c>)"
      R"(<c r="H2" t="b"><v>1</v></c><c r="I2" t="str"><v>公式</v></c><c r="J2" s="3"><v>13800138000</v></c></row>)"
      R"(<row r="4"><c r="B4" t="inlineStr"><is><t>隔一行</t></is></c></row>)";
  auto zip = MakeZip({{"[Content_Types].xml", kContentTypes},
                      {"xl/workbook.xml", kWorkbook},
                      {"xl/_rels/workbook.xml.rels", kRels},
                      {"xl/sharedStrings.xml", shared},
                      {"xl/styles.xml", styles},
                      {"xl/worksheets/data.xml", Sheet(rows)}});
  auto t = ReadTable(zip, "whatever.bin", kLimits);
  ASSERT_TRUE(t.ok()) << t.error().message;
  Rows want = {{"姓名", "", "备注"},
               {"刘艳", "110105194912310000", "110105194912310021", "2023-03-15", "1957-06-29", "45000", "86.5", "TRUE",
                "公式", "13800138000"},
               {},
               {"", "隔一行"}};
  EXPECT_EQ(t->rows, want);
}

TEST(Xlsx, Truncated) {
  XlsxSheet sheet{"s", {"姓名"}, {{"刘艳"}, {"王伟"}}};
  auto bytes = WriteXlsx({sheet});
  ASSERT_TRUE(bytes.ok());
  for (std::size_t cut : {bytes->size() / 2, bytes->size() - 10, std::size_t{30}}) {
    auto t = ReadTable(std::string_view(*bytes).substr(0, cut), "x.xlsx", kLimits);
    ASSERT_FALSE(t.ok()) << cut;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument) << cut;
    EXPECT_NE(t.error().message.find("文件不完整或已损坏"), std::string::npos) << t.error().message;
  }
}

TEST(Xlsx, ZipBombIsStoppedWhileInflating) {
  std::string zeros(40 << 20, '0');  // 40 MiB that deflates to ~40 KiB
  auto zip = MakeZip({{"xl/workbook.xml", kWorkbook}, {"xl/_rels/workbook.xml.rels", kRels},
                      {"xl/worksheets/data.xml", zeros}},
                     9);
  ASSERT_LT(zip.size(), 200000u);
  ReadLimits limits;
  limits.max_uncompressed_bytes = 16 << 20;
  auto t = ReadTable(zip, "bomb.xlsx", limits);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kTooLarge);
  // The ratio limit alone also stops it.
  limits.max_uncompressed_bytes = 1ll << 40;
  limits.max_ratio = 100;
  auto r = ReadTable(zip, "bomb.xlsx", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
}

TEST(Xlsx, ZipWithoutWorkbookIsUnsupported) {
  auto zip = MakeZip({{"word/document.xml", "<w/>"}});
  auto t = ReadTable(zip, "a.docx", kLimits);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kUnsupportedMediaType);
}

TEST(Xlsx, HeaderOnlyAndRowLimit) {
  auto header_only = WriteXlsx({{"s", {"姓名", "身份证号"}, {}}});
  ASSERT_TRUE(header_only.ok());
  auto t = ReadTable(*header_only, "x.xlsx", kLimits);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "文件里没有数据行");

  XlsxSheet sheet{"s", {"姓名"}, {}};
  for (int i = 0; i < 11; ++i) sheet.rows.push_back({"张" + std::to_string(i)});
  auto bytes = WriteXlsx({sheet});
  ReadLimits limits;
  limits.max_rows = 10;
  auto big = ReadTable(*bytes, "x.xlsx", limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(big.error().message, "文件行数超过上限 10");
  limits.max_rows = 11;
  EXPECT_TRUE(ReadTable(*bytes, "x.xlsx", limits).ok());
}

TEST(Xlsx, WriteNeedsASheet) { EXPECT_FALSE(WriteXlsx({}).ok()); }

TEST(Csv, QuotesNewlinesCrlfAndBom) {
  std::string csv = "\xEF\xBB\xBF姓名,备注,电话\r\n刘艳,\"说\"\"你好\"\"\",138\r\n王伟,\"两行\r\n文字\",\r\n\"a,b\",,\"\"\r\n\r\n\r\n";
  auto t = ReadTable(csv, "a.csv", kLimits);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->format, "csv");
  EXPECT_EQ(t->encoding, "utf-8");
  Rows want = {{"姓名", "备注", "电话"}, {"刘艳", "说\"你好\"", "138"}, {"王伟", "两行\r\n文字", ""}, {"a,b", "", ""}};
  EXPECT_EQ(t->rows, want);
}

TEST(Csv, LastLineWithoutNewlineAndLf) {
  auto t = ReadTable("a,b\n1,2", "a.csv", kLimits);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(Csv, TabAndSemicolon) {
  auto tab = ReadTable("姓名\t备注\n刘艳\t有,逗号\n", "a.txt", kLimits);
  ASSERT_TRUE(tab.ok());
  EXPECT_EQ(tab->rows, (Rows{{"姓名", "备注"}, {"刘艳", "有,逗号"}}));
  auto semi = ReadTable("姓名;备注\n刘艳;x\n", "a.csv", kLimits);
  ASSERT_TRUE(semi.ok());
  EXPECT_EQ(semi->rows, (Rows{{"姓名", "备注"}, {"刘艳", "x"}}));
}

std::string ToGbk(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GBK", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

TEST(Csv, Gbk) {
  std::string utf8 = "小区,楼号,姓名,标签\n四员厅小区,2号楼,刘艳,\"独居老人、低保\"\n";
  std::string gbk = ToGbk(utf8);
  ASSERT_NE(gbk, utf8);
  ASSERT_EQ(static_cast<unsigned char>(gbk[0]), 0xD0);  // 小 in GBK
  auto t = ReadTable(gbk, "户籍.csv", kLimits);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->encoding, "gbk");
  EXPECT_EQ(t->rows, (Rows{{"小区", "楼号", "姓名", "标签"}, {"四员厅小区", "2号楼", "刘艳", "独居老人、低保"}}));
}

TEST(Csv, RowLimitAndEmpty) {
  std::string csv = "姓名\n";
  for (int i = 0; i < 11; ++i) csv += "张" + std::to_string(i) + "\n";
  ReadLimits limits;
  limits.max_rows = 10;
  auto t = ReadTable(csv, "a.csv", limits);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(t.error().message, "文件行数超过上限 10");
  limits.max_rows = 11;
  EXPECT_TRUE(ReadTable(csv, "a.csv", limits).ok());

  auto empty = ReadTable("", "a.csv", kLimits);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  auto header = ReadTable("姓名,身份证号\r\n\r\n", "a.csv", kLimits);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(header.error().message, "文件里没有数据行");
  EXPECT_EQ(ReadTable("\xEF\xBB\xBF", "a.csv", kLimits).error().message, "文件里没有数据行");
}

TEST(Detect, NotATable) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0", 33);
  auto p = ReadTable(png, "photo.csv", kLimits);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_NE(p.error().message.find("不支持"), std::string::npos);

  std::string garbage;
  std::uint32_t s = 12345;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((s = s * 1103515245 + 12345) >> 24));
  EXPECT_EQ(ReadTable(garbage, "x.csv", kLimits).error().code, ErrorCode::kUnsupportedMediaType);

  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  auto old = ReadTable(xls + std::string(512, '\0'), "old.xls", kLimits);
  EXPECT_EQ(old.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_NE(old.error().message.find(".xls"), std::string::npos);
}

}  // namespace
}  // namespace linli::io
