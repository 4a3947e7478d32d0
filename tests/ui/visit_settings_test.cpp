// Issue 14 on the real screens: settings that stick, the language on every screen, time for the phone,
// and feedback that keeps what was said. Portrait 1080x1920 and landscape 1920x1080, no window.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"
#include "ui/icons.h"

namespace bk {
namespace {

class VisitSettingsUiTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    VisitSettingsUiTest() : UiRig(GetParam()) {}

    const ui::Target& Target(const std::string& id) {
        const ui::Target* t = ui.View().FindTarget(id);
        EXPECT_NE(t, nullptr) << id;
        static const ui::Target none;
        return t ? *t : none;
    }
    // The height a button's label and hint need at its width (body font, icon and padding beside them).
    float TextHeight(int text_size, const ui::Target& t) {
        const ui::FontSet& fonts = ui.Runner().Fonts().sizes[static_cast<size_t>(text_size)];
        const float icon_w = t.icon.empty() ? 0 : fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, 0, t.icon.c_str()).x +
                                                     fonts.body->FontSize * 0.5f;
        const float w = t.max.x - t.min.x - fonts.em * 1.2f - icon_w;
        return fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, w, t.label.c_str()).y +
               fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, w, t.hint.c_str()).y;
    }
    void OpenGuideStep(int step) {
        Tap("start.begin");
        Tap("home.guides");
        Tap("service.mitid-app");
        for (int i = 0; i < step; ++i) Tap("guide.next");
        ASSERT_EQ(kiosk.State().guide.step, step);
    }
};

TEST_P(VisitSettingsUiTest, TextSizeAndContrastFromTheStartScreenLastThroughBeginAndALanguage) {
    Tap("top.text_size");
    Tap("top.contrast");
    Tap("lang.en");
    ASSERT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_EQ(kiosk.State().text_size, 1);
    EXPECT_TRUE(kiosk.State().high_contrast);
    Tap("top.language");
    Tap("languages.nb");
    EXPECT_EQ(kiosk.State().text_size, 1);
    EXPECT_TRUE(kiosk.State().high_contrast);
    Wait((kiosk.Profile().idle_timeout_s + kiosk.Profile().idle_answer_s) * 1000LL);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_EQ(kiosk.State().text_size, 0);
    EXPECT_FALSE(kiosk.State().high_contrast);
}

TEST_P(VisitSettingsUiTest, LanguageFromTheTopBarOnAGuideStepKeepsTheStep) {
    OpenGuideStep(2);
    EXPECT_FALSE(ui.HasTarget("languages.en")) << "closed until the globe is tapped";
    Tap("top.language");
    ASSERT_TRUE(ui.HasTarget("languages.en"));
    EXPECT_EQ(Target("languages.en").label, "English") << "each language is named in itself";
    EXPECT_EQ(Target("languages.da").icon, icon::kCheck) << "the language in use is marked, not by colour alone";
    const ImVec2 display = GetParam();
    const float em = ui.Runner().Fonts().sizes[0].em;  // the top bar keeps the base size
    for (const char* id : {"languages.da", "languages.en", "languages.nb", "languages.close"}) {
        const ui::Target& t = Target(id);  // clipped to what is on the display
        EXPECT_GE(t.max.x - t.min.x + 0.5f, em * 9.0f) << id << " is whole, not cut at the display's edge";
        EXPECT_GE(t.max.y - t.min.y + 0.5f, em * 2.4f) << id;
        EXPECT_LE(t.max.x, display.x + 0.5f) << id;
    }
    const ui::Target& globe = Target("top.language");
    EXPECT_GE(Target("languages.da").min.y, globe.max.y) << "under the globe, not over the top bar";
    Tap("languages.en");
    EXPECT_EQ(kiosk.State().lang, "en");
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(kiosk.State().guide.step, 2);
    EXPECT_FALSE(ui.HasTarget("languages.en")) << "the chooser closed";
    EXPECT_TRUE(ui.HasTarget("guide.next"));
}

