// The citizen's journey driven by taps on the real screens: an ImGui context with a font atlas and
// simulated touches, no window. Runs in portrait 1080x1920 and landscape 1920x1080.
#include <gtest/gtest.h>

#include <imgui_internal.h>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

class JourneyTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    JourneyTest() : UiRig(GetParam()) {}

    // Every target must be at least the minimum touch size and inside the display.
    void ExpectTouchFriendly() {
        const ImVec2 display = GetParam();
        const float min_px = std::min(display.x, display.y) / ui::kShortSidePerEm * ui::kMinTouchEm;
        for (const ui::Target& t : ui.View().Targets()) {
            EXPECT_GE(t.max.x - t.min.x + 0.5f, min_px) << t.id;
            EXPECT_GE(t.max.y - t.min.y + 0.5f, min_px) << t.id;
            EXPECT_GE(t.min.x, 0.0f) << t.id;
            EXPECT_LE(t.max.x, display.x + 0.5f) << t.id;
        }
    }
};

TEST_P(JourneyTest, WholeGuideByTapsThenFeedbackThanksAndBackToStart) {
    ExpectTouchFriendly();
    Tap("lang.en");
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_EQ(kiosk.State().lang, "en");
    ExpectTouchFriendly();
    Tap("home.guides");
    EXPECT_EQ(kiosk.State().screen, Screen::List);
    Tap("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    ExpectTouchFriendly();
    for (int step = 0; step < 3; ++step) {
        EXPECT_EQ(kiosk.State().guide.step, step);
        Tap("guide.next");
    }
    Tap("guide.next");  // the last step's button finishes
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    ExpectTouchFriendly();
    // Three taps: a face, done or not, send.
    Tap("feedback.rate.5");
    Tap("feedback.yes");
    Tap("feedback.send");
    ASSERT_EQ(kiosk.State().screen, Screen::Thanks);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["rating"], 5);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["task_done"], "yes");
    Wait(kThanksReturnMs);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_TRUE(ui.HasTarget("start.begin"));
    EXPECT_EQ(sink.Last(ev::kSessionEnded)->data["reason"], "finished");
}

TEST_P(JourneyTest, SendKeepsItsSizeWhenAFaceIsChosen) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    const ui::Target before = *ui.View().FindTarget("feedback.send");
    Tap("feedback.rate.4");
    const ui::Target after = *ui.View().FindTarget("feedback.send");
    EXPECT_FLOAT_EQ(after.max.y - after.min.y, before.max.y - before.min.y);
    EXPECT_FLOAT_EQ(after.max.x - after.min.x, before.max.x - before.min.x);
}

TEST_P(JourneyTest, SendIsDisabledUntilAFaceIsChosen) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    Tap("feedback.send");
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_EQ(sink.Count(ev::kFeedbackSubmitted), 0u);
}

TEST_P(JourneyTest, LeaveEarlyFromGuide) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.next");
    Tap("top.home");
    EXPECT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->data["reason"], "home");
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->step, 1);
    Tap("feedback.skip");
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
}

TEST_P(JourneyTest, TheHomeButtonInAGuideSaysItLeavesTheGuide) {
    Tap("start.begin");
    Tap("home.guides");
    EXPECT_EQ(ui.View().FindTarget("top.home")->label, kiosk.Text("common.home"));
    Tap("service.mitid-app");
    ASSERT_TRUE(ui.HasTarget("top.home"));
    EXPECT_EQ(ui.View().FindTarget("top.home")->label, kiosk.Text("top.leave_guide")) << "it asks for feedback first";
}

TEST_P(JourneyTest, AStepTitledWhatYouNeedShowsThatHeadingOnce) {
    pack->services[0].steps[0].title = test::Tr(kiosk.Text("guide.you_need"));  // Trin 1 lists what you need
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    ASSERT_FALSE(pack->services[0].steps[0].you_need.empty());
    int headings = 0;
    for (const ScreenItem& item : ui.View().Items()) headings += item.label == kiosk.Text("guide.you_need");
    EXPECT_EQ(headings, 1);
}

TEST_P(JourneyTest, HelpCallFromGuideShowsAcknowledgement) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_EQ(help.m_requests, 1);
    help.m_status = HelpStatus::Acknowledged;  // staff acknowledged it at the registry
    ui.Frame();
    EXPECT_EQ(kiosk.ScreenText(), kiosk.Text("help.acknowledged"));
    Tap("help.close");
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
}

