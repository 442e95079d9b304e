// The notice half of SqlStore (store/notices.h), written once in portable SQL over
// store::Connection, and the notice migrations of both back ends (numbers 300-399, applied after
// the core migrations by OpenStore). Private to src/store.
// Thread rule: safe from many threads (pooled connections).
#pragma once

#include <mutex>
#include <span>

#include "store/notices.h"
#include "store/sql_db.h"

namespace linli::store {

// sqlite/notice_migrations.cc and postgres/notice_migrations.cc.
std::span<const Migration> SqliteNoticeMigrations();
Status ApplyPgNoticeMigrations(Connection& c);

class SqlNotices final : public NoticeStore {
 public:
  // `write_mu` (nullable) is taken around every write transaction (SQLite's one writer).
  SqlNotices(Pool& pool, std::mutex* write_mu) : pool_(pool), write_mu_(write_mu) {}

  Result<Notice> CreateNotice(const Notice& n, const Scope& scope) override;
  Result<Notice> UpdateNotice(const Notice& n, const Scope& scope) override;
  Result<NoticeSummary> GetNotice(Id id, const Scope& scope) override;
  Result<Page<NoticeSummary>> ListNotices(const NoticeFilter& f, const Scope& scope,
                                          PageRequest page) override;
  Result<Notice> PublishNotice(Id id, const std::string& by, const std::string& now,
                               const Scope& scope) override;
  Result<Notice> ArchiveNotice(Id id, const std::string& by, const std::string& now,
                               const Scope& scope) override;
  Status DeleteNotice(Id id, const Scope& scope) override;
  Result<NoticeComment> AddComment(const NoticeComment& c, const Scope& scope) override;
  Result<std::vector<NoticeComment>> ListComments(Id notice_id, const Scope& scope) override;
  Result<NoticeComment> AnswerComment(Id notice_id, Id comment_id, const std::string& answer,
                                      const std::string& by, const std::string& now,
                                      const Scope& scope) override;
  Result<Page<NoticeSummary>> ListPublicNotices(const std::string& community_code, const std::string& now,
                                                PageRequest page) override;
  Result<NoticeSummary> GetPublicNotice(Id id, const std::string& now) override;
  Result<std::vector<NoticeComment>> ListPublicComments(Id notice_id, const std::string& now) override;
  Result<NoticeComment> AddPublicComment(const NoticeComment& c) override;

 private:
  Pool& pool_;
  std::mutex* write_mu_;
};

}  // namespace linli::store
