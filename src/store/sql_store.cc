#include "store/sql_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/metrics.h"
#include "domain/address.h"
#include "store/import_plan.h"
#include "store/sql_accounts.h"
#include "store/sql_deliberations.h"
#include "store/sql_demands.h"
#include "store/sql_halls.h"
#include "store/sql_notices.h"
#include "store/sql_property.h"
#include "store/sql_votes.h"

namespace linli::store {

namespace {

// ---------------------------------------------------------------- scope

enum class Kind { kCommunity, kCompound, kBuilding, kUnit, kHousehold, kResident, kGrid };

// The SQL condition "row `t` is in scope" (empty when unrestricted).
std::string ScopeSql(Kind kind, const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  const auto& c = s.community_ids;
  const auto& g = s.grid_ids;
  const auto& h = s.household_ids;
  switch (kind) {
    case Kind::kCommunity:
      if (!c.empty()) terms.push_back("t.id IN (" + InList(c, p) + ")");
      if (!g.empty())
        terms.push_back("t.id IN (SELECT community_id FROM grids WHERE id IN (" + InList(g, p) + "))");
      if (!h.empty())
        terms.push_back("t.id IN (SELECT community_id FROM households WHERE id IN (" + InList(h, p) + "))");
      break;
    case Kind::kCompound:
      if (!c.empty()) terms.push_back("t.community_id IN (" + InList(c, p) + ")");
      if (!g.empty())
        terms.push_back("t.id IN (SELECT compound_id FROM buildings WHERE grid_id IN (" + InList(g, p) +
                        "))");
      if (!h.empty())
        terms.push_back("t.id IN (SELECT compound_id FROM households WHERE id IN (" + InList(h, p) + "))");
      break;
    case Kind::kBuilding:
    case Kind::kUnit:
      if (!c.empty()) terms.push_back("t.community_id IN (" + InList(c, p) + ")");
      if (!g.empty()) terms.push_back("t.grid_id IN (" + InList(g, p) + ")");
      if (!h.empty())
        terms.push_back(std::string("t.id IN (SELECT ") + (kind == Kind::kUnit ? "unit_id" : "building_id") +
                        " FROM households WHERE id IN (" + InList(h, p) + "))");
      break;
    case Kind::kHousehold:
    case Kind::kResident:
      if (!c.empty()) terms.push_back("t.community_id IN (" + InList(c, p) + ")");
      if (!g.empty()) terms.push_back("t.grid_id IN (" + InList(g, p) + ")");
      if (!h.empty())
        terms.push_back(std::string(kind == Kind::kResident ? "t.household_id" : "t.id") + " IN (" +
                        InList(h, p) + ")");
      break;
    case Kind::kGrid:
      if (!c.empty()) terms.push_back("t.community_id IN (" + InList(c, p) + ")");
      if (!g.empty()) terms.push_back("t.id IN (" + InList(g, p) + ")");
      if (!h.empty())
        terms.push_back("t.id IN (SELECT grid_id FROM households WHERE id IN (" + InList(h, p) + "))");
      break;
  }
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

Error NotFound(std::string_view what) { return Error::NotFound(std::string(what) + "不存在"); }
Error BadRef(std::string field, std::string_view what) {
  return Error::Invalid(std::move(field), "not_found", std::string(what) + "不存在");
}
Status Required(std::string_view value, std::string field) {
  if (value.empty()) return Error::Invalid(std::move(field), "required", "必填");
  return Ok();
}

// ---------------------------------------------------------------- row mapping

constexpr std::string_view kCommunitySelect =
    "SELECT t.id, t.code, t.name, t.street_name, t.district, t.compounds_count, t.buildings_count, "
    "t.units_count, "
    "t.households_count, t.residents_count, t.grids_count FROM communities t";
CommunitySummary ToCommunity(const std::vector<Value>& r) {
  CommunitySummary s;
  s.community = {AsInt(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4])};
  s.compounds = AsInt(r[5]), s.buildings = AsInt(r[6]), s.units = AsInt(r[7]);
  s.households = AsInt(r[8]), s.residents = AsInt(r[9]), s.grids = AsInt(r[10]);
  return s;
}

constexpr std::string_view kCompoundSelect =
    "SELECT t.id, t.community_id, t.name, t.address, t.property_company, t.buildings_count, "
    "t.households_count, "
    "t.residents_count FROM compounds t";
CompoundSummary ToCompound(const std::vector<Value>& r) {
  CompoundSummary s;
  s.compound = {AsInt(r[0]), AsInt(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4])};
  s.buildings = AsInt(r[5]), s.households = AsInt(r[6]), s.residents = AsInt(r[7]);
  return s;
}

constexpr std::string_view kBuildingSelect =
    "SELECT t.id, t.compound_id, t.name, t.floors, t.x, t.y, t.grid_id, g.code, g.name, "
    "(SELECT COUNT(*) FROM units u WHERE u.building_id = t.id), "
    "(SELECT COUNT(*) FROM households h WHERE h.building_id = t.id), "
    "(SELECT COUNT(*) FROM residents r JOIN households h ON h.id = r.household_id WHERE h.building_id = "
    "t.id) "
    "FROM buildings t LEFT JOIN grids g ON g.id = t.grid_id";
BuildingSummary ToBuilding(const std::vector<Value>& r) {
  BuildingSummary s;
  s.building = {AsInt(r[0]),     AsInt(r[1]),     AsText(r[2]), static_cast<int>(AsInt(r[3])),
                AsOptReal(r[4]), AsOptReal(r[5]), AsOptId(r[6])};
  s.grid_code = AsText(r[7]), s.grid_name = AsText(r[8]);
  s.units = AsInt(r[9]), s.households = AsInt(r[10]), s.residents = AsInt(r[11]);
  return s;
}

constexpr std::string_view kUnitSelect =
    "SELECT t.id, t.building_id, t.name, (SELECT COUNT(*) FROM households h WHERE h.unit_id = t.id), "
    "(SELECT COUNT(*) FROM residents r JOIN households h ON h.id = r.household_id WHERE h.unit_id = t.id) "
    "FROM units t";
UnitSummary ToUnit(const std::vector<Value>& r) {
  UnitSummary s;
  s.unit = {AsInt(r[0]), AsInt(r[1]), AsText(r[2])};
  s.households = AsInt(r[3]), s.residents = AsInt(r[4]);
  return s;
}

constexpr std::string_view kHouseholdSelect =
    "SELECT t.id, t.unit_id, t.door, t.area_m2, t.phone, t.developer_unsold, t.note, t.building_id, "
    "t.compound_id, "
    "t.community_id, t.grid_id, c.name, b.name, u.name, g.name, g.worker_name, "
    "(SELECT COUNT(*) FROM residents r WHERE r.household_id = t.id), "
    "(SELECT r.name FROM residents r WHERE r.household_id = t.id "
    " ORDER BY CASE WHEN r.relation = '户主' THEN 0 ELSE 1 END, r.id LIMIT 1) "
    "FROM households t JOIN units u ON u.id = t.unit_id JOIN buildings b ON b.id = t.building_id "
    "JOIN compounds c ON c.id = t.compound_id LEFT JOIN grids g ON g.id = t.grid_id";
HouseholdSummary ToHousehold(const std::vector<Value>& r) {
  HouseholdSummary s;
  s.household = {AsInt(r[0]),  AsInt(r[1]),      AsText(r[2]), AsReal(r[3]),
                 AsText(r[4]), AsInt(r[5]) != 0, AsText(r[6])};
  s.building_id = AsInt(r[7]), s.compound_id = AsInt(r[8]), s.community_id = AsInt(r[9]);
  s.grid_id = AsOptId(r[10]);
  s.address = HouseholdAddress(AsText(r[11]), AsText(r[12]), AsText(r[13]), s.household.door);
  s.grid_name = AsText(r[14]), s.worker_name = AsText(r[15]);
  s.residents = AsInt(r[16]);
  s.head_name = AsText(r[17]);
  return s;
}

// The sealed personal fields come in the id_number column's place: OpenPersonal (SqlStore) opens
// them into id_number, phone and birth_date.
constexpr std::string_view kResidentSelect =
    "SELECT t.id, t.household_id, t.name, t.personal, t.sex, '', '', t.relation, t.is_owner, "
    "t.note, "
    "h.unit_id, h.building_id, t.compound_id, t.community_id, t.grid_id, c.name, b.name, u.name, h.door "
    "FROM residents t JOIN households h ON h.id = t.household_id JOIN units u ON u.id = h.unit_id "
    "JOIN buildings b ON b.id = h.building_id JOIN compounds c ON c.id = t.compound_id";
ResidentSummary ToResident(const std::vector<Value>& r) {
  ResidentSummary s;
  auto& x = s.resident;
  x.id = AsInt(r[0]), x.household_id = AsInt(r[1]), x.name = AsText(r[2]), x.id_number = AsText(r[3]);
  x.sex = static_cast<Sex>(AsInt(r[4])), x.birth_date = AsText(r[5]), x.phone = AsText(r[6]);
  x.relation = AsText(r[7]), x.is_owner = AsInt(r[8]) != 0, x.note = AsText(r[9]);
  s.unit_id = AsInt(r[10]), s.building_id = AsInt(r[11]), s.compound_id = AsInt(r[12]),
  s.community_id = AsInt(r[13]);
  s.grid_id = AsOptId(r[14]);
  s.address = HouseholdAddress(AsText(r[15]), AsText(r[16]), AsText(r[17]), AsText(r[18]));
  return s;
}

constexpr std::string_view kGridSelect =
    "SELECT t.id, t.community_id, t.code, t.name, t.worker_name, t.worker_phone, "
    "(SELECT COUNT(*) FROM buildings b WHERE b.grid_id = t.id), "
    "(SELECT COUNT(*) FROM households h WHERE h.grid_id = t.id), "
    "(SELECT COUNT(*) FROM residents r WHERE r.grid_id = t.id), "
    "(SELECT COUNT(*) FROM residents r WHERE r.grid_id = t.id AND r.vulnerable = 1) FROM grids t";
GridSummary ToGrid(const std::vector<Value>& r) {
  GridSummary s;
  s.grid = {AsInt(r[0]), AsInt(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]), AsText(r[5])};
  s.buildings = AsInt(r[6]), s.households = AsInt(r[7]), s.residents = AsInt(r[8]),
  s.vulnerable = AsInt(r[9]);
  return s;
}

// Runs `select WHERE t.id = ? AND scope` and maps the one row, or kNotFound.
template <class T, class F>
Result<T> GetOne(Connection& c, std::string_view select, Kind kind, Id id, const Scope& scope, F map,
                 std::string_view what) {
  Params p{Value(id)};
  std::string sql = std::string(select) + Where({"t.id = ?", ScopeSql(kind, scope, p)});
  LINLI_TRY(auto rows, c.Exec(sql, p));
  if (rows.empty()) return NotFound(what);
  return map(rows[0]);
}

// Runs `head WHERE cond AND scope tail`, `param` bound to cond's one "?". The SQL and its
// parameters are built before the call, in order.
Result<Rows> ExecScoped(Connection& c, std::string_view head, std::string_view cond, Value param, Kind kind,
                        const Scope& scope, std::string_view tail = "") {
  Params p{std::move(param)};
  std::string sql =
      std::string(head) + Where({std::string(cond), ScopeSql(kind, scope, p)}) + std::string(tail);
  return c.Exec(sql, p);
}

// Runs a count and a page of `select` over `where`.
template <class T, class F>
Result<Page<T>> ListPage(Connection& c, std::string_view select, std::string_view from,
                         const std::string& where, const Params& params, PageRequest page, F map,
                         std::optional<std::int64_t> known_total = {}) {
  Page<T> out;
  if (known_total) {
    out.total = *known_total;
  } else {
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM " + std::string(from) + " t" + where, params));
    out.total = AsInt(n[0][0]);
  }
  Params p = params;
  p.emplace_back(std::max<std::int64_t>(page.limit, 0));
  p.emplace_back(std::max<std::int64_t>(page.offset, 0));
  LINLI_TRY(auto rows, c.Exec(std::string(select) + where + " ORDER BY t.id LIMIT ? OFFSET ?", p));
  for (auto& r : rows.rows) out.items.push_back(map(r));
  return out;
}