TEST_P(JourneyTest, IdleOverlayAnsweredByTap) {
    Tap("start.begin");
    Wait(60'000);
    ASSERT_TRUE(kiosk.State().idle_overlay);
    EXPECT_FALSE(ui.HasTarget("home.guides")) << "the screen below the overlay takes no taps";
    ExpectTouchFriendly();
    Tap("idle.continue");
    EXPECT_FALSE(kiosk.State().idle_overlay);
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
}

TEST_P(JourneyTest, IdleWithoutAnswerEndsSessionAndWipesState) {
    Tap("lang.nb");
    Tap("top.text_size");
    Tap("top.contrast");
    EXPECT_EQ(kiosk.State().text_size, 1);
    EXPECT_TRUE(kiosk.State().high_contrast);
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.next");
    Wait(60'000 + 30'000);
    const SessionState& s = kiosk.State();
    EXPECT_EQ(s.screen, Screen::Start);
    EXPECT_EQ(s.lang, "da");
    EXPECT_EQ(s.text_size, 0);
    EXPECT_FALSE(s.high_contrast);
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->data["reason"], "idle");
    EXPECT_EQ(sink.Last(ev::kGuideAbandoned)->step, 1);
    EXPECT_TRUE(ui.HasTarget("start.begin"));
}

TEST_P(JourneyTest, KeyboardTypesAeOeAaByTaps) {
    Tap("lang.nb");
    Tap("home.guides");
    Tap("service.flytning");
    Tap("guide.next");
    Tap("guide.next");
    Tap("feedback.rate.2");
    Tap("feedback.comment");
    ASSERT_TRUE(kiosk.State().feedback.keyboard_open);
    const KeyboardLayout layout = kiosk.Keyboard();
    auto key_id = [&](const std::string& text) {
        for (size_t r = 0; r < layout.rows.size(); ++r)
            for (size_t c = 0; c < layout.rows[r].size(); ++c)
                if (layout.rows[r][c].text == text || (text == " " && layout.rows[r][c].action == KeyAction::Space)) return "key." + std::to_string(r) + "." + std::to_string(c);
        return std::string("missing:") + text;
    };
    for (const char* letter : {"r", "ø", "d", " ", "g", "r", "ø", "d", " ", "æ", "å"}) Tap(key_id(letter));
    EXPECT_EQ(kiosk.State().feedback.comment.Text(), "rød grød æå");
    Do(ActionType::CloseKeyboard);
    ui.Frame();
    std::string comment_label;
    for (const ScreenItem& item : ui.View().Items())
        if (item.id == "feedback.comment") comment_label = item.label;
    EXPECT_EQ(comment_label, kiosk.Text("feedback.comment_edit")) << "a typed comment is not asked for again";
    Tap("feedback.send");
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->data["comment"], "rød grød æå");
}

TEST_P(JourneyTest, QrCodeShownOnStepWithPhoneLink) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    EXPECT_FALSE(ui.HasTarget("guide.show_qr")) << "step 1 has no phone link";
    Tap("guide.next");
    Tap("guide.show_qr");
    EXPECT_TRUE(kiosk.State().guide.qr_visible);
    EXPECT_EQ(sink.Count(ev::kQrShown), 1u);
}

TEST_P(JourneyTest, DragScrollsLongTextWithoutTapping) {
    // A long step body must scroll by finger and a drag that starts on a button must not press it.
    auto long_pack = test::MakeTestPack();
    std::string body;
    for (int i = 0; i < 120; ++i) body += "Dette er en lang forklaring, linje " + std::to_string(i) + ". ";
    long_pack->services[0].steps[0].body.by_lang["da"] = body;
    Kiosk long_kiosk(long_pack, long_pack->profiles[0], clock, sink, speech, help);
    HeadlessKiosk long_ui(long_kiosk, GetParam());
    long_ui.Tap("start.begin");
    long_ui.Tap("home.guides");
    long_ui.Tap("service.mitid-app");
    ASSERT_EQ(long_kiosk.State().screen, Screen::Guide);
    const ImVec2 d = GetParam();
    const ImVec2 from(d.x * 0.3f, d.y * 0.6f), to(d.x * 0.3f, d.y * 0.3f);
    auto step_scroll = [] {
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if (std::string(w->Name).find("##step") != std::string::npos) return w->Scroll.y;
        return -1.0f;
    };
    EXPECT_EQ(step_scroll(), 0.0f);
    long_ui.Drag(from, to);
    EXPECT_GT(step_scroll(), d.y * 0.2f) << "the text followed the finger";
    // A drag that starts on the next button scrolls nothing and presses nothing.
    const ui::Target* next = long_ui.View().FindTarget("guide.next");
    ASSERT_NE(next, nullptr);
    long_ui.Drag(ImVec2(next->min.x + 10, next->min.y + 10), ImVec2(next->min.x + 10, next->min.y - d.y * 0.2f));
    EXPECT_EQ(long_kiosk.State().guide.step, 0) << "a drag is not a tap";
    EXPECT_EQ(long_kiosk.State().screen, Screen::Guide);
}

