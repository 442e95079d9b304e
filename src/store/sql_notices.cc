#include "store/sql_notices.h"

#include <algorithm>
#include <unordered_map>

#include "core/metrics.h"

namespace linli::store {

namespace {

Value Int(std::int64_t v) { return Value(v); }
Value Bool(bool b) { return Value(static_cast<std::int64_t>(b ? 1 : 0)); }

// "notice `t` is in scope" (empty when unrestricted): its community is one of the scope's, or
// holds one of its grids or households.
std::string ScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.community_id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.community_id IN (SELECT community_id FROM grids WHERE id IN (" +
                    InList(s.grid_ids, p) + "))");
  if (!s.household_ids.empty())
    terms.push_back("t.community_id IN (SELECT community_id FROM households WHERE id IN (" +
                    InList(s.household_ids, p) + "))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// The SQL condition for a derived status at `now` (times are normalised UTC text, so they compare
// as strings).
Result<std::string> StatusSql(const std::string& status, const std::string& now, Params& p) {
  auto s = ParseNoticeStatus(status);
  if (!s) return Error::Invalid("status", "enum", "未知的公示状态: " + status);
  switch (*s) {
    case NoticeStatus::kDraft:
      return std::string("t.published_at = ''");
    case NoticeStatus::kScheduled:
      p.emplace_back(now);
      return std::string("(t.published_at <> '' AND t.archived_at = '' AND t.starts_at > ?)");
    case NoticeStatus::kPublished:
      p.emplace_back(now);
      p.emplace_back(now);
      return std::string(
          "(t.published_at <> '' AND t.archived_at = '' AND t.starts_at <= ? AND t.ends_at > ?)");
    case NoticeStatus::kEnded:
      p.emplace_back(now);
      return std::string("(t.published_at <> '' AND t.archived_at = '' AND t.ends_at <= ?)");
    case NoticeStatus::kArchived:
      return std::string("t.archived_at <> ''");
  }
  return std::string();
}

constexpr std::string_view kNoticeSelect =
    "SELECT t.id, t.community_id, t.title, t.body, t.kind, t.starts_at, t.ends_at, t.deliberation_id, "
    "t.vote_id, "
    "t.allow_anonymous, t.created_by, t.created_at, t.published_by, t.published_at, t.archived_by, "
    "t.archived_at, "
    "t.comments_count, t.objections_count, t.unanswered_count, c.name, c.code "
    "FROM notices t JOIN communities c ON c.id = t.community_id";

NoticeSummary ToSummary(const std::vector<Value>& r) {
  NoticeSummary s;
  Notice& n = s.notice;
  n.id = AsInt(r[0]), n.community_id = AsInt(r[1]), n.title = AsText(r[2]), n.body = AsText(r[3]);
  n.kind = ParseNoticeKind(AsText(r[4])).value_or(NoticeKind::kGeneral);
  n.starts_at = AsText(r[5]), n.ends_at = AsText(r[6]);
  n.deliberation_id = AsOptId(r[7]), n.vote_id = AsOptId(r[8]);
  n.allow_anonymous = AsInt(r[9]) != 0;
  n.created_by = AsText(r[10]), n.created_at = AsText(r[11]);
  n.published_by = AsText(r[12]), n.published_at = AsText(r[13]);
  n.archived_by = AsText(r[14]), n.archived_at = AsText(r[15]);
  s.comments = AsInt(r[16]), s.objections = AsInt(r[17]), s.unanswered_objections = AsInt(r[18]);
  s.community_name = AsText(r[19]), s.community_code = AsText(r[20]);
  return s;
}

// Fills compound ids/names and attachments of `items`.
Status LoadChildren(Connection& c, std::vector<NoticeSummary>& items) {
  if (items.empty()) return Ok();
  std::unordered_map<Id, NoticeSummary*> by_id;
  std::vector<Id> ids;
  for (auto& s : items) by_id[s.notice.id] = &s, ids.push_back(s.notice.id);
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT nc.notice_id, nc.compound_id, cp.name FROM notice_compounds nc "
                                "LEFT JOIN compounds cp ON cp.id = nc.compound_id WHERE nc.notice_id IN (" +
                                    in + ") ORDER BY nc.notice_id, nc.compound_id",
                                p));
    for (auto& r : rows.rows) {
      NoticeSummary* s = by_id[AsInt(r[0])];
      s->notice.compound_ids.push_back(AsInt(r[1]));
      s->compound_names.push_back(AsText(r[2]));
    }
  }
  {
    Params p;
    std::string in = InList(ids, p);
    LINLI_TRY(auto rows, c.Exec("SELECT notice_id, name, url FROM notice_attachments WHERE notice_id IN (" +
                                    in + ") ORDER BY notice_id, position",
                                p));
    for (auto& r : rows.rows) by_id[AsInt(r[0])]->notice.attachments.push_back({AsText(r[1]), AsText(r[2])});
  }
  return Ok();
}

Result<NoticeSummary> LoadNotice(Connection& c, Id id, const Scope& scope) {
  Params p{Value(id)};
  std::string where = Where({"t.id = ?", ScopeSql(scope, p)});
  LINLI_TRY(auto rows, c.Exec(std::string(kNoticeSelect) + where, p));
  if (rows.empty()) return Error::NotFound("公示不存在");
  std::vector<NoticeSummary> items{ToSummary(rows[0])};
  LINLI_TRY_STATUS(LoadChildren(c, items));
  return std::move(items[0]);
}

// "community `t` is in scope" (empty when unrestricted).
std::string CommunityScopeSql(const Scope& s, Params& p) {
  if (s.unrestricted) return {};
  std::vector<std::string> terms;
  if (!s.community_ids.empty()) terms.push_back("t.id IN (" + InList(s.community_ids, p) + ")");
  if (!s.grid_ids.empty())
    terms.push_back("t.id IN (SELECT community_id FROM grids WHERE id IN (" + InList(s.grid_ids, p) + "))");
  if (!s.household_ids.empty())
    terms.push_back("t.id IN (SELECT community_id FROM households WHERE id IN (" +
                    InList(s.household_ids, p) + "))");
  if (terms.empty()) return "1=0";
  std::string out = "(";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " OR " : "") + terms[i];
  return out + ")";
}

