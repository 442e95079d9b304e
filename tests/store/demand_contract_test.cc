// The demand half of the store contract (store/demands.h): intake, numbers, scope, search and
// filters, every action recorded, illegal transitions refused with nothing written, idempotency,
// external numbers, merge and propagation, the daily counts against hand-computed rates, import
// and the bulk loader — on SQLite and (with LINLI_TEST_PG_URL) PostgreSQL.
#include "store/demands.h"

#include <atomic>
#include <thread>

#include "store_contract.h"

namespace linli {
namespace {

class DemandContract : public store_test::StoreContract {
 protected:
  DemandStore& D() { return store_->Demands(); }

  struct World {
    Fixture f;
    Grid g1, g2;
    User worker, worker2;
  };
  // The fixture community with 2号楼 in grid 1 (worker w1) and 1号楼 in grid 2 (worker w2).
  World MakeWorld() {
    World w;
    w.f = Seed();
    w.g1 = Must(store_->CreateGrid({0, w.f.community.id, "110112001001001", "第1网格", "张三", ""}));
    w.g2 = Must(store_->CreateGrid({0, w.f.community.id, "110112001001002", "第2网格", "李四", ""}));
    EXPECT_TRUE(store_->AssignBuildingsToGrid({w.f.b2.id}, w.g1.id, Scope::All()).ok());
    EXPECT_TRUE(store_->AssignBuildingsToGrid({w.f.b1.id}, w.g2.id, Scope::All()).ok());
    w.worker = Must(store_->CreateUser(MakeUser("w1", "grid_worker", {w.g1.id}, "张三")));
    w.worker2 = Must(store_->CreateUser(MakeUser("w2", "grid_worker", {w.g2.id}, "李四")));
    return w;
  }
  static User MakeUser(std::string name, std::string role, std::vector<Id> grids, std::string display) {
    User u;
    u.username = std::move(name);
    u.display_name = std::move(display);
    u.role = std::move(role);
    u.grid_ids = std::move(grids);
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    return u;
  }

  static CreateDemandRequest Intake(Id household, std::string text, std::string at,
                                    std::string category = "noise.renovation") {
    CreateDemandRequest r;
    r.demand.channel = "phone";
    r.demand.nature = "complaint";
    r.demand.category_code = std::move(category);
    r.demand.urgency = "normal";
    r.demand.description = std::move(text);
    r.demand.household_id = household;
    r.demand.reporter_name = "刘艳霞";
    r.demand.reporter_phone = "13800001111";
    r.demand.created_by = "staff1";
    r.demand.created_at = at;
    r.now = at;
    return r;
  }

  Demand Act(Id id, DemandAction a, std::string at, std::string note = "", std::optional<Id> user = std::nullopt) {
    DemandActionRequest r;
    r.demand_id = id, r.action = a, r.now = std::move(at), r.actor = "w1", r.actor_user_id = user;
    r.facts.note = std::move(note);
    return Must(D().ApplyDemandAction(r, DemandScope::All()));
  }
  Demand Callback(Id id, bool solved, std::string satisfaction, std::string at) {
    DemandActionRequest r;
    r.demand_id = id, r.action = DemandAction::kCallback, r.now = std::move(at), r.actor = "staff1";
    r.facts.solved = solved, r.facts.satisfaction = std::move(satisfaction), r.facts.note = "回访";
    return Must(D().ApplyDemandAction(r, DemandScope::All()));
  }

  std::vector<std::string> Numbers(const DemandFilter& f, const DemandScope& s = DemandScope::All()) {
    auto page = Must(D().ListDemands(f, s, {0, 100}));
    std::vector<std::string> out;
    for (auto& d : page.items) out.push_back(d.description);
    EXPECT_EQ(page.total, static_cast<std::int64_t>(out.size()));
    return out;
  }
};

TEST_P(DemandContract, IntakeResolvesNumbersRoutesAndRecords) {
  auto w = MakeWorld();
  auto c = Must(D().CreateDemand(Intake(w.f.h301.id, "楼上装修噪音太大，晚上十点还在施工", "2026-11-22T08:30:00Z"),
                                 DemandScope::All()));
  EXPECT_FALSE(c.existing);
  const Demand& d = c.demand;
  EXPECT_EQ(d.number, "LL20261122000001");
  EXPECT_EQ(d.community_id, w.f.community.id);
  EXPECT_EQ(d.building_id, w.f.b2.id);
  EXPECT_EQ(d.grid_id, w.g1.id);
  EXPECT_TRUE(d.address_resolved);
  // Routed to the worker of grid 1.
  EXPECT_EQ(d.status, "dispatched");
  EXPECT_EQ(d.assignee_kind, "worker");
  EXPECT_EQ(d.assignee_user_id, w.worker.id);
  EXPECT_EQ(d.assignee_name, "张三");
  EXPECT_EQ(d.due_at, "2026-11-25T08:30:00Z");  // 装修噪音: 72 h
  EXPECT_FALSE(d.respond_due_at.empty());
  // A local-day boundary: 17:00Z is the next day in Beijing; the sequence restarts per day.
  auto late = Must(D().CreateDemand(Intake(w.f.h101.id, "广场舞音响声音大", "2026-11-22T17:00:00Z", "noise.square_dance"),
                                    DemandScope::All()));
  EXPECT_EQ(late.demand.number, "LL20261123000001");
  auto second = Must(D().CreateDemand(Intake(w.f.h302.id, "楼道堆放杂物", "2026-11-22T09:00:00Z", "neighbour.clutter"),
                                      DemandScope::All()));
  EXPECT_EQ(second.demand.number, "LL20261122000002");

  auto got = Must(D().GetDemand(d.id, DemandScope::All()));
  EXPECT_EQ(got.description, d.description);
  EXPECT_EQ(Must(D().GetDemandByNumber("LL20261122000001", DemandScope::All())).id, d.id);
  auto ev = Must(D().ListDemandEvents(d.id, DemandScope::All()));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].action, "create");
  EXPECT_EQ(ev[0].to_status, "received");
  EXPECT_EQ(ev[1].action, "dispatch");
  EXPECT_EQ(ev[1].actor, "system");
}

