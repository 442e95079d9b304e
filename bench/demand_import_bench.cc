// Importing 12345 hotline tickets from CSV (issue 4: 1,000,000 tickets, budget <= 60 s), the whole path
// a user triggers with `linli import demands FILE`: read the file, parse the CSV (src/io, as the
// upload route), map and check every row (service::ParseDemandImport), resolve the addresses to
// households of the community, apply the deadlines, and store (DemandStore::ImportDemands) — through
// api::ImportHotlineTickets, the function the command and POST /demands/import share.
//
// The CSV is a realistic 12345 dispatch sheet of the demo community: the hotline tickets of the demo
// year generator (its Chinese write-ups, addresses of the demo households and buildings, reporters
// and phones) spread over a year, each with its own ticket number (GDyyyymmddnnnnnn: the demo's own tickets are KF…), nature,
// "分类-子类" category and urgency in Chinese, and a column the import ignores (承办单位).
//
// Usage: linli_demand_import_bench --store sqlite:/path.db | postgresql://... [--rows N]
//        [--csv PATH] [--keep-csv]
// The store gets the demo community as `linli demo` makes it (~15,000 demands) when it has none
// (a store already holding other demands, e.g. 10M of linli_demand_store_bench, gets it beside
// them). The tickets are imported into the demo community, then the same file again (nothing new).
// Output: progress on stderr; one line per figure on stdout: BENCHROW<TAB>name<TAB>measured<TAB>budget<TAB>verdict
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "api/hotline_import.h"
#include "cli/commands.h"
#include "cli/store_open.h"
#include "domain/demand.h"
#include "domain/demo.h"
#include "domain/demo_demands.h"
#include "store/demands.h"

using namespace linli;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kBeijing = 8 * 3600;

void Row(const std::string& name, const std::string& measured, const std::string& budget, const std::string& ok) {
  std::printf("BENCHROW\t%s\t%s\t%s\t%s\n", name.c_str(), measured.c_str(), budget.c_str(), ok.c_str());
  std::fflush(stdout);
}

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

