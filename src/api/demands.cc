// Demands (接诉即办) — docs/api.md "Demands". Routes (all under /api/v1):
//   GET  /demands                       demand:read      list / search (scope-filtered)
//   GET  /demands/export                demand:export    .xlsx of the filtered list (audited)
//   POST /demands                       demand:create    intake by staff / worker (Idempotency-Key)
//   POST /demands/submit                demand:submit    a resident submits his own (Idempotency-Key)
//   GET  /demands/{id}                  demand:read      detail: demand, events, attachments, children, parent
//   POST /demands/{id}/actions          demand:read      + the action's own code (handle / dispatch / callback)
//   GET  /demands/duplicates            demand:read      candidates at intake
//   GET  /demands/suggest-category      demand:read      top 3 categories for a text
//   POST /demands/attachments           demand:read      upload (JPEG/PNG/WebP/PDF by content, ≤ 10 MB)
//   GET  /demands/attachments/{id}      demand:read      the file (when its demand is visible)
//   GET  /demand-categories             meta:read        the tree
//   PUT  /demand-categories             demand:config    replace the tree
//   GET  /demand-settings               demand:config    weights, deadlines
//   PUT  /demand-settings               demand:config
//   GET  /demands/rates                 demand:rates     three rates per group
//   GET  /demands/rates/monthly         demand:rates     12 months
//   GET  /demands/rates/export          demand:rates     .xlsx monthly report (audited)
//   GET  /demands/trend                 demand:rates     volume per month per top-level category
//   GET  /demands/hotspots              demand:rates     frequent places × topics
//   GET  /demands/due                   demand:read      overdue + due within 24 h
//   POST /demands/import                demand:import    12345 tickets (.xlsx/.csv): preview / commit
//   POST /bench/noop                    demand:create    only with ApiOptions::bench_noop_route
#include "api/demands.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "access/masking.h"
#include "api/demand_json.h"
#include "api/hotline_import.h"
#include "api/open311_format.h"
#include "domain/address.h"
#include "domain/demand_text.h"
#include "domain/validation.h"
#include "io/table.h"
#include "service/demand_import.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

using http::ErrorResponse;

Response Err(const Error& e) { return ErrorResponse(e); }

bool IsRole(const Request& req, std::string_view role) { return req.ctx.principal.role == role; }

// ------------------------------------------------------------------ text similarity
// Character-bigram Dice coefficient over the normalised texts (Chinese has no spaces; bigrams are
// the usual unit). 0..1.
std::vector<std::string> Bigrams(std::string_view text) {
  std::string norm = NormalizeSearchText(text);
  std::vector<std::string> cps;
  for (std::size_t i = 0; i < norm.size();) {
    unsigned char c = static_cast<unsigned char>(norm[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    cps.push_back(norm.substr(i, len));
    i += len;
  }
  std::vector<std::string> grams;
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) grams.push_back(cps[i] + cps[i + 1]);
  if (grams.empty() && !cps.empty()) grams.push_back(cps[0]);
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

double Similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

// Keywords that point at a category (beyond the category's own name).
const std::vector<std::pair<std::string, std::vector<std::string>>>& CategoryKeywords() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> k = {
      {"environment", {"垃圾", "脏", "卫生", "臭", "污水", "厕所", "绿化", "老鼠", "蚊"}},
      {"garbage", {"分类", "垃圾桶", "桶站", "厨余", "装修垃圾", "大件"}},
      {"property", {"物业", "电梯", "门禁", "保安", "维修", "物业费"}},
      {"parking", {"停车", "车位", "消防通道", "僵尸车", "电动车", "充电"}},
      {"noise", {"噪音", "吵", "广场舞", "装修", "施工"}},
      {"housing", {"漏水", "房屋", "墙", "屋顶", "楼道", "修缮"}},
      {"heating", {"暖气", "供暖", "不热", "采暖"}},
      {"utilities", {"停水", "停电", "燃气", "煤气", "水压", "自来水", "电路"}},
      {"elevator_retrofit", {"加装电梯", "装电梯"}},
      {"neighbour", {"邻居", "纠纷", "矛盾", "占用"}},
      {"elderly", {"老人", "养老", "助餐", "独居"}},
      {"security", {"治安", "小偷", "被盗", "安全", "监控"}},
  };
  return k;
}

struct KeywordScore {
  std::string code, name;
  double score = 0;
};

std::vector<KeywordScore> SuggestByKeywords(const std::vector<DemandCategory>& tree, std::string_view text,
                                             std::size_t top) {
  std::string norm = NormalizeSearchText(text);
  auto grams = Bigrams(text);
  std::vector<KeywordScore> out;
  std::map<std::string, std::string> top_of;  // code -> top-level code
  for (const auto& c : tree) {
    std::string t = c.code;
    std::string parent = c.parent_code;
    while (!parent.empty()) {
      t = parent;
      parent.clear();
      for (const auto& p : tree)
        if (p.code == t) parent = p.parent_code;
    }
    top_of[c.code] = t;
  }
  for (const auto& c : tree) {
    double s = Similarity(grams, Bigrams(c.name_zh));
    std::string name = NormalizeSearchText(c.name_zh);
    if (!name.empty() && norm.find(name) != std::string::npos) s += 1.0;
    for (const auto& [code, words] : CategoryKeywords()) {
      if (top_of[c.code] != code && c.code != code) continue;
      for (const auto& w : words)
        if (norm.find(w) != std::string::npos) s += c.parent_code.empty() ? 0.3 : 0.1;
    }
    if (s > 0) out.push_back({c.code, c.name_zh, s});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  if (out.size() > top) out.resize(top);
  double best = out.empty() ? 1 : std::max(1.0, out.front().score);
  for (auto& c : out) c.score = std::round(c.score / best * 1000) / 1000;
  return out;
}

// ------------------------------------------------------------------ address -> household index
// Whether a normalised address text can name a household at all: a building or unit word
// ("水月院 2号楼 1单元 301", "3栋 502", "A座 1203") and at least 4 bytes. Otherwise no lookup is made.
bool MayNameHousehold(std::string_view want) {
  if (want.size() < 4) return false;
  for (std::string_view w : {"号楼", "栋", "幢", "座", "单元"})
    if (want.find(w) != std::string_view::npos) return true;
  return false;
}

// Intake resolves a typed address to a household of the community. ResolveAddress does it with a
// household search (a quarter of an intake's time); this index answers from memory: per
// community, every household's normalised display address -> its id and display address, built
// lazily with one listing of the community's households and rebuilt when older than kTtl.
// The answer is ResolveAddress's: exactly one household whose normalised address equals a suffix
// of the normalised text; several -> none. What a stale index can do:
//  - a household added since the build: not in the index; a miss falls back to the search, which
//    finds it (and the community's index is dropped, rebuilt on the next intake);
//  - a household deleted since the build: the store refuses the intake (household not found);
//    Intake drops the index and resolves again with the search;
//  - a household renamed (or a second one given the same address) since the build: its old
//    address may still resolve to it until the index is rebuilt — at most kTtl (60 s).
// Communities above kMaxHouseholds keep the search (the index would hold too much memory).
class AddressIndex {
 public:
  static constexpr std::chrono::seconds kTtl{60};
  static constexpr std::int64_t kMaxHouseholds = 50000;
  enum class Answer { kHit, kNone, kAmbiguous, kUnknown };  // kNone: not in the index; kUnknown: no index

  Answer Find(Store& store, Id community_id, std::string_view want, Id* id, std::string* address) {
    auto entry = Get(store, community_id);
    if (!entry || entry->too_large) return Answer::kUnknown;
    const std::pair<Id, std::string>* hit = nullptr;
    // Every suffix of the text starting on a character boundary (UTF-8 continuation bytes skipped).
    for (std::size_t i = 0; i < want.size(); ++i) {
      if ((static_cast<unsigned char>(want[i]) & 0xC0) == 0x80) continue;
      auto it = entry->by_address.find(std::string(want.substr(i)));
      if (it == entry->by_address.end()) continue;
      if (it->second.first == 0 || (hit && hit->first != it->second.first)) return Answer::kAmbiguous;
      hit = &it->second;
    }
    if (!hit) return Answer::kNone;
    *id = hit->first;
    if (address) *address = hit->second;
    return Answer::kHit;
  }
  void Forget(Id community_id) {
    std::lock_guard lock(mu_);
    entries_.erase(community_id);
  }

 private:
  struct Entry {
    std::chrono::steady_clock::time_point built;
    bool too_large = false;
    // normalised address -> (household id, display address); id 0 = several households
    std::unordered_map<std::string, std::pair<Id, std::string>> by_address;
  };
  std::shared_ptr<const Entry> Get(Store& store, Id community_id) {
    auto fresh = [&](const std::shared_ptr<const Entry>& e) {
      return e && std::chrono::steady_clock::now() - e->built < kTtl;
    };
    std::shared_ptr<const Entry> stale;
    {
      std::lock_guard lock(mu_);
      if (auto it = entries_.find(community_id); it != entries_.end()) {
        if (fresh(it->second)) return it->second;
        stale = it->second;
      }
    }
    // One build at a time; while one runs, the others answer from the expired index when there
    // is one (older by one build's time at most), else wait for it.
    std::unique_lock build(build_mu_, std::try_to_lock);
    if (!build.owns_lock()) {
      if (stale) return stale;
      build.lock();
    }
    {
      std::lock_guard lock(mu_);
      if (auto it = entries_.find(community_id); it != entries_.end() && fresh(it->second)) return it->second;
    }
    auto e = std::make_shared<Entry>();
    e->built = std::chrono::steady_clock::now();
    HouseholdFilter f;
    f.scope = Scope::All();
    f.community_id = community_id;
    constexpr std::int64_t kPage = 1000;
    for (std::int64_t offset = 0;; offset += kPage) {
      auto page = store.ListHouseholds(f, PageRequest{offset, kPage});
      if (!page.ok()) return nullptr;  // the search answers this time
      if (page->total > kMaxHouseholds) {
        e->too_large = true;
        e->by_address.clear();
        break;
      }
      for (const auto& h : page->items) {
        std::string key = NormalizeSearchText(h.address);
        if (key.empty()) continue;
        auto [it, added] = e->by_address.try_emplace(std::move(key), h.household.id, h.address);
        if (!added && it->second.first != h.household.id) it->second.first = 0;
      }
      if (static_cast<std::int64_t>(page->items.size()) < kPage) break;
    }
    std::lock_guard lock(mu_);
    if (entries_.size() > 1000) entries_.clear();
    entries_[community_id] = e;
    return e;
  }
  std::mutex mu_, build_mu_;
  std::unordered_map<Id, std::shared_ptr<const Entry>> entries_;
};

// ------------------------------------------------------------------ the API object
struct DemandApi {
  std::shared_ptr<Auth> auth;
  Store& store;
  service::AttachmentFiles files;
  DemandStore& demands() { return store.Demands(); }
  std::string Now() const { return auth->NowText(); }

  // Display names (category zh names, grid names) cached for a short while: every response
  // shows them, they change rarely (PUT /demand-categories clears the cache at once; a renamed
  // grid shows within kNameTtl).
  static constexpr std::chrono::seconds kNameTtl{30};
  std::mutex mu;
  std::chrono::steady_clock::time_point names_at{};
  std::shared_ptr<const std::map<std::string, std::string, std::less<>>> category_names;
  std::shared_ptr<const std::vector<DemandCategory>> category_tree;  // beside the names, same TTL
  std::shared_ptr<const std::vector<DemandCategory>> TreeCached();
  std::unordered_map<Id, std::string> grid_names;
  std::shared_ptr<const std::map<std::string, std::string, std::less<>>> CategoryNamesCached();
  std::string GridName(Id grid_id);
  void ForgetNames() {
    std::lock_guard lock(mu);
    category_names.reset();
    category_tree.reset();
    grid_names.clear();
    deadlines_at = {};
  }
  // The deadline policy of the settings when one was saved (nullopt = the store's defaults),
  // cached like the names.
  std::chrono::steady_clock::time_point deadlines_at{};
  std::optional<DemandDeadlinePolicy> deadlines;
  std::optional<DemandDeadlinePolicy> CustomDeadlines();
  AddressIndex addresses;
  // ResolveAddress through the index; `indexed` (optional) tells whether the index answered.
  std::optional<Id> Resolve(Id community_id, std::string_view address_text, std::string* address, bool* indexed);
};

std::optional<Id> DemandApi::Resolve(Id community_id, std::string_view address_text, std::string* address,
                                     bool* indexed) {
  if (indexed) *indexed = false;
  std::string want = NormalizeSearchText(address_text);
  if (!MayNameHousehold(want)) return std::nullopt;
  Id id = 0;
  switch (addresses.Find(store, community_id, want, &id, address)) {
    case AddressIndex::Answer::kHit:
      if (indexed) *indexed = true;
      return id;
    case AddressIndex::Answer::kAmbiguous:
      return std::nullopt;
    case AddressIndex::Answer::kNone: {
      auto found = ResolveAddress(store, community_id, address_text, address);
      if (found) addresses.Forget(community_id);  // a household the index does not know yet
      return found;
    }
    case AddressIndex::Answer::kUnknown:
      break;
  }
  return ResolveAddress(store, community_id, address_text, address);
}

std::vector<DemandCategory> Tree(DemandApi& api) {
  auto tree = api.demands().ListCategories();
  return tree.ok() ? *tree : SeedDemandCategories();
}

Status ApplyDeadlines(DemandApi& api, Demand& d, const std::string& now);

std::shared_ptr<const std::map<std::string, std::string, std::less<>>> DemandApi::CategoryNamesCached() {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu);
    if (category_names && category_tree && now - names_at < kNameTtl) return category_names;
  }
  auto tree = std::make_shared<const std::vector<DemandCategory>>(Tree(*this));
  auto fresh = std::make_shared<const std::map<std::string, std::string, std::less<>>>(CategoryNames(*tree));
  std::lock_guard lock(mu);
  if (now - names_at >= kNameTtl) grid_names.clear();
  category_names = fresh;
  category_tree = tree;
  names_at = now;
  return fresh;
}

