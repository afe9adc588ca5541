#pragma once
// A QR code (libqrencode, error correction level M) as an inline SVG element:
// one <path> of dark modules inside a 4-module quiet zone, scaled by the
// viewBox. The SVG carries no text of its own, so it is safe to place into a
// page unescaped; callers label it around the element. Thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace deskd::accounts {

// nullopt when the text does not fit in a QR code (over ~2 KB) or contains NUL.
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace deskd::accounts
