#include "store/sql_votes.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/metrics.h"

namespace linli::store {

namespace {

Value Int(std::int64_t v) { return Value(v); }
Value Bool(bool b) { return Value(static_cast<std::int64_t>(b ? 1 : 0)); }

std::string OrTerms(const std::vector<std::string>& terms) {
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// "vote `t` is in scope" (empty when unrestricted): staff reach the votes of their communities,
// grid workers those of the communities of their grids, a resident the votes whose frozen
// electorate holds his household.
std::string ScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.community_id IN (SELECT community_id FROM grids WHERE id IN (" +
                    InList(s.grid_ids, p) + "))");
  if (!s.household_ids.empty())
    terms.push_back("t.id IN (SELECT vote_id FROM vote_electorate WHERE household_id IN (" +
                    InList(s.household_ids, p) + "))");
  return OrTerms(terms);
}

// "community `t` is in scope" for writers (staff scopes name communities).
std::string CommunityScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.id IN (SELECT community_id FROM grids WHERE id IN (" + InList(s.grid_ids, p) + "))");
  return OrTerms(terms);
}

Error ConflictField(const std::string& field, const std::string& reason, const std::string& message) {
  Error e = Error::Conflict(message, field);
  e.details.push_back({field, reason, message});
  return e;
}

std::string JoinIds(const std::vector<Id>& ids) {
  std::string s;
  for (Id id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}
std::vector<Id> SplitIds(const std::string& s) {
  std::vector<Id> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t comma = s.find(',', pos);
    std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!part.empty()) out.push_back(std::stoll(part));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::string JoinText(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& part : parts) s += (s.empty() ? "" : ",") + part;
  return s;
}
std::vector<std::string> SplitText(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t comma = s.find(',', pos);
    out.push_back(s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

Status CheckChannels(const std::vector<std::string>& channels) {
  if (channels.empty()) return Error::Invalid("channels", "required", "请至少选择一种投票方式");
  for (const auto& ch : channels)
    if (!IsBallotChannel(ch))
      return Error::Invalid("channels", "invalid", "投票方式只能是 网上投票、纸质票 或 议事厅投票");
  return Ok();
}

constexpr std::string_view kVoteSelect =
    "SELECT t.id, t.community_id, t.deliberation_id, t.title, t.description, t.kind, t.rule_set, t.opens_at, "
    "t.closes_at, t.allow_change, t.secret, t.non_voters_follow_majority, t.electorate_kind, "
    "t.electorate_ids, "
    "t.electorate_label, t.status, t.outcome, t.winner, t.result_source, t.dwellings, t.headcount, "
    "t.total_area, "
    "t.ballots, t.created_by, t.created_at, t.opened_by, t.opened_at, t.closed_by, t.closed_at, "
    "t.published_by, "
    "t.published_at, c.name, t.channels FROM votes t JOIN communities c ON c.id = t.community_id";

VoteRecord ToVote(const std::vector<Value>& r) {
  VoteRecord v;
  v.id = AsInt(r[0]), v.community_id = AsInt(r[1]), v.deliberation_id = AsOptId(r[2]);
  v.title = AsText(r[3]), v.description = AsText(r[4]);
  VoteDefinition& d = v.definition;
  d.kind = ParseVoteKind(AsText(r[5])).value_or(VoteKind::kYesNo);
  d.rule_set = ParseVoteRuleSet(AsText(r[6])).value_or(VoteRuleSet::kCivilCodeOrdinary);
  d.opens_at = AsText(r[7]), d.closes_at = AsText(r[8]);
  d.allow_change = AsInt(r[9]) != 0, d.secret = AsInt(r[10]) != 0,
  d.non_voters_follow_majority = AsInt(r[11]) != 0;
  d.options.clear();
  v.electorate.kind = AsText(r[12]);
  v.electorate.ids = SplitIds(AsText(r[13]));
  v.electorate_label = AsText(r[14]);
  v.status = AsText(r[15]);
  d.closed = v.status == "closed";
  v.outcome = AsText(r[16]), v.winner = AsText(r[17]), v.result_source = AsText(r[18]);
  v.dwellings = AsInt(r[19]), v.headcount = AsInt(r[20]), v.total_area = AsInt(r[21]),
  v.ballots = AsInt(r[22]);
  v.created_by = AsText(r[23]), v.created_at = AsText(r[24]), v.opened_by = AsText(r[25]);
  v.opened_at = AsText(r[26]), v.closed_by = AsText(r[27]), v.closed_at = AsText(r[28]);
  v.published_by = AsText(r[29]), v.published_at = AsText(r[30]);
  v.community_name = AsText(r[31]);
  v.channels.clear();
  for (const std::string& ch : SplitText(AsText(r[32])))
    if (!ch.empty()) v.channels.push_back(ch);
  return v;
}

// Options and custom thresholds of `items`.
Status LoadChildren(Connection& c, std::vector<VoteRecord>& items) {
  if (items.empty()) return Ok();
  std::unordered_map<Id, VoteRecord*> by_id;
  std::vector<Id> ids;
  for (auto& v : items) by_id[v.id] = &v, ids.push_back(v.id);
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT vote_id, code, label, abstain FROM vote_options WHERE vote_id IN (" +
                                    in + ") ORDER BY vote_id, position",
                                p));
    for (auto& r : rows.rows)
      by_id[AsInt(r[0])]->definition.options.push_back({AsText(r[1]), AsText(r[2]), AsInt(r[3]) != 0});
  }
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows,
              c.Exec("SELECT vote_id, measure, basis, over_base, needed_num, needed_den, inclusive FROM "
                     "vote_thresholds WHERE vote_id IN (" +
                         in + ") ORDER BY vote_id, position",
                     p));
    for (auto& r : rows.rows) {
      VoteThreshold t;
      t.measure = ParseVoteMeasure(AsText(r[1])).value_or(VoteMeasure::kApproval);
      t.basis = ParseVoteBasis(AsText(r[2])).value_or(VoteBasis::kDwellings);
      t.over = ParseVoteOver(AsText(r[3])).value_or(VoteOver::kParticipants);
      t.needed = Fraction::Make(AsInt(r[4]), std::max<std::int64_t>(AsInt(r[5]), 1));
      t.inclusive = AsInt(r[6]) != 0;
      by_id[AsInt(r[0])]->definition.custom_thresholds.push_back(t);
    }
  }
  return Ok();
}

