#pragma once
// `deskd privacy export|erase|prune` (SPEC §13, §14).
#include <string>

#include "app/environment.h"

namespace deskd::app {

struct PrivacyOptions {
  CommonOptions common;
  std::string email;
  std::string visitor;
};

// Prints the JSON export of --email (or --visitor) on stdout, streamed.
int privacy_export(const PrivacyOptions& opts);
// Erases --email or --visitor; prints what changed per table (no personal data).
int privacy_erase(const PrivacyOptions& opts);
// Runs the retention pruning now with the stored settings.
int privacy_prune(const PrivacyOptions& opts);

}  // namespace deskd::app