// The category tree as CategoryNamesCached last read it (PUT /demand-categories clears it).
std::shared_ptr<const std::vector<DemandCategory>> DemandApi::TreeCached() {
  CategoryNamesCached();
  {
    std::lock_guard lock(mu);
    if (category_tree) return category_tree;
  }
  return std::make_shared<const std::vector<DemandCategory>>(Tree(*this));  // cleared meanwhile
}

std::string DemandApi::GridName(Id grid_id) {
  {
    std::lock_guard lock(mu);
    if (auto it = grid_names.find(grid_id); it != grid_names.end()) return it->second;
  }
  auto g = store.GetGrid(grid_id, Scope::All());
  std::string name = g.ok() ? g->grid.name : std::string();
  std::lock_guard lock(mu);
  if (grid_names.size() > 100000) grid_names.clear();
  grid_names[grid_id] = name;
  return name;
}

// The category suggestion: the domain's naive Bayes classifier trained on the category names and
// the closed demands the caller can see (up to 2,000, newest first); the keyword table when the
// classifier has nothing to say.
std::vector<KeywordScore> SuggestCategories(DemandApi& api, const DemandScope& scope, std::string_view text) {
  auto tree = Tree(api);
  std::map<std::string, std::string> names;
  DemandCategoryClassifier nb;
  for (const auto& c : tree) {
    names[c.code] = c.name_zh;
    nb.Add(c.name_zh, c.code);
  }
  DemandFilter f;
  f.status = "closed";
  if (auto closed = api.demands().ListDemands(f, scope, PageRequest{0, 2000}); closed.ok())
    for (const auto& d : closed->items) nb.Add(d.description, d.category_code);
  std::vector<KeywordScore> out;
  for (const auto& c : nb.Suggest(text, 3))
    out.push_back({c.category_code, names[c.category_code], std::round(c.score * 1000) / 1000});
  if (out.empty()) out = SuggestByKeywords(tree, text, 3);
  return out;
}

// Extras for a set of demands: category names (one tree read), grid names (cached), household
// addresses (only when `with_address`, one lookup per household).
class ExtrasMaker {
 public:
  ExtrasMaker(DemandApi& api, bool with_address) : api_(api), with_address_(with_address) {
    names_ = api.CategoryNamesCached();
  }
  // The household's display address when the caller already knows it (intake resolved it).
  std::string known_address;
  DemandExtras operator()(const Demand& d) {
    DemandExtras e;
    if (auto it = names_->find(d.category_code); it != names_->end()) e.category_name = it->second;
    if (d.grid_id) e.grid_name = api_.GridName(*d.grid_id);
    if (!known_address.empty() && d.household_id) e.household_address = known_address;
    else if (with_address_ && d.household_id) {
      auto h = api_.store.GetHousehold(*d.household_id, Scope::All());
      if (h.ok()) e.household_address = h->summary.address;
    }
    return e;
  }

 private:
  DemandApi& api_;
  bool with_address_;
  std::shared_ptr<const std::map<std::string, std::string, std::less<>>> names_;
};

json::object Show(DemandApi& api, const Request& req, const Demand& d, ExtrasMaker& extras) {
  return DemandToJson(d, api.Now(), extras(d), ViewOf(req));
}

// ------------------------------------------------------------------ filters
Result<DemandFilter> ParseDemandFilter(DemandApi& api, const Request& req) {
  DemandFilter f;
  f.q = req.Query("q").value_or("");
  f.status = req.Query("status").value_or("");
  f.category_code = req.Query("category").value_or(req.Query("category_code").value_or(""));
  LINLI_TRY(f.community_id, OptionalQueryId(req, "community_id"));
  LINLI_TRY(f.grid_id, OptionalQueryId(req, "grid_id"));
  LINLI_TRY(f.building_id, OptionalQueryId(req, "building_id"));
  LINLI_TRY(f.household_id, OptionalQueryId(req, "household_id"));
  LINLI_TRY(f.assignee_user_id, OptionalQueryId(req, "assignee_user_id"));
  LINLI_TRY(f.parent_id, OptionalQueryId(req, "parent_id"));
  f.channel = req.Query("channel").value_or("");
  f.urgency = req.Query("urgency").value_or("");
  f.nature = req.Query("nature").value_or("");
  f.assignee_kind = req.Query("assignee_kind").value_or("");
  f.from = req.Query("from").value_or("");
  f.to = req.Query("to").value_or("");
  f.order = req.Query("order").value_or("");
  LINLI_TRY(auto overdue, req.QueryBool("overdue"));
  LINLI_TRY(auto due_soon, req.QueryBool("due_soon"));
  LINLI_TRY(auto mine, req.QueryBool("mine"));
  f.overdue = overdue.value_or(false);
  f.due_soon = due_soon.value_or(false);
  f.now = api.Now();
  if (mine.value_or(false)) {
    const auto& p = req.ctx.principal;
    if (p.user_id == 0) return Error::Invalid("mine", "no_user", "接口令牌没有“我的”诉求");
    if (IsRole(req, "resident")) f.reporter_user_id = p.user_id;
    else f.assignee_user_id = p.user_id;
  }
  return f;
}

