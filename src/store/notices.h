// Public notices (公示) in the store: the NoticeStore interface (reached through Store::Notices()).
// Methods speak the domain (domain/notice.h); the rules that depend on the stored state (only
// drafts are edited, comments only inside the period, archive once every objection is answered)
// are checked inside the same transaction as the write, with "now" passed in.
//
// Scope: a notice belongs to one community. It is in scope when its community is one of the
// scope's communities, the community of one of its grids, or the community of one of its
// households (a resident reaches the notices of his own community). Out of scope == kNotFound.
// The public board (ListPublicNotices / GetPublicNotice) needs no scope: it shows only notices
// that are published and whose period has started (in period, ended or archived).
//
// Notices and comments are never deleted: DeleteNotice always refuses (kConflict) and the
// database itself refuses DELETE on both tables.
// Thread rule: safe from many threads (pooled connections), like Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/notice.h"
#include "store/store.h"

namespace linli {

// A notice with its community and the counters the lists show.
struct NoticeSummary {
  Notice notice;
  std::string community_name, community_code;
  std::vector<std::string> compound_names;  // parallel to notice.compound_ids
  std::int64_t comments = 0;                // comments and objections together
  std::int64_t objections = 0;
  std::int64_t unanswered_objections = 0;
};

// Staff list filter. `status` ("" = any; else a NoticeStatusCode) is derived at `now` (ISO UTC).
// `q` is a fragment of the title. Newest first (by starts_at, then id).
struct NoticeFilter {
  std::optional<Id> community_id;
  std::string status;
  std::string kind;  // "" = any; else a NoticeKindCode
  std::string q;
  std::string now;
};

class NoticeStore {
 public:
  virtual ~NoticeStore() = default;

  // Creates a draft (published_at/archived_at ignored, counters 0). `n` must have passed
  // ValidateNotice. Errors: kInvalidArgument field community_id (reason not_found) when the
  // community does not exist or is out of scope; field compound_ids when a compound is not in
  // that community; field deliberation_id / vote_id are stored as given (no check yet).
  virtual Result<Notice> CreateNotice(const Notice& n, const Scope& scope) = 0;
  // Replaces the writable fields of draft `n.id` (community_id stays). kNotFound; kConflict
  // (field status) when it is not a draft; compound errors as CreateNotice.
  virtual Result<Notice> UpdateNotice(const Notice& n, const Scope& scope) = 0;
  virtual Result<NoticeSummary> GetNotice(Id id, const Scope& scope) = 0;  // kNotFound
  // Notices in scope matching `f`; kInvalidArgument field status / kind for unknown codes.
  virtual Result<Page<NoticeSummary>> ListNotices(const NoticeFilter& f, const Scope& scope,
                                                  PageRequest page) = 0;
  // Publishes draft `id` at `now` by `by` (CheckPublish). kNotFound; the rule's errors.
  virtual Result<Notice> PublishNotice(Id id, const std::string& by, const std::string& now,
                                       const Scope& scope) = 0;
  // Archives notice `id` at `now` (CheckArchive with its unanswered objections). kNotFound; the
  // rule's errors.
  virtual Result<Notice> ArchiveNotice(Id id, const std::string& by, const std::string& now,
                                       const Scope& scope) = 0;
  // Never deletes: kNotFound when out of scope, else kConflict (field status, reason
  // never_deleted).
  virtual Status DeleteNotice(Id id, const Scope& scope) = 0;

  // Adds a comment or objection (validated by ValidateComment) to notice `c.notice_id` at `c.at`,
  // checking CheckCommentAllowed (anonymous = !c.user_id). kNotFound when the notice is out of
  // scope or a draft. Returns it with its id.
  virtual Result<NoticeComment> AddComment(const NoticeComment& c, const Scope& scope) = 0;
  // Comments of a notice in id order. kNotFound.
  virtual Result<std::vector<NoticeComment>> ListComments(Id notice_id, const Scope& scope) = 0;
  // Answers (or re-answers) comment `comment_id` of notice `notice_id` (CheckAnswer). kNotFound
  // for either.
  virtual Result<NoticeComment> AnswerComment(Id notice_id, Id comment_id, const std::string& answer,
                                              const std::string& by, const std::string& now,
                                              const Scope& scope) = 0;

  // --- the public board (no login): published notices whose period has started at `now`, of the
  // community with this 12-digit code. kNotFound when no such community. In-period notices
  // first, then the most recent.
  virtual Result<Page<NoticeSummary>> ListPublicNotices(const std::string& community_code,
                                                        const std::string& now, PageRequest page) = 0;
  // One public notice (kNotFound when it is a draft or has not started) with its comments.
  virtual Result<NoticeSummary> GetPublicNotice(Id id, const std::string& now) = 0;
  virtual Result<std::vector<NoticeComment>> ListPublicComments(Id notice_id, const std::string& now) = 0;
  // Adds an anonymous comment through the public board: the same as AddComment without a scope.
  virtual Result<NoticeComment> AddPublicComment(const NoticeComment& c) = 0;
};

}  // namespace linli