TEST_P(DemandContract, BadIntakeNamesTheFieldAndWritesNothing) {
  auto w = MakeWorld();
  auto bad = [&](CreateDemandRequest r, const std::string& field) {
    auto res = D().CreateDemand(r, DemandScope::All());
    ASSERT_FALSE(res.ok()) << field;
    EXPECT_EQ(res.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(res.error().field, field);
  };
  auto r = Intake(w.f.h301.id, "", "2026-11-22T08:30:00Z");
  bad(r, "description");
  r = Intake(w.f.h301.id, "x", "2026-11-22T08:30:00Z", "no.such");
  bad(r, "category_code");
  r = Intake(w.f.h301.id, "x", "2026-11-22T08:30:00Z");
  r.demand.reporter_phone.clear();
  bad(r, "reporter_phone");
  r = Intake(999999, "x", "2026-11-22T08:30:00Z");
  bad(r, "household_id");
  r = Intake(w.f.h301.id, "x", "2026-11-22T08:30:00Z");
  r.demand.urgency = "soon";
  bad(r, "urgency");
  r = Intake(w.f.h301.id, "x", "2026-11-22T08:30:00Z");
  r.attachment_ids = {12345};
  bad(r, "attachment_ids");
  EXPECT_EQ(Must(D().ListDemands({}, DemandScope::All(), {0, 10})).total, 0);
  EXPECT_EQ(RawRows("SELECT COUNT(*) FROM demand_events")[0][0], "0");
  EXPECT_EQ(RawRows("SELECT COUNT(*) FROM demand_daily")[0][0], "0");
  // Unresolved: only the community and the typed address.
  r = Intake(w.f.h301.id, "小区门口路灯不亮", "2026-11-22T08:30:00Z", "property.facility");
  r.demand.household_id.reset();
  r.demand.community_id = w.f.community.id;
  r.demand.address_text = "小区东门";
  auto d = Must(D().CreateDemand(r, DemandScope::All())).demand;
  EXPECT_FALSE(d.address_resolved);
  EXPECT_FALSE(d.grid_id.has_value());
  EXPECT_EQ(d.status, "received");
}

TEST_P(DemandContract, ScopeHidesOtherGridsAndShowsWhatIsMine) {
  auto w = MakeWorld();
  auto a = Must(D().CreateDemand(Intake(w.f.h301.id, "二号楼装修噪音", "2026-11-22T08:30:00Z"), DemandScope::All()));
  auto b = Must(D().CreateDemand(Intake(w.f.h101.id, "一号楼楼道堆物", "2026-11-22T08:40:00Z", "neighbour.clutter"),
                                 DemandScope::All()));
  DemandScope grid1;
  grid1.unrestricted = false;
  grid1.grid_ids = {w.g1.id};
  EXPECT_TRUE(D().GetDemand(a.demand.id, grid1).ok());
  auto out = D().GetDemand(b.demand.id, grid1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Numbers({}, grid1), std::vector<std::string>{"二号楼装修噪音"});
  // Actions out of scope: not found, nothing written.
  DemandActionRequest r;
  r.demand_id = b.demand.id, r.action = DemandAction::kSign, r.now = "2026-11-22T09:00:00Z";
  EXPECT_EQ(D().ApplyDemandAction(r, grid1).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(D().ListDemandEvents(b.demand.id, grid1).error().code, ErrorCode::kNotFound);
  // "Assigned to me" reaches beyond the grids.
  grid1.assigned_user_id = w.worker2.id;
  EXPECT_TRUE(D().GetDemand(b.demand.id, grid1).ok());
  // A resident sees only what he reported.
  DemandScope resident;
  resident.unrestricted = false;
  resident.reporter_user_id = 4242;
  EXPECT_TRUE(Numbers({}, resident).empty());
  // Intake outside the caller's areas is refused.
  DemandScope grid2;
  grid2.unrestricted = false;
  grid2.grid_ids = {w.g2.id};
  auto refused = D().CreateDemand(Intake(w.f.h301.id, "越界登记", "2026-11-22T08:30:00Z"), grid2);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
  // Property companies: only what is dispatched to the property of their compounds.
  DemandScope property;
  property.unrestricted = false;
  property.compound_ids = {w.f.shuiyue.id};
  EXPECT_FALSE(D().GetDemand(a.demand.id, property).ok());
  DemandActionRequest disp;
  disp.demand_id = a.demand.id, disp.action = DemandAction::kDispatch, disp.assignee_kind = "property";
  disp.now = "2026-11-22T09:00:00Z", disp.actor = "staff1";
  auto dd = Must(D().ApplyDemandAction(disp, DemandScope::All()));
  EXPECT_EQ(dd.assignee_kind, "property");
  EXPECT_EQ(dd.assignee_name, "物业甲");
  EXPECT_TRUE(D().GetDemand(a.demand.id, property).ok());
}

TEST_P(DemandContract, SearchAndFilters) {
  auto w = MakeWorld();
  auto a = Must(D().CreateDemand(Intake(w.f.h301.id, "楼上装修噪音太大", "2026-11-02T08:30:00Z"), DemandScope::All()));
  Must(D().CreateDemand(Intake(w.f.h101.id, "小区停车位不够，乱停车", "2026-11-10T08:30:00Z", "parking.disorder"),
                        DemandScope::All()));
  auto r = Intake(w.f.h302.id, "暖气不热，室温只有十五度", "2026-11-20T08:30:00Z", "heating.cold");
  r.demand.channel = "hotline_12345";
  r.demand.external_number = "BJ12345-0001";
  r.demand.urgency = "urgent";
  Must(D().CreateDemand(r, DemandScope::All()));

  DemandFilter f;
  f.q = "装修";
  EXPECT_EQ(Numbers(f), std::vector<std::string>{"楼上装修噪音太大"});
  f.q = "噪音太";  // three characters
  EXPECT_EQ(Numbers(f), std::vector<std::string>{"楼上装修噪音太大"});
  f.q = " 乱 停车 ";  // spaces ignored
  EXPECT_EQ(Numbers(f), std::vector<std::string>{"小区停车位不够，乱停车"});
  f.q = "乱停";
  DemandScope grid1;
  grid1.unrestricted = false;
  grid1.grid_ids = {w.g1.id};
  EXPECT_TRUE(Numbers(f, grid1).empty());  // scope narrows the search
  f.q = "暖";
  EXPECT_EQ(D().ListDemands(f, DemandScope::All(), {0, 10}).error().field, "q");
  f.q = "BJ12345-0001";  // an external number
  EXPECT_EQ(Numbers(f), std::vector<std::string>{"暖气不热，室温只有十五度"});
  f.q = a.demand.number;
  EXPECT_EQ(Numbers(f), std::vector<std::string>{"楼上装修噪音太大"});

  DemandFilter g;
  g.category_code = "noise";  // the subtree
  EXPECT_EQ(Numbers(g), std::vector<std::string>{"楼上装修噪音太大"});
  g = {};
  g.channel = "hotline_12345";
  EXPECT_EQ(Numbers(g).size(), 1u);
  g = {};
  g.urgency = "urgent";
  EXPECT_EQ(Numbers(g).size(), 1u);
  g = {};
  g.grid_id = w.g2.id;
  EXPECT_EQ(Numbers(g), std::vector<std::string>{"小区停车位不够，乱停车"});
  g = {};
  g.from = "2026-11-05", g.to = "2026-11-20";
  EXPECT_EQ(Numbers(g).size(), 2u);  // newest first
  EXPECT_EQ(Numbers(g)[0], "暖气不热，室温只有十五度");
  g = {};
  g.assignee_user_id = w.worker.id;
  EXPECT_EQ(Numbers(g).size(), 2u);  // both in grid 1
  g = {};
  g.status = "dispatched,received";
  EXPECT_EQ(Numbers(g).size(), 3u);
  g.status = "bogus";
  EXPECT_EQ(D().ListDemands(g, DemandScope::All(), {0, 10}).error().field, "status");
  // Overdue / due soon against `now`.
  g = {};
  g.overdue = true;
  g.now = "2026-11-21T09:00:00Z";
  // 装修 due 11-05, 停车 due 11-17 (7 days), 暖气 urgent due 11-21T08:30 -> all three overdue.
  EXPECT_EQ(Numbers(g).size(), 3u);
  g.now = "2026-11-21T08:00:00Z";
  EXPECT_EQ(Numbers(g).size(), 2u);
  g.overdue = false, g.due_soon = true;
  EXPECT_EQ(Numbers(g), std::vector<std::string>{"暖气不热，室温只有十五度"});
  // Paging keeps the total.
  auto page = Must(D().ListDemands({}, DemandScope::All(), {1, 1}));
  EXPECT_EQ(page.total, 3);
  EXPECT_EQ(page.items.size(), 1u);
}

TEST_P(DemandContract, EveryActionIsRecordedAndIllegalOnesWriteNothing) {
  auto w = MakeWorld();
  Id id = Must(D().CreateDemand(Intake(w.f.h301.id, "楼上漏水", "2026-11-22T08:00:00Z", "neighbour.leak"),
                                DemandScope::All()))
              .demand.id;
  // Illegal: reply before signing? (dispatched -> reply is illegal in the lifecycle)
  DemandActionRequest bad;
  bad.demand_id = id, bad.action = DemandAction::kCallback, bad.now = "2026-11-22T08:10:00Z";
  bad.facts.solved = true, bad.facts.satisfaction = "satisfied";
  auto refused = D().ApplyDemandAction(bad, DemandScope::All());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "action");
  EXPECT_EQ(Must(D().ListDemandEvents(id, DemandScope::All())).size(), 2u);
  EXPECT_EQ(Must(D().GetDemand(id, DemandScope::All())).status, "dispatched");

  // The receiver check.
  DemandActionRequest other;
  other.demand_id = id, other.action = DemandAction::kSign, other.now = "2026-11-22T08:20:00Z";
  other.actor_user_id = w.worker2.id, other.require_receiver = true;
  auto denied = D().ApplyDemandAction(other, DemandScope::All());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);

  auto d = Act(id, DemandAction::kSign, "2026-11-22T08:20:00Z", "", w.worker.id);
  EXPECT_EQ(d.status, "signed");
  EXPECT_EQ(d.first_receiver_user_id, w.worker.id);
  d = Act(id, DemandAction::kContact, "2026-11-22T08:40:00Z", "已电话联系");
  EXPECT_EQ(d.contacted_at, "2026-11-22T08:40:00Z");
  d = Act(id, DemandAction::kStart, "2026-11-22T09:00:00Z");
  d = Act(id, DemandAction::kNote, "2026-11-22T10:00:00Z", "已约物业上门");
  EXPECT_EQ(d.status, "in_progress");
  DemandActionRequest ext;
  ext.demand_id = id, ext.action = DemandAction::kExtend, ext.now = "2026-11-22T11:00:00Z";
  ext.facts.note = "需更换管道", ext.facts.new_due_at = "2026-11-30T08:00:00Z";
  d = Must(D().ApplyDemandAction(ext, DemandScope::All()));
  EXPECT_EQ(d.due_at, "2026-11-30T08:00:00Z");
  EXPECT_EQ(d.extensions, 1);
  d = Act(id, DemandAction::kReply, "2026-11-23T08:00:00Z", "已修好");
  EXPECT_EQ(d.reply, "已修好");
  d = Callback(id, false, "unsatisfied", "2026-11-24T08:00:00Z");
  EXPECT_EQ(d.status, "in_progress");  // reopened
  EXPECT_EQ(d.reopened, 1);
  EXPECT_TRUE(d.replied_at.empty());
  d = Act(id, DemandAction::kReply, "2026-11-25T08:00:00Z", "重新修好");
  d = Callback(id, true, "satisfied", "2026-11-26T08:00:00Z");
  EXPECT_EQ(d.status, "callback_done");
  d = Act(id, DemandAction::kClose, "2026-11-26T09:00:00Z");
  EXPECT_EQ(d.status, "closed");
  auto ev = Must(D().ListDemandEvents(id, DemandScope::All()));
  std::vector<std::string> actions;
  for (auto& e : ev) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "dispatch", "sign", "contact", "start", "note", "extend",
                                                "reply", "callback", "reply", "callback", "close"}));
  EXPECT_EQ(ev[6].note, "需更换管道");
  EXPECT_EQ(ev[8].to_status, "in_progress");
  // Recent events (Open311 updates).
  auto recent = Must(D().ListRecentEvents(DemandScope::All(), "2026-11-25T00:00:00Z", "", 100));
  EXPECT_EQ(recent.size(), 3u);
}

