#include "app/privacy_cli.h"

#include <cstdio>
#include <optional>

#include "core/clock.h"
#include "privacy/privacy.h"

namespace deskd::app {
namespace {

struct Opened {
  std::unique_ptr<storage::Storage> storage;
  Config config;
};

// Opens storage or prints why not (exit code 1).
std::optional<Opened> open_or_report(const CommonOptions& common, const Clock& clock) {
  Config config = load_config_or_exit(common);
  auto storage = open_storage(config, common, clock);
  if (!storage.is_ok()) {
    std::fprintf(stderr, "deskd: storage: %s\n", storage.status().message().c_str());
    return std::nullopt;
  }
  return Opened{std::move(*storage), std::move(config)};
}

// The subject named by exactly one of --email / --visitor; prints why not.
std::optional<privacy::Subject> subject_from(const PrivacyOptions& opts, storage::Storage& storage) {
  if (opts.email.empty() == opts.visitor.empty()) {
    std::fprintf(stderr, "deskd: give exactly one of --email or --visitor\n");
    return std::nullopt;
  }
  auto subject =
      opts.email.empty() ? privacy::subject_for_visitor(opts.visitor) : privacy::subject_for_email(storage, opts.email);
  if (!subject.is_ok()) {
    std::fprintf(stderr, "deskd: %s\n", subject.status().message().c_str());
    return std::nullopt;
  }
  return *subject;
}

}  // namespace

int privacy_export(const PrivacyOptions& opts) {
  SystemClock clock;
  auto opened = open_or_report(opts.common, clock);
  if (!opened) return 1;
  auto subject = subject_from(opts, *opened->storage);
  if (!subject) return 2;
  Status s = privacy::write_export(*opened->storage, *subject, clock.now_ms(), [](std::string_view piece) {
    if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size()) return unavailable("stdout: write failed");
    return Status::ok();
  });
  if (std::fflush(stdout) != 0 && s.is_ok()) s = unavailable("stdout: write failed");
  if (!s.is_ok()) {
    std::fprintf(stderr, "deskd: export: %s\n", s.message().c_str());
    return 1;
  }
  return 0;
}

int privacy_erase(const PrivacyOptions& opts) {
  SystemClock clock;
  auto opened = open_or_report(opts.common, clock);
  if (!opened) return 1;
  auto subject = subject_from(opts, *opened->storage);
  if (!subject) return 2;
  auto counts = privacy::erase(*opened->storage, *subject);
  if (!counts.is_ok()) {
    std::fprintf(stderr, "deskd: erase: %s\n", counts.status().message().c_str());
    return 1;
  }
  const std::string what = privacy::describe(*counts);
  storage::AuditEvent event;
  event.at_ms = clock.now_ms();
  event.event = "privacy_erase";
  event.detail = "by the command line; " + what;
  if (Status s = opened->storage->audit().append(event); !s.is_ok())
    std::fprintf(stderr, "deskd: audit: %s\n", s.message().c_str());
  std::printf("erased: %s\n", what.c_str());
  return 0;
}

int privacy_prune(const PrivacyOptions& opts) {
  SystemClock clock;
  auto opened = open_or_report(opts.common, clock);
  if (!opened) return 1;
  auto settings = load_settings(*opened->storage, opened->config);
  if (!settings.is_ok()) {
    std::fprintf(stderr, "deskd: settings: %s\n", settings.status().message().c_str());
    return 1;
  }
  auto counts = privacy::prune(*opened->storage, privacy::retention_cutoffs(*settings, clock.now_ms()));
  if (!counts.is_ok()) {
    std::fprintf(stderr, "deskd: prune: %s\n", counts.status().message().c_str());
    return 1;
  }
  std::printf("pruned (visitor_retention_days=%lld, ip_retention_days=%lld): %s\n",
              static_cast<long long>(settings->visitor_retention_days),
              static_cast<long long>(settings->ip_retention_days), privacy::describe(*counts).c_str());
  return 0;
}

}  // namespace deskd::app