Result<VoteRecord> LoadVote(Connection& c, Id id, const Scope& scope) {
  Params p{Value(id)};
  std::string where = Where({"t.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec(std::string(kVoteSelect) + where, p));
  if (rows.empty()) return Error::NotFound("表决不存在");
  std::vector<VoteRecord> items{ToVote(rows[0])};
  LINLI_TRY_STATUS(LoadChildren(c, items));
  return std::move(items[0]);
}

// The selection's places must lie in the vote's community; returns the label of the electorate.
Result<std::string> CheckSelection(Connection& c, const VoteRecord& v) {
  const ElectorateSelection& s = v.electorate;
  if (s.kind != "compound" && s.kind != "buildings" && s.kind != "unit")
    return Error::Invalid("electorate.kind", "enum", "表决范围只能是 整个小区、若干楼栋 或 一个单元");
  if (s.ids.empty()) return Error::Invalid("electorate.ids", "required", "请选择参加表决的小区、楼栋或单元");
  if (s.kind != "buildings" && s.ids.size() != 1)
    return Error::Invalid("electorate.ids", "count", s.kind == "unit" ? "请只选一个单元" : "请只选一个小区");
  std::set<Id> unique(s.ids.begin(), s.ids.end());
  if (unique.size() != s.ids.size()) return Error::Invalid("electorate.ids", "duplicate", "楼栋重复选择");
  if (s.kind == "compound") {
    LINLI_TRY(auto r, c.Exec("SELECT name FROM compounds WHERE id = ? AND community_id = ?",
                             {Value(s.ids[0]), Value(v.community_id)}));
    if (r.empty()) return Error::Invalid("electorate.ids", "not_found", "小区不存在或不属于该社区");
    return AsText(r[0][0]);
  }
  if (s.kind == "unit") {
    LINLI_TRY(auto r,
              c.Exec("SELECT cp.name, b.name, u.name FROM units u JOIN buildings b ON b.id = u.building_id "
                     "JOIN compounds cp ON cp.id = u.compound_id WHERE u.id = ? AND u.community_id = ?",
                     {Value(s.ids[0]), Value(v.community_id)}));
    if (r.empty()) return Error::Invalid("electorate.ids", "not_found", "单元不存在或不属于该社区");
    return AsText(r[0][0]) + " " + AsText(r[0][1]) + " " + AsText(r[0][2]);
  }
  Params p{Value(v.community_id)};
  std::string in = InList(s.ids, p);
  LINLI_TRY(auto r,
            c.Exec("SELECT cp.name, b.name FROM buildings b JOIN compounds cp ON cp.id = b.compound_id "
                   "WHERE b.community_id = ? AND b.id IN (" +
                       in + ") ORDER BY cp.name, b.id",
                   p));
  if (r.rows.size() != s.ids.size())
    return Error::Invalid("electorate.ids", "not_found", "楼栋不存在或不属于该社区");
  std::string label, last_compound;
  for (auto& row : r.rows) {
    std::string compound = AsText(row[0]);
    if (compound != last_compound)
      label += (label.empty() ? "" : "；") + compound + " ";
    else
      label += "、";
    label += AsText(row[1]);
    last_compound = compound;
  }
  return label;
}

// The households of the selection as dwellings, with owners keyed by the keyed hash of their ID
// number (never the clear number), or by their resident id without one.
Result<std::vector<Dwelling>> SelectDwellings(Connection& c, const VoteRecord& v) {
  const ElectorateSelection& s = v.electorate;
  Params p;
  std::string cond;
  if (s.kind == "compound")
    cond = "h.compound_id = ?", p.emplace_back(s.ids[0]);
  else if (s.kind == "unit")
    cond = "h.unit_id = ?", p.emplace_back(s.ids[0]);
  else
    cond = "h.building_id IN (" + InList(s.ids, p) + ")";
  p.emplace_back(v.community_id);
  cond += " AND h.community_id = ?";
  LINLI_TRY(auto rows,
            c.Exec("SELECT h.id, h.unit_id, h.building_id, h.compound_id, h.area_m2, h.developer_unsold, "
                   "cp.name, b.name, u.name, h.door FROM households h JOIN units u ON u.id = h.unit_id "
                   "JOIN buildings b ON b.id = h.building_id JOIN compounds cp ON cp.id = h.compound_id "
                   "WHERE " +
                       cond + " ORDER BY h.compound_id, h.building_id, h.unit_id, h.id",
                   p));
  std::vector<Dwelling> out;
  std::unordered_map<Id, std::size_t> index;
  for (auto& r : rows.rows) {
    Dwelling d;
    d.household_id = AsInt(r[0]), d.unit_id = AsInt(r[1]), d.building_id = AsInt(r[2]),
    d.compound_id = AsInt(r[3]);
    d.label = AsText(r[6]) + " " + AsText(r[7]) + " " + AsText(r[8]) + " " + AsText(r[9]);
    d.area_centiares = AreaCentiaresFromM2(AsReal(r[4]));
    if (d.area_centiares <= 0)
      return Error::Invalid("area_m2", "area_range",
                            "房屋没有登记面积，不能参加按面积计算的表决：" + d.label);
    d.developer_unsold = AsInt(r[5]) != 0;
    index[d.household_id] = out.size();
    out.push_back(std::move(d));
  }
  if (out.empty()) return Error::Invalid("dwellings", "required", "所选范围内没有登记的房屋");
  LINLI_TRY(auto owners,
            c.Exec("SELECT r.household_id, r.id, r.id_number_hash FROM residents r JOIN households h ON "
                   "h.id = r.household_id WHERE r.is_owner = 1 AND " +
                       cond + " ORDER BY r.household_id, r.id",
                   p));
  // Owners who live elsewhere (household_owners): the same key as in their own household, so an
  // owner of several dwellings is one headcount voter.
  LINLI_TRY(auto elsewhere,
            c.Exec("SELECT o.household_id, r.id, r.id_number_hash FROM household_owners o JOIN residents r ON "
                   "r.id = o.resident_id JOIN households h ON h.id = o.household_id WHERE " +
                       cond + " ORDER BY o.household_id, r.id",
                   p));
  for (const auto* rows : {&owners, &elsewhere}) {
    for (auto& r : rows->rows) {
      auto it = index.find(AsInt(r[0]));
      if (it == index.end()) continue;
      std::string hash = AsText(r[2]);
      out[it->second].owner_keys.push_back(hash.empty() ? "resident:" + std::to_string(AsInt(r[1]))
                                                        : "idh:" + hash);
    }
  }
  return out;
}

// The owner behind a resident record: his household when he owns it, then the households linked
// to him in household_owners.
Result<OwnerRecord> LoadOwner(Connection& c, Id resident_id) {
  LINLI_TRY(auto r, c.Exec("SELECT id, household_id, name, is_owner FROM residents WHERE id = ?",
                           {Value(resident_id)}));
  if (r.empty()) return Error::NotFound("居民不存在");
  OwnerRecord o;
  o.resident_id = AsInt(r[0][0]), o.household_id = AsInt(r[0][1]), o.name = AsText(r[0][2]);
  o.is_owner = AsInt(r[0][3]) != 0;
  if (o.is_owner) o.households.push_back(o.household_id);
  LINLI_TRY(auto rows, c.Exec("SELECT o.household_id FROM household_owners o JOIN households h ON h.id = "
                              "o.household_id WHERE o.resident_id = ? ORDER BY o.household_id",
                              {Value(resident_id)}));
  for (auto& row : rows.rows) {
    const Id h = AsInt(row[0]);
    if (h != o.household_id) o.households.push_back(h);
  }
  return o;
}

// The frozen electorate: the snapshot rows with their stored headcount voter (no need to resolve
// owners again: the snapshot holds the voter index BuildElectorate gave at opening).
Result<Electorate> LoadElectorate(Connection& c, Id vote_id) {
  LINLI_TRY(auto rows,
            c.Exec("SELECT household_id, compound_id, building_id, unit_id, label, area_centiares, voter, "
                   "developer_unsold FROM vote_electorate WHERE vote_id = ? ORDER BY position",
                   {Value(vote_id)}));
  Electorate e;
  if (rows.empty()) return e;
  const std::size_t n = rows.rows.size();
  e.dwellings.reserve(n);
  e.voter_of.reserve(n);
  e.index_of.reserve(n * 2);
  for (auto& r : rows.rows) {
    Dwelling d;
    d.household_id = AsInt(r[0]), d.compound_id = AsInt(r[1]), d.building_id = AsInt(r[2]),
    d.unit_id = AsInt(r[3]);
    d.label = AsText(r[4]), d.area_centiares = AsInt(r[5]);
    d.developer_unsold = AsInt(r[7]) != 0;
    const auto voter = static_cast<std::int32_t>(AsInt(r[6]));
    if (voter < 0 || !e.index_of.emplace(d.household_id, static_cast<std::int32_t>(e.dwellings.size())).second)
      return Error::Internal("vote electorate snapshot is inconsistent");
    e.headcount = std::max(e.headcount, voter + 1);
    e.total_area += d.area_centiares;
    e.voter_of.push_back(voter);
    e.dwellings.push_back(std::move(d));
  }
  return e;
}

constexpr std::string_view kBallotSelect =
    "SELECT b.id, b.vote_id, b.household_id, b.choice, b.channel, b.cast_at, b.entered_by, b.entered_at, "
    "b.attachment, b.voter_name, b.is_current, b.replaced_by, e.label FROM vote_ballots b LEFT JOIN "
    "vote_electorate e "
    "ON e.vote_id = b.vote_id AND e.household_id = b.household_id";

StoredBallot ToBallot(const std::vector<Value>& r) {
  StoredBallot s;
  s.id = AsInt(r[0]), s.vote_id = AsInt(r[1]);
  s.ballot.household_id = AsInt(r[2]), s.ballot.choice = AsText(r[3]), s.ballot.channel = AsText(r[4]);
  s.ballot.cast_at = AsText(r[5]), s.ballot.entered_by = AsText(r[6]);
  s.entered_at = AsText(r[7]);
  s.ballot.attachment = AsText(r[8]), s.ballot.voter_name = AsText(r[9]);
  s.current = AsInt(r[10]) != 0, s.replaced_by = AsOptId(r[11]);
  s.label = AsText(r[12]);
  return s;
}

// The counting ballots of a vote (what the tally needs: no labels, no join).
Result<std::vector<Ballot>> CurrentBallots(Connection& c, Id vote_id) {
  LINLI_TRY(auto rows, c.Exec("SELECT household_id, choice, channel, cast_at, voter_name FROM vote_ballots "
                              "WHERE vote_id = ? AND is_current = 1 ORDER BY id",
                              {Value(vote_id)}));
  std::vector<Ballot> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) {
    Ballot b;
    b.household_id = AsInt(r[0]), b.choice = AsText(r[1]), b.channel = AsText(r[2]);
    b.cast_at = AsText(r[3]), b.voter_name = AsText(r[4]);
    out.push_back(std::move(b));
  }
  return out;
}

Status RequireOpen(const VoteRecord& v) {
  if (v.status == "draft")
    return ConflictField("status", "not_open", "表决还没有开始（草稿），不能投票或计票");
  return Ok();
}

// Checks and records one ballot of an open vote (the caller holds the write transaction).
Result<StoredBallot> RecordBallot(Connection& c, const VoteRecord& v, const Electorate& e, const Ballot& in,
                                  const std::string& now) {
  LINLI_TRY_STATUS(RequireOpen(v));
  if (IsBallotChannel(in.channel) &&
      std::find(v.channels.begin(), v.channels.end(), in.channel) == v.channels.end())
    return Error::Invalid("channel", "not_allowed", "本次表决不接受这种投票方式");
  LINLI_TRY(auto existing_rows, c.Exec(std::string(kBallotSelect) +
                                           " WHERE b.vote_id = ? AND b.household_id = ? AND b.is_current = 1",
                                       {Value(v.id), Value(in.household_id)}));
  std::optional<StoredBallot> existing;
  if (!existing_rows.empty()) existing = ToBallot(existing_rows[0]);
  LINLI_TRY(bool replaces, CheckBallot(v.definition, e, existing ? &existing->ballot : nullptr, in, now));
  if (replaces && existing)
    LINLI_TRY_STATUS(c.Exec("UPDATE vote_ballots SET is_current = 0 WHERE id = ?", {Value(existing->id)}));
  LINLI_TRY(
      auto r,
      c.Exec("INSERT INTO vote_ballots(vote_id, household_id, choice, channel, cast_at, entered_by, "
             "entered_at, attachment, voter_name, is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
             "RETURNING id",
             {Value(v.id), Value(in.household_id), Value(in.choice), Value(in.channel), Value(in.cast_at),
              Value(in.entered_by), Value(now), Value(in.attachment), Value(in.voter_name)}));
  StoredBallot out;
  out.id = AsInt(r[0][0]);
  out.vote_id = v.id;
  out.ballot = in;
  out.entered_at = now;
  const std::int32_t idx = e.Find(in.household_id);
  if (idx >= 0) out.label = e.dwellings[idx].label;
  if (replaces && existing) {
    LINLI_TRY_STATUS(
        c.Exec("UPDATE vote_ballots SET replaced_by = ? WHERE id = ?", {Value(out.id), Value(existing->id)}));
  } else {
    LINLI_TRY_STATUS(c.Exec("UPDATE votes SET ballots = ballots + 1 WHERE id = ?", {Value(v.id)}));
  }
  return out;
}

Status WriteChildren(Connection& c, const VoteRecord& v) {
  std::int64_t pos = 0;
  for (const auto& o : v.definition.options)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO vote_options(vote_id, position, code, label, abstain) VALUES (?, ?, ?, ?, ?)",
               {Value(v.id), Int(pos++), Value(o.code), Value(o.label), Bool(o.abstain)}));
  if (v.definition.rule_set != VoteRuleSet::kCustom) return Ok();
  pos = 0;
  for (const auto& t : v.definition.custom_thresholds)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO vote_thresholds(vote_id, position, measure, basis, over_base, needed_num, "
               "needed_den, inclusive) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {Value(v.id), Int(pos++), Value(std::string(VoteMeasureCode(t.measure))),
                Value(std::string(VoteBasisCode(t.basis))), Value(std::string(VoteOverCode(t.over))),
                Int(t.needed.num), Int(t.needed.den), Bool(t.inclusive)}));
  return Ok();
}

}  // namespace

