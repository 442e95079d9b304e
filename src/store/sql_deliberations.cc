#include "store/sql_deliberations.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/metrics.h"
#include "domain/civil_date.h"
#include "domain/text_util.h"

namespace linli::store {

namespace {

using S = DeliberationStep;
using text::CodePointCount;
using text::Trim;

constexpr std::size_t kTitleMax = 100;
constexpr std::size_t kTextMax = 2000;
constexpr std::size_t kDemandsMax = 200;

Value Int(std::int64_t v) { return Value(v); }
Value Bool(bool b) { return Value(static_cast<std::int64_t>(b ? 1 : 0)); }
Value Text(std::string_view s) { return Value(std::string(s)); }

bool Blank(std::string_view s) { return Trim(s).empty(); }

Error Conflict(std::string field, std::string reason, std::string message) {
  Error e = Error::Invalid(std::move(field), std::move(reason), std::move(message));
  e.code = ErrorCode::kConflict;
  return e;
}

// "the community in column `col` is reachable" for community- and grid-wide scopes, and for
// households (residents) their community. Empty when unrestricted.
std::string CommunityScopeSql(const std::string& col, const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back(col + " IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back(col + " IN (SELECT community_id FROM grids WHERE id IN (" + InList(s.grid_ids, p) + "))");
  if (!s.household_ids.empty())
    terms.push_back(col + " IN (SELECT community_id FROM households WHERE id IN (" + InList(s.household_ids, p) +
                    "))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// "deliberation `t` is in scope": its community is the scope's (or holds one of its grids); for a
// household, the deliberation is of its community and community-wide or names its compound.
std::string ScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.community_id IN (SELECT community_id FROM grids WHERE id IN (" + InList(s.grid_ids, p) +
                    "))");
  if (!s.household_ids.empty())
    terms.push_back("EXISTS (SELECT 1 FROM households h WHERE h.id IN (" + InList(s.household_ids, p) +
                    ") AND h.community_id = t.community_id AND (NOT EXISTS (SELECT 1 FROM "
                    "deliberation_compounds x WHERE x.deliberation_id = t.id) OR EXISTS (SELECT 1 FROM "
                    "deliberation_compounds x WHERE x.deliberation_id = t.id AND x.compound_id = h.compound_id)))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

S StepOf(const Value& v) { return ParseDeliberationStep(AsText(v)).value_or(S::kCollect); }

Status CheckTitle(const std::string& title) {
  if (Blank(title)) return Error::Invalid("title", "required", "请填写议事标题");
  if (CodePointCount(title) > kTitleMax) return Error::Invalid("title", "too_long", "议事标题不超过 100 字");
  return Ok();
}

Status CheckCompounds(Connection& c, Id community_id, const std::vector<Id>& ids) {
  if (ids.empty()) return Ok();
  std::set<Id> distinct(ids.begin(), ids.end());
  std::vector<Id> list(distinct.begin(), distinct.end());
  Params p;
  std::string in = InList(list, p);
  p.emplace_back(community_id);
  LINLI_TRY(auto rows, c.Exec("SELECT COUNT(*) FROM compounds WHERE id IN (" + in + ") AND community_id = ?", p));
  if (AsInt(rows[0][0]) != static_cast<std::int64_t>(list.size()))
    return Error::Invalid("compound_ids", "not_in_community", "所选小区不属于该社区");
  return Ok();
}

Status WriteCompounds(Connection& c, Id id, const std::vector<Id>& ids) {
  LINLI_TRY_STATUS(c.Exec("DELETE FROM deliberation_compounds WHERE deliberation_id = ?", {Int(id)}));
  std::set<Id> distinct(ids.begin(), ids.end());
  for (Id x : distinct)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO deliberation_compounds(deliberation_id, compound_id) VALUES (?, ?)", {Int(id), Int(x)}));
  return Ok();
}

// Attachments of one owner (research | option | update), replacing what it had. Each url gets the
// metadata passed in `files` (matched by url) when there is some.
Status WriteAttachments(Connection& c, Id deliberation_id, std::string_view kind, Id owner,
                        const std::vector<std::string>& urls, const std::vector<DeliberationFile>& files) {
  LINLI_TRY_STATUS(c.Exec("DELETE FROM deliberation_attachments WHERE owner_kind = ? AND owner_id = ?",
                          {Text(kind), Int(owner)}));
  for (std::size_t i = 0; i < urls.size(); ++i) {
    DeliberationFile f;
    f.url = urls[i];
    for (const auto& x : files)
      if (x.url == urls[i]) f = x;
    if (f.name.empty()) f.name = f.url.substr(f.url.find_last_of('/') + 1);
    LINLI_TRY_STATUS(c.Exec(
        "INSERT INTO deliberation_attachments(deliberation_id, owner_kind, owner_id, position, name, url, mime, "
        "size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {Int(deliberation_id), Text(kind), Int(owner), Int(static_cast<std::int64_t>(i)), Value(f.name),
         Value(f.url), Value(f.mime), Int(f.size)}));
  }
  return Ok();
}

// The step and community of deliberation `id` in scope (kNotFound), for the writes.
struct Head {
  Id community_id = 0;
  S step = S::kCollect;
};
Result<Head> LoadHead(Connection& c, Id id, const Scope& scope) {
  Params p{Int(id)};
  std::string where = Where({"t.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec("SELECT t.community_id, t.step FROM deliberations t" + where, p));
  if (rows.empty()) return Error::NotFound("议事不存在");
  return Head{AsInt(rows[0][0]), StepOf(rows[0][1])};
}
// As LoadHead, refusing a closed deliberation (kConflict step closed).
Result<Head> LoadOpen(Connection& c, Id id, const Scope& scope) {
  LINLI_TRY(auto h, LoadHead(c, id, scope));
  if (h.step == S::kClosed) return Conflict("step", "closed", "议事已办结，不能再修改");
  return h;
}
Status Touch(Connection& c, Id id, const std::string& now) {
  LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET updated_at = ? WHERE id = ?", {Value(now), Int(id)}));
  return Ok();
}

Result<DeliberationRecord> LoadRecord(Connection& c, Id id, const Scope& scope) {
  Params p{Int(id)};
  std::string where = Where({"t.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec("SELECT t.id, t.community_id, t.title, t.step, t.topic, t.question, t.needs_vote, "
                              "t.outcome, t.chosen_option_id, t.vote_id, t.created_by, t.created_at, "
                              "t.updated_at FROM deliberations t" +
                                  where,
                              p));
  if (rows.empty()) return Error::NotFound("议事不存在");
  DeliberationRecord rec;
  Deliberation& d = rec.deliberation;
  {
    const auto& r = rows[0];
    d.id = AsInt(r[0]), d.community_id = AsInt(r[1]), d.title = AsText(r[2]), d.step = StepOf(r[3]);
    d.topic = AsText(r[4]), d.question = AsText(r[5]), d.needs_vote = AsInt(r[6]) != 0;
    d.outcome = AsText(r[7]), d.chosen_option_id = AsOptId(r[8]), d.vote_id = AsOptId(r[9]);
    d.created_by = AsText(r[10]), d.created_at = AsText(r[11]), rec.updated_at = AsText(r[12]);
  }
  const Value key = Int(id);
  std::set<Id> compounds;
  {
    LINLI_TRY(auto rs, c.Exec("SELECT compound_id FROM deliberation_compounds WHERE deliberation_id = ? ORDER BY "
                              "compound_id",
                              {key}));
    for (auto& r : rs.rows) d.compound_ids.push_back(AsInt(r[0])), compounds.insert(AsInt(r[0]));
  }
  // Attachments by (kind, owner).
  std::map<std::pair<std::string, Id>, std::vector<std::string>> urls;
  {
    LINLI_TRY(auto rs, c.Exec("SELECT owner_kind, owner_id, name, url, mime, size FROM deliberation_attachments "
                              "WHERE deliberation_id = ? ORDER BY owner_kind, owner_id, position",
                              {key}));
    std::set<std::string> seen;
    for (auto& r : rs.rows) {
      urls[{AsText(r[0]), AsInt(r[1])}].push_back(AsText(r[3]));
      if (seen.insert(AsText(r[3])).second)
        rec.files.push_back({AsText(r[2]), AsText(r[3]), AsText(r[4]), AsInt(r[5])});
    }
  }
  auto files_of = [&](const char* kind, Id owner) {
    auto it = urls.find({kind, owner});
    return it == urls.end() ? std::vector<std::string>{} : it->second;
  };
  {
    LINLI_TRY(auto rs, c.Exec("SELECT id, source, resident_id, user_id, author_name, anonymous, compound_id, text, "
                              "demand_id, hall_visit_id, theme, created_at FROM deliberation_opinions WHERE "
                              "deliberation_id = ? ORDER BY id",
                              {key}));
    for (auto& r : rs.rows) {
      Opinion o;
      o.id = AsInt(r[0]), o.source = AsText(r[1]), o.resident_id = AsOptId(r[2]), o.user_id = AsOptId(r[3]);
      o.author_name = AsText(r[4]), o.anonymous = AsInt(r[5]) != 0, o.compound_id = AsOptId(r[6]);
      o.text = AsText(r[7]), o.demand_id = AsOptId(r[8]), o.hall_visit_id = AsOptId(r[9]);
      o.theme = AsText(r[10]), o.created_at = AsText(r[11]);
      if (o.compound_id) compounds.insert(*o.compound_id);
      d.opinions.push_back(std::move(o));
    }
  }
  {
    LINLI_TRY(auto rs, c.Exec("SELECT id, kind, text, author, at FROM deliberation_research WHERE deliberation_id "
                              "= ? ORDER BY id",
                              {key}));
    for (auto& r : rs.rows) {
      ResearchNote n;
      n.id = AsInt(r[0]), n.kind = AsText(r[1]), n.text = AsText(r[2]), n.author = AsText(r[3]);
      n.at = AsText(r[4]), n.attachments = files_of("research", n.id);
      d.research.push_back(std::move(n));
    }
  }
  {
    LINLI_TRY(auto rs, c.Exec("SELECT id, title, description, cost_fen, payer, schedule, affected_households FROM "
                              "deliberation_options WHERE deliberation_id = ? ORDER BY id",
                              {key}));
    for (auto& r : rs.rows) {
      DeliberationOption o;
      o.id = AsInt(r[0]), o.title = AsText(r[1]), o.description = AsText(r[2]);
      if (!IsNull(r[3])) o.cost_fen = AsInt(r[3]);
      o.payer = AsText(r[4]), o.schedule = AsText(r[5]), o.affected_households = AsInt(r[6]);
      o.attachments = files_of("option", o.id);
      d.options.push_back(std::move(o));
    }
  }
  {
    LINLI_TRY(auto rs, c.Exec("SELECT id, held_at, place, minutes, outcome FROM deliberation_meetings WHERE "
                              "deliberation_id = ? ORDER BY held_at, id",
                              {key}));
    std::unordered_map<Id, std::size_t> at;
    for (auto& r : rs.rows) {
      Meeting m;
      m.id = AsInt(r[0]), m.held_at = AsText(r[1]), m.place = AsText(r[2]), m.minutes = AsText(r[3]);
      m.outcome = AsText(r[4]);
      at[m.id] = d.meetings.size();
      d.meetings.push_back(std::move(m));
    }
    LINLI_TRY(auto as, c.Exec("SELECT a.meeting_id, a.name, a.party FROM deliberation_attendees a JOIN "
                              "deliberation_meetings m ON m.id = a.meeting_id WHERE m.deliberation_id = ? "
                              "ORDER BY a.meeting_id, a.position",
                              {key}));
    for (auto& r : as.rows) d.meetings[at[AsInt(r[0])]].attendees.push_back({AsText(r[1]), AsText(r[2])});
  }
  {
    LINLI_TRY(auto rs, c.Exec("SELECT id, title, owner, due_date, status, progress FROM deliberation_tasks WHERE "
                              "deliberation_id = ? ORDER BY id",
                              {key}));
    std::unordered_map<Id, std::size_t> at;
    for (auto& r : rs.rows) {
      DeliberationTask t;
      t.id = AsInt(r[0]), t.title = AsText(r[1]), t.owner = AsText(r[2]), t.due_date = AsText(r[3]);
      t.status = AsText(r[4]), t.progress = static_cast<int>(AsInt(r[5]));
      at[t.id] = d.tasks.size();
      d.tasks.push_back(std::move(t));
    }
    LINLI_TRY(auto us, c.Exec("SELECT u.id, u.task_id, u.at, u.by_name, u.text, u.progress FROM "
                              "deliberation_task_updates u JOIN deliberation_tasks t ON t.id = u.task_id WHERE "
                              "t.deliberation_id = ? ORDER BY u.task_id, u.id",
                              {key}));
    for (auto& r : us.rows) {
      TaskUpdate u;
      u.at = AsText(r[2]), u.by = AsText(r[3]), u.text = AsText(r[4]), u.progress = static_cast<int>(AsInt(r[5]));
      u.photos = files_of("update", AsInt(r[0]));
      d.tasks[at[AsInt(r[1])]].updates.push_back(std::move(u));
    }
  }
  {
    LINLI_TRY(auto rs, c.Exec("SELECT from_step, to_step, kind, actor, reason, approved_by, at FROM "
                              "deliberation_history WHERE deliberation_id = ? ORDER BY id",
                              {key}));
    for (auto& r : rs.rows)
      d.history.push_back(
          {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]), AsText(r[5]), AsText(r[6])});
  }
  if (!compounds.empty()) {
    Params q;
    std::string in = InList(std::vector<Id>(compounds.begin(), compounds.end()), q);
    LINLI_TRY(auto rs, c.Exec("SELECT id, name FROM compounds WHERE id IN (" + in + ")", q));
    for (auto& r : rs.rows) rec.compound_names[AsInt(r[0])] = AsText(r[1]);
  }
  return rec;
}

// "王建国" -> "王某"; "" -> "居民".
std::string MaskedName(std::string_view name) {
  name = Trim(name);
  if (name.empty()) return "居民";
  std::size_t n = 1;
  const auto b = static_cast<unsigned char>(name[0]);
  if (b >= 0xF0) n = 4;
  else if (b >= 0xE0) n = 3;
  else if (b >= 0xC0) n = 2;
  return std::string(name.substr(0, std::min(n, name.size()))) + "某";
}

Result<Id> InsertOpinion(Connection& c, Id deliberation_id, const Opinion& o) {
  LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_opinions(deliberation_id, source, resident_id, user_id, "
                           "author_name, anonymous, compound_id, text, demand_id, hall_visit_id, theme, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           {Int(deliberation_id), Value(o.source), Nullable(o.resident_id), Nullable(o.user_id),
                            Value(o.author_name), Bool(o.anonymous), Nullable(o.compound_id), Value(o.text),
                            Nullable(o.demand_id), Nullable(o.hall_visit_id), Value(o.theme), Value(o.created_at)}));
  return AsInt(r[0][0]);
}

bool ValidDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(std::string(s.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))));
  return m >= 1 && m <= 12 && d >= 1 && d <= civil::DaysInMonth(y, m);
}

Status CheckOption(const DeliberationOption& o) {
  if (Blank(o.title)) return Error::Invalid("title", "required", "请填写方案名称");
  if (CodePointCount(o.title) > kTitleMax) return Error::Invalid("title", "too_long", "方案名称不超过 100 字");
  if (o.cost_fen && *o.cost_fen < 0) return Error::Invalid("cost_fen", "range", "费用不能为负数");
  if (o.affected_households < 0) return Error::Invalid("affected_households", "range", "涉及户数不能为负数");
  return Ok();
}

// Options may change until the decision is taken (step decide or earlier).
Status CheckOptionsEditable(const Head& h) {
  if (static_cast<int>(h.step) > static_cast<int>(S::kDecide))
    return Conflict("step", "decided", "方案已议定，不能再修改");
  return Ok();
}

}  // namespace

