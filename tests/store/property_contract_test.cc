// The property half of the store contract (store/property.h): contracts with their subsidy years
// (replace by starts_on, append, cut the previous one), scope (community, the property company's
// compounds, a resident's own household), household areas in natural order, one rating per
// household and year — on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include "store/property.h"
#include "store_contract.h"

namespace linli {
namespace {

class PropertyContract_ : public store_test::StoreContract {
 protected:
  static PropertyContract Contract(Id compound, std::string starts = "2023-08-01", std::string ends = "2028-07-31") {
    PropertyContract c;
    c.compound_id = compound;
    c.company_name = "北京和泰物业管理有限公司";
    c.contact = "张经理 13800001234";
    c.starts_on = std::move(starts);
    c.ends_on = std::move(ends);
    c.fee_fen_per_m2_month = 85;
    c.subsidy = {{1, 100}, {2, 70}, {3, 30}};
    c.updated_by = "staff";
    c.updated_at = "2023-07-01T00:00:00Z";
    return c;
  }
  static PropertyScope Community(Id id) {
    PropertyScope s;
    s.unrestricted = false;
    s.community_ids = {id};
    return s;
  }
  static PropertyScope Company(Id compound) {
    PropertyScope s;
    s.unrestricted = false;
    s.compound_ids = {compound};
    return s;
  }
  static PropertyScope Household(Id id) {
    PropertyScope s;
    s.unrestricted = false;
    s.household_ids = {id};
    return s;
  }
};

TEST_P(PropertyContract_, ContractsReplaceAppendAndCutThePreviousOne) {
  Fixture f = Seed();
  auto other = store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""});
  ASSERT_TRUE(other.ok());
  PropertyStore& ps = store_->Property();

  // out of the full scope: a resident or another community cannot write
  EXPECT_EQ(ps.SetContract(Contract(f.shuiyue.id), Community(other->id)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ps.SetContract(Contract(f.shuiyue.id), Household(f.h301.id)).error().code, ErrorCode::kNotFound);

  auto made = ps.SetContract(Contract(f.shuiyue.id), Community(f.community.id));
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_GT(made->id, 0);
  EXPECT_EQ(made->created_by, "staff");
  ASSERT_EQ(made->subsidy.size(), 3u);
  EXPECT_EQ(made->subsidy[1].year_index, 2);
  EXPECT_EQ(made->subsidy[1].government_percent, 70);
  // the registry's compound names the company
  EXPECT_EQ(store_->GetCompound(f.shuiyue.id, Scope::All())->compound.property_company, "北京和泰物业管理有限公司");

  // the same starts_on replaces it (same id), schedule replaced as a whole
  PropertyContract edit = Contract(f.shuiyue.id);
  edit.fee_fen_per_m2_month = 90;
  edit.subsidy = {{1, 100}, {2, 50}};
  edit.updated_at = "2023-07-02T00:00:00Z";
  auto edited = ps.SetContract(edit, Community(f.community.id));
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->id, made->id);
  EXPECT_EQ(edited->fee_fen_per_m2_month, 90);
  EXPECT_EQ(edited->subsidy.size(), 2u);
  EXPECT_EQ(edited->created_at, "2023-07-01T00:00:00Z");
  EXPECT_EQ(edited->updated_at, "2023-07-02T00:00:00Z");

  // a new company mid-contract: the old contract ends the day before
  PropertyContract next = Contract(f.shuiyue.id, "2026-01-01", "2028-12-31");
  next.company_name = "通州宜居物业服务有限公司";
  next.subsidy = {};
  auto appended = ps.SetContract(next, Community(f.community.id));
  ASSERT_TRUE(appended.ok()) << appended.error().message;
  auto info = ps.GetPropertyCompound(f.shuiyue.id, Community(f.community.id));
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->contracts.size(), 2u);
  EXPECT_EQ(info->contracts[0].ends_on, "2025-12-31");
  EXPECT_EQ(info->contracts[1].company_name, "通州宜居物业服务有限公司");
  EXPECT_TRUE(info->contracts[1].subsidy.empty());
  EXPECT_EQ(store_->GetCompound(f.shuiyue.id, Scope::All())->compound.property_company, "通州宜居物业服务有限公司");

  // one that would start before the latest: refused, nothing written
  auto early = ps.SetContract(Contract(f.shuiyue.id, "2024-01-01", "2024-12-31"), Community(f.community.id));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(early.error().field, "starts_on");
  ASSERT_EQ(early.error().details.size(), 1u);
  EXPECT_EQ(early.error().details[0].reason, "before_latest");
  EXPECT_EQ(ps.GetPropertyCompound(f.shuiyue.id, Community(f.community.id))->contracts.size(), 2u);

  // a company account that is not a property company
  User u;
  u.username = "staff1", u.role = "community_staff", u.password_hash = "x";
  auto staff = store_->CreateUser(u);
  ASSERT_TRUE(staff.ok());
  PropertyContract bad = Contract(f.qingfeng.id);
  bad.company_user_id = staff->id;
  auto refused = ps.SetContract(bad, Community(f.community.id));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "company_user_id");
  EXPECT_TRUE(ps.GetPropertyCompound(f.qingfeng.id, Community(f.community.id))->contracts.empty());
}

