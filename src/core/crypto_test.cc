#include "core/crypto.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <set>
#include <string>
#include <thread>

#include "core/random.h"

namespace deskd {
namespace {

class CryptoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(crypto_init()); }
};

bool is_base64url(const std::string& s) {
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

TEST_F(CryptoTest, Base64urlEncodesKnownValuesWithoutPadding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
}

TEST_F(CryptoTest, Base64urlRoundTripsEveryByteValueAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); ++len) {
    const std::string input = all.substr(0, len);
    const std::string encoded = base64url_encode(input);
    EXPECT_TRUE(is_base64url(encoded)) << encoded;
    auto decoded = base64url_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << "length " << len;
    EXPECT_EQ(*decoded, input);
  }
}

// Every 6-bit value in each of the four places of a 3-byte group encodes to
// its alphabet character (the encoder handles a group's four places at once).
TEST_F(CryptoTest, Base64urlEncodesEverySextetInEveryPlace) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int place = 0; place < 4; ++place) {
    for (int sextet = 0; sextet < 64; ++sextet) {
      const uint32_t group = static_cast<uint32_t>(sextet) << (18 - 6 * place);
      const std::string bytes{static_cast<char>(group >> 16), static_cast<char>(group >> 8), static_cast<char>(group)};
      std::string expected = "AAAA";
      expected[place] = alphabet[sextet];
      EXPECT_EQ(base64url_encode(bytes), expected) << "place " << place << " value " << sextet;
    }
  }
}

// Every byte value in each of the four places of a group: accepted exactly
// when it is in the alphabet, and then decoded to its place in it (the
// decoder handles a group's four characters at once).
TEST_F(CryptoTest, Base64urlDecodesEveryByteValueInEveryPlace) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int place = 0; place < 4; ++place) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string text = "AAAA";
      text[place] = static_cast<char>(byte);
      const auto decoded = base64url_decode(text);
      const size_t sextet = alphabet.find(static_cast<char>(byte));
      if (sextet == std::string::npos || byte == 0) {
        EXPECT_FALSE(decoded) << "place " << place << " byte " << byte;
        continue;
      }
      ASSERT_TRUE(decoded) << "place " << place << " byte " << byte;
      const uint32_t group = static_cast<uint32_t>(sextet) << (18 - 6 * place);
      EXPECT_EQ(*decoded,
                std::string({static_cast<char>(group >> 16), static_cast<char>(group >> 8), static_cast<char>(group)}))
          << "place " << place << " byte " << byte;
    }
  }
}

TEST_F(CryptoTest, Base64urlDecodeIsStrict) {
  EXPECT_EQ(base64url_decode("Zm9vYg").value_or("?"), "foob");
  EXPECT_EQ(base64url_decode("").value_or("?"), "");
  EXPECT_FALSE(base64url_decode("Zm9vYg=="));  // padding
  EXPECT_FALSE(base64url_decode("Zm9vYg="));
  EXPECT_FALSE(base64url_decode("+/+/"));  // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm9+"));
  EXPECT_FALSE(base64url_decode("Zm9/"));
  EXPECT_FALSE(base64url_decode(" Zm9v"));  // whitespace
  EXPECT_FALSE(base64url_decode("Zm9v\n"));
  EXPECT_FALSE(base64url_decode("Zm 9v"));
  EXPECT_FALSE(base64url_decode("Zm9v\t"));
  EXPECT_FALSE(base64url_decode(std::string("Zm9v\0", 5)));
  EXPECT_FALSE(base64url_decode("Z"));       // impossible length
  EXPECT_FALSE(base64url_decode("Zm9vYh"));  // non-zero trailing bits
}

TEST_F(CryptoTest, Base64urlDecodeRefusesEveryCharacterOutsideTheAlphabet) {
  for (int c = 0; c < 256; ++c) {
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_';
    for (size_t at = 0; at < 4; ++at) {
      std::string text = "AAAA";
      text[at] = static_cast<char>(c);
      EXPECT_EQ(base64url_decode(text).has_value(), alphabet) << "character " << c << " at " << at;
    }
  }
}

