// Demand search (issue 4 item 9) over the index keyed by community (migration 104): any fragment
// of 2+ characters at the start, middle or end of a description, address or reporter name, alone
// or with filters, inside a community, a street (several communities), a grid, a mixed scope or
// unrestricted; never a demand of another community. Demands from intake, import and the bulk
// loader. And an older database (before 104) gets its index rebuilt from the rows when it opens.
// On SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include <algorithm>

#include "store/demands.h"
#include "store_contract.h"

namespace linli {
namespace {

class DemandSearch : public store_test::StoreContract {
 protected:
  DemandStore& D() { return store_->Demands(); }

  struct World {
    Fixture a, b;       // two communities with the same buildings
    Grid ga1, ga2, gb;  // community a: 2号楼 in ga1, 1号楼 in ga2; community b: 2号楼 in gb
  };
  World MakeWorld() {
    World w;
    w.a = Seed("110112001001");
    w.b = Seed("110112001002");
    w.ga1 = Must(store_->CreateGrid({0, w.a.community.id, "110112001001001", "第1网格", "", ""}));
    w.ga2 = Must(store_->CreateGrid({0, w.a.community.id, "110112001001002", "第2网格", "", ""}));
    w.gb = Must(store_->CreateGrid({0, w.b.community.id, "110112001002001", "第1网格", "", ""}));
    EXPECT_TRUE(store_->AssignBuildingsToGrid({w.a.b2.id}, w.ga1.id, Scope::All()).ok());
    EXPECT_TRUE(store_->AssignBuildingsToGrid({w.a.b1.id}, w.ga2.id, Scope::All()).ok());
    EXPECT_TRUE(store_->AssignBuildingsToGrid({w.b.b2.id}, w.gb.id, Scope::All()).ok());
    return w;
  }

  static Demand Row(Id household, std::string text, std::string at,
                    std::string category = "property.facility") {
    Demand d;
    d.channel = "phone", d.nature = "complaint", d.category_code = std::move(category), d.urgency = "normal";
    d.description = std::move(text);
    d.household_id = household;
    d.reporter_name = "刘艳霞", d.reporter_phone = "13800001111";
    d.created_by = "staff1", d.created_at = std::move(at);
    return d;
  }
  Id Intake(Id household, std::string text, std::string at, std::string category = "property.facility") {
    CreateDemandRequest r;
    r.demand = Row(household, std::move(text), at, std::move(category));
    r.now = at;
    return Must(D().CreateDemand(r, DemandScope::All())).demand.id;
  }

  // The descriptions found (newest first); the total must match.
  std::vector<std::string> Find(const std::string& q, const DemandScope& s = DemandScope::All(),
                                DemandFilter f = {}) {
    f.q = q;
    auto page = Must(D().ListDemands(f, s, {0, 100}));
    std::vector<std::string> out;
    for (auto& d : page.items) out.push_back(d.description);
    EXPECT_EQ(page.total, static_cast<std::int64_t>(out.size())) << q;
    return out;
  }
  static DemandScope Communities(std::vector<Id> ids) {
    DemandScope s;
    s.unrestricted = false;
    s.community_ids = std::move(ids);
    return s;
  }
  static DemandScope Grids(std::vector<Id> ids) {
    DemandScope s;
    s.unrestricted = false;
    s.grid_ids = std::move(ids);
    return s;
  }
  using V = std::vector<std::string>;

  // The same demands in both communities, by every write path: intake, import and bulk load.
  void Load(const World& w) {
    Intake(w.a.h301.id, "楼道灯坏了晚上很黑", "2026-11-01T08:00:00Z");                       // a, grid a1
    Intake(w.b.h301.id, "楼道灯坏了晚上很黑", "2026-11-02T08:00:00Z");                       // b
    Intake(w.a.h101.id, "电梯故障停运两天了", "2026-11-03T08:00:00Z", "property.elevator");  // a, grid a2
    Demand imported = Row(w.a.h302.id, "暖气不热室温只有十四度", "2026-11-04T08:00:00Z", "heating.cold");
    imported.channel = "hotline_12345", imported.external_number = "BJ-S-1";
    EXPECT_EQ(Must(D().ImportDemands({imported}, "2026-11-04T09:00:00Z")).created, 1);  // a, grid a1
    DemandBulkLoad load;
    load.count = 2;
    load.row = [&](std::size_t i, Demand& d, std::vector<DemandEvent>& ev) {
      const Fixture& f = i == 0 ? w.a : w.b;
      d = Row(f.h302.id, "小区门口垃圾清运不及时", i == 0 ? "2026-10-01T08:00:00Z" : "2026-10-02T08:00:00Z",
              "environment.litter");
      d.community_id = f.community.id, d.building_id = f.b2.id, d.grid_id = i == 0 ? w.ga1.id : w.gb.id;
      d.address_text = "水月院2号楼", d.reporter_name = i == 0 ? "王建国" : "赵秀英";
      d.status = "received";
      ev.push_back({0, 0, "create", "", "received", "demo", "", d.created_at});
    };
    EXPECT_EQ(Must(D().BulkLoadDemands(load)), 2);
  }

