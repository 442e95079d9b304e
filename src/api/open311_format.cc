#include "api/open311_format.h"
#include "domain/civil_date.h"

#include <pugixml.hpp>

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace linli::api::open311 {

namespace json = boost::json;

namespace {

std::string XmlText(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_document NewDoc() {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  return doc;
}

json::value JsonOf(const Field& f) {
  switch (f.kind) {
    case Field::Kind::kNull:
      return nullptr;
    case Field::Kind::kBool:
      return f.text == "true";
    case Field::Kind::kNumber: {
      if (f.text.find_first_of(".eE") == std::string::npos) {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(f.text.data(), f.text.data() + f.text.size(), v);
        if (ec == std::errc()) return v;
      }
      return std::strtod(f.text.c_str(), nullptr);
    }
    case Field::Kind::kString:
      break;
  }
  return json::string(f.text);
}

http::Response Body(Format format, std::string body, int status) {
  http::Response r;
  r.status = status;
  r.content_type = std::string(format == Format::kXml ? kXmlContentType : kJsonContentType);
  r.body = std::move(body);
  return r;
}

using civil::DaysFromCivil;

void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  const civil::Date c = civil::CivilFromDays(z);
  y = static_cast<int>(c.year), m = c.month, d = c.day;
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Parses "YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM]"; `default_offset` (seconds east of
// UTC) applies when no zone is given. Returns Unix seconds.
std::optional<std::int64_t> ParseAny(std::string_view s, int default_offset) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t pos = 10;
  int offset = default_offset;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    if (!Digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2, mi))
      return std::nullopt;
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      offset = 0;
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      int sign = s[pos] == '-' ? -1 : 1;
      if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t p2 = pos + 3;
      if (p2 < s.size() && s[p2] == ':') ++p2;
      if (!Digits(s, p2, 2, om)) return std::nullopt;
      offset = sign * (oh * 3600 + om * 60);
      pos = p2 + 2;
    }
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

constexpr int kChinaOffset = 8 * 3600;

std::string FormatWithOffset(std::int64_t unix_seconds, int offset, bool zulu) {
  std::int64_t local = unix_seconds + offset;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t rem = local - days * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[40];
  if (zulu)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(rem / 3600),
                  static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60));
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m, d, static_cast<int>(rem / 3600),
                  static_cast<int>(rem % 3600 / 60), static_cast<int>(rem % 60), offset < 0 ? '-' : '+',
                  std::abs(offset) / 3600, std::abs(offset) % 3600 / 60);
  return buf;
}

}  // namespace

Field Field::Number(std::string n, double v) {
  std::ostringstream out;
  out.precision(9);
  out << v;
  return Field(std::move(n), out.str(), Kind::kNumber);
}

std::optional<std::pair<std::string, Format>> SplitFormat(std::string_view segment) {
  if (segment.ends_with(".xml")) return std::pair{std::string(segment.substr(0, segment.size() - 4)), Format::kXml};
  if (segment.ends_with(".json"))
    return std::pair{std::string(segment.substr(0, segment.size() - 5)), Format::kJson};
  return std::nullopt;
}

http::Response List(Format format, std::string_view root, std::string_view item, const std::vector<Record>& records,
                    int status) {
  if (format == Format::kJson) {
    json::array arr;
    for (const Record& r : records) {
      json::object o;
      for (const Field& f : r) o[f.name] = JsonOf(f);
      arr.push_back(std::move(o));
    }
    return Body(format, json::serialize(arr), status);
  }
  pugi::xml_document doc = NewDoc();
  pugi::xml_node top = doc.append_child(std::string(root).c_str());
  const std::string item_name(item);
  for (const Record& r : records) {
    pugi::xml_node node = top.append_child(item_name.c_str());
    for (const Field& f : r) {
      pugi::xml_node child = node.append_child(f.name.c_str());
      if (f.kind != Field::Kind::kNull) child.text().set(f.text.c_str());
    }
  }
  return Body(format, XmlText(doc), status);
}

http::Response Errors(Format format, int status, const std::vector<std::pair<int, std::string>>& errors) {
  std::vector<Record> records;
  for (const auto& [code, description] : errors)
    records.push_back({Field::Int("code", code), Field("description", description)});
  return List(format, "errors", "error", records, status);
}

http::Response FromError(Format format, const Error& error) {
  int status = http::HttpStatus(error.code);
  std::vector<std::pair<int, std::string>> list;
  if (error.details.empty()) {
    list.push_back({status, error.field.empty() ? error.message : error.field + ": " + error.message});
  } else {
    for (const auto& d : error.details)
      list.push_back({status, d.field.empty() ? d.message : d.field + ": " + d.message});
  }
  return Errors(format, status, list);
}

http::Response DiscoveryResponse(Format format, const Discovery& d) {
  const std::string spec = "http://wiki.open311.org/GeoReport_v2";
  if (format == Format::kJson) {
    json::object endpoint{{"specification", spec},
                          {"url", d.base_url},
                          {"changeset", d.changeset},
                          {"type", "production"},
                          {"formats", json::array{"text/xml", "application/json"}}};
    json::object o{{"changeset", d.changeset},
                   {"contact", d.contact},
                   {"key_service", d.key_service},
                   {"endpoints", json::array{endpoint}}};
    return Body(format, json::serialize(o), 200);
  }
  pugi::xml_document doc = NewDoc();
  pugi::xml_node top = doc.append_child("discovery");
  top.append_child("changeset").text().set(d.changeset.c_str());
  top.append_child("contact").text().set(d.contact.c_str());
  top.append_child("key_service").text().set(d.key_service.c_str());
  pugi::xml_node ep = top.append_child("endpoints").append_child("endpoint");
  ep.append_child("specification").text().set(spec.c_str());
  ep.append_child("url").text().set(d.base_url.c_str());
  ep.append_child("changeset").text().set(d.changeset.c_str());
  ep.append_child("type").text().set("production");
  pugi::xml_node formats = ep.append_child("formats");
  formats.append_child("format").text().set("text/xml");
  formats.append_child("format").text().set("application/json");
  return Body(format, XmlText(doc), 200);
}

std::string UtcText(std::int64_t unix_seconds) { return FormatWithOffset(unix_seconds, 0, true); }

std::optional<std::int64_t> UtcSeconds(std::string_view iso_utc) { return ParseAny(iso_utc, 0); }

std::string W3cChina(std::string_view iso_utc) {
  if (iso_utc.empty()) return {};
  auto secs = ParseAny(iso_utc, 0);
  if (!secs) return std::string(iso_utc);
  return FormatWithOffset(*secs, kChinaOffset, false);
}

Result<std::string> ParseW3c(std::string_view text, std::string_view field) {
  auto secs = ParseAny(text, kChinaOffset);
  if (!secs)
    return Error::Invalid(std::string(field), "invalid_time",
                          "时间格式应为 W3C 格式，如 2026-11-22T16:30:00+08:00");
  return UtcText(*secs);
}

}  // namespace linli::api::open311
