// End to end: Xvfb, the real registry-stub, the real kiosk window on the demo pack, real taps with
// xdotool, screenshots of every screen as artifacts, and the registry's report as the proof that the
// events of the walk arrived.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "desktop.h"
#include "support/registry_fixture.h"

namespace bk::test {
namespace {

struct Orientation {
    const char* name;
    int width, height;
};

// Artifacts and a work directory per test; the kiosk and registry set-up every walk shares.
class EndToEnd {
protected:
    void Prepare(const std::string& name) {
        artifacts = std::string(BK_ARTIFACTS_DIR) + "/e2e/" + name;
        std::filesystem::remove_all(artifacts);
        std::filesystem::create_directories(artifacts);
        work = std::filesystem::temp_directory_path() / ("bk-e2e-" + std::to_string(getpid()) + "-" + name);
        std::filesystem::remove_all(work);
        std::filesystem::create_directories(work);
    }
    void CleanUp() { std::filesystem::remove_all(work); }

    static RegistryOptions DemoRegistry() {
        return {.kiosks = {"odder-bibliotek"},
                .strategies_dir = std::string(BK_SOURCE_DIR) + "/content/strategies",
                .services_dir = std::string(BK_SOURCE_DIR) + "/content/services"};
    }
    std::vector<std::string> KioskArgs(RegistryFixture& registry) {
        std::ofstream(work / "kiosk.token") << registry.KioskToken("odder-bibliotek");
        return {"--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek", "--data-dir",
                (work / "data").string(), "--registry", registry.BaseUrl(), "--kiosk-id", "odder-bibliotek",
                "--token-file", (work / "kiosk.token").string()};
    }
    std::string Shot(KioskWindow& kiosk, const std::string& name) {
        return kiosk.Screenshot(artifacts + "/" + std::to_string(++shots) + "-" + name + ".png");
    }
    // The summary's entry for one service, after the kiosk stopped. Its last upload may still be in the registry's
    // hands then; stopping the registry waits for it to be stored (a clean stop finishes the requests it has), and
    // the registry serves the same database again, so one question gets the final answer.
    static nlohmann::json ServiceSummary(RegistryFixture& registry, const std::string& id) {
        registry.Restart();
        if (registry.LastExitStatus() != 0) return {{"error", "registry stopped with " + std::to_string(registry.LastExitStatus())}};
        httplib::Client client(registry.BaseUrl());
        auto res = client.Get("/v1/reports/summary?municipality=odder", {{"Authorization", "Bearer " + registry.ReaderToken()}});
        if (!res || res->status != 200) return {{"error", res ? res->body : "registry unreachable"}};
        const nlohmann::json summary = nlohmann::json::parse(res->body);
        for (const auto& service : summary["services"])
            if (service["service"] == id) return service;
        return {{"error", "no " + id + " in the summary"}};
    }

    std::string artifacts;
    std::filesystem::path work;
    int shots = 0;
};

class KioskEndToEnd : public EndToEnd, public ::testing::TestWithParam<Orientation> {
protected:
    void SetUp() override { Prepare(GetParam().name); }
    void TearDown() override { CleanUp(); }
};

TEST_P(KioskEndToEnd, GuideWalkedByRealTapsReachesTheRegistry) {
    RegistryFixture registry(DemoRegistry());
    XvfbDisplay display(GetParam().width, GetParam().height);
    KioskWindow kiosk(display, KioskArgs(registry), work.string());
    ASSERT_TRUE(kiosk.WaitForScreen("start", 30'000)) << kiosk.Log();
    const std::string start_png = Shot(kiosk, "start");

    // The proof that a real tap reaches the kiosk: the screen changes, and so do its pixels.
    ASSERT_TRUE(kiosk.Tap("start.begin"));
    ASSERT_TRUE(kiosk.WaitForScreen("home")) << kiosk.Log();
    const std::string home_png = Shot(kiosk, "home");
    EXPECT_GT(DifferentPixels(start_png, home_png), GetParam().width * GetParam().height / 50);

    ASSERT_TRUE(kiosk.Tap("home.guides"));
    ASSERT_TRUE(kiosk.WaitForScreen("list"));
    Shot(kiosk, "list");
    ASSERT_TRUE(kiosk.Tap("service.mitid-app"));
    ASSERT_TRUE(kiosk.WaitForScreen("guide"));
    Shot(kiosk, "guide-step-1");

    // Walk every step: tap "next" until the feedback screen comes, each time waiting for the kiosk to show
    // the next step (or leave the guide) before looking.
    int steps = 1;
    for (; steps < 20 && kiosk.Screen() == "guide"; ++steps) {
        if (kiosk.HasTarget("guide.show_qr") && steps == 2) {
            ASSERT_TRUE(kiosk.Tap("guide.show_qr"));
            ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("qr", false); }));
            Shot(kiosk, "guide-qr");
        }
        const std::string before = artifacts + "/.before.png";
        kiosk.Screenshot(before);
        const int step = kiosk.Targets().value("step", -1);
        ASSERT_TRUE(kiosk.Tap("guide.next"));
        ASSERT_TRUE(kiosk.WaitFor([step](const nlohmann::json& t) { return t.value("screen", "") != "guide" || t.value("step", -1) != step; }))
            << "step " << steps << " was not left";
        if (kiosk.Screen() == "guide") {
            const std::string after = Shot(kiosk, "guide-step-" + std::to_string(steps + 1));
            EXPECT_GT(DifferentPixels(before, after), 1000) << "step " << steps << " did not change the screen";
        }
    }
    ASSERT_TRUE(kiosk.WaitForScreen("feedback"));
    EXPECT_EQ(steps, 9) << "the demo MitID guide has 8 steps";
    Shot(kiosk, "feedback");
    ASSERT_TRUE(kiosk.Tap("feedback.rate.5"));
    ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("rating", 0) == 5; }));
    ASSERT_TRUE(kiosk.Tap("feedback.yes"));
    ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("task_done", false); }));
    Shot(kiosk, "feedback-answered");
    ASSERT_TRUE(kiosk.Tap("feedback.send"));
    ASSERT_TRUE(kiosk.WaitForScreen("thanks"));
    Shot(kiosk, "thanks");
    ASSERT_TRUE(kiosk.Tap("thanks.done"));
    ASSERT_TRUE(kiosk.WaitForScreen("start"));
    Shot(kiosk, "start-again");
    EXPECT_LT(DifferentPixels(start_png, artifacts + "/" + std::to_string(shots) + "-start-again.png"), 200)
        << "the session left a trace on screen";

    // A clean stop flushes the queue; then the registry must count one completed MitID guide, done alone.
    EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
    const nlohmann::json mitid = ServiceSummary(registry, "mitid-app");
    EXPECT_EQ(mitid["completions"], 1) << mitid.dump(2);
    EXPECT_EQ(mitid["feedback_count"], 1);
    EXPECT_DOUBLE_EQ(mitid["rating_mean"].get<double>(), 5.0);
    EXPECT_EQ(mitid["unassisted_completions"], 1);
    EXPECT_EQ(mitid["assisted_completions"], 0);
}

