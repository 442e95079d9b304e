#include "http/request.h"

#include <charconv>

namespace linli::http {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<std::int64_t> ParseInt64(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<std::int64_t>> Request::QueryInt(std::string_view name) const {
  auto raw = Query(name);
  if (!raw || raw->empty()) return std::optional<std::int64_t>();
  auto v = ParseInt64(*raw);
  if (!v) return Error::Invalid(std::string(name), "integer", "参数 " + std::string(name) + " 必须是整数");
  return std::optional<std::int64_t>(*v);
}

Result<std::optional<bool>> Request::QueryBool(std::string_view name) const {
  auto raw = Query(name);
  if (!raw || raw->empty()) return std::optional<bool>();
  if (*raw == "true" || *raw == "1") return std::optional<bool>(true);
  if (*raw == "false" || *raw == "0") return std::optional<bool>(false);
  return Error::Invalid(std::string(name), "boolean", "参数 " + std::string(name) + " 必须是 true 或 false");
}

Result<PageRequest> Request::QueryPage() const {
  PageRequest page;
  LINLI_TRY(auto offset, QueryInt("offset"));
  LINLI_TRY(auto limit, QueryInt("limit"));
  if (offset) {
    if (*offset < 0) return Error::Invalid("offset", "out_of_range", "offset 不能小于 0");
    page.offset = *offset;
  }
  if (limit) {
    if (*limit < 1 || *limit > 500) return Error::Invalid("limit", "out_of_range", "limit 必须在 1 到 500 之间");
    page.limit = *limit;
  }
  return page;
}

Result<Id> Request::PathId(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  std::optional<std::int64_t> v;
  if (it != path_params.end()) v = ParseInt64(it->second);
  if (!v || *v <= 0) return Error::Invalid(std::string(name), "id", "编号 " + std::string(name) + " 必须是正整数");
  return Id{*v};
}

}  // namespace linli::http