  void ExpectSearches(const World& w) {
    const auto a = Communities({w.a.community.id}), b = Communities({w.b.community.id});
    const auto street = Communities({w.a.community.id, w.b.community.id});
    const V lamp = {"楼道灯坏了晚上很黑"}, lamp2 = {"楼道灯坏了晚上很黑", "楼道灯坏了晚上很黑"};
    // Start, middle and end of a description; two characters; three and more.
    EXPECT_EQ(Find("楼道", a), lamp);
    EXPECT_EQ(Find("灯坏了", a), lamp);
    EXPECT_EQ(Find("很黑", a), lamp);
    EXPECT_EQ(Find("停运", a), V{"电梯故障停运两天了"});
    EXPECT_EQ(Find("室温只有十四度", a), V{"暖气不热室温只有十四度"});
    EXPECT_EQ(Find("清运不及时", a), V{"小区门口垃圾清运不及时"});
    // The address text and the reporter's name are searched too, each on its own.
    EXPECT_EQ(Find("水月院", a), V{"小区门口垃圾清运不及时"});
    EXPECT_EQ(Find("建国", a), V{"小区门口垃圾清运不及时"});
    EXPECT_TRUE(Find("建国", b).empty());
    EXPECT_EQ(Find("秀英", b), V{"小区门口垃圾清运不及时"});
    EXPECT_TRUE(Find("楼2号", a).empty());        // never across address and description
    EXPECT_TRUE(Find("黑电梯", street).empty());  // nor across demands
    // Not across the community boundary: b's demands stay out of a's searches and back.
    EXPECT_TRUE(Find("停运", b).empty());
    EXPECT_TRUE(Find("室温", b).empty());
    EXPECT_EQ(Find("楼道", b), lamp);
    // A street: both communities; unrestricted: the same.
    EXPECT_EQ(Find("楼道", street), lamp2);
    EXPECT_EQ(Find("楼道", DemandScope::All()), lamp2);
    EXPECT_EQ(Find("垃圾清运", DemandScope::All()).size(), 2u);
    EXPECT_TRUE(Find("没有这句话", DemandScope::All()).empty());
    // A grid: only its demands, not the rest of its community.
    EXPECT_EQ(Find("楼道", Grids({w.ga1.id})), lamp);
    EXPECT_TRUE(Find("楼道", Grids({w.ga2.id})).empty());
    EXPECT_EQ(Find("停运", Grids({w.ga2.id})), V{"电梯故障停运两天了"});
    EXPECT_EQ(Find("楼道", Grids({w.ga2.id, w.gb.id})), lamp);
    // A mixed scope: community b and grid a2.
    DemandScope mixed = b;
    mixed.grid_ids = {w.ga2.id};
    EXPECT_EQ(Find("楼道", mixed), lamp);
    EXPECT_EQ(Find("停运", mixed), V{"电梯故障停运两天了"});
    EXPECT_TRUE(Find("室温", mixed).empty());
    // A scope that is not areas (a resident's own demands): the search, then the scope.
    DemandScope household;
    household.unrestricted = false;
    household.household_ids = {w.a.h101.id};
    EXPECT_EQ(Find("停运", household), V{"电梯故障停运两天了"});
    EXPECT_TRUE(Find("楼道", household).empty());
    // With filters: community, grid, status, category, dates, overdue.
    DemandFilter f;
    f.community_id = w.b.community.id;
    EXPECT_EQ(Find("楼道", DemandScope::All(), f), lamp);
    f = {};
    f.grid_id = w.ga1.id;
    EXPECT_EQ(Find("楼道", DemandScope::All(), f), lamp);
    EXPECT_TRUE(Find("停运", DemandScope::All(), f).empty());
    f = {};
    f.category_code = "environment";
    EXPECT_EQ(Find("垃圾", street, f).size(), 2u);
    EXPECT_TRUE(Find("楼道", street, f).empty());
    f = {};
    f.from = "2026-11-02", f.to = "2026-11-30";
    EXPECT_EQ(Find("楼道", street, f), lamp);
    f = {};
    f.status = "received";
    EXPECT_EQ(Find("楼道", street, f), lamp2);
    f.status = "closed";
    EXPECT_TRUE(Find("楼道", street, f).empty());
    f = {};
    f.overdue = true, f.now = "2026-12-31T00:00:00Z";
    EXPECT_EQ(Find("楼道", a, f), lamp);
    f.now = "2026-11-01T09:00:00Z";
    EXPECT_TRUE(Find("楼道", a, f).empty());
    // Pages of a search: newest first, the total on every page, also past the end.
    DemandFilter p;
    p.q = "楼道";
    auto first = Must(D().ListDemands(p, street, {0, 1}));
    auto second = Must(D().ListDemands(p, street, {1, 1}));
    auto past = Must(D().ListDemands(p, street, {5, 1}));
    EXPECT_EQ(first.total, 2);
    EXPECT_EQ(second.total, 2);
    EXPECT_EQ(past.total, 2);
    ASSERT_EQ(first.items.size(), 1u);
    ASSERT_EQ(second.items.size(), 1u);
    EXPECT_TRUE(past.items.empty());
    EXPECT_EQ(first.items[0].community_id, w.b.community.id);  // stored later
    EXPECT_EQ(second.items[0].community_id, w.a.community.id);
    // The same unrestricted (counted and paged community by community on SQLite).
    auto u_first = Must(D().ListDemands(p, DemandScope::All(), {0, 1}));
    auto u_second = Must(D().ListDemands(p, DemandScope::All(), {1, 1}));
    auto u_past = Must(D().ListDemands(p, DemandScope::All(), {2, 5}));
    EXPECT_EQ(u_first.total, 2);
    EXPECT_EQ(u_second.total, 2);
    EXPECT_EQ(u_past.total, 2);
    ASSERT_EQ(u_first.items.size(), 1u);
    ASSERT_EQ(u_second.items.size(), 1u);
    EXPECT_TRUE(u_past.items.empty());
    EXPECT_EQ(u_first.items[0].community_id, w.b.community.id);
    EXPECT_EQ(u_second.items[0].community_id, w.a.community.id);
  }
};

TEST_P(DemandSearch, FragmentsScopesAndFilters) {
  auto w = MakeWorld();
  Load(w);
  ExpectSearches(w);
}

// An older database (migrations up to 103: on SQLite the bigram index without communities, on
// PostgreSQL demands.grams): migration 104 rebuilds the index from the rows when the store opens,
// and every search answers as before.
TEST_P(DemandSearch, AnOlderDatabaseGetsItsIndexRebuilt) {
  auto w = MakeWorld();
  Load(w);
  const bool sqlite = Url().rfind("sqlite:", 0) == 0;
  auto rows =
      RawRows("SELECT id, community_id, grid_id, description, address_text, reporter_name FROM demands");
  ASSERT_EQ(rows.size(), 6u);
  store_.reset();
  if (sqlite) {
    RawRows(
        "DROP TABLE demand_fts; CREATE VIRTUAL TABLE demand_fts USING fts5(g, content='', columnsize=0, "
        "detail=none, tokenize='ascii'); INSERT INTO demand_fts(rowid, g) VALUES (1, 'c1 6f0fx9053'); "
        "DELETE FROM schema_migrations WHERE number = 104");
  } else {
    // Version 103: the grams column, in its format ("c:<community>", "g:<grid>", the bigrams).
    RawRows(
        "DROP TABLE demand_search; ALTER TABLE demands ADD COLUMN grams TEXT[] NOT NULL DEFAULT '{}'; "
        "CREATE INDEX ix_demands_grams ON demands USING gin (grams); "
        "DELETE FROM schema_migrations WHERE number = 104");
    auto bigrams = [](const std::string& s, std::vector<std::string>& out) {
      std::vector<std::string> cps;
      for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        cps.push_back(s.substr(i, n));
        i += n;
      }
      for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
        std::string g = cps[i] + cps[i + 1];
        if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
      }
    };
    for (auto& r : rows) {
      std::vector<std::string> grams = {"c:" + r[1]};
      if (!r[2].empty()) grams.push_back("g:" + r[2]);
      bigrams(r[3], grams), bigrams(r[4], grams), bigrams(r[5], grams);
      std::string lit = "{";
      for (auto& g : grams) lit += (lit.size() > 1 ? ",\"" : "\"") + g + "\"";
      RawRows("UPDATE demands SET grams = '" + lit + "}' WHERE id = " + r[0]);
    }
  }
  Open(Url());
  EXPECT_EQ(RawRows("SELECT COUNT(*) FROM schema_migrations WHERE number = 104")[0][0], "1");
  if (sqlite) {
    EXPECT_TRUE(RawRows("SELECT value FROM demand_settings WHERE key = 'search_pending'").empty());
  } else {
    EXPECT_EQ(RawRows("SELECT COUNT(*) FROM demand_search")[0][0], "6");
    EXPECT_TRUE(
        RawRows("SELECT 1 FROM information_schema.columns WHERE table_name = 'demands' AND column_name = "
                "'grams' AND table_schema = current_schema()")
            .empty());
  }
  ExpectSearches(w);
  // New demands after the migration are found as well.
  Intake(w.b.h101.id, "井盖松动车辆经过响声很大", "2026-11-05T08:00:00Z");
  EXPECT_EQ(Find("井盖", Communities({w.b.community.id})), V{"井盖松动车辆经过响声很大"});
  EXPECT_TRUE(Find("井盖", Communities({w.a.community.id})).empty());
}

