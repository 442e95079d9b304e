// Store benchmark at scale (not a test): imports the demo registry of N households into a store,
// re-imports it (idempotency), plans and applies grids, then measures list/detail/search latencies.
//   linli_store_bench [--households 1000000] [--url sqlite:/tmp/bench.db] [--queries 500]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "domain/demo.h"
#include "domain/grid_plan.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

template <class F>
void Measure(const char* name, int n, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t = Clock::now();
    f(i);
    ms.push_back(Since(t) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-28s n=%d p50=%.2fms p99=%.2fms max=%.2fms\n", name, n, ms[ms.size() / 2], ms[ms.size() * 99 / 100],
              ms.back());
}

template <class T>
T Must(linli::Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IONBF, 0);
  std::int64_t households = 1000000;
  std::string url = "sqlite:/tmp/linli-store-bench.db";
  int queries = 500;
  std::string csv;  // --csv PATH: only write the rows as CSV (for the sqlite3 .import baseline)
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--households") households = std::atoll(argv[i + 1]);
    else if (flag == "--url") url = argv[i + 1];
    else if (flag == "--queries") queries = std::atoi(argv[i + 1]);
    else if (flag == "--csv") csv = argv[i + 1];
  }
  if (url.rfind("sqlite:", 0) == 0)
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(url.substr(7) + s);

  auto t = Clock::now();
  linli::DemoCommunity demo = linli::GenerateDemo({20230625, households});
  std::printf("generate: %zu rows, %.1fs\n", demo.rows.size(), Since(t));
  if (!csv.empty()) {
    std::FILE* f = std::fopen(csv.c_str(), "wb");
    for (const auto& r : demo.rows)
      std::fprintf(f, "%s,%s,%s,%s,%.2f,%s,%s,%d,%s,%s,%s,%d\n", r.compound.c_str(), r.building.c_str(),
                   r.unit.c_str(), r.door.c_str(), r.area_m2, r.name.c_str(), r.id_number.c_str(),
                   static_cast<int>(r.sex), r.birth_date.c_str(), r.phone.c_str(), r.relation.c_str(),
                   r.is_owner ? 1 : 0);
    std::fclose(f);
    return 0;
  }

  auto store = Must(linli::OpenStore(url), "open");
  auto community = Must(store->CreateCommunity(demo.community), "community");

  t = Clock::now();
  auto stats = Must(store->ImportRegistry(community.id, demo.rows), "import");
  std::printf("import: %.1fs  households=%lld residents=%lld\n", Since(t), (long long)stats.households_created,
              (long long)stats.residents_created);
  t = Clock::now();
  auto again = Must(store->ImportRegistry(community.id, demo.rows), "re-import");
  std::printf("re-import: %.1fs  unchanged=%lld created=%lld\n", Since(t), (long long)again.unchanged_rows,
              (long long)(again.households_created + again.residents_created));

  t = Clock::now();
  auto buildings = Must(store->ListPlanBuildings(community.id, linli::Scope::All()), "plan buildings");
  auto plan = Must(linli::PlanGrids({community.code, 150, std::nullopt}, buildings), "plan");
  std::vector<linli::GridAssignment> assign;
  for (auto& g : plan.grids) assign.push_back({g.code, g.name, "网格员", "13800000000", g.building_ids});
  auto grids = Must(store->ApplyGridPlan(community.id, assign), "apply");
  std::printf("grid plan: %zu buildings -> %zu grids, %.1fs\n", buildings.size(), grids.size(), Since(t));

  std::mt19937_64 rng(7);
  auto c = Must(store->GetCommunity(community.id, linli::Scope::All()), "summary");
  std::printf("community: households=%lld residents=%lld grids=%lld\n", (long long)c.households, (long long)c.residents,
              (long long)c.grids);
  Measure("GetCommunity", queries, [&](int) { (void)store->GetCommunity(community.id, linli::Scope::All()); });
  Measure("ListGrids", 20, [&](int) { (void)store->ListGrids(community.id, linli::Scope::All()); });
  Measure("ListHouseholds(grid)", queries, [&](int) {
    linli::HouseholdFilter f;
    f.grid_id = grids[rng() % grids.size()].id;
    (void)store->ListHouseholds(f, {0, 50});
  });
  Measure("ListHouseholds(community)", queries, [&](int) {
    linli::HouseholdFilter f;
    f.community_id = community.id;
    (void)store->ListHouseholds(f, {static_cast<std::int64_t>(rng() % 1000) * 50, 50});
  });
  auto first = Must(store->ListHouseholds({}, {0, 1}), "first");
  const linli::Id min_id = first.items.at(0).household.id;
  Measure("GetHousehold", queries, [&](int) {
    (void)store->GetHousehold(min_id + static_cast<linli::Id>(rng() % c.households), linli::Scope::All());
  });
  Measure("ListHouseholds(q=name)", queries, [&](int) {
    linli::HouseholdFilter f;
    const auto& row = demo.rows[rng() % demo.rows.size()];
    f.q = row.name.substr(0, std::min<std::size_t>(row.name.size(), 6));  // the first two characters
    auto p = store->ListHouseholds(f, {0, 50});
    if (!p.ok()) std::fprintf(stderr, "%s\n", p.error().message.c_str());
  });
  Measure("ListHouseholds(q=address)", queries, [&](int) {
    linli::HouseholdFilter f;
    const auto& row = demo.rows[rng() % demo.rows.size()];
    f.q = row.compound + " " + row.building;
    (void)store->ListHouseholds(f, {0, 50});
  });
  Measure("ListHouseholds(q=full addr)", queries, [&](int) {
    linli::HouseholdFilter f;
    const auto& row = demo.rows[rng() % demo.rows.size()];
    f.q = row.compound + row.building + row.unit + row.door;
    (void)store->ListHouseholds(f, {0, 50});
  });
  Measure("ListResidents(q=name)", queries, [&](int) {
    linli::ResidentFilter f;
    f.q = demo.rows[rng() % demo.rows.size()].name;
    (void)store->ListResidents(f, {0, 50});
  });
  return 0;
}
