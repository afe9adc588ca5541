#include "messenger/visitor_id.h"

#include "core/crypto.h"

namespace deskd::messenger {

bool is_visitor_id(std::string_view text) {
  if (text.size() != 22) return false;
  auto bytes = base64url_decode(text);
  return bytes && bytes->size() == kVisitorIdBytes;
}

std::string new_visitor_id(Random& random) {
  return random.token(kVisitorIdBytes);
}

}  // namespace deskd::messenger
