#include "store/sql_halls.h"

#include <algorithm>
#include <unordered_map>

#include "core/metrics.h"

namespace linli::store {

namespace {

Value Int(std::int64_t v) { return Value(v); }

// "hall `t` is in scope" (empty when unrestricted): its community is one of the scope's or holds
// one of its grids; or it serves the compound of one of its households.
std::string ScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.community_id IN (SELECT community_id FROM grids WHERE id IN (" +
                    InList(s.grid_ids, p) + "))");
  if (!s.household_ids.empty())
    terms.push_back(
        "t.id IN (SELECT hc.hall_id FROM hall_compounds hc JOIN households h ON h.compound_id = hc.compound_id "
        "WHERE h.id IN (" +
        InList(s.household_ids, p) + "))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// "community `t` is in scope" for creating a hall: the scope's communities or its grids'
// (a resident's household never makes a community writable).
std::string CommunityScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.id IN (SELECT community_id FROM grids WHERE id IN (" + InList(s.grid_ids, p) + "))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

constexpr std::string_view kHallSelect =
    "SELECT t.id, t.community_id, t.name, t.place, c.name FROM halls t JOIN communities c ON c.id = "
    "t.community_id";

HallSummary ToSummary(const std::vector<Value>& r) {
  HallSummary s;
  s.hall.id = AsInt(r[0]), s.hall.community_id = AsInt(r[1]);
  s.hall.name = AsText(r[2]), s.hall.place = AsText(r[3]);
  s.community_name = AsText(r[4]);
  return s;
}

// Fills compounds, hours, roster and the visit counters of `items`.
Status LoadChildren(Connection& c, std::vector<HallSummary>& items, const std::string& since) {
  if (items.empty()) return Ok();
  std::unordered_map<Id, HallSummary*> by_id;
  std::vector<Id> ids;
  for (auto& s : items) by_id[s.hall.id] = &s, ids.push_back(s.hall.id);
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT hc.hall_id, hc.compound_id, cp.name FROM hall_compounds hc LEFT JOIN "
                                "compounds cp ON cp.id = hc.compound_id WHERE hc.hall_id IN (" +
                                    in + ") ORDER BY hc.hall_id, hc.position, hc.compound_id",
                                p));
    for (auto& r : rows.rows) {
      HallSummary* s = by_id[AsInt(r[0])];
      s->hall.compound_ids.push_back(AsInt(r[1]));
      s->compound_names.push_back(AsText(r[2]));
    }
  }
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT hall_id, weekday, start_time, end_time FROM hall_hours WHERE hall_id IN (" +
                                    in + ") ORDER BY hall_id, position",
                                p));
    for (auto& r : rows.rows)
      by_id[AsInt(r[0])]->hall.hours.push_back(
          {static_cast<int>(AsInt(r[1])), AsText(r[2]), AsText(r[3])});
  }
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT hall_id, weekday, worker_name, user_id FROM hall_roster WHERE hall_id IN (" +
                                    in + ") ORDER BY hall_id, position",
                                p));
    for (auto& r : rows.rows)
      by_id[AsInt(r[0])]->hall.roster.push_back({static_cast<int>(AsInt(r[1])), AsText(r[2]), AsOptId(r[3])});
  }
  {
    Params p{Value(since)};
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT hall_id, COUNT(*), SUM(CASE WHEN at >= ? THEN 1 ELSE 0 END) FROM "
                                "hall_visits WHERE hall_id IN (" +
                                    in + ") GROUP BY hall_id",
                                p));
    for (auto& r : rows.rows) {
      HallSummary* s = by_id[AsInt(r[0])];
      s->visits_total = AsInt(r[1]);
      s->visits_since = since.empty() ? 0 : AsInt(r[2]);
    }
  }
  return Ok();
}

