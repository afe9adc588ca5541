#pragma once
// The HTTP answer that hands an attachment's bytes to someone already allowed
// to see its ticket (the caller checks that; see helpcenter/ and agent/).
//
// The answer never lets the bytes act as a page of the helpdesk: it is a
// download (Content-Disposition: attachment) unless displays_inline() says the
// bytes are a plain image, its type is not sniffed (nosniff), and a sandboxing
// CSP makes anything a browser does render an opaque-origin document without
// scripts, plugins or forms.
#include <string>

#include "http/message.h"
#include "storage/attachment_store.h"

namespace deskd::attachments {

inline constexpr std::string_view kDownloadCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

// 200 with `bytes` as the body and the headers above; Cache-Control private
// (the bytes are as private as the ticket).
http::Response download_response(const storage::Attachment& attachment, std::string bytes);

}  // namespace deskd::attachments