// A page of the children of `parent` (compounds of a community, buildings of a compound, ...).
template <class T, class F>
Result<Page<T>> ListUnder(Connection& c, std::string_view select, std::string_view table, std::string_view parent_column,
                          Id parent, Kind kind, const Scope& scope, PageRequest page, F map) {
  Params p{Value(parent)};
  std::string where = Where({"t." + std::string(parent_column) + " = ?", ScopeSql(kind, scope, p)});
  return ListPage<T>(c, select, table, where, p, page, map);
}

// ---------------------------------------------------------------- personal fields

// A resident's personal fields as stored: ID number, phone and birth date sealed together in
// `personal`, plus the keyed hashes exact search and ID-number uniqueness use.
struct SealedPersonal {
  std::string personal, id_number_hash, phone_hash;
};
SealedPersonal SealPersonal(const FieldCipher& cipher, std::string_view id_number, std::string_view phone,
                            std::string_view birth_date) {
  return {cipher.EncryptFields({id_number, phone, birth_date}), cipher.SearchHash(id_number),
          cipher.SearchHash(phone)};
}

// A resident's tag as stored (issue 3 item 6): every tag, not only the sensitive ones (disabled,
// low_income, tekun, and custom tags whose free detail may say 社区矫正 / 戒毒 / 精神障碍), keeps its
// code as a keyed hash (code_hash: deterministic, so the tag filter matches `code_hash = ?`) and
// code + detail sealed together (sealed); the clear columns code and detail stay empty. One rule
// for all tags keeps the code simple and does not reveal which rows hold a sensitive tag.
// Vulnerable counts per grid read residents.vulnerable, set from the clear tags when written.
struct SealedTag {
  std::string code_hash, sealed;
};
SealedTag SealTag(const FieldCipher& cipher, const ResidentTag& t) {
  return {cipher.SearchHash(t.code), cipher.EncryptFields({t.code, t.detail})};
}
// Reverses SealTag. kInternal when the value does not open with this key.
Result<ResidentTag> OpenTag(const FieldCipher& cipher, std::string_view sealed, std::vector<std::string>& f) {
  LINLI_TRY_STATUS(cipher.DecryptFields(sealed, 2, f));
  return ResidentTag{std::move(f[0]), std::move(f[1])};
}

// make(0), make(1), ... computed on helper threads a few batches ahead of the reader, so that
// sealing millions of values in an import runs beside the inserts instead of before them. Get(i)
// must be called with i = 0, 1, 2, ... in order; small inputs are computed inline.
template <class T>
class Ahead {
 public:
  Ahead(std::size_t n, std::function<T(std::size_t)> make) : n_(n), make_(std::move(make)) {
    if (n_ < kBatch) return;
    for (std::size_t b = 0; b < kInFlight && b * kBatch < n_; ++b) Launch(b);
  }
  ~Ahead() {
    for (auto& f : pending_) f.wait();
  }
  T Get(std::size_t i) {
    if (n_ < kBatch) return make_(i);
    const std::size_t b = i / kBatch;
    if (b != batch_) {
      current_ = pending_.front().get();
      pending_.pop_front();
      batch_ = b;
      if ((b + kInFlight) * kBatch < n_) Launch(b + kInFlight);
    }
    return std::move(current_[i - b * kBatch]);
  }

 private:
  static constexpr std::size_t kBatch = 8192, kInFlight = 2;
  void Launch(std::size_t b) {
    pending_.push_back(std::async(std::launch::async, [this, b] {
      std::vector<T> out;
      const std::size_t end = std::min(n_, (b + 1) * kBatch);
      out.reserve(end - b * kBatch);
      for (std::size_t i = b * kBatch; i < end; ++i) out.push_back(make_(i));
      return out;
    }));
  }
  std::size_t n_;
  std::function<T(std::size_t)> make_;
  std::deque<std::future<std::vector<T>>> pending_;
  std::vector<T> current_;
  std::size_t batch_ = static_cast<std::size_t>(-1);
};

