#include "api/demand_json.h"

#include "api/openapi_schema.h"

#include "access/masking.h"

namespace linli::api {

namespace {

json::value OptId(const std::optional<Id>& id) { return id ? json::value(*id) : json::value(nullptr); }
json::value OptBool(const std::optional<bool>& b) { return b ? json::value(*b) : json::value(nullptr); }

}  // namespace

json::object DemandToJson(const Demand& d, std::string_view now, const DemandExtras& extras, const ViewPolicy& view) {
  json::object o{{"id", d.id},
                 {"number", d.number},
                 {"channel", d.channel},
                 {"external_number", d.external_number},
                 {"nature", d.nature},
                 {"category_code", d.category_code},
                 {"category_name", extras.category_name},
                 {"urgency", d.urgency},
                 {"description", d.description},
                 {"address_text", d.address_text},
                 {"community_id", d.community_id},
                 {"household_id", OptId(d.household_id)},
                 {"building_id", OptId(d.building_id)},
                 {"grid_id", OptId(d.grid_id)},
                 {"grid_name", extras.grid_name},
                 {"household_address", extras.household_address},
                 {"address_resolved", d.address_resolved},
                 {"reporter_name", d.reporter_name},
                 {"reporter_phone", MaskPhone(d.reporter_phone)},
                 {"reporter_resident_id", OptId(d.reporter_resident_id)},
                 {"reporter_user_id", OptId(d.reporter_user_id)},
                 {"status", d.status},
                 {"assignee_kind", d.assignee_kind},
                 {"assignee_user_id", OptId(d.assignee_user_id)},
                 {"assignee_name", d.assignee_name},
                 {"first_receiver_user_id", OptId(d.first_receiver_user_id)},
                 {"parent_id", OptId(d.parent_id)},
                 {"children_count", d.children},
                 {"reply", d.reply},
                 {"solved", OptBool(d.solved)},
                 {"satisfaction", d.satisfaction},
                 {"callback_comment", d.callback_comment},
                 {"extensions", d.extensions},
                 {"reopened", d.reopened},
                 {"created_at", d.created_at},
                 {"dispatched_at", d.dispatched_at},
                 {"signed_at", d.signed_at},
                 {"contacted_at", d.contacted_at},
                 {"replied_at", d.replied_at},
                 {"callback_at", d.callback_at},
                 {"closed_at", d.closed_at},
                 {"respond_due_at", d.respond_due_at},
                 {"due_at", d.due_at},
                 {"updated_at", d.updated_at},
                 {"created_by", d.created_by}};
  (void)view;  // reporter_phone is masked for every role; names are shown to whoever may read the demand
  bool open = d.status != "closed" && d.status != "merged";
  bool overdue = false;
  if (open && !d.due_at.empty() && !now.empty()) {
    auto left = SecondsUntil(now, d.due_at);
    if (left.ok()) {
      // The reply stops the clock: a replied demand is not overdue any more unless it was late.
      if (d.replied_at.empty()) {
        o["seconds_left"] = *left;
        overdue = *left < 0;
      } else {
        overdue = d.replied_at > d.due_at;
      }
    }
  } else if (!open && !d.replied_at.empty() && !d.due_at.empty()) {
    overdue = d.replied_at > d.due_at;
  }
  o["overdue"] = overdue;
  return o;
}

json::object DemandEventToJson(const DemandEvent& e) {
  return {{"id", e.id},
          {"demand_id", e.demand_id},
          {"action", e.action},
          {"from_status", e.from_status},
          {"to_status", e.to_status},
          {"actor", e.actor},
          {"note", e.note},
          {"at", e.at}};
}

json::object DemandAttachmentToJson(const DemandAttachment& a) {
  return {{"id", a.id},           {"demand_id", OptId(a.demand_id)}, {"sha256", a.sha256},
          {"mime", a.mime},       {"size", a.size},                  {"original_name", a.original_name},
          {"created_at", a.created_at}, {"url", "/api/v1/demands/attachments/" + std::to_string(a.id)}};
}

json::object DemandCategoryToJson(const DemandCategory& c) {
  return {{"code", c.code},
          {"parent_code", c.parent_code},
          {"name_zh", c.name_zh},
          {"name_en", c.name_en},
          {"respond_hours", c.respond_hours},
          {"resolve_hours", c.resolve_hours}};
}

std::map<std::string, std::string, std::less<>> CategoryNames(const std::vector<DemandCategory>& tree) {
  std::map<std::string, std::string, std::less<>> names;
  for (const auto& c : tree) names[c.code] = c.name_zh;
  return names;
}

void RegisterDemandSchemas(http::Router& router) {
  router.AddSchema("Demand", Schema({{"id", "integer"},
                                     {"number", "string"},
                                     {"channel", "string"},
                                     {"external_number", "string"},
                                     {"nature", "string"},
                                     {"category_code", "string"},
                                     {"category_name", "string"},
                                     {"urgency", "string"},
                                     {"description", "string"},
                                     {"address_text", "string"},
                                     {"community_id", "integer"},
                                     {"household_id", "integer"},
                                     {"building_id", "integer"},
                                     {"grid_id", "integer"},
                                     {"grid_name", "string"},
                                     {"household_address", "string"},
                                     {"address_resolved", "boolean"},
                                     {"reporter_name", "string"},
                                     {"reporter_phone", "string"},
                                     {"status", "string"},
                                     {"assignee_kind", "string"},
                                     {"assignee_user_id", "integer"},
                                     {"assignee_name", "string"},
                                     {"parent_id", "integer"},
                                     {"children_count", "integer"},
                                     {"reply", "string"},
                                     {"solved", "boolean"},
                                     {"satisfaction", "string"},
                                     {"created_at", "string"},
                                     {"respond_due_at", "string"},
                                     {"due_at", "string"},
                                     {"seconds_left", "integer"},
                                     {"overdue", "boolean"}}));
  router.AddSchema("DemandList", Schema({{"items", "[#Demand]"}, {"total", "integer"}, {"offset", "integer"},
                                         {"limit", "integer"}}));
  router.AddSchema("DemandEvent", Schema({{"id", "integer"}, {"action", "string"}, {"from_status", "string"},
                                          {"to_status", "string"}, {"actor", "string"}, {"note", "string"},
                                          {"at", "string"}}));
  router.AddSchema("DemandAttachment", Schema({{"id", "integer"}, {"sha256", "string"}, {"mime", "string"},
                                               {"size", "integer"}, {"url", "string"}}));
  router.AddSchema("DemandDetail", Schema({{"demand", "#Demand"},
                                           {"events", "[#DemandEvent]"},
                                           {"attachments", "[#DemandAttachment]"},
                                           {"children", "[#Demand]"},
                                           {"parent", "#Demand"}}));
  router.AddSchema("DemandInput", Schema({{"channel", "string"},
                                          {"external_number", "string"},
                                          {"nature", "string"},
                                          {"category_code", "string"},
                                          {"urgency", "string"},
                                          {"description", "string"},
                                          {"address_text", "string"},
                                          {"household_id", "integer"},
                                          {"community_id", "integer"},
                                          {"reporter_name", "string"},
                                          {"reporter_phone", "string"},
                                          {"reporter_resident_id", "integer"},
                                          {"attachment_ids", "[integer]"},
                                          {"parent_id", "integer"}}));
  router.AddSchema("DemandCreated", Schema({{"demand", "#Demand"}, {"duplicates", "[#DemandCandidate]"}}));
  router.AddSchema("DemandCandidate", Schema({{"id", "integer"}, {"number", "string"}, {"description", "string"},
                                              {"status", "string"}, {"score", "number"}}));
  router.AddSchema("DemandActionInput", Schema({{"action", "string"},
                                                {"note", "string"},
                                                {"assignee_user_id", "integer"},
                                                {"assignee_kind", "string"},
                                                {"parent_id", "integer"},
                                                {"new_due_at", "string"},
                                                {"solved", "boolean"},
                                                {"satisfaction", "string"}}));
  router.AddSchema("DemandCategory", Schema({{"code", "string"}, {"parent_code", "string"}, {"name_zh", "string"},
                                             {"name_en", "string"}, {"respond_hours", "integer"},
                                             {"resolve_hours", "integer"}}));
}

}  // namespace linli::api
