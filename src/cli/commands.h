// The `linli` subcommands. Each returns the process exit code (0 = success, 1 = failure,
// 2 = invalid rows found by a dry run) and prints to stdout/stderr. Called once from main.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
// registry, building coordinates and a grid plan with worker names.
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

struct CommunityArgs {
  app::ConfigFlags flags;
  std::string code;  // 12-digit statistical area code
  std::string name, street, district;
};
// Creates a community (validated like the API does) and prints its id.
int RunCommunityAdd(const CommunityArgs& args);

// Prints the route table: method, path, permission, summary.
int RunRoutes();

}  // namespace linli::cli
