// The demand store at scale (issue 4): loads N synthetic demands (default 10,000,000: about half a
// year of Beijing's 12345) into a store, then measures the budgets of the issue in-process:
//   the three rates of a street for a month (p99 < 100 ms), of one worker (< 20 ms), full-text
//   search (< 100 ms), duplicate candidates at intake (< 20 ms), and the import of 1,000,000
//   hotline tickets (<= 60 s; rows already parsed — the store's part only; the whole path from a
//   CSV file, as `linli import demands` runs it, is bench/demand_import_bench.cc).
// Usage: linli_demand_store_bench --store sqlite:/path.db | postgresql://... [--demands N]
//        [--import N] [--reuse] [--queries N] [--import-only] [--intake-first] [--streets N]
// --reuse keeps a store that already holds N demands (skips the load). A PostgreSQL URL is used as
// it is: point it at an empty database (bench/run.sh creates one).
// Output: progress on stderr; one line per figure on stdout:
//   BENCHROW<TAB>name<TAB>measured<TAB>budget<TAB>verdict
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/demands.h"

using namespace linli;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCommunitiesPerStreet = 10, kGridsPerCommunity = 8, kBuildingsPerGrid = 12;
// --streets N (default 20): fewer streets keep a community's density at a smaller N (1,000,000
// demands in 2 streets hold 50,000 per community, as 10,000,000 in 20).
int kStreets = 20, kCommunities = kStreets * kCommunitiesPerStreet, kGrids = kCommunities * kGridsPerCommunity;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kStart = 1777593600;  // 2026-05-01T00:00:00Z
constexpr int kDays = 184;                   // to 2026-10-31

struct Topic {
  const char* category;
  std::vector<const char*> texts;
};
const std::vector<Topic>& Topics() {
  static const std::vector<Topic> t = {
      {"noise.renovation", {"楼上装修噪音太大，中午和晚上还在电钻", "隔壁装修砸墙声音很大，影响老人休息", "周末一早装修施工，噪音扰民"}},
      {"noise.square_dance", {"小区广场舞音响声音太大，晚上九点后还在跳", "广场舞音乐太吵，孩子没法写作业"}},
      {"environment.litter", {"垃圾桶满了没人清运，气味很大", "楼下垃圾堆放好几天没有清理", "小区门口垃圾清运不及时"}},
      {"garbage.sorting", {"垃圾分类投放点没人值守，混投严重", "厨余垃圾桶破损，分类投放不方便"}},
      {"property.elevator", {"电梯故障停运两天了，老人上下楼困难", "电梯经常卡在半层，存在安全隐患", "电梯按钮失灵，物业一直没修"}},
      {"property.facility", {"楼道灯坏了晚上很黑", "单元门禁损坏，陌生人随便进出", "小区路灯不亮，晚上出行不安全", "井盖松动，车辆经过响声很大"}},
      {"parking.disorder", {"小区停车位不够，车辆乱停堵住消防通道", "有车长期占用别人车位", "电动车在楼道里充电，存在火灾隐患"}},
      {"housing.leak", {"顶楼屋顶漏雨，墙皮脱落", "外墙渗水，卧室墙面发霉", "楼道窗户玻璃破损漏风"}},
      {"heating.cold", {"暖气不热，室温只有十四度", "供暖后暖气片一直是凉的", "暖气管道漏水，家里地板泡了"}},
      {"utilities.water_outage", {"小区突然停水，没有提前通知", "自来水发黄，有异味", "水压太低，高层用不上水"}},
      {"neighbour.leak", {"楼上漏水到我家卫生间，协商不成", "楼上空调外机滴水到我家窗台"}},
      {"neighbour.pets", {"邻居养狗不拴绳，吓到孩子", "楼道里有狗粪没人清理"}},
      {"elderly.meal", {"想给独居老人申请助餐服务", "社区老年餐桌饭菜价格咨询"}},
      {"security", {"小区里有人乱发小广告", "夜里有陌生人在车棚附近徘徊"}},
  };
  return t;
}
const char* kCompounds[] = {"水月院", "清风苑", "金桥家园", "柳岸小区", "玉兰里", "和平里", "新华东里", "东方明珠苑"};
const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
const char* kGiven[] = {"秀英", "建国", "丽", "强", "敏", "静", "伟", "芳", "军", "磊"};

