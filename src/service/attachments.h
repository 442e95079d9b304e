// Demand attachments (photos, PDFs) as files outside the database, addressed by their SHA-256:
// <dir>/ab/cd/<sha256> (ab, cd = the first two byte pairs of the hex digest). The database keeps
// only the record (id, sha256, mime, size; src/store/demands.h).
//
//   service::AttachmentFiles files("data/attachments");
//   LINLI_TRY(auto info, files.Put(body, "image/jpeg"));   // info.sha256, info.mime, info.size
//   LINLI_TRY(std::string bytes, files.Read(info.sha256));
//
// The type is decided by the content (magic bytes), never by the name or the declared
// Content-Type: JPEG, PNG, WebP and PDF only. A declared type that disagrees with the content is
// refused. Writes are atomic (a temporary file in the same directory, fsync, rename), so a reader
// never sees half a file; the same content twice is stored once.
// Thread rule: safe from many threads (no shared mutable state; the file system arbitrates).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace linli::service {

inline constexpr std::size_t kMaxAttachmentBytes = 10u << 20;  // 10 MB

struct AttachmentInfo {
  std::string sha256;  // lower-case hex, 64 chars
  std::string mime;    // image/jpeg | image/png | image/webp | application/pdf
  std::int64_t size = 0;
};

// The MIME type the bytes are (by magic bytes), or nullopt when not one of the four accepted types.
std::optional<std::string> SniffAttachmentType(std::string_view bytes);

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

// True for a 64-char lower-case hex string (guards every path built from a digest).
bool IsSha256Hex(std::string_view s);

// One uploaded file taken out of a request body.
struct UploadedFile {
  std::string bytes;
  std::string content_type;  // the declared type ("" when none)
  std::string filename;      // the declared name ("" when none)
};

// The file of a request: multipart/form-data (the part named "file", or the first part with a
// filename) or a raw body with its Content-Type. Errors: kInvalidArgument field "file" reason
// "required" (no file part / empty body) or "multipart" (malformed multipart).
Result<UploadedFile> ExtractUpload(std::string_view body, std::string_view content_type_header);

class AttachmentFiles {
 public:
  // `dir` is created on the first Put when missing. `max_bytes` caps one file.
  explicit AttachmentFiles(std::filesystem::path dir, std::size_t max_bytes = kMaxAttachmentBytes);

  // Checks and stores the bytes. `declared_type` is the Content-Type the client sent ("" or
  // application/octet-stream = not declared; parameters such as "; charset" are ignored).
  // Errors: kTooLarge (> max_bytes, field "file", reason "too_large"); kInvalidArgument field "file"
  // reason "type" (not JPEG/PNG/WebP/PDF, or declared as another type than the content is) or
  // "required" (empty); kInternal when the file cannot be written (nothing partial is left).
  Result<AttachmentInfo> Put(std::string_view bytes, std::string_view declared_type) const;

  // The stored bytes. Errors: kNotFound (no such file or a malformed digest), kInternal (read error).
  Result<std::string> Read(std::string_view sha256) const;

  // Where the file of `sha256` lives (no check that it exists). Precondition: IsSha256Hex(sha256).
  std::filesystem::path PathOf(std::string_view sha256) const;

  const std::filesystem::path& dir() const { return dir_; }
  std::size_t max_bytes() const { return max_bytes_; }

 private:
  std::filesystem::path dir_;
  std::size_t max_bytes_;
};

}  // namespace linli::service
