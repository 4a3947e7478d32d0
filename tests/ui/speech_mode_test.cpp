// Speech mode on the real screens (null runner, real font atlas, no window): on every screen what is drawn
// is what is said, in the screen's language; keypad keys reach every control and act as a tap on it; a
// finger explores and a double tap activates; the bottom-left corner starts it. Portrait and landscape.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

class SpeechModeUiTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    SpeechModeUiTest() : UiRig(GetParam(), MakePack()) {}
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        pack->ui["da"]["speech.button"] = "knap";
        pack->ui["da"]["speech.selected"] = "valgt";
        pack->ui["da"]["speech.not_available"] = "ikke tilgængelig";
        pack->ui["en"]["speech.button"] = "button";
        pack->ui["da"]["guide.qr_hint"] = "Scan koden med din telefon.";
        pack->ui["da"]["guide.no_login_here"] = "Log aldrig ind med MitID her.";
        pack->ui["da"]["speech.qr_code"] = "QR-kode til din telefon";
        pack->ui["da"]["feedback.rating_4"] = "Godt";
        pack->ui["da"]["feedback.send_hint"] = "Vælg et ansigt først";
        return pack;
    }
    std::string FocusedId() const {
        const SpeechModeState& m = kiosk.SpeechMode();
        return m.focus < 0 || m.focus >= static_cast<int>(m.items.size()) ? "" : m.items[static_cast<size_t>(m.focus)].id;
    }
    // Down until the control has the focus (at most once round the page), then Enter: a citizen's way.
    void Activate(const std::string& id) {
        for (size_t i = 0; i <= kiosk.SpeechMode().items.size() && FocusedId() != id; ++i) ui.PressKey(NavKey::Down);
        ASSERT_EQ(FocusedId(), id) << "not reachable by keys on " << ScreenName(kiosk.State().screen);
        ui.PressKey(NavKey::Enter);
    }
    // What this frame drew, in reading order, is what the page's reading said, item by item.
    void ExpectPageSpoken(const std::string& where) {
        std::vector<ScreenItem> items = ui.View().Items();
        std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return !item.chrome; });
        if (kiosk.State().languages_open)
            std::stable_partition(items.begin(), items.end(), [](const ScreenItem& item) { return item.id.starts_with("languages."); });
        std::vector<std::string> expected;
        for (const ScreenItem& item : items) expected.push_back(kiosk.Utterance(item));
        const std::vector<std::string>& said = kiosk.SpeechMode().said;
        ASSERT_GE(said.size(), expected.size()) << where;
        EXPECT_EQ(std::vector<std::string>(said.end() - static_cast<long>(expected.size()), said.end()), expected) << where;
        for (const std::string& words : expected) EXPECT_NE(speech.m_last_text.find(words), std::string::npos) << where << ": " << words;
        EXPECT_EQ(speech.m_last_lang, kiosk.State().lang) << where;
        // Every control a finger can tap was recorded, so none is left out of what is said.
        for (const ui::Target& target : ui.View().Targets())
            EXPECT_TRUE(std::any_of(items.begin(), items.end(), [&](const ScreenItem& item) { return item.id == target.id; }))
                << where << ": " << target.id << " drawn but not spoken";
    }
    bool Said(const std::string& words) const { return speech.m_last_text.find(words) != std::string::npos; }
    void Start() {
        ui.PressKey(NavKey::Enter);
        ASSERT_TRUE(kiosk.SpeechMode().on);
    }
};