Result<DeliberationRecord> SqlDeliberations::CreateDeliberation(const Deliberation& in,
                                                                const std::vector<Id>& demand_ids,
                                                                const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("CreateDeliberation");
  LINLI_TRY_STATUS(CheckTitle(in.title));
  if (demand_ids.size() > kDemandsMax)
    return Error::Invalid("demand_ids", "too_many", "一次最多引入 200 条诉求");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationRecord> {
    {
      Params p{Int(in.community_id)};
      std::string where = Where({"t.id = ?", CommunityScopeSql("t.id", scope, p)});
      LINLI_TRY(auto rows, c.Exec("SELECT t.id FROM communities t" + where, p));
      if (rows.empty()) return Error::Invalid("community_id", "not_found", "社区不存在");
    }
    LINLI_TRY_STATUS(CheckCompounds(c, in.community_id, in.compound_ids));
    // The hotspot's demands, all of this community and in scope.
    std::vector<Opinion> seeded;
    if (!demand_ids.empty()) {
      std::set<Id> distinct(demand_ids.begin(), demand_ids.end());
      Params p;
      std::string in_list = InList(std::vector<Id>(distinct.begin(), distinct.end()), p);
      p.emplace_back(in.community_id);
      std::string where =
          Where({"t.id IN (" + in_list + ")", "t.community_id = ?", CommunityScopeSql("t.community_id", scope, p)});
      LINLI_TRY(auto rows, c.Exec("SELECT t.id, t.description, t.compound_id, t.reporter_name, t.created_at FROM "
                                  "demands t" +
                                      where + " ORDER BY t.id",
                                  p));
      if (rows.rows.size() != distinct.size())
        return Error::Invalid("demand_ids", "not_found", "有的诉求不存在或不属于该社区");
      for (auto& r : rows.rows) {
        Opinion o;
        o.source = "demand", o.demand_id = AsInt(r[0]), o.text = AsText(r[1]), o.compound_id = AsOptId(r[2]);
        o.author_name = MaskedName(AsText(r[3]));
        o.created_at = now;
        if (Blank(o.text)) o.text = "（诉求无描述）";
        seeded.push_back(std::move(o));
      }
    }
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberations(community_id, title, step, needs_vote, created_by, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {Int(in.community_id), Value(std::string(Trim(in.title))), Text("collect"),
                              Bool(in.needs_vote), Value(in.created_by), Value(now), Value(now)}));
    const Id id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteCompounds(c, id, in.compound_ids));
    for (const auto& o : seeded) LINLI_TRY_STATUS(InsertOpinion(c, id, o));
    return LoadRecord(c, id, Scope::All());
  });
}

