#include "telemetry/backoff.h"

#include <algorithm>

namespace bk::telemetry {

Backoff::Backoff(RandomSource& random, Millis base_ms, Millis max_ms)
    : m_random(random), m_base_ms(std::max<Millis>(1, base_ms)), m_max_ms(std::max(m_base_ms, max_ms)) {}

Millis Backoff::Ceiling() const {
    Millis ceiling = m_base_ms;
    for (int i = 0; i < m_failures && ceiling < m_max_ms; ++i)
        ceiling *= 2;  // loop rather than shift: no overflow however many failures
    return std::min(ceiling, m_max_ms);
}

Millis Backoff::NextDelay() {
    const Millis ceiling = Ceiling();
    ++m_failures;
    return static_cast<Millis>(UniformInRange(m_random, static_cast<std::uint64_t>(m_base_ms),
                                              static_cast<std::uint64_t>(ceiling)));
}

void Backoff::Reset() { m_failures = 0; }

Millis Backoff::RetryAfterDelay(Millis retry_after_ms) const {
    return std::clamp<Millis>(retry_after_ms, m_base_ms, 3'600'000);
}

}  // namespace bk::telemetry
