// The notice half of the store contract (store/notices.h): drafts, scope, publishing, comments
// inside the period, answers, archive, the public board, and no deletion — on SQLite and (with
// LINLI_TEST_PG_URL) PostgreSQL.
#include <sqlite3.h>

#include "store/notices.h"
#include "store_contract.h"

namespace linli {
namespace {

class NoticeContract : public store_test::StoreContract {
 protected:
  std::string RawSql(const std::string& sql) {
    if (!path_.empty()) {
      sqlite3* db = nullptr;
      std::string err;
      if (sqlite3_open(path_.c_str(), &db) != SQLITE_OK) {
        err = sqlite3_errmsg(db);
      } else {
        sqlite3_busy_timeout(db, 5000);
        char* msg = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) err = msg ? msg : "error";
        sqlite3_free(msg);
      }
      sqlite3_close(db);
      return err;
    }
    PGconn* c = PQconnectdb(pg_url_.c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) {
      err = PQerrorMessage(c);
    } else {
      PGresult* r = PQexec(c, ("SET search_path TO " + schema_ + "; " + sql).c_str());
      if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        err = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return err;
  }

  Notice Make(Id community, std::string title = "关于垃圾站选址方案的公示") {
    Notice n;
    n.community_id = community;
    n.title = std::move(title);
    n.body = "各位居民：\n\n垃圾站拟设在3号楼北侧。";
    n.kind = NoticeKind::kElevator;
    n.starts_at = "2026-11-28T16:00:00Z";
    n.ends_at = "2026-12-05T16:00:00Z";
    n.attachments = {{"方案图", "/files/plan.pdf"}};
    return n;
  }
  static Scope Of(Id community) {
    Scope s;
    s.unrestricted = false;
    s.community_ids = {community};
    return s;
  }
};

TEST_P(NoticeContract, DraftPublishCommentAnswerArchive) {
  auto a = store_->CreateCommunity({0, "110112004001", "四员厅社区", "中仓街道", "通州区"});
  auto b = store_->CreateCommunity({0, "110112005001", "北苑社区", "", ""});
  ASSERT_TRUE(a.ok() && b.ok());
  auto compound = store_->CreateCompound({0, a->id, "水月院", "", ""});
  ASSERT_TRUE(compound.ok());
  NoticeStore& ns = store_->Notices();

  Notice n = Make(a->id);
  n.compound_ids = {compound->id};
  auto wrong = ns.CreateNotice(n, Of(b->id));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().field, "community_id");
  auto created = ns.CreateNotice(n, Of(a->id));
  ASSERT_TRUE(created.ok()) << created.error().message;
  const Id id = created->id;
  EXPECT_EQ(ns.GetNotice(id, Of(b->id)).error().code, ErrorCode::kNotFound);
  auto got = ns.GetNotice(id, Of(a->id));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->notice.title, n.title);
  EXPECT_EQ(got->notice.body, n.body);
  EXPECT_EQ(got->notice.kind, NoticeKind::kElevator);
  EXPECT_EQ(got->community_code, "110112004001");
  ASSERT_EQ(got->compound_names.size(), 1u);
  EXPECT_EQ(got->compound_names[0], "水月院");
  ASSERT_EQ(got->notice.attachments.size(), 1u);
  EXPECT_EQ(got->notice.attachments[0].url, "/files/plan.pdf");

  // a draft: not on the board, no comments
  EXPECT_EQ(ns.ListPublicNotices("110112004001", "2026-11-30T00:00:00Z", {0, 50})->total, 0);
  NoticeComment c;
  c.notice_id = id, c.author_name = "王阿姨", c.text = "支持", c.at = "2026-11-30T00:00:00Z";
  EXPECT_EQ(ns.AddPublicComment(c).error().code, ErrorCode::kNotFound);

