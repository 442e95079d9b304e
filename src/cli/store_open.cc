#include "cli/store_open.h"

#include "cli/output.h"

namespace linli::cli {

std::unique_ptr<Store> OpenConfiguredStore(const app::ConfigFlags& flags, std::string* url_out) {
  auto cfg = app::LoadConfig(flags, app::ProcessEnv());
  if (!cfg.ok()) {
    Fail("配置", cfg.error());
    return nullptr;
  }
  if (url_out != nullptr) *url_out = cfg->store_url;
  if (auto s = app::PrepareStoreUrl(cfg->store_url); !s.ok()) {
    Fail("数据库", s.error());
    return nullptr;
  }
  auto store = OpenStore(cfg->store_url, StoreOptions{cfg->key_file});
  if (!store.ok()) {
    Fail("打开数据库 " + cfg->store_url, store.error());
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace linli::cli