// The community must exist in scope; every compound must lie in it.
Status CheckPlace(Connection& c, const Notice& n, const Scope& scope) {
  {
    Params p{Value(n.community_id)};
    std::string where = Where({"t.id = ?", CommunityScopeSql(scope, p)});
    LINLI_TRY(auto rows, c.Exec("SELECT t.id FROM communities t" + where, p));
    if (rows.empty()) return Error::Invalid("community_id", "not_found", "社区不存在");
  }
  if (!n.compound_ids.empty()) {
    Params p{Value(n.community_id)};
    std::string in = InList(n.compound_ids, p);
    LINLI_TRY(auto r,
              c.Exec("SELECT COUNT(*) FROM compounds WHERE community_id = ? AND id IN (" + in + ")", p));
    if (AsInt(r[0][0]) != static_cast<std::int64_t>(n.compound_ids.size()))
      return Error::Invalid("compound_ids", "not_found", "小区不存在或不属于该社区");
  }
  return Ok();
}

Status WriteChildren(Connection& c, const Notice& n) {
  LINLI_TRY_STATUS(c.Exec("DELETE FROM notice_compounds WHERE notice_id = ?", {Value(n.id)}));
  LINLI_TRY_STATUS(c.Exec("DELETE FROM notice_attachments WHERE notice_id = ?", {Value(n.id)}));
  for (Id compound : n.compound_ids)
    LINLI_TRY_STATUS(c.Exec("INSERT INTO notice_compounds(notice_id, compound_id) VALUES (?, ?)",
                            {Value(n.id), Value(compound)}));
  std::int64_t pos = 0;
  for (const auto& a : n.attachments)
    LINLI_TRY_STATUS(
        c.Exec("INSERT INTO notice_attachments(notice_id, position, name, url) VALUES (?, ?, ?, ?)",
               {Value(n.id), Int(pos++), Value(a.name), Value(a.url)}));
  return Ok();
}

constexpr std::string_view kCommentSelect =
    "SELECT id, notice_id, user_id, author_name, kind, text, at, answer, answered_by, answered_at FROM "
    "notice_comments";

NoticeComment ToComment(const std::vector<Value>& r) {
  NoticeComment c;
  c.id = AsInt(r[0]), c.notice_id = AsInt(r[1]), c.user_id = AsOptId(r[2]), c.author_name = AsText(r[3]);
  c.kind = ParseNoticeCommentKind(AsText(r[4])).value_or(NoticeCommentKind::kComment);
  c.text = AsText(r[5]), c.at = AsText(r[6]);
  c.answer = AsText(r[7]), c.answered_by = AsText(r[8]), c.answered_at = AsText(r[9]);
  return c;
}

