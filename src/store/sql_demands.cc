#include "store/sql_demands.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/metrics.h"
#include "domain/address.h"
#include "domain/validation.h"

namespace linli::store {

namespace {

Value Int(std::int64_t v) { return Value(v); }
Value Text(std::string s) { return Value(std::move(s)); }
Value OptBool(const std::optional<bool>& b) {
  return b ? Value(static_cast<std::int64_t>(*b ? 1 : 0)) : Value();
}

template <class T>
Status ToStatus(const Result<T>& r) {
  if (!r.ok()) return r.error();
  return Ok();
}

bool IsSqlite(const Connection& c) { return c.InstrFunction() == "instr"; }

Error NotFound() { return Error::NotFound("诉求不存在"); }

// ---------------------------------------------------------------- time

constexpr std::int64_t kLocalOffset = 8 * 3600;  // Beijing, UTC+8 (no daylight saving)

// "2026-11-30T17:00:00Z" -> "2026-12-01" (the local day).
std::string LocalDay(std::int64_t unix_seconds) {
  std::string iso = FormatIsoUtc(unix_seconds + kLocalOffset);
  return iso.substr(0, 10);
}
Result<std::string> LocalDayOf(std::string_view iso) {
  LINLI_TRY(auto t, ParseIsoSeconds(iso));
  return LocalDay(t);
}

// "YYYY-MM-DD" -> Unix seconds of its local midnight.
Result<std::int64_t> LocalMidnight(std::string_view day, const std::string& field) {
  if (day.size() != 10) return Error::Invalid(field, "format", "日期格式应为 YYYY-MM-DD");
  auto t = ParseIsoSeconds(std::string(day) + "T00:00:00Z");
  if (!t.ok()) return Error::Invalid(field, "format", "日期格式应为 YYYY-MM-DD");
  return *t - kLocalOffset;
}

Result<std::string> CanonicalTime(std::string_view iso, const std::string& field) {
  auto t = ParseIsoSeconds(iso);
  if (!t.ok()) return Error::Invalid(field, "format", "时间格式应为 ISO 8601");
  return FormatIsoUtc(*t);
}

// The created_at range of a from/to pair: days (inclusive) or ISO times ([from, to)).
Status CreatedRange(const std::string& from, const std::string& to, std::vector<std::string>& conds, Params& p,
                    const std::string& column = "t.created_at") {
  if (!from.empty()) {
    std::string t;
    if (from.size() == 10) {
      LINLI_TRY(auto m, LocalMidnight(from, "from"));
      t = FormatIsoUtc(m);
    } else {
      LINLI_TRY(t, CanonicalTime(from, "from"));
    }
    conds.push_back(column + " >= ?");
    p.emplace_back(t);
  }
  if (!to.empty()) {
    std::string t;
    if (to.size() == 10) {
      LINLI_TRY(auto m, LocalMidnight(to, "to"));
      t = FormatIsoUtc(m + 86400);
    } else {
      LINLI_TRY(t, CanonicalTime(to, "to"));
    }
    conds.push_back(column + " < ?");
    p.emplace_back(t);
  }
  return Ok();
}

// ---------------------------------------------------------------- row mapping

constexpr std::string_view kDemandColumns =
    "t.id, t.number, t.channel, t.external_number, t.nature, t.category_code, t.urgency, t.description, "
    "t.address_text, t.community_id, t.household_id, t.building_id, t.grid_id, t.address_resolved, "
    "t.reporter_name, t.reporter_phone_sealed, t.reporter_resident_id, t.reporter_user_id, t.status, t.assignee_kind, "
    "t.assignee_user_id, t.assignee_name, t.first_receiver_user_id, t.parent_id, t.children, t.reply, t.solved, "
    "t.satisfaction, t.callback_comment, t.extensions, t.reopened, t.created_at, t.dispatched_at, t.signed_at, "
    "t.contacted_at, t.replied_at, t.callback_at, t.closed_at, t.respond_due_at, t.due_at, t.updated_at, "
    "t.created_by, t.compound_id";

// The reporter's phone comes sealed (reporter_phone_sealed) and is opened with `cipher`.
// kInternal when it does not open (not this database's key, or altered).
Result<Demand> ToDemand(const std::vector<Value>& r, const FieldCipher& cipher) {
  Demand d;
  int i = 0;
  d.id = AsInt(r[i++]), d.number = AsText(r[i++]), d.channel = AsText(r[i++]), d.external_number = AsText(r[i++]);
  d.nature = AsText(r[i++]), d.category_code = AsText(r[i++]), d.urgency = AsText(r[i++]);
  d.description = AsText(r[i++]), d.address_text = AsText(r[i++]), d.community_id = AsInt(r[i++]);
  d.household_id = AsOptId(r[i++]), d.building_id = AsOptId(r[i++]), d.grid_id = AsOptId(r[i++]);
  d.address_resolved = AsInt(r[i++]) != 0;
  d.reporter_name = AsText(r[i++]);
  LINLI_TRY(d.reporter_phone, cipher.Decrypt(AsText(r[i++])));
  d.reporter_resident_id = AsOptId(r[i++]), d.reporter_user_id = AsOptId(r[i++]);
  d.status = AsText(r[i++]), d.assignee_kind = AsText(r[i++]), d.assignee_user_id = AsOptId(r[i++]);
  d.assignee_name = AsText(r[i++]), d.first_receiver_user_id = AsOptId(r[i++]), d.parent_id = AsOptId(r[i++]);
  d.children = AsInt(r[i++]), d.reply = AsText(r[i++]);
  if (!IsNull(r[i])) d.solved = AsInt(r[i]) != 0;
  ++i;
  d.satisfaction = AsText(r[i++]), d.callback_comment = AsText(r[i++]);
  d.extensions = static_cast<int>(AsInt(r[i++])), d.reopened = static_cast<int>(AsInt(r[i++]));
  d.created_at = AsText(r[i++]), d.dispatched_at = AsText(r[i++]), d.signed_at = AsText(r[i++]);
  d.contacted_at = AsText(r[i++]), d.replied_at = AsText(r[i++]), d.callback_at = AsText(r[i++]);
  d.closed_at = AsText(r[i++]), d.respond_due_at = AsText(r[i++]), d.due_at = AsText(r[i++]);
  d.updated_at = AsText(r[i++]), d.created_by = AsText(r[i++]);
  return d;
}

// The responsible worker (首接负责): the first receiver, else the assigned worker.
std::optional<Id> WorkerOf(const Demand& d) {
  if (d.first_receiver_user_id) return d.first_receiver_user_id;
  if (d.assignee_kind == "worker") return d.assignee_user_id;
  return std::nullopt;
}

std::string TopCategory(const std::string& code) {
  auto dot = code.find('.');
  return dot == std::string::npos ? code : code.substr(0, dot);
}

// The columns written for a demand (insert and full update), in this order. The reporter's phone is
// not among them: it is written sealed once, at insert (kPhoneColumns), and never changes.
const std::vector<std::string>& WriteColumns() {
  static const std::vector<std::string> cols = {
      "number", "channel", "external_number", "nature", "category_code", "category_top", "urgency",
      "description", "address_text", "community_id", "household_id", "building_id", "compound_id", "grid_id",
      "address_resolved", "reporter_name", "reporter_resident_id", "reporter_user_id", "status",
      "assignee_kind", "assignee_user_id", "assignee_name", "first_receiver_user_id", "worker_id", "parent_id",
      "children", "reply", "solved", "satisfaction", "callback_comment", "extensions", "reopened", "created_at",
      "dispatched_at", "signed_at", "contacted_at", "replied_at", "callback_at", "closed_at", "respond_due_at",
      "due_at", "updated_at", "created_by"};
  return cols;
}
void WriteValues(const Demand& d, std::optional<Id> compound_id, std::vector<Value>& v) {
  v.clear();
  v.emplace_back(d.number), v.emplace_back(d.channel), v.emplace_back(d.external_number);
  v.emplace_back(d.nature), v.emplace_back(d.category_code), v.emplace_back(TopCategory(d.category_code));
  v.emplace_back(d.urgency), v.emplace_back(d.description), v.emplace_back(d.address_text);
  v.emplace_back(d.community_id), v.push_back(Nullable(d.household_id)), v.push_back(Nullable(d.building_id));
  v.push_back(Nullable(compound_id)), v.push_back(Nullable(d.grid_id));
  v.emplace_back(static_cast<std::int64_t>(d.address_resolved ? 1 : 0));
  v.emplace_back(d.reporter_name);
  v.push_back(Nullable(d.reporter_resident_id)), v.push_back(Nullable(d.reporter_user_id));
  v.emplace_back(d.status), v.emplace_back(d.assignee_kind), v.push_back(Nullable(d.assignee_user_id));
  v.emplace_back(d.assignee_name), v.push_back(Nullable(d.first_receiver_user_id)), v.push_back(Nullable(WorkerOf(d)));
  v.push_back(Nullable(d.parent_id)), v.emplace_back(d.children), v.emplace_back(d.reply), v.push_back(OptBool(d.solved));
  v.emplace_back(d.satisfaction), v.emplace_back(d.callback_comment);
  v.emplace_back(static_cast<std::int64_t>(d.extensions)), v.emplace_back(static_cast<std::int64_t>(d.reopened));
  v.emplace_back(d.created_at), v.emplace_back(d.dispatched_at), v.emplace_back(d.signed_at);
  v.emplace_back(d.contacted_at), v.emplace_back(d.replied_at), v.emplace_back(d.callback_at);
  v.emplace_back(d.closed_at), v.emplace_back(d.respond_due_at), v.emplace_back(d.due_at);
  v.emplace_back(d.updated_at), v.emplace_back(d.created_by);
}

// The reporter's phone as stored: sealed, and its keyed hash for exact search.
constexpr std::array<const char*, 2> kPhoneColumns = {"reporter_phone_sealed", "reporter_phone_hash"};
void PhoneValues(const Demand& d, const FieldCipher& cipher, std::vector<Value>& v) {
  v.emplace_back(cipher.Encrypt(d.reporter_phone)), v.emplace_back(cipher.SearchHash(d.reporter_phone));
}

// ---------------------------------------------------------------- scope

// The SQL condition "demand `t` is in scope" (empty when unrestricted).
std::string ScopeSql(const DemandScope& s, Params& p, const std::string& t = "t") {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back(t + ".community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty()) terms.push_back(t + ".grid_id IN (" + InList(s.grid_ids, p) + ")");
  if (!s.household_ids.empty()) terms.push_back(t + ".household_id IN (" + InList(s.household_ids, p) + ")");
  if (!s.compound_ids.empty())
    terms.push_back("(" + t + ".assignee_kind = 'property' AND " + t + ".compound_id IN (" +
                    InList(s.compound_ids, p) + "))");
  if (s.assigned_user_id) {
    terms.push_back("(" + t + ".assignee_user_id = ? OR " + t + ".first_receiver_user_id = ?)");
    p.emplace_back(*s.assigned_user_id), p.emplace_back(*s.assigned_user_id);
  }
  if (s.reporter_user_id) {
    terms.push_back(t + ".reporter_user_id = ?");
    p.emplace_back(*s.reporter_user_id);
  }
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// True when the scope is made of community and grid lists only (a search can then narrow inside
// the n-gram index by their tokens).
bool ScopeIsAreas(const DemandScope& s) {
  return !s.unrestricted && s.household_ids.empty() && s.compound_ids.empty() && !s.assigned_user_id &&
         !s.reporter_user_id && (!s.community_ids.empty() || !s.grid_ids.empty());
}

// ---------------------------------------------------------------- search index

// Code points of valid UTF-8 (it comes from NormalizeSearchText).
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}
void AppendHex(std::string& out, char32_t cp) {
  char buf[8];
  int n = 0;
  do {
    buf[n++] = "0123456789abcdef"[cp & 0xF];
    cp >>= 4;
  } while (cp);
  while (n) out.push_back(buf[--n]);
}
// The distinct bigrams (as code-point pairs) of the searchable parts of a demand; never across parts.
std::vector<std::uint64_t> DemandBigrams(const Demand& d) {
  std::vector<std::uint64_t> out;
  std::unordered_set<std::uint64_t> seen;
  for (const std::string* part : {&d.description, &d.address_text, &d.reporter_name}) {
    auto cps = CodePoints(NormalizeSearchText(*part));
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
      std::uint64_t g = std::uint64_t{cps[i]} << 32 | cps[i + 1];
      if (seen.insert(g).second) out.push_back(g);
    }
  }
  return out;
}

// The key of a bigram inside its community: community << 42 | first code point << 21 | second
// (code points < 2^21; community ids below 2^21 keep it positive). A search scoped to some
// communities reads only their keys' posting lists, never a bigram's list over the whole store.
std::int64_t GramKey(Id community, std::uint64_t g) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(community) << 42) | ((g >> 32) << 21) |
                                   (g & 0xFFFFFFFF));
}

void AppendKeyToken(std::string& out, std::int64_t key) {
  out.push_back('k');
  char buf[20];
  int n = 0;
  auto u = static_cast<std::uint64_t>(key);
  do {
    buf[n++] = "0123456789abcdef"[u & 0xF];
    u >>= 4;
  } while (u);
  while (n) out.push_back(buf[--n]);
}

// SQLite: the FTS5 document — "c<community>", "g<grid>" and a token "k<hex GramKey>" per bigram.
std::string SqliteDoc(const Demand& d) {
  std::string out = "c" + std::to_string(d.community_id);
  if (d.grid_id) out += " g" + std::to_string(*d.grid_id);
  for (auto g : DemandBigrams(d)) {
    out.push_back(' ');
    AppendKeyToken(out, GramKey(d.community_id, g));
  }
  return out;
}

// PostgreSQL: the bigint[] literal of demand_search.keys — the GramKey of every bigram.
std::string PgKeys(const Demand& d) {
  std::string out = "{";
  for (auto g : DemandBigrams(d)) {
    if (out.size() > 1) out.push_back(',');
    out += std::to_string(GramKey(d.community_id, g));
  }
  return out + "}";
}

// Every community holding demands (a loose scan of ix_demands_community).
Result<std::vector<Id>> AllDemandCommunities(Connection& c) {
  LINLI_TRY(auto r, c.Exec("WITH RECURSIVE cs(id) AS (SELECT MIN(community_id) FROM demands UNION ALL SELECT "
                           "(SELECT MIN(d.community_id) FROM demands d WHERE d.community_id > cs.id) FROM cs WHERE "
                           "cs.id IS NOT NULL) SELECT id FROM cs WHERE id IS NOT NULL",
                           {}));
  std::vector<Id> out;
  for (auto& x : r.rows) out.push_back(AsInt(x[0]));
  return out;
}

