#pragma once
// Backend-independent conformance tests for storage::AttachmentStore, run by
// every backend's StorageConformanceTest instantiation (include this header in
// the same translation unit as storage_conformance.h). The contract is the one
// documented on AttachmentStore in storage/attachment_store.h.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/crypto.h"
#include "storage/attachment_store.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"

namespace deskd::storage::conformance {

// Every byte value, so a backend that stores text instead of bytes (NUL,
// invalid UTF-8) fails.
inline std::string every_byte(size_t repeat) {
  std::string s;
  for (size_t r = 0; r < repeat; ++r)
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
  return s;
}

inline NewAttachment attachment_spec(std::string name, std::string bytes, std::string type = "application/pdf") {
  NewAttachment a;
  a.filename = std::move(name);
  a.content_type = std::move(type);
  a.bytes = std::move(bytes);
  return a;
}

TEST_P(StorageConformanceTest, AttachmentsRoundTripBytesExactlyUnderTheirSha256) {
  Result<Ticket> t = storage_->tickets().create(ticket_spec("ATT1-0001", 1000));
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  Result<std::vector<TicketMessage>> msgs = storage_->tickets().messages(t->id);
  ASSERT_TRUE(msgs.is_ok() && msgs->size() == 1u);
  const int64_t message_id = (*msgs)[0].id;

  const std::string bytes = every_byte(40);  // 10 KiB with NUL and high bytes
  NewAttachment inline_image = attachment_spec("logo.png", "\x89PNG\r\n\x1a\n", "image/png");
  inline_image.content_id = "logo@example.com";
  Result<std::vector<Attachment>> added = storage_->attachments().add(
      message_id, {attachment_spec("report.pdf", bytes), inline_image, attachment_spec("empty.txt", "", "text/plain")},
      2000);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  ASSERT_EQ(added->size(), 3u);
  const Attachment& a = (*added)[0];
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.ticket_id, t->id);
  EXPECT_EQ(a.message_id, message_id);
  EXPECT_EQ(a.filename, "report.pdf");
  EXPECT_EQ(a.content_type, "application/pdf");
  EXPECT_EQ(a.sha256, sha256_hex(bytes));
  EXPECT_EQ(a.size, static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(a.created_ms, 2000);
  EXPECT_EQ((*added)[1].content_id, "logo@example.com");
  EXPECT_EQ((*added)[2].size, 0);
  EXPECT_EQ((*added)[2].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  Result<Attachment> found = storage_->attachments().find(a.id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->filename, "report.pdf");
  EXPECT_EQ(found->sha256, a.sha256);
  EXPECT_EQ(found->size, a.size);
  EXPECT_EQ(found->ticket_id, t->id);

  Result<std::string> content = storage_->attachments().content(a.sha256);
  ASSERT_TRUE(content.is_ok()) << content.status().to_string();
  EXPECT_TRUE(*content == bytes);
  Result<std::string> empty = storage_->attachments().content((*added)[2].sha256);
  ASSERT_TRUE(empty.is_ok()) << empty.status().to_string();
  EXPECT_EQ(*empty, "");
  Result<std::string> png = storage_->attachments().content((*added)[1].sha256);
  ASSERT_TRUE(png.is_ok());
  EXPECT_EQ(*png, std::string("\x89PNG\r\n\x1a\n"));
}

// What a streamed download reads: slices that put back together are the bytes.
TEST_P(StorageConformanceTest, AttachmentContentRangesAreSlicesOfTheBytes) {
  Result<Ticket> t = storage_->tickets().create(ticket_spec("ATT9-0001", 1000));
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  Result<std::vector<TicketMessage>> msgs = storage_->tickets().messages(t->id);
  ASSERT_TRUE(msgs.is_ok() && msgs->size() == 1u);
  const std::string bytes = every_byte(800);  // 200 KiB with NUL and high bytes
  Result<std::vector<Attachment>> added = storage_->attachments().add(
      (*msgs)[0].id, {attachment_spec("big.bin", bytes), attachment_spec("empty.txt", "", "text/plain")}, 2000);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  const std::string sha = (*added)[0].sha256;
  auto& store = storage_->attachments();

  std::string joined;
  for (int64_t at = 0;; at += 65536) {
    Result<std::string> piece = store.content_range(sha, at, 65536);
    ASSERT_TRUE(piece.is_ok()) << piece.status().to_string();
    if (piece->empty()) break;
    EXPECT_LE(piece->size(), 65536u);
    joined += *piece;
  }
  EXPECT_TRUE(joined == bytes);
  EXPECT_EQ(*store.content_range(sha, 1, 3), bytes.substr(1, 3));
  EXPECT_EQ(*store.content_range(sha, static_cast<int64_t>(bytes.size()) - 2, 100), bytes.substr(bytes.size() - 2));
  EXPECT_EQ(*store.content_range(sha, static_cast<int64_t>(bytes.size()) + 5, 100), "");
  EXPECT_EQ(*store.content_range(sha, 10, 0), "");
  EXPECT_EQ(*store.content_range((*added)[1].sha256, 0, 100), "");
  EXPECT_EQ(store.content_range(sha256_hex("never stored"), 0, 10).status().code(), Code::kNotFound);
  EXPECT_EQ(store.content_range(sha, -1, 10).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, AttachmentsWithTheSameBytesShareOneBlob) {
  Result<Ticket> t1 = storage_->tickets().create(ticket_spec("ATT2-0001", 1000));
  Result<Ticket> t2 = storage_->tickets().create(ticket_spec("ATT2-0002", 1000));
  ASSERT_TRUE(t1.is_ok() && t2.is_ok());
  NewTicketMessage reply;
  reply.ticket_id = t1->id;
  reply.author = TicketAuthor::kAgent;
  reply.author_name = "Agent";
  reply.body = "see attached";
  reply.created_ms = 1500;
  Result<TicketMessage> m2 = storage_->tickets().add_message(reply);
  ASSERT_TRUE(m2.is_ok());
  const int64_t first1 = (*storage_->tickets().messages(t1->id))[0].id;
  const int64_t first2 = (*storage_->tickets().messages(t2->id))[0].id;

  const std::string bytes = every_byte(3);
  ASSERT_TRUE(storage_->attachments().add(m2->id, {attachment_spec("b.bin", "other")}, 1600).is_ok());
  Result<std::vector<Attachment>> a = storage_->attachments().add(first1, {attachment_spec("a.bin", bytes)}, 1600);
  Result<std::vector<Attachment>> b =
      storage_->attachments().add(first2, {attachment_spec("renamed.bin", bytes), attachment_spec("c.bin", bytes)}, 1700);
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  EXPECT_EQ((*a)[0].sha256, (*b)[0].sha256);
  EXPECT_NE((*a)[0].id, (*b)[0].id);
  EXPECT_NE((*b)[0].id, (*b)[1].id);
  EXPECT_EQ((*b)[1].filename, "c.bin");
  Result<std::string> content = storage_->attachments().content((*a)[0].sha256);
  ASSERT_TRUE(content.is_ok());
  EXPECT_TRUE(*content == bytes);

  // Each ticket lists only its own, by message then id.
  Result<std::vector<Attachment>> list1 = storage_->attachments().list_for_ticket(t1->id);
  ASSERT_TRUE(list1.is_ok()) << list1.status().to_string();
  ASSERT_EQ(list1->size(), 2u);
  EXPECT_EQ((*list1)[0].filename, "a.bin");  // the first message comes first
  EXPECT_EQ((*list1)[1].filename, "b.bin");
  Result<std::vector<Attachment>> list2 = storage_->attachments().list_for_ticket(t2->id);
  ASSERT_TRUE(list2.is_ok());
  ASSERT_EQ(list2->size(), 2u);
  EXPECT_EQ((*list2)[0].filename, "renamed.bin");
  EXPECT_EQ((*list2)[0].ticket_id, t2->id);
  Result<std::vector<Attachment>> none = storage_->attachments().list_for_ticket(999999);
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageConformanceTest, AttachmentsRefuseUnknownMessagesAndEmptyNames) {
  Result<Ticket> t = storage_->tickets().create(ticket_spec("ATT3-0001", 1000));
  ASSERT_TRUE(t.is_ok());
  const int64_t message_id = (*storage_->tickets().messages(t->id))[0].id;

  Result<std::vector<Attachment>> unknown =
      storage_->attachments().add(message_id + 1000, {attachment_spec("x.bin", "unknown-message bytes")}, 1);
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  // Nothing of the refused call was stored.
  EXPECT_EQ(storage_->attachments().content(sha256_hex("unknown-message bytes")).status().code(), Code::kNotFound);

  EXPECT_EQ(storage_->attachments().add(message_id, {attachment_spec("", "x")}, 1).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(storage_->attachments().add(message_id, {attachment_spec("x", "x", "")}, 1).status().code(),
            Code::kInvalidArgument);
  Result<std::vector<Attachment>> nothing = storage_->attachments().add(message_id, {}, 1);
  ASSERT_TRUE(nothing.is_ok());
  EXPECT_TRUE(nothing->empty());

  EXPECT_EQ(storage_->attachments().find(424242).status().code(), Code::kNotFound);
  EXPECT_EQ(storage_->attachments().content(sha256_hex("never stored")).status().code(), Code::kNotFound);
  Result<std::vector<Attachment>> list = storage_->attachments().list_for_ticket(t->id);
  ASSERT_TRUE(list.is_ok());
  EXPECT_TRUE(list->empty());
}

}  // namespace deskd::storage::conformance
