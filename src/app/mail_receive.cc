#include "app/mail_receive.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/crypto.h"
#include "core/random.h"
#include "i18n/catalog.h"

namespace deskd::app {
namespace {

// Standard input, at most `max` bytes (the rest is read and dropped, so the
// MTA's pipe never blocks); nullopt on a read error.
std::optional<std::string> read_stdin(size_t max) {
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n == 0) return data;
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (data.size() < max) data.append(buf, std::min(static_cast<size_t>(n), max - data.size()));
  }
}

int try_later(const char* what, const Status& s) {
  std::fprintf(stderr, "deskd: mail receive: %s: %s (exit %d: try again later)\n", what, s.message().c_str(),
               kMailTryLater);
  return kMailTryLater;
}

}  // namespace

int mail_receive(const MailReceiveOptions& opts) {
  // Standard output carries only the outcome line; logs go to standard error.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("mail-receive"));
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
  if (!crypto_init()) return try_later("libsodium", internal("initialisation failed"));
  auto config = load_config(opts.common.config_file, process_env());
  if (!config) return try_later("configuration", config.status());
  const inbox::IntakeOptions options = inbox::intake_options(*config);
  // One byte over the limit is enough for the parser to refuse (and quarantine) it.
  std::optional<std::string> raw = read_stdin(options.limits.max_message_bytes + 1);
  if (!raw) return try_later("standard input", unavailable("read failed"));
  auto catalogs = i18n::Catalogs::load(web_dir() + "/locales", {"en", "da", "de"}, "en");
  if (!catalogs) return try_later("message catalogs", catalogs.status());
  SystemClock clock;
  SodiumRandom random;
  auto storage = open_storage(*config, opts.common, clock);
  if (!storage) return try_later("storage", storage.status());
  inbox::IntakeDeps deps{**storage, *catalogs, clock, random};
  Result<inbox::IntakeResult> result = inbox::receive(deps, options, *raw, storage::MailSource::kPipe);
  if (!result) return try_later("storing the message", result.status());
  std::printf("%s %s\n", inbox::outcome_name(result->outcome), result->ticket_ref.c_str());
  if (result->outcome == inbox::Outcome::kQuarantined) {
    std::fprintf(stderr, "deskd: mail receive: quarantined: %s\n", result->reason.c_str());
    return kMailUnparseable;
  }
  return kMailStored;
}

}  // namespace deskd::app
