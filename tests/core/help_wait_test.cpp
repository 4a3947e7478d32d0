// A citizen waiting for staff: an open help call holds off the idle timer until the long safety limit,
// which is shown and spoken before it ends the session; staff mode keeps its call list fresh by itself.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

class HelpWaitTest : public ::testing::Test, protected test::KioskRig {
protected:
    HelpWaitTest() : KioskRig(MakePack()) { kiosk.SetStaffServices(&staff); }
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        pack->ui["da"]["staff.waiting"] = "venter {n} min. {m} sek.";
        pack->ui["da"]["staff.on_screen.home"] = "Forsiden";
        pack->profiles[0].location = test::Tr("Odder Bibliotek");
        pack->profiles[0].help_desk_where = test::Tr("Skranken er ved indgangen.", "The desk is by the entrance.");
        for (const char* lang : {"da", "en"}) {
            pack->ui[lang]["help.not_yet"] = std::string(lang) + ": nobody yet.";
            pack->ui[lang]["help.go_to_desk"] = std::string(lang) + ": go to the desk.";
        }
        KioskProfile other = pack->profiles[0];
        other.id = "esbjerg-borgerservice";
        other.location = test::Tr("Esbjerg Borgerservice");
        pack->profiles.push_back(other);
        return pack;
    }
    void Wait(Millis ms) {
        // Time passes as the event loop's timer wakes it: at each deadline the core asks for.
        for (Millis end = clock.MonotonicMs() + ms; clock.MonotonicMs() < end;) {
            const Millis deadline = kiosk.NextDeadlineMs();
            clock.Advance(std::clamp<Millis>(deadline < 0 ? end : deadline, clock.MonotonicMs() + 1, end) - clock.MonotonicMs());
            kiosk.Update();
        }
    }
    // A citizen on step 2 of a guide calls for help and goes back to the guide to wait.
    void CallFromGuide() {
        Do(ActionType::Begin);
        Do(ActionType::OpenService, "mitid-app");
        Do(ActionType::NextStep);
        Do(ActionType::RequestHelp);
        Do(ActionType::CloseHelp);
        ASSERT_EQ(kiosk.State().screen, Screen::Guide);
        ASSERT_EQ(help.m_status, HelpStatus::Open);
    }
    void EnterStaff() {
        Do(ActionType::CornerDown);
        clock.Advance(kStaffHoldMs);
        kiosk.Update();
        Do(ActionType::CornerUp);
        for (int digit : {2, 4, 6, 8}) Do(ActionType::PinDigit, {}, digit);
        Do(ActionType::PinSubmit);
        kiosk.Update();
        ASSERT_EQ(kiosk.State().screen, Screen::Staff);
    }
    Millis LimitMs() const { return kiosk.Profile().help_wait_limit_s * 1000LL; }
    Millis AnswerMs() const { return kiosk.Profile().idle_answer_s * 1000LL; }

    test::FakeStaffServices staff;
};

TEST_F(HelpWaitTest, CallTellsStaffTheGuideStepLanguageAndLocation) {
    Do(ActionType::Begin);
    Do(ActionType::ChooseLanguage, "en");
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::RequestHelp);
    EXPECT_EQ(help.m_last.service, "mitid-app");
    EXPECT_EQ(help.m_last.step, 1);
    EXPECT_EQ(help.m_last.lang, "en");
    EXPECT_EQ(help.m_last.location, "Odder Bibliotek");

    // From a screen outside a guide there is no step to tell.
    Do(ActionType::CancelHelp);
    Do(ActionType::GoHome);
    Do(ActionType::RequestHelp);
    EXPECT_EQ(help.m_last.service, "");
    EXPECT_EQ(help.m_last.step, -1);
}