// Intakes are indexed together after their commit (SQLite: demand_search_pending, migration 105),
// yet a search right after an intake finds it, and a store closed with intakes still waiting (a
// crash) indexes them once when it is opened again: found, and found once.
TEST_P(DemandSearch, AnIntakeIsFoundAtOnceAndIndexedExactlyOnce) {
  auto w = MakeWorld();
  const bool sqlite = Url().rfind("sqlite:", 0) == 0;
  Intake(w.a.h301.id, "小区东门的路灯不亮了", "2026-11-01T08:00:00Z");
  EXPECT_EQ(Find("路灯", Communities({w.a.community.id})), V{"小区东门的路灯不亮了"});
  if (sqlite) EXPECT_EQ(RawRows("SELECT COUNT(*) FROM demand_search_pending")[0][0], "0");
  // Closed right after two intakes (flushed or not by then: both must end the same).
  Intake(w.a.h301.id, "东门路灯又坏了", "2026-11-02T08:00:00Z");
  Id third = Intake(w.a.h302.id, "路灯杆倾斜有危险", "2026-11-03T08:00:00Z");
  store_.reset();
  V expected = {"路灯杆倾斜有危险", "东门路灯又坏了", "小区东门的路灯不亮了"};
  if (sqlite) {
    // A crash between an intake's commit and its indexing: the demand and its pending row, no entry.
    RawRows("CREATE TEMP TABLE x AS SELECT * FROM demands WHERE id = " + std::to_string(third) +
            "; UPDATE x SET id = (SELECT MAX(id) + 1 FROM demands), number = number || 'X', description = "
            "'路灯一直没人修'; INSERT INTO demands SELECT * FROM x; INSERT INTO demand_search_pending(id) SELECT id "
            "FROM x;");
    expected.insert(expected.begin(), "路灯一直没人修");
  }
  Open(Url());
  EXPECT_EQ(Find("路灯", Communities({w.a.community.id})), expected);
  if (sqlite) EXPECT_EQ(RawRows("SELECT COUNT(*) FROM demand_search_pending")[0][0], "0");
  // Searching again changes nothing (no second copy in the index).
  EXPECT_EQ(Find("路灯", Communities({w.a.community.id})).size(), expected.size());
  EXPECT_EQ(Find("东门", Communities({w.a.community.id})), (V{"东门路灯又坏了", "小区东门的路灯不亮了"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DemandSearch, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace linli
