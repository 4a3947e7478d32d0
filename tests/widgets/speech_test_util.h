// Shared by the two speech test programs (capture and playback must run in separate processes).
#pragma once
#include <chrono>

namespace bk::speech_test {

using std::chrono::milliseconds;

inline constexpr const char* kWelcomeDa = "Velkommen til Borgerservice";
inline constexpr const char* kWelcomeNb = "Velkommen til Borgerservice. Her kan du få hjelp.";
inline constexpr const char* kWelcomeEn = "Welcome to Citizen Service";

// Deadlines only: a wait that passes returns as soon as its condition holds.
inline constexpr milliseconds kUtteranceDeadline{15000};

}  // namespace bk::speech_test
