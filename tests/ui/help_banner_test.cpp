// A waiting citizen on the real screens: the help banner on every screen while a call is open, the
// acknowledgement wherever the citizen is, no idle end while waiting; staff mode at its own text size.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

class HelpBannerTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    HelpBannerTest() : UiRig(GetParam(), MakePack()) {}
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        pack->ui["da"]["help.banner_waiting"] = "Hjælpen er på vej. Bliv her, så kommer vi.";
        pack->ui["da"]["help.banner_coming"] = "En medarbejder er på vej hen til dig.";
        pack->ui["da"]["help.cancel"] = "Fortryd";
        pack->ui["da"]["help.not_yet"] = "Der er ikke kommet nogen endnu.";
        pack->profiles[0].help_desk_where = test::Tr("Skranken er ved indgangen, til venstre for udlånsautomaterne.");
        return pack;
    }
    std::string Banner() const {
        const ui::Target* banner = ui.View().FindTarget("help.banner");
        return banner ? banner->label : "";
    }
    void EnterStaff() {
        ui.Runner().SetMouse(ImVec2(5, 5), true);  // hold the hidden corner while the loop's timer wakes it
        ui.Frame();
        clock.Advance(kStaffHoldMs);
        ui.Frame();
        ui.Runner().SetMouse(ImVec2(5, 5), false);
        ui.Frame();
        for (const char* key : {"pin.2", "pin.4", "pin.6", "pin.8", "pin.ok"}) Tap(key);
        ui.Frame();
        ASSERT_EQ(kiosk.State().screen, Screen::Staff);
    }
};

