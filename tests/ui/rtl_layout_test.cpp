// An Arabic screen reads from the right, so its layout is mirrored: the top bar starts with home on the right,
// next is on the left and back on the right, the rating scale, the yes/no answers and the reason chips start on
// the right, Send sits where next is, and an icon stands on the right of its Arabic label. Danish keeps the
// left-to-right layout. Real screens on the null runner, portrait and landscape.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"
#include "ui/icons.h"

namespace bk {
namespace {

std::shared_ptr<ContentPack> PackWithArabic() {
    auto pack = test::MakeTestPack();
    pack->profiles[0].languages.push_back("ar");
    auto& ar = pack->ui["ar"];
    ar["lang.ar"] = "العربية";
    ar["guide.next"] = "التالي";
    ar["guide.back"] = "رجوع";
    ar["feedback.send"] = "إرسال";
    ar["feedback.skip"] = "تخطي";
    ar["feedback.yes"] = "نعم";
    ar["feedback.no"] = "لا";
    ar["feedback.reason.too_many_steps"] = "خطوات كثيرة";
    ar["feedback.reason.hard_words"] = "كلمات صعبة";
    pack->ui["da"]["lang.ar"] = "العربية";
    pack->ui["da"]["guide.next"] = "Næste";
    pack->ui["da"]["guide.back"] = "Tilbage";
    pack->ui["da"]["feedback.reason.too_many_steps"] = "For mange trin";  // short chips share a row
    pack->ui["da"]["feedback.reason.hard_words"] = "Svære ord";
    return pack;
}

class RtlLayoutTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    RtlLayoutTest() : UiRig(GetParam(), PackWithArabic()) {}

