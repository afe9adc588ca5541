#pragma once
// A way to deliver one rendered mail. Implementations must be thread-safe;
// send() may block (network), so call it from a background thread.
#include <string_view>

#include "core/status.h"

namespace deskd::mail {

struct Envelope {
  std::string_view from;     // bare address for MAIL FROM
  std::string_view to;       // bare address for RCPT TO
  std::string_view subject;  // for logs
};

class Sender {
 public:
  virtual ~Sender() = default;
  // OK once the mail was accepted for delivery; Unavailable (with the reason)
  // when it should be retried later.
  virtual Status send(const Envelope& envelope, std::string_view rendered_message) = 0;
};

}  // namespace deskd::mail
