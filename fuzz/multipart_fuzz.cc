// multipart/form-data bodies and Content-Type boundaries (http/multipart.h).
//
// Invariants: a parsed form respects every limit it was given; text fields
// and names are valid UTF-8; every part's bytes lie within the body; a failure
// is 400 or 413 with a reason.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>

#include "fuzz_check.h"
#include "http/multipart.h"

using namespace deskd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  http::MultipartLimits limits;
  limits.max_parts = in.ConsumeIntegralInRange<size_t>(0, 80);
  limits.max_files = in.ConsumeIntegralInRange<size_t>(0, 30);
  limits.max_part_head_bytes = in.ConsumeIntegralInRange<size_t>(0, 512);
  limits.max_field_bytes = in.ConsumeIntegralInRange<size_t>(0, 1024);
  const std::string content_type = in.ConsumeRandomLengthString(128);
  const std::string body = in.ConsumeRemainingBytesAsString();

  const auto boundary = http::form_data_boundary(content_type);
  if (boundary) {
    FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);
    FUZZ_CHECK(http::is_multipart_form_data(content_type));
  }
  // Also split by a fixed boundary, so bodies need not match a fuzzed header.
  for (const std::string& b : {boundary.value_or("B"), std::string("B")}) {
    http::MultipartResult r = http::parse_multipart(body, b, limits);
    if (!r.form) {
      FUZZ_CHECK(r.status == 400 || r.status == 413);
      FUZZ_CHECK(!r.reason.empty());
      continue;
    }
    FUZZ_CHECK(r.status == 0);
    FUZZ_CHECK(r.form->fields.fields.size() + r.form->files.size() <= limits.max_parts);
    FUZZ_CHECK(r.form->files.size() <= limits.max_files);
    size_t bytes = 0;
    for (const auto& [name, value] : r.form->fields.fields) {
      FUZZ_CHECK(http::valid_utf8(name) && http::valid_utf8(value));
      FUZZ_CHECK(value.size() <= limits.max_field_bytes);
      bytes += value.size();
    }
    for (const auto& f : r.form->files) bytes += f.data.size();
    FUZZ_CHECK(bytes <= body.size());
  }
  return 0;
}
