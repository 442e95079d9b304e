// The store: linli's one persistence interface. Back ends: SQLite (embedded default) and
// PostgreSQL 15, chosen by URL in OpenStore(). Methods speak the domain, never SQL.
//
// Contract for every method:
//  - atomic: it either fully happens or leaves the store unchanged;
//  - an object that does not exist OR lies outside `scope` answers ErrorCode::kNotFound;
//  - bad references (e.g. a building_id that does not exist) answer kInvalidArgument naming the field;
//  - uniqueness clashes answer kConflict naming the field;
//  - back-end failures answer kInternal (or kUnavailable when the database cannot be reached).
// Thread rule: a Store is safe to call from many threads at once (it pools connections).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "domain/registry.h"
#include "store/accounts.h"

namespace linli {

// What the caller may see. Unrestricted (the default) sees everything. Otherwise an object is in
// scope when it lies in one of the communities, one of the grids (via its building), or is one of
// the households listed; the lists are OR-ed.
struct Scope {
  bool unrestricted = true;
  std::vector<Id> community_ids;
  std::vector<Id> grid_ids;
  std::vector<Id> household_ids;
  static Scope All() { return {}; }
};

struct PageRequest {
  std::int64_t offset = 0;
  std::int64_t limit = 50;  // the API keeps it within 1..500
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;  // rows matching the filter, ignoring offset/limit
};

struct CommunitySummary {
  Community community;
  std::int64_t compounds = 0, buildings = 0, units = 0, households = 0, residents = 0, grids = 0;
};
struct CompoundSummary {
  Compound compound;
  std::int64_t buildings = 0, households = 0, residents = 0;
};
struct BuildingSummary {
  Building building;
  std::int64_t units = 0, households = 0, residents = 0;
  std::string grid_code, grid_name;  // empty when not in a grid
};
struct UnitSummary {
  Unit unit;
  std::int64_t households = 0, residents = 0;
};
struct HouseholdSummary {
  Household household;
  Id building_id = 0, compound_id = 0, community_id = 0;
  std::string address;  // "水月院 2号楼 1单元 301"
  std::optional<Id> grid_id;
  std::string grid_name, worker_name;
  std::int64_t residents = 0;
  std::string head_name;  // the resident whose relation is 户主, else the first resident
};
struct HouseholdDetail {
  HouseholdSummary summary;
  Unit unit;
  Building building;
  Compound compound;
  std::optional<Grid> grid;
  std::vector<Resident> residents;
};
struct ResidentSummary {
  Resident resident;
  Id unit_id = 0, building_id = 0, compound_id = 0, community_id = 0;
  std::string address;
  std::optional<Id> grid_id;
};
struct GridSummary {
  Grid grid;
  std::int64_t buildings = 0, households = 0, residents = 0, vulnerable = 0;
};

// Household list filter. `q` searches the full address and residents' names as Chinese text:
// any fragment, spaces ignored ("水月院 2号" and "刘艳" both work). `tag`: households with a
// resident carrying that tag code.
struct HouseholdFilter {
  Scope scope;
  std::optional<Id> community_id, compound_id, building_id, unit_id, grid_id;
  std::string q;
  std::string tag;
};
// Resident list filter. `q` matches the name (fragment) or an exact ID number / phone.
struct ResidentFilter {
  Scope scope;
  std::optional<Id> community_id, compound_id, building_id, unit_id, household_id, grid_id;
  std::string q;
  std::string tag;
};

struct ImportStats {
  std::int64_t compounds_created = 0, buildings_created = 0, units_created = 0;
  std::int64_t households_created = 0, households_updated = 0;
  std::int64_t residents_created = 0, residents_updated = 0, unchanged_rows = 0;
};

class DemandStore;  // store/demands.h
class VoteStore;    // store/votes.h
class PropertyStore;  // store/property.h

class NoticeStore;  // store/notices.h
class HallStore;    // store/halls.h
class DeliberationStore;  // store/deliberations.h

class Store {
 public:
  virtual ~Store() = default;

  // --- public notices (公示): store/notices.h
  virtual NoticeStore& Notices() = 0;
  // --- deliberation halls (邻里议事厅): store/halls.h
  virtual HallStore& Halls() = 0;

  // --- communities
  virtual Result<Community> CreateCommunity(const Community& c) = 0;
  virtual Result<Community> UpdateCommunity(const Community& c, const Scope& scope) = 0;
  virtual Result<CommunitySummary> GetCommunity(Id id, const Scope& scope) = 0;
  virtual Result<Page<CommunitySummary>> ListCommunities(const Scope& scope, PageRequest page) = 0;