Result<DeliberationRecord> SqlDeliberations::GetDeliberation(Id id, const Scope& scope) {
  metrics::StoreTimer timer("GetDeliberation");
  return ReadOn(pool_, [&](Connection& c) { return LoadRecord(c, id, scope); });
}

Result<Page<DeliberationSummary>> SqlDeliberations::ListDeliberations(const DeliberationFilter& f,
                                                                      const Scope& scope, PageRequest page) {
  metrics::StoreTimer timer("ListDeliberations");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<DeliberationSummary>> {
    Params p;
    std::vector<std::string> conds{ScopeSql(scope, p)};
    if (f.community_id) conds.push_back("t.community_id = ?"), p.emplace_back(*f.community_id);
    if (f.step == "open") {
      conds.push_back("t.step <> 'closed'");
    } else if (!f.step.empty()) {
      if (!ParseDeliberationStep(f.step)) return Error::Invalid("step", "enum", "未知的议事步骤: " + f.step);
      conds.push_back("t.step = ?"), p.emplace_back(f.step);
    }
    if (!Blank(f.q)) {
      const std::string fn(c.InstrFunction());
      conds.push_back("(" + fn + "(t.title, ?) > 0 OR " + fn + "(t.topic, ?) > 0)");
      p.emplace_back(std::string(Trim(f.q))), p.emplace_back(std::string(Trim(f.q)));
    }
    const std::string where = Where(conds);
    Page<DeliberationSummary> out;
    LINLI_TRY(auto total, c.Exec("SELECT COUNT(*) FROM deliberations t" + where, p));
    out.total = AsInt(total[0][0]);
    Params q{Value(f.today)};
    q.insert(q.end(), p.begin(), p.end());
    q.emplace_back(page.limit), q.emplace_back(page.offset);
    LINLI_TRY(auto rows,
              c.Exec("SELECT t.id, t.community_id, t.title, t.step, t.topic, t.created_at, t.updated_at, "
                     "(SELECT COUNT(*) FROM deliberation_opinions o WHERE o.deliberation_id = t.id), "
                     "(SELECT COUNT(*) FROM deliberation_tasks k WHERE k.deliberation_id = t.id AND k.status = "
                     "'open' AND k.due_date < ?) FROM deliberations t" +
                         where + " ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?",
                     q));
    std::unordered_map<Id, std::size_t> at;
    for (auto& r : rows.rows) {
      DeliberationSummary s;
      s.id = AsInt(r[0]), s.community_id = AsInt(r[1]), s.title = AsText(r[2]), s.step = StepOf(r[3]);
      s.topic = AsText(r[4]), s.created_at = AsText(r[5]), s.updated_at = AsText(r[6]);
      s.opinions_count = AsInt(r[7]), s.tasks_overdue = f.today.empty() ? 0 : AsInt(r[8]);
      at[s.id] = out.items.size();
      out.items.push_back(std::move(s));
    }
    if (!out.items.empty()) {
      Params cp;
      std::vector<Id> ids;
      for (auto& s : out.items) ids.push_back(s.id);
      std::string in = InList(ids, cp);
      LINLI_TRY(auto rs, c.Exec("SELECT deliberation_id, compound_id FROM deliberation_compounds WHERE "
                                "deliberation_id IN (" +
                                    in + ") ORDER BY deliberation_id, compound_id",
                                cp));
      for (auto& r : rs.rows) out.items[at[AsInt(r[0])]].compound_ids.push_back(AsInt(r[1]));
    }
    return out;
  });
}

