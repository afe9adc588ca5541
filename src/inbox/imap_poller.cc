#include "inbox/imap_poller.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>

namespace deskd::inbox {
namespace {

constexpr size_t kMaxResponse = 40 * 1024 * 1024;  // a fetched message or a SEARCH answer

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (out->size() + n > kMaxResponse) return 0;  // aborts the transfer
  out->append(data, n);
  return n;
}

// One IMAP session over one curl handle (its connection is reused between calls).
class Session {
 public:
  explicit Session(std::string url) : url_(std::move(url)), curl_(curl_easy_init(), curl_easy_cleanup) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
  }

  Result<std::string> command(const std::string& url, const char* custom) {
    if (!curl_) return unavailable("curl_easy_init failed");
    CURL* h = curl_.get();
    std::string out;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, custom);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return unavailable(std::string("imap: ") + (error[0] ? error : curl_easy_strerror(rc)));
    return out;
  }

  Result<std::vector<uint64_t>> undeleted() {
    Result<std::string> r = command(url_, "UID SEARCH UNDELETED");
    if (!r) return r.status();
    return parse_search_uids(*r);
  }
  Result<std::string> fetch(uint64_t uid) { return command(url_ + "/;UID=" + std::to_string(uid), nullptr); }
  Status remove(uint64_t uid) {
    return command(url_, ("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Deleted)").c_str()).status();
  }
  Status expunge() { return command(url_, "EXPUNGE").status(); }

 private:
  std::string url_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_;
};

}  // namespace

std::vector<uint64_t> parse_search_uids(std::string_view response) {
  std::vector<uint64_t> uids;
  size_t pos = 0;
  while (pos < response.size()) {
    size_t end = response.find('\n', pos);
    if (end == std::string_view::npos) end = response.size();
    std::string_view line = response.substr(pos, end - pos);
    pos = end + 1;
    if (!line.starts_with("* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\r')) line.remove_prefix(1);
      uint64_t uid = 0;
      auto [next, ec] = std::from_chars(line.data(), line.data() + line.size(), uid);
      if (ec != std::errc() || next == line.data()) break;
      if (uid > 0) uids.push_back(uid);
      line.remove_prefix(static_cast<size_t>(next - line.data()));
    }
  }
  return uids;
}

ImapPoller::ImapPoller(IntakeDeps deps, IntakeOptions options, std::string imap_url, int64_t interval_ms)
    : deps_(deps),
      options_(std::move(options)),
      url_(std::move(imap_url)),
      interval_ms_(interval_ms),
      worker_(
          std::chrono::milliseconds(interval_ms),
          [this] {
            Result<PollCounts> counts = poll_once();
            if (!counts) spdlog::warn("mail: IMAP poll failed (retried next poll): {}", counts.status().message());
          },
          std::chrono::milliseconds(0)) {}

ImapPoller::~ImapPoller() {
  stop();
}

void ImapPoller::start() {
  worker_.start();
}

void ImapPoller::stop() {
  worker_.stop();
}

Result<PollCounts> ImapPoller::poll_once() {
  std::lock_guard lock(poll_mu_);
  Session session(url_);
  Result<std::vector<uint64_t>> uids = session.undeleted();
  if (!uids) return uids.status();
  PollCounts counts;
  bool removed = false;
  for (size_t i = 0; i < uids->size(); ++i) {
    const uint64_t uid = (*uids)[i];
    Result<std::string> raw = session.fetch(uid);
    if (!raw) {
      counts.left = uids->size() - i;
      spdlog::warn("mail: IMAP fetch of UID {} failed, {} left for the next poll: {}", uid, counts.left,
                   raw.status().message());
      break;
    }
    Result<IntakeResult> result = receive(deps_, options_, *raw, storage::MailSource::kImap);
    if (!result) {
      counts.left = uids->size() - i;
      spdlog::warn("mail: IMAP message UID {} not stored, {} left for the next poll: {}", uid, counts.left,
                   result.status().message());
      break;
    }
    (result->outcome == Outcome::kQuarantined ? counts.quarantined : counts.stored)++;
    // Committed: only now may the server forget it.
    if (Status s = session.remove(uid); !s.is_ok()) {
      spdlog::warn("mail: IMAP UID {} stored but not flagged deleted (fetched again next poll, a duplicate): {}", uid,
                   s.message());
      continue;
    }
    removed = true;
  }
  if (removed) {
    if (Status s = session.expunge(); !s.is_ok()) spdlog::warn("mail: IMAP expunge failed: {}", s.message());
  }
  if (counts.stored + counts.quarantined > 0) {
    spdlog::info("mail: IMAP poll stored {}, quarantined {}, left {}", counts.stored, counts.quarantined, counts.left);
  }
  return counts;
}

}  // namespace deskd::inbox
