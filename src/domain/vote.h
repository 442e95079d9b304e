// Owner votes (业主表决, 民法典 第二百七十八条; 最高法 建筑物区分所有权司法解释 2020 第八、九条) and the
// other counted decisions of a community (residents' meetings, polls). Pure rules: values in,
// Results out; no I/O, no clock (times are passed in as ISO 8601 strings).
//
// Exact arithmetic everywhere: areas are integer hundredths of a square metre (centiares, the
// registered area has 2 decimals), shares are integer numerator / denominator pairs, and a share
// is compared with a threshold by cross-multiplication in 128 bits. No floating point decides a
// boundary: 2/3 of 120 owners is 80, and 80 passes "三分之二以上".
//
// How the electorate is counted (DOMAIN.md "Owner votes"):
//   area       — the registered exclusive area of each dwelling (专有部分面积);
//   headcount  — 业主人数: one dwelling counts as one; an owner of several dwellings counts once
//                (dwellings that share any owner key are one voter, transitively); all unsold
//                developer units together count once (司法解释 第九条);
//   dwellings  — 户: every dwelling counts once (households rules: two thirds of households,
//                residents' meetings, polls).
// Ballots are per dwelling. A headcount voter takes part when any of their dwellings has a ballot;
// their headcount goes to a choice when all their ballots name it, else they are "mixed" (they took
// part, but their headcount supports no option). Area takes part per dwelling: only the area of the
// dwellings that have a ballot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/registry.h"

namespace linli {

// ------------------------------------------------------------------ exact fractions
// A non-negative fraction num/den in lowest terms with den > 0 (built by Make).
struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;
  // num/den reduced by their gcd. Precondition: den > 0, num >= 0.
  static Fraction Make(std::int64_t num, std::int64_t den);
  std::string ToString() const;  // "2/3"
  bool operator==(const Fraction&) const = default;
};
// Sign of a/b - c/d by cross-multiplication in 128 bits. Precondition: b > 0, d > 0.
int CompareFractions(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d);
// True when reached_num/reached_den is >= needed (inclusive, "以上") or > needed (strict, "过半数").
// A zero denominator (nobody to count) never meets a threshold.
bool MeetsThreshold(std::int64_t reached_num, std::int64_t reached_den, const Fraction& needed,
                    bool inclusive);

// ------------------------------------------------------------------ areas
// "89.5" / "89.50" / "89" -> 8950 centiares (1/100 m²). At most 2 decimals, > 0, < 100 000 m².
// Errors: kInvalidArgument, field `field`, reason "area_format" (not a number or > 2 decimals) or
// "area_range".
Result<std::int64_t> ParseAreaCentiares(std::string_view text, std::string_view field = "area_m2");
// A registry area (double m², registered with 2 decimals) -> centiares, rounded to the nearest
// hundredth (89.5 -> 8950; 0.1 + 0.2 style binary noise disappears).
std::int64_t AreaCentiaresFromM2(double m2);
// 8950 -> "89.50".
std::string FormatCentiares(std::int64_t centiares);

// ------------------------------------------------------------------ thresholds and rule sets
enum class VoteBasis { kArea, kHeadcount, kDwellings };  // area | headcount | dwellings
enum class VoteMeasure { kParticipation, kApproval };    // participation | approval
enum class VoteOver { kElectorate, kParticipants };      // electorate | participants
std::string_view VoteBasisCode(VoteBasis b);
std::string_view VoteMeasureCode(VoteMeasure m);
std::string_view VoteOverCode(VoteOver o);
std::optional<VoteBasis> ParseVoteBasis(std::string_view code);
std::optional<VoteMeasure> ParseVoteMeasure(std::string_view code);
std::optional<VoteOver> ParseVoteOver(std::string_view code);

// One condition of a rule set. Participation counts those who took part (over the electorate);
// approval counts those who chose an option (over the electorate or over the participants).
// `inclusive` = "以上" (>=); false = "过半数" style (>).
struct VoteThreshold {
  VoteMeasure measure = VoteMeasure::kApproval;
  VoteBasis basis = VoteBasis::kDwellings;
  VoteOver over = VoteOver::kParticipants;
  Fraction needed;
  bool inclusive = true;
  // Stable code: "<measure>_<basis>" (participation_area, approval_headcount, ...).
  std::string Code() const;
  // Chinese sentence, e.g. "参与表决的专有部分面积 ≥ 2/3（占全体）".
  std::string DescribeZh() const;
  bool operator==(const VoteThreshold&) const = default;
};

