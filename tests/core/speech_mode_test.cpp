// Speech mode in the core, driven with published items and a manual clock: how it starts (any key, the
// bottom-left corner held 3 s), what it says (a new page whole, in reading order, in the session's language,
// with each control's role and state), keys and touches moving the focus, activation, volume, and its end
// with the session.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

class SpeechModeTest : public ::testing::Test, protected test::KioskRig {
protected:
    SpeechModeTest() : KioskRig(MakePack()) {}
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        for (const char* lang : {"da", "en"}) {
            const std::string l = lang;
            pack->ui[l]["speech.started"] = l + ": speech on.";
            pack->ui[l]["speech.keys"] = l + ": the keys.";
            pack->ui[l]["speech.button"] = l + "-button";
            pack->ui[l]["speech.selected"] = l + "-selected";
            pack->ui[l]["speech.not_available"] = l + "-not-available";
            pack->ui[l]["speech.volume"] = l + ": volume {n} %";
        }
        return pack;
    }
    static ScreenItem Text(const std::string& words, float y) {
        ScreenItem item;
        item.label = words;
        item.x0 = 0, item.x1 = 100, item.y0 = y, item.y1 = y + 10;
        return item;
    }
    static ScreenItem Button(const std::string& id, const std::string& words, float y) {
        ScreenItem item = Text(words, y);
        item.role = ItemRole::Button;
        item.id = id;
        return item;
    }
    // A page as the start screen might draw it: the top bar first (chrome), then the content.
    std::vector<ScreenItem> Page() const {
        ScreenItem bar = Button("top.text_size", "Tekststørrelse", 0);
        bar.chrome = true;
        ScreenItem send = Button("feedback.send", "Send", 50);
        send.enabled = false;
        send.hint = "Vælg et ansigt først";
        ScreenItem chosen = Button("feedback.yes", "\xef\x80\x8c Ja", 40);  // a check mark glyph before the word
        chosen.selected = true;
        return {bar, Text("Velkommen", 20), Button("start.begin", "Tryk for at starte", 30), chosen, send};
    }
    void Key(NavKey key) { Do(ActionType::NavKeyPressed, {}, static_cast<int>(key)); }
    const SpeechModeState& Mode() const { return kiosk.SpeechMode(); }
    std::string Focused() const {
        const SpeechModeState& m = kiosk.SpeechMode();
        return m.focus < 0 ? "" : m.items[static_cast<size_t>(m.focus)].label;
    }
};

TEST_F(SpeechModeTest, AnyKeyStartsItAndTheWholePageIsReadContentFirstWithRolesAndStates) {
    kiosk.PublishScreen(Page());
    EXPECT_FALSE(speech.m_speaking) << "nothing is said before speech mode starts";
    Key(NavKey::Down);
    ASSERT_TRUE(Mode().on);
    EXPECT_FALSE(kiosk.State().id.empty()) << "speech mode begins the visit, so the visit's end ends it";
    kiosk.PublishScreen(Page());
    const std::vector<std::string> expected = {
        "da: speech on.", "Velkommen", "Tryk for at starte, da-button", "Ja, da-button, da-selected",
        "Send. Vælg et ansigt først, da-button, da-not-available", "Tekststørrelse, da-button"};
    EXPECT_EQ(Mode().said, expected) << "the top bar is read after the screen's own content";
    EXPECT_TRUE(speech.m_speaking);
    EXPECT_EQ(speech.m_last_lang, "da");
    EXPECT_EQ(speech.m_last_text,
              "da: speech on.\nVelkommen.\nTryk for at starte, da-button.\nJa, da-button, da-selected.\n"
              "Send. Vælg et ansigt først, da-button, da-not-available.\nTekststørrelse, da-button.");
    EXPECT_EQ(Focused(), "Velkommen");

    kiosk.PublishScreen(Page());  // the same page next frame: not read again
    EXPECT_EQ(Mode().said, expected);

    // The registry counts visits made in speech mode, as it counts text size and contrast.
    const Event* started = sink.Last(ev::kAccessibilityChanged);
    ASSERT_NE(started, nullptr);
    EXPECT_EQ(started->data, (nlohmann::json{{"setting", "speech_mode"}, {"value", true}}));
    EXPECT_EQ(started->session, kiosk.State().id);
    Key(NavKey::Down);  // a second key moves the focus; it does not start speech mode again
    int starts = 0;
    for (const Event& e : sink.events) starts += e.type == ev::kAccessibilityChanged && e.data["setting"] == "speech_mode";
    EXPECT_EQ(starts, 1);
}

TEST_F(SpeechModeTest, GlyphsAreNotSpokenAndTheMiddleDotIsAPause) {
    EXPECT_EQ(kiosk.Utterance(Text("MitID-appen  \xc2\xb7  Trin 2 af 4", 0)), "MitID-appen,  Trin 2 af 4");
    EXPECT_EQ(kiosk.Utterance(Text("\xef\x80\x8c  Dit pas", 0)), "Dit pas");
}