std::vector<http::ParamDoc> DemandFilterParams() {
  return {{"q", "string", false, "诉求内容、地址或诉求人中的两个字以上，或工单编号 / 12345 工单号"},
          {"status", "string", false, "状态代码，open = 未办结，多个用逗号分隔"},
          {"category", "string", false, "分类代码（含下级）"},
          {"community_id", "integer", false, "社区"},
          {"grid_id", "integer", false, "网格"},
          {"assignee_user_id", "integer", false, "承办人"},
          {"channel", "string", false, "来源渠道"},
          {"urgency", "string", false, "紧急程度"},
          {"nature", "string", false, "诉求性质"},
          {"from", "string", false, "登记日期起（含），YYYY-MM-DD"},
          {"to", "string", false, "登记日期止（含），YYYY-MM-DD"},
          {"overdue", "boolean", false, "只看已超期"},
          {"due_soon", "boolean", false, "只看 24 小时内到期"},
          {"mine", "boolean", false, "我的：居民 = 我提交的，其他 = 派给我的"},
          {"order", "string", false, "newest（默认）或 due"}};
}

// ------------------------------------------------------------------ intake
struct IntakeBody {
  Demand d;
  std::vector<Id> attachment_ids;
  std::optional<Id> parent_id;
  std::optional<Id> community_id;
};

// The fields of POST /demands (staff) or /demands/submit (resident: `resident` = true).
Result<IntakeBody> ReadIntake(std::string_view body, bool resident) {
  LINLI_TRY(auto in, http::JsonReader::Parse(body));
  IntakeBody b;
  Demand& d = b.d;
  if (!resident) {
    d.channel = in.String("channel").value_or("");
    d.external_number = in.String("external_number").value_or("");
    d.reporter_name = in.String("reporter_name").value_or("");
    d.reporter_resident_id = in.IdValue("reporter_resident_id");
    d.household_id = in.IdValue("household_id");
    b.community_id = in.IdValue("community_id");
    b.parent_id = in.IdValue("parent_id");
  }
  d.nature = in.String("nature").value_or("");
  d.category_code = in.String("category_code").value_or("");
  d.urgency = in.String("urgency").value_or(resident ? "normal" : "");
  d.description = in.String("description").value_or("");
  d.address_text = in.String("address_text").value_or("");
  std::string phone = in.String("reporter_phone").value_or("");
  b.attachment_ids = in.IdArray("attachment_ids").value_or(std::vector<Id>{});
  if (!resident && d.channel.empty()) in.AddError("channel", "required", "请选择诉求来源");
  else if (!resident && !IsDemandChannel(d.channel)) in.AddError("channel", "unknown", "来源渠道不认识：" + d.channel);
  if (d.nature.empty()) in.AddError("nature", "required", "请选择诉求性质");
  else if (!IsDemandNature(d.nature)) in.AddError("nature", "unknown", "诉求性质不认识：" + d.nature);
  if (d.urgency.empty()) d.urgency = "normal";
  if (!IsDemandUrgency(d.urgency)) in.AddError("urgency", "unknown", "紧急程度不认识：" + d.urgency);
  if (d.category_code.empty()) in.AddError("category_code", "required", "请选择问题分类");
  if (d.description.find_first_not_of(" \t\r\n") == std::string::npos)
    in.AddError("description", "required", "请填写诉求内容");
  else if (d.description.size() > 4000)
    in.AddError("description", "too_long", "诉求内容太长（最多约 1300 字）");
  if (!phone.empty()) {
    auto p = NormalizePhone(phone, "reporter_phone");
    if (p.ok()) d.reporter_phone = *p;
    else in.AddError("reporter_phone", p.error().details.empty() ? "phone_format" : p.error().details[0].reason,
                     p.error().message);
  } else if (!resident && !d.reporter_resident_id) {
    in.AddError("reporter_phone", "required", "请填写诉求人的联系电话");
  }
  if (!resident && !d.household_id && d.address_text.empty() && !b.community_id)
    in.AddError("address_text", "required", "请填写诉求地址或选择住户");
  LINLI_TRY_STATUS(in.Finish());
  return b;
}

// Candidates for a new (or typed) demand, best first, ≤ 10.
Result<json::array> Duplicates(DemandApi& api, const Request& req, const DemandScope& scope, Id community_id,
                               std::optional<Id> building_id, std::optional<Id> grid_id, std::string_view text,
                               std::optional<Id> exclude, std::string_view category_code = {}, int limit = 200) {
  DuplicateQuery q;
  q.limit = limit;
  q.community_id = community_id;
  q.building_id = building_id;
  q.grid_id = grid_id;
  q.now = api.Now();
  LINLI_TRY(auto candidates, api.demands().DuplicateCandidates(q, scope));
  Demand probe;
  probe.id = exclude.value_or(0);
  probe.description = std::string(text);
  probe.building_id = building_id;
  probe.category_code = std::string(category_code);
  std::vector<DuplicateMatch> ranked = RankDuplicateCandidates(probe, candidates);
  std::unordered_map<Id, const Demand*> by_id;
  for (const auto& c : candidates) by_id[c.id] = &c;
  std::vector<std::pair<double, const Demand*>> scored;
  for (const auto& m : ranked)
    if (auto it = by_id.find(m.id); it != by_id.end()) scored.push_back({m.score, it->second});
  json::array out;
  for (std::size_t i = 0; i < scored.size() && i < 10; ++i) {
    const Demand& d = *scored[i].second;
    out.push_back(json::object{{"id", d.id},
                               {"number", d.number},
                               {"description", d.description},
                               {"status", d.status},
                               {"category_code", d.category_code},
                               {"created_at", d.created_at},
                               {"address_text", d.address_text},
                               {"score", std::round(scored[i].first * 1000) / 1000}});
  }
  return out;
}

// The 201 of an intake. `duplicates` is filled only when the caller asks (?duplicates=true): the
// console shows candidates while the form is filled (GET /demands/duplicates) and does not use
// them here, and ranking them was a quarter of an intake's time. Without the flag the array is
// empty (the answer keeps its shape).
Response CreatedResponse(DemandApi& api, const Request& req, const DemandScope& scope, const CreatedDemand& made,
                         std::string known_address = {}) {
  ExtrasMaker extras(api, known_address.empty());
  extras.known_address = std::move(known_address);
  json::array dups;
  auto want_dups = req.QueryBool("duplicates");
  if (!made.existing && want_dups.ok() && want_dups->value_or(false)) {
    auto d = Duplicates(api, req, scope, made.demand.community_id, made.demand.building_id, made.demand.grid_id,
                        made.demand.description, made.demand.id, made.demand.category_code, /*limit=*/20);
    if (d.ok()) dups = std::move(*d);
  }
  return http::Json(json::object{{"demand", Show(api, req, made.demand, extras)}, {"duplicates", std::move(dups)}},
                    201);
}

