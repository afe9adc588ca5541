#pragma once
// multipart/form-data bodies (RFC 7578 over RFC 2046): the forms that carry
// files. Text fields land in a Form exactly like an urlencoded body's (so the
// CSRF token is read from the field _dp_csrf_token the same way); file parts
// keep their bytes, the filename and the type the browser claimed — callers
// must treat all three as untrusted (attachments/names.h).
//
// The parser is a pure function of its input and limits: no allocation beyond
// the parts it returns (each a copy of its bytes), linear time in the body
// (the delimiter is found with a Boyer-Moore-Horspool search), thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.h"

namespace deskd::http {

struct FilePart {
  std::string field;         // the form field's name, e.g. "attachments"
  std::string filename;      // as sent ("" when the browser sent no file)
  std::string content_type;  // the part's Content-Type header, "" when absent
  std::string data;
};

struct MultipartLimits {
  size_t max_parts = 64;                // text fields and files together
  size_t max_files = 20;                // parts with a filename parameter
  size_t max_part_head_bytes = 4096;    // the header block of one part
  size_t max_field_bytes = 256 * 1024;  // the value of one text field
};

struct MultipartForm {
  Form fields;  // text parts in order; names and values valid UTF-8
  std::vector<FilePart> files;
};

// What became of a body: a form, or the HTTP status to answer (400 for a
// malformed body, 413 for one over a limit) and a short reason for the log.
struct MultipartResult {
  std::optional<MultipartForm> form;
  int status = 0;
  std::string reason;
};

// True when `content_type` names multipart/form-data (any case, any parameters).
bool is_multipart_form_data(std::string_view content_type);

// The boundary parameter of a multipart/form-data Content-Type, token or
// quoted: 1-70 characters of RFC 2046's bchars, not ending in a space.
// nullopt when absent or not of that form.
std::optional<std::string> form_data_boundary(std::string_view content_type);

// Parses `body` split by `boundary` (as returned by form_data_boundary).
// Malformed (400): no opening delimiter, no closing delimiter, a part without
// a blank line after its headers, a header line without ':' or folded, a part
// without `Content-Disposition: form-data; name="..."`, a text field or name
// that is not UTF-8. Over a limit (413): too many parts or files, a part's
// headers or a text field too large. Anything before the first delimiter
// (preamble) and after the closing one (epilogue) is ignored.
MultipartResult parse_multipart(std::string_view body, std::string_view boundary, const MultipartLimits& limits = {});

}  // namespace deskd::http