TEST_P(DemandContract, DisputeEscalateAndDispatch) {
  auto w = MakeWorld();
  Id id = Must(D().CreateDemand(Intake(w.f.h301.id, "井盖缺失", "2026-11-22T08:00:00Z", "property.facility"),
                                DemandScope::All()))
              .demand.id;
  DemandActionRequest r;
  r.demand_id = id, r.action = DemandAction::kDispute, r.now = "2026-11-22T08:30:00Z";
  r.facts.note = "不属于网格职责";
  EXPECT_EQ(Must(D().ApplyDemandAction(r, DemandScope::All())).status, "disputed");
  r.action = DemandAction::kAcceptDispute;
  auto d = Must(D().ApplyDemandAction(r, DemandScope::All()));
  EXPECT_EQ(d.status, "returned");
  EXPECT_EQ(d.assignee_kind, "staff");
  r.action = DemandAction::kDispatch, r.assignee_kind = "worker", r.assignee_user_id = 999999;
  auto bad = D().ApplyDemandAction(r, DemandScope::All());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "assignee_user_id");
  r.assignee_user_id = w.worker2.id;
  d = Must(D().ApplyDemandAction(r, DemandScope::All()));
  EXPECT_EQ(d.status, "dispatched");
  EXPECT_EQ(d.assignee_user_id, w.worker2.id);
  r.action = DemandAction::kEscalate, r.facts.note = "需街道协调市政";
  d = Must(D().ApplyDemandAction(r, DemandScope::All()));
  EXPECT_EQ(d.assignee_kind, "street");
}

