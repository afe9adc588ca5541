#include "http/framing.h"

#include <gtest/gtest.h>

namespace deskd::http {
namespace {

Headers with_host(Headers extra) {
  Headers h = {{"Host", "help.example.com"}};
  h.insert(h.end(), extra.begin(), extra.end());
  return h;
}

TEST(FramingTest, PlainRequestsPass) {
  EXPECT_EQ(check_framing(11, with_host({})), FramingError::kNone);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "12"}})), FramingError::kNone);
  EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", "chunked"}})), FramingError::kNone);
  EXPECT_EQ(check_framing(11, with_host({{"transfer-encoding", "Chunked"}})), FramingError::kNone);
}

TEST(FramingTest, TransferEncodingMustBeExactlyChunked) {
  for (const char* te : {"gzip, chunked", "chunked, chunked", "identity", "xchunked", "chunked;x=1", "", "gzip"}) {
    EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", te}})), FramingError::kTransferEncoding) << te;
  }
  EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}})),
            FramingError::kTransferEncoding);
  EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}})),
            FramingError::kTransferEncoding);
}

TEST(FramingTest, TransferEncodingInHttp10IsRefused) {
  EXPECT_EQ(check_framing(10, {{"Transfer-Encoding", "chunked"}}), FramingError::kTransferEncoding);
}

TEST(FramingTest, TransferEncodingWithContentLengthIsRefused) {
  EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}})),
            FramingError::kTransferEncodingWithContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}})),
            FramingError::kTransferEncodingWithContentLength);
  // A coding other than chunked is refused for that alone.
  EXPECT_EQ(check_framing(11, with_host({{"Transfer-Encoding", "identity"}, {"Content-Length", "5"}})),
            FramingError::kTransferEncoding);
}

TEST(FramingTest, ContentLengthValuesMustAgree) {
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "5"}, {"Content-Length", "6"}})),
            FramingError::kContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "5, 6"}})), FramingError::kContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "-1"}})), FramingError::kContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "+5"}})), FramingError::kContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", ""}})), FramingError::kContentLength);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "99999999999999999999999"}})),
            FramingError::kContentLength);
  // The same value repeated is one length (RFC 9112 §6.3 lets a recipient accept it).
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "5"}, {"Content-Length", "5"}})), FramingError::kNone);
  EXPECT_EQ(check_framing(11, with_host({{"Content-Length", "5, 5"}})), FramingError::kNone);
}

TEST(FramingTest, HostRules) {
  EXPECT_EQ(check_framing(11, {}), FramingError::kMissingHost);
  EXPECT_EQ(check_framing(10, {}), FramingError::kNone);
  EXPECT_EQ(check_framing(11, {{"Host", "a.example"}, {"Host", "a.example"}}), FramingError::kDuplicateHost);
  EXPECT_EQ(check_framing(10, {{"Host", "a.example"}, {"host", "b.example"}}), FramingError::kDuplicateHost);
  EXPECT_EQ(check_framing(11, {{"Host", ""}}), FramingError::kInvalidHost);
  EXPECT_EQ(check_framing(10, {{"Host", "a b"}}), FramingError::kInvalidHost);
}

TEST(FramingTest, ValidHostValues) {
  for (const char* h : {"help.example.com", "help.example.com:443", "127.0.0.1", "127.0.0.1:8080", "localhost", "[::1]",
                        "[::1]:8080", "[2001:db8::1]:65535", "xn--bcher-kva.example", "a_b-c~d"}) {
    EXPECT_TRUE(valid_host_header(h)) << h;
  }
}

TEST(FramingTest, InvalidHostValues) {
  for (const char* h : {"",
                        ":80",
                        "a.example:",
                        "a.example:65536",
                        "a.example:123456",
                        "a.example:8o",
                        "a.example:-1",
                        "a.example:80:80",
                        "user@a.example",
                        "a.example/path",
                        "a.example?q",
                        "a.example#f",
                        "a b",
                        "a,b",
                        "a%20b",
                        "[::1",
                        "::1",
                        "[::1]x",
                        "[::1]:",
                        "[not-v6]",
                        "[]",
                        "a\tb",
                        "\xc3\xa9.example",
                        "a.example\r\nX: y"}) {
    EXPECT_FALSE(valid_host_header(h)) << h;
  }
}

}  // namespace
}  // namespace deskd::http
