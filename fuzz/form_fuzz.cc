// Query strings, application/x-www-form-urlencoded bodies and percent-decoding
// (http/form.h), plus the id parser used on path parameters.
//
// Invariants: decoded forms hold valid UTF-8 and at most max_fields fields;
// percent_encode() output always decodes back to its input.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>

#include "fuzz_check.h"
#include "http/form.h"

using namespace deskd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const size_t max_fields = in.ConsumeIntegralInRange<size_t>(0, 300);
  const std::string text = in.ConsumeRemainingBytesAsString();

  if (auto form = http::parse_urlencoded(text, max_fields)) {
    FUZZ_CHECK(form->fields.size() <= max_fields);
    for (const auto& [name, value] : form->fields) {
      FUZZ_CHECK(http::valid_utf8(name) && http::valid_utf8(value));
      FUZZ_CHECK(form->has(name));
    }
    (void)form->get("_dp_csrf_token");
  }
  for (bool plus : {false, true}) {
    if (auto decoded = http::percent_decode(text, plus)) {
      FUZZ_CHECK(decoded->size() <= text.size());
      // With plus_is_space a '+' comes only from an escape.
      if (plus && decoded->find('+') != std::string::npos)
        FUZZ_CHECK(text.find("%2B") != std::string::npos || text.find("%2b") != std::string::npos);
    }
  }
  const std::string encoded = http::percent_encode(text);
  const auto back = http::percent_decode(encoded, false);
  FUZZ_CHECK(back && *back == text);
  if (auto id = http::parse_positive_id(text)) FUZZ_CHECK(*id > 0);
  if (auto id = http::parse_positive_id(text, 3)) FUZZ_CHECK(*id > 0 && *id <= 999);
  return 0;
}
