#include "app/config.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <toml++/toml.h>

namespace linli::app {
namespace {

Error Bad(std::string field, std::string reason, std::string message) {
  return Error::Invalid(std::move(field), std::move(reason), std::move(message));
}

template <class T>
std::optional<T> ParseNumber(std::string_view s) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Overrides `cfg` with whatever the TOML file sets.
Status ApplyToml(const std::string& path, Config& cfg, std::optional<std::string>& listen) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Bad("config", "toml_syntax",
               "配置文件 " + path + " 格式错误: " + std::string(e.description()) + " (line " +
                   std::to_string(e.source().begin.line) + ")");
  }
  static const std::set<std::string, std::less<>> kKnown = {
      "store.key_file",
      "server.listen", "server.threads", "server.web_root", "server.max_json_body", "server.max_upload_body",
      "store.url",     "log.level",      "session.idle_minutes", "session.max_hours",
      "server.tls_cert", "server.tls_key",
      "store.attachments_dir", "bench.noop_route"};
  for (const auto& [section, node] : root) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      return Bad(std::string(section.str()), "unknown_field", "配置文件中未知的设置 " + std::string(section.str()));
    }
    for (const auto& [key, value] : *table) {
      std::string name = std::string(section.str()) + "." + std::string(key.str());
      if (!kKnown.contains(name)) return Bad(name, "unknown_field", "配置文件中未知的设置 " + name);
    }
  }
  auto str = [&](std::string_view key, std::string& out) -> Status {
    auto node = root.at_path(key);
    if (!node) return Ok();
    if (!node.is_string()) return Bad(std::string(key), "type", "设置 " + std::string(key) + " 应为字符串");
    out = node.as_string()->get();
    return Ok();
  };
  auto num = [&](std::string_view key, auto& out) -> Status {
    auto node = root.at_path(key);
    if (!node) return Ok();
    if (!node.is_integer() || node.as_integer()->get() < 0) {
      return Bad(std::string(key), "type", "设置 " + std::string(key) + " 应为非负整数");
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(node.as_integer()->get());
    return Ok();
  };
  std::string listen_text;
  LINLI_TRY_STATUS(str("server.listen", listen_text));
  if (!listen_text.empty()) listen = listen_text;
  LINLI_TRY_STATUS(num("server.threads", cfg.threads));
  LINLI_TRY_STATUS(str("server.web_root", cfg.web_root));
  LINLI_TRY_STATUS(num("server.max_json_body", cfg.max_json_body));
  LINLI_TRY_STATUS(num("server.max_upload_body", cfg.max_upload_body));
  LINLI_TRY_STATUS(str("store.url", cfg.store_url));
  LINLI_TRY_STATUS(str("store.key_file", cfg.key_file));
  LINLI_TRY_STATUS(str("log.level", cfg.log_level));
  LINLI_TRY_STATUS(num("session.idle_minutes", cfg.session_idle_minutes));
  LINLI_TRY_STATUS(num("session.max_hours", cfg.session_max_hours));
  LINLI_TRY_STATUS(str("server.tls_cert", cfg.tls_cert));
  LINLI_TRY_STATUS(str("server.tls_key", cfg.tls_key));
  LINLI_TRY_STATUS(str("store.attachments_dir", cfg.attachments_dir));
  if (auto node = root.at_path("bench.noop_route")) {
    if (!node.is_boolean()) return Bad("bench.noop_route", "type", "设置 bench.noop_route 应为 true 或 false");
    cfg.bench_noop_route = node.as_boolean()->get();
  }
  cfg.source_file = path;
  return Ok();
}

// HTTPS files: both or neither, each an existing readable file.
Status CheckTls(Config& cfg) {
  if (cfg.tls_cert.empty() && cfg.tls_key.empty()) return Ok();
  if (cfg.tls_cert.empty()) return Bad("tls_cert", "required", "配置了 TLS 私钥 (tls_key)，还需要证书 (tls_cert)");
  if (cfg.tls_key.empty()) return Bad("tls_key", "required", "配置了 TLS 证书 (tls_cert)，还需要私钥 (tls_key)");
  auto readable = [](const char* field, const std::string& path, const char* what) -> Status {
    std::error_code ec;
    std::ifstream in(path);
    if (!std::filesystem::is_regular_file(path, ec) || !in || in.peek() == std::ifstream::traits_type::eof())
      return Bad(field, "unreadable", std::string("无法读取 TLS ") + what + "文件 " + path + "（不存在、不可读或为空）");
    return Ok();
  };
  LINLI_TRY_STATUS(readable("tls_cert", cfg.tls_cert, "证书"));
  LINLI_TRY_STATUS(readable("tls_key", cfg.tls_key, "私钥"));
  cfg.tls = true;
  return Ok();
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

bool IsLoopback(std::string_view host) {
  std::string h(host);
  in_addr v4{};
  if (::inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, h.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Status ParseListen(std::string_view text, std::string& host, std::uint16_t& port) {
  auto bad = [&] {
    return Bad("listen", "listen_format", "监听地址应为 主机:端口，例如 127.0.0.1:8080（收到 \"" + std::string(text) + "\"）");
  };
  std::string_view h, p;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string_view::npos) return bad();
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return bad();
    h = text.substr(0, colon);
    p = text.substr(colon + 1);
  }
  auto n = ParseNumber<unsigned>(p);
  if (h.empty() || !n || *n > 65535) return bad();
  host = h == "localhost" ? std::string("127.0.0.1") : std::string(h);
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) != 1 && ::inet_pton(AF_INET6, host.c_str(), &v6) != 1) return bad();
  port = static_cast<std::uint16_t>(*n);
  return Ok();
}