  // --- compounds (delete without cascade fails with kConflict when it has buildings)
  virtual Result<Compound> CreateCompound(const Compound& c) = 0;
  virtual Result<Compound> UpdateCompound(const Compound& c, const Scope& scope) = 0;
  virtual Status DeleteCompound(Id id, bool cascade, const Scope& scope) = 0;
  virtual Result<CompoundSummary> GetCompound(Id id, const Scope& scope) = 0;
  virtual Result<Page<CompoundSummary>> ListCompounds(Id community_id, const Scope& scope,
                                                      PageRequest page) = 0;

  // --- buildings (moving = updating compound_id; grid_id via AssignBuildingsToGrid)
  virtual Result<Building> CreateBuilding(const Building& b) = 0;
  virtual Result<Building> UpdateBuilding(const Building& b, const Scope& scope) = 0;
  virtual Status DeleteBuilding(Id id, bool cascade, const Scope& scope) = 0;
  virtual Result<BuildingSummary> GetBuilding(Id id, const Scope& scope) = 0;
  virtual Result<Page<BuildingSummary>> ListBuildings(Id compound_id, const Scope& scope,
                                                      PageRequest page) = 0;

  // --- units
  virtual Result<Unit> CreateUnit(const Unit& u) = 0;
  virtual Result<Unit> UpdateUnit(const Unit& u, const Scope& scope) = 0;
  virtual Status DeleteUnit(Id id, bool cascade, const Scope& scope) = 0;
  virtual Result<UnitSummary> GetUnit(Id id, const Scope& scope) = 0;
  virtual Result<Page<UnitSummary>> ListUnits(Id building_id, const Scope& scope, PageRequest page) = 0;

  // --- households (delete without cascade fails with kConflict when it has residents)
  virtual Result<Household> CreateHousehold(const Household& h) = 0;
  virtual Result<Household> UpdateHousehold(const Household& h, const Scope& scope) = 0;
  virtual Status DeleteHousehold(Id id, bool cascade, const Scope& scope) = 0;
  virtual Result<HouseholdDetail> GetHousehold(Id id, const Scope& scope) = 0;
  virtual Result<Page<HouseholdSummary>> ListHouseholds(const HouseholdFilter& f, PageRequest page) = 0;

  // --- residents (tags are replaced as a whole on update; id_number unique when non-empty)
  virtual Result<Resident> CreateResident(const Resident& r) = 0;
  virtual Result<Resident> UpdateResident(const Resident& r, const Scope& scope) = 0;
  virtual Status DeleteResident(Id id, const Scope& scope) = 0;
  virtual Result<ResidentSummary> GetResident(Id id, const Scope& scope) = 0;
  virtual Result<Page<ResidentSummary>> ListResidents(const ResidentFilter& f, PageRequest page) = 0;

  // --- grids (delete unassigns its buildings)
  virtual Result<Grid> CreateGrid(const Grid& g) = 0;
  virtual Result<Grid> UpdateGrid(const Grid& g, const Scope& scope) = 0;
  virtual Status DeleteGrid(Id id, const Scope& scope) = 0;
  virtual Result<GridSummary> GetGrid(Id id, const Scope& scope) = 0;
  virtual Result<std::vector<GridSummary>> ListGrids(Id community_id, const Scope& scope) = 0;
  // Moves buildings into `grid_id` (nullopt = out of any grid). All must be in one community.
  virtual Status AssignBuildingsToGrid(const std::vector<Id>& building_ids, std::optional<Id> grid_id,
                                       const Scope& scope) = 0;
  virtual Result<std::vector<PlanBuilding>> ListPlanBuildings(Id community_id, const Scope& scope) = 0;
  // Applies an accepted plan in one transaction: grids upserted by code, buildings moved, grids
  // of the community that the plan does not name are deleted. Every building of the community
  // must appear exactly once.
  virtual Result<std::vector<Grid>> ApplyGridPlan(Id community_id,
                                                  const std::vector<GridAssignment>& grids) = 0;

  // --- bulk import: all rows in one transaction; idempotent (see RegistryRow).
  virtual Result<ImportStats> ImportRegistry(Id community_id, const std::vector<RegistryRow>& rows) = 0;

