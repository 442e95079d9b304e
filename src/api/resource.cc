#include "api/resource.h"

#include "api/session.h"

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

std::vector<http::ParamDoc> LocationFilterParams(std::string q_doc, bool with_household) {
  std::vector<http::ParamDoc> params = {{"community_id", "integer", false, "社区编号"},
                                        {"compound_id", "integer", false, "小区编号"},
                                        {"building_id", "integer", false, "楼栋编号"},
                                        {"unit_id", "integer", false, "单元编号"}};
  if (with_household) params.push_back({"household_id", "integer", false, "户编号"});
  params.push_back({"grid_id", "integer", false, "网格编号"});
  params.push_back({"q", "string", false, std::move(q_doc)});
  params.push_back({"tag", "string", false, "有该标签（代码，如 low_income）的居民"});
  return params;
}

Response XlsxResponse(Result<service::ExportFile> file) {
  if (!file.ok()) return http::ErrorResponse(file.error());
  return http::Binary(std::move(file->bytes), std::string(service::kXlsxContentType), file->filename);
}

Response AuditedXlsx(Auth& auth, const Request& req, std::string_view what, Result<service::ExportFile> file) {
  if (!file.ok()) return http::ErrorResponse(file.error());
  AuditEntry e;
  e.action = "export";
  e.object_type = std::string(what);
  e.object_id = req.target.size() > 500 ? req.target.substr(0, 500) : req.target;
  if (Status s = AuditRequest(auth, req, std::move(e)); !s.ok()) return http::ErrorResponse(s.error());
  return XlsxResponse(std::move(file));
}

}  // namespace linli::api
