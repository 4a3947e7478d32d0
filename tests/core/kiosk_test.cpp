// The citizen's journey through the core alone: actions in, state and events out, time by hand.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

class KioskTest : public ::testing::Test, protected test::KioskRig {};

TEST_F(KioskTest, ACountedTextTakesThePluralFormOfItsNumber) {
    pack->ui["ar"]["idle.seconds_left"] = "بقيت {n} ثانية";
    pack->ui["ar"]["idle.seconds_left#few"] = "بقيت {n} ثوانٍ";
    pack->ui["ar"]["idle.seconds_left#many"] = "بقيت {n} ثانية";
    pack->ui["ar"]["idle.seconds_left#other"] = "بقيت {n} ثانية";
    pack->profiles[0].languages.push_back("ar");
    kiosk.ReplaceContent(pack, pack->profiles[0]);
    Do(ActionType::Begin);
    Do(ActionType::ChooseLanguage, "ar");
    ASSERT_EQ(kiosk.State().lang, "ar");
    EXPECT_EQ(kiosk.Text("idle.seconds_left", 5), "بقيت 5 ثوانٍ");
    EXPECT_EQ(kiosk.Text("idle.seconds_left", 10), "بقيت 10 ثوانٍ");
    EXPECT_EQ(kiosk.Text("idle.seconds_left", 11), "بقيت 11 ثانية");
    EXPECT_EQ(kiosk.Text("idle.seconds_left", 100), "بقيت 100 ثانية");
}

TEST_F(KioskTest, WithoutAProfileNamedTheKioskRunsTheFirstThatStartsInDanish) {
    ContentPack two;
    two.profiles.resize(2);
    two.profiles[0].id = "drammen-bibliotek";  // first by file name
    two.profiles[0].languages = {"nb", "da"};
    two.profiles[1].id = "odder-bibliotek";
    two.profiles[1].languages = {"da", "en"};
    ASSERT_NE(two.DefaultProfile(), nullptr);
    EXPECT_EQ(two.DefaultProfile()->id, "odder-bibliotek");
    two.profiles.pop_back();
    EXPECT_EQ(two.DefaultProfile()->id, "drammen-bibliotek") << "none starts in Danish: the first";
}

TEST_F(KioskTest, StartsOnStartScreenWithNoSession) {
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_TRUE(kiosk.State().id.empty());
    Do(ActionType::OpenService, "mitid-app");  // not reachable before a session
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_TRUE(sink.events.empty());
    EXPECT_EQ(kiosk.NextDeadlineMs(), -1) << "no session: nothing to wake up for";
}

TEST_F(KioskTest, WholeGuideThenFeedbackThenThanksReturnsToStart) {
    Do(ActionType::ChooseLanguage, "en");
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_EQ(kiosk.State().lang, "en");
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    Do(ActionType::OpenService, "mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    for (int i = 0; i < 3; ++i) Do(ActionType::NextStep);
    EXPECT_EQ(kiosk.State().guide.step, 3);
    clock.Advance(2000);
    Do(ActionType::NextStep);  // finish
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_TRUE(kiosk.State().feedback.after_completion);

    Do(ActionType::Rate, {}, 4);
    Do(ActionType::SetTaskDone, {}, static_cast<int>(TaskDone::Partly));
    Do(ActionType::ToggleReason, "hard_words");
    Do(ActionType::ToggleReason, "not-a-reason");
    Do(ActionType::SubmitFeedback);
    ASSERT_EQ(kiosk.State().screen, Screen::Thanks);

    const Event* fb = sink.Last(ev::kFeedbackSubmitted);
    ASSERT_NE(fb, nullptr);
    EXPECT_EQ(fb->service, "mitid-app");
    EXPECT_EQ(fb->service_version, 3);
    EXPECT_EQ(fb->data["rating"], 4);
    EXPECT_EQ(fb->data["task_done"], "partly");
    EXPECT_EQ(fb->data["reasons"], nlohmann::json::array({"hard_words"}));
    EXPECT_FALSE(fb->data.contains("comment"));

    EXPECT_EQ(sink.Count(ev::kStepViewed), 4u);
    const Event* done = sink.Last(ev::kGuideCompleted);
    ASSERT_NE(done, nullptr);
    EXPECT_EQ(done->data["steps_total"], 4);
    EXPECT_EQ(done->data["duration_ms"], 2000);

    Wait(kThanksReturnMs);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_TRUE(kiosk.State().id.empty());
    EXPECT_EQ(kiosk.State().lang, "da") << "language resets with the session";
    const Event* end = sink.Last(ev::kSessionEnded);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->data["reason"], "finished");
    // Every event of the visit carries the same session id.
    for (const Event& e : sink.events) EXPECT_EQ(e.session, "session-1") << e.type;
}