TEST_P(JourneyTest, ANewStepOpensAtTheTop) {
    // Walk-through: scrolled to the end of a long step, next opened the next step half-way down, heading hidden.
    auto long_pack = test::MakeTestPack();
    std::string body;
    for (int i = 0; i < 120; ++i) body += "Dette er en lang forklaring, linje " + std::to_string(i) + ". ";
    long_pack->services[0].steps[0].body.by_lang["da"] = body;
    long_pack->services[0].steps[1].body.by_lang["da"] = body;
    Kiosk long_kiosk(long_pack, long_pack->profiles[0], clock, sink, speech, help);
    HeadlessKiosk long_ui(long_kiosk, GetParam());
    long_ui.Tap("start.begin");
    long_ui.Tap("home.guides");
    long_ui.Tap("service.mitid-app");
    const ImVec2 d = GetParam();
    auto step_scroll = [] {
        for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
            if (std::string(w->Name).find("##step") != std::string::npos && w->Active) return w->Scroll.y;
        return -1.0f;
    };
    for (int i = 0; i < 4; ++i) long_ui.Drag(ImVec2(d.x * 0.3f, d.y * 0.6f), ImVec2(d.x * 0.3f, d.y * 0.2f));
    ASSERT_GT(step_scroll(), d.y * 0.3f);
    long_ui.Tap("guide.next");
    ASSERT_EQ(long_kiosk.State().guide.step, 1);
    EXPECT_EQ(step_scroll(), 0.0f) << "the next step starts at its heading";
    // Back to the first step: it too opens at the top, not where it was left.
    for (int i = 0; i < 2; ++i) long_ui.Drag(ImVec2(d.x * 0.3f, d.y * 0.6f), ImVec2(d.x * 0.3f, d.y * 0.2f));
    long_ui.Tap("guide.back");
    ASSERT_EQ(long_kiosk.State().guide.step, 0);
    EXPECT_EQ(step_scroll(), 0.0f);
}

TEST_P(JourneyTest, HomeShowsOnlyTilesWithServicesAndTheKiosksOwnWords) {
    // Walk-through (Drammen): a welfare tile with no services opened an empty page; the guides' hint promised
    // "MitID, Digital Post"; the comment's warning named the Danish CPR number.
    auto norwegian = test::MakeTestPack();
    std::erase_if(norwegian->services, [](const Service& s) { return s.kind == ServiceKind::Welfare; });
    norwegian->profiles[0].comment_privacy = test::Tr("Skriv ikke dit navn, fødselsnummer eller telefonnummer.");
    Kiosk nb_kiosk(norwegian, norwegian->profiles[0], clock, sink, speech, help);
    HeadlessKiosk nb_ui(nb_kiosk, GetParam());
    nb_ui.Tap("start.begin");
    ASSERT_EQ(nb_kiosk.State().screen, Screen::Home);
    EXPECT_FALSE(nb_ui.HasTarget("home.welfare")) << "no welfare services, no tile";
    EXPECT_EQ(nb_kiosk.ScreenText().find(nb_kiosk.Text("home.welfare")), std::string::npos) << "nor is it read out";
    const ui::Target* guides = nb_ui.View().FindTarget("home.guides");
    ASSERT_NE(guides, nullptr);
    const auto offered = nb_kiosk.Services(ServiceKind::Guide);
    ASSERT_FALSE(offered.empty());
    EXPECT_NE(guides->hint.find(offered[0]->title.Get("da")), std::string::npos) << guides->hint;
    EXPECT_TRUE(nb_ui.HasTarget("home.help"));
    nb_ui.Tap("home.guides");
    EXPECT_TRUE(nb_ui.HasTarget("top.home")) << "a list always has a way back";
    nb_ui.Tap(std::string("service.") + offered[0]->id);
    while (nb_kiosk.State().screen == Screen::Guide) nb_ui.Tap("guide.next");
    ASSERT_EQ(nb_kiosk.State().screen, Screen::Feedback);
    bool privacy = false;
    for (const ScreenItem& item : nb_ui.View().Items())
        privacy = privacy || item.hint.find("fødselsnummer") != std::string::npos ||
                  item.label.find("fødselsnummer") != std::string::npos;
    EXPECT_TRUE(privacy) << "the profile's own number is named";
}