TEST_P(VisitSettingsUiTest, TheChooserIsOnEveryScreenButStartAndCoversWhatIsUnderIt) {
    EXPECT_FALSE(ui.HasTarget("top.language")) << "the start screen has its own language row";
    Tap("start.begin");
    EXPECT_TRUE(ui.HasTarget("top.language"));
    Tap("home.guides");
    EXPECT_TRUE(ui.HasTarget("top.language"));
    Tap("top.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_TRUE(ui.HasTarget("top.language"));
    Tap("top.language");
    Tap("languages.close");
    EXPECT_FALSE(kiosk.State().languages_open);
    EXPECT_EQ(kiosk.State().screen, Screen::Help);
}

TEST_P(VisitSettingsUiTest, OnMyPhoneOnTheQrStepHoldsTheIdleOverlayOffForTenMinutesAndTheWarningIsSpoken) {
    pack->ui["da"]["guide.on_phone_hint"] = "Skærmen venter {n} min. på dig";
    OpenGuideStep(1);
    Tap("guide.show_qr");
    ASSERT_TRUE(ui.HasTarget("guide.on_phone"));
    const ui::Target& button = Target("guide.on_phone");
    EXPECT_GE(button.max.y - button.min.y + 0.5f, TextHeight(0, button)) << "label and hint fit the button";
    EXPECT_NE(button.hint.find("10"), std::string::npos) << "says how long the screen waits: " << button.hint;
    Tap("guide.on_phone");
    EXPECT_TRUE(kiosk.State().guide.on_phone);
    EXPECT_EQ(Target("guide.on_phone").icon, icon::kCheck) << "the choice shows, not by colour alone";
    Wait(90'000);
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_FALSE(ui.HasTarget("idle.continue"));
    Wait(600'000 - 90'000);
    ASSERT_TRUE(ui.HasTarget("idle.continue"));
    EXPECT_EQ(speech.m_last_text, kiosk.IdleWarningText());
}

TEST_P(VisitSettingsUiTest, SendSaysWhyUntilAFaceAndChosenChipsCarryACheckMark) {
    pack->ui["da"]["feedback.send_hint"] = "Vælg først et ansigt";
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_FALSE(Target("feedback.send").enabled);
    EXPECT_EQ(Target("feedback.send").hint, "Vælg først et ansigt");
    Tap("feedback.send");
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback);
    Tap("feedback.reason.hard_words");
    EXPECT_EQ(Target("feedback.reason.hard_words").icon, icon::kCheck) << "chosen is shown by a mark, not colour alone";
    EXPECT_EQ(Target("feedback.reason.too_many_steps").icon, "");
    Tap("feedback.rate.3");
    EXPECT_TRUE(Target("feedback.send").enabled);
    EXPECT_EQ(Target("feedback.send").hint, "");
}

TEST_P(VisitSettingsUiTest, ChipsKeepTheirCheckMarkAtTheLargestTextSize) {
    Tap("top.text_size");
    Tap("top.text_size");
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    for (const std::string& reason : kFeedbackReasons) {
        const std::string id = "feedback.reason." + reason;
        // Dragged up into sight, as a finger would (one column at this size: the chips sit under the faces).
        for (int drags = 0; drags < 4 && !ui.HasTarget(id); ++drags)
            ui.Drag(ImVec2(GetParam().x * 0.75f, GetParam().y * 0.7f), ImVec2(GetParam().x * 0.75f, GetParam().y * 0.3f));
        Tap(id);
        EXPECT_EQ(Target(id).icon, icon::kCheck) << id;
    }
}

TEST_P(VisitSettingsUiTest, AFaceTappedThenIdleIsSent) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    Tap("feedback.rate.1");
    Wait((kiosk.Profile().idle_timeout_s + kiosk.Profile().idle_answer_s) * 1000LL);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    ASSERT_NE(sink.Last(ev::kFeedbackSubmitted), nullptr);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["rating"], 1);
}

TEST_P(VisitSettingsUiTest, OnMyPhoneIsWholeOnScreenAtEveryTextSize) {
    pack->ui["da"]["guide.on_phone"] = "Jeg gør det på min telefon";
    pack->ui["da"]["guide.on_phone_hint"] = "Skærmen venter {n} min. på dig";
    for (int size = 0; size < kTextSizes; ++size) {
        if (size > 0) Tap("top.text_size");
        if (size == 0) OpenGuideStep(1);
        if (size == 0) Tap("guide.show_qr");
        const float em = ui.Runner().Fonts().sizes[static_cast<size_t>(size)].em;
        // With large text the phone panel scrolls: a finger drags it up to reach the button.
        const ImVec2 display = GetParam();
        const float x = display.y > display.x ? display.x * 0.5f : display.x - em * 2.0f;
        for (int drags = 0; drags < 4; ++drags) {
            const ui::Target* t = ui.View().FindTarget("guide.on_phone");
            if (t && t->max.y - t->min.y + 0.5f >= TextHeight(size, *t)) break;
            ui.Drag(ImVec2(x, display.y * 0.75f), ImVec2(x, display.y * 0.45f));
        }
        ASSERT_TRUE(ui.HasTarget("guide.on_phone")) << "text size " << size;
        const ui::Target& button = Target("guide.on_phone");
        EXPECT_GE(button.max.y - button.min.y + 0.5f, TextHeight(size, button)) << "whole on screen at text size " << size;
        Tap("guide.on_phone");
        EXPECT_EQ(kiosk.State().guide.on_phone, size % 2 == 0) << "reached and tapped at text size " << size;
    }
}

TEST_P(VisitSettingsUiTest, SendsHintIsWholeAtEveryTextSize) {
    pack->ui["da"]["feedback.send_hint"] = "Vælg først et ansigt";
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    for (int size = 0; size < kTextSizes; ++size) {
        if (size > 0) Tap("top.text_size");
        const ui::FontSet& fonts = ui.Runner().Fonts().sizes[static_cast<size_t>(size)];
        const ui::Target& send = Target("feedback.send");
        // Label and hint side by side with the check mark, within the button's padding.
        const float text_w = send.max.x - send.min.x - fonts.em * 1.2f - fonts.body->FontSize * 1.5f;
        const float needed = fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, text_w, "Send").y +
                             fonts.body->CalcTextSizeA(fonts.body->FontSize, FLT_MAX, text_w, send.hint.c_str()).y;
        EXPECT_GE(send.max.y - send.min.y, needed) << "text size " << size;
        EXPECT_LE(send.max.y, GetParam().y + 0.5f) << "text size " << size;
    }
}

INSTANTIATE_TEST_SUITE_P(Orientations, VisitSettingsUiTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)),
                         [](const auto& param_info) { return param_info.param.x < param_info.param.y ? "Portrait" : "Landscape"; });

}  // namespace
}  // namespace bk
