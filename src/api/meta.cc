// Reference data for the console.
//   GET /api/v1/meta   meta:read   {version, tags, relations, import_fields}
#include "api/resource.h"
#include "domain/registry_import.h"
#include "service/registry_labels.h"

namespace linli::api {

void RegisterMetaRoutes(http::Router& router, Store&, const ApiOptions& options) {
  json::array tags;
  for (const auto& t : service::ResidentTags())
    tags.push_back(json::object{{"code", t.code}, {"label_zh", t.label_zh}, {"label_en", t.label_en}, {"vulnerable", t.vulnerable}});
  json::array relations;
  for (const auto& r : service::Relations()) relations.push_back(json::string(r));
  // Built once: the answer never changes while the process runs.
  auto body = std::make_shared<const json::value>(json::object{{"version", options.version},
                                                               {"tags", std::move(tags)},
                                                               {"relations", std::move(relations)},
                                                               {"import_fields", ImportFieldsJson()}});
  router.Add({.method = "GET", .pattern = "/api/v1/meta", .permission = "meta:read",
              .summary = "标签、与户主关系、导入字段等参考数据", .tag = "meta", .response_schema = "Meta",
              .handler = [body](Request&) { return http::Json(*body); }});
}

}  // namespace linli::api