TEST_P(SpeechModeUiTest, EveryScreenSaysEveryTextAndControlItDrawsAndKeysDriveTheWholeVisit) {
    Start();
    ExpectPageSpoken("start");
    EXPECT_TRUE(Said("Dansk, knap, valgt")) << "the language row is read, with the language in use";
    Activate("start.begin");
    ASSERT_EQ(kiosk.State().screen, Screen::Home);
    ExpectPageSpoken("home");

    Activate("home.welfare");
    ASSERT_EQ(kiosk.State().screen, Screen::List);
    ExpectPageSpoken("welfare list");
    EXPECT_TRUE(Said("Nødkald"));
    Activate("top.home");
    Activate("home.guides");
    ExpectPageSpoken("guide list");
    Activate("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    ExpectPageSpoken("guide step 1");
    EXPECT_TRUE(Said("da: 1/4")) << "the progress";
    EXPECT_TRUE(Said("Din telefon")) << "the what-you-need list";
    EXPECT_TRUE(Said("Dit pas"));
    Activate("guide.next");
    ASSERT_EQ(kiosk.State().guide.step, 1);
    ExpectPageSpoken("guide step 2");
    EXPECT_TRUE(Said("Log aldrig ind med MitID her.")) << "the warning";
    Activate("guide.show_qr");
    ASSERT_TRUE(kiosk.State().guide.qr_visible);
    ui.PressKey(NavKey::Repeat);
    // The hand-off to the phone, said after it appeared: the code in words, how to use it, and the button.
    for (const char* words : {"QR-kode til din telefon", "Scan koden med din telefon.", "guide.on_phone"}) {
        const auto& items = kiosk.SpeechMode().items;
        EXPECT_TRUE(std::any_of(items.begin(), items.end(), [&](const ScreenItem& item) { return item.label == words; })) << words;
    }
    Activate("guide.on_phone");
    EXPECT_TRUE(kiosk.State().guide.on_phone);
    EXPECT_TRUE(Said("valgt")) << "the button says it is now chosen: " << speech.m_last_text;

    Activate("top.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    ExpectPageSpoken("help");
    Activate("help.close");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    ExpectPageSpoken("guide with the help banner");
    EXPECT_TRUE(Said("help.banner_waiting"));
    Activate("help.banner.cancel");
    EXPECT_FALSE(kiosk.HelpCallOpen());

    for (int step = 1; step < 4; ++step) Activate("guide.next");
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    ExpectPageSpoken("feedback");
    EXPECT_TRUE(Said("feedback.send")) << speech.m_last_text;
    EXPECT_TRUE(Said("ikke tilgængelig")) << "Send is not available before a face is chosen";
    Activate("feedback.send");
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback) << "a control that is not available does nothing";
    Activate("feedback.rate.4");
    EXPECT_EQ(kiosk.State().feedback.rating, 4);
    EXPECT_TRUE(Said("Godt, knap, valgt")) << speech.m_last_text;
    Activate("feedback.comment");
    ASSERT_TRUE(kiosk.State().feedback.keyboard_open);
    ExpectPageSpoken("keyboard");
    Activate("key.1.1");  // a letter
    EXPECT_EQ(kiosk.State().feedback.comment.Text().size(), 1u);
    Activate("feedback.send");
    ASSERT_EQ(kiosk.State().screen, Screen::Thanks);
    ExpectPageSpoken("thanks");
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["rating"], 4);
    Activate("thanks.done");
    EXPECT_TRUE(kiosk.State().id.empty());
    EXPECT_FALSE(kiosk.SpeechMode().on) << "speech mode ends with the visit";
}

TEST_P(SpeechModeUiTest, KeysReachEveryControlOnTheScreen) {
    Start();
    Activate("start.begin");
    for (const char* id : {"home.guides", "service.mitid-app"}) {
        std::set<std::string> reached;
        for (size_t i = 0; i < kiosk.SpeechMode().items.size(); ++i) {
            ui.PressKey(NavKey::Down);
            reached.insert(FocusedId());
        }
        for (const ui::Target& target : ui.View().Targets()) EXPECT_TRUE(reached.contains(target.id)) << target.id;
        Activate(id);
    }
}

TEST_P(SpeechModeUiTest, TheIdleWarningAndTheLanguageChooserAreSpoken) {
    Start();
    Activate("start.begin");
    Activate("top.language");
    ASSERT_TRUE(kiosk.State().languages_open);
    ExpectPageSpoken("language chooser");
    EXPECT_EQ(FocusedId(), "languages.da") << "the chooser the citizen opened comes first";
    Activate("languages.en");
    ASSERT_EQ(kiosk.State().lang, "en");
    ExpectPageSpoken("home in English");
    EXPECT_TRUE(Said(", button")) << "roles in the screen's language";
    Wait(kiosk.Profile().idle_timeout_s * 1000LL);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    ExpectPageSpoken("idle warning");
    EXPECT_TRUE(Said("idle.title"));
    EXPECT_FALSE(Said("home.guides")) << "only the warning: the screen below is not read";
    Activate("idle.continue");
    EXPECT_FALSE(kiosk.State().idle_overlay);
}

TEST_P(SpeechModeUiTest, AFingerExploresAndADoubleTapActivates) {
    Start();
    Tap("start.begin");
    EXPECT_EQ(kiosk.State().screen, Screen::Start) << "one touch says what is there and does not tap it";
    EXPECT_EQ(FocusedId(), "start.begin");
    EXPECT_EQ(speech.m_last_text, kiosk.Utterance(kiosk.SpeechMode().items[static_cast<size_t>(kiosk.SpeechMode().focus)]) + ".");
    Tap("start.begin");  // again at once: a double tap
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
}

TEST_P(SpeechModeUiTest, HoldingTheBottomLeftCornerStartsItAndTheFocusIsDrawn) {
    Tap("start.begin");
    const ImVec2 corner(5, GetParam().y - 5);
    ui.Runner().SetMouse(corner, true);
    ui.Frame();
    clock.Advance(kSpeechHoldMs - 1);
    ui.Frame();
    EXPECT_FALSE(kiosk.SpeechMode().on);
    clock.Advance(1);
    ui.Frame();
    ui.Runner().SetMouse(corner, false);
    ui.Frame();
    ui.Frame();
    ASSERT_TRUE(kiosk.SpeechMode().on);
    EXPECT_EQ(kiosk.State().screen, Screen::Home) << "letting go of the corner tapped nothing";
    ExpectPageSpoken("home after the corner");
    // The focus frame is on top of everything, where the focused item is.
    const ImDrawList* foreground = ImGui::GetForegroundDrawList();
    EXPECT_GT(foreground->VtxBuffer.Size, 0) << "a visible focus";
}

