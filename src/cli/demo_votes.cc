#include "cli/demo_votes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "domain/vote.h"
#include "store/votes.h"

namespace linli::cli {

namespace {

template <class T>
Status StatusOf(const Result<T>& r) {
  if (r.ok()) return Ok();
  return r.error();
}

// A time on a day of the vote: "2023-06-12" + minutes after 08:00 (Beijing) -> UTC text.
std::string At(const std::string& day, int minutes) {
  int h = minutes / 60;  // 08:00 in Beijing is 00:00 UTC
  int m = minutes % 60;
  return fmt::format("{}T{:02d}:{:02d}:00Z", day, h % 24, m);
}

// The name that signs a dwelling's ballot: its first registered owner, else its head, else "业主".
std::string OwnerName(Store& store, Id household) {
  auto h = store.GetHousehold(household, Scope::All());
  if (!h.ok()) return "业主";
  for (const auto& r : h->residents)
    if (r.is_owner && !r.name.empty()) return r.name;
  return h->summary.head_name.empty() ? "业主" : h->summary.head_name;
}

// Casts `choice` for dwelling `d` (online for every third owner, else a paper ballot with the scan).
Status Cast(Store& store, VoteStore& votes, Id vote, const Dwelling& d, const std::string& choice,
            const std::string& day, int i) {
  Ballot b;
  b.household_id = d.household_id;
  b.choice = choice;
  b.cast_at = At(day, 60 + (i * 7) % 600);
  b.voter_name = OwnerName(store, d.household_id);
  if (i % 3 == 0) {
    b.channel = "online";
  } else {
    b.channel = i % 3 == 1 ? "paper" : "hall";
    b.attachment = fmt::format("表决票扫描件-{}.pdf", d.household_id);
    b.entered_by = "staff";
  }
  auto r = votes.CastBallot(vote, b, b.cast_at, Scope::All());
  if (!r.ok()) return r.error();
  return Ok();
}

Result<VoteRecord> Finish(VoteStore& votes, Id id, const std::string& closes_at,
                          const std::string& published_at) {
  LINLI_TRY_STATUS(StatusOf(votes.CloseVote(id, "staff", closes_at, Scope::All())));
  return votes.PublishResult(id, "head", published_at, Scope::All());
}

}  // namespace

Result<DemoVotesSummary> AddDemoVotes(Store& store, Id cid) {
  const Scope all = Scope::All();
  VoteStore& votes = store.Votes();
  DemoVotesSummary out;
  LINLI_TRY(auto compounds, store.ListCompounds(cid, all, PageRequest{0, 500}));
  if (compounds.items.size() < 2) return Error::Invalid("dwellings", "required", "演示社区的小区不足两个");

  // 1. Property management over two compounds of 306 households together (the sources' 水月院甲2号
  // and 新华东街274号): the pair closest to 306 from below; a shortfall of up to 12 is made up by
  // registering the missing dwellings in the smaller compound's last stairwell (unregistered flats
  // of an old estate), so the electorate is exactly 306. Otherwise the closest pair is used and the
  // summary says how far it is.
  constexpr std::int64_t kSourceHouseholds = 306, kMaxPad = 12;
  std::size_t best_a = 0, best_b = 1;
  std::int64_t best = -1;
  bool below = false;
  for (std::size_t a = 0; a < compounds.items.size(); ++a)
    for (std::size_t b = a + 1; b < compounds.items.size(); ++b) {
      const std::int64_t sum = compounds.items[a].households + compounds.items[b].households;
      const std::int64_t diff = std::llabs(sum - kSourceHouseholds);
      const bool pad = sum <= kSourceHouseholds && kSourceHouseholds - sum <= kMaxPad;
      if (best < 0 || (pad && !below) || (pad == below && diff < best))
        best = diff, best_a = a, best_b = b, below = pad;
    }
  if (below && best > 0) {
    const auto& small = compounds.items[best_a].households <= compounds.items[best_b].households
                            ? compounds.items[best_a]
                            : compounds.items[best_b];
    LINLI_TRY(auto bl, store.ListBuildings(small.compound.id, all, PageRequest{0, 500}));
    if (!bl.items.empty()) {
      LINLI_TRY(auto ul, store.ListUnits(bl.items.back().building.id, all, PageRequest{0, 50}));
      if (!ul.items.empty()) {
        const Id unit = ul.items.back().unit.id;
        HouseholdFilter hf;
        hf.unit_id = unit;
        LINLI_TRY(auto hs, store.ListHouseholds(hf, PageRequest{0, 500}));
        int door = 0;
        double area = 60;
        for (const auto& h : hs.items) {
          door = std::max(door, std::atoi(h.household.door.c_str()));
          area = h.household.area_m2;
        }
        for (std::int64_t k = 0; k < best; ++k) {
          Household h;
          h.unit_id = unit;
          h.door = std::to_string(door + 1 + static_cast<int>(k));
          h.area_m2 = area;
          h.note = "老旧小区补登的房屋";
          LINLI_TRY_STATUS(StatusOf(store.CreateHousehold(h)));
        }
        best = 0;
      }
    }
  }
  std::vector<Id> buildings;
  for (std::size_t k : {best_a, best_b}) {
    LINLI_TRY(auto list, store.ListBuildings(compounds.items[k].compound.id, all, PageRequest{0, 500}));
    for (const auto& b : list.items) buildings.push_back(b.building.id);
  }
  VoteRecord pv;
  pv.community_id = cid;
  pv.title = "关于" + compounds.items[best_a].compound.name + "、" + compounds.items[best_b].compound.name +
             "引入物业服务企业的表决";
  pv.description =
      "两个老旧小区长期没有物业，经六步议事法四方会谈，拟引入物业服务企业，前三年由政府补贴物业费。"
      "按全体住户三分之二以上同意执行。";
  pv.definition.rule_set = VoteRuleSet::kTwoThirdsHouseholds;
  pv.definition.opens_at = "2023-06-10T00:00:00Z";
  pv.definition.closes_at = "2023-06-25T00:00:00Z";
  pv.definition.secret = true;
  pv.electorate = {"buildings", buildings};
  pv.created_by = "staff";
  pv.created_at = "2023-06-05T02:00:00Z";
  LINLI_TRY(auto made, votes.CreateVote(pv, all));
  LINLI_TRY_STATUS(StatusOf(votes.OpenVote(made.id, "staff", "2023-06-09T02:00:00Z", all)));
  LINLI_TRY(auto e, votes.GetElectorate(made.id, all));
  const std::size_t n = e.dwellings.size();
  const std::size_t agree = n * 2 / 3 + 1;  // just over two thirds (306 -> 205, 66.99 %)
  const std::size_t against = (n - agree) / 2, abstain = (n - agree) / 4;
  for (std::size_t i = 0; i < n; ++i) {
    std::string choice = i < agree                       ? "agree"
                         : i < agree + against           ? "disagree"
                         : i < agree + against + abstain ? "abstain"
                                                         : "";
    if (choice.empty()) continue;  // did not vote
    const std::string day = fmt::format("2023-06-{:02d}", 10 + static_cast<int>(i % 14));
    LINLI_TRY_STATUS(Cast(store, votes, made.id, e.dwellings[i], choice, day, static_cast<int>(i)));
  }
  LINLI_TRY(auto pdone, Finish(votes, made.id, "2023-06-25T00:00:00Z", "2023-06-25T02:00:00Z"));
  ++out.votes;
  out.property_line = fmt::format("{}（{} 户，{} 户同意，{}）", pdone.electorate_label, n, agree,
                                  VoteOutcomeNameZh(pdone.outcome));
  if (static_cast<std::int64_t>(n) != kSourceHouseholds)
    out.property_line += fmt::format("；演示社区没有合计 306 户的两个小区，取最接近的（差 {} 户）", best);

  // 2. An elevator in one stairwell, failed by one owner: the stairwell of the demo resident (the
  // community's first household, as demo_accounts.cc picks it) when it has 6+ households, else the
  // unit closest to 12 households.
  Id unit_id = 0;
  std::int64_t unit_best = -1;
  HouseholdFilter first;
  first.community_id = cid;
  LINLI_TRY(auto first_household, store.ListHouseholds(first, PageRequest{0, 1}));
  if (!first_household.items.empty()) {
    LINLI_TRY(auto u, store.GetUnit(first_household.items[0].household.unit_id, all));
    if (u.households >= 6) unit_id = u.unit.id, unit_best = 0;
  }
  for (const auto& c : compounds.items) {
    if (unit_best == 0) break;
    LINLI_TRY(auto bl, store.ListBuildings(c.compound.id, all, PageRequest{0, 500}));
    for (const auto& b : bl.items) {
      LINLI_TRY(auto ul, store.ListUnits(b.building.id, all, PageRequest{0, 50}));
      for (const auto& u : ul.items) {
        std::int64_t diff = std::llabs(u.households - 12);
        if (u.households >= 6 && (unit_best < 0 || diff < unit_best)) unit_best = diff, unit_id = u.unit.id;
      }
    }
    if (unit_best == 0) break;
  }
  if (unit_id == 0) return out;
  VoteRecord ev;
  ev.community_id = cid;
  ev.title = "关于本单元加装电梯的表决";
  ev.description =
      "加装电梯属于改建、重建建筑物，按民法典第二百七十八条重大事项表决：参与表决的专有部分面积和人数均达"
      "三分之二以上，且同意的面积和人数均达参与表决的四分之三以上。";
  ev.definition.rule_set = VoteRuleSet::kCivilCodeMajor;
  ev.definition.opens_at = "2024-04-08T00:00:00Z";
  ev.definition.closes_at = "2024-04-22T00:00:00Z";
  ev.definition.secret = false;
  ev.electorate = {"unit", {unit_id}};
  ev.created_by = "staff";
  ev.created_at = "2024-04-01T02:00:00Z";
  LINLI_TRY(auto em, votes.CreateVote(ev, all));
  LINLI_TRY_STATUS(StatusOf(votes.OpenVote(em.id, "staff", "2024-04-07T02:00:00Z", all)));
  LINLI_TRY(auto ee, votes.GetElectorate(em.id, all));
  // The largest dwellings agree first; find the fewest agreeing owners that pass, then cast one fewer.
  std::vector<std::size_t> order(ee.dwellings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ee.dwellings[a].area_centiares > ee.dwellings[b].area_centiares;
  });
  VoteDefinition def = em.definition;
  def.closed = false;
  auto ballots_for = [&](std::size_t yes) {
    std::vector<Ballot> bs;
    for (std::size_t k = 0; k < order.size(); ++k) {
      Ballot b;
      b.household_id = ee.dwellings[order[k]].household_id;
      b.choice = k < yes ? "agree" : "disagree";
      b.cast_at = "2024-04-10T02:00:00Z";
      bs.push_back(std::move(b));
    }
    return bs;
  };
  std::size_t needed = order.size();
  for (std::size_t yes = 1; yes <= order.size(); ++yes) {
    LINLI_TRY(auto t, TallyVote(def, ee, ballots_for(yes)));
    if (t.outcome == "passed") {
      needed = yes;
      break;
    }
  }
  const std::size_t yes = needed - 1;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string day = fmt::format("2024-04-{:02d}", 8 + static_cast<int>(k % 12));
    LINLI_TRY_STATUS(
        Cast(store, votes, em.id, ee.dwellings[order[k]], k < yes ? "agree" : "disagree", day, static_cast<int>(k)));
  }
  LINLI_TRY(auto edone, Finish(votes, em.id, "2024-04-22T00:00:00Z", "2024-04-22T02:00:00Z"));
  ++out.votes;
  out.elevator_line = fmt::format("{}（{} 户，{} 户同意，差 1 户，{}）", edone.electorate_label, order.size(),
                                  yes, VoteOutcomeNameZh(edone.outcome));
  return out;
}

}  // namespace linli::cli
