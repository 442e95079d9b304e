// Registry import (upload -> check -> commit) and the .xlsx exports, through the real server.
#include <set>

#include "io/table.h"
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string Str(std::int64_t v) { return std::to_string(v); }

// Header + 6 data rows (file rows 2..7); rows 3 (ID check digit) and 6 (phone) are bad.
std::string RegistryCsv() {
  std::string bad_id = MakeIdNumber("19700101", "111");
  bad_id[17] = bad_id[17] == '0' ? '1' : '0';
  return "小区,楼号,单元,门牌号,面积,姓名,身份证号,联系电话,与户主关系,性别\n"
         "水月院,2号楼,1单元,301,86.5,刘艳," + MakeIdNumber("19650312", "124") + ",13812345678,户主,女\n" +
         "水月院,2号楼,1单元,301,86.5,王强," + bad_id + ",13812345679,配偶,男\n" +
         "水月院,2号楼,1单元,302,72,张伟," + MakeIdNumber("19800505", "131") + ",13812345670,户主,男\n" +
         "水月院,3号楼,2单元,101,90,李娜," + MakeIdNumber("19900707", "142") + ",,户主,女\n" +
         "运河湾,1号楼,1单元,501,100,陈静," + MakeIdNumber("19550909", "162") + ",12345,户主,女\n" +
         "运河湾,1号楼,1单元,502,100,周杰," + MakeIdNumber("19851111", "173") + ",13912345678,户主,男\n";
}

class ImportsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    options_.max_import_rows = 50;
    ApiTest::SetUp();
  }
  std::int64_t NewCommunity() {
    return Create("/api/v1/communities", {{"code", "110112004001"}, {"name", "四员厅社区"}});
  }
  Reply Upload(std::int64_t community, std::string_view bytes, std::string_view filename) {
    return Send(port_, "POST", "/api/v1/imports?community_id=" + Str(community) + "&filename=" + UrlEncode(filename),
                bytes, "application/octet-stream", as_.AsHeaders());
  }
  std::int64_t Residents(std::int64_t community) {
    return Get("/api/v1/residents?community_id=" + Str(community)).Json().at("total").as_int64();
  }
};

