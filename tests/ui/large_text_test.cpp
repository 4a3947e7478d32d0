// At 200 % text (WCAG 1.4.4) nothing on a screen is cut: on the demo content, walked by a citizen's keypad in
// speech mode through start, home, both lists, the whole MitID guide (its QR steps), feedback with its reasons and
// a comment being typed, thanks and help, every text and every control stays within the screen's sides, and each
// comes into sight when the focus reaches it (the focus scrolls its region, as a finger's drag would): a control
// whole, a text at least in part (a paragraph taller than its region is read by scrolling); the screen itself never
// scrolls away from under the top bar. Portrait and landscape, in the kiosk's languages (Arabic right to left); Danish
// at 150 % and 100 % too.
#include <gtest/gtest.h>

#include <algorithm>

#include "content/reader.h"
#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"
#include "ui/style.h"

namespace bk {
namespace {

std::string Rect(float x0, float y0, float x1, float y1) {
    return std::to_string(static_cast<int>(x0)) + "," + std::to_string(static_cast<int>(y0)) + " to " + std::to_string(static_cast<int>(x1)) +
           "," + std::to_string(static_cast<int>(y1));
}

// The demo pack at Odder's library kiosk (the rig runs the pack's first profile).
std::shared_ptr<ContentPack> DemoPack() {
    ReadResult read = ReadPack(BK_DEMO_CONTENT_DIR);
    auto& profiles = read.pack.profiles;
    std::stable_partition(profiles.begin(), profiles.end(), [](const KioskProfile& p) { return p.id == "odder-bibliotek"; });
    return std::make_shared<ContentPack>(std::move(read.pack));
}

struct Case {
    ImVec2 display;
    const char* lang;
    int text_size = kTextSizes - 1;  // the largest, 200 %
};

class LargeTextTest : public ::testing::TestWithParam<Case>, protected test::UiRig {
protected:
    LargeTextTest() : UiRig(GetParam().display, DemoPack()) {}

