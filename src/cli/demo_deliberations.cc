#include "cli/demo_deliberations.h"

#include <fmt/format.h>

#include <optional>
#include <tuple>

#include "domain/notice.h"
#include "store/deliberations.h"
#include "store/demands.h"
#include "store/notices.h"
#include "store/votes.h"

namespace linli::cli {

namespace {

template <class T>
Status StatusOf(const Result<T>& r) {
  if (r.ok()) return Ok();
  return r.error();
}

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kBeijing = 8 * 3600;

// `days` from today (negative = past) at local `hour`:`minute` in Beijing, as UTC text.
std::string At(std::int64_t now, int days, int hour = 10, int minute = 0) {
  const std::int64_t local_midnight = (now + kBeijing) / kDay * kDay;
  return FormatNoticeTimeUtc(local_midnight - kBeijing + days * kDay + hour * 3600 + minute * 60);
}
// The local day `days` from today, "YYYY-MM-DD".
std::string Day(std::int64_t now, int days) {
  return FormatNoticeTimeUtc((now + kBeijing) / kDay * kDay + days * kDay).substr(0, 10);
}

Opinion MakeOpinion(std::string source, std::string author, std::string text, std::optional<Id> compound,
                    bool anonymous = false) {
  Opinion o;
  o.source = std::move(source), o.author_name = std::move(author), o.text = std::move(text);
  o.compound_id = compound, o.anonymous = anonymous;
  return o;
}

StepRequest Advance(const std::string& actor, std::string now) {
  StepRequest r;
  r.action = StepAction::kAdvance;
  r.actor = actor;
  r.now = std::move(now);
  return r;
}

}  // namespace

Result<DemoDeliberationsSummary> AddDemoDeliberations(Store& store, Id cid, std::int64_t now) {
  const Scope all = Scope::All();
  DeliberationStore& ds = store.Deliberations();
  DemoDeliberationsSummary out;
  LINLI_TRY(auto community, store.GetCommunity(cid, all));
  const std::string head = community.community.name + "书记";
  const std::string staff = community.community.name + "工作人员";

  // The garbage station's compound: the demo resident's (the community's first household).
  HouseholdFilter first;
  first.community_id = cid;
  LINLI_TRY(auto households, store.ListHouseholds(first, PageRequest{0, 1}));
  if (households.items.empty()) return out;
  const Id compound = households.items[0].compound_id;
  LINLI_TRY(auto compound_summary, store.GetCompound(compound, all));
  const std::string cname = compound_summary.compound.name;
  const std::int64_t compound_households = compound_summary.households;

  // ---------------------------------------------------------------- 1. 垃圾站选址 (closed)
  {
    Deliberation d;
    d.community_id = cid, d.compound_ids = {compound};
    d.title = cname + "撤桶并站后新桶站选址";
    d.created_by = staff;
    LINLI_TRY(auto made, ds.CreateDeliberation(d, {}, At(now, -95), all));
    const Id id = made.deliberation.id;
    std::vector<Id> ops;
    for (auto [o, day] : std::initializer_list<std::pair<Opinion, int>>{
             {MakeOpinion("online", "张桂兰",
                          "业委会把新桶站定在3号楼楼前，正对我们一层的窗户，夏天味道大、招蚊蝇，坚决反对。",
                          compound),
              -95},
             {MakeOpinion("online", "陈立新", "一层住户都不同意放楼前，能不能放到离楼远一点的空地？", compound),
              -94},
             {MakeOpinion("hall", "李大爷", "撤桶并站以后倒垃圾要多走路，老人拎着垃圾不方便，桶站别放太远。",
                          compound),
              -93},
             {MakeOpinion("hall", "王秀英", "北侧围墙边有块空地，离楼远，清运车从北门进出也方便，建议放那儿。",
                          compound),
              -93},
             {MakeOpinion("online", "", "桶站旁边最好有洗手池，定时开放，安排志愿者指导分类。", compound, true),
              -92},
             {MakeOpinion("staff", "业委会", "原定楼前位置便于清运车停靠；如改址，须保证清运车能开到桶站。",
                          std::nullopt),
              -91}}) {
      LINLI_TRY(auto added, ds.AddOpinion(id, o, At(now, day, 15), all));
      ops.push_back(added.id);
    }
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, At(now, -90)), {}, all)));
    LINLI_TRY_STATUS(StatusOf(ds.SetThemes(
        id, {{ops[0], "选址"}, {ops[1], "选址"}, {ops[3], "选址"}, {ops[5], "清运"}, {ops[2], "投放方便"}, {ops[4], "管理"}},
        At(now, -89), all)));
    DeliberationPatch p;
    p.topic = "新桶站选址";
    p.question = "撤桶并站后，新桶站设在3号楼楼前还是北侧围墙边空地？怎样兼顾一层住户、老人投放和清运车进出？";
    LINLI_TRY_STATUS(StatusOf(ds.UpdateDeliberation(id, p, At(now, -88), all)));
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, At(now, -87)), {}, all)));

    for (auto [kind, text] : std::initializer_list<std::pair<const char*, const char*>>{
             {"site_visit",
              "下班后与业委会、物业公司、党员和志愿者实地查看三处位置：3号楼楼前、北侧围墙边空地、东门停车场一角。"
              "北侧空地距最近住宅楼约 25 米，清运车可从北门进出。"},
             {"survey", "走访3号楼、5号楼一层住户 24 户，21 户赞成北侧空地，3 户希望离单元门再近一些。"},
             {"quote", "物业报价：北侧空地硬化 30 平方米、加装两盏照明灯和一个洗手池，共 4.8 万元。"}}) {
      ResearchNote n;
      n.kind = kind, n.text = text, n.author = staff;
      LINLI_TRY_STATUS(StatusOf(ds.AddResearch(id, n, {}, At(now, -80), all)));
    }
    DeliberationOption front;
    front.title = "桶站设在3号楼楼前（业委会原方案）";
    front.description = "利用楼前现有硬化地面，设四分类桶站一处。";
    front.cost_fen = 1'200'000, front.payer = "物业服务费", front.schedule = "一周内完成";
    front.affected_households = compound_households;
    LINLI_TRY_STATUS(StatusOf(ds.AddOption(id, front, {}, At(now, -78), all)));
    DeliberationOption north;
    north.title = "桶站迁至北侧围墙边空地";
    north.description = "硬化地面，加装照明和洗手池，清运车从北门进出；楼前临时桶站同时撤除。";
    north.cost_fen = 4'800'000, north.payer = "街道垃圾分类专项经费", north.schedule = "两个月内完成";
    north.affected_households = compound_households;
    LINLI_TRY(auto chosen, ds.AddOption(id, north, {}, At(now, -78), all));
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, At(now, -75)), {}, all)));

    Meeting m1;
    m1.held_at = At(now, -70, 18, 30), m1.place = cname + "邻里议事厅";
    m1.attendees = {{head, "committee"}, {"业委会主任", "residents"}, {"张桂兰", "residents"},
                    {"物业项目经理", "units"},  {"党员志愿者", "party"}};
    m1.minutes = "一层住户代表说明反对楼前方案的理由；物业说明清运路线；多数人倾向北侧空地，须核实清运车能否进出。";
    m1.outcome = "倾向北侧空地，会后核实清运路线";
    LINLI_TRY_STATUS(StatusOf(ds.AddMeeting(id, m1, At(now, -70, 21), all)));
    Meeting m2;
    m2.held_at = At(now, -63, 18, 30), m2.place = "社区居委会会议室";
    m2.attendees = {{head, "committee"},  {staff, "committee"},  {"业委会主任", "residents"},
                    {"居民代表陈立新", "residents"}, {"物业项目经理", "units"}, {"第三党支部书记", "party"}};
    m2.minutes = "四方会谈：物业确认清运车可从北门进出；一致同意北侧空地方案，加装照明和洗手池，楼前临时桶站撤除。";
    m2.outcome = "选定北侧空地方案";
    LINLI_TRY_STATUS(StatusOf(ds.AddMeeting(id, m2, At(now, -63, 21), all)));
    p = {};
    p.outcome = "新桶站设在北侧围墙边空地，加装照明和洗手池；楼前临时桶站撤除；物业负责清运和值守。";
    p.chosen_option_id = chosen.id;
    LINLI_TRY_STATUS(StatusOf(ds.UpdateDeliberation(id, p, At(now, -62), all)));
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(head, At(now, -62)), {}, all)));

    for (auto [title, owner, due, done_day] : std::initializer_list<std::tuple<const char*, const char*, int, int>>{
             {"北侧空地硬化并安装照明", "物业公司", -45, -47},
             {"安装洗手池和分类指导牌", "社区居委会", -42, -43},
             {"撤除3号楼楼前临时桶站", "物业公司", -40, -40}}) {
      DeliberationTask t;
      t.title = title, t.owner = owner, t.due_date = Day(now, due);
      LINLI_TRY(auto task, ds.AddTask(id, t, At(now, -61), all));
      TaskUpdate half;
      half.text = "已开工", half.by = owner, half.progress = 50;
      LINLI_TRY_STATUS(StatusOf(ds.AddTaskUpdate(id, task.id, half, "", {}, At(now, done_day - 5), all)));
      TaskUpdate done;
      done.text = "已完成，现场验收合格", done.by = owner, done.progress = 100;
      LINLI_TRY_STATUS(StatusOf(ds.AddTaskUpdate(id, task.id, done, "done", {}, At(now, done_day), all)));
    }
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, At(now, -39)), {}, all)));

    // The notice: published, its seven days over, one objection answered.
    Notice n;
    n.community_id = cid, n.compound_ids = {compound};
    n.title = "关于" + cname + "新桶站选址的公示";
    n.body = "各位居民：\n\n经居民意见征集、分组商量、实地调研和四方会谈，" + cname +
             "撤桶并站后的新桶站设在北侧围墙边空地，加装照明和洗手池，清运车从北门进出，3号楼楼前临时桶站同时撤除。"
             "\n\n公示期内居民可提出意见或异议，社区将逐条答复。";
    n.kind = NoticeKind::kDeliberation;
    n.starts_at = At(now, -38, 0), n.ends_at = At(now, -31, 0);
    n.deliberation_id = id;
    n.created_by = staff, n.created_at = At(now, -39);
    LINLI_TRY(auto valid, ValidateNotice(n));
    NoticeStore& ns = store.Notices();
    LINLI_TRY(auto notice, ns.CreateNotice(valid, all));
    LINLI_TRY_STATUS(StatusOf(ns.PublishNotice(notice.id, staff, At(now, -39, 16), all)));
    NoticeComment c;
    c.notice_id = notice.id, c.kind = NoticeCommentKind::kObjection, c.author_name = "赵某";
    c.text = "北侧空地晚上太暗，老人倒垃圾不安全。";
    c.at = At(now, -36, 20);
    LINLI_TRY(auto objection, ns.AddComment(c, all));
    LINLI_TRY_STATUS(StatusOf(ns.AnswerComment(notice.id, objection.id, "已在桶站两侧加装两盏太阳能路灯，晚上有照明。",
                                               staff, At(now, -35), all)));
    NoticeLink link{notice.id, true, n.starts_at, n.ends_at, 0};
    LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(head, At(now, -30)), {"", {link}}, all)));
    // The period is over and every objection answered: the notice goes to the archive.
    LINLI_TRY_STATUS(StatusOf(ns.ArchiveNotice(notice.id, staff, At(now, -30, 10), all)));
    ++out.deliberations;
  }

  // ---------------------------------------------------------------- 2. 停车难 (collect, from demands)
  std::int64_t seeded = 0;
  {
    DemandFilter f;
    f.community_id = cid;
    f.category_code = "parking";
    std::vector<Id> ids;
    auto list = store.Demands().ListDemands(f, DemandScope{}, PageRequest{0, 12});
    if (list.ok())
      for (const auto& d : list->items) ids.push_back(d.id);
    Deliberation d;
    d.community_id = cid, d.title = "小区停车难、外来车辆乱停";
    d.created_by = staff;
    LINLI_TRY(auto made, ds.CreateDeliberation(d, ids, At(now, -6), all));
    seeded = static_cast<std::int64_t>(ids.size());
    LINLI_TRY_STATUS(StatusOf(ds.AddOpinion(
        made.deliberation.id,
        MakeOpinion("hall", "刘阿姨", "晚上回来车位都被外来车占了，建议外来车辆登记、限时停放。", compound),
        At(now, -3, 15), all)));
    ++out.deliberations;
  }

  // ---------------------------------------------------------------- 3. 加装电梯 (decide, linked vote)
  std::string elevator;
  {
    VoteFilter f;
    f.community_id = cid;
    f.q = "电梯";
    LINLI_TRY(auto votes, store.Votes().ListVotes(f, all, PageRequest{0, 1}));
    if (!votes.items.empty() && votes.items[0].electorate.kind == "unit" && !votes.items[0].electorate.ids.empty()) {
      const VoteRecord& v = votes.items[0];
      LINLI_TRY(auto unit, store.GetUnit(v.electorate.ids[0], all));
      LINLI_TRY(auto building, store.GetBuilding(unit.unit.building_id, all));
      const std::string t0 = "2024-03-01T02:00:00Z";
      Deliberation d;
      d.community_id = cid, d.compound_ids = {building.building.compound_id};
      d.title = v.electorate_label + "加装电梯";
      d.created_by = staff;
      LINLI_TRY(auto made, ds.CreateDeliberation(d, {}, t0, all));
      const Id id = made.deliberation.id;
      for (auto o : {MakeOpinion("online", "孙奶奶", "我住五楼，腿脚不好，上下楼太难，盼着装电梯。", building.building.compound_id),
                     MakeOpinion("hall", "周先生", "一楼装电梯没用，还挡光，费用怎么分要说清楚。", building.building.compound_id)})
        LINLI_TRY_STATUS(StatusOf(ds.AddOpinion(id, o, "2024-03-02T07:00:00Z", all)));
      LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, "2024-03-05T02:00:00Z"), {}, all)));
      DeliberationPatch p;
      p.topic = "本单元加装电梯";
      p.question = "本单元是否加装电梯？费用按楼层怎样分摊？";
      LINLI_TRY_STATUS(StatusOf(ds.UpdateDeliberation(id, p, "2024-03-05T03:00:00Z", all)));
      LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, "2024-03-06T02:00:00Z"), {}, all)));
      ResearchNote n;
      n.kind = "quote", n.text = "电梯公司报价 62 万元，政府补贴 24 万元，其余按楼层系数由业主分摊。", n.author = staff;
      LINLI_TRY_STATUS(StatusOf(ds.AddResearch(id, n, {}, "2024-03-12T02:00:00Z", all)));
      DeliberationOption o;
      o.title = "加装电梯，按楼层分摊";
      o.description = "一层不分摊，二层起按楼层系数递增。";
      o.cost_fen = 62'000'000, o.payer = "政府补贴 + 业主按楼层分摊", o.schedule = "表决通过后 6 个月内完工";
      o.affected_households = unit.households;
      LINLI_TRY(auto option, ds.AddOption(id, o, {}, "2024-03-12T03:00:00Z", all));
      LINLI_TRY_STATUS(StatusOf(ds.ChangeStep(id, Advance(staff, "2024-03-15T02:00:00Z"), {}, all)));
      Meeting m;
      m.held_at = "2024-03-28T10:30:00Z", m.place = "邻里议事厅";
      m.attendees = {{head, "committee"}, {"孙奶奶", "residents"}, {"周先生", "residents"}, {"电梯公司", "units"},
                     {"党员代表", "party"}};
      m.minutes = "讨论分摊方案，一层住户仍有顾虑；同意提交本单元业主表决。";
      m.outcome = "提交业主表决";
      LINLI_TRY_STATUS(StatusOf(ds.AddMeeting(id, m, "2024-03-28T12:00:00Z", all)));
      p = {};
      p.outcome = "按民法典第二百七十八条提交本单元业主表决";
      p.needs_vote = true, p.vote_id = v.id, p.chosen_option_id = option.id;
      LINLI_TRY_STATUS(StatusOf(ds.UpdateDeliberation(id, p, "2024-04-01T02:00:00Z", all)));
      elevator = fmt::format("{}（在第四步，表决{}）", d.title, v.outcome == "passed" ? "通过" : "未通过");
      ++out.deliberations;
    }
  }
  out.line = fmt::format("{}：{}新桶站选址（已办结）；停车难（第一步，由 {} 条诉求带入）{}{}", out.deliberations, cname,
                         seeded, elevator.empty() ? "" : "；", elevator);
  return out;
}

}  // namespace linli::cli