std::string DefaultAttachmentsDir(const std::string& store_url) {
  std::string path;
  if (store_url.rfind("sqlite:", 0) == 0 && store_url != "sqlite::memory:") {
    path = store_url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite:///abs/path
  }
  if (path.empty()) return "data/attachments";
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return (parent.empty() ? std::filesystem::path("attachments") : parent / "attachments").string();
}

Result<Config> LoadConfig(const ConfigFlags& flags, const EnvLookup& env) {
  Config cfg;
  std::optional<std::string> listen;
  // 1. file
  if (flags.config_file) {
    if (!std::filesystem::exists(*flags.config_file)) {
      return Bad("config", "not_found", "找不到配置文件 " + *flags.config_file);
    }
    LINLI_TRY_STATUS(ApplyToml(*flags.config_file, cfg, listen));
  } else if (std::filesystem::exists("linli.toml")) {
    LINLI_TRY_STATUS(ApplyToml("linli.toml", cfg, listen));
  }
  // 2. environment
  if (auto v = env("LINLI_LISTEN")) listen = *v;
  if (auto v = env("LINLI_STORE_URL")) cfg.store_url = *v;
  if (auto v = env("LINLI_KEY_FILE")) cfg.key_file = *v;
  if (auto v = env("LINLI_WEB_ROOT")) cfg.web_root = *v;
  if (auto v = env("LINLI_LOG_LEVEL")) cfg.log_level = *v;
  if (auto v = env("LINLI_THREADS")) {
    auto n = ParseNumber<int>(*v);
    if (!n) return Bad("threads", "integer", "LINLI_THREADS 应为整数");
    cfg.threads = *n;
  }
  if (auto v = env("LINLI_MAX_JSON_BODY")) {
    auto n = ParseNumber<std::size_t>(*v);
    if (!n) return Bad("max_json_body", "integer", "LINLI_MAX_JSON_BODY 应为字节数");
    cfg.max_json_body = *n;
  }
  if (auto v = env("LINLI_MAX_UPLOAD_BODY")) {
    auto n = ParseNumber<std::size_t>(*v);
    if (!n) return Bad("max_upload_body", "integer", "LINLI_MAX_UPLOAD_BODY 应为字节数");
    cfg.max_upload_body = *n;
  }
  if (auto v = env("LINLI_SESSION_IDLE_MINUTES")) {
    auto n = ParseNumber<int>(*v);
    if (!n) return Bad("session_idle_minutes", "integer", "LINLI_SESSION_IDLE_MINUTES 应为分钟数");
    cfg.session_idle_minutes = *n;
  }
  if (auto v = env("LINLI_TLS_CERT")) cfg.tls_cert = *v;
  if (auto v = env("LINLI_ATTACHMENTS_DIR")) cfg.attachments_dir = *v;
  if (auto v = env("LINLI_BENCH_NOOP_ROUTE")) cfg.bench_noop_route = *v == "1" || *v == "true";
  if (auto v = env("LINLI_TLS_KEY")) cfg.tls_key = *v;
  if (auto v = env("LINLI_SESSION_MAX_HOURS")) {
    auto n = ParseNumber<int>(*v);
    if (!n) return Bad("session_max_hours", "integer", "LINLI_SESSION_MAX_HOURS 应为小时数");
    cfg.session_max_hours = *n;
  }
  // 3. flags
  if (flags.listen) listen = *flags.listen;
  if (flags.store_url) cfg.store_url = *flags.store_url;
  if (flags.key_file) cfg.key_file = *flags.key_file;
  if (flags.web_root) cfg.web_root = *flags.web_root;
  if (flags.log_level) cfg.log_level = *flags.log_level;
  if (flags.threads) cfg.threads = *flags.threads;
  if (flags.max_json_body) cfg.max_json_body = *flags.max_json_body;
  if (flags.max_upload_body) cfg.max_upload_body = *flags.max_upload_body;
  if (flags.tls_cert) cfg.tls_cert = *flags.tls_cert;
  if (flags.tls_key) cfg.tls_key = *flags.tls_key;
  // validation
  if (listen) LINLI_TRY_STATUS(ParseListen(*listen, cfg.host, cfg.port));
  if (cfg.session_idle_minutes < 1 || cfg.session_idle_minutes > 24 * 60)
    return Bad("session_idle_minutes", "out_of_range", "会话空闲超时应在 1 到 1440 分钟之间");
  if (cfg.session_max_hours < 1 || cfg.session_max_hours > 24 * 30)
    return Bad("session_max_hours", "out_of_range", "会话最长时间应在 1 到 720 小时之间");
  if (cfg.threads < 1 || cfg.threads > 256) return Bad("threads", "out_of_range", "线程数应在 1 到 256 之间");
  if (cfg.max_json_body == 0) return Bad("max_json_body", "out_of_range", "max_json_body 必须大于 0");
  if (cfg.max_upload_body == 0) return Bad("max_upload_body", "out_of_range", "max_upload_body 必须大于 0");
  static const std::set<std::string, std::less<>> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (!kLevels.contains(cfg.log_level)) {
    return Bad("log_level", "log_level", "日志级别应为 trace/debug/info/warn/error/critical/off");
  }
  if (cfg.store_url.empty()) return Bad("store_url", "required", "必须指定数据库地址");
  LINLI_TRY_STATUS(CheckTls(cfg));
  if (cfg.attachments_dir.empty()) cfg.attachments_dir = DefaultAttachmentsDir(cfg.store_url);
  return cfg;
}

