// Strict JSON request bodies: parse once, read typed fields, then Finish() reports every problem
// (wrong types, unknown fields) at once. Wrong types are reported, never coerced.
//
//   LINLI_TRY(auto in, JsonReader::Parse(req.body));
//   auto name = in.String("name");          // nullopt when absent or null
//   auto floors = in.Int("floors");
//   LINLI_TRY_STATUS(in.Finish());          // 400 naming the first bad field; all in details
//
// Thread rule: a JsonReader is used by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/ids.h"
#include "core/result.h"

namespace linli::http {

class JsonReader {
 public:
  // Parses a request body that must be one JSON object.
  // Errors (kInvalidArgument, field ""): reason "utf8" for invalid UTF-8, "json_syntax" for
  // malformed JSON (including an empty body), "json_object" when the top level is not an object.
  static Result<JsonReader> Parse(std::string_view body);
  // Wraps a nested object; problems are reported as "<prefix>.<key>" (e.g. "grids[0].code").
  static JsonReader Of(boost::json::object object, std::string prefix);

  // True when the key is present (even with null).
  bool Has(std::string_view key) const;
  // True when the key is present with JSON null.
  bool IsNull(std::string_view key) const;

  // Typed getters. Each marks the key as known. Absent or null -> nullopt. A value of the wrong
  // type -> nullopt and a recorded problem (reason "type") reported by Finish().
  std::optional<std::string> String(std::string_view key);
  // An integer (a JSON number with an integral value that fits in int64).
  std::optional<std::int64_t> Int(std::string_view key);
  // Any JSON number.
  std::optional<double> Double(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  // A positive id (integer > 0; reason "id" otherwise).
  std::optional<Id> IdValue(std::string_view key);
  // An array of positive ids (reason "type" naming "<key>[i]" for a bad element).
  std::optional<std::vector<Id>> IdArray(std::string_view key);
  // An array of strings.
  std::optional<std::vector<std::string>> StringArray(std::string_view key);
  // Raw access to a nested object / array (nullptr when absent, null, or of the wrong type — the
  // wrong type is recorded). The pointer lives as long as this reader.
  const boost::json::object* Object(std::string_view key);
  const boost::json::array* Array(std::string_view key);
  // Raw access to any value (nullptr when absent). Marks the key as known.
  const boost::json::value* Value(std::string_view key);

  // Records a problem found by the caller (e.g. a domain check of a field); reported by Finish().
  void AddError(std::string field, std::string reason, std::string message);
  // Marks keys as known without reading them.
  void Allow(std::initializer_list<std::string_view> keys);

  // Ok when no problem was recorded and every key of the object was read or allowed.
  // Otherwise kInvalidArgument: field = the first problem, details = every problem; unknown keys
  // have reason "unknown_field".
  Status Finish() const;

  const boost::json::object& object() const { return object_; }
  std::string FieldName(std::string_view key) const;  // prefix + key

 private:
  JsonReader(boost::json::object object, std::string prefix)
      : object_(std::move(object)), prefix_(std::move(prefix)) {}
  const boost::json::value* Lookup(std::string_view key);  // marks known; null -> nullptr
  void TypeError(std::string_view key, std::string_view expected);

  boost::json::object object_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
  std::vector<FieldError> errors_;
};

}  // namespace linli::http