std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The synthetic world: communities (real rows, so streets and names resolve), grids (real rows),
// workers and buildings as synthetic ids (worker of grid g = 1,000,000 + g).
struct World {
  std::vector<Id> communities;   // index -> id
  std::vector<Id> grids;         // index -> id
  std::vector<std::string> street_codes;
};

Id WorkerOf(int grid_index) { return 1000000 + grid_index; }
Id BuildingOf(int grid_index, int k) { return 2000000 + grid_index * kBuildingsPerGrid + k; }

Result<World> MakeWorld(Store& s, bool reuse) {
  World w;
  if (reuse) {
    LINLI_TRY(auto cs, s.ListCommunities(Scope::All(), {0, 1000}));
    for (auto& c : cs.items) {
      w.communities.push_back(c.community.id);
      LINLI_TRY(auto gs, s.ListGrids(c.community.id, Scope::All()));
      for (auto& g : gs) w.grids.push_back(g.grid.id);
    }
    for (int st = 0; st < kStreets; ++st) {
      char code[16];
      std::snprintf(code, sizeof code, "110112%03d", st + 1);
      w.street_codes.push_back(code);
    }
    if (static_cast<int>(w.communities.size()) == kCommunities && static_cast<int>(w.grids.size()) == kGrids)
      return w;
    return Error::Internal("--reuse: the store does not hold the benchmark world");
  }
  for (int st = 0; st < kStreets; ++st) {
    char street[16];
    std::snprintf(street, sizeof street, "110112%03d", st + 1);
    w.street_codes.push_back(street);
    for (int cm = 0; cm < kCommunitiesPerStreet; ++cm) {
      char code[16];
      std::snprintf(code, sizeof code, "%s%03d", street, cm + 1);
      Community c{0, code, "第" + std::to_string(st * kCommunitiesPerStreet + cm + 1) + "社区",
                  "第" + std::to_string(st + 1) + "街道", "通州区"};
      LINLI_TRY(auto made, s.CreateCommunity(c));
      w.communities.push_back(made.id);
      for (int g = 0; g < kGridsPerCommunity; ++g) {
        char gcode[20];
        std::snprintf(gcode, sizeof gcode, "%s%03d", code, g + 1);
        LINLI_TRY(auto grid, s.CreateGrid({0, made.id, gcode, "第" + std::to_string(g + 1) + "网格", "", ""}));
        w.grids.push_back(grid.id);
      }
    }
  }
  return w;
}

std::string Iso(std::int64_t t) { return FormatIsoUtc(t); }

