#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/wiring.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "http/log.h"
#include "http/server.h"

namespace linli::cli {

int RunServe(const app::ConfigFlags& flags) {
  auto cfg = app::LoadConfig(flags, app::ProcessEnv());
  if (!cfg.ok()) return Fail("配置", cfg.error());
  if (auto s = http::InitLogging(cfg->log_level); !s.ok()) return Fail("日志", s.error());
  if (auto s = app::PrepareStoreUrl(cfg->store_url); !s.ok()) return Fail("数据库", s.error());
  auto store = OpenStore(cfg->store_url, StoreOptions{cfg->key_file});
  if (!store.ok()) return Fail("打开数据库 " + cfg->store_url, store.error());

  http::Router router;
  app::BuildRouter(router, **store, *cfg);

  // Block the stop signals in every thread (the workers inherit the mask); main waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  http::Server server(router, http::ServerOptions{.host = cfg->host,
                                                  .port = cfg->port,
                                                  .threads = cfg->threads,
                                                  .web_root = cfg->web_root,
                                                  .max_json_body = cfg->max_json_body,
                                                  .max_upload_body = cfg->max_upload_body,
                                                  .tls_cert_file = cfg->tls_cert,
                                                  .tls_key_file = cfg->tls_key});
  if (auto s = server.Start(); !s.ok()) return Fail("启动服务", s.error());
  spdlog::info("linli {} listening on {}://{}:{} (store {}, web_root {}, {} threads{})", app::Version(), cfg->tls ? "https" : "http",
               cfg->host.find(':') != std::string::npos ? "[" + cfg->host + "]" : cfg->host, server.port(),
               cfg->store_url, cfg->web_root, cfg->threads,
               cfg->source_file.empty() ? "" : ", config " + cfg->source_file);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("signal {}: stopping", sig);
  server.Stop();
  spdlog::shutdown();
  return 0;
}

}  // namespace linli::cli