Result<DeliberationRecord> SqlDeliberations::UpdateDeliberation(Id id, const DeliberationPatch& patch,
                                                                const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("UpdateDeliberation");
  if (patch.title) LINLI_TRY_STATUS(CheckTitle(*patch.title));
  if (patch.topic && CodePointCount(*patch.topic) > kTitleMax)
    return Error::Invalid("topic", "too_long", "议题不超过 100 字");
  if (patch.question && CodePointCount(*patch.question) > kTextMax)
    return Error::Invalid("question", "too_long", "问题不超过 2000 字");
  if (patch.outcome && CodePointCount(*patch.outcome) > kTextMax)
    return Error::Invalid("outcome", "too_long", "议事结论不超过 2000 字");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationRecord> {
    LINLI_TRY(auto h, LoadOpen(c, id, scope));
    const Value key = Int(id);
    if (patch.compound_ids) {
      LINLI_TRY_STATUS(CheckCompounds(c, h.community_id, *patch.compound_ids));
      LINLI_TRY_STATUS(WriteCompounds(c, id, *patch.compound_ids));
    }
    auto set_text = [&](const char* col, const std::optional<std::string>& v) -> Status {
      if (!v) return Ok();
      LINLI_TRY_STATUS(c.Exec(std::string("UPDATE deliberations SET ") + col + " = ? WHERE id = ?",
                              {Value(std::string(Trim(*v))), key}));
      return Ok();
    };
    LINLI_TRY_STATUS(set_text("title", patch.title));
    LINLI_TRY_STATUS(set_text("topic", patch.topic));
    LINLI_TRY_STATUS(set_text("question", patch.question));
    LINLI_TRY_STATUS(set_text("outcome", patch.outcome));
    if (patch.needs_vote)
      LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET needs_vote = ? WHERE id = ?", {Bool(*patch.needs_vote), key}));
    if (patch.chosen_option_id) {
      std::optional<Id> v;
      if (*patch.chosen_option_id != 0) {
        LINLI_TRY(auto rows, c.Exec("SELECT id FROM deliberation_options WHERE id = ? AND deliberation_id = ?",
                                    {Int(*patch.chosen_option_id), key}));
        if (rows.empty()) return Error::Invalid("chosen_option_id", "not_found", "所选方案不存在");
        v = *patch.chosen_option_id;
      }
      LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET chosen_option_id = ? WHERE id = ?", {Nullable(v), key}));
    }
    if (patch.vote_id) {
      std::optional<Id> v;
      if (*patch.vote_id != 0) {
        LINLI_TRY(auto rows, c.Exec("SELECT id FROM votes WHERE id = ? AND community_id = ?",
                                    {Int(*patch.vote_id), Int(h.community_id)}));
        if (rows.empty()) return Error::Invalid("vote_id", "not_found", "所选表决不存在或不属于该社区");
        v = *patch.vote_id;
      }
      LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET vote_id = ? WHERE id = ?", {Nullable(v), key}));
    }
    LINLI_TRY_STATUS(Touch(c, id, now));
    return LoadRecord(c, id, Scope::All());
  });
}

