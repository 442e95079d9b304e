// Process logging: one asynchronous spdlog logger writing JSON lines to stderr
// ({"ts":"…","level":"info","msg":"…", …}). Thread rule: InitLogging once at start-up, before
// the server; LogRequest from any thread.
#pragma once

#include <string_view>

#include "core/result.h"

namespace linli::http {

// Installs the async JSON-lines logger as the spdlog default. `level`: trace, debug, info, warn,
// error, critical, off. Error: kInvalidArgument (field "log_level") for an unknown level.
Status InitLogging(std::string_view level);

// Appends `text` to `out` as a JSON string literal (quotes included).
void AppendJsonString(std::string& out, std::string_view text);

struct RequestLog {
  std::string_view request_id, method, target, route, remote;
  int status = 0;
  double seconds = 0;
  std::size_t bytes_in = 0, bytes_out = 0;
  bool quiet = false;  // /healthz and /metrics: logged at debug instead of info
};
// One structured line per request ("msg":"request" with the fields above); 5xx at warn.
void LogRequest(const RequestLog& entry);

}  // namespace linli::http
