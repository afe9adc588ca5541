#include "accounts/user_agent.h"

namespace deskd::accounts {
namespace {

bool has(std::string_view ua, std::string_view part) {
  return ua.find(part) != std::string_view::npos;
}

std::string_view browser_of(std::string_view ua) {
  if (has(ua, "Edg/") || has(ua, "EdgA/") || has(ua, "EdgiOS/")) return "Edge";
  if (has(ua, "OPR/") || has(ua, "Opera")) return "Opera";
  if (has(ua, "SamsungBrowser/")) return "Samsung Internet";
  if (has(ua, "Firefox/") || has(ua, "FxiOS/")) return "Firefox";
  if (has(ua, "Chrome/") || has(ua, "CriOS/") || has(ua, "Chromium/")) return "Chrome";
  if (has(ua, "Safari/") && has(ua, "Version/")) return "Safari";
  if (has(ua, "curl/")) return "curl";
  if (has(ua, "Python-urllib/") || has(ua, "python-requests/")) return "Python";
  return {};
}

std::string_view system_of(std::string_view ua) {
  if (has(ua, "iPhone")) return "iPhone";
  if (has(ua, "iPad")) return "iPad";
  if (has(ua, "Android")) return "Android";
  if (has(ua, "Windows")) return "Windows";
  if (has(ua, "CrOS")) return "ChromeOS";
  if (has(ua, "Mac OS X") || has(ua, "Macintosh")) return "macOS";
  if (has(ua, "Linux")) return "Linux";
  return {};
}

}  // namespace

std::string browser_summary(std::string_view ua) {
  const std::string_view browser = browser_of(ua);
  const std::string_view system = system_of(ua);
  if (browser.empty()) return std::string(system);
  if (system.empty()) return std::string(browser);
  return std::string(browser) + " on " + std::string(system);
}

}  // namespace deskd::accounts