// ---------------------------------------------------------------- votes

Result<VoteRecord> SqlVotes::CreateVote(const VoteRecord& in, const Scope& scope) {
  metrics::StoreTimer timer("CreateVote");
  LINLI_TRY_STATUS(ValidateVoteDefinition(in.definition));
  LINLI_TRY_STATUS(CheckChannels(in.channels));
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<VoteRecord> {
    VoteRecord v = in;
    {
      Params p{Value(v.community_id)};
      const std::string where = Where({"t.id = ?", CommunityScopeSql(scope, p)});
      LINLI_TRY(auto rows, c.Exec("SELECT t.id FROM communities t" + where, p));
      if (rows.empty()) return Error::Invalid("community_id", "not_found", "社区不存在");
    }
    if (v.deliberation_id) {  // the deliberation this vote decides: one of the same community
      LINLI_TRY(auto d, c.Exec("SELECT id FROM deliberations WHERE id = ? AND community_id = ?",
                               {Value(*v.deliberation_id), Value(v.community_id)}));
      if (d.empty()) return Error::Invalid("deliberation_id", "not_found", "议事不存在或不属于该社区");
    }
    LINLI_TRY(v.electorate_label, CheckSelection(c, v));
    v.status = "draft";
    v.outcome.clear(), v.winner.clear(), v.result_source.clear();
    v.dwellings = v.headcount = v.ballots = v.total_area = 0;
    v.definition.closed = false;
    const VoteDefinition& d = v.definition;
    LINLI_TRY(
        auto r,
        c.Exec(
            "INSERT INTO votes(community_id, deliberation_id, title, description, kind, rule_set, opens_at, "
            "closes_at, allow_change, secret, non_voters_follow_majority, electorate_kind, electorate_ids, "
            "electorate_label, status, created_by, created_at, channels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, "
            "?, ?, 'draft', ?, ?, ?) RETURNING id",
            {Value(v.community_id), Nullable(v.deliberation_id), Value(v.title), Value(v.description),
             Value(std::string(VoteKindCode(d.kind))), Value(std::string(VoteRuleSetCode(d.rule_set))),
             Value(d.opens_at), Value(d.closes_at), Bool(d.allow_change), Bool(d.secret),
             Bool(d.non_voters_follow_majority), Value(v.electorate.kind), Value(JoinIds(v.electorate.ids)),
             Value(v.electorate_label), Value(v.created_by), Value(v.created_at),
             Value(JoinText(v.channels))}));
    v.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteChildren(c, v));
    return LoadVote(c, v.id, Scope::All());
  });
}