TEST_P(SpeechModeUiTest, AStepsPictureIsSaidInWords) {
    auto picture_pack = std::make_shared<ContentPack>(kiosk.Pack());
    Step& step = picture_pack->services[0].steps[0];
    step.image = "images/phone-app.png";
    step.image_file = std::string(BK_BUILT_ASSETS_DIR) + "/images/phone-app.png";
    step.image_alt = test::Tr("Tegning: en telefon med apps.");
    kiosk.ReplaceContent(picture_pack, picture_pack->profiles[0]);
    Start();
    Activate("start.begin");
    Activate("home.guides");
    Activate("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    ASSERT_EQ(kiosk.State().guide.service->steps[0].image_file, step.image_file);
    ASSERT_NE(ui.Pictures().IdOf(step.image_file), nullptr) << "the picture is drawn: " << step.image_file;
    ExpectPageSpoken("guide step with a picture");
    EXPECT_TRUE(Said("Tegning: en telefon med apps.")) << speech.m_last_text;
}

TEST_P(SpeechModeUiTest, AFocusOutOfSightIsScrolledIntoView) {
    std::string long_body;
    for (int i = 0; i < 60; ++i) long_body += "Læs dette afsnit grundigt, før du går videre til næste trin. ";
    auto long_pack = std::make_shared<ContentPack>(kiosk.Pack());
    long_pack->services[0].steps[0].body = test::Tr(long_body);
    kiosk.ReplaceContent(long_pack, long_pack->profiles[0]);
    Start();
    Activate("start.begin");
    Activate("home.guides");
    Activate("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    const auto& items = kiosk.SpeechMode().items;
    const auto last_need = std::find_if(items.begin(), items.end(), [](const ScreenItem& item) { return item.label.ends_with("Dit pas"); });
    ASSERT_NE(last_need, items.end());
    ASSERT_LE(last_need->x1, last_need->x0) << "below the long text: out of sight before the focus reaches it";
    for (size_t i = 0; i < items.size() && !kiosk.SpeechMode().items[static_cast<size_t>(std::max(0, kiosk.SpeechMode().focus))].label.ends_with("Dit pas"); ++i)
        ui.PressKey(NavKey::Down);
    ui.Frame();
    const ScreenItem& focused = kiosk.SpeechMode().items[static_cast<size_t>(kiosk.SpeechMode().focus)];
    ASSERT_TRUE(focused.label.ends_with("Dit pas"));
    EXPECT_GT(focused.x1, focused.x0) << "scrolled into sight, where the focus frame shows it";
    EXPECT_GT(focused.y1, focused.y0);
    EXPECT_LE(focused.y1, GetParam().y);
}

TEST_P(SpeechModeUiTest, StaffCanStillTypeThePinAndUseStaffModeWhileSpeechModeIsOn) {
    test::FakeStaffServices staff;
    kiosk.SetStaffServices(&staff);
    Start();
    Activate("start.begin");
    ui.Runner().SetMouse(ImVec2(5, 5), true);  // the hidden staff corner, held
    ui.Frame();
    clock.Advance(kStaffHoldMs);
    ui.Frame();
    ui.Runner().SetMouse(ImVec2(5, 5), false);
    ui.Frame();
    ASSERT_EQ(kiosk.State().screen, Screen::StaffPin);
    for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8", "pin.ok"}) Tap(key);
    ui.Frame();
    ASSERT_EQ(kiosk.State().screen, Screen::Staff) << "the PIN pad takes taps in speech mode";
    Tap("staff.exit");
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_TRUE(kiosk.SpeechMode().on) << "the citizen's speech mode goes on after staff leave";
    EXPECT_TRUE(Said("home.title")) << "and the page is read again";
}

TEST_P(SpeechModeUiTest, WithoutSoundThereIsNoDeadButtonAndNoSpeechMode) {
    speech.m_available = false;
    ui.Frame();
    EXPECT_FALSE(ui.HasTarget("top.read_aloud"));
    ui.PressKey(NavKey::Enter);
    EXPECT_FALSE(kiosk.SpeechMode().on);
    Tap("start.begin");
    EXPECT_EQ(kiosk.State().screen, Screen::Home) << "taps work as ever";

    // Staff mode says why.
    test::FakeStaffServices staff;
    kiosk.SetStaffServices(&staff);
    ui.Runner().SetMouse(ImVec2(5, 5), true);  // the hidden staff corner, held
    ui.Frame();
    clock.Advance(kStaffHoldMs);
    ui.Frame();
    ui.Runner().SetMouse(ImVec2(5, 5), false);
    ui.Frame();
    for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8", "pin.ok"}) Tap(key);
    ui.Frame();
    ASSERT_EQ(kiosk.State().screen, Screen::Staff);
    const auto& items = ui.View().Items();
    EXPECT_TRUE(std::any_of(items.begin(), items.end(), [&](const ScreenItem& item) {
        return item.label == "staff.speech_off " + speech.Problem();
    })) << "the reason is on the staff screen";
}

INSTANTIATE_TEST_SUITE_P(Orientations, SpeechModeUiTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)),
                         [](const auto& param_info) { return param_info.param.x < param_info.param.y ? "Portrait" : "Landscape"; });

}  // namespace
}  // namespace bk
