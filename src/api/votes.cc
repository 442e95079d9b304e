// Owner votes (业主表决, 民法典 第二百七十八条): drafts, opening (the electorate is frozen), online
// ballots by owners, paper / hall ballots entered by staff with the scanned ballot, the tally with
// every threshold as exact fractions, closing, publishing, and the official-system path (the
// electorate as .xlsx out, the official result as .xlsx in).
//   GET  /api/v1/votes?community_id&status&q                vote:read    list (a resident: his votes)
//   POST /api/v1/votes                                      vote:write   new draft -> 201
//   GET  /api/v1/votes/{id}                                 vote:read    detail with the tally
//   POST /api/v1/votes/{id}/open                            vote:write   draft -> open (electorate frozen)
//   POST /api/v1/votes/{id}/ballots                         vote:ballot  a resident owner votes online
//   POST /api/v1/votes/{id}/paper-ballots                   vote:enter   staff enter a paper / hall ballot
//   GET  /api/v1/votes/{id}/electorate                      vote:enter   the dwellings and whether each voted
//   POST /api/v1/votes/{id}/close                           vote:close   count and close
//   POST /api/v1/votes/{id}/publish                         vote:close   publish the result
//   GET  /api/v1/votes/{id}/electorate.xlsx                 vote:write   the electorate for the official
//   system POST /api/v1/votes/{id}/official-result?filename=       vote:write   body = the official result
//   (.xlsx/.csv)
// Secret votes show counts only (to staff too); open votes show who voted what (names masked for
// residents). Bodies are checked before the {id} is looked up (400 before 404).
#include "store/votes.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "access/masking.h"
#include "access/permissions.h"
#include "api/openapi_schema.h"
#include "api/resource.h"
#include "api/session.h"
#include "domain/demand.h"
#include "domain/notice.h"
#include "domain/vote.h"
#include "io/table.h"
#include "service/export.h"