TEST_P(JourneyTest, NoReadAloudButtonWithoutSound) {
    EXPECT_TRUE(ui.HasTarget("top.read_aloud"));
    speech.m_available = false;
    ui.Frame();
    EXPECT_FALSE(ui.HasTarget("top.read_aloud")) << "a button that does nothing only confuses";
    EXPECT_TRUE(ui.HasTarget("top.text_size"));
}

TEST_P(JourneyTest, StaffGesturePinAndAutoExitByTouch) {
    test::FakeStaffServices staff;
    staff.info.calls.push_back({"call-1", "kiosk-1", "", "guide", "mitid-app", "open", clock.WallMs()});
    kiosk.SetStaffServices(&staff);
    Tap("start.begin");
    // Hold the top-left corner: a finger that stays down, frames drawn as the loop's timer wakes it.
    ui.Runner().SetMouse(ImVec2(5, 5), true);
    ui.Frame();
    clock.Advance(1'500);
    ui.Frame();
    EXPECT_EQ(kiosk.State().screen, Screen::Home) << "not yet";
    clock.Advance(1'500);
    ui.Frame();
    ui.Runner().SetMouse(ImVec2(5, 5), false);
    ui.Frame();
    ASSERT_EQ(kiosk.State().screen, Screen::StaffPin);
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin) << "releasing the corner pressed nothing else";
    // The check runs on a worker: the pad waits for its answer and takes no taps meanwhile.
    staff.hold_answers = true;
    for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.9", "pin.back", "pin.8", "pin.ok"}) Tap(key);
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
    EXPECT_TRUE(kiosk.Staff().checking_pin);
    Tap("pin.1");
    EXPECT_TRUE(kiosk.Staff().pin.empty()) << "no typing while the PIN is checked";
    staff.hold_answers = false;
    ui.Frame();
    ASSERT_EQ(kiosk.State().screen, Screen::Staff);
    EXPECT_EQ(staff.checked_pins, std::vector<std::string>{"2468"});
    ExpectTouchFriendly();
    // The screen draws from the core's snapshot: frames within a second do not call through to the services.
    const int reads = staff.info_reads;
    for (int i = 0; i < 20; ++i) ui.Frame();
    EXPECT_EQ(staff.info_reads, reads);
    Tap("staff.ack.call-1");
    EXPECT_EQ(staff.acked, std::vector<std::string>{"call-1"});
    clock.Advance(kStaffIdleExitMs);
    ui.Frame();
    EXPECT_EQ(kiosk.State().screen, Screen::Home) << "staff mode left by itself";
}

TEST_P(JourneyTest, SwipeThroughCornerDoesNotOpenStaffMode) {
    test::FakeStaffServices staff;
    kiosk.SetStaffServices(&staff);
    // The finger lands mid-screen, slides into the corner and stays there.
    const ImVec2 from(GetParam().x * 0.5f, GetParam().y * 0.8f);
    for (int i = 0; i <= 10; ++i) {
        ui.Runner().SetMouse(ImVec2(from.x + (5 - from.x) * i / 10, from.y + (5 - from.y) * i / 10), true);
        ui.Frame();
    }
    for (int i = 0; i < 5; ++i) {
        clock.Advance(1'000);
        ui.Frame();
    }
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
}

INSTANTIATE_TEST_SUITE_P(Orientations, JourneyTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)),
                         [](const auto& param_info) { return param_info.param.x < param_info.param.y ? "Portrait" : "Landscape"; });

}  // namespace
}  // namespace bk
