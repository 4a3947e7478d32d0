// Two versions of a guide run side by side (content/README.md): each visit is given one at random with the
// newer version's share, keeps it for the rest of the visit, sees its steps, and says so in its events.
#include <gtest/gtest.h>

#include <random>

#include "core/kiosk.h"
#include "support/kiosk_rig.h"

namespace bk {
namespace {

// The test pack's mitid-app (version 3, 4 steps) with a remade version 4 (5 steps) beside it.
std::shared_ptr<ContentPack> PackWithSideBySide(int share) {
    auto pack = test::MakeTestPack();
    Service newer = *pack->FindService("mitid-app");
    newer.version = 4;
    newer.side_by_side_share = share;
    newer.steps.push_back({test::Tr("Trin 5"), test::Tr("Det nye trin.")});
    pack->side_by_side.push_back(newer);
    return pack;
}

class SideBySideKioskTest : public ::testing::Test, protected test::KioskRig {
protected:
    explicit SideBySideKioskTest(int share = 30) : KioskRig(PackWithSideBySide(share)) {}

    // One visit that opens the guide; returns the version it got.
    int Visit() {
        Do(ActionType::ChooseLanguage, "da");
        Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
        Do(ActionType::OpenService, "mitid-app");
        const int version = kiosk.State().guide.service ? kiosk.State().guide.service->version : 0;
        kiosk.EndSession("test");
        return version;
    }
    // Draws in a fixed order, counting how many were asked for.
    void DrawInTurn(std::vector<int> draws) {
        kiosk.SetPercentDrawSource([this, draws, next = std::size_t{0}]() mutable {
            ++m_draws;
            return draws[next++ % draws.size()];
        });
    }
    int m_draws = 0;
};

// 4,000 visits with a seeded draw: the newer version's share of visits lies within 3 percentage points of the
// configured share (the binomial standard deviation is 0.72 points at 30 %, 0.79 at 50 %: over 3.8 of them).
class SideBySide30 : public SideBySideKioskTest {
protected:
    SideBySide30() : SideBySideKioskTest(30) {}
};
class SideBySide50 : public SideBySideKioskTest {
protected:
    SideBySide50() : SideBySideKioskTest(50) {}
};

TEST_F(SideBySide30, ManyVisitsSplitCloseToTheShare) {
    std::mt19937 generator(15);
    kiosk.SetPercentDrawSource([&generator] { return std::uniform_int_distribution<int>(0, 99)(generator); });
    constexpr int kVisits = 4000;
    int newer = 0, older = 0;
    for (int i = 0; i < kVisits; ++i) {
        const int version = Visit();
        newer += version == 4;
        older += version == 3;
    }
    EXPECT_EQ(newer + older, kVisits);
    EXPECT_NEAR(100.0 * newer / kVisits, 30.0, 3.0) << newer << " of " << kVisits << " visits got version 4";
    // The events say the same: one guide_opened per visit, with the version, the share it was given by and the
    // version it was drawn against.
    int opened_newer = 0;
    for (const Event& e : sink.events) {
        if (e.type != ev::kGuideOpened) continue;
        ASSERT_TRUE(e.data.contains("side_by_side"));
        EXPECT_EQ(e.data["side_by_side"]["share"], e.service_version == 4 ? 30 : 70);
        EXPECT_EQ(e.data["side_by_side"]["against"], e.service_version == 4 ? 3 : 4);
        opened_newer += e.service_version == 4;
    }
    EXPECT_EQ(opened_newer, newer);
}

TEST_F(SideBySide50, ManyVisitsSplitCloseToTheShare) {
    std::mt19937 generator(15);
    kiosk.SetPercentDrawSource([&generator] { return std::uniform_int_distribution<int>(0, 99)(generator); });
    constexpr int kVisits = 4000;
    int newer = 0;
    for (int i = 0; i < kVisits; ++i) newer += Visit() == 4;
    EXPECT_NEAR(100.0 * newer / kVisits, 50.0, 3.0) << newer << " of " << kVisits << " visits got version 4";
}

TEST_F(SideBySideKioskTest, TheDrawDecidesAgainstTheShare) {
    DrawInTurn({29, 30, 0, 99});  // share 30: 0..29 get the newer version
    EXPECT_EQ(Visit(), 4);
    EXPECT_EQ(Visit(), 3);
    EXPECT_EQ(Visit(), 4);
    EXPECT_EQ(Visit(), 3);
}

TEST_F(SideBySideKioskTest, TheVisitKeepsItsVersionWhenItReopensTheGuide) {
    DrawInTurn({0, 99});
    Do(ActionType::ChooseLanguage, "da");
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    Do(ActionType::OpenService, "mitid-app");
    ASSERT_EQ(kiosk.State().guide.service->version, 4);
    Do(ActionType::PrevStep);  // back to the list
    ASSERT_EQ(kiosk.State().screen, Screen::List);
    Do(ActionType::OpenService, "mitid-app");
    EXPECT_EQ(kiosk.State().guide.service->version, 4) << "the second opening must not draw again";
    EXPECT_EQ(m_draws, 1);
    // Another guide with a single version draws nothing and says nothing about side by side.
    Do(ActionType::GoHome);
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    Do(ActionType::OpenService, "flytning");
    EXPECT_EQ(m_draws, 1);
    ASSERT_NE(sink.Last(ev::kGuideOpened), nullptr);
    EXPECT_EQ(sink.Last(ev::kGuideOpened)->service, "flytning");
    EXPECT_FALSE(sink.Last(ev::kGuideOpened)->data.contains("side_by_side"));
    kiosk.EndSession("test");
    // The next visit draws afresh.
    EXPECT_EQ(Visit(), 3);
    EXPECT_EQ(m_draws, 2);
}

TEST_F(SideBySideKioskTest, TheGuideShowsTheGivenVersionsStepsAndItsEventsCarryIt) {
    DrawInTurn({10});
    Do(ActionType::ChooseLanguage, "da");
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    Do(ActionType::OpenService, "mitid-app");
    const Event* opened = sink.Last(ev::kGuideOpened);
    ASSERT_NE(opened, nullptr);
    EXPECT_EQ(opened->service, "mitid-app");
    EXPECT_EQ(opened->service_version, 4);
    EXPECT_EQ(opened->data["side_by_side"], (nlohmann::json{{"share", 30}, {"against", 3}}));
    ASSERT_EQ(kiosk.State().guide.service->steps.size(), 5u);
    for (int i = 0; i < 4; ++i) Do(ActionType::NextStep);
    EXPECT_EQ(kiosk.State().guide.service->steps[4].title.Get("da"), "Trin 5");
    EXPECT_EQ(sink.Last(ev::kStepViewed)->service_version, 4);
    EXPECT_EQ(sink.Last(ev::kStepViewed)->data["steps_total"], 5);
    Do(ActionType::NextStep);  // the fifth step was the last
    ASSERT_EQ(kiosk.State().screen, Screen::Feedback);
    EXPECT_EQ(sink.Last(ev::kGuideCompleted)->service_version, 4);
    Do(ActionType::Rate, {}, 5);
    Do(ActionType::SubmitFeedback);
    EXPECT_EQ(sink.Last(ev::kFeedbackSubmitted)->service_version, 4);
}

TEST_F(SideBySideKioskTest, TheOlderVersionsEventsCarryTheRestOfTheShare) {
    DrawInTurn({30});
    Do(ActionType::ChooseLanguage, "da");
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    Do(ActionType::OpenService, "mitid-app");
    const Event* opened = sink.Last(ev::kGuideOpened);
    ASSERT_NE(opened, nullptr);
    EXPECT_EQ(opened->service_version, 3);
    EXPECT_EQ(opened->data["side_by_side"], (nlohmann::json{{"share", 70}, {"against", 4}}));
    EXPECT_EQ(kiosk.State().guide.service->steps.size(), 4u);
}

}  // namespace
}  // namespace bk