TEST_F(KioskTest, LeavingEarlyRecordsAbandonWithStepAndAsksForFeedback) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::GoHome);
    const Event* abandon = sink.Last(ev::kGuideAbandoned);
    ASSERT_NE(abandon, nullptr);
    EXPECT_EQ(abandon->step, 1);
    EXPECT_EQ(abandon->data["reason"], "home");
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_FALSE(kiosk.State().feedback.after_completion);
    Do(ActionType::SkipFeedback);
    EXPECT_EQ(kiosk.State().screen, Screen::Home) << "skipping after leaving early goes home, the visit goes on";
    EXPECT_EQ(sink.Count(ev::kFeedbackSubmitted), 0u);
}

TEST_F(KioskTest, BackOnFirstStepAbandonsWithReasonBack) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "flytning");
    Do(ActionType::PrevStep);
    EXPECT_EQ(kiosk.State().screen, Screen::List);
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->data["reason"], "back");
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->step, 0);
}

TEST_F(KioskTest, SecondRatingWithinFiveSecondsIsIgnored) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "flytning");
    Do(ActionType::NextStep);
    Do(ActionType::NextStep);
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    Do(ActionType::Rate, {}, 5);
    clock.Advance(4999);
    Do(ActionType::Rate, {}, 1);
    EXPECT_EQ(kiosk.State().feedback.rating, 5);
    clock.Advance(1);
    Do(ActionType::Rate, {}, 2);
    EXPECT_EQ(kiosk.State().feedback.rating, 2);
}

TEST_F(KioskTest, IdleOverlayThenAnsweredKeepsSession) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Wait(59'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    Wait(1'000);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    EXPECT_EQ(kiosk.IdleSecondsLeft(), 30);
    Do(ActionType::NextStep);  // modal: ignored
    EXPECT_EQ(kiosk.State().guide.step, 0);
    Wait(19'000);
    Do(ActionType::StillHere);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(sink.Count(ev::kSessionEnded), 0u);
}

TEST_F(KioskTest, IdleWithoutAnswerWipesEverythingAndRecordsAbandon) {
    Do(ActionType::ChooseLanguage, "nb");
    Do(ActionType::CycleTextSize);
    Do(ActionType::ToggleContrast);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::NextStep);
    Wait(60'000 + 29'000);
    EXPECT_TRUE(kiosk.State().idle_overlay);
    Wait(1'000);
    const SessionState& s = kiosk.State();
    EXPECT_EQ(s.screen, Screen::Start);
    EXPECT_TRUE(s.id.empty());
    EXPECT_EQ(s.lang, "da");
    EXPECT_EQ(s.text_size, 0);
    EXPECT_FALSE(s.high_contrast);
    EXPECT_EQ(s.guide.service, nullptr);
    EXPECT_FALSE(s.idle_overlay);
    const Event* abandon = sink.Last(ev::kGuideAbandoned);
    ASSERT_NE(abandon, nullptr);
    EXPECT_EQ(abandon->step, 2);
    EXPECT_EQ(abandon->data["reason"], "idle");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["reason"], "idle");
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["duration_ms"], 90'000);
}