TEST_F(HelpWaitTest, OpenCallSurvivesTheIdleTimer) {
    ASSERT_EQ(kiosk.Profile().help_wait_limit_s, 900) << "the default is 15 minutes";
    CallFromGuide();
    const std::string session = kiosk.State().id;
    Wait(5 * 60'000);  // far past 60 s idle + 30 s to answer
    EXPECT_EQ(kiosk.State().id, session);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(kiosk.State().guide.step, 1) << "nothing was wiped";
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(sink.Count(ev::kSessionEnded), 0u);
    EXPECT_EQ(help.m_status, HelpStatus::Open) << "the call was not cancelled";

    help.m_status = HelpStatus::Acknowledged;  // staff are on their way: still no idle end
    Wait(5 * 60'000);
    EXPECT_EQ(kiosk.State().id, session);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(help.m_status, HelpStatus::Acknowledged);
    EXPECT_TRUE(kiosk.State().staff_assisted);
}

TEST_F(HelpWaitTest, SafetyLimitShowsAndSpeaksTheWarningThenEndsTheSessionAndCancelsTheCall) {
    CallFromGuide();
    Wait(LimitMs() - 1'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(kiosk.NextDeadlineMs(), LimitMs()) << "the loop sleeps until the limit";
    Wait(1'000);
    ASSERT_TRUE(kiosk.State().idle_overlay) << "the warning is shown";
    EXPECT_TRUE(speech.m_speaking) << "and spoken";
    EXPECT_EQ(speech.m_last_text, kiosk.IdleWarningText());
    EXPECT_NE(speech.m_last_text.find(kiosk.Text("idle.help_body")), std::string::npos) << speech.m_last_text;
    EXPECT_EQ(speech.m_last_lang, "da");
    EXPECT_EQ(sink.Count(ev::kSessionEnded), 0u);
    Wait(AnswerMs());
    EXPECT_TRUE(kiosk.State().id.empty()) << "the session ends as after any idle warning";
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["reason"], "idle");
    EXPECT_EQ(help.m_status, HelpStatus::None) << "the call was cancelled at the help desk";
    EXPECT_EQ(help.m_end, HelpCallEnd::Expired) << "nobody came: expired, never resolved or answered";
    EXPECT_FALSE(speech.m_speaking);
}

TEST_F(HelpWaitTest, CitizenCancellingIsRecordedAsCancelled) {
    CallFromGuide();
    Do(ActionType::CancelHelp);
    EXPECT_EQ(help.m_status, HelpStatus::None);
    EXPECT_EQ(help.m_end, HelpCallEnd::Cancelled);
}

TEST_F(HelpWaitTest, AnAnsweredCallIsNotExpiredWhenTheSessionEnds) {
    CallFromGuide();
    help.m_status = HelpStatus::Acknowledged;
    Do(ActionType::EndSession);
    ASSERT_TRUE(kiosk.State().id.empty());
    EXPECT_NE(help.m_end, HelpCallEnd::Expired) << "staff answered it";
}

TEST_F(HelpWaitTest, TheWaitingTimeIsCountedInWholeMinutesAndTheScreenWakesForEachMinute) {
    CallFromGuide();
    Do(ActionType::RequestHelp);  // back on the help screen: the call is not sent again
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_EQ(kiosk.HelpWaitedMinutes(), 0);
    Wait(3 * 60'000);
    EXPECT_EQ(kiosk.HelpWaitedMinutes(), 3);
    EXPECT_LE(kiosk.NextDeadlineMs(), clock.MonotonicMs() + 60'000) << "the minutes on screen keep counting";
    // Escalated, the screen's words tell one thing to do: go to the desk, and where it is.
    ASSERT_TRUE(kiosk.HelpEscalated());
    const std::string said = kiosk.ScreenText();
    EXPECT_NE(said.find("da: go to the desk."), std::string::npos) << said;
    EXPECT_NE(said.find("Skranken er ved indgangen."), std::string::npos) << said;
    EXPECT_EQ(said.find(kiosk.Text("help.sent")), std::string::npos) << "not 'stay here' as well: " << said;
}

TEST_F(HelpWaitTest, AnsweringTheWarningKeepsWaitingForAnotherFullLimit) {
    CallFromGuide();
    Wait(LimitMs());
    ASSERT_TRUE(kiosk.State().idle_overlay);
    Do(ActionType::StillHere);
    Wait(LimitMs() - 1'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(help.m_status, HelpStatus::Open);
}

TEST_F(HelpWaitTest, ResolvedOrFailedCallGivesTheOrdinaryIdleTimerAFreshStart) {
    CallFromGuide();
    Wait(10 * 60'000);
    help.m_status = HelpStatus::Resolved;  // staff came and closed it; the help desk wakes the loop
    kiosk.Update();
    Wait(kiosk.Profile().idle_timeout_s * 1000LL - 1'000);
    EXPECT_FALSE(kiosk.State().idle_overlay) << "a full idle period after the call ended, not at once";
    Wait(1'000);
    EXPECT_TRUE(kiosk.State().idle_overlay);
    EXPECT_EQ(speech.m_last_text, kiosk.IdleWarningText()) << "the ordinary warning is spoken too";
    EXPECT_EQ(speech.m_last_text.find(kiosk.Text("idle.help_body")), std::string::npos) << "and says nothing of a call";
    Do(ActionType::StillHere);

    Do(ActionType::RequestHelp);
    help.m_status = HelpStatus::Failed;  // the registry could not be reached: the citizen goes to the desk
    Wait(kiosk.Profile().idle_timeout_s * 1000LL + AnswerMs());
    EXPECT_TRUE(kiosk.State().id.empty());
}

TEST_F(HelpWaitTest, CancelFromTheBannerStaysOnTheScreenAndTheIdleTimerReturns) {
    CallFromGuide();
    EXPECT_TRUE(kiosk.HelpCallOpen());
    Do(ActionType::CancelHelp);
    EXPECT_FALSE(kiosk.HelpCallOpen());
    EXPECT_EQ(help.m_status, HelpStatus::None);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide) << "cancelling from another screen does not move the citizen";
    EXPECT_EQ(kiosk.State().guide.step, 1);
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    EXPECT_TRUE(kiosk.State().idle_overlay);
}

TEST_F(HelpWaitTest, CallSendsTheProfilesEscalationTime) {
    ASSERT_EQ(kiosk.Profile().help_escalate_after_s, 180) << "the default is 3 minutes";
    CallFromGuide();
    EXPECT_EQ(help.m_last.escalate_after_s, 180);
}

TEST_F(HelpWaitTest, UnansweredCallTellsWhereTheDeskIsAfterTheProfilesTime) {
    const Millis escalate_ms = kiosk.Profile().help_escalate_after_s * 1000LL;
    CallFromGuide();
    const Millis called_at = clock.MonotonicMs();
    EXPECT_FALSE(kiosk.HelpEscalated());
    EXPECT_EQ(kiosk.NextDeadlineMs(), called_at + escalate_ms) << "the loop wakes when the time is up";
    Wait(escalate_ms - 1);
    EXPECT_FALSE(kiosk.HelpEscalated());
    Wait(1);
    ASSERT_TRUE(kiosk.HelpEscalated());
    EXPECT_EQ(kiosk.HelpEscalationText(), "da: nobody yet. da: go to the desk. Skranken er ved indgangen.") << "one next step: go, and where";
    EXPECT_FALSE(speech.m_speaking) << "a citizen who never asked for read-aloud is not spoken to out of the blue";
    EXPECT_EQ(kiosk.State().id.empty(), false);
    EXPECT_EQ(help.m_status, HelpStatus::Open) << "the call stays open: staff may still come";

    Do(ActionType::RequestHelp);  // the help screen says it too, and so does its read-aloud text
    EXPECT_NE(kiosk.ScreenText().find("Skranken er ved indgangen."), std::string::npos) << kiosk.ScreenText();
    Do(ActionType::ChooseLanguage, "en");
    EXPECT_EQ(kiosk.HelpEscalationText(), "en: nobody yet. en: go to the desk. The desk is by the entrance.") << "in the citizen's language";

    help.m_status = HelpStatus::Acknowledged;  // someone is coming after all
    EXPECT_FALSE(kiosk.HelpEscalated());
}

TEST_F(HelpWaitTest, EscalationIsSpokenOnceToACitizenWhoListens) {
    Do(ActionType::Begin);
    Do(ActionType::ToggleReadAloud);
    Do(ActionType::ToggleReadAloud);  // heard the screen, stopped it
    Do(ActionType::RequestHelp);
    speech.m_speaking = false;
    Wait(kiosk.Profile().help_escalate_after_s * 1000LL);
    ASSERT_TRUE(kiosk.HelpEscalated());
    EXPECT_TRUE(speech.m_speaking);
    EXPECT_EQ(speech.m_last_text, kiosk.HelpEscalationText());
    speech.m_speaking = false;
    Wait(60'000);
    EXPECT_FALSE(speech.m_speaking) << "said once, not every second";
}

TEST_F(HelpWaitTest, AcknowledgedCallIsNeverEscalatedAndANewCallStartsAfresh) {
    CallFromGuide();
    help.m_status = HelpStatus::Acknowledged;
    Wait(10 * 60'000);
    EXPECT_FALSE(kiosk.HelpEscalated());
    kiosk.Apply(Action{ActionType::CancelHelp});
    kiosk.Apply(Action{ActionType::RequestHelp});
    EXPECT_FALSE(kiosk.HelpEscalated()) << "the new call's time starts now";
    auto fresh_pack = std::make_shared<ContentPack>(kiosk.Pack());
    fresh_pack->profiles[0].help_desk_where = {};
    kiosk.ReplaceContent(fresh_pack, fresh_pack->profiles[0]);
    Do(ActionType::RequestHelp);
    Wait(kiosk.Profile().help_escalate_after_s * 1000LL);
    EXPECT_EQ(kiosk.HelpEscalationText(), "da: nobody yet. da: go to the desk.") << "no desk text in the profile: a general one";
}

TEST_F(HelpWaitTest, StaffListRefreshesByItselfOnASlowTimer) {
    EnterStaff();
    EXPECT_EQ(staff.refreshes, 1) << "asked once on entering";
    Wait(kStaffCallsRefreshMs - 1);
    EXPECT_EQ(staff.refreshes, 1);
    Wait(1);
    EXPECT_EQ(staff.refreshes, 2);
    for (int i = 0; i < 5; ++i) {
        EXPECT_LE(kiosk.NextDeadlineMs(), clock.MonotonicMs() + kStaffCallsRefreshMs) << "the loop wakes for the refresh";
        kiosk.NoteInput();  // staff are still reading, so staff mode does not leave
        Wait(kStaffCallsRefreshMs);
    }
    EXPECT_EQ(staff.refreshes, 7);
    Do(ActionType::StaffExit);
    Wait(60'000);
    EXPECT_EQ(staff.refreshes, 7) << "no refreshes once the staff screen is closed";
}

TEST_F(HelpWaitTest, StaffSeeLocationGuideStepAndMinutesAndSecondsInsteadOfIds) {
    CallFromGuide();
    const StaffHelpCall here{"c1", "test-kiosk", kiosk.State().id, "guide", "mitid-app", "open", clock.WallMs() - 187'000};
    const StaffHelpCall there{"c2", "esbjerg-borgerservice", "other-session", "home", "", "acknowledged", clock.WallMs() - 5'000};
    const StaffHelpCall unknown{"c3", "ux-kiosk", "s3", "guide", "pas", "open", 0};

    const StaffCallView a = kiosk.DescribeCall(here);
    EXPECT_EQ(a.location, "Odder Bibliotek");
    EXPECT_EQ(a.where, "MitID-appen \xc2\xb7 da: 2/4: Trin 2") << "guide title and the step this kiosk's citizen is on";
    EXPECT_EQ(a.waiting, "venter 3 min. 7 sek.");
    EXPECT_FALSE(a.acknowledged);

    StaffHelpCall listed_without_session = here;
    listed_without_session.session.clear();
    EXPECT_EQ(kiosk.DescribeCall(listed_without_session).where, a.where) << "this kiosk's id and an open call of its own";
    listed_without_session.kiosk_id = "another-kiosk";
    EXPECT_EQ(kiosk.DescribeCall(listed_without_session).where, "MitID-appen");

    const StaffCallView b = kiosk.DescribeCall(there);
    EXPECT_EQ(b.location, "Esbjerg Borgerservice");
    EXPECT_EQ(b.where, "Forsiden");
    EXPECT_EQ(b.waiting, "venter 0 min. 5 sek.");
    EXPECT_TRUE(b.acknowledged);

    const StaffCallView c = kiosk.DescribeCall(unknown);
    EXPECT_EQ(c.location, "ux-kiosk") << "no profile of that id: the id is all there is";
    EXPECT_EQ(c.where, "guide");
    EXPECT_TRUE(c.waiting.empty());
}

}  // namespace
}  // namespace bk
