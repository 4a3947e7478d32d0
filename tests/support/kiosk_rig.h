// The kiosk every core and UI test starts from: a pack, a manual clock and recording fakes, wired as main()
// wires the real ones. A fixture derives from KioskRig (core) or UiRig (screens on the null runner) and adds
// what it needs.
//
//   class MyTest : public ::testing::Test, protected test::KioskRig {};
//   class MyUiTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
//       MyUiTest() : UiRig(GetParam()) {}
//   };
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/kiosk.h"
#include "support/test_pack.h"

namespace bk::test {

class KioskRig {
public:
    explicit KioskRig(std::shared_ptr<ContentPack> test_pack = MakeTestPack())
        : pack(std::move(test_pack)), kiosk(pack, pack->profiles[0], clock, sink, speech, help) {
        int counter = 0;
        kiosk.SetSessionIdSource([counter]() mutable { return "session-" + std::to_string(++counter); });
    }
    void Do(ActionType type, std::string text = {}, int value = 0) { kiosk.Apply(Action{type, std::move(text), value}); }
    // Time passes in one-second ticks, as the event loop's timer wakes it.
    void Wait(Millis ms) {
        for (Millis t = 0; t < ms; t += 1000) {
            clock.Advance(std::min<Millis>(1000, ms - t));
            kiosk.Update();
        }
    }

    ManualClock clock;
    RecordingSink sink;
    SilentSpeech speech;
    LocalHelpDesk help;
    std::shared_ptr<ContentPack> pack;
    Kiosk kiosk;
};

}  // namespace bk::test