TEST_P(HelpBannerTest, BannerOnHomeListAndGuideThenAcknowledgementWhereverTheCitizenIs) {
    Tap("start.begin");
    EXPECT_FALSE(ui.HasTarget("help.banner")) << "no call, no banner";
    Tap("home.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_FALSE(ui.HasTarget("help.banner")) << "the help screen says it in full";
    Tap("help.close");
    ASSERT_EQ(kiosk.State().screen, Screen::Home);
    EXPECT_EQ(Banner(), "Hjælpen er på vej. Bliv her, så kommer vi.");
    EXPECT_TRUE(ui.HasTarget("help.banner.cancel"));
    Tap("home.guides");
    ASSERT_EQ(kiosk.State().screen, Screen::List);
    EXPECT_EQ(Banner(), "Hjælpen er på vej. Bliv her, så kommer vi.");
    Tap("service.mitid-app");
    ASSERT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_EQ(Banner(), "Hjælpen er på vej. Bliv her, så kommer vi.");
    EXPECT_TRUE(ui.HasTarget("guide.next")) << "the guide still fits below the banner";

    help.m_status = HelpStatus::Acknowledged;  // staff acknowledged it; the help desk wakes the loop
    ui.Frame();
    EXPECT_EQ(Banner(), "En medarbejder er på vej hen til dig.") << "in the next frame, on the guide";
    Tap("guide.next");
    EXPECT_EQ(Banner(), "En medarbejder er på vej hen til dig.");

    Tap("help.banner");  // the banner opens the help screen without sending a second call
    EXPECT_EQ(kiosk.State().screen, Screen::Help);
    EXPECT_EQ(help.m_requests, 1);
    Tap("help.close");
    Tap("help.banner.cancel");
    EXPECT_EQ(kiosk.State().screen, Screen::Guide) << "cancelling leaves the citizen where they are";
    EXPECT_EQ(kiosk.State().guide.step, 1);
    EXPECT_EQ(help.m_status, HelpStatus::None);
    EXPECT_FALSE(ui.HasTarget("help.banner"));
}

TEST_P(HelpBannerTest, WaitingCitizenIsNotAskedToLeaveByTheIdleTimer) {
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.help");
    Tap("help.close");
    const std::string session = kiosk.State().id;
    for (int second = 0; second < 5 * 60; ++second) {
        clock.Advance(1'000);
        ui.Frame();
    }
    EXPECT_EQ(kiosk.State().id, session);
    EXPECT_EQ(kiosk.State().screen, Screen::Guide);
    EXPECT_FALSE(ui.HasTarget("idle.continue")) << "no idle overlay";
    EXPECT_FALSE(Banner().empty());
}

TEST_P(HelpBannerTest, UnansweredCallShowsWhereTheDeskIsOnTheBannerAtLargeText) {
    Tap("top.text_size");
    Tap("top.text_size");  // the largest text
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.help");
    Tap("help.close");
    Wait(kiosk.Profile().help_escalate_after_s * 1000LL);
    ASSERT_TRUE(kiosk.HelpEscalated());
    const ui::Target* banner = ui.View().FindTarget("help.banner");
    ASSERT_NE(banner, nullptr);
    EXPECT_EQ(banner->label, "Der er ikke kommet nogen endnu.");
    EXPECT_EQ(banner->hint, "Skranken er ved indgangen, til venstre for udlånsautomaterne.");
    EXPECT_TRUE(ui.HasTarget("guide.next")) << "the guide still fits below the taller banner";
    EXPECT_TRUE(ui.HasTarget("help.banner.cancel"));
    help.m_status = HelpStatus::Acknowledged;
    ui.Frame();
    EXPECT_EQ(Banner(), "En medarbejder er på vej hen til dig.") << "someone is coming: the desk text goes";
}

TEST_P(HelpBannerTest, TheHelpScreenShowsTheWaitAndOnceEscalatedOneCalmNextStep) {
    pack->ui["da"]["help.sent"] = "En medarbejder har fået besked. Bliv her, så kommer vi.";
    pack->ui["da"]["help.go_to_desk"] = "Gå hen til skranken, så hjælper vi dig der.";
    pack->ui["da"]["help.waited"] = "Du har ventet {n} min.";
    Tap("start.begin");
    Tap("home.help");
    ASSERT_EQ(kiosk.State().screen, Screen::Help);
    auto shown = [this](const std::string& text) {
        for (const ScreenItem& item : ui.View().Items())
            if (item.label.find(text) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(shown("Du har ventet 0 min.")) << "the call is alive and the wait is counted";
    EXPECT_TRUE(shown("Bliv her, så kommer vi."));
    Wait(60'000);
    EXPECT_TRUE(shown("Du har ventet 1 min.")) << "it counts on by itself";
    Wait(kiosk.Profile().help_escalate_after_s * 1000LL - 60'000);
    ASSERT_TRUE(kiosk.HelpEscalated());
    EXPECT_TRUE(shown("Gå hen til skranken, så hjælper vi dig der.")) << "the bold text now says what to do";
    EXPECT_TRUE(shown("Skranken er ved indgangen, til venstre for udlånsautomaterne."));
    EXPECT_FALSE(shown("Bliv her, så kommer vi.")) << "not stay and go at once";
    EXPECT_TRUE(shown("Du har ventet 3 min."));
}

TEST_P(HelpBannerTest, ACallThatFailsSaysSoOnTheBannerWithWhereTheDeskIsUntilClosed) {
    pack->ui["da"]["help.offline"] = "Vi kunne ikke få fat i en medarbejder. Gå hen til skranken.";
    pack->ui["da"]["common.close"] = "Luk";
    Tap("start.begin");
    Tap("home.guides");
    Tap("service.mitid-app");
    Tap("guide.help");
    Tap("help.close");
    help.m_status = HelpStatus::Failed;  // the registry could not be reached
    ui.Frame();
    const ui::Target* banner = ui.View().FindTarget("help.banner");
    ASSERT_NE(banner, nullptr) << "the banner stays to tell what happened";
    EXPECT_EQ(banner->label, "Vi kunne ikke få fat i en medarbejder. Gå hen til skranken.");
    EXPECT_EQ(banner->hint, "Skranken er ved indgangen, til venstre for udlånsautomaterne.");
    ASSERT_TRUE(ui.HasTarget("help.banner.cancel"));
    EXPECT_EQ(ui.View().FindTarget("help.banner.cancel")->label, "Luk");
    Tap("help.banner.cancel");
    EXPECT_FALSE(ui.HasTarget("help.banner"));
    EXPECT_EQ(kiosk.State().screen, Screen::Guide) << "the citizen stays where they are";
}

TEST_P(HelpBannerTest, StaffModeKeepsItsOwnTextSize) {
    test::FakeStaffServices staff;
    staff.info.calls.push_back({"call-1", "test-kiosk", "", "home", "", "open", clock.WallMs()});
    kiosk.SetStaffServices(&staff);
    Tap("start.begin");
    EnterStaff();
    const ui::Target* ack = ui.View().FindTarget("staff.ack.call-1");
    ASSERT_NE(ack, nullptr);
    const ImVec2 normal = ack->min;
    Tap("staff.exit");
    Tap("top.text_size");
    Tap("top.text_size");
    ASSERT_EQ(kiosk.State().text_size, 2);
    EnterStaff();
    ack = ui.View().FindTarget("staff.ack.call-1");
    ASSERT_NE(ack, nullptr);
    EXPECT_EQ(ack->min.x, normal.x);
    EXPECT_EQ(ack->min.y, normal.y) << "the text above the button is as large as with normal text";
}

INSTANTIATE_TEST_SUITE_P(Orientations, HelpBannerTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)),
                         [](const auto& param_info) { return param_info.param.x < param_info.param.y ? "Portrait" : "Landscape"; });

}  // namespace
}  // namespace bk
