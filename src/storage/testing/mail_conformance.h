#pragma once
// Backend-independent conformance tests for storage::MailStore (the contract
// documented in storage/mail_store.h), run by every backend's
// StorageConformanceTest instantiation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/mail_store.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"

namespace deskd::storage::conformance {

inline InboundMail inbound(std::string message_id, std::string sender = "guest@example.com") {
  InboundMail m;
  m.message_id = std::move(message_id);
  m.sender = std::move(sender);
  m.original_body = "whole text\n> quoted";
  return m;
}

inline NewAttachment mail_file(std::string name, std::string bytes, std::string content_id = "") {
  NewAttachment a;
  a.filename = std::move(name);
  a.content_type = "application/octet-stream";
  a.content_id = std::move(content_id);
  a.bytes = std::move(bytes);
  return a;
}

TEST_P(StorageConformanceTest, MailCreateTicketStoresAttachmentsInTheSameTransaction) {
  MailStore& mail = storage_->mail();
  InboundMail in = inbound("files@client.test");
  in.attachments = {mail_file("report.pdf", std::string("%PDF\0\xff", 6)), mail_file("empty.txt", ""),
                    mail_file("shot.png", "png bytes", "shot@client.test")};
  NewTicket spec = ticket_spec("MAIL-0101", 1000);
  spec.channel = TicketChannel::kMail;
  Result<Ticket> t = mail.create_ticket(spec, in);
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  EXPECT_EQ(t->channel, TicketChannel::kMail);
  EXPECT_EQ(storage_->tickets().find_by_ref("MAIL-0101")->channel, TicketChannel::kMail) << "the channel is stored";
  EXPECT_EQ(storage_->tickets().create(ticket_spec("CHAN-0001", 1000))->channel, TicketChannel::kPortal);
  EXPECT_EQ(storage_->tickets().find_by_ref("CHAN-0001")->channel, TicketChannel::kPortal) << "the default";
  Result<std::vector<Attachment>> files = storage_->attachments().list_for_ticket(t->id);
  ASSERT_TRUE(files.is_ok());
  ASSERT_EQ(files->size(), 3u);
  const int64_t first_message = (*storage_->tickets().messages(t->id))[0].id;
  EXPECT_EQ((*files)[0].message_id, first_message);
  EXPECT_EQ((*files)[0].filename, "report.pdf");
  EXPECT_EQ((*files)[0].size, 6);
  EXPECT_EQ(*storage_->attachments().content((*files)[0].sha256), std::string("%PDF\0\xff", 6));
  EXPECT_EQ((*files)[1].size, 0);
  EXPECT_EQ(*storage_->attachments().content((*files)[1].sha256), "");
  EXPECT_EQ((*files)[2].content_id, "shot@client.test");

  // A duplicate Message-ID stores neither a ticket nor files.
  Result<Ticket> again = mail.create_ticket(ticket_spec("MAIL-0102", 2000), in);
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(storage_->attachments().list_for_ticket(t->id)->size(), 3u);

  // A file the store refuses leaves nothing behind: no ticket, no mail row.
  InboundMail bad = inbound("bad-file@client.test");
  bad.attachments = {mail_file("ok.txt", "fine"), mail_file("", "nameless")};
  EXPECT_EQ(mail.create_ticket(ticket_spec("MAIL-0103", 3000), bad).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(storage_->tickets().find_by_ref("MAIL-0103").status().code(), Code::kNotFound);
  EXPECT_FALSE(*mail.known("bad-file@client.test"));
}

TEST_P(StorageConformanceTest, MailAddMessageStoresAttachmentsOnce) {
  MailStore& mail = storage_->mail();
  Result<Ticket> t = mail.create_ticket(ticket_spec("MAIL-0104", 1000), inbound("thread@client.test"));
  ASSERT_TRUE(t.is_ok());
  NewTicketMessage reply;
  reply.ticket_id = t->id;
  reply.author_name = "Ann Guest";
  reply.body = "the log";
  reply.created_ms = 5000;
  InboundMail in = inbound("reply-files@client.test");
  in.attachments = {mail_file("log.txt", "line 1\n"), mail_file("copy.txt", "line 1\n")};
  Result<TicketMessage> m = mail.add_message(reply, in);
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(mail.add_message(reply, in).status().code(), Code::kConflict);
  Result<std::vector<Attachment>> files = storage_->attachments().list_for_ticket(t->id);
  ASSERT_TRUE(files.is_ok());
  ASSERT_EQ(files->size(), 2u) << "the duplicate added no rows";
  EXPECT_EQ((*files)[0].message_id, m->id);
  EXPECT_EQ((*files)[0].sha256, (*files)[1].sha256) << "same bytes, one digest";
  EXPECT_EQ(storage_->tickets().messages(t->id)->size(), 2u);

  InboundMail bad = inbound("reply-bad@client.test");
  bad.attachments = {mail_file("x.txt", "x")};
  bad.attachments[0].content_type = "";
  EXPECT_EQ(mail.add_message(reply, bad).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(storage_->tickets().messages(t->id)->size(), 2u);
  EXPECT_FALSE(*mail.known("reply-bad@client.test"));
}

TEST_P(StorageConformanceTest, MailCreateTicketStoresTicketAndMailAtomically) {
  MailStore& mail = storage_->mail();
  Result<Ticket> t = mail.create_ticket(ticket_spec("MAIL-0001", 1000), inbound("m1@client.test"));
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  EXPECT_TRUE(*mail.known("m1@client.test"));
  EXPECT_FALSE(*mail.known("m2@client.test"));
  Result<std::vector<TicketMessage>> msgs = storage_->tickets().messages(t->id);
  ASSERT_TRUE(msgs.is_ok());
  ASSERT_EQ(msgs->size(), 1u);
  EXPECT_EQ(*mail.inbound_messages(t->id), std::vector<int64_t>{(*msgs)[0].id});

  // The same Message-ID again writes nothing: no second ticket.
  Result<Ticket> again = mail.create_ticket(ticket_spec("MAIL-0002", 2000), inbound("m1@client.test"));
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(storage_->tickets().find_by_ref("MAIL-0002").status().code(), Code::kNotFound);
  Result<Ticket> other = mail.create_ticket(ticket_spec("MAIL-0001", 3000), inbound("m3@client.test"));
  EXPECT_EQ(other.status().code(), Code::kConflict) << "ref taken";
  EXPECT_FALSE(*mail.known("m3@client.test")) << "a failed ticket leaves no mail row";
}

TEST_P(StorageConformanceTest, MailAddMessageIsOncePerMessageId) {
  MailStore& mail = storage_->mail();
  Result<Ticket> t = mail.create_ticket(ticket_spec("MAIL-0003", 1000), inbound("first@client.test"));
  ASSERT_TRUE(t.is_ok());
  NewTicketMessage reply;
  reply.ticket_id = t->id;
  reply.author_name = "Ann Guest";
  reply.body = "thanks";
  reply.created_ms = 5000;
  Result<TicketMessage> m = mail.add_message(reply, inbound("second@client.test"));
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(mail.add_message(reply, inbound("second@client.test")).status().code(), Code::kConflict);
  EXPECT_EQ(storage_->tickets().messages(t->id)->size(), 2u);
  EXPECT_EQ(storage_->tickets().find_by_ref("MAIL-0003")->updated_ms, 5000);
  reply.ticket_id = t->id + 1000;
  EXPECT_EQ(mail.add_message(reply, inbound("third@client.test")).status().code(), Code::kNotFound);
  EXPECT_FALSE(*mail.known("third@client.test"));
}

TEST_P(StorageConformanceTest, MailThreadAndFindTicket) {
  MailStore& mail = storage_->mail();
  Result<Ticket> t = mail.create_ticket(ticket_spec("MAIL-0004", 1000), inbound("in1@client.test"));
  ASSERT_TRUE(t.is_ok());
  ASSERT_TRUE(mail.record_outbound(t->id, "out1@help.test", 2000).is_ok());
  ASSERT_TRUE(mail.record_outbound(t->id, "out2@help.test", 3000).is_ok());
  EXPECT_EQ(mail.record_outbound(t->id, "out2@help.test", 3000).code(), Code::kConflict);
  EXPECT_EQ(mail.record_outbound(t->id + 1000, "out9@help.test", 3000).code(), Code::kNotFound);
  EXPECT_EQ(*mail.thread(t->id, 10), (std::vector<std::string>{"in1@client.test", "out1@help.test", "out2@help.test"}));
  EXPECT_EQ(*mail.thread(t->id, 2), (std::vector<std::string>{"out1@help.test", "out2@help.test"}));
  EXPECT_EQ(*mail.find_ticket_ref({"unknown@x", "out1@help.test"}), "MAIL-0004");
  EXPECT_EQ(mail.find_ticket_ref({"unknown@x"}).status().code(), Code::kNotFound);
  EXPECT_EQ(mail.find_ticket_ref({}).status().code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, MailParticipants) {
  MailStore& mail = storage_->mail();
  Person agent = create_person("Agent@Example.com", Role::kAgent);
  Result<Ticket> t = mail.create_ticket(ticket_spec("MAIL-0005", 1000), inbound("p1@client.test", "cc@client.test"));
  ASSERT_TRUE(t.is_ok());
  EXPECT_TRUE(*mail.is_participant(t->id, "cc@client.test"));
  EXPECT_TRUE(*mail.is_participant(t->id, "CC@client.test"));
  EXPECT_FALSE(*mail.is_participant(t->id, "agent@example.com"));
  NewTicketMessage reply;
  reply.ticket_id = t->id;
  reply.author = TicketAuthor::kAgent;
  reply.author_id = agent.id;
  reply.author_name = "Agent";
  reply.body = "on it";
  reply.created_ms = 2000;
  ASSERT_TRUE(storage_->tickets().add_message(reply).is_ok());
  EXPECT_TRUE(*mail.is_participant(t->id, "agent@example.com"));
  EXPECT_FALSE(*mail.is_participant(t->id, "stranger@client.test"));
}

TEST_P(StorageConformanceTest, MailQuarantineKeepsAnyBytes) {
  MailStore& mail = storage_->mail();
  QuarantinedMail q;
  q.received_ms = 1000;
  q.source = MailSource::kImap;
  q.reason = "too many MIME parts";
  q.raw = std::string("From: x\r\n\r\n\0\xff\xfe binary", 19);
  ASSERT_TRUE(mail.quarantine(q).is_ok());
  EXPECT_GT(q.id, 0);
  QuarantinedMail later = q;
  later.received_ms = 2000;
  later.source = MailSource::kPipe;
  ASSERT_TRUE(mail.quarantine(later).is_ok());
  Result<std::vector<QuarantinedMail>> list = mail.quarantined(10);
  ASSERT_TRUE(list.is_ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, later.id);
  EXPECT_EQ((*list)[1].raw, q.raw);
  EXPECT_EQ((*list)[1].source, MailSource::kImap);
  EXPECT_EQ((*list)[1].reason, "too many MIME parts");
  EXPECT_EQ(mail.find_quarantined(q.id)->raw, q.raw);
  ASSERT_TRUE(mail.remove_quarantined(q.id).is_ok());
  EXPECT_EQ(mail.remove_quarantined(q.id).code(), Code::kNotFound);
  EXPECT_EQ(mail.find_quarantined(q.id).status().code(), Code::kNotFound);
  EXPECT_EQ(mail.quarantined(-1).status().code(), Code::kInvalidArgument);
}

// Bytes that were not stored as base64url cannot be handed to an admin as
// "the message": the read fails (Internal, counted), never an empty message.
TEST_P(StorageConformanceTest, MailQuarantineRowWithUnreadableBytesIsAnError) {
  MailStore& mail = storage_->mail();
  QuarantinedMail q;
  q.received_ms = 1000;
  q.source = MailSource::kPipe;
  q.reason = "broken";
  q.raw = "From: x\r\n\r\nbody";
  ASSERT_TRUE(mail.quarantine(q).is_ok());
  Status changed = storage_->personal_sql().write([&](PersonalSql& sql) {
    Result<int64_t> n = sql.run("UPDATE mail_quarantine SET raw_base64 = 'not base64!' WHERE id = ?1", {q.id});
    if (!n) return n.status();
    return *n == 1 ? Status::ok() : internal("no row changed");
  });
  ASSERT_TRUE(changed.is_ok()) << changed.to_string();
  const uint64_t before = unreadable_stored_values();
  EXPECT_EQ(mail.find_quarantined(q.id).status().code(), Code::kInternal);
  EXPECT_EQ(mail.quarantined(10).status().code(), Code::kInternal);
  EXPECT_EQ(unreadable_stored_values(), before + 2);
  ASSERT_TRUE(mail.remove_quarantined(q.id).is_ok());  // the admin can still drop it
}

TEST_P(StorageConformanceTest, OutboxKeepsThreadingHeaders) {
  OutboxMail m;
  m.created_ms = 1;
  m.to = "a@x.test";
  m.subject = "[#REF] s";
  m.body = "b";
  m.kind = "ticket_reply";
  m.message_id = "<o@x.test>";
  m.in_reply_to = "<i@x.test>";
  m.references = "<a@x.test> <i@x.test>";
  m.reply_to = "support@x.test";
  ASSERT_TRUE(storage_->outbox().enqueue(m).is_ok());
  Result<std::vector<OutboxMail>> pending = storage_->outbox().pending(10);
  ASSERT_TRUE(pending.is_ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].message_id, "<o@x.test>");
  EXPECT_EQ((*pending)[0].in_reply_to, "<i@x.test>");
  EXPECT_EQ((*pending)[0].references, "<a@x.test> <i@x.test>");
  EXPECT_EQ((*pending)[0].reply_to, "support@x.test");
  EXPECT_EQ(*storage_->mail().outbox_count("ticket_reply", "A@x.test", 1), 1);
  EXPECT_EQ(*storage_->mail().outbox_count("ticket_reply", "a@x.test", 2), 0);
  EXPECT_EQ(*storage_->mail().outbox_count("other", "a@x.test", 0), 0);
}

}  // namespace deskd::storage::conformance