TEST_F(KioskTest, HelpFromGuideReachesDeskAndAbandonReasonIsHelp) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::RequestHelp);
    EXPECT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_EQ(help.m_requests, 1);
    EXPECT_EQ(help.m_service, "mitid-app");
    EXPECT_EQ(help.m_screen, "guide");
    EXPECT_EQ(sink.Last(ev::kHelpRequested)->service, "mitid-app");
    Do(ActionType::CloseHelp);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(kiosk.State().guide.step, 1) << "the citizen returns to the step they were on";
    Do(ActionType::RequestHelp);
    EXPECT_EQ(help.m_requests, 1) << "an open call is not sent twice";
    help.m_status = HelpStatus::Acknowledged;
    EXPECT_EQ(kiosk.Help(), HelpStatus::Acknowledged);
    Do(ActionType::GoHome);
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->data["reason"], "help");
}

TEST_F(KioskTest, HelpFromStartBeginsSession) {
    Do(ActionType::RequestHelp);
    EXPECT_FALSE(kiosk.State().id.empty());
    EXPECT_EQ(kiosk.State().screen, Screen::Help);
    Do(ActionType::CloseHelp);
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
}

TEST_F(KioskTest, KeyboardTypesDanishLettersAndCommentIsWipedWithSession) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "flytning");
    Do(ActionType::NextStep);
    Do(ActionType::NextStep);
    Do(ActionType::OpenKeyboard);
    const KeyboardLayout layout = kiosk.Keyboard();
    auto press = [&](const std::string& text) {
        for (size_t r = 0; r < layout.rows.size(); ++r)
            for (size_t c = 0; c < layout.rows[r].size(); ++c)
                if (layout.rows[r][c].text == text) {
                    Do(ActionType::PressKey, {}, static_cast<int>(r * kKeyRowStride + c));
                    return true;
                }
        return false;
    };
    for (const char* letter : {"æ", "b", "l", "e", "ø", "l", "å"}) ASSERT_TRUE(press(letter)) << letter;
    EXPECT_EQ(kiosk.State().feedback.comment.Text(), "æbleølå");
    Do(ActionType::Rate, {}, 3);
    Do(ActionType::SubmitFeedback);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["comment"], "æbleølå");
    EXPECT_TRUE(kiosk.State().feedback.comment.Text().empty());
}

TEST_F(KioskTest, ReadAloudSpeaksTheStepAndStopsOnScreenChange) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::ToggleReadAloud);
    EXPECT_TRUE(speech.m_speaking);
    EXPECT_NE(speech.m_last_text.find("Gør sådan her 1."), std::string::npos);
    EXPECT_EQ(sink.Last(ev::kReadAloud)->data["screen"], "guide");
    Do(ActionType::NextStep);
    EXPECT_FALSE(speech.m_speaking);
}

TEST_F(KioskTest, QrShownOncePerStep) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::ShowQr);
    Do(ActionType::ShowQr);
    EXPECT_EQ(sink.Count(ev::kQrShown), 1u);
    EXPECT_EQ(sink.Last(ev::kQrShown)->step, 1);
}

TEST_F(KioskTest, NextDeadlineTracksIdleTimerAndCountdowns) {
    Do(ActionType::Begin);
    EXPECT_EQ(kiosk.NextDeadlineMs(), 60'000);
    clock.Advance(10'000);
    kiosk.NoteInput();
    EXPECT_EQ(kiosk.NextDeadlineMs(), 70'000);
    Wait(60'000);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    EXPECT_EQ(kiosk.NextDeadlineMs(), 71'000) << "the countdown ticks once a second";
}

TEST_F(KioskTest, LanguageOutsideProfileIsRefused) {
    Do(ActionType::ChooseLanguage, "sv");
    EXPECT_TRUE(kiosk.State().id.empty());
    Do(ActionType::ChooseLanguage, "nb");
    EXPECT_EQ(kiosk.Text("guide.step_of", 2, 5), "nb: 2/5");
    EXPECT_EQ(sink.Last(ev::kLanguageChanged)->data["to"], "nb");
}

}  // namespace
}  // namespace bk