// The rule sets. Codes: civil_code_major | civil_code_ordinary | two_thirds_households |
// residents_meeting | simple_majority | custom.
//   civil_code_major     民法典278 重大事项: participation area >= 2/3 AND headcount >= 2/3 of all;
//                        approval area >= 3/4 AND headcount >= 3/4 of the participants.
//   civil_code_ordinary  民法典278 一般事项: the same participation; approval area > 1/2 AND
//                        headcount > 1/2 of the participants.
//   two_thirds_households 三分之二以上住户同意: approval dwellings >= 2/3 of all dwellings.
//   residents_meeting    居民会议: dwellings taking part > 1/2 of all; approval > 1/2 of those present.
//   simple_majority      简单多数 (a consultative poll): approval dwellings > 1/2 of the dwellings that
//                        voted (abstentions count as voted); no quorum.
//   custom               the vote's own thresholds.
enum class VoteRuleSet {
  kCivilCodeMajor,
  kCivilCodeOrdinary,
  kTwoThirdsHouseholds,
  kResidentsMeeting,
  kSimpleMajority,
  kCustom,
};
std::string_view VoteRuleSetCode(VoteRuleSet r);
std::string_view VoteRuleSetNameZh(VoteRuleSet r);
std::optional<VoteRuleSet> ParseVoteRuleSet(std::string_view code);
// The thresholds of a built-in rule set (participation first, then approval); empty for custom.
std::vector<VoteThreshold> RuleSetThresholds(VoteRuleSet r);
// Custom thresholds: at least one; needed in (0, 1]; participation only over the electorate; no
// two with the same measure + basis + over. Errors: kInvalidArgument, field "thresholds[i]" (or
// "thresholds"), reasons "required", "fraction_range", "participation_over_participants",
// "duplicate".
Status ValidateThresholds(const std::vector<VoteThreshold>& thresholds);

// ------------------------------------------------------------------ the electorate
// One dwelling that may vote. area in centiares (> 0). owner_keys identify the owner(s) (e.g.
// "resident:17", an ID-number hash, a company name); empty = the dwelling is its own voter.
struct Dwelling {
  Id household_id = 0;
  Id compound_id = 0, building_id = 0, unit_id = 0;
  std::string label;  // "水月院 2号楼 1单元 301", for lists and messages
  std::int64_t area_centiares = 0;
  std::vector<std::string> owner_keys;
  bool developer_unsold = false;
};

// The electorate with its headcount voters resolved. Build it with BuildElectorate.
struct Electorate {
  std::vector<Dwelling> dwellings;                // in the order given
  std::vector<std::int32_t> voter_of;             // dwelling index -> headcount voter index
  std::int32_t headcount = 0;                     // number of headcount voters (业主人数)
  std::int64_t total_area = 0;                    // centiares
  std::unordered_map<Id, std::int32_t> index_of;  // household id -> dwelling index
  // The dwelling index of a household, or -1.
  std::int32_t Find(Id household_id) const;
};
// Resolves headcount voters (shared owner keys join dwellings transitively; developer-unsold
// dwellings all join one voter) and totals. Errors: kInvalidArgument — field "dwellings" reason
// "required" (empty); field "household_id" reason "duplicate" / "invalid"; field "area_m2" reason
// "area_range" (<= 0), each message naming the dwelling.
Result<Electorate> BuildElectorate(std::vector<Dwelling> dwellings);

// One household of the registry as the vote's electorate query returns it (the store selects a
// compound, some buildings or one unit).
struct RegistryDwelling {
  Household household;  // id, unit_id, area_m2, developer_unsold
  Id compound_id = 0, building_id = 0;
  std::string address;              // "水月院 2号楼 1单元 301"
  std::vector<Resident> residents;  // the household's residents; owners carry is_owner
};
// Registry households -> dwellings. Area: the registered area rounded to hundredths (centiares).
// Owner keys: each owner (is_owner) by ID number ("id:<normalised ID number>", which is how the
// same person owning two dwellings is recognised), or "resident:<id>" without one. A household
// without a registered owner is its own voter. Owner keys hold personal data: never send them out.
// Errors: kInvalidArgument field "area_m2" reason "area_range" naming the address (area <= 0).
Result<std::vector<Dwelling>> DwellingsFromRegistry(const std::vector<RegistryDwelling>& households);