// ---------------------------------------------------------------- the store

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Pool> pool, bool serialize_writes, std::shared_ptr<const FieldCipher> cipher,
           std::function<void()> on_close)
      : pool_(std::move(pool)),
        serialize_writes_(serialize_writes),
        cipher_(std::move(cipher)),
        on_close_(std::move(on_close)),
        accounts_(*pool_, serialize_writes ? &write_mu_ : nullptr),
        notices_(*pool_, serialize_writes ? &write_mu_ : nullptr),
        demands_(*pool_, serialize_writes ? &write_mu_ : nullptr, cipher_),
        votes_(*pool_, serialize_writes ? &write_mu_ : nullptr),
        property_(*pool_, serialize_writes ? &write_mu_ : nullptr),
        deliberations_(*pool_, serialize_writes ? &write_mu_ : nullptr),
        halls_(*pool_, serialize_writes ? &write_mu_ : nullptr) {}
  ~SqlStore() override {
    demands_.StopBackground();  // its checkpointer thread uses the pool
    pool_.reset();
    if (on_close_) on_close_();
  }

  // Runs `f(conn)` on a pooled connection.
  template <class F>
  auto Read(F&& f) -> decltype(f(std::declval<Connection&>())) {
    return ReadOn(*pool_, std::forward<F>(f));
  }

  // Runs `f(conn)` in a write transaction; commits when it succeeds.
  template <class F>
  auto Write(F&& f) -> decltype(f(std::declval<Connection&>())) {
    return WriteOn(*pool_, serialize_writes_ ? &write_mu_ : nullptr, std::forward<F>(f));
  }

  // ------------------------------------------------------------ communities
  Result<Community> CreateCommunity(const Community& in) override {
    metrics::StoreTimer timer("CreateCommunity");
    LINLI_TRY_STATUS(Required(in.code, "code"));
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Community> {
      LINLI_TRY_STATUS(
          UniqueCheck(c, "SELECT id FROM communities WHERE code = ?", {Value(in.code)}, 0, "code"));
      LINLI_TRY(auto r,
                c.Exec("INSERT INTO communities(code, name, street_name, district) VALUES (?, ?, ?, ?) "
                       "RETURNING id",
                       {Value(in.code), Value(in.name), Value(in.street_name), Value(in.district)}));
      Community out = in;
      out.id = AsInt(r[0][0]);
      return out;
    });
  }

  Result<Community> UpdateCommunity(const Community& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateCommunity");
    LINLI_TRY_STATUS(Required(in.code, "code"));
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Community> {
      LINLI_TRY_STATUS(
          GetOne<CommunitySummary>(c, kCommunitySelect, Kind::kCommunity, in.id, scope, ToCommunity, "社区"));
      LINLI_TRY_STATUS(
          UniqueCheck(c, "SELECT id FROM communities WHERE code = ?", {Value(in.code)}, in.id, "code"));
      LINLI_TRY_STATUS(
          c.Exec("UPDATE communities SET code = ?, name = ?, street_name = ?, district = ? WHERE id = ?",
                 {Value(in.code), Value(in.name), Value(in.street_name), Value(in.district), Value(in.id)}));
      return in;
    });
  }

  Result<CommunitySummary> GetCommunity(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetCommunity");
    return Read([&](Connection& c) -> Result<CommunitySummary> {
      LINLI_TRY(auto s,
                GetOne<CommunitySummary>(c, kCommunitySelect, Kind::kCommunity, id, scope, ToCommunity, "社区"));
      LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return s;
    });
  }

  Result<Page<CommunitySummary>> ListCommunities(const Scope& scope, PageRequest page) override {
    metrics::StoreTimer timer("ListCommunities");
    return Read([&](Connection& c) -> Result<Page<CommunitySummary>> {
      Params p;
      std::string where = Where({ScopeSql(Kind::kCommunity, scope, p)});
      LINLI_TRY(auto out,
                ListPage<CommunitySummary>(c, kCommunitySelect, "communities", where, p, page, ToCommunity));
      for (auto& s : out.items) LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return out;
    });
  }

  // ------------------------------------------------------------ compounds
  Result<Compound> CreateCompound(const Compound& in) override {
    metrics::StoreTimer timer("CreateCompound");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Compound> {
      LINLI_TRY(auto parent, c.Exec("SELECT id FROM communities WHERE id = ?", {Value(in.community_id)}));
      if (parent.empty()) return BadRef("community_id", "社区");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM compounds WHERE community_id = ? AND name = ?",
                                   {Value(in.community_id), Value(in.name)}, 0, "name"));
      LINLI_TRY(
          auto r,
          c.Exec("INSERT INTO compounds(community_id, name, address, property_company) VALUES (?, ?, ?, ?) "
                 "RETURNING id",
                 {Value(in.community_id), Value(in.name), Value(in.address), Value(in.property_company)}));
      LINLI_TRY_STATUS(Bump(c, in.community_id, std::nullopt, {.compounds = 1}));
      Compound out = in;
      out.id = AsInt(r[0][0]);
      return out;
    });
  }

  Result<Compound> UpdateCompound(const Compound& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateCompound");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Compound> {
      LINLI_TRY(auto old, GetOne<CompoundSummary>(c, kCompoundSelect, Kind::kCompound, in.id, scope,
                                                  ToCompound, "小区"));
      if (in.community_id != 0 && in.community_id != old.compound.community_id)
        return Error::Invalid("community_id", "immutable", "小区不能移到其他社区");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM compounds WHERE community_id = ? AND name = ?",
                                   {Value(old.compound.community_id), Value(in.name)}, in.id, "name"));
      LINLI_TRY_STATUS(c.Exec("UPDATE compounds SET name = ?, address = ?, property_company = ? WHERE id = ?",
                              {Value(in.name), Value(in.address), Value(in.property_company), Value(in.id)}));
      if (old.compound.name != in.name) LINLI_TRY_STATUS(RefreshSearchWhere(c, "compound_id", in.id));
      Compound out = in;
      out.community_id = old.compound.community_id;
      return out;
    });
  }

  Status DeleteCompound(Id id, bool cascade, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteCompound");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old,
                GetOne<CompoundSummary>(c, kCompoundSelect, Kind::kCompound, id, scope, ToCompound, "小区"));
      LINLI_TRY(auto kids, c.Exec("SELECT COUNT(*) FROM buildings WHERE compound_id = ?", {Value(id)}));
      if (AsInt(kids[0][0]) > 0 && !cascade) return Error::Conflict("小区下还有楼栋", "buildings");
      LINLI_TRY(auto removed, DeleteHouseholdsWhere(c, "compound_id", id));
      LINLI_TRY(auto units, c.Exec("DELETE FROM units WHERE compound_id = ?", {Value(id)}));
      LINLI_TRY(auto buildings, c.Exec("DELETE FROM buildings WHERE compound_id = ?", {Value(id)}));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM compounds WHERE id = ?", {Value(id)}));
      removed.compounds = 1, removed.units = units.affected, removed.buildings = buildings.affected;
      return Bump(c, old.compound.community_id, std::nullopt, removed.Negated());
    });
  }

  Result<CompoundSummary> GetCompound(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetCompound");
    return Read([&](Connection& c) -> Result<CompoundSummary> {
      LINLI_TRY(auto s, GetOne<CompoundSummary>(c, kCompoundSelect, Kind::kCompound, id, scope, ToCompound, "小区"));
      LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return s;
    });
  }

  Result<Page<CompoundSummary>> ListCompounds(Id community_id, const Scope& scope,
                                              PageRequest page) override {
    metrics::StoreTimer timer("ListCompounds");
    return Read([&](Connection& c) -> Result<Page<CompoundSummary>> {
      LINLI_TRY(auto out, ListUnder<CompoundSummary>(c, kCompoundSelect, "compounds", "community_id", community_id,
                                                     Kind::kCompound, scope, page, ToCompound));
      for (auto& s : out.items) LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return out;
    });
  }

  // ------------------------------------------------------------ buildings
  Result<Building> CreateBuilding(const Building& in) override {
    metrics::StoreTimer timer("CreateBuilding");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Building> {
      LINLI_TRY(auto parent,
                c.Exec("SELECT community_id FROM compounds WHERE id = ?", {Value(in.compound_id)}));
      if (parent.empty()) return BadRef("compound_id", "小区");
      Id community = AsInt(parent[0][0]);
      if (in.grid_id) LINLI_TRY_STATUS(CheckGridOf(c, *in.grid_id, community));
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM buildings WHERE compound_id = ? AND name = ?",
                                   {Value(in.compound_id), Value(in.name)}, 0, "name"));
      LINLI_TRY(
          auto r,
          c.Exec("INSERT INTO buildings(compound_id, community_id, name, floors, x, y, grid_id) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {Value(in.compound_id), Value(community), Value(in.name), Value(std::int64_t{in.floors}),
                  Nullable(in.x), Nullable(in.y), Nullable(in.grid_id)}));
      LINLI_TRY_STATUS(Bump(c, community, in.compound_id, {.buildings = 1}));
      Building out = in;
      out.id = AsInt(r[0][0]);
      return out;
    });
  }

  Result<Building> UpdateBuilding(const Building& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateBuilding");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Building> {
      LINLI_TRY(auto old, GetOne<BuildingSummary>(c, kBuildingSelect, Kind::kBuilding, in.id, scope,
                                                  ToBuilding, "楼栋"));
      LINLI_TRY(auto cur, c.Exec("SELECT community_id FROM buildings WHERE id = ?", {Value(in.id)}));
      const Id old_community = AsInt(cur[0][0]);
      const Id compound = in.compound_id ? in.compound_id : old.building.compound_id;
      Id community = old_community;
      if (compound != old.building.compound_id) {
        auto t =
            GetOne<CompoundSummary>(c, kCompoundSelect, Kind::kCompound, compound, scope, ToCompound, "");
        if (!t.ok()) return BadRef("compound_id", "小区");
        community = t->compound.community_id;
      }
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM buildings WHERE compound_id = ? AND name = ?",
                                   {Value(compound), Value(in.name)}, in.id, "name"));
      std::optional<Id> grid = community == old_community ? old.building.grid_id : std::nullopt;
      LINLI_TRY_STATUS(c.Exec(
          "UPDATE buildings SET compound_id = ?, community_id = ?, name = ?, floors = ?, x = ?, y = ?, "
          "grid_id = ? WHERE id = ?",
          {Value(compound), Value(community), Value(in.name), Value(std::int64_t{in.floors}), Nullable(in.x),
           Nullable(in.y), Nullable(grid), Value(in.id)}));
      if (compound != old.building.compound_id) {
        LINLI_TRY_STATUS(MoveUnder(c, "building_id", in.id, compound, community, grid));
        Counts moved{
            .buildings = 1, .units = old.units, .households = old.households, .residents = old.residents};
        LINLI_TRY_STATUS(Bump(c, old_community, old.building.compound_id, moved.Negated()));
        LINLI_TRY_STATUS(Bump(c, community, compound, moved));
      }
      if (compound != old.building.compound_id || in.name != old.building.name)
        LINLI_TRY_STATUS(RefreshSearchWhere(c, "building_id", in.id));
      Building out = in;
      out.compound_id = compound;
      out.grid_id = grid;
      return out;
    });
  }

  Status DeleteBuilding(Id id, bool cascade, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteBuilding");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old,
                GetOne<BuildingSummary>(c, kBuildingSelect, Kind::kBuilding, id, scope, ToBuilding, "楼栋"));
      if (old.units > 0 && !cascade) return Error::Conflict("楼栋下还有单元", "units");
      LINLI_TRY(auto cur, c.Exec("SELECT community_id FROM buildings WHERE id = ?", {Value(id)}));
      LINLI_TRY(auto removed, DeleteHouseholdsWhere(c, "building_id", id));
      LINLI_TRY(auto units, c.Exec("DELETE FROM units WHERE building_id = ?", {Value(id)}));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM buildings WHERE id = ?", {Value(id)}));
      removed.buildings = 1, removed.units = units.affected;
      return Bump(c, AsInt(cur[0][0]), old.building.compound_id, removed.Negated());
    });
  }

  Result<BuildingSummary> GetBuilding(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetBuilding");
    return Read([&](Connection& c) -> Result<BuildingSummary> {
      LINLI_TRY(auto s, GetOne<BuildingSummary>(c, kBuildingSelect, Kind::kBuilding, id, scope, ToBuilding, "楼栋"));
      LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return s;
    });
  }

  Result<Page<BuildingSummary>> ListBuildings(Id compound_id, const Scope& scope, PageRequest page) override {
    metrics::StoreTimer timer("ListBuildings");
    return Read([&](Connection& c) -> Result<Page<BuildingSummary>> {
      LINLI_TRY(auto out, ListUnder<BuildingSummary>(c, kBuildingSelect, "buildings", "compound_id", compound_id,
                                                     Kind::kBuilding, scope, page, ToBuilding));
      for (auto& s : out.items) LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return out;
    });
  }

  // ------------------------------------------------------------ units
  Result<Unit> CreateUnit(const Unit& in) override {
    metrics::StoreTimer timer("CreateUnit");
    return Write([&](Connection& c) -> Result<Unit> {
      LINLI_TRY(auto parent, c.Exec("SELECT compound_id, community_id, grid_id FROM buildings WHERE id = ?",
                                    {Value(in.building_id)}));
      if (parent.empty()) return BadRef("building_id", "楼栋");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM units WHERE building_id = ? AND name = ?",
                                   {Value(in.building_id), Value(in.name)}, 0, "name"));
      LINLI_TRY(auto r,
                c.Exec("INSERT INTO units(building_id, compound_id, community_id, grid_id, name) "
                       "VALUES (?, ?, ?, ?, ?) RETURNING id",
                       {Value(in.building_id), parent[0][0], parent[0][1], parent[0][2], Value(in.name)}));
      LINLI_TRY_STATUS(Bump(c, AsInt(parent[0][1]), std::nullopt, {.units = 1}));
      Unit out = in;
      out.id = AsInt(r[0][0]);
      return out;
    });
  }

  Result<Unit> UpdateUnit(const Unit& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateUnit");
    return Write([&](Connection& c) -> Result<Unit> {
      LINLI_TRY(auto old, GetOne<UnitSummary>(c, kUnitSelect, Kind::kUnit, in.id, scope, ToUnit, "单元"));
      const Id building = in.building_id ? in.building_id : old.unit.building_id;
      LINLI_TRY(auto from,
                c.Exec("SELECT compound_id, community_id FROM units WHERE id = ?", {Value(in.id)}));
      LINLI_TRY(auto target, ExecScoped(c, "SELECT t.compound_id, t.community_id, t.grid_id FROM buildings t",
                                        "t.id = ?", Value(building), Kind::kBuilding, scope));
      if (target.empty()) return BadRef("building_id", "楼栋");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM units WHERE building_id = ? AND name = ?",
                                   {Value(building), Value(in.name)}, in.id, "name"));
      const Id compound = AsInt(target[0][0]), community = AsInt(target[0][1]);
      const auto grid = AsOptId(target[0][2]);
      LINLI_TRY_STATUS(
          c.Exec("UPDATE units SET building_id = ?, compound_id = ?, community_id = ?, grid_id = ?, name = ? "
                 "WHERE id = ?",
                 {Value(building), Value(compound), Value(community), Nullable(grid), Value(in.name),
                  Value(in.id)}));
      if (building != old.unit.building_id) {
        LINLI_TRY_STATUS(c.Exec("UPDATE households SET building_id = ? WHERE unit_id = ?",
                                {Value(building), Value(in.id)}));
        LINLI_TRY_STATUS(MoveUnder(c, "unit_id", in.id, compound, community, grid));
        Counts moved{.units = 1, .households = old.households, .residents = old.residents};
        LINLI_TRY_STATUS(Bump(c, AsInt(from[0][1]), AsInt(from[0][0]), moved.Negated()));
        LINLI_TRY_STATUS(Bump(c, community, compound, moved));
      }
      if (building != old.unit.building_id || in.name != old.unit.name)
        LINLI_TRY_STATUS(RefreshSearchWhere(c, "unit_id", in.id));
      Unit out = in;
      out.building_id = building;
      return out;
    });
  }

  Status DeleteUnit(Id id, bool cascade, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteUnit");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old, GetOne<UnitSummary>(c, kUnitSelect, Kind::kUnit, id, scope, ToUnit, "单元"));
      if (old.households > 0 && !cascade) return Error::Conflict("单元下还有住户", "households");
      LINLI_TRY(auto cur, c.Exec("SELECT compound_id, community_id FROM units WHERE id = ?", {Value(id)}));
      LINLI_TRY(auto removed, DeleteHouseholdsWhere(c, "unit_id", id));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM units WHERE id = ?", {Value(id)}));
      removed.units = 1;
      return Bump(c, AsInt(cur[0][1]), AsInt(cur[0][0]), removed.Negated());
    });
  }

  Result<UnitSummary> GetUnit(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetUnit");
    return Read([&](Connection& c) -> Result<UnitSummary> {
      LINLI_TRY(auto s, GetOne<UnitSummary>(c, kUnitSelect, Kind::kUnit, id, scope, ToUnit, "单元"));
      LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return s;
    });
  }

  Result<Page<UnitSummary>> ListUnits(Id building_id, const Scope& scope, PageRequest page) override {
    metrics::StoreTimer timer("ListUnits");
    return Read([&](Connection& c) -> Result<Page<UnitSummary>> {
      LINLI_TRY(auto out, ListUnder<UnitSummary>(c, kUnitSelect, "units", "building_id", building_id, Kind::kUnit,
                                                 scope, page, ToUnit));
      for (auto& s : out.items) LINLI_TRY_STATUS(CountInScope(c, s, scope));
      return out;
    });
  }

  // ------------------------------------------------------------ households
  Result<Household> CreateHousehold(const Household& in) override {
    metrics::StoreTimer timer("CreateHousehold");
    LINLI_TRY_STATUS(Required(in.door, "door"));
    return Write([&](Connection& c) -> Result<Household> {
      LINLI_TRY(auto parent,
                c.Exec("SELECT building_id, compound_id, community_id, grid_id FROM units WHERE id = ?",
                       {Value(in.unit_id)}));
      if (parent.empty()) return BadRef("unit_id", "单元");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM households WHERE unit_id = ? AND door = ?",
                                   {Value(in.unit_id), Value(in.door)}, 0, "door"));
      const auto& p = parent[0];
      LINLI_TRY(
          auto r,
          c.Exec("INSERT INTO households(unit_id, building_id, compound_id, community_id, grid_id, door, "
                 "area_m2, phone, developer_unsold, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {Value(in.unit_id), p[0], p[1], p[2], p[3], Value(in.door), Value(in.area_m2),
                  Value(cipher_->Encrypt(in.phone)), Value(std::int64_t{in.developer_unsold}), Value(in.note)}));
      Household out = in;
      out.id = AsInt(r[0][0]);
      LINLI_TRY_STATUS(Bump(c, AsInt(p[2]), AsInt(p[1]), {.households = 1}));
      LINLI_TRY_STATUS(RefreshSearch(c, out.id));
      return out;
    });
  }

  Result<Household> UpdateHousehold(const Household& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateHousehold");
    LINLI_TRY_STATUS(Required(in.door, "door"));
    return Write([&](Connection& c) -> Result<Household> {
      LINLI_TRY(auto old,
                ExecScoped(c,
                           "SELECT t.unit_id, t.compound_id, t.community_id, t.door, "
                           "(SELECT COUNT(*) FROM residents r WHERE r.household_id = t.id) FROM households t",
                           "t.id = ?", Value(in.id), Kind::kHousehold, scope));
      if (old.empty()) return NotFound("住户");
      const Id old_unit = AsInt(old[0][0]);
      const Id unit = in.unit_id ? in.unit_id : old_unit;
      LINLI_TRY(auto target,
                ExecScoped(c, "SELECT t.building_id, t.compound_id, t.community_id, t.grid_id FROM units t",
                           "t.id = ?", Value(unit), Kind::kUnit, scope));
      if (target.empty()) return BadRef("unit_id", "单元");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM households WHERE unit_id = ? AND door = ?",
                                   {Value(unit), Value(in.door)}, in.id, "door"));
      const auto& t = target[0];
      LINLI_TRY_STATUS(
          c.Exec("UPDATE households SET unit_id = ?, building_id = ?, compound_id = ?, community_id = ?, "
                 "grid_id = ?, door = ?, area_m2 = ?, phone = ?, developer_unsold = ?, note = ? WHERE id = ?",
                 {Value(unit), t[0], t[1], t[2], t[3], Value(in.door), Value(in.area_m2),
                  Value(cipher_->Encrypt(in.phone)), Value(std::int64_t{in.developer_unsold}), Value(in.note),
                  Value(in.id)}));
      if (unit != old_unit) {
        LINLI_TRY_STATUS(c.Exec(
            "UPDATE residents SET compound_id = ?, community_id = ?, grid_id = ? WHERE household_id = ?",
            {t[1], t[2], t[3], Value(in.id)}));
        Counts moved{.households = 1, .residents = AsInt(old[0][4])};
        LINLI_TRY_STATUS(Bump(c, AsInt(old[0][2]), AsInt(old[0][1]), moved.Negated()));
        LINLI_TRY_STATUS(Bump(c, AsInt(t[2]), AsInt(t[1]), moved));
      }
      LINLI_TRY_STATUS(RefreshSearch(c, in.id));
      Household out = in;
      out.unit_id = unit;
      return out;
    });
  }

  Status DeleteHousehold(Id id, bool cascade, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteHousehold");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old,
                ExecScoped(c,
                           "SELECT t.compound_id, t.community_id, "
                           "(SELECT COUNT(*) FROM residents r WHERE r.household_id = t.id) FROM households t",
                           "t.id = ?", Value(id), Kind::kHousehold, scope));
      if (old.empty()) return NotFound("住户");
      if (AsInt(old[0][2]) > 0 && !cascade) return Error::Conflict("住户下还有居民", "residents");
      LINLI_TRY(auto removed, DeleteHouseholdsWhere(c, "id", id));
      return Bump(c, AsInt(old[0][1]), AsInt(old[0][0]), removed.Negated());
    });
  }

  Result<HouseholdDetail> GetHousehold(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetHousehold");
    return Read([&](Connection& c) -> Result<HouseholdDetail> {
      HouseholdDetail d;
      LINLI_TRY(d.summary, GetOne<HouseholdSummary>(c, kHouseholdSelect, Kind::kHousehold, id, scope,
                                                    ToHousehold, "住户"));
      LINLI_TRY(d.summary.household.phone, cipher_->Decrypt(d.summary.household.phone));
      LINLI_TRY(auto u, c.Exec("SELECT id, building_id, name FROM units WHERE id = ?",
                               {Value(d.summary.household.unit_id)}));
      d.unit = {AsInt(u[0][0]), AsInt(u[0][1]), AsText(u[0][2])};
      LINLI_TRY(auto b,
                c.Exec("SELECT id, compound_id, name, floors, x, y, grid_id FROM buildings WHERE id = ?",
                       {Value(d.summary.building_id)}));
      d.building = {AsInt(b[0][0]),     AsInt(b[0][1]),     AsText(b[0][2]), static_cast<int>(AsInt(b[0][3])),
                    AsOptReal(b[0][4]), AsOptReal(b[0][5]), AsOptId(b[0][6])};
      LINLI_TRY(auto k,
                c.Exec("SELECT id, community_id, name, address, property_company FROM compounds WHERE id = ?",
                       {Value(d.summary.compound_id)}));
      d.compound = {AsInt(k[0][0]), AsInt(k[0][1]), AsText(k[0][2]), AsText(k[0][3]), AsText(k[0][4])};
      if (d.summary.grid_id) {
        LINLI_TRY(
            auto g,
            c.Exec("SELECT id, community_id, code, name, worker_name, worker_phone FROM grids WHERE id = ?",
                   {Value(*d.summary.grid_id)}));
        if (!g.empty())
          d.grid = Grid{AsInt(g[0][0]),  AsInt(g[0][1]),  AsText(g[0][2]),
                        AsText(g[0][3]), AsText(g[0][4]), AsText(g[0][5])};
      }
      LINLI_TRY(auto rs, c.Exec(std::string(kResidentSelect) + " WHERE t.household_id = ? ORDER BY t.id",
                                {Value(id)}));
      std::vector<ResidentSummary> list;
      for (auto& r : rs.rows) list.push_back(ToResident(r));
      LINLI_TRY_STATUS(OpenPersonal(list));
      LINLI_TRY_STATUS(LoadTags(c, list));
      for (auto& r : list) d.residents.push_back(std::move(r.resident));
      return d;
    });
  }

  Result<Page<HouseholdSummary>> ListHouseholds(const HouseholdFilter& f, PageRequest page) override {
    metrics::StoreTimer timer("ListHouseholds");
    return Read([&](Connection& c) -> Result<Page<HouseholdSummary>> {
      Params p;
      std::vector<std::string> conds;
      const std::string q = NormalizeSearchText(f.q);
      // With a search term the n-gram index drives the plan; "+col" keeps the other indexes out of it.
      const std::string pre = q.empty() ? "t." : "+t.";
      auto eq = [&](const std::optional<Id>& v, std::string_view col) {
        if (!v) return;
        conds.push_back(pre + std::string(col) + " = ?");
        p.emplace_back(*v);
      };
      eq(f.community_id, "community_id");
      eq(f.compound_id, "compound_id");
      eq(f.building_id, "building_id");
      eq(f.unit_id, "unit_id");
      eq(f.grid_id, "grid_id");
      if (!f.tag.empty()) {
        conds.push_back(
            "t.id IN (SELECT r.household_id FROM resident_tags rt JOIN residents r ON r.id = rt.resident_id "
            "WHERE rt.code_hash = ?)");
        p.emplace_back(cipher_->SearchHash(f.tag));
      }
      if (!q.empty()) conds.push_back("t.id IN (" + c.SearchHouseholdsSql(q, p) + ")");
      conds.push_back(ScopeSql(Kind::kHousehold, f.scope, p));
      std::optional<std::int64_t> total;
      if (conds.size() == 2 && conds.back().empty() && (f.community_id || f.compound_id)) {
        // Only a community or compound: its maintained counter is the total.
        LINLI_TRY(auto n, c.Exec(f.community_id ? "SELECT households_count FROM communities WHERE id = ?"
                                                : "SELECT households_count FROM compounds WHERE id = ?",
                                 {Value(f.community_id ? *f.community_id : *f.compound_id)}));
        total = n.empty() ? 0 : AsInt(n[0][0]);
      }
      LINLI_TRY(auto out, ListPage<HouseholdSummary>(c, kHouseholdSelect, "households", Where(conds), p, page,
                                                     ToHousehold, total));
      for (auto& h : out.items) {
        LINLI_TRY(h.household.phone, cipher_->Decrypt(h.household.phone));
      }
      return out;
    });
  }

  // ------------------------------------------------------------ residents
  Result<Resident> CreateResident(const Resident& in) override {
    metrics::StoreTimer timer("CreateResident");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Resident> {
      LINLI_TRY(auto parent, c.Exec("SELECT compound_id, community_id, grid_id FROM households WHERE id = ?",
                                    {Value(in.household_id)}));
      if (parent.empty()) return BadRef("household_id", "住户");
      const Sealed sealed = Seal(in);
      if (!in.id_number.empty())
        LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM residents WHERE id_number_hash = ? AND id_number_hash <> ''",
                                     {Value(sealed.id_number_hash)}, 0, "id_number"));
      const auto& p = parent[0];
      LINLI_TRY(
          auto r,
          c.Exec("INSERT INTO residents(household_id, community_id, compound_id, grid_id, name, personal, "
                 "id_number_hash, phone_hash, sex, relation, is_owner, note, vulnerable) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {Value(in.household_id), p[1], p[0], p[2], Value(in.name), Value(sealed.personal),
                  Value(sealed.id_number_hash), Value(sealed.phone_hash),
                  Value(std::int64_t{static_cast<int>(in.sex)}), Value(in.relation),
                  Value(std::int64_t{in.is_owner}), Value(in.note), Value(std::int64_t{AnyVulnerable(in.tags)})}));
      Resident out = in;
      out.id = AsInt(r[0][0]);
      LINLI_TRY_STATUS(WriteTags(c, out.id, out.tags));
      LINLI_TRY_STATUS(Bump(c, AsInt(p[1]), AsInt(p[0]), {.residents = 1}));
      LINLI_TRY_STATUS(RefreshSearch(c, in.household_id));
      return out;
    });
  }

  Result<Resident> UpdateResident(const Resident& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateResident");
    LINLI_TRY_STATUS(Required(in.name, "name"));
    return Write([&](Connection& c) -> Result<Resident> {
      LINLI_TRY(auto old,
                ExecScoped(c, "SELECT t.household_id, t.compound_id, t.community_id FROM residents t",
                           "t.id = ?", Value(in.id), Kind::kResident, scope));
      if (old.empty()) return NotFound("居民");
      const Id old_household = AsInt(old[0][0]);
      const Id household = in.household_id ? in.household_id : old_household;
      LINLI_TRY(auto target,
                ExecScoped(c, "SELECT t.compound_id, t.community_id, t.grid_id FROM households t", "t.id = ?",
                           Value(household), Kind::kHousehold, scope));
      if (target.empty()) return BadRef("household_id", "住户");
      const Sealed sealed = Seal(in);
      if (!in.id_number.empty())
        LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM residents WHERE id_number_hash = ? AND id_number_hash <> ''",
                                     {Value(sealed.id_number_hash)}, in.id, "id_number"));
      const auto& t = target[0];
      LINLI_TRY_STATUS(
          c.Exec("UPDATE residents SET household_id = ?, community_id = ?, compound_id = ?, grid_id = ?, "
                 "name = ?, personal = ?, id_number_hash = ?, phone_hash = ?, sex = ?, relation = ?, "
                 "is_owner = ?, note = ?, vulnerable = ? WHERE id = ?",
                 {Value(household), t[1], t[0], t[2], Value(in.name), Value(sealed.personal),
                  Value(sealed.id_number_hash), Value(sealed.phone_hash),
                  Value(std::int64_t{static_cast<int>(in.sex)}), Value(in.relation),
                  Value(std::int64_t{in.is_owner}), Value(in.note), Value(std::int64_t{AnyVulnerable(in.tags)}),
                  Value(in.id)}));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM resident_tags WHERE resident_id = ?", {Value(in.id)}));
      LINLI_TRY_STATUS(WriteTags(c, in.id, in.tags));
      if (household != old_household) {
        LINLI_TRY_STATUS(Bump(c, AsInt(old[0][2]), AsInt(old[0][1]), {.residents = -1}));
        LINLI_TRY_STATUS(Bump(c, AsInt(t[1]), AsInt(t[0]), {.residents = 1}));
        LINLI_TRY_STATUS(RefreshSearch(c, old_household));
      }
      LINLI_TRY_STATUS(RefreshSearch(c, household));
      Resident out = in;
      out.household_id = household;
      return out;
    });
  }

  Status DeleteResident(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteResident");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old,
                ExecScoped(c, "SELECT t.household_id, t.compound_id, t.community_id FROM residents t",
                           "t.id = ?", Value(id), Kind::kResident, scope));
      if (old.empty()) return NotFound("居民");
      LINLI_TRY_STATUS(c.Exec("DELETE FROM resident_tags WHERE resident_id = ?", {Value(id)}));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM residents WHERE id = ?", {Value(id)}));
      LINLI_TRY_STATUS(Bump(c, AsInt(old[0][2]), AsInt(old[0][1]), {.residents = -1}));
      return RefreshSearch(c, AsInt(old[0][0]));
    });
  }

  Result<ResidentSummary> GetResident(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetResident");
    return Read([&](Connection& c) -> Result<ResidentSummary> {
      std::vector<ResidentSummary> one(1);
      LINLI_TRY(one[0],
                GetOne<ResidentSummary>(c, kResidentSelect, Kind::kResident, id, scope, ToResident, "居民"));
      LINLI_TRY_STATUS(OpenPersonal(one));
      LINLI_TRY_STATUS(LoadTags(c, one));
      return std::move(one[0]);
    });
  }

  Result<Page<ResidentSummary>> ListResidents(const ResidentFilter& f, PageRequest page) override {
    metrics::StoreTimer timer("ListResidents");
    return Read([&](Connection& c) -> Result<Page<ResidentSummary>> {
      Params p;
      std::vector<std::string> conds;
      auto eq = [&](const std::optional<Id>& v, std::string_view sql) {
        if (!v) return;
        conds.emplace_back(sql);
        p.emplace_back(*v);
      };
      eq(f.community_id, "t.community_id = ?");
      eq(f.compound_id, "t.compound_id = ?");
      eq(f.building_id, "t.household_id IN (SELECT id FROM households WHERE building_id = ?)");
      eq(f.unit_id, "t.household_id IN (SELECT id FROM households WHERE unit_id = ?)");
      eq(f.household_id, "t.household_id = ?");
      eq(f.grid_id, "t.grid_id = ?");
      if (!f.tag.empty()) {
        conds.push_back("t.id IN (SELECT resident_id FROM resident_tags WHERE code_hash = ?)");
        p.emplace_back(cipher_->SearchHash(f.tag));
      }
      const std::string q = NormalizeSearchText(f.q);
      if (!q.empty()) {
        std::string exact = q;
        for (auto& ch : exact) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        // One indexed branch per way to match (the partial indexes need the "<> ''" terms). ID
        // numbers and phones are found by their keyed hashes, never by the clear value.
        std::string cond =
            "t.id IN (SELECT id FROM residents WHERE id_number_hash = ? AND id_number_hash <> '' "
            "UNION ALL SELECT id FROM residents WHERE phone_hash = ? AND phone_hash <> '' "
            "UNION ALL SELECT r.id FROM residents r WHERE r.household_id IN (";
        p.emplace_back(cipher_->SearchHash(exact));
        p.emplace_back(cipher_->SearchHash(q));
        cond += c.SearchHouseholdsSql(q, p) + ") AND " + std::string(c.InstrFunction()) + "(r.name, ?) > 0)";
        p.emplace_back(q);
        conds.push_back(cond);
      }
      conds.push_back(ScopeSql(Kind::kResident, f.scope, p));
      LINLI_TRY(auto out, ListPage<ResidentSummary>(c, kResidentSelect, "residents", Where(conds), p, page,
                                                    ToResident));
      LINLI_TRY_STATUS(OpenPersonal(out.items));
      LINLI_TRY_STATUS(LoadTags(c, out.items));
      return out;
    });
  }

  // ------------------------------------------------------------ grids
  Result<Grid> CreateGrid(const Grid& in) override {
    metrics::StoreTimer timer("CreateGrid");
    LINLI_TRY_STATUS(Required(in.code, "code"));
    return Write([&](Connection& c) -> Result<Grid> {
      LINLI_TRY(auto parent, c.Exec("SELECT id FROM communities WHERE id = ?", {Value(in.community_id)}));
      if (parent.empty()) return BadRef("community_id", "社区");
      LINLI_TRY_STATUS(UniqueCheck(c, "SELECT id FROM grids WHERE code = ?", {Value(in.code)}, 0, "code"));
      LINLI_TRY(auto r, c.Exec("INSERT INTO grids(community_id, code, name, worker_name, worker_phone) "
                               "VALUES (?, ?, ?, ?, ?) RETURNING id",
                               {Value(in.community_id), Value(in.code), Value(in.name), Value(in.worker_name),
                                Value(in.worker_phone)}));
      LINLI_TRY_STATUS(Bump(c, in.community_id, std::nullopt, {.grids = 1}));
      Grid out = in;
      out.id = AsInt(r[0][0]);
      return out;
    });
  }

  Result<Grid> UpdateGrid(const Grid& in, const Scope& scope) override {
    metrics::StoreTimer timer("UpdateGrid");
    LINLI_TRY_STATUS(Required(in.code, "code"));
    return Write([&](Connection& c) -> Result<Grid> {
      LINLI_TRY(auto old, GetOne<GridSummary>(c, kGridSelect, Kind::kGrid, in.id, scope, ToGrid, "网格"));
      LINLI_TRY_STATUS(
          UniqueCheck(c, "SELECT id FROM grids WHERE code = ?", {Value(in.code)}, in.id, "code"));
      LINLI_TRY_STATUS(c.Exec(
          "UPDATE grids SET code = ?, name = ?, worker_name = ?, worker_phone = ? WHERE id = ?",
          {Value(in.code), Value(in.name), Value(in.worker_name), Value(in.worker_phone), Value(in.id)}));
      Grid out = in;
      out.community_id = old.grid.community_id;
      return out;
    });
  }

  Status DeleteGrid(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("DeleteGrid");
    return Write([&](Connection& c) -> Status {
      LINLI_TRY(auto old, GetOne<GridSummary>(c, kGridSelect, Kind::kGrid, id, scope, ToGrid, "网格"));
      LINLI_TRY_STATUS(ClearGrid(c, id));
      LINLI_TRY_STATUS(c.Exec("DELETE FROM grids WHERE id = ?", {Value(id)}));
      return Bump(c, old.grid.community_id, std::nullopt, {.grids = -1});
    });
  }

  Result<GridSummary> GetGrid(Id id, const Scope& scope) override {
    metrics::StoreTimer timer("GetGrid");
    return Read([&](Connection& c) {
      return GetOne<GridSummary>(c, kGridSelect, Kind::kGrid, id, scope, ToGrid, "网格");
    });
  }

  Result<std::vector<GridSummary>> ListGrids(Id community_id, const Scope& scope) override {
    metrics::StoreTimer timer("ListGrids");
    return Read([&](Connection& c) -> Result<std::vector<GridSummary>> {
      LINLI_TRY(auto rows, ExecScoped(c, std::string(kGridSelect), "t.community_id = ?", Value(community_id),
                                      Kind::kGrid, scope, " ORDER BY t.code"));
      std::vector<GridSummary> out;
      for (auto& r : rows.rows) out.push_back(ToGrid(r));
      return out;
    });
  }

  Status AssignBuildingsToGrid(const std::vector<Id>& building_ids, std::optional<Id> grid_id,
                               const Scope& scope) override {
    metrics::StoreTimer timer("AssignBuildingsToGrid");
    return Write([&](Connection& c) -> Status {
      std::optional<Id> community;
      for (Id b : building_ids) {
        LINLI_TRY(auto r, ExecScoped(c, "SELECT t.community_id FROM buildings t", "t.id = ?", Value(b),
                                     Kind::kBuilding, scope));
        if (r.empty()) return NotFound("楼栋");
        if (community && *community != AsInt(r[0][0]))
          return Error::Invalid("building_ids", "mixed_communities", "楼栋不属于同一个社区");
        community = AsInt(r[0][0]);
      }
      if (grid_id) {
        LINLI_TRY(auto g, ExecScoped(c, "SELECT t.community_id FROM grids t", "t.id = ?", Value(*grid_id),
                                     Kind::kGrid, scope));
        if (g.empty()) return NotFound("网格");
        if (community && *community != AsInt(g[0][0]))
          return Error::Invalid("building_ids", "other_community", "楼栋不属于该网格所在社区");
      }
      for (Id b : building_ids) LINLI_TRY_STATUS(SetBuildingGrid(c, b, grid_id));
      return Ok();
    });
  }

  Result<std::vector<PlanBuilding>> ListPlanBuildings(Id community_id, const Scope& scope) override {
    metrics::StoreTimer timer("ListPlanBuildings");
    return Read([&](Connection& c) -> Result<std::vector<PlanBuilding>> {
      LINLI_TRY_STATUS(GetOne<CommunitySummary>(c, kCommunitySelect, Kind::kCommunity, community_id, scope,
                                                ToCommunity, "社区"));
      LINLI_TRY(auto rows,
                c.Exec("SELECT b.id, b.compound_id, k.name, b.name, b.x, b.y, b.grid_id, "
                       "(SELECT COUNT(*) FROM households h WHERE h.building_id = b.id) "
                       "FROM buildings b JOIN compounds k ON k.id = b.compound_id WHERE b.community_id = ? "
                       "ORDER BY b.compound_id, b.id",
                       {Value(community_id)}));
      std::vector<PlanBuilding> out;
      for (auto& r : rows.rows)
        out.push_back({AsInt(r[0]), AsInt(r[1]), AsText(r[2]), AsText(r[3]), AsOptReal(r[4]), AsOptReal(r[5]),
                       AsInt(r[7]), AsOptId(r[6])});
      return out;
    });
  }

  Result<std::vector<Grid>> ApplyGridPlan(Id community_id,
                                          const std::vector<GridAssignment>& grids) override {
    metrics::StoreTimer timer("ApplyGridPlan");
    return Write([&](Connection& c) -> Result<std::vector<Grid>> {
      LINLI_TRY(auto com, c.Exec("SELECT id FROM communities WHERE id = ?", {Value(community_id)}));
      if (com.empty()) return NotFound("社区");
      LINLI_TRY(auto bs, c.Exec("SELECT id FROM buildings WHERE community_id = ?", {Value(community_id)}));
      std::unordered_set<Id> pending;
      for (auto& r : bs.rows) pending.insert(AsInt(r[0]));
      std::set<std::string> codes;
      for (const auto& g : grids) {
        if (g.code.empty()) return Error::Invalid("grids", "required", "网格编码必填");
        if (!codes.insert(g.code).second)
          return Error::Invalid("grids", "duplicate_code", "网格编码重复: " + g.code);
        for (Id b : g.building_ids)
          if (pending.erase(b) == 0)
            return Error::Invalid("grids", "building",
                                  "楼栋 " + std::to_string(b) + " 不属于该社区或出现了多次");
      }
      if (!pending.empty()) return Error::Invalid("grids", "incomplete", "还有楼栋未分配到网格");
      std::vector<Grid> out;
      for (const auto& g : grids) {
        LINLI_TRY(auto ex, c.Exec("SELECT id, community_id FROM grids WHERE code = ?", {Value(g.code)}));
        Grid grid{0, community_id, g.code, g.name, g.worker_name, g.worker_phone};
        if (!ex.empty()) {
          if (AsInt(ex[0][1]) != community_id)
            return Error::Conflict("网格编码已被其他社区使用: " + g.code, "code");
          grid.id = AsInt(ex[0][0]);
          LINLI_TRY_STATUS(
              c.Exec("UPDATE grids SET name = ?, worker_name = ?, worker_phone = ? WHERE id = ?",
                     {Value(g.name), Value(g.worker_name), Value(g.worker_phone), Value(grid.id)}));
        } else {
          LINLI_TRY(auto r, c.Exec("INSERT INTO grids(community_id, code, name, worker_name, worker_phone) "
                                   "VALUES (?, ?, ?, ?, ?) RETURNING id",
                                   {Value(community_id), Value(g.code), Value(g.name), Value(g.worker_name),
                                    Value(g.worker_phone)}));
          grid.id = AsInt(r[0][0]);
        }
        for (Id b : g.building_ids) LINLI_TRY_STATUS(SetBuildingGrid(c, b, grid.id));
        out.push_back(grid);
      }
      LINLI_TRY(auto all, c.Exec("SELECT id, code FROM grids WHERE community_id = ?", {Value(community_id)}));
      for (auto& r : all.rows) {
        if (codes.count(AsText(r[1]))) continue;
        LINLI_TRY_STATUS(ClearGrid(c, AsInt(r[0])));
        LINLI_TRY_STATUS(c.Exec("DELETE FROM grids WHERE id = ?", {r[0]}));
      }
      LINLI_TRY_STATUS(c.Exec(
          "UPDATE communities SET grids_count = (SELECT COUNT(*) FROM grids g WHERE g.community_id = ?) "
          "WHERE id = ?",
          {Value(community_id), Value(community_id)}));
      return out;
    });
  }

  // ------------------------------------------------------------ import
  Result<ImportStats> ImportRegistry(Id community_id, const std::vector<RegistryRow>& rows) override;

  // ------------------------------------------------------------ accounts (sql_accounts.cc)
  Result<User> CreateUser(const User& u) override { return accounts_.CreateUser(u); }
  Result<User> UpdateUser(const User& u) override { return accounts_.UpdateUser(u); }
  Result<User> GetUser(Id id) override { return accounts_.GetUser(id); }
  Result<User> FindUserByName(const std::string& name) override { return accounts_.FindUserByName(name); }
  Result<Page<User>> ListUsers(const UserFilter& f, PageRequest page) override {
    return accounts_.ListUsers(f, page);
  }
  Result<User> RecordLoginFailure(Id user_id, const std::string& now, int lock_after,
                                  int lock_minutes) override {
    return accounts_.RecordLoginFailure(user_id, now, lock_after, lock_minutes);
  }
  Result<User> RecordLoginSuccess(Id user_id, const std::string& now) override {
    return accounts_.RecordLoginSuccess(user_id, now);
  }
  Result<Session> CreateSession(const Session& s) override { return accounts_.CreateSession(s); }
  Result<Session> GetSession(const std::string& id_hash) override { return accounts_.GetSession(id_hash); }
  Status TouchSession(const std::string& id_hash, const std::string& now) override {
    return accounts_.TouchSession(id_hash, now);
  }
  Status DeleteSession(const std::string& id_hash) override { return accounts_.DeleteSession(id_hash); }
  Status DeleteUserSessions(Id user_id) override { return accounts_.DeleteUserSessions(user_id); }
  Result<ApiToken> CreateToken(const ApiToken& t) override { return accounts_.CreateToken(t); }
  Result<ApiToken> FindTokenByHash(const std::string& h) override { return accounts_.FindTokenByHash(h); }
  Result<std::vector<ApiToken>> ListTokens() override { return accounts_.ListTokens(); }
  Status RevokeToken(Id id) override { return accounts_.RevokeToken(id); }
  Result<AuditEntry> AppendAudit(AuditEntry e) override { return accounts_.AppendAudit(std::move(e)); }
  Result<Page<AuditEntry>> ListAudit(const AuditFilter& f, PageRequest page) override {
    return accounts_.ListAudit(f, page);
  }
  Status ForEachAudit(const std::function<void(const AuditEntry&)>& fn) override {
    return accounts_.ForEachAudit(fn);
  }
  Result<std::vector<Id>> CommunityIdsOfStreet(const std::string& street_code) override {
    return accounts_.CommunityIdsOfStreet(street_code);
  }

 private:
  using Sealed = SealedPersonal;
  Sealed Seal(const Resident& r) const { return SealPersonal(*cipher_, r.id_number, r.phone, r.birth_date); }

  // Opens the sealed fields ToResident left in id_number. kInternal when a value does not open.
  Status OpenPersonal(std::vector<ResidentSummary>& list) const {
    std::vector<std::string> f;
    for (auto& s : list) {
      auto& r = s.resident;
      LINLI_TRY_STATUS(cipher_->DecryptFields(r.id_number, 3, f));
      r.id_number = std::move(f[0]), r.phone = std::move(f[1]), r.birth_date = std::move(f[2]);
    }
    return Ok();
  }

  // ------------------------------------------------------------ scoped totals
  // The maintained counters hold whole communities and compounds. A caller whose scope does not
  // cover the whole community (a grid worker's grids, a resident's household) gets counts of what
  // the scope reaches instead, so totals and charts never reveal more than the lists.
  static bool CoversCommunity(const Scope& scope, Id community) {
    return scope.unrestricted || std::find(scope.community_ids.begin(), scope.community_ids.end(), community) !=
                                     scope.community_ids.end();
  }
  // COUNT(*) of `table` rows with `column` = `id` that lie in `scope`. "+" keeps the planner off the
  // parent's index (a million rows of a community): the scope's grid or household index drives it.
  static Result<std::int64_t> CountWhere(Connection& c, std::string_view table, std::string_view column, Id id,
                                         Kind kind, const Scope& scope) {
    LINLI_TRY(auto r, ExecScoped(c, "SELECT COUNT(*) FROM " + std::string(table) + " t",
                                 "+t." + std::string(column) + " = ?", Value(id), kind, scope));
    return AsInt(r[0][0]);
  }
  static Status CountInScope(Connection& c, CommunitySummary& s, const Scope& scope) {
    const Id id = s.community.id;
    if (CoversCommunity(scope, id)) return Ok();
    LINLI_TRY(s.compounds, CountWhere(c, "compounds", "community_id", id, Kind::kCompound, scope));
    LINLI_TRY(s.buildings, CountWhere(c, "buildings", "community_id", id, Kind::kBuilding, scope));
    LINLI_TRY(s.units, CountWhere(c, "units", "community_id", id, Kind::kUnit, scope));
    LINLI_TRY(s.households, CountWhere(c, "households", "community_id", id, Kind::kHousehold, scope));
    LINLI_TRY(s.residents, CountWhere(c, "residents", "community_id", id, Kind::kResident, scope));
    LINLI_TRY(s.grids, CountWhere(c, "grids", "community_id", id, Kind::kGrid, scope));
    return Ok();
  }
  static Status CountInScope(Connection& c, CompoundSummary& s, const Scope& scope) {
    const Id id = s.compound.id;
    if (CoversCommunity(scope, s.compound.community_id)) return Ok();
    LINLI_TRY(s.buildings, CountWhere(c, "buildings", "compound_id", id, Kind::kBuilding, scope));
    LINLI_TRY(s.households, CountWhere(c, "households", "compound_id", id, Kind::kHousehold, scope));
    LINLI_TRY(s.residents, CountWhere(c, "residents", "compound_id", id, Kind::kResident, scope));
    return Ok();
  }

  // Buildings and units: a grid holds whole buildings and a community whole communities, so only
  // a scope listing households (a resident's) can see part of one.
  static bool SeesPartsOfBuildings(const Scope& scope) { return !scope.unrestricted && !scope.household_ids.empty(); }
  // COUNT(*) of `table` rows meeting `cond` (one "?" bound to `id`) that lie in `scope`.
  static Result<std::int64_t> CountCond(Connection& c, std::string_view table, std::string_view cond, Id id,
                                        Kind kind, const Scope& scope) {
    LINLI_TRY(auto r, ExecScoped(c, "SELECT COUNT(*) FROM " + std::string(table) + " t", cond, Value(id), kind, scope));
    return AsInt(r[0][0]);
  }
  static Status CountInScope(Connection& c, BuildingSummary& s, const Scope& scope) {
    if (!SeesPartsOfBuildings(scope)) return Ok();
    const Id id = s.building.id;
    LINLI_TRY(s.units, CountCond(c, "units", "t.building_id = ?", id, Kind::kUnit, scope));
    LINLI_TRY(s.households, CountCond(c, "households", "t.building_id = ?", id, Kind::kHousehold, scope));
    LINLI_TRY(s.residents, CountCond(c, "residents", "t.household_id IN (SELECT id FROM households WHERE building_id = ?)",
                                     id, Kind::kResident, scope));
    return Ok();
  }
  static Status CountInScope(Connection& c, UnitSummary& s, const Scope& scope) {
    if (!SeesPartsOfBuildings(scope)) return Ok();
    const Id id = s.unit.id;
    LINLI_TRY(s.households, CountCond(c, "households", "t.unit_id = ?", id, Kind::kHousehold, scope));
    LINLI_TRY(s.residents, CountCond(c, "residents", "t.household_id IN (SELECT id FROM households WHERE unit_id = ?)",
                                     id, Kind::kResident, scope));
    return Ok();
  }

  // Changes to the maintained counters.
  struct Counts {
    std::int64_t compounds = 0, buildings = 0, units = 0, households = 0, residents = 0, grids = 0;
    Counts Negated() const { return {-compounds, -buildings, -units, -households, -residents, -grids}; }
  };

  static Status Bump(Connection& c, Id community, std::optional<Id> compound, Counts d) {
    LINLI_TRY_STATUS(
        c.Exec("UPDATE communities SET compounds_count = compounds_count + ?, buildings_count = "
               "buildings_count + ?, "
               "units_count = units_count + ?, households_count = households_count + ?, "
               "residents_count = residents_count + ?, grids_count = grids_count + ? WHERE id = ?",
               {Value(d.compounds), Value(d.buildings), Value(d.units), Value(d.households),
                Value(d.residents), Value(d.grids), Value(community)}));
    if (!compound) return Ok();
    LINLI_TRY_STATUS(
        c.Exec("UPDATE compounds SET buildings_count = buildings_count + ?, households_count = "
               "households_count + ?, "
               "residents_count = residents_count + ? WHERE id = ?",
               {Value(d.buildings), Value(d.households), Value(d.residents), Value(*compound)}));
    return Ok();
  }

  // kConflict on `field` when `sql` (one id column) finds a row other than `self`.
  static Status UniqueCheck(Connection& c, std::string_view sql, std::initializer_list<Value> params, Id self,
                            std::string field) {
    LINLI_TRY(auto r, c.Exec(sql, params));
    for (auto& row : r.rows)
      if (AsInt(row[0]) != self) return Error::Conflict("已存在相同的 " + field, field);
    return Ok();
  }

  static Status CheckGridOf(Connection& c, Id grid, Id community) {
    LINLI_TRY(auto g, c.Exec("SELECT community_id FROM grids WHERE id = ?", {Value(grid)}));
    if (g.empty() || AsInt(g[0][0]) != community) return BadRef("grid_id", "网格");
    return Ok();
  }

  // Copies new parent ids down to the units/households/residents under `column` = `id`.
  static Status MoveUnder(Connection& c, std::string_view column, Id id, Id compound, Id community,
                          std::optional<Id> grid) {
    const std::string col(column);
    if (col == "building_id")
      LINLI_TRY_STATUS(
          c.Exec("UPDATE units SET compound_id = ?, community_id = ?, grid_id = ? WHERE building_id = ?",
                 {Value(compound), Value(community), Nullable(grid), Value(id)}));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE residents SET compound_id = ?, community_id = ?, grid_id = ? WHERE household_id IN "
               "(SELECT id FROM households WHERE " +
                   col + " = ?)",
               {Value(compound), Value(community), Nullable(grid), Value(id)}));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE households SET compound_id = ?, community_id = ?, grid_id = ? WHERE " + col + " = ?",
               {Value(compound), Value(community), Nullable(grid), Value(id)}));
    return Ok();
  }

  static Status SetBuildingGrid(Connection& c, Id building, std::optional<Id> grid) {
    for (std::string_view sql : {"UPDATE buildings SET grid_id = ? WHERE id = ?",
                                 "UPDATE units SET grid_id = ? WHERE building_id = ?",
                                 "UPDATE residents SET grid_id = ? WHERE household_id IN "
                                 "(SELECT id FROM households WHERE building_id = ?)",
                                 "UPDATE households SET grid_id = ? WHERE building_id = ?"})
      LINLI_TRY_STATUS(c.Exec(sql, {Nullable(grid), Value(building)}));
    return Ok();
  }

  static Status ClearGrid(Connection& c, Id grid) {
    for (std::string_view table : {"buildings", "units", "households", "residents"})
      LINLI_TRY_STATUS(
          c.Exec("UPDATE " + std::string(table) + " SET grid_id = NULL WHERE grid_id = ?", {Value(grid)}));
    return Ok();
  }

  // Deletes the households (with residents, tags and index entries) where `column` = `id`.
  static Result<Counts> DeleteHouseholdsWhere(Connection& c, std::string_view column, Id id) {
    const std::string col(column);
    LINLI_TRY(auto hs, c.Exec("SELECT id, search_text FROM households WHERE " + col + " = ?", {Value(id)}));
    for (auto& r : hs.rows) LINLI_TRY_STATUS(c.IndexHousehold(AsInt(r[0]), AsText(r[1]), ""));
    const std::string in_households = "(SELECT id FROM households WHERE " + col + " = ?)";
    LINLI_TRY_STATUS(c.Exec(
        "DELETE FROM resident_tags WHERE resident_id IN (SELECT id FROM residents WHERE household_id IN " +
            in_households + ")",
        {Value(id)}));
    LINLI_TRY(auto rs, c.Exec("DELETE FROM residents WHERE household_id IN " + in_households, {Value(id)}));
    LINLI_TRY(auto hh, c.Exec("DELETE FROM households WHERE " + col + " = ?", {Value(id)}));
    return Counts{.households = hh.affected, .residents = rs.affected};
  }

  // Recomputes the search text (and index) of one household.
  static Status RefreshSearch(Connection& c, Id household) {
    LINLI_TRY(auto h, c.Exec("SELECT k.name, b.name, u.name, t.door, t.search_text FROM households t "
                             "JOIN units u ON u.id = t.unit_id JOIN buildings b ON b.id = t.building_id "
                             "JOIN compounds k ON k.id = t.compound_id WHERE t.id = ?",
                             {Value(household)}));
    if (h.empty()) return Ok();
    LINLI_TRY(auto rs,
              c.Exec("SELECT name FROM residents WHERE household_id = ? ORDER BY id", {Value(household)}));
    std::vector<std::string> names;
    for (auto& r : rs.rows) names.push_back(AsText(r[0]));
    std::vector<std::string_view> views(names.begin(), names.end());
    const auto& x = h[0];
    std::string text = HouseholdSearchText(AsText(x[0]), AsText(x[1]), AsText(x[2]), AsText(x[3]), views);
    std::string old = AsText(x[4]);
    if (text == old) return Ok();
    LINLI_TRY_STATUS(
        c.Exec("UPDATE households SET search_text = ? WHERE id = ?", {Value(text), Value(household)}));
    return c.IndexHousehold(household, old, text);
  }

  static Status RefreshSearchWhere(Connection& c, std::string_view column, Id id) {
    LINLI_TRY(auto hs,
              c.Exec("SELECT id FROM households WHERE " + std::string(column) + " = ?", {Value(id)}));
    for (auto& r : hs.rows) LINLI_TRY_STATUS(RefreshSearch(c, AsInt(r[0])));
    return Ok();
  }

  Status WriteTags(Connection& c, Id resident, const std::vector<ResidentTag>& tags) const {
    std::int64_t pos = 0;
    for (const auto& t : tags) {
      SealedTag st = SealTag(*cipher_, t);
      LINLI_TRY_STATUS(c.Exec(
          "INSERT INTO resident_tags(resident_id, code, detail, code_hash, sealed, position) "
          "VALUES (?, '', '', ?, ?, ?)",
          {Value(resident), Value(std::move(st.code_hash)), Value(std::move(st.sealed)), Value(pos++)}));
    }
    return Ok();
  }

  Status LoadTags(Connection& c, std::vector<ResidentSummary>& list) {
    if (list.empty()) return Ok();
    std::unordered_map<Id, Resident*> by_id;
    std::vector<Id> ids;
    for (auto& r : list) {
      by_id[r.resident.id] = &r.resident;
      ids.push_back(r.resident.id);
    }
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT resident_id, sealed FROM resident_tags WHERE resident_id IN (" + in +
                                    ") ORDER BY resident_id, position",
                                p));
    std::vector<std::string> f;
    for (auto& r : rows.rows) {
      LINLI_TRY(auto tag, OpenTag(*cipher_, AsText(r[1]), f));
      by_id[AsInt(r[0])]->tags.push_back(std::move(tag));
    }
    return Ok();
  }

  std::unique_ptr<Pool> pool_;
  bool serialize_writes_;
  std::shared_ptr<const FieldCipher> cipher_;
  std::function<void()> on_close_;
  std::mutex write_mu_;
  SqlAccounts accounts_;
  SqlNotices notices_;
  SqlDemands demands_;
  SqlVotes votes_;
  SqlProperty property_;
  SqlDeliberations deliberations_;
  SqlHalls halls_;

 public:
  NoticeStore& Notices() override { return notices_; }
  DemandStore& Demands() override { return demands_; }
  VoteStore& Votes() override { return votes_; }
  PropertyStore& Property() override { return property_; }
  DeliberationStore& Deliberations() override { return deliberations_; }
  HallStore& Halls() override { return halls_; }
};