Result<VoteRecord> SqlVotes::OpenVote(Id id, const std::string& by, const std::string& now,
                                      const Scope& scope) {
  metrics::StoreTimer timer("OpenVote");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<VoteRecord> {
    LINLI_TRY(auto v, LoadVote(c, id, scope));
    if (v.status != "draft") return ConflictField("status", "not_draft", "表决已经开始，不能再次开始");
    LINLI_TRY(auto dwellings, SelectDwellings(c, v));
    LINLI_TRY(auto electorate, BuildElectorate(std::move(dwellings)));
    const std::vector<Dwelling> snapshot = SnapshotDwellings(electorate);
    const std::vector<std::string> columns = {
        "vote_id", "position", "household_id",   "compound_id", "building_id",
        "unit_id", "label",    "area_centiares", "voter",       "developer_unsold"};
    LINLI_TRY_STATUS(c.BulkInsert("vote_electorate", columns, snapshot.size(),
                                  [&](std::size_t i, std::vector<Value>& row) {
                                    const Dwelling& d = snapshot[i];
                                    row = {Value(id),
                                           Int(static_cast<std::int64_t>(i)),
                                           Value(d.household_id),
                                           Value(d.compound_id),
                                           Value(d.building_id),
                                           Value(d.unit_id),
                                           Value(d.label),
                                           Int(d.area_centiares),
                                           Int(electorate.voter_of[i]),
                                           Bool(d.developer_unsold)};
                                  }));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE votes SET status = 'open', opened_by = ?, opened_at = ?, dwellings = ?, "
               "headcount = ?, total_area = ? WHERE id = ? AND status = 'draft'",
               {Value(by), Value(now), Int(static_cast<std::int64_t>(snapshot.size())),
                Int(electorate.headcount), Int(electorate.total_area), Value(id)}));
    return LoadVote(c, id, Scope::All());
  });
}

