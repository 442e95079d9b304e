// The hall half of the store contract (store/halls.h): create/update with compounds, hours and
// roster; one hall per compound; scope (community, grid, a resident's compound); visits with
// their links; no delete once visited — on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include "store/halls.h"
#include "store_contract.h"

namespace linli {
namespace {

class HallContract : public store_test::StoreContract {
 protected:
  static Scope Of(Id community) {
    Scope s;
    s.unrestricted = false;
    s.community_ids = {community};
    return s;
  }
  static Scope Household(Id household) {
    Scope s;
    s.unrestricted = false;
    s.household_ids = {household};
    return s;
  }
  static Hall Make(Id community, std::vector<Id> compounds, std::string name = "水月院议事厅") {
    Hall h;
    h.community_id = community;
    h.name = std::move(name);
    h.place = "水月院3号楼一层活动室";
    h.compound_ids = std::move(compounds);
    h.hours = {{2, "14:00", "17:30"}, {5, "09:00", "11:30"}};
    h.roster = {{2, "王芳", std::nullopt}, {5, "李强", std::nullopt}};
    return h;
  }
};

TEST_P(HallContract, HallsCompoundsHoursRosterAndScope) {
  auto f = Seed();
  auto other = Must(store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""}));
  auto far = Must(store_->CreateCompound({0, other.id, "北苑小区", "", ""}));
  HallStore& hs = store_->Halls();

