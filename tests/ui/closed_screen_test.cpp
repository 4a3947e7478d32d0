// The closed screen on the real screens: outside opening hours the start screen gives way to the hours and the
// next opening, with nothing to tap (no top bar, no "tap to begin"); what it shows is what speech mode reads.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/kiosk.h"
#include "platform/null_runner.h"
#include "support/ui_rig.h"

namespace bk {
namespace {

constexpr Millis kMonday2200Copenhagen = 1'796'677'200'000;  // 2026-12-07 21:00Z

class ClosedScreenTest : public ::testing::TestWithParam<ImVec2>, protected test::UiRig {
protected:
    ClosedScreenTest() : UiRig(GetParam(), MakePack()) {}
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        OpeningHours& hours = pack->profiles[0].opening_hours;
        hours.defined = true;
        for (int day = 0; day < 5; ++day) hours.week[static_cast<size_t>(day)] = {{8 * 60, 16 * 60}};
        pack->ui["da"]["closed.title"] = "Kiosken har lukket";
        pack->ui["da"]["closed.next_open"] = "Vi åbner igen {day} kl. {time}.";
        pack->ui["da"]["closed.all_day"] = "lukket";
        pack->ui["en"]["closed.title"] = "The kiosk is closed";
        return pack;
    }
    bool Shows(const std::string& words) const {
        const auto& items = ui.View().Items();
        return std::any_of(items.begin(), items.end(), [&](const ScreenItem& item) { return item.label.find(words) != std::string::npos; });
    }
};

TEST_P(ClosedScreenTest, OutsideTheHoursTheHoursShowAndNothingStartsAVisit) {
    clock.Advance(kMonday2200Copenhagen - clock.WallMs());
    kiosk.Update();
    ui.Frame();
    ASSERT_TRUE(kiosk.Closed());
    EXPECT_FALSE(ui.HasTarget("start.begin"));
    EXPECT_FALSE(ui.HasTarget("top.help")) << "the top bar's help would call nobody";
    EXPECT_TRUE(Shows("Kiosken har lukket"));
    EXPECT_TRUE(Shows("Vi åbner igen tirsdag kl. 08:00.")) << "Monday 22:00: open again Tuesday at eight";
    EXPECT_TRUE(Shows("mandag: 08:00–16:00"));
    EXPECT_TRUE(Shows("søndag: lukket"));
    EXPECT_TRUE(Shows("The kiosk is closed")) << "the profile's other languages say it too";
    // Eight o'clock next morning the start screen is back.
    clock.Advance(10 * 60 * 60'000LL);
    kiosk.Update();
    ui.Frame();
    EXPECT_FALSE(kiosk.Closed());
    EXPECT_TRUE(ui.HasTarget("start.begin"));
}

INSTANTIATE_TEST_SUITE_P(Orientations, ClosedScreenTest, ::testing::Values(ImVec2(1080, 1920), ImVec2(1920, 1080)));

}  // namespace
}  // namespace bk