// Where a search reads: `from` is a FROM ... WHERE clause over the index, `id` its demand id
// column, `params` the parameters of `from`.
struct SearchFrom {
  std::string from, id;
  Params params;
  // SQLite, every community read (unrestricted): one MATCH per community, for a plain search to
  // count and page community by community (an OR of hundreds of keys per bigram is slow in FTS5).
  std::vector<std::string> per_community;
};

// The index part of a search: every bigram of `q` (normalised, 2+ code points), inside the
// communities `communities` and the grids `grids` (a demand in either), or anywhere when both are
// empty. The keys read are those of the listed communities and of the grids' communities (all
// communities when a grid is not in the registry, or when nothing is listed).
Result<SearchFrom> SearchCond(Connection& c, const std::string& q, const std::vector<Id>& communities,
                              const std::vector<Id>& grids) {
  auto cps = CodePoints(q);
  std::vector<std::uint64_t> grams;
  std::unordered_set<std::uint64_t> seen;
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    std::uint64_t g = std::uint64_t{cps[i]} << 32 | cps[i + 1];
    if (seen.insert(g).second) grams.push_back(g);
  }
  std::set<Id> read(communities.begin(), communities.end());
  bool all = communities.empty() && grids.empty();
  if (!grids.empty()) {
    Params gp;
    std::string in = InList(grids, gp);
    LINLI_TRY(auto r, c.Exec("SELECT id, community_id FROM grids WHERE id IN (" + in + ")", gp));
    std::set<Id> found;
    for (auto& x : r.rows) found.insert(AsInt(x[0])), read.insert(AsInt(x[1]));
    for (Id g : grids)
      if (!found.count(g)) all = true;
  }
  if (all) {
    LINLI_TRY(auto every, AllDemandCommunities(c));
    read.insert(every.begin(), every.end());
  }
  SearchFrom out;
  const bool sqlite = IsSqlite(c);
  out.id = sqlite ? "rowid" : "s.id";
  if (read.empty() || grams.empty()) {
    out.from = sqlite ? "demand_fts WHERE 1=0" : "demand_search_ids s WHERE 1=0";
    return out;
  }
  if (sqlite) {
    std::string match;
    for (auto g : grams) {
      if (!match.empty()) match += " AND ";
      match += read.size() > 1 ? "(" : "";
      bool first = true;
      for (Id id : read) {
        if (!first) match += " OR ";
        AppendKeyToken(match, GramKey(id, g));
        first = false;
      }
      match += read.size() > 1 ? ")" : "";
    }
    if (!grids.empty()) {  // of a grid's community, only the grid's demands (listed communities are whole)
      match += " AND (";
      bool first = true;
      for (Id id : communities) match += std::string(first ? "" : " OR ") + "c" + std::to_string(id), first = false;
      for (Id id : grids) match += std::string(first ? "" : " OR ") + "g" + std::to_string(id), first = false;
      match += ")";
    }
    out.from = "demand_fts WHERE demand_fts MATCH ?";
    out.params.emplace_back(std::move(match));
    if (all && grids.empty())
      for (Id id : read) {
        std::string one;
        for (auto g : grams) {
          if (!one.empty()) one += " AND ";
          AppendKeyToken(one, GramKey(id, g));
        }
        out.per_community.push_back(std::move(one));
      }
    return out;
  }
  std::string where;
  for (auto g : grams) {
    std::string arr = "{";
    for (Id id : read) {
      if (arr.size() > 1) arr.push_back(',');
      arr += std::to_string(GramKey(id, g));
    }
    arr += "}";
    where += (where.empty() ? "" : " AND ") + std::string("demand_search_keys(s.id) && ?::bigint[]");
    out.params.emplace_back(std::move(arr));
  }
  if (!grids.empty()) {
    std::vector<std::string> terms;
    if (!communities.empty()) terms.push_back("s.community_id IN (" + InList(communities, out.params) + ")");
    terms.push_back("s.grid_id IN (" + InList(grids, out.params) + ")");
    where += " AND (" + terms[0] + (terms.size() > 1 ? " OR " + terms[1] : "") + ")";
  }
  out.from = "demand_search_ids s WHERE " + where;
  return out;
}

// PostgreSQL: the total and the page (newest id first) of a search that needs nothing else, in
// demand_search_ids (migration 106: narrow rows, so a match costs a fraction of a page). The count
// visits every match once; the page then reads only a window of the newest ids (a BitmapAnd with
// the primary key) wide enough to hold offset + limit matches if the matches are spread over the
// ids as the total says (4 times that), and the whole when the window falls short. Without JIT:
// compiling the plan (its cost passes jit_above_cost on a big street) costs more than running it.
Result<std::vector<Id>> PgSearchPage(Connection& c, const SearchFrom& sf, const PageRequest& page,
                                     std::int64_t& total) {
  LINLI_TRY_STATUS(c.Script("SET jit = off"));
  LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM " + sf.from, sf.params));
  total = AsInt(n[0][0]);
  std::vector<Id> out;
  const std::int64_t need = page.offset + page.limit;
  if (total <= page.offset || page.limit <= 0) return out;
  auto read = [&](std::optional<Id> after) -> Status {
    Params p = sf.params;
    std::string sql = "SELECT s.id FROM " + sf.from;
    if (after) sql += " AND s.id > ?", p.emplace_back(*after);
    p.emplace_back(page.limit), p.emplace_back(page.offset);
    LINLI_TRY(auto r, c.Exec(sql + " ORDER BY s.id + 0 DESC LIMIT ? OFFSET ?", p));
    out.clear();
    for (auto& x : r.rows) out.push_back(AsInt(x[0]));
    return Ok();
  };
  // A few thousand matches are sorted in no time; a window pays on more, as long as its ids (the
  // primary key's bitmap, ~0.1 us an id) cost less than visiting every match (~0.4 us): in a
  // street, not in one community, whose matches are sparse among the ids (10M demands: a window
  // for 50 of a community's 7,000 matches spans 285,000 ids, 28 ms; all 7,000 sorted, 8 ms).
  if (total > 2000 && need < total) {
    LINLI_TRY(auto r, c.Exec("SELECT MIN(id), MAX(id) FROM demand_search_ids", {}));
    const double lo = static_cast<double>(AsInt(r[0][0])), hi = static_cast<double>(AsInt(r[0][1]));
    const double span = (hi - lo + 1) * 4 * static_cast<double>(need) / static_cast<double>(total);
    if (span < hi - lo && span < 4 * static_cast<double>(total)) {
      LINLI_TRY_STATUS(read(static_cast<Id>(hi - span)));
      if (static_cast<std::int64_t>(out.size()) == page.limit) return out;  // the window held them all
    }
  }
  LINLI_TRY_STATUS(read(std::nullopt));
  return out;
}

// ---------------------------------------------------------------- daily counts

struct DailyKey {
  Id community_id = 0;
  std::string day;
  Id grid_id = 0, user_id = 0;
  std::string category_top;
  bool operator<(const DailyKey& o) const {
    return std::tie(community_id, day, grid_id, user_id, category_top) <
           std::tie(o.community_id, o.day, o.grid_id, o.user_id, o.category_top);
  }
  bool operator==(const DailyKey& o) const {
    return std::tie(community_id, day, grid_id, user_id, category_top) ==
           std::tie(o.community_id, o.day, o.grid_id, o.user_id, o.category_top);
  }
};
struct DailyCounts {
  std::int64_t v[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // received .. overdue (DemandCounts order)
  void Add(const DailyCounts& o, int sign = 1) {
    for (int i = 0; i < 8; ++i) v[i] += sign * o.v[i];
  }
  bool Zero() const {
    for (auto x : v)
      if (x) return false;
    return true;
  }
};
constexpr std::string_view kCounterColumns =
    "received, dispatched, responded_in_time, callbacks, solved, satisfied, basic, overdue";

// What one demand contributes (see demands.h).
std::pair<DailyKey, DailyCounts> Contribution(const Demand& d) {
  DailyKey k;
  k.community_id = d.community_id;
  auto day = LocalDayOf(d.created_at);
  k.day = day.ok() ? *day : d.created_at.substr(0, 10);
  k.grid_id = d.grid_id.value_or(0);
  k.user_id = WorkerOf(d).value_or(0);
  k.category_top = TopCategory(d.category_code);
  DailyCounts c;
  c.v[0] = 1;
  if (d.status == "merged") return {k, c};
  c.v[1] = d.dispatched_at.empty() ? 0 : 1;
  c.v[2] = !d.signed_at.empty() && !d.contacted_at.empty() && !d.respond_due_at.empty() &&
                   d.signed_at <= d.respond_due_at && d.contacted_at <= d.respond_due_at
               ? 1
               : 0;
  c.v[3] = d.callback_at.empty() ? 0 : 1;
  c.v[4] = (!d.callback_at.empty() && d.solved.value_or(false)) ? 1 : 0;
  c.v[5] = (!d.callback_at.empty() && d.satisfaction == "satisfied") ? 1 : 0;
  c.v[6] = (!d.callback_at.empty() && d.satisfaction == "basic") ? 1 : 0;
  c.v[7] = (!d.replied_at.empty() && !d.due_at.empty() && d.replied_at > d.due_at) ? 1 : 0;
  return {k, c};
}

std::string UpsertDailySql() {
  std::string sql =
      "INSERT INTO demand_daily(community_id, day, grid_id, user_id, category_top, " + std::string(kCounterColumns) +
      ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (community_id, day, grid_id, user_id, category_top) DO "
      "UPDATE SET ";
  const char* cols[] = {"received", "dispatched", "responded_in_time", "callbacks",
                        "solved",   "satisfied",  "basic",             "overdue"};
  for (int i = 0; i < 8; ++i)
    sql += std::string(i ? ", " : "") + cols[i] + " = demand_daily." + cols[i] + " + excluded." + cols[i];
  return sql;
}

Status AddDaily(Connection& c, const DailyKey& k, const DailyCounts& d) {
  if (d.Zero()) return Ok();
  static const std::string sql = UpsertDailySql();
  Params p{Int(k.community_id), Text(k.day), Int(k.grid_id), Int(k.user_id), Text(k.category_top)};
  for (auto x : d.v) p.emplace_back(x);
  return ToStatus(c.Exec(sql, p));
}

// Keeps the daily counts in step with one demand going from `before` to `after`.
Status UpdateDaily(Connection& c, const Demand* before, const Demand* after) {
  if (before && after) {
    auto [k0, c0] = Contribution(*before);
    auto [k1, c1] = Contribution(*after);
    if (k0 == k1) {
      c1.Add(c0, -1);
      return AddDaily(c, k1, c1);
    }
    DailyCounts neg;
    neg.Add(c0, -1);
    // Two rows: always in key order, so concurrent writers (PostgreSQL) cannot deadlock on them.
    if (k0 < k1) {
      LINLI_TRY_STATUS(AddDaily(c, k0, neg));
      return AddDaily(c, k1, c1);
    }
    LINLI_TRY_STATUS(AddDaily(c, k1, c1));
    return AddDaily(c, k0, neg);
  }
  if (after) {
    auto [k, cnt] = Contribution(*after);
    return AddDaily(c, k, cnt);
  }
  return Ok();
}

// Many contributions at once: through a temporary table and one INSERT ... SELECT.
Status FlushDaily(Connection& c, std::map<DailyKey, DailyCounts>& acc) {
  if (acc.empty()) return Ok();
  LINLI_TRY_STATUS(c.Script(
      "CREATE TEMP TABLE IF NOT EXISTS demand_daily_delta (community_id BIGINT, day TEXT, grid_id BIGINT, user_id "
      "BIGINT, category_top TEXT, received BIGINT, dispatched BIGINT, responded_in_time BIGINT, callbacks BIGINT, "
      "solved BIGINT, satisfied BIGINT, basic BIGINT, overdue BIGINT)"));
  LINLI_TRY_STATUS(c.Script("DELETE FROM demand_daily_delta"));
  std::vector<std::pair<const DailyKey*, const DailyCounts*>> rows;
  rows.reserve(acc.size());
  for (auto& [k, v] : acc) rows.emplace_back(&k, &v);
  LINLI_TRY_STATUS(c.BulkInsert("demand_daily_delta",
                                {"community_id", "day", "grid_id", "user_id", "category_top", "received",
                                 "dispatched", "responded_in_time", "callbacks", "solved", "satisfied", "basic",
                                 "overdue"},
                                rows.size(), [&](std::size_t i, std::vector<Value>& v) {
                                  const auto& [k, cnt] = rows[i];
                                  v[0] = k->community_id, v[1] = k->day, v[2] = k->grid_id, v[3] = k->user_id;
                                  v[4] = k->category_top;
                                  for (int j = 0; j < 8; ++j) v[5 + j] = cnt->v[j];
                                }));
  std::string sql = "INSERT INTO demand_daily(community_id, day, grid_id, user_id, category_top, " +
                    std::string(kCounterColumns) + ") SELECT community_id, day, grid_id, user_id, category_top, " +
                    std::string(kCounterColumns) +
                    " FROM demand_daily_delta WHERE 1=1 ON CONFLICT (community_id, day, grid_id, user_id, "
                    "category_top) DO UPDATE SET ";
  const char* cols[] = {"received", "dispatched", "responded_in_time", "callbacks",
                        "solved",   "satisfied",  "basic",             "overdue"};
  for (int i = 0; i < 8; ++i)
    sql += std::string(i ? ", " : "") + cols[i] + " = demand_daily." + cols[i] + " + excluded." + cols[i];
  LINLI_TRY_STATUS(c.Script(sql));
  LINLI_TRY_STATUS(c.Script("DELETE FROM demand_daily_delta"));
  acc.clear();
  return Ok();
}

// ---------------------------------------------------------------- loading helpers

// `for_update`: PostgreSQL locks the row until commit (SQLite's writer already holds the database).
Result<Demand> LoadDemand(Connection& c, const FieldCipher& cipher, Id id, const DemandScope& scope,
                          bool for_update = false) {
  Params p{Int(id)};
  std::string sql = "SELECT " + std::string(kDemandColumns) + " FROM demands t" +
                    Where({"t.id = ?", ScopeSql(scope, p)});
  if (for_update && !IsSqlite(c)) sql += " FOR UPDATE";
  LINLI_TRY(auto r, c.Exec(sql, p));
  if (r.empty()) return NotFound();
  return ToDemand(r[0], cipher);
}

Result<std::optional<Id>> CompoundOf(Connection& c, const Demand& d) {
  if (!d.building_id) return std::optional<Id>();
  LINLI_TRY(auto r, c.Exec("SELECT compound_id FROM buildings WHERE id = ?", {Value(*d.building_id)}));
  if (r.empty()) return std::optional<Id>();
  return std::optional<Id>(AsInt(r[0][0]));
}

// Rewrites every stored column of `d` (the row exists).
Status SaveDemand(Connection& c, const Demand& d) {
  LINLI_TRY(auto compound, CompoundOf(c, d));
  std::vector<Value> v;
  WriteValues(d, compound, v);
  std::string sql = "UPDATE demands SET ";
  const auto& cols = WriteColumns();
  for (std::size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + cols[i] + " = ?";
  sql += " WHERE id = ?";
  v.emplace_back(d.id);
  return ToStatus(c.Exec(sql, v));
}

Status AppendEvent(Connection& c, Id demand_id, std::string_view action, const std::string& from,
                   const std::string& to, const std::string& actor, const std::string& note, const std::string& at) {
  return ToStatus(
      c.Exec("INSERT INTO demand_events(demand_id, action, from_status, to_status, actor, note, at) VALUES "
             "(?,?,?,?,?,?,?)",
             {Int(demand_id), Text(std::string(action)), Text(from), Text(to), Text(actor), Text(note), Text(at)}));
}

Result<std::vector<DemandCategory>> LoadCategories(Connection& c) {
  LINLI_TRY(auto r, c.Exec("SELECT code, parent_code, name_zh, name_en, respond_hours, resolve_hours FROM "
                           "demand_categories ORDER BY position, code",
                           {}));
  std::vector<DemandCategory> out;
  for (auto& x : r.rows)
    out.push_back({AsText(x[0]), AsText(x[1]), AsText(x[2]), AsText(x[3]), static_cast<int>(AsInt(x[4])),
                   static_cast<int>(AsInt(x[5]))});
  return out;
}

// The code and every code below it.
std::vector<std::string> Subtree(const std::vector<DemandCategory>& cats, const std::string& code) {
  std::vector<std::string> out{code};
  for (std::size_t i = 0; i < out.size(); ++i)
    for (const auto& c : cats)
      if (c.parent_code == out[i] && std::find(out.begin(), out.end(), c.code) == out.end()) out.push_back(c.code);
  return out;
}

// Next numbers of `n` demands on local day `day` ("YYYY-MM-DD"): returns the first sequence.
Result<std::int64_t> TakeNumbers(Connection& c, const std::string& day, std::int64_t n) {
  LINLI_TRY(auto r, c.Exec("INSERT INTO demand_number_seq(day, last) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET "
                           "last = demand_number_seq.last + excluded.last RETURNING last",
                           {Text(day), Int(n)}));
  return AsInt(r[0][0]) - n + 1;
}
std::string FormatNumber(const std::string& day, std::int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "LL%.4s%.2s%.2s%06lld", day.c_str(), day.c_str() + 5, day.c_str() + 8,
                static_cast<long long>(seq));
  return buf;
}

Status InsertSearch(Connection& c, const Demand& d) {
  if (IsSqlite(c))
    return ToStatus(c.Exec("INSERT INTO demand_fts(rowid, g) VALUES (?, ?)", {Int(d.id), Text(SqliteDoc(d))}));
  const Value grid = d.grid_id ? Value(*d.grid_id) : Value();
  LINLI_TRY_STATUS(
      ToStatus(c.Exec("INSERT INTO demand_search(id, community_id, grid_id, keys) VALUES (?, ?, ?, ?::bigint[])",
                      {Int(d.id), Int(d.community_id), grid, Text(PgKeys(d))})));
  // After its keys: the index of demand_search_ids reads them (migration 106).
  return ToStatus(c.Exec("INSERT INTO demand_search_ids(id, community_id, grid_id) VALUES (?, ?, ?)",
                         {Int(d.id), Int(d.community_id), grid}));
}

Status InsertSearchRows(Connection& c, const std::vector<Demand>& rows);  // below, with the bulk paths

// SQLite: indexes the demands listed in demand_search_pending and empties it (see migration 105).
Status FlushSearchPending(Connection& c) {
  LINLI_TRY(auto r, c.Exec("SELECT d.id, d.community_id, d.grid_id, d.description, d.address_text, d.reporter_name "
                           "FROM demand_search_pending p JOIN demands d ON d.id = p.id ORDER BY p.id",
                           {}));
  std::vector<Demand> rows(r.rows.size());
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const auto& x = r.rows[i];
    Demand& d = rows[i];
    d.id = AsInt(x[0]), d.community_id = AsInt(x[1]), d.grid_id = AsOptId(x[2]);
    d.description = AsText(x[3]), d.address_text = AsText(x[4]), d.reporter_name = AsText(x[5]);
  }
  if (!rows.empty()) LINLI_TRY_STATUS(InsertSearchRows(c, rows));
  return ToStatus(c.Exec("DELETE FROM demand_search_pending", {}));
}

