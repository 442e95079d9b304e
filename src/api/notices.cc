// Public notices (公示): staff drafts, publishing, comments and objections, answers, archive; the
// public notice board (no login) and the printable A4 page.
//   GET   /api/v1/notices?community_id&status&kind&q        notice:read     list (drafts included)
//   POST  /api/v1/notices                                   notice:write    new draft -> 201
//   GET   /api/v1/notices/{id}                              notice:read     detail with comments
//   PATCH /api/v1/notices/{id}                              notice:write    edit a draft (409 once published)
//   POST  /api/v1/notices/{id}/publish                      notice:publish  draft -> published
//   POST  /api/v1/notices/{id}/archive                      notice:publish  ended -> archived
//   POST  /api/v1/notices/{id}/comments                     notice:comment  a logged-in resident
//   comments/objects POST  /api/v1/notices/{id}/comments/{comment_id}/answer notice:answer   staff answer GET
//   /api/v1/public/notices?community_code             public          the board: published notices GET
//   /api/v1/public/notices/{id}                       public          one notice with comments (names masked)
//   POST  /api/v1/public/notices/{id}/comments              public          anonymous comment under a name
//   GET   /notices/{id}/print                               public          printable A4 HTML
//   POST  /api/v1/notice-files                              notice:write    upload an attachment
//   (JPEG/PNG/WebP/PDF) -> {name, url} GET   /api/v1/public/notice-files/{sha256}              public the
//   attachment (content-addressed)
// There is no DELETE: a notice is archived, never deleted. Bodies are checked before the {id} is
// looked up (400 before 404).
#include "store/notices.h"

#include <deque>
#include <mutex>
#include <unordered_map>

#include "access/masking.h"
#include "access/permissions.h"
#include "api/openapi_schema.h"
#include "api/resource.h"
#include "api/session.h"
#include "domain/notice.h"
#include "service/attachments.h"
#include "store/votes.h"