// The electorate as it should be stored with a vote (a snapshot taken when the vote opens, so
// later registry edits do not change who may vote): the same dwellings with each owner key
// replaced by the dwelling's headcount voter ("voter:<n>"), so no personal data is kept and
// BuildElectorate(SnapshotDwellings(e)) gives the same headcount voters again.
std::vector<Dwelling> SnapshotDwellings(const Electorate& electorate);
// The household ids of the headcount voter owning `household_id` (itself first, then the others
// in electorate order): an owner voting online votes for all of them. Empty when not in the
// electorate.
std::vector<Id> DwellingsOfSameVoter(const Electorate& electorate, Id household_id);

// ------------------------------------------------------------------ the vote
enum class VoteKind { kYesNo, kChoices };  // yes_no (agree / disagree / abstain) | choices
std::string_view VoteKindCode(VoteKind k);
std::optional<VoteKind> ParseVoteKind(std::string_view code);

struct VoteOption {
  std::string code;      // ASCII, stable: agree | disagree | abstain | a1 ...
  std::string label;     // 同意 / 不同意 / 弃权 / the choice's text
  bool abstain = false;  // takes part without supporting anything
  bool operator==(const VoteOption&) const = default;
};
// agree 同意, disagree 不同意, abstain 弃权 (abstain = true).
std::vector<VoteOption> YesNoOptions();

// What the tally needs to know about a vote.
struct VoteDefinition {
  VoteKind kind = VoteKind::kYesNo;
  std::vector<VoteOption> options = YesNoOptions();
  VoteRuleSet rule_set = VoteRuleSet::kCivilCodeOrdinary;
  std::vector<VoteThreshold> custom_thresholds;  // only for kCustom
  std::string opens_at, closes_at;          // ISO 8601; a ballot counts when opens_at <= cast_at < closes_at
  bool allow_change = false;                // a later ballot replaces the earlier one until the close
  bool secret = true;                       // secret: counts only; open: who voted what
  bool non_voters_follow_majority = false;  // 未参与表决的业主视为同意多数意见 (the estate's rules)
  bool closed = false;                      // counted and closed: no more ballots
};
// Checks the definition: options (yes_no = exactly agree/disagree/abstain; choices = 2+ options,
// unique non-empty codes and labels, at most one abstain), period (both valid times, closes after
// opens), custom thresholds. Errors: kInvalidArgument naming the field ("options", "opens_at",
// "closes_at", "thresholds[i]") with reasons "required", "invalid_time", "period_order",
// "duplicate", "too_few".
Status ValidateVoteDefinition(const VoteDefinition& vote);
// The thresholds that decide this vote (built-in ones, or custom_thresholds).
std::vector<VoteThreshold> EffectiveThresholds(const VoteDefinition& vote);
// The options whose approval is counted: "agree" for yes_no; every non-abstain option for choices.
std::vector<std::string> CandidateOptions(const VoteDefinition& vote);

// Ballot channels: online (by the owner) | paper (entered by staff, scan attached) | hall (at the
// deliberation hall, entered by staff, scan attached).
bool IsBallotChannel(std::string_view code);

struct Ballot {
  Id household_id = 0;
  std::string choice;  // an option code
  std::string channel = "online";
  std::string cast_at;     // when the owner voted (ISO 8601); for paper the date on the ballot
  std::string entered_by;  // username (staff for paper / hall)
  std::string attachment;  // scanned ballot (attachment id / path); required for paper and hall
  std::string voter_name;  // who signed (open votes show it)
};

// Checks one new ballot. `existing` is the dwelling's current ballot (nullptr when none); `now` is
// the time of entry. Rules:
//   - the vote is not closed, and now < closes_at for online ballots (paper / hall ballots may be
//     entered after the close until the vote is closed, but their cast_at must be inside the
//     period and not after now);
//   - opens_at <= cast_at < closes_at;
//   - the dwelling is in the electorate; the choice is one of the options; a known channel;
//     paper / hall carry the scanned ballot;
//   - a second ballot for the same dwelling only when the vote allows changes, and not older than
//     the one it replaces.
// Success: true when the ballot replaces `existing`, false when it is the dwelling's first.
// Errors (field, reason): vote "vote_closed" (kConflict); cast_at "invalid_time" / "before_open" /
// "after_close" / "in_future"; household_id "not_in_electorate"; choice "unknown_option";
// channel "invalid"; attachment "required"; household_id "already_voted" (kConflict, changes not
// allowed); cast_at "older_than_recorded" (kConflict). Messages are Chinese.
Result<bool> CheckBallot(const VoteDefinition& vote, const Electorate& electorate, const Ballot* existing,
                         const Ballot& ballot, std::string_view now);