Result<Id> InsertDemandRow(Connection& c, const FieldCipher& cipher, const Demand& d, std::optional<Id> compound) {
  std::vector<Value> v;
  WriteValues(d, compound, v);
  PhoneValues(d, cipher, v);
  std::string sql = "INSERT INTO demands(";
  std::vector<std::string> cols = WriteColumns();
  cols.insert(cols.end(), kPhoneColumns.begin(), kPhoneColumns.end());
  for (std::size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + cols[i];
  sql += ") VALUES (";
  for (std::size_t i = 0; i < cols.size(); ++i) sql += i ? ",?" : "?";
  sql += ") RETURNING id";
  LINLI_TRY(auto r, c.Exec(sql, v));
  return AsInt(r[0][0]);
}

bool IsDemandNumber(const std::string& q) {
  return q.size() == 16 && (q.rfind("LL", 0) == 0 || q.rfind("ll", 0) == 0) &&
         std::all_of(q.begin() + 2, q.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

constexpr const char* kSeededKey = "categories_seeded";

// The non-unique indexes dropped and rebuilt around a big load (identical SQL on both back ends,
// plus PostgreSQL's open-demand partial indexes: see migration 105).
const std::vector<std::pair<std::string, std::string>>& BulkIndexes(bool sqlite) {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"ix_demands_created", "CREATE INDEX ix_demands_created ON demands(created_at)"},
      {"ix_demands_community", "CREATE INDEX ix_demands_community ON demands(community_id, created_at)"},
      {"ix_demands_grid", "CREATE INDEX ix_demands_grid ON demands(grid_id, created_at, status)"},
      {"ix_demands_building", "CREATE INDEX ix_demands_building ON demands(building_id, created_at, status)"},
      {"ix_demands_assignee", "CREATE INDEX ix_demands_assignee ON demands(assignee_user_id, created_at)"},
      {"ix_demands_reporter",
       "CREATE INDEX ix_demands_reporter ON demands(reporter_user_id) WHERE reporter_user_id IS NOT NULL"},
      {"ix_demands_parent", "CREATE INDEX ix_demands_parent ON demands(parent_id) WHERE parent_id IS NOT NULL"},
      {"ix_demands_pending",
       "CREATE INDEX ix_demands_pending ON demands(community_id, due_at) WHERE replied_at = '' AND status NOT IN "
       "('closed', 'merged')"},
      {"ix_demands_pending_worker",
       "CREATE INDEX ix_demands_pending_worker ON demands(worker_id, due_at) WHERE replied_at = '' AND status NOT "
       "IN ('closed', 'merged')"},
      {"ix_demands_reporter_phone",
       "CREATE INDEX ix_demands_reporter_phone ON demands(reporter_phone_hash) WHERE reporter_phone_hash <> ''"},
      {"ix_demand_events_demand", "CREATE INDEX ix_demand_events_demand ON demand_events(demand_id, id)"},
      {"ix_demand_events_at", "CREATE INDEX ix_demand_events_at ON demand_events(at)"},
  };
  static const std::vector<std::pair<std::string, std::string>> pg = [] {
    auto all = v;
    all.emplace_back("ix_demands_open_building",
                     "CREATE INDEX ix_demands_open_building ON demands(building_id, created_at) WHERE status NOT IN "
                     "('closed', 'merged')");
    all.emplace_back("ix_demands_open_grid",
                     "CREATE INDEX ix_demands_open_grid ON demands(grid_id, created_at) WHERE status NOT IN ('closed', "
                     "'merged')");
    return all;
  }();
  return sqlite ? v : pg;
}

}  // namespace

// ---------------------------------------------------------------- seeding

Status SqlDemands::EnsureSeeded() {
  if (seeded_.load()) return Ok();
  LINLI_TRY(auto have, ReadOn(pool_, [&](Connection& c) -> Result<bool> {
              LINLI_TRY(auto r, c.Exec("SELECT value FROM demand_settings WHERE key = ?", {Text(kSeededKey)}));
              return !r.empty();
            }));
  if (!have) {
    LINLI_TRY_STATUS(WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
      LINLI_TRY(auto r, c.Exec("SELECT value FROM demand_settings WHERE key = ?", {Text(kSeededKey)}));
      if (!r.empty()) return Ok();
      int pos = 0;
      for (const auto& cat : SeedDemandCategories())
        LINLI_TRY_STATUS(c.Exec("INSERT INTO demand_categories(code, parent_code, name_zh, name_en, respond_hours, "
                                "resolve_hours, position) VALUES (?,?,?,?,?,?,?) ON CONFLICT (code) DO NOTHING",
                                {Text(cat.code), Text(cat.parent_code), Text(cat.name_zh), Text(cat.name_en),
                                 Int(cat.respond_hours), Int(cat.resolve_hours), Int(pos++)}));
      // ON CONFLICT: two first intakes at once on PostgreSQL (no write mutex) both seed.
      return ToStatus(c.Exec("INSERT INTO demand_settings(key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING",
                             {Text(kSeededKey)}));
    }));
    ForgetCategories();
  }
  seeded_.store(true);
  return Ok();
}

// Short enough that a tree changed by another process (PostgreSQL, several servers) reaches
// intake soon; long enough that intake does not read the tree each time.
constexpr std::chrono::seconds kCategoriesTtl{10};

Result<SqlDemands::CategoryTree> SqlDemands::CachedCategories(Connection& c) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t generation;
  {
    std::lock_guard lock(categories_mu_);
    if (categories_ && now - categories_at_ < kCategoriesTtl) return categories_;
    generation = categories_generation_;
  }
  LINLI_TRY(auto loaded, LoadCategories(c));
  auto tree = std::make_shared<const std::vector<DemandCategory>>(std::move(loaded));
  std::lock_guard lock(categories_mu_);
  // Not kept when the tree changed while it was read (it may be the old one).
  if (generation == categories_generation_) categories_ = tree, categories_at_ = now;
  return tree;
}

void SqlDemands::ForgetCategories() {
  std::lock_guard lock(categories_mu_);
  ++categories_generation_;
  categories_.reset();
}

// ---------------------------------------------------------------- intake

namespace {

// Cached registry lookups for intake (an import resolves the same buildings many times).
class Resolver {
 public:
  explicit Resolver(Connection& c) : c_(c) {}
  // household -> building, compound, community, grid
  Result<const std::vector<Value>*> Household(Id id) {
    return Find(households_, id, "SELECT building_id, compound_id, community_id, grid_id FROM households WHERE id = ?");
  }
  // building -> compound, community, grid
  Result<const std::vector<Value>*> Building(Id id) {
    return Find(buildings_, id, "SELECT compound_id, community_id, grid_id FROM buildings WHERE id = ?");
  }
  Result<const std::vector<Value>*> Grid(Id id) {
    return Find(grids_, id, "SELECT community_id FROM grids WHERE id = ?");
  }
  Result<const std::vector<Value>*> Community(Id id) {
    return Find(communities_, id, "SELECT id FROM communities WHERE id = ?");
  }

 private:
  using Cache = std::unordered_map<Id, std::optional<std::vector<Value>>>;
  Result<const std::vector<Value>*> Find(Cache& cache, Id id, std::string_view sql) {
    auto it = cache.find(id);
    if (it == cache.end()) {
      LINLI_TRY(auto r, c_.Exec(sql, {Value(id)}));
      it = cache.emplace(id, r.empty() ? std::nullopt : std::optional<std::vector<Value>>(r[0])).first;
    }
    return it->second ? &*it->second : nullptr;
  }
  Connection& c_;
  Cache households_, buildings_, grids_, communities_;
};

// Validates and completes an intake (address resolution, deadlines) inside the transaction.
// Returns the compound id.
Result<std::optional<Id>> PrepareIntake(Resolver& res, Demand& d, const std::vector<DemandCategory>& cats,
                                        const std::string& now, const std::string& row_prefix = "") {
  auto field = [&](const char* f) { return row_prefix + f; };
  if (d.description.empty()) return Error::Invalid(field("description"), "required", "请填写诉求内容");
  if (!IsDemandChannel(d.channel)) return Error::Invalid(field("channel"), "unknown", "渠道不正确: " + d.channel);
  if (!IsDemandNature(d.nature)) return Error::Invalid(field("nature"), "unknown", "诉求性质不正确: " + d.nature);
  if (!IsDemandUrgency(d.urgency)) return Error::Invalid(field("urgency"), "unknown", "紧急程度不正确: " + d.urgency);
  if (std::none_of(cats.begin(), cats.end(), [&](const DemandCategory& x) { return x.code == d.category_code; }))
    return Error::Invalid(field("category_code"), "unknown", "没有这个诉求分类: " + d.category_code);
  if (d.reporter_phone.empty() && !d.reporter_resident_id && !d.reporter_user_id)
    return Error::Invalid(field("reporter_phone"), "required", "请填写诉求人的联系电话");
  if (d.created_at.empty()) d.created_at = now;
  {
    auto t = CanonicalTime(d.created_at, field("created_at"));
    if (!t.ok()) return t.error();
    d.created_at = *t;
  }
  std::optional<Id> compound;
  if (d.household_id) {
    LINLI_TRY(auto r, res.Household(*d.household_id));
    if (!r || (d.community_id && AsInt((*r)[2]) != d.community_id))
      return Error::Invalid(field("household_id"), "not_found", "住户不存在");
    d.building_id = AsInt((*r)[0]), compound = AsInt((*r)[1]), d.community_id = AsInt((*r)[2]);
    d.grid_id = AsOptId((*r)[3]);
  } else if (d.building_id) {
    LINLI_TRY(auto r, res.Building(*d.building_id));
    if (!r || (d.community_id && AsInt((*r)[1]) != d.community_id))
      return Error::Invalid(field("building_id"), "not_found", "楼栋不存在");
    compound = AsInt((*r)[0]), d.community_id = AsInt((*r)[1]), d.grid_id = AsOptId((*r)[2]);
  } else if (d.grid_id) {
    LINLI_TRY(auto r, res.Grid(*d.grid_id));
    if (!r || (d.community_id && AsInt((*r)[0]) != d.community_id))
      return Error::Invalid(field("grid_id"), "not_found", "网格不存在");
    d.community_id = AsInt((*r)[0]);
  }
  if (!d.community_id) return Error::Invalid(field("community_id"), "required", "请选择社区");
  if (!d.household_id && !d.building_id) {
    LINLI_TRY(auto r, res.Community(d.community_id));
    if (!r) return Error::Invalid(field("community_id"), "not_found", "社区不存在");
  }
  d.address_resolved = d.household_id.has_value() || d.building_id.has_value();
  if (d.respond_due_at.empty() || d.due_at.empty()) {
    auto dl = ComputeDemandDeadlines(cats, d.category_code, d.urgency, d.created_at);
    if (!dl.ok()) return dl.error();
    d.respond_due_at = dl->respond_due_at, d.due_at = dl->due_at;
  }
  d.status = "received";
  d.assignee_kind = "staff";
  d.assignee_user_id.reset(), d.first_receiver_user_id.reset(), d.parent_id.reset();
  d.assignee_name.clear();
  d.children = 0, d.extensions = 0, d.reopened = 0;
  d.reply.clear(), d.solved.reset(), d.satisfaction.clear(), d.callback_comment.clear();
  d.dispatched_at.clear(), d.signed_at.clear(), d.contacted_at.clear(), d.replied_at.clear();
  d.callback_at.clear(), d.closed_at.clear();
  d.updated_at = now.empty() ? d.created_at : now;
  return compound;
}

Result<Demand> ApplyAction(Connection& c, const FieldCipher& cipher, const DemandActionRequest& req,
                           const DemandScope& scope);

// Is the demand (its community / grid / household) inside the scope's areas? Used for intake.
bool IntakeInScope(const Demand& d, const DemandScope& s) {
  if (s.unrestricted) return true;
  auto has = [](const std::vector<Id>& v, std::optional<Id> id) {
    return id && std::find(v.begin(), v.end(), *id) != v.end();
  };
  if (has(s.community_ids, d.community_id) || has(s.grid_ids, d.grid_id) || has(s.household_ids, d.household_id))
    return true;
  if (s.reporter_user_id && d.reporter_user_id == s.reporter_user_id) return true;
  return false;
}

}  // namespace