Response Intake(DemandApi& api, Request& req) {
  if (auto q = req.QueryBool("duplicates"); !q.ok()) return Err(q.error());
  auto body = ReadIntake(req.body, /*resident=*/false);
  if (!body.ok()) return Err(body.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  Demand& d = body->d;
  std::string known_address;
  bool indexed = false;  // the household came from the address index (which may be stale)
  // Where: the household (must be visible to the caller), else the typed address in the caller's
  // (or the given) community.
  if (d.household_id) {
    auto h = api.store.GetHousehold(*d.household_id, ScopeOf(req));
    if (!h.ok()) return Err(AsFieldReference(StatusOf(h), "household_id", "住户").error());
    d.community_id = h->summary.community_id;
    known_address = h->summary.address;
    if (d.address_text.empty()) d.address_text = h->summary.address;
  } else {
    std::optional<Id> community = body->community_id ? body->community_id : CallerCommunity(api.store, req);
    if (!community)
      return Err(Error::Invalid("community_id", "required", "地址无法对应到社区，请选择社区"));
    // The store refuses a community outside the caller's scope (kNotFound, mapped below).
    d.community_id = *community;
    d.household_id = api.Resolve(*community, d.address_text, &known_address, &indexed);
  }
  if (d.reporter_resident_id) {
    auto r = api.store.GetResident(*d.reporter_resident_id, ScopeOf(req));
    if (!r.ok()) return Err(AsFieldReference(StatusOf(r), "reporter_resident_id", "居民").error());
    if (d.reporter_name.empty()) d.reporter_name = r->resident.name;
    if (d.reporter_phone.empty()) d.reporter_phone = r->resident.phone;
  }
  d.created_by = req.ctx.principal.username;
  if (Status st = ApplyDeadlines(api, d, api.Now()); !st.ok()) return Err(st.error());
  CreateDemandRequest cr;
  cr.demand = d;
  cr.attachment_ids = body->attachment_ids;
  cr.parent_id = body->parent_id;
  if (auto key = req.Header("Idempotency-Key")) {
    if (key->size() > 200) return Err(Error::Invalid("idempotency_key", "too_long", "Idempotency-Key 太长"));
    cr.idempotency_key = std::string(*key);
    cr.fingerprint = service::Sha256Hex(req.body);
  }
  cr.now = api.Now();
  auto made = api.demands().CreateDemand(cr, *scope);
  if (!made.ok() && indexed && made.error().code == ErrorCode::kInvalidArgument) {
    // The index named a household the store no longer has: forget it, resolve with the search.
    api.addresses.Forget(d.community_id);
    known_address.clear();
    cr.demand.household_id = ResolveAddress(api.store, d.community_id, d.address_text, &known_address);
    made = api.demands().CreateDemand(cr, *scope);
  }
  if (!made.ok()) {
    if (made.error().code == ErrorCode::kNotFound && body->community_id)
      return Err(AsFieldReference(StatusOf(made), "community_id", "社区").error());
    return Err(made.error());
  }
  return CreatedResponse(api, req, *scope, *made, std::move(known_address));
}

Response Submit(DemandApi& api, Request& req) {
  if (auto q = req.QueryBool("duplicates"); !q.ok()) return Err(q.error());
  auto body = ReadIntake(req.body, /*resident=*/true);
  if (!body.ok()) return Err(body.error());
  const auto& p = req.ctx.principal;
  auto user = api.store.GetUser(p.user_id);
  if (!user.ok() || !user->household_id)
    return Err(Error::Invalid("household_id", "no_household", "账号没有关联住户，请联系社区"));
  auto h = api.store.GetHousehold(*user->household_id, Scope::All());
  if (!h.ok()) return Err(h.error());
  Demand& d = body->d;
  d.channel = "resident";
  d.household_id = *user->household_id;
  d.community_id = h->summary.community_id;
  if (d.address_text.empty()) d.address_text = h->summary.address;
  d.reporter_user_id = p.user_id;
  d.reporter_name = user->display_name;
  if (d.reporter_phone.empty()) d.reporter_phone = h->summary.household.phone;
  d.created_by = p.username;
  if (Status st = ApplyDeadlines(api, d, api.Now()); !st.ok()) return Err(st.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  DemandScope intake = *scope;
  intake.household_ids = {*user->household_id};
  CreateDemandRequest cr;
  cr.demand = d;
  cr.attachment_ids = body->attachment_ids;
  if (auto key = req.Header("Idempotency-Key")) {
    if (key->size() > 200) return Err(Error::Invalid("idempotency_key", "too_long", "Idempotency-Key 太长"));
    cr.idempotency_key = "u" + std::to_string(p.user_id) + ":" + std::string(*key);
    cr.fingerprint = service::Sha256Hex(req.body);
  }
  cr.now = api.Now();
  auto made = api.demands().CreateDemand(cr, intake);
  if (!made.ok()) return Err(made.error());
  return CreatedResponse(api, req, *scope, *made);
}

// ------------------------------------------------------------------ actions
// The permission an action needs beyond demand:read.
std::string_view ActionPermission(DemandAction a) {
  switch (a) {
    case DemandAction::kSign:
    case DemandAction::kContact:
    case DemandAction::kStart:
    case DemandAction::kReply:
    case DemandAction::kDispute:
    case DemandAction::kNote:
      return "demand:handle";
    case DemandAction::kCallback:
      return "demand:callback";
    default:
      return "demand:dispatch";
  }
}

Response Act(DemandApi& api, Request& req) {
  auto id = req.PathId();
  if (!id.ok()) return Err(id.error());
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return Err(in.error());
  DemandActionRequest ar;
  ar.demand_id = *id;
  std::string action = in->String("action").value_or("");
  ar.facts.note = in->String("note").value_or("");
  ar.facts.solved = in->Bool("solved");
  ar.facts.satisfaction = in->String("satisfaction").value_or("");
  std::string new_due = in->String("new_due_at").value_or("");
  ar.assignee_kind = in->String("assignee_kind").value_or("");
  ar.assignee_user_id = in->IdValue("assignee_user_id");
  ar.parent_id = in->IdValue("parent_id");
  auto parsed = ParseDemandAction(action);
  if (action.empty()) in->AddError("action", "required", "请说明要做的操作");
  else if (!parsed) in->AddError("action", "unknown", "不认识的操作：" + action);
  if (!new_due.empty()) {
    auto t = ParseIsoSeconds(new_due);
    if (!t.ok()) in->AddError("new_due_at", "invalid_time", "新的办理时限格式不对");
    else ar.facts.new_due_at = FormatIsoUtc(*t);
  }
  if (ar.facts.note.size() > 4000) in->AddError("note", "too_long", "说明太长");
  if (Status s = in->Finish(); !s.ok()) return Err(s.error());
  ar.action = *parsed;
  if (ar.parent_id) ar.facts.parent_id = *ar.parent_id;
  const auto& p = req.ctx.principal;
  auto role = ParseRole(p.role);
  std::string_view need = ActionPermission(ar.action);
  if (!role || !RoleHas(*role, need)) {
    Error e{ErrorCode::kPermissionDenied, "没有权限：" + std::string(need), "action", {}};
    e.details.push_back({"action", "permission", e.message});
    return Err(e);
  }
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto current = api.demands().GetDemand(*id, *scope);
  if (!current.ok()) return Err(current.error());
  ar.facts.nature = current->nature;
  ar.actor = p.username;
  if (p.user_id != 0) ar.actor_user_id = p.user_id;
  ar.now = api.Now();
  // The receiver's own steps: a grid worker or property company only on what was dispatched to
  // them; the street only on what was escalated to it. Staff and head may act for any receiver.
  if (need == "demand:handle" && (IsRole(req, "grid_worker") || IsRole(req, "property_company"))) {
    ar.require_receiver = true;
  } else if (need == "demand:handle" && IsRole(req, "street_admin") && current->assignee_kind != "street") {
    Error e{ErrorCode::kPermissionDenied, "这件诉求没有派给街道，不能办理", "action", {}};
    e.details.push_back({"action", "not_receiver", e.message});
    return Err(e);
  }
  auto done = api.demands().ApplyDemandAction(ar, *scope);
  if (!done.ok()) return Err(done.error());
  ExtrasMaker extras(api, true);
  return http::Json(Show(api, req, *done, extras));
}

// ------------------------------------------------------------------ detail
Response Detail(DemandApi& api, Request& req) {
  auto id = req.PathId();
  if (!id.ok()) return Err(id.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto d = api.demands().GetDemand(*id, *scope);
  if (!d.ok()) return Err(d.error());
  ExtrasMaker extras(api, true);
  json::object out{{"demand", Show(api, req, *d, extras)}};
  json::array events, attachments, children;
  if (auto ev = api.demands().ListDemandEvents(*id, *scope); ev.ok())
    for (const auto& e : *ev) events.push_back(DemandEventToJson(e));
  if (auto at = api.demands().ListAttachments(*id, *scope); at.ok())
    for (const auto& a : *at) attachments.push_back(DemandAttachmentToJson(a));
  DemandFilter f;
  f.parent_id = *id;
  if (auto kids = api.demands().ListDemands(f, *scope, PageRequest{0, 500}); kids.ok())
    for (const auto& k : kids->items) children.push_back(Show(api, req, k, extras));
  out["events"] = std::move(events);
  out["attachments"] = std::move(attachments);
  out["children"] = std::move(children);
  out["parent"] = nullptr;
  if (d->parent_id) {
    auto parent = api.demands().GetDemand(*d->parent_id, *scope);
    if (parent.ok()) out["parent"] = Show(api, req, *parent, extras);
  }
  return http::Json(out);
}

Response List(DemandApi& api, Request& req) {
  auto f = ParseDemandFilter(api, req);
  if (!f.ok()) return Err(f.error());
  auto page = req.QueryPage();
  if (!page.ok()) return Err(page.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto list = api.demands().ListDemands(*f, *scope, *page);
  if (!list.ok()) return Err(list.error());
  ExtrasMaker extras(api, false);
  json::array items;
  for (const auto& d : list->items) items.push_back(Show(api, req, d, extras));
  return http::Json(
      json::object{{"items", std::move(items)}, {"total", list->total}, {"offset", page->offset}, {"limit", page->limit}});
}

Response Due(DemandApi& api, Request& req) {
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto mine = req.QueryBool("mine");
  if (!mine.ok()) return Err(mine.error());
  ExtrasMaker extras(api, false);
  json::object out;
  for (const char* which : {"overdue", "due_soon"}) {
    DemandFilter f;
    f.now = api.Now();
    f.order = "due";
    if (std::string_view(which) == "overdue") f.overdue = true;
    else f.due_soon = true;
    if (mine->value_or(false) && req.ctx.principal.user_id != 0) {
      if (IsRole(req, "resident")) f.reporter_user_id = req.ctx.principal.user_id;
      else f.assignee_user_id = req.ctx.principal.user_id;
    }
    auto list = api.demands().ListDemands(f, *scope, PageRequest{0, 200});
    if (!list.ok()) return Err(list.error());
    json::array items;
    for (const auto& d : list->items) items.push_back(Show(api, req, d, extras));
    out[which] = std::move(items);
  }
  return http::Json(out);
}

// ------------------------------------------------------------------ attachments
Response Upload(DemandApi& api, Request& req) {
  auto file = service::ExtractUpload(req.body, req.Header("Content-Type").value_or(""));
  if (!file.ok()) return Err(file.error());
  auto info = api.files.Put(file->bytes, file->content_type);
  if (!info.ok()) return Err(info.error());
  DemandAttachment a;
  a.sha256 = info->sha256;
  a.mime = info->mime;
  a.size = info->size;
  a.original_name = file->filename.substr(0, 200);
  a.created_by = req.ctx.principal.username;
  a.created_at = api.Now();
  auto made = api.demands().CreateAttachment(a);
  if (!made.ok()) return Err(made.error());
  return http::Json(DemandAttachmentToJson(*made), 201);
}

Response Download(DemandApi& api, Request& req) {
  auto id = req.PathId();
  if (!id.ok()) return Err(id.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto a = api.demands().GetAttachment(*id, *scope, req.ctx.principal.username);
  if (!a.ok()) return Err(a.error());
  auto bytes = api.files.Read(a->sha256);
  if (!bytes.ok()) return Err(bytes.error());
  Response r;
  r.status = 200;
  r.content_type = a->mime;
  r.body = std::move(*bytes);
  std::string ext = a->mime == "image/jpeg" ? ".jpg" : a->mime == "image/png" ? ".png" : a->mime == "image/webp" ? ".webp" : ".pdf";
  r.headers.push_back({"Content-Disposition", "inline; filename=\"attachment-" + std::to_string(a->id) + ext + "\""});
  r.headers.push_back({"Cache-Control", "private, max-age=3600"});
  return r;
}

// ------------------------------------------------------------------ categories and settings
Response GetCategories(DemandApi& api, Request&) {
  auto tree = api.demands().ListCategories();
  if (!tree.ok()) return Err(tree.error());
  json::array items;
  for (const auto& c : *tree) items.push_back(DemandCategoryToJson(c));
  return http::Json(json::object{{"items", std::move(items)}});
}

Response PutCategories(DemandApi& api, Request& req) {
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return Err(in.error());
  const json::array* items = in->Array("items");
  if (!items) in->AddError("items", "required", "请提供分类列表 items");
  std::vector<DemandCategory> tree;
  if (items) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      std::string prefix = "items[" + std::to_string(i) + "].";
      if (!(*items)[i].is_object()) {
        in->AddError(prefix.substr(0, prefix.size() - 1), "type", "应为对象");
        continue;
      }
      auto r = http::JsonReader::Of((*items)[i].as_object(), prefix);
      DemandCategory c;
      c.code = r.String("code").value_or("");
      c.parent_code = r.String("parent_code").value_or("");
      c.name_zh = r.String("name_zh").value_or("");
      c.name_en = r.String("name_en").value_or("");
      c.respond_hours = static_cast<int>(r.Int("respond_hours").value_or(0));
      c.resolve_hours = static_cast<int>(r.Int("resolve_hours").value_or(0));
      if (c.code.empty()) r.AddError(prefix + "code", "required", "分类代码必填");
      if (c.name_zh.empty()) r.AddError(prefix + "name_zh", "required", "分类名称必填");
      if (c.respond_hours < 0 || c.resolve_hours < 0 || c.respond_hours > 24 * 365 || c.resolve_hours > 24 * 365)
        r.AddError(prefix + "resolve_hours", "out_of_range", "时限应在 0 到 8760 小时之间");
      if (Status s = r.Finish(); !s.ok())
        for (const auto& d : s.error().details) in->AddError(d.field, d.reason, d.message);
      tree.push_back(std::move(c));
    }
  }
  if (Status s = in->Finish(); !s.ok()) return Err(s.error());
  if (Status s = api.demands().ReplaceCategories(tree); !s.ok()) return Err(s.error());
  api.ForgetNames();
  return GetCategories(api, req);
}

struct Settings {
  RateWeights weights;
  DemandDeadlinePolicy deadlines;
};

Settings LoadSettings(DemandApi& api) {
  Settings s;
  if (auto w = api.demands().GetSetting("weights"); w.ok() && !w->empty()) {
    boost::system::error_code ec;
    json::value v = json::parse(*w, ec);
    if (!ec && v.is_object()) {
      auto num = [&](const char* k, double& out) {
        if (auto* x = v.as_object().if_contains(k); x && x->is_number()) out = x->to_number<double>();
      };
      num("response", s.weights.response);
      num("resolution", s.weights.resolution);
      num("satisfaction", s.weights.satisfaction);
      num("basic_satisfied_value", s.weights.basic_satisfied_value);
    }
  }
  if (auto d = api.demands().GetSetting("deadlines"); d.ok() && !d->empty()) {
    boost::system::error_code ec;
    json::value v = json::parse(*d, ec);
    if (!ec && v.is_object()) {
      auto num = [&](const char* k, int& out) {
        if (auto* x = v.as_object().if_contains(k); x && x->is_int64()) out = static_cast<int>(x->as_int64());
      };
      num("respond_hours", s.deadlines.respond_hours);
      num("resolve_hours", s.deadlines.resolve_hours);
      num("urgent_respond_hours", s.deadlines.urgent_respond_hours);
      num("urgent_resolve_hours", s.deadlines.urgent_resolve_hours);
      num("critical_respond_hours", s.deadlines.critical_respond_hours);
      num("critical_resolve_hours", s.deadlines.critical_resolve_hours);
    }
  }
  return s;
}

std::optional<DemandDeadlinePolicy> DemandApi::CustomDeadlines() {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu);
    if (deadlines_at != std::chrono::steady_clock::time_point{} && now - deadlines_at < kNameTtl) return deadlines;
  }
  std::optional<DemandDeadlinePolicy> policy;
  if (auto d = demands().GetSetting("deadlines"); d.ok() && !d->empty()) policy = LoadSettings(*this).deadlines;
  std::lock_guard lock(mu);
  deadlines = policy;
  deadlines_at = now;
  return policy;
}

// With deadlines configured in the settings, the demand's deadlines are computed here with that
// policy (the store computes the defaults otherwise). Errors: the domain's (unknown category...).
Status ApplyDeadlines(DemandApi& api, Demand& d, const std::string& now) {
  auto policy = api.CustomDeadlines();
  if (!policy) return Ok();
  LINLI_TRY(auto dl, ComputeDemandDeadlines(*api.TreeCached(), d.category_code, d.urgency,
                                             d.created_at.empty() ? now : d.created_at, *policy));
  d.respond_due_at = dl.respond_due_at;
  d.due_at = dl.due_at;
  return Ok();
}

json::object SettingsJson(const Settings& s) {
  const auto& d = s.deadlines;
  return {{"weights",
           {{"response", s.weights.response},
            {"resolution", s.weights.resolution},
            {"satisfaction", s.weights.satisfaction}}},
          {"basic_satisfied_value", s.weights.basic_satisfied_value},
          {"deadlines",
           {{"respond_hours", d.respond_hours},
            {"resolve_hours", d.resolve_hours},
            {"urgent_respond_hours", d.urgent_respond_hours},
            {"urgent_resolve_hours", d.urgent_resolve_hours},
            {"critical_respond_hours", d.critical_respond_hours},
            {"critical_resolve_hours", d.critical_resolve_hours}}}};
}

Response PutSettings(DemandApi& api, Request& req) {
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return Err(in.error());
  Settings s = LoadSettings(api);
  if (const json::object* w = in->Object("weights")) {
    auto r = http::JsonReader::Of(*w, "weights.");
    s.weights.response = r.Double("response").value_or(s.weights.response);
    s.weights.resolution = r.Double("resolution").value_or(s.weights.resolution);
    s.weights.satisfaction = r.Double("satisfaction").value_or(s.weights.satisfaction);
    if (Status st = r.Finish(); !st.ok())
      for (const auto& d : st.error().details) in->AddError(d.field, d.reason, d.message);
  }
  s.weights.basic_satisfied_value = in->Double("basic_satisfied_value").value_or(s.weights.basic_satisfied_value);
  if (const json::object* dl = in->Object("deadlines")) {
    auto r = http::JsonReader::Of(*dl, "deadlines.");
    auto hours = [&](const char* k, int& out) {
      if (auto v = r.Int(k)) {
        if (*v < 1 || *v > 24 * 365) r.AddError(std::string("deadlines.") + k, "out_of_range", "时限应在 1 到 8760 小时之间");
        else out = static_cast<int>(*v);
      }
    };
    auto& d = s.deadlines;
    hours("respond_hours", d.respond_hours);
    hours("resolve_hours", d.resolve_hours);
    hours("urgent_respond_hours", d.urgent_respond_hours);
    hours("urgent_resolve_hours", d.urgent_resolve_hours);
    hours("critical_respond_hours", d.critical_respond_hours);
    hours("critical_resolve_hours", d.critical_resolve_hours);
    if (Status st = r.Finish(); !st.ok())
      for (const auto& e : st.error().details) in->AddError(e.field, e.reason, e.message);
  }
  const auto& w = s.weights;
  if (w.response < 0 || w.resolution < 0 || w.satisfaction < 0 || w.response + w.resolution + w.satisfaction <= 0)
    in->AddError("weights", "out_of_range", "权重不能为负，且合计要大于 0");
  if (w.basic_satisfied_value < 0 || w.basic_satisfied_value > 1)
    in->AddError("basic_satisfied_value", "out_of_range", "“基本满意”折算值应在 0 到 1 之间");
  if (Status st = in->Finish(); !st.ok()) return Err(st.error());
  json::object all = SettingsJson(s);
  json::object weights = all["weights"].as_object();
  weights["basic_satisfied_value"] = s.weights.basic_satisfied_value;
  if (Status st = api.demands().PutSetting("weights", json::serialize(weights)); !st.ok()) return Err(st.error());
  if (Status st = api.demands().PutSetting("deadlines", json::serialize(all["deadlines"])); !st.ok())
    return Err(st.error());
  api.ForgetNames();
  return http::Json(all);
}

// ------------------------------------------------------------------ rates, trend, hotspots
json::value RateValue(const std::optional<double>& v) {
  return v ? json::value(std::round(*v * 10000) / 10000) : json::value(nullptr);
}

json::object CountsJson(const DemandCounts& c) {
  return {{"received", c.received},   {"dispatched", c.dispatched}, {"responded_in_time", c.responded_in_time},
          {"callbacks", c.callbacks}, {"solved", c.solved},         {"satisfied", c.satisfied},
          {"basic", c.basic},         {"overdue", c.overdue}};
}

Result<DemandCountsQuery> ParseCountsQuery(DemandApi& api, const Request& req, const DemandScope& scope) {
  DemandCountsQuery q;
  q.scope = scope;
  std::string group = req.Query("group").value_or("");
  if (group.empty() || group == "none") q.group = DemandGroup::kNone;
  else if (group == "worker") q.group = DemandGroup::kWorker;
  else if (group == "grid") q.group = DemandGroup::kGrid;
  else if (group == "community") q.group = DemandGroup::kCommunity;
  else if (group == "street") q.group = DemandGroup::kStreet;
  else return Error::Invalid("group", "unknown", "group 应为 worker、grid、community 或 street");
  std::string today = service::TodayLocal();
  q.to = req.Query("to").value_or(today);
  q.from = req.Query("from").value_or(q.to.substr(0, 8) + "01");
  LINLI_TRY_STATUS(ValidateDate(q.from, "from"));
  LINLI_TRY_STATUS(ValidateDate(q.to, "to"));
  LINLI_TRY(q.community_id, OptionalQueryId(req, "community_id"));
  LINLI_TRY(q.grid_id, OptionalQueryId(req, "grid_id"));
  LINLI_TRY(q.worker_user_id, OptionalQueryId(req, "worker_user_id"));
  q.street_code = req.Query("street_code").value_or("");
  q.now = api.Now();
  return q;
}

json::array RateRows(const std::vector<DemandCountRow>& rows, const RateWeights& w) {
  json::array out;
  for (const auto& r : rows) {
    DemandRates rates = ComputeDemandRates(r.counts, w);
    json::object o{{"key", r.key},
                   {"id", r.id},
                   {"name", r.name},
                   {"counts", CountsJson(r.counts)},
                   {"rates",
                    {{"response", RateValue(rates.response)},
                     {"resolution", RateValue(rates.resolution)},
                     {"satisfaction", RateValue(rates.satisfaction)},
                     {"score", RateValue(rates.score)}}}};
    if (!r.month.empty()) o["month"] = r.month;
    out.push_back(std::move(o));
  }
  return out;
}

Response Rates(DemandApi& api, Request& req, bool monthly) {
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto q = ParseCountsQuery(api, req, *scope);
  if (!q.ok()) return Err(q.error());
  if (monthly) {
    auto year = req.QueryInt("year");
    if (!year.ok()) return Err(year.error());
    std::int64_t y = year->value_or(std::stoll(service::TodayLocal().substr(0, 4)));
    if (y < 2000 || y > 2199) return Err(Error::Invalid("year", "out_of_range", "年份不对"));
    q->from = std::to_string(y) + "-01-01";
    q->to = std::to_string(y) + "-12-31";
    q->monthly = true;
  }
  auto rows = api.demands().CountDemands(*q);
  if (!rows.ok()) return Err(rows.error());
  Settings s = LoadSettings(api);
  return http::Json(json::object{{"from", q->from}, {"to", q->to}, {"items", RateRows(*rows, s.weights)}});
}

std::string Percent(const std::optional<double>& v) {
  if (!v) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", *v * 100);
  return buf;
}

Response RatesExport(DemandApi& api, Request& req) {
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto q = ParseCountsQuery(api, req, *scope);
  if (!q.ok()) return Err(q.error());
  auto year = req.QueryInt("year");
  if (!year.ok()) return Err(year.error());
  std::int64_t y = year->value_or(std::stoll(service::TodayLocal().substr(0, 4)));
  q->from = std::to_string(y) + "-01-01";
  q->to = std::to_string(y) + "-12-31";
  q->monthly = true;
  auto rows = api.demands().CountDemands(*q);
  if (!rows.ok()) return Err(rows.error());
  Settings s = LoadSettings(api);
  io::XlsxSheet sheet;
  sheet.name = "三率月报";
  sheet.headers = {"月份", "对象", "受理量", "派单量", "按时响应", "回访数", "已解决", "满意", "基本满意", "超期",
                   "响应率", "解决率", "满意率", "综合得分"};
  for (const auto& r : *rows) {
    DemandRates rates = ComputeDemandRates(r.counts, s.weights);
    const auto& c = r.counts;
    sheet.rows.push_back({r.month, r.name.empty() ? "全部" : r.name, std::to_string(c.received),
                          std::to_string(c.dispatched), std::to_string(c.responded_in_time),
                          std::to_string(c.callbacks), std::to_string(c.solved), std::to_string(c.satisfied),
                          std::to_string(c.basic), std::to_string(c.overdue), Percent(rates.response),
                          Percent(rates.resolution), Percent(rates.satisfaction), Percent(rates.score)});
  }
  auto bytes = io::WriteXlsx({sheet});
  if (!bytes.ok()) return Err(bytes.error());
  service::ExportFile f{"三率月报_" + std::to_string(y) + "_" + service::TodayLocal() + ".xlsx", std::move(*bytes)};
  return AuditedXlsx(*api.auth, req, "demand_rates", std::move(f));
}

Result<std::pair<std::string, std::string>> Period(const Request& req, int default_days) {
  std::string to = req.Query("to").value_or(service::TodayLocal());
  LINLI_TRY_STATUS(ValidateDate(to, "to"));
  std::string from = req.Query("from").value_or("");
  if (from.empty()) {
    auto t = ParseIsoSeconds(to + "T00:00:00Z");
    from = t.ok() ? FormatIsoUtc(*t - std::int64_t{default_days} * 86400).substr(0, 10) : to;
  }
  LINLI_TRY_STATUS(ValidateDate(from, "from"));
  return std::pair{from, to};
}

Response Trend(DemandApi& api, Request& req) {
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto period = Period(req, 365);
  if (!period.ok()) return Err(period.error());
  auto community = OptionalQueryId(req, "community_id");
  if (!community.ok()) return Err(community.error());
  auto rows = api.demands().DemandTrend(*scope, *community, period->first, period->second);
  if (!rows.ok()) return Err(rows.error());
  auto names = CategoryNames(Tree(api));
  json::array items;
  for (const auto& r : *rows) {
    auto it = names.find(r.category_code);
    items.push_back(json::object{{"month", r.month},
                                 {"category_code", r.category_code},
                                 {"category_name", it == names.end() ? r.category_code : it->second},
                                 {"count", r.count}});
  }
  return http::Json(json::object{{"from", period->first}, {"to", period->second}, {"items", std::move(items)}});
}

Response Hotspots(DemandApi& api, Request& req) {
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto period = Period(req, 90);
  if (!period.ok()) return Err(period.error());
  auto community = OptionalQueryId(req, "community_id");
  if (!community.ok()) return Err(community.error());
  auto rows = api.demands().HotspotInput(*scope, *community, period->first, period->second);
  if (!rows.ok()) return Err(rows.error());
  auto names = CategoryNames(Tree(api));
  std::vector<HotspotItem> input;
  input.reserve(rows->size());
  for (const auto& r : *rows) {
    HotspotItem h;
    h.id = r.id;
    h.category_code = r.category_code;
    h.description = r.description;
    h.created_at = r.created_at;
    if (r.building_id) {
      h.place_key = "b:" + std::to_string(*r.building_id);
      h.place_name = r.compound_name + " " + r.building_name;
    } else if (r.compound_id) {
      h.place_key = "c:" + std::to_string(*r.compound_id);
      h.place_name = r.compound_name;
    } else if (r.grid_id) {
      h.place_key = "g:" + std::to_string(*r.grid_id);
    }
    if (h.place_name.empty()) h.place_name = "地址未对应到楼栋";
    input.push_back(std::move(h));
  }
  HotspotOptions options;
  options.limit = 30;
  json::array items;
  for (const auto& h : FindHotspots(input, options)) {
    json::array samples, keywords;
    for (Id id : h.sample_ids) samples.push_back(id);
    for (const auto& k : h.keywords) keywords.push_back(json::string(k));
    auto cat = names.find(h.category_code);
    items.push_back(json::object{{"id", h.id},
                                 {"title", h.title},
                                 {"category_code", h.category_code},
                                 {"category_name", cat == names.end() ? h.category_code : cat->second},
                                 {"place", h.place_name},
                                 {"count", h.count},
                                 {"sample_ids", std::move(samples)},
                                 {"keywords", std::move(keywords)},
                                 {"first_at", h.first_at},
                                 {"last_at", h.last_at}});
  }
  return http::Json(json::object{{"from", period->first}, {"to", period->second}, {"items", std::move(items)}});
}

// ------------------------------------------------------------------ export
Response Export(DemandApi& api, Request& req) {
  auto f = ParseDemandFilter(api, req);
  if (!f.ok()) return Err(f.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto names = CategoryNames(Tree(api));
  io::XlsxSheet sheet;
  sheet.name = "诉求";
  sheet.headers = {"工单编号", "12345工单号", "来源", "性质", "分类", "紧急程度", "诉求内容", "地址", "诉求人",
                   "联系电话", "状态", "承办", "登记时间", "办理时限", "答复", "是否解决", "满意度"};
  for (std::int64_t offset = 0;; offset += 500) {
    auto page = api.demands().ListDemands(*f, *scope, PageRequest{offset, 500});
    if (!page.ok()) return Err(page.error());
    for (const auto& d : page->items) {
      auto cat = names.find(d.category_code);
      sheet.rows.push_back({d.number, d.external_number, d.channel, d.nature,
                            cat == names.end() ? d.category_code : cat->second, d.urgency, d.description,
                            d.address_text, d.reporter_name, MaskPhone(d.reporter_phone), d.status, d.assignee_name,
                            open311::W3cChina(d.created_at), open311::W3cChina(d.due_at), d.reply,
                            d.solved ? (*d.solved ? "是" : "否") : "", d.satisfaction});
    }
    if (page->items.size() < 500 || offset + 500 >= page->total) break;
  }
  auto bytes = io::WriteXlsx({sheet});
  if (!bytes.ok()) return Err(bytes.error());
  return AuditedXlsx(*api.auth, req, "demands",
                     service::ExportFile{"诉求_" + service::TodayLocal() + ".xlsx", std::move(*bytes)});
}

// ------------------------------------------------------------------ 12345 import
// The rows of a 12345 sheet as DemandStore::ImportDemands takes them: mapped and checked
// (ParseDemandImport), put in community `cid`, addresses resolved through the address index
// (rebuilt first, so the registry as it is answers; one listing of the community's households
// instead of a household search per row), the deadlines of the settings applied.
struct PreparedTickets {
  service::DemandImportParse parsed;
  std::int64_t resolved = 0;  // rows whose address named a household
};
Result<PreparedTickets> PrepareTickets(DemandApi& api, const io::Table& table, Id cid, const std::string& user,
                                       const std::string& now) {
  LINLI_TRY(auto parsed, service::ParseDemandImport(table, Tree(api)));
  PreparedTickets out{std::move(parsed)};
  api.addresses.Forget(cid);
  // The index was built just now: a text it does not know names no household (Resolve would ask
  // the household search for each such row — building-only addresses, a third of a 12345 sheet).
  // The search answers only when there is no index (a community too big for one). The same text
  // comes back many times in a sheet: answered once.
  std::unordered_map<std::string, std::optional<Id>> answers;
  auto resolve = [&](const std::string& text) -> std::optional<Id> {
    auto [it, added] = answers.try_emplace(text);
    if (!added) return it->second;
    std::string want = NormalizeSearchText(text);
    if (!MayNameHousehold(want)) return it->second;
    Id id = 0;
    switch (api.addresses.Find(api.store, cid, want, &id, nullptr)) {
      case AddressIndex::Answer::kHit: it->second = id; break;
      case AddressIndex::Answer::kNone:
      case AddressIndex::Answer::kAmbiguous: break;
      case AddressIndex::Answer::kUnknown: it->second = ResolveAddress(api.store, cid, text); break;
    }
    return it->second;
  };
  for (auto& d : out.parsed.rows) {
    d.community_id = cid;
    d.household_id = resolve(d.address_text);
    if (d.household_id) ++out.resolved;
    d.created_by = user;
    (void)ApplyDeadlines(api, d, now);  // an unknown category cannot happen: the parser maps it
  }
  return out;
}

Response Import(DemandApi& api, Request& req) {
  auto preview = req.QueryBool("preview");
  if (!preview.ok()) return Err(preview.error());
  std::string filename = req.Query("filename").value_or("");
  auto community = OptionalQueryId(req, "community_id");
  if (!community.ok()) return Err(community.error());
  std::optional<Id> cid = *community ? *community : CallerCommunity(api.store, req);
  if (!cid) return Err(Error::Invalid("community_id", "required", "请选择导入到哪个社区"));
  if (auto c = api.store.GetCommunity(*cid, ScopeOf(req)); !c.ok())
    return Err(AsFieldReference(StatusOf(c), "community_id", "社区").error());
  if (filename.empty()) {
    std::string ct = std::string(req.Header("Content-Type").value_or(""));
    filename = ct.find("csv") != std::string::npos ? "tickets.csv" : "tickets.xlsx";
  }
  auto table = io::ReadTable(req.body, filename, io::ReadLimits{.max_rows = 100000});
  if (!table.ok()) return Err(table.error());
  auto scope = DemandScopeOf(api.store, req);
  if (!scope.ok()) return Err(scope.error());
  auto prepared = PrepareTickets(api, *table, *cid, req.ctx.principal.username, api.Now());
  if (!prepared.ok()) return Err(prepared.error());
  service::DemandImportParse* parsed = &prepared->parsed;
  const std::int64_t resolved = prepared->resolved;
  std::int64_t existing = 0;
  json::array issues;
  for (const auto& i : parsed->issues)
    issues.push_back(json::object{{"row", i.row}, {"field", i.field}, {"reason", i.reason}, {"message", i.message}});
  json::object out{{"rows", static_cast<std::int64_t>(parsed->rows.size())},
                   {"resolved", resolved},
                   {"issues", std::move(issues)}};
  json::object mapping;
  for (const auto& [field, col] : parsed->mapping) mapping[field] = parsed->headers[col];
  out["mapping"] = std::move(mapping);
  if (preview->value_or(true)) {
    for (const auto& d : parsed->rows) {
      DemandFilter f;
      f.channel = d.channel;
      f.external_number = d.external_number;
      auto hit = api.demands().ListDemands(f, DemandScope::All(), PageRequest{0, 1});
      if (hit.ok() && hit->total > 0) ++existing;
    }
    json::array sample;
    for (std::size_t i = 0; i < parsed->rows.size() && i < 20; ++i) {
      const Demand& d = parsed->rows[i];
      sample.push_back(json::object{{"row", parsed->row_numbers[i]},
                                    {"external_number", d.external_number},
                                    {"created_at", d.created_at},
                                    {"nature", d.nature},
                                    {"category_code", d.category_code},
                                    {"urgency", d.urgency},
                                    {"description", d.description},
                                    {"address_text", d.address_text},
                                    {"address_resolved", d.household_id.has_value()},
                                    {"reporter_name", d.reporter_name},
                                    {"reporter_phone", MaskPhone(d.reporter_phone)}});
    }
    out["existing"] = existing;
    out["new"] = static_cast<std::int64_t>(parsed->rows.size()) - existing;
    out["sample"] = std::move(sample);
    out["preview"] = true;
    return http::Json(out);
  }
  auto stats = api.demands().ImportDemands(std::move(parsed->rows), api.Now());
  if (!stats.ok()) return Err(stats.error());
  AuditEntry e;
  e.action = "demand_import";
  e.object_type = "demands";
  e.object_id = filename.substr(0, 200);
  (void)AuditRequest(*api.auth, req, std::move(e));
  out["preview"] = false;
  out["created"] = stats->created;
  out["existing"] = stats->existing;
  return http::Json(out, 200);
}

}  // namespace

// ------------------------------------------------------------------ the import outside a request
Result<HotlineImportReport> ImportHotlineTickets(Store& store, std::string_view bytes, std::string_view filename,
                                                 const HotlineImportOptions& options) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
  if (auto c = store.GetCommunity(options.community_id, Scope::All()); !c.ok())
    return AsFieldReference(StatusOf(c), "community_id", "社区").error();
  // No attachment is stored by an import: the directory is never written.
  DemandApi api{nullptr, store, service::AttachmentFiles(std::filesystem::temp_directory_path())};
  HotlineImportReport report;
  auto t0 = Clock::now();
  LINLI_TRY(auto table, io::ReadTable(bytes, filename, io::ReadLimits{.max_rows = options.max_rows}));
  report.read_seconds = seconds(t0);
  t0 = Clock::now();
  LINLI_TRY(auto prepared, PrepareTickets(api, table, options.community_id, options.user, options.now));
  report.check_seconds = seconds(t0);
  table.rows.clear(), table.rows.shrink_to_fit();  // the cells are in the demands now
  report.rows = static_cast<std::int64_t>(prepared.parsed.rows.size());
  report.resolved = prepared.resolved;
  for (const auto& [field, col] : prepared.parsed.mapping) report.mapping[field] = prepared.parsed.headers[col];
  report.issues = std::move(prepared.parsed.issues);
  if (options.dry_run || (!options.skip_invalid && !report.issues.empty())) return report;
  t0 = Clock::now();
  LINLI_TRY(auto stats, store.Demands().ImportDemands(std::move(prepared.parsed.rows), options.now));
  report.store_seconds = seconds(t0);
  report.written = true;
  report.created = stats.created;
  report.existing = stats.existing;
  return report;
}