TEST_P(DemandContract, IdempotencyAndExternalNumbers) {
  auto w = MakeWorld();
  auto r = Intake(w.f.h301.id, "装修噪音", "2026-11-22T08:00:00Z");
  r.idempotency_key = "k-1", r.fingerprint = "sha-a";
  auto first = Must(D().CreateDemand(r, DemandScope::All()));
  auto again = Must(D().CreateDemand(r, DemandScope::All()));
  EXPECT_TRUE(again.existing);
  EXPECT_EQ(again.demand.id, first.demand.id);
  r.fingerprint = "sha-b";
  auto clash = D().CreateDemand(r, DemandScope::All());
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_EQ(clash.error().field, "idempotency_key");
  EXPECT_EQ(Must(D().ListDemands({}, DemandScope::All(), {0, 10})).total, 1);

  auto h = Intake(w.f.h302.id, "12345转来：噪音", "2026-11-22T09:00:00Z");
  h.demand.channel = "hotline_12345", h.demand.external_number = "T-1";
  auto one = Must(D().CreateDemand(h, DemandScope::All()));
  auto dup = D().CreateDemand(h, DemandScope::All());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "external_number");
  h.existing_ok = true;
  auto same = Must(D().CreateDemand(h, DemandScope::All()));
  EXPECT_TRUE(same.existing);
  EXPECT_EQ(same.demand.id, one.demand.id);
  // The same number from another channel is another demand.
  h.demand.channel = "open311";
  EXPECT_FALSE(Must(D().CreateDemand(h, DemandScope::All())).existing);
}

TEST_P(DemandContract, AConsultClosedOnTheSpotKeepsTheAnswerAndItsChildrenAreTold) {
  auto w = MakeWorld();
  auto req = Intake(w.f.h301.id, "供暖费在哪里交？", "2026-11-22T08:00:00Z", "heating.fee");
  req.demand.nature = "consult";
  req.demand.household_id.reset();  // unresolved: not dispatched, stays received
  req.demand.address_text = "社区门口";
  req.demand.community_id = w.f.community.id;
  Id parent = Must(D().CreateDemand(req, DemandScope::All())).demand.id;
  req.demand.description = "暖气费怎么交";
  req.parent_id = parent;
  Id child = Must(D().CreateDemand(req, DemandScope::All())).demand.id;
  ASSERT_EQ(Must(D().GetDemand(parent, DemandScope::All())).status, "received");
  auto closed = Act(parent, DemandAction::kClose, "2026-11-22T08:20:00Z", "社区服务站一楼窗口，工作日九点到五点");
  EXPECT_EQ(closed.status, "closed");
  // The answer is the reply the reporter sees.
  EXPECT_EQ(closed.reply, "社区服务站一楼窗口，工作日九点到五点");
  EXPECT_EQ(closed.replied_at, "2026-11-22T08:20:00Z");
  EXPECT_EQ(Must(D().GetDemand(parent, DemandScope::All())).reply, "社区服务站一楼窗口，工作日九点到五点");
  auto k = Must(D().GetDemand(child, DemandScope::All()));
  EXPECT_EQ(k.status, "merged");
  EXPECT_EQ(k.reply, "社区服务站一楼窗口，工作日九点到五点");
  EXPECT_EQ(k.closed_at, "2026-11-22T08:20:00Z");
  auto ev = Must(D().ListDemandEvents(child, DemandScope::All()));
  EXPECT_EQ(ev.back().action, "parent_closed");
  EXPECT_EQ(ev.back().note, "并案主诉求 " + closed.number + " 已办结：社区服务站一楼窗口，工作日九点到五点");
  // Merged children take no reply or close of their own.
  DemandActionRequest r;
  r.demand_id = child, r.action = DemandAction::kReply, r.now = "2026-11-22T09:00:00Z", r.facts.note = "答复";
  EXPECT_EQ(D().ApplyDemandAction(r, DemandScope::All()).error().code, ErrorCode::kConflict);
}