TEST_F(SpeechModeTest, KeysMoveTheFocusSpeakItInterruptAndWrapAround) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Key(NavKey::Down);
    EXPECT_EQ(Focused(), "Tryk for at starte");
    EXPECT_EQ(speech.m_last_text, "Tryk for at starte, da-button.");
    Key(NavKey::Right);
    EXPECT_EQ(Focused(), "\xef\x80\x8c Ja");
    Key(NavKey::Up);
    Key(NavKey::Left);
    EXPECT_EQ(Focused(), "Velkommen");
    Key(NavKey::Up);
    EXPECT_EQ(Focused(), "Tekststørrelse") << "from the first item up to the last";
    Key(NavKey::Down);
    EXPECT_EQ(Focused(), "Velkommen") << "and down again to the first";

    Key(NavKey::Stop);
    EXPECT_FALSE(speech.m_speaking) << "a key stops the voice";
    Key(NavKey::Repeat);
    EXPECT_TRUE(speech.m_speaking);
    EXPECT_EQ(speech.m_last_text, "Velkommen.") << "the last thing said, again";
    Key(NavKey::Help);
    EXPECT_EQ(speech.m_last_text, "da: the keys.\nVelkommen.");
}

TEST_F(SpeechModeTest, EnterAsksTheScreenToTapTheFocusedControlAndThenSaysItsNewState) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Key(NavKey::Down);
    Key(NavKey::Enter);
    EXPECT_EQ(Mode().pending_activation, "start.begin");
    Do(ActionType::SpeechActivated);
    EXPECT_TRUE(Mode().pending_activation.empty());
    kiosk.PublishScreen(Page());
    EXPECT_EQ(speech.m_last_text, "Tryk for at starte, da-button.") << "the same page: the control is said again";

    Key(NavKey::Down);
    Key(NavKey::Down);  // Send, not available until a face is chosen
    Key(NavKey::Enter);
    EXPECT_TRUE(Mode().pending_activation.empty()) << "a control that is not available is not tapped";
    EXPECT_EQ(speech.m_last_text, "Send. Vælg et ansigt først, da-button, da-not-available.") << "it says why";

    Key(NavKey::Up);
    Key(NavKey::Up);
    Key(NavKey::Up);  // text: Enter says it again
    ASSERT_EQ(Focused(), "Velkommen");
    Key(NavKey::Enter);
    EXPECT_TRUE(Mode().pending_activation.empty());
    EXPECT_EQ(speech.m_last_text, "Velkommen.");
}

TEST_F(SpeechModeTest, TheFocusStaysOnItsControlWhenTheItemsAroundItChange) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Key(NavKey::Down);
    ASSERT_EQ(Focused(), "Tryk for at starte");
    std::vector<ScreenItem> more = Page();
    more.insert(more.begin(), Text("En ny linje", 10));
    kiosk.PublishScreen(more);
    EXPECT_EQ(Focused(), "Tryk for at starte");
}

// A step titled "Det skal du bruge" above a list of the same name: the keys go past the second, not back to the
// first (found on the MitID guide at 200 %, where the focus went 1, 2, 1, 2 and never reached "Næste").
TEST_F(SpeechModeTest, TheSameWordsTwiceOnAPageDoNotTrapTheFocus) {
    Key(NavKey::Enter);
    const std::vector<ScreenItem> page = {Text("Det skal du bruge", 10), Text("MitID er dit ID.", 20),
                                          Text("Det skal du bruge", 30), Text("Dit pas", 40), Button("guide.next", "Næste", 50)};
    kiosk.PublishScreen(page);
    std::vector<int> walk;
    for (int i = 0; i < 4; ++i) {
        Key(NavKey::Down);
        kiosk.PublishScreen(page);  // each frame publishes the page again
        walk.push_back(Mode().focus);
    }
    EXPECT_EQ(walk, (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(Focused(), "Næste");
}

TEST_F(SpeechModeTest, ANewPageIsReadWholeInTheNewLanguage) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Do(ActionType::ChooseLanguage, "en");
    kiosk.PublishScreen({Button("start.begin", "Tap to start", 30)});
    EXPECT_EQ(speech.m_last_text, "Tap to start, en-button.");
    EXPECT_EQ(speech.m_last_lang, "en");
    EXPECT_EQ(Mode().focus, 0);
}

TEST_F(SpeechModeTest, TouchExploresAndADoubleTapActivates) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Do(ActionType::ExploreDown, {}, 1);  // the finger lands on "Tryk for at starte"
    EXPECT_EQ(Focused(), "Tryk for at starte");
    EXPECT_EQ(speech.m_last_text, "Tryk for at starte, da-button.");
    EXPECT_TRUE(Mode().pending_activation.empty()) << "one touch only says what is there";
    clock.Advance(kDoubleTapMs + 1);
    Do(ActionType::ExploreDown, {}, 1);
    EXPECT_TRUE(Mode().pending_activation.empty()) << "two slow taps are two touches";
    clock.Advance(kDoubleTapMs);
    Do(ActionType::ExploreDown, {}, 1);
    EXPECT_EQ(Mode().pending_activation, "start.begin") << "a double tap activates";

    Do(ActionType::SpeechActivated);
    clock.Advance(kDoubleTapMs + 1);
    Do(ActionType::ExploreMove, {}, 0);  // a held finger slides onto the text
    EXPECT_EQ(Focused(), "Velkommen");
    EXPECT_EQ(speech.m_last_text, "Velkommen.");
}

