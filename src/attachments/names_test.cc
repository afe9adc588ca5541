#include "attachments/names.h"

#include <gtest/gtest.h>

namespace deskd::attachments {
namespace {

TEST(SafeFilename, KeepsTheLastPathComponentOnly) {
  EXPECT_EQ(safe_filename("C:\\Users\\ann\\report.pdf"), "report.pdf");
  EXPECT_EQ(safe_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_filename("dir/"), "attachment");
  EXPECT_EQ(safe_filename(".."), "attachment");
  EXPECT_EQ(safe_filename(""), "attachment");
  EXPECT_EQ(safe_filename("   "), "attachment");
}

TEST(SafeFilename, DropsControlCharactersAndRepairsUtf8) {
  EXPECT_EQ(safe_filename("evil\r\nSet-Cookie: x=1.txt"), "evilSet-Cookie: x=1.txt");
  EXPECT_EQ(safe_filename(std::string("a\0b.txt", 7)), "ab.txt");
  EXPECT_EQ(safe_filename("caf\xE9.txt"), "caf_.txt");          // Latin-1 byte
  EXPECT_EQ(safe_filename("\xC0\xAF.txt"), "__.txt");           // overlong '/'
  EXPECT_EQ(safe_filename("x\xC2\x85y"), "xy");                 // C1 NEL
  EXPECT_EQ(safe_filename("Ærø \"quoted\".pdf"), "Ærø \"quoted\".pdf");
  EXPECT_EQ(safe_filename("  spaced.txt\t"), "spaced.txt");
}

TEST(SafeFilename, CutsLongNamesAtACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 150; ++i) name += "ø";  // 2 bytes each
  const std::string safe = safe_filename(name);
  EXPECT_EQ(safe.size(), kMaxFilenameBytes);
  const std::string odd = safe_filename("x" + name);
  EXPECT_EQ(odd.size(), kMaxFilenameBytes - 1);  // never half a character
}

TEST(NormalizedContentType, KeepsWellFormedTypesOnly) {
  EXPECT_EQ(normalized_content_type("image/PNG"), "image/png");
  EXPECT_EQ(normalized_content_type("text/plain; charset=utf-8"), "text/plain");
  EXPECT_EQ(normalized_content_type("application/vnd.ms-excel"), "application/vnd.ms-excel");
  EXPECT_EQ(normalized_content_type(""), "application/octet-stream");
  EXPECT_EQ(normalized_content_type("text"), "application/octet-stream");
  EXPECT_EQ(normalized_content_type("text/html\r\nX-Evil: 1"), "application/octet-stream");
  EXPECT_EQ(normalized_content_type("a/b/c"), "application/octet-stream");
  EXPECT_EQ(normalized_content_type("/plain"), "application/octet-stream");
}

TEST(DisplaysInline, OnlyImagesWhoseBytesMatchTheirType) {
  EXPECT_TRUE(displays_inline("image/png", std::string("\x89PNG\r\n\x1a\n....", 12)));
  EXPECT_TRUE(displays_inline("image/jpeg", "\xFF\xD8\xFF\xE0"));
  EXPECT_TRUE(displays_inline("image/gif", "GIF89a..."));
  EXPECT_TRUE(displays_inline("image/webp", std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)));
  EXPECT_FALSE(displays_inline("image/png", "<html><script>alert(1)</script>"));
  EXPECT_FALSE(displays_inline("image/svg+xml", "<svg onload=alert(1)>"));
  EXPECT_FALSE(displays_inline("text/html", "<html>"));
  EXPECT_FALSE(displays_inline("image/png", ""));
}

TEST(ContentDisposition, EncodesNamesPerRfc6266) {
  EXPECT_EQ(content_disposition("report.pdf", false),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  EXPECT_EQ(content_disposition("logo.png", true), "inline; filename=\"logo.png\"; filename*=UTF-8''logo.png");
  EXPECT_EQ(content_disposition("Ærø \"x\".pdf", false),
            "attachment; filename=\"_r_ _x_.pdf\"; filename*=UTF-8''%C3%86r%C3%B8%20%22x%22.pdf");
  EXPECT_EQ(content_disposition("a\\b%41;c", false),
            "attachment; filename=\"a_b_41;c\"; filename*=UTF-8''a%5Cb%2541%3Bc");
  // Nothing a name holds can end the header or start another.
  const std::string hostile = content_disposition("x\r\nSet-Cookie: a=b", false);
  EXPECT_EQ(hostile.find('\r'), std::string::npos);
  EXPECT_EQ(hostile.find('\n'), std::string::npos);
  EXPECT_EQ(content_disposition("", false), "attachment; filename=\"attachment\"; filename*=UTF-8''attachment");
}

}  // namespace
}  // namespace deskd::attachments
