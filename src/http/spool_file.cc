#include "http/spool_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace deskd::http {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;

std::string errno_text() {
  return std::strerror(errno);
}

// Reads a spooled file from its start; owns the descriptor.
class FileBody final : public BodySource {
 public:
  FileBody(int fd, uint64_t length) : fd_(fd), length_(length) {}
  ~FileBody() override { ::close(fd_); }
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;

  std::optional<uint64_t> length() const override { return length_; }

  Result<size_t> read(char* out, size_t capacity) override {
    const uint64_t left = length_ - offset_;
    if (left == 0 || capacity == 0) return size_t{0};
    const size_t want = static_cast<size_t>(std::min<uint64_t>(left, capacity));
    ssize_t n;
    do {
      n = ::pread(fd_, out, want, static_cast<off_t>(offset_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return unavailable("spool file: read failed: " + errno_text());
    if (n == 0) return unavailable("spool file: ended before its length");
    offset_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }

 private:
  const int fd_;
  const uint64_t length_;
  uint64_t offset_ = 0;
};

}  // namespace

Result<SpoolFile> SpoolFile::create(const std::string& dir) {
  std::string where = dir;
  if (where.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    where = tmp && *tmp ? tmp : "/tmp";
  }
  int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // No O_TMPFILE on this file system: a named file for an instant.
    std::string path = where + "/deskd-spool-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);  // mode 0600
    if (fd >= 0 && ::unlink(path.c_str()) != 0) {
      const std::string why = errno_text();
      ::close(fd);
      return unavailable("spool file: cannot unlink " + path + ": " + why);
    }
  }
  if (fd < 0) return unavailable("spool file: cannot create one in " + where + ": " + errno_text());
  return SpoolFile(fd);
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)), size_(std::exchange(other.size_, 0)) {}

SpoolFile& SpoolFile::operator=(SpoolFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    buffer_ = std::move(other.buffer_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status SpoolFile::append(std::string_view bytes) {
  if (fd_ < 0) return internal("spool file: not open");
  buffer_.append(bytes);
  size_ += bytes.size();
  return buffer_.size() >= kBufferBytes ? flush() : Status::ok();
}

Status SpoolFile::flush() {
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = errno_text();
      ::close(std::exchange(fd_, -1));
      return unavailable("spool file: write failed: " + why);
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  buffer_.clear();
  return Status::ok();
}

Result<std::shared_ptr<BodySource>> SpoolFile::finish() {
  if (fd_ < 0) return internal("spool file: not open");
  if (Status s = flush(); !s.is_ok()) return s;
  std::string().swap(buffer_);
  return std::shared_ptr<BodySource>(std::make_shared<FileBody>(std::exchange(fd_, -1), std::exchange(size_, 0)));
}

}  // namespace deskd::http