// ------------------------------------------------------------------ shared helpers
Result<DemandScope> DemandScopeOf(Store& store, const Request& req) {
  const auto& p = req.ctx.principal;
  DemandScope s;
  s.unrestricted = false;
  if (p.role == "resident") {
    if (p.user_id == 0) return s;
    s.reporter_user_id = p.user_id;
    return s;
  }
  if (p.role == "property_company") {
    if (p.user_id == 0) return s;
    LINLI_TRY(User u, store.GetUser(p.user_id));
    s.compound_ids = u.compound_ids;
    if (s.compound_ids.empty()) s.assigned_user_id = p.user_id;
    return s;
  }
  if (p.role == "auditor" || p.role == "admin" || p.role.empty()) return s;
  s = DemandScope::From(p.scope);
  if (p.role == "grid_worker" && p.user_id != 0) s.assigned_user_id = p.user_id;
  return s;
}

std::optional<Id> CallerCommunity(Store& store, const Request& req) {
  const Scope& s = req.ctx.principal.scope;
  if (s.unrestricted) return std::nullopt;
  if (s.community_ids.size() == 1) return s.community_ids.front();
  if (!s.grid_ids.empty()) {
    auto g = store.GetGrid(s.grid_ids.front(), Scope::All());
    if (g.ok()) return g->grid.community_id;
  }
  if (s.household_ids.size() == 1) {
    auto h = store.GetHousehold(s.household_ids.front(), Scope::All());
    if (h.ok()) return h->summary.community_id;
  }
  return std::nullopt;
}