// Group-committed (group_commit.h): the intake runs in its own savepoint of a transaction shared
// with the intakes of other threads and returns after that transaction's commit; a failing intake
// is rolled back alone. Its search-index row is written after the batch's savepoints (`finish`).
// IntakeTx may run twice (the batch failed as a whole: each intake again in a transaction of its
// own); `out` and `search` are written anew each time.
Result<CreatedDemand> SqlDemands::CreateDemand(const CreateDemandRequest& req, const DemandScope& scope) {
  metrics::StoreTimer timer("CreateDemand");
  LINLI_TRY_STATUS(EnsureSeeded());
  LINLI_TRY_STATUS(StartIntakeCommits());
  const std::string now = req.now.empty() ? req.demand.created_at : req.now;
  std::optional<CreatedDemand> out;
  std::optional<Demand> search;  // its search-index row, written by `finish`
  const GroupCommit::Work work = [&](Connection& c) -> Status {
    out.reset(), search.reset();
    auto made = IntakeTx(c, req, scope, now, &search);
    if (!made.ok()) return made.error();
    out = std::move(*made);
    return Ok();
  };
  const GroupCommit::Work finish = [&](Connection& c) -> Status {
    return search ? InsertSearch(c, *search) : Ok();
  };
  Status st = intakes_.Run(work, &finish);
  if (!st.ok()) return st.error();
  if (checkpointer_) search_dirty_.store(true, std::memory_order_release);  // SQLite: a pending row
  return std::move(*out);
}

// Indexes the demands of demand_search_pending (SQLite), in one transaction with the write lock:
// intakes commit only before or after it, so every committed intake is either flushed here or
// flags the next flush. A no-op when no intake happened since the last flush (PostgreSQL: always).
Status SqlDemands::FlushSearch() {
  if (!search_dirty_.exchange(false, std::memory_order_acq_rel)) return Ok();
  Status st = WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    if (!IsSqlite(c)) return Ok();
    metrics::StoreTimer timer("FlushSearch");
    return FlushSearchPending(c);
  });
  if (!st.ok()) search_dirty_.store(true, std::memory_order_release);
  return st;
}

Status SqlDemands::StartIntakeCommits() {
  if (intakes_started_.load(std::memory_order_acquire)) return Ok();
  std::lock_guard lock(intakes_start_mu_);
  if (intakes_started_.load(std::memory_order_relaxed)) return Ok();
  LINLI_TRY(auto sqlite, ReadOn(pool_, [](Connection& c) -> Result<bool> { return IsSqlite(c); }));
  if (sqlite) {
    checkpointer_ = std::make_unique<WalCheckpointer>(pool_, write_mu_, std::chrono::milliseconds(50), 8192,
                                                      [this] { (void)FlushSearch(); });
    intakes_.SetHooks("PRAGMA wal_autocheckpoint=0", [this] {
      if (intake_batches_.fetch_add(1, std::memory_order_relaxed) % 256 == 255) checkpointer_->Poke();
    });
  }
  intakes_started_.store(true, std::memory_order_release);  // the hooks are set before any batch
  return Ok();
}

Result<CreatedDemand> SqlDemands::IntakeTx(Connection& c, const CreateDemandRequest& req, const DemandScope& scope,
                                           const std::string& now, std::optional<Demand>* search) {
  {
    // 1. Idempotency: the first result wins.
    if (!req.idempotency_key.empty()) {
      LINLI_TRY(auto ins, c.Exec("INSERT INTO demand_idempotency(key, fingerprint, created_at) VALUES (?, ?, ?) ON "
                                 "CONFLICT (key) DO NOTHING RETURNING key",
                                 {Text(req.idempotency_key), Text(req.fingerprint), Text(now)}));
      if (ins.empty()) {
        LINLI_TRY(auto r, c.Exec("SELECT fingerprint, demand_id FROM demand_idempotency WHERE key = ?",
                                 {Text(req.idempotency_key)}));
        if (r.empty() || IsNull(r[0][1]))
          return Error::Conflict("同一请求正在处理，请稍后再试", "idempotency_key");
        if (AsText(r[0][0]) != req.fingerprint)
          return Error::Conflict("这个幂等键已用于另一份内容不同的请求", "idempotency_key");
        LINLI_TRY(auto d, LoadDemand(c, *cipher_, AsInt(r[0][1]), DemandScope::All()));
        return CreatedDemand{std::move(d), true};
      }
    }
    // 2. External number: unique per channel.
    if (!req.demand.external_number.empty()) {
      LINLI_TRY(auto r, c.Exec("SELECT id FROM demands WHERE channel = ? AND external_number = ? AND "
                               "external_number <> ''",
                               {Text(req.demand.channel), Text(req.demand.external_number)}));
      if (!r.empty()) {
        if (!req.existing_ok) return Error::Conflict("这个外部工单号已经登记过", "external_number");
        LINLI_TRY(auto d, LoadDemand(c, *cipher_, AsInt(r[0][0]), DemandScope::All()));
        if (!req.idempotency_key.empty())
          LINLI_TRY_STATUS(c.Exec("UPDATE demand_idempotency SET demand_id = ? WHERE key = ?",
                                  {Int(d.id), Text(req.idempotency_key)}));
        return CreatedDemand{std::move(d), true};
      }
    }
    // 3. Validate and complete.
    Demand d = req.demand;
    LINLI_TRY(auto cats, CachedCategories(c));
    Resolver res(c);
    LINLI_TRY(auto compound, PrepareIntake(res, d, *cats, now));
    if (!IntakeInScope(d, scope)) return Error::NotFound("社区不存在");
    LINLI_TRY(auto day, LocalDayOf(d.created_at));
    LINLI_TRY(auto seq, TakeNumbers(c, day, 1));
    d.number = FormatNumber(day, seq);
    // 4. Routing to the grid worker, decided before the row is written: one INSERT of the routed
    //    demand and one daily-count change, instead of an INSERT, an UPDATE and two changes.
    bool routed = false;
    if (req.route_to_grid_worker && d.grid_id && !req.parent_id) {
      LINLI_TRY(auto w, c.Exec("SELECT u.id, u.display_name, u.username FROM user_scopes s JOIN users u ON u.id = "
                               "s.user_id WHERE s.kind = 'grid' AND s.ref_id = ? AND u.role = 'grid_worker' AND "
                               "u.disabled = 0 ORDER BY u.id LIMIT 1",
                               {Value(*d.grid_id)}));
      auto to = NextDemandStatus(DemandStatus::kReceived, DemandAction::kDispatch, {});
      if (!w.empty() && to.ok()) {
        routed = true;
        d.status = std::string(DemandStatusCode(*to));
        d.assignee_kind = "worker";
        d.assignee_user_id = AsInt(w[0][0]);
        d.assignee_name = AsText(w[0][1]).empty() ? AsText(w[0][2]) : AsText(w[0][1]);
        d.dispatched_at = d.created_at;
      }
    }
    LINLI_TRY(d.id, InsertDemandRow(c, *cipher_, d, compound));
    if (IsSqlite(c)) {  // indexed later, many together (FlushSearch)
      LINLI_TRY_STATUS(c.Exec("INSERT INTO demand_search_pending(id) VALUES (?)", {Int(d.id)}));
    } else if (search) {
      *search = d;
    } else {
      LINLI_TRY_STATUS(InsertSearch(c, d));
    }
    LINLI_TRY_STATUS(AppendEvent(c, d.id, "create", "", "received", d.created_by, "", d.created_at));
    if (routed)
      LINLI_TRY_STATUS(AppendEvent(c, d.id, "dispatch", "received", d.status, "system",
                                   "按网格自动派给 " + d.assignee_name, d.created_at));
    LINLI_TRY_STATUS(UpdateDaily(c, nullptr, &d));
    // 5. Attachments.
    for (Id a : req.attachment_ids) {
      LINLI_TRY(auto n, c.Exec("UPDATE demand_attachments SET demand_id = ? WHERE id = ? AND demand_id IS NULL",
                               {Int(d.id), Int(a)}));
      if (n.affected != 1) return Error::Invalid("attachment_ids", "not_found", "附件不存在或已被使用");
    }
    // 6. A duplicate linked to its parent at intake.
    if (req.parent_id) {
      DemandActionRequest m;
      m.demand_id = d.id, m.action = DemandAction::kMerge, m.actor = d.created_by, m.now = d.updated_at;
      m.parent_id = req.parent_id;
      LINLI_TRY(d, ApplyAction(c, *cipher_, m, scope));
    }
    if (!req.idempotency_key.empty())
      LINLI_TRY_STATUS(c.Exec("UPDATE demand_idempotency SET demand_id = ? WHERE key = ?",
                              {Int(d.id), Text(req.idempotency_key)}));
    return CreatedDemand{std::move(d), false};
  }
}

// ---------------------------------------------------------------- actions

