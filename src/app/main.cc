// linli: the community-governance server and its admin command line.
#include <CLI/CLI.hpp>

#include "app/config.h"
#include "app/wiring.h"
#include "cli/commands.h"

namespace {

using linli::app::ConfigFlags;

// The store/config options every store-using subcommand shares.
void AddStoreOptions(CLI::App* cmd, ConfigFlags& flags) {
  cmd->add_option("--config", flags.config_file, "TOML config file (default: ./linli.toml when present)");
  cmd->add_option("--store", flags.store_url, "store URL: sqlite:PATH, sqlite::memory:, postgresql://… [LINLI_STORE_URL]");
  cmd->add_option("--key-file", flags.key_file, "key of the encrypted personal fields (0600; default beside the SQLite file) [LINLI_KEY_FILE]");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"linli — 社区治理平台 (community governance)"};
  app.set_version_flag("--version", linli::app::Version());
  app.require_subcommand(1);

  ConfigFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "run the HTTP server (API + console)");
  AddStoreOptions(serve, serve_flags);
  serve->add_option("--listen", serve_flags.listen, "HOST:PORT (beyond loopback: use --tls-cert/--tls-key or an HTTPS proxy) [LINLI_LISTEN]");
  serve->add_option("--web-root", serve_flags.web_root, "directory of the built console [LINLI_WEB_ROOT]");
  serve->add_option("--threads", serve_flags.threads, "worker threads, 1..256 [LINLI_THREADS]");
  serve->add_option("--log-level", serve_flags.log_level, "trace|debug|info|warn|error|critical|off [LINLI_LOG_LEVEL]");
  serve->add_option("--max-json-body", serve_flags.max_json_body, "JSON body limit in bytes [LINLI_MAX_JSON_BODY]");
  serve->add_option("--max-upload-body", serve_flags.max_upload_body,
                    "upload body limit in bytes [LINLI_MAX_UPLOAD_BODY]");
  serve->add_option("--tls-cert", serve_flags.tls_cert, "HTTPS certificate chain, PEM (with --tls-key) [LINLI_TLS_CERT]");
  serve->add_option("--tls-key", serve_flags.tls_key, "HTTPS private key, PEM (with --tls-cert) [LINLI_TLS_KEY]");
  serve->footer(linli::app::ConfigHelp());

  linli::cli::DemoArgs demo_args;
  auto* demo = app.add_subcommand("demo", "store the generated demo community (registry, coordinates, grids)");
  AddStoreOptions(demo, demo_args.flags);
  demo->add_option("--households", demo_args.households, "number of households")->check(CLI::Range(1, 10000000));
  demo->add_option("--seed", demo_args.seed, "random seed (same seed, same data)");
  demo->add_flag("--if-empty", demo_args.if_empty, "do nothing when the store already has a community");

  linli::cli::ImportArgs import_args;
  auto* import = app.add_subcommand("import", "import data from files");
  import->require_subcommand(1);
  // Both imports take the same file and options.
  auto add_import = [&](const char* name, const char* help) {
    auto* sub = import->add_subcommand(name, help);
    sub->add_option("FILE", import_args.file, "the file (.csv in UTF-8 or GBK, or .xlsx)")->required();
    AddStoreOptions(sub, import_args.flags);
    sub->add_option("--community", import_args.community_id, "community id (default: the only one)");
    sub->add_flag("--dry-run", import_args.dry_run, "check every row, write nothing");
    sub->add_flag("--skip-invalid", import_args.skip_invalid, "import the valid rows, skip the invalid ones");
    return sub;
  };
  auto* households = add_import("households", "import households and residents from .csv or .xlsx");
  auto* tickets = add_import("demands", "import 12345 hotline tickets from .csv or .xlsx (idempotent by ticket number)");

  linli::cli::CommunityArgs community_args;
  auto* community = app.add_subcommand("community", "manage communities");
  community->require_subcommand(1);
  auto* community_add = community->add_subcommand("add", "create a community");
  AddStoreOptions(community_add, community_args.flags);
  community_add->add_option("--code", community_args.code, "12-digit statistical area code (统计用区划代码)")->required();
  community_add->add_option("--name", community_args.name, "name, e.g. 四员厅社区")->required();
  community_add->add_option("--street", community_args.street, "street (街道), e.g. 中仓街道");
  community_add->add_option("--district", community_args.district, "district (区), e.g. 通州区");

  linli::cli::UserAddArgs user_add_args;
  linli::cli::UserListArgs user_list_args;
  auto* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand(
      "add", "create an account; asks for the password twice (echo off), or reads one line from stdin");
  AddStoreOptions(user_add, user_add_args.flags);
  user_add->add_option("--username", user_add_args.username, "login name (unique)")->required();
  user_add->add_option("--role", user_add_args.role,
                       "resident|grid_worker|community_staff|community_head|street_admin|property_company|auditor|admin")
      ->required();
  user_add->add_option("--display-name", user_add_args.display_name, "name shown in the console");
  user_add->add_option("--community", user_add_args.community_ids, "community id (repeatable)");
  user_add->add_option("--grid", user_add_args.grid_ids, "grid id (repeatable)");
  user_add->add_option("--compound", user_add_args.compound_ids, "compound id, for a property company (repeatable)");
  user_add->add_option("--street", user_add_args.street_code, "9-digit street code, for a street admin");
  user_add->add_option("--household", user_add_args.household_id, "household id, for a resident");
  auto* user_list = user->add_subcommand("list", "list the accounts");
  AddStoreOptions(user_list, user_list_args.flags);
  user_list->add_option("--q", user_list_args.q, "fragment of the username or name");
  user_list->add_option("--role", user_list_args.role, "only this role");

  ConfigFlags audit_flags;
  auto* audit = app.add_subcommand("audit", "the audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the audit log's hash chain (exit 1 when tampered with)");
  AddStoreOptions(audit_verify, audit_flags);

  auto* routes = app.add_subcommand("routes", "print the route table (method, path, permission)");

  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return linli::cli::RunServe(serve_flags);
  if (demo->parsed()) return linli::cli::RunDemo(demo_args);
  if (households->parsed()) return linli::cli::RunImportHouseholds(import_args);
  if (tickets->parsed()) return linli::cli::RunImportDemands(import_args);
  if (community_add->parsed()) return linli::cli::RunCommunityAdd(community_args);
  if (routes->parsed()) return linli::cli::RunRoutes();
  if (user_add->parsed()) return linli::cli::RunUserAdd(user_add_args);
  if (user_list->parsed()) return linli::cli::RunUserList(user_list_args);
  if (audit_verify->parsed()) return linli::cli::RunAuditVerify(audit_flags);
  return 1;
}
