// The `linli` subcommands. Each returns the process exit code (0 = success, 1 = failure,
// 2 = invalid rows found by a dry run) and prints to stdout/stderr. Called once from main.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/ids.h"

namespace linli::cli {

// Runs the server until SIGINT/SIGTERM.
int RunServe(const app::ConfigFlags& flags);

struct DemoArgs {
  app::ConfigFlags flags;  // only the store URL / config file are used
  std::int64_t households = 2400;
  std::uint64_t seed = 20230625;
  bool if_empty = false;   // do nothing when the store already has a community
};
// Generates the demo community (src/domain/demo.h) and stores it: community, compounds, the
// registry, building coordinates and a grid plan with worker names; then the demo accounts
// (cli/accounts.h), printed as a table. With if_empty an existing community is kept and only the
// missing demo accounts are created; accounts that exist are never created twice.
int RunDemo(const DemoArgs& args);

struct ImportArgs {
  app::ConfigFlags flags;
  std::string file;
  std::optional<Id> community_id;  // default: the only community in the store
  bool dry_run = false;
  bool skip_invalid = false;
};
// Imports households/residents from a .csv (UTF-8/GBK) or .xlsx file via src/service.
int RunImportHouseholds(const ImportArgs& args);
// Imports 12345 hotline tickets from a .csv or .xlsx file (api::ImportHotlineTickets: the steps of
// POST /demands/import without its 100,000-row upload limit). Rows already imported (same ticket
// number) are not created again. A row with a problem writes nothing unless skip_invalid.
int RunImportDemands(const ImportArgs& args);

struct CommunityArgs {
  app::ConfigFlags flags;
  std::string code;  // 12-digit statistical area code
  std::string name, street, district;
};
// Creates a community (validated like the API does) and prints its id.
int RunCommunityAdd(const CommunityArgs& args);

// Prints the route table: method, path, permission, summary.
int RunRoutes();

struct UserAddArgs {
  app::ConfigFlags flags;
  std::string username, role, display_name;
  std::vector<Id> community_ids, grid_ids, compound_ids;
  std::string street_code;
  std::optional<Id> household_id;
};
// Creates an account. The password is asked twice on the terminal with echo off, or read as one
// line from stdin when stdin is not a terminal; it must pass CheckPasswordPolicy and is stored as
// an Argon2id hash. The role must get the scope it works in (--grid for grid_worker, --community
// for community staff/head, --street for street_admin, --household for resident, --compound for
// property_company). Audited as user_create. There are no default passwords.
int RunUserAdd(const UserAddArgs& args);

struct UserListArgs {
  app::ConfigFlags flags;
  std::string q, role;
};
// Prints the accounts: id, username, role, name, state (停用 / 锁定至 …), scope, last login.
int RunUserList(const UserListArgs& args);

// Walks the audit log's hash chain. Prints "审计日志完整，共 N 条" and returns 0, or names the
// first entry that does not verify and returns 1.
int RunAuditVerify(const app::ConfigFlags& flags);

}  // namespace linli::cli
