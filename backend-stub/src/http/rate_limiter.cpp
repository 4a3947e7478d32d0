#include "src/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace bk::registry {

int64_t RateLimiter::Acquire(const std::string& key, int64_t now_ms) {
    if (m_rate <= 0) return 0;
    std::lock_guard lock(m_mutex);
    auto [it, inserted] = m_buckets.try_emplace(key, Bucket{m_burst, now_ms});
    Bucket& bucket = it->second;
    if (!inserted) {
        const double elapsed_s = static_cast<double>(std::max<int64_t>(now_ms - bucket.updated_ms, 0)) / 1000.0;
        bucket.tokens = std::min(m_burst, bucket.tokens + elapsed_s * m_rate);
        bucket.updated_ms = now_ms;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - bucket.tokens) / m_rate)));
}

}  // namespace bk::registry
