#pragma once
// The three session namespaces. Each has its own cookie; a session from one
// interface is never accepted by another.
#include <optional>
#include <string_view>

#include "cookies/registry.h"
#include "storage/records.h"

namespace deskd::session {

// The storage record carries the same enum, so a session is read back as
// exactly the interface it was created for (no string parse in between).
using Interface = storage::SessionInterface;

inline std::string_view interface_name(Interface i) {
  return storage::session_interface_name(i);
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
