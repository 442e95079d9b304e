// SQLite schema of public notices (公示): migrations 300-399, applied after the core ones. Never
// edit a released migration: add the next number.
#include <array>

#include "store/sql_notices.h"

namespace linli::store {

namespace {

// 301: notices with their compounds, attachments and comments. Times are UTC text
// ("2026-11-29T00:00:00Z") so they compare as strings; the counters keep the lists cheap.
// Notices and comments are never deleted: the database refuses it.
constexpr std::string_view kM301 = R"sql(
CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  deliberation_id INTEGER,
  vote_id INTEGER,
  allow_anonymous INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT '',
  published_by TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT '',
  archived_by TEXT NOT NULL DEFAULT '',
  archived_at TEXT NOT NULL DEFAULT '',
  comments_count INTEGER NOT NULL DEFAULT 0,
  objections_count INTEGER NOT NULL DEFAULT 0,
  unanswered_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_notices_community ON notices(community_id, starts_at);

CREATE TABLE notice_compounds (
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  compound_id INTEGER NOT NULL,
  PRIMARY KEY (notice_id, compound_id)
);

CREATE TABLE notice_attachments (
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  url TEXT NOT NULL
);
CREATE INDEX ix_notice_attachments_notice ON notice_attachments(notice_id, position);

CREATE TABLE notice_comments (
  id INTEGER PRIMARY KEY,
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  user_id INTEGER,
  author_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  at TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT '',
  answered_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_notice_comments_notice ON notice_comments(notice_id, id);

CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
BEGIN SELECT RAISE(ABORT, 'notices are never deleted'); END;
CREATE TRIGGER notice_comments_no_delete BEFORE DELETE ON notice_comments
BEGIN SELECT RAISE(ABORT, 'notice comments are never deleted'); END;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{{301, kM301}}};

}  // namespace

std::span<const Migration> SqliteNoticeMigrations() { return kMigrations; }

}  // namespace linli::store
