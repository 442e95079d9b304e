// The demand store (接诉即办): resident demands, their recorded steps, attachments' metadata,
// the category tree, settings and the counts behind the three rates. Reached as Store::Demands().
// Written once in portable SQL (sql_demands.cc) for SQLite and PostgreSQL.
//
// Contract for every method (as store.h):
//  - atomic: it fully happens or leaves the store unchanged (a refused action writes nothing);
//  - a demand that does not exist OR lies outside the DemandScope answers kNotFound;
//  - bad references answer kInvalidArgument naming the field (reason "not_found");
//  - uniqueness clashes answer kConflict naming the field;
//  - back-end failures answer kInternal / kUnavailable.
// Times are ISO 8601 UTC strings ("2026-11-22T08:30:00Z"); the caller passes `now`.
// Days and months are local Beijing dates (UTC+8): a demand created at 2026-11-30T17:00:00Z
// belongs to the day 2026-12-01. Date parameters are "YYYY-MM-DD" (from and to both inclusive).
// Thread rule: safe from many threads (pooled connections), like the Store.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/demand.h"
#include "store/store.h"

namespace linli {

// What the caller may see of demands. A demand is in scope when `scope` is unrestricted, or when
// ANY of these holds (the lists are OR-ed; all empty = nothing):
//  - its community is in scope.community_ids, its grid in scope.grid_ids, its household in
//    scope.household_ids (the registry Scope: staff/head/street admin/grid worker);
//  - it is dispatched to the property company (assignee_kind "property") of a compound in
//    `compound_ids` (property company users);
//  - `assigned_user_id` is set and it is assigned to that user (assignee_user_id) or that user is
//    its first receiver (grid worker: "assigned to me" beyond her grids);
//  - `reporter_user_id` is set and that user reported it (a resident: only his own demands —
//    give him a restricted Scope with empty lists and reporter_user_id).
struct DemandScope {
  bool unrestricted = true;
  std::vector<Id> community_ids, grid_ids, household_ids;  // copied from the registry Scope
  std::vector<Id> compound_ids;
  std::optional<Id> assigned_user_id;
  std::optional<Id> reporter_user_id;
  static DemandScope All() { return {}; }
  // The registry Scope's lists (unrestricted copied); the extras stay empty.
  static DemandScope From(const Scope& s) {
    DemandScope d;
    d.unrestricted = s.unrestricted;
    d.community_ids = s.community_ids, d.grid_ids = s.grid_ids, d.household_ids = s.household_ids;
    return d;
  }
};

// Demand list filter; empty / unset fields do not filter. All are AND-ed with the scope.
struct DemandFilter {
  // Chinese text: any fragment of 2+ characters of the description, address text or reporter
  // name (spaces ignored, NormalizeSearchText): every 2-character piece of it occurs in one of
  // them (an n-gram index; a 2-character fragment is matched exactly). A q that is a demand number
  // ("LL2026...") finds that demand; an ASCII q that is an external number exactly finds that
  // one. A 1-character q answers kInvalidArgument field q reason "too_short". With a text q the
  // list is ordered by id, latest stored first.
  std::string q;
  // A status code, or "open" (not closed and not merged), or several codes joined by ','.
  std::string status;
  std::string category_code;  // that category and every category below it in the tree
  std::optional<Id> community_id, grid_id, building_id, household_id, assignee_user_id, parent_id;
  std::optional<Id> reporter_user_id;  // "reported by me"
  std::string channel, urgency, nature, assignee_kind, external_number;
  // Created on these local days, inclusive ("YYYY-MM-DD"); or full ISO times (Open311
  // start_date/end_date: from inclusive, to exclusive, any offset "+08:00" or "Z").
  std::string from, to;
  std::vector<Id> ids;  // only these demands (Open311 service_request_id)
  // Need `now`: overdue = open, not replied and due_at < now; due_soon = open, not replied and
  // now <= due_at < now + 24 h. Both set: either (the "due" list).
  bool overdue = false, due_soon = false;
  std::string now;
  // Order: "newest" (default: created_at desc, id desc), "due" (due_at asc, open first).
  std::string order;
};

// An attachment's metadata; the bytes are stored by the API outside the database, by sha256.
struct DemandAttachment {
  Id id = 0;
  std::optional<Id> demand_id;  // unset until a demand is created with it
  std::string sha256, mime, original_name;
  std::int64_t size = 0;
  std::string created_at, created_by;
};

// Intake. `demand` carries the input fields of Demand: channel, external_number, nature,
// category_code, urgency, description, address_text, community_id, household_id or building_id,
// reporter_*, created_by, created_at (empty = now). The store:
//  - validates: description required (field description), channel/nature/urgency codes (field of
//    that name, reason "unknown"), category_code must be in the tree (reason "unknown"),
//    community_id must exist (reason "not_found"); household_id / building_id must exist and lie
//    in that community (reason "not_found") — the household fills building, grid and compound, the
//    building fills grid and compound; address_resolved = a household or building is set. When
//    only community_id is known the demand stays unresolved (address_text kept).
//    A contact is required: reporter_phone or reporter_resident_id or reporter_user_id, else
//    kInvalidArgument field reporter_phone reason "required".
//  - refuses a demand whose community/grid/household lies outside `scope` with kNotFound;
//  - assigns id, number ("LL" + local yyyymmdd of created_at + 6-digit daily sequence,
//    "LL20261122000123"), status "received", assignee_kind "staff"; respond_due_at / due_at
//    computed with ComputeDemandDeadlines over the stored category tree unless given;
//  - routing: when `route_to_grid_worker` and the demand has a grid with a grid worker user
//    (a user of role grid_worker whose grid_ids hold the grid; the lowest id when several),
//    it is dispatched to her in the same transaction (status "dispatched", event "dispatch"
//    by actor "system");
//  - records the event "create" (from "" to "received") by `demand.created_by` — the one event
//    action that is not a DemandAction;
//  - links `attachment_ids` (they must exist and be unlinked: field attachment_ids);
//  - merges it into `parent_id` when set (as the action "merge" would, same transaction).
// Idempotency: with an `idempotency_key`, a second call with the same key returns the first
// demand with existing = true and writes nothing; the same key with a different `fingerprint`
// (the caller's hash of the request body) answers kConflict field idempotency_key.
// External numbers are unique per channel: a second demand with the same (channel,
// external_number) answers kConflict field external_number, unless `existing_ok` — then the
// stored one is returned with existing = true (re-import).
struct CreateDemandRequest {
  Demand demand;
  std::vector<Id> attachment_ids;
  std::optional<Id> parent_id;
  std::string idempotency_key, fingerprint;
  bool existing_ok = false;
  bool route_to_grid_worker = true;
  std::string now;
};
struct CreatedDemand {
  Demand demand;
  bool existing = false;  // an earlier result returned (idempotency key or external number)
};

// One action on a demand (POST /demands/{id}/actions).
struct DemandActionRequest {
  Id demand_id = 0;
  DemandAction action = DemandAction::kNote;
  DemandActionFacts facts;        // note / reply text / solved / satisfaction / new_due_at
  std::string actor;              // username or token name (recorded on the event)
  std::optional<Id> actor_user_id;
  std::string now;
  // dispatch: assignee_kind "worker" (assignee_user_id required: an existing user, field
  // assignee_user_id) or "property" (the compound's property company: the demand must have a
  // building, field assignee_kind reason "no_compound"); assignee_name is filled by the store
  // (the user's display name / the compound's property company / "街道") unless given.
  // escalate: assignee_kind becomes "street".
  std::string assignee_kind;
  std::optional<Id> assignee_user_id;
  std::string assignee_name;
  // merge: the parent (field parent_id): in scope, in the same community, not itself, not merged
  // itself (reason "parent_merged"), and this demand has no children (reason "has_children").
  std::optional<Id> parent_id;
  // The receiver's own actions (sign, contact, start, reply, dispute, note by the receiver): when
  // set, the store refuses with kPermissionDenied (field action, reason "not_receiver") unless the
  // demand is assigned to actor_user_id (worker), or to the property company of a compound in
  // scope.compound_ids (property). Staff acting for a receiver leave it false.
  bool require_receiver = false;
};

// What ApplyDemandAction does, in ONE transaction:
//  1. loads the demand (kNotFound when missing or out of scope);
//  2. to = NextDemandStatus(status, action, facts) — an illegal transition answers its error
//     (kConflict field action reason illegal_transition) and NOTHING is written;
//  3. updates the row: dispatch/escalate set the assignee and dispatched_at (first time only);
//     reject_dispute keeps the receiver; accept_dispute returns it to staff (assignee_kind
//     "staff", no assignee user); sign sets signed_at (first time) and first_receiver_user_id
//     (= actor_user_id, first time: 首接负责); contact sets contacted_at (first time); reply sets
//     reply and replied_at; callback sets solved, satisfaction, callback_comment (= note) and
//     callback_at — unsolved reopens: reopened + 1, replied_at cleared; close sets closed_at;
//     reopen: reopened + 1, closed_at and replied_at cleared; extend sets due_at = new_due_at
//     (must be a later ISO time: field new_due_at) and extensions + 1; merge sets parent_id and
//     the parent's children + 1;
//  4. appends the DemandEvent (action code, from, to, actor, note, now);
//  5. a parent's reply and close reach its merged children: their reply/replied_at and
//     closed_at are copied (they stay "merged"), each child gets an event of the same action
//     with the note "并案主诉求已答复" / "并案主诉求已办结" prefix;
//  6. keeps the daily counts (below) in step.
// Returns the updated demand.

// Duplicate candidates at intake: open demands (not closed, not merged) created in the last
// `days` days before `now` in the same building (when building_id is set) or else the same grid
// (when grid_id is set) or else the community — newest first, at most `limit`. The caller scores
// them with the domain similarity.
struct DuplicateQuery {
  Id community_id = 0;
  std::optional<Id> building_id, grid_id;
  std::string now;
  int days = 30;
  int limit = 200;
};

// ------------------------------------------------------------------ counts for the three rates
// Each demand contributes to the counts of the day it was created (local day), its community,
// its grid, its responsible worker (first_receiver_user_id, else assignee_user_id when
// assignee_kind is "worker") and its top-level category:
//   received 1; dispatched when dispatched_at is set; responded_in_time when signed_at and
//   contacted_at are both set and <= respond_due_at; callbacks when callback_at is set; solved
//   when solved; satisfied / basic by satisfaction; overdue when replied_at > due_at, or (at query
//   time, from `now`) not replied, open and due_at < now.
// A merged child contributes received only (it is counted; its handling is the parent's).
// The stored counters are a daily aggregate kept in the same transaction as every change, so a
// street-month sums a few thousand rows whatever the number of demands.
enum class DemandGroup { kNone, kWorker, kGrid, kCommunity, kStreet };
struct DemandCountsQuery {
  DemandScope scope;              // only scope.community_ids / grid_ids / assigned_user_id apply
  DemandGroup group = DemandGroup::kNone;
  std::string from, to;           // local days, inclusive ("YYYY-MM-DD"); required
  bool monthly = false;           // one row per group and month ("YYYY-MM")
  std::optional<Id> community_id, grid_id, worker_user_id;  // narrow further
  std::string street_code;        // 9 digits: communities whose code starts with it
  std::string now;                // for the open-and-past-due part of overdue ("" = skip it)
};
struct DemandCountRow {
  // The group: worker -> user id, grid -> grid id, community -> community id (key = id as text);
  // street -> key = the 9-digit street code, id 0. kNone: key "", id 0.
  std::string key;
  Id id = 0;
  std::string name;   // user display name / grid name / community name / street name
  std::string month;  // "YYYY-MM" when monthly, else ""
  DemandCounts counts;
};

// Volume per month and top-level category (the trend chart).
struct DemandTrendRow {
  std::string month;          // "YYYY-MM"
  std::string category_code;  // top-level code
  std::int64_t count = 0;
};

// Input of the hotspot view: recent demands with where and what (the domain clusters them).
struct DemandHotspotRow {
  Id id = 0;
  std::string category_code, description, created_at;
  Id community_id = 0;
  std::optional<Id> building_id, compound_id, grid_id;
  std::string building_name, compound_name;  // "" when unresolved
};

// 12345 import: rows already checked by the caller (the same fields as CreateDemandRequest's
// demand; channel usually hotline_12345 with an external_number). One transaction; rows whose
// (channel, external_number) exists already — stored before or earlier in the same batch — are
// skipped and counted as existing. Numbers, deadlines, the event "create" and the counts are made
// as CreateDemand does (no routing, no duplicates check). Errors stop the whole import: row errors
// name the field as "row N: field" (N from 1) with kInvalidArgument.
struct DemandImportStats {
  std::int64_t created = 0, existing = 0;
};

// The bulk loader for demo and benchmark data: `count` complete demands (status, assignee, every
// timestamp, reply, call-back — as the generator made them; id and number assigned by the store,
// any given ones ignored; parent_id, when set, is the INDEX of an earlier demand of the same load
// and becomes its id), each with its events (demand_id ignored: set to the demand's id), read
// from `row(i, demand, events)` in order i = 0..count-1 (streamed: 10,000,000 rows never sit in
// memory). No validation beyond the database's own; one transaction; the counts and the search
// index are maintained. A load at least as big as the table drops and rebuilds the secondary
// indexes. Returns the number of demands loaded.
struct DemandBulkLoad {
  std::size_t count = 0;
  std::function<void(std::size_t i, Demand& demand, std::vector<DemandEvent>& events)> row;
};

class DemandStore {
 public:
  virtual ~DemandStore() = default;

