// Exponential backoff with full jitter, floored at the base delay: attempt n waits a uniform random time in
// [base, min(max, base * 2^n)]. Random spreading keeps a fleet of kiosks from retrying in lock-step
// after a registry outage.
#pragma once
#include "shared/clock.h"
#include "telemetry/random.h"

namespace bk::telemetry {

class Backoff {
public:
    Backoff(RandomSource& random, Millis base_ms = 1'000, Millis max_ms = 300'000);
    Millis NextDelay();  // delay before the next attempt; grows the window
    void Reset();        // after a success
    int Failures() const { return m_failures; }
    Millis MaxDelay() const { return m_max_ms; }
    Millis Ceiling() const;  // the current window's upper bound
    // Delay to wait when the server sent Retry-After: honoured, but never below base nor above one hour.
    Millis RetryAfterDelay(Millis retry_after_ms) const;
private:
    RandomSource& m_random;
    Millis m_base_ms;
    Millis m_max_ms;
    int m_failures = 0;
};

}  // namespace bk::telemetry