void CsvField(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// "2026-03-05 08:31:12" of a UTC unix time, Beijing local.
std::string LocalText(std::int64_t utc) {
  std::string iso = FormatIsoUtc(utc + kBeijing);  // "2026-03-05T08:31:12Z"
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

// The 12345 sheet of `rows` tickets for the demo community `demo`.
std::string MakeCsv(const DemoCommunity& demo, std::size_t rows) {
  DemoDemandOptions o;
  o.count = 40000;
  o.now = "2026-11-28T14:00:00Z";
  DemoDemands dd = GenerateDemoDemands(demo, o);
  std::vector<const Demand*> pool;
  for (const auto& g : dd.demands)
    if (g.demand.channel == "hotline_12345") pool.push_back(&g.demand);
  std::fprintf(stderr, "  %zu distinct hotline tickets of the demo generator as templates\n", pool.size());
  std::map<std::string, std::string> category;  // code -> "物业管理-电梯故障"
  std::map<std::string, std::string> zh;
  for (const auto& c : SeedDemandCategories()) zh[c.code] = c.name_zh;
  for (const auto& c : SeedDemandCategories())
    category[c.code] = c.parent_code.empty() ? c.name_zh : zh[c.parent_code] + "-" + c.name_zh;
  const std::map<std::string, std::string> nature = {
      {"consult", "咨询"}, {"help", "求助"}, {"complaint", "投诉"}, {"report", "举报"}, {"suggestion", "建议"}};
  const std::map<std::string, std::string> urgency = {{"normal", "一般"}, {"urgent", "紧急"}, {"critical", "特急"}};
  const std::string office = demo.community.street_name + demo.community.name;
  std::string out = "\xEF\xBB\xBF工单编号,来电时间,诉求人,联系电话,诉求地址,诉求类型,问题分类,紧急程度,诉求内容,承办单位\n";
  out.reserve(rows * 260);
  const std::int64_t first_day = 1764259200;  // Beijing midnight of 2025-11-28 (UTC): a year to 2026-11-27
  std::map<std::string, int> seq;
  for (std::size_t i = 0; i < rows; ++i) {
    const Demand& d = *pool[(i * 7919) % pool.size()];
    auto t = ParseIsoSeconds(d.created_at);
    const std::int64_t time_of_day = t.ok() ? (*t + kBeijing) % 86400 : 9 * 3600;
    const std::int64_t day = first_day + static_cast<std::int64_t>(i * 365 / rows) * 86400;
    const std::string when = LocalText(day + time_of_day);
    char number[32];
    std::string ymd = when.substr(0, 4) + when.substr(5, 2) + when.substr(8, 2);
    std::snprintf(number, sizeof number, "GD%s%06d", ymd.c_str(), ++seq[ymd]);
    CsvField(out, number), out += ',';
    CsvField(out, when), out += ',';
    CsvField(out, d.reporter_name), out += ',';
    CsvField(out, d.reporter_phone), out += ',';
    CsvField(out, d.address_text), out += ',';
    CsvField(out, nature.at(d.nature)), out += ',';
    CsvField(out, category.count(d.category_code) ? category[d.category_code] : "其他"), out += ',';
    CsvField(out, urgency.at(d.urgency)), out += ',';
    CsvField(out, d.description), out += ',';
    CsvField(out, office), out += '\n';
  }
  return out;
}

// CPU seconds of the process so far (user + system, every thread): on a loaded machine the wall
// time also counts the waits for a core.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, csv_path;
  std::size_t rows = 1000000;
  bool keep_csv = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--store" && i + 1 < argc) url = argv[++i];
    else if (a == "--rows" && i + 1 < argc) rows = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--csv" && i + 1 < argc) csv_path = argv[++i];
    else if (a == "--keep-csv") keep_csv = true;
    else {
      std::fprintf(stderr, "usage: %s --store URL [--rows N] [--csv PATH] [--keep-csv]\n", argv[0]);
      return 2;
    }
  }
  if (url.empty() || rows == 0) {
    std::fprintf(stderr, "--store is required, --rows > 0\n");
    return 2;
  }
  const std::string backend = url.rfind("sqlite:", 0) == 0 ? "SQLite" : "PostgreSQL";
  app::ConfigFlags flags;
  flags.store_url = url;
  // PostgreSQL: the key of the encrypted personal fields in the temporary directory (the default
  // belongs to a real deployment); SQLite keeps it beside the file.
  if (backend == "PostgreSQL")
    flags.key_file = (std::filesystem::temp_directory_path() / "linli-import-bench.key").string();

  const DemoCommunity demo = GenerateDemo(DemoOptions{});
  Id cid = 0;
  std::int64_t before = 0;
  auto find = [&]() -> bool {
    auto store = cli::OpenConfiguredStore(flags);
    if (!store) std::exit(1);
    auto list = store->ListCommunities(Scope::All(), PageRequest{0, 1000});
    if (!list.ok()) std::exit(1);
    for (const auto& c : list->items)
      if (c.community.code == demo.community.code) cid = c.community.id;
    auto all = store->Demands().ListDemands({}, DemandScope::All(), PageRequest{0, 1});
    before = all.ok() ? all->total : 0;
    return cid != 0;
  };
  if (!find()) {
    std::fprintf(stderr, "adding the demo community (linli demo) ...\n");
    // `linli demo` prints its summary on stdout: to stderr here (stdout carries the figures).
    std::fflush(stdout);
    int saved = dup(1);
    dup2(2, 1);
    cli::DemoArgs demo_args;
    demo_args.flags = flags;
    int rc = cli::RunDemo(demo_args);
    std::fflush(stdout);
    dup2(saved, 1);
    close(saved);
    if (rc != 0 || !find()) {
      std::fprintf(stderr, "demo failed\n");
      return 1;
    }
  }
  std::fprintf(stderr, "store: %lld demands; the demo community is %lld\n", static_cast<long long>(before),
               static_cast<long long>(cid));

  if (csv_path.empty())
    csv_path = (std::filesystem::temp_directory_path() / ("linli-12345-" + std::to_string(rows) + ".csv")).string();
  if (!std::filesystem::exists(csv_path)) {
    auto t0 = Clock::now();
    std::fprintf(stderr, "writing %zu tickets to %s ...\n", rows, csv_path.c_str());
    std::string csv = MakeCsv(demo, rows);
    std::ofstream(csv_path, std::ios::binary).write(csv.data(), static_cast<std::streamsize>(csv.size()));
    std::fprintf(stderr, "  %.0f MB in %.1f s\n", csv.size() / 1e6,
                 std::chrono::duration<double>(Clock::now() - t0).count());
  }
  const double csv_mb = static_cast<double>(std::filesystem::file_size(csv_path)) / 1e6;

  auto store = cli::OpenConfiguredStore(flags);
  if (!store) return 1;
  api::HotlineImportOptions options{.community_id = cid, .user = "12345导入", .now = "2026-11-28T14:00:00Z"};
  struct Run {
    double wall = 0, cpu = 0;
    api::HotlineImportReport report;
  };
  auto run = [&](const char* what) -> std::optional<Run> {
    std::fprintf(stderr, "%s ...\n", what);
    auto t0 = Clock::now();
    const double cpu0 = CpuSeconds();
    std::string bytes(std::filesystem::file_size(csv_path), '\0');  // read as `linli import demands` reads it
    std::ifstream(csv_path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    auto report = api::ImportHotlineTickets(*store, bytes, csv_path, options);
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double cpu = CpuSeconds() - cpu0;
    if (!report.ok()) {
      std::fprintf(stderr, "import: %s\n", report.error().message.c_str());
      return std::nullopt;
    }
    std::fprintf(stderr, "  %.1f s (cpu %.1f s): read %.1f, check %.1f, store %.1f; %lld rows, %lld resolved, "
                 "%zu issues, %lld new, %lld existing; peak RSS %.0f MB\n",
                 s, cpu, report->read_seconds, report->check_seconds, report->store_seconds,
                 static_cast<long long>(report->rows), static_cast<long long>(report->resolved),
                 report->issues.size(), static_cast<long long>(report->created),
                 static_cast<long long>(report->existing), PeakRssMb());
    return Run{s, cpu, std::move(*report)};
  };
  auto first = run("importing");
  if (!first) return 1;
  auto again = run("the same file again");
  if (!again) return 1;

  const auto& r = first->report;
  const std::string into = before >= 1000000 ? Fmt("%.1fM", before / 1e6) + " demands"
                                             : "the demo community (" + std::to_string(before) + " demands)";
  Row(backend + ": import " + (rows >= 1000000 ? Fmt("%.1fM", rows / 1e6) : std::to_string(rows)) + " 12345 tickets from CSV (" + Fmt("%.0f MB", csv_mb) +
          ") into " + into,
      Fmt("%.1f s", first->wall) + " (cpu " + Fmt("%.1f", first->cpu) + "; read " + Fmt("%.1f", r.read_seconds) + ", check " +
          Fmt("%.1f", r.check_seconds) + ", store " + Fmt("%.1f", r.store_seconds) + "; " +
          std::to_string(r.created) + " new, " + std::to_string(r.resolved) + " addresses resolved)",
      "<= 60 s", first->wall <= 60 ? "yes" : "NO");
  // (A budget text: bench/run.sh splits on tabs, an empty field between two would vanish.)
  Row(backend + ":   the same file again",
      Fmt("%.1f s", again->wall) + " (" + std::to_string(again->report.created) + " new, " +
          std::to_string(again->report.existing) + " existing)",
      "0 new", again->report.created == 0 ? "yes" : "NO");
  Row(backend + ":   peak memory of the import", Fmt("%.0f MB", PeakRssMb()), "", "");
  if (!keep_csv) std::filesystem::remove(csv_path);
  return 0;
}
