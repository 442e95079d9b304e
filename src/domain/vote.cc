#include "domain/vote.h"
#include "domain/civil_date.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "domain/validation.h"

namespace linli {
namespace {

Error InvalidField(std::string field, std::string reason, std::string message) {
  return Error::Invalid(std::move(field), std::move(reason), std::move(message));
}
Error ConflictField(std::string field, std::string reason, std::string message) {
  Error e = InvalidField(std::move(field), std::move(reason), std::move(message));
  e.code = ErrorCode::kConflict;
  return e;
}

using civil::DaysFromCivil;

// "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]" (no zone = UTC; a space may replace the T) -> Unix seconds.
std::optional<std::int64_t> IsoSeconds(std::string_view s) { return civil::IsoToUnixSeconds(s); }

std::string BasisNameZh(VoteBasis b) {
  switch (b) {
    case VoteBasis::kArea:
      return "专有部分面积";
    case VoteBasis::kHeadcount:
      return "业主人数";
    case VoteBasis::kDwellings:
      return "户数";
  }
  return "";
}

}  // namespace

// ------------------------------------------------------------------ fractions
Fraction Fraction::Make(std::int64_t num, std::int64_t den) {
  const std::int64_t g = std::gcd(num, den);
  if (g <= 1) return {num, den};
  return {num / g, den / g};
}

std::string Fraction::ToString() const { return std::to_string(num) + "/" + std::to_string(den); }

int CompareFractions(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  const __int128 l = static_cast<__int128>(a) * d;
  const __int128 r = static_cast<__int128>(c) * b;
  return l < r ? -1 : (l > r ? 1 : 0);
}

bool MeetsThreshold(std::int64_t reached_num, std::int64_t reached_den, const Fraction& needed,
                    bool inclusive) {
  if (reached_den <= 0) return false;
  const int cmp = CompareFractions(reached_num, reached_den, needed.num, needed.den);
  return inclusive ? cmp >= 0 : cmp > 0;
}

// ------------------------------------------------------------------ areas
Result<std::int64_t> ParseAreaCentiares(std::string_view text, std::string_view field) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  const auto bad = [&] {
    return InvalidField(std::string(field), "area_format",
                        "面积格式不对：应为平方米数，最多两位小数，例如 89.50");
  };
  if (s.empty()) return bad();
  std::int64_t whole = 0, frac = 0;
  std::size_t i = 0, int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++int_digits) {
    if (int_digits >= 7)
      return InvalidField(std::string(field), "area_range", "面积应大于 0 且小于 100000 平方米");
    whole = whole * 10 + (s[i] - '0');
  }
  if (int_digits == 0) return bad();
  if (i < s.size()) {
    if (s[i] != '.') return bad();
    ++i;
    std::size_t frac_digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits >= 2) return bad();
      frac = frac * 10 + (s[i] - '0');
    }
    if (i != s.size() || frac_digits == 0) return bad();
    if (frac_digits == 1) frac *= 10;
  }
  const std::int64_t c = whole * 100 + frac;
  if (c <= 0 || c >= 100000LL * 100) {
    return InvalidField(std::string(field), "area_range", "面积应大于 0 且小于 100000 平方米");
  }
  return c;
}

std::int64_t AreaCentiaresFromM2(double m2) { return static_cast<std::int64_t>(std::llround(m2 * 100.0)); }