std::optional<Id> ResolveAddress(Store& store, Id community_id, std::string_view address_text, std::string* address) {
  std::string want = NormalizeSearchText(address_text);
  // A household address names a building and a door: without a building or unit word there is
  // nothing to match, and no search is made.
  if (!MayNameHousehold(want)) return std::nullopt;
  HouseholdFilter f;
  f.scope = Scope::All();
  f.community_id = community_id;
  std::vector<Id> hits;
  std::string hit_address;
  auto consider = [&](const Page<HouseholdSummary>& pg) {
    for (const auto& h : pg.items) {
      std::string addr = NormalizeSearchText(h.address);
      if (!addr.empty() && (want == addr || want.ends_with(addr))) {
        if (std::find(hits.begin(), hits.end(), h.household.id) == hits.end()) hits.push_back(h.household.id);
        hit_address = h.address;
      }
    }
  };
  // The text may carry a prefix (district, street, community name) that no household address has:
  // search from the building number on ("2号楼1单元301"), digits being ASCII the cut never splits
  // a character; the whole text only when that finds nothing (compounds named like the building).
  for (std::string_view marker : {"号楼", "栋", "幢", "座", "单元"}) {
    std::size_t pos = want.find(marker);
    if (pos == std::string::npos) continue;
    while (pos > 0 && ((want[pos - 1] >= '0' && want[pos - 1] <= '9') || (want[pos - 1] >= 'a' && want[pos - 1] <= 'z')))
      --pos;
    f.q = want.substr(pos);
    if (f.q.size() < 4) continue;
    auto page = store.ListHouseholds(f, PageRequest{0, 20});
    if (page.ok()) consider(*page);
    break;
  }
  if (hits.empty()) {
    f.q = want.size() > 120 ? want.substr(want.size() - 120) : want;
    auto page = store.ListHouseholds(f, PageRequest{0, 20});
    if (page.ok()) consider(*page);
  }
  if (hits.size() != 1) return std::nullopt;
  if (address) *address = hit_address;
  return hits.front();
}