Result<Opinion> SqlDeliberations::AddOpinion(Id deliberation_id, const Opinion& in, const std::string& now,
                                             const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationOpinion");
  Opinion o = in;
  o.text = std::string(Trim(o.text));
  if (o.text.empty()) return Error::Invalid("text", "required", "请填写意见内容");
  if (CodePointCount(o.text) > kTextMax) return Error::Invalid("text", "too_long", "意见不超过 2000 字");
  static const std::set<std::string> kSources = {"online", "hall", "demand", "meeting", "staff"};
  if (!kSources.count(o.source)) return Error::Invalid("source", "invalid", "未知的意见来源: " + o.source);
  o.created_at = now;
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Opinion> {
    LINLI_TRY(auto h, LoadOpen(c, deliberation_id, scope));
    if (h.step != S::kCollect && h.step != S::kTopic)
      return Conflict("step", "not_collecting", "意见征集已结束（只在前两步收集意见）");
    if (o.compound_id && !CheckCompounds(c, h.community_id, {*o.compound_id}).ok())
      return Error::Invalid("compound_id", "not_in_community", "所选小区不属于该社区");
    LINLI_TRY(o.id, InsertOpinion(c, deliberation_id, o));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return o;
  });
}

Result<DeliberationRecord> SqlDeliberations::SetThemes(Id deliberation_id,
                                                       const std::vector<std::pair<Id, std::string>>& assignments,
                                                       const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("SetDeliberationThemes");
  for (std::size_t i = 0; i < assignments.size(); ++i)
    if (CodePointCount(assignments[i].second) > 50)
      return Error::Invalid("assignments[" + std::to_string(i) + "].theme", "too_long", "分组名称不超过 50 字");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationRecord> {
    LINLI_TRY_STATUS(LoadOpen(c, deliberation_id, scope));
    for (std::size_t i = 0; i < assignments.size(); ++i) {
      LINLI_TRY(auto r, c.Exec("UPDATE deliberation_opinions SET theme = ? WHERE id = ? AND deliberation_id = ?",
                               {Value(std::string(Trim(assignments[i].second))), Int(assignments[i].first),
                                Int(deliberation_id)}));
      if (r.affected == 0)
        return Error::Invalid("assignments[" + std::to_string(i) + "].opinion_id", "not_found", "意见不存在");
    }
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return LoadRecord(c, deliberation_id, Scope::All());
  });
}