TEST_P(PropertyContract_, ScopeListsAndHouseholdAreas) {
  Fixture f = Seed();
  auto other = store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""});
  ASSERT_TRUE(other.ok());
  PropertyStore& ps = store_->Property();
  ASSERT_TRUE(ps.SetContract(Contract(f.shuiyue.id), PropertyScope::All()).ok());
  // a 10号楼 after the 2号楼 in natural order
  auto b10 = store_->CreateBuilding({0, f.shuiyue.id, "10号楼", 6, std::nullopt, std::nullopt, std::nullopt});
  ASSERT_TRUE(b10.ok());
  auto u = store_->CreateUnit({0, b10->id, "1单元"});
  ASSERT_TRUE(u.ok());
  auto h = store_->CreateHousehold({0, u->id, "101", 58.37, "", false, ""});
  ASSERT_TRUE(h.ok());

  auto list = ps.ListPropertyCompounds(f.community.id, Community(f.community.id));
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].compound_name, "水月院");
  EXPECT_EQ((*list)[0].households, 3);
  EXPECT_EQ((*list)[0].area_centiares, 8550 + 9000 + 5837);
  EXPECT_EQ((*list)[0].contracts.size(), 1u);
  EXPECT_TRUE((*list)[0].full);
  EXPECT_TRUE((*list)[1].contracts.empty());
  // another community: 404; the property company sees only its compound; a resident his
  EXPECT_EQ(ps.ListPropertyCompounds(f.community.id, Community(other->id)).error().code, ErrorCode::kNotFound);
  auto company = ps.ListPropertyCompounds(f.community.id, Company(f.qingfeng.id));
  ASSERT_TRUE(company.ok());
  ASSERT_EQ(company->size(), 1u);
  EXPECT_EQ((*company)[0].compound_id, f.qingfeng.id);
  EXPECT_EQ(ps.GetPropertyCompound(f.shuiyue.id, Company(f.qingfeng.id)).error().code, ErrorCode::kNotFound);
  auto mine = ps.GetPropertyCompound(f.shuiyue.id, Household(f.h301.id));
  ASSERT_TRUE(mine.ok());
  EXPECT_FALSE(mine->full);
  EXPECT_EQ(ps.GetPropertyCompound(f.qingfeng.id, Household(f.h301.id)).error().code, ErrorCode::kNotFound);

  auto all = ps.ListHouseholdAreas(f.shuiyue.id, Community(f.community.id));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].address, "水月院 2号楼 1单元 301");
  EXPECT_EQ((*all)[0].area_centiares, 8550);
  EXPECT_EQ((*all)[2].address, "水月院 10号楼 1单元 101");
  EXPECT_EQ((*all)[2].area_centiares, 5837);
  auto own = ps.ListHouseholdAreas(f.shuiyue.id, Household(f.h301.id));
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].household_id, f.h301.id);
  auto unsold = ps.ListHouseholdAreas(f.qingfeng.id, Company(f.qingfeng.id));
  ASSERT_TRUE(unsold.ok());
  ASSERT_EQ(unsold->size(), 1u);
  EXPECT_TRUE((*unsold)[0].developer_unsold);
  EXPECT_EQ(ps.ListHouseholdAreas(f.qingfeng.id, Household(f.h301.id)).error().code, ErrorCode::kNotFound);
}

TEST_P(PropertyContract_, OneRatingPerHouseholdAndYear) {
  Fixture f = Seed();
  PropertyStore& ps = store_->Property();
  auto contract = ps.SetContract(Contract(f.shuiyue.id), PropertyScope::All());
  ASSERT_TRUE(contract.ok());
  PropertyRating r;
  r.compound_id = f.shuiyue.id, r.contract_id = contract->id, r.household_id = f.h301.id, r.user_id = 7;
  r.year = 2026, r.score = 2, r.comment = "垃圾清运不及时", r.at = "2026-11-29T02:00:00Z";
  auto first = ps.AddRating(r, Household(f.h301.id));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GT(first->id, 0);
  auto again = ps.AddRating(r, Household(f.h301.id));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "year");
  EXPECT_EQ(again.error().details.at(0).reason, "already_rated");
  // another year is fine; another household in scope of nobody is 404; the wrong compound too
  r.year = 2025, r.score = 4;
  ASSERT_TRUE(ps.AddRating(r, Household(f.h301.id)).ok());
  r.household_id = f.h302.id;
  EXPECT_EQ(ps.AddRating(r, Household(f.h301.id)).error().code, ErrorCode::kNotFound);
  r.household_id = f.h101.id;
  EXPECT_EQ(ps.AddRating(r, PropertyScope::All()).error().code, ErrorCode::kNotFound);  // not in 水月院
  r.household_id = f.h302.id, r.score = 1, r.year = 2026;
  ASSERT_TRUE(ps.AddRating(r, Community(f.community.id)).ok());
  r.contract_id = contract->id + 1000;
  r.year = 2024;
  EXPECT_EQ(ps.AddRating(r, Community(f.community.id)).error().field, "contract");

  auto info = ps.GetPropertyCompound(f.shuiyue.id, Community(f.community.id));
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->ratings.size(), 2u);
  EXPECT_EQ(info->ratings[0].counts.year, 2025);
  EXPECT_EQ(info->ratings[0].counts.by_score[3], 1);
  EXPECT_EQ(info->ratings[1].counts.year, 2026);
  EXPECT_EQ(info->ratings[1].counts.by_score[0], 1);
  EXPECT_EQ(info->ratings[1].counts.by_score[1], 1);
  EXPECT_EQ(info->ratings[1].contract_id, contract->id);

  auto own = ps.ListHouseholdRatings(f.h301.id, Household(f.h301.id));
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 2u);
  EXPECT_EQ((*own)[0].year, 2026);
  EXPECT_EQ((*own)[0].comment, "垃圾清运不及时");
  EXPECT_EQ((*own)[0].user_id, 7);
  EXPECT_EQ(ps.ListHouseholdRatings(f.h302.id, Household(f.h301.id)).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, PropertyContract_, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