    float Left(const std::string& id) {
        const ui::Target* t = ui.View().FindTarget(id);
        EXPECT_NE(t, nullptr) << id;
        return t ? t->min.x : 0;
    }
    void GuideStepThenFeedback(const char* lang) {
        Tap(std::string("lang.") + lang);  // choosing a language starts the visit
        ASSERT_EQ(kiosk.State().lang, lang);
        Tap("home.guides");
        Tap("service.mitid-app");
        Tap("guide.next");
        ASSERT_EQ(kiosk.State().guide.step, 1);
    }
};

TEST_P(RtlLayoutTest, ArabicMirrorsTheGuideAndTheFeedbackDanishDoesNot) {
    for (const char* lang : {"da", "ar"}) {
        SCOPED_TRACE(lang);
        ui.Frame();
        GuideStepThenFeedback(lang);
        const bool rtl = std::string(lang) == "ar";
        EXPECT_EQ(Left("guide.next") < Left("guide.back"), rtl) << "next is where reading goes";
        // The arrows point the way reading goes, drawn on the reading side of the label.
        EXPECT_EQ(ui.View().FindTarget("guide.back")->icon, rtl ? icon::kArrowRight : icon::kArrowLeft);
        EXPECT_EQ(ui.View().FindTarget("guide.next")->icon, rtl ? icon::kArrowLeft : icon::kArrowRight);
        while (kiosk.State().screen == Screen::Guide) Tap("guide.next");
        ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
        EXPECT_EQ(Left("feedback.rate.1") > Left("feedback.rate.5"), rtl) << "the scale starts where reading starts";
        EXPECT_EQ(Left("feedback.yes") > Left("feedback.no"), rtl);
        EXPECT_EQ(Left("feedback.reason.too_many_steps") > Left("feedback.reason.hard_words"), rtl) << "chips fill from the start";
        Tap("feedback.rate.4");
        EXPECT_EQ(Left("feedback.send") < Left("feedback.skip"), rtl) << "send is where next is";
        Tap("feedback.skip");
        ASSERT_EQ(kiosk.State().screen, Screen::Thanks);
        EXPECT_EQ(Left("thanks.done") < Left("thanks.home"), rtl) << "done is where next is";
        kiosk.Apply({ActionType::EndSession});
        ui.Frame();
        ASSERT_EQ(kiosk.State().screen, Screen::Start);
    }
}

// The top bar reads from the right on an Arabic screen: home, which a Danish bar has at the left, is at the right
// edge, and language, text size, contrast and help follow it leftwards, in the same reading order.
TEST_P(RtlLayoutTest, ArabicMirrorsTheTopBar) {
    for (const char* lang : {"da", "ar"}) {
        SCOPED_TRACE(lang);
        ui.Frame();
        GuideStepThenFeedback(lang);  // a guide step: every control of the bar is shown
        const bool rtl = std::string(lang) == "ar";
        const char* const reading_order[] = {"top.home", "top.language", "top.text_size", "top.contrast", "top.help"};
        for (size_t i = 1; i < std::size(reading_order); ++i)
            EXPECT_EQ(Left(reading_order[i]) < Left(reading_order[i - 1]), rtl) << reading_order[i] << " after " << reading_order[i - 1];
        const ui::Target* home = ui.View().FindTarget("top.home");
        ASSERT_NE(home, nullptr);
        const float width = GetParam().x;
        EXPECT_EQ(home->min.x > width / 2, rtl) << "home starts the bar where reading starts";
        EXPECT_EQ(ui.View().FindTarget("top.help")->max.x > width / 2, !rtl);
        kiosk.Apply({ActionType::EndSession});
        ui.Frame();
        ASSERT_EQ(kiosk.State().screen, Screen::Start);
    }
}

// The languages on the home screen start where reading starts: the kiosk's first language on the left of a
// Danish screen, on the right of an Arabic one.
TEST_P(RtlLayoutTest, ArabicHomeListsTheLanguagesFromTheRight) {
    for (const char* lang : {"da", "ar"}) {
        SCOPED_TRACE(lang);
        ui.Frame();
        Tap(std::string("lang.") + lang);
        ASSERT_EQ(kiosk.State().screen, Screen::Home);
        const auto& langs = kiosk.Profile().languages;
        ASSERT_GE(langs.size(), 2u);
        EXPECT_EQ(Left("lang." + langs[1]) < Left("lang." + langs[0]), std::string(lang) == "ar");
        kiosk.Apply({ActionType::EndSession});
        ui.Frame();
    }
}

// An Arabic-speaking citizen writes the comment in Arabic by taps on an Arabic keyboard, and a name or "MitID" on
// its Latin layer (the kiosk's own Danish letters); what is sent is exactly what was typed, in typing order.
TEST_P(RtlLayoutTest, ArabicCommentIsTypedByTapsOnAnArabicKeyboardWithALatinLayer) {
    GuideStepThenFeedback("ar");
    while (kiosk.State().screen == Screen::Guide) Tap("guide.next");
    Tap("feedback.rate.2");
    Tap("feedback.comment");
    ASSERT_TRUE(kiosk.State().feedback.keyboard_open);
    auto type = [&](const std::string& text) {
        const KeyboardLayout layout = kiosk.Keyboard();
        for (size_t pos = 0; pos < text.size();) {
            size_t end = pos + 1;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
            const std::string ch = text.substr(pos, end - pos);
            pos = end;
            std::string id, shift_id;
            bool capital = false;
            for (size_t r = 0; r < layout.rows.size(); ++r)
                for (size_t c = 0; c < layout.rows[r].size(); ++c) {
                    const Key& key = layout.rows[r][c];
                    const std::string key_id = "key." + std::to_string(r) + "." + std::to_string(c);
                    if (key.action == KeyAction::Shift) shift_id = key_id;
                    if (key.text == ch || (ch == " " && key.action == KeyAction::Space) ||
                        (ch == "\t" && key.action == KeyAction::SwitchLayer && key.target_layer != KeyboardLayer::Symbols))
                        id = key_id;
                    else if (key.action == KeyAction::Insert && key.shifted_text == ch && id.empty()) id = key_id, capital = true;
                }
            ASSERT_FALSE(id.empty()) << "no key for " << ch;
            if (capital) {
                ASSERT_FALSE(shift_id.empty()) << "a capital without a shift key: " << ch;
                Tap(shift_id);
            }
            Tap(id);
        }
    };
    EXPECT_EQ(kiosk.Keyboard().rows[0][0].text, "ض");
    type("شكرا ");
    type("\t");  // to the Latin letters
    ASSERT_EQ(kiosk.State().feedback.comment.Layer(), KeyboardLayer::Latin);
    EXPECT_EQ(kiosk.Keyboard().rows[1].back().text, "ø") << "the kiosk's own Danish letters";
    type("MitID");  // the Latin layer has a shift key for the capitals (the Arabic one has none)
    type("\t");  // back to Arabic
    ASSERT_EQ(kiosk.State().feedback.comment.Layer(), KeyboardLayer::Letters);
    type(" جيد");
    EXPECT_EQ(kiosk.State().feedback.comment.Text(), "شكرا MitID جيد");
    Tap("feedback.send");
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["comment"], "شكرا MitID جيد");
}

INSTANTIATE_TEST_SUITE_P(Orientations, RtlLayoutTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)));

}  // namespace
}  // namespace bk
