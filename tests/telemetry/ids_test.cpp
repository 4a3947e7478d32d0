#include <gtest/gtest.h>

#include <set>

#include "telemetry/ids.h"

namespace bk::telemetry {
namespace {

TEST(UuidV7, CanonicalFormVersionAndVariant) {
    SeededRandom random(1);
    UuidV7Generator generator(random);
    for (int i = 0; i < 1000; ++i) {
        const std::string id = generator.Next(1'790'000'000'000 + i);
        EXPECT_TRUE(IsUuidV7(id)) << id;
    }
}

TEST(UuidV7, CarriesTheTimestamp) {
    SeededRandom random(2);
    UuidV7Generator generator(random);
    const Millis ts = 1'790'123'456'789;
    EXPECT_EQ(UuidV7Timestamp(generator.Next(ts)), ts);
}

TEST(UuidV7, StrictlyIncreasingWithinAMillisecondAndWhenTheClockStepsBack) {
    SeededRandom random(3);
    UuidV7Generator generator(random);
    std::string previous = generator.Next(1'000);
    // 10'000 ids in one ms overflow the 12-bit counter: the generator must borrow the next ms.
    for (int i = 0; i < 10'000; ++i) {
        const std::string id = generator.Next(i < 5'000 ? 1'000 : 900);
        ASSERT_LT(previous, id) << "at " << i;
        ASSERT_TRUE(IsUuidV7(id)) << id;
        previous = id;
    }
}

TEST(UuidV7, RandomTailDiffersBetweenGenerators) {
    SeededRandom random_a(10);
    SeededRandom random_b(11);
    UuidV7Generator a(random_a);
    UuidV7Generator b(random_b);
    EXPECT_NE(a.Next(5), b.Next(5));
}

TEST(UuidV7, DeterministicWithASeededSource) {
    SeededRandom random_a(42);
    SeededRandom random_b(42);
    UuidV7Generator a(random_a);
    UuidV7Generator b(random_b);
    EXPECT_EQ(a.Next(123), b.Next(123));
}

TEST(UuidV7, RejectsMalformed) {
    EXPECT_FALSE(IsUuidV7(""));
    EXPECT_FALSE(IsUuidV7("0190f5b2-4c1a-4c1a-8c1a-0123456789ab"));  // version 4
    EXPECT_FALSE(IsUuidV7("0190f5b2-4c1a-7c1a-cc1a-0123456789ab"));  // variant 11
    EXPECT_FALSE(IsUuidV7("0190F5B2-4C1A-7C1A-8C1A-0123456789AB"));  // upper case
    EXPECT_TRUE(IsUuidV7("0190f5b2-4c1a-7c1a-bc1a-0123456789ab"));
}

TEST(SessionId, HexAndUnique) {
    CsprngRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = NewSessionId(random);
        ASSERT_EQ(id.size(), 32u);
        ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Random, UniformInRangeStaysInRange) {
    SeededRandom random(7);
    for (int i = 0; i < 10'000; ++i) {
        const auto value = UniformInRange(random, 5, 9);
        ASSERT_GE(value, 5u);
        ASSERT_LE(value, 9u);
    }
    EXPECT_EQ(UniformInRange(random, 3, 3), 3u);
}

}  // namespace
}  // namespace bk::telemetry
