// Registry import: upload -> check (dry run) -> commit, over a short-lived server-side session.
//   POST /api/v1/imports?community_id=&filename=   registry:import  body = the raw .csv/.xlsx -> 201 preview
//   POST /api/v1/imports/{id}/check                registry:import  {mapping} -> row problems (nothing written)
//   POST /api/v1/imports/{id}/commit               registry:import  {mapping, skip_invalid} -> stats
#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <random>

#include "api/resource.h"
#include "service/registry_import.h"

namespace linli::api {

namespace {

using Clock = std::chrono::steady_clock;

// Uploaded files between preview and commit, keyed by a random id. Few and short-lived: at most
// kMaxSessions (the oldest is dropped), each expires kTtl after upload.
// Thread rule: all methods are safe from many threads (one mutex).
class ImportSessions {
 public:
  static constexpr std::size_t kMaxSessions = 4;
  static constexpr std::chrono::minutes kTtl{30};

  struct Session {
    std::string id;
    Id community_id = 0;
    std::string filename;
    std::shared_ptr<const service::ImportPreview> preview;
    Clock::time_point created;
  };

  std::string Add(Id community_id, std::string filename, service::ImportPreview preview) {
    Session s{NewId(), community_id, std::move(filename),
              std::make_shared<const service::ImportPreview>(std::move(preview)), Clock::now()};
    std::lock_guard lock(mu_);
    DropExpired();
    while (sessions_.size() >= kMaxSessions) sessions_.pop_front();
    sessions_.push_back(s);
    return s.id;
  }

  // The session, or kNotFound when unknown or expired.
  Result<Session> Find(const std::string& id) {
    std::lock_guard lock(mu_);
    DropExpired();
    for (const auto& s : sessions_)
      if (s.id == id) return s;
    return Error::NotFound("导入会话不存在或已过期（30 分钟），请重新上传文件");
  }

 private:
  void DropExpired() {
    auto now = Clock::now();
    while (!sessions_.empty() && now - sessions_.front().created > kTtl) sessions_.pop_front();
  }
  std::string NewId() {
    std::lock_guard lock(rng_mu_);
    std::string out;
    char buf[3];
    for (int i = 0; i < 16; ++i) {
      std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(rng_() & 0xFF));
      out += buf;
    }
    return out;
  }

  std::mutex mu_;
  std::deque<Session> sessions_;  // oldest first
  std::mutex rng_mu_;
  std::mt19937_64 rng_{std::random_device{}()};
};

json::object MappingJson(const ColumnMapping& m) {
  json::object out;
  for (const auto& [key, column] : m) out[key] = column;
  return out;
}

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.push_back(json::string(s));
  return out;
}

Response Upload(Store& store, ImportSessions& sessions, const ApiOptions& options, Request& req) {
  auto community_id = RequiredQueryId(req, "community_id");
  if (!community_id.ok()) return http::ErrorResponse(community_id.error());
  std::string filename = req.Query("filename").value_or("");
  auto community = store.GetCommunity(*community_id, ScopeOf(req));
  if (Status s = AsFieldReference(StatusOf(community), "community_id", "社区"); !s.ok())
    return http::ErrorResponse(s.error());

  service::ImportLimits limits;
  limits.max_rows = options.max_import_rows;
  auto preview = service::PreviewImport(req.body, filename, limits);
  if (!preview.ok()) return http::ErrorResponse(preview.error());

  json::array sample;
  for (const auto& row : preview->sample) sample.push_back(Strings(row));
  json::object out{{"filename", filename},
                   {"format", preview->table.format},
                   {"encoding", preview->table.encoding},
                   {"headers", Strings(preview->headers)},
                   {"row_count", preview->row_count},
                   {"sample", std::move(sample)},
                   {"mapping", MappingJson(preview->mapping)},
                   {"fields", ImportFieldsJson()}};
  out["id"] = sessions.Add(*community_id, filename, std::move(preview).value());
  return http::Json(out, 201);
}

// The session and the body's mapping (the suggested one when absent); `skip_invalid` is read
// when not null.
struct Submitted {
  ImportSessions::Session session;
  ColumnMapping mapping;
  bool skip_invalid = false;
};

