#include "cli/demo_halls.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "domain/deliberation.h"
#include "domain/demand.h"
#include "store/halls.h"

namespace linli::cli {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kBeijing = 8 * 3600;

// Half a day a week for each of the 8 halls: weekday, start, end (local time).
struct Slot {
  int weekday;
  const char* start;
  const char* end;
};
constexpr std::array<Slot, 8> kSlots = {{{2, "14:00", "17:30"},
                                         {1, "09:00", "11:30"},
                                         {3, "14:00", "17:30"},
                                         {4, "09:00", "11:30"},
                                         {5, "14:00", "17:30"},
                                         {2, "09:00", "11:30"},
                                         {6, "09:00", "11:30"},
                                         {4, "14:00", "17:30"}}};

// What residents come about, and how the worker on duty answered.
constexpr std::array<std::pair<const char*, const char*>, 8> kVisits = {{
    {"楼道里堆了旧家具，担心着火", "已联系物业，本周五前清走；以后堆放杂物可先打物业电话"},
    {"想问加装电梯要多少户同意", "按规定本单元三分之二以上业主同意、且专有部分面积也过三分之二即可，已给了流程单"},
    {"晚上广场舞音量太大", "已和舞蹈队队长沟通，音量调小、九点前结束"},
    {"小区东门电动车乱停，挡路", "已请物业划线，下周起东门只停自行车"},
    {"老年餐能不能送到家", "已登记，助餐点对八十岁以上独居老人可以送餐，明天联系您"},
    {"垃圾分类桶站离我家楼太近，有味", "每天加一次清洗，夏天早晚各一次，下月再看"},
    {"楼顶漏雨，物业说要走维修资金", "已讲了维修资金使用流程，需本栋业主表决，社区可以帮忙组织"},
    {"想报名社区志愿者", "已登记，周六上午有垃圾分类宣传，欢迎参加"},
}};

// "HH:MM" + 30 minutes on local day `days` (since the epoch), as UTC text.
std::string VisitAt(std::int64_t days, const std::string& start, int minutes_after) {
  const int h = std::stoi(start.substr(0, 2)), m = std::stoi(start.substr(3, 2));
  const std::int64_t local = days * kDay + (h * 60 + m + minutes_after) * 60;
  return FormatIsoUtc(local - kBeijing);
}

}  // namespace

Result<DemoHallsResult> AddDemoHalls(Store& store, Id community_id, std::int64_t now_seconds) {
  const Scope all = Scope::All();
  LINLI_TRY(auto page, store.ListCompounds(community_id, all, PageRequest{0, 500}));
  std::vector<Compound> compounds;
  for (auto& c : page.items) compounds.push_back(c.compound);
  std::sort(compounds.begin(), compounds.end(), [](const Compound& a, const Compound& b) { return a.id < b.id; });
  DemoHallsResult out;
  if (compounds.empty()) return out;
  // 8 halls (fewer when there are fewer compounds); the first ones take two compounds each.
  const std::size_t n = std::min<std::size_t>(8, compounds.size());
  std::vector<std::vector<Compound>> groups(n);
  const std::size_t doubles = compounds.size() > n ? std::min(n, compounds.size() - n) : 0;
  std::size_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t take = i < doubles ? 2 : 1;
    for (std::size_t k = 0; k < take && next < compounds.size(); ++k) groups[i].push_back(compounds[next++]);
  }
  while (next < compounds.size()) groups[n - 1].push_back(compounds[next++]);  // more than 16 compounds

  // The duty roster: the demo grid workers' accounts, two per hall, in turn.
  std::vector<User> workers;
  for (int i = 1; i <= 40; ++i) {
    auto u = store.FindUserByName(fmt::format("worker{:02d}", i));
    if (!u.ok()) break;
    workers.push_back(*u);
  }
  const std::int64_t today = (now_seconds + kBeijing) / kDay;
  const int today_wd = static_cast<int>(((today % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday
  HallStore& halls = store.Halls();
  std::size_t visit_text = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Slot& slot = kSlots[i % kSlots.size()];
    Hall h;
    h.community_id = community_id;
    h.name = groups[i][0].name + "邻里议事厅";
    h.place = groups[i][0].name + (i % 2 == 0 ? "党群服务站一层" : "活动室");
    for (const auto& c : groups[i]) h.compound_ids.push_back(c.id);
    h.hours = {{slot.weekday, slot.start, slot.end}};
    for (std::size_t k = 0; k < 2 && !workers.empty(); ++k) {
      const User& w = workers[(2 * i + k) % workers.size()];
      h.roster.push_back({slot.weekday, w.display_name.empty() ? w.username : w.display_name, w.id});
    }
    if (h.roster.size() == 2 && h.roster[0].user_id == h.roster[1].user_id) h.roster.pop_back();
    LINLI_TRY_STATUS(ValidateHall(h));
    LINLI_TRY(auto made, halls.CreateHall(h, all));
    ++out.halls;
    out.compounds += static_cast<std::int64_t>(h.compound_ids.size());

    // Visitors: residents of the hall's first compound; 1-4 visits on its last opening days.
    ResidentFilter rf;
    rf.community_id = community_id;
    rf.compound_id = groups[i][0].id;
    LINLI_TRY(auto residents, store.ListResidents(rf, PageRequest{0, 8}));
    const int visits = 1 + static_cast<int>((i * 5 + 3) % 4);
    int back = (today_wd - slot.weekday + 7) % 7;
    if (back == 0) back = 7;  // the opening today may not have happened yet
    for (int k = 0; k < visits; ++k) {
      const auto& [about, answer] = kVisits[visit_text++ % kVisits.size()];
      HallVisitRecord v;
      v.visit.hall_id = made.hall.id;
      if (!residents.items.empty()) {
        const auto& r = residents.items[static_cast<std::size_t>(k) % residents.items.size()];
        v.visit.visitor_name = r.resident.name;
        v.visit.resident_id = r.resident.id;
      } else {
        v.visit.visitor_name = "来访居民";
      }
      v.visit.compound_id = groups[i][0].id;
      v.visit.about = about;
      v.visit.outcome = "answered";
      v.visit.answer = answer;
      v.visit.worker = h.roster.empty() ? "社区工作人员" : h.roster[static_cast<std::size_t>(k) % h.roster.size()].worker_name;
      v.worker_user_id = h.roster.empty() ? std::nullopt : h.roster[static_cast<std::size_t>(k) % h.roster.size()].user_id;
      v.visit.at = VisitAt(today - back - 7 * (k / 2), slot.start, 20 + 35 * (k % 2));
      LINLI_TRY_STATUS(ValidateHallVisit(v.visit));
      LINLI_TRY(auto logged, halls.AddVisit(v, all));
      (void)logged;
      ++out.visits;
    }
  }
  out.line = fmt::format("{} 个议事厅，覆盖 {} 个小区，每周各开放半天，来访 {} 人次", out.halls, out.compounds, out.visits);
  return out;
}

}  // namespace linli::cli
