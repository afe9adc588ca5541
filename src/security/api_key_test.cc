#include "security/api_key.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace deskd::security {
namespace {

TEST(ApiKey, MintedKeysAreWellFormedDistinctAndStoredHashed) {
  ASSERT_TRUE(crypto_init());
  SodiumRandom random;
  MintedApiKey a = mint_api_key(random);
  MintedApiKey b = mint_api_key(random);
  EXPECT_EQ(a.key.size(), kApiKeyLength);
  EXPECT_TRUE(a.key.starts_with("dk_"));
  EXPECT_TRUE(well_formed_api_key(a.key));
  EXPECT_NE(a.key, b.key);
  EXPECT_EQ(a.prefix, a.key.substr(0, 9));
  EXPECT_EQ(a.hash, api_key_hash(a.key));
  EXPECT_EQ(a.hash.size(), 64u);
  EXPECT_EQ(a.hash.find(a.key.substr(3)), std::string::npos);
}

TEST(ApiKey, BearerHeaderParsing) {
  const std::string key = "dk_" + std::string(43, 'A');
  EXPECT_EQ(bearer_api_key("Bearer " + key), key);
  EXPECT_EQ(bearer_api_key("bearer   " + key + "  "), key);
  EXPECT_EQ(bearer_api_key(""), std::nullopt);
  EXPECT_EQ(bearer_api_key("Bearer"), std::nullopt);
  EXPECT_EQ(bearer_api_key("Basic " + key), std::nullopt);
  EXPECT_EQ(bearer_api_key("Bearer" + key), std::nullopt);
  EXPECT_EQ(bearer_api_key("Bearer " + key + "x"), std::nullopt);          // too long
  EXPECT_EQ(bearer_api_key("Bearer xx_" + std::string(43, 'A')), std::nullopt);  // wrong prefix
  EXPECT_EQ(bearer_api_key("Bearer dk_" + std::string(42, 'A') + "="), std::nullopt);
  EXPECT_EQ(bearer_api_key("Bearer " + key + " " + key), std::nullopt);
}

}  // namespace
}  // namespace deskd::security
