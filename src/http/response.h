// An HTTP response as handlers build it, and the ONE place where ErrorCode becomes an HTTP status
// and the JSON error shape {"error":{"code","message","field","details":[{field,reason,message}]}}.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/result.h"

namespace linli::http {

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  // Extra headers (the server adds Content-Type, Content-Length, the security headers and
  // X-Request-Id itself).
  std::vector<std::pair<std::string, std::string>> headers;
};

// The HTTP status of an error code: invalid_argument 400, unauthenticated 401, permission_denied
// 403, not_found 404, method_not_allowed 405, conflict 409, too_large 413, unsupported_media_type
// 415, rate_limited 429, internal 500, unavailable 503.
int HttpStatus(ErrorCode code);

// The standard reason phrase for a status ("Not Found"); "Unknown" for others.
std::string_view StatusReason(int status);

// `value` serialised as the body with the JSON content type.
Response Json(const boost::json::value& value, int status = 200);

// The error as JSON with its status. `details` is always present (possibly empty); `field` is ""
// when no field is to blame.
Response ErrorResponse(const Error& error);
// Shorthand for ErrorResponse(Error{code, message}).
Response ErrorResponse(ErrorCode code, std::string message);

// The error JSON object itself ({"error":{...}}), for tests and other transports.
boost::json::value ErrorJson(const Error& error);

// ok -> Json(value, ok_status); error -> ErrorResponse.
Response FromResult(Result<boost::json::value> result, int ok_status = 200);
// ok -> 204 No Content with an empty body; error -> ErrorResponse.
Response FromStatus(const Status& status);

// A file download: `bytes` as the body, `content_type` (e.g. the xlsx type), and
// Content-Disposition: attachment with an ASCII fallback and an RFC 5987 UTF-8 filename*
// (so "住户名册.xlsx" survives every browser).
Response Binary(std::string bytes, std::string content_type, std::string_view download_filename);

}  // namespace linli::http