Result<VoteRecord> SqlVotes::GetVote(Id id, const Scope& scope) {
  metrics::StoreTimer timer("GetVote");
  return ReadOn(pool_, [&](Connection& c) { return LoadVote(c, id, scope); });
}

Result<Page<VoteRecord>> SqlVotes::ListVotes(const VoteFilter& f, const Scope& scope, PageRequest page) {
  metrics::StoreTimer timer("ListVotes");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<VoteRecord>> {
    Params p;
    std::vector<std::string> conds;
    conds.push_back(ScopeSql(scope, p));
    if (f.community_id) {
      conds.push_back("t.community_id = ?");
      p.emplace_back(*f.community_id);
    }
    if (f.deliberation_id) {
      conds.push_back("t.deliberation_id = ?");
      p.emplace_back(*f.deliberation_id);
    }
    if (!f.status.empty()) {
      if (f.status != "draft" && f.status != "open" && f.status != "closed")
        return Error::Invalid("status", "enum", "表决状态只能是 draft、open 或 closed");
      conds.push_back("t.status = ?");
      p.emplace_back(f.status);
    }
    if (!f.household_ids.empty())
      conds.push_back("t.id IN (SELECT vote_id FROM vote_electorate WHERE household_id IN (" +
                      InList(f.household_ids, p) + "))");
    if (!f.q.empty()) {
      conds.push_back(std::string(c.InstrFunction()) + "(t.title, ?) > 0");
      p.emplace_back(f.q);
    }
    const std::string where = Where(conds);
    Page<VoteRecord> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM votes t" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows,
              c.Exec(std::string(kVoteSelect) + where + " ORDER BY t.id DESC LIMIT ? OFFSET ?", p));
    for (auto& r : rows.rows) out.items.push_back(ToVote(r));
    LINLI_TRY_STATUS(LoadChildren(c, out.items));
    return out;
  });
}

