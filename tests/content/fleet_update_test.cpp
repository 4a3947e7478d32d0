// The kiosk's side of fleet content against the registry in this process: a release published while a
// citizen's visit runs is fetched, verified and kept at once, but the kiosk swaps it in only when the visit
// has ended; a release signed with another key or without the kiosk's profile is refused with the reason
// kept; the kept release outlives the registry.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/fleet_pack.h"
#include "content/fleet_update.h"
#include "content/validator.h"
#include "core/help_desk.h"
#include "core/kiosk.h"
#include "core/speech.h"
#include "kiosk/fleet_updater.h"
#include "in_process_registry.h"
#include "src/content/content_releases.h"
#include "src/storage/open_storage.h"
#include "support/test_pack.h"

namespace bk::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr auto kWait = std::chrono::seconds(30);

std::string ReadText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class FleetUpdateTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        ASSERT_TRUE(GenerateReleaseKeys(m_dir.Path() / "keys", &why)) << why;
        ASSERT_TRUE(GenerateReleaseKeys(m_dir.Path() / "other-keys", &why)) << why;
        fs::copy(fs::path(BK_SOURCE_DIR) / "content", Pack(), fs::copy_options::recursive);
        // The release differs from the pack the kiosk starts with by its version.
        json pack = json::parse(ReadText(Pack() / "pack.json"));
        pack["version"] = "fleet-2";
        std::ofstream(Pack() / "pack.json") << pack.dump(2);

        ContentReport local = ValidateContent(fs::path(BK_SOURCE_DIR) / "content", Assets());
        ASSERT_TRUE(local.Valid());
        m_start_pack = std::make_shared<const ContentPack>(std::move(local.pack));
        ASSERT_NE(m_start_pack->version, "fleet-2");
        m_kiosk = std::make_unique<Kiosk>(m_start_pack, *m_start_pack->FindProfile("odder-bibliotek"), m_clock, m_sink,
                                          m_speech, m_help);
    }

    fs::path Pack() const { return m_dir.Path() / "pack"; }
    static fs::path Assets() { return fs::path(BK_SOURCE_DIR) / "assets"; }
    fs::path DataDir() const { return m_dir.Path() / "kiosk-data"; }

    void Publish(const std::string& keys = "keys") {
        bk::registry::PublishRequest request;
        request.pack_dir = Pack();
        request.assets_dir = Assets();
        request.private_key = m_dir.Path() / keys / "private.pem";
        std::ostringstream out, err;
        const auto storage = bk::registry::OpenStorage(m_registry.DbPath());
        ASSERT_EQ(bk::registry::PublishContent(*storage, request, m_registry.Clock().WallMs(), out, err), 0) << err.str();
    }

    std::unique_ptr<FleetUpdater> StartUpdater(const std::string& profile = "odder-bibliotek") {
        FleetConfig config;
        config.registry_url = m_registry.BaseUrl();
        config.token = m_registry.KioskToken();
        config.public_key_pem = ReadText(m_dir.Path() / "keys" / "public.pem");
        config.assets_dir = Assets();
        config.data_dir = DataDir();
        config.profile_id = profile;
        config.poll_interval = std::chrono::hours(1);  // the test asks with CheckNow()
        return std::make_unique<FleetUpdater>(std::move(config), std::nullopt, nullptr);
    }

    TempDir m_dir{"bk-fleet"};
    InProcessRegistry m_registry;
    ManualClock m_clock;
    RecordingSink m_sink;
    SilentSpeech m_speech;
    LocalHelpDesk m_help;
    std::shared_ptr<const ContentPack> m_start_pack;
    std::unique_ptr<Kiosk> m_kiosk;
};