  // the community must be in scope; compounds must be the community's
  EXPECT_EQ(hs.CreateHall(Make(f.community.id, {f.shuiyue.id}), Of(other.id)).error().field, "community_id");
  auto foreign = hs.CreateHall(Make(f.community.id, {f.shuiyue.id, far.id}), Of(f.community.id));
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().field, "compound_ids");
  EXPECT_EQ(foreign.error().details.at(0).reason, "not_in_community");

  auto made = hs.CreateHall(Make(f.community.id, {f.shuiyue.id}), Of(f.community.id));
  ASSERT_TRUE(made.ok()) << made.error().message;
  const Id id = made->hall.id;
  EXPECT_EQ(made->community_name, "四员厅社区");
  ASSERT_EQ(made->compound_names, std::vector<std::string>{"水月院"});
  ASSERT_EQ(made->hall.hours.size(), 2u);
  EXPECT_EQ(made->hall.hours[0], (HallHours{2, "14:00", "17:30"}));
  EXPECT_EQ(made->hall.hours[1], (HallHours{5, "09:00", "11:30"}));
  ASSERT_EQ(made->hall.roster.size(), 2u);
  EXPECT_EQ(made->hall.roster[1].worker_name, "李强");

  // a compound served by another hall: conflict naming it, nothing written
  auto taken = hs.CreateHall(Make(f.community.id, {f.qingfeng.id, f.shuiyue.id}, "清风苑议事厅"), Of(f.community.id));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(taken.error().details.at(0).reason, "taken");
  EXPECT_NE(taken.error().message.find("水月院"), std::string::npos);
  EXPECT_EQ(Must(hs.ListHalls({}, Of(f.community.id))).size(), 1u);
  auto second = hs.CreateHall(Make(f.community.id, {f.qingfeng.id}, "清风苑议事厅"), Of(f.community.id));
  ASSERT_TRUE(second.ok()) << second.error().message;

  // scope: the community, not another one; a resident sees the hall of his compound only
  EXPECT_EQ(hs.GetHall(id, Of(other.id)).error().code, ErrorCode::kNotFound);
  auto mine = Must(hs.ListHalls({}, Household(f.h301.id)));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].hall.id, id);
  auto theirs = Must(hs.ListHalls({}, Household(f.h101.id)));
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].hall.name, "清风苑议事厅");
  EXPECT_EQ(hs.GetHall(second->hall.id, Household(f.h301.id)).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Must(hs.ListHalls({}, Of(other.id))).empty());
  HallFilter by_community;
  by_community.community_id = other.id;
  EXPECT_TRUE(Must(hs.ListHalls(by_community, Scope::All())).empty());
  // a resident's scope never writes
  Hall edit = made->hall;
  edit.place = "改了";
  EXPECT_EQ(hs.UpdateHall(edit, Household(f.h301.id)).error().code, ErrorCode::kNotFound);

  // update: compounds, hours and roster replaced; moving onto a taken compound conflicts
  edit.name = "水月院邻里议事厅";
  edit.hours = {{3, "14:00", "17:30"}};
  edit.roster = {{3, "赵静", 42}};
  auto updated = hs.UpdateHall(edit, Of(f.community.id));
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->hall.name, "水月院邻里议事厅");
  ASSERT_EQ(updated->hall.hours.size(), 1u);
  EXPECT_EQ(updated->hall.hours[0].weekday, 3);
  ASSERT_EQ(updated->hall.roster.size(), 1u);
  EXPECT_EQ(updated->hall.roster[0].user_id, std::optional<Id>(42));
  edit.compound_ids = {f.shuiyue.id, f.qingfeng.id};
  EXPECT_EQ(hs.UpdateHall(edit, Of(f.community.id)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(Must(hs.GetHall(id, Of(f.community.id))).hall.compound_ids, std::vector<Id>{f.shuiyue.id});

  // delete: without visits only; the compound is free again
  ASSERT_TRUE(hs.DeleteHall(second->hall.id, Of(f.community.id)).ok());
  EXPECT_EQ(hs.GetHall(second->hall.id, Scope::All()).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(hs.CreateHall(Make(f.community.id, {f.qingfeng.id}, "清风苑议事厅"), Of(f.community.id)).ok());
}

TEST_P(HallContract, VisitsLinksCountsAndNoDeleteOnceVisited) {
  auto f = Seed();
  auto other = Must(store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""}));
  HallStore& hs = store_->Halls();
  const Id id = Must(hs.CreateHall(Make(f.community.id, {f.shuiyue.id}), Of(f.community.id))).hall.id;

  HallVisitRecord v;
  v.visit.hall_id = id;
  v.visit.visitor_name = "刘艳霞";
  v.visit.resident_id = f.liu.id;
  v.visit.compound_id = f.shuiyue.id;
  v.visit.about = "楼道里堆放杂物";
  v.visit.outcome = "answered";
  v.visit.answer = "已联系物业本周清理";
  v.visit.worker = "王芳";
  v.visit.at = "2026-11-24T07:00:00Z";
  EXPECT_EQ(hs.AddVisit(v, Of(other.id)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(hs.AddVisit(v, Household(f.h301.id)).error().code, ErrorCode::kNotFound);
  HallVisitRecord bad = v;
  bad.visit.resident_id = 999999;
  EXPECT_EQ(hs.AddVisit(bad, Of(f.community.id)).error().field, "resident_id");
  auto first = hs.AddVisit(v, Of(f.community.id));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->hall_name, "水月院议事厅");
  EXPECT_EQ(first->compound_name, "水月院");
  EXPECT_EQ(first->visit.answer, "已联系物业本周清理");

  v.visit.outcome = "opinion";
  v.visit.answer.clear();
  v.visit.at = "2026-12-01T07:00:00Z";
  v.deliberation_id = 7;
  auto second = hs.AddVisit(v, Of(f.community.id));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->deliberation_id, std::optional<Id>(7));
  ASSERT_TRUE(hs.LinkVisit(second->visit.id, 55, std::nullopt, Of(f.community.id)).ok());
  EXPECT_EQ(hs.LinkVisit(second->visit.id, 56, std::nullopt, Of(other.id)).error().code, ErrorCode::kNotFound);
  // a linked visit is not discarded; an unlinked one is
  EXPECT_EQ(hs.DiscardVisit(second->visit.id, Of(f.community.id)).error().code, ErrorCode::kConflict);
  v.visit.at = "2026-12-02T07:00:00Z";
  auto third = Must(hs.AddVisit(v, Of(f.community.id)));
  ASSERT_TRUE(hs.DiscardVisit(third.visit.id, Of(f.community.id)).ok());

  auto page = Must(hs.ListVisits(id, {}, Of(f.community.id), {0, 50}));
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].visit.id, second->visit.id);  // newest first
  EXPECT_EQ(page.items[0].visit.opinion_id, std::optional<Id>(55));
  HallVisitFilter december{"2026-12-01T00:00:00Z", ""};
  EXPECT_EQ(Must(hs.ListVisits(id, december, Of(f.community.id), {0, 50})).total, 1);
  HallVisitFilter november{"2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"};
  EXPECT_EQ(Must(hs.ListVisits(id, november, Of(f.community.id), {0, 50})).total, 1);
  EXPECT_EQ(hs.ListVisits(id, {}, Of(other.id), {0, 50}).error().code, ErrorCode::kNotFound);

  auto counted = Must(hs.GetHall(id, Of(f.community.id), "2026-12-01T00:00:00Z"));
  EXPECT_EQ(counted.visits_total, 2);
  EXPECT_EQ(counted.visits_since, 1);

  auto refused = hs.DeleteHall(id, Of(f.community.id));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().details.at(0).field, "visits");
  EXPECT_EQ(refused.error().details.at(0).reason, "exist");
  EXPECT_TRUE(hs.GetHall(id, Of(f.community.id)).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, HallContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
