// Fleet content end to end: the real kiosk window with --content-key and the real registry-stub. A release
// published while a citizen is mid-visit is fetched and kept at once, but the screens change only after
// the visit ends: the next visit's list no longer offers the service the release took out of the profile.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "desktop.h"
#include "support/file_watch.h"
#include "support/registry_fixture.h"
#include "support/temp_dir.h"

namespace bk::test {
namespace {

namespace fs = std::filesystem;

// Waits for a file the kiosk writes (renamed into place), woken by inotify; false after the deadline.
bool WaitForFile(FileWatch& watch, const fs::path& path, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!fs::exists(path)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        watch.WaitForChange(static_cast<int>(left.count()));
    }
    return true;
}

TEST(FleetEndToEnd, AReleasePublishedMidVisitChangesTheScreensOnlyAfterTheVisit) {
    TempDir work("bk-e2e-fleet");
    RegistryFixture registry({.kiosks = {"odder-bibliotek"}});
    ASSERT_EQ(RegistryFixture::RunCli({"content", "keygen", "--out", work / "keys"}).first, 0);
    // The release: the demo pack with nemkonto taken out of the Odder profile.
    const fs::path pack = work.Path() / "pack";
    fs::copy(std::string(BK_SOURCE_DIR) + "/content", pack, fs::copy_options::recursive);
    nlohmann::json profile = nlohmann::json::parse(std::ifstream(pack / "profiles/odder-bibliotek.json"));
    auto& services = profile["services"];
    services.erase(std::find(services.begin(), services.end(), "nemkonto"));
    std::ofstream(pack / "profiles/odder-bibliotek.json") << profile.dump(2);

    std::ofstream(work.Path() / "kiosk.token") << registry.KioskToken("odder-bibliotek");
    XvfbDisplay display(1080, 1920);
    KioskWindow kiosk(display,
                      {"--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek", "--data-dir",
                       work / "data", "--registry", registry.BaseUrl(), "--kiosk-id", "odder-bibliotek", "--token-file",
                       work / "kiosk.token", "--content-key", work / "keys/public.pem", "--content-poll-s", "1"},
                      work.Path().string());
    ASSERT_TRUE(kiosk.WaitForScreen("start", 30'000)) << kiosk.Log();
    ASSERT_TRUE(kiosk.Tap("start.begin"));
    ASSERT_TRUE(kiosk.WaitForScreen("home"));
    ASSERT_TRUE(kiosk.Tap("home.guides"));
    ASSERT_TRUE(kiosk.WaitForScreen("list"));
    ASSERT_TRUE(kiosk.HasTarget("service.nemkonto"));

    const fs::path kept = work.Path() / "data/fleet/release.json";
    FileWatch kept_watch(kept);  // before the publish, so the kiosk's write cannot be missed
    auto [published, out] = RegistryFixture::RunCli({"content", "publish", "--db", registry.DbPath(), "--pack", pack.string(),
                                                     "--assets", std::string(BK_SOURCE_DIR) + "/assets", "--key",
                                                     work / "keys/private.pem"});
    ASSERT_EQ(published, 0) << out;
    ASSERT_TRUE(WaitForFile(kept_watch, kept, std::chrono::seconds(30))) << kiosk.Log();

    // The same visit goes on with the pack it began with.
    ASSERT_TRUE(kiosk.Tap("top.home"));
    ASSERT_TRUE(kiosk.WaitForScreen("home"));
    ASSERT_TRUE(kiosk.Tap("home.guides"));
    ASSERT_TRUE(kiosk.WaitForScreen("list"));
    EXPECT_TRUE(kiosk.HasTarget("service.nemkonto")) << "the release was swapped in during the visit";

    // End the visit: into a guide, home (which asks for feedback), a face, send, done.
    ASSERT_TRUE(kiosk.Tap("service.mitid-app"));
    ASSERT_TRUE(kiosk.WaitForScreen("guide"));
    ASSERT_TRUE(kiosk.Tap("top.home"));
    ASSERT_TRUE(kiosk.WaitForScreen("feedback"));
    ASSERT_TRUE(kiosk.Tap("feedback.rate.4"));
    ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("rating", 0) == 4; }));
    ASSERT_TRUE(kiosk.Tap("feedback.send"));
    ASSERT_TRUE(kiosk.WaitForScreen("thanks"));
    ASSERT_TRUE(kiosk.Tap("thanks.done"));
    ASSERT_TRUE(kiosk.WaitForScreen("start"));

    // The next visit runs on the release.
    ASSERT_TRUE(kiosk.Tap("start.begin"));
    ASSERT_TRUE(kiosk.WaitForScreen("home"));
    ASSERT_TRUE(kiosk.Tap("home.guides"));
    ASSERT_TRUE(kiosk.WaitForScreen("list"));
    EXPECT_FALSE(kiosk.HasTarget("service.nemkonto")) << "the release was not swapped in after the visit";
    EXPECT_TRUE(kiosk.HasTarget("service.mitid-app"));
    EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
}

}  // namespace
}  // namespace bk::test
