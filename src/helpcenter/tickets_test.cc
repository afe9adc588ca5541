#include "helpcenter/tickets.h"

#include <gtest/gtest.h>

#include "helpcenter/tickets_render.h"

namespace deskd::helpcenter {
namespace {

NewTicketInput good() {
  NewTicketInput in;
  in.name = "Ann Ærø";
  in.email = "ann@example.com";
  in.subject = "Printer";
  in.message = "It ate my invoice.";
  return in;
}

TEST(TicketInput, AcceptsAReasonableRequest) {
  EXPECT_EQ(ticket_input_problem(good()), "");
}

TEST(TicketInput, NormalizesWhatIsStored) {
  NewTicketInput in = good();
  in.name = "  Ann  ";
  in.email = " Ann@Example.COM ";
  in.subject = "\tPrinter ";
  in.message = "\r\nline one\r\nline two\rline three\n\n";
  const NewTicketInput out = normalized(in);
  EXPECT_EQ(out.name, "Ann");
  EXPECT_EQ(out.email, "ann@example.com");
  EXPECT_EQ(out.subject, "Printer");
  EXPECT_EQ(out.message, "line one\nline two\nline three");
}

TEST(TicketInput, NameLimits) {
  NewTicketInput in = good();
  in.name = "   ";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.name");
  in.name = std::string(100, 'a');
  EXPECT_EQ(ticket_input_problem(in), "");
  in.name = std::string(101, 'a');
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.name");
  in.name.clear();
  for (int i = 0; i < 100; ++i) in.name += "æ";  // 100 characters, 200 bytes
  EXPECT_EQ(ticket_input_problem(in), "");
  in.name = "Ann\nBcc: x@y.z";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.name");
  in.name = "Ann\xff";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.name");
}

TEST(TicketInput, EmailLimits) {
  NewTicketInput in = good();
  for (const char* bad : {"", "ann", "ann@", "@example.com", "ann@example", "a b@example.com", "ann@exa mple.com"}) {
    in.email = bad;
    EXPECT_EQ(ticket_input_problem(in), "tickets.error.email") << bad;
  }
  std::string domain;
  for (int i = 0; i < 4; ++i) domain += std::string(49, 'x') + ".";
  in.email = "ann@" + domain + std::string(46, 'y') + ".com";
  ASSERT_EQ(in.email.size(), 254u);
  EXPECT_EQ(ticket_input_problem(in), "");
  in.email = "ann@" + domain + std::string(47, 'y') + ".com";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.email");
}

TEST(TicketInput, SubjectLimits) {
  NewTicketInput in = good();
  in.subject = "";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.subject");
  in.subject = std::string(200, 's');
  EXPECT_EQ(ticket_input_problem(in), "");
  in.subject = std::string(201, 's');
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.subject");
  in.subject = "Hi\r\nX-Injected: 1";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.subject");
}

TEST(TicketInput, MessageLimits) {
  NewTicketInput in = good();
  in.message = " \n ";
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.message");
  in.message = std::string(20000, 'm');
  EXPECT_EQ(ticket_input_problem(in), "");
  in.message = std::string(20001, 'm');
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.message");
  in.message = "tabs\tand\nnewlines are fine";
  EXPECT_EQ(ticket_input_problem(in), "");
  in.message = std::string("nul\0byte", 8);
  EXPECT_EQ(ticket_input_problem(in), "tickets.error.message");
  EXPECT_EQ(ticket_message_problem("\xc3\x28"), "tickets.error.message");
  EXPECT_EQ(ticket_message_problem("<script>alert(1)</script>"), "");
}

TEST(TicketRender, WhenIsLocalizedWithUtcTime) {
  // 2023-08-10 14:03:07 UTC
  EXPECT_EQ(ticket_when("en", 1691676187000), "10 August 2023, 14:03 UTC");
  EXPECT_EQ(ticket_when("da", 1691676187000), "10. august 2023, 14:03 UTC");
}

TEST(TicketRender, PageNumbers) {
  EXPECT_EQ(parse_ticket_page(""), std::optional<int>(1));
  EXPECT_EQ(parse_ticket_page("3"), std::optional<int>(3));
  EXPECT_EQ(parse_ticket_page("0"), std::nullopt);
  EXPECT_EQ(parse_ticket_page("-1"), std::nullopt);
  EXPECT_EQ(parse_ticket_page("1e3"), std::nullopt);
  EXPECT_EQ(parse_ticket_page("999999"), std::nullopt);
}

}  // namespace
}  // namespace deskd::helpcenter
