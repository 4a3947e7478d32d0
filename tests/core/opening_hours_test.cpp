// Opening hours: local time through ICU's zones (winter and summer time), the closed days, the next change, and
// the kiosk outside its hours: the closed state, no visit starts, staff mode still opens, a visit running at
// closing time is finished first, and the heartbeats are told.
#include <gtest/gtest.h>

#include "core/kiosk.h"
#include "core/opening_hours.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

// Mondays in 2026, in UTC.
constexpr Millis kMonday2130Copenhagen = 1'796'677'200'000;  // 2026-12-07 21:00Z = 22:00 CET
constexpr Millis kMonday0830Copenhagen = 1'796'628'600'000;  // 2026-12-07 07:30Z = 08:30 CET
constexpr Millis kSummerMonday0830 = 1'783'319'400'000;      // 2026-07-06 06:30Z = 08:30 CEST
constexpr Millis kChristmasEve1100 = 1'798'106'400'000;      // 2026-12-24 10:00Z = 11:00 CET, a Thursday
constexpr Millis kMinute = 60'000;

OpeningHours WeekdaysEightToFour() {
    OpeningHours hours;
    hours.defined = true;
    for (int day = 0; day < 5; ++day) hours.week[static_cast<size_t>(day)] = {{8 * 60, 16 * 60}};
    hours.closed_days = {"2026-12-24"};
    return hours;
}

TEST(OpeningHours, LocalTimeInWinterAndSummer) {
    const LocalMoment winter = ToLocalMoment("Europe/Copenhagen", kMonday0830Copenhagen);
    EXPECT_EQ(winter.date, "2026-12-07");
    EXPECT_EQ(winter.weekday, 0);
    EXPECT_EQ(winter.minute, 8 * 60 + 30);
    const LocalMoment summer = ToLocalMoment("Europe/Oslo", kSummerMonday0830);
    EXPECT_EQ(summer.date, "2026-07-06");
    EXPECT_EQ(summer.minute, 8 * 60 + 30);
    EXPECT_EQ(ToLocalMoment("Europe/Copenhagen", kMonday2130Copenhagen).minute, 22 * 60);
    EXPECT_TRUE(IsKnownTimeZone("Europe/Copenhagen"));
    EXPECT_FALSE(IsKnownTimeZone("Europe/Odder"));
}

TEST(OpeningHours, OpenClosedAndTheNextChange) {
    const OpeningHours hours = WeekdaysEightToFour();
    EXPECT_TRUE(IsOpenAt(hours, kMonday0830Copenhagen));
    EXPECT_FALSE(IsOpenAt(hours, kMonday2130Copenhagen));
    EXPECT_FALSE(IsOpenAt(hours, kChristmasEve1100)) << "a closed day overrides the weekday's hours";
    EXPECT_TRUE(IsOpenAt(OpeningHours{}, kMonday2130Copenhagen)) << "no hours: always open";
    // 08:30 -> closes at 16:00, 7.5 hours on; 22:00 -> local midnight, 2 hours on.
    EXPECT_EQ(NextOpeningChangeMs(hours, kMonday0830Copenhagen), kMonday0830Copenhagen + 450 * kMinute);
    EXPECT_EQ(NextOpeningChangeMs(hours, kMonday2130Copenhagen), kMonday2130Copenhagen + 120 * kMinute);
    EXPECT_EQ(NextOpeningChangeMs(OpeningHours{}, kMonday2130Copenhagen), -1);
}

TEST(OpeningHours, IntervalsReadAsTheProfileWritesThem) {
    OpeningInterval interval;
    ASSERT_TRUE(ParseOpeningInterval("08:00-16:30", interval));
    EXPECT_EQ(interval.open_min, 480);
    EXPECT_EQ(interval.close_min, 990);
    EXPECT_TRUE(ParseOpeningInterval("10:00-24:00", interval));
    for (const char* bad : {"8-16", "16:00-08:00", "08:00-08:00", "25:00-26:00", "08:00-16:00x", "08:60-09:00", ""})
        EXPECT_FALSE(ParseOpeningInterval(bad, interval)) << bad;
    EXPECT_EQ(FormatMinutes(485), "08:05");
    EXPECT_EQ(WeekdayName("da", 0), "mandag");
    EXPECT_EQ(WeekdayName("en", 6), "Sunday");
}

class ClosedKioskTest : public ::testing::Test, protected test::KioskRig {
protected:
    ClosedKioskTest() : KioskRig(MakePack()) { kiosk.SetStaffServices(&staff); }
    static std::shared_ptr<ContentPack> MakePack() {
        auto pack = test::MakeTestPack();
        pack->profiles[0].opening_hours = WeekdaysEightToFour();
        return pack;
    }
    // The manual clock's wall time moved to `wall_ms` (it only moves forward).
    void SetWall(Millis wall_ms) {
        clock.Advance(wall_ms - clock.WallMs());
        kiosk.Update();
    }
    test::FakeStaffServices staff;
};

TEST_F(ClosedKioskTest, OutsideTheHoursNoVisitStartsAndTheSinkIsTold) {
    SetWall(kMonday2130Copenhagen);
    EXPECT_TRUE(kiosk.Closed());
    EXPECT_EQ(sink.closed_changes, std::vector<bool>{true});
    Do(ActionType::Begin);
    Do(ActionType::ChooseLanguage, "en");
    Do(ActionType::RequestHelp);
    EXPECT_EQ(kiosk.State().screen, Screen::Start);
    EXPECT_TRUE(kiosk.State().id.empty()) << "no session starts while closed";
    EXPECT_EQ(sink.Count(ev::kSessionStarted), 0u);
    // The loop wakes at local midnight, when the next day's hours apply.
    EXPECT_EQ(kiosk.NextDeadlineMs(), clock.MonotonicMs() + 120 * kMinute);
}

TEST_F(ClosedKioskTest, OpensByItselfAtOpeningTime) {
    SetWall(kMonday0830Copenhagen - 31 * kMinute);  // 07:59
    EXPECT_TRUE(kiosk.Closed());
    EXPECT_EQ(kiosk.NextDeadlineMs(), clock.MonotonicMs() + kMinute);
    clock.Advance(kMinute);
    kiosk.Update();
    EXPECT_FALSE(kiosk.Closed());
    EXPECT_EQ(sink.closed_changes, (std::vector<bool>{true, false}));
    Do(ActionType::Begin);
    EXPECT_EQ(kiosk.State().screen, Screen::Home);
}

TEST_F(ClosedKioskTest, AVisitRunningAtClosingTimeIsFinishedFirst) {
    SetWall(kMonday0830Copenhagen + 449 * kMinute + 50'000);  // 15:59:50
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    clock.Advance(20'000);  // 16:00:10: closed, but a citizen is mid-guide
    kiosk.Update();
    EXPECT_FALSE(kiosk.Closed());
    Do(ActionType::NextStep);
    EXPECT_EQ(kiosk.State().guide.step, 1);
    kiosk.EndSession("finished");
    kiosk.Update();
    EXPECT_TRUE(kiosk.Closed()) << "the visit ended: now the closed screen";
}

TEST_F(ClosedKioskTest, StaffModeStillOpens) {
    SetWall(kMonday2130Copenhagen);
    Do(ActionType::CornerDown);
    clock.Advance(kStaffHoldMs);
    kiosk.Update();
    Do(ActionType::CornerUp);
    EXPECT_EQ(kiosk.State().screen, Screen::StaffPin);
    EXPECT_FALSE(kiosk.Closed()) << "staff at work see their screens, not the closed one";
}

}  // namespace
}  // namespace bk
