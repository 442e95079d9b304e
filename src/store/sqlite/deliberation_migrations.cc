// SQLite schema of deliberations (议事协商): migrations 400-449, applied after the core ones. Never
// edit a released migration: add the next number.
#include <array>

#include "store/sql_deliberations.h"

namespace linli::store {

namespace {

// 401: deliberations with their compounds, opinions, research notes, options, meetings
// (+ attendees), tasks (+ updates), attachments and step history. Times are UTC text.
constexpr std::string_view kM401 = R"sql(
CREATE TABLE deliberations (
  id INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES communities(id),
  title TEXT NOT NULL,
  step TEXT NOT NULL,
  topic TEXT NOT NULL DEFAULT '',
  question TEXT NOT NULL DEFAULT '',
  needs_vote INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  chosen_option_id INTEGER,
  vote_id INTEGER,
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ix_deliberations_community ON deliberations(community_id, created_at);

CREATE TABLE deliberation_compounds (
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  compound_id INTEGER NOT NULL,
  PRIMARY KEY (deliberation_id, compound_id)
);

CREATE TABLE deliberation_opinions (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  source TEXT NOT NULL,
  resident_id INTEGER,
  user_id INTEGER,
  author_name TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL DEFAULT 0,
  compound_id INTEGER,
  text TEXT NOT NULL,
  demand_id INTEGER,
  hall_visit_id INTEGER,
  theme TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX ix_deliberation_opinions ON deliberation_opinions(deliberation_id, id);

CREATE TABLE deliberation_research (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX ix_deliberation_research ON deliberation_research(deliberation_id, id);

CREATE TABLE deliberation_options (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  cost_fen INTEGER,
  payer TEXT NOT NULL DEFAULT '',
  schedule TEXT NOT NULL DEFAULT '',
  affected_households INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_deliberation_options ON deliberation_options(deliberation_id, id);

CREATE TABLE deliberation_meetings (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  held_at TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  minutes TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_deliberation_meetings ON deliberation_meetings(deliberation_id, id);

CREATE TABLE deliberation_attendees (
  meeting_id INTEGER NOT NULL REFERENCES deliberation_meetings(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  party TEXT NOT NULL,
  PRIMARY KEY (meeting_id, position)
);

CREATE TABLE deliberation_tasks (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  title TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  progress INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_deliberation_tasks ON deliberation_tasks(deliberation_id, id);

CREATE TABLE deliberation_task_updates (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES deliberation_tasks(id),
  at TEXT NOT NULL,
  by_name TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_deliberation_task_updates ON deliberation_task_updates(task_id, id);

-- Attachments of research notes, options and task updates (owner_kind research | option | update),
-- in order; name/mime/size as uploaded.
CREATE TABLE deliberation_attachments (
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  owner_kind TEXT NOT NULL,
  owner_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_kind, owner_id, position)
);
CREATE INDEX ix_deliberation_attachments ON deliberation_attachments(deliberation_id);

CREATE TABLE deliberation_history (
  id INTEGER PRIMARY KEY,
  deliberation_id INTEGER NOT NULL REFERENCES deliberations(id),
  from_step TEXT NOT NULL,
  to_step TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX ix_deliberation_history ON deliberation_history(deliberation_id, id);
)sql";

constexpr std::array<Migration, 1> kMigrations = {{{401, kM401}}};

}  // namespace

std::span<const Migration> SqliteDeliberationMigrations() { return kMigrations; }

}  // namespace linli::store
