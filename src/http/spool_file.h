#pragma once
// A private temporary file to build a large response body in (the privacy
// export), then send it as a streamed body (http::BodySource) without holding
// it in memory.
//
// The file never has a visible name: it is opened with O_TMPFILE (mode 0600)
// in the directory, or — where the file system lacks O_TMPFILE — created by
// mkstemp (0600) and unlinked at once. Its space is returned when the last
// descriptor closes: when the SpoolFile is dropped unfinished, or when the
// body source is dropped after the response was sent or abandoned.
//
// Threading: one thread at a time; every call blocks on the file system.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace deskd::http {

class SpoolFile {
 public:
  // A new empty spool file in `dir`; "" = $TMPDIR, else /tmp. Unavailable when
  // no file can be created there.
  static Result<SpoolFile> create(const std::string& dir = "");

  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  // Appends bytes (buffered; written in 64 KiB pieces). Unavailable when the
  // file system refuses (disk full); the file is then unusable.
  Status append(std::string_view bytes);
  // Bytes appended so far.
  uint64_t size() const { return size_; }
  // Writes what is buffered and hands the file over as a body of exactly
  // size() bytes, read from the start. The SpoolFile owns nothing afterwards.
  Result<std::shared_ptr<BodySource>> finish();

 private:
  explicit SpoolFile(int fd) : fd_(fd) {}
  Status flush();

  int fd_ = -1;
  std::string buffer_;
  uint64_t size_ = 0;
};

}  // namespace deskd::http