namespace {

bool IsReceiver(const Demand& d, const DemandActionRequest& req, const DemandScope& scope, std::optional<Id> compound) {
  if (d.assignee_kind == "worker") return req.actor_user_id && d.assignee_user_id == req.actor_user_id;
  if (d.assignee_kind == "property")
    return compound && std::find(scope.compound_ids.begin(), scope.compound_ids.end(), *compound) !=
                           scope.compound_ids.end();
  return false;
}

Result<Demand> ApplyAction(Connection& c, const FieldCipher& cipher, const DemandActionRequest& req,
                           const DemandScope& scope) {
  LINLI_TRY(Demand d, LoadDemand(c, cipher, req.demand_id, scope, /*for_update=*/true));
  const std::string now = req.now;
  if (now.empty()) return Error::Invalid("now", "required", "缺少当前时间");
  auto from = ParseDemandStatus(d.status);
  if (!from) return Error::Internal("未知的诉求状态: " + d.status);
  DemandActionFacts facts = req.facts;
  facts.nature = d.nature;
  if (req.parent_id && facts.parent_id <= 0) facts.parent_id = *req.parent_id;
  LINLI_TRY(DemandStatus to, NextDemandStatus(*from, req.action, facts));
  LINLI_TRY(auto compound, CompoundOf(c, d));
  if (req.require_receiver && !IsReceiver(d, req, scope, compound))
    return Error{ErrorCode::kPermissionDenied,
                 "这件诉求没有派给你",
                 "action",
                 {{"action", "not_receiver", "这件诉求没有派给你"}}};
  const Demand before = d;
  const std::string note = req.facts.note;
  std::optional<Demand> parent_before, parent_after;
  switch (req.action) {
    case DemandAction::kDispatch: {
      if (req.assignee_kind == "worker") {
        if (!req.assignee_user_id) return Error::Invalid("assignee_user_id", "required", "请选择接单人");
        LINLI_TRY(auto u, c.Exec("SELECT display_name, username FROM users WHERE id = ? AND disabled = 0",
                                 {Value(*req.assignee_user_id)}));
        if (u.empty()) return Error::Invalid("assignee_user_id", "not_found", "接单人不存在");
        d.assignee_kind = "worker";
        d.assignee_user_id = req.assignee_user_id;
        d.assignee_name = !req.assignee_name.empty() ? req.assignee_name
                          : AsText(u[0][0]).empty()  ? AsText(u[0][1])
                                                     : AsText(u[0][0]);
      } else if (req.assignee_kind == "property") {
        if (!compound) return Error::Invalid("assignee_kind", "no_compound", "诉求没有对应的小区，不能派给物业");
        LINLI_TRY(auto r, c.Exec("SELECT property_company, name FROM compounds WHERE id = ?", {Value(*compound)}));
        d.assignee_kind = "property";
        d.assignee_user_id.reset();
        d.assignee_name = !req.assignee_name.empty() ? req.assignee_name
                          : r.empty()                ? "物业"
                          : AsText(r[0][0]).empty()  ? AsText(r[0][1]) + "物业"
                                                     : AsText(r[0][0]);
      } else {
        return Error::Invalid("assignee_kind", "unknown", "请选择派给网格员还是物业");
      }
      if (d.dispatched_at.empty()) d.dispatched_at = now;
      break;
    }
    case DemandAction::kEscalate:
      d.assignee_kind = "street";
      d.assignee_user_id.reset();
      d.assignee_name = req.assignee_name.empty() ? "街道" : req.assignee_name;
      if (d.dispatched_at.empty()) d.dispatched_at = now;
      break;
    case DemandAction::kAcceptDispute:
      d.assignee_kind = "staff";
      d.assignee_user_id.reset();
      d.assignee_name.clear();
      break;
    case DemandAction::kSign:
      if (d.signed_at.empty()) d.signed_at = now;
      if (!d.first_receiver_user_id && req.actor_user_id && d.assignee_kind == "worker")
        d.first_receiver_user_id = req.actor_user_id;
      break;
    case DemandAction::kContact:
      if (d.contacted_at.empty()) d.contacted_at = now;
      break;
    case DemandAction::kReply:
      d.reply = note;
      d.replied_at = now;
      break;
    case DemandAction::kCallback:
      d.solved = req.facts.solved;
      d.satisfaction = req.facts.satisfaction;
      d.callback_comment = note;
      d.callback_at = now;
      if (to == DemandStatus::kInProgress) {
        d.reopened += 1;
        d.replied_at.clear();
      }
      break;
    case DemandAction::kClose:
      d.closed_at = now;
      // A 咨询 answered on the spot: the note is the answer, kept as the reply the reporter sees.
      if (before.status == "received") {
        d.reply = note;
        d.replied_at = now;
      }
      break;
    case DemandAction::kReopen:
      d.reopened += 1;
      d.closed_at.clear();
      d.replied_at.clear();
      break;
    case DemandAction::kExtend: {
      auto t = CanonicalTime(req.facts.new_due_at, "new_due_at");
      if (!t.ok()) return t.error();
      if (*t <= d.due_at || *t <= now) return Error::Invalid("new_due_at", "not_later", "新的办理时限应晚于原时限");
      d.due_at = *t;
      d.extensions += 1;
      break;
    }
    case DemandAction::kMerge: {
      const Id parent_id = facts.parent_id;
      if (parent_id == d.id) return Error::Invalid("parent_id", "self", "不能并入自己");
      auto p = LoadDemand(c, cipher, parent_id, scope);
      if (!p.ok()) return Error::Invalid("parent_id", "not_found", "主诉求不存在");
      if (p->community_id != d.community_id)
        return Error::Invalid("parent_id", "other_community", "只能并入同一社区的诉求");
      if (p->status == "merged") return Error::Invalid("parent_id", "parent_merged", "主诉求本身已并案");
      if (p->status == "closed") return Error::Invalid("parent_id", "parent_closed", "主诉求已办结，不能再并入");
      if (d.children > 0) return Error::Invalid("parent_id", "has_children", "这件诉求已有并入的重复诉求");
      d.parent_id = p->id;
      parent_before = *p;
      p->children += 1;
      p->updated_at = now;
      parent_after = std::move(*p);
      break;
    }
    default:
      break;
  }
  d.status = std::string(DemandStatusCode(to));
  d.updated_at = now;
  LINLI_TRY_STATUS(SaveDemand(c, d));
  LINLI_TRY_STATUS(AppendEvent(c, d.id, DemandActionCode(req.action), before.status, d.status, req.actor, note, now));
  LINLI_TRY_STATUS(UpdateDaily(c, &before, &d));
  if (parent_after) {
    LINLI_TRY_STATUS(c.Exec("UPDATE demands SET children = children + 1, updated_at = ? WHERE id = ?",
                            {Text(now), Int(parent_after->id)}));
    LINLI_TRY_STATUS(AppendEvent(c, parent_after->id, "note", parent_after->status, parent_after->status, req.actor,
                                 "并入重复诉求 " + d.number, now));
  }
  // A parent's reply and close reach its merged children, as events of their own (the domain's
  // parent_replied / parent_closed: a merged child takes no user action but note).
  if (auto ev = ParentEventFor(req.action); ev && d.children > 0) {
    Params p{Int(d.id)};
    LINLI_TRY(auto kids, c.Exec("SELECT " + std::string(kDemandColumns) +
                                    " FROM demands t WHERE t.parent_id = ? AND t.status = 'merged'",
                                p));
    const std::string child_note = ParentEventNote(*ev, d.number, note);
    for (auto& row : kids.rows) {
      LINLI_TRY(Demand k, ToDemand(row, cipher));
      auto from_child = ParseDemandStatus(k.status);
      if (!from_child) return Error::Internal("未知的诉求状态: " + k.status);
      LINLI_TRY(DemandStatus child_to, NextMergedChildStatus(*from_child, *ev));
      const Demand kb = k;
      if (!d.reply.empty() && d.reply != kb.reply) {  // a reply, or a 咨询 closed with its answer
        k.reply = d.reply, k.replied_at = d.replied_at;
      }
      if (*ev == ParentEvent::kParentClosed) k.closed_at = d.closed_at;
      k.status = std::string(DemandStatusCode(child_to));
      k.updated_at = now;
      LINLI_TRY_STATUS(SaveDemand(c, k));
      LINLI_TRY_STATUS(
          AppendEvent(c, k.id, ParentEventCode(*ev), kb.status, k.status, req.actor, child_note, now));
      LINLI_TRY_STATUS(UpdateDaily(c, &kb, &k));
    }
  }
  return d;
}

}  // namespace

Result<Demand> SqlDemands::ApplyDemandAction(const DemandActionRequest& req, const DemandScope& scope) {
  metrics::StoreTimer timer("ApplyDemandAction");
  return WriteOn(pool_, write_mu_, [&](Connection& c) { return ApplyAction(c, *cipher_, req, scope); });
}

// ---------------------------------------------------------------- reads

Result<Demand> SqlDemands::GetDemand(Id id, const DemandScope& scope) {
  metrics::StoreTimer timer("GetDemand");
  return ReadOn(pool_, [&](Connection& c) { return LoadDemand(c, *cipher_, id, scope); });
}

Result<Demand> SqlDemands::GetDemandByNumber(const std::string& number, const DemandScope& scope) {
  return ReadOn(pool_, [&](Connection& c) -> Result<Demand> {
    LINLI_TRY(auto r, c.Exec("SELECT id FROM demands WHERE number = ?", {Text(number)}));
    if (r.empty()) return NotFound();
    return LoadDemand(c, *cipher_, AsInt(r[0][0]), scope);
  });
}

Result<Page<Demand>> SqlDemands::ListDemands(const DemandFilter& f, const DemandScope& scope, PageRequest page) {
  metrics::StoreTimer timer("ListDemands");
  const std::string q = NormalizeSearchText(f.q);
  std::vector<std::string> conds;
  Params p;
  bool by_id = false;  // a text search lists the latest stored first (id order)
  if (!q.empty()) {
    if (IsDemandNumber(q)) {
      std::string upper = q;
      upper[0] = 'L', upper[1] = 'L';
      conds.push_back("t.number = ?");
      p.emplace_back(upper);
    } else if (CodePoints(q).size() < 2) {
      return Error::Invalid("q", "too_short", "请至少输入两个字");
    } else {
      LINLI_TRY_STATUS(FlushSearch());  // the index holds every committed intake
    }
  }
  LINLI_TRY_STATUS(CreatedRange(f.from, f.to, conds, p));
  if (!f.status.empty()) {
    if (f.status == "open") {
      conds.push_back("t.status NOT IN ('closed', 'merged')");
    } else {
      std::vector<std::string> codes;
      std::size_t start = 0;
      while (start <= f.status.size()) {
        auto end = f.status.find(',', start);
        if (end == std::string::npos) end = f.status.size();
        std::string code = f.status.substr(start, end - start);
        if (!ParseDemandStatus(code)) return Error::Invalid("status", "format", "状态不正确: " + code);
        codes.push_back(code);
        start = end + 1;
      }
      std::string in;
      for (auto& code : codes) in += (in.empty() ? "?" : ",?"), p.emplace_back(code);
      conds.push_back("t.status IN (" + in + ")");
    }
  }
  auto eq = [&](const char* col, const std::optional<Id>& v) {
    if (v) conds.push_back(std::string("t.") + col + " = ?"), p.emplace_back(*v);
  };
  auto eqs = [&](const char* col, const std::string& v) {
    if (!v.empty()) conds.push_back(std::string("t.") + col + " = ?"), p.emplace_back(v);
  };
  eq("community_id", f.community_id), eq("grid_id", f.grid_id), eq("building_id", f.building_id);
  eq("household_id", f.household_id), eq("assignee_user_id", f.assignee_user_id), eq("parent_id", f.parent_id);
  eq("reporter_user_id", f.reporter_user_id);
  eqs("channel", f.channel), eqs("urgency", f.urgency), eqs("nature", f.nature);
  eqs("assignee_kind", f.assignee_kind), eqs("external_number", f.external_number);
  if (!f.ids.empty()) conds.push_back("t.id IN (" + InList(f.ids, p) + ")");
  if (f.overdue || f.due_soon) {
    if (f.now.empty()) return Error::Invalid("now", "required", "缺少当前时间");
    LINLI_TRY(auto now, CanonicalTime(f.now, "now"));
    LINLI_TRY(auto soon, AddHours(now, 24));
    std::string pending = "t.replied_at = '' AND t.status NOT IN ('closed', 'merged') AND t.due_at <> ''";
    if (f.overdue && f.due_soon) {
      conds.push_back(pending + " AND t.due_at < ?");
      p.emplace_back(soon);
    } else if (f.overdue) {
      conds.push_back(pending + " AND t.due_at < ?");
      p.emplace_back(now);
    } else {
      conds.push_back(pending + " AND t.due_at >= ? AND t.due_at < ?");
      p.emplace_back(now), p.emplace_back(soon);
    }
  }
  if (!f.order.empty() && f.order != "newest" && f.order != "due")
    return Error::Invalid("order", "format", "排序只能是 newest 或 due");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<Demand>> {
    Params params = p;
    std::vector<std::string> all = conds;
    if (!f.category_code.empty()) {
      LINLI_TRY(auto cats, LoadCategories(c));
      auto codes = Subtree(cats, f.category_code);
      std::string in;
      for (auto& code : codes) in += (in.empty() ? "?" : ",?"), params.emplace_back(code);
      all.push_back("t.category_code IN (" + in + ")");
    }
    bool scope_done = false;                // the search tokens already restrict to the scope
    std::optional<SearchFrom> search_only;  // a search that needs nothing else: count and page in the index
    if (!q.empty() && !IsDemandNumber(q)) {
      // An ASCII fragment may be an external ticket number: exact match first.
      bool ascii = std::all_of(q.begin(), q.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
      std::vector<Id> exact;
      if (ascii) {
        LINLI_TRY(auto r, c.Exec("SELECT id FROM demands WHERE channel IN ('hotline_12345', 'resident', 'walk_in', "
                                 "'phone', 'patrol', 'hall', 'open311') AND external_number = ?",
                                 {Text(f.q)}));
        for (auto& x : r.rows) exact.push_back(AsInt(x[0]));
        // A phone number: the reporter's, by its keyed hash (the clear phone is never stored).
        if (exact.empty()) {
          if (auto phone = NormalizePhone(f.q, "q"); phone.ok()) {
            LINLI_TRY(auto h, c.Exec("SELECT id FROM demands WHERE reporter_phone_hash = ? AND reporter_phone_hash <> ''",
                                     {Text(cipher_->SearchHash(*phone))}));
            for (auto& x : h.rows) exact.push_back(AsInt(x[0]));
          }
        }
      }
      if (!exact.empty()) {
        all.push_back("t.id IN (" + InList(exact, params) + ")");
      } else {
        // Narrow inside the index by the scope's communities and grids (then the scope is done),
        // or by the filter's community / grid.
        std::vector<Id> cs, gs;
        if (ScopeIsAreas(scope)) {
          cs = scope.community_ids, gs = scope.grid_ids, scope_done = true;
        } else if (f.community_id) {
          cs = {*f.community_id};
        } else if (f.grid_id) {
          gs = {*f.grid_id};
        }
        LINLI_TRY(auto sf, SearchCond(c, q, cs, gs));
        // PostgreSQL: OFFSET 0 keeps the matches a subquery of their own (the bitmap scan), never
        // pulled up into a join that would call demand_search_keys row by row (migration 106).
        all.push_back("t.id IN (SELECT " + sf.id + " FROM " + sf.from + (IsSqlite(c) ? ")" : " OFFSET 0)"));
        params.insert(params.end(), sf.params.begin(), sf.params.end());
        if (all.size() == 1 && (scope_done || scope.unrestricted)) search_only = std::move(sf);
        by_id = true;
      }
    }
    if (!scope_done) all.push_back(ScopeSql(scope, params));
    Page<Demand> out;
    if (search_only) {
      // Only the text (and the areas): count and page inside the index, newest id first.
      const SearchFrom& sf = *search_only;
      std::vector<Id> page_ids;
      Params sp = sf.params;
      sp.emplace_back(page.limit), sp.emplace_back(page.offset);
      if (!sf.per_community.empty()) {
        // Community by community: the counts added, the page merged from each one's newest.
        const std::int64_t need = page.offset + page.limit;
        std::vector<Id> all_ids;
        for (const auto& m : sf.per_community) {
          LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM demand_fts WHERE demand_fts MATCH ?", {Text(m)}));
          const std::int64_t k = AsInt(n[0][0]);
          out.total += k;
          if (k == 0 || need <= 0) continue;
          LINLI_TRY(auto ids, c.Exec("SELECT rowid FROM demand_fts WHERE demand_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                                     {Text(m), Int(need)}));
          for (auto& x : ids.rows) all_ids.push_back(AsInt(x[0]));
        }
        std::sort(all_ids.begin(), all_ids.end(), std::greater<Id>());
        for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(page.offset, 0));
             i < all_ids.size() && static_cast<std::int64_t>(page_ids.size()) < page.limit; ++i)
          page_ids.push_back(all_ids[i]);
      } else if (IsSqlite(c)) {
        LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM " + sf.from, sf.params));
        out.total = AsInt(n[0][0]);
        if (out.total == 0) return out;
        LINLI_TRY(auto ids, c.Exec("SELECT rowid FROM " + sf.from + " ORDER BY rowid DESC LIMIT ? OFFSET ?", sp));
        for (auto& x : ids.rows) page_ids.push_back(AsInt(x[0]));
      } else {
        LINLI_TRY(page_ids, PgSearchPage(c, sf, page, out.total));
      }
      if (page_ids.empty()) return out;
      Params pp;
      std::string in = InList(page_ids, pp);
      LINLI_TRY(auto rows, c.Exec("SELECT " + std::string(kDemandColumns) + " FROM demands t WHERE t.id IN (" + in +
                                      ") ORDER BY t.id DESC",
                                  pp));
      for (auto& r : rows.rows) {
        LINLI_TRY(auto d, ToDemand(r, *cipher_));
        out.items.push_back(std::move(d));
      }
      return out;
    }
    std::string where = Where(all);
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM demands t" + where, params));
    out.total = AsInt(n[0][0]);
    if (out.total == 0) return out;
    std::string order = f.order == "due" ? " ORDER BY CASE WHEN t.status IN ('closed', 'merged') THEN 1 ELSE 0 END, "
                                           "t.due_at, t.id"
                        : by_id          ? " ORDER BY t.id + 0 DESC"  // sort the matches, never walk the key
                                         : " ORDER BY t.created_at DESC, t.id DESC";
    params.emplace_back(page.limit), params.emplace_back(page.offset);
    LINLI_TRY(auto rows, c.Exec("SELECT " + std::string(kDemandColumns) + " FROM demands t" + where + order +
                                    " LIMIT ? OFFSET ?",
                                params));
    for (auto& r : rows.rows) {
        LINLI_TRY(auto d, ToDemand(r, *cipher_));
        out.items.push_back(std::move(d));
      }
    return out;
  });
}

