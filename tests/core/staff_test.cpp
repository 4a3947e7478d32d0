// Staff mode through the core: the hidden gesture, the PIN pad with lockout, auto-exit, assisted sessions.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

class StaffTest : public ::testing::Test, protected test::KioskRig {
protected:
    StaffTest() { kiosk.SetStaffServices(&staff); }
    void Hold(Millis ms) {
        Do(ActionType::CornerDown);
        clock.Advance(ms);
        kiosk.Update();
        Do(ActionType::CornerUp);
    }
    // Types and submits; the check's answer is taken by the next Update() (unless staff.hold_answers).
    void TypePin(const std::string& pin) {
        for (char c : pin) Do(ActionType::PinDigit, {}, c - '0');
        Do(ActionType::PinSubmit);
        kiosk.Update();
    }

    test::FakeStaffServices staff;
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
    kiosk.Update();
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
    kiosk.Update();
    EXPECT_FALSE(kiosk.Staff().reloading);
    EXPECT_EQ(kiosk.Staff().message, "Reload: none, 3 error(s)");
    EXPECT_EQ(kiosk.Pack().version, "t1");
    Do(ActionType::StaffTestSpeech);
    EXPECT_FALSE(staff.spoken.empty());
    Do(ActionType::StaffExitApp);
    EXPECT_TRUE(staff.exited);
}

// [SECTION] Slow work on a worker: the PIN check and the reload answer later.

TEST_F(StaffTest, PinCheckIsPendingUntilItsAnswerArrives) {
    staff.hold_answers = true;
    Hold(3'000);
    TypePin("2468");
    EXPECT_TRUE(kiosk.Staff().checking_pin) << "the pad shows that the PIN is being checked";
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
    EXPECT_TRUE(kiosk.Staff().pin.empty()) << "the typed PIN is not kept while it is checked";
    clock.Advance(500);
    kiosk.Update();
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin) << "no answer yet";

    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_FALSE(kiosk.Staff().checking_pin);
    EXPECT_EQ(kiosk.State().screen, Screen::Staff);
    EXPECT_EQ(staff.refreshes, 1);
    EXPECT_EQ(staff.checked_pins, std::vector<std::string>{"2468"});
}

TEST_F(StaffTest, TapsDuringAPendingCheckAreIgnored) {
    staff.hold_answers = true;
    Hold(3'000);
    TypePin("1111");
    ASSERT_TRUE(kiosk.Staff().checking_pin);
    // Fast taps while the first check runs: no digits, no second check.
    for (int i = 0; i < 10; ++i) TypePin("2468");
    Do(ActionType::PinBackspace);
    EXPECT_TRUE(kiosk.Staff().pin.empty());
    EXPECT_EQ(staff.checked_pins, std::vector<std::string>{"1111"});

    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_EQ(kiosk.Staff().wrong_tries, 1) << "one check, one wrong try";
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
}

TEST_F(StaffTest, LockoutHoldsWithAnswersThatArriveLate) {
    staff.hold_answers = true;
    Hold(3'000);
    for (int i = 0; i < kStaffMaxTries; ++i) {
        TypePin("0000");
        EXPECT_FALSE(kiosk.StaffLocked()) << "a wrong try counts when its answer arrives, not before";
        staff.hold_answers = false;
        kiosk.Update();
        staff.hold_answers = true;
    }
    EXPECT_TRUE(kiosk.StaffLocked());
    EXPECT_EQ(staff.checked_pins.size(), static_cast<size_t>(kStaffMaxTries));
    TypePin("2468");
    EXPECT_FALSE(kiosk.Staff().checking_pin) << "a locked pad asks for no check";
    EXPECT_EQ(staff.checked_pins.size(), static_cast<size_t>(kStaffMaxTries));

    // A wrong answer that arrives after staff left the pad still counts.
    clock.Advance(kStaffLockMs);
    for (int i = 0; i < kStaffMaxTries - 1; ++i) {
        TypePin("0000");
        staff.hold_answers = false;
        kiosk.Update();
        staff.hold_answers = true;
    }
    TypePin("0000");
    Do(ActionType::StaffExit);
    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_TRUE(kiosk.StaffLocked());
    Hold(3'000);
    TypePin("2468");
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
}

TEST_F(StaffTest, RightPinAnsweredAfterLeavingThePadDoesNotOpenStaffMode) {
    staff.hold_answers = true;
    Hold(3'000);
    TypePin("2468");
    Do(ActionType::StaffExit);
    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_FALSE(kiosk.Staff().checking_pin);
}

TEST_F(StaffTest, ReloadIsPendingThenApplied) {
    auto next = test::MakeTestPack();
    next->version = "t2";
    staff.reload_result = {next, "Reload: fresh, 0 error(s)"};
    Hold(3'000);
    TypePin("2468");
    staff.hold_answers = true;
    Do(ActionType::StaffReload);
    Do(ActionType::StaffReload);
    kiosk.Update();
    EXPECT_TRUE(kiosk.Staff().reloading) << "the staff screen shows that content is reloading";
    EXPECT_EQ(staff.reloads, 1) << "a second tap while reloading starts nothing";
    EXPECT_EQ(kiosk.Pack().version, "t1");
    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_FALSE(kiosk.Staff().reloading);
    EXPECT_EQ(kiosk.Pack().version, "t2");
    EXPECT_EQ(kiosk.State().screen, Screen::Staff);
}

TEST_F(StaffTest, ReloadAnsweredAfterStaffLeftWaitsForTheCitizensVisitToEnd) {
    auto next = test::MakeTestPack();
    next->version = "t2";
    staff.reload_result = {next, "Reload: fresh, 0 error(s)"};
    Do(ActionType::Begin);
    Hold(3'000);
    TypePin("2468");
    staff.hold_answers = true;
    Do(ActionType::StaffReload);
    Do(ActionType::StaffExit);
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    staff.hold_answers = false;
    kiosk.Update();
    EXPECT_EQ(kiosk.Pack().version, "t1") << "the citizen's visit is not cut short";
    EXPECT_EQ(kiosk.State().screen, Screen::List);
    kiosk.EndSession("finished");
    kiosk.Update();
    EXPECT_EQ(kiosk.Pack().version, "t2");
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
}

TEST_F(StaffTest, StaffScreenReadsInfoOnASlowTimerNotEveryFrame) {
    staff.info.content_version = "v9";
    Hold(3'000);
    EXPECT_EQ(staff.info_reads, 0) << "the PIN pad shows no status";
    TypePin("2468");
    EXPECT_EQ(staff.info_reads, 1) << "read once on entering";
    EXPECT_EQ(kiosk.Staff().info.content_version, "v9");
    for (int frame = 0; frame < 30; ++frame) {
        clock.Advance(16);
        kiosk.Update();
    }
    EXPECT_EQ(staff.info_reads, 1) << "frames within a second read nothing";
    staff.info.content_version = "v10";
    clock.Advance(kStaffInfoRefreshMs);
    kiosk.Update();
    EXPECT_EQ(staff.info_reads, 2);
    EXPECT_EQ(kiosk.Staff().info.content_version, "v10");
    Do(ActionType::StaffRefresh);
    kiosk.Update();
    EXPECT_EQ(staff.info_reads, 3) << "an action re-reads at once";
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
