#include "api/resource.h"

namespace linli::api {

Result<std::optional<Id>> OptionalQueryId(const Request& req, std::string_view name) {
  auto v = req.QueryInt(name);
  if (!v.ok() || (v->has_value() && **v <= 0))
    return Error::Invalid(std::string(name), "id", "参数 " + std::string(name) + " 必须是正整数编号");
  return std::optional<Id>(*v);
}

Result<Id> RequiredQueryId(const Request& req, std::string_view name) {
  LINLI_TRY(std::optional<Id> id, OptionalQueryId(req, name));
  if (!id) return Error::Invalid(std::string(name), "required", "缺少必填参数 " + std::string(name));
  return *id;
}

Result<bool> CascadeParam(const Request& req) {
  LINLI_TRY(std::optional<bool> cascade, req.QueryBool("cascade"));
  return cascade.value_or(false);
}

Status AsFieldReference(Status found, std::string_view field, std::string_view what_zh) {
  if (found.ok()) return found;
  if (found.error().code != ErrorCode::kNotFound) return found;
  return Error::Invalid(std::string(field), "not_found", std::string(what_zh) + "不存在或无权访问");
}

std::vector<http::ParamDoc> PageParams() {
  return {{"offset", "integer", false, "跳过的条数，默认 0"}, {"limit", "integer", false, "每页条数 1..500，默认 50"}};
}

}  // namespace linli::api