Result<HallSummary> LoadHall(Connection& c, Id id, const Scope& scope, const std::string& since) {
  Params p{Value(id)};
  std::string where = Where({"t.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec(std::string(kHallSelect) + where, p));
  if (rows.empty()) return Error::NotFound("议事厅不存在");
  std::vector<HallSummary> items{ToSummary(rows[0])};
  LINLI_TRY_STATUS(LoadChildren(c, items, since));
  return std::move(items[0]);
}

// The community exists in scope (checked by the caller for updates); every compound lies in it
// and no other hall serves it.
Status CheckPlace(Connection& c, const Hall& h, const Scope& scope) {
  {
    Params p{Value(h.community_id)};
    std::string where = Where({"t.id = ?", CommunityScopeSql(scope, p)});
    LINLI_TRY(auto rows, c.Exec("SELECT t.id FROM communities t" + where, p));
    if (rows.empty()) return Error::Invalid("community_id", "not_found", "社区不存在");
  }
  if (h.compound_ids.empty()) return Ok();
  {
    Params p{Value(h.community_id)};
    std::string in = InList(h.compound_ids, p);
    LINLI_TRY(auto r, c.Exec("SELECT COUNT(*) FROM compounds WHERE community_id = ? AND id IN (" + in + ")", p));
    if (AsInt(r[0][0]) != static_cast<std::int64_t>(h.compound_ids.size()))
      return Error::Invalid("compound_ids", "not_in_community", "小区不存在或不属于该社区");
  }
  {
    Params p;
    std::string in = InList(h.compound_ids, p);
    p.emplace_back(h.id);
    LINLI_TRY(auto r, c.Exec("SELECT cp.name, t.name FROM hall_compounds hc JOIN halls t ON t.id = hc.hall_id "
                             "JOIN compounds cp ON cp.id = hc.compound_id WHERE hc.compound_id IN (" +
                                 in + ") AND hc.hall_id <> ? ORDER BY cp.name",
                             p));
    if (!r.empty()) {
      const std::string msg = AsText(r[0][0]) + "已由" + AsText(r[0][1]) + "服务，一个小区只归一个议事厅";
      Error e{ErrorCode::kConflict, msg, "compound_ids", {}};
      e.details.push_back({"compound_ids", "taken", msg});
      return e;
    }
  }
  return Ok();
}

Status WriteChildren(Connection& c, const Hall& h) {
  LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_compounds WHERE hall_id = ?", {Value(h.id)}));
  LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_hours WHERE hall_id = ?", {Value(h.id)}));
  LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_roster WHERE hall_id = ?", {Value(h.id)}));
  std::int64_t pos = 0;
  for (Id compound : h.compound_ids)
    LINLI_TRY_STATUS(c.Exec("INSERT INTO hall_compounds(compound_id, hall_id, position) VALUES (?, ?, ?)",
                            {Value(compound), Value(h.id), Int(pos++)}));
  pos = 0;
  for (const auto& x : h.hours)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO hall_hours(hall_id, position, weekday, start_time, end_time) VALUES (?, ?, ?, ?, ?)",
               {Value(h.id), Int(pos++), Int(x.weekday), Value(x.start), Value(x.end)}));
  pos = 0;
  for (const auto& r : h.roster)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO hall_roster(hall_id, position, weekday, worker_name, user_id) VALUES (?, ?, ?, ?, ?)",
               {Value(h.id), Int(pos++), Int(r.weekday), Value(r.worker_name), Nullable(r.user_id)}));
  return Ok();
}

constexpr std::string_view kVisitSelect =
    "SELECT v.id, v.hall_id, v.visitor_name, v.resident_id, v.compound_id, v.about, v.outcome, v.answer, "
    "v.deliberation_id, v.opinion_id, v.demand_id, v.worker, v.worker_user_id, v.at, t.name, cp.name, d.number "
    "FROM hall_visits v JOIN halls t ON t.id = v.hall_id LEFT JOIN compounds cp ON cp.id = v.compound_id "
    "LEFT JOIN demands d ON d.id = v.demand_id";

HallVisitRecord ToVisit(const std::vector<Value>& r) {
  HallVisitRecord out;
  HallVisit& v = out.visit;
  v.id = AsInt(r[0]), v.hall_id = AsInt(r[1]), v.visitor_name = AsText(r[2]);
  v.resident_id = AsOptId(r[3]), v.compound_id = AsOptId(r[4]);
  v.about = AsText(r[5]), v.outcome = AsText(r[6]), v.answer = AsText(r[7]);
  out.deliberation_id = AsOptId(r[8]);
  v.opinion_id = AsOptId(r[9]), v.demand_id = AsOptId(r[10]);
  v.worker = AsText(r[11]);
  out.worker_user_id = AsOptId(r[12]);
  v.at = AsText(r[13]);
  out.hall_name = AsText(r[14]), out.compound_name = AsText(r[15]), out.demand_number = AsText(r[16]);
  return out;
}

