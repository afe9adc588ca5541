#include "accounts/qr_svg.h"

#include <gtest/gtest.h>

namespace deskd::accounts {
namespace {

TEST(QrSvg, EncodesAnOtpauthUriAsOnePathInsideAQuietZone) {
  auto svg = qr_svg("otpauth://totp/deskd:ann%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=deskd");
  ASSERT_TRUE(svg.has_value());
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg->ends_with("\"/></svg>"));
  // 75 bytes need version 5 at level M (version 4 holds 62): 37 modules, plus 4 quiet modules each side.
  EXPECT_NE(svg->find("data-modules=\"37\""), std::string::npos) << *svg;
  EXPECT_NE(svg->find("viewBox=\"0 0 45 45\""), std::string::npos);
  // The top-left finder pattern: a 7-module dark run starting at the quiet zone.
  EXPECT_NE(svg->find("d=\"M4,4h7v1h-7z"), std::string::npos);
  // Nothing of the encoded text appears in the markup.
  EXPECT_EQ(svg->find("otpauth"), std::string::npos);
  EXPECT_EQ(svg->find("<script"), std::string::npos);
}

TEST(QrSvg, RefusesWhatDoesNotFit) {
  EXPECT_FALSE(qr_svg("").has_value());
  EXPECT_FALSE(qr_svg(std::string(3000, 'a')).has_value());
  EXPECT_FALSE(qr_svg(std::string_view("a\0b", 3)).has_value());
}

}  // namespace
}  // namespace deskd::accounts
