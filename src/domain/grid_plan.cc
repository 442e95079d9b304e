#include "domain/grid_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

#include "domain/text_util.h"

namespace linli {

namespace {

struct Point {
  double x = 0, y = 0;
};

// Row-band order of points (see grid_plan.h): rows = round(sqrt(count)) bands of equal height from
// the northernmost to the southernmost point, north band first; inside a band west first (or east
// first on odd bands when `serpentine`, which keeps a traversal geographically continuous).
// Ties: north first, then input order. Returns the indices in that order.
std::vector<std::size_t> BandOrder(const std::vector<Point>& pts, bool serpentine) {
  std::vector<std::size_t> order(pts.size());
  std::iota(order.begin(), order.end(), 0);
  if (pts.empty()) return order;
  double ymax = pts[0].y, ymin = pts[0].y;
  for (const auto& p : pts) ymax = std::max(ymax, p.y), ymin = std::min(ymin, p.y);
  int rows = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(pts.size())))));
  double h = (ymax - ymin) / rows;
  std::vector<int> band(pts.size(), 0);
  if (h > 0)
    for (std::size_t i = 0; i < pts.size(); ++i)
      band[i] = std::min(rows - 1, static_cast<int>(std::floor((ymax - pts[i].y) / h)));
  // Serpentine parity counts only the bands that hold points, so an empty band does not break it.
  std::vector<int> rank(rows, 0);
  {
    std::vector<bool> used(rows, false);
    for (int b : band) used[b] = true;
    for (int b = 0, r = 0; b < rows; ++b) rank[b] = used[b] ? r++ : r;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (band[a] != band[b]) return band[a] < band[b];
    bool reverse = serpentine && rank[band[a]] % 2 == 1;
    if (pts[a].x != pts[b].x) return reverse ? pts[a].x > pts[b].x : pts[a].x < pts[b].x;
    return pts[a].y > pts[b].y;
  });
  return order;
}

Point Centroid(const std::vector<PlanBuilding>& b, const std::vector<std::size_t>& idx) {
  Point c;
  for (auto i : idx) c.x += *b[i].x, c.y += *b[i].y;
  if (!idx.empty()) c.x /= static_cast<double>(idx.size()), c.y /= static_cast<double>(idx.size());
  return c;
}

// Cost of a partition, compared lexicographically: fewer compound splits first, then balance.
struct Cost {
  std::int64_t splits = 0;
  double sumsq = 0;
  bool operator<(const Cost& o) const { return splits != o.splits ? splits < o.splits : sumsq < o.sumsq - 1e-9; }
};