  // --- demands
  virtual Result<CreatedDemand> CreateDemand(const CreateDemandRequest& req, const DemandScope& scope) = 0;
  virtual Result<Demand> GetDemand(Id id, const DemandScope& scope) = 0;
  // Finds by number ("LL...") — kNotFound when missing / out of scope.
  virtual Result<Demand> GetDemandByNumber(const std::string& number, const DemandScope& scope) = 0;
  // A page of demands (order per filter.order) and the total matching. Errors: kInvalidArgument
  // field q (too_short), status / from / to / order (format).
  virtual Result<Page<Demand>> ListDemands(const DemandFilter& f, const DemandScope& scope, PageRequest page) = 0;
  virtual Result<Demand> ApplyDemandAction(const DemandActionRequest& req, const DemandScope& scope) = 0;
  // The demand's events, oldest first (kNotFound when the demand is not in scope).
  virtual Result<std::vector<DemandEvent>> ListDemandEvents(Id demand_id, const DemandScope& scope) = 0;
  // Events of demands in scope with since <= at < until ("" = open end), oldest first, at most
  // `limit` (Open311 servicerequestupdates).
  virtual Result<std::vector<DemandEvent>> ListRecentEvents(const DemandScope& scope, const std::string& since,
                                                            const std::string& until, int limit) = 0;
  // Candidates for the duplicate check (see DuplicateQuery), scope-filtered.
  virtual Result<std::vector<Demand>> DuplicateCandidates(const DuplicateQuery& q, const DemandScope& scope) = 0;

