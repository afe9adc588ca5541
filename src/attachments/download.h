#pragma once
// The HTTP answer that hands an attachment's bytes to someone already allowed
// to see its ticket (the caller checks that; see helpcenter/ and agent/).
//
// The answer never lets the bytes act as a page of the helpdesk: it is a
// download (Content-Disposition: attachment) unless displays_inline() says the
// bytes are a plain image, its type is not sniffed (nosniff), and a sandboxing
// CSP makes anything a browser does render an opaque-origin document without
// scripts, plugins or forms.
//
// The bytes are streamed: the first slice (kDownloadSliceBytes) is read here,
// the rest by the server a slice at a time through
// AttachmentStore::content_range (http::BodySource), so a download holds one
// slice in memory, not the file. A file that fits in the first slice is sent
// as a plain body.
#include <cstdint>
#include <string>

#include "core/status.h"
#include "http/message.h"
#include "storage/attachment_store.h"

namespace deskd::attachments {

inline constexpr std::string_view kDownloadCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
inline constexpr int64_t kDownloadSliceBytes = 64 * 1024;

// 200 with the attachment's bytes and the headers above; Cache-Control private
// (the bytes are as private as the ticket). NotFound when its bytes are gone.
// Blocks on storage (call on a worker). `store` must outlive the response: the
// server reads the rest of the bytes through it after this returns. If the
// bytes disappear or change size meanwhile (an erase), the server ends the
// response by closing the connection.
Result<http::Response> download_response(storage::AttachmentStore& store, const storage::Attachment& attachment);

}  // namespace deskd::attachments