Result<ResearchNote> SqlDeliberations::AddResearch(Id deliberation_id, const ResearchNote& in,
                                                   const std::vector<DeliberationFile>& files,
                                                   const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationResearch");
  static const std::set<std::string> kKinds = {"site_visit", "cost", "quote", "survey", "other"};
  ResearchNote n = in;
  if (!kKinds.count(n.kind)) return Error::Invalid("kind", "invalid", "未知的调研类型: " + n.kind);
  n.text = std::string(Trim(n.text));
  if (n.text.empty()) return Error::Invalid("text", "required", "请填写调研内容");
  if (CodePointCount(n.text) > kTextMax) return Error::Invalid("text", "too_long", "调研内容不超过 2000 字");
  n.at = now;
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<ResearchNote> {
    LINLI_TRY_STATUS(LoadOpen(c, deliberation_id, scope));
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_research(deliberation_id, kind, text, author, at) VALUES "
                             "(?, ?, ?, ?, ?) RETURNING id",
                             {Int(deliberation_id), Value(n.kind), Value(n.text), Value(n.author), Value(n.at)}));
    n.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteAttachments(c, deliberation_id, "research", n.id, n.attachments, files));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return n;
  });
}

Result<DeliberationOption> SqlDeliberations::AddOption(Id deliberation_id, const DeliberationOption& in,
                                                       const std::vector<DeliberationFile>& files,
                                                       const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationOption");
  LINLI_TRY_STATUS(CheckOption(in));
  DeliberationOption o = in;
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationOption> {
    LINLI_TRY(auto h, LoadOpen(c, deliberation_id, scope));
    LINLI_TRY_STATUS(CheckOptionsEditable(h));
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_options(deliberation_id, title, description, cost_fen, "
                             "payer, schedule, affected_households) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {Int(deliberation_id), Value(o.title), Value(o.description),
                              o.cost_fen ? Value(*o.cost_fen) : Value(), Value(o.payer), Value(o.schedule),
                              Int(o.affected_households)}));
    o.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteAttachments(c, deliberation_id, "option", o.id, o.attachments, files));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return o;
  });
}

