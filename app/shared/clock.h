// Injectable time: the core never reads the system clock itself, so tests drive time by hand.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace bk {

using Millis = std::int64_t;  // milliseconds

class Clock {
public:
    virtual ~Clock() = default;
    virtual Millis MonotonicMs() const = 0;  // for timers: never jumps
    virtual Millis WallMs() const = 0;       // UTC since the Unix epoch, for event timestamps
};

// The system's clocks, read in one place. Code that cannot take a Clock (a free function in a tool) calls
// these directly rather than spelling out std::chrono again.
inline Millis SteadyNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
inline Millis WallNowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class SystemClock final : public Clock {
public:
    Millis MonotonicMs() const override { return SteadyNowMs(); }
    Millis WallMs() const override { return WallNowMs(); }
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Millis wall_start = 1'790'000'000'000) : m_wall_start(wall_start) {}
    Millis MonotonicMs() const override { return m_now; }
    Millis WallMs() const override { return m_wall_start + m_now; }
    void Advance(Millis ms) { m_now += ms; }
private:
    std::atomic<Millis> m_now{0};  // atomic: in-process servers read it on their threads while a test advances it
    Millis m_wall_start;
};

}  // namespace bk
