// The assembled application: the real route table over an in-memory store, served on a free port,
// and the demo command writing a small community to a temporary SQLite file.
#include <unistd.h>

#include <filesystem>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "app/wiring.h"
#include "cli/commands.h"
#include "http/server.h"
#include "raw_client.h"

namespace linli {
namespace {

namespace fs = std::filesystem;

std::string Get(std::uint16_t port, const std::string& target) {
  return http::testing::Exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10);
}

std::string Body(const std::string& raw) { return http::testing::BodyOf(raw); }

TEST(AppTest, ServesTheFullRouteTable) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store.ok()) << store.error().message;
  http::Router router;
  app::BuildRouter(router, **store, app::Config{});
  http::Server server(router, http::ServerOptions{.port = 0, .threads = 2});
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(Body(Get(server.port(), "/healthz")), R"({"status":"ok"})");
  auto doc = boost::json::parse(Body(Get(server.port(), "/api/v1/openapi.json")));
  const auto& paths = doc.at("paths").as_object();
  for (const auto& r : router.routes()) {
    EXPECT_FALSE(r.permission.empty());
    ASSERT_TRUE(paths.contains(r.pattern)) << r.pattern;
  }
  for (const char* p : {"/api/v1/communities", "/api/v1/households", "/api/v1/grids", "/api/v1/meta"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  // The authorizer is installed: without a session the API and the metrics answer 401.
  auto list = boost::json::parse(Body(Get(server.port(), "/api/v1/communities")));
  EXPECT_EQ(list.at("error").at("code").as_string(), "unauthenticated");
  EXPECT_NE(Get(server.port(), "/metrics").find(" 401 "), std::string::npos);
  server.Stop();
}

TEST(AppTest, DemoCommandStoresACommunityOnce) {
  fs::path dir = fs::temp_directory_path() / ("linli_app_test_" + std::to_string(::getpid()));
  std::string url = "sqlite:" + (dir / "data" / "linli.db").string();  // the data dir is created
  cli::DemoArgs args;
  args.flags.store_url = url;
  args.households = 300;
  ASSERT_EQ(cli::RunDemo(args), 0);
  args.if_empty = true;
  ASSERT_EQ(cli::RunDemo(args), 0);  // nothing added the second time
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok());
  auto communities = (*store)->ListCommunities(Scope::All(), PageRequest{});
  ASSERT_TRUE(communities.ok());
  ASSERT_EQ(communities->total, 1);
  const auto& c = communities->items[0];
  EXPECT_GE(c.households, 250);
  EXPECT_GT(c.residents, c.households);
  EXPECT_GT(c.grids, 0);
  auto grids = (*store)->ListGrids(c.community.id, Scope::All());
  ASSERT_TRUE(grids.ok());
  std::int64_t in_grids = 0;
  for (const auto& g : *grids) {
    EXPECT_FALSE(g.grid.worker_name.empty());
    in_grids += g.households;
  }
  EXPECT_EQ(in_grids, c.households);  // every household is in a grid
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace linli
