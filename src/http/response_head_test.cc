#include "http/response_head.h"

#include <gtest/gtest.h>

namespace deskd::http {
namespace {

Response page() {
  Response res;
  res.status = 200;
  res.add_header("Content-Type", "text/html; charset=utf-8");
  res.add_header("Set-Cookie", "a=1; Path=/");
  res.add_header("Set-Cookie", "b=2; Path=/");
  res.body = "<p>hi</p>";
  return res;
}

TEST(ResponseHeadTest, KeepsHeadersInOrderAndFramesTheBody) {
  EXPECT_EQ(response_head(page(), 11, true),
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nSet-Cookie: a=1; Path=/\r\n"
            "Set-Cookie: b=2; Path=/\r\nContent-Length: 9\r\n\r\n");
}

TEST(ResponseHeadTest, SaysConnectionCloseOnlyWhereTheVersionNeedsIt) {
  EXPECT_NE(response_head(page(), 11, false).find("\r\nConnection: close\r\n\r\n"), std::string::npos);
  EXPECT_EQ(response_head(page(), 11, true).find("Connection"), std::string::npos);
  EXPECT_TRUE(response_head(page(), 10, true).starts_with("HTTP/1.0 200 OK\r\n"));
  EXPECT_NE(response_head(page(), 10, true).find("\r\nConnection: keep-alive\r\n\r\n"), std::string::npos);
  EXPECT_EQ(response_head(page(), 10, false).find("Connection"), std::string::npos);
}

struct Fixed final : BodySource {
  std::optional<uint64_t> size;
  std::optional<uint64_t> length() const override { return size; }
  Result<size_t> read(char*, size_t) override { return size_t{0}; }
};

Response streamed(std::optional<uint64_t> size) {
  Response res;
  res.add_header("Content-Type", "application/json");
  res.add_header("Transfer-Encoding", "gzip");  // the server decides framing
  auto source = std::make_shared<Fixed>();
  source->size = size;
  res.stream = source;
  return res;
}

TEST(ResponseHeadTest, FramesAStreamByItsLengthOrChunked) {
  EXPECT_EQ(response_head(streamed(123456789012), 11, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 123456789012\r\n\r\n");
  EXPECT_EQ(response_head(streamed(std::nullopt), 11, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  EXPECT_FALSE(body_is_chunked(streamed(5), 11));
  EXPECT_TRUE(body_is_chunked(streamed(std::nullopt), 11));
  EXPECT_FALSE(body_needs_close(streamed(std::nullopt), 11));
  // HTTP/1.0 has no chunked coding: the close ends the body.
  EXPECT_EQ(response_head(streamed(std::nullopt), 10, false),
            "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n");
  EXPECT_FALSE(body_is_chunked(streamed(std::nullopt), 10));
  EXPECT_TRUE(body_needs_close(streamed(std::nullopt), 10));
  EXPECT_FALSE(body_needs_close(page(), 10));
}

TEST(ResponseHeadTest, NoValueCanStartAHeaderOfItsOwn) {
  Response res;
  res.status = 303;
  res.add_header("Location", "/x\r\nSet-Cookie: evil=1");
  res.add_header("X-A\nB", std::string("v\0w", 3));
  const std::string head = response_head(res, 11, true);
  EXPECT_EQ(head,
            "HTTP/1.1 303 See Other\r\nLocation: /x  Set-Cookie: evil=1\r\nX-A B: v w\r\nContent-Length: 0\r\n\r\n");
}

TEST(ResponseHeadTest, TheServerAloneDecidesFraming) {
  Response res = page();
  res.add_header("Content-Length", "999");
  res.add_header("connection", "keep-alive");
  const std::string head = response_head(res, 11, false);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_EQ(head.find("keep-alive"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 9\r\n"), std::string::npos);
}

}  // namespace
}  // namespace deskd::http