namespace linli::api {

namespace {

const NoticeRules& Rules() {
  static const NoticeRules rules;  // elevator plans: at least 7 days
  return rules;
}

json::array Ids(const std::vector<Id>& ids) {
  json::array a;
  for (Id id : ids) a.push_back(id);
  return a;
}

json::value OptId(const std::optional<Id>& v) { return v ? json::value(*v) : json::value(nullptr); }

// The first `n` code points of `s` with line breaks as spaces, "…" when cut.
std::string Excerpt(std::string_view s, std::size_t n) {
  std::string out;
  std::size_t count = 0, i = 0;
  while (i < s.size() && count < n) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    std::size_t len = ch < 0x80 ? 1 : (ch >> 5) == 6 ? 2 : (ch >> 4) == 14 ? 3 : (ch >> 3) == 30 ? 4 : 1;
    if (ch == '\n' || ch == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
    ++count;
  }
  if (i < s.size()) out += "…";
  return out;
}

// The notice as staff see it (`full`), or as the public board shows it (no staff names).
json::object NoticeJson(const NoticeSummary& s, std::string_view now, bool full, bool with_body = true) {
  const Notice& n = s.notice;
  json::array attachments;
  for (const auto& a : n.attachments) attachments.push_back(json::object{{"name", a.name}, {"url", a.url}});
  json::array compound_names;
  for (const auto& name : s.compound_names) compound_names.push_back(json::string(name));
  json::object o{{"id", n.id},
                 {"community_id", n.community_id},
                 {"community_name", s.community_name},
                 {"community_code", s.community_code},
                 {"compound_ids", Ids(n.compound_ids)},
                 {"compound_names", std::move(compound_names)},
                 {"title", n.title},
                 {"kind", NoticeKindCode(n.kind)},
                 {"status", NoticeStatusCode(NoticeStatusAt(n, now))},
                 {"starts_at", n.starts_at},
                 {"ends_at", n.ends_at},
                 {"period_text", ChinesePeriod(n.starts_at, n.ends_at)},
                 {"deliberation_id", OptId(n.deliberation_id)},
                 {"vote_id", OptId(n.vote_id)},
                 {"attachments", std::move(attachments)},
                 {"allow_anonymous", n.allow_anonymous},
                 {"published_at", n.published_at},
                 {"archived_at", n.archived_at},
                 {"comments_count", s.comments},
                 {"objections_count", s.objections},
                 {"unanswered_objections_count", s.unanswered_objections}};
  if (with_body)
    o["body"] = n.body;
  else
    o["excerpt"] = Excerpt(n.body, 80);
  if (full) {
    o["created_by"] = n.created_by;
    o["created_at"] = n.created_at;
    o["published_by"] = n.published_by;
    o["archived_by"] = n.archived_by;
  }
  return o;
}

// Staff see who wrote it; the public sees the name masked (刘**) and no staff names.
json::object CommentJson(const NoticeComment& c, bool full) {
  json::object o{{"id", c.id},
                 {"notice_id", c.notice_id},
                 {"kind", NoticeCommentKindCode(c.kind)},
                 {"author_name", full ? c.author_name : MaskName(c.author_name)},
                 {"anonymous", !c.user_id.has_value()},
                 {"text", c.text},
                 {"at", c.at},
                 {"answer", c.answer},
                 {"answered_at", c.answered_at}};
  if (full) {
    o["user_id"] = OptId(c.user_id);
    o["answered_by"] = c.answered_by;
  }
  return o;
}

json::array CommentsJson(const std::vector<NoticeComment>& comments, bool full) {
  json::array a;
  for (const auto& c : comments) a.push_back(CommentJson(c, full));
  return a;
}

// Reads the writable fields present in the body into `n`.
void ReadNotice(http::JsonReader& in, Notice& n, bool creating) {
  if (creating) {
    if (auto v = in.IdValue("community_id"))
      n.community_id = *v;
    else
      RequireField(in, "community_id");
  }
  if (auto v = in.String("title")) n.title = *v;
  if (auto v = in.String("body")) n.body = *v;
  if (auto v = in.String("kind")) {
    if (auto k = ParseNoticeKind(*v))
      n.kind = *k;
    else
      in.AddError("kind", "enum", "未知的公示类别 " + *v);
  }
  if (auto v = in.String("starts_at")) n.starts_at = *v;
  if (auto v = in.String("ends_at")) n.ends_at = *v;
  if (auto v = in.IdArray("compound_ids")) n.compound_ids = *v;
  if (in.Has("deliberation_id")) n.deliberation_id = in.IdValue("deliberation_id");
  if (in.Has("vote_id")) n.vote_id = in.IdValue("vote_id");
  if (auto v = in.Bool("allow_anonymous")) n.allow_anonymous = *v;
  if (const json::array* list = in.Array("attachments")) {
    n.attachments.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json::value& item = (*list)[i];
      std::string field = "attachments[" + std::to_string(i) + "]";
      if (!item.is_object()) {
        in.AddError(field, "type", "附件应为 {name, url}");
        continue;
      }
      auto sub = http::JsonReader::Of(item.as_object(), field + ".");
      NoticeAttachment a;
      if (auto v = sub.String("name")) a.name = *v;
      if (auto v = sub.String("url")) a.url = *v;
      if (Status s = sub.Finish(); !s.ok())
        for (const auto& d : s.error().details) in.AddError(d.field, d.reason, d.message);
      n.attachments.push_back(std::move(a));
    }
  }
}

// A linked vote must be a vote of the notice's community that the caller reaches: field vote_id,
// reason not_found, otherwise.
Status CheckVoteLink(Store& store, const Notice& n, const Scope& scope) {
  if (!n.vote_id) return Ok();
  auto vote = store.Votes().GetVote(*n.vote_id, scope);
  if (!vote.ok() && vote.error().code != ErrorCode::kNotFound) return vote.error();
  if (!vote.ok() || vote->community_id != n.community_id)
    return Error::Invalid("vote_id", "not_found", "表决不存在或不属于本社区");
  return Ok();
}

// Ok for an empty body or {} (actions without fields); the strict reader's error otherwise.
Status EmptyBody(const Request& req) {
  if (req.body.empty()) return Ok();
  LINLI_TRY(auto in, http::JsonReader::Parse(req.body));
  return in.Finish();
}

// Anonymous comments: a few per address per window, in memory.
class CommentLimiter {
 public:
  bool Allow(const std::string& addr, std::int64_t now) {
    std::lock_guard lock(mu_);
    auto& q = seen_[addr];
    while (!q.empty() && now - q.front() >= kWindow) q.pop_front();
    if (static_cast<int>(q.size()) >= kMax) return false;
    q.push_back(now);
    if (seen_.size() > 50000) seen_.clear();
    return true;
  }

