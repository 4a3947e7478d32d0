// Staff mode through the core: the hidden gesture, the PIN pad with lockout, auto-exit, assisted sessions.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "support/test_pack.h"

namespace bk {
namespace {

class StaffTest : public ::testing::Test {
protected:
    StaffTest() : pack(test::MakeTestPack()), kiosk(pack, pack->profiles[0], clock, sink, speech, help) {
        kiosk.SetStaffServices(&staff);
    }
    void Do(ActionType type, std::string text = {}, int value = 0) { kiosk.Apply(Action{type, std::move(text), value}); }
    void Hold(Millis ms) {
        Do(ActionType::CornerDown);
        clock.Advance(ms);
        kiosk.Update();
        Do(ActionType::CornerUp);
    }
    void TypePin(const std::string& pin) {
        for (char c : pin) Do(ActionType::PinDigit, {}, c - '0');
        Do(ActionType::PinSubmit);
    }

    ManualClock clock;
    test::RecordingSink sink;
    SilentSpeech speech;
    LocalHelpDesk help;
    test::FakeStaffServices staff;
    std::shared_ptr<ContentPack> pack;
    Kiosk kiosk;
};

TEST_F(StaffTest, ShortHoldDoesNothingLongHoldOpensPinPad) {
    Hold(2'900);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    Do(ActionType::CornerDown);
    EXPECT_EQ(kiosk.NextDeadlineMs(), clock.MonotonicMs() + kStaffHoldMs) << "the loop wakes when the hold is long enough";
    clock.Advance(3'000);
    kiosk.Update();
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
}

TEST_F(StaffTest, RightPinOpensStaffModeAndExitReturnsToCitizen) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Hold(3'000);
    TypePin("2468");
    ASSERT_EQ(kiosk.State().screen, Screen::Staff);
    EXPECT_EQ(staff.refreshes, 1);
    EXPECT_TRUE(kiosk.Staff().pin.empty()) << "the PIN is not kept";
    Do(ActionType::StaffAck, "call-7");
    Do(ActionType::StaffResolve, "call-7");
    EXPECT_EQ(staff.acked, std::vector<std::string>{"call-7"});
    EXPECT_EQ(staff.resolved, std::vector<std::string>{"call-7"});
    Do(ActionType::StaffExit);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(kiosk.State().guide.step, 1) << "the citizen is back where they were";
    kiosk.EndSession("finished");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["staff_assisted"], true);
}

TEST_F(StaffTest, AnsweredHelpCallMarksTheSessionAssisted) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::RequestHelp);
    kiosk.Update();
    EXPECT_FALSE(kiosk.State().staff_assisted) << "asking is not yet being helped";
    help.m_status = HelpStatus::Acknowledged;  // a staff member is on the way
    kiosk.Update();
    Do(ActionType::CloseHelp);
    help.m_status = HelpStatus::Resolved;
    kiosk.EndSession("finished");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["staff_assisted"], true);

    // A call the citizen cancelled before anyone answered leaves the visit unassisted.
    Do(ActionType::Begin);
    Do(ActionType::RequestHelp);
    kiosk.Update();
    Do(ActionType::CancelHelp);
    help.m_status = HelpStatus::Acknowledged;  // too late: the call is no longer this session's
    kiosk.Update();
    kiosk.EndSession("finished");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["staff_assisted"], false);
}

TEST_F(StaffTest, UnassistedSessionIsMarkedSo) {
    Do(ActionType::Begin);
    kiosk.EndSession("finished");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["staff_assisted"], false);
}

TEST_F(StaffTest, FiveWrongPinsLockThePadForFiveMinutes) {
    Hold(3'000);
    for (int i = 0; i < 4; ++i) TypePin("1111");
    EXPECT_FALSE(kiosk.StaffLocked());
    EXPECT_EQ(kiosk.Staff().wrong_tries, 4);
    TypePin("1111");
    EXPECT_TRUE(kiosk.StaffLocked());
    TypePin("2468");
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin) << "even the right PIN is refused while locked";
    clock.Advance(kStaffLockMs);
    TypePin("2468");
    EXPECT_EQ(kiosk.State().screen, Screen::Staff);
}

TEST_F(StaffTest, LockSurvivesLeavingThePad) {
    Hold(3'000);
    for (int i = 0; i < 5; ++i) TypePin("0000");
    Do(ActionType::StaffExit);
    Hold(3'000);
    TypePin("2468");
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
}

TEST_F(StaffTest, StaffModeLeavesByItselfAfterTwoMinutesWithoutTouch) {
    Hold(3'000);
    TypePin("2468");
    clock.Advance(kStaffIdleExitMs - 1'000);
    kiosk.NoteInput();
    kiosk.Update();
    EXPECT_EQ(kiosk.State().screen, Screen::Staff) << "a touch restarts the two minutes";
    clock.Advance(kStaffIdleExitMs);
    kiosk.Update();
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
}

TEST_F(StaffTest, CitizenIdleTimerWaitsWhileStaffWork) {
    Do(ActionType::Begin);
    Hold(3'000);
    TypePin("2468");
    for (int i = 0; i < 100; ++i) {
        clock.Advance(1'000);
        kiosk.NoteInput();
        kiosk.Update();
    }
    EXPECT_EQ(kiosk.State().screen, Screen::Staff);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(sink.Count(ev::kSessionEnded), 0u);
}

TEST_F(StaffTest, ReloadSwapsContentAndStaysInStaffMode) {
    auto next = test::MakeTestPack();
    next->version = "t2";
    staff.reload_result = {next, "Reload: fresh, 0 error(s)"};
    Do(ActionType::Begin);
    Hold(3'000);
    TypePin("2468");
    Do(ActionType::StaffReload);
    EXPECT_EQ(staff.reloads, 1);
    EXPECT_EQ(kiosk.Pack().version, "t2");
    EXPECT_EQ(kiosk.State().screen, Screen::Staff);
    EXPECT_EQ(kiosk.Staff().message, "Reload: fresh, 0 error(s)");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["reason"], "staff");
}

TEST_F(StaffTest, FailedReloadKeepsRunningPack) {
    staff.reload_result = {nullptr, "Reload: none, 3 error(s)"};
    Hold(3'000);
    TypePin("2468");
    Do(ActionType::StaffReload);
    EXPECT_EQ(kiosk.Pack().version, "t1");
    Do(ActionType::StaffTestSpeech);
    EXPECT_FALSE(staff.spoken.empty());
    Do(ActionType::StaffExitApp);
    EXPECT_TRUE(staff.exited);
}

TEST_F(StaffTest, StaffActionsNeedThePin) {
    Hold(3'000);
    Do(ActionType::StaffAck, "call-1");
    Do(ActionType::StaffExitApp);
    EXPECT_TRUE(staff.acked.empty());
    EXPECT_FALSE(staff.exited);
}

}  // namespace
}  // namespace bk
