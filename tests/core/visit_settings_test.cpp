// Issue 14: what a citizen sets or says during a visit stays with the visit. Text size and contrast
// survive the start and a language change and go at the session's end; a language change keeps the
// citizen where they are; a step sent to the phone gets the phone's idle limit and every idle warning is
// spoken; a face tapped counts even when Send is never tapped.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

class VisitSettingsTest : public ::testing::Test, protected test::KioskRig {
protected:
};

TEST_F(VisitSettingsTest, SettingsChosenOnTheStartScreenSurviveBeginAndLanguageThenGoAtTheEnd) {
    Do(ActionType::CycleTextSize);
    Do(ActionType::CycleTextSize);
    Do(ActionType::ToggleContrast);
    EXPECT_FALSE(kiosk.State().id.empty()) << "a setting begins the visit, so the visit's end can wipe it";
    EXPECT_EQ(kiosk.State().screen, Screen::Start) << "the citizen still chooses when to begin";
    Do(ActionType::Begin);
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_EQ(kiosk.State().text_size, 2);
    EXPECT_TRUE(kiosk.State().high_contrast);
    Do(ActionType::ChooseLanguage, "en");
    EXPECT_EQ(kiosk.State().text_size, 2);
    EXPECT_TRUE(kiosk.State().high_contrast);
    EXPECT_EQ(sink.Count(ev::kSessionStarted), 1u) << "one visit";
    EXPECT_EQ(sink.Count(ev::kAccessibilityChanged), 3u) << "each choice is counted, the ones before Begin too";

    Wait(kiosk.Profile().idle_timeout_s * 1000LL + kiosk.Profile().idle_answer_s * 1000LL);
    EXPECT_TRUE(kiosk.State().id.empty());
    EXPECT_EQ(kiosk.State().text_size, 0);
    EXPECT_FALSE(kiosk.State().high_contrast);
    EXPECT_EQ(kiosk.State().lang, "da");
}

TEST_F(VisitSettingsTest, SettingsChosenOnTheStartScreenSurviveALanguageChoiceThere) {
    Do(ActionType::ToggleContrast);
    Do(ActionType::ChooseLanguage, "nb");
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_TRUE(kiosk.State().high_contrast);
    EXPECT_EQ(kiosk.State().lang, "nb");
}

TEST_F(VisitSettingsTest, AnUntouchedStartScreenWithASettingEndsLikeAnyVisit) {
    Do(ActionType::CycleTextSize);
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    EXPECT_TRUE(kiosk.State().idle_overlay) << "the next citizen must not inherit large text";
    Do(ActionType::EndSession);
    EXPECT_EQ(kiosk.State().text_size, 0);
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["reason"], "idle");
}

TEST_F(VisitSettingsTest, LanguageChangedOnAGuideStepKeepsTheGuideAndTheStep) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::NextStep);
    Do(ActionType::ShowQr);  // opens nothing on step 3; the QR step is step 2
    Do(ActionType::ToggleLanguages);
    EXPECT_TRUE(kiosk.State().languages_open);
    Do(ActionType::ChooseLanguage, "en");
    EXPECT_FALSE(kiosk.State().languages_open) << "the chooser closes with the choice";
    EXPECT_EQ(kiosk.State().lang, "en");
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    ASSERT_NE(kiosk.State().guide.service, nullptr);
    EXPECT_EQ(kiosk.State().guide.service->id, "mitid-app");
    EXPECT_EQ(kiosk.State().guide.step, 2);
    EXPECT_EQ(sink.Count(ev::kGuideAbandoned), 0u);
    EXPECT_EQ(sink.Count(ev::kGuideOpened), 1u) << "the guide was not opened again";
    EXPECT_NE(kiosk.ScreenText().find("Step 3"), std::string::npos) << kiosk.ScreenText();
}

