// The parts behind Kiosk: each action's category, and the citizen's visit on its own, without the front.
#include <gtest/gtest.h>

#include "core/action.h"
#include "core/visit.h"
#include "support/test_pack.h"

namespace bk {
namespace {

TEST(ActionCategoryTest, EachActionGoesToThePartThatOwnsIt) {
    EXPECT_EQ(CategoryOf(ActionType::Begin), ActionCategory::Visit);
    EXPECT_EQ(CategoryOf(ActionType::EndSession), ActionCategory::Visit);
    EXPECT_EQ(CategoryOf(ActionType::NavKeyPressed), ActionCategory::SpeechMode);
    EXPECT_EQ(CategoryOf(ActionType::SpeechActivated), ActionCategory::SpeechMode);
    EXPECT_EQ(CategoryOf(ActionType::CornerDown), ActionCategory::Staff);
    EXPECT_EQ(CategoryOf(ActionType::StaffExitApp), ActionCategory::Staff);
}

class VisitTest : public ::testing::Test {
protected:
    VisitTest() : pack(test::MakeTestPack()), visit(pack, pack->profiles[0], clock, sink, speech, help) {
        visit.SetSessionIdSource([] { return std::string("visit-1"); });
    }
    void Do(ActionType type, std::string text = {}, int value = 0) { visit.Apply(Action{type, std::move(text), value}); }

    ManualClock clock;
    test::RecordingSink sink;
    SilentSpeech speech;
    LocalHelpDesk help;
    std::shared_ptr<ContentPack> pack;
    Visit visit;
};

TEST_F(VisitTest, RunsAGuideWithoutTheFront) {
    Do(ActionType::Begin);
    Do(ActionType::OpenService, "mitid-app");
    ASSERT_EQ(visit.State().screen, Screen::Guide);
    Do(ActionType::NextStep);
    EXPECT_EQ(visit.State().guide.step, 1);
    const Event* step = sink.Last(ev::kStepViewed);
    ASSERT_NE(step, nullptr);
    EXPECT_EQ(step->session, "visit-1");
    EXPECT_EQ(step->step, 1);
    Do(ActionType::CornerDown);  // another part's action: the visit ignores it
    EXPECT_EQ(visit.State().screen, Screen::Guide);
}

TEST_F(VisitTest, TheSessionEndHookRunsBeforeTheSessionEndedEvent) {
    size_t events_at_hook = 0;
    bool session_at_hook = false;
    visit.OnSessionEnd([&] {
        events_at_hook = sink.events.size();
        session_at_hook = !visit.State().id.empty();
    });
    Do(ActionType::Begin);
    visit.EndSession("idle");
    EXPECT_TRUE(session_at_hook) << "the hook sees the visit that ends";
    ASSERT_EQ(sink.events.size(), events_at_hook + 1);
    EXPECT_EQ(sink.events.back().type, ev::kSessionEnded);
}

TEST_F(VisitTest, StaffModeOverTheVisitRemembersItsScreenAndMarksItAssisted) {
    Do(ActionType::Begin);
    Do(ActionType::OpenList, {}, static_cast<int>(ServiceKind::Guide));
    EXPECT_EQ(visit.EnterStaffMode(), Screen::List);
    EXPECT_TRUE(visit.InStaffMode());
    Do(ActionType::GoHome);  // citizen controls are not on screen in staff mode
    EXPECT_EQ(visit.State().screen, Screen::StaffPin);
    visit.ShowStaffScreen(Screen::Staff);
    EXPECT_TRUE(visit.State().staff_assisted);
    visit.LeaveStaffMode(Screen::List);
    EXPECT_EQ(visit.State().screen, Screen::List);
}

}  // namespace
}  // namespace bk