Result<Electorate> SqlVotes::GetElectorate(Id vote_id, const Scope& scope) {
  metrics::StoreTimer timer("GetVoteElectorate");
  return ReadOn(pool_, [&](Connection& c) -> Result<Electorate> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    return LoadElectorate(c, v.id);
  });
}

Result<StoredBallot> SqlVotes::CastBallot(Id vote_id, const Ballot& ballot, const std::string& now,
                                          const Scope& scope) {
  metrics::StoreTimer timer("CastBallot");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<StoredBallot> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    return RecordBallot(c, v, e, ballot, now);
  });
}

Result<std::vector<StoredBallot>> SqlVotes::CastForOwner(Id vote_id, const Ballot& ballot,
                                                         const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("CastForOwner");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<std::vector<StoredBallot>> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    std::vector<Id> households = DwellingsOfSameVoter(e, ballot.household_id);
    if (households.empty()) households = {ballot.household_id};  // CheckBallot names the error
    std::vector<StoredBallot> out;
    for (Id h : households) {
      Ballot b = ballot;
      b.household_id = h;
      LINLI_TRY(auto stored, RecordBallot(c, v, e, b, now));
      out.push_back(std::move(stored));
    }
    return out;
  });
}

Result<OwnerRecord> SqlVotes::FindOwner(Id resident_id) {
  metrics::StoreTimer timer("FindVoteOwner");
  return ReadOn(pool_, [&](Connection& c) { return LoadOwner(c, resident_id); });
}

Result<OwnerRecord> SqlVotes::AddOwnedHousehold(Id resident_id, Id household_id, const std::string& by,
                                                const std::string& now) {
  metrics::StoreTimer timer("AddOwnedHousehold");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<OwnerRecord> {
    auto owner = LoadOwner(c, resident_id);
    if (!owner.ok()) return Error::Invalid("resident_id", "not_found", "居民不存在");
    LINLI_TRY(auto h, c.Exec("SELECT id FROM households WHERE id = ?", {Value(household_id)}));
    if (h.empty()) return Error::Invalid("household_id", "not_found", "住户不存在");
    if (household_id == owner->household_id)
      return Error::Invalid("household_id", "own_household",
                            "这是该居民居住的住户，请在居民信息里标为产权人");
    LINLI_TRY(auto has, c.Exec("SELECT 1 FROM household_owners WHERE household_id = ? AND resident_id = ?",
                               {Value(household_id), Value(resident_id)}));
    if (has.empty())
      LINLI_TRY_STATUS(c.Exec("INSERT INTO household_owners(household_id, resident_id, created_by, created_at) "
                              "VALUES (?, ?, ?, ?)",
                              {Value(household_id), Value(resident_id), Value(by), Value(now)}));
    return LoadOwner(c, resident_id);
  });
}

