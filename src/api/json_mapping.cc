#include "api/json_mapping.h"

#include <initializer_list>
#include <utility>

#include "access/masking.h"
#include "service/registry_labels.h"

namespace linli::api {

namespace {

json::value OptId(const std::optional<Id>& id) { return id ? json::value(*id) : json::value(nullptr); }
json::value OptDouble(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array TagsJson(const std::vector<ResidentTag>& tags, const ViewPolicy& view) {
  json::array out;
  for (const auto& t : tags)
    if (view.sensitive_tags || !IsSensitiveTag(t.code)) out.push_back(json::object{{"code", t.code}, {"detail", t.detail}});
  return out;
}

// The resident's own fields; the location fields are added by the callers.
json::object ResidentJson(const Resident& r, const ViewPolicy& view) {
  return {{"id", r.id},
          {"household_id", r.household_id},
          {"name", r.name},
          {"id_number", MaskIdNumber(r.id_number)},
          {"sex", service::SexCode(r.sex)},
          {"birth_date", MaskBirthDate(r.birth_date)},
          {"phone", MaskPhone(r.phone)},
          {"relation", r.relation},
          {"is_owner", r.is_owner},
          {"tags", TagsJson(r.tags, view)},
          {"note", r.note}};
}

void AddLocation(json::object& o, std::string_view address, Id unit_id, Id building_id, Id compound_id, Id community_id,
                 const std::optional<Id>& grid_id) {
  o["address"] = address;
  o["unit_id"] = unit_id;
  o["building_id"] = building_id;
  o["compound_id"] = compound_id;
  o["community_id"] = community_id;
  o["grid_id"] = OptId(grid_id);
}

template <class T>
void Set(std::optional<T> v, T& out) {
  if (v) out = std::move(*v);
}

// Parent reference: required when creating; a PATCH may change it (a move).
void ReadParent(http::JsonReader& in, std::string_view key, Id& out, bool creating) {
  if (creating && !in.Has(key)) {
    RequireField(in, key);
    in.Allow({key});
    return;
  }
  if (in.Has(key) && in.IsNull(key)) {
    in.AddError(in.FieldName(key), "required", "字段 " + in.FieldName(key) + " 不能为空");
    in.Allow({key});
    return;
  }
  Set(in.IdValue(key), out);
}

}  // namespace

json::object ToJson(const CommunitySummary& s) {
  const Community& c = s.community;
  return {{"id", c.id},
          {"code", c.code},
          {"name", c.name},
          {"street_name", c.street_name},
          {"district", c.district},
          {"street_code", c.code.size() >= 9 ? c.code.substr(0, 9) : c.code},
          {"compounds_count", s.compounds},
          {"buildings_count", s.buildings},
          {"units_count", s.units},
          {"households_count", s.households},
          {"residents_count", s.residents},
          {"grids_count", s.grids}};
}

json::object ToJson(const CompoundSummary& s) {
  const Compound& c = s.compound;
  return {{"id", c.id},
          {"community_id", c.community_id},
          {"name", c.name},
          {"address", c.address},
          {"property_company", c.property_company},
          {"buildings_count", s.buildings},
          {"households_count", s.households},
          {"residents_count", s.residents}};
}

json::object ToJson(const BuildingSummary& s) {
  const Building& b = s.building;
  return {{"id", b.id},
          {"compound_id", b.compound_id},
          {"name", b.name},
          {"floors", b.floors},
          {"x", OptDouble(b.x)},
          {"y", OptDouble(b.y)},
          {"grid_id", OptId(b.grid_id)},
          {"grid_code", s.grid_code},
          {"grid_name", s.grid_name},
          {"units_count", s.units},
          {"households_count", s.households},
          {"residents_count", s.residents}};
}

json::object ToJson(const UnitSummary& s) {
  return {{"id", s.unit.id},
          {"building_id", s.unit.building_id},
          {"name", s.unit.name},
          {"households_count", s.households},
          {"residents_count", s.residents}};
}

json::object ToJson(const HouseholdSummary& s) {
  const Household& h = s.household;
  return {{"id", h.id},
          {"unit_id", h.unit_id},
          {"building_id", s.building_id},
          {"compound_id", s.compound_id},
          {"community_id", s.community_id},
          {"door", h.door},
          {"area_m2", h.area_m2},
          {"phone", MaskPhone(h.phone)},
          {"developer_unsold", h.developer_unsold},
          {"note", h.note},
          {"address", s.address},
          {"grid_id", OptId(s.grid_id)},
          {"grid_name", s.grid_name},
          {"worker_name", s.worker_name},
          {"resident_count", s.residents},
          {"head_name", s.head_name}};
}

json::object ToJson(const HouseholdDetail& d, const ViewPolicy& view) {
  json::object o = ToJson(d.summary);
  o["unit"] = json::object{{"id", d.unit.id}, {"name", d.unit.name}};
  o["building"] = json::object{{"id", d.building.id}, {"name", d.building.name}};
  o["compound"] = json::object{{"id", d.compound.id}, {"name", d.compound.name}};
  if (d.grid) {
    o["grid"] = json::object{{"id", d.grid->id},
                             {"code", d.grid->code},
                             {"name", d.grid->name},
                             {"worker_name", d.grid->worker_name},
                             {"worker_phone", d.grid->worker_phone}};
  } else {
    o["grid"] = nullptr;
  }
  json::array residents;
  const HouseholdSummary& s = d.summary;
  for (const Resident& r : d.residents) {
    json::object ro = ResidentJson(r, view);
    AddLocation(ro, s.address, s.household.unit_id, s.building_id, s.compound_id, s.community_id, s.grid_id);
    residents.push_back(std::move(ro));
  }
  o["residents"] = std::move(residents);
  return o;
}

json::object ToJson(const ResidentSummary& s, const ViewPolicy& view) {
  json::object o = ResidentJson(s.resident, view);
  AddLocation(o, s.address, s.unit_id, s.building_id, s.compound_id, s.community_id, s.grid_id);
  return o;
}

json::object ToJson(const GridSummary& s) {
  const Grid& g = s.grid;
  return {{"id", g.id},
          {"community_id", g.community_id},
          {"code", g.code},
          {"name", g.name},
          {"worker_name", g.worker_name},
          {"worker_phone", g.worker_phone},
          {"buildings_count", s.buildings},
          {"households_count", s.households},
          {"residents_count", s.residents},
          {"vulnerable_count", s.vulnerable}};
}

json::object ToJson(const RowError& e) {
  return {{"row", e.row}, {"column", e.column}, {"field", e.field}, {"reason", e.reason}, {"message", e.message}};
}

json::object ToJson(const User& u) {
  auto ids = [](const std::vector<Id>& v) { return json::array(v.begin(), v.end()); };
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"disabled", u.disabled},
          {"community_ids", ids(u.community_ids)},
          {"grid_ids", ids(u.grid_ids)},
          {"street_code", u.street_code},
          {"compound_ids", ids(u.compound_ids)},
          {"household_id", OptId(u.household_id)},
          {"resident_id", OptId(u.resident_id)},
          {"locked_until", u.locked_until},
          {"last_login_at", u.last_login_at},
          {"created_at", u.created_at}};
}

