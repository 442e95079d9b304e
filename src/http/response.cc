#include "http/response.h"

#include <boost/json/serialize.hpp>

namespace linli::http {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kUnavailable: return 503;
  }
  return 500;
}

std::string_view StatusReason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "Unknown";
}

Response Json(const boost::json::value& value, int status) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

boost::json::value ErrorJson(const Error& error) {
  boost::json::array details;
  details.reserve(error.details.size());
  for (const auto& d : error.details) {
    details.push_back(boost::json::object{{"field", d.field}, {"reason", d.reason}, {"message", d.message}});
  }
  return boost::json::object{{"error", boost::json::object{{"code", ErrorCodeName(error.code)},
                                                           {"message", error.message},
                                                           {"field", error.field},
                                                           {"details", std::move(details)}}}};
}

Response ErrorResponse(const Error& error) { return Json(ErrorJson(error), HttpStatus(error.code)); }

Response ErrorResponse(ErrorCode code, std::string message) {
  return ErrorResponse(Error{code, std::move(message), {}, {}});
}

Response FromResult(Result<boost::json::value> result, int ok_status) {
  if (!result.ok()) return ErrorResponse(result.error());
  return Json(result.value(), ok_status);
}

Response FromStatus(const Status& status) {
  if (!status.ok()) return ErrorResponse(status.error());
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

namespace {

bool IsAttrChar(unsigned char c) {  // RFC 5987 attr-char
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '&': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
  }
  return false;
}

}  // namespace

Response Binary(std::string bytes, std::string content_type, std::string_view download_filename) {
  Response r;
  r.body = std::move(bytes);
  r.content_type = std::move(content_type);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii, encoded;
  for (unsigned char c : download_filename) {
    // ASCII fallback: non-ASCII, quotes, backslashes and controls become '_'.
    ascii.push_back((c < 0x20 || c >= 0x7f || c == '"' || c == '\\') ? '_' : static_cast<char>(c));
    if (IsAttrChar(c)) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  return r;
}

}  // namespace linli::http