 private:
  static constexpr int kMax = 10;
  static constexpr std::int64_t kWindow = 600;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::int64_t>> seen_;
};

// The public board's list answers, kept a few seconds: the board is read far more than written,
// by anonymous phones, and holds nothing personal beyond masked names. Any write through this
// process (draft, publish, archive, comment, answer) drops every entry at once; the TTL bounds how
// late a notice whose period starts or ends by the clock changes its place.
class BoardCache {
 public:
  static constexpr std::int64_t kTtlSeconds = 3;
  std::optional<std::string> Get(const std::string& key, std::int64_t now) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != generation_ || now >= it->second.expires)
      return std::nullopt;
    return it->second.body;
  }
  void Put(const std::string& key, std::string body, std::int64_t now) {
    std::lock_guard lock(mu_);
    if (entries_.size() > 1000) entries_.clear();
    entries_[key] = {std::move(body), now + kTtlSeconds, generation_};
  }
  void Invalidate() {
    std::lock_guard lock(mu_);
    ++generation_;
    entries_.clear();
  }

 private:
  struct Entry {
    std::string body;
    std::int64_t expires = 0;
    std::uint64_t generation = 0;
  };
  std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

// Reads {kind, text[, author_name]} for a new comment.
Result<NoticeComment> ReadComment(const Request& req, Id notice_id, bool anonymous) {
  LINLI_TRY(auto in, http::JsonReader::Parse(req.body));
  NoticeComment c;
  c.notice_id = notice_id;
  if (auto v = in.String("kind")) {
    if (auto k = ParseNoticeCommentKind(*v))
      c.kind = *k;
    else
      in.AddError("kind", "enum", "类别应为 comment（意见）或 objection（异议）");
  }
  if (auto v = in.String("text")) c.text = *v;
  if (anonymous) {
    if (auto v = in.String("author_name")) c.author_name = *v;
  }
  LINLI_TRY_STATUS(in.Finish());
  return c;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// Paragraphs (blank-line separated) as <p>, single line breaks as <br>.
std::string BodyHtml(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t end = body.find("\n\n", pos);
    std::string_view para =
        body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    while (!para.empty() && para.front() == '\n') para.remove_prefix(1);
    if (!para.empty()) {
      std::string html = HtmlEscape(para);
      std::string with_breaks;
      for (char ch : html) with_breaks += ch == '\n' ? std::string("<br>") : std::string(1, ch);
      // "各位居民：": a short opening line ending with a colon is a salutation, not indented
      const bool salutation =
          (para.ends_with("：") || para.ends_with(":")) && para.size() <= 60 && out.empty();
      out += (salutation ? "<p class=\"salute\">" : "<p>") + with_breaks + "</p>\n";
    }
    if (end == std::string_view::npos) break;
    pos = end + 2;
  }
  return out;
}

// The committee that signs: "四员厅社区" -> "四员厅社区居民委员会".
std::string Committee(const std::string& community_name) {
  if (community_name.ends_with("居民委员会") || community_name.ends_with("居委会")) return community_name;
  return community_name + "居民委员会";
}

std::string PrintPage(const NoticeSummary& s, const std::string& board_url) {
  const Notice& n = s.notice;
  std::string compounds;
  for (const auto& name : s.compound_names) compounds += (compounds.empty() ? "" : "、") + name;
  std::string html = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>)" + HtmlEscape(n.title) +
                     R"(</title>
