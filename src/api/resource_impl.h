// Internal: the template part of resource.h. Include resource.h, not this file.
#pragma once

#include <memory>
#include <utility>

namespace linli::api {

namespace detail {

inline Response ShowOrError(Result<json::object> shown, int status) {
  if (!shown.ok()) return http::ErrorResponse(shown.error());
  return http::Json(json::value(std::move(shown).value()), status);
}

template <class Entity>
Response CreateResource(Request& req, const ResourceOps<Entity>& ops) {
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return http::ErrorResponse(in.error());
  Entity entity{};
  ops.read(*in, entity, /*creating=*/true);
  if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
  auto valid = ops.validate(entity);
  if (!valid.ok()) return http::ErrorResponse(valid.error());
  if (Status s = ops.check_parent(*valid, ScopeOf(req)); !s.ok()) return http::ErrorResponse(s.error());
  auto created = ops.create(*valid);
  if (!created.ok()) return http::ErrorResponse(created.error());
  return ShowOrError(ops.show(created->id, ops.show_created_unscoped ? Scope::All() : ScopeOf(req), ViewOf(req)), 201);
}

template <class Entity>
Response PatchResource(Request& req, const ResourceOps<Entity>& ops) {
  auto id = req.PathId();
  if (!id.ok()) return http::ErrorResponse(id.error());
  auto in = http::JsonReader::Parse(req.body);
  if (!in.ok()) return http::ErrorResponse(in.error());
  auto current = ops.load(*id, ScopeOf(req));
  if (!current.ok()) return http::ErrorResponse(current.error());
  Entity entity = *current;
  ops.read(*in, entity, /*creating=*/false);
  if (Status s = in->Finish(); !s.ok()) return http::ErrorResponse(s.error());
  auto valid = ops.validate(entity);
  if (!valid.ok()) return http::ErrorResponse(valid.error());
  if (ops.parent_of(*valid) != ops.parent_of(*current)) {
    if (Status s = ops.check_parent(*valid, ScopeOf(req)); !s.ok()) return http::ErrorResponse(s.error());
  }
  auto updated = ops.update(*valid, ScopeOf(req));
  if (!updated.ok()) return http::ErrorResponse(updated.error());
  return ShowOrError(ops.show(*id, ScopeOf(req), ViewOf(req)), 200);
}

template <class Entity>
Response GetResource(Request& req, const ResourceOps<Entity>& ops) {
  auto id = req.PathId();
  if (!id.ok()) return http::ErrorResponse(id.error());
  return ShowOrError(ops.show(*id, ScopeOf(req), ViewOf(req)), 200);
}

template <class Entity>
Response DeleteResource(Request& req, const ResourceOps<Entity>& ops) {
  auto id = req.PathId();
  if (!id.ok()) return http::ErrorResponse(id.error());
  auto cascade = CascadeParam(req);
  if (!cascade.ok()) return http::ErrorResponse(cascade.error());
  return http::FromStatus(ops.remove(*id, *cascade, ScopeOf(req)));
}

}  // namespace detail

template <class Entity>
void AddResourceRoutes(http::Router& router, const ResourceNames& n, ResourceOps<Entity> ops_value,
                       std::function<Response(Request&)> list, std::vector<http::ParamDoc> list_params,
                       bool cascade_param) {
  auto ops = std::make_shared<const ResourceOps<Entity>>(std::move(ops_value));
  const std::string base = "/api/v1/" + n.plural;
  const std::string read = n.resource + ":read", write = n.resource + ":write";
  router.Add({.method = "GET", .pattern = base, .permission = read, .summary = n.label_zh + "列表",
              .tag = n.plural, .query_params = std::move(list_params), .response_schema = n.schema + "List",
              .handler = std::move(list)});
  router.Add({.method = "POST", .pattern = base, .permission = write, .summary = "新建" + n.label_zh,
              .tag = n.plural, .request_schema = n.schema + "Input", .response_schema = n.schema,
              .handler = [ops](Request& req) { return detail::CreateResource(req, *ops); }});
  router.Add({.method = "GET", .pattern = base + "/{id}", .permission = read, .summary = n.label_zh + "详情",
              .tag = n.plural, .response_schema = n.detail_schema.empty() ? n.schema : n.detail_schema,
              .handler = [ops](Request& req) { return detail::GetResource(req, *ops); }});
  router.Add({.method = "PATCH", .pattern = base + "/{id}", .permission = write,
              .summary = "修改" + n.label_zh + "（任意可写字段）", .tag = n.plural,
              .request_schema = n.schema + "Input", .response_schema = n.schema,
              .handler = [ops](Request& req) { return detail::PatchResource(req, *ops); }});
  if (ops->remove) {
    std::vector<http::ParamDoc> params;
    if (cascade_param)
      params.push_back({"cascade", "boolean", false, "true 时连同下级一并删除；否则有下级时返回 409"});
    router.Add({.method = "DELETE", .pattern = base + "/{id}", .permission = write, .summary = "删除" + n.label_zh,
                .tag = n.plural, .query_params = std::move(params),
                .handler = [ops](Request& req) { return detail::DeleteResource(req, *ops); }});
  }
}

}  // namespace linli::api
