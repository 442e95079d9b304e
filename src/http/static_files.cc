#include "http/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace linli::http {

std::string_view ContentTypeFor(std::string_view filename) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".csv", "text/csv; charset=utf-8"},
  };
  auto dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view ext = filename.substr(dot);
    for (const auto& e : kTypes) {
      if (e.ext.size() != ext.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < ext.size() && same; ++i) {
        char c = ext[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        same = c == e.ext[i];
      }
      if (same) return e.type;
    }
  }
  return "application/octet-stream";
}

std::optional<std::string> SafeStaticPath(std::string_view web_root, std::string_view path) {
  if (web_root.empty() || path.empty() || path[0] != '/') return std::nullopt;
  // Every segment must be a plain name: no "." / ".." segments, no backslash, NUL or controls.
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view seg = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg == "." || seg == "..") return std::nullopt;
    if (!seg.empty() && seg.front() == '.') return std::nullopt;  // no dot files (.git, .env)
    if (slash == std::string_view::npos) break;
    if (seg.empty() && slash != path.size() - 1) return std::nullopt;  // "//"
    start = slash + 1;
  }
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f || c == '\\') return std::nullopt;
  }
  std::string out(web_root);
  while (!out.empty() && out.back() == '/') out.pop_back();
  out.append(path);
  if (out.back() == '/') out.append("index.html");
  return out;
}

namespace {

// Reads a regular file (not a directory, device or fifo). nullopt when missing or unreadable.
std::optional<std::string> ReadRegularFile(const std::string& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return std::nullopt;
  }
  std::string data(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

Response ServeStatic(std::string_view web_root, std::string_view path) {
  auto file = SafeStaticPath(web_root, path);
  if (!file) return ErrorResponse(Error::NotFound("文件不存在"));
  Response r;
  std::string_view name = *file;
  auto data = ReadRegularFile(*file);
  if (!data) {
    // SPA fallback: client-side routes ("/households/12") get index.html; files ("x.js") do not.
    std::string_view last = path.substr(path.rfind('/') + 1);
    bool spa = !StartsWith(path, "/api/") && path != "/api" && !StartsWith(path, "/open311") &&
               !StartsWith(path, "/assets/") && last.find('.') == std::string_view::npos;
    if (!spa) return ErrorResponse(Error::NotFound("文件不存在"));
    std::string index(web_root);
    while (!index.empty() && index.back() == '/') index.pop_back();
    index.append("/index.html");
    data = ReadRegularFile(index);
    if (!data) return ErrorResponse(Error::NotFound("文件不存在"));
    r.content_type = "text/html; charset=utf-8";
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.body = std::move(*data);
    return r;
  }
  r.content_type = std::string(ContentTypeFor(name));
  if (StartsWith(path, "/assets/")) {
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.headers.emplace_back("Cache-Control", "no-cache");
  }
  r.body = std::move(*data);
  return r;
}

}  // namespace linli::http