json::object ToJson(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"subject", e.subject},
          {"field", e.field},
          {"reason", e.reason},
          {"remote_addr", e.remote_addr},
          {"hash", e.hash}};
}

bool FinishNested(http::JsonReader& outer, const http::JsonReader& inner) {
  Status s = inner.Finish();
  if (s.ok()) return true;
  for (const auto& d : s.error().details) outer.AddError(d.field, d.reason, d.message);
  return false;
}

json::array ImportFieldsJson() {
  json::array out;
  for (const ImportField& f : RegistryImportFields())
    out.push_back(json::object{{"key", f.key}, {"label_zh", f.label_zh}, {"label_en", f.label_en}, {"required", f.required}});
  return out;
}

void RequireField(http::JsonReader& in, std::string_view field) {
  in.AddError(in.FieldName(field), "required", "缺少必填字段 " + in.FieldName(field));
}

void ReadCommunity(http::JsonReader& in, Community& out) {
  Set(in.String("code"), out.code);
  Set(in.String("name"), out.name);
  Set(in.String("street_name"), out.street_name);
  Set(in.String("district"), out.district);
}

void ReadCompound(http::JsonReader& in, Compound& out, bool creating) {
  ReadParent(in, "community_id", out.community_id, creating);
  Set(in.String("name"), out.name);
  Set(in.String("address"), out.address);
  Set(in.String("property_company"), out.property_company);
}

