// `borgerkiosk --simulate N --seed S`: N random citizen sessions through the real core and screens on
// the null runner (no window), with time on a manual clock so idle timeouts cost no waiting.
#pragma once
#include <memory>
#include <random>

#include "core/content_model.h"
#include "core/event.h"

namespace bk {

struct SimulationResult {
    long sessions = 0;
    long taps = 0;
    long completed = 0;     // guides finished
    long feedback = 0;      // feedback sent
    // Distinct (session, guide version) completions, split as the registry reports them: in a session staff
    // assisted (a help call answered) or not.
    long assisted_completions = 0;
    long unassisted_completions = 0;
};

// Records every event into `sink`. Deterministic for a given seed and pack.
SimulationResult SimulateSessions(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, EventSink& sink,
                                  long sessions, unsigned long seed, Millis wall_start_ms);

}  // namespace bk
