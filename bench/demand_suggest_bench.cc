// Category suggestion and duplicate scoring (issue 4), in-process:
//  - trains the naive Bayes classifier on the first 80 % (by time) of the demo year's demands and
//    measures top-1 / top-3 accuracy on the last 20 % (leaf category, and top-level category);
//  - times RankDuplicateCandidates for 1 new text against 1,000 candidates (median of 51 runs);
//  - times one suggestion and the synthetic generator (for the 10M store benchmark).
// Prints one line for bench/run.sh on stdout:
//   suggest <top1 %> <top3 %> <top-level top1 %> <dup ms for 1,000> <suggest µs> <train ms>
// and a readable report on stderr.
//   linli_demand_suggest_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "domain/demand.h"
#include "domain/demand_text.h"
#include "domain/demo.h"
#include "domain/demo_demands.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  using namespace linli;
  const DemoCommunity community = GenerateDemo({});
  const DemoDemands year = GenerateDemoDemands(community, {});

  // Learn from the community's own demands: the older 80 %, excluding merged duplicates (their
  // parent is already there). Test on the newer 20 %.
  std::vector<const Demand*> all;
  for (const auto& dd : year.demands) {
    if (dd.demand.status != "merged") all.push_back(&dd.demand);
  }
  const std::size_t cut = all.size() * 8 / 10;
  DemandCategoryClassifier nb;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < cut; ++i) nb.Add(all[i]->description, all[i]->category_code);
  const double train_ms = Ms(Clock::now() - t0);

  std::size_t top1 = 0, top3 = 0, top_level1 = 0, tested = 0;
  std::vector<double> suggest_us;
  for (std::size_t i = cut; i < all.size(); ++i) {
    const auto s0 = Clock::now();
    auto s = nb.Suggest(all[i]->description, 3);
    suggest_us.push_back(Ms(Clock::now() - s0) * 1000.0);
    ++tested;
    if (s.empty()) continue;
    if (s[0].category_code == all[i]->category_code) ++top1;
    if (TopLevelCategory(s[0].category_code) == TopLevelCategory(all[i]->category_code)) ++top_level1;
    for (const auto& c : s) {
      if (c.category_code == all[i]->category_code) {
        ++top3;
        break;
      }
    }
  }
  const double p1 = 100.0 * static_cast<double>(top1) / static_cast<double>(tested);
  const double p3 = 100.0 * static_cast<double>(top3) / static_cast<double>(tested);
  const double pt = 100.0 * static_cast<double>(top_level1) / static_cast<double>(tested);

  // Duplicate candidates: 1 new demand against 1,000 (the store hands over at most `limit`, 200 by
  // default; 1,000 is the worst case asked for).
  std::vector<Demand> candidates;
  for (std::size_t i = 0; i < year.demands.size() && candidates.size() < 1000; i += 7) {
    Demand d = year.demands[i].demand;
    d.id = static_cast<Id>(i + 1);
    candidates.push_back(std::move(d));
  }
  Demand probe = year.demands[year.demands.size() - 3].demand;
  std::vector<double> dup_ms;
  std::size_t matches = 0;
  for (int run = 0; run < 51; ++run) {
    const auto d0 = Clock::now();
    auto r = RankDuplicateCandidates(probe, candidates);
    dup_ms.push_back(Ms(Clock::now() - d0));
    matches = r.size();
  }

  // Hotspots over the last 90 days of the demo year, place = building (as the API groups them).
  std::vector<HotspotItem> items;
  const std::string since = year.demands.back().demand.created_at.substr(0, 4) == "2026" ? "2026-08-31" : "";
  for (const auto& dd : year.demands) {
    if (dd.demand.status == "merged" || dd.demand.created_at < since) continue;
    HotspotItem h;
    h.id = static_cast<Id>(items.size() + 1);
    h.category_code = dd.demand.category_code;
    h.description = dd.demand.description;
    h.created_at = dd.demand.created_at;
    if (dd.building_index) {
      h.place_key = "b:" + std::to_string(*dd.building_index);
      h.place_name = community.buildings[*dd.building_index].compound + " " +
                     community.buildings[*dd.building_index].name;
    }
    items.push_back(std::move(h));
  }
  const auto h0 = Clock::now();
  auto hotspots = FindHotspots(items);
  const double hot_ms = Ms(Clock::now() - h0);
  std::fprintf(stderr,
               "hotspots: %zu demands of the last 90 days -> %zu clusters in %.0f ms; top: %s (%lld)\n",
               items.size(), hotspots.size(), hot_ms, hotspots.empty() ? "-" : hotspots[0].title.c_str(),
               hotspots.empty() ? 0LL : static_cast<long long>(hotspots[0].count));
  for (std::size_t k = 1; k < hotspots.size() && k < 5; ++k) {
    std::fprintf(stderr, "          %s (%lld)\n", hotspots[k].title.c_str(),
                 static_cast<long long>(hotspots[k].count));
  }

  // The synthetic generator for the 10M store benchmark.
  const auto g0 = Clock::now();
  auto synth = GenerateSyntheticDemands({}, 0, 200000);
  const double gen_s = Ms(Clock::now() - g0) / 1000.0;

  std::fprintf(
      stderr,
      "demo year: %zu demands, %zu not merged; trained on %zu (%.0f ms, %zu categories, %zu features)\n"
      "held out %zu: top-1 %.1f %%, top-3 %.1f %%, top-level top-1 %.1f %%; suggest median %.0f µs\n"
      "duplicates: 1 text vs %zu candidates, median %.2f ms (worst %.2f), %zu above the threshold\n"
      "synthetic demands: %.0f per second (200,000 in %.2f s)\n",
      year.demands.size(), all.size(), cut, train_ms, nb.categories(), nb.vocabulary(), tested, p1, p3, pt,
      Median(suggest_us), candidates.size(), Median(dup_ms), *std::max_element(dup_ms.begin(), dup_ms.end()),
      matches, static_cast<double>(synth.size()) / gen_s, gen_s);
  std::printf("suggest %.1f %.1f %.1f %.2f %.0f %.0f\n", p1, p3, pt, Median(dup_ms), Median(suggest_us),
              train_ms);
  return 0;
}