  // --- attachments (metadata only)
  // Stores an unlinked attachment; id assigned, created_at = now when empty. kInvalidArgument for
  // an empty sha256 / mime.
  virtual Result<DemandAttachment> CreateAttachment(const DemandAttachment& a) = 0;
  // Visible when its demand is in scope, or — unlinked — when created_by == actor. Else kNotFound.
  virtual Result<DemandAttachment> GetAttachment(Id id, const DemandScope& scope, const std::string& actor) = 0;
  virtual Result<std::vector<DemandAttachment>> ListAttachments(Id demand_id, const DemandScope& scope) = 0;

  // --- the category tree (seeded from SeedDemandCategories when the store is first used)
  virtual Result<std::vector<DemandCategory>> ListCategories() = 0;
  // Replaces the whole tree. Every parent_code must be "" or a code of the tree (field
  // categories, reason "unknown_parent"); codes unique and non-empty (reason "duplicate" /
  // "required"). Codes used by stored demands must stay (kConflict field categories, reason
  // "in_use").
  virtual Status ReplaceCategories(const std::vector<DemandCategory>& categories) = 0;

  // --- settings: a JSON text per key ("weights", "deadlines"); "" when never set.
  virtual Result<std::string> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& json) = 0;

  // --- rates, trend, hotspots
  // Rows of the group (kNone: one row), ordered by key (and month). Groups without any demand in
  // the period do not appear. Errors: kInvalidArgument field from / to (format), street_code.
  virtual Result<std::vector<DemandCountRow>> CountDemands(const DemandCountsQuery& q) = 0;
  virtual Result<std::vector<DemandTrendRow>> DemandTrend(const DemandScope& scope, std::optional<Id> community_id,
                                                          const std::string& from, const std::string& to) = 0;
  // Demands created on local days [from, to] in scope (not merged), newest first, at most `limit`.
  virtual Result<std::vector<DemandHotspotRow>> HotspotInput(const DemandScope& scope,
                                                             std::optional<Id> community_id,
                                                             const std::string& from, const std::string& to,
                                                             int limit = 20000) = 0;

  // --- bulk
  // The rows are taken by value: a caller done with them moves them in (a million-row sheet is
  // then not copied).
  virtual Result<DemandImportStats> ImportDemands(std::vector<Demand> rows, const std::string& now) = 0;
  virtual Result<std::int64_t> BulkLoadDemands(const DemandBulkLoad& load) = 0;
};

}  // namespace linli