<style>
@page { size: A4; margin: 25mm 22mm 22mm 22mm; }
html { background: #e9ecef; }
body { margin: 0; font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
       color: #000; font-size: 16pt; line-height: 1.75; }
.sheet { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 12mm auto; padding: 25mm 22mm 22mm;
         background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.15); }
.kind { text-align: center; font-size: 12pt; letter-spacing: .3em; color: #b00; margin: 0 0 4mm; }
h1 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 22pt; font-weight: 700;
     text-align: center; line-height: 1.4; margin: 0 0 8mm; }
.body p { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }
.body p.salute { text-indent: 0; }
.url { word-break: break-all; }
.meta { margin-top: 8mm; }
.meta p { margin: 0 0 1mm; text-indent: 2em; }
.sign { margin-top: 16mm; text-align: right; padding-right: 6mm; }
.sign p { margin: 0; }
.hint { max-width: 210mm; margin: 0 auto; font: 14px/1.6 system-ui, sans-serif; color: #555; text-align: center; }
@media screen and (max-width: 800px) {
  .sheet { width: auto; min-height: 0; margin: 0; padding: 20px 18px; box-shadow: none; font-size: 13pt; }
  h1 { font-size: 17pt; }
}
@media print {
  html { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .hint { display: none; }
}
</style></head><body>
<p class="hint">用浏览器的“打印”（Ctrl+P）即可按 A4 纸打印本公示。</p>
<article class="sheet">
<p class="kind">)" + HtmlEscape(std::string(NoticeKindNameZh(n.kind))) +
                     R"(</p>
<h1>)" + HtmlEscape(n.title) +
                     R"(</h1>
<div class="body">
)" + BodyHtml(n.body) +
                     R"(</div>
<div class="meta">
<p>公示期：)" + HtmlEscape(ChinesePeriod(n.starts_at, n.ends_at)) +
                     R"(。</p>
)";
  if (!compounds.empty()) html += "<p>公示范围：" + HtmlEscape(compounds) + "。</p>\n";
  html += "<p>公示期内如有意见或异议，请到社区居委会反映，或在网上公示栏留言：<span class=\"url\">" +
          HtmlEscape(board_url) + "</span></p>\n";
  html += R"(</div>
<div class="sign">
<p>)" + HtmlEscape(Committee(s.community_name)) +
          R"(</p>
<p>)" + HtmlEscape(ChineseDate(n.published_at.empty() ? n.starts_at : n.published_at)) +
          R"(</p>
</div>
</article>
</body></html>
)";
  return html;
}

void AddNoticeSchemas(http::Router& router) {
  router.AddSchema("NoticeAttachment", Schema({{"name", "string"}, {"url", "string"}}));
  router.AddSchema("NoticeInput", Schema({{"community_id", "integer"},
                                          {"title", "string"},
                                          {"body", "string"},
                                          {"kind", "string"},
                                          {"starts_at", "string"},
                                          {"ends_at", "string"},
                                          {"compound_ids", "[integer]"},
                                          {"deliberation_id", "integer?"},
                                          {"vote_id", "integer?"},
                                          {"allow_anonymous", "boolean"},
                                          {"attachments", "[#NoticeAttachment]"}}));
  router.AddSchema("NoticeComment", Schema({{"id", "integer"},
                                            {"notice_id", "integer"},
                                            {"kind", "string"},
                                            {"author_name", "string"},
                                            {"anonymous", "boolean"},
                                            {"text", "string"},
                                            {"at", "string"},
                                            {"answer", "string"},
                                            {"answered_at", "string"},
                                            {"user_id", "integer?"},
                                            {"answered_by", "string"}}));
  router.AddSchema("Notice", Schema({{"id", "integer"},
                                     {"community_id", "integer"},
                                     {"community_name", "string"},
                                     {"community_code", "string"},
                                     {"compound_ids", "[integer]"},
                                     {"compound_names", "[string]"},
                                     {"title", "string"},
                                     {"body", "string"},
                                     {"excerpt", "string"},
                                     {"kind", "string"},
                                     {"status", "string"},
                                     {"starts_at", "string"},
                                     {"ends_at", "string"},
                                     {"period_text", "string"},
                                     {"deliberation_id", "integer?"},
                                     {"vote_id", "integer?"},
                                     {"attachments", "[#NoticeAttachment]"},
                                     {"allow_anonymous", "boolean"},
                                     {"published_at", "string"},
                                     {"archived_at", "string"},
                                     {"comments_count", "integer"},
                                     {"objections_count", "integer"},
                                     {"unanswered_objections_count", "integer"},
                                     {"created_by", "string"},
                                     {"created_at", "string"},
                                     {"published_by", "string"},
                                     {"archived_by", "string"},
                                     {"comments", "[#NoticeComment]"}}));
  router.AddSchema(
      "NoticeList",
      Schema({{"items", "[#Notice]"}, {"total", "integer"}, {"offset", "integer"}, {"limit", "integer"}}));
  router.AddSchema("NoticeCommentInput",
                   Schema({{"kind", "string"}, {"text", "string"}, {"author_name", "string"}}));
  router.AddSchema("NoticeAnswerInput", Schema({{"answer", "string"}}));
}

}  // namespace