void ReadBuilding(http::JsonReader& in, Building& out, bool creating) {
  ReadParent(in, "compound_id", out.compound_id, creating);
  Set(in.String("name"), out.name);
  if (auto floors = in.Int("floors")) {
    if (*floors < 0 || *floors > 200) in.AddError(in.FieldName("floors"), "out_of_range", "楼层数应在 0 到 200 之间");
    else out.floors = static_cast<int>(*floors);
  }
  // x / y: a number sets, null clears.
  if (in.IsNull("x")) out.x.reset();
  if (auto x = in.Double("x")) out.x = *x;
  if (in.IsNull("y")) out.y.reset();
  if (auto y = in.Double("y")) out.y = *y;
}

void ReadUnit(http::JsonReader& in, Unit& out, bool creating) {
  ReadParent(in, "building_id", out.building_id, creating);
  Set(in.String("name"), out.name);
}

void ReadHousehold(http::JsonReader& in, Household& out, bool creating) {
  ReadParent(in, "unit_id", out.unit_id, creating);
  Set(in.String("door"), out.door);
  if (creating && !in.Has("area_m2")) RequireField(in, "area_m2");
  Set(in.Double("area_m2"), out.area_m2);
  Set(in.String("phone"), out.phone);
  Set(in.Bool("developer_unsold"), out.developer_unsold);
  Set(in.String("note"), out.note);
}

void ReadResident(http::JsonReader& in, Resident& out, bool creating) {
  ReadParent(in, "household_id", out.household_id, creating);
  Set(in.String("name"), out.name);
  Set(in.String("id_number"), out.id_number);
  if (auto sex = in.String("sex")) {
    if (!service::ParseSexCode(*sex, &out.sex))
      in.AddError(in.FieldName("sex"), "enum", "性别只能是 male、female 或 unknown");
  }
  Set(in.String("birth_date"), out.birth_date);
  Set(in.String("phone"), out.phone);
  Set(in.String("relation"), out.relation);
  Set(in.Bool("is_owner"), out.is_owner);
  Set(in.String("note"), out.note);
  if (in.IsNull("tags")) out.tags.clear();
  if (const json::array* tags = in.Array("tags")) {
    std::vector<ResidentTag> parsed;
    for (std::size_t i = 0; i < tags->size(); ++i) {
      std::string prefix = in.FieldName("tags") + "[" + std::to_string(i) + "]";
      if (!(*tags)[i].is_object()) {
        in.AddError(prefix, "type", "字段 " + prefix + " 的类型应为对象 {code, detail}");
        continue;
      }
      http::JsonReader tag = http::JsonReader::Of((*tags)[i].as_object(), prefix);
      ResidentTag t;
      if (!tag.Has("code")) RequireField(tag, "code");
      Set(tag.String("code"), t.code);
      Set(tag.String("detail"), t.detail);
      if (!FinishNested(in, tag)) continue;
      parsed.push_back(std::move(t));
    }
    out.tags = std::move(parsed);
  }
}

