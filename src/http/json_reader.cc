#include "http/json_reader.h"

#include "core/utf8.h"

#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>

namespace linli::http {

Result<JsonReader> JsonReader::Parse(std::string_view body) {
  if (!linli::IsValidUtf8(body)) return Error::Invalid("", "utf8", "请求内容不是有效的 UTF-8 文本");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) return Error::Invalid("", "json_syntax", "请求内容不是有效的 JSON");
  if (!v.is_object()) return Error::Invalid("", "json_object", "请求内容必须是 JSON 对象");
  return JsonReader(std::move(v.as_object()), "");
}

JsonReader JsonReader::Of(boost::json::object object, std::string prefix) {
  return JsonReader(std::move(object), std::move(prefix));
}

std::string JsonReader::FieldName(std::string_view key) const {
  if (prefix_.empty()) return std::string(key);
  std::string out = prefix_;
  out.push_back('.');
  out.append(key);
  return out;
}

bool JsonReader::Has(std::string_view key) const { return object_.contains(key); }

bool JsonReader::IsNull(std::string_view key) const {
  auto it = object_.find(key);
  return it != object_.end() && it->value().is_null();
}

const boost::json::value* JsonReader::Value(std::string_view key) {
  known_.emplace(key);
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &it->value();
}

const boost::json::value* JsonReader::Lookup(std::string_view key) {
  const auto* v = Value(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

void JsonReader::TypeError(std::string_view key, std::string_view expected) {
  errors_.push_back({FieldName(key), "type", "字段 " + FieldName(key) + " 的类型应为" + std::string(expected)});
}

void JsonReader::AddError(std::string field, std::string reason, std::string message) {
  errors_.push_back({std::move(field), std::move(reason), std::move(message)});
}

void JsonReader::Allow(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) known_.emplace(k);
}

std::optional<std::string> JsonReader::String(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) { TypeError(key, "字符串"); return std::nullopt; }
  return std::string(v->get_string());
}

namespace {

std::optional<std::int64_t> AsInt(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> JsonReader::Int(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return std::nullopt;
  auto i = AsInt(*v);
  if (!i) TypeError(key, "整数");
  return i;
}

std::optional<double> JsonReader::Double(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  TypeError(key, "数字");
  return std::nullopt;
}

std::optional<bool> JsonReader::Bool(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) { TypeError(key, "布尔值"); return std::nullopt; }
  return v->get_bool();
}

std::optional<Id> JsonReader::IdValue(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return std::nullopt;
  auto i = AsInt(*v);
  if (!i) { TypeError(key, "整数"); return std::nullopt; }
  if (*i <= 0) {
    errors_.push_back({FieldName(key), "id", "字段 " + FieldName(key) + " 必须是正整数编号"});
    return std::nullopt;
  }
  return Id{*i};
}

std::optional<std::vector<Id>> JsonReader::IdArray(std::string_view key) {
  const auto* arr = Array(key);
  if (arr == nullptr) return std::nullopt;
  std::vector<Id> out;
  out.reserve(arr->size());
  bool ok = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto id = AsInt((*arr)[i]);
    if (!id || *id <= 0) {
      std::string f = FieldName(key) + "[" + std::to_string(i) + "]";
      errors_.push_back({f, id ? "id" : "type", "字段 " + f + " 必须是正整数编号"});
      ok = false;
      continue;
    }
    out.push_back(*id);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> JsonReader::StringArray(std::string_view key) {
  const auto* arr = Array(key);
  if (arr == nullptr) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(arr->size());
  bool ok = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    if (!(*arr)[i].is_string()) {
      std::string f = FieldName(key) + "[" + std::to_string(i) + "]";
      errors_.push_back({f, "type", "字段 " + f + " 的类型应为字符串"});
      ok = false;
      continue;
    }
    out.emplace_back((*arr)[i].get_string());
  }
  if (!ok) return std::nullopt;
  return out;
}

const boost::json::object* JsonReader::Object(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) { TypeError(key, "对象"); return nullptr; }
  return &v->get_object();
}

const boost::json::array* JsonReader::Array(std::string_view key) {
  const auto* v = Lookup(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) { TypeError(key, "数组"); return nullptr; }
  return &v->get_array();
}

Status JsonReader::Finish() const {
  std::vector<FieldError> all = errors_;
  for (const auto& kv : object_) {
    if (known_.find(std::string_view(kv.key())) == known_.end()) {
      std::string f = FieldName(kv.key());
      all.push_back({f, "unknown_field", "未知字段 " + f});
    }
  }
  if (all.empty()) return Ok();
  Error e{ErrorCode::kInvalidArgument, all.front().message, all.front().field, std::move(all)};
  return e;
}

}  // namespace linli::http