namespace {
DemandEvent ToEvent(const std::vector<Value>& r) {
  return {AsInt(r[0]),  AsInt(r[1]),  AsText(r[2]), AsText(r[3]),
          AsText(r[4]), AsText(r[5]), AsText(r[6]), AsText(r[7])};
}
}  // namespace

Result<std::vector<DemandEvent>> SqlDemands::ListDemandEvents(Id demand_id, const DemandScope& scope) {
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandEvent>> {
    LINLI_TRY_STATUS(LoadDemand(c, *cipher_, demand_id, scope));
    LINLI_TRY(auto r, c.Exec("SELECT id, demand_id, action, from_status, to_status, actor, note, at FROM "
                             "demand_events WHERE demand_id = ? ORDER BY id",
                             {Int(demand_id)}));
    std::vector<DemandEvent> out;
    for (auto& x : r.rows) out.push_back(ToEvent(x));
    return out;
  });
}

Result<std::vector<DemandEvent>> SqlDemands::ListRecentEvents(const DemandScope& scope, const std::string& since,
                                                              const std::string& until, int limit) {
  std::vector<std::string> conds;
  Params p;
  if (!since.empty()) {
    LINLI_TRY(auto t, CanonicalTime(since, "since"));
    conds.push_back("e.at >= ?"), p.emplace_back(t);
  }
  if (!until.empty()) {
    LINLI_TRY(auto t, CanonicalTime(until, "until"));
    conds.push_back("e.at < ?"), p.emplace_back(t);
  }
  conds.push_back(ScopeSql(scope, p));
  p.emplace_back(static_cast<std::int64_t>(std::max(limit, 0)));
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandEvent>> {
    LINLI_TRY(auto r, c.Exec("SELECT e.id, e.demand_id, e.action, e.from_status, e.to_status, e.actor, e.note, e.at "
                             "FROM demand_events e JOIN demands t ON t.id = e.demand_id" +
                                 Where(conds) + " ORDER BY e.at, e.id LIMIT ?",
                             p));
    std::vector<DemandEvent> out;
    for (auto& x : r.rows) out.push_back(ToEvent(x));
    return out;
  });
}

Result<std::vector<Demand>> SqlDemands::DuplicateCandidates(const DuplicateQuery& q, const DemandScope& scope) {
  metrics::StoreTimer timer("DuplicateCandidates");
  LINLI_TRY(auto now, ParseIsoSeconds(q.now));
  std::vector<std::string> conds;
  Params p;
  if (q.building_id) {
    conds.push_back("t.building_id = ?"), p.emplace_back(*q.building_id);
  } else if (q.grid_id) {
    conds.push_back("t.grid_id = ?"), p.emplace_back(*q.grid_id);
  } else {
    conds.push_back("t.community_id = ?"), p.emplace_back(q.community_id);
  }
  conds.push_back("t.created_at >= ?"), p.emplace_back(FormatIsoUtc(now - std::int64_t{q.days} * 86400));
  conds.push_back("t.status NOT IN ('closed', 'merged')");
  conds.push_back(ScopeSql(scope, p));
  p.emplace_back(static_cast<std::int64_t>(q.limit));
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<Demand>> {
    LINLI_TRY(auto r, c.Exec("SELECT " + std::string(kDemandColumns) + " FROM demands t" + Where(conds) +
                                 " ORDER BY t.created_at DESC LIMIT ?",
                             p));
    std::vector<Demand> out;
    for (auto& x : r.rows) {
      LINLI_TRY(auto d, ToDemand(x, *cipher_));
      out.push_back(std::move(d));
    }
    return out;
  });
}

// ---------------------------------------------------------------- attachments

namespace {
constexpr std::string_view kAttachmentSelect =
    "SELECT a.id, a.demand_id, a.sha256, a.mime, a.size, a.original_name, a.created_at, a.created_by FROM "
    "demand_attachments a";
DemandAttachment ToAttachment(const std::vector<Value>& r) {
  DemandAttachment a;
  a.id = AsInt(r[0]), a.demand_id = AsOptId(r[1]), a.sha256 = AsText(r[2]), a.mime = AsText(r[3]);
  a.size = AsInt(r[4]), a.original_name = AsText(r[5]), a.created_at = AsText(r[6]), a.created_by = AsText(r[7]);
  return a;
}
}  // namespace

Result<DemandAttachment> SqlDemands::CreateAttachment(const DemandAttachment& in) {
  if (in.sha256.empty()) return Error::Invalid("sha256", "required", "缺少文件摘要");
  if (in.mime.empty()) return Error::Invalid("mime", "required", "缺少文件类型");
  DemandAttachment a = in;
  a.demand_id.reset();
  if (a.created_at.empty()) a.created_at = FormatIsoUtc(std::chrono::duration_cast<std::chrono::seconds>(
                                                            std::chrono::system_clock::now().time_since_epoch())
                                                            .count());
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DemandAttachment> {
    LINLI_TRY(auto r, c.Exec("INSERT INTO demand_attachments(sha256, mime, size, original_name, created_at, "
                             "created_by) VALUES (?,?,?,?,?,?) RETURNING id",
                             {Text(a.sha256), Text(a.mime), Int(a.size), Text(a.original_name), Text(a.created_at),
                              Text(a.created_by)}));
    a.id = AsInt(r[0][0]);
    return a;
  });
}

Result<DemandAttachment> SqlDemands::GetAttachment(Id id, const DemandScope& scope, const std::string& actor) {
  return ReadOn(pool_, [&](Connection& c) -> Result<DemandAttachment> {
    LINLI_TRY(auto r, c.Exec(std::string(kAttachmentSelect) + " WHERE a.id = ?", {Int(id)}));
    if (r.empty()) return Error::NotFound("附件不存在");
    auto a = ToAttachment(r[0]);
    if (!a.demand_id) {
      if (a.created_by != actor || actor.empty()) return Error::NotFound("附件不存在");
      return a;
    }
    if (!LoadDemand(c, *cipher_, *a.demand_id, scope).ok()) return Error::NotFound("附件不存在");
    return a;
  });
}

Result<std::vector<DemandAttachment>> SqlDemands::ListAttachments(Id demand_id, const DemandScope& scope) {
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandAttachment>> {
    LINLI_TRY_STATUS(LoadDemand(c, *cipher_, demand_id, scope));
    LINLI_TRY(auto r, c.Exec(std::string(kAttachmentSelect) + " WHERE a.demand_id = ? ORDER BY a.id", {Int(demand_id)}));
    std::vector<DemandAttachment> out;
    for (auto& x : r.rows) out.push_back(ToAttachment(x));
    return out;
  });
}

// ---------------------------------------------------------------- categories and settings

Result<std::vector<DemandCategory>> SqlDemands::ListCategories() {
  LINLI_TRY_STATUS(EnsureSeeded());
  return ReadOn(pool_, [&](Connection& c) { return LoadCategories(c); });
}

Status SqlDemands::ReplaceCategories(const std::vector<DemandCategory>& cats) {
  LINLI_TRY_STATUS(EnsureSeeded());
  std::set<std::string> codes;
  for (const auto& x : cats) {
    if (x.code.empty() || x.name_zh.empty())
      return Error::Invalid("categories", "required", "分类的编码和名称必填");
    if (!codes.insert(x.code).second) return Error::Invalid("categories", "duplicate", "分类编码重复: " + x.code);
  }
  for (const auto& x : cats)
    if (!x.parent_code.empty() && !codes.count(x.parent_code))
      return Error::Invalid("categories", "unknown_parent", "上级分类不存在: " + x.parent_code);
  Status st = WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    LINLI_TRY(auto used, c.Exec("SELECT DISTINCT category_code FROM demands", {}));
    for (auto& r : used.rows)
      if (!codes.count(AsText(r[0]))) {
        Error e = Error::Conflict("分类 " + AsText(r[0]) + " 已有诉求在用，不能删除", "categories");
        e.details.push_back({"categories", "in_use", e.message});
        return e;
      }
    LINLI_TRY_STATUS(c.Script("DELETE FROM demand_categories"));
    int pos = 0;
    for (const auto& x : cats)
      LINLI_TRY_STATUS(c.Exec("INSERT INTO demand_categories(code, parent_code, name_zh, name_en, respond_hours, "
                              "resolve_hours, position) VALUES (?,?,?,?,?,?,?)",
                              {Text(x.code), Text(x.parent_code), Text(x.name_zh), Text(x.name_en),
                               Int(x.respond_hours), Int(x.resolve_hours), Int(pos++)}));
    return Ok();
  });
  ForgetCategories();  // the intake's cached tree (also after a failed replace: harmless)
  return st;
}

Result<std::string> SqlDemands::GetSetting(const std::string& key) {
  return ReadOn(pool_, [&](Connection& c) -> Result<std::string> {
    LINLI_TRY(auto r, c.Exec("SELECT value FROM demand_settings WHERE key = ?", {Text(key)}));
    return r.empty() ? std::string() : AsText(r[0][0]);
  });
}

Status SqlDemands::PutSetting(const std::string& key, const std::string& json) {
  if (key.empty() || key == kSeededKey) return Error::Invalid("key", "format", "设置项不正确");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    return ToStatus(c.Exec("INSERT INTO demand_settings(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                           "value = excluded.value",
                           {Text(key), Text(json)}));
  });
}

// ---------------------------------------------------------------- counts, trend, hotspots

namespace {

Status CheckDay(const std::string& day, const std::string& field) {
  if (day.empty()) return Error::Invalid(field, "required", "请选择日期");
  return ToStatus(LocalMidnight(day, field));
}

// Scope over the daily counts: only communities, grids and the responsible worker apply.
std::string DailyScopeSql(const DemandScope& s, Params& p, const std::string& worker_col) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("d.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty()) terms.push_back("d.grid_id IN (" + InList(s.grid_ids, p) + ")");
  if (s.assigned_user_id) terms.push_back(worker_col + " = ?"), p.emplace_back(*s.assigned_user_id);
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

}  // namespace

Result<std::vector<DemandCountRow>> SqlDemands::CountDemands(const DemandCountsQuery& q) {
  metrics::StoreTimer timer("CountDemands");
  LINLI_TRY_STATUS(CheckDay(q.from, "from"));
  LINLI_TRY_STATUS(CheckDay(q.to, "to"));
  if (!q.street_code.empty() &&
      (q.street_code.size() != 9 ||
       !std::all_of(q.street_code.begin(), q.street_code.end(), [](char ch) { return ch >= '0' && ch <= '9'; })))
    return Error::Invalid("street_code", "format", "街道编码应为 9 位数字");
  std::string now;
  if (!q.now.empty()) {
    LINLI_TRY(now, CanonicalTime(q.now, "now"));
  }

  // The same query twice: over the daily counts (alias d) and over the open-past-due demands
  // (alias d too, with the demand's columns renamed).
  struct Cols {
    std::string worker, grid, community, join;
  };
  auto build = [&](bool daily, Params& p) {
    std::string worker = daily ? "d.user_id" : "d.worker_id";
    std::string key, join, month = daily ? "substr(d.day, 1, 7)" : "d.created_at";
    std::vector<std::string> conds;
    switch (q.group) {
      case DemandGroup::kWorker:
        key = worker, conds.push_back(daily ? "d.user_id <> 0" : "d.worker_id IS NOT NULL");
        break;
      case DemandGroup::kGrid:
        key = "d.grid_id", conds.push_back(daily ? "d.grid_id <> 0" : "d.grid_id IS NOT NULL");
        break;
      case DemandGroup::kCommunity:
        key = "d.community_id";
        break;
      case DemandGroup::kStreet:
        key = "substr(c.code, 1, 9)", join = " JOIN communities c ON c.id = d.community_id";
        break;
      case DemandGroup::kNone:
        key = "0";
        break;
    }
    if (daily) {
      conds.push_back("d.day >= ?"), p.emplace_back(q.from);
      conds.push_back("d.day <= ?"), p.emplace_back(q.to);
    } else {
      // created_at made unindexable, so the small partial index of pending demands is used.
      (void)CreatedRange(q.from, q.to, conds, p, "(d.created_at || '')");
      conds.push_back("d.replied_at = '' AND d.status NOT IN ('closed', 'merged') AND d.due_at <> '' AND d.due_at < ?");
      p.emplace_back(now);
    }
    if (q.community_id) conds.push_back("d.community_id = ?"), p.emplace_back(*q.community_id);
    if (q.grid_id) conds.push_back("d.grid_id = ?"), p.emplace_back(*q.grid_id);
    if (q.worker_user_id) conds.push_back(worker + " = ?"), p.emplace_back(*q.worker_user_id);
    if (!q.street_code.empty())
      conds.push_back("d.community_id IN (SELECT id FROM communities WHERE substr(code, 1, 9) = ?)"),
          p.emplace_back(q.street_code);
    conds.push_back(DailyScopeSql(q.scope, p, worker));
    if (daily)
      return "SELECT " + key + ", " + (q.monthly ? month : std::string("''")) + ", SUM(d.received), "
             "SUM(d.dispatched), SUM(d.responded_in_time), SUM(d.callbacks), SUM(d.solved), SUM(d.satisfied), "
             "SUM(d.basic), SUM(d.overdue) FROM demand_daily d" + join + Where(conds) + " GROUP BY 1, 2 ORDER BY 1, 2";
    return "SELECT " + key + ", d.created_at FROM demands d" + join + Where(conds);
  };

  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandCountRow>> {
    std::vector<DemandCountRow> out;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    Params p;
    const std::string daily_sql = build(true, p);
    LINLI_TRY(auto rows, c.Exec(daily_sql, p));
    for (auto& r : rows.rows) {
      DemandCountRow row;
      row.key = q.group == DemandGroup::kNone ? "" : AsText(r[0]);
      if (q.group != DemandGroup::kStreet && q.group != DemandGroup::kNone) row.id = AsInt(r[0]);
      row.month = AsText(r[1]);
      auto& k = row.counts;
      k.received = AsInt(r[2]), k.dispatched = AsInt(r[3]), k.responded_in_time = AsInt(r[4]);
      k.callbacks = AsInt(r[5]), k.solved = AsInt(r[6]), k.satisfied = AsInt(r[7]), k.basic = AsInt(r[8]);
      k.overdue = AsInt(r[9]);
      index[{row.key, row.month}] = out.size();
      out.push_back(std::move(row));
    }
    if (!now.empty()) {
      Params p2;
      const std::string open_sql = build(false, p2);
      LINLI_TRY(auto open, c.Exec(open_sql, p2));
      for (auto& r : open.rows) {
        std::string key = q.group == DemandGroup::kNone ? "" : AsText(r[0]);
        std::string month;
        if (q.monthly) {
          auto day = LocalDayOf(AsText(r[1]));
          month = day.ok() ? day->substr(0, 7) : "";
        }
        auto it = index.find({key, month});
        if (it == index.end()) continue;  // created in the period, so its row exists
        out[it->second].counts.overdue += 1;
      }
    }
    // Names.
    std::vector<Id> ids;
    for (auto& r : out)
      if (r.id) ids.push_back(r.id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::unordered_map<std::string, std::string> names;
    Params np;
    std::string sql;
    switch (q.group) {
      case DemandGroup::kWorker:
        if (!ids.empty())
          sql = "SELECT id, CASE WHEN display_name = '' THEN username ELSE display_name END FROM users WHERE id IN (" +
                InList(ids, np) + ")";
        break;
      case DemandGroup::kGrid:
        if (!ids.empty())
          sql = "SELECT id, CASE WHEN name = '' THEN code ELSE name END FROM grids WHERE id IN (" + InList(ids, np) + ")";
        break;
      case DemandGroup::kCommunity:
        if (!ids.empty()) sql = "SELECT id, name FROM communities WHERE id IN (" + InList(ids, np) + ")";
        break;
      case DemandGroup::kStreet:
        sql = "SELECT substr(code, 1, 9), MAX(street_name) FROM communities GROUP BY 1";
        break;
      case DemandGroup::kNone:
        break;
    }
    if (!sql.empty()) {
      LINLI_TRY(auto nr, c.Exec(sql, np));
      for (auto& r : nr.rows) names[AsText(r[0])] = AsText(r[1]);
    }
    for (auto& r : out)
      if (auto it = names.find(r.key); it != names.end()) r.name = it->second;
    return out;
  });
}

Result<std::vector<DemandTrendRow>> SqlDemands::DemandTrend(const DemandScope& scope, std::optional<Id> community_id,
                                                            const std::string& from, const std::string& to) {
  LINLI_TRY_STATUS(CheckDay(from, "from"));
  LINLI_TRY_STATUS(CheckDay(to, "to"));
  Params p{Text(from), Text(to)};
  std::vector<std::string> conds{"d.day >= ?", "d.day <= ?"};
  if (community_id) conds.push_back("d.community_id = ?"), p.emplace_back(*community_id);
  conds.push_back(DailyScopeSql(scope, p, "d.user_id"));
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandTrendRow>> {
    LINLI_TRY(auto r, c.Exec("SELECT substr(d.day, 1, 7), d.category_top, SUM(d.received) FROM demand_daily d" +
                                 Where(conds) + " GROUP BY 1, 2 ORDER BY 1, 2",
                             p));
    std::vector<DemandTrendRow> out;
    for (auto& x : r.rows)
      if (AsInt(x[2]) > 0) out.push_back({AsText(x[0]), AsText(x[1]), AsInt(x[2])});
    return out;
  });
}

