#include "pipeline/person_cache.h"

#include <gtest/gtest.h>

namespace deskd::pipeline {
namespace {

storage::Person person(int64_t id, std::string language) {
  storage::Person p;
  p.id = id;
  p.email = "p" + std::to_string(id) + "@example.com";
  p.language = std::move(language);
  return p;
}

TEST(PersonCacheTest, ServesAPersonForTheSessionRevalidationWindowOnly) {
  ManualClock clock;
  PersonCache cache(clock);
  EXPECT_FALSE(cache.peek(7));
  cache.put(person(7, "da"), cache.epoch());
  ASSERT_TRUE(cache.peek(7));
  EXPECT_EQ(cache.peek(7)->language, "da");
  EXPECT_FALSE(cache.peek(8));
  clock.advance_ms(PersonCache::kFreshMs - 1);
  EXPECT_TRUE(cache.peek(7));
  clock.advance_ms(1);
  EXPECT_FALSE(cache.peek(7)) << "older than the session cache's revalidation window";
  cache.put(person(7, "de"), cache.epoch());  // read again
  EXPECT_EQ(cache.peek(7)->language, "de");
}

TEST(PersonCacheTest, AReadThatRacedWithAChangeIsNotKept) {
  ManualClock clock;
  PersonCache cache(clock);
  cache.put(person(1, "en"), cache.epoch());
  const uint64_t before_read = cache.epoch();
  cache.clear();  // a request changed someone while the read was under way
  EXPECT_FALSE(cache.peek(1));
  cache.put(person(1, "en"), before_read);
  EXPECT_FALSE(cache.peek(1));
  EXPECT_EQ(cache.size(), 0u);
  cache.put(person(1, "da"), cache.epoch());
  EXPECT_EQ(cache.peek(1)->language, "da");
}

}  // namespace
}  // namespace deskd::pipeline