// Demand i of n: spread evenly over the period, chronological.
void MakeDemand(const World& w, std::size_t i, std::size_t n, Demand& d) {
  const std::uint64_t h = Mix(i);
  const std::int64_t created = kStart + static_cast<std::int64_t>((static_cast<double>(i) / n) * kDays * kDay);
  const int grid = static_cast<int>(h % kGrids);
  const int community = grid / kGridsPerCommunity;
  const auto& topics = Topics();
  const Topic& topic = topics[(h >> 12) % topics.size()];
  const char* text = topic.texts[(h >> 20) % topic.texts.size()];
  const int building = static_cast<int>((h >> 24) % kBuildingsPerGrid);
  d.channel = (h >> 28) % 3 == 0 ? "hotline_12345" : ((h >> 28) % 3 == 1 ? "phone" : "resident");
  d.nature = "complaint";
  d.category_code = topic.category;
  d.urgency = (h >> 30) % 50 == 0 ? "urgent" : "normal";
  d.address_text = std::string(kCompounds[(h >> 32) % 8]) + std::to_string(building + 1) + "号楼";
  d.description = d.address_text + text;
  d.community_id = w.communities[community];
  d.grid_id = w.grids[grid];
  d.building_id = BuildingOf(grid, building);
  d.address_resolved = true;
  d.reporter_name = std::string(kSurnames[(h >> 36) % 10]) + kGiven[(h >> 40) % 10];
  d.reporter_phone = "139" + std::to_string(10000000 + (h >> 8) % 89999999);
  d.created_at = Iso(created);
  d.created_by = "bench";
  d.respond_due_at = Iso(created + kDay);
  d.due_at = Iso(created + 7 * kDay);
  d.assignee_kind = "worker";
  d.assignee_user_id = WorkerOf(grid);
  d.assignee_name = "网格员" + std::to_string(grid + 1);
  d.dispatched_at = Iso(created + 300);
  const std::int64_t age = kStart + kDays * kDay - created;
  const int r = static_cast<int>((h >> 44) % 100);
  if (age < 10 * kDay && r < 40) {  // recent and still open, in some state
    d.status = r < 10 ? "dispatched" : (r < 20 ? "signed" : (r < 30 ? "in_progress" : "replied"));
    if (r >= 10) d.signed_at = Iso(created + 3600), d.first_receiver_user_id = d.assignee_user_id;
    if (r >= 20) d.contacted_at = Iso(created + 7200);
    if (r >= 30) d.reply = "已处理", d.replied_at = Iso(created + 2 * kDay);
  } else {
    d.status = "closed";
    d.first_receiver_user_id = d.assignee_user_id;
    d.signed_at = Iso(created + (r < 8 ? 30 * 3600 : 3600));
    d.contacted_at = Iso(created + (r < 8 ? 31 * 3600 : 7200));
    d.reply = "已与相关单位协调处理完毕";
    d.replied_at = Iso(created + (r < 5 ? 8 * kDay : (1 + r % 5) * kDay));
    d.callback_at = Iso(created + (r < 5 ? 9 * kDay : (2 + r % 5) * kDay));
    d.closed_at = d.callback_at;
    d.solved = r % 13 != 0;
    d.satisfaction = r < 85 ? "satisfied" : (r < 95 ? "basic" : "unsatisfied");
  }
  d.updated_at = d.closed_at.empty() ? d.created_at : d.closed_at;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t k = static_cast<std::size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(k, v.size() - 1)];
}

void Row(const std::string& name, const std::string& measured, const std::string& budget, const std::string& ok) {
  std::printf("BENCHROW\t%s\t%s\t%s\t%s\n", name.c_str(), measured.c_str(), budget.c_str(), ok.c_str());
  std::fflush(stdout);
}

std::string Ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f" : "%.1f", ms);
  return buf;
}

