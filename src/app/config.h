// Server configuration: defaults < TOML file < environment (LINLI_*) < command-line flags.
//
//   linli.toml                      environment             flag
//   [server] listen = "h:p"         LINLI_LISTEN            --listen
//   [server] threads = 2            LINLI_THREADS           --threads
//   [server] web_root = "web/dist"  LINLI_WEB_ROOT          --web-root
//   [server] max_json_body          LINLI_MAX_JSON_BODY     --max-json-body
//   [server] max_upload_body        LINLI_MAX_UPLOAD_BODY   --max-upload-body
//   [store]  url = "sqlite:…"       LINLI_STORE_URL         --store
//   [store]  key_file = "…"         LINLI_KEY_FILE          --key-file
//   [log]    level = "info"         LINLI_LOG_LEVEL         --log-level
//   [session] idle_minutes = 30     LINLI_SESSION_IDLE_MINUTES
//   [session] max_hours = 12        LINLI_SESSION_MAX_HOURS
//   [server] tls_cert = "…pem"      LINLI_TLS_CERT          --tls-cert   (HTTPS: both or neither)
//   [server] tls_key = "…pem"       LINLI_TLS_KEY           --tls-key
//   [store]  attachments_dir        LINLI_ATTACHMENTS_DIR   (demand attachments by sha256)
//   [bench]  noop_route = false     LINLI_BENCH_NOOP_ROUTE  (POST /api/v1/bench/noop; benchmarks only)
//
// Pure apart from reading the file named by the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace linli::app {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 2;
  std::string web_root = "web/dist";
  std::size_t max_json_body = 1 << 20;
  std::size_t max_upload_body = 20 << 20;
  std::string store_url = "sqlite:data/linli.db";
  // The key of the encrypted personal fields (mode 0600, made on first run). "" = the default:
  // beside a SQLite database (data/linli.key), data/linli.key for PostgreSQL (store::DefaultKeyFile).
  std::string key_file;
  std::string log_level = "info";
  int session_idle_minutes = 30;  // a session unused this long ends (1..1440)
  int session_max_hours = 12;     // a session ends this long after login, used or not (1..720)
  // HTTPS: PEM certificate (chain) and private key, both or neither; tls is true when set (the
  // session cookie then gets Secure and responses Strict-Transport-Security).
  std::string tls_cert, tls_key;
  bool tls = false;
  // Demand and notice attachments (photos, PDFs) by sha256, outside the database
  // (service/attachments.h). "" = the default: `attachments/` beside a SQLite database
  // (data/attachments for sqlite:data/linli.db), data/attachments for PostgreSQL and sqlite::memory:.
  std::string attachments_dir;
  // Benchmarks only: a POST route that parses and checks a demand intake and stores nothing.
  bool bench_noop_route = false;
  std::string source_file;  // the TOML file that was read, "" when none
};

// `attachments/` in the folder of a SQLite database file; "data/attachments" otherwise.
std::string DefaultAttachmentsDir(const std::string& store_url);

// Values given on the command line (unset = not given). Strings as typed; parsed by LoadConfig.
struct ConfigFlags {
  std::optional<std::string> config_file;  // --config: must exist when given
  std::optional<std::string> listen, store_url, web_root, log_level;
  std::optional<std::string> key_file;  // --key-file
  std::optional<int> threads;
  std::optional<std::size_t> max_json_body, max_upload_body;
  std::optional<std::string> tls_cert, tls_key;  // --tls-cert, --tls-key
};

// Reads an environment variable (injectable for tests); nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup ProcessEnv();

// Builds the configuration. The file is flags.config_file, else "linli.toml" in the working
// directory when it exists. Errors (kInvalidArgument, field = the setting, e.g. "listen"):
// unreadable or malformed TOML, an unknown TOML key (reason unknown_field), a wrong type,
// a bad HOST:PORT, threads outside 1..256, body limits of 0, an unknown log level, session
// timeouts out of range, only one of tls_cert/tls_key (reason required), a TLS file that is
// missing or unreadable (field tls_cert or tls_key, reason unreadable). Whether the key matches
// the certificate is checked when the server starts (http::Server::Start). Any listen address
// is accepted (accounts protect the API); see ListenWarning for the plain-HTTP warning.
Result<Config> LoadConfig(const ConfigFlags& flags, const EnvLookup& env);

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", "localhost:0"; "localhost" becomes
// 127.0.0.1). Error: kInvalidArgument field "listen", reason listen_format.
Status ParseListen(std::string_view text, std::string& host, std::uint16_t& port);

// True for 127.0.0.0/8 and ::1.
bool IsLoopback(std::string_view host);

// The warning to log at start when the server listens beyond loopback without TLS ("" when none).
std::string ListenWarning(const Config& config);

// For "sqlite:<path>" creates the parent directory of <path> when missing; other URLs untouched.
// Error: kUnavailable when the directory cannot be created.
Status PrepareStoreUrl(const std::string& url);

// The help text listing every setting, its environment variable and default (for --help).
std::string ConfigHelp();

}  // namespace linli::app
