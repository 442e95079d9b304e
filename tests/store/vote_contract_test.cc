// The vote half of the store contract (store/votes.h): drafts, opening freezes the electorate
// without personal data, ballots checked by the domain with nothing written on refusal, changes,
// the owner's dwellings, scope, closing, publishing and the official result — on SQLite and (with
// LINLI_TEST_PG_URL) PostgreSQL.
#include "store/votes.h"
#include "store_contract.h"

namespace linli {
namespace {

class VoteContract : public store_test::StoreContract {
 protected:
  VoteStore& V() { return store_->Votes(); }

  VoteRecord Draft(const Fixture& f, std::string kind, std::vector<Id> ids,
                   VoteRuleSet rules = VoteRuleSet::kCivilCodeOrdinary) {
    VoteRecord v;
    v.community_id = f.community.id;
    v.title = "加装电梯";
    v.definition.rule_set = rules;
    v.definition.opens_at = "2026-12-01T00:00:00Z";
    v.definition.closes_at = "2026-12-15T00:00:00Z";
    v.electorate = {std::move(kind), std::move(ids)};
    v.created_by = "staff1";
    v.created_at = "2026-11-29T08:00:00Z";
    return v;
  }

  static Ballot B(Id household, std::string choice, std::string at = "2026-12-02T10:00:00Z",
                  std::string channel = "online") {
    Ballot b;
    b.household_id = household;
    b.choice = std::move(choice);
    b.cast_at = std::move(at);
    b.channel = std::move(channel);
    b.voter_name = "业主";
    if (b.channel != "online") b.attachment = "scan-1.pdf", b.entered_by = "staff1";
    return b;
  }

  static std::string Reason(const Error& e) { return e.details.empty() ? "" : e.details[0].reason; }

  std::int64_t BallotRows(Id vote) {
    return std::stoll(
        RawRows("SELECT COUNT(*) FROM vote_ballots WHERE vote_id = " + std::to_string(vote))[0][0]);
  }
};

TEST_P(VoteContract, ADraftOpensWithAFrozenElectorateWithoutPersonalData) {
  Fixture f = Seed();
  VoteRecord d = Must(V().CreateVote(Draft(f, "unit", {f.u21.id}), Scope::All()));
  EXPECT_EQ(d.status, "draft");
  EXPECT_EQ(d.electorate_label, "水月院 2号楼 1单元");
  EXPECT_EQ(d.definition.options.size(), 3u);
  // A draft takes no ballots and has no tally.
  auto early = V().CastBallot(d.id, B(f.h301.id, "agree"), "2026-12-02T10:00:00Z", Scope::All());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(Reason(early.error()), "not_open");

  VoteRecord v = Must(V().OpenVote(d.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  EXPECT_EQ(v.status, "open");
  EXPECT_EQ(v.dwellings, 2);
  EXPECT_EQ(v.headcount, 2);
  EXPECT_EQ(v.total_area, 8550 + 9000);
  auto again = V().OpenVote(d.id, "staff1", "2026-11-30T09:00:00Z", Scope::All());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  // Later registry edits do not change who may vote.
  Must(store_->CreateHousehold({0, f.u21.id, "303", 70, "", false, ""}));
  Electorate e = Must(V().GetElectorate(v.id, Scope::All()));
  ASSERT_EQ(e.dwellings.size(), 2u);
  EXPECT_EQ(e.dwellings[0].label, "水月院 2号楼 1单元 301");

  // No names or ID numbers in the snapshot.
  const std::string raw = RawTable("vote_electorate");
  EXPECT_EQ(raw.find("刘艳霞"), std::string::npos);
  EXPECT_EQ(raw.find("195001011234"), std::string::npos);
}

TEST_P(VoteContract, BadSelectionsAndDefinitionsAreRefused) {
  Fixture f = Seed();
  Fixture other = Seed("110112001002");
  auto foreign = V().CreateVote(Draft(f, "unit", {other.u21.id}), Scope::All());
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().field, "electorate.ids");
  auto none = V().CreateVote(Draft(f, "buildings", {}), Scope::All());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(Reason(none.error()), "required");
  VoteRecord backwards = Draft(f, "compound", {f.shuiyue.id});
  backwards.definition.closes_at = "2026-11-01T00:00:00Z";
  EXPECT_FALSE(V().CreateVote(backwards, Scope::All()).ok());
  // Out of scope: the community is not found.
  Scope theirs{.unrestricted = false, .community_ids = {other.community.id}};
  auto out = V().CreateVote(Draft(f, "compound", {f.shuiyue.id}), theirs);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().field, "community_id") << out.error().message;
  EXPECT_EQ(std::stoll(RawRows("SELECT COUNT(*) FROM votes")[0][0]), 0);
}

TEST_P(VoteContract, BallotsAreCheckedAndARefusedOneWritesNothing) {
  Fixture f = Seed();
  VoteRecord v = Must(V().CreateVote(Draft(f, "unit", {f.u21.id}), Scope::All()));
  v = Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  const std::string now = "2026-12-02T10:00:00Z";

  auto before = V().CastBallot(v.id, B(f.h301.id, "agree", "2026-11-30T10:00:00Z"), "2026-11-30T10:00:00Z",
                               Scope::All());
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(Reason(before.error()), "before_open");
  auto outside = V().CastBallot(v.id, B(f.h101.id, "agree"), now, Scope::All());
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(Reason(outside.error()), "not_in_electorate");
  auto paper_without_scan = B(f.h302.id, "agree", now, "paper");
  paper_without_scan.attachment.clear();
  auto no_scan = V().CastBallot(v.id, paper_without_scan, now, Scope::All());
  ASSERT_FALSE(no_scan.ok());
  EXPECT_EQ(Reason(no_scan.error()), "required");
  EXPECT_EQ(BallotRows(v.id), 0);

  StoredBallot first = Must(V().CastBallot(v.id, B(f.h301.id, "agree"), now, Scope::All()));
  EXPECT_EQ(first.label, "水月院 2号楼 1单元 301");
  auto second = V().CastBallot(v.id, B(f.h301.id, "disagree", "2026-12-03T10:00:00Z"), "2026-12-03T10:00:00Z",
                               Scope::All());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Reason(second.error()), "already_voted");
  EXPECT_EQ(BallotRows(v.id), 1);
  EXPECT_EQ(Must(V().GetVote(v.id, Scope::All())).ballots, 1);