void RegisterNoticeRoutes(http::Router& router, std::shared_ptr<Auth> auth, const ApiOptions& options) {
  auto limiter = std::make_shared<CommentLimiter>();
  auto board = std::make_shared<BoardCache>();
  // Wraps a writing handler: a success drops the cached board pages.
  auto writes = [board](std::function<Response(Request&)> h) {
    return [board, h = std::move(h)](Request& req) -> Response {
      Response r = h(req);
      if (r.status < 300) board->Invalidate();
      return r;
    };
  };
  AddNoticeSchemas(router);

  std::vector<http::ParamDoc> list_params = PageParams();
  list_params.insert(list_params.begin(),
                     {{"community_id", "integer", false, "社区编号"},
                      {"status", "string", false, "draft | scheduled | published | ended | archived"},
                      {"kind", "string", false, "general | deliberation | vote | elevator | property"},
                      {"q", "string", false, "标题中的文字"}});
  router.Add({.method = "GET",
              .pattern = "/api/v1/notices",
              .permission = "notice:read",
              .summary = "公示列表（含草稿）",
              .tag = "notices",
              .query_params = list_params,
              .response_schema = "NoticeList",
              .handler = [auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                NoticeFilter f;
                auto community = OptionalQueryId(req, "community_id");
                if (!community.ok()) return http::ErrorResponse(community.error());
                f.community_id = *community;
                f.status = req.Query("status").value_or("");
                f.kind = req.Query("kind").value_or("");
                f.q = req.Query("q").value_or("");
                f.now = auth->NowText();
                auto page = req.QueryPage();
                if (!page.ok()) return http::ErrorResponse(page.error());
                auto list = notices.ListNotices(f, ScopeOf(req), *page);
                if (!list.ok()) return http::ErrorResponse(list.error());
                json::array items;
                for (const auto& s : list->items) items.push_back(NoticeJson(s, f.now, true, false));
                return http::Json(json::object{{"items", std::move(items)},
                                               {"total", list->total},
                                               {"offset", page->offset},
                                               {"limit", page->limit}});
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/notices",
              .permission = "notice:write",
              .summary = "新建公示草稿",
              .tag = "notices",
              .request_schema = "NoticeInput",
              .response_schema = "Notice",
              .handler = writes([auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                Notice n;
                ReadNotice(*in, n, true);
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto valid = ValidateNotice(n, Rules());
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                if (Status s = CheckVoteLink(auth->store(), *valid, ScopeOf(req)); !s.ok())
                  return http::ErrorResponse(s.error());
                valid->created_by = req.ctx.principal.username;
                valid->created_at = auth->NowText();
                auto created = notices.CreateNotice(*valid, ScopeOf(req));
                if (!created.ok()) return http::ErrorResponse(created.error());
                auto shown = notices.GetNotice(created->id, ScopeOf(req));
                if (!shown.ok()) return http::ErrorResponse(shown.error());
                json::object o = NoticeJson(*shown, auth->NowText(), true);
                o["comments"] = json::array{};
                return http::Json(o, 201);
              })});

  router.Add({.method = "GET",
              .pattern = "/api/v1/notices/{id}",
              .permission = "notice:read",
              .summary = "公示详情（含意见和答复）",
              .tag = "notices",
              .response_schema = "Notice",
              .handler = [auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto s = notices.GetNotice(*id, ScopeOf(req));
                if (!s.ok()) return http::ErrorResponse(s.error());
                auto comments = notices.ListComments(*id, ScopeOf(req));
                if (!comments.ok()) return http::ErrorResponse(comments.error());
                json::object o = NoticeJson(*s, auth->NowText(), true);
                o["comments"] = CommentsJson(*comments, true);
                return http::Json(o);
              }});

  router.Add({.method = "PATCH",
              .pattern = "/api/v1/notices/{id}",
              .permission = "notice:write",
              .summary = "修改公示草稿（发布后不能再改）",
              .tag = "notices",
              .request_schema = "NoticeInput",
              .response_schema = "Notice",
              .handler = writes([auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto old = notices.GetNotice(*id, ScopeOf(req));  // out of scope: 404 before the body
                if (!old.ok()) return http::ErrorResponse(old.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                if (in->Has("community_id")) {
                  in->AddError("community_id", "read_only", "公示所属社区不能修改");
                  in->Allow({"community_id"});
                }
                Notice n = old->notice;
                ReadNotice(*in, n, false);
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                if (Status s = CheckEditable(old->notice); !s.ok()) return http::ErrorResponse(s.error());
                auto valid = ValidateNotice(n, Rules());
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                if (Status s = CheckVoteLink(auth->store(), *valid, ScopeOf(req)); !s.ok())
                  return http::ErrorResponse(s.error());
                auto updated = notices.UpdateNotice(*valid, ScopeOf(req));
                if (!updated.ok()) return http::ErrorResponse(updated.error());
                auto shown = notices.GetNotice(*id, ScopeOf(req));
                if (!shown.ok()) return http::ErrorResponse(shown.error());
                json::object o = NoticeJson(*shown, auth->NowText(), true);
                o["comments"] = json::array{};
                return http::Json(o);
              })});

  auto action = [auth](bool publish) {
    return [auth, publish](Request& req) -> Response {
      NoticeStore& notices = auth->store().Notices();
      auto id = req.PathId();
      if (!id.ok()) return http::ErrorResponse(id.error());
      if (Status s = EmptyBody(req); !s.ok()) return http::ErrorResponse(s.error());
      const std::string now = auth->NowText();
      const std::string& by = req.ctx.principal.username;
      auto done = publish ? notices.PublishNotice(*id, by, now, ScopeOf(req))
                          : notices.ArchiveNotice(*id, by, now, ScopeOf(req));
      if (!done.ok()) return http::ErrorResponse(done.error());
      auto s = notices.GetNotice(*id, ScopeOf(req));
      if (!s.ok()) return http::ErrorResponse(s.error());
      auto comments = notices.ListComments(*id, ScopeOf(req));
      if (!comments.ok()) return http::ErrorResponse(comments.error());
      json::object o = NoticeJson(*s, now, true);
      o["comments"] = CommentsJson(*comments, true);
      return http::Json(o);
    };
  };
  router.Add({.method = "POST",
              .pattern = "/api/v1/notices/{id}/publish",
              .permission = "notice:publish",
              .summary = "发布公示（草稿 → 公示中；到开始时间前为待公示）",
              .tag = "notices",
              .response_schema = "Notice",
              .success_status = 200,
              .handler = writes(action(true))});
  router.Add({.method = "POST",
              .pattern = "/api/v1/notices/{id}/archive",
              .permission = "notice:publish",
              .summary = "归档公示（公示期结束且异议都已答复后）",
              .tag = "notices",
              .response_schema = "Notice",
              .success_status = 200,
              .handler = writes(action(false))});

  router.Add({.method = "POST",
              .pattern = "/api/v1/notices/{id}/comments",
              .permission = "notice:comment",
              .summary = "居民对公示发表意见或异议（公示期内）",
              .tag = "notices",
              .request_schema = "NoticeCommentInput",
              .response_schema = "NoticeComment",
              .handler = writes([auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto c = ReadComment(req, *id, false);
                if (!c.ok()) return http::ErrorResponse(c.error());
                const http::Principal& p = req.ctx.principal;
                if (p.user_id == 0)
                  return http::ErrorResponse(ErrorCode::kPermissionDenied, "请以居民账号登录后发表意见");
                c->user_id = p.user_id;
                c->author_name = p.display_name.empty() ? p.username : p.display_name;
                auto valid = ValidateComment(*c);
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                valid->at = auth->NowText();
                auto added = notices.AddComment(*valid, ScopeOf(req));
                if (!added.ok()) return http::ErrorResponse(added.error());
                return http::Json(CommentJson(*added, false), 201);
              })});

  router.Add({.method = "POST",
              .pattern = "/api/v1/notices/{id}/comments/{comment_id}/answer",
              .permission = "notice:answer",
              .summary = "答复居民的意见或异议",
              .tag = "notices",
              .request_schema = "NoticeAnswerInput",
              .response_schema = "NoticeComment",
              .success_status = 200,
              .handler = writes([auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto comment_id = req.PathId("comment_id");
                if (!comment_id.ok()) return http::ErrorResponse(comment_id.error());
                auto in = http::JsonReader::Parse(req.body);
                if (!in.ok()) return http::ErrorResponse(in.error());
                std::string answer;
                if (auto v = in->String("answer"))
                  answer = *v;
                else
                  RequireField(*in, "answer");
                if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
                auto done = notices.AnswerComment(*id, *comment_id, answer, req.ctx.principal.username,
                                                  auth->NowText(), ScopeOf(req));
                if (!done.ok()) return http::ErrorResponse(done.error());
                return http::Json(CommentJson(*done, true));
              })});

  // ---------------------------------------------------------------- the public board
  std::vector<http::ParamDoc> board_params = PageParams();
  board_params.insert(board_params.begin(), {"community_code", "string", true, "社区的 12 位统计用区划代码"});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/notices",
              .permission = "notice:board",
              .summary = "公示栏：一个社区已发布的公示（无需登录）",
              .tag = "notices",
              .query_params = board_params,
              .response_schema = "NoticeList",
              .is_public = true,
              .handler = [auth, board](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto code = req.Query("community_code");
                if (!code || code->empty())
                  return http::ErrorResponse(Error::Invalid("community_code", "required", "缺少社区代码"));
                auto page = req.QueryPage();
                if (!page.ok()) return http::ErrorResponse(page.error());
                const std::int64_t clock = auth->Now();
                const std::string key =
                    *code + "|" + std::to_string(page->offset) + "|" + std::to_string(page->limit);
                if (auto cached = board->Get(key, clock)) {
                  Response r;
                  r.body = std::move(*cached);
                  return r;
                }
                const std::string now = auth->NowText();
                auto list = notices.ListPublicNotices(*code, now, *page);
                if (!list.ok()) return http::ErrorResponse(list.error());
                json::array items;
                for (const auto& s : list->items) items.push_back(NoticeJson(s, now, false, false));
                json::object o{{"items", std::move(items)},
                               {"total", list->total},
                               {"offset", page->offset},
                               {"limit", page->limit}};
                Response r = http::Json(o);
                board->Put(key, r.body, clock);
                return r;
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/public/notices/{id}",
              .permission = "notice:board",
              .summary = "公示栏：一条公示及居民意见（无需登录；姓名打码）",
              .tag = "notices",
              .response_schema = "Notice",
              .is_public = true,
              .handler = [auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                const std::string now = auth->NowText();
                auto s = notices.GetPublicNotice(*id, now);
                if (!s.ok()) return http::ErrorResponse(s.error());
                auto comments = notices.ListPublicComments(*id, now);
                if (!comments.ok()) return http::ErrorResponse(comments.error());
                json::object o = NoticeJson(*s, now, false);
                o["comments"] = CommentsJson(*comments, false);
                return http::Json(o);
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/public/notices/{id}/comments",
              .permission = "notice:board",
              .summary = "公示栏：不登录留言（须留称呼；公示允许时；每个地址 10 分钟内至多 10 条）",
              .tag = "notices",
              .request_schema = "NoticeCommentInput",
              .response_schema = "NoticeComment",
              .is_public = true,
              .handler = writes([auth, limiter](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto c = ReadComment(req, *id, true);
                if (!c.ok()) return http::ErrorResponse(c.error());
                auto valid = ValidateComment(*c);
                if (!valid.ok()) return http::ErrorResponse(valid.error());
                if (!limiter->Allow(req.remote_addr, auth->Now()))
                  return http::ErrorResponse(ErrorCode::kRateLimited, "留言过于频繁，请稍后再试");
                valid->at = auth->NowText();
                auto added = notices.AddPublicComment(*valid);
                if (!added.ok()) return http::ErrorResponse(added.error());
                return http::Json(CommentJson(*added, false), 201);
              })});

  // ---------------------------------------------------------------- attachments (files beside the
  // demand attachments, in their own folder: everything in it is public once linked from a notice)
  auto files =
      std::make_shared<service::AttachmentFiles>(std::filesystem::path(options.attachments_dir) / "notices");
  router.Add({.method = "POST",
              .pattern = "/api/v1/notice-files",
              .permission = "notice:write",
              .summary = "上传公示附件（JPEG/PNG/WebP/PDF，≤ 10 MB；?filename= 附件名称）→ {name, url}",
              .tag = "notices",
              .response_schema = "NoticeAttachment",
              .max_body = service::kMaxAttachmentBytes + (256 << 10),
              .handler = [files](Request& req) -> Response {
                auto file = service::ExtractUpload(req.body, req.Header("Content-Type").value_or(""));
                if (!file.ok()) return http::ErrorResponse(file.error());
                auto info = files->Put(file->bytes, file->content_type);
                if (!info.ok()) return http::ErrorResponse(info.error());
                std::string name = req.Query("filename").value_or(file->filename);
                if (name.empty() || name.size() > 300) name = "附件";
                return http::Json(json::object{{"name", name},
                                               {"url", "/api/v1/public/notice-files/" + info->sha256},
                                               {"mime", info->mime},
                                               {"size", info->size}},
                                  201);
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/notice-files/{sha256}",
              .permission = "notice:board",
              .summary = "公示附件（无需登录；按内容寻址，可长期缓存）",
              .tag = "notices",
              .is_public = true,
              .handler = [files](Request& req) -> Response {
                const std::string sha = req.path_params.count("sha256") ? req.path_params.at("sha256") : "";
                if (!service::IsSha256Hex(sha)) return http::ErrorResponse(Error::NotFound("附件不存在"));
                auto bytes = files->Read(sha);
                if (!bytes.ok()) return http::ErrorResponse(bytes.error());
                auto mime = service::SniffAttachmentType(*bytes);
                if (!mime) return http::ErrorResponse(Error::NotFound("附件不存在"));
                Response r;
                r.content_type = *mime;
                r.body = std::move(*bytes);
                r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
                return r;
              }});

  router.Add({.method = "GET",
              .pattern = "/notices/{id}/print",
              .permission = "notice:board",
              .summary = "公示的 A4 打印页（HTML；无需登录）",
              .tag = "notices",
              .is_public = true,
              .handler = [auth](Request& req) -> Response {
                NoticeStore& notices = auth->store().Notices();
                auto id = req.PathId();
                if (!id.ok()) return http::ErrorResponse(id.error());
                auto s = notices.GetPublicNotice(*id, auth->NowText());
                if (!s.ok()) return http::ErrorResponse(s.error());
                std::string host(req.Header("Host").value_or(""));
                if (host.find_first_of("<>\"' \r\n") != std::string::npos) host.clear();
                std::string url = "/board/" + s->community_code + "/" + std::to_string(s->notice.id);
                if (!host.empty()) url = "http://" + host + url;
                Response r;
                r.content_type = "text/html; charset=utf-8";
                r.body = PrintPage(*s, url);
                return r;
              }});
}

}  // namespace linli::api