TEST_F(VisitSettingsTest, LanguageChangedOnTheFeedbackScreenKeepsTheAnswers) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "flytning");
    Do(ActionType::NextStep);
    Do(ActionType::NextStep);
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    Do(ActionType::Rate, {}, 2);
    Do(ActionType::SetTaskDone, {}, static_cast<int>(TaskDone::Partly));
    Do(ActionType::ToggleReason, "hard_words");
    Do(ActionType::ToggleLanguages);
    Do(ActionType::ChooseLanguage, "nb");
    const FeedbackDraft& d = kiosk.State().feedback;
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_EQ(d.rating, 2);
    EXPECT_EQ(d.task_done, TaskDone::Partly);
    EXPECT_EQ(d.reasons.count("hard_words"), 1u);
    EXPECT_TRUE(d.after_completion);
}

TEST_F(VisitSettingsTest, TheLanguageChooserClosesOnAnyOtherTapAndOnTheIdleOverlay) {
    Do(ActionType::Begin);
    Do(ActionType::ToggleLanguages);
    Do(ActionType::ToggleLanguages);
    EXPECT_FALSE(kiosk.State().languages_open) << "the globe closes what it opened";
    Do(ActionType::ToggleLanguages);
    Do(ActionType::CycleTextSize);
    EXPECT_FALSE(kiosk.State().languages_open);
    Do(ActionType::ToggleLanguages);
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    EXPECT_FALSE(kiosk.State().languages_open);
}

TEST_F(VisitSettingsTest, OnMyPhoneOnAQrStepWaitsThePhoneLimitAndTheWarningIsSpoken) {
    ASSERT_EQ(kiosk.Profile().phone_wait_limit_s, 600) << "the default";
    Do(ActionType::ChooseLanguage, "en");
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::OnMyPhone);
    EXPECT_FALSE(kiosk.State().guide.on_phone) << "step 1 has no QR code";
    Do(ActionType::NextStep);
    Do(ActionType::OnMyPhone);
    ASSERT_TRUE(kiosk.State().guide.on_phone);
    EXPECT_TRUE(kiosk.State().guide.qr_visible);
    EXPECT_EQ(kiosk.NextDeadlineMs(), clock.MonotonicMs() + 600'000) << "the loop sleeps until the phone limit";
    Wait(90'000);
    EXPECT_FALSE(kiosk.State().idle_overlay) << "past the ordinary limit and its answer time: still there";
    EXPECT_FALSE(kiosk.State().id.empty());
    Wait(600'000 - 90'000 - 1'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    Wait(1'000);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    EXPECT_TRUE(speech.m_speaking) << "the warning is said, not only shown";
    EXPECT_EQ(speech.m_last_text, kiosk.IdleWarningText());
    EXPECT_EQ(speech.m_last_lang, "en") << "in the session's language";
    Do(ActionType::StillHere);
    EXPECT_TRUE(kiosk.State().guide.on_phone) << "still on the phone: the long limit again";
    Wait(90'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
}

TEST_F(VisitSettingsTest, OnMyPhoneLastsOnlyOnItsStep) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::OnMyPhone);
    Do(ActionType::NextStep);
    EXPECT_FALSE(kiosk.State().guide.on_phone);
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    EXPECT_TRUE(kiosk.State().idle_overlay) << "back at the screen: the ordinary limit";
}

TEST_F(VisitSettingsTest, OnMyPhoneTappedAgainGivesTheOrdinaryLimitBack) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    Do(ActionType::NextStep);
    Do(ActionType::OnMyPhone);
    Do(ActionType::OnMyPhone);
    EXPECT_FALSE(kiosk.State().guide.on_phone);
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    EXPECT_TRUE(kiosk.State().idle_overlay);
}

class FeedbackKeptTest : public VisitSettingsTest {
protected:
    void ToFeedback() {
        Do(ActionType::Begin);
        Do(ActionType::OpenService, "flytning");
        Do(ActionType::NextStep);
        Do(ActionType::NextStep);
        ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    }
};