std::string ListenWarning(const Config& config) {
  if (IsLoopback(config.host) || config.tls) return "";
  return "linli 在非本机地址 " + config.host +
         " 上以明文 HTTP 提供服务：登录口令和会话 Cookie 可被窃听，请配置 --tls-cert/--tls-key，"
         "或在前面放置 HTTPS 反向代理（serving plain HTTP beyond loopback: configure --tls-cert/--tls-key "
         "or put a TLS-terminating reverse proxy in front）";
}

Status PrepareStoreUrl(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) != 0) return Ok();
  std::string path = url.substr(kSqlite.size());
  if (path.empty() || path == ":memory:") return Ok();
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Ok();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return Error{ErrorCode::kUnavailable, "无法创建数据目录 " + parent.string() + ": " + ec.message(), "store_url", {}};
  }
  return Ok();
}

std::string ConfigHelp() {
  return R"(Settings (precedence: flags > environment > config file > defaults):
  setting          flag               environment             linli.toml               default
  listen address   --listen H:P       LINLI_LISTEN            [server] listen          127.0.0.1:8080
  store URL        --store URL        LINLI_STORE_URL         [store] url              sqlite:data/linli.db
  field key file   --key-file F       LINLI_KEY_FILE          [store] key_file         beside the SQLite file (data/linli.key)
  console files    --web-root DIR     LINLI_WEB_ROOT          [server] web_root        web/dist
  worker threads   --threads N        LINLI_THREADS           [server] threads         2
  log level        --log-level L      LINLI_LOG_LEVEL         [log] level              info
  JSON body limit  --max-json-body B  LINLI_MAX_JSON_BODY     [server] max_json_body   1048576
  upload limit     --max-upload-body  LINLI_MAX_UPLOAD_BODY   [server] max_upload_body 20971520
  session idle     (none)             LINLI_SESSION_IDLE_MINUTES [session] idle_minutes 30
  session maximum  (none)             LINLI_SESSION_MAX_HOURS [session] max_hours      12
  HTTPS cert       --tls-cert PEM     LINLI_TLS_CERT          [server] tls_cert        (none: plain HTTP)
  HTTPS key        --tls-key PEM      LINLI_TLS_KEY           [server] tls_key         (none)
  attachments      (none)             LINLI_ATTACHMENTS_DIR   [store] attachments_dir  beside the SQLite file (data/attachments)
  bench no-op POST (none)             LINLI_BENCH_NOOP_ROUTE  [bench] noop_route       false (benchmarks only)
The config file is --config FILE, else ./linli.toml when present. Store URLs: sqlite:PATH,
sqlite::memory:, postgresql://user@host:5432/db. Every API request needs a login session or an API
token. With --tls-cert and --tls-key linli serves HTTPS only (TLS 1.2+); without them it serves plain
HTTP, and a non-loopback listen address then logs a warning: use TLS or a TLS-terminating proxy.)";
}

}  // namespace linli::app