TEST_F(ImportsApiTest, PreviewCheckCommitSkipInvalidAndIdempotentReimport) {
  std::int64_t community = NewCommunity();
  Reply preview = Upload(community, RegistryCsv(), "registry.csv");
  ASSERT_EQ(preview.status, 201) << preview.body;
  json::value p = preview.Json();
  EXPECT_EQ(p.at("row_count").as_int64(), 6);
  EXPECT_EQ(p.at("sample").as_array().size(), 5u);
  EXPECT_EQ(p.at("headers").at(5).as_string(), "姓名");
  EXPECT_EQ(p.at("mapping").at("name").as_int64(), 5);
  EXPECT_EQ(p.at("mapping").at("id_number").as_int64(), 6);
  EXPECT_FALSE(p.at("fields").as_array().empty());
  std::string id(p.at("id").as_string());

  Reply check = Post("/api/v1/imports/" + id + "/check", json::object{});
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.Json().at("valid_rows").as_int64(), 4);
  EXPECT_EQ(check.Json().at("invalid_rows").as_int64(), 2);
  std::set<std::int64_t> bad_rows;
  json::value checked = check.Json();
  for (const auto& e : checked.at("errors").as_array()) bad_rows.insert(e.at("row").as_int64());
  EXPECT_EQ(bad_rows, (std::set<std::int64_t>{3, 6})) << check.body;
  EXPECT_EQ(Residents(community), 0);  // a check writes nothing

  // invalid rows and no skip: 400 with every row problem, nothing written
  Reply refused = Post("/api/v1/imports/" + id + "/commit", {{"skip_invalid", false}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("error").at("details").as_array().size(), 2u) << refused.body;
  EXPECT_EQ(refused.ErrorField().substr(0, 2), "3:") << refused.body;
  EXPECT_EQ(Residents(community), 0);

  Reply done = Post("/api/v1/imports/" + id + "/commit", {{"skip_invalid", true}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("skipped").as_int64(), 2);
  EXPECT_EQ(done.Json().at("stats").at("residents_created").as_int64(), 4);
  EXPECT_EQ(done.Json().at("stats").at("compounds_created").as_int64(), 2);
  EXPECT_EQ(Residents(community), 4);
  EXPECT_EQ(Get("/api/v1/households?q=" + UrlEncode("刘艳")).Json().at("total").as_int64(), 1);

  // the same file again: nothing changes
  Reply again_upload = Upload(community, RegistryCsv(), "registry.csv");
  ASSERT_EQ(again_upload.status, 201);
  std::string id2(again_upload.Json().at("id").as_string());
  Reply again = Post("/api/v1/imports/" + id2 + "/commit", {{"skip_invalid", true}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("stats").at("residents_created").as_int64(), 0);
  EXPECT_EQ(again.Json().at("stats").at("households_created").as_int64(), 0);
  EXPECT_EQ(Residents(community), 4);
  EXPECT_EQ(Get("/api/v1/communities/" + Str(community)).Json().at("households_count").as_int64(), 4);
}

TEST_F(ImportsApiTest, CustomMappingAndMappingErrors) {
  std::int64_t community = NewCommunity();
  Reply preview = Upload(community, RegistryCsv(), "registry.csv");
  ASSERT_EQ(preview.status, 201) << preview.body;
  std::string id(preview.Json().at("id").as_string());
  Reply unknown = Post("/api/v1/imports/" + id + "/check", {{"mapping", {{"shoe_size", 1}}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorField(), "mapping.shoe_size");
  Reply no_name = Post("/api/v1/imports/" + id + "/check",
                       {{"mapping", {{"compound", 0}, {"building", 1}, {"unit", 2}, {"door", 3}}}});
  EXPECT_EQ(no_name.status, 400) << no_name.body;
  EXPECT_EQ(Post("/api/v1/imports/0123456789abcdef/check", json::object{}).status, 404);
}

TEST_F(ImportsApiTest, RefusesWrongKindsEmptyAndTooLongFiles) {
  std::int64_t community = NewCommunity();
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Reply r = Upload(community, png, "photo.png");
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(Upload(community, png, "photo.csv").status, 415);
  Reply empty = Upload(community, "小区,楼号,单元,门牌号,姓名\n", "empty.csv");
  EXPECT_EQ(empty.status, 400) << empty.body;
  std::string long_file = "小区,楼号,单元,门牌号,面积,姓名\n";
  for (int i = 0; i < 51; ++i) long_file += "水月院,2号楼,1单元," + std::to_string(100 + i) + ",80,居民" + std::to_string(i) + "\n";
  Reply too_long = Upload(community, long_file, "long.csv");
  EXPECT_EQ(too_long.status, 413) << too_long.body;
  EXPECT_NE(too_long.Json().at("error").at("message").as_string().find("50"), json::string::npos);
  Reply truncated = Upload(community, std::string("PK\x03\x04\x14\0\0\0", 8), "broken.xlsx");
  EXPECT_EQ(truncated.status / 100, 4) << truncated.body;
  EXPECT_EQ(Upload(999999, RegistryCsv(), "registry.csv").status, 400);
  EXPECT_EQ(Residents(community), 0);
}

TEST_F(ImportsApiTest, ExportsAreXlsxReadableBack) {
  Seed s = MakeSeed("110112004002");
  Create("/api/v1/grids", {{"community_id", s.community}, {"code", "110112004002001"}, {"name", "第1网格"}});
  struct Export {
    std::string path;
    std::string first_header;
    std::size_t rows;
  };
  const std::vector<Export> exports = {
      {"/api/v1/households/export?community_id=" + Str(s.community), "地址", 3},
      {"/api/v1/residents/export?community_id=" + Str(s.community), "姓名", 3},
      {"/api/v1/grids/export?community_id=" + Str(s.community), "网格编码", 1},
  };
  for (const Export& e : exports) {
    SCOPED_TRACE(e.path);
    Reply r = Get(e.path);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
    ASSERT_GE(r.body.size(), 2u);
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    EXPECT_NE(r.Header("content-disposition").find("filename*=UTF-8''"), std::string::npos);
    EXPECT_NE(r.Header("content-type").find("spreadsheetml"), std::string::npos);
    auto table = io::ReadTable(r.body, "export.xlsx", io::ReadLimits{100000, 64u << 20, 1000.0});
    ASSERT_TRUE(table.ok()) << table.error().message;
    ASSERT_FALSE(table->rows.empty());
    EXPECT_EQ(table->rows[0][0], e.first_header);
    EXPECT_EQ(table->rows.size(), e.rows + 1);
  }
  // personal data is masked in exports
  Reply residents = Get("/api/v1/residents/export?q=" + UrlEncode("刘艳"));
  auto table = io::ReadTable(residents.body, "export.xlsx", io::ReadLimits{100000, 64u << 20, 1000.0});
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1][2].find("1*"), 0u);
  EXPECT_EQ(table->rows[1][4], "138****5678");
}

}  // namespace
}  // namespace linli::testing