TEST_F(SpeechModeTest, HoldingTheBottomLeftCornerThreeSecondsStartsIt) {
    Do(ActionType::SpeechCornerDown);
    clock.Advance(kSpeechHoldMs - 1);
    Do(ActionType::SpeechCornerDown);  // sent every frame while held
    kiosk.Update();
    EXPECT_FALSE(Mode().on);
    EXPECT_EQ(kiosk.NextDeadlineMs(), clock.MonotonicMs() + 1) << "the loop wakes when the hold is long enough";
    Do(ActionType::SpeechCornerUp);
    clock.Advance(10);
    kiosk.Update();
    EXPECT_FALSE(Mode().on) << "let go too soon";

    Do(ActionType::SpeechCornerDown);
    clock.Advance(kSpeechHoldMs);
    kiosk.Update();
    EXPECT_TRUE(Mode().on);
    kiosk.PublishScreen(Page());
    EXPECT_EQ(Mode().said.front(), "da: speech on.");
}

TEST_F(SpeechModeTest, VolumeStepsWithinBoundsAndEverythingResetsWhenTheSessionEnds) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    Key(NavKey::VolumeUp);
    EXPECT_EQ(speech.m_volume, kDefaultVolume + kVolumeStep);
    EXPECT_EQ(speech.m_last_text, "da: volume 120 %.");
    for (int i = 0; i < 20; ++i) Key(NavKey::VolumeUp);
    EXPECT_EQ(speech.m_volume, kMaxVolume);
    for (int i = 0; i < 20; ++i) Key(NavKey::VolumeDown);
    EXPECT_EQ(speech.m_volume, kMinVolume) << "never so low that speech seems to have stopped";
    Key(NavKey::VolumeUp);

    Wait(kiosk.Profile().idle_timeout_s * 1000LL);  // the idle warning, unanswered
    ASSERT_TRUE(kiosk.State().idle_overlay);
    Wait(kiosk.Profile().idle_answer_s * 1000LL);
    EXPECT_TRUE(kiosk.State().id.empty());
    EXPECT_FALSE(Mode().on) << "speech mode ends with the session";
    EXPECT_EQ(speech.m_volume, kDefaultVolume) << "the next citizen hears the normal volume";
    kiosk.PublishScreen(Page());
    EXPECT_FALSE(speech.m_speaking) << "and the start screen is silent again";
}

TEST_F(SpeechModeTest, KeysCountAsTheCitizenBeingThere) {
    Key(NavKey::Enter);
    kiosk.PublishScreen(Page());
    for (int i = 0; i < 5; ++i) {
        Wait(kiosk.Profile().idle_timeout_s * 1000LL - 1000);
        Key(NavKey::Down);
    }
    EXPECT_FALSE(kiosk.State().idle_overlay);
}

TEST_F(SpeechModeTest, WithoutSoundNothingStartsAndStaffAreToldWhy) {
    speech.m_available = false;
    Key(NavKey::Enter);
    Do(ActionType::SpeechCornerDown);
    clock.Advance(kSpeechHoldMs);
    kiosk.Update();
    EXPECT_FALSE(Mode().on);
    EXPECT_TRUE(kiosk.State().id.empty()) << "no visit begun for nothing";
    EXPECT_FALSE(kiosk.SpeechProblem().empty());
    speech.m_available = true;
    EXPECT_TRUE(kiosk.SpeechProblem().empty());
}

TEST_F(SpeechModeTest, TheHelpBannersNewsIsSaidWhereverTheCitizenIs) {
    Key(NavKey::Enter);
    ScreenItem banner = Button("help.banner", "Hjælpen er på vej.", 5);
    banner.chrome = true;
    std::vector<ScreenItem> page = Page();
    page.push_back(banner);
    kiosk.PublishScreen(page);
    Key(NavKey::Down);
    page.back().label = "En medarbejder er på vej hen til dig.";
    kiosk.PublishScreen(page);
    EXPECT_EQ(speech.m_last_text, "En medarbejder er på vej hen til dig, da-button.");
    EXPECT_EQ(Focused(), "Tryk for at starte") << "the focus stays where the citizen was";
}

}  // namespace
}  // namespace bk
