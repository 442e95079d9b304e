// The accounts issue's budget: login time (Argon2id) and the cost of the session and scope
// checks — household detail through the full router with them, and the same router with an
// authorizer that lets everything through, in the same run. In-process (no sockets), so the
// difference is the checks alone. ScopeFilterOnly gives the store the head's restricted scope
// without resolving a session: the scope filter's share. `linli serve` resolves sessions through
// the principal cache (api/session.h, 5 s), and so does this benchmark (app::BuildRouter);
// UncachedSessionChecks is the same with the cache off (every request reads the store).
//   linli_auth_bench [--benchmark_...]
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "access/password.h"
#include "app/config.h"
#include "api/routes.h"
#include "app/wiring.h"
#include "domain/demo.h"
#include "http/router.h"
#include "store/store.h"

namespace {

constexpr const char* kPassword = "Bench@2026";

struct Fixture {
  std::string path;
  std::unique_ptr<linli::Store> store;
  linli::http::Router with_checks, without_checks, scope_only, uncached;
  std::string cookie;
  linli::Id household = 0;
};
Fixture* fx = nullptr;

linli::http::Request Get(const std::string& path, const std::string& cookie) {
  linli::http::Request req;
  req.method = "GET";
  req.path = req.target = path;
  req.remote_addr = "127.0.0.1";
  if (!cookie.empty()) req.headers.emplace_back("Cookie", cookie);
  return req;
}

linli::http::Request Login(const std::string& remote) {
  linli::http::Request req;
  req.method = "POST";
  req.path = req.target = "/api/v1/auth/login";
  req.remote_addr = remote;
  req.headers.emplace_back("Content-Type", "application/json");
  req.body = std::string(R"({"username":"head","password":")") + kPassword + "\"}";
  return req;
}

bool SetUp() {
  if (!linli::InitCrypto().ok()) return false;
  fx = new Fixture;
  fx->path = (std::filesystem::temp_directory_path() / ("linli-auth-bench-" + std::to_string(::getpid()) + ".db")).string();
  auto store = linli::OpenStore("sqlite:" + fx->path);
  if (!store.ok()) return std::fprintf(stderr, "store: %s\n", store.error().message.c_str()), false;
  fx->store = std::move(store).value();
  linli::DemoCommunity demo = linli::GenerateDemo({});
  auto community = fx->store->CreateCommunity(demo.community);
  if (!community.ok()) return false;
  if (!fx->store->ImportRegistry(community->id, demo.rows).ok()) return false;
  linli::User head;
  head.username = "head";
  head.display_name = "社区书记";
  head.role = "community_head";
  head.password_hash = *linli::HashPassword(kPassword);
  head.community_ids = {community->id};
  if (!fx->store->CreateUser(head).ok()) return false;
  auto page = fx->store->ListHouseholds({.community_id = community->id}, {0, 1});
  fx->household = page->items.at(0).household.id;

  linli::app::Config config;
  linli::app::BuildRouter(fx->with_checks, *fx->store, config);
  linli::app::BuildRouter(fx->without_checks, *fx->store, config);
  linli::app::BuildRouter(fx->scope_only, *fx->store, config);
  // The checks as they were before the principal cache: every request asks the store.
  linli::api::ApiOptions uncached;
  uncached.auth.principal_cache_seconds = 0;
  linli::api::RegisterApiRoutes(fx->uncached, *fx->store, uncached);
  fx->without_checks.set_authorizer([](const linli::http::Route&, linli::http::Request& req) {
    req.ctx.principal.role = "community_head";
    req.ctx.principal.scope = linli::Scope::All();
    req.ctx.principal.authenticated = true;
    return linli::Ok();
  });
  // The same restricted scope the head's session yields, without resolving a session: what the
  // scope filter costs in the store, apart from the session lookup.
  fx->scope_only.set_authorizer([id = community->id](const linli::http::Route&, linli::http::Request& req) {
    req.ctx.principal.role = "community_head";
    req.ctx.principal.scope.unrestricted = false;
    req.ctx.principal.scope.community_ids = {id};
    req.ctx.principal.authenticated = true;
    return linli::Ok();
  });
  auto login = Login("127.0.0.1");
  linli::http::Response r = fx->with_checks.Dispatch(login);
  for (const auto& [k, v] : r.headers)
    if (k == "Set-Cookie" && v.rfind("linli_session=", 0) == 0) fx->cookie = v.substr(0, v.find(';'));
  if (r.status != 200 || fx->cookie.empty())
    return std::fprintf(stderr, "login failed: %d %s\n", r.status, r.body.c_str()), false;
  return true;
}

void BM_LoginArgon2id(benchmark::State& state) {
  std::int64_t i = 0;
  for (auto _ : state) {
    auto req = Login("10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));  // one per address: no rate limit
    ++i;
    auto r = fx->with_checks.Dispatch(req);
    if (r.status != 200) state.SkipWithError("login failed");
  }
}
BENCHMARK(BM_LoginArgon2id)->Unit(benchmark::kMillisecond)->Iterations(20);

void Detail(benchmark::State& state, linli::http::Router& router, const std::string& cookie) {
  const std::string path = "/api/v1/households/" + std::to_string(fx->household);
  for (auto _ : state) {
    auto req = Get(path, cookie);
    auto r = router.Dispatch(req);
    if (r.status != 200) state.SkipWithError(("detail failed: " + r.body).c_str());
    benchmark::DoNotOptimize(r.body.data());
  }
}
void BM_HouseholdDetail_WithSessionAndScopeChecks(benchmark::State& state) { Detail(state, fx->with_checks, fx->cookie); }
void BM_HouseholdDetail_WithoutChecks(benchmark::State& state) { Detail(state, fx->without_checks, ""); }
void BM_HouseholdDetail_ScopeFilterOnly(benchmark::State& state) { Detail(state, fx->scope_only, ""); }
// Not "WithSessionAndScopeChecks…": bench/run.sh finds that one by prefix.
void BM_HouseholdDetail_UncachedSessionChecks(benchmark::State& state) { Detail(state, fx->uncached, fx->cookie); }
BENCHMARK(BM_HouseholdDetail_WithoutChecks)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_HouseholdDetail_ScopeFilterOnly)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_HouseholdDetail_WithSessionAndScopeChecks)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_HouseholdDetail_UncachedSessionChecks)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!SetUp()) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fx->store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(fx->path + suffix);
  return 0;
}