// The smallest possible maximum load over contiguous partitions into k parts (n >= k).
std::int64_t MinMaxLoad(const std::vector<std::int64_t>& w, int k) {
  std::int64_t lo = *std::max_element(w.begin(), w.end());
  std::int64_t hi = std::accumulate(w.begin(), w.end(), std::int64_t{0});
  auto parts_needed = [&](std::int64_t bound) {
    int parts = 1;
    std::int64_t load = 0;
    for (auto x : w) {
      if (load + x > bound) ++parts, load = 0;
      load += x;
    }
    return parts;
  };
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo) / 2;
    if (parts_needed(mid) <= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// prefix[i] = w[0] + ... + w[i-1].
std::vector<std::int64_t> PrefixSums(const std::vector<std::int64_t>& w) {
  std::vector<std::int64_t> prefix(w.size() + 1, 0);
  for (std::size_t i = 0; i < w.size(); ++i) prefix[i + 1] = prefix[i] + w[i];
  return prefix;
}

// Exact: k non-empty contiguous parts, each <= bound, minimising (splits, sum of squares).
// Returns the start index of each part. Cost O(k * n * window).
std::vector<std::size_t> PartitionDp(const std::vector<std::int64_t>& w, const std::vector<int>& comp, int k,
                                     std::int64_t bound) {
  const std::size_t n = w.size();
  const std::vector<std::int64_t> prefix = PrefixSums(w);
  const Cost kInf{std::numeric_limits<std::int64_t>::max() / 4, 0};
  std::vector<std::vector<Cost>> dp(k + 1, std::vector<Cost>(n + 1, kInf));
  std::vector<std::vector<std::size_t>> from(k + 1, std::vector<std::size_t>(n + 1, 0));
  dp[0][0] = {0, 0};
  for (int j = 1; j <= k; ++j) {
    for (std::size_t i = j; i + (k - j) <= n; ++i) {
      for (std::size_t p = i; p-- > static_cast<std::size_t>(j - 1);) {
        std::int64_t load = prefix[i] - prefix[p];
        if (load > bound) break;
        if (dp[j - 1][p].splits >= kInf.splits) continue;
        Cost c = dp[j - 1][p];
        if (p > 0 && comp[p - 1] == comp[p]) ++c.splits;
        c.sumsq += static_cast<double>(load) * static_cast<double>(load);
        if (c < dp[j][i]) dp[j][i] = c, from[j][i] = p;
      }
    }
  }
  std::vector<std::size_t> starts(k);
  std::size_t i = n;
  for (int j = k; j >= 1; --j) {
    starts[j - 1] = from[j][i];
    i = from[j][i];
  }
  return starts;
}

// Linear heuristic for very large inputs: each part aims at (remaining load / remaining parts),
// preferring to end at a compound boundary; then boundary moves that lower the larger neighbour.
std::vector<std::size_t> PartitionGreedy(const std::vector<std::int64_t>& w, const std::vector<int>& comp, int k,
                                         std::int64_t bound) {
  const std::size_t n = w.size();
  const std::vector<std::int64_t> prefix = PrefixSums(w);
  auto is_split = [&](std::size_t cut) { return cut > 0 && cut < n && comp[cut - 1] == comp[cut]; };
  // need[e]: fewest parts within the bound that can carry items e..n-1 (greedy from e is optimal).
  std::vector<int> need(n + 1, 0);
  for (std::size_t e = n, next = n; e-- > 0;) {
    while (prefix[next] - prefix[e] > bound) --next;
    need[e] = 1 + need[std::max(next, e + 1)];
  }
  std::vector<std::size_t> starts;
  starts.reserve(k);
  std::size_t start = 0;
  for (int j = 0; j < k; ++j) {
    starts.push_back(start);
    int left = k - j;
    if (left == 1) break;
    double remaining = static_cast<double>(prefix[n] - prefix[start]);
    double target = remaining / left;
    std::size_t max_end = n - (left - 1);
    // Candidates keep this part within the bound and leave a remainder the other parts can still
    // carry within it; when none can, take as much as the bound allows.
    std::size_t best = 0, largest = start + 1;
    double best_score = std::numeric_limits<double>::max();
    for (std::size_t e = start + 1; e <= max_end; ++e) {
      std::int64_t load = prefix[e] - prefix[start];
      if (load > bound && e > start + 1) break;
      largest = e;
      if (need[e] > left - 1) continue;
      double score = std::fabs(static_cast<double>(load) - target) + (is_split(e) ? 0.15 * target : 0.0);
      if (score < best_score) best_score = score, best = e;
    }
    if (best == 0) best = largest;
    start = best;
  }
  // Local improvement: shift a boundary by one building when that lowers the larger of the two
  // neighbours and does not cut a compound that was not cut before.
  auto load_of = [&](std::size_t part) {
    std::size_t end = part + 1 < starts.size() ? starts[part + 1] : n;
    return prefix[end] - prefix[starts[part]];
  };
  for (int pass = 0; pass < 50; ++pass) {
    bool improved = false;
    for (std::size_t b = 1; b < starts.size(); ++b) {
      std::size_t cut = starts[b];
      std::int64_t before = std::max(load_of(b - 1), load_of(b));
      for (int dir : {-1, +1}) {
        std::size_t moved = dir < 0 ? cut - 1 : cut + 1;
        std::size_t prev_start = starts[b - 1];
        std::size_t next_end = b + 1 < starts.size() ? starts[b + 1] : n;
        if (moved <= prev_start || moved >= next_end) continue;
        if (is_split(moved) && !is_split(cut)) continue;
        std::int64_t la = prefix[moved] - prefix[prev_start], lb = prefix[next_end] - prefix[moved];
        if (std::max(la, lb) < before) {
          starts[b] = moved;
          improved = true;
          break;
        }
      }
    }
    if (!improved) break;
  }
  return starts;
}

std::string GridCode(const std::string& community_code, std::size_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%03zu", number);
  return community_code + buf;
}

}  // namespace

double Imbalance(const std::vector<std::int64_t>& households_per_grid) {
  if (households_per_grid.empty()) return 0;
  double sum = 0;
  std::int64_t max = 0;
  for (auto h : households_per_grid) sum += static_cast<double>(h), max = std::max(max, h);
  double mean = sum / static_cast<double>(households_per_grid.size());
  return mean > 0 ? static_cast<double>(max) / mean : 1.0;
}