TEST_P(DemandContract, MergeCountsTheChildAndPropagatesTheReply) {
  auto w = MakeWorld();
  Id parent = Must(D().CreateDemand(Intake(w.f.h301.id, "广场舞噪音", "2026-11-22T08:00:00Z", "noise.square_dance"),
                                    DemandScope::All()))
                  .demand.id;
  auto req = Intake(w.f.h302.id, "晚上广场舞音响太吵", "2026-11-22T09:00:00Z", "noise.square_dance");
  req.parent_id = parent;
  auto child = Must(D().CreateDemand(req, DemandScope::All())).demand;
  EXPECT_EQ(child.status, "merged");
  EXPECT_EQ(child.parent_id, parent);
  EXPECT_EQ(Must(D().GetDemand(parent, DemandScope::All())).children, 1);
  // A merge into a merged demand or into itself is refused.
  Id third = Must(D().CreateDemand(Intake(w.f.h101.id, "广场舞", "2026-11-22T09:30:00Z", "noise.square_dance"),
                                   DemandScope::All()))
                 .demand.id;
  DemandActionRequest m;
  m.demand_id = third, m.action = DemandAction::kMerge, m.now = "2026-11-22T10:00:00Z", m.parent_id = child.id;
  EXPECT_EQ(D().ApplyDemandAction(m, DemandScope::All()).error().field, "parent_id");
  m.parent_id = third;
  EXPECT_EQ(D().ApplyDemandAction(m, DemandScope::All()).error().field, "parent_id");
  // Children list.
  DemandFilter kids;
  kids.parent_id = parent;
  EXPECT_EQ(Numbers(kids), std::vector<std::string>{"晚上广场舞音响太吵"});
  // The parent's reply and close reach the child.
  Act(parent, DemandAction::kSign, "2026-11-22T10:00:00Z", "", w.worker.id);
  Act(parent, DemandAction::kContact, "2026-11-22T10:10:00Z");
  Act(parent, DemandAction::kReply, "2026-11-23T10:00:00Z", "已与广场舞队协商，音量降低并提前到九点结束");
  auto c = Must(D().GetDemand(child.id, DemandScope::All()));
  EXPECT_EQ(c.status, "merged");
  EXPECT_EQ(c.reply, "已与广场舞队协商，音量降低并提前到九点结束");
  EXPECT_EQ(c.replied_at, "2026-11-23T10:00:00Z");
  auto ev = Must(D().ListDemandEvents(child.id, DemandScope::All()));
  // An event of its own (a merged child cannot "reply"), naming the parent.
  EXPECT_EQ(ev.back().action, "parent_replied");
  EXPECT_EQ(ev.back().from_status, "merged");
  EXPECT_EQ(ev.back().to_status, "merged");
  const std::string parent_number = Must(D().GetDemand(parent, DemandScope::All())).number;
  EXPECT_EQ(ev.back().note, "并案主诉求 " + parent_number + " 已答复：已与广场舞队协商，音量降低并提前到九点结束");
  // Duplicate candidates: open demands of the building, merged ones left out.
  DuplicateQuery q;
  q.community_id = w.f.community.id, q.building_id = w.f.b2.id, q.now = "2026-11-24T00:00:00Z";
  auto cands = Must(D().DuplicateCandidates(q, DemandScope::All()));
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].id, parent);
  q.building_id.reset(), q.grid_id = w.g2.id;
  EXPECT_EQ(Must(D().DuplicateCandidates(q, DemandScope::All())).size(), 1u);
  q.now = "2027-02-01T00:00:00Z";
  EXPECT_TRUE(Must(D().DuplicateCandidates(q, DemandScope::All())).empty());
}

