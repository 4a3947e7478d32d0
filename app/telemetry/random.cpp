#include "telemetry/random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace bk::telemetry {

std::uint64_t CsprngRandom::Next64() {
    std::lock_guard lock(m_mutex);
    if (m_next >= m_block.size())
        Refill();
    return m_block[m_next++];
}

void CsprngRandom::Refill() {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(m_block.data()), static_cast<int>(sizeof(m_block))) != 1)
        throw std::runtime_error("CSPRNG (OpenSSL RAND_bytes) failed");
    m_next = 0;
}

std::uint64_t SeededRandom::Next64() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t UniformInRange(RandomSource& random, std::uint64_t lo, std::uint64_t hi) {
    const std::uint64_t span = hi - lo;
    if (span == UINT64_MAX)
        return random.Next64();
    // Rejection sampling: no modulo bias.
    const std::uint64_t range = span + 1;
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
    std::uint64_t value = random.Next64();
    while (value >= limit)
        value = random.Next64();
    return lo + value % range;
}

}  // namespace bk::telemetry