std::string FormatCentiares(std::int64_t c) {
  const bool neg = c < 0;
  if (neg) c = -c;
  std::string frac = std::to_string(c % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return (neg ? "-" : "") + std::to_string(c / 100) + "." + frac;
}

// ------------------------------------------------------------------ codes
std::string_view VoteBasisCode(VoteBasis b) {
  switch (b) {
    case VoteBasis::kArea:
      return "area";
    case VoteBasis::kHeadcount:
      return "headcount";
    case VoteBasis::kDwellings:
      return "dwellings";
  }
  return "";
}
std::string_view VoteMeasureCode(VoteMeasure m) {
  return m == VoteMeasure::kParticipation ? "participation" : "approval";
}
std::string_view VoteOverCode(VoteOver o) {
  return o == VoteOver::kElectorate ? "electorate" : "participants";
}
std::optional<VoteBasis> ParseVoteBasis(std::string_view c) {
  for (auto b : {VoteBasis::kArea, VoteBasis::kHeadcount, VoteBasis::kDwellings})
    if (VoteBasisCode(b) == c) return b;
  return std::nullopt;
}
std::optional<VoteMeasure> ParseVoteMeasure(std::string_view c) {
  for (auto m : {VoteMeasure::kParticipation, VoteMeasure::kApproval})
    if (VoteMeasureCode(m) == c) return m;
  return std::nullopt;
}
std::optional<VoteOver> ParseVoteOver(std::string_view c) {
  for (auto o : {VoteOver::kElectorate, VoteOver::kParticipants})
    if (VoteOverCode(o) == c) return o;
  return std::nullopt;
}

std::string VoteThreshold::Code() const {
  return std::string(VoteMeasureCode(measure)) + "_" + std::string(VoteBasisCode(basis));
}

std::string VoteThreshold::DescribeZh() const {
  std::string s = measure == VoteMeasure::kParticipation ? "参与表决的" : "同意的";
  s += BasisNameZh(basis);
  s += over == VoteOver::kElectorate ? "占全体的" : "占参与表决的";
  s += inclusive ? "比例 ≥ " : "比例 > ";
  s += needed.ToString();
  return s;
}

std::string_view VoteRuleSetCode(VoteRuleSet r) {
  switch (r) {
    case VoteRuleSet::kCivilCodeMajor:
      return "civil_code_major";
    case VoteRuleSet::kCivilCodeOrdinary:
      return "civil_code_ordinary";
    case VoteRuleSet::kTwoThirdsHouseholds:
      return "two_thirds_households";
    case VoteRuleSet::kResidentsMeeting:
      return "residents_meeting";
    case VoteRuleSet::kSimpleMajority:
      return "simple_majority";
    case VoteRuleSet::kCustom:
      return "custom";
  }
  return "";
}

std::string_view VoteRuleSetNameZh(VoteRuleSet r) {
  switch (r) {
    case VoteRuleSet::kCivilCodeMajor:
      return "民法典第二百七十八条 重大事项（双三分之二参与、双四分之三同意）";
    case VoteRuleSet::kCivilCodeOrdinary:
      return "民法典第二百七十八条 一般事项（双三分之二参与、双过半数同意）";
    case VoteRuleSet::kTwoThirdsHouseholds:
      return "三分之二以上住户同意";
    case VoteRuleSet::kResidentsMeeting:
      return "居民会议（过半数到会、到会过半数通过）";
    case VoteRuleSet::kSimpleMajority:
      return "简单多数（投票户过半数同意）";
    case VoteRuleSet::kCustom:
      return "自定义规则";
  }
  return "";
}

std::optional<VoteRuleSet> ParseVoteRuleSet(std::string_view code) {
  for (auto r :
       {VoteRuleSet::kCivilCodeMajor, VoteRuleSet::kCivilCodeOrdinary, VoteRuleSet::kTwoThirdsHouseholds,
        VoteRuleSet::kResidentsMeeting, VoteRuleSet::kSimpleMajority, VoteRuleSet::kCustom}) {
    if (VoteRuleSetCode(r) == code) return r;
  }
  return std::nullopt;
}

std::vector<VoteThreshold> RuleSetThresholds(VoteRuleSet r) {
  using M = VoteMeasure;
  using B = VoteBasis;
  using O = VoteOver;
  const Fraction two_thirds{2, 3}, three_quarters{3, 4}, half{1, 2};
  switch (r) {
    case VoteRuleSet::kCivilCodeMajor:
      return {{M::kParticipation, B::kArea, O::kElectorate, two_thirds, true},
              {M::kParticipation, B::kHeadcount, O::kElectorate, two_thirds, true},
              {M::kApproval, B::kArea, O::kParticipants, three_quarters, true},
              {M::kApproval, B::kHeadcount, O::kParticipants, three_quarters, true}};
    case VoteRuleSet::kCivilCodeOrdinary:
      return {{M::kParticipation, B::kArea, O::kElectorate, two_thirds, true},
              {M::kParticipation, B::kHeadcount, O::kElectorate, two_thirds, true},
              {M::kApproval, B::kArea, O::kParticipants, half, false},
              {M::kApproval, B::kHeadcount, O::kParticipants, half, false}};
    case VoteRuleSet::kTwoThirdsHouseholds:
      return {{M::kApproval, B::kDwellings, O::kElectorate, two_thirds, true}};
    case VoteRuleSet::kResidentsMeeting:
      return {{M::kParticipation, B::kDwellings, O::kElectorate, half, false},
              {M::kApproval, B::kDwellings, O::kParticipants, half, false}};
    case VoteRuleSet::kSimpleMajority:
      return {{M::kApproval, B::kDwellings, O::kParticipants, half, false}};
    case VoteRuleSet::kCustom:
      return {};
  }
  return {};
}

Status ValidateThresholds(const std::vector<VoteThreshold>& ts) {
  if (ts.empty()) return InvalidField("thresholds", "required", "自定义规则至少需要一个通过条件");
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const auto& t = ts[i];
    const std::string field = "thresholds[" + std::to_string(i) + "]";
    if (t.needed.den <= 0 || t.needed.num <= 0 || t.needed.num > t.needed.den) {
      return InvalidField(field, "fraction_range", "比例应大于 0 且不超过 1（例如 2/3）");
    }
    if (t.measure == VoteMeasure::kParticipation && t.over == VoteOver::kParticipants) {
      return InvalidField(field, "participation_over_participants", "参与比例只能按全体计算");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (ts[j].measure == t.measure && ts[j].basis == t.basis && ts[j].over == t.over) {
        return InvalidField(field, "duplicate", "同一项条件只能设一次");
      }
    }
  }
  return Ok();
}