Result<HallVisitRecord> LoadVisit(Connection& c, Id visit_id, const Scope& scope) {
  Params p{Value(visit_id)};
  std::string where = Where({"v.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec(std::string(kVisitSelect) + where, p));
  if (rows.empty()) return Error::NotFound("来访记录不存在");
  return ToVisit(rows[0]);
}

}  // namespace

// ---------------------------------------------------------------- halls

Result<HallSummary> SqlHalls::CreateHall(const Hall& in, const Scope& scope) {
  metrics::StoreTimer timer("CreateHall");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<HallSummary> {
    Hall h = in;
    h.id = 0;
    LINLI_TRY_STATUS(CheckPlace(c, h, scope));
    LINLI_TRY(auto r, c.Exec("INSERT INTO halls(community_id, name, place) VALUES (?, ?, ?) RETURNING id",
                             {Value(h.community_id), Value(h.name), Value(h.place)}));
    h.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteChildren(c, h));
    return LoadHall(c, h.id, Scope::All(), {});
  });
}

Result<HallSummary> SqlHalls::UpdateHall(const Hall& in, const Scope& scope) {
  metrics::StoreTimer timer("UpdateHall");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<HallSummary> {
    // Writable only through the community (a resident's household scope reads, never writes).
    Scope write_scope = scope;
    write_scope.household_ids.clear();
    LINLI_TRY(auto old, LoadHall(c, in.id, write_scope, {}));
    Hall h = in;
    h.community_id = old.hall.community_id;
    LINLI_TRY_STATUS(CheckPlace(c, h, Scope::All()));
    LINLI_TRY_STATUS(c.Exec("UPDATE halls SET name = ?, place = ? WHERE id = ?",
                            {Value(h.name), Value(h.place), Value(h.id)}));
    LINLI_TRY_STATUS(WriteChildren(c, h));
    return LoadHall(c, h.id, Scope::All(), {});
  });
}

Result<HallSummary> SqlHalls::GetHall(Id id, const Scope& scope, const std::string& since) {
  metrics::StoreTimer timer("GetHall");
  return ReadOn(pool_, [&](Connection& c) { return LoadHall(c, id, scope, since); });
}

Result<std::vector<HallSummary>> SqlHalls::ListHalls(const HallFilter& f, const Scope& scope) {
  metrics::StoreTimer timer("ListHalls");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<HallSummary>> {
    Params p;
    std::vector<std::string> conds{ScopeSql(scope, p)};
    if (f.community_id) {
      conds.push_back("t.community_id = ?");
      p.emplace_back(*f.community_id);
    }
    LINLI_TRY(auto rows, c.Exec(std::string(kHallSelect) + Where(conds) + " ORDER BY t.community_id, t.name, t.id", p));
    std::vector<HallSummary> out;
    out.reserve(rows.rows.size());
    for (auto& r : rows.rows) out.push_back(ToSummary(r));
    LINLI_TRY_STATUS(LoadChildren(c, out, f.since));
    return out;
  });
}

Status SqlHalls::DeleteHall(Id id, const Scope& scope) {
  metrics::StoreTimer timer("DeleteHall");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    Scope write_scope = scope;
    write_scope.household_ids.clear();
    LINLI_TRY(auto old, LoadHall(c, id, write_scope, {}));
    if (old.visits_total > 0) {
      const std::string msg = "议事厅已有 " + std::to_string(old.visits_total) + " 条来访记录，不能删除";
      Error e{ErrorCode::kConflict, msg, "visits", {}};
      e.details.push_back({"visits", "exist", msg});
      return e;
    }
    LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_compounds WHERE hall_id = ?", {Value(id)}));
    LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_hours WHERE hall_id = ?", {Value(id)}));
    LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_roster WHERE hall_id = ?", {Value(id)}));
    LINLI_TRY_STATUS(c.Exec("DELETE FROM halls WHERE id = ?", {Value(id)}));
    return Ok();
  });
}

// ---------------------------------------------------------------- visits

