// End to end: Xvfb, the real registry-stub, the real kiosk window on the demo pack, real taps with
// xdotool, screenshots of every screen as artifacts, and the registry's report as the proof that the
// events of the walk arrived.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "desktop.h"
#include "support/registry_fixture.h"

namespace bk::test {
namespace {

struct Orientation {
    const char* name;
    int width, height;
};

class KioskEndToEnd : public ::testing::TestWithParam<Orientation> {
protected:
    void SetUp() override {
        artifacts = std::string(BK_ARTIFACTS_DIR) + "/e2e/" + GetParam().name;
        std::filesystem::remove_all(artifacts);
        std::filesystem::create_directories(artifacts);
        work = std::filesystem::temp_directory_path() / ("bk-e2e-" + std::to_string(getpid()) + "-" + GetParam().name);
        std::filesystem::remove_all(work);
        std::filesystem::create_directories(work);
    }
    void TearDown() override { std::filesystem::remove_all(work); }

    std::string Shot(KioskWindow& kiosk, const std::string& name) {
        return kiosk.Screenshot(artifacts + "/" + std::to_string(++shots) + "-" + name + ".png");
    }

    std::string artifacts;
    std::filesystem::path work;
    int shots = 0;
};

TEST_P(KioskEndToEnd, GuideWalkedByRealTapsReachesTheRegistry) {
    RegistryFixture registry({.kiosks = {"odder-bibliotek"},
                              .strategies_dir = std::string(BK_SOURCE_DIR) + "/content/strategies",
                              .services_dir = std::string(BK_SOURCE_DIR) + "/content/services"});
    std::ofstream(work / "kiosk.token") << registry.KioskToken("odder-bibliotek");
    XvfbDisplay display(GetParam().width, GetParam().height);
    KioskWindow kiosk(display,
                      {"--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek", "--data-dir",
                       (work / "data").string(), "--registry", registry.BaseUrl(), "--kiosk-id", "odder-bibliotek",
                       "--token-file", (work / "kiosk.token").string()},
                      work.string());
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

    // Walk every step. The step counter is not in the targets file, so count taps on "next" until
    // the feedback screen comes.
    int steps = 1;
    for (; steps < 20 && kiosk.Screen() == "guide"; ++steps) {
        if (kiosk.HasTarget("guide.show_qr") && steps == 2) {
            ASSERT_TRUE(kiosk.Tap("guide.show_qr"));
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            Shot(kiosk, "guide-qr");
        }
        const std::string before = artifacts + "/.before.png";
        kiosk.Screenshot(before);
        ASSERT_TRUE(kiosk.Tap("guide.next"));
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        if (kiosk.Screen() == "guide") {
            const std::string after = Shot(kiosk, "guide-step-" + std::to_string(steps + 1));
            EXPECT_GT(DifferentPixels(before, after), 1000) << "step " << steps << " did not change the screen";
        }
    }
    ASSERT_TRUE(kiosk.WaitForScreen("feedback"));
    EXPECT_EQ(steps, 9) << "the demo MitID guide has 8 steps";
    Shot(kiosk, "feedback");
    ASSERT_TRUE(kiosk.Tap("feedback.rate.5"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_TRUE(kiosk.Tap("feedback.yes"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Shot(kiosk, "feedback-answered");
    ASSERT_TRUE(kiosk.Tap("feedback.send"));
    ASSERT_TRUE(kiosk.WaitForScreen("thanks"));
    Shot(kiosk, "thanks");
    ASSERT_TRUE(kiosk.Tap("thanks.done"));
    ASSERT_TRUE(kiosk.WaitForScreen("start"));
    Shot(kiosk, "start-again");
    EXPECT_LT(DifferentPixels(start_png, artifacts + "/" + std::to_string(shots) + "-start-again.png"), 200)
        << "the session left a trace on screen";

    // A clean stop flushes the queue; then the registry must count one completed MitID guide.
    EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
    httplib::Client client(registry.BaseUrl());
    const httplib::Headers auth = {{"Authorization", "Bearer " + registry.ReaderToken()}};
    nlohmann::json summary;
    for (int attempt = 0; attempt < 50; ++attempt) {
        auto res = client.Get("/v1/reports/summary?municipality=odder", auth);
        ASSERT_TRUE(res) << "registry unreachable";
        ASSERT_EQ(res->status, 200) << res->body;
        summary = nlohmann::json::parse(res->body);
        if (summary.dump().find("\"completions\":1") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    bool found = false;
    for (const auto& service : summary["services"])
        if (service["service"] == "mitid-app") {
            found = true;
            EXPECT_EQ(service["completions"], 1) << summary.dump(2);
            EXPECT_EQ(service["feedback_count"], 1);
            EXPECT_DOUBLE_EQ(service["rating_mean"].get<double>(), 5.0);
        }
    EXPECT_TRUE(found) << summary.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Orientations, KioskEndToEnd,
                         ::testing::Values(Orientation{"portrait", 1080, 1920}, Orientation{"landscape", 1920, 1080}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace bk::test
