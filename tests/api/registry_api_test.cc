// The registry resources through the real server: CRUD, lists, search, detail, cascades, moves.
#include "tests/api/test_client.h"

namespace linli::testing {
namespace {

std::string Path(std::string_view base, std::int64_t id, std::string_view suffix = "") {
  return std::string(base) + "/" + std::to_string(id) + std::string(suffix);
}

std::int64_t Total(const Reply& r) { return r.Json().at("total").as_int64(); }

using RegistryApiTest = ApiTest;

TEST_F(RegistryApiTest, CommunityCreateGetPatchList) {
  std::int64_t id = Create("/api/v1/communities", {{"code", "110112004001"}, {"name", "四员厅社区"},
                                                   {"street_name", "中仓街道"}, {"district", "通州区"}});
  Reply got = Get(Path("/api/v1/communities", id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json().at("street_code").as_string(), "110112004");
  EXPECT_EQ(got.Json().at("compounds_count").as_int64(), 0);

  Reply patched = Patch(Path("/api/v1/communities", id), {{"name", "新四员厅社区"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("name").as_string(), "新四员厅社区");
  EXPECT_EQ(patched.Json().at("code").as_string(), "110112004001");  // untouched by PATCH

  Reply list = Get("/api/v1/communities");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Total(list), 1);
  EXPECT_EQ(list.Json().at("limit").as_int64(), 50);
}

TEST_F(RegistryApiTest, EveryResourceCrudAndCounts) {
  Seed s = MakeSeed();
  // counts roll up
  Reply c = Get(Path("/api/v1/communities", s.community));
  EXPECT_EQ(c.Json().at("households_count").as_int64(), 3);
  EXPECT_EQ(c.Json().at("residents_count").as_int64(), 3);
  Reply compound = Get(Path("/api/v1/compounds", s.compound));
  EXPECT_EQ(compound.Json().at("buildings_count").as_int64(), 2);
  Reply b = Get(Path("/api/v1/buildings", s.building2));
  EXPECT_EQ(b.Json().at("units_count").as_int64(), 1);
  EXPECT_TRUE(b.Json().at("grid_id").is_null());
  Reply u = Get(Path("/api/v1/units", s.unit21));
  EXPECT_EQ(u.Json().at("households_count").as_int64(), 2);

  // PATCH each resource
  EXPECT_EQ(Patch(Path("/api/v1/compounds", s.compound), {{"property_company", "京通物业"}}).status, 200);
  Reply pb = Patch(Path("/api/v1/buildings", s.building2), {{"x", 116.6}, {"y", 39.9}, {"floors", 7}});
  ASSERT_EQ(pb.status, 200) << pb.body;
  EXPECT_EQ(pb.Json().at("floors").as_int64(), 7);
  EXPECT_EQ(Patch(Path("/api/v1/units", s.unit21), {{"name", "一单元"}}).Json().at("name").as_string(), "一单元");
  Reply ph = Patch(Path("/api/v1/households", s.household302), {{"note", "空置"}, {"area_m2", 73.5}});
  ASSERT_EQ(ph.status, 200) << ph.body;
  EXPECT_EQ(ph.Json().at("area_m2").as_double(), 73.5);
  Reply pr = Patch(Path("/api/v1/residents", s.wang_qiang), {{"phone", "139 1234 5678"}});
  ASSERT_EQ(pr.status, 200) << pr.body;
  EXPECT_EQ(pr.Json().at("phone").as_string(), "139****5678");  // normalised, shown masked
  EXPECT_EQ(pr.Json().at("sex").as_string(), "male");

  // resident derived from its ID number
  Reply liu = Get(Path("/api/v1/residents", s.liu_yan));
  ASSERT_EQ(liu.status, 200);
  EXPECT_EQ(liu.Json().at("birth_date").as_string(), "1965-**-**");  // derived, shown masked
  EXPECT_EQ(liu.Json().at("community_id").as_int64(), s.community);
  EXPECT_EQ(liu.Json().at("tags").as_array().size(), 1u);

  // DELETE leaf objects
  EXPECT_EQ(Delete(Path("/api/v1/residents", s.wang_qiang)).status, 204);
  EXPECT_EQ(Get(Path("/api/v1/residents", s.wang_qiang)).status, 404);
  EXPECT_EQ(Delete(Path("/api/v1/households", s.household302)).status, 204);
  EXPECT_EQ(Get(Path("/api/v1/households", s.household302)).status, 404);
  EXPECT_EQ(Delete(Path("/api/v1/residents", s.wang_qiang)).status, 404);
}

TEST_F(RegistryApiTest, ListsPageAndCountTotals) {
  Seed s = MakeSeed();
  for (int i = 0; i < 7; ++i)
    Create("/api/v1/households", {{"unit_id", s.unit31}, {"door", std::to_string(201 + i)}, {"area_m2", 60 + i}});
  Reply first = Get("/api/v1/households?unit_id=" + std::to_string(s.unit31) + "&limit=3");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Total(first), 8);
  EXPECT_EQ(first.Json().at("items").as_array().size(), 3u);
  Reply last = Get("/api/v1/households?unit_id=" + std::to_string(s.unit31) + "&limit=3&offset=6");
  EXPECT_EQ(last.Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(last.Json().at("offset").as_int64(), 6);

  EXPECT_EQ(Total(Get("/api/v1/compounds?community_id=" + std::to_string(s.community))), 1);
  EXPECT_EQ(Total(Get("/api/v1/buildings?compound_id=" + std::to_string(s.compound))), 2);
  EXPECT_EQ(Total(Get("/api/v1/units?building_id=" + std::to_string(s.building2))), 1);
  EXPECT_EQ(Total(Get("/api/v1/residents?community_id=" + std::to_string(s.community))), 3);
  EXPECT_EQ(Total(Get("/api/v1/residents?household_id=" + std::to_string(s.household301))), 2);
  EXPECT_EQ(Total(Get("/api/v1/residents?tag=low_income")), 1);
  EXPECT_EQ(Total(Get("/api/v1/households?tag=low_income")), 1);
}

TEST_F(RegistryApiTest, SearchByAddressFragmentAndName) {
  Seed s = MakeSeed();
  Reply by_address = Get("/api/v1/households?q=" + UrlEncode("水月院 2号"));
  ASSERT_EQ(by_address.status, 200) << by_address.body;
  EXPECT_EQ(Total(by_address), 2);  // 2号楼 301 and 302, not 3号楼
  Reply by_name = Get("/api/v1/households?q=" + UrlEncode("刘艳"));
  ASSERT_EQ(Total(by_name), 1);
  const json::value body = by_name.Json();  // keep the parsed body alive: h refers into it
  const json::value& h = body.at("items").at(0);
  EXPECT_EQ(h.at("id").as_int64(), s.household301);
  EXPECT_EQ(h.at("head_name").as_string(), "刘艳");
  EXPECT_EQ(h.at("resident_count").as_int64(), 2);
  EXPECT_EQ(Total(Get("/api/v1/residents?q=" + UrlEncode("刘"))), 1);
  EXPECT_EQ(Total(Get("/api/v1/households?q=" + UrlEncode("不存在的小区"))), 0);
}

TEST_F(RegistryApiTest, HouseholdDetail) {
  Seed s = MakeSeed();
  Reply r = Get(Path("/api/v1/households", s.household301));
  ASSERT_EQ(r.status, 200) << r.body;
  json::value d = r.Json();
  EXPECT_EQ(d.at("door").as_string(), "301");
  EXPECT_EQ(d.at("unit").at("name").as_string(), "1单元");
  EXPECT_EQ(d.at("building").at("name").as_string(), "2号楼");
  EXPECT_EQ(d.at("compound").at("name").as_string(), "水月院");
  EXPECT_TRUE(d.at("grid").is_null());
  ASSERT_EQ(d.at("residents").as_array().size(), 2u);
  EXPECT_EQ(d.at("residents").at(0).at("household_id").as_int64(), s.household301);
  EXPECT_NE(d.at("address").as_string().find("水月院"), json::string::npos);
}

TEST_F(RegistryApiTest, CascadeDeleteRefusesThenRemovesEverythingBelow) {
  Seed s = MakeSeed();
  struct Case {
    std::string path;
  };
  for (const auto& p : {Path("/api/v1/households", s.household301), Path("/api/v1/units", s.unit21),
                        Path("/api/v1/buildings", s.building2), Path("/api/v1/compounds", s.compound)}) {
    Reply r = Delete(p);
    EXPECT_EQ(r.status, 409) << p << " " << r.body;
    EXPECT_EQ(r.ErrorCode(), "conflict");
  }
  // nothing was removed by the refused deletes
  EXPECT_EQ(Get(Path("/api/v1/residents", s.liu_yan)).status, 200);

  EXPECT_EQ(Delete(Path("/api/v1/buildings", s.building2, "?cascade=true")).status, 204);
  for (const auto& p : {Path("/api/v1/buildings", s.building2), Path("/api/v1/units", s.unit21),
                        Path("/api/v1/households", s.household301), Path("/api/v1/households", s.household302),
                        Path("/api/v1/residents", s.liu_yan), Path("/api/v1/residents", s.wang_qiang)})
    EXPECT_EQ(Get(p).status, 404) << p;
  // no orphans in lists or counts; the other building is untouched
  EXPECT_EQ(Total(Get("/api/v1/residents?community_id=" + std::to_string(s.community))), 1);
  EXPECT_EQ(Get(Path("/api/v1/communities", s.community)).Json().at("households_count").as_int64(), 1);
  EXPECT_EQ(Get(Path("/api/v1/residents", s.zhang_wei)).status, 200);

  EXPECT_EQ(Delete(Path("/api/v1/compounds", s.compound, "?cascade=true")).status, 204);
  EXPECT_EQ(Total(Get("/api/v1/households?community_id=" + std::to_string(s.community))), 0);
  EXPECT_EQ(Total(Get("/api/v1/residents?community_id=" + std::to_string(s.community))), 0);
}

TEST_F(RegistryApiTest, HouseholdCascadeDeletesItsResidents) {
  Seed s = MakeSeed();
  EXPECT_EQ(Delete(Path("/api/v1/households", s.household301, "?cascade=true")).status, 204);
  EXPECT_EQ(Get(Path("/api/v1/residents", s.liu_yan)).status, 404);
  EXPECT_EQ(Total(Get("/api/v1/residents?community_id=" + std::to_string(s.community))), 1);
}

TEST_F(RegistryApiTest, MovesResidentHouseholdAndBuilding) {
  Seed s = MakeSeed();
  // resident -> another household
  Reply r = Patch(Path("/api/v1/residents", s.wang_qiang), {{"household_id", s.household101}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json().at("building_id").as_int64(), s.building3);
  EXPECT_EQ(Total(Get("/api/v1/residents?household_id=" + std::to_string(s.household101))), 2);
  // household -> another unit
  Reply h = Patch(Path("/api/v1/households", s.household302), {{"unit_id", s.unit31}});
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.Json().at("building_id").as_int64(), s.building3);
  // building -> another compound
  std::int64_t other = Create("/api/v1/compounds", {{"community_id", s.community}, {"name", "运河湾"}});
  Reply b = Patch(Path("/api/v1/buildings", s.building3), {{"compound_id", other}});
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(Get(Path("/api/v1/households", s.household101)).Json().at("compound_id").as_int64(), other);
  // a move to something that does not exist names the field and changes nothing
  Reply bad = Patch(Path("/api/v1/households", s.household101), {{"unit_id", 999999}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "unit_id");
  EXPECT_EQ(Get(Path("/api/v1/households", s.household101)).Json().at("unit_id").as_int64(), s.unit31);
}

TEST_F(RegistryApiTest, MetaListsTagsRelationsAndImportFields) {
  Reply r = Get("/api/v1/meta");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value m = r.Json();
  EXPECT_GE(m.at("tags").as_array().size(), 9u);
  EXPECT_EQ(m.at("relations").at(0).as_string(), "户主");
  EXPECT_FALSE(m.at("import_fields").as_array().empty());
}

}  // namespace
}  // namespace linli::testing
