// Shared by the two speech test programs (capture and playback must run in separate processes).
#pragma once
#include <chrono>
#include <thread>

namespace bk::speech_test {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline constexpr const char* kWelcomeDa = "Velkommen til Borgerservice";
inline constexpr const char* kWelcomeNb = "Velkommen til Borgerservice. Her kan du få hjelp.";
inline constexpr const char* kWelcomeEn = "Welcome to Citizen Service";

template <typename Pred>
bool WaitFor(Pred pred, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!pred()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
}

}  // namespace bk::speech_test