TEST_F(CryptoTest, MacIsKeyedBlake2b256) {
  // The reference is libsodium's keyed crypto_generichash with a 32-byte output.
  const std::string key = "0123456789abcdef0123456789abcdef";
  unsigned char expected[32];
  crypto_generichash(expected, sizeof expected, reinterpret_cast<const unsigned char*>("data"), 4,
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  EXPECT_EQ(mac(key, "data"), std::string(reinterpret_cast<const char*>(expected), sizeof expected));
  EXPECT_NE(mac(key, "data"), mac(std::string(32, 'k'), "data"));
  EXPECT_NE(mac(key, "data"), mac(key, "datb"));
}

TEST_F(CryptoTest, MacKeyTagsAsMacUnderItsKey) {
  const std::string key = "0123456789abcdef0123456789abcdef";
  const MacKey keyed(key);
  for (const std::string& data : {std::string(), std::string("deskd-csrf-v2|x|y"), std::string(300, 'z')}) {
    EXPECT_EQ(keyed.tag(data), mac(key, data));
    EXPECT_EQ(keyed.tag(data).size(), kMacBytes);
  }
}

TEST_F(CryptoTest, HexEncode) {
  EXPECT_EQ(hex_encode(""), "");
  EXPECT_EQ(hex_encode(std::string("\x00\x0f\xa5\xff", 4)), "000fa5ff");
}

TEST_F(CryptoTest, HashHexIsBlake2b256Hex) {
  EXPECT_EQ(hash_hex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(hash_hex("deskd"), "51513c1e870c35f3cdcdfda1bb72d7c3d7ce009d2ea4aafa082c3719f290ea3d");
  const std::string h = hash_hex("some session id");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash_hex("some session id"), h);
  EXPECT_NE(hash_hex("some session ie"), h);
}

TEST_F(CryptoTest, MacKnownAnswers) {
  // Keyed BLAKE2b-256 (Python: hashlib.blake2b(b"hello", key=b"k" * 32, digest_size=32)).
  const std::string key(32, 'k');
  const std::string m = mac(key, "hello");
  ASSERT_EQ(m.size(), 32u);
  EXPECT_EQ(hex_encode(m), "3cb025411d4565fb1ff2a11365c9ca1704e3315a04de857f0a5a79fbb1894002");
  EXPECT_EQ(mac(key, "hello"), m);
  EXPECT_NE(mac(key, "hellp"), m);
  EXPECT_NE(mac(std::string(32, 'j'), "hello"), m);
  // A short key is zero-padded to 32 bytes.
  EXPECT_EQ(hex_encode(mac("abc", "hello")), "82f8f81af9ffacb1cb31bdab8888d7e2016ce4fe9740fa696c6ae82c1ad2f1f4");
}

TEST_F(CryptoTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_F(CryptoTest, TokenLengthsAndAlphabet) {
  SodiumRandom random;
  const std::string t32 = random.token(32);
  EXPECT_EQ(t32.size(), 43u);
  EXPECT_TRUE(is_base64url(t32)) << t32;
  EXPECT_EQ(base64url_decode(t32).value_or("").size(), 32u);
  EXPECT_EQ(random.token(16).size(), 22u);
  EXPECT_EQ(random.token(9).size(), 12u);
  EXPECT_EQ(random.token(0), "");
}

TEST_F(CryptoTest, SodiumTokensDoNotRepeat) {
  SodiumRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random.token(32));
  EXPECT_EQ(seen.size(), 1000u);
}

// SodiumRandom serves small draws from a per-thread pool refilled every 256
// bytes: draws of every size across many refills are fresh, never the wiped
// (zero) bytes of a draw before, and threads draw apart.
TEST_F(CryptoTest, PooledSodiumDrawsAcrossRefillsNeverRepeatOrComeBackWiped) {
  SodiumRandom random;
  auto draws = [&random](std::set<std::string>& seen) {
    for (int i = 0; i < 3000; ++i) {
      std::string b(16 + i % 60, '\0');  // 16..75 bytes: pooled and direct, refills mid-way
      random.fill(b.data(), b.size());
      EXPECT_NE(b, std::string(b.size(), '\0'));
      seen.insert(std::move(b));
    }
  };
  std::set<std::string> here, there;
  draws(here);
  std::thread other([&] { draws(there); });
  other.join();
  EXPECT_EQ(here.size(), 3000u);
  EXPECT_EQ(there.size(), 3000u);
  for (const auto& b : there) EXPECT_EQ(here.count(b), 0u);
}

TEST_F(CryptoTest, SeededRandomIsDeterministicPerSeed) {
  SeededRandom a(42), b(42), c(43);
  const std::string a1 = a.token(32), a2 = a.token(32);
  EXPECT_EQ(b.token(32), a1);
  EXPECT_EQ(b.token(32), a2);
  EXPECT_NE(a1, a2);
  EXPECT_NE(c.token(32), a1);
  EXPECT_EQ(a1.size(), 43u);
  EXPECT_EQ(SeededRandom(7).token(16).size(), 22u);
}

TEST_F(CryptoTest, SeededRandomWithZeroSeedStillProducesBytes) {
  SeededRandom zero(0);
  const std::string t = zero.token(32);
  EXPECT_NE(t, base64url_encode(std::string(32, '\0')));
  EXPECT_NE(zero.token(32), t);
}

}  // namespace
}  // namespace deskd

namespace deskd {
namespace {

TEST(Sha256Hex, MatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HexDecode, RoundTripsAndRejectsNonHex) {
  const std::string bytes("\x00\x01\xfe\xff zq", 6);
  EXPECT_EQ(hex_decode(hex_encode(bytes)), std::optional<std::string>(bytes));
  EXPECT_EQ(hex_decode("ABcd"), std::optional<std::string>("\xab\xcd"));
  EXPECT_FALSE(hex_decode("abc").has_value());
  EXPECT_FALSE(hex_decode("zz").has_value());
  EXPECT_FALSE(hex_decode("ab:cd").has_value());
  EXPECT_EQ(hex_decode(""), std::optional<std::string>(""));
}

}  // namespace
}  // namespace deskd