  // edit the draft, then publish; published notices are not edited
  got->notice.title = "3号楼1单元加装电梯方案公示";
  got->notice.compound_ids.clear();
  ASSERT_TRUE(ns.UpdateNotice(got->notice, Of(a->id)).ok());
  EXPECT_TRUE(ns.GetNotice(id, Of(a->id))->compound_names.empty());
  ASSERT_TRUE(ns.PublishNotice(id, "staff", "2026-11-27T00:00:00Z", Of(a->id)).ok());
  EXPECT_EQ(ns.UpdateNotice(got->notice, Of(a->id)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(ns.PublishNotice(id, "staff", "2026-11-27T00:00:00Z", Of(a->id)).error().code,
            ErrorCode::kConflict);

  // the board: from the start on; other communities see nothing
  EXPECT_EQ(ns.ListPublicNotices("110112004001", "2026-11-28T00:00:00Z", {0, 50})->total, 0);
  auto board = ns.ListPublicNotices("110112004001", "2026-11-30T00:00:00Z", {0, 50});
  ASSERT_TRUE(board.ok());
  ASSERT_EQ(board->total, 1);
  EXPECT_EQ(board->items[0].notice.title, "3号楼1单元加装电梯方案公示");
  EXPECT_EQ(ns.ListPublicNotices("110112005001", "2026-11-30T00:00:00Z", {0, 50})->total, 0);
  EXPECT_EQ(ns.ListPublicNotices("999999999999", "2026-11-30T00:00:00Z", {0, 50}).error().code,
            ErrorCode::kNotFound);

  // comments inside the period; staff list filters by derived status
  auto anon = ns.AddPublicComment(c);
  ASSERT_TRUE(anon.ok()) << anon.error().message;
  NoticeComment objection;
  objection.notice_id = id, objection.user_id = 9, objection.author_name = "刘艳";
  objection.kind = NoticeCommentKind::kObjection, objection.text = "太近",
  objection.at = "2026-12-01T00:00:00Z";
  Scope resident;
  resident.unrestricted = false;
  resident.community_ids = {a->id};
  auto obj = ns.AddComment(objection, resident);
  ASSERT_TRUE(obj.ok());
  objection.at = "2026-12-05T16:00:00Z";
  EXPECT_EQ(ns.AddComment(objection, resident).error().field, "ends_at");
  auto summary = ns.GetNotice(id, Of(a->id));
  EXPECT_EQ(summary->comments, 2);
  EXPECT_EQ(summary->objections, 1);
  EXPECT_EQ(summary->unanswered_objections, 1);
  NoticeFilter f;
  f.now = "2026-12-01T00:00:00Z";
  f.status = "published";
  EXPECT_EQ(ns.ListNotices(f, Of(a->id), {0, 50})->total, 1);
  f.status = "draft";
  EXPECT_EQ(ns.ListNotices(f, Of(a->id), {0, 50})->total, 0);
  f.status = "";
  f.q = "电梯";
  EXPECT_EQ(ns.ListNotices(f, Of(a->id), {0, 50})->total, 1);
  EXPECT_EQ(ns.ListNotices(f, Of(b->id), {0, 50})->total, 0);

  // archive: after the end, once the objection is answered
  EXPECT_EQ(ns.ArchiveNotice(id, "staff", "2026-12-06T00:00:00Z", Of(a->id)).error().field, "objections");
  auto answered = ns.AnswerComment(id, obj->id, " 已调整位置 ", "staff", "2026-12-06T00:00:00Z", Of(a->id));
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->answer, "已调整位置");
  EXPECT_EQ(ns.AnswerComment(id, obj->id, "x", "staff", "2026-12-06T00:00:00Z", Of(b->id)).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(ns.GetNotice(id, Of(a->id))->unanswered_objections, 0);
  ASSERT_TRUE(ns.ArchiveNotice(id, "staff", "2026-12-06T00:00:00Z", Of(a->id)).ok());
  auto comments = ns.ListPublicComments(id, "2026-12-07T00:00:00Z");
  ASSERT_TRUE(comments.ok());
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ((*comments)[1].answer, "已调整位置");

  // never deleted: neither through the store nor behind its back
  EXPECT_EQ(ns.DeleteNotice(id, Of(a->id)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(ns.DeleteNotice(id, Of(b->id)).error().code, ErrorCode::kNotFound);
  EXPECT_NE(RawSql("DELETE FROM notices"), "");
  EXPECT_NE(RawSql("DELETE FROM notice_comments"), "");
  EXPECT_TRUE(ns.GetNotice(id, Of(a->id)).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticeContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace linli
