// Stub while the implementation lands (see sql_deliberations.h).
#include "store/sql_deliberations.h"

namespace linli::store {

Result<DeliberationRecord> SqlDeliberations::CreateDeliberation(const Deliberation& d, const std::vector<Id>& demand_ids, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationRecord> SqlDeliberations::GetDeliberation(Id id, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<Page<DeliberationSummary>> SqlDeliberations::ListDeliberations(const DeliberationFilter& f, const Scope& scope, PageRequest page) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationRecord> SqlDeliberations::UpdateDeliberation(Id id, const DeliberationPatch& patch, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<Opinion> SqlDeliberations::AddOpinion(Id deliberation_id, const Opinion& o, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationRecord> SqlDeliberations::SetThemes(Id deliberation_id, const std::vector<std::pair<Id, std::string>>& assignments, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<ResearchNote> SqlDeliberations::AddResearch(Id deliberation_id, const ResearchNote& n, const std::vector<DeliberationFile>& files, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationOption> SqlDeliberations::AddOption(Id deliberation_id, const DeliberationOption& o, const std::vector<DeliberationFile>& files, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationOption> SqlDeliberations::UpdateOption(Id deliberation_id, const DeliberationOption& o, const std::vector<DeliberationFile>& files, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Status SqlDeliberations::DeleteOption(Id deliberation_id, Id option_id, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<Meeting> SqlDeliberations::AddMeeting(Id deliberation_id, const Meeting& m, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationTask> SqlDeliberations::AddTask(Id deliberation_id, const DeliberationTask& t, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationTask> SqlDeliberations::AddTaskUpdate(Id deliberation_id, Id task_id, const TaskUpdate& u, const std::string& status, const std::vector<DeliberationFile>& files, const std::string& now, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

Result<DeliberationRecord> SqlDeliberations::ChangeStep(Id deliberation_id, const StepRequest& request, const DeliberationLinks& links, const Scope& scope) {
  return Error::Internal("议事协商存储尚未实现");
}

}  // namespace linli::store