// Runs `fn(k)` `n` times, returns the latencies in ms; aborts on an error.
template <class F>
std::vector<double> Time(int n, F&& fn) {
  std::vector<double> out;
  for (int k = 0; k < n; ++k) {
    auto t0 = Clock::now();
    if (!fn(k)) {
      std::fprintf(stderr, "query failed\n");
      std::exit(1);
    }
    out.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return out;
}

// On stderr: a query slower than 100 ms (what the tail of a run is made of).
void SlowNote(const std::string& what, Clock::time_point t0, std::int64_t total) {
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (ms >= 100) std::fprintf(stderr, "  slow: %s, %lld hits, %.1f ms\n", what.c_str(), static_cast<long long>(total), ms);
}

void Report(const std::string& name, const std::vector<double>& ms, double budget, const std::string& extra = "") {
  double p99 = Percentile(ms, 0.99), p50 = Percentile(ms, 0.5);
  Row(name, Ms(p99) + " ms (p50 " + Ms(p50) + ")" + extra, "< " + Ms(budget) + " ms", p99 < budget ? "yes" : "NO");
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  std::size_t n = 10000000, import_n = 1000000;
  int queries = 200;
  bool reuse = false, import_only = false;  // --import-only: skip the queries (profiling the import)
  bool intake_first = false;  // --intake-first: one intake before the import (a server's checkpointer runs)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--store" && i + 1 < argc) url = argv[++i];
    else if (a == "--demands" && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--import" && i + 1 < argc) import_n = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--queries" && i + 1 < argc) queries = std::atoi(argv[++i]);
    else if (a == "--reuse") reuse = true;
    else if (a == "--import-only") import_only = true;
    else if (a == "--intake-first") intake_first = true;
    else if (a == "--streets" && i + 1 < argc) {
      kStreets = std::max(1, std::atoi(argv[++i]));
      kCommunities = kStreets * kCommunitiesPerStreet, kGrids = kCommunities * kGridsPerCommunity;
    }
    else {
      std::fprintf(stderr, "usage: %s --store URL [--demands N] [--import N] [--queries N] [--reuse] [--streets N]\n", argv[0]);
      return 2;
    }
  }
  if (url.empty()) {
    std::fprintf(stderr, "--store is required\n");
    return 2;
  }
  const std::string backend = url.rfind("sqlite:", 0) == 0 ? "SQLite" : "PostgreSQL";
  // PostgreSQL: the key file of the encrypted personal fields in the temporary directory (the
  // default, data/linli.key, belongs to a real deployment).
  StoreOptions options;
  if (backend == "PostgreSQL")
    options.key_file = (std::filesystem::temp_directory_path() / "linli-demand-bench.key").string();
  auto t_open = Clock::now();
  auto opened = OpenStore(url, options);
  std::fprintf(stderr, "opened the store in %.1f s (migrations included)\n",
               std::chrono::duration<double>(Clock::now() - t_open).count());
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
    return 1;
  }
  Store& store = **opened;
  DemandStore& demands = store.Demands();

  std::int64_t have = 0;
  if (reuse) {
    auto p = demands.ListDemands({}, DemandScope::All(), {0, 1});
    if (p.ok()) have = p->total;
  }
  reuse = reuse && have >= static_cast<std::int64_t>(n);
  auto world = MakeWorld(store, reuse);
  if (!world.ok()) {
    std::fprintf(stderr, "world: %s\n", world.error().message.c_str());
    return 1;
  }
  const World& w = *world;
  char label[64];
  std::snprintf(label, sizeof label, "%.1fM", n / 1e6);
  const std::string size = label;

  if (!reuse) {
    std::fprintf(stderr, "loading %zu demands into %s ...\n", n, backend.c_str());
    auto t0 = Clock::now();
    DemandBulkLoad load;
    load.count = n;
    load.row = [&](std::size_t i, Demand& d, std::vector<DemandEvent>&) {
      MakeDemand(w, i, n, d);
      if (i % 1000000 == 999999) std::fprintf(stderr, "  %zu rows, %.0f s\n", i + 1,
                                               std::chrono::duration<double>(Clock::now() - t0).count());
    };
    auto loaded = demands.BulkLoadDemands(load);
    if (!loaded.ok()) {
      std::fprintf(stderr, "load: %s\n", loaded.error().message.c_str());
      return 1;
    }
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f s", s);
    Row(backend + ": bulk load of " + size + " demands (search index, daily counts)", buf, "", "");
  } else {
    std::fprintf(stderr, "reusing the %lld demands in the store\n", static_cast<long long>(have));
  }

  std::mt19937_64 rng(42);
  const std::string end_day = "2026-10-31", now = "2026-10-31T12:00:00Z";
  const char* months[] = {"2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"};
  const int month_days[] = {31, 30, 31, 31, 30, 31};

  // Warm the caches once (a server runs warm).
  if (!import_only) {
    DemandCountsQuery q;
    q.from = "2026-05-01", q.to = end_day, q.group = DemandGroup::kStreet;
    (void)demands.CountDemands(q);
  }
  if (!import_only) {
    // 1. A street's three rates for a month, per community (the street's rates page).
    auto street = Time(queries, [&](int k) {
      DemandCountsQuery q;
      int m = static_cast<int>(rng() % 6);
      q.from = std::string(months[m]) + "-01";
      q.to = std::string(months[m]) + "-" + std::to_string(month_days[m]);
      q.street_code = w.street_codes[rng() % w.street_codes.size()];
      q.group = DemandGroup::kCommunity;
      q.now = now;
      auto r = demands.CountDemands(q);
      if (r.ok() && k == 0)
        std::fprintf(stderr, "  street-month: %zu communities, %lld received in the first\n", r->size(),
                     r->empty() ? 0LL : static_cast<long long>((*r)[0].counts.received));
      return r.ok();
    });
    Report(backend + " " + size + ": rates of a street for a month", street, 100);
    // 2. One worker's rates for a month.
    auto worker = Time(queries, [&](int) {
      DemandCountsQuery q;
      int m = static_cast<int>(rng() % 6);
      q.from = std::string(months[m]) + "-01";
      q.to = std::string(months[m]) + "-" + std::to_string(month_days[m]);
      q.worker_user_id = WorkerOf(static_cast<int>(rng() % kGrids));
      q.group = DemandGroup::kWorker;
      q.now = now;
      return demands.CountDemands(q).ok();
    });
    Report(backend + " " + size + ": rates of one worker for a month", worker, 20);
    // 3. Full-text search: a street head searching a 2-4 character fragment, first page and total.
    const char* terms[] = {"漏水", "噪音",   "电梯故障", "停车位", "垃圾", "暖气不热",
                           "楼道", "广场舞", "门禁",     "井盖",   "停水", "装修"};
    std::int64_t hits = 0;
    auto search = Time(queries, [&](int) {
      DemandFilter f;
      f.q = terms[rng() % 12];
      DemandScope s;
      s.unrestricted = false;
      int st = static_cast<int>(rng() % kStreets);
      for (int c = 0; c < kCommunitiesPerStreet; ++c)
        s.community_ids.push_back(w.communities[st * kCommunitiesPerStreet + c]);
      auto t0 = Clock::now();
      auto r = demands.ListDemands(f, s, {0, 50});
      if (r.ok()) hits += r->total;
      SlowNote("street " + std::to_string(st + 1) + " " + f.q, t0, r.ok() ? r->total : -1);
      return r.ok();
    });
    Report(backend + " " + size + ": full-text search in a street (page + total)", search, 100,
           ", " + std::to_string(hits / std::max(queries, 1)) + " hits avg");
    hits = 0;
    auto search_c = Time(queries, [&](int) {
      DemandFilter f;
      f.q = terms[rng() % 12];
      DemandScope s;
      s.unrestricted = false;
      s.community_ids = {w.communities[rng() % kCommunities]};
      auto t0 = Clock::now();
      auto r = demands.ListDemands(f, s, {0, 50});
      if (r.ok()) hits += r->total;
      SlowNote("community " + std::to_string(s.community_ids[0]) + " " + f.q, t0, r.ok() ? r->total : -1);
      return r.ok();
    });
    Report(backend + " " + size + ": full-text search in a community", search_c, 100,
           ", " + std::to_string(hits / std::max(queries, 1)) + " hits avg");
    // The whole city (an unrestricted account): every community's keys; fewer queries.
    hits = 0;
    const int city_queries = std::min(std::max(queries / 4, 1), 5);
    auto search_all = Time(city_queries, [&](int) {
      DemandFilter f;
      f.q = terms[rng() % 12];
      auto r = demands.ListDemands(f, DemandScope::All(), {0, 50});
      if (r.ok()) hits += r->total;
      return r.ok();
    });
    Report(backend + " " + size + ": full-text search, whole city (" + std::to_string(city_queries) +
               " queries)",
           search_all, 100, ", " + std::to_string(hits / city_queries) + " hits avg");
    // 4. Duplicate candidates at intake: open demands of the building (or grid) in 30 days.
    std::int64_t cands = 0;
    auto dup = Time(queries, [&](int k) {
      DuplicateQuery q;
      int grid = static_cast<int>(rng() % kGrids);
      q.community_id = w.communities[grid / kGridsPerCommunity];
      if (k % 2 == 0)
        q.building_id = BuildingOf(grid, static_cast<int>(rng() % kBuildingsPerGrid));
      else
        q.grid_id = w.grids[grid];
      q.now = now;
      auto r = demands.DuplicateCandidates(q, DemandScope::All());
      if (r.ok()) cands += static_cast<std::int64_t>(r->size());
      return r.ok();
    });
    Report(backend + " " + size + ": duplicate candidates at intake (building / grid)", dup, 20,
           ", " + std::to_string(cands / std::max(queries, 1)) + " rows avg");

  }  // !import_only

  // 5. Import of hotline tickets (rows as the CSV parser hands them over), then the same again.
  if (import_n > 0) {
    std::vector<Demand> rows(import_n);
    for (std::size_t i = 0; i < import_n; ++i) {
      Demand& d = rows[i];
      const std::uint64_t h = Mix(i + 777777777);
      const Topic& topic = Topics()[h % Topics().size()];
      d.channel = "hotline_12345";
      // Numbers new to the store (a reused store keeps the tickets of earlier runs).
      d.external_number = "BJ" + std::to_string(20261101000000ULL + i) + (have ? "-" + std::to_string(have) : "");
      d.nature = "complaint";
      d.category_code = topic.category;
      d.urgency = "normal";
      d.description = topic.texts[(h >> 8) % topic.texts.size()];
      d.community_id = w.communities[(h >> 16) % kCommunities];
      d.address_text = std::string(kCompounds[(h >> 24) % 8]) + std::to_string((h >> 28) % 20 + 1) + "号楼";
      d.reporter_name = std::string(kSurnames[(h >> 32) % 10]) + kGiven[(h >> 36) % 10];
      d.reporter_phone = "138" + std::to_string(10000000 + (h >> 40) % 89999999);
      d.created_at = Iso(kStart + kDays * kDay + static_cast<std::int64_t>(i % 86400));
      d.created_by = "12345导入";
    }
    if (intake_first) {
      // As in a server that took intakes: the store's WAL checkpointer runs during the import.
      CreateDemandRequest req;
      req.demand = rows[0];
      req.demand.external_number += "-intake";
      req.now = "2026-11-01T11:00:00Z";
      auto made = demands.CreateDemand(req, DemandScope::All());
      std::fprintf(stderr, "intake before the import: %s\n", made.ok() ? "ok" : made.error().message.c_str());
    }
    std::fprintf(stderr, "importing %zu tickets ...\n", import_n);
    auto t0 = Clock::now();
    auto st = demands.ImportDemands(rows, "2026-11-01T12:00:00Z");
    double s1 = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!st.ok()) {
      std::fprintf(stderr, "import: %s\n", st.error().message.c_str());
      return 1;
    }
    t0 = Clock::now();
    auto again = demands.ImportDemands(rows, "2026-11-01T12:00:00Z");
    double s2 = std::chrono::duration<double>(Clock::now() - t0).count();
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.1f s (%lld new)", s1, static_cast<long long>(st->created));
    std::snprintf(label, sizeof label, "%.1fM", import_n / 1e6);
    Row(backend + ": import " + label + " hotline tickets into " + size, buf, "<= 60 s", s1 <= 60 ? "yes" : "NO");
    std::snprintf(buf, sizeof buf, "%.1f s (%lld existing)", s2,
                  again.ok() ? static_cast<long long>(again->existing) : -1LL);
    Row(backend + ":   the same file again (nothing new)", buf, "", "");
  }
  return 0;
}