Result<std::vector<NoticeComment>> LoadComments(Connection& c, Id notice_id) {
  LINLI_TRY(auto rows,
            c.Exec(std::string(kCommentSelect) + " WHERE notice_id = ? ORDER BY id", {Value(notice_id)}));
  std::vector<NoticeComment> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(ToComment(r));
  return out;
}

// Inserts a comment on `n` (already loaded, in scope) after the period rule, and counts it.
Result<NoticeComment> InsertComment(Connection& c, const Notice& n, const NoticeComment& in) {
  if (n.published_at.empty()) return Error::NotFound("公示不存在");
  LINLI_TRY_STATUS(CheckCommentAllowed(n, in.at, !in.user_id.has_value()));
  NoticeComment out = in;
  out.answer.clear(), out.answered_by.clear(), out.answered_at.clear();
  LINLI_TRY(auto r,
            c.Exec("INSERT INTO notice_comments(notice_id, user_id, author_name, kind, text, at) "
                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   {Value(n.id), Nullable(out.user_id), Value(out.author_name),
                    Value(std::string(NoticeCommentKindCode(out.kind))), Value(out.text), Value(out.at)}));
  out.id = AsInt(r[0][0]);
  const bool objection = out.kind == NoticeCommentKind::kObjection;
  LINLI_TRY_STATUS(
      c.Exec("UPDATE notices SET comments_count = comments_count + 1, objections_count = "
             "objections_count + ?, unanswered_count = unanswered_count + ? WHERE id = ?",
             {Int(objection ? 1 : 0), Int(objection ? 1 : 0), Value(n.id)}));
  return out;
}

// The public board's condition: published, started at `now` (param appended).
std::string PublicSql(const std::string& now, Params& p) {
  p.emplace_back(now);
  return "t.published_at <> '' AND t.starts_at <= ?";
}

}  // namespace

// ---------------------------------------------------------------- staff

Result<Notice> SqlNotices::CreateNotice(const Notice& in, const Scope& scope) {
  metrics::StoreTimer timer("CreateNotice");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Notice> {
    Notice n = in;
    n.published_at.clear(), n.published_by.clear(), n.archived_at.clear(), n.archived_by.clear();
    LINLI_TRY_STATUS(CheckPlace(c, n, scope));
    LINLI_TRY(
        auto r,
        c.Exec(
            "INSERT INTO notices(community_id, title, body, kind, starts_at, ends_at, deliberation_id, "
            "vote_id, allow_anonymous, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            {Value(n.community_id), Value(n.title), Value(n.body), Value(std::string(NoticeKindCode(n.kind))),
             Value(n.starts_at), Value(n.ends_at), Nullable(n.deliberation_id), Nullable(n.vote_id),
             Bool(n.allow_anonymous), Value(n.created_by), Value(n.created_at)}));
    n.id = AsInt(r[0][0]);
    LINLI_TRY_STATUS(WriteChildren(c, n));
    return n;
  });
}

Result<Notice> SqlNotices::UpdateNotice(const Notice& in, const Scope& scope) {
  metrics::StoreTimer timer("UpdateNotice");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Notice> {
    LINLI_TRY(auto old, LoadNotice(c, in.id, scope));
    LINLI_TRY_STATUS(CheckEditable(old.notice));
    Notice n = in;
    n.community_id = old.notice.community_id;
    n.created_by = old.notice.created_by, n.created_at = old.notice.created_at;
    n.published_at.clear(), n.published_by.clear(), n.archived_at.clear(), n.archived_by.clear();
    LINLI_TRY_STATUS(CheckPlace(c, n, Scope::All()));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE notices SET title = ?, body = ?, kind = ?, starts_at = ?, ends_at = ?, "
               "deliberation_id = ?, vote_id = ?, allow_anonymous = ? WHERE id = ? AND published_at = ''",
               {Value(n.title), Value(n.body), Value(std::string(NoticeKindCode(n.kind))), Value(n.starts_at),
                Value(n.ends_at), Nullable(n.deliberation_id), Nullable(n.vote_id), Bool(n.allow_anonymous),
                Value(n.id)}));
    LINLI_TRY_STATUS(WriteChildren(c, n));
    return n;
  });
}

Result<NoticeSummary> SqlNotices::GetNotice(Id id, const Scope& scope) {
  metrics::StoreTimer timer("GetNotice");
  return ReadOn(pool_, [&](Connection& c) { return LoadNotice(c, id, scope); });
}

