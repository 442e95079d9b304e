// Static files of the built console (web/dist). No Beast types; used by the server.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/response.h"

namespace linli::http {

// Maps a percent-decoded request path to a file below `web_root`, or nullopt when the path is
// unsafe: contains "..", "\\", NUL or control bytes, or does not start with '/'. Never returns a
// path outside web_root. "/" maps to index.html.
std::optional<std::string> SafeStaticPath(std::string_view web_root, std::string_view path);

// Serves `path` from `web_root`: the file with its content type; for a missing file on an SPA path
// (GET, not /api/ or /open311/, no file extension) web_root/index.html; otherwise 404 JSON.
// /assets/* get "Cache-Control: public, max-age=31536000, immutable"; index.html "no-cache".
Response ServeStatic(std::string_view web_root, std::string_view path);

// The content type for a file name by extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view filename);

}  // namespace linli::http
