#include "http/multipart.h"

#include <gtest/gtest.h>

namespace deskd::http {
namespace {

constexpr std::string_view kBoundary = "----WebKitFormBoundaryx7bQ2";

std::string part(std::string_view headers, std::string_view content) {
  return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n\r\n" + std::string(content) + "\r\n";
}

std::string closing() {
  return "--" + std::string(kBoundary) + "--\r\n";
}

std::string field(std::string_view name, std::string_view value) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"", value);
}

std::string file(std::string_view name, std::string_view filename, std::string_view type, std::string_view data) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"; filename=\"" +
                  std::string(filename) + "\"\r\nContent-Type: " + std::string(type),
              data);
}

TEST(FormDataBoundary, ReadsTokenAndQuotedBoundaries) {
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=----WebKitFormBoundaryx7bQ2"),
            std::optional<std::string>("----WebKitFormBoundaryx7bQ2"));
  EXPECT_EQ(form_data_boundary("Multipart/Form-Data;boundary=\"a b:c\""), std::optional<std::string>("a b:c"));
  EXPECT_EQ(form_data_boundary("multipart/form-data; charset=utf-8; boundary=xyz"),
            std::optional<std::string>("xyz"));
  EXPECT_FALSE(form_data_boundary("multipart/form-data").has_value());
  EXPECT_FALSE(form_data_boundary("multipart/form-data; boundary=").has_value());
  EXPECT_FALSE(form_data_boundary("multipart/form-data; boundary=\"ends with space \"").has_value());
  EXPECT_FALSE(form_data_boundary("multipart/form-data; boundary=" + std::string(71, 'a')).has_value());
  EXPECT_FALSE(form_data_boundary("multipart/form-data; boundary=\"a\r\nb\"").has_value());
  EXPECT_FALSE(form_data_boundary("multipart/mixed; boundary=xyz").has_value());
  EXPECT_FALSE(form_data_boundary("application/x-www-form-urlencoded").has_value());
  EXPECT_TRUE(is_multipart_form_data("multipart/form-data; boundary=x"));
  EXPECT_FALSE(is_multipart_form_data("multipart/form-datax"));
}

TEST(ParseMultipart, ReadsFieldsAndFilesAsABrowserSendsThem) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\r\n--not-the-boundary\r\n", 33);
  const std::string body = field("_dp_csrf_token", "tok123") + field("message", "Hej\r\nmed dig ø") +
                           file("attachments", "shot.png", "image/png", png) +
                           file("attachments", "", "application/octet-stream", "") + closing();
  MultipartResult r = parse_multipart(body, kBoundary);
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  EXPECT_EQ(r.form->fields.get("_dp_csrf_token"), "tok123");
  EXPECT_EQ(r.form->fields.get("message"), "Hej\r\nmed dig ø");
  ASSERT_EQ(r.form->files.size(), 2u);
  EXPECT_EQ(r.form->files[0].field, "attachments");
  EXPECT_EQ(r.form->files[0].filename, "shot.png");
  EXPECT_EQ(r.form->files[0].content_type, "image/png");
  EXPECT_EQ(r.form->files[0].data, png);
  EXPECT_EQ(r.form->files[1].filename, "");  // no file chosen
  EXPECT_EQ(r.form->files[1].data, "");
}

TEST(ParseMultipart, AcceptsPreambleEpilogueEscapesAndFilenameStar) {
  const std::string body = "preamble to ignore\r\n" +
                           part("content-disposition: form-data; name=\"a\\\"b\"; filename=\"x\\\\y.txt\"", "1") +
                           part("Content-Disposition: form-data; name=f; filename=\"fallback.txt\"; "
                                "filename*=UTF-8''%C3%86r%C3%B8.txt",
                                "2") +
                           closing() + "epilogue";
  MultipartResult r = parse_multipart(body, kBoundary);
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  ASSERT_EQ(r.form->files.size(), 2u);
  EXPECT_EQ(r.form->files[0].field, "a\"b");
  EXPECT_EQ(r.form->files[0].filename, "x\\y.txt");
  EXPECT_EQ(r.form->files[1].filename, "Ærø.txt");
}

TEST(ParseMultipart, AnEmptyFormIsJustTheClosingDelimiter) {
  MultipartResult r = parse_multipart(closing(), kBoundary);
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  EXPECT_TRUE(r.form->fields.fields.empty());
  EXPECT_TRUE(r.form->files.empty());
}