Result<GridPlan> PlanGrids(const GridPlanRequest& req, const std::vector<PlanBuilding>& buildings) {
  if (req.households_per_worker && req.grid_count)
    return Error::Invalid("grid_count", "out_of_range", "“每人户数”和“网格数”只能填一个");
  if (req.households_per_worker && (*req.households_per_worker < 1 || *req.households_per_worker > 100000))
    return Error::Invalid("households_per_worker", "out_of_range", "每个网格员负责的户数应在1到100000之间");
  if (buildings.empty()) return Error::Invalid("community_id", "empty", "这个社区还没有楼栋，无法划分网格");
  const int n = static_cast<int>(buildings.size());
  if (req.grid_count && (*req.grid_count < 1 || *req.grid_count > n))
    return Error::Invalid("grid_count", "out_of_range",
                          "网格数应在1到" + std::to_string(n) + "之间（网格由整栋楼组成，不能多于楼栋数）");

  std::int64_t total = 0;
  for (const auto& b : buildings) total += std::max<std::int64_t>(0, b.households);
  int k = req.grid_count ? *req.grid_count
                         : static_cast<int>(std::max<std::int64_t>(
                               1, std::llround(static_cast<double>(total) / req.households_per_worker.value_or(150))));
  k = std::min(k, n);

  // Group buildings by compound.
  bool have_xy = std::all_of(buildings.begin(), buildings.end(), [](const PlanBuilding& b) { return b.x && b.y; });
  std::map<std::pair<Id, std::string>, int> compound_index;
  std::vector<std::vector<std::size_t>> compounds;
  std::vector<std::string> compound_names;
  for (std::size_t i = 0; i < buildings.size(); ++i) {
    auto key = std::make_pair(buildings[i].compound_id, buildings[i].compound_id ? std::string() : buildings[i].compound_name);
    auto [it, inserted] = compound_index.try_emplace(key, static_cast<int>(compounds.size()));
    if (inserted) compounds.emplace_back(), compound_names.push_back(buildings[i].compound_name);
    compounds[it->second].push_back(i);
  }

  // Traversal: compounds, and buildings inside each, in map order (serpentine row bands) or address order.
  std::vector<std::size_t> compound_order(compounds.size());
  std::iota(compound_order.begin(), compound_order.end(), 0);
  auto by_address = [&](std::size_t a, std::size_t b) {
    if (buildings[a].name != buildings[b].name) return text::NaturalLess(buildings[a].name, buildings[b].name);
    return buildings[a].id < buildings[b].id;
  };
  if (have_xy) {
    std::vector<Point> centroids;
    for (auto& c : compounds) centroids.push_back(Centroid(buildings, c));
    compound_order = BandOrder(centroids, true);
    for (auto& c : compounds) {
      std::vector<Point> pts;
      for (auto i : c) pts.push_back({*buildings[i].x, *buildings[i].y});
      auto order = BandOrder(pts, true);
      std::vector<std::size_t> sorted;
      for (auto o : order) sorted.push_back(c[o]);
      c = std::move(sorted);
    }
  } else {
    std::stable_sort(compound_order.begin(), compound_order.end(), [&](std::size_t a, std::size_t b) {
      return text::NaturalLess(compound_names[a], compound_names[b]);
    });
    for (auto& c : compounds) std::stable_sort(c.begin(), c.end(), by_address);
  }
  std::vector<std::size_t> seq;
  std::vector<std::int64_t> w;
  std::vector<int> comp;
  seq.reserve(n), w.reserve(n), comp.reserve(n);
  for (auto ci : compound_order)
    for (auto i : compounds[ci]) {
      seq.push_back(i);
      w.push_back(std::max<std::int64_t>(0, buildings[i].households));
      comp.push_back(static_cast<int>(ci));
    }

  // Bound on any grid's load: the best achievable maximum, relaxed to 110 % of the mean so that
  // compounds stay whole when that costs little balance.
  double mean = static_cast<double>(total) / k;
  std::int64_t bound = std::max(MinMaxLoad(w, k), static_cast<std::int64_t>(std::floor(mean * 1.1)));
  std::size_t window = 1;
  {
    std::size_t lo = 0;
    std::int64_t load = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      load += w[i];
      while (load > bound) load -= w[lo++];
      window = std::max(window, i - lo + 1);
    }
  }
  double dp_work = static_cast<double>(k) * n * static_cast<double>(window);
  std::vector<std::size_t> starts = dp_work <= 3e7 && static_cast<double>(k) * n <= 2e6 ? PartitionDp(w, comp, k, bound) : PartitionGreedy(w, comp, k, bound);

  struct Part {
    std::vector<std::size_t> idx;
    std::int64_t load = 0;
  };
  std::vector<Part> parts(starts.size());
  for (std::size_t p = 0; p < starts.size(); ++p) {
    std::size_t end = p + 1 < starts.size() ? starts[p + 1] : seq.size();
    for (std::size_t s = starts[p]; s < end; ++s) parts[p].idx.push_back(seq[s]), parts[p].load += w[s];
  }
  std::vector<std::size_t> numbering(parts.size());
  std::iota(numbering.begin(), numbering.end(), 0);
  if (have_xy) {
    std::vector<Point> centroids;
    for (auto& p : parts) centroids.push_back(Centroid(buildings, p.idx));
    numbering = BandOrder(centroids, false);
  }

  GridPlan plan;
  std::vector<std::int64_t> loads;
  for (std::size_t g = 0; g < numbering.size(); ++g) {
    Part& part = parts[numbering[g]];
    PlannedGrid grid;
    grid.code = GridCode(req.community_code, g + 1);
    grid.name = "第" + std::to_string(g + 1) + "网格";
    for (auto i : part.idx) grid.building_ids.push_back(buildings[i].id);
    grid.households = part.load;
    loads.push_back(part.load);
    plan.grids.push_back(std::move(grid));
  }
  plan.mean = mean;
  plan.max = *std::max_element(loads.begin(), loads.end());
  plan.min = *std::min_element(loads.begin(), loads.end());
  plan.imbalance = Imbalance(loads);
  return plan;
}

}  // namespace linli
