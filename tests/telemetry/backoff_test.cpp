#include <gtest/gtest.h>

#include "telemetry/backoff.h"

namespace bk::telemetry {
namespace {

// A source that always returns the same word: makes UniformInRange hit a chosen end.
class FixedRandom final : public RandomSource {
public:
    explicit FixedRandom(std::uint64_t value) : m_value(value) {}
    std::uint64_t Next64() override { return m_value; }
private:
    std::uint64_t m_value;
};

TEST(Backoff, CeilingDoublesFromOneSecondToFiveMinutes) {
    SeededRandom random(1);
    Backoff backoff(random);
    const Millis expected[] = {1'000, 2'000, 4'000, 8'000, 16'000, 32'000, 64'000, 128'000, 256'000, 300'000, 300'000};
    for (Millis ceiling : expected) {
        EXPECT_EQ(backoff.Ceiling(), ceiling);
        backoff.NextDelay();
    }
}

TEST(Backoff, FullJitterStaysInsideTheWindow) {
    SeededRandom random(2);
    Backoff backoff(random);
    for (int attempt = 0; attempt < 40; ++attempt) {
        const Millis ceiling = backoff.Ceiling();
        const Millis delay = backoff.NextDelay();
        ASSERT_GE(delay, 1'000);
        ASSERT_LE(delay, ceiling);
    }
}

TEST(Backoff, JitterSpreadsDelays) {
    SeededRandom random(3);
    Millis low = 300'000;
    Millis high = 0;
    for (int i = 0; i < 200; ++i) {
        Backoff backoff(random);
        for (int n = 0; n < 8; ++n)
            backoff.NextDelay();
        const Millis delay = backoff.NextDelay();  // window [1 s, 256 s]
        low = std::min(low, delay);
        high = std::max(high, delay);
    }
    EXPECT_LT(low, 60'000);
    EXPECT_GT(high, 200'000);
}

TEST(Backoff, InjectedRandomPicksTheEnds) {
    FixedRandom zero(0);
    Backoff low(zero);
    low.NextDelay();
    low.NextDelay();
    EXPECT_EQ(low.NextDelay(), 1'000);  // bottom of [1 s, 4 s]

    FixedRandom top(3'000);  // 3'000 % 3'001 = 3'000 -> base + 3'000
    Backoff high(top);
    high.NextDelay();
    high.NextDelay();
    EXPECT_EQ(high.NextDelay(), 4'000);
}

TEST(Backoff, ResetStartsOver) {
    SeededRandom random(4);
    Backoff backoff(random);
    for (int i = 0; i < 20; ++i)
        backoff.NextDelay();
    EXPECT_EQ(backoff.Ceiling(), 300'000);
    backoff.Reset();
    EXPECT_EQ(backoff.Failures(), 0);
    EXPECT_EQ(backoff.NextDelay(), 1'000);
}

TEST(Backoff, RetryAfterIsHonouredWithinSaneBounds) {
    SeededRandom random(5);
    Backoff backoff(random);
    EXPECT_EQ(backoff.RetryAfterDelay(7'000), 7'000);
    EXPECT_EQ(backoff.RetryAfterDelay(0), 1'000);
    EXPECT_EQ(backoff.RetryAfterDelay(10LL * 3'600'000), 3'600'000);
}

}  // namespace
}  // namespace bk::telemetry