TEST(ParseMultipart, MalformedBodiesAre400) {
  auto status = [](const std::string& body) { return parse_multipart(body, kBoundary).status; };
  EXPECT_EQ(status(""), 400);
  EXPECT_EQ(status("no delimiter at all"), 400);
  EXPECT_EQ(status(field("a", "1")), 400);                         // no closing delimiter
  EXPECT_EQ(status(field("a", "1").substr(0, 40)), 400);           // cut short
  EXPECT_EQ(status(part("Content-Type: text/plain", "x") + closing()), 400);  // no disposition
  EXPECT_EQ(status(part("Content-Disposition: attachment; name=\"a\"", "x") + closing()), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data", "x") + closing()), 400);  // no name
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a", "x") + closing()), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\n folded", "x") + closing()), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\nno colon", "x") + closing()), 400);
  EXPECT_EQ(status(field("a", "\xff\xfe") + closing()), 400);  // a text field must be UTF-8
  EXPECT_EQ(status("--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=a\r\n"), 400);
  EXPECT_EQ(status("--" + std::string(kBoundary) + "junk\r\n" + closing()), 400);
  EXPECT_EQ(parse_multipart(closing(), "").status, 400);
}

TEST(ParseMultipart, LimitsAre413) {
  MultipartLimits limits;
  limits.max_parts = 3;
  limits.max_files = 1;
  limits.max_part_head_bytes = 200;
  limits.max_field_bytes = 10;
  auto status = [&](const std::string& body) { return parse_multipart(body, kBoundary, limits).status; };
  EXPECT_EQ(status(field("a", "1") + field("b", "2") + field("c", "3") + closing()), 0);
  EXPECT_EQ(status(field("a", "1") + field("b", "2") + field("c", "3") + field("d", "4") + closing()), 413);
  EXPECT_EQ(status(file("f", "1.txt", "text/plain", "x") + file("f", "2.txt", "text/plain", "y") + closing()), 413);
  EXPECT_EQ(status(field("a", std::string(11, 'x')) + closing()), 413);
  EXPECT_EQ(status(field("a", std::string(10, 'x')) + closing()), 0);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\nX-Pad: " + std::string(300, 'p'), "1") +
                   closing()),
            413);
  // Files are bounded by the request body limit, not max_field_bytes.
  EXPECT_EQ(status(file("f", "big.bin", "application/octet-stream", std::string(1000, 'b')) + closing()), 0);
}

TEST(ParseMultipart, TenThousandTinyPartsStopAtTheLimitQuickly) {
  std::string body;
  for (int i = 0; i < 10000; ++i) body += field("f", "v");
  body += closing();
  MultipartResult r = parse_multipart(body, kBoundary);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.reason, "too many parts");
}

TEST(ParseMultipart, NearMissDelimitersInsideContentAreContent) {
  const std::string tricky = "\r\n--" + std::string(kBoundary).substr(0, 10) + "\r\n\r\n-";
  MultipartResult r = parse_multipart(file("f", "t.bin", "application/octet-stream", tricky) + closing(), kBoundary);
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  ASSERT_EQ(r.form->files.size(), 1u);
  EXPECT_EQ(r.form->files[0].data, tricky);
}

}  // namespace
}  // namespace deskd::http

namespace deskd::http {
namespace {

TEST(ParseMultipart, ALongBoundaryAsPythonAndFirefoxSendIt) {
  const std::string b = "----deskdTest3766479fc94a41f0b9d5210e4d42b110";
  const std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"_dp_csrf_token\"\r\n\r\ntok\r\n--" + b +
                           "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\r\n--" + b + "--\r\n";
  auto boundary = form_data_boundary("multipart/form-data; boundary=" + b);
  ASSERT_EQ(boundary, std::optional<std::string>(b));
  MultipartResult r = parse_multipart(body, *boundary);
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  EXPECT_EQ(r.form->fields.get("_dp_csrf_token"), "tok");
  EXPECT_EQ(r.form->fields.get("name"), "a");
}

}  // namespace
}  // namespace deskd::http

namespace deskd::http {
namespace {

TEST(ParseMultipart, BackslashesOfWindowsPathsAreKept) {
  const std::string body = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"C:\\dir\\a \\\"q\\\".txt\"\r\n\r\n"
                           "x\r\n--B--";
  MultipartResult r = parse_multipart(body, "B");
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  ASSERT_EQ(r.form->files.size(), 1u);
  EXPECT_EQ(r.form->files[0].filename, "C:\\dir\\a \"q\".txt");
}

}  // namespace
}  // namespace deskd::http

namespace deskd::http {
namespace {

TEST(ParseMultipart, DecodesTheBrowsersEscapesInFilenames) {
  const std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a %221%22%0D%0a 100%25 %zz%2.txt\"\r\n\r\nx\r\n--B--";
  MultipartResult r = parse_multipart(body, "B");
  ASSERT_TRUE(r.form.has_value()) << r.reason;
  ASSERT_EQ(r.form->files.size(), 1u);
  EXPECT_EQ(r.form->files[0].filename, "a \"1\"\r\n 100%25 %zz%2.txt");
}

}  // namespace
}  // namespace deskd::http