// Rates over hand-made demands: every counter against the definition in demands.h.
TEST_P(DemandContract, CountsMatchHandComputedRates) {
  auto w = MakeWorld();
  auto make = [&](Id household, const std::string& at) {
    return Must(D().CreateDemand(Intake(household, "测试诉求" + at, at, "property.service"), DemandScope::All()))
        .demand.id;
  };
  // Grid 1 / worker 1, November: four demands.
  Id a = make(w.f.h301.id, "2026-11-02T01:00:00Z");  // responded in time, solved, satisfied
  Id b = make(w.f.h301.id, "2026-11-03T01:00:00Z");  // responded late, solved, basic
  Id c = make(w.f.h302.id, "2026-11-04T01:00:00Z");  // signed, never contacted; still open -> overdue later
  Id d = make(w.f.h302.id, "2026-11-05T01:00:00Z");  // merged into a
  // Grid 2 / worker 2, December: one, not solved then solved-unsatisfied.
  Id e = make(w.f.h101.id, "2026-12-01T01:00:00Z");

  Act(a, DemandAction::kSign, "2026-11-02T02:00:00Z", "", w.worker.id);
  Act(a, DemandAction::kContact, "2026-11-02T03:00:00Z");
  Act(a, DemandAction::kReply, "2026-11-03T01:00:00Z", "好了");
  Callback(a, true, "satisfied", "2026-11-04T01:00:00Z");

  Act(b, DemandAction::kSign, "2026-11-05T02:00:00Z", "", w.worker.id);  // respond due 24 h -> late
  Act(b, DemandAction::kContact, "2026-11-05T03:00:00Z");
  Act(b, DemandAction::kReply, "2026-11-12T02:00:00Z", "好了");  // due 11-10 -> replied late
  Callback(b, true, "basic", "2026-11-13T01:00:00Z");

  Act(c, DemandAction::kSign, "2026-11-04T02:00:00Z", "", w.worker.id);

  DemandActionRequest m;
  m.demand_id = d, m.action = DemandAction::kMerge, m.now = "2026-11-05T02:00:00Z", m.parent_id = a;
  Must(D().ApplyDemandAction(m, DemandScope::All()));

  Act(e, DemandAction::kSign, "2026-12-01T02:00:00Z", "", w.worker2.id);
  Act(e, DemandAction::kContact, "2026-12-01T03:00:00Z");
  Act(e, DemandAction::kReply, "2026-12-02T01:00:00Z", "好了");
  Callback(e, false, "unsatisfied", "2026-12-03T01:00:00Z");

  DemandCountsQuery q;
  q.from = "2026-11-01", q.to = "2026-12-31", q.group = DemandGroup::kWorker, q.now = "2026-12-20T00:00:00Z";
  auto rows = Must(D().CountDemands(q));
  ASSERT_EQ(rows.size(), 2u);
  const DemandCountRow& w1 = rows[0].id == w.worker.id ? rows[0] : rows[1];
  const DemandCountRow& w2 = rows[0].id == w.worker.id ? rows[1] : rows[0];
  EXPECT_EQ(w1.name, "张三");
  // Worker 1: received a, b, c, d(child) = 4; dispatched a, b, c = 3 (the child counts only as
  // received); responded in time: a; callbacks a, b; solved a, b; satisfied a; basic b;
  // overdue: b (replied late) + c (open past due at 12-20).
  EXPECT_EQ(w1.counts.received, 4);
  EXPECT_EQ(w1.counts.dispatched, 3);
  EXPECT_EQ(w1.counts.responded_in_time, 1);
  EXPECT_EQ(w1.counts.callbacks, 2);
  EXPECT_EQ(w1.counts.solved, 2);
  EXPECT_EQ(w1.counts.satisfied, 1);
  EXPECT_EQ(w1.counts.basic, 1);
  EXPECT_EQ(w1.counts.overdue, 2);
  auto rates = ComputeDemandRates(w1.counts);
  EXPECT_NEAR(*rates.response, 1.0 / 3, 1e-9);
  EXPECT_NEAR(*rates.resolution, 1.0, 1e-9);
  EXPECT_NEAR(*rates.satisfaction, 1.0, 1e-9);
  // Worker 2: the unsolved call-back reopened it (in progress again, not replied).
  EXPECT_EQ(w2.counts.received, 1);
  EXPECT_EQ(w2.counts.responded_in_time, 1);
  EXPECT_EQ(w2.counts.callbacks, 1);
  EXPECT_EQ(w2.counts.solved, 0);

  // Community, per month; street.
  q.group = DemandGroup::kCommunity, q.monthly = true;
  rows = Must(D().CountDemands(q));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].month, "2026-11");
  EXPECT_EQ(rows[0].counts.received, 4);
  EXPECT_EQ(rows[1].month, "2026-12");
  EXPECT_EQ(rows[1].name, "四员厅社区");
  q.group = DemandGroup::kStreet, q.monthly = false;
  rows = Must(D().CountDemands(q));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key, "110112001");
  EXPECT_EQ(rows[0].name, "中仓街道");
  EXPECT_EQ(rows[0].counts.received, 5);
  q.group = DemandGroup::kGrid, q.from = "2026-12-01";
  rows = Must(D().CountDemands(q));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, w.g2.id);
  // Scope: a grid-1 worker's scope sees grid 1 only.
  q.group = DemandGroup::kNone, q.from = "2026-11-01";
  q.scope.unrestricted = false, q.scope.grid_ids = {w.g1.id};
  rows = Must(D().CountDemands(q));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].counts.received, 4);
  // The aggregate equals a recount from the demands themselves.
  auto raw = RawRows("SELECT SUM(received), SUM(dispatched), SUM(callbacks) FROM demand_daily");
  EXPECT_EQ(raw[0][0], "5");
  EXPECT_EQ(raw[0][1], "4");
  EXPECT_EQ(raw[0][2], "3");
  // Trend.
  auto trend = Must(D().DemandTrend(DemandScope::All(), std::nullopt, "2026-11-01", "2026-12-31"));
  ASSERT_EQ(trend.size(), 2u);
  EXPECT_EQ(trend[0].category_code, "property");
  EXPECT_EQ(trend[0].count, 4);
  auto hot = Must(D().HotspotInput(DemandScope::All(), w.f.community.id, "2026-11-01", "2026-12-31", 100));
  EXPECT_EQ(hot.size(), 4u);  // the merged child left out
  EXPECT_EQ(hot.back().building_name, "2号楼");
  EXPECT_EQ(hot.back().compound_name, "水月院");
}