  // --- users (accounts.h). Accounts are not scope-filtered: only admins reach them.
  // Creates a user; id assigned, created_at filled when empty. Errors: kInvalidArgument for an
  // empty username / password_hash, an unknown role (field role), or scope ids that do not exist
  // (fields community_ids, grid_ids, compound_ids, household_id, street_code: 9 digits or empty);
  // kConflict field username when the name is taken.
  virtual Result<User> CreateUser(const User& u) = 0;
  // Replaces every field of user `u.id` except created_at and last_login_at (failed_logins and
  // locked_until are written as given: clearing them unlocks). Same errors as CreateUser, plus
  // kNotFound.
  virtual Result<User> UpdateUser(const User& u) = 0;
  virtual Result<User> GetUser(Id id) = 0;                              // kNotFound
  virtual Result<User> FindUserByName(const std::string& username) = 0;  // kNotFound (exact name)
  // Users in id order; total counts the filter's matches.
  virtual Result<Page<User>> ListUsers(const UserFilter& f, PageRequest page) = 0;
  // Counts one failed login at `now`. When the count reaches `lock_after`, locked_until becomes
  // now + lock_minutes and the count starts again from 0. Returns the updated user; kNotFound.
  virtual Result<User> RecordLoginFailure(Id user_id, const std::string& now, int lock_after = 5,
                                          int lock_minutes = 15) = 0;
  // A successful login at `now`: failures cleared, lock cleared, last_login_at = now. kNotFound.
  virtual Result<User> RecordLoginSuccess(Id user_id, const std::string& now) = 0;

  // --- sessions (keyed by the hash of the session id)
  // Errors: kInvalidArgument when id_hash is empty or the user does not exist (field user_id);
  // kConflict field id_hash when it exists already.
  virtual Result<Session> CreateSession(const Session& s) = 0;
  virtual Result<Session> GetSession(const std::string& id_hash) = 0;  // kNotFound
  // Sets last_seen_at = now. kNotFound when the session is gone.
  virtual Status TouchSession(const std::string& id_hash, const std::string& now) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;  // Ok also when already gone
  virtual Status DeleteUserSessions(Id user_id) = 0;             // logs the user out everywhere

  // --- API tokens (stored hashed)
  // Creates a token; id assigned, created_at filled when empty. Errors: kInvalidArgument for an
  // empty name / token_hash or an unknown role; kConflict field token_hash.
  virtual Result<ApiToken> CreateToken(const ApiToken& t) = 0;
  // The live token with this hash; revoked tokens answer kNotFound like unknown ones.
  virtual Result<ApiToken> FindTokenByHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens() = 0;  // all, revoked included, id order
  virtual Status RevokeToken(Id id) = 0;                   // kNotFound; revoking twice is Ok

  // --- the audit log: append-only (the database itself refuses UPDATE and DELETE on it)
  // Appends `e` in one transaction: id = last id + 1, prev_hash = the last entry's hash ("" for
  // the first), hash = ComputeAuditHash. `at` must be set (kInvalidArgument). Returns the stored
  // entry. Safe under concurrency: appends are serialised, the chain stays linear.
  virtual Result<AuditEntry> AppendAudit(AuditEntry e) = 0;
  // Entries matching `f`, newest first.
  virtual Result<Page<AuditEntry>> ListAudit(const AuditFilter& f, PageRequest page) = 0;
  // Calls `fn` for every entry in id order (one read transaction; do not call the store from fn).
  virtual Status ForEachAudit(const std::function<void(const AuditEntry&)>& fn) = 0;

  // --- streets: ids of the communities whose 12-digit code starts with the 9-digit street code,
  // in id order. kInvalidArgument field street_code unless it is 9 digits.
  virtual Result<std::vector<Id>> CommunityIdsOfStreet(const std::string& street_code) = 0;

  // --- resident demands (接诉即办): store/demands.h
  virtual DemandStore& Demands() = 0;

  // --- owner votes (业主表决, 民法典 278): store/votes.h
  virtual VoteStore& Votes() = 0;

  // --- property management (物业管理): store/property.h
  virtual PropertyStore& Property() = 0;

  // --- deliberations (议事协商, 六步议事法): store/deliberations.h
  virtual DeliberationStore& Deliberations() = 0;
};

// How to open a store.
struct StoreOptions {
  // The key file of the encrypted personal fields (ID number, phone, birth date; see
  // access/field_crypto.h): created with mode 0600 when missing. Empty = the default for the URL
  // (DefaultKeyFile).
  std::string key_file;
};

// The key file used when StoreOptions::key_file is empty: beside a SQLite database
// ("sqlite:data/linli.db" -> "data/linli.key"), "data/linli.key" for PostgreSQL, and "" for
// sqlite::memory: (a random key held in memory only).
std::string DefaultKeyFile(const std::string& url);

// Opens (and migrates) a store. URLs:
//   sqlite:/path/to/linli.db   sqlite::memory:   postgresql://user@127.0.0.1:5432/db
// Personal fields are stored encrypted; clear values left by an older version are encrypted
// when the store opens. Errors: kInvalidArgument for an unknown scheme, and (field key_file) for
// a key file readable by group/others (reason key_file_mode), one that does not hold a 32-byte key
// (key_file_content), or a key other than the one the database was encrypted with
// (key_mismatch); kUnavailable when the database or the key file cannot be opened.
// The caller owns the returned store.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const StoreOptions& options);
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);  // default options

}  // namespace linli