Result<Page<NoticeSummary>> SqlNotices::ListNotices(const NoticeFilter& f, const Scope& scope,
                                                    PageRequest page) {
  metrics::StoreTimer timer("ListNotices");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<NoticeSummary>> {
    Params p;
    std::vector<std::string> conds;
    conds.push_back(ScopeSql(scope, p));
    if (f.community_id) {
      conds.push_back("t.community_id = ?");
      p.emplace_back(*f.community_id);
    }
    if (!f.status.empty()) {
      LINLI_TRY(auto cond, StatusSql(f.status, f.now, p));
      conds.push_back(cond);
    }
    if (!f.kind.empty()) {
      if (!ParseNoticeKind(f.kind)) return Error::Invalid("kind", "enum", "未知的公示类别: " + f.kind);
      conds.push_back("t.kind = ?");
      p.emplace_back(f.kind);
    }
    if (!f.q.empty()) {
      conds.push_back(std::string(c.InstrFunction()) + "(t.title, ?) > 0");
      p.emplace_back(f.q);
    }
    const std::string where = Where(conds);
    Page<NoticeSummary> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM notices t" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows,
              c.Exec(std::string(kNoticeSelect) + where +
                         " ORDER BY CASE WHEN t.published_at = '' THEN 0 ELSE 1 END, t.starts_at DESC, "
                         "t.id DESC LIMIT ? OFFSET ?",
                     p));
    for (auto& r : rows.rows) out.items.push_back(ToSummary(r));
    LINLI_TRY_STATUS(LoadChildren(c, out.items));
    return out;
  });
}

Result<Notice> SqlNotices::PublishNotice(Id id, const std::string& by, const std::string& now,
                                         const Scope& scope) {
  metrics::StoreTimer timer("PublishNotice");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Notice> {
    LINLI_TRY(auto s, LoadNotice(c, id, scope));
    LINLI_TRY_STATUS(CheckPublish(s.notice, now));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE notices SET published_at = ?, published_by = ? WHERE id = ? AND published_at = ''",
               {Value(now), Value(by), Value(id)}));
    s.notice.published_at = now, s.notice.published_by = by;
    return s.notice;
  });
}

Result<Notice> SqlNotices::ArchiveNotice(Id id, const std::string& by, const std::string& now,
                                         const Scope& scope) {
  metrics::StoreTimer timer("ArchiveNotice");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<Notice> {
    LINLI_TRY(auto s, LoadNotice(c, id, scope));
    LINLI_TRY_STATUS(CheckArchive(s.notice, now, s.unanswered_objections));
    LINLI_TRY_STATUS(
        c.Exec("UPDATE notices SET archived_at = ?, archived_by = ? WHERE id = ? AND archived_at = ''",
               {Value(now), Value(by), Value(id)}));
    s.notice.archived_at = now, s.notice.archived_by = by;
    return s.notice;
  });
}

Status SqlNotices::DeleteNotice(Id id, const Scope& scope) {
  metrics::StoreTimer timer("DeleteNotice");
  return ReadOn(pool_, [&](Connection& c) -> Status {
    auto found = LoadNotice(c, id, scope);
    if (!found.ok()) return std::move(found.error());
    Error e{ErrorCode::kConflict, "公示不能删除，公示期结束后归档保存", "status", {}};
    e.details.push_back({"status", "never_deleted", e.message});
    return e;
  });
}

Result<NoticeComment> SqlNotices::AddComment(const NoticeComment& in, const Scope& scope) {
  metrics::StoreTimer timer("AddNoticeComment");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<NoticeComment> {
    LINLI_TRY(auto s, LoadNotice(c, in.notice_id, scope));
    return InsertComment(c, s.notice, in);
  });
}

Result<std::vector<NoticeComment>> SqlNotices::ListComments(Id notice_id, const Scope& scope) {
  metrics::StoreTimer timer("ListNoticeComments");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<NoticeComment>> {
    Params p{Value(notice_id)};
    const std::string sql = "SELECT t.id FROM notices t" + Where({"t.id = ?", ScopeSql(scope, p)});
    LINLI_TRY(auto found, c.Exec(sql, p));
    if (found.empty()) return Error::NotFound("公示不存在");
    return LoadComments(c, notice_id);
  });
}

