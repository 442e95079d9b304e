// src/app/config: precedence flags > env > file > defaults, validation, the non-loopback warning.
#include "app/config.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

namespace linli::app {
namespace {

namespace fs = std::filesystem;

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("linli_config_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    auto p = dir_ / "linli.toml";
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(ConfigTest, Defaults) {
  auto cfg = LoadConfig({}, Env({}));
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->host, "127.0.0.1");
  EXPECT_EQ(cfg->port, 8080);
  EXPECT_EQ(cfg->store_url, "sqlite:data/linli.db");
  EXPECT_EQ(cfg->web_root, "web/dist");
  EXPECT_EQ(cfg->max_json_body, 1u << 20);
  EXPECT_EQ(cfg->max_upload_body, 20u << 20);
  EXPECT_EQ(cfg->attachments_dir, "data/attachments");
}

TEST_F(ConfigTest, AttachmentsFollowTheSqliteFileUnlessGiven) {
  ConfigFlags flags;
  flags.store_url = "sqlite:/tmp/e2e-1/linli.db";
  auto cfg = LoadConfig(flags, Env({}));
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->attachments_dir, "/tmp/e2e-1/attachments");
  EXPECT_EQ(DefaultAttachmentsDir("sqlite:linli.db"), "attachments");
  EXPECT_EQ(DefaultAttachmentsDir("sqlite:///srv/linli/x.db"), "/srv/linli/attachments");
  EXPECT_EQ(DefaultAttachmentsDir("sqlite::memory:"), "data/attachments");
  EXPECT_EQ(DefaultAttachmentsDir("postgresql://u@127.0.0.1:5432/db"), "data/attachments");
  auto given = LoadConfig(flags, Env({{"LINLI_ATTACHMENTS_DIR", "/var/lib/linli/files"}}));
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(given->attachments_dir, "/var/lib/linli/files");
}

TEST_F(ConfigTest, FlagsBeatEnvBeatFile) {
  ConfigFlags flags;
  flags.config_file = Write(R"(
[server]
listen = "127.0.0.1:9001"
threads = 3
web_root = "/file/www"
max_json_body = 2048
[store]
url = "sqlite:/file.db"
[log]
level = "warn"
)");
  auto cfg = LoadConfig(flags, Env({}));
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->port, 9001);
  EXPECT_EQ(cfg->threads, 3);
  EXPECT_EQ(cfg->web_root, "/file/www");
  EXPECT_EQ(cfg->max_json_body, 2048u);
  EXPECT_EQ(cfg->store_url, "sqlite:/file.db");
  EXPECT_EQ(cfg->log_level, "warn");

  auto env = Env({{"LINLI_LISTEN", "127.0.0.1:9002"}, {"LINLI_STORE_URL", "sqlite:/env.db"}, {"LINLI_THREADS", "4"},
                  {"LINLI_MAX_UPLOAD_BODY", "4096"}});
  cfg = LoadConfig(flags, env);
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->port, 9002);
  EXPECT_EQ(cfg->store_url, "sqlite:/env.db");
  EXPECT_EQ(cfg->threads, 4);
  EXPECT_EQ(cfg->max_upload_body, 4096u);
  EXPECT_EQ(cfg->web_root, "/file/www");  // not overridden

  flags.listen = "[::1]:9003";
  flags.store_url = "sqlite::memory:";
  flags.threads = 1;
  cfg = LoadConfig(flags, env);
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->host, "::1");
  EXPECT_EQ(cfg->port, 9003);
  EXPECT_EQ(cfg->store_url, "sqlite::memory:");
  EXPECT_EQ(cfg->threads, 1);
}

TEST_F(ConfigTest, NonLoopbackIsAllowedWithAWarning) {
  for (const char* listen : {"0.0.0.0:8080", "192.168.1.2:80", "[::]:8080"}) {
    ConfigFlags flags;
    flags.listen = listen;
    auto cfg = LoadConfig(flags, Env({}));
    ASSERT_TRUE(cfg.ok()) << listen;
    EXPECT_FALSE(ListenWarning(*cfg).empty()) << listen;
  }
  ConfigFlags ok;
  ok.listen = "localhost:0";
  auto cfg = LoadConfig(ok, Env({}));
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->host, "127.0.0.1");
  EXPECT_EQ(cfg->port, 0);
  EXPECT_TRUE(ListenWarning(*cfg).empty());
}

TEST_F(ConfigTest, SessionTimeouts) {
  auto cfg = LoadConfig({}, Env({}));
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->session_idle_minutes, 30);
  EXPECT_EQ(cfg->session_max_hours, 12);
  auto env = LoadConfig({}, Env({{"LINLI_SESSION_IDLE_MINUTES", "10"}, {"LINLI_SESSION_MAX_HOURS", "8"}}));
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->session_idle_minutes, 10);
  EXPECT_EQ(env->session_max_hours, 8);
  auto bad = LoadConfig({}, Env({{"LINLI_SESSION_IDLE_MINUTES", "0"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "session_idle_minutes");
}

TEST_F(ConfigTest, RejectsBadValues) {
  struct Case {
    ConfigFlags flags;
    std::map<std::string, std::string> env;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({{.listen = "8080"}, {}, "listen"});
  cases.push_back({{.listen = "127.0.0.1:99999"}, {}, "listen"});
  cases.push_back({{.listen = "nohost:1"}, {}, "listen"});
  cases.push_back({{.log_level = "loud"}, {}, "log_level"});
  cases.push_back({{.threads = 0}, {}, "threads"});
  cases.push_back({{}, {{"LINLI_THREADS", "two"}}, "threads"});
  cases.push_back({{}, {{"LINLI_MAX_JSON_BODY", "-1"}}, "max_json_body"});
  cases.push_back({{.max_upload_body = 0}, {}, "max_upload_body"});
  cases.push_back({{.config_file = "/nonexistent/linli.toml"}, {}, "config"});
  for (const auto& c : cases) {
    auto cfg = LoadConfig(c.flags, Env(c.env));
    ASSERT_FALSE(cfg.ok()) << c.field;
    EXPECT_EQ(cfg.error().field, c.field);
  }
}

TEST_F(ConfigTest, StrictToml) {
  ConfigFlags flags;
  flags.config_file = Write("[server]\nlisten = 8080\n");
  auto cfg = LoadConfig(flags, Env({}));
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().field, "server.listen");
  EXPECT_EQ(cfg.error().details.at(0).reason, "type");
  flags.config_file = Write("[server]\nlisten_on = \"127.0.0.1:1\"\n");
  cfg = LoadConfig(flags, Env({}));
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().field, "server.listen_on");
  EXPECT_EQ(cfg.error().details.at(0).reason, "unknown_field");
  flags.config_file = Write("[server\n");
  cfg = LoadConfig(flags, Env({}));
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().details.at(0).reason, "toml_syntax");
}

TEST_F(ConfigTest, PrepareStoreUrlCreatesTheDataDirectory) {
  auto db = dir_ / "nested" / "data" / "linli.db";
  ASSERT_TRUE(PrepareStoreUrl("sqlite:" + db.string()).ok());
  EXPECT_TRUE(fs::is_directory(db.parent_path()));
  EXPECT_TRUE(PrepareStoreUrl("sqlite::memory:").ok());
  EXPECT_TRUE(PrepareStoreUrl("postgresql://u@127.0.0.1/db").ok());
}

}  // namespace
}  // namespace linli::app