TEST_F(FeedbackKeptTest, AFaceTappedThenIdleIsRecordedWithWhatWasChosen) {
    ToFeedback();
    Do(ActionType::Rate, {}, 4);
    Do(ActionType::SetTaskDone, {}, static_cast<int>(TaskDone::Yes));
    Do(ActionType::ToggleReason, "hard_words");
    Do(ActionType::OpenKeyboard);
    Do(ActionType::PressKey, {}, 0);  // a letter typed but never sent
    ASSERT_FALSE(kiosk.State().feedback.comment.Text().empty());
    Wait((kiosk.Profile().idle_timeout_s + kiosk.Profile().idle_answer_s) * 1000LL);
    ASSERT_TRUE(kiosk.State().id.empty()) << "the session ended at idle";
    ASSERT_EQ(sink.Count(ev::kFeedbackSubmitted), 1u);
    const Event& e = *sink.Last(ev::kFeedbackSubmitted);
    EXPECT_EQ(e.session, "session-1");
    EXPECT_EQ(e.service, "flytning");
    EXPECT_EQ(e.data["rating"], 4);
    EXPECT_EQ(e.data["task_done"], "yes");
    EXPECT_EQ(e.data["reasons"], nlohmann::json::array({"hard_words"}));
    EXPECT_FALSE(e.data.contains("comment")) << "text never sent stays on the kiosk, and goes with the session";
}

TEST_F(FeedbackKeptTest, AFaceTappedThenSkipOrHomeIsRecordedOnce) {
    ToFeedback();
    Do(ActionType::Rate, {}, 2);
    Do(ActionType::SkipFeedback);
    ASSERT_EQ(sink.Count(ev::kFeedbackSubmitted), 1u);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["rating"], 2);
    Do(ActionType::EndSession);
    EXPECT_EQ(sink.Count(ev::kFeedbackSubmitted), 1u) << "not again when the session ends";

    ToFeedback();
    Do(ActionType::Rate, {}, 5);
    Do(ActionType::GoHome);
    EXPECT_EQ(sink.Count(ev::kFeedbackSubmitted), 2u);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["rating"], 5);
}

TEST_F(FeedbackKeptTest, SendWithoutAFaceDoesNothingAndNoFaceRecordsNothing) {
    ToFeedback();
    Do(ActionType::SubmitFeedback);
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback) << "Send waits for a face";
    Do(ActionType::SkipFeedback);
    Do(ActionType::EndSession);
    EXPECT_EQ(sink.Count(ev::kFeedbackSubmitted), 0u);
}

// A Norwegian kiosk (Drammen) offers bokmål first: every visit starts in it, whatever the last citizen chose.
std::shared_ptr<ContentPack> BokmaalFirstPack() {
    auto pack = test::MakeTestPack();
    pack->profiles[0].languages = {"nb", "da", "en"};
    return pack;
}

class BokmaalFirstTest : public ::testing::Test, protected test::KioskRig {
protected:
    BokmaalFirstTest() : KioskRig(BokmaalFirstPack()) {}
};

TEST_F(BokmaalFirstTest, VisitsStartInTheProfilesFirstLanguage) {
    EXPECT_EQ(kiosk.State().lang, "nb") << "the start screen before anyone came";
    Do(ActionType::Begin);
    EXPECT_EQ(kiosk.State().lang, "nb");
    EXPECT_EQ(sink.Last(ev::kSessionStarted)->lang, "nb");
    Do(ActionType::ChooseLanguage, "en");
    EXPECT_EQ(kiosk.State().lang, "en");
    Do(ActionType::EndSession);
    EXPECT_TRUE(kiosk.State().id.empty());
    EXPECT_EQ(kiosk.State().lang, "nb") << "the next citizen starts in bokmål, not in the last one's choice";
}

}  // namespace
}  // namespace bk
