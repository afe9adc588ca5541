#pragma once
// Ticket references: what requesters and agents read, type and quote, e.g.
// "K7QX-4P2M". Eight characters, uniformly drawn from the injected CSPRNG out of
// a 29-letter alphabet without look-alikes (no 0/O, 1/I/L, U/V): 38.9 bits.
// A reference is a name, not a secret: access is decided elsewhere.
#include <string>
#include <string_view>

#include "core/random.h"

namespace deskd::helpcenter {

inline constexpr std::string_view kTicketRefAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";

// "XXXX-XXXX" from `random`. Thread-safe when `random` is.
std::string new_ticket_ref(Random& random);

// True for exactly the shape new_ticket_ref produces (upper case only).
bool well_formed_ticket_ref(std::string_view ref);

}  // namespace deskd::helpcenter