Result<NoticeComment> SqlNotices::AnswerComment(Id notice_id, Id comment_id, const std::string& answer,
                                                const std::string& by, const std::string& now,
                                                const Scope& scope) {
  metrics::StoreTimer timer("AnswerNoticeComment");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<NoticeComment> {
    LINLI_TRY(auto s, LoadNotice(c, notice_id, scope));
    LINLI_TRY(auto rows, c.Exec(std::string(kCommentSelect) + " WHERE id = ? AND notice_id = ?",
                                {Value(comment_id), Value(notice_id)}));
    if (rows.empty()) return Error::NotFound("意见不存在");
    NoticeComment cm = ToComment(rows[0]);
    LINLI_TRY(std::string text, CheckAnswer(s.notice, answer));
    const bool first = cm.answer.empty();
    LINLI_TRY_STATUS(
        c.Exec("UPDATE notice_comments SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
               {Value(text), Value(by), Value(now), Value(comment_id)}));
    if (first && cm.kind == NoticeCommentKind::kObjection)
      LINLI_TRY_STATUS(c.Exec("UPDATE notices SET unanswered_count = unanswered_count - 1 WHERE id = ?",
                              {Value(notice_id)}));
    cm.answer = text, cm.answered_by = by, cm.answered_at = now;
    return cm;
  });
}

// ---------------------------------------------------------------- the public board

Result<Page<NoticeSummary>> SqlNotices::ListPublicNotices(const std::string& community_code,
                                                          const std::string& now, PageRequest page) {
  metrics::StoreTimer timer("ListPublicNotices");
  return ReadOn(pool_, [&](Connection& c) -> Result<Page<NoticeSummary>> {
    LINLI_TRY(auto community, c.Exec("SELECT id FROM communities WHERE code = ?", {Value(community_code)}));
    if (community.empty()) return Error::NotFound("社区不存在");
    Params p{community[0][0]};
    const std::string where = " WHERE t.community_id = ? AND " + PublicSql(now, p);
    Page<NoticeSummary> out;
    LINLI_TRY(auto n, c.Exec("SELECT COUNT(*) FROM notices t" + where, p));
    out.total = AsInt(n[0][0]);
    p.emplace_back(now);
    p.emplace_back(std::max<std::int64_t>(page.limit, 0));
    p.emplace_back(std::max<std::int64_t>(page.offset, 0));
    LINLI_TRY(auto rows,
              c.Exec(std::string(kNoticeSelect) + where +
                         " ORDER BY CASE WHEN t.archived_at = '' AND t.ends_at > ? THEN 0 ELSE 1 END, "
                         "t.starts_at DESC, t.id DESC LIMIT ? OFFSET ?",
                     p));
    for (auto& r : rows.rows) out.items.push_back(ToSummary(r));
    LINLI_TRY_STATUS(LoadChildren(c, out.items));
    return out;
  });
}

Result<NoticeSummary> SqlNotices::GetPublicNotice(Id id, const std::string& now) {
  metrics::StoreTimer timer("GetPublicNotice");
  return ReadOn(pool_, [&](Connection& c) -> Result<NoticeSummary> {
    LINLI_TRY(auto s, LoadNotice(c, id, Scope::All()));
    if (s.notice.published_at.empty() || s.notice.starts_at > now) return Error::NotFound("公示不存在");
    return s;
  });
}

Result<std::vector<NoticeComment>> SqlNotices::ListPublicComments(Id notice_id, const std::string& now) {
  metrics::StoreTimer timer("ListPublicNoticeComments");
  return ReadOn(pool_, [&](Connection& c) -> Result<std::vector<NoticeComment>> {
    Params p{Value(notice_id)};
    const std::string sql = "SELECT t.id FROM notices t WHERE t.id = ? AND " + PublicSql(now, p);
    LINLI_TRY(auto found, c.Exec(sql, p));
    if (found.empty()) return Error::NotFound("公示不存在");
    return LoadComments(c, notice_id);
  });
}

Result<NoticeComment> SqlNotices::AddPublicComment(const NoticeComment& in) {
  metrics::StoreTimer timer("AddPublicNoticeComment");
  return WriteOn(pool_, write_mu_, [&](Connection& c) -> Result<NoticeComment> {
    LINLI_TRY(auto s, LoadNotice(c, in.notice_id, Scope::All()));
    if (s.notice.published_at.empty() || s.notice.starts_at > in.at) return Error::NotFound("公示不存在");
    return InsertComment(c, s.notice, in);
  });
}

}  // namespace linli::store