void RegisterDemandRoutes(http::Router& router, std::shared_ptr<Auth> auth, const ApiOptions& options) {
  auto api = std::shared_ptr<DemandApi>(new DemandApi{auth, auth->store(), service::AttachmentFiles(options.attachments_dir)});
  RegisterDemandSchemas(router);
  auto H = [api](Response (*fn)(DemandApi&, Request&)) {
    return [api, fn](Request& req) { return fn(*api, req); };
  };
  auto list_params = DemandFilterParams();
  for (auto& p : PageParams()) list_params.push_back(p);
  const std::string base = "/api/v1/demands";
  const std::vector<http::ParamDoc> dup_params = {
      {"duplicates", "boolean", false, "true：应答里附疑似重复诉求（默认不附，duplicates 为空）"}};
  router.Add({.method = "GET", .pattern = base, .permission = "demand:read", .summary = "诉求列表 / 搜索",
              .tag = "demands", .query_params = list_params, .response_schema = "DemandList", .handler = H(List)});
  router.Add({.method = "GET", .pattern = base + "/export", .permission = "demand:export",
              .summary = "导出诉求（.xlsx，电话打码，记入审计日志）", .tag = "demands",
              .query_params = DemandFilterParams(), .handler = H(Export)});
  router.Add({.method = "POST", .pattern = base, .permission = "demand:create",
              .summary = "登记诉求（可带 Idempotency-Key 头）", .tag = "demands", .query_params = dup_params,
              .request_schema = "DemandInput", .response_schema = "DemandCreated", .handler = H(Intake)});
  router.Add({.method = "POST", .pattern = base + "/submit", .permission = "demand:submit",
              .summary = "居民提交本人诉求", .tag = "demands", .query_params = dup_params, .request_schema = "DemandInput",
              .response_schema = "DemandCreated", .handler = H(Submit)});
  router.Add({.method = "GET", .pattern = base + "/{id}", .permission = "demand:read", .summary = "诉求详情",
              .tag = "demands", .response_schema = "DemandDetail", .handler = H(Detail)});
  router.Add({.method = "POST", .pattern = base + "/{id}/actions", .permission = "demand:read",
              .summary = "办理操作（签收、联系、答复、回访、派单…；另需该操作的权限）", .tag = "demands",
              .request_schema = "DemandActionInput", .response_schema = "Demand", .success_status = 200,
              .handler = H(Act)});
  router.Add({.method = "GET", .pattern = base + "/duplicates", .permission = "demand:read",
              .summary = "疑似重复诉求", .tag = "demands",
              .query_params = {{"community_id", "integer", true, "社区"},
                               {"building_id", "integer", false, "楼栋"},
                               {"grid_id", "integer", false, "网格"},
                               {"text", "string", false, "诉求内容"}},
              .handler = [api](Request& req) -> Response {
                auto community = RequiredQueryId(req, "community_id");
                if (!community.ok()) return Err(community.error());
                auto building = OptionalQueryId(req, "building_id");
                if (!building.ok()) return Err(building.error());
                auto grid = OptionalQueryId(req, "grid_id");
                if (!grid.ok()) return Err(grid.error());
                auto scope = DemandScopeOf(api->store, req);
                if (!scope.ok()) return Err(scope.error());
                auto c = api->store.GetCommunity(*community, ScopeOf(req));
                if (!c.ok() && !IsRole(req, "property_company")) return Err(c.error());
                auto out = Duplicates(*api, req, *scope, *community, *building, *grid,
                                      req.Query("text").value_or(""), std::nullopt,
                                      req.Query("category_code").value_or(""));
                if (!out.ok()) return Err(out.error());
                return http::Json(json::object{{"items", std::move(*out)}});
              }});
  router.Add({.method = "GET", .pattern = base + "/suggest-category", .permission = "demand:read",
              .summary = "按内容推荐分类（前 3）", .tag = "demands",
              .query_params = {{"text", "string", true, "诉求内容"}, {"community_id", "integer", false, "社区"}},
              .handler = [api](Request& req) -> Response {
                std::string text = req.Query("text").value_or("");
                if (text.empty()) return Err(Error::Invalid("text", "required", "请提供诉求内容"));
                auto scope = DemandScopeOf(api->store, req);
                if (!scope.ok()) return Err(scope.error());
                json::array items;
                for (const auto& c : SuggestCategories(*api, *scope, text))
                  items.push_back(json::object{{"category_code", c.code}, {"name", c.name}, {"score", c.score}});
                return http::Json(json::object{{"items", std::move(items)}});
              }});
  router.Add({.method = "POST", .pattern = base + "/attachments", .permission = "demand:read",
              .summary = "上传附件（JPEG/PNG/WebP/PDF，按内容识别，≤ 10 MB）", .tag = "demands",
              .response_schema = "DemandAttachment", .max_body = service::kMaxAttachmentBytes + (256 << 10),
              .handler = H(Upload)});
  router.Add({.method = "GET", .pattern = base + "/attachments/{id}", .permission = "demand:read",
              .summary = "下载附件", .tag = "demands", .handler = H(Download)});
  router.Add({.method = "GET", .pattern = base + "/due", .permission = "demand:read",
              .summary = "超期和 24 小时内到期的诉求", .tag = "demands",
              .query_params = {{"mine", "boolean", false, "只看派给我的"}}, .handler = H(Due)});
  std::vector<http::ParamDoc> rate_params = {{"group", "string", false, "worker | grid | community | street"},
                                             {"from", "string", false, "YYYY-MM-DD（含）"},
                                             {"to", "string", false, "YYYY-MM-DD（含）"},
                                             {"community_id", "integer", false, "社区"},
                                             {"grid_id", "integer", false, "网格"},
                                             {"street_code", "string", false, "街道代码（9 位）"}};
  router.Add({.method = "GET", .pattern = base + "/rates", .permission = "demand:rates", .summary = "三率统计",
              .tag = "demands", .query_params = rate_params,
              .handler = [api](Request& req) { return Rates(*api, req, false); }});
  auto monthly_params = rate_params;
  monthly_params.push_back({"year", "integer", false, "年份（默认今年）"});
  router.Add({.method = "GET", .pattern = base + "/rates/monthly", .permission = "demand:rates",
              .summary = "三率逐月统计", .tag = "demands", .query_params = monthly_params,
              .handler = [api](Request& req) { return Rates(*api, req, true); }});
  router.Add({.method = "GET", .pattern = base + "/rates/export", .permission = "demand:rates",
              .summary = "三率月报（.xlsx，记入审计日志）", .tag = "demands", .query_params = monthly_params,
              .handler = H(RatesExport)});
  std::vector<http::ParamDoc> period_params = {{"from", "string", false, "YYYY-MM-DD（含）"},
                                               {"to", "string", false, "YYYY-MM-DD（含）"},
                                               {"community_id", "integer", false, "社区"}};
  router.Add({.method = "GET", .pattern = base + "/trend", .permission = "demand:rates",
              .summary = "各类诉求逐月数量", .tag = "demands", .query_params = period_params, .handler = H(Trend)});
  router.Add({.method = "GET", .pattern = base + "/hotspots", .permission = "demand:rates",
              .summary = "高频诉求（地点 × 问题）", .tag = "demands", .query_params = period_params,
              .handler = H(Hotspots)});
  router.Add({.method = "POST", .pattern = base + "/import", .permission = "demand:import",
              .summary = "导入 12345 工单（.xlsx/.csv；preview=true 只预览；按工单编号去重）", .tag = "demands",
              .query_params = {{"preview", "boolean", false, "true（默认）只预览，false 导入"},
                               {"filename", "string", false, "文件名（判断格式）"},
                               {"community_id", "integer", false, "导入到的社区"}},
              .max_body = options.max_upload_body, .success_status = 200, .handler = H(Import)});
  router.Add({.method = "GET", .pattern = "/api/v1/demand-categories", .permission = "meta:read",
              .summary = "诉求分类树", .tag = "demands", .handler = H(GetCategories)});
  router.Add({.method = "PUT", .pattern = "/api/v1/demand-categories", .permission = "demand:config",
              .summary = "替换诉求分类树", .tag = "demands", .handler = H(PutCategories)});
  router.Add({.method = "GET", .pattern = "/api/v1/demand-settings", .permission = "demand:config",
              .summary = "三率权重与办理时限", .tag = "demands", .handler = [api](Request&) -> Response {
                return http::Json(SettingsJson(LoadSettings(*api)));
              }});
  router.Add({.method = "PUT", .pattern = "/api/v1/demand-settings", .permission = "demand:config",
              .summary = "修改三率权重与办理时限", .tag = "demands", .handler = H(PutSettings)});
  if (options.bench_noop_route) {
    // Benchmarks only: the same authorisation, JSON parsing and validation as POST /demands,
    // then nothing is stored.
    router.Add({.method = "POST", .pattern = "/api/v1/bench/noop", .permission = "demand:create",
                .summary = "基准测试：解析并校验登记请求，不保存", .tag = "bench",
                .handler = [](Request& req) -> Response {
                  auto body = ReadIntake(req.body, false);
                  if (!body.ok()) return Err(body.error());
                  return http::Json(json::object{{"ok", true}}, 201);
                }});
  }
  RegisterOpen311Routes(
      router, auth,
      {.apply_deadlines = [api](Demand& d) { return ApplyDeadlines(*api, d, api->Now()); },
       .resolve = [api](Id community, std::string_view text, std::string* address,
                        bool* indexed) { return api->Resolve(community, text, address, indexed); },
       .forget_addresses = [api](Id community) { api->addresses.Forget(community); }});
  RegisterHallRoutes(router, auth, {.apply_deadlines = [api](Demand& d) { return ApplyDeadlines(*api, d, api->Now()); }});
}

}  // namespace linli::api