Result<DeliberationOption> SqlDeliberations::UpdateOption(Id deliberation_id, const DeliberationOption& in,
                                                          const std::vector<DeliberationFile>& files,
                                                          const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("UpdateDeliberationOption");
  LINLI_TRY_STATUS(CheckOption(in));
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationOption> {
    LINLI_TRY(auto h, LoadOpen(c, deliberation_id, scope));
    LINLI_TRY_STATUS(CheckOptionsEditable(h));
    LINLI_TRY(auto r, c.Exec("UPDATE deliberation_options SET title = ?, description = ?, cost_fen = ?, payer = ?, "
                             "schedule = ?, affected_households = ? WHERE id = ? AND deliberation_id = ?",
                             {Value(in.title), Value(in.description), in.cost_fen ? Value(*in.cost_fen) : Value(),
                              Value(in.payer), Value(in.schedule), Int(in.affected_households), Int(in.id),
                              Int(deliberation_id)}));
    if (r.affected == 0) return Error::NotFound("方案不存在");
    LINLI_TRY_STATUS(WriteAttachments(c, deliberation_id, "option", in.id, in.attachments, files));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return in;
  });
}

Status SqlDeliberations::DeleteOption(Id deliberation_id, Id option_id, const std::string& now,
                                      const Scope& scope) {
  metrics::StoreTimer timer("DeleteDeliberationOption");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Status {
    LINLI_TRY(auto h, LoadOpen(c, deliberation_id, scope));
    LINLI_TRY_STATUS(CheckOptionsEditable(h));
    LINLI_TRY_STATUS(WriteAttachments(c, deliberation_id, "option", option_id, {}, {}));
    LINLI_TRY(auto r, c.Exec("DELETE FROM deliberation_options WHERE id = ? AND deliberation_id = ?",
                             {Int(option_id), Int(deliberation_id)}));
    if (r.affected == 0) return Error::NotFound("方案不存在");
    LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET chosen_option_id = NULL WHERE id = ? AND chosen_option_id = ?",
                            {Int(deliberation_id), Int(option_id)}));
    return Touch(c, deliberation_id, now);
  });
}

Result<Meeting> SqlDeliberations::AddMeeting(Id deliberation_id, const Meeting& in, const std::string& now,
                                             const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationMeeting");
  Meeting m = in;
  if (!civil::IsoToUnixSeconds(m.held_at))
    return Error::Invalid("held_at", "invalid_time", "会议时间格式不对，例如 2026-11-29T06:30:00Z");
  if (m.attendees.empty()) return Error::Invalid("attendees", "required", "请登记到会人员");
  for (std::size_t i = 0; i < m.attendees.size(); ++i) {
    const std::string f = "attendees[" + std::to_string(i) + "]";
    if (Blank(m.attendees[i].name)) return Error::Invalid(f + ".name", "required", "请填写到会人员姓名");
    if (!IsMeetingParty(m.attendees[i].party))
      return Error::Invalid(f + ".party", "invalid", "到会人员的身份应为社区两委、居民代表、驻区单位代表、党员代表或其他");
  }
  if (CodePointCount(m.minutes) > 20000) return Error::Invalid("minutes", "too_long", "会议纪要不超过 20000 字");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Meeting> {
    LINLI_TRY_STATUS(LoadOpen(c, deliberation_id, scope));
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_meetings(deliberation_id, held_at, place, minutes, outcome) "
                             "VALUES (?, ?, ?, ?, ?) RETURNING id",
                             {Int(deliberation_id), Value(m.held_at), Value(m.place), Value(m.minutes),
                              Value(m.outcome)}));
    m.id = AsInt(r[0][0]);
    for (std::size_t i = 0; i < m.attendees.size(); ++i)
      LINLI_TRY_STATUS(c.Exec("INSERT INTO deliberation_attendees(meeting_id, position, name, party) VALUES (?, ?, "
                              "?, ?)",
                              {Int(m.id), Int(static_cast<std::int64_t>(i)), Value(m.attendees[i].name),
                               Value(m.attendees[i].party)}));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return m;
  });
}

