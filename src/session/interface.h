#pragma once
// The three session namespaces. Each has its own cookie; a session from one
// interface is never accepted by another.
#include <optional>
#include <string_view>

#include "cookies/registry.h"

namespace deskd::session {

enum class Interface { kPortal, kAgent, kAdmin };

inline std::string_view interface_name(Interface i) {
  switch (i) {
    case Interface::kPortal: return "portal";
    case Interface::kAgent: return "agent";
    case Interface::kAdmin: return "admin";
  }
  return "portal";
}

inline cookies::CookieId session_cookie(Interface i) {
  switch (i) {
    case Interface::kPortal: return cookies::CookieId::kPortalSession;
    case Interface::kAgent: return cookies::CookieId::kAgentSession;
    case Interface::kAdmin: return cookies::CookieId::kAdminSession;
  }
  return cookies::CookieId::kPortalSession;
}

inline constexpr Interface kAllInterfaces[] = {Interface::kPortal, Interface::kAgent, Interface::kAdmin};

}  // namespace deskd::session