Result<HallVisitRecord> SqlHalls::AddVisit(const HallVisitRecord& in, const Scope& scope) {
  metrics::StoreTimer timer("AddHallVisit");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<HallVisitRecord> {
    Scope write_scope = scope;
    write_scope.household_ids.clear();
    LINLI_TRY(auto hall, LoadHall(c, in.visit.hall_id, write_scope, {}));
    const HallVisit& v = in.visit;
    if (v.compound_id) {
      LINLI_TRY(auto r, c.Exec("SELECT id FROM compounds WHERE id = ? AND community_id = ?",
                               {Value(*v.compound_id), Value(hall.hall.community_id)}));
      if (r.empty()) return Error::Invalid("compound_id", "not_in_community", "小区不存在或不属于本社区");
    }
    if (v.resident_id) {
      LINLI_TRY(auto r, c.Exec("SELECT id FROM residents WHERE id = ? AND community_id = ?",
                               {Value(*v.resident_id), Value(hall.hall.community_id)}));
      if (r.empty()) return Error::Invalid("resident_id", "not_found", "居民不存在或不属于本社区");
    }
    LINLI_TRY(auto r, c.Exec("INSERT INTO hall_visits(hall_id, visitor_name, resident_id, compound_id, about, "
                             "outcome, answer, deliberation_id, opinion_id, demand_id, worker, worker_user_id, at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {Value(v.hall_id), Value(v.visitor_name), Nullable(v.resident_id),
                              Nullable(v.compound_id), Value(v.about), Value(v.outcome), Value(v.answer),
                              Nullable(in.deliberation_id), Nullable(v.opinion_id), Nullable(v.demand_id),
                              Value(v.worker), Nullable(in.worker_user_id), Value(v.at)}));
    return LoadVisit(c, AsInt(r[0][0]), Scope::All());
  });
}

Status SqlHalls::LinkVisit(Id visit_id, std::optional<Id> opinion_id, std::optional<Id> demand_id,
                           const Scope& scope) {
  metrics::StoreTimer timer("LinkHallVisit");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    LINLI_TRY(auto old, LoadVisit(c, visit_id, scope));
    (void)old;
    LINLI_TRY_STATUS(c.Exec("UPDATE hall_visits SET opinion_id = COALESCE(?, opinion_id), demand_id = "
                            "COALESCE(?, demand_id) WHERE id = ?",
                            {Nullable(opinion_id), Nullable(demand_id), Value(visit_id)}));
    return Ok();
  });
}

Status SqlHalls::DiscardVisit(Id visit_id, const Scope& scope) {
  metrics::StoreTimer timer("DiscardHallVisit");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    LINLI_TRY(auto v, LoadVisit(c, visit_id, scope));
    if (v.visit.opinion_id || v.visit.demand_id)
      return Error{ErrorCode::kConflict, "来访记录已有后续，不能撤销", "visit", {}};
    LINLI_TRY_STATUS(c.Exec("DELETE FROM hall_visits WHERE id = ?", {Value(visit_id)}));
    return Ok();
  });
}

Result<Page<HallVisitRecord>> SqlHalls::ListVisits(Id hall_id, const HallVisitFilter& f, const Scope& scope,
                                                   PageRequest page) {
  metrics::StoreTimer timer("ListHallVisits");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<HallVisitRecord>> {
    Scope read_scope = scope;
    read_scope.household_ids.clear();
    LINLI_TRY(auto hall, LoadHall(c, hall_id, read_scope, {}));
    (void)hall;
    Params p{Value(hall_id)};
    std::vector<std::string> conds{"v.hall_id = ?"};
    if (!f.from.empty()) {
      conds.push_back("v.at >= ?");
      p.emplace_back(f.from);
    }
    if (!f.to.empty()) {
      conds.push_back("v.at < ?");
      p.emplace_back(f.to);
    }
    const std::string where = Where(conds);
    Page<HallVisitRecord> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM hall_visits v" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows, c.Exec(std::string(kVisitSelect) + where + " ORDER BY v.at DESC, v.id DESC LIMIT ? OFFSET ?", p));
    for (auto& r : rows.rows) out.items.push_back(ToVisit(r));
    return out;
  });
}

}  // namespace linli::store
