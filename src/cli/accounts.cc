#include "cli/accounts.h"

#include <pwd.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>

#include <sodium.h>

namespace linli::cli {

namespace {

// The terminal settings to restore if the user interrupts the hidden prompt.
termios g_saved_termios;
volatile sig_atomic_t g_echo_off = 0;

void RestoreTerminalAndExit(int sig) {
  if (g_echo_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
  signal(sig, SIG_DFL);
  raise(sig);
}

// One line from stdin without the line end; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Prompts on stderr and reads one line with echo off.
std::optional<std::string> ReadHidden(const char* prompt) {
  auto show_prompt = [prompt] {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
  };
  termios quiet;
  const bool can_hide = tcgetattr(STDIN_FILENO, &g_saved_termios) == 0;
  if (can_hide) {
    quiet = g_saved_termios;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    auto old_int = signal(SIGINT, RestoreTerminalAndExit);
    auto old_term = signal(SIGTERM, RestoreTerminalAndExit);
    g_echo_off = 1;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    show_prompt();  // only once echo is off, so nothing typed after it is shown
    auto line = ReadLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_termios);
    g_echo_off = 0;
    signal(SIGINT, old_int);
    signal(SIGTERM, old_term);
    std::fputc('\n', stderr);
    return line;
  }
  show_prompt();
  return ReadLine();
}

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace

std::string NowUtc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status AuditFromCli(Store& store, std::string action, std::string object_type, std::string object_id) {
  const passwd* pw = getpwuid(geteuid());
  AuditEntry e;
  e.at = NowUtc();
  e.actor = "cli:" + std::string(pw ? pw->pw_name : std::to_string(geteuid()));
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.remote_addr = "local";
  LINLI_TRY_STATUS(store.AppendAudit(std::move(e)));
  return Ok();
}

Result<std::string> ReadNewPassword() {
  if (!isatty(STDIN_FILENO)) {
    auto line = ReadLine();
    if (!line) return Error::Invalid("password", "required", "未从标准输入读到密码");
    return std::move(*line);
  }
  auto first = ReadHidden("密码: ");
  if (!first) return Error::Invalid("password", "required", "未输入密码");
  auto second = ReadHidden("再输入一次: ");
  if (!second || *second != *first) {
    Wipe(*first);
    if (second) Wipe(*second);
    return Error::Invalid("password", "password_mismatch", "两次输入的密码不一致");
  }
  Wipe(*second);
  return std::move(*first);
}

}  // namespace linli::cli
