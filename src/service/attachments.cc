#include "service/attachments.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace linli::service {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// "image/JPEG; charset=x" -> "image/jpeg"; image/jpg and image/pjpeg -> image/jpeg.
std::string BaseType(std::string_view content_type) {
  std::string t = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (t == "image/jpg" || t == "image/pjpeg") t = "image/jpeg";
  return t;
}

// The value of `name=` in a header's parameters (quoted or not), or "".
std::string HeaderParam(std::string_view header, std::string_view name) {
  std::string lower = Lower(header);
  std::string key = Lower(name) + "=";
  std::size_t pos = 0;
  while ((pos = lower.find(key, pos)) != std::string::npos) {
    if (pos == 0 || lower[pos - 1] == ';' || lower[pos - 1] == ' ' || lower[pos - 1] == '\t') break;
    pos += key.size();
  }
  if (pos == std::string::npos) return {};
  std::string_view rest = header.substr(pos + key.size());
  if (!rest.empty() && rest.front() == '"') {
    rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find('"')));
  }
  return std::string(Trim(rest.substr(0, rest.find(';'))));
}

Error FileError(std::string reason, std::string message) {
  return Error::Invalid("file", std::move(reason), std::move(message));
}

}  // namespace

std::optional<std::string> SniffAttachmentType(std::string_view b) {
  if (b.size() >= 3 && StartsWith(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (StartsWith(b, std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (StartsWith(b, "%PDF-")) return "application/pdf";
  return std::nullopt;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(sizeof out * 2);
  for (unsigned char c : out) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Result<UploadedFile> ExtractUpload(std::string_view body, std::string_view content_type_header) {
  std::string type = BaseType(content_type_header);
  if (type != "multipart/form-data") {
    if (body.empty()) return FileError("required", "请上传文件");
    return UploadedFile{std::string(body), std::string(content_type_header), {}};
  }
  std::string boundary = HeaderParam(content_type_header, "boundary");
  if (boundary.empty()) return FileError("multipart", "上传格式不正确（缺少 boundary）");
  const std::string delim = "--" + boundary;
  std::size_t pos = body.find(delim);
  std::optional<UploadedFile> first_with_name;
  while (pos != std::string_view::npos) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    std::size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return FileError("multipart", "上传格式不正确");
    std::string_view head = body.substr(pos, head_end - pos);
    std::size_t data_start = head_end + 4;
    std::size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return FileError("multipart", "上传格式不正确（内容不完整）");
    UploadedFile part;
    part.bytes = std::string(body.substr(data_start, next - data_start));
    std::string name;
    std::size_t line_start = 0;
    while (line_start <= head.size()) {
      std::size_t line_end = head.find("\r\n", line_start);
      std::string_view line = head.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                                           : line_end - line_start);
      std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string key = Lower(Trim(line.substr(0, colon)));
        std::string_view value = Trim(line.substr(colon + 1));
        if (key == "content-disposition") {
          name = HeaderParam(value, "name");
          part.filename = HeaderParam(value, "filename");
        } else if (key == "content-type") {
          part.content_type = std::string(value);
        }
      }
      if (line_end == std::string_view::npos) break;
      line_start = line_end + 2;
    }
    if (name == "file") {
      if (part.bytes.empty()) return FileError("required", "请上传文件");
      return part;
    }
    if (!first_with_name && !part.filename.empty()) first_with_name = std::move(part);
    pos = next + 2;
  }
  if (first_with_name && !first_with_name->bytes.empty()) return std::move(*first_with_name);
  return FileError("required", "请上传文件（表单字段 file）");
}

AttachmentFiles::AttachmentFiles(std::filesystem::path dir, std::size_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::filesystem::path AttachmentFiles::PathOf(std::string_view sha256) const {
  return dir_ / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2, 2)) / std::string(sha256);
}

Result<AttachmentInfo> AttachmentFiles::Put(std::string_view bytes, std::string_view declared_type) const {
  if (bytes.size() > max_bytes_) {
    Error e = FileError("too_large", "文件超过 " + std::to_string(max_bytes_ >> 20) + " MB");
    e.code = ErrorCode::kTooLarge;
    return e;
  }
  if (bytes.empty()) return FileError("required", "文件是空的");
  auto sniffed = SniffAttachmentType(bytes);
  if (!sniffed) return FileError("type", "只能上传 JPEG、PNG、WebP 图片或 PDF 文件");
  std::string declared = BaseType(declared_type);
  if (!declared.empty() && declared != "application/octet-stream" && declared != *sniffed)
    return FileError("type", "文件内容与声明的类型不符（声明 " + declared + "，实际 " + *sniffed + "）");

  AttachmentInfo info{Sha256Hex(bytes), *sniffed, static_cast<std::int64_t>(bytes.size())};
  std::filesystem::path target = PathOf(info.sha256);
  std::error_code ec;
  if (std::filesystem::exists(target, ec) &&
      std::filesystem::file_size(target, ec) == static_cast<std::uintmax_t>(bytes.size()))
    return info;  // the same content is already stored
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return Error::Internal("无法创建附件目录：" + ec.message());

  static std::atomic<std::uint64_t> counter{0};
  std::filesystem::path tmp = target.parent_path() /
                              (".tmp-" + info.sha256.substr(0, 16) + "-" + std::to_string(::getpid()) + "-" +
                               std::to_string(counter.fetch_add(1)));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Error::Internal(std::string("无法写入附件：") + std::strerror(errno));
  std::size_t written = 0;
  bool ok = true;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  if (ok && ::fsync(fd) != 0) ok = false;
  if (::close(fd) != 0) ok = false;
  if (ok) {
    std::filesystem::rename(tmp, target, ec);
    ok = !ec;
  }
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return Error::Internal("无法写入附件文件");
  }
  return info;
}

Result<std::string> AttachmentFiles::Read(std::string_view sha256) const {
  if (!IsSha256Hex(sha256)) return Error::NotFound("附件不存在");
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) return Error::NotFound("附件文件不存在");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return Error::Internal("读取附件失败");
  return out.str();
}

}  // namespace linli::service