Result<std::vector<DemandHotspotRow>> SqlDemands::HotspotInput(const DemandScope& scope,
                                                               std::optional<Id> community_id,
                                                               const std::string& from, const std::string& to,
                                                               int limit) {
  LINLI_TRY_STATUS(CheckDay(from, "from"));
  LINLI_TRY_STATUS(CheckDay(to, "to"));
  std::vector<std::string> conds;
  Params p;
  LINLI_TRY_STATUS(CreatedRange(from, to, conds, p));
  conds.push_back("t.status <> 'merged'");
  if (community_id) conds.push_back("t.community_id = ?"), p.emplace_back(*community_id);
  conds.push_back(ScopeSql(scope, p));
  p.emplace_back(static_cast<std::int64_t>(limit));
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<DemandHotspotRow>> {
    LINLI_TRY(auto r, c.Exec("SELECT t.id, t.category_code, t.description, t.created_at, t.community_id, "
                             "t.building_id, t.compound_id, t.grid_id, b.name, cp.name FROM demands t LEFT JOIN "
                             "buildings b ON b.id = t.building_id LEFT JOIN compounds cp ON cp.id = t.compound_id" +
                                 Where(conds) + " ORDER BY t.created_at DESC, t.id DESC LIMIT ?",
                             p));
    std::vector<DemandHotspotRow> out;
    for (auto& x : r.rows) {
      DemandHotspotRow h;
      h.id = AsInt(x[0]), h.category_code = AsText(x[1]), h.description = AsText(x[2]), h.created_at = AsText(x[3]);
      h.community_id = AsInt(x[4]), h.building_id = AsOptId(x[5]), h.compound_id = AsOptId(x[6]);
      h.grid_id = AsOptId(x[7]), h.building_name = AsText(x[8]), h.compound_name = AsText(x[9]);
      out.push_back(std::move(h));
    }
    return out;
  });
}

// ---------------------------------------------------------------- bulk

namespace {

// LINLI_BULK_TRACE=1: the time of each phase of a bulk write, on stderr (to profile the loader).
class BulkTrace {
 public:
  static BulkTrace& Get() {
    static BulkTrace t;
    return t;
  }
  // The thread's CPU time in seconds (on a loaded machine the wall time mostly waits for a core).
  static double CpuNow() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  void Add(const char* phase, std::chrono::steady_clock::time_point since, double cpu_since = -1) {
    if (!on_) return;
    std::lock_guard lock(mu_);
    total_[phase] += std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
    if (cpu_since >= 0) cpu_[phase] += CpuNow() - cpu_since;
  }
  void Print(const char* what) {
    if (!on_) return;
    std::lock_guard lock(mu_);
    std::string out = std::string("bulk trace (") + what + "):";
    for (auto& [k, v] : total_) {
      out += " " + k + "=" + std::to_string(v).substr(0, 6) + "s";
      if (auto it = cpu_.find(k); it != cpu_.end()) out += "(cpu " + std::to_string(it->second).substr(0, 6) + ")";
    }
    std::fprintf(stderr, "%s\n", out.c_str());
    total_.clear(), cpu_.clear();
  }

 private:
  BulkTrace() : on_(std::getenv("LINLI_BULK_TRACE") != nullptr) {}
  bool on_;
  std::mutex mu_;
  std::map<std::string, double> total_, cpu_;
};
#define LINLI_PHASE(name, expr)                          \
  do {                                                   \
    auto linli_t0_ = std::chrono::steady_clock::now();   \
    double linli_c0_ = BulkTrace::CpuNow();              \
    expr;                                                \
    BulkTrace::Get().Add(name, linli_t0_, linli_c0_);    \
  } while (0)

// The search documents of `rows` (SqliteDoc / PgKeys, by back end), made while the caller's thread
// writes the rows: the n-grams are a third of the search index's cost.
std::future<std::vector<std::string>> SearchDocsAsync(const Connection& c, const std::vector<Demand>& rows) {
  const bool sqlite = IsSqlite(c);
  return std::async(std::launch::async, [&rows, sqlite] {
    std::vector<std::string> docs(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) docs[i] = sqlite ? SqliteDoc(rows[i]) : PgKeys(rows[i]);
    return docs;
  });
}

// The search index rows of stored demands (ids ascending). PostgreSQL: in community order, so that
// a community's rows of one load share pages of demand_search. `docs` (optional): the documents of
// the rows made beforehand (SearchDocsAsync); taken.
Status InsertSearchDocs(Connection& c, const std::vector<Demand>& rows, std::vector<std::string>* docs) {
  if (IsSqlite(c))
    return c.BulkInsert("demand_fts", {"rowid", "g"}, rows.size(), [&](std::size_t i, std::vector<Value>& v) {
      v[0] = rows[i].id;
      v[1] = docs ? std::move((*docs)[i]) : SqliteDoc(rows[i]);
    });
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].community_id < rows[b].community_id; });
  LINLI_TRY_STATUS(c.BulkInsert("demand_search", {"id", "community_id", "grid_id", "keys"}, rows.size(),
                                [&](std::size_t i, std::vector<Value>& v) {
                                  const Demand& d = rows[order[i]];
                                  v[0] = d.id, v[1] = d.community_id;
                                  v[2] = d.grid_id ? Value(*d.grid_id) : Value();
                                  v[3] = docs ? std::move((*docs)[order[i]]) : PgKeys(d);
                                }));
  // The narrow rows the search reads, after their keys (the index of demand_search_ids reads them).
  return c.BulkInsert("demand_search_ids", {"id", "community_id", "grid_id"}, rows.size(),
                      [&](std::size_t i, std::vector<Value>& v) {
                        const Demand& d = rows[order[i]];
                        v[0] = d.id, v[1] = d.community_id;
                        v[2] = d.grid_id ? Value(*d.grid_id) : Value();
                      });
}
Status InsertSearchRows(Connection& c, const std::vector<Demand>& rows) { return InsertSearchDocs(c, rows, nullptr); }

// Inserts prepared demands (id and number assigned here), their search documents, their events
// and their counts. `events[i]` are the events of `rows[i]`.
// `load_ids` (bulk load only): the ids of the load so far, in load order; a row's parent_id is
// then the index of an earlier row of the load and is rewritten to its id.
Status InsertPrepared(Connection& c, const FieldCipher& cipher, std::vector<Demand>& rows, const std::vector<std::optional<Id>>& compounds,
                      const std::vector<std::vector<DemandEvent>>& events, std::map<DailyKey, DailyCounts>& daily,
                      std::vector<Id>* load_ids = nullptr) {
  if (rows.empty()) return Ok();
  // Numbers: per local day, one sequence range each.
  std::map<std::string, std::int64_t> per_day;
  std::vector<std::string> days(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto t = ParseIsoSeconds(rows[i].created_at);
    if (!t.ok()) return Error::Invalid("created_at", "format", "时间格式应为 ISO 8601: " + rows[i].created_at);
    days[i] = LocalDay(*t);
    per_day[days[i]] += 1;
  }
  auto t_numbers = std::chrono::steady_clock::now();
  for (auto& [day, n] : per_day) {
    LINLI_TRY(auto first, TakeNumbers(c, day, n));
    n = first;
  }
  LINLI_TRY(auto ids, c.ReserveIds("demands", rows.size()));
  BulkTrace::Get().Add("numbers+ids", t_numbers);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].id = ids[i];
    rows[i].number = FormatNumber(days[i], per_day[days[i]]++);
  }
  if (load_ids) {
    load_ids->insert(load_ids->end(), ids.begin(), ids.end());
    for (auto& d : rows) {
      if (!d.parent_id) continue;
      auto idx = static_cast<std::size_t>(*d.parent_id);
      if (*d.parent_id >= 0 && idx < load_ids->size() && (*load_ids)[idx] != d.id)
        d.parent_id = (*load_ids)[idx];
      else
        d.parent_id.reset();
    }
  }
  std::vector<std::string> cols{"id"};
  const auto& wc = WriteColumns();
  cols.insert(cols.end(), wc.begin(), wc.end());
  cols.insert(cols.end(), kPhoneColumns.begin(), kPhoneColumns.end());
  std::vector<Value> vals;
  Status st;
  // The search documents are made on a second thread meanwhile (the rows are not changed until
  // they are taken).
  auto docs_future = SearchDocsAsync(c, rows);
  LINLI_PHASE("demands", st = c.BulkInsert("demands", cols, rows.size(), [&](std::size_t i, std::vector<Value>& v) {
    WriteValues(rows[i], compounds[i], vals);
    PhoneValues(rows[i], cipher, vals);
    v[0] = rows[i].id;
    for (std::size_t k = 0; k < vals.size(); ++k) v[k + 1] = std::move(vals[k]);
  }));
  std::vector<std::string> docs;
  LINLI_PHASE("search docs wait", docs = docs_future.get());
  LINLI_TRY_STATUS(st);
  LINLI_PHASE("search", st = InsertSearchDocs(c, rows, &docs));
  LINLI_TRY_STATUS(st);
  std::vector<std::pair<std::size_t, const DemandEvent*>> evs;
  for (std::size_t i = 0; i < events.size(); ++i)
    for (const auto& e : events[i]) evs.emplace_back(i, &e);
  LINLI_PHASE("events", st = c.BulkInsert("demand_events",
                                          {"demand_id", "action", "from_status", "to_status", "actor", "note", "at"},
                                          evs.size(), [&](std::size_t i, std::vector<Value>& v) {
                                            const DemandEvent& e = *evs[i].second;
                                            v[0] = rows[evs[i].first].id, v[1] = e.action, v[2] = e.from_status;
                                            v[3] = e.to_status, v[4] = e.actor, v[5] = e.note, v[6] = e.at;
                                          }));
  LINLI_TRY_STATUS(st);
  for (const auto& d : rows) {
    auto [k, cnt] = Contribution(d);
    daily[k].Add(cnt);
  }
  if (daily.size() > 200000) LINLI_TRY_STATUS(FlushDaily(c, daily));
  return Ok();
}

constexpr std::size_t kChunk = 50000;