  // Tally as the domain computes: 1 of 2 dwellings took part -> no quorum (2/3 needed).
  VoteTally t = Must(V().Tally(v.id, Scope::All()));
  EXPECT_EQ(t.as_cast.voted_headcount, 1);
  EXPECT_EQ(t.outcome, "no_quorum");
  EXPECT_TRUE(t.ballots.empty());  // secret by default

  // Closing before the end while a dwelling has not voted is refused; once all voted it is allowed.
  auto early = V().CloseVote(v.id, "staff1", now, Scope::All());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(Reason(early.error()), "period_not_over");
  Must(V().CastBallot(v.id, B(f.h302.id, "agree", now, "paper"), now, Scope::All()));
  VoteRecord closed = Must(V().CloseVote(v.id, "staff1", now, Scope::All()));
  EXPECT_EQ(closed.status, "closed");
  EXPECT_EQ(closed.outcome, "passed");
  EXPECT_EQ(closed.winner, "agree");
  auto late = V().CastBallot(v.id, B(f.h302.id, "agree", now, "paper"), now, Scope::All());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(Reason(late.error()), "vote_closed");
  EXPECT_FALSE(V().CloseVote(v.id, "staff1", now, Scope::All()).ok());
  VoteRecord published = Must(V().PublishResult(v.id, "head", "2026-12-16T09:00:00Z", Scope::All()));
  EXPECT_EQ(published.published_at, "2026-12-16T09:00:00Z");
  EXPECT_FALSE(V().PublishResult(v.id, "head", "2026-12-16T09:00:00Z", Scope::All()).ok());
}

TEST_P(VoteContract, AChangedBallotReplacesTheEarlierOneWhenAllowed) {
  Fixture f = Seed();
  VoteRecord d = Draft(f, "unit", {f.u21.id});
  d.definition.allow_change = true;
  d.definition.secret = false;
  VoteRecord v = Must(V().CreateVote(d, Scope::All()));
  v = Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  StoredBallot a = Must(V().CastBallot(v.id, B(f.h301.id, "agree"), "2026-12-02T10:00:00Z", Scope::All()));
  StoredBallot b = Must(V().CastBallot(v.id, B(f.h301.id, "disagree", "2026-12-03T10:00:00Z"),
                                       "2026-12-03T10:00:00Z", Scope::All()));
  auto current = Must(V().ListBallots(v.id, false, Scope::All(), {0, 50}));
  ASSERT_EQ(current.total, 1);
  EXPECT_EQ(current.items[0].ballot.choice, "disagree");
  auto history = Must(V().ListBallots(v.id, true, Scope::All(), {0, 50}));
  ASSERT_EQ(history.total, 2);
  EXPECT_EQ(history.items[0].replaced_by, b.id);
  EXPECT_FALSE(history.items[0].current);
  EXPECT_EQ(Must(V().GetVote(v.id, Scope::All())).ballots, 1);
  VoteTally t = Must(V().Tally(v.id, Scope::All()));
  ASSERT_EQ(t.ballots.size(), 1u);  // open vote: who voted what
  EXPECT_EQ(t.ballots[0].choice, "disagree");
  (void)a;
}

TEST_P(VoteContract, ScopeDecidesWhoSeesAVote) {
  Fixture f = Seed();
  Fixture other = Seed("110112001002");
  VoteRecord v = Must(V().CreateVote(Draft(f, "compound", {f.shuiyue.id}), Scope::All()));
  Scope staff{.unrestricted = false, .community_ids = {f.community.id}};
  Scope stranger{.unrestricted = false, .community_ids = {other.community.id}};
  Scope resident301{.unrestricted = false, .household_ids = {f.h301.id}};
  Scope resident101{.unrestricted = false, .household_ids = {f.h101.id}};
  EXPECT_TRUE(V().GetVote(v.id, staff).ok());
  EXPECT_EQ(V().GetVote(v.id, stranger).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(V().OpenVote(v.id, "x", "2026-11-30T09:00:00Z", stranger).error().code, ErrorCode::kNotFound);
  // A draft has no electorate yet: residents do not see it.
  EXPECT_EQ(V().GetVote(v.id, resident301).error().code, ErrorCode::kNotFound);
  Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", staff));
  EXPECT_TRUE(V().GetVote(v.id, resident301).ok());
  EXPECT_EQ(V().GetVote(v.id, resident101).error().code, ErrorCode::kNotFound);  // 清风苑
  EXPECT_EQ(Must(V().ListVotes({}, resident301, {0, 50})).total, 1);
  EXPECT_EQ(Must(V().ListVotes({}, resident101, {0, 50})).total, 0);
  EXPECT_EQ(Must(V().ListVotes({}, stranger, {0, 50})).total, 0);
  EXPECT_EQ(V().CastBallot(v.id, B(f.h301.id, "agree"), "2026-12-02T10:00:00Z", stranger).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(V().Tally(v.id, stranger).error().code, ErrorCode::kNotFound);
  VoteFilter mine;
  mine.household_ids = {f.h301.id};
  EXPECT_EQ(Must(V().ListVotes(mine, Scope::All(), {0, 50})).total, 1);
  mine.household_ids = {f.h101.id};
  EXPECT_EQ(Must(V().ListVotes(mine, Scope::All(), {0, 50})).total, 0);
}

TEST_P(VoteContract, DeveloperUnitsCountOnceAndTheOwnerVotesForAllHisDwellings) {
  Fixture f = Seed();
  // 清风苑 1号楼: 101 (developer, unsold) plus two more unsold units and one sold one.
  Household h102 = Must(store_->CreateHousehold({0, f.u11.id, "102", 60, "", true, ""}));
  Household h103 = Must(store_->CreateHousehold({0, f.u11.id, "103", 60, "", true, ""}));
  Household h104 = Must(store_->CreateHousehold({0, f.u11.id, "104", 80, "", false, ""}));
  VoteRecord v = Must(V().CreateVote(Draft(f, "buildings", {f.b1.id}), Scope::All()));
  v = Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  EXPECT_EQ(v.dwellings, 4);
  EXPECT_EQ(v.headcount, 2);  // the developer once, the owner of 104 once
  // The developer's representative votes once for all three unsold units.
  auto stored = Must(V().CastForOwner(v.id, B(h102.id, "agree"), "2026-12-02T10:00:00Z", Scope::All()));
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0].ballot.household_id, h102.id);
  VoteTally t = Must(V().Tally(v.id, Scope::All()));
  EXPECT_EQ(t.as_cast.voted_dwellings, 3);
  EXPECT_EQ(t.as_cast.voted_headcount, 1);
  EXPECT_EQ(t.as_cast.voted_area, 18000);
  // All or nothing: a second time (changes not allowed) writes nothing.
  auto twice = V().CastForOwner(v.id, B(h103.id, "disagree"), "2026-12-03T10:00:00Z", Scope::All());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(BallotRows(v.id), 3);
  (void)h104;
}

// An owner of two dwellings: the registry holds him once (in 301, where he lives); 302 is linked to
// him in household_owners. He is one headcount voter, his areas add up, and voting online from his
// resident record covers both dwellings. A co-owner of 302 is a different person and votes only his.
TEST_P(VoteContract, AnOwnerOfTwoDwellingsIsOneVoterAndVotesForBoth) {
  Fixture f = Seed();
  // 刘艳霞 (ID number) owns 301 where she lives and 302 where she does not.
  Resident liu = f.liu;
  liu.is_owner = true;
  Must(store_->UpdateResident(liu, Scope::All()));
  OwnerRecord o = Must(V().AddOwnedHousehold(f.liu.id, f.h302.id, "staff1", "2026-11-29T08:00:00Z"));
  EXPECT_EQ(o.households, (std::vector<Id>{f.h301.id, f.h302.id}));
  // Idempotent; her own household is refused (mark her is_owner there instead).
  EXPECT_EQ(Must(V().AddOwnedHousehold(f.liu.id, f.h302.id, "staff1", "2026-11-29T08:00:00Z")).households.size(),
            2u);
  auto own = V().AddOwnedHousehold(f.liu.id, f.h301.id, "staff1", "2026-11-29T08:00:00Z");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(Reason(own.error()), "own_household");
  // 王强 lives in 301 but owns nothing: no dwellings.
  EXPECT_TRUE(Must(V().FindOwner(f.wang.id)).households.empty());

  VoteRecord v = Must(V().CreateVote(Draft(f, "unit", {f.u21.id}), Scope::All()));
  v = Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  EXPECT_EQ(v.dwellings, 2);
  EXPECT_EQ(v.headcount, 1);  // one owner of both dwellings

  // The non-owner is refused and nothing is written.
  auto refused = V().CastForResident(v.id, f.wang.id, B(0, "agree"), "2026-12-02T10:00:00Z", Scope::All());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(BallotRows(v.id), 0);

  OwnerBallots cast = Must(V().CastForResident(v.id, f.liu.id, B(0, "agree"), "2026-12-02T10:00:00Z", Scope::All()));
  ASSERT_EQ(cast.ballots.size(), 2u);
  EXPECT_EQ(cast.ballots[0].ballot.household_id, f.h301.id);
  EXPECT_EQ(cast.ballots[1].ballot.household_id, f.h302.id);
  EXPECT_EQ(cast.ballots[0].ballot.voter_name, "刘艳霞");
  VoteTally t = Must(V().Tally(v.id, Scope::All()));
  EXPECT_EQ(t.as_cast.voted_dwellings, 2);
  EXPECT_EQ(t.as_cast.voted_headcount, 1);
  EXPECT_EQ(t.as_cast.voted_area, 8550 + 9000);
  // A second time (changes not allowed): refused, nothing written.
  auto twice = V().CastForResident(v.id, f.liu.id, B(0, "disagree"), "2026-12-03T10:00:00Z", Scope::All());
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(Reason(twice.error()), "already_voted");
  EXPECT_EQ(BallotRows(v.id), 2);
  // A dwelling that is not hers.
  auto other = V().CastForResident(v.id, f.liu.id, B(f.h101.id, "agree"), "2026-12-03T10:00:00Z", Scope::All());
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(Reason(other.error()), "not_owner");
  // No names or ID numbers in the snapshot.
  EXPECT_EQ(RawTable("vote_electorate").find("刘艳霞"), std::string::npos);

  // Unlinked, she is two voters in a new vote.
  Must(V().RemoveOwnedHousehold(f.liu.id, f.h302.id));
  VoteRecord w = Must(V().CreateVote(Draft(f, "unit", {f.u21.id}), Scope::All()));
  w = Must(V().OpenVote(w.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  EXPECT_EQ(w.headcount, 2);
}

TEST_P(VoteContract, TheOfficialResultReplacesTheBallotsAndClosesTheVote) {
  Fixture f = Seed();
  VoteRecord v = Must(V().CreateVote(Draft(f, "unit", {f.u21.id}), Scope::All()));
  v = Must(V().OpenVote(v.id, "staff1", "2026-11-30T09:00:00Z", Scope::All()));
  Must(V().CastBallot(v.id, B(f.h301.id, "disagree"), "2026-12-02T10:00:00Z", Scope::All()));
  // Bad rows: every problem named, nothing written.
  auto bad = V().ImportOfficialResult(v.id, {B(f.h101.id, "agree"), B(f.h301.id, "maybe")}, "官方结果.xlsx",
                                      "staff1", "2026-12-16T09:00:00Z", Scope::All());
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().details.size(), 2u);
  EXPECT_EQ(bad.error().details[0].field, "rows[0].household_id");
  EXPECT_EQ(bad.error().details[1].field, "rows[1].choice");
  EXPECT_EQ(BallotRows(v.id), 1);
  VoteRecord done =
      Must(V().ImportOfficialResult(v.id, {B(f.h301.id, "agree"), B(f.h302.id, "agree")}, "官方结果.xlsx",
                                    "staff1", "2026-12-16T09:00:00Z", Scope::All()));
  EXPECT_EQ(done.status, "closed");
  EXPECT_EQ(done.result_source, "official");
  EXPECT_EQ(done.outcome, "passed");
  EXPECT_EQ(done.ballots, 2);
  auto current = Must(V().ListBallots(v.id, false, Scope::All(), {0, 50}));
  ASSERT_EQ(current.total, 2);
  EXPECT_EQ(current.items[0].ballot.channel, "official");
  EXPECT_EQ(BallotRows(v.id), 3);  // the replaced ballot is kept
}

INSTANTIATE_TEST_SUITE_P(Backends, VoteContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
