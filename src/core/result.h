// Result<T>: the one way linli returns expected failures (shaped like std::expected).
// Exceptions are only for the truly exceptional (out of memory, broken invariants).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace linli {

// The closed set of error codes. Each maps to exactly one HTTP status in src/http (one place).
enum class ErrorCode {
  kInvalidArgument,      // 400 bad field / bad body
  kUnauthenticated,      // 401
  kPermissionDenied,     // 403
  kNotFound,             // 404 (also: out of the caller's scope)
  kMethodNotAllowed,     // 405
  kConflict,             // 409 (e.g. delete with children, duplicate key)
  kTooLarge,             // 413
  kUnsupportedMediaType, // 415
  kRateLimited,          // 429
  kInternal,             // 500
  kUnavailable,          // 503
};

// Stable snake_case name used in JSON: "invalid_argument", "not_found", ...
std::string_view ErrorCodeName(ErrorCode code);

// One problem with one input field. `field` is the JSON field name (snake_case) or a
// "row:column" locator for imports; `reason` is a stable machine code the console translates
// (e.g. "id_number_checksum"); `message` is a Chinese sentence for people.
struct FieldError {
  std::string field;
  std::string reason;
  std::string message;
};

// An expected failure. `field` names the first offending field (may be empty);
// `details` lists every field problem when several were found at once.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::vector<FieldError> details;

  static Error Invalid(std::string field, std::string reason, std::string message) {
    Error e{ErrorCode::kInvalidArgument, message, field, {}};
    e.details.push_back({std::move(field), std::move(reason), std::move(message)});
    return e;
  }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}, {}}; }
  static Error Conflict(std::string message, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(message), std::move(field), {}};
  }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}, {}}; }
};

// Result<T> holds a T or an Error. Accessing value() on an error (or error() on a value) is a
// programming bug and asserts. Not thread-safe beyond what T is.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}         // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error& error() { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return err_; }
  Error& error() { assert(!ok_); return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace linli

// Early return on error: LINLI_TRY(auto x, Expr()); or LINLI_TRY_STATUS(Expr());
#define LINLI_CONCAT_INNER(a, b) a##b
#define LINLI_CONCAT(a, b) LINLI_CONCAT_INNER(a, b)
#define LINLI_TRY_STATUS(expr)                         \
  do {                                                 \
    auto _linli_s = (expr);                            \
    if (!_linli_s.ok()) return std::move(_linli_s.error()); \
  } while (0)
#define LINLI_TRY(decl, expr) LINLI_TRY_IMPL(decl, expr, LINLI_CONCAT(_linli_r_, __LINE__))
#define LINLI_TRY_IMPL(decl, expr, tmp)                \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp.error());        \
  decl = std::move(tmp).value()