    const ScreenItem* Focused() const {
        const SpeechModeState& m = kiosk.SpeechMode();
        return m.focus < 0 || m.focus >= static_cast<int>(m.items.size()) ? nullptr : &m.items[static_cast<size_t>(m.focus)];
    }
    // The item as drawn in the last frame: a control by its id, a text by its words.
    const ScreenItem* Drawn(const ScreenItem& wanted) const {
        for (const ScreenItem& item : ui.View().Items())
            if (wanted.id.empty() ? item.id.empty() && item.label == wanted.label : item.id == wanted.id) return &item;
        return nullptr;
    }
    void Activate(const std::string& id) {
        for (size_t i = 0; i <= kiosk.SpeechMode().items.size() && (!Focused() || Focused()->id != id); ++i) ui.PressKey(NavKey::Down);
        if (!Focused() || Focused()->id != id) {
            std::string ids;
            for (const ScreenItem& item : kiosk.SpeechMode().items) ids += (item.id.empty() ? "\"" + item.label.substr(0, 20) + "\"" : item.id) + " ";
            std::string walk;
            for (int k = 0; k < 20; ++k) {
                ui.PressKey(NavKey::Down);
                walk += std::to_string(kiosk.SpeechMode().focus) + ":" + (Focused() ? Focused()->id : std::string("-")) + " ";
            }
            FAIL() << "not reachable by keys: " << id << " among " << ids << " walk " << walk;
        }
        ui.PressKey(NavKey::Enter);
        ui.Frame();
    }
    // Every item of this screen once: the focus on it, a frame for its region to scroll, then what was drawn.
    void ExpectNothingCut(const std::string& where) {
        const float width = GetParam().display.x;
        const size_t count = kiosk.SpeechMode().items.size();
        ASSERT_GT(count, 0u) << where;
        for (size_t i = 0; i < count; ++i) {
            ui.PressKey(NavKey::Down);
            // The frame after the key asks the focus's region to scroll; ImGui scrolls at the start of the next.
            ui.Frame();
            ui.Frame();
            const ScreenItem* focused = Focused();
            ASSERT_NE(focused, nullptr) << where;
            const ScreenItem* item = Drawn(*focused);
            ASSERT_NE(item, nullptr) << where << ": focused but not drawn: " << focused->label;
            const std::string what = where + ": \"" + item->label + "\" (whole " + Rect(item->whole_x0, item->whole_y0, item->whole_x1,
                                     item->whole_y1) + ", in sight " + Rect(item->x0, item->y0, item->x1, item->y1) + ")";
            EXPECT_GE(item->whole_x0, -0.5f) << what << " runs past the left side";
            EXPECT_LE(item->whole_x1, width + 0.5f) << what << " runs past the right side";
            EXPECT_LT(item->x0, item->x1) << what << " is not in sight when the focus is on it";
            // The screen itself never scrolls: the top bar stays whole in its place whatever has the focus.
            for (const ScreenItem& chrome : ui.View().Items())
                if (chrome.chrome && !chrome.id.empty() && (chrome.whole_y0 < 0 || chrome.y0 != chrome.whole_y0 || chrome.y1 != chrome.whole_y1)) {
                    ADD_FAILURE() << what << " scrolled the screen: the top bar's " << chrome.id << " is at " << chrome.whole_y0;
                    break;
                }
            if (const ui::Target* target = item->id.empty() ? nullptr : ui.View().FindTarget(item->id)) {
                EXPECT_FALSE(target->words_cut) << what << ": its words do not fit it";
            }
            if (!item->id.empty()) {  // a control is whole in sight
                EXPECT_NEAR(item->y0, item->whole_y0, 0.5f) << what << " is cut at the top";
                EXPECT_NEAR(item->y1, item->whole_y1, 0.5f) << what << " is cut at the bottom";
                EXPECT_NEAR(item->x0, item->whole_x0, 0.5f) << what << " is cut at the side";
                EXPECT_NEAR(item->x1, item->whole_x1, 0.5f) << what << " is cut at the side";
            }
        }
    }
};

TEST_P(LargeTextTest, EveryTextAndControlOfAWholeVisitIsWhole) {
    const std::string lang = GetParam().lang;
    for (int size = 0; size < GetParam().text_size; ++size) Tap("top.text_size");  // chosen before the visit, kept through it
    ui.PressKey(NavKey::Enter);  // any key of the keypad starts speech mode
    ASSERT_TRUE(kiosk.SpeechMode().on);
    ExpectNothingCut("start");
    if (lang != "da") Activate("lang." + lang);
    else Activate("start.begin");
    ASSERT_EQ(kiosk.State().text_size, GetParam().text_size);
    ASSERT_EQ(kiosk.State().lang, lang);
    ASSERT_EQ(kiosk.State().screen, Screen::Home);
    ExpectNothingCut("home");

    Activate("home.welfare");
    ExpectNothingCut("welfare list");
    kiosk.Apply({ActionType::GoHome});
    ui.Frame();
    Activate("home.guides");
    ExpectNothingCut("guide list");
    Activate("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    for (int step = 0; kiosk.State().screen == Screen::Guide && step < 20; ++step) {
        ExpectNothingCut("mitid-app step " + std::to_string(kiosk.State().guide.step + 1));
        Activate("guide.next");
    }
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    ExpectNothingCut("feedback");
    Activate("feedback.rate.2");  // an unhappy face shows the reasons
    ExpectNothingCut("feedback with reasons");
    Activate("feedback.comment");  // the keyboard opens under the comment
    ASSERT_TRUE(kiosk.State().feedback.keyboard_open);
    ExpectNothingCut("feedback while typing");
    const KeyboardLayout keyboard = kiosk.Keyboard();
    for (size_t r = 0; r < keyboard.rows.size(); ++r)
        for (size_t c = 0; c < keyboard.rows[r].size(); ++c)
            if (keyboard.rows[r][c].action == KeyAction::Done) Activate("key." + std::to_string(r) + "." + std::to_string(c));
    ASSERT_FALSE(kiosk.State().feedback.keyboard_open) << "the keyboard's done key closes it";
    Activate("feedback.send");
    ASSERT_EQ(kiosk.State().screen, Screen::Thanks);
    ExpectNothingCut("thanks");
    Activate("thanks.home");
    Activate("home.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    ExpectNothingCut("help");
}

// The idle warning's card, its words and both answers are whole on the screen (the card grew off a short screen).
TEST_P(LargeTextTest, TheIdleWarningIsWholeOnTheScreen) {
    const std::string lang = GetParam().lang;
    Tap(lang == "da" ? "start.begin" : "lang." + lang);
    ASSERT_EQ(kiosk.State().screen, Screen::Home);
    for (int size = 0; size < GetParam().text_size; ++size) Tap("top.text_size");
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    ui.Frame();
    const ImVec2 display = GetParam().display;
    int controls = 0;
    for (const ScreenItem& item : ui.View().Items()) {
        const std::string what = "\"" + item.label + "\" (whole " + Rect(item.whole_x0, item.whole_y0, item.whole_x1, item.whole_y1) + ")";
        EXPECT_TRUE(item.whole_x0 >= 0 && item.whole_y0 >= 0 && item.whole_x1 <= display.x && item.whole_y1 <= display.y)
            << what << " runs off the screen";
        EXPECT_TRUE(item.x0 == item.whole_x0 && item.y0 == item.whole_y0 && item.x1 == item.whole_x1 && item.y1 == item.whole_y1)
            << what << " is cut";
        controls += !item.id.empty();
    }
    EXPECT_EQ(controls, 2) << "end and continue";
}

INSTANTIATE_TEST_SUITE_P(Screens, LargeTextTest,
                         ::testing::Values(Case{ImVec2(1080, 1920), "da"}, Case{ImVec2(1920, 1080), "da"},
                                           Case{ImVec2(1080, 1920), "ar"}, Case{ImVec2(1920, 1080), "ar"},
                                           Case{ImVec2(1080, 1920), "uk"}, Case{ImVec2(1920, 1080), "uk"},
                                           Case{ImVec2(1080, 1920), "pl"}, Case{ImVec2(1920, 1080), "pl"},
                                           Case{ImVec2(1080, 1920), "tr"}, Case{ImVec2(1920, 1080), "tr"},
                                           Case{ImVec2(1080, 1920), "en"}, Case{ImVec2(1920, 1080), "nb"},
                                           Case{ImVec2(1080, 1920), "da", 1}, Case{ImVec2(1920, 1080), "da", 1},
                                           Case{ImVec2(1080, 1920), "da", 0}, Case{ImVec2(1920, 1080), "da", 0}),
                         [](const auto& param_info) {
                             const Case& c = param_info.param;
                             return std::string(c.display.x < c.display.y ? "Portrait_" : "Landscape_") + c.lang + "_" +
                                    std::to_string(static_cast<int>(ui::kTextScale[static_cast<size_t>(c.text_size)] * 100));
                         });

}  // namespace
}  // namespace bk