void ReadGrid(http::JsonReader& in, Grid& out, bool creating) {
  if (creating) ReadParent(in, "community_id", out.community_id, creating);  // grids never move
  Set(in.String("code"), out.code);
  Set(in.String("name"), out.name);
  Set(in.String("worker_name"), out.worker_name);
  Set(in.String("worker_phone"), out.worker_phone);
}

std::optional<ColumnMapping> ReadMapping(http::JsonReader& in, std::string_view key) {
  const json::object* obj = in.Object(key);
  if (obj == nullptr) return std::nullopt;
  ColumnMapping mapping;
  for (const auto& [k, v] : *obj) {
    std::string field = in.FieldName(key) + "." + std::string(k);
    bool known = false;
    for (const auto& f : RegistryImportFields()) known = known || f.key == k;
    if (!known) {
      in.AddError(field, "unknown_field", "没有名为 " + std::string(k) + " 的导入字段");
      continue;
    }
    if (v.is_null()) continue;  // explicitly unmapped
    std::optional<std::int64_t> col;
    if (v.is_int64()) col = v.get_int64();
    else if (v.is_uint64() && v.get_uint64() < (1u << 20)) col = static_cast<std::int64_t>(v.get_uint64());
    if (!col) {
      in.AddError(field, "type", "字段 " + field + " 的类型应为整数（列序号，从 0 开始）");
      continue;
    }
    if (*col < 0 || *col > (1 << 20)) {
      in.AddError(field, "out_of_range", "列序号不能小于 0");
      continue;
    }
    mapping[std::string(k)] = static_cast<int>(*col);
  }
  return mapping;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI component schemas. A property type is "integer", "number", "string", "boolean",
// "object", a trailing "?" for nullable, "#Name" for a reference and "[...]" for an array of it.

namespace {

json::value TypeSchema(std::string_view t) {
  bool nullable = !t.empty() && t.back() == '?';
  if (nullable) t.remove_suffix(1);
  json::object s;
  if (t.size() > 2 && t.front() == '[' && t.back() == ']') {
    s = {{"type", "array"}, {"items", TypeSchema(t.substr(1, t.size() - 2))}};
  } else if (!t.empty() && t.front() == '#') {
    s = {{"$ref", "#/components/schemas/" + std::string(t.substr(1))}};
  } else {
    s = {{"type", t}};
  }
  if (nullable) s["nullable"] = true;
  return s;
}

using Props = std::initializer_list<std::pair<std::string_view, std::string_view>>;

json::value ObjectSchema(Props props, std::initializer_list<std::string_view> required = {}) {
  json::object properties;
  for (const auto& [name, type] : props) properties[name] = TypeSchema(type);
  json::object s{{"type", "object"}, {"properties", std::move(properties)}};
  if (required.size() > 0) {
    json::array req;
    for (auto r : required) req.push_back(json::string(r));
    s["required"] = std::move(req);
  }
  return s;
}

json::value ListSchema(std::string_view item) {
  std::string ref = "[#" + std::string(item) + "]";
  return ObjectSchema({{"items", ref}, {"total", "integer"}, {"offset", "integer"}, {"limit", "integer"}});
}

}  // namespace

void RegisterSchemas(http::Router& router) {
  router.AddSchema("Community", ObjectSchema({{"id", "integer"}, {"code", "string"}, {"name", "string"},
                                              {"street_name", "string"}, {"district", "string"},
                                              {"street_code", "string"}, {"compounds_count", "integer"},
                                              {"buildings_count", "integer"}, {"units_count", "integer"},
                                              {"households_count", "integer"}, {"residents_count", "integer"},
                                              {"grids_count", "integer"}}));
  router.AddSchema("CommunityInput", ObjectSchema({{"code", "string"}, {"name", "string"}, {"street_name", "string"},
                                                   {"district", "string"}}));
  router.AddSchema("Compound", ObjectSchema({{"id", "integer"}, {"community_id", "integer"}, {"name", "string"},
                                             {"address", "string"}, {"property_company", "string"},
                                             {"buildings_count", "integer"}, {"households_count", "integer"},
                                             {"residents_count", "integer"}}));
  router.AddSchema("CompoundInput", ObjectSchema({{"community_id", "integer"}, {"name", "string"},
                                                  {"address", "string"}, {"property_company", "string"}}));
  router.AddSchema("Building", ObjectSchema({{"id", "integer"}, {"compound_id", "integer"}, {"name", "string"},
                                             {"floors", "integer"}, {"x", "number?"}, {"y", "number?"},
                                             {"grid_id", "integer?"}, {"grid_code", "string"}, {"grid_name", "string"},
                                             {"units_count", "integer"}, {"households_count", "integer"},
                                             {"residents_count", "integer"}}));
  router.AddSchema("BuildingInput", ObjectSchema({{"compound_id", "integer"}, {"name", "string"}, {"floors", "integer"},
                                                  {"x", "number?"}, {"y", "number?"}}));
  router.AddSchema("Unit", ObjectSchema({{"id", "integer"}, {"building_id", "integer"}, {"name", "string"},
                                         {"households_count", "integer"}, {"residents_count", "integer"}}));
  router.AddSchema("UnitInput", ObjectSchema({{"building_id", "integer"}, {"name", "string"}}));
  router.AddSchema("Household", ObjectSchema({{"id", "integer"}, {"unit_id", "integer"}, {"building_id", "integer"},
                                              {"compound_id", "integer"}, {"community_id", "integer"},
                                              {"door", "string"}, {"area_m2", "number"}, {"phone", "string"},
                                              {"developer_unsold", "boolean"}, {"note", "string"},
                                              {"address", "string"}, {"grid_id", "integer?"}, {"grid_name", "string"},
                                              {"worker_name", "string"}, {"resident_count", "integer"},
                                              {"head_name", "string"}}));
  router.AddSchema("HouseholdInput", ObjectSchema({{"unit_id", "integer"}, {"door", "string"}, {"area_m2", "number"},
                                                   {"phone", "string"}, {"developer_unsold", "boolean"},
                                                   {"note", "string"}}));
  router.AddSchema("Ref", ObjectSchema({{"id", "integer"}, {"name", "string"}}));
  router.AddSchema("GridRef", ObjectSchema({{"id", "integer"}, {"code", "string"}, {"name", "string"},
                                            {"worker_name", "string"}, {"worker_phone", "string"}}));
  {
    json::value detail = ObjectSchema({{"unit", "#Ref"}, {"building", "#Ref"}, {"compound", "#Ref"},
                                       {"grid", "#GridRef"}, {"residents", "[#Resident]"}});
    router.AddSchema("HouseholdDetail",
                     json::object{{"allOf", json::array{TypeSchema("#Household"), std::move(detail)}}});
  }
  router.AddSchema("ResidentTag", ObjectSchema({{"code", "string"}, {"detail", "string"}}, {"code"}));
  router.AddSchema("Resident", ObjectSchema({{"id", "integer"}, {"household_id", "integer"}, {"name", "string"},
                                             {"id_number", "string"}, {"sex", "string"}, {"birth_date", "string"},
                                             {"phone", "string"}, {"relation", "string"}, {"is_owner", "boolean"},
                                             {"tags", "[#ResidentTag]"}, {"note", "string"}, {"address", "string"},
                                             {"unit_id", "integer"}, {"building_id", "integer"},
                                             {"compound_id", "integer"}, {"community_id", "integer"},
                                             {"grid_id", "integer?"}}));
  router.AddSchema("ResidentInput", ObjectSchema({{"household_id", "integer"}, {"name", "string"},
                                                  {"id_number", "string"}, {"sex", "string"}, {"birth_date", "string"},
                                                  {"phone", "string"}, {"relation", "string"}, {"is_owner", "boolean"},
                                                  {"tags", "[#ResidentTag]"}, {"note", "string"}}));
  router.AddSchema("Grid", ObjectSchema({{"id", "integer"}, {"community_id", "integer"}, {"code", "string"},
                                         {"name", "string"}, {"worker_name", "string"}, {"worker_phone", "string"},
                                         {"buildings_count", "integer"}, {"households_count", "integer"},
                                         {"residents_count", "integer"}, {"vulnerable_count", "integer"}}));
  router.AddSchema("GridInput", ObjectSchema({{"community_id", "integer"}, {"code", "string"}, {"name", "string"},
                                              {"worker_name", "string"}, {"worker_phone", "string"}}));
  router.AddSchema("BuildingIds", ObjectSchema({{"building_ids", "[integer]"}}, {"building_ids"}));
  for (std::string_view item : {"Community", "Compound", "Building", "Unit", "Household", "Resident", "Grid"})
    router.AddSchema(std::string(item) + "List", ListSchema(item));
  router.AddSchema("GridItems", ObjectSchema({{"items", "[#Grid]"}}));

  router.AddSchema("GridPlanRequest", ObjectSchema({{"community_id", "integer"}, {"households_per_worker", "integer"},
                                                    {"grid_count", "integer"}},
                                                   {"community_id"}));
  router.AddSchema("PlanBuilding", ObjectSchema({{"id", "integer"}, {"name", "string"}, {"compound_name", "string"},
                                                 {"households", "integer"}}));
  router.AddSchema("PlannedGrid", ObjectSchema({{"code", "string"}, {"name", "string"}, {"building_ids", "[integer]"},
                                                {"buildings", "[#PlanBuilding]"}, {"households", "integer"}}));
  router.AddSchema("GridPlan", ObjectSchema({{"grids", "[#PlannedGrid]"}, {"mean", "number"}, {"max", "integer"},
                                             {"min", "integer"}, {"imbalance", "number"}}));
  router.AddSchema("GridAssignment", ObjectSchema({{"code", "string"}, {"name", "string"}, {"worker_name", "string"},
                                                   {"worker_phone", "string"}, {"building_ids", "[integer]"}},
                                                  {"code", "building_ids"}));
  router.AddSchema("GridPlanApply", ObjectSchema({{"community_id", "integer"}, {"grids", "[#GridAssignment]"}},
                                                 {"community_id", "grids"}));

  router.AddSchema("ImportField", ObjectSchema({{"key", "string"}, {"label_zh", "string"}, {"label_en", "string"},
                                                {"required", "boolean"}}));
  router.AddSchema("ColumnMapping", json::object{{"type", "object"},
                                                 {"additionalProperties", TypeSchema("integer")},
                                                 {"description", "导入字段 key -> 列序号（从 0 开始）"}});
  router.AddSchema("ImportPreview", ObjectSchema({{"id", "string"}, {"filename", "string"}, {"format", "string"},
                                                  {"encoding", "string"}, {"headers", "[string]"},
                                                  {"row_count", "integer"}, {"sample", "[[string]]"},
                                                  {"mapping", "#ColumnMapping"}, {"fields", "[#ImportField]"}}));
  router.AddSchema("ImportCheckRequest", ObjectSchema({{"mapping", "#ColumnMapping"}}));
  router.AddSchema("ImportRowError", ObjectSchema({{"row", "integer"}, {"column", "string"}, {"field", "string"},
                                                   {"reason", "string"}, {"message", "string"}}));
  router.AddSchema("ImportCheck", ObjectSchema({{"valid_rows", "integer"}, {"invalid_rows", "integer"},
                                                {"errors", "[#ImportRowError]"}}));
  router.AddSchema("ImportCommitRequest", ObjectSchema({{"mapping", "#ColumnMapping"}, {"skip_invalid", "boolean"}}));
  router.AddSchema("ImportStats", ObjectSchema({{"compounds_created", "integer"}, {"buildings_created", "integer"},
                                                {"units_created", "integer"}, {"households_created", "integer"},
                                                {"households_updated", "integer"}, {"residents_created", "integer"},
                                                {"residents_updated", "integer"}, {"unchanged_rows", "integer"}}));
  router.AddSchema("ImportOutcome", ObjectSchema({{"stats", "#ImportStats"}, {"imported", "integer"},
                                                  {"skipped", "integer"}}));
  // Accounts, sessions, tokens, reveal and the audit log (docs/api.md "Accounts ...").
  router.AddSchema("LoginRequest", ObjectSchema({{"username", "string"}, {"password", "string"}}, {"username", "password"}));
  router.AddSchema("User", ObjectSchema({{"id", "integer"}, {"username", "string"}, {"display_name", "string"},
                                         {"role", "string"}, {"disabled", "boolean"}, {"community_ids", "[integer]"},
                                         {"grid_ids", "[integer]"}, {"street_code", "string"},
                                         {"compound_ids", "[integer]"}, {"household_id", "integer?"},
                                         {"resident_id", "integer?"},
                                         {"locked_until", "string"}, {"last_login_at", "string"},
                                         {"created_at", "string"}}));
  router.AddSchema("UserInput", ObjectSchema({{"username", "string"}, {"display_name", "string"}, {"role", "string"},
                                              {"password", "string"}, {"disabled", "boolean"}, {"unlock", "boolean"},
                                              {"community_ids", "[integer]"}, {"grid_ids", "[integer]"},
                                              {"street_code", "string"}, {"compound_ids", "[integer]"},
                                              {"household_id", "integer?"}, {"resident_id", "integer?"}}));
  router.AddSchema("UserList", ListSchema("User"));
  router.AddSchema("Me", ObjectSchema({{"user", "#User"}, {"permissions", "[string]"}, {"csrf_token", "string"}}));
  router.AddSchema("PasswordChange", ObjectSchema({{"old_password", "string"}, {"new_password", "string"}},
                                                  {"old_password", "new_password"}));
  router.AddSchema("PasswordReset", ObjectSchema({{"password", "string"}}, {"password"}));
  router.AddSchema("Token", ObjectSchema({{"id", "integer"}, {"name", "string"}, {"role", "string"},
                                          {"community_ids", "[integer]"}, {"revoked", "boolean"},
                                          {"created_at", "string"}, {"created_by", "string"}}));
  router.AddSchema("TokenItems", ObjectSchema({{"items", "[#Token]"}}));
  router.AddSchema("TokenInput", ObjectSchema({{"name", "string"}, {"role", "string"}, {"community_ids", "[integer]"}},
                                              {"name", "role"}));
  router.AddSchema("TokenCreated", json::object{{"allOf", json::array{TypeSchema("#Token"),
                                                                      ObjectSchema({{"token", "string"}})}}});
  router.AddSchema("RevealRequest", ObjectSchema({{"field", "string"}, {"reason", "string"}}, {"field", "reason"}));
  router.AddSchema("Revealed", ObjectSchema({{"field", "string"}, {"value", "string"}}));
  router.AddSchema("AuditEntry", ObjectSchema({{"id", "integer"}, {"at", "string"}, {"actor", "string"},
                                               {"action", "string"}, {"object_type", "string"},
                                               {"object_id", "string"}, {"subject", "string"}, {"field", "string"},
                                               {"reason", "string"}, {"remote_addr", "string"}, {"hash", "string"}}));
  router.AddSchema("AuditList", ListSchema("AuditEntry"));
  router.AddSchema("AuditCheck", ObjectSchema({{"ok", "boolean"}, {"checked", "integer"}, {"first_bad_id", "integer?"}}));
  router.AddSchema("TagInfo", ObjectSchema({{"code", "string"}, {"label_zh", "string"}, {"label_en", "string"},
                                            {"vulnerable", "boolean"}}));
  router.AddSchema("Meta", ObjectSchema({{"version", "string"}, {"tags", "[#TagInfo]"}, {"relations", "[string]"},
                                         {"import_fields", "[#ImportField]"}}));
}

}  // namespace linli::api