// ------------------------------------------------------------------ the tally
struct OptionCount {
  std::string code, label;
  bool abstain = false;
  std::int64_t area = 0;       // centiares of the dwellings that chose it
  std::int64_t headcount = 0;  // headcount voters all of whose ballots chose it
  std::int64_t dwellings = 0;
};

// One threshold, evaluated: reached = reached_num / reached_den (not reduced: "80/120"; area in
// centiares), needed, inclusive, met. `option` is the option counted for approval ("" for
// participation).
struct ThresholdResult {
  VoteThreshold threshold;
  std::string option;
  std::int64_t reached_num = 0, reached_den = 0;
  bool met = false;
};

// Percentages for reading, never for deciding: two decimals that never contradict `met`. The
// needed share of an inclusive (≥, 以上) threshold is rounded up and of a strict (>, 过半数) one
// down; the reached share is the nearest hundredth unless that reads as the other verdict, then it
// is rounded toward the verdict (up when met, down when not). So 2/3 needed reads "66.67";
// 66666/100000 reached (not met) reads "66.66", never "66.67"; exactly 2/3 (met) "66.67"; 205/306
// "66.99"; 1/2 reached of a "> 1/2" reads "50.00" against "> 50.00". PercentText rounds down or up
// as asked. "0.00" when den <= 0.
std::string PercentText(std::int64_t num, std::int64_t den, bool round_up);
std::string NeededPercent(const VoteThreshold& t);
std::string ReachedPercent(const ThresholdResult& r);

// Outcome codes: passed (participation met and exactly one candidate meets every approval
// threshold) | failed (participation met, no candidate passes) | no_quorum (a participation
// threshold is not met) | tie (several candidates pass; no decision).
struct TallyView {
  std::int64_t total_area = 0, total_headcount = 0, total_dwellings = 0;
  std::int64_t voted_area = 0, voted_headcount = 0, voted_dwellings = 0;  // taking part
  std::int64_t mixed_headcount = 0;  // owners of several dwellings whose ballots differ
  // Non-voters counted with the majority (only in the with_non_voters view): how much was added
  // and to which option on each basis ("" = no single majority, nothing added).
  std::int64_t added_area = 0, added_headcount = 0, added_dwellings = 0;
  std::string majority_area, majority_headcount, majority_dwellings;
  std::vector<OptionCount> options;         // in the vote's option order
  std::vector<ThresholdResult> thresholds;  // participation first, then approval per candidate
  bool participation_met = false;
  std::string outcome;  // passed | failed | no_quorum | tie
  std::string winner;   // the passing option code when passed
};

struct OpenBallot {
  Id household_id = 0;
  std::string label, choice, channel, voter_name, cast_at;
};

struct VoteTally {
  TallyView as_cast;                         // the ballots as cast
  std::optional<TallyView> with_non_voters;  // when the vote counts non-voters with the majority
  // The decisive result: with_non_voters when the vote says so, else as_cast.
  std::string outcome, winner;
  // Open votes only (empty for secret ones): each counted ballot, by household id.
  std::vector<OpenBallot> ballots;
};

// Counts the ballots. Several ballots for one dwelling: the latest cast_at counts (ties: the later
// one in the list). Errors: kInvalidArgument — household_id "not_in_electorate", choice
// "unknown_option" (each naming the dwelling); the definition's errors (ValidateVoteDefinition is
// not re-run; thresholds are). Cost: O(dwellings + ballots).
Result<VoteTally> TallyVote(const VoteDefinition& vote, const Electorate& electorate,
                            const std::vector<Ballot>& ballots);

// The tally in plain Chinese for a notice or the console, one line per item, e.g.
//   "参与表决：专有部分面积 862.62 平方米中的 862.62 平方米（100.00%），业主 12 人中的 12 人（100.00%）"
//   "同意：面积 575.08 平方米，8 人，8 户"
//   "条件：同意的专有部分面积占参与表决的比例 ≥ 3/4 —— 实际 575.08 平方米 / 862.62 平方米（66.66%），未达到"
//   "结果：未通过"
// Percentages are for reading only (PercentText: 2 decimals, rounded toward each condition's
// verdict, so a failing share never reads as reaching its threshold); the conditions decide. Uses the decisive view (with_non_voters when the vote counts them) and adds
// a line about the non-voters when it does.
std::vector<std::string> DescribeTallyZh(const VoteDefinition& vote, const VoteTally& tally);

// Chinese name of an outcome code (通过 / 未通过 / 参与人数或面积不足 / 票数相同未决).
std::string_view VoteOutcomeNameZh(std::string_view outcome);

}  // namespace linli
