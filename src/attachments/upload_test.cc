#include "attachments/upload.h"

#include <gtest/gtest.h>

namespace deskd::attachments {
namespace {

http::FilePart part(std::string field, std::string name, std::string type, std::string data) {
  return {std::move(field), std::move(name), std::move(type), std::move(data)};
}

TEST(CollectUploads, TakesTheAttachmentsFieldWithSafeNamesAndTypes) {
  Uploads u = collect_uploads({part("attachments", "C:\\tmp\\a.png", "Image/PNG", "png-bytes"),
                               part("other", "b.txt", "text/plain", "ignored"),
                               part("attachments", "", "application/octet-stream", ""),  // no file chosen
                               part("attachments", "empty.txt", "", "")},                 // a 0-byte file
                              100);
  EXPECT_EQ(u.too_large, "");
  ASSERT_EQ(u.items.size(), 2u);
  EXPECT_EQ(u.items[0].filename, "a.png");
  EXPECT_EQ(u.items[0].content_type, "image/png");
  EXPECT_EQ(u.items[0].bytes, "png-bytes");
  EXPECT_EQ(u.items[1].filename, "empty.txt");
  EXPECT_EQ(u.items[1].content_type, "application/octet-stream");
  EXPECT_EQ(u.items[1].bytes, "");
}

TEST(CollectUploads, OneFileOverTheLimitRefusesAll) {
  Uploads u = collect_uploads(
      {part("attachments", "ok.txt", "text/plain", "12345"), part("attachments", "big\r\n.bin", "", "123456")}, 5);
  EXPECT_EQ(u.too_large, "big.bin");
  EXPECT_TRUE(u.items.empty());
  EXPECT_EQ(collect_uploads({part("attachments", "exact.txt", "", "12345")}, 5).items.size(), 1u);
}

}  // namespace
}  // namespace deskd::attachments