Result<Submitted> ReadSubmission(ImportSessions& sessions, Request& req, bool commit) {
  auto id_it = req.path_params.find("id");
  std::string id = id_it == req.path_params.end() ? "" : id_it->second;
  LINLI_TRY(http::JsonReader in, http::JsonReader::Parse(req.body.empty() ? std::string_view("{}") : req.body));
  Submitted out;
  auto mapping = ReadMapping(in);
  if (commit) out.skip_invalid = in.Bool("skip_invalid").value_or(false);
  LINLI_TRY_STATUS(in.Finish());
  LINLI_TRY(out.session, sessions.Find(id));
  out.mapping = mapping ? *mapping : out.session.preview->mapping;
  return out;
}

Response Check(ImportSessions& sessions, Request& req) {
  auto sub = ReadSubmission(sessions, req, /*commit=*/false);
  if (!sub.ok()) return http::ErrorResponse(sub.error());
  auto check = service::CheckImport(sub->session.preview->table, sub->mapping, service::TodayLocal());
  if (!check.ok()) return http::ErrorResponse(check.error());
  json::array errors;
  for (const RowError& e : check->errors) errors.push_back(ToJson(e));
  return http::Json(json::object{{"valid_rows", static_cast<std::int64_t>(check->valid.size())},
                                 {"invalid_rows", check->invalid_rows},
                                 {"errors", std::move(errors)}});
}

Response Commit(Store& store, ImportSessions& sessions, Request& req) {
  auto sub = ReadSubmission(sessions, req, /*commit=*/true);
  if (!sub.ok()) return http::ErrorResponse(sub.error());
  // The community must still be visible to this caller.
  if (auto c = store.GetCommunity(sub->session.community_id, ScopeOf(req)); !c.ok())
    return http::ErrorResponse(c.error());
  auto outcome = service::CommitImport(store, sub->session.community_id, sub->session.preview->table, sub->mapping,
                                       sub->skip_invalid, service::TodayLocal());
  if (!outcome.ok()) return http::ErrorResponse(outcome.error());
  const ImportStats& s = outcome->stats;
  json::object stats{{"compounds_created", s.compounds_created},   {"buildings_created", s.buildings_created},
                     {"units_created", s.units_created},           {"households_created", s.households_created},
                     {"households_updated", s.households_updated}, {"residents_created", s.residents_created},
                     {"residents_updated", s.residents_updated},   {"unchanged_rows", s.unchanged_rows}};
  return http::Json(json::object{{"stats", std::move(stats)}, {"imported", outcome->imported}, {"skipped", outcome->skipped}});
}

}  // namespace

void RegisterImportRoutes(http::Router& router, Store& store, const ApiOptions& options) {
  auto sessions = std::make_shared<ImportSessions>();
  router.Add({.method = "POST", .pattern = "/api/v1/imports", .permission = "registry:import",
              .summary = "上传户籍名册（请求体为 .xlsx 或 .csv 原始文件），返回预览与建议的列对应",
              .tag = "imports",
              .query_params = {{"community_id", "integer", true, "导入到的社区编号"},
                               {"filename", "string", false, "原文件名（用于判断格式，导出时显示）"}},
              .response_schema = "ImportPreview", .max_body = options.max_upload_body,
              .handler = [&store, sessions, options](Request& req) { return Upload(store, *sessions, options, req); }});
  router.Add({.method = "POST", .pattern = "/api/v1/imports/{id}/check", .permission = "registry:import",
              .summary = "按列对应检查每一行（不写入）", .tag = "imports", .request_schema = "ImportCheckRequest",
              .response_schema = "ImportCheck", .success_status = 200, .handler = [sessions](Request& req) { return Check(*sessions, req); }});
  router.Add({.method = "POST", .pattern = "/api/v1/imports/{id}/commit", .permission = "registry:import",
              .summary = "导入（一个事务；有不合格行且未选择跳过时不写入任何数据）", .tag = "imports",
              .request_schema = "ImportCommitRequest", .response_schema = "ImportOutcome",
              .success_status = 200, .handler = [&store, sessions](Request& req) { return Commit(store, *sessions, req); }});
}

}  // namespace linli::api