namespace linli::api {

namespace {

json::value OptId(const std::optional<Id>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::string_view BasisNameZh(VoteBasis b) {
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

std::string ChannelNameZh(std::string_view c) {
  if (c == "online") return "网上投票";
  if (c == "paper") return "纸质票";
  if (c == "hall") return "议事厅投票";
  if (c == "official") return "官方平台";
  return std::string(c);
}

std::string StatusNameZh(const VoteRecord& v) {
  if (v.status == "draft") return "草稿";
  if (v.status == "open") return "进行中";
  return v.published_at.empty() ? "已计票" : "已公布结果";
}

json::object ThresholdJson(const VoteThreshold& t) {
  return json::object{{"code", t.Code()},
                      {"measure", VoteMeasureCode(t.measure)},
                      {"basis", VoteBasisCode(t.basis)},
                      {"basis_zh", BasisNameZh(t.basis)},
                      {"over", VoteOverCode(t.over)},
                      {"needed", t.needed.ToString()},
                      {"needed_num", t.needed.num},
                      {"needed_den", t.needed.den},
                      {"needed_percent", NeededPercent(t)},
                      {"inclusive", t.inclusive},
                      {"description_zh", t.DescribeZh()}};
}

json::object VoteJson(const VoteRecord& v) {
  const VoteDefinition& d = v.definition;
  json::array options;
  for (const auto& o : d.options)
    options.push_back(json::object{{"code", o.code}, {"label", o.label}, {"abstain", o.abstain}});
  json::array thresholds;
  for (const auto& t : EffectiveThresholds(d)) thresholds.push_back(ThresholdJson(t));
  json::array ids;
  for (Id id : v.electorate.ids) ids.push_back(id);
  json::array channels;
  for (const auto& c : v.channels) channels.push_back(json::string(c));
  return json::object{
      {"id", v.id},
      {"community_id", v.community_id},
      {"community_name", v.community_name},
      {"deliberation_id", OptId(v.deliberation_id)},
      {"title", v.title},
      {"description", v.description},
      {"kind", VoteKindCode(d.kind)},
      {"options", std::move(options)},
      {"rule_set", VoteRuleSetCode(d.rule_set)},
      {"rule_set_name", VoteRuleSetNameZh(d.rule_set)},
      {"thresholds", std::move(thresholds)},
      {"opens_at", d.opens_at},
      {"closes_at", d.closes_at},
      {"period_text", ChinesePeriod(d.opens_at, d.closes_at)},
      {"allow_change", d.allow_change},
      {"secret", d.secret},
      {"non_voters_follow_majority", d.non_voters_follow_majority},
      {"channels", std::move(channels)},
      {"electorate", json::object{{"kind", v.electorate.kind}, {"ids", std::move(ids)}}},
      {"electorate_label", v.electorate_label},
      {"status", v.status},
      {"status_zh", StatusNameZh(v)},
      {"outcome", v.outcome},
      {"outcome_zh", v.outcome.empty() ? std::string() : std::string(VoteOutcomeNameZh(v.outcome))},
      {"winner", v.winner},
      {"result_source", v.result_source},
      {"dwellings", v.dwellings},
      {"headcount", v.headcount},
      {"total_area", v.total_area},
      {"total_area_m2", FormatCentiares(v.total_area)},
      {"ballots", v.ballots},
      {"created_by", v.created_by},
      {"created_at", v.created_at},
      {"opened_at", v.opened_at},
      {"closed_at", v.closed_at},
      {"published_at", v.published_at}};
}

json::object ViewJson(const TallyView& t) {
  json::array options;
  for (const auto& o : t.options)
    options.push_back(json::object{{"code", o.code},
                                   {"label", o.label},
                                   {"abstain", o.abstain},
                                   {"area", o.area},
                                   {"area_m2", FormatCentiares(o.area)},
                                   {"headcount", o.headcount},
                                   {"dwellings", o.dwellings}});
  json::array thresholds;
  for (const auto& r : t.thresholds) {
    json::object o = ThresholdJson(r.threshold);
    o["option"] = r.option;
    o["reached_num"] = r.reached_num;
    o["reached_den"] = r.reached_den;
    o["reached_percent"] = ReachedPercent(r);  // rounded toward `met`: never contradicts it
    o["reached_fraction"] = std::to_string(r.reached_num) + "/" + std::to_string(r.reached_den);
    if (r.threshold.basis == VoteBasis::kArea) {
      o["reached_num_text"] = FormatCentiares(r.reached_num) + " 平方米";
      o["reached_den_text"] = FormatCentiares(r.reached_den) + " 平方米";
    } else {
      const char* unit = r.threshold.basis == VoteBasis::kHeadcount ? " 人" : " 户";
      o["reached_num_text"] = std::to_string(r.reached_num) + unit;
      o["reached_den_text"] = std::to_string(r.reached_den) + unit;
    }
    o["met"] = r.met;
    thresholds.push_back(std::move(o));
  }
  return json::object{{"total_area", t.total_area},
                      {"total_area_m2", FormatCentiares(t.total_area)},
                      {"total_headcount", t.total_headcount},
                      {"total_dwellings", t.total_dwellings},
                      {"voted_area", t.voted_area},
                      {"voted_area_m2", FormatCentiares(t.voted_area)},
                      {"voted_headcount", t.voted_headcount},
                      {"voted_dwellings", t.voted_dwellings},
                      {"mixed_headcount", t.mixed_headcount},
                      {"added_area", t.added_area},
                      {"added_headcount", t.added_headcount},
                      {"added_dwellings", t.added_dwellings},
                      {"options", std::move(options)},
                      {"thresholds", std::move(thresholds)},
                      {"participation_met", t.participation_met},
                      {"outcome", t.outcome},
                      {"outcome_zh", VoteOutcomeNameZh(t.outcome)},
                      {"winner", t.winner}};
}

// The tally; open votes list who voted what (`mask_names` for residents).
json::object TallyJson(const VoteRecord& v, const VoteTally& t, bool mask_names) {
  json::array lines;
  for (const auto& l : DescribeTallyZh(v.definition, t)) lines.push_back(json::string(l));
  json::object o{{"as_cast", ViewJson(t.as_cast)},
                 {"with_non_voters",
                  t.with_non_voters ? json::value(ViewJson(*t.with_non_voters)) : json::value(nullptr)},
                 {"outcome", t.outcome},
                 {"outcome_zh", VoteOutcomeNameZh(t.outcome)},
                 {"winner", t.winner},
                 {"lines", std::move(lines)}};
  json::array ballots;
  if (!v.definition.secret)
    for (const auto& b : t.ballots)
      ballots.push_back(json::object{{"household_id", b.household_id},
                                     {"label", b.label},
                                     {"choice", b.choice},
                                     {"channel", b.channel},
                                     {"channel_zh", ChannelNameZh(b.channel)},
                                     {"voter_name", mask_names ? MaskName(b.voter_name) : b.voter_name},
                                     {"cast_at", b.cast_at}});
  o["ballots"] = std::move(ballots);
  return o;
}

bool IsResident(const Request& req) { return req.ctx.principal.role == "resident"; }

// Normalises an ISO time in `value` to UTC "...Z"; records a field error when it is not one.
void NormaliseTime(http::JsonReader& in, const std::string& field, std::string& value) {
  if (value.empty()) return;
  auto s = ParseIsoSeconds(value);
  if (!s.ok()) {
    in.AddError(field, "invalid_time", "时间格式不对，应为 2026-12-01T09:00:00+08:00");
    return;
  }
  value = FormatIsoUtc(*s);
}

// Reads a new vote from the body.
void ReadVote(http::JsonReader& in, VoteRecord& v) {
  if (auto id = in.IdValue("community_id"))
    v.community_id = *id;
  else
    RequireField(in, "community_id");
  if (auto s = in.String("title")) v.title = *s;
  if (auto s = in.String("description")) v.description = *s;
  if (in.Has("deliberation_id")) v.deliberation_id = in.IdValue("deliberation_id");
  VoteDefinition& d = v.definition;
  if (auto s = in.String("kind")) {
    if (auto k = ParseVoteKind(*s))
      d.kind = *k;
    else
      in.AddError("kind", "enum", "表决类型只能是 yes_no（同意/不同意/弃权）或 choices（多个选项）");
  }
  if (const json::array* list = in.Array("options"); list && d.kind == VoteKind::kChoices) {
    d.options.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json::value& item = (*list)[i];
      std::string field = "options[" + std::to_string(i) + "]";
      if (!item.is_object()) {
        in.AddError(field, "type", "选项应为 {code, label, abstain}");
        continue;
      }
      auto sub = http::JsonReader::Of(item.as_object(), field + ".");
      VoteOption o;
      if (auto s = sub.String("code")) o.code = *s;
      if (auto s = sub.String("label")) o.label = *s;
      if (auto b = sub.Bool("abstain")) o.abstain = *b;
      if (o.code.empty()) o.code = "a" + std::to_string(i + 1);
      if (Status s = sub.Finish(); !s.ok())
        for (const auto& e : s.error().details) in.AddError(e.field, e.reason, e.message);
      d.options.push_back(std::move(o));
    }
  }
  if (d.kind == VoteKind::kYesNo) d.options = YesNoOptions();
  if (auto s = in.String("rule_set")) {
    if (auto r = ParseVoteRuleSet(*s))
      d.rule_set = *r;
    else
      in.AddError("rule_set", "enum", "未知的表决规则 " + *s);
  } else {
    RequireField(in, "rule_set");
  }
  if (const json::array* list = in.Array("thresholds")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json::value& item = (*list)[i];
      std::string field = "thresholds[" + std::to_string(i) + "]";
      if (!item.is_object()) {
        in.AddError(field, "type", "条件应为 {measure, basis, over, needed, inclusive}");
        continue;
      }
      auto sub = http::JsonReader::Of(item.as_object(), field + ".");
      VoteThreshold t;
      if (auto s = sub.String("measure")) {
        if (auto m = ParseVoteMeasure(*s))
          t.measure = *m;
        else
          in.AddError(field + ".measure", "enum", "应为 participation（参与）或 approval（同意）");
      }
      if (auto s = sub.String("basis")) {
        if (auto b = ParseVoteBasis(*s))
          t.basis = *b;
        else
          in.AddError(field + ".basis", "enum", "应为 area（面积）、headcount（人数）或 dwellings（户数）");
      }
      if (auto s = sub.String("over")) {
        if (auto o = ParseVoteOver(*s))
          t.over = *o;
        else
          in.AddError(field + ".over", "enum", "应为 electorate（全体）或 participants（参与表决的）");
      }
      if (auto s = sub.String("needed")) {
        std::size_t slash = s->find('/');
        std::int64_t num = 0, den = 0;
        bool ok = slash != std::string::npos && slash > 0 && slash + 1 < s->size();
        if (ok) {
          try {
            std::size_t a = 0, b = 0;
            num = std::stoll(s->substr(0, slash), &a);
            den = std::stoll(s->substr(slash + 1), &b);
            ok = a == slash && b == s->size() - slash - 1 && num >= 0 && den > 0 && den <= 1000000 &&
                 num <= den;
          } catch (...) {
            ok = false;
          }
        }
        if (ok)
          t.needed = Fraction::Make(num, den);
        else
          in.AddError(field + ".needed", "fraction_range", "比例应写成分数，如 2/3，且在 0 到 1 之间");
      }
      if (auto b = sub.Bool("inclusive")) t.inclusive = *b;
      if (Status s = sub.Finish(); !s.ok())
        for (const auto& e : s.error().details) in.AddError(e.field, e.reason, e.message);
      d.custom_thresholds.push_back(t);
    }
  }
  if (auto s = in.String("opens_at"))
    d.opens_at = *s;
  else
    RequireField(in, "opens_at");
  if (auto s = in.String("closes_at"))
    d.closes_at = *s;
  else
    RequireField(in, "closes_at");
  NormaliseTime(in, "opens_at", d.opens_at);
  NormaliseTime(in, "closes_at", d.closes_at);
  if (auto b = in.Bool("allow_change")) d.allow_change = *b;
  if (auto b = in.Bool("secret")) d.secret = *b;
  if (auto b = in.Bool("non_voters_follow_majority")) d.non_voters_follow_majority = *b;
  if (auto list = in.StringArray("channels")) v.channels = *list;
  if (const json::object* e = in.Object("electorate")) {
    auto sub = http::JsonReader::Of(*e, "electorate.");
    if (auto s = sub.String("kind")) v.electorate.kind = *s;
    if (auto ids = sub.IdArray("ids")) v.electorate.ids = *ids;
    if (Status s = sub.Finish(); !s.ok())
      for (const auto& d2 : s.error().details) in.AddError(d2.field, d2.reason, d2.message);
  } else {
    RequireField(in, "electorate");
  }
}

// Ok for an empty body or {} (actions without fields); the strict reader's error otherwise.
Status EmptyBody(const Request& req) {
  if (req.body.empty()) return Ok();
  LINLI_TRY(auto in, http::JsonReader::Parse(req.body));
  return in.Finish();
}

// A resident account as an owner (业主). The account's linked resident record decides
// (users.resident_id); an account without the link falls back to the one owner (is_owner) of its
// household whose name is the account's display name — fragile (two owners of one name, a renamed
// account), so it is refused when ambiguous and staff should link the record. The owner's dwellings
// (his own household and those linked to him in household_owners) join the account's scope for
// votes: he sees and votes in the votes of every dwelling he owns.
struct ResidentVoter {
  std::optional<OwnerRecord> owner;  // unset: not recognised as an owner (see problem)
  std::string problem;               // why not, in Chinese (the 403 message)
  Scope scope;                       // the account's scope plus his dwellings
};

Result<ResidentVoter> VoterOf(Auth& auth, const Request& req) {
  ResidentVoter out;
  out.scope = ScopeOf(req);
  const http::Principal& p = req.ctx.principal;
  if (p.role != "resident" || p.user_id == 0) return out;
  LINLI_TRY(auto user, auth.store().GetUser(p.user_id));
  VoteStore& votes = auth.store().Votes();
  const std::string not_owner = "只有房屋的产权人（业主）本人可以网上投票";
  if (user.resident_id) {
    auto owner = votes.FindOwner(*user.resident_id);
    if (!owner.ok()) {
      if (owner.error().code != ErrorCode::kNotFound) return owner.error();
      out.problem = "账号关联的居民档案已不存在，请联系社区重新关联";
      return out;
    }
    out.owner = std::move(*owner);
  } else if (!out.scope.household_ids.empty()) {
    auto home = auth.store().GetHousehold(out.scope.household_ids.front(), Scope::All());
    if (!home.ok()) return home.error();
    std::vector<Id> same_name;
    for (const auto& r : home->residents)
      if (r.is_owner && !r.name.empty() && r.name == p.display_name) same_name.push_back(r.id);
    if (same_name.size() > 1) {
      out.problem = "房屋有同名的产权人，无法确认是哪一位，请社区为账号关联本人的居民档案后再投票";
      return out;
    }
    if (same_name.size() == 1) {
      LINLI_TRY(auto owner, votes.FindOwner(same_name.front()));
      out.owner = std::move(owner);
    }
  }
  if (!out.owner || out.owner->households.empty()) {
    out.owner.reset();
    out.problem = not_owner;
    return out;
  }
  for (Id h : out.owner->households)
    if (std::find(out.scope.household_ids.begin(), out.scope.household_ids.end(), h) ==
        out.scope.household_ids.end())
      out.scope.household_ids.push_back(h);
  return out;
}

// The full detail: the vote, its tally (open and closed votes) and, for a resident, his ballots.
Result<json::object> Detail(VoteStore& votes, Id id, const Request& req, const Scope& scope) {
  LINLI_TRY(auto v, votes.GetVote(id, scope));
  json::object o = VoteJson(v);
  o["tally"] = nullptr;
  if (v.status != "draft") {
    LINLI_TRY(auto t, votes.Tally(id, scope));
    o["tally"] = TallyJson(v, t, IsResident(req));
  }
  if (IsResident(req) && v.status != "draft") {
    json::array mine;
    LINLI_TRY(auto ballots, votes.ListBallots(id, false, scope, PageRequest{0, 500}));
    const auto& own = scope.household_ids;
    for (const auto& b : ballots.items)
      if (std::find(own.begin(), own.end(), b.ballot.household_id) != own.end())
        mine.push_back(json::object{{"household_id", b.ballot.household_id},
                                    {"label", b.label},
                                    {"choice", b.ballot.choice},
                                    {"channel", b.ballot.channel},
                                    {"cast_at", b.ballot.cast_at}});
    o["my_ballots"] = std::move(mine);
  }
  return o;
}

json::array BallotsJson(const std::vector<StoredBallot>& list) {
  json::array a;
  for (const auto& b : list)
    a.push_back(json::object{{"id", b.id},
                             {"household_id", b.ballot.household_id},
                             {"label", b.label},
                             {"channel", b.ballot.channel},
                             {"cast_at", b.ballot.cast_at},
                             {"entered_at", b.entered_at}});
  return a;
}

// A label as it appears in the official result ("同意") or a code ("agree") -> the option code.
std::string OptionCode(const VoteRecord& v, const std::string& text) {
  for (const auto& o : v.definition.options)
    if (o.code == text || o.label == text) return o.code;
  return text;
}

void AddVoteSchemas(http::Router& router) {
  router.AddSchema("VoteOption", Schema({{"code", "string"}, {"label", "string"}, {"abstain", "boolean"}}));
  router.AddSchema("VoteThreshold", Schema({{"code", "string"},
                                            {"measure", "string"},
                                            {"basis", "string"},
                                            {"over", "string"},
                                            {"needed", "string"},
                                            {"needed_num", "integer"},
                                            {"needed_den", "integer"},
                                            {"needed_percent", "string"},
                                            {"inclusive", "boolean"},
                                            {"description_zh", "string"},
                                            {"option", "string"},
                                            {"reached_num", "integer"},
                                            {"reached_den", "integer"},
                                            {"reached_percent", "string"},
                                            {"reached_num_text", "string"},
                                            {"reached_den_text", "string"},
                                            {"met", "boolean"}}));
  router.AddSchema("VoteElectorateSelection", Schema({{"kind", "string"}, {"ids", "[integer]"}}));
  router.AddSchema("VoteInput", Schema({{"community_id", "integer"},
                                        {"title", "string"},
                                        {"description", "string"},
                                        {"deliberation_id", "integer?"},
                                        {"kind", "string"},
                                        {"options", "[#VoteOption]"},
                                        {"rule_set", "string"},
                                        {"thresholds", "[#VoteThreshold]"},
                                        {"opens_at", "string"},
                                        {"closes_at", "string"},
                                        {"allow_change", "boolean"},
                                        {"secret", "boolean"},
                                        {"non_voters_follow_majority", "boolean"},
                                        {"channels", "[string]"},
                                        {"electorate", "#VoteElectorateSelection"}}));
  router.AddSchema("VoteTallyView", Schema({{"total_area", "integer"},
                                            {"total_headcount", "integer"},
                                            {"total_dwellings", "integer"},
                                            {"voted_area", "integer"},
                                            {"voted_headcount", "integer"},
                                            {"voted_dwellings", "integer"},
                                            {"options", "[object]"},
                                            {"thresholds", "[#VoteThreshold]"},
                                            {"participation_met", "boolean"},
                                            {"outcome", "string"},
                                            {"winner", "string"}}));
  router.AddSchema("VoteTally", Schema({{"as_cast", "#VoteTallyView"},
                                        {"with_non_voters", "object?"},
                                        {"outcome", "string"},
                                        {"outcome_zh", "string"},
                                        {"winner", "string"},
                                        {"lines", "[string]"},
                                        {"ballots", "[object]"}}));
  router.AddSchema("Vote", Schema({{"id", "integer"},
                                   {"community_id", "integer"},
                                   {"community_name", "string"},
                                   {"title", "string"},
                                   {"description", "string"},
                                   {"kind", "string"},
                                   {"options", "[#VoteOption]"},
                                   {"rule_set", "string"},
                                   {"rule_set_name", "string"},
                                   {"thresholds", "[#VoteThreshold]"},
                                   {"opens_at", "string"},
                                   {"closes_at", "string"},
                                   {"allow_change", "boolean"},
                                   {"secret", "boolean"},
                                   {"non_voters_follow_majority", "boolean"},
                                   {"channels", "[string]"},
                                   {"electorate", "#VoteElectorateSelection"},
                                   {"electorate_label", "string"},
                                   {"status", "string"},
                                   {"outcome", "string"},
                                   {"winner", "string"},
                                   {"result_source", "string"},
                                   {"dwellings", "integer"},
                                   {"headcount", "integer"},
                                   {"ballots", "integer"},
                                   {"published_at", "string"},
                                   {"tally", "#VoteTally"},
                                   {"my_ballots", "[object]"}}));
  router.AddSchema(
      "VoteList",
      Schema({{"items", "[#Vote]"}, {"total", "integer"}, {"offset", "integer"}, {"limit", "integer"}}));
  router.AddSchema("VoteBallotInput", Schema({{"household_id", "integer"}, {"choice", "string"}}));
  router.AddSchema("VotePaperBallotInput", Schema({{"household_id", "integer"},
                                                   {"choice", "string"},
                                                   {"channel", "string"},
                                                   {"cast_at", "string"},
                                                   {"attachment", "string"},
                                                   {"voter_name", "string"}}));
  router.AddSchema("VoteBallotResult",
                   Schema({{"ballots", "[object]"}, {"skipped", "[string]"}, {"vote", "#Vote"}}));
  router.AddSchema("VoteElectorate", Schema({{"items", "[object]"}, {"total", "integer"}}));
}

}  // namespace

void RegisterVoteRoutes(http::Router& router, std::shared_ptr<Auth> auth) {
  AddVoteSchemas(router);

  std::vector<http::ParamDoc> list_params = PageParams();
  list_params.insert(list_params.begin(), {{"community_id", "integer", false, "社区编号"},
                                           {"status", "string", false, "draft | open | closed"},
                                           {"q", "string", false, "标题中的文字"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/votes",
              .permission = "vote:read",
              .summary = "表决列表（居民：自己房屋参加的表决）",
              .tag = "votes",
              .query_params = list_params,
              .response_schema = "VoteList",
              .handler = [auth](Request& req) -> Response {
                VoteFilter f;
                auto community = OptionalQueryId(req, "community_id");
                if (!community.ok()) return http::ErrorResponse(community.error());
                f.community_id = *community;
                f.status = req.Query("status").value_or("");
                f.q = req.Query("q").value_or("");
                auto page = req.QueryPage();
                if (!page.ok()) return http::ErrorResponse(page.error());
                auto voter = VoterOf(*auth, req);
                if (!voter.ok()) return http::ErrorResponse(voter.error());
                auto list = auth->store().Votes().ListVotes(f, voter->scope, *page);
                if (!list.ok()) return http::ErrorResponse(list.error());
                json::array items;
                for (const auto& v : list->items) items.push_back(VoteJson(v));
                return http::Json(json::object{{"items", std::move(items)},
                                               {"total", list->total},
                                               {"offset", page->offset},
                                               {"limit", page->limit}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/votes",
              .permission = "vote:write",
              .summary = "新建表决（草稿）",
              .tag = "votes",
              .request_schema = "VoteInput",
              .response_schema = "Vote",
              .handler = [auth](Request& req) -> Response {
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                VoteRecord v;
                ReadVote(*in, v);
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                if (v.title.empty())
                  return http::ErrorResponse(Error::Invalid("title", "required", "请填写表决事项"));
                v.created_by = req.ctx.principal.username;
                v.created_at = auth->NowText();
                auto created = auth->store().Votes().CreateVote(v, ScopeOf(req));
                if (!created.ok()) return http::ErrorResponse(created.error());
                json::object o = VoteJson(*created);
                o["tally"] = nullptr;
                return http::Json(o, 201);
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/votes/{id}",
              .permission = "vote:read",
              .summary = "表决详情和计票（每个条件的实际比例、所需比例、是否达到）",
              .tag = "votes",
              .response_schema = "Vote",
              .handler = [auth](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto voter = VoterOf(*auth, req);
                if (!voter.ok()) return http::ErrorResponse(voter.error());
                auto o = Detail(auth->store().Votes(), *id, req, voter->scope);
                if (!o.ok()) return http::ErrorResponse(o.error());
                return http::Json(*o);
              }});

  auto action = [auth](std::string what) {
    return [auth, what](Request& req) -> Response {
      VoteStore& votes = auth->store().Votes();
      auto id = req.PathId();
      if (!id.ok()) return http::ErrorResponse(id.error());
      if (Status s = EmptyBody(req); !s.ok()) return http::ErrorResponse(s.error());
      const std::string now = auth->NowText();
      const std::string& by = req.ctx.principal.username;
      Result<VoteRecord> done = what == "open"    ? votes.OpenVote(*id, by, now, ScopeOf(req))
                                : what == "close" ? votes.CloseVote(*id, by, now, ScopeOf(req))
                                                  : votes.PublishResult(*id, by, now, ScopeOf(req));
      if (!done.ok()) return http::ErrorResponse(done.error());
      auto o = Detail(votes, *id, req, ScopeOf(req));
      if (!o.ok()) return http::ErrorResponse(o.error());
      return http::Json(*o);
    };
  };
  router.Add({.method = "POST",
              .pattern = "/api/v1/votes/{id}/open",
              .permission = "vote:write",
              .summary = "开始表决：按所选范围从居民档案生成并固定投票名单",
              .tag = "votes",
              .response_schema = "Vote",
              .success_status = 200,
              .handler = action("open")});
  router.Add({.method = "POST",
              .pattern = "/api/v1/votes/{id}/close",
              .permission = "vote:close",
              .summary = "结束计票（表决期结束后；全部房屋都已投票时可提前）",
              .tag = "votes",
              .response_schema = "Vote",
              .success_status = 200,
              .handler = action("close")});
  router.Add({.method = "POST",
              .pattern = "/api/v1/votes/{id}/publish",
              .permission = "vote:close",
              .summary = "公布表决结果",
              .tag = "votes",
              .response_schema = "Vote",
              .success_status = 200,
              .handler = action("publish")});

  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/votes/{id}/ballots",
       .permission = "vote:ballot",
       .summary = "业主网上投票（账号关联的居民是产权人的房屋；名下多套房屋一并投）",
       .tag = "votes",
       .request_schema = "VoteBallotInput",
       .response_schema = "VoteBallotResult",
       .handler = [auth](Request& req) -> Response {
         VoteStore& votes = auth->store().Votes();
         auto id = req.PathId();
         if (!id.ok()) return http::ErrorResponse(id.error());
         auto in = http::JsonReader::Parse(req.body);
         if (!in.ok()) return http::ErrorResponse(in.error());
         std::optional<Id> household = in->IdValue("household_id");
         std::string choice;
         if (auto s = in->String("choice"))
           choice = *s;
         else
           RequireField(*in, "choice");
         if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
         const http::Principal& p = req.ctx.principal;
         auto voter = VoterOf(*auth, req);
         if (!voter.ok()) return http::ErrorResponse(voter.error());
         const auto& own = voter->scope.household_ids;
         if (household && std::find(own.begin(), own.end(), *household) == own.end())
           return http::ErrorResponse(ErrorCode::kNotFound, "住户不存在");
         // The vote must be visible to him (404 otherwise) before we say whether he may vote.
         auto vote = votes.GetVote(*id, voter->scope);
         if (!vote.ok()) return http::ErrorResponse(vote.error());
         if (!voter->owner) {
           if (own.empty())
             return http::ErrorResponse(ErrorCode::kPermissionDenied, "账号没有关联住户，不能网上投票");
           return http::ErrorResponse(ErrorCode::kPermissionDenied, voter->problem);
         }
         Ballot b;
         b.household_id = household.value_or(0);
         b.choice = choice;
         b.channel = "online";
         b.cast_at = auth->NowText();
         b.entered_by = p.username;
         auto stored = votes.CastForResident(*id, voter->owner->resident_id, b, b.cast_at, voter->scope);
         if (!stored.ok()) return http::ErrorResponse(stored.error());
         auto o = Detail(votes, *id, req, voter->scope);
         if (!o.ok()) return http::ErrorResponse(o.error());
         json::array skipped;
         for (const auto& label : stored->skipped) skipped.push_back(json::string(label));
         return http::Json(json::object{{"ballots", BallotsJson(stored->ballots)},
                                        {"skipped", std::move(skipped)},
                                        {"vote", std::move(*o)}},
                           201);
       }});

  // The dwellings a registered person owns (his own household when he owns it, and the ones linked
  // to him: 名下其他房屋), so an owner of several dwellings is one voter there.
  auto owned_json = [auth](const OwnerRecord& o) {
    json::array items;
    for (Id h : o.households) {
      auto d = auth->store().GetHousehold(h, Scope::All());
      items.push_back(json::object{{"household_id", h},
                                   {"address", d.ok() ? d->summary.address : std::string()},
                                   {"area_m2", d.ok() ? d->summary.household.area_m2 : 0.0},
                                   {"lives_here", h == o.household_id}});
    }
    return json::object{{"resident_id", o.resident_id},
                        {"household_id", o.household_id},
                        {"is_owner", o.is_owner},
                        {"households", std::move(items)}};
  };
  auto owned_change = [auth, owned_json](bool add) {
    return [auth, owned_json, add](Request& req) -> Response {
      auto id = req.PathId();
      if (!id.ok()) return http::ErrorResponse(id.error());
      Id household = 0;
      if (add) {
        auto in = http::JsonReader::Parse(req.body);
        if (!in.ok()) return http::ErrorResponse(in.error());
        if (auto h = in->IdValue("household_id"))
          household = *h;
        else
          RequireField(*in, "household_id");
        if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
      } else {
        auto h = RequiredQueryId(req, "household_id");
        if (!h.ok()) return http::ErrorResponse(h.error());
        household = *h;
      }
      auto who = auth->store().GetResident(*id, ScopeOf(req));
      if (!who.ok()) return http::ErrorResponse(who.error());
      if (add) {
        auto home = auth->store().GetHousehold(household, ScopeOf(req));
        if (!home.ok())
          return http::ErrorResponse(
              home.error().code == ErrorCode::kNotFound
                  ? Error::Invalid("household_id", "not_found", "住户不存在或不在您的管辖范围")
                  : home.error());
      }
      VoteStore& votes = auth->store().Votes();
      auto done = add ? votes.AddOwnedHousehold(*id, household, req.ctx.principal.username, auth->NowText())
                      : votes.RemoveOwnedHousehold(*id, household);
      if (!done.ok()) return http::ErrorResponse(done.error());
      return http::Json(owned_json(*done));
    };
  };
  router.AddSchema("OwnedHouseholdInput", Schema({{"household_id", "integer"}}));
  router.AddSchema("OwnedHouseholds", Schema({{"resident_id", "integer"},
                                              {"household_id", "integer"},
                                              {"is_owner", "boolean"},
                                              {"households", "[object]"}}));
  router.Add({.method = "GET",
              .pattern = "/api/v1/residents/{id}/owned-households",
              .permission = "resident:read",
              .summary = "居民名下的房屋（本户为产权人时含本户，另含名下其他房屋），业主表决按一人计",
              .tag = "votes",
              .response_schema = "OwnedHouseholds",
              .handler = [auth, owned_json](Request& req) -> Response {
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto who = auth->store().GetResident(*id, ScopeOf(req));
                if (!who.ok()) return http::ErrorResponse(who.error());
                auto o = auth->store().Votes().FindOwner(*id);
                if (!o.ok()) return http::ErrorResponse(o.error());
                return http::Json(owned_json(*o));
              }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/residents/{id}/owned-households",
              .permission = "resident:write",
              .summary = "登记居民名下的另一套房屋（他不住在那里），业主表决时与本户合为一人",
              .tag = "votes",
              .request_schema = "OwnedHouseholdInput",
              .response_schema = "OwnedHouseholds",
              .success_status = 200,
              .handler = owned_change(true)});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/residents/{id}/owned-households",
              .permission = "resident:write",
              .summary = "取消居民名下另一套房屋的登记",
              .tag = "votes",
              .query_params = {{"household_id", "integer", true, "住户编号"}},
              .response_schema = "OwnedHouseholds",
              .success_status = 200,
              .handler = owned_change(false)});

  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/votes/{id}/paper-ballots",
       .permission = "vote:enter",
       .summary = "工作人员录入纸质票或议事厅投票（附扫描件）",
       .tag = "votes",
       .request_schema = "VotePaperBallotInput",
       .response_schema = "VoteBallotResult",
       .handler = [auth](Request& req) -> Response {
         VoteStore& votes = auth->store().Votes();
         auto id = req.PathId();
         if (!id.ok()) return http::ErrorResponse(id.error());
         auto in = http::JsonReader::Parse(req.body);
         if (!in.ok()) return http::ErrorResponse(in.error());
         Ballot b;
         b.channel = "paper";
         if (auto h = in->IdValue("household_id"))
           b.household_id = *h;
         else
           RequireField(*in, "household_id");
         if (auto s = in->String("choice"))
           b.choice = *s;
         else
           RequireField(*in, "choice");
         if (auto s = in->String("channel")) b.channel = *s;
         if (b.channel == "online") in->AddError("channel", "invalid", "工作人员只能录入纸质票或议事厅投票");
         if (auto s = in->String("cast_at")) b.cast_at = *s;
         if (auto s = in->String("attachment")) b.attachment = *s;
         if (auto s = in->String("voter_name")) b.voter_name = *s;
         NormaliseTime(*in, "cast_at", b.cast_at);
         if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
         const std::string now = auth->NowText();
         if (b.cast_at.empty()) b.cast_at = now;
         b.entered_by = req.ctx.principal.username;
         auto stored = votes.CastBallot(*id, b, now, ScopeOf(req));
         if (!stored.ok()) return http::ErrorResponse(stored.error());
         auto o = Detail(votes, *id, req, ScopeOf(req));
         if (!o.ok()) return http::ErrorResponse(o.error());
         return http::Json(json::object{{"ballots", BallotsJson({*stored})}, {"vote", std::move(*o)}}, 201);
       }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/votes/{id}/electorate",
              .permission = "vote:enter",
              .summary = "投票名单：每户是否已投票（记名表决时含意见）",
              .tag = "votes",
              .response_schema = "VoteElectorate",
              .handler = [auth](Request& req) -> Response {
                VoteStore& votes = auth->store().Votes();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto v = votes.GetVote(*id, ScopeOf(req));
                if (!v.ok()) return http::ErrorResponse(v.error());
                auto e = votes.GetElectorate(*id, ScopeOf(req));
                if (!e.ok()) return http::ErrorResponse(e.error());
                auto ballots = votes.ListBallots(*id, false, ScopeOf(req), PageRequest{0, 1000000});
                if (!ballots.ok()) return http::ErrorResponse(ballots.error());
                std::unordered_map<Id, const StoredBallot*> by_household;
                for (const auto& b : ballots->items) by_household[b.ballot.household_id] = &b;
                json::array items;
                for (std::size_t i = 0; i < e->dwellings.size(); ++i) {
                  const Dwelling& d = e->dwellings[i];
                  auto it = by_household.find(d.household_id);
                  json::object o{{"household_id", d.household_id},
                                 {"label", d.label},
                                 {"area_m2", FormatCentiares(d.area_centiares)},
                                 {"voter", e->voter_of[i] + 1},
                                 {"developer_unsold", d.developer_unsold},
                                 {"voted", it != by_household.end()}};
                  if (it != by_household.end()) {
                    o["channel"] = it->second->ballot.channel;
                    o["cast_at"] = it->second->ballot.cast_at;
                    if (!v->definition.secret) o["choice"] = it->second->ballot.choice;
                  }
                  items.push_back(std::move(o));
                }
                std::int64_t total = static_cast<std::int64_t>(items.size());
                return http::Json(json::object{{"items", std::move(items)}, {"total", total}});
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/votes/{id}/electorate.xlsx",
              .permission = "vote:write",
              .summary = "导出投票名单（.xlsx，报送市级业主决策平台；不含个人信息）",
              .tag = "votes",
              .handler = [auth](Request& req) -> Response {
                VoteStore& votes = auth->store().Votes();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto v = votes.GetVote(*id, ScopeOf(req));
                if (!v.ok()) return http::ErrorResponse(v.error());
                if (v->status == "draft")
                  return http::ErrorResponse(Error::Conflict("表决还没有开始，投票名单尚未生成", "status"));
                auto e = votes.GetElectorate(*id, ScopeOf(req));
                if (!e.ok()) return http::ErrorResponse(e.error());
                io::XlsxSheet sheet;
                sheet.name = "投票名单";
                sheet.headers = {"序号",     "房屋编号",   "房屋",    "专有部分面积（平方米）",
                                 "业主序号", "开发商未售", "表决意见"};
                for (std::size_t i = 0; i < e->dwellings.size(); ++i) {
                  const Dwelling& d = e->dwellings[i];
                  sheet.rows.push_back({std::to_string(i + 1), std::to_string(d.household_id), d.label,
                                        FormatCentiares(d.area_centiares), std::to_string(e->voter_of[i] + 1),
                                        d.developer_unsold ? "是" : "", ""});
                }
                io::XlsxSheet about;
                about.name = "说明";
                about.headers = {"项目", "内容"};
                about.rows = {{"表决事项", v->title},
                              {"表决范围", v->electorate_label},
                              {"表决规则", std::string(VoteRuleSetNameZh(v->definition.rule_set))},
                              {"表决期", ChinesePeriod(v->definition.opens_at, v->definition.closes_at)},
                              {"房屋", std::to_string(e->dwellings.size()) + " 户"},
                              {"业主", std::to_string(e->headcount) + " 人"},
                              {"专有部分面积", FormatCentiares(e->total_area) + " 平方米"},
                              {"回填说明", "在“表决意见”一列填写：" + [&] {
                                 std::string s;
                                 for (const auto& o : v->definition.options)
                                   s += (s.empty() ? "" : "、") + o.label;
                                 return s;
                               }() + "；未投票的留空"}};
                auto bytes = io::WriteXlsx({sheet, about});
                if (!bytes.ok()) return http::ErrorResponse(bytes.error());
                service::ExportFile file{"投票名单_" + std::to_string(v->id) + ".xlsx", std::move(*bytes)};
                return AuditedXlsx(*auth, req, "vote_electorate", std::move(file));
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/votes/{id}/official-result",
              .permission = "vote:write",
              .summary = "导入市级业主决策平台的表决结果（.xlsx/.csv：房屋编号、表决意见）并结束计票",
              .tag = "votes",
              .query_params = {{"filename", "string", false, "原文件名"}},
              .response_schema = "Vote",
              .max_body = 20 << 20,
              .success_status = 200,
              .handler = [auth](Request& req) -> Response {
                VoteStore& votes = auth->store().Votes();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                const std::string filename = req.Query("filename").value_or("official.xlsx");
                auto table = io::ReadTable(req.body, filename, io::ReadLimits{});
                if (!table.ok()) return http::ErrorResponse(table.error());
                const auto& header = table->rows[0];
                int col_household = -1, col_choice = -1, col_time = -1;
                for (std::size_t i = 0; i < header.size(); ++i) {
                  if (header[i] == "房屋编号") col_household = static_cast<int>(i);
                  if (header[i] == "表决意见") col_choice = static_cast<int>(i);
                  if (header[i] == "投票时间") col_time = static_cast<int>(i);
                }
                if (col_household < 0 || col_choice < 0)
                  return http::ErrorResponse(Error::Invalid(
                      "file", "columns", "文件缺少“房屋编号”或“表决意见”列（请用导出的投票名单回填）"));
                auto v = votes.GetVote(*id, ScopeOf(req));
                if (!v.ok()) return http::ErrorResponse(v.error());
                std::vector<Ballot> ballots;
                std::vector<std::size_t> file_row;  // ballot i came from this row of the file (1 = header)
                Error bad = Error::Invalid("rows", "invalid", "");
                bad.details.clear();
                for (std::size_t r = 1; r < table->rows.size(); ++r) {
                  const auto& row = table->rows[r];
                  auto cell = [&](int c) {
                    return c >= 0 && c < static_cast<int>(row.size()) ? row[c] : std::string();
                  };
                  const std::string choice = cell(col_choice);
                  if (choice.empty()) continue;  // did not vote
                  Ballot b;
                  try {
                    b.household_id = std::stoll(cell(col_household));
                  } catch (...) {
                    bad.details.push_back({"rows[" + std::to_string(r - 1) + "].household_id", "format",
                                           "第 " + std::to_string(r + 1) + " 行的房屋编号不是数字"});
                    continue;
                  }
                  b.choice = OptionCode(*v, choice);
                  const std::string at = cell(col_time);
                  if (!at.empty()) {
                    auto s = ParseIsoSeconds(at);
                    if (s.ok()) b.cast_at = FormatIsoUtc(*s);
                  }
                  ballots.push_back(std::move(b));
                  file_row.push_back(r + 1);
                }
                if (!bad.details.empty()) {
                  bad.field = bad.details[0].field, bad.message = bad.details[0].message;
                  return http::ErrorResponse(bad);
                }
                auto done = votes.ImportOfficialResult(*id, ballots, filename, req.ctx.principal.username,
                                                       auth->NowText(), ScopeOf(req));
                if (!done.ok()) {
                  // "rows[i]..." -> the message names the file's row ("第 3 行：…").
                  Error e = std::move(done.error());
                  for (auto& d : e.details) {
                    if (!d.field.starts_with("rows[")) continue;
                    std::size_t i = std::strtoull(d.field.c_str() + 5, nullptr, 10);
                    if (i < file_row.size())
                      d.message = "第 " + std::to_string(file_row[i]) + " 行：" + d.message;
                  }
                  if (!e.details.empty()) e.message = e.details[0].message;
                  return http::ErrorResponse(e);
                }
                auto o = Detail(votes, *id, req, ScopeOf(req));
                if (!o.ok()) return http::ErrorResponse(o.error());
                return http::Json(*o);
              }});
}

}  // namespace linli::api