Result<ImportStats> SqlStore::ImportRegistry(Id community_id, const std::vector<RegistryRow>& rows) {
  metrics::StoreTimer timer("ImportRegistry");
  static const bool trace = std::getenv("LINLI_STORE_TRACE") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  auto phase = [&](const char* name) {  // LINLI_STORE_TRACE=1: time each step on stderr
    if (!trace) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "import %-12s %.2fs\n", name, std::chrono::duration<double>(now - t0).count());
    t0 = now;
  };
  return Write([&](Connection& c) -> Result<ImportStats> {
    LINLI_TRY(auto com, c.Exec("SELECT id FROM communities WHERE id = ?", {Value(community_id)}));
    if (com.empty()) return NotFound("社区");
    const Params cp{Value(community_id)};
    const FieldCipher& cipher = *cipher_;
    Status opened = Ok();  // the first personal field that did not open
    auto open = [&](std::string& value) {
      auto r = cipher.Decrypt(value);
      if (r.ok()) value = std::move(*r);
      else if (opened.ok()) opened = std::move(r.error());
    };

    // 1. What the community holds (personal fields opened: the plan compares clear values).
    ExistingRegistry ex;
    auto named = [&](std::vector<ExistingRegistry::Named>& out, std::string_view sql) -> Status {
      LINLI_TRY_STATUS(c.ForEach(sql, cp, [&](const Row& r) {
        ExistingRegistry::Named n;
        n.id = AsInt(r.Get(0)), n.parent = AsInt(r.Get(1)), n.name = AsText(r.Get(2));
        if (r.size() > 3) n.grid_id = AsOptId(r.Get(3));
        if (r.size() > 4) {
          n.area_m2 = AsReal(r.Get(4)), n.phone = AsText(r.Get(5)), n.search_text = AsText(r.Get(6));
          open(n.phone);
          n.compound_id = AsInt(r.Get(7));
        }
        out.push_back(std::move(n));
      }));
      return Ok();
    };
    LINLI_TRY_STATUS(
        named(ex.compounds, "SELECT id, community_id, name FROM compounds WHERE community_id = ?"));
    LINLI_TRY_STATUS(
        named(ex.buildings, "SELECT id, compound_id, name, grid_id FROM buildings WHERE community_id = ?"));
    LINLI_TRY_STATUS(named(ex.units, "SELECT id, building_id, name FROM units WHERE community_id = ?"));
    LINLI_TRY_STATUS(named(ex.households,
                           "SELECT id, unit_id, door, grid_id, area_m2, phone, search_text, compound_id "
                           "FROM households WHERE community_id = ?"));
    std::unordered_map<Id, std::size_t> resident_index;
    std::vector<std::string> fields;
    LINLI_TRY_STATUS(c.ForEach(
        "SELECT id, household_id, name, personal, sex, relation, is_owner, note "
        "FROM residents WHERE community_id = ? ORDER BY id",
        cp, [&](const Row& r) {
          Resident x;
          x.id = AsInt(r.Get(0)), x.household_id = AsInt(r.Get(1)), x.name = AsText(r.Get(2));
          if (auto st = cipher.DecryptFields(AsText(r.Get(3)), 3, fields); st.ok())
            x.id_number = std::move(fields[0]), x.phone = std::move(fields[1]), x.birth_date = std::move(fields[2]);
          else if (opened.ok())
            opened = std::move(st.error());
          x.sex = static_cast<Sex>(AsInt(r.Get(4)));
          x.relation = AsText(r.Get(5)), x.is_owner = AsInt(r.Get(6)) != 0;
          x.note = AsText(r.Get(7));
          resident_index[x.id] = ex.residents.size();
          ex.residents.push_back(std::move(x));
        }));
    LINLI_TRY_STATUS(
        c.ForEach("SELECT rt.resident_id, rt.sealed FROM resident_tags rt JOIN residents r "
                  "ON r.id = rt.resident_id WHERE r.community_id = ? ORDER BY rt.resident_id, rt.position",
                  cp, [&](const Row& r) {
                    auto tag = OpenTag(cipher, AsText(r.Get(1)), fields);
                    if (tag.ok())
                      ex.residents[resident_index[AsInt(r.Get(0))]].tags.push_back(std::move(*tag));
                    else if (opened.ok())
                      opened = std::move(tag.error());
                  }));
    LINLI_TRY_STATUS(opened);
    std::unordered_map<Id, const ExistingRegistry::Named*> household_of;
    for (const auto& h : ex.households) household_of[h.id] = &h;

    phase("load");
    // 2. The plan, and ids for its new rows.
    ImportPlan plan = PlanImport(ex, rows);
    LINLI_TRY_STATUS(c.BeforeBulkImport(plan.new_households.size() + plan.new_residents.size(),
                                        !plan.resident_updates.empty()));
    LINLI_TRY(auto compound_ids, c.ReserveIds("compounds", plan.new_compounds.size()));
    LINLI_TRY(auto building_ids, c.ReserveIds("buildings", plan.new_buildings.size()));
    LINLI_TRY(auto unit_ids, c.ReserveIds("units", plan.new_units.size()));
    LINLI_TRY(auto household_ids, c.ReserveIds("households", plan.new_households.size()));
    LINLI_TRY(auto resident_ids, c.ReserveIds("residents", plan.new_residents.size()));
    std::vector<const std::string*> new_text(plan.new_households.size());
    static const std::string kEmpty;
    for (const auto& s : plan.search)
      if (s.household.is_new()) new_text[s.household.index] = &s.new_text;
    // Where a (new or existing) household lies: compound and grid.
    auto household_place = [&](const Ref& h) -> std::pair<Id, std::optional<Id>> {
      if (h.is_new())
        return {Resolve(plan.household_compound[h.index], compound_ids), plan.household_grid[h.index]};
      const auto* x = household_of[h.id];
      return {x->compound_id, x->grid_id};
    };

    phase("reserve");
    // 3. New rows, parents first.
    const Value community(community_id);
    LINLI_TRY_STATUS(c.BulkInsert("compounds", {"id", "community_id", "name"}, plan.new_compounds.size(),
                                  [&](std::size_t i, std::vector<Value>& v) {
                                    v[0] = compound_ids[i], v[1] = community,
                                    v[2] = plan.new_compounds[i].name;
                                  }));
    LINLI_TRY_STATUS(c.BulkInsert("buildings", {"id", "compound_id", "community_id", "name"},
                                  plan.new_buildings.size(), [&](std::size_t i, std::vector<Value>& v) {
                                    v[0] = building_ids[i],
                                    v[1] = Resolve(plan.new_buildings[i].parent, compound_ids);
                                    v[2] = community, v[3] = plan.new_buildings[i].name;
                                  }));
    LINLI_TRY_STATUS(c.BulkInsert("units",
                                  {"id", "building_id", "compound_id", "community_id", "grid_id", "name"},
                                  plan.new_units.size(), [&](std::size_t i, std::vector<Value>& v) {
                                    v[0] = unit_ids[i], v[1] = Resolve(plan.unit_building[i], building_ids);
                                    v[2] = Resolve(plan.unit_compound[i], compound_ids), v[3] = community;
                                    v[4] = Nullable(plan.unit_grid[i]), v[5] = plan.new_units[i].name;
                                  }));
    phase("units");
    Ahead<std::string> household_phones(plan.new_households.size(), [&](std::size_t i) {
      return cipher.Encrypt(plan.new_households[i].phone);
    });
    LINLI_TRY_STATUS(c.BulkInsert("households",
                                  {"id", "unit_id", "building_id", "compound_id", "community_id", "grid_id",
                                   "door", "area_m2", "phone", "search_text"},
                                  plan.new_households.size(), [&](std::size_t i, std::vector<Value>& v) {
                                    const auto& h = plan.new_households[i];
                                    v[0] = household_ids[i], v[1] = Resolve(h.parent, unit_ids);
                                    v[2] = Resolve(plan.household_building[i], building_ids);
                                    v[3] = Resolve(plan.household_compound[i], compound_ids),
                                    v[4] = community;
                                    v[5] = Nullable(plan.household_grid[i]), v[6] = h.name, v[7] = h.area_m2,
                                    v[8] = household_phones.Get(i);
                                    v[9] = new_text[i] ? *new_text[i] : kEmpty;
                                  }));
    auto resident_values = [&](const ImportPlan::ResidentWrite& w, std::vector<Value>& v, std::size_t at,
                               SealedPersonal sealed) {
      auto [compound, grid] = household_place(w.household);
      const RegistryRow& r = *w.row;
      v[at + 0] = Resolve(w.household, household_ids), v[at + 1] = community, v[at + 2] = compound;
      v[at + 3] = Nullable(grid), v[at + 4] = r.name, v[at + 5] = std::move(sealed.personal);
      v[at + 6] = std::int64_t{static_cast<int>(r.sex)}, v[at + 7] = std::move(sealed.id_number_hash);
      v[at + 8] = std::move(sealed.phone_hash);
      v[at + 9] = r.relation, v[at + 10] = std::int64_t{r.is_owner},
             v[at + 11] = std::int64_t{AnyVulnerable(r.tags)};
    };
    auto seal_row = [&](const ImportPlan::ResidentWrite& w) {
      return SealPersonal(cipher, w.row->id_number, w.row->phone, w.row->birth_date);
    };
    phase("households");
    Ahead<SealedPersonal> sealed_residents(plan.new_residents.size(),
                                           [&](std::size_t i) { return seal_row(plan.new_residents[i]); });
    LINLI_TRY_STATUS(
        c.BulkInsert("residents",
                     {"id", "household_id", "community_id", "compound_id", "grid_id", "name", "personal",
                      "sex", "id_number_hash", "phone_hash", "relation", "is_owner", "vulnerable"},
                     plan.new_residents.size(), [&](std::size_t i, std::vector<Value>& v) {
                       v[0] = resident_ids[i];
                       resident_values(plan.new_residents[i], v, 1, sealed_residents.Get(i));
                     }));
    struct TagRow {
      Id resident;
      const ResidentTag* tag;
      std::int64_t position;
    };
    std::vector<TagRow> tags;
    for (std::size_t i = 0; i < plan.new_residents.size(); ++i) {
      std::int64_t pos = 0;
      for (const auto& t : plan.new_residents[i].row->tags) tags.push_back({resident_ids[i], &t, pos++});
    }
    for (const auto& w : plan.resident_updates) {
      if (!w.tags_changed) continue;
      LINLI_TRY_STATUS(c.Exec("DELETE FROM resident_tags WHERE resident_id = ?", {Value(w.id.id)}));
      std::int64_t pos = 0;
      for (const auto& t : w.row->tags) tags.push_back({w.id.id, &t, pos++});
    }
    phase("residents");
    // Tags sealed on helper threads beside the inserts, as the residents' personal fields.
    Ahead<SealedTag> sealed_tags(tags.size(), [&](std::size_t i) { return SealTag(cipher, *tags[i].tag); });
    // code and detail (NOT NULL, no default) stay empty.
    LINLI_TRY_STATUS(c.BulkInsert("resident_tags",
                                  {"resident_id", "code", "detail", "code_hash", "sealed", "position"},
                                  tags.size(), [&](std::size_t i, std::vector<Value>& v) {
                                    SealedTag st = sealed_tags.Get(i);
                                    v[0] = tags[i].resident, v[1] = kEmpty, v[2] = kEmpty;
                                    v[3] = std::move(st.code_hash), v[4] = std::move(st.sealed);
                                    v[5] = tags[i].position;
                                  }));

    phase("tags");
    // 4. Updates.
    for (const auto& h : plan.household_updates)
      LINLI_TRY_STATUS(c.Exec("UPDATE households SET area_m2 = ?, phone = ? WHERE id = ?",
                              {Value(h.area_m2), Value(cipher.Encrypt(h.phone)), Value(h.id)}));
    for (const auto& w : plan.resident_updates) {
      std::vector<Value> v(13);
      resident_values(w, v, 0, seal_row(w));
      v[12] = w.id.id;
      LINLI_TRY_STATUS(
          c.Exec("UPDATE residents SET household_id = ?, community_id = ?, compound_id = ?, grid_id = ?, "
                 "name = ?, personal = ?, sex = ?, id_number_hash = ?, phone_hash = ?, relation = ?, "
                 "is_owner = ?, vulnerable = ? WHERE id = ?",
                 v));
    }
    std::vector<Connection::IndexChange> changes;
    changes.reserve(plan.search.size());
    for (const auto& s : plan.search) {
      Id id = Resolve(s.household, household_ids);
      if (!s.household.is_new())
        LINLI_TRY_STATUS(
            c.Exec("UPDATE households SET search_text = ? WHERE id = ?", {Value(s.new_text), Value(id)}));
      if (!s.household.is_new() || !c.IndexesOnInsert()) changes.push_back({id, &s.old_text, &s.new_text});
    }
    std::sort(changes.begin(), changes.end(),
              [](const auto& a, const auto& b) { return a.household_id < b.household_id; });
    LINLI_TRY_STATUS(c.IndexHouseholds(changes));

    phase("index");
    LINLI_TRY_STATUS(c.AfterBulkImport());
    phase("reindex");
    // 5. Counters, recounted through the indexes.
    LINLI_TRY_STATUS(
        c.Exec("UPDATE compounds SET buildings_count = (SELECT COUNT(*) FROM buildings b WHERE b.compound_id "
               "= compounds.id), "
               "households_count = (SELECT COUNT(*) FROM households h WHERE h.compound_id = compounds.id), "
               "residents_count = (SELECT COUNT(*) FROM residents r WHERE r.compound_id = compounds.id) "
               "WHERE community_id = ?",
               cp));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE communities SET "
               "compounds_count = (SELECT COUNT(*) FROM compounds x WHERE x.community_id = ?), "
               "buildings_count = (SELECT COUNT(*) FROM buildings x WHERE x.community_id = ?), "
               "units_count = (SELECT COUNT(*) FROM units x WHERE x.community_id = ?), "
               "households_count = (SELECT COUNT(*) FROM households x WHERE x.community_id = ?), "
               "residents_count = (SELECT COUNT(*) FROM residents x WHERE x.community_id = ?) WHERE id = ?",
               {community, community, community, community, community, community}));
    phase("counters");
    return plan.stats;
  });
}

}  // namespace