Result<OwnerRecord> SqlVotes::RemoveOwnedHousehold(Id resident_id, Id household_id) {
  metrics::StoreTimer timer("RemoveOwnedHousehold");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<OwnerRecord> {
    auto owner = LoadOwner(c, resident_id);
    if (!owner.ok()) return Error::Invalid("resident_id", "not_found", "居民不存在");
    LINLI_TRY_STATUS(c.Exec("DELETE FROM household_owners WHERE household_id = ? AND resident_id = ?",
                            {Value(household_id), Value(resident_id)}));
    return LoadOwner(c, resident_id);
  });
}

Result<OwnerBallots> SqlVotes::CastForResident(Id vote_id, Id resident_id, const Ballot& ballot,
                                               const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("CastForResident");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<OwnerBallots> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    LINLI_TRY(auto owner, LoadOwner(c, resident_id));
    if (owner.households.empty()) {
      Error e{ErrorCode::kPermissionDenied, "只有房屋的产权人（业主）本人可以网上投票", "resident_id", {}};
      e.details.push_back({"resident_id", "not_owner", e.message});
      return e;
    }
    const auto& mine = owner.households;
    if (ballot.household_id != 0 && std::find(mine.begin(), mine.end(), ballot.household_id) == mine.end())
      return Error::Invalid("household_id", "not_owner", "该房屋不在您名下");
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    // His dwellings in the electorate, the one named first.
    std::vector<Id> targets;
    if (ballot.household_id != 0) targets.push_back(ballot.household_id);
    for (Id h : mine)
      if (h != ballot.household_id && e.Find(h) >= 0) targets.push_back(h);
    if (targets.empty() || e.Find(targets.front()) < 0) {
      // CheckBallot names the error (not_in_electorate) for the first of his dwellings.
      Ballot b = ballot;
      b.household_id = targets.empty() ? mine.front() : targets.front();
      LINLI_TRY_STATUS(CheckBallot(v.definition, e, nullptr, b, now));
      return Error::Invalid("household_id", "not_in_electorate", "该房屋不在本次表决范围内");
    }
    OwnerBallots out;
    std::optional<Error> first_refusal;
    for (Id h : targets) {
      Ballot b = ballot;
      b.household_id = h;
      b.voter_name = owner.name;
      if (!v.definition.allow_change) {
        LINLI_TRY(auto has, c.Exec("SELECT 1 FROM vote_ballots WHERE vote_id = ? AND household_id = ? AND "
                                   "is_current = 1",
                                   {Value(v.id), Value(h)}));
        if (!has.empty()) {
          auto refused = RecordBallot(c, v, e, b, now);  // names the dwelling: already_voted
          if (refused.ok()) return Error::Internal("a second ballot was accepted");
          const auto& d = refused.error().details;
          if (d.empty() || d[0].reason != "already_voted") return refused.error();
          if (!first_refusal) first_refusal = refused.error();
          out.skipped.push_back(e.dwellings[e.Find(h)].label);
          continue;
        }
      }
      LINLI_TRY(auto stored, RecordBallot(c, v, e, b, now));
      out.ballots.push_back(std::move(stored));
    }
    if (out.ballots.empty() && first_refusal) return *first_refusal;
    return out;
  });
}

Result<Page<StoredBallot>> SqlVotes::ListBallots(Id vote_id, bool history, const Scope& scope,
                                                 PageRequest page) {
  metrics::StoreTimer timer("ListBallots");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<StoredBallot>> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    std::string where = history ? " WHERE b.vote_id = ?" : " WHERE b.vote_id = ? AND b.is_current = 1";
    Page<StoredBallot> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM vote_ballots b" + where, {Value(v.id)}));
    out.total = AsInt(n[0][0]);
    LINLI_TRY(auto rows,
              c.Exec(std::string(kBallotSelect) + where + " ORDER BY e.position, b.id LIMIT ? OFFSET ?",
                     {Value(v.id), Int(std::max<std::int64_t>(page.limit, 0)),
                      Int(std::max<std::int64_t>(page.offset, 0))}));
    for (auto& r : rows.rows) out.items.push_back(ToBallot(r));
    return out;
  });
}

Result<VoteTally> SqlVotes::Tally(Id vote_id, const Scope& scope) {
  metrics::StoreTimer timer("TallyVote");
  return ReadOn(pool_, [&](Connection& c) -> Result<VoteTally> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    LINLI_TRY(auto ballots, CurrentBallots(c, v.id));
    return TallyVote(v.definition, e, ballots);
  });
}

