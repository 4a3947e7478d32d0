// Random numbers for ids and jitter. Production code draws from a CSPRNG; tests inject a seeded generator
// so ids and backoff delays are reproducible.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace bk::telemetry {

class RandomSource {
public:
    virtual ~RandomSource() = default;
    virtual std::uint64_t Next64() = 0;  // uniformly distributed 64 bits
};

// OpenSSL's DRBG (seeded once from the OS by OpenSSL), read in blocks so a draw is a memory read,
// not a syscall. Thread-safe.
class CsprngRandom final : public RandomSource {
public:
    std::uint64_t Next64() override;
private:
    void Refill();  // throws std::runtime_error if the CSPRNG fails
    std::mutex m_mutex;
    std::array<std::uint64_t, 512> m_block{};
    std::size_t m_next = 512;  // index of the next unused word; 512 = empty
};

// Deterministic SplitMix64, for tests only. Not thread-safe.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t Next64() override;
private:
    std::uint64_t m_state;
};

// Uniform integer in [lo, hi] (inclusive); lo <= hi.
std::uint64_t UniformInRange(RandomSource& random, std::uint64_t lo, std::uint64_t hi);

}  // namespace bk::telemetry