TEST_F(FleetUpdateTest, AReleaseArrivingDuringAVisitIsSwappedInOnlyAfterIt) {
    m_kiosk->Apply({ActionType::Begin, "", 0});
    m_kiosk->Apply({ActionType::OpenService, "mitid-app", 0});
    const std::string visit = m_kiosk->State().id;
    ASSERT_FALSE(visit.empty());

    Publish();
    auto updater = StartUpdater();
    ASSERT_TRUE(updater->WaitForChecks(1, kWait));
    EXPECT_EQ(updater->Status().pending_release, 1);
    EXPECT_EQ(updater->Status().error, "");

    // Frames during the visit: nothing changes under the citizen.
    for (int frame = 0; frame < 3; ++frame) {
        EXPECT_FALSE(SwapBetweenVisits(*m_kiosk, *updater));
        m_clock.Advance(1'000);
        m_kiosk->Update();
    }
    EXPECT_EQ(m_kiosk->State().id, visit);
    EXPECT_EQ(m_kiosk->Pack().version, m_start_pack->version);
    EXPECT_EQ(m_kiosk->State().screen, Screen::Guide);

    m_kiosk->EndSession("finished");
    EXPECT_TRUE(SwapBetweenVisits(*m_kiosk, *updater));
    EXPECT_EQ(m_kiosk->Pack().version, "fleet-2");
    EXPECT_EQ(updater->Status().running_release, 1);
    EXPECT_EQ(updater->Status().pending_release, 0);
    EXPECT_FALSE(SwapBetweenVisits(*m_kiosk, *updater)) << "taken once";

    // The next visit runs on the release.
    m_kiosk->Apply({ActionType::Begin, "", 0});
    EXPECT_NE(m_kiosk->State().id, visit);
    EXPECT_EQ(m_kiosk->Pack().version, "fleet-2");

    // Asking again: the registry answers 304, nothing new.
    updater->CheckNow();
    ASSERT_TRUE(updater->WaitForChecks(2, kWait));
    EXPECT_EQ(updater->Status().pending_release, 0);

    // The release is kept: a restart with the registry down runs it.
    m_registry.Stop();
    const std::optional<FleetOutcome> kept = LoadKeptRelease(Assets(), DataDir());
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->number, 1);
    EXPECT_EQ(kept->pack->version, "fleet-2");
}

TEST_F(FleetUpdateTest, AReleaseSignedWithAnotherKeyIsRefusedWithItsReason) {
    Publish("other-keys");
    auto updater = StartUpdater();
    ASSERT_TRUE(updater->WaitForChecks(1, kWait));
    const FleetStatus status = updater->Status();
    EXPECT_EQ(status.pending_release, 0);
    EXPECT_NE(status.error.find("release 1 refused: the signature does not match the content key"), std::string::npos)
        << status.error;
    EXPECT_FALSE(SwapBetweenVisits(*m_kiosk, *updater));
    EXPECT_EQ(m_kiosk->Pack().version, m_start_pack->version);
    EXPECT_FALSE(LoadKeptRelease(Assets(), DataDir()));

    // A good release after it is taken, and the refusal is cleared.
    Publish();
    updater->CheckNow();
    ASSERT_TRUE(updater->WaitForChecks(2, kWait));
    EXPECT_EQ(updater->Status().pending_release, 2);
    EXPECT_EQ(updater->Status().error, "");
}

TEST_F(FleetUpdateTest, AReleaseWithoutTheKiosksProfileIsRefused) {
    Publish();
    auto updater = StartUpdater("no-such-profile");
    ASSERT_TRUE(updater->WaitForChecks(1, kWait));
    EXPECT_NE(updater->Status().error.find("it has no kiosk profile 'no-such-profile'"), std::string::npos)
        << updater->Status().error;
    EXPECT_EQ(updater->Status().pending_release, 0);
}

TEST(FleetAccept, ATamperedReleaseIsRefusedAndNothingIsKept) {
    TempDir dir("bk-fleet-accept");
    std::string why;
    ASSERT_TRUE(GenerateReleaseKeys(dir.Path() / "keys", &why)) << why;
    ContentReport report = ValidateContent(fs::path(BK_SOURCE_DIR) / "content", fs::path(BK_SOURCE_DIR) / "assets");
    FetchedRelease release;
    release.number = 7;
    release.pack = PackRelease(report.files);
    release.sha256 = ReleaseSha256(release.pack);
    release.signature = *SignRelease(release.pack, dir.Path() / "keys" / "private.pem", &why);
    const std::string key = ReadText(dir.Path() / "keys" / "public.pem");

    FetchedRelease tampered = release;
    tampered.pack.replace(tampered.pack.find("\"pack.json\":\"") + 13, 1, "X");
    FleetOutcome refused = AcceptRelease(tampered, key, fs::path(BK_SOURCE_DIR) / "assets", dir.Path() / "data", "odder-bibliotek");
    EXPECT_FALSE(refused.pack);
    EXPECT_NE(refused.error.find("release 7 refused"), std::string::npos) << refused.error;
    EXPECT_FALSE(LoadKeptRelease(fs::path(BK_SOURCE_DIR) / "assets", dir.Path() / "data"));

    FleetOutcome accepted = AcceptRelease(release, key, fs::path(BK_SOURCE_DIR) / "assets", dir.Path() / "data", "odder-bibliotek");
    ASSERT_TRUE(accepted.pack) << accepted.error;
    EXPECT_EQ(accepted.error, "");
    // No temporary folder is left behind.
    for (const auto& entry : fs::directory_iterator(FleetDir(dir.Path() / "data")))
        EXPECT_EQ(entry.path().filename().string().rfind("incoming-", 0), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace bk::test
