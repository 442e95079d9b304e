// Open311 GeoReport v2 wire formats (http://wiki.open311.org/GeoReport_v2): the same records as
// XML (pugixml) or JSON, chosen by the path's extension (.xml / .json). Pure formatting: no store,
// no clock. Used by src/api/open311.cc; tests read the same shapes back.
//
//   Record r = {{"service_request_id", "LL20261122000001"}, {"status", "open"}, Field::Null("media_url")};
//   http::Response resp = open311::List(Format::kXml, "service_requests", "request", {r});
//   // <?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>…
//
// Thread rule: stateless; safe from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/response.h"

namespace linli::api::open311 {

enum class Format { kXml, kJson };

// One element of a record. JSON: a string, number, boolean or null; XML: the text (empty element
// for null).
struct Field {
  enum class Kind { kString, kNumber, kBool, kNull };
  std::string name;
  std::string text;
  Kind kind = Kind::kString;

  Field(std::string n, std::string t) : name(std::move(n)), text(std::move(t)) {}
  Field(std::string n, const char* t) : name(std::move(n)), text(t) {}
  static Field Null(std::string n) { return Field(std::move(n), std::string(), Kind::kNull); }
  static Field Number(std::string n, double v);
  static Field Int(std::string n, std::int64_t v) { return Field(std::move(n), std::to_string(v), Kind::kNumber); }
  static Field Bool(std::string n, bool v) { return Field(std::move(n), v ? "true" : "false", Kind::kBool); }
  // A string, or null when empty.
  static Field TextOrNull(std::string n, std::string t) {
    return t.empty() ? Null(std::move(n)) : Field(std::move(n), std::move(t));
  }

 private:
  Field(std::string n, std::string t, Kind k) : name(std::move(n)), text(std::move(t)), kind(k) {}
};
using Record = std::vector<Field>;

inline constexpr std::string_view kXmlContentType = "text/xml; charset=utf-8";
inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";

// Splits "requests.json" into ("requests", kJson). nullopt when there is no .xml/.json extension.
std::optional<std::pair<std::string, Format>> SplitFormat(std::string_view segment);

// A list response: XML <root><item>fields…</item>…</root>; JSON [ {fields…}, … ].
http::Response List(Format format, std::string_view root, std::string_view item, const std::vector<Record>& records,
                    int status = 200);

// The GeoReport error list: XML <errors><error><code>403</code><description>…</description></error></errors>;
// JSON [{"code":403,"description":"…"}]. The HTTP status is `status`.
http::Response Errors(Format format, int status, const std::vector<std::pair<int, std::string>>& errors);
// One error whose code is the HTTP status.
inline http::Response ErrorOf(Format format, int status, std::string description) {
  return Errors(format, status, {{status, std::move(description)}});
}
// A linli Error as a GeoReport error list (status from the error code; field errors keep the field
// name in the description).
http::Response FromError(Format format, const Error& error);

// The discovery document.
struct Discovery {
  std::string changeset;    // W3C date of the last change of the endpoint list
  std::string contact;      // who to contact
  std::string key_service;  // where to ask for an api_key
  std::string base_url;     // "https://linli.example/open311/v2/" (from the Host header)
};
http::Response DiscoveryResponse(Format format, const Discovery& d);

// UTC ISO "2026-11-22T08:30:00Z" -> W3C with the China offset "2026-11-22T16:30:00+08:00"
// ("" stays ""; anything unparseable is returned unchanged).
std::string W3cChina(std::string_view iso_utc);
// A W3C / ISO 8601 date-time as clients send it ("2026-11-22T16:30:00+08:00", "…Z", "2026-11-22";
// no zone = +08:00) -> UTC "2026-11-22T08:30:00Z". Errors: kInvalidArgument field `field`,
// reason "invalid_time".
Result<std::string> ParseW3c(std::string_view text, std::string_view field);
// Unix seconds <-> UTC ISO text (no dependency on the domain's clock helpers).
std::string UtcText(std::int64_t unix_seconds);
std::optional<std::int64_t> UtcSeconds(std::string_view iso_utc);

}  // namespace linli::api::open311
