// KioskRig with the real screens on a null runner (real font atlas, simulated touches, no window).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "platform/null_runner.h"
#include "support/kiosk_rig.h"

namespace bk::test {

class UiRig : public KioskRig {
public:
    explicit UiRig(ImVec2 display_size, std::shared_ptr<ContentPack> test_pack = MakeTestPack())
        : KioskRig(std::move(test_pack)), ui(kiosk, display_size) {}
    // A tap on a target that must be on screen now.
    void Tap(const std::string& id) {
        ASSERT_TRUE(ui.HasTarget(id)) << "not on screen: " << id << " (screen " << ScreenName(kiosk.State().screen) << ")";
        ui.Tap(id);
    }
    // Time passes in one-second ticks, a frame at each, as the event loop's timer wakes it.
    void Wait(Millis ms) {
        for (Millis t = 0; t < ms; t += 1000) {
            clock.Advance(std::min<Millis>(1000, ms - t));
            ui.Frame();
        }
    }

    HeadlessKiosk ui;
};

}  // namespace bk::test