// ------------------------------------------------------------------ electorate
std::int32_t Electorate::Find(Id household_id) const {
  auto it = index_of.find(household_id);
  return it == index_of.end() ? -1 : it->second;
}

Result<Electorate> BuildElectorate(std::vector<Dwelling> dwellings) {
  if (dwellings.empty()) return InvalidField("dwellings", "required", "表决范围内没有房屋");
  Electorate e;
  const auto n = static_cast<std::int32_t>(dwellings.size());
  e.index_of.reserve(dwellings.size() * 2);
  for (std::int32_t i = 0; i < n; ++i) {
    const Dwelling& d = dwellings[i];
    if (d.household_id <= 0) return InvalidField("household_id", "invalid", "房屋编号无效：" + d.label);
    if (d.area_centiares <= 0) {
      return InvalidField("area_m2", "area_range", "房屋登记面积应大于 0：" + d.label);
    }
    if (!e.index_of.emplace(d.household_id, i).second) {
      return InvalidField("household_id", "duplicate", "同一房屋在表决范围内出现两次：" + d.label);
    }
    e.total_area += d.area_centiares;
  }
  // Union-find over dwellings: shared owner keys, and all developer-unsold dwellings together.
  std::vector<std::int32_t> parent(dwellings.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](std::int32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const auto unite = [&](std::int32_t a, std::int32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  };
  std::unordered_map<std::string, std::int32_t> first_of_key;
  first_of_key.reserve(dwellings.size() * 2);
  std::int32_t developer = -1;
  for (std::int32_t i = 0; i < n; ++i) {
    const Dwelling& d = dwellings[i];
    if (d.developer_unsold) {
      if (developer < 0)
        developer = i;
      else
        unite(developer, i);
    }
    for (const auto& key : d.owner_keys) {
      if (key.empty()) continue;
      auto [it, fresh] = first_of_key.emplace(key, i);
      if (!fresh) unite(it->second, i);
    }
  }
  e.voter_of.assign(dwellings.size(), -1);
  std::vector<std::int32_t> voter_of_root(dwellings.size(), -1);
  for (std::int32_t i = 0; i < n; ++i) {
    const std::int32_t r = find(i);
    if (voter_of_root[r] < 0) voter_of_root[r] = e.headcount++;
    e.voter_of[i] = voter_of_root[r];
  }
  e.dwellings = std::move(dwellings);
  return e;
}

Result<std::vector<Dwelling>> DwellingsFromRegistry(const std::vector<RegistryDwelling>& households) {
  std::vector<Dwelling> out;
  out.reserve(households.size());
  for (const auto& r : households) {
    Dwelling d;
    d.household_id = r.household.id;
    d.unit_id = r.household.unit_id;
    d.building_id = r.building_id;
    d.compound_id = r.compound_id;
    d.label = r.address;
    d.area_centiares = AreaCentiaresFromM2(r.household.area_m2);
    if (d.area_centiares <= 0) {
      return InvalidField("area_m2", "area_range",
                          "房屋没有登记面积，不能参加按面积计算的表决：" + r.address);
    }
    d.developer_unsold = r.household.developer_unsold;
    for (const auto& p : r.residents) {
      if (!p.is_owner) continue;
      const std::string id_number = NormalizeIdNumber(p.id_number);
      d.owner_keys.push_back(id_number.empty() ? "resident:" + std::to_string(p.id) : "id:" + id_number);
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Dwelling> SnapshotDwellings(const Electorate& e) {
  std::vector<Dwelling> out = e.dwellings;
  for (std::size_t i = 0; i < out.size(); ++i) out[i].owner_keys = {"voter:" + std::to_string(e.voter_of[i])};
  return out;
}

std::vector<Id> DwellingsOfSameVoter(const Electorate& e, Id household_id) {
  const std::int32_t idx = e.Find(household_id);
  if (idx < 0) return {};
  std::vector<Id> out{household_id};
  for (std::size_t i = 0; i < e.dwellings.size(); ++i) {
    if (static_cast<std::int32_t>(i) != idx && e.voter_of[i] == e.voter_of[idx])
      out.push_back(e.dwellings[i].household_id);
  }
  return out;
}

// ------------------------------------------------------------------ the vote
std::string_view VoteKindCode(VoteKind k) { return k == VoteKind::kYesNo ? "yes_no" : "choices"; }
std::optional<VoteKind> ParseVoteKind(std::string_view c) {
  if (c == "yes_no") return VoteKind::kYesNo;
  if (c == "choices") return VoteKind::kChoices;
  return std::nullopt;
}

std::vector<VoteOption> YesNoOptions() {
  return {{"agree", "同意", false}, {"disagree", "不同意", false}, {"abstain", "弃权", true}};
}

Status ValidateVoteDefinition(const VoteDefinition& v) {
  if (v.kind == VoteKind::kYesNo) {
    if (v.options != YesNoOptions()) {
      return InvalidField("options", "invalid", "同意/反对表决的选项固定为 同意、不同意、弃权");
    }
  } else {
    std::size_t real = 0, abstains = 0;
    for (std::size_t i = 0; i < v.options.size(); ++i) {
      const auto& o = v.options[i];
      const std::string field = "options[" + std::to_string(i) + "]";
      if (o.code.empty() || o.label.empty())
        return InvalidField(field, "required", "每个选项都要有代码和名称");
      for (std::size_t j = 0; j < i; ++j) {
        if (v.options[j].code == o.code || v.options[j].label == o.label) {
          return InvalidField(field, "duplicate", "选项重复：" + o.label);
        }
      }
      (o.abstain ? abstains : real)++;
    }
    if (real < 2) return InvalidField("options", "too_few", "多选一表决至少需要两个选项");
    if (abstains > 1) return InvalidField("options", "duplicate", "只能有一个“弃权”选项");
  }
  const auto opens = IsoSeconds(v.opens_at);
  if (!opens) return InvalidField("opens_at", "invalid_time", "表决开始时间格式不对");
  const auto closes = IsoSeconds(v.closes_at);
  if (!closes) return InvalidField("closes_at", "invalid_time", "表决截止时间格式不对");
  if (*closes <= *opens) return InvalidField("closes_at", "period_order", "表决截止时间应晚于开始时间");
  if (v.rule_set == VoteRuleSet::kCustom) return ValidateThresholds(v.custom_thresholds);
  return Ok();
}

std::vector<VoteThreshold> EffectiveThresholds(const VoteDefinition& v) {
  return v.rule_set == VoteRuleSet::kCustom ? v.custom_thresholds : RuleSetThresholds(v.rule_set);
}

std::vector<std::string> CandidateOptions(const VoteDefinition& v) {
  if (v.kind == VoteKind::kYesNo) return {"agree"};
  std::vector<std::string> out;
  for (const auto& o : v.options)
    if (!o.abstain) out.push_back(o.code);
  return out;
}

bool IsBallotChannel(std::string_view c) { return c == "online" || c == "paper" || c == "hall"; }

Result<bool> CheckBallot(const VoteDefinition& vote, const Electorate& electorate, const Ballot* existing,
                         const Ballot& ballot, std::string_view now) {
  if (vote.closed) return ConflictField("vote", "vote_closed", "表决已结束计票，不能再投票");
  if (!IsBallotChannel(ballot.channel)) {
    return InvalidField("channel", "invalid", "投票方式只能是 网上投票、纸质票 或 议事厅投票");
  }
  const auto opens = IsoSeconds(vote.opens_at);
  const auto closes = IsoSeconds(vote.closes_at);
  const auto now_s = IsoSeconds(now);
  if (!opens || !closes || !now_s) return Error::Internal("vote period or clock is not a valid time");
  const auto cast = IsoSeconds(ballot.cast_at);
  if (!cast) return InvalidField("cast_at", "invalid_time", "投票时间格式不对");
  if (*cast < *opens) return InvalidField("cast_at", "before_open", "表决尚未开始，投票时间早于开始时间");
  if (*cast >= *closes) return InvalidField("cast_at", "after_close", "表决已截止，投票时间晚于截止时间");
  if (*cast > *now_s) return InvalidField("cast_at", "in_future", "投票时间不能晚于现在");
  if (ballot.channel == "online" && *now_s >= *closes) {
    return InvalidField("cast_at", "after_close", "表决已截止，不能再网上投票");
  }
  const std::int32_t idx = electorate.Find(ballot.household_id);
  if (idx < 0) return InvalidField("household_id", "not_in_electorate", "该房屋不在本次表决范围内");
  bool known = false;
  for (const auto& o : vote.options) known = known || o.code == ballot.choice;
  if (!known) return InvalidField("choice", "unknown_option", "所选意见不是本次表决的选项");
  if (ballot.channel != "online" && ballot.attachment.empty()) {
    return InvalidField("attachment", "required", "纸质票和议事厅投票须附上选票扫描件");
  }
  if (existing != nullptr) {
    if (!vote.allow_change) {
      return ConflictField("household_id", "already_voted",
                           "该房屋已经投过票，本次表决不允许改票：" + electorate.dwellings[idx].label);
    }
    const auto before = IsoSeconds(existing->cast_at);
    if (before && *cast < *before) {
      return ConflictField("cast_at", "older_than_recorded", "这张选票早于该房屋已记录的选票，不能替换");
    }
    return true;
  }
  return false;
}

// ------------------------------------------------------------------ the tally
namespace {

struct Counts {
  // Per option index; the last slot is unused.
  std::vector<std::int64_t> area, headcount, dwellings;
  std::int64_t voted_area = 0, voted_headcount = 0, voted_dwellings = 0, mixed = 0;
};

// The option with the strictly largest amount, or -1 (nothing voted, or a tie at the top).
int MajorityOf(const std::vector<std::int64_t>& amounts) {
  int best = -1;
  bool tie = false;
  for (int i = 0; i < static_cast<int>(amounts.size()); ++i) {
    if (amounts[i] <= 0) continue;
    if (best < 0 || amounts[i] > amounts[best]) {
      best = i;
      tie = false;
    } else if (amounts[i] == amounts[best]) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

TallyView Evaluate(const VoteDefinition& vote, const std::vector<VoteThreshold>& thresholds,
                   const std::vector<std::string>& candidates, const Electorate& e, const Counts& c) {
  TallyView v;
  v.total_area = e.total_area;
  v.total_headcount = e.headcount;
  v.total_dwellings = static_cast<std::int64_t>(e.dwellings.size());
  v.voted_area = c.voted_area;
  v.voted_headcount = c.voted_headcount;
  v.voted_dwellings = c.voted_dwellings;
  v.mixed_headcount = c.mixed;
  for (std::size_t i = 0; i < vote.options.size(); ++i) {
    const auto& o = vote.options[i];
    v.options.push_back({o.code, o.label, o.abstain, c.area[i], c.headcount[i], c.dwellings[i]});
  }
  const auto total = [&](VoteBasis b) {
    return b == VoteBasis::kArea        ? v.total_area
           : b == VoteBasis::kHeadcount ? v.total_headcount
                                        : v.total_dwellings;
  };
  const auto voted = [&](VoteBasis b) {
    return b == VoteBasis::kArea        ? v.voted_area
           : b == VoteBasis::kHeadcount ? v.voted_headcount
                                        : v.voted_dwellings;
  };
  v.participation_met = true;
  for (const auto& t : thresholds) {
    if (t.measure != VoteMeasure::kParticipation) continue;
    ThresholdResult r{t, "", voted(t.basis), total(t.basis), false};
    r.met = MeetsThreshold(r.reached_num, r.reached_den, t.needed, t.inclusive);
    v.participation_met = v.participation_met && r.met;
    v.thresholds.push_back(std::move(r));
  }
  std::vector<std::string> passing;
  for (const auto& cand : candidates) {
    std::size_t oi = 0;
    while (oi < vote.options.size() && vote.options[oi].code != cand) ++oi;
    bool all = true;
    for (const auto& t : thresholds) {
      if (t.measure != VoteMeasure::kApproval) continue;
      const std::int64_t num = t.basis == VoteBasis::kArea        ? c.area[oi]
                               : t.basis == VoteBasis::kHeadcount ? c.headcount[oi]
                                                                  : c.dwellings[oi];
      const std::int64_t den = t.over == VoteOver::kElectorate ? total(t.basis) : voted(t.basis);
      ThresholdResult r{t, cand, num, den, false};
      r.met = MeetsThreshold(num, den, t.needed, t.inclusive);
      all = all && r.met;
      v.thresholds.push_back(std::move(r));
    }
    if (all) passing.push_back(cand);
  }
  if (!v.participation_met) {
    v.outcome = "no_quorum";
  } else if (passing.size() == 1) {
    v.outcome = "passed";
    v.winner = passing.front();
  } else if (passing.empty()) {
    v.outcome = "failed";
  } else {
    v.outcome = "tie";
  }
  return v;
}

}  // namespace

Result<VoteTally> TallyVote(const VoteDefinition& vote, const Electorate& e,
                            const std::vector<Ballot>& ballots) {
  const auto thresholds = EffectiveThresholds(vote);
  if (vote.rule_set == VoteRuleSet::kCustom) LINLI_TRY_STATUS(ValidateThresholds(thresholds));
  const std::size_t n = e.dwellings.size();
  const int no = static_cast<int>(vote.options.size());
  // The counting ballot of each dwelling (latest cast_at wins; equal: the later in the list).
  std::vector<std::int32_t> ballot_of(n, -1);
  std::vector<int> choice_of(n, -1);
  for (std::size_t bi = 0; bi < ballots.size(); ++bi) {
    const Ballot& b = ballots[bi];
    const std::int32_t idx = e.Find(b.household_id);
    if (idx < 0) {
      return InvalidField("household_id", "not_in_electorate",
                          "选票的房屋不在本次表决范围内（房屋编号 " + std::to_string(b.household_id) + "）");
    }
    int oi = 0;
    while (oi < no && vote.options[oi].code != b.choice) ++oi;
    if (oi == no) {
      return InvalidField("choice", "unknown_option",
                          "选票的意见不是本次表决的选项：" + e.dwellings[idx].label);
    }
    const std::int32_t prev = ballot_of[idx];
    if (prev >= 0) {
      const auto a = IsoSeconds(ballots[prev].cast_at), z = IsoSeconds(b.cast_at);
      if (a && z ? *a > *z : ballots[prev].cast_at > b.cast_at) continue;
    }
    ballot_of[idx] = static_cast<std::int32_t>(bi);
    choice_of[idx] = oi;
  }

  // As cast.
  Counts c;
  c.area.assign(no, 0);
  c.headcount.assign(no, 0);
  c.dwellings.assign(no, 0);
  // Per headcount voter: -1 no ballot yet, 0..no-1 a single choice so far, -2 mixed.
  std::vector<int> voter_choice(e.headcount, -1);
  for (std::size_t i = 0; i < n; ++i) {
    const int oi = choice_of[i];
    if (oi < 0) continue;
    c.area[oi] += e.dwellings[i].area_centiares;
    c.dwellings[oi] += 1;
    c.voted_area += e.dwellings[i].area_centiares;
    c.voted_dwellings += 1;
    int& vc = voter_choice[e.voter_of[i]];
    if (vc == -1)
      vc = oi;
    else if (vc != oi)
      vc = -2;
  }
  for (int vc : voter_choice) {
    if (vc == -1) continue;
    c.voted_headcount += 1;
    if (vc == -2)
      c.mixed += 1;
    else
      c.headcount[vc] += 1;
  }
  const auto candidates = CandidateOptions(vote);
  VoteTally tally;
  tally.as_cast = Evaluate(vote, thresholds, candidates, e, c);
  tally.outcome = tally.as_cast.outcome;
  tally.winner = tally.as_cast.winner;

  if (vote.non_voters_follow_majority) {
    // Non-voters are counted with the majority of those who voted, basis by basis.
    Counts w = c;
    const int ma = MajorityOf(c.area), mh = MajorityOf(c.headcount), md = MajorityOf(c.dwellings);
    std::int64_t add_area = 0, add_dwellings = 0, add_headcount = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (choice_of[i] >= 0) continue;
      add_area += e.dwellings[i].area_centiares;
      add_dwellings += 1;
    }
    for (int vc : voter_choice) add_headcount += vc == -1 ? 1 : 0;
    if (ma >= 0) {
      w.area[ma] += add_area;
      w.voted_area += add_area;
    }
    if (mh >= 0) {
      w.headcount[mh] += add_headcount;
      w.voted_headcount += add_headcount;
    }
    if (md >= 0) {
      w.dwellings[md] += add_dwellings;
      w.voted_dwellings += add_dwellings;
    }
    TallyView v = Evaluate(vote, thresholds, candidates, e, w);
    v.added_area = ma >= 0 ? add_area : 0;
    v.added_headcount = mh >= 0 ? add_headcount : 0;
    v.added_dwellings = md >= 0 ? add_dwellings : 0;
    v.majority_area = ma >= 0 ? vote.options[ma].code : "";
    v.majority_headcount = mh >= 0 ? vote.options[mh].code : "";
    v.majority_dwellings = md >= 0 ? vote.options[md].code : "";
    tally.outcome = v.outcome;
    tally.winner = v.winner;
    tally.with_non_voters = std::move(v);
  }

  if (!vote.secret) {
    for (std::size_t i = 0; i < n; ++i) {
      if (ballot_of[i] < 0) continue;
      const Ballot& b = ballots[ballot_of[i]];
      tally.ballots.push_back(
          {b.household_id, e.dwellings[i].label, b.choice, b.channel, b.voter_name, b.cast_at});
    }
    std::sort(tally.ballots.begin(), tally.ballots.end(),
              [](const OpenBallot& a, const OpenBallot& b) { return a.household_id < b.household_id; });
  }
  return tally;
}

namespace {

enum class Rounding { kDown, kUp, kNearest };

// num/den in basis points (1/100 of a percent), rounded as asked (nearest: halves up).
std::int64_t BasisPoints(std::int64_t num, std::int64_t den, Rounding how) {
  const __int128 scaled = static_cast<__int128>(num) * 10000;  // basis points * den
  __int128 bp = scaled / den;
  const __int128 rest = scaled - bp * den;
  if ((how == Rounding::kUp && rest > 0) || (how == Rounding::kNearest && 2 * rest >= den)) ++bp;
  return static_cast<std::int64_t>(bp);
}

std::string BasisPointsText(std::int64_t v) {
  std::string frac = std::to_string(v % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return std::to_string(v / 100) + "." + frac;
}

}  // namespace

std::string PercentText(std::int64_t num, std::int64_t den, bool round_up) {
  if (den <= 0 || num < 0) return "0.00";
  return BasisPointsText(BasisPoints(num, den, round_up ? Rounding::kUp : Rounding::kDown));
}

std::string NeededPercent(const VoteThreshold& t) {
  return PercentText(t.needed.num, t.needed.den, /*round_up=*/t.inclusive);
}

std::string ReachedPercent(const ThresholdResult& r) {
  if (r.reached_den <= 0 || r.reached_num < 0) return "0.00";
  // The nearest hundredth, unless it would read as the other verdict: then toward the verdict.
  const std::int64_t needed = BasisPoints(r.threshold.needed.num, r.threshold.needed.den,
                                          r.threshold.inclusive ? Rounding::kUp : Rounding::kDown);
  const std::int64_t nearest = BasisPoints(r.reached_num, r.reached_den, Rounding::kNearest);
  const bool looks_met = r.threshold.inclusive ? nearest >= needed : nearest > needed;
  if (looks_met == r.met) return BasisPointsText(nearest);
  return PercentText(r.reached_num, r.reached_den, /*round_up=*/r.met);
}

namespace {

// num/den as a percentage for reading: the nearest hundredth; "—" when den is 0.
std::string Percent(std::int64_t num, std::int64_t den) {
  if (den <= 0) return "—";
  return BasisPointsText(BasisPoints(num, den, Rounding::kNearest)) + "%";
}

std::string Amount(VoteBasis b, std::int64_t n) {
  switch (b) {
    case VoteBasis::kArea:
      return FormatCentiares(n) + " 平方米";
    case VoteBasis::kHeadcount:
      return std::to_string(n) + " 人";
    case VoteBasis::kDwellings:
      return std::to_string(n) + " 户";
  }
  return "";
}

}  // namespace

std::vector<std::string> DescribeTallyZh(const VoteDefinition& vote, const VoteTally& tally) {
  const TallyView& v = tally.with_non_voters ? *tally.with_non_voters : tally.as_cast;
  const TallyView& c = tally.as_cast;
  std::vector<std::string> lines;
  lines.push_back("规则：" + std::string(VoteRuleSetNameZh(vote.rule_set)));
  // Participation as the participation threshold on the same basis shows it (so the lines agree).
  const auto part = [&](VoteBasis b, std::int64_t num, std::int64_t den) {
    for (const auto& t : c.thresholds)
      if (t.threshold.measure == VoteMeasure::kParticipation && t.threshold.basis == b)
        return ReachedPercent(t) + "%";
    return Percent(num, den);
  };
  lines.push_back("参与表决：专有部分面积 " + FormatCentiares(c.total_area) + " 平方米中的 " +
                  FormatCentiares(c.voted_area) + " 平方米（" +
                  part(VoteBasis::kArea, c.voted_area, c.total_area) + "），业主 " +
                  std::to_string(c.total_headcount) + " 人中的 " + std::to_string(c.voted_headcount) + " 人（" +
                  part(VoteBasis::kHeadcount, c.voted_headcount, c.total_headcount) + "），" + std::to_string(c.total_dwellings) +
                  " 户中的 " + std::to_string(c.voted_dwellings) + " 户");
  if (c.mixed_headcount > 0) {
    lines.push_back("其中 " + std::to_string(c.mixed_headcount) +
                    " 位业主名下多套房屋意见不一致，只计参与、不计入任何意见的人数");
  }
  for (const auto& o : c.options) {
    lines.push_back(o.label + "：面积 " + FormatCentiares(o.area) + " 平方米，" +
                    std::to_string(o.headcount) + " 人，" + std::to_string(o.dwellings) + " 户");
  }
  if (tally.with_non_voters) {
    const auto& w = *tally.with_non_voters;
    const auto name = [&](const std::string& code) {
      for (const auto& o : vote.options)
        if (o.code == code) return o.label;
      return std::string("（无多数意见，不计入）");
    };
    lines.push_back("按议事规则，未参与表决的业主计入多数意见：面积 " + FormatCentiares(w.added_area) +
                    " 平方米计入“" + name(w.majority_area) + "”，" + std::to_string(w.added_headcount) +
                    " 人计入“" + name(w.majority_headcount) + "”；未计入时的结果：" +
                    std::string(VoteOutcomeNameZh(c.outcome)));
  }
  for (const auto& t : v.thresholds) {
    std::string line = "条件：" + t.threshold.DescribeZh();
    if (!t.option.empty() && vote.kind == VoteKind::kChoices) {
      for (const auto& o : vote.options)
        if (o.code == t.option) line += "（" + o.label + "）";
    }
    line += " —— 实际 " + Amount(t.threshold.basis, t.reached_num) + " / " +
            Amount(t.threshold.basis, t.reached_den) + "（" + ReachedPercent(t) + "%" +
            "，需" + (t.threshold.inclusive ? "≥ " : "> ") + NeededPercent(t.threshold) + "%），" +
            (t.met ? "达到" : "未达到");
    lines.push_back(std::move(line));
  }
  std::string result = "结果：" + std::string(VoteOutcomeNameZh(tally.outcome));
  if (!tally.winner.empty() && vote.kind == VoteKind::kChoices) {
    for (const auto& o : vote.options)
      if (o.code == tally.winner) result += "（" + o.label + "）";
  }
  lines.push_back(std::move(result));
  return lines;
}

std::string_view VoteOutcomeNameZh(std::string_view o) {
  if (o == "passed") return "通过";
  if (o == "failed") return "未通过";
  if (o == "no_quorum") return "参与表决的人数或面积不足";
  if (o == "tie") return "票数相同，未能决定";
  return "";
}

}  // namespace linli
