// The out-of-order screen (no usable content): citizens see a calm message only; staff who hold the hidden
// corner for 3 s see the content problems, which hide again after 2 minutes. Headless: a real font atlas,
// simulated touches, a manual clock.
#include <gtest/gtest.h>

#include "platform/null_runner.h"

namespace bk {
namespace {

class OutOfOrderTest : public ::testing::Test {
protected:
    // One frame with the finger at pos (down or not) at monotonic time now; true when the details showed.
    bool Frame(ImVec2 pos, bool down) {
        bool shown = false;
        runner.SetMouse(pos, down);
        runner.Frame([&] { shown = view.DrawOutOfOrder("Ude af drift", "Spørg personalet.", problems, gate, now); });
        return shown;
    }

    NullRunner runner{ImVec2(1080, 1920)};
    ui::KioskView view{runner.Fonts()};
    StaffDetailsGate gate;
    std::vector<std::string> problems = {"services/mitid-app.json /steps/0/title: missing"};
    Millis now = 1'000'000;
    const ImVec2 corner{6, 6};
};

TEST_F(OutOfOrderTest, CitizensSeeNoDetailsTapsAndSwipesDoNothing) {
    EXPECT_FALSE(Frame(ImVec2(540, 960), false));
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(Frame(ImVec2(540, 960), (i % 2) == 0));  // taps mid-screen
    EXPECT_TRUE(view.Targets().empty()) << "nothing to tap for citizens";
    // A long press that starts mid-screen and slides into the corner does not count.
    EXPECT_FALSE(Frame(ImVec2(300, 300), true));
    for (int i = 0; i < 5; ++i) {
        now += 1000;
        EXPECT_FALSE(Frame(corner, true));
    }
    EXPECT_FALSE(Frame(corner, false));
}

TEST_F(OutOfOrderTest, HoldingTheCornerShowsTheProblemsThenTheyHide) {
    EXPECT_FALSE(Frame(corner, false));
    EXPECT_FALSE(Frame(corner, true));
    EXPECT_EQ(gate.NextDeadline(now), now + kStaffHoldMs) << "the loop wakes when the hold completes";
    now += kStaffHoldMs - 1;
    EXPECT_FALSE(Frame(corner, true)) << "2.999 s is not enough";
    now += 1;
    EXPECT_TRUE(Frame(corner, true));
    EXPECT_TRUE(Frame(corner, false)) << "still shown after the finger lifts";
    EXPECT_EQ(gate.NextDeadline(now), now + kStaffIdleExitMs);
    now += kStaffIdleExitMs - 1;
    EXPECT_TRUE(Frame(ImVec2(540, 960), false));
    now += 1;
    EXPECT_FALSE(Frame(ImVec2(540, 960), false)) << "hidden again after 2 minutes";
    EXPECT_EQ(gate.NextDeadline(now), -1) << "nothing to wake for: the screen sleeps";
}

TEST_F(OutOfOrderTest, LiftingBeforeThreeSecondsStartsOver) {
    Frame(corner, false);
    Frame(corner, true);
    now += 2000;
    Frame(corner, true);
    Frame(corner, false);  // lifted at 2 s
    now += 500;
    Frame(corner, true);
    now += 2000;
    EXPECT_FALSE(Frame(corner, true)) << "the second press has lasted only 2 s";
    now += 1000;
    EXPECT_TRUE(Frame(corner, true));
}

}  // namespace
}  // namespace bk