Result<DeliberationTask> SqlDeliberations::AddTask(Id deliberation_id, const DeliberationTask& in,
                                                   const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationTask");
  DeliberationTask t;
  t.title = std::string(Trim(in.title)), t.owner = std::string(Trim(in.owner)), t.due_date = in.due_date;
  if (t.title.empty()) return Error::Invalid("title", "required", "请填写任务名称");
  if (CodePointCount(t.title) > kTitleMax) return Error::Invalid("title", "too_long", "任务名称不超过 100 字");
  if (!ValidDate(t.due_date)) return Error::Invalid("due_date", "date_format", "完成期限格式应为 YYYY-MM-DD");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationTask> {
    LINLI_TRY_STATUS(LoadOpen(c, deliberation_id, scope));
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_tasks(deliberation_id, title, owner, due_date, status, "
                             "progress) VALUES (?, ?, ?, ?, 'open', 0) RETURNING id",
                             {Int(deliberation_id), Value(t.title), Value(t.owner), Value(t.due_date)}));
    t.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    return t;
  });
}

Result<DeliberationTask> SqlDeliberations::AddTaskUpdate(Id deliberation_id, Id task_id, const TaskUpdate& in,
                                                         const std::string& status,
                                                         const std::vector<DeliberationFile>& files,
                                                         const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("AddDeliberationTaskUpdate");
  TaskUpdate u = in;
  u.text = std::string(Trim(u.text));
  if (u.text.empty()) return Error::Invalid("text", "required", "请填写进展情况");
  if (CodePointCount(u.text) > kTextMax) return Error::Invalid("text", "too_long", "进展情况不超过 2000 字");
  if (u.progress < 0 || u.progress > 100) return Error::Invalid("progress", "range", "进度应在 0 到 100 之间");
  if (!status.empty() && status != "open" && status != "done" && status != "cancelled")
    return Error::Invalid("status", "invalid", "任务状态应为 open、done 或 cancelled");
  if (status == "done") u.progress = 100;
  u.at = now;
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationTask> {
    LINLI_TRY_STATUS(LoadOpen(c, deliberation_id, scope));
    LINLI_TRY(auto rows, c.Exec("SELECT status FROM deliberation_tasks WHERE id = ? AND deliberation_id = ?",
                                {Int(task_id), Int(deliberation_id)}));
    if (rows.empty()) return Error::NotFound("任务不存在");
    const std::string new_status = status.empty() ? AsText(rows[0][0]) : status;
    LINLI_TRY(auto r, c.Exec("INSERT INTO deliberation_task_updates(task_id, at, by_name, text, progress) VALUES "
                             "(?, ?, ?, ?, ?) RETURNING id",
                             {Int(task_id), Value(u.at), Value(u.by), Value(u.text), Int(u.progress)}));
    LINLI_TRY_STATUS(WriteAttachments(c, deliberation_id, "update", AsInt(r[0][0]), u.photos, files));
    LINLI_TRY_STATUS(c.Exec("UPDATE deliberation_tasks SET status = ?, progress = ? WHERE id = ?",
                            {Value(new_status), Int(u.progress), Int(task_id)}));
    LINLI_TRY_STATUS(Touch(c, deliberation_id, now));
    LINLI_TRY(auto rec, LoadRecord(c, deliberation_id, Scope::All()));
    for (auto& t : rec.deliberation.tasks)
      if (t.id == task_id) return t;
    return Error::Internal("任务读取失败");
  });
}

Result<DeliberationRecord> SqlDeliberations::ChangeStep(Id deliberation_id, const StepRequest& request,
                                                        const DeliberationLinks& links, const Scope& scope) {
  metrics::StoreTimer timer("ChangeDeliberationStep");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<DeliberationRecord> {
    LINLI_TRY(auto rec, LoadRecord(c, deliberation_id, scope));
    Deliberation& d = rec.deliberation;
    d.vote_outcome = links.vote_outcome;
    d.notices = links.notices;
    LINLI_TRY(auto ev, linli::ChangeStep(d, request));
    LINLI_TRY_STATUS(c.Exec("UPDATE deliberations SET step = ?, updated_at = ? WHERE id = ?",
                            {Value(ev.to), Value(request.now), Int(deliberation_id)}));
    LINLI_TRY_STATUS(c.Exec("INSERT INTO deliberation_history(deliberation_id, from_step, to_step, kind, actor, "
                            "reason, approved_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {Int(deliberation_id), Value(ev.from), Value(ev.to), Value(ev.kind), Value(ev.actor),
                             Value(ev.reason), Value(ev.approved_by), Value(ev.at)}));
    rec.updated_at = request.now;
    return rec;
  });
}

}  // namespace linli::store
