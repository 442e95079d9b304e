#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "domain/demand.h"
#include "domain/demo.h"
#include "domain/demo_demands.h"

namespace linli {
namespace {

const DemoCommunity& Community() {
  static const DemoCommunity c = GenerateDemo({});
  return c;
}
const DemoDemands& Year() {
  static const DemoDemands y = GenerateDemoDemands(Community(), {});
  return y;
}

int LocalMonth(const std::string& iso_utc) {
  auto t = ParseIsoSeconds(iso_utc);
  return std::stoi(FormatIsoUtc(*t + 8 * 3600).substr(5, 2));
}

TEST(DemoDemands, DeterministicAndCounted) {
  const DemoDemands& a = Year();
  DemoDemands b = GenerateDemoDemands(Community(), {});
  ASSERT_EQ(a.demands.size(), 15000u);
  ASSERT_EQ(a.demands.size(), b.demands.size());
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.demands.size(); i += 97) {
    EXPECT_EQ(a.demands[i].demand.description, b.demands[i].demand.description);
    EXPECT_EQ(a.demands[i].demand.created_at, b.demands[i].demand.created_at);
    EXPECT_EQ(a.demands[i].demand.status, b.demands[i].demand.status);
  }
  for (std::size_t i = 0; i < a.events.size(); i += 101) {
    EXPECT_EQ(a.events[i].at, b.events[i].at);
    EXPECT_EQ(a.events[i].action, b.events[i].action);
  }
  DemoDemandOptions other;
  other.seed = 99;
  other.count = 500;
  DemoDemands c = GenerateDemoDemands(Community(), other);
  EXPECT_EQ(c.demands.size(), 500u);
  EXPECT_NE(c.demands[0].demand.description + c.demands[1].demand.description,
            a.demands[0].demand.description + a.demands[1].demand.description);
  // Households: one per distinct address of the registry rows.
  std::set<std::string> addrs;
  for (const auto& r : Community().rows) addrs.insert(r.compound + r.building + r.unit + r.door);
  EXPECT_EQ(a.households.size(), addrs.size());
}

TEST(DemoDemands, FieldsAreCompleteAndConsistent) {
  const auto& y = Year();
  const auto& tree = SeedDemandCategories();
  std::set<std::string> leaves;
  for (const auto& c : tree) leaves.insert(c.code);
  const auto first = ParseIsoSeconds("2025-11-29T00:00:00Z");
  const auto now = ParseIsoSeconds(DemoDemandOptions{}.now);
  std::set<std::string> tickets;
  std::string prev;
  for (std::size_t i = 0; i < y.demands.size(); ++i) {
    const DemoDemand& dd = y.demands[i];
    const Demand& d = dd.demand;
    SCOPED_TRACE(std::to_string(i) + " " + d.description);
    ASSERT_TRUE(IsDemandChannel(d.channel));
    ASSERT_TRUE(IsDemandNature(d.nature));
    ASSERT_TRUE(IsDemandUrgency(d.urgency));
    ASSERT_TRUE(leaves.count(d.category_code));
    ASSERT_TRUE(ParseDemandStatus(d.status).has_value());
    ASSERT_FALSE(d.description.empty());
    ASSERT_FALSE(d.address_text.empty());
    ASSERT_FALSE(d.reporter_phone.empty()) << "a contact is required";
    ASSERT_GE(d.created_at, prev) << "oldest first";
    prev = d.created_at;
    auto t = ParseIsoSeconds(d.created_at);
    ASSERT_TRUE(t.ok());
    EXPECT_GE(*t, *first - 86400);
    EXPECT_LE(*t, *now);
    EXPECT_LE(d.respond_due_at, d.due_at);
    EXPECT_EQ(d.address_resolved, dd.building_index.has_value());
    if (dd.household_index) {
      ASSERT_LT(*dd.household_index, y.households.size());
      EXPECT_EQ(y.households[*dd.household_index].building_index, *dd.building_index);
    }
    EXPECT_LT(dd.grid_index, 16u);
    if (d.channel == "hotline_12345") {
      EXPECT_TRUE(tickets.insert(d.external_number).second) << d.external_number;
    } else {
      EXPECT_TRUE(d.external_number.empty());
    }
    if (d.status == "closed") {
      EXPECT_FALSE(d.closed_at.empty());
      EXPECT_FALSE(d.replied_at.empty());
      EXPECT_FALSE(d.reply.empty());
    }
    if (d.status == "merged") {
      ASSERT_TRUE(dd.parent_index.has_value());
      ASSERT_LT(*dd.parent_index, i);
      const Demand& p = y.demands[*dd.parent_index].demand;
      EXPECT_EQ(p.category_code, d.category_code);
      EXPECT_EQ(y.demands[*dd.parent_index].building_index, dd.building_index);
      EXPECT_NE(p.status, "merged");
    } else {
      EXPECT_FALSE(dd.parent_index.has_value());
    }
    if (d.assignee_kind == "worker") {
      EXPECT_TRUE(dd.assignee_worker.has_value());
    }
    if (!d.callback_at.empty()) {
      EXPECT_TRUE(d.solved.has_value());
      EXPECT_FALSE(d.satisfaction.empty());
    }
  }
  // children counts match the merged demands.
  std::map<std::size_t, int> kids;
  for (const auto& dd : y.demands) {
    if (dd.parent_index) ++kids[*dd.parent_index];
  }
  for (std::size_t i = 0; i < y.demands.size(); ++i) EXPECT_EQ(y.demands[i].demand.children, kids[i]);
}

TEST(DemoDemands, EveryHistoryIsLegal) {
  const auto& y = Year();
  std::map<Id, std::vector<const DemandEvent*>> by;
  for (const auto& e : y.events) by[e.demand_id].push_back(&e);
  ASSERT_EQ(by.size(), y.demands.size());
  std::map<std::string, int> actions;
  for (const auto& [id, evs] : by) {
    const Demand& d = y.demands[static_cast<std::size_t>(id)].demand;
    SCOPED_TRACE(std::to_string(id));
    ASSERT_EQ(evs.front()->action, "create");
    EXPECT_EQ(evs.front()->from_status, "");
    EXPECT_EQ(evs.front()->to_status, "received");
    EXPECT_EQ(evs.front()->at, d.created_at);
    DemandStatus s = DemandStatus::kReceived;
    std::string prev_at = d.created_at;
    for (std::size_t k = 1; k < evs.size(); ++k) {
      const DemandEvent& e = *evs[k];
      ++actions[e.action];
      // A parent's reply / close reaching a merged child: an event of its own, not a user action.
      if (e.action == ParentEventCode(ParentEvent::kParentReplied) ||
          e.action == ParentEventCode(ParentEvent::kParentClosed)) {
        const ParentEvent pe = e.action == ParentEventCode(ParentEvent::kParentReplied) ? ParentEvent::kParentReplied
                                                                                       : ParentEvent::kParentClosed;
        ASSERT_EQ(e.from_status, DemandStatusCode(s));
        auto next = NextMergedChildStatus(s, pe);
        ASSERT_TRUE(next.ok()) << e.action << " from " << e.from_status;
        EXPECT_EQ(DemandStatusCode(*next), e.to_status);
        EXPECT_GE(e.at, prev_at) << "events in time order";
        prev_at = e.at;
        s = *next;
        continue;
      }
      auto a = ParseDemandAction(e.action);
      ASSERT_TRUE(a.has_value()) << e.action;
      ASSERT_EQ(e.from_status, DemandStatusCode(s));
      EXPECT_TRUE(IsDemandActionAllowed(s, *a)) << e.action << " from " << e.from_status;
      auto to = ParseDemandStatus(e.to_status);
      ASSERT_TRUE(to.has_value());
      if (*a != DemandAction::kCallback) {
        // Replay with the facts the event carries.
        DemandActionFacts f;
        f.note = e.note.empty() ? "x" : e.note;
        f.new_due_at = "2030-01-01T00:00:00Z";
        f.parent_id = 1;
        f.nature = d.nature;
        auto next = NextDemandStatus(s, *a, f);
        ASSERT_TRUE(next.ok()) << e.action << " from " << e.from_status << ": " << next.error().message;
        EXPECT_EQ(*next, *to);
      }
      EXPECT_GE(e.at, prev_at) << "events in time order";
      prev_at = e.at;
      s = *to;
    }
    EXPECT_EQ(DemandStatusCode(s), d.status);
  }
  for (auto a : {"dispatch", "sign", "contact", "start", "reply", "callback", "close", "merge", "dispute",
                 "accept_dispute", "reject_dispute", "escalate", "extend", "reopen", "parent_replied", "parent_closed"}) {
    EXPECT_GT(actions[a], 0) << a;
  }
}

TEST(DemoDemands, RealisticMix) {
  const auto& y = Year();
  std::map<std::string, int> channel, status, top_by_winter, top_by_summer;
  int merged = 0, callbacks = 0, solved = 0, satisfied = 0, basic = 0, dispatched = 0, in_time = 0,
      overdue = 0;
  int late_reply = 0, replied = 0, heating_winter = 0, heating_summer = 0, noise_summer = 0, noise_winter = 0;
  const auto now = *ParseIsoSeconds(DemoDemandOptions{}.now);
  for (const auto& dd : y.demands) {
    const Demand& d = dd.demand;
    ++channel[d.channel];
    ++status[d.status];
    if (d.status == "merged") ++merged;
    const int m = LocalMonth(d.created_at);
    const bool heat = d.category_code.starts_with("heating");
    const bool noise = d.category_code.starts_with("noise");
    if (m == 12 || m == 1) heating_winter += heat, noise_winter += noise;
    if (m == 7 || m == 8) heating_summer += heat, noise_summer += noise;
    if (d.status == "merged") continue;
    if (!d.dispatched_at.empty()) {
      ++dispatched;
      if (!d.signed_at.empty() && !d.contacted_at.empty() && d.signed_at <= d.respond_due_at &&
          d.contacted_at <= d.respond_due_at) {
        ++in_time;
      }
    }
    if (!d.callback_at.empty()) {
      ++callbacks;
      solved += d.solved.value_or(false);
      satisfied += d.satisfaction == "satisfied";
      basic += d.satisfaction == "basic";
    }
    if (!d.replied_at.empty()) {
      ++replied;
      late_reply += d.replied_at > d.due_at;
    }
    if (IsOpenStatus(*ParseDemandStatus(d.status)) && d.replied_at.empty() &&
        *ParseIsoSeconds(d.due_at) < now)
      ++overdue;
  }
  const double n = static_cast<double>(y.demands.size());
  std::printf(
      "demo demands: %zu, events %zu; merged %d (%.1f %%); 12345 %.1f %%; callbacks %d: solved %.1f %%, "
      "satisfied %.1f %% + basic %.1f %%; response in time %.1f %%; replies late %.1f %%; overdue now %d; "
      "heating Dec+Jan %d vs Jul+Aug %d; noise Jul+Aug %d vs Dec+Jan %d\n",
      y.demands.size(), y.events.size(), merged, 100.0 * merged / n, 100.0 * channel["hotline_12345"] / n,
      callbacks, 100.0 * solved / callbacks, 100.0 * satisfied / callbacks, 100.0 * basic / callbacks,
      100.0 * in_time / dispatched, 100.0 * late_reply / replied, overdue, heating_winter, heating_summer,
      noise_summer, noise_winter);
  for (const auto& [s, c] : status) std::printf("  %s %d\n", s.c_str(), c);
  EXPECT_NEAR(merged / n, 0.08, 0.02);
  EXPECT_NEAR(channel["hotline_12345"] / n, 0.60, 0.03);
  for (auto c : {"resident", "walk_in", "phone", "patrol", "hall", "open311"}) EXPECT_GT(channel[c], 0) << c;
  EXPECT_NEAR(static_cast<double>(solved) / callbacks, 0.92, 0.03);
  EXPECT_NEAR(static_cast<double>(satisfied + basic) / callbacks, 0.90, 0.03);
  EXPECT_GT(callbacks, 0.75 * n);
  EXPECT_NEAR(static_cast<double>(in_time) / dispatched, 0.94, 0.04);
  EXPECT_GT(overdue, 5);
  EXPECT_LT(overdue, 600);
  EXPECT_GT(heating_winter, 20 * std::max(1, heating_summer));
  EXPECT_GT(noise_summer, noise_winter);
  EXPECT_GT(status["closed"], 0.75 * n);
  EXPECT_GT(status["in_progress"] + status["dispatched"] + status["signed"] + status["contacted"], 20);
}

TEST(DemoDemands, SyntheticBatchesAreStableAndComplete) {
  SyntheticDemandOptions o;
  auto a = GenerateSyntheticDemands(o, 0, 2000);
  auto b = GenerateSyntheticDemands(o, 1000, 1000);
  ASSERT_EQ(a.size(), 2000u);
  ASSERT_EQ(b.size(), 1000u);
  for (std::size_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(a[1000 + i].description, b[i].description);
    EXPECT_EQ(a[1000 + i].created_at, b[i].created_at);
    EXPECT_EQ(a[1000 + i].external_number, b[i].external_number);
  }
  std::set<Id> communities;
  std::set<std::string> numbers;
  int closed = 0;
  for (const auto& d : a) {
    communities.insert(d.community_id);
    EXPECT_TRUE(numbers.insert(d.external_number).second);
    EXPECT_TRUE(d.grid_id.has_value());
    EXPECT_TRUE(ParseDemandStatus(d.status).has_value()) << d.status;
    EXPECT_FALSE(d.due_at.empty());
    EXPECT_LE(d.created_at, o.now);
    if (d.status == "closed") {
      ++closed;
      EXPECT_FALSE(d.callback_at.empty());
      EXPECT_EQ(d.first_receiver_user_id, d.assignee_user_id);
    }
    if (!d.signed_at.empty()) {
      EXPECT_LE(d.dispatched_at, d.signed_at);
    }
    if (!d.contacted_at.empty()) {
      EXPECT_LE(d.signed_at, d.contacted_at);
    }
  }
  EXPECT_EQ(communities.size(), 30u);
  EXPECT_GT(closed, 1500);
  // Given ids are used.
  SyntheticCommunity sc;
  sc.community_id = 77;
  sc.grid_ids = {5, 6};
  sc.worker_user_ids = {50, 60};
  sc.building_ids = {{500}, {}};
  o.communities = {sc};
  for (const auto& d : GenerateSyntheticDemands(o, 0, 200)) {
    EXPECT_EQ(d.community_id, 77);
    ASSERT_TRUE(d.grid_id.has_value());
    if (*d.grid_id == 5) {
      EXPECT_EQ(d.building_id, std::optional<Id>(500));
    }
    if (*d.grid_id == 6) {
      EXPECT_FALSE(d.building_id.has_value());
    }
    if (d.assignee_user_id) {
      EXPECT_EQ(*d.assignee_user_id, *d.grid_id * 10);
    }
  }
}

}  // namespace
}  // namespace linli
