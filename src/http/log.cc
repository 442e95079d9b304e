#include "http/log.h"

#include <memory>

#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace linli::http {
namespace {

// Payloads that start with this byte carry ready-made JSON fields (",\"k\":v…") after a message.
constexpr char kFieldsMarker = '\x01';

void AppendEscaped(spdlog::memory_buf_t& dest, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  dest.push_back('"');
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': dest.append(std::string_view("\\\"")); break;
      case '\\': dest.append(std::string_view("\\\\")); break;
      case '\n': dest.append(std::string_view("\\n")); break;
      case '\r': dest.append(std::string_view("\\r")); break;
      case '\t': dest.append(std::string_view("\\t")); break;
      default:
        if (c < 0x20) {
          const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          dest.append(esc, esc + 6);
        } else {
          dest.push_back(ch);
        }
    }
  }
  dest.push_back('"');
}

// %* : the message as a JSON string, or "request",<fields> for structured request lines.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    if (!payload.empty() && payload.front() == kFieldsMarker) {
      dest.append(std::string_view("\"request\""));
      dest.append(payload.substr(1));
      return;
    }
    AppendEscaped(dest, payload);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  spdlog::memory_buf_t buf;
  AppendEscaped(buf, text);
  out.append(buf.data(), buf.size());
}

Status InitLogging(std::string_view level) {
  auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") {
    return Error::Invalid("log_level", "log_level", "日志级别必须是 trace/debug/info/warn/error/critical/off");
  }
  if (!spdlog::get("linli")) {
    spdlog::init_thread_pool(8192, 1);
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::async_logger>("linli", sink, spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::overrun_oldest);
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":%*})");
    logger->set_formatter(std::move(formatter));
    spdlog::register_logger(logger);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
  }
  spdlog::set_level(lvl);
  spdlog::flush_on(spdlog::level::warn);
  return Ok();
}

void LogRequest(const RequestLog& e) {
  auto level = e.status >= 500 ? spdlog::level::warn : (e.quiet ? spdlog::level::debug : spdlog::level::info);
  if (!spdlog::should_log(level)) return;
  std::string line(1, kFieldsMarker);
  line.reserve(160 + e.target.size());
  line += ",\"request_id\":";
  AppendJsonString(line, e.request_id);
  line += ",\"method\":";
  AppendJsonString(line, e.method);
  line += ",\"target\":";
  AppendJsonString(line, e.target);
  line += ",\"route\":";
  AppendJsonString(line, e.route);
  line += ",\"remote\":";
  AppendJsonString(line, e.remote);
  fmt::format_to(std::back_inserter(line), ",\"status\":{},\"duration_ms\":{:.3f},\"bytes_in\":{},\"bytes_out\":{}",
                 e.status, e.seconds * 1e3, e.bytes_in, e.bytes_out);
  spdlog::log(level, "{}", line);
}

}  // namespace linli::http
