#include "helpcenter/tickets_ref.h"

#include <cstdint>

namespace deskd::helpcenter {

std::string new_ticket_ref(Random& random) {
  // Rejection sampling keeps every letter equally likely.
  constexpr unsigned kLimit = 256 - 256 % kTicketRefAlphabet.size();
  std::string ref;
  ref.reserve(9);
  while (ref.size() < 9) {
    if (ref.size() == 4) {
      ref += '-';
      continue;
    }
    uint8_t byte = 0;
    random.fill(&byte, 1);
    if (byte >= kLimit) continue;
    ref += kTicketRefAlphabet[byte % kTicketRefAlphabet.size()];
  }
  return ref;
}

bool well_formed_ticket_ref(std::string_view ref) {
  if (ref.size() != 9) return false;
  for (size_t i = 0; i < ref.size(); ++i) {
    if (i == 4) {
      if (ref[i] != '-') return false;
    } else if (kTicketRefAlphabet.find(ref[i]) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace deskd::helpcenter