Result<VoteRecord> SqlVotes::CloseVote(Id vote_id, const std::string& by, const std::string& now,
                                       const Scope& scope) {
  metrics::StoreTimer timer("CloseVote");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<VoteRecord> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    if (v.status == "closed") return ConflictField("status", "closed", "表决已经结束计票");
    if (now < v.definition.closes_at && v.ballots < v.dwellings)
      return ConflictField("closes_at", "period_not_over",
                           "表决期还没有结束，还有房屋没有投票，不能提前结束");
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    LINLI_TRY(auto ballots, CurrentBallots(c, v.id));
    LINLI_TRY(auto tally, TallyVote(v.definition, e, ballots));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE votes SET status = 'closed', closed_by = ?, closed_at = ?, outcome = ?, winner = ? "
               "WHERE id = ? AND status = 'open'",
               {Value(by), Value(now), Value(tally.outcome), Value(tally.winner), Value(v.id)}));
    return LoadVote(c, v.id, Scope::All());
  });
}

Result<VoteRecord> SqlVotes::PublishResult(Id vote_id, const std::string& by, const std::string& now,
                                           const Scope& scope) {
  metrics::StoreTimer timer("PublishVoteResult");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<VoteRecord> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    if (v.status != "closed") return ConflictField("status", "not_closed", "表决结束计票后才能公布结果");
    if (!v.published_at.empty()) return ConflictField("status", "published", "结果已经公布");
    LINLI_TRY_STATUS(
        c.Exec("UPDATE votes SET published_by = ?, published_at = ? WHERE id = ? AND published_at = ''",
               {Value(by), Value(now), Value(v.id)}));
    return LoadVote(c, v.id, Scope::All());
  });
}

Result<VoteRecord> SqlVotes::ImportOfficialResult(Id vote_id, const std::vector<Ballot>& ballots,
                                                  const std::string& source, const std::string& by,
                                                  const std::string& now, const Scope& scope) {
  metrics::StoreTimer timer("ImportOfficialVoteResult");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<VoteRecord> {
    LINLI_TRY(auto v, LoadVote(c, vote_id, scope));
    LINLI_TRY_STATUS(RequireOpen(v));
    if (!v.published_at.empty()) return ConflictField("status", "published", "结果已经公布，不能再导入");
    LINLI_TRY(auto e, LoadElectorate(c, v.id));
    Error problems = Error::Invalid("rows", "invalid", "导入的结果有错误");
    problems.details.clear();
    std::set<Id> seen;
    for (std::size_t i = 0; i < ballots.size(); ++i) {
      const Ballot& b = ballots[i];
      const std::string row = "rows[" + std::to_string(i) + "]";
      if (e.Find(b.household_id) < 0)
        problems.details.push_back(
            {row + ".household_id", "not_in_electorate",
             "房屋不在本次表决范围内（房屋编号 " + std::to_string(b.household_id) + "）"});
      else if (!seen.insert(b.household_id).second)
        problems.details.push_back({row + ".household_id", "duplicate",
                                    "房屋重复出现（房屋编号 " + std::to_string(b.household_id) + "）"});
      bool known = std::any_of(v.definition.options.begin(), v.definition.options.end(),
                               [&](const VoteOption& o) { return o.code == b.choice; });
      if (!known)
        problems.details.push_back(
            {row + ".choice", "unknown_option", "表决意见不是本次表决的选项：" + b.choice});
    }
    if (!problems.details.empty()) {
      problems.field = problems.details[0].field;
      problems.message = problems.details[0].message;
      return problems;
    }
    LINLI_TRY_STATUS(
        c.Exec("UPDATE vote_ballots SET is_current = 0 WHERE vote_id = ? AND is_current = 1", {Value(v.id)}));
    std::vector<Ballot> recorded;
    for (const Ballot& in : ballots) {
      Ballot b = in;
      b.channel = "official";
      b.attachment = source;
      b.entered_by = by;
      if (b.cast_at.empty()) b.cast_at = now;
      LINLI_TRY_STATUS(
          c.Exec("INSERT INTO vote_ballots(vote_id, household_id, choice, channel, cast_at, entered_by, "
                 "entered_at, attachment, voter_name, is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                 {Value(v.id), Value(b.household_id), Value(b.choice), Value(b.channel), Value(b.cast_at),
                  Value(b.entered_by), Value(now), Value(b.attachment), Value(b.voter_name)}));
      recorded.push_back(std::move(b));
    }
    LINLI_TRY(auto tally, TallyVote(v.definition, e, recorded));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE votes SET status = 'closed', result_source = 'official', ballots = ?, outcome = ?, "
               "winner = ?, closed_by = CASE WHEN closed_by = '' THEN ? ELSE closed_by END, "
               "closed_at = CASE WHEN closed_at = '' THEN ? ELSE closed_at END WHERE id = ?",
               {Int(static_cast<std::int64_t>(recorded.size())), Value(tally.outcome), Value(tally.winner),
                Value(by), Value(now), Value(v.id)}));
    return LoadVote(c, v.id, Scope::All());
  });
}

}  // namespace linli::store