TEST_P(DemandContract, CategoriesSettingsAttachments) {
  auto w = MakeWorld();
  auto cats = Must(D().ListCategories());
  EXPECT_EQ(cats.size(), SeedDemandCategories().size());
  auto changed = cats;
  changed.push_back({"noise.bar", "noise", "酒吧噪音", "Bar noise", 0, 48});
  ASSERT_TRUE(D().ReplaceCategories(changed).ok());
  EXPECT_EQ(Must(D().ListCategories()).size(), cats.size() + 1);
  changed.push_back({"x.y", "nope", "坏", "", 0, 0});
  EXPECT_EQ(D().ReplaceCategories(changed).error().details[0].reason, "unknown_parent");
  Must(D().CreateDemand(Intake(w.f.h301.id, "酒吧太吵", "2026-11-22T08:00:00Z", "noise.bar"), DemandScope::All()));
  auto in_use = D().ReplaceCategories(cats);
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().code, ErrorCode::kConflict);

  EXPECT_EQ(Must(D().GetSetting("weights")), "");
  ASSERT_TRUE(D().PutSetting("weights", R"({"response":0.3})").ok());
  ASSERT_TRUE(D().PutSetting("weights", R"({"response":0.4})").ok());
  EXPECT_EQ(Must(D().GetSetting("weights")), R"({"response":0.4})");

  DemandAttachment a;
  a.sha256 = "ab12", a.mime = "image/png", a.size = 1234, a.original_name = "井盖.png", a.created_by = "staff1";
  auto att = Must(D().CreateAttachment(a));
  EXPECT_TRUE(D().GetAttachment(att.id, DemandScope::All(), "staff1").ok());
  EXPECT_FALSE(D().GetAttachment(att.id, DemandScope::All(), "other").ok());
  auto r = Intake(w.f.h301.id, "井盖缺失", "2026-11-22T08:00:00Z", "property.facility");
  r.attachment_ids = {att.id};
  auto d = Must(D().CreateDemand(r, DemandScope::All())).demand;
  auto list = Must(D().ListAttachments(d.id, DemandScope::All()));
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].original_name, "井盖.png");
  DemandScope grid2;
  grid2.unrestricted = false, grid2.grid_ids = {w.g2.id};
  EXPECT_FALSE(D().GetAttachment(att.id, grid2, "other").ok());
  EXPECT_TRUE(D().GetAttachment(att.id, DemandScope::All(), "other").ok());
}

TEST_P(DemandContract, ImportSkipsExistingAndBulkLoadKeepsCounts) {
  auto w = MakeWorld();
  std::vector<Demand> rows;
  for (int i = 0; i < 5; ++i) {
    Demand d = Intake(i % 2 ? w.f.h301.id : w.f.h101.id, "12345工单" + std::to_string(i), "2026-11-1" +
                      std::to_string(i) + "T08:00:00Z", "environment.litter").demand;
    d.channel = "hotline_12345";
    d.external_number = "T" + std::to_string(i);
    rows.push_back(d);
  }
  rows.push_back(rows[0]);  // the same ticket twice in one file
  auto s = Must(D().ImportDemands(rows, "2026-11-22T00:00:00Z"));
  EXPECT_EQ(s.created, 5);
  EXPECT_EQ(s.existing, 1);
  s = Must(D().ImportDemands(rows, "2026-11-22T00:00:00Z"));  // the same file again
  EXPECT_EQ(s.created, 0);
  EXPECT_EQ(s.existing, 6);
  DemandFilter f;
  f.q = "工单3";
  EXPECT_EQ(Numbers(f).size(), 1u);
  EXPECT_EQ(Must(D().GetDemandByNumber("LL20261113000001", DemandScope::All())).external_number, "T3");
  // A bad row stops the whole import and names the row.
  rows[2].category_code = "nope";
  rows[2].external_number = "T-new";
  auto bad = D().ImportDemands(rows, "2026-11-22T00:00:00Z");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "row 3: category_code");

  // Bulk load: complete demands with their events.
  DemandBulkLoad load;
  load.count = 3;
  load.row = [&](std::size_t i, Demand& d, std::vector<DemandEvent>& ev) {
    d = Intake(w.f.h302.id, "批量诉求" + std::to_string(i), "2026-10-01T08:00:00Z", "garbage.sorting").demand;
    d.community_id = w.f.community.id, d.building_id = w.f.b2.id, d.grid_id = w.g1.id;
    d.status = "closed", d.assignee_kind = "worker", d.assignee_user_id = w.worker.id;
    d.dispatched_at = "2026-10-01T08:00:00Z", d.signed_at = d.contacted_at = "2026-10-01T09:00:00Z";
    d.respond_due_at = "2026-10-02T08:00:00Z", d.due_at = "2026-10-08T08:00:00Z";
    d.replied_at = "2026-10-02T08:00:00Z", d.callback_at = "2026-10-03T08:00:00Z", d.closed_at = d.callback_at;
    d.solved = true, d.satisfaction = "satisfied";
    ev.push_back({0, 0, "create", "", "received", "demo", "", d.created_at});
    ev.push_back({0, 0, "close", "callback_done", "closed", "demo", "", d.closed_at});
  };
  EXPECT_EQ(Must(D().BulkLoadDemands(load)), 3);
  f.q = "批量诉求";
  EXPECT_EQ(Numbers(f).size(), 3u);
  auto loaded = Must(D().GetDemandByNumber("LL20261001000003", DemandScope::All()));
  EXPECT_EQ(Must(D().ListDemandEvents(loaded.id, DemandScope::All())).size(), 2u);
  DemandCountsQuery q;
  q.from = "2026-10-01", q.to = "2026-10-31";
  auto counts = Must(D().CountDemands(q));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].counts.received, 3);
  EXPECT_EQ(counts[0].counts.responded_in_time, 3);
  EXPECT_EQ(counts[0].counts.satisfied, 3);
}