Status PrepareFieldEncryption(Connection& c, const FieldCipher& cipher) {
  Tx tx(c);
  LINLI_TRY_STATUS(tx.Begin(true));
  // The UPDATE takes the row lock first: a second process opening the same PostgreSQL database
  // waits here and then finds the work done.
  LINLI_TRY_STATUS(c.Exec("UPDATE field_crypto SET pending = pending WHERE id = 1"));
  LINLI_TRY(auto state, c.Exec("SELECT key_check, pending FROM field_crypto WHERE id = 1"));
  if (state.empty()) return Error::Internal("field_crypto 表缺少记录");
  const std::string check = cipher.KeyCheck();
  const std::string stored = AsText(state[0][0]);
  if (!stored.empty() && stored != check)
    return Error::Invalid("key_file", "key_mismatch",
                          "密钥文件与数据库不匹配：数据库中的个人信息是用另一个密钥加密的，请使用原来的密钥文件");
  const bool pending = AsInt(state[0][1]) != 0;
  if (!stored.empty() && !pending) return Ok();  // nothing to do: no write
  if (pending) {
    // Residents whose clear columns still hold something, in batches by id.
    Id after = 0;
    while (true) {
      LINLI_TRY(auto rows, c.Exec("SELECT id, id_number, phone, birth_date, personal FROM residents WHERE id > ? "
                                  "AND (id_number <> '' OR phone <> '' OR birth_date <> '') ORDER BY id LIMIT 5000",
                                  {Value(after)}));
      if (rows.empty()) break;
      std::vector<std::string> old(3);
      for (auto& r : rows.rows) {
        after = AsInt(r[0]);
        std::string id_number = AsText(r[1]), phone = AsText(r[2]), birth_date = AsText(r[3]);
        // A row sealed already but with clear columns left (should not happen): sealed wins
        // where the clear column is empty.
        LINLI_TRY_STATUS(cipher.DecryptFields(AsText(r[4]), 3, old));
        if (id_number.empty()) id_number = old[0];
        if (phone.empty()) phone = old[1];
        if (birth_date.empty()) birth_date = old[2];
        SealedPersonal sealed = SealPersonal(cipher, id_number, phone, birth_date);
        LINLI_TRY_STATUS(c.Exec(
            "UPDATE residents SET personal = ?, id_number_hash = ?, phone_hash = ?, id_number = '', phone = '', "
            "birth_date = '' WHERE id = ?",
            {Value(sealed.personal), Value(sealed.id_number_hash), Value(sealed.phone_hash), r[0]}));
      }
    }
    after = 0;
    while (true) {
      LINLI_TRY(auto rows, c.Exec("SELECT id, phone FROM households WHERE id > ? AND phone <> '' ORDER BY id "
                                  "LIMIT 5000",
                                  {Value(after)}));
      if (rows.empty()) break;
      for (auto& r : rows.rows) {
        after = AsInt(r[0]);
        std::string phone = AsText(r[1]);
        if (FieldCipher::IsSealed(phone)) continue;
        LINLI_TRY_STATUS(c.Exec("UPDATE households SET phone = ? WHERE id = ?", {Value(cipher.Encrypt(phone)), r[0]}));
      }
    }
    // Resident tags still in clear (code <> ''), in batches along the resident index: a sealed row
    // has code = '' and leaves the selection, so a resident cut by a batch is finished by the next.
    after = 0;
    while (true) {
      LINLI_TRY(auto rows,
                c.Exec("SELECT resident_id, position, code, detail FROM resident_tags WHERE resident_id "
                       ">= ? AND code <> '' ORDER BY resident_id, position LIMIT 5000",
                       {Value(after)}));
      if (rows.empty()) break;
      for (auto& r : rows.rows) {
        after = AsInt(r[0]);
        SealedTag st = SealTag(cipher, ResidentTag{AsText(r[2]), AsText(r[3])});
        LINLI_TRY_STATUS(
            c.Exec("UPDATE resident_tags SET code_hash = ?, sealed = ?, code = '', detail = '' "
                   "WHERE resident_id = ? AND position = ? AND code = ? AND detail = ?",
                   {Value(std::move(st.code_hash)), Value(std::move(st.sealed)), r[0], r[1], r[2], r[3]}));
      }
    }
  }
  LINLI_TRY_STATUS(c.Exec("UPDATE field_crypto SET key_check = ?, pending = 0 WHERE id = 1", {Value(check)}));
  return tx.Commit();
}

std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Pool> pool, bool serialize_writes,
                                    std::shared_ptr<const FieldCipher> cipher, std::function<void()> on_close) {
  return std::make_unique<SqlStore>(std::move(pool), serialize_writes, std::move(cipher), std::move(on_close));
}

}  // namespace linli::store
