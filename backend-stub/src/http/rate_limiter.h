// Token bucket per kiosk: `rate` requests per second on average, bursts up to `burst`. In memory only;
// a restart forgives everyone, which is fine for a limiter.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bk::registry {

class RateLimiter {
public:
    RateLimiter(double rate_per_s, double burst) : m_rate(rate_per_s), m_burst(burst) {}

    // 0 = allowed; otherwise the whole seconds to wait (for Retry-After). rate <= 0 disables the limit.
    int64_t Acquire(const std::string& key, int64_t now_ms);

private:
    struct Bucket {
        double tokens = 0;
        int64_t updated_ms = 0;
    };
    double m_rate;
    double m_burst;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

}  // namespace bk::registry