// Staff step in mid-guide (hold the corner, PIN, leave staff mode), the citizen finishes: the registry
// counts the completion as one with staff help.
class KioskStaffEndToEnd : public EndToEnd, public ::testing::Test {
protected:
    void SetUp() override { Prepare("staff"); }
    void TearDown() override { CleanUp(); }
};

TEST_F(KioskStaffEndToEnd, StaffHelpMidGuideIsReportedAsAssisted) {
    RegistryFixture registry(DemoRegistry());
    XvfbDisplay display(1080, 1920);
    KioskWindow kiosk(display, KioskArgs(registry), work.string());
    ASSERT_TRUE(kiosk.WaitForScreen("start", 30'000)) << kiosk.Log();
    for (auto [id, next] : {std::pair{"start.begin", "home"}, {"home.guides", "list"}, {"service.mitid-app", "guide"}}) {
        ASSERT_TRUE(kiosk.Tap(id)) << id;
        ASSERT_TRUE(kiosk.WaitForScreen(next)) << kiosk.Screen();
    }
    ASSERT_TRUE(kiosk.Tap("guide.next"));
    ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("step", -1) == 1; }));

    ASSERT_TRUE(kiosk.Hold(8, 8, 4500));  // the hidden top-left corner, held well past 3 s (slow machines too)
    ASSERT_TRUE(kiosk.WaitForScreen("staff_pin")) << kiosk.Screen();
    Shot(kiosk, "pin");
    for (const char* id : {"pin.2", "pin.4", "pin.6", "pin.8", "pin.ok"}) ASSERT_TRUE(kiosk.Tap(id)) << id;
    ASSERT_TRUE(kiosk.WaitForScreen("staff")) << kiosk.Screen();
    Shot(kiosk, "staff");
    ASSERT_TRUE(kiosk.Tap("staff.exit"));
    ASSERT_TRUE(kiosk.WaitForScreen("guide")) << "staff mode returns to where the citizen was";

    // Back on step 2 of 8: six taps to the last step, the seventh to feedback. Each tap is handled before
    // the next, so no tap meant for the guide lands on the feedback screen.
    for (int taps = 0; taps < 7; ++taps) {
        ASSERT_EQ(kiosk.Screen(), "guide") << "after " << taps << " taps";
        const int step = kiosk.Targets().value("step", -1);
        ASSERT_TRUE(kiosk.Tap("guide.next"));
        ASSERT_TRUE(kiosk.WaitFor([step](const nlohmann::json& t) { return t.value("screen", "") != "guide" || t.value("step", -1) != step; }));
    }
    ASSERT_TRUE(kiosk.WaitForScreen("feedback"));
    ASSERT_TRUE(kiosk.Tap("feedback.skip"));
    ASSERT_TRUE(kiosk.WaitForScreen("thanks"));
    ASSERT_TRUE(kiosk.Tap("thanks.done"));
    ASSERT_TRUE(kiosk.WaitForScreen("start"));
    Shot(kiosk, "start-again");

    EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
    const nlohmann::json mitid = ServiceSummary(registry, "mitid-app");
    EXPECT_EQ(mitid["completions"], 1) << mitid.dump(2);
    EXPECT_EQ(mitid["completed_sessions"], 1);
    EXPECT_EQ(mitid["assisted_completions"], 1);
    EXPECT_EQ(mitid["unassisted_completions"], 0);
    EXPECT_DOUBLE_EQ(mitid["staff_minutes_saved"].get<double>(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Orientations, KioskEndToEnd,
                         ::testing::Values(Orientation{"portrait", 1080, 1920}, Orientation{"landscape", 1920, 1080}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace bk::test