// Around a load of `n` rows inside its write transaction: SQLite gets a big page cache and a big
// FTS5 buffer without automerge (rowids only grow); a load at least as big as the table drops the
// secondary indexes and rebuilds them at the end (one sort each instead of millions of inserts).
class BulkMode {
 public:
  explicit BulkMode(Connection& c) : c_(c), sqlite_(IsSqlite(c)) {}
  Status Begin(std::size_t n) {
    LINLI_TRY(auto have, c_.Exec("SELECT COUNT(*) FROM demands", {}));
    big_ = n >= 100000 && static_cast<std::size_t>(AsInt(have[0][0])) <= n;
    if (sqlite_) {
      // threads: CREATE INDEX sorts on a helper thread too (End rebuilds the dropped indexes).
      LINLI_TRY_STATUS(c_.Script(
          "PRAGMA cache_size=-2000000; PRAGMA threads=2; "
          "INSERT INTO demand_fts(demand_fts, rank) VALUES ('automerge', 0); "
          "INSERT INTO demand_fts(demand_fts, rank) VALUES ('hashsize', 268435456);"));
    } else {
      // A big GIN pending list: the search keys of a load are merged into the index a few times
      // (each distinct key once per merge) instead of every 4 MB; End() merges the rest.
      LINLI_TRY_STATUS(c_.Script(
          "SET LOCAL maintenance_work_mem = '1GB'; SET LOCAL synchronous_commit = off; "
          "SET LOCAL work_mem = '256MB'; SET LOCAL gin_pending_list_limit = '128MB'"));
    }
    if (big_) {
      for (const auto& [name, sql] : BulkIndexes(sqlite_)) LINLI_TRY_STATUS(c_.Script("DROP INDEX IF EXISTS " + name));
      if (!sqlite_) LINLI_TRY_STATUS(c_.Script("DROP INDEX IF EXISTS ix_demand_search_ids_keys"));
    } else if (sqlite_ && n >= 50000) {
      // The indexes a load writes all over (the phone hash is random; the building index gets a
      // row at the end of each building's range) are read once in order first: on a big store
      // whose file is not in the OS cache, one sequential read each instead of a random read per
      // row (1M tickets into 3M demands, file not cached: 81 s -> 62 s); cached, a fraction of a
      // second. Smaller loads touch too few of their pages for the scan to pay.
      for (const char* sql :
           {"SELECT COUNT(*) FROM demands INDEXED BY ix_demands_reporter_phone WHERE reporter_phone_hash <> ''",
            "SELECT COUNT(*) FROM demands INDEXED BY ix_demands_building WHERE building_id >= 0"})
        LINLI_TRY_STATUS(ToStatus(c_.Exec(sql, {})));
    }
    return Ok();
  }
  Status End() {
    if (big_) {
      auto t0 = std::chrono::steady_clock::now();
      for (const auto& [name, sql] : BulkIndexes(sqlite_)) LINLI_TRY_STATUS(c_.Script(sql));
      BulkTrace::Get().Add("end: indexes", t0);
      t0 = std::chrono::steady_clock::now();
      if (!sqlite_)
        LINLI_TRY_STATUS(c_.Script(
            "CREATE INDEX ix_demand_search_ids_keys ON demand_search_ids USING gin (demand_search_keys(id))"));
      BulkTrace::Get().Add("end: search gin", t0);
    }
    if (sqlite_)
      return c_.Script(
          "INSERT INTO demand_fts(demand_fts, rank) VALUES ('automerge', 4); "
          "INSERT INTO demand_fts(demand_fts, rank) VALUES ('hashsize', 1048576); PRAGMA cache_size=-64000; "
          "PRAGMA threads=0;");
    if (!big_) LINLI_TRY_STATUS(c_.Script("SELECT gin_clean_pending_list('ix_demand_search_ids_keys')"));
    return c_.Script(
        "ANALYZE demands; ANALYZE demand_search; ANALYZE demand_search_ids; ANALYZE demand_daily; ANALYZE "
        "demand_events");
  }

 private:
  Connection& c_;
  bool sqlite_;
  bool big_ = false;
};

}  // namespace

Result<DemandImportStats> SqlDemands::ImportDemands(std::vector<Demand> in, const std::string& now) {
  metrics::StoreTimer timer("ImportDemands");
  LINLI_TRY_STATUS(EnsureSeeded());
  auto t_commit = std::chrono::steady_clock::now();
  auto result = WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DemandImportStats> {
    DemandImportStats stats;
    LINLI_TRY(auto cats, LoadCategories(c));
    // Which external numbers exist already: one join through a temporary table.
    LINLI_TRY_STATUS(c.Script("CREATE TEMP TABLE IF NOT EXISTS demand_import_keys (channel TEXT, external_number TEXT)"));
    LINLI_TRY_STATUS(c.Script("DELETE FROM demand_import_keys"));
    std::vector<std::size_t> keyed;
    for (std::size_t i = 0; i < in.size(); ++i)
      if (!in[i].external_number.empty()) keyed.push_back(i);
    LINLI_TRY_STATUS(c.BulkInsert("demand_import_keys", {"channel", "external_number"}, keyed.size(),
                                  [&](std::size_t i, std::vector<Value>& v) {
                                    v[0] = in[keyed[i]].channel, v[1] = in[keyed[i]].external_number;
                                  }));
    BulkTrace::Get().Add("keys", t_commit);
    // (channel, external_number) already taken: stored before, or by an earlier row of the batch.
    // Views into the rows and the stored keys (no string per row); every row is decided before
    // the first is moved out.
    struct KeyHash {
      std::size_t operator()(const std::pair<std::string_view, std::string_view>& k) const {
        return std::hash<std::string_view>()(k.first) * 31 + std::hash<std::string_view>()(k.second);
      }
    };
    std::unordered_set<std::pair<std::string_view, std::string_view>, KeyHash> seen;
    seen.reserve(keyed.size() * 2);
    std::vector<std::string> stored;  // the stored keys' text, viewed by `seen`
    auto t_keys = std::chrono::steady_clock::now();
    {
      LINLI_TRY(auto r, c.Exec("SELECT k.channel, k.external_number FROM demand_import_keys k JOIN demands d ON "
                               "d.channel = k.channel AND d.external_number = k.external_number WHERE "
                               "d.external_number <> ''",
                               {}));
      stored.reserve(r.rows.size() * 2);
      for (auto& x : r.rows) stored.push_back(AsText(x[0])), stored.push_back(AsText(x[1]));
      for (std::size_t k = 0; k + 1 < stored.size(); k += 2) seen.emplace(stored[k], stored[k + 1]);
    }
    LINLI_TRY_STATUS(c.Script("DELETE FROM demand_import_keys"));
    std::vector<char> skip(in.size(), 0);
    for (std::size_t i : keyed)
      if (!seen.emplace(in[i].channel, in[i].external_number).second) skip[i] = 1, ++stats.existing;
    seen = {};
    BulkTrace::Get().Add("existing", t_keys);
    // The same file again: nothing to write, no index work (PostgreSQL would ANALYZE for nothing).
    if (static_cast<std::size_t>(stats.existing) == in.size()) return stats;
    BulkMode bulk(c);
    LINLI_TRY_STATUS(bulk.Begin(in.size() - static_cast<std::size_t>(stats.existing)));
    std::chrono::steady_clock::duration prepare{};
    Resolver res(c);
    std::map<DailyKey, DailyCounts> daily;
    std::vector<Demand> chunk;
    std::vector<std::optional<Id>> compounds;
    std::vector<std::vector<DemandEvent>> events;
    auto flush = [&]() -> Status {
      LINLI_TRY_STATUS(InsertPrepared(c, *cipher_, chunk, compounds, events, daily));
      chunk.clear(), compounds.clear(), events.clear();
      return Ok();
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (skip[i]) continue;
      Demand d = std::move(in[i]);
      auto t_prep = std::chrono::steady_clock::now();
      LINLI_TRY(auto compound, PrepareIntake(res, d, cats, now, "row " + std::to_string(i + 1) + ": "));
      prepare += std::chrono::steady_clock::now() - t_prep;
      events.push_back({DemandEvent{0, 0, "create", "", "received", d.created_by, "", d.created_at}});
      chunk.push_back(std::move(d));
      compounds.push_back(compound);
      ++stats.created;
      if (chunk.size() >= kChunk) LINLI_TRY_STATUS(flush());
    }
    LINLI_TRY_STATUS(flush());
    BulkTrace::Get().Add("prepare", std::chrono::steady_clock::now() - prepare);
    Status st;
    LINLI_PHASE("daily", st = FlushDaily(c, daily));
    LINLI_TRY_STATUS(st);
    LINLI_PHASE("end", st = bulk.End());
    LINLI_TRY_STATUS(st);
    t_commit = std::chrono::steady_clock::now();
    return stats;
  });
  BulkTrace::Get().Add("commit", t_commit);
  BulkTrace::Get().Print("import");
  return result;
}

Result<std::int64_t> SqlDemands::BulkLoadDemands(const DemandBulkLoad& load) {
  metrics::StoreTimer timer("BulkLoadDemands");
  LINLI_TRY_STATUS(EnsureSeeded());
  LINLI_TRY(auto loaded, BulkLoadTx(load));
  // PostgreSQL: a big load leaves the visibility map empty and the hint bits unset; VACUUM sets
  // them (index-only scans skip the heap, the first searches do not write the pages) and refreshes
  // the statistics. Outside the transaction, as VACUUM must be.
  if (load.count >= 100000) {
    LINLI_TRY(auto lease, pool_.Acquire());
    if (!IsSqlite(*lease))
      LINLI_TRY_STATUS(lease->Script(
          "VACUUM (ANALYZE) demands, demand_search, demand_search_ids, demand_daily, demand_events"));
  }
  return loaded;
}

Result<std::int64_t> SqlDemands::BulkLoadTx(const DemandBulkLoad& load) {
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<std::int64_t> {
    BulkMode bulk(c);
    LINLI_TRY_STATUS(bulk.Begin(load.count));
    // Buildings -> compounds, once.
    std::unordered_map<Id, Id> compound_of;
    {
      LINLI_TRY(auto r, c.Exec("SELECT id, compound_id FROM buildings", {}));
      for (auto& x : r.rows) compound_of[AsInt(x[0])] = AsInt(x[1]);
    }
    std::map<DailyKey, DailyCounts> daily;
    std::vector<Demand> chunk;
    std::vector<std::optional<Id>> compounds;
    std::vector<std::vector<DemandEvent>> events;
    std::vector<Id> load_ids;
    load_ids.reserve(load.count);
    for (std::size_t i = 0; i < load.count; ++i) {
      chunk.emplace_back();
      events.emplace_back();
      load.row(i, chunk.back(), events.back());
      Demand& d = chunk.back();
      std::optional<Id> compound;
      if (d.building_id)
        if (auto it = compound_of.find(*d.building_id); it != compound_of.end()) compound = it->second;
      compounds.push_back(compound);
      if (d.updated_at.empty()) d.updated_at = d.created_at;
      if (chunk.size() >= kChunk || i + 1 == load.count) {
        LINLI_TRY_STATUS(InsertPrepared(c, *cipher_, chunk, compounds, events, daily, &load_ids));
        chunk.clear(), compounds.clear(), events.clear();
      }
    }
    LINLI_TRY_STATUS(FlushDaily(c, daily));
    LINLI_TRY_STATUS(bulk.End());
    return static_cast<std::int64_t>(load.count);
  });
}

// ---------------------------------------------------------------- sealing older demands

Status SealDemandPhones(Connection& c, const FieldCipher& cipher) {
  LINLI_TRY(auto pending, c.Exec("SELECT value FROM demand_settings WHERE key = 'phones_pending'", {}));
  if (pending.empty()) return Ok();  // nothing to do: no write
  Tx tx(c);
  LINLI_TRY_STATUS(tx.Begin(true));
  // The DELETE takes the row lock first: a second process opening the same PostgreSQL database
  // waits here and then finds the work done.
  LINLI_TRY(auto mine, c.Exec("DELETE FROM demand_settings WHERE key = 'phones_pending'", {}));
  if (mine.affected == 0) return tx.Commit();
  // Demands whose clear column still holds a phone, in batches by id.
  Id after = 0;
  while (true) {
    LINLI_TRY(auto rows, c.Exec("SELECT id, reporter_phone FROM demands WHERE id > ? AND reporter_phone <> '' "
                                "ORDER BY id LIMIT 5000",
                                {Int(after)}));
    if (rows.empty()) break;
    for (auto& r : rows.rows) {
      after = AsInt(r[0]);
      const std::string phone = AsText(r[1]);
      LINLI_TRY_STATUS(c.Exec("UPDATE demands SET reporter_phone_sealed = ?, reporter_phone_hash = ?, "
                              "reporter_phone = '' WHERE id = ?",
                              {Text(cipher.Encrypt(phone)), Text(cipher.SearchHash(phone)), r[0]}));
    }
  }
  return tx.Commit();
}

// Rebuilds the SQLite search index from the rows once, after migration 104 (the setting
// search_pending): the bigrams are keyed by community since then. PostgreSQL's migration rebuilds
// in SQL. In batches by id, inside one transaction.
Status RebuildDemandSearch(Connection& c) {
  LINLI_TRY(auto pending, c.Exec("SELECT value FROM demand_settings WHERE key = 'search_pending'", {}));
  if (pending.empty()) return Ok();
  Tx tx(c);
  LINLI_TRY_STATUS(tx.Begin(true));
  LINLI_TRY(auto mine, c.Exec("DELETE FROM demand_settings WHERE key = 'search_pending'", {}));
  if (mine.affected == 0) return tx.Commit();
  LINLI_TRY_STATUS(c.Script("INSERT INTO demand_fts(demand_fts) VALUES ('delete-all'); DELETE FROM demand_search_pending"));
  LINLI_TRY_STATUS(c.Script(
      "PRAGMA cache_size=-1000000; INSERT INTO demand_fts(demand_fts, rank) VALUES ('automerge', 0); "
      "INSERT INTO demand_fts(demand_fts, rank) VALUES ('hashsize', 268435456);"));
  Id after = 0;
  std::vector<Demand> rows;
  while (true) {
    LINLI_TRY(auto r, c.Exec("SELECT id, community_id, grid_id, description, address_text, reporter_name FROM "
                             "demands WHERE id > ? ORDER BY id LIMIT 50000",
                             {Int(after)}));
    if (r.empty()) break;
    rows.assign(r.rows.size(), Demand{});
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const auto& x = r.rows[i];
      Demand& d = rows[i];
      d.id = AsInt(x[0]), d.community_id = AsInt(x[1]), d.grid_id = AsOptId(x[2]);
      d.description = AsText(x[3]), d.address_text = AsText(x[4]), d.reporter_name = AsText(x[5]);
    }
    after = rows.back().id;
    LINLI_TRY_STATUS(InsertSearchRows(c, rows));
  }
  LINLI_TRY_STATUS(c.Script(
      "INSERT INTO demand_fts(demand_fts, rank) VALUES ('automerge', 4); "
      "INSERT INTO demand_fts(demand_fts, rank) VALUES ('hashsize', 1048576); PRAGMA cache_size=-64000;"));
  return tx.Commit();
}

}  // namespace linli::store