// The reporter's phone encrypted at rest (issue 3 item 6): the raw demands table, read past the
// store, never holds it in clear on any write path (intake, import, bulk load); the store reads it
// back, a search by the exact phone finds the demand through the keyed hash, and clear phones of
// an older version are sealed when the store opens.
TEST_P(DemandContract, ReporterPhoneIsSealedAtRestAndFoundByItsHash) {
  auto w = MakeWorld();
  auto req = Intake(w.f.h301.id, "楼上装修噪音", "2026-11-22T08:00:00Z");
  req.demand.reporter_phone = "13712345678";
  Id created = Must(D().CreateDemand(req, DemandScope::All())).demand.id;
  // A full update keeps the phone (and the action's answer has it in clear).
  EXPECT_EQ(Act(created, DemandAction::kNote, "2026-11-22T08:05:00Z", "已联系").reporter_phone, "13712345678");
  Demand imported = Intake(w.f.h101.id, "路灯不亮", "2026-11-21T08:00:00Z", "environment.litter").demand;
  imported.channel = "hotline_12345", imported.external_number = "T-phone";
  imported.reporter_phone = "13612340001";
  EXPECT_EQ(Must(D().ImportDemands({imported}, "2026-11-22T00:00:00Z")).created, 1);
  DemandBulkLoad load;
  load.count = 2;
  load.row = [&](std::size_t i, Demand& d, std::vector<DemandEvent>& ev) {
    d = Intake(w.f.h302.id, "批量诉求" + std::to_string(i), "2026-10-01T08:00:00Z", "garbage.sorting").demand;
    d.community_id = w.f.community.id, d.building_id = w.f.b2.id, d.grid_id = w.g1.id;
    d.reporter_phone = "1361234000" + std::to_string(2 + i);
    ev.push_back({0, 0, "create", "", "received", "demo", "", d.created_at});
  };
  EXPECT_EQ(Must(D().BulkLoadDemands(load)), 2);

  const std::vector<std::string> phones = {"13712345678", "13612340001", "13612340002", "13612340003"};
  std::string raw = RawTable("demands");
  ASSERT_NE(raw.find("楼上装修噪音"), std::string::npos);  // the table is really read
  for (const auto& phone : phones) EXPECT_EQ(raw.find(phone), std::string::npos) << phone << " stored in clear";
  auto cells = RawRows("SELECT reporter_phone, reporter_phone_sealed, reporter_phone_hash FROM demands");
  ASSERT_EQ(cells.size(), 4u);
  for (auto& r : cells) {
    EXPECT_EQ(r[0], "");
    EXPECT_EQ(r[1].substr(0, 3), "v1:");
    EXPECT_EQ(r[2].size(), 16u);
  }

  // Read back in clear; found by the exact phone (also written with +86 and spaces).
  EXPECT_EQ(Must(D().GetDemand(created, DemandScope::All())).reporter_phone, "13712345678");
  DemandFilter f;
  for (const auto& [q, text] : std::vector<std::pair<std::string, std::string>>{
           {"13712345678", "楼上装修噪音"}, {"+86 137 1234 5678", "楼上装修噪音"}, {"13612340001", "路灯不亮"},
           {"13612340003", "批量诉求1"}}) {
    f.q = q;
    auto page = Must(D().ListDemands(f, DemandScope::All(), {0, 10}));
    ASSERT_EQ(page.total, 1) << q;
    EXPECT_EQ(page.items[0].description, text) << q;
    EXPECT_EQ(page.items[0].reporter_phone, q[0] == '+' ? "13712345678" : q) << q;
  }
  f.q = "13700000000";  // nobody's phone
  EXPECT_EQ(Must(D().ListDemands(f, DemandScope::All(), {0, 10})).total, 0);
  DemandScope grid2;  // out of scope: the phone finds nothing
  grid2.unrestricted = false, grid2.grid_ids = {w.g2.id};
  f.q = "13612340003";
  EXPECT_EQ(Must(D().ListDemands(f, grid2, {0, 10})).total, 0);

  // What a database written before the encryption looks like: the clear column, nothing sealed.
  RawRows("UPDATE demands SET reporter_phone = '13755556666', reporter_phone_sealed = '', reporter_phone_hash = '' "
          "WHERE id = " + std::to_string(created));
  RawRows("INSERT INTO demand_settings(key, value) VALUES ('phones_pending', '1')");
  ASSERT_NE(RawTable("demands").find("13755556666"), std::string::npos);  // the setup holds a clear phone
  store_.reset();
  Open(Url());
  EXPECT_EQ(RawTable("demands").find("13755556666"), std::string::npos);
  EXPECT_TRUE(RawRows("SELECT value FROM demand_settings WHERE key = 'phones_pending'").empty());
  EXPECT_EQ(Must(D().GetDemand(created, DemandScope::All())).reporter_phone, "13755556666");
  f.q = "13755556666";
  auto page = Must(D().ListDemands(f, DemandScope::All(), {0, 10}));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].id, created);
  // The other demands were left as they were.
  EXPECT_EQ(Must(D().GetDemandByNumber(imported.number.empty() ? "LL20261121000001" : imported.number,
                                       DemandScope::All()))
                .reporter_phone,
            "13612340001");
}

// Two receivers pressing 签收 at once: one wins, the other is refused (the row is locked while
// the transition is decided), and exactly one sign event is recorded.
TEST_P(DemandContract, ConcurrentActionsDecideOnTheLatestState) {
  auto w = MakeWorld();
  Id id = Must(D().CreateDemand(Intake(w.f.h301.id, "并发签收", "2026-11-22T08:00:00Z"), DemandScope::All())).demand.id;
  std::atomic<int> ok{0}, refused{0}, ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < 8) std::this_thread::yield();  // all at once
      DemandActionRequest r;
      r.demand_id = id, r.action = DemandAction::kSign, r.now = "2026-11-22T08:10:00Z";
      r.actor = "w" + std::to_string(i), r.actor_user_id = w.worker.id;
      auto res = D().ApplyDemandAction(r, DemandScope::All());
      if (res.ok()) ++ok;
      else if (res.error().code == ErrorCode::kConflict) ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 7);
  int signs = 0;
  for (auto& e : Must(D().ListDemandEvents(id, DemandScope::All()))) signs += e.action == "sign";
  EXPECT_EQ(signs, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemandContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
