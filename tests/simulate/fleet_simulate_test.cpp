// Fleet content end to end with the real programs: `registry-stub content keygen` and `content publish`, then
// `borgerkiosk --simulate --content-key` against the real registry-stub takes the release (fetch, verify,
// validate, keep), runs its sessions on it and reports it in its heartbeat; the kiosks report shows it. A
// release signed with another key is refused, with the reason in the output and in the kiosks report.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "support/process.h"
#include "support/registry_fixture.h"
#include "support/temp_dir.h"

namespace bk::test {
namespace {

class FleetSimulateTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::ofstream(m_dir.Path() / "token") << m_registry.KioskToken("odder-bibliotek");
        for (const char* keys : {"keys", "other-keys"}) {
            auto [status, out] = RegistryFixture::RunCli({"content", "keygen", "--out", m_dir / keys});
            ASSERT_EQ(status, 0) << out;
        }
    }

    std::pair<int, std::string> Publish(const std::string& keys) {
        return RegistryFixture::RunCli({"content", "publish", "--db", m_registry.DbPath(), "--pack",
                                        std::string(BK_SOURCE_DIR) + "/content", "--key", m_dir / (keys + "/private.pem")});
    }

    std::pair<int, std::string> Simulate() {
        return RunCapture({BK_KIOSK_PATH, "--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek",
                           "--data-dir", m_dir / "data", "--registry", m_registry.BaseUrl(), "--kiosk-id", "odder-bibliotek",
                           "--token-file", m_dir / "token", "--content-key", m_dir / "keys/public.pem", "--simulate", "2",
                           "--seed", "3", "--timeout", "60"});
    }

    nlohmann::json Kiosk() {
        httplib::Client client(m_registry.BaseUrl());
        auto res = client.Get("/v1/reports/kiosks?municipality=odder", {{"Authorization", "Bearer " + m_registry.ReaderToken()}});
        if (!res || res->status != 200) return {{"error", res ? res->body : "unreachable"}};
        const nlohmann::json report = nlohmann::json::parse(res->body);
        for (const auto& kiosk : report["kiosks"])
            if (kiosk["kiosk_id"] == "odder-bibliotek") return kiosk;
        return {{"error", "no kiosk"}};
    }

    TempDir m_dir{"bk-fleet-sim"};
    RegistryFixture m_registry{{.kiosks = {"odder-bibliotek"}}};
};

TEST_F(FleetSimulateTest, ThePublishedReleaseIsTakenVerifiedAndReported) {
    auto [published, publish_out] = Publish("keys");
    ASSERT_EQ(published, 0) << publish_out;
    EXPECT_NE(publish_out.find("release 1 sha256 "), std::string::npos) << publish_out;

    auto [status, out] = Simulate();
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("content release 1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("simulated 2 sessions"), std::string::npos) << out;
    EXPECT_TRUE(std::filesystem::exists(m_dir.Path() / "data/fleet/content-lkg/pack.json"));

    const nlohmann::json kiosk = Kiosk();
    EXPECT_EQ(kiosk["content_release"], 1) << kiosk;
    EXPECT_EQ(kiosk["content_error"], "") << kiosk;

    // The registry's catalogue comes from the release.
    httplib::Client client(m_registry.BaseUrl());
    auto health = client.Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(nlohmann::json::parse(health->body)["content_release"], 1) << health->body;
}

TEST_F(FleetSimulateTest, AReleaseSignedWithAnotherKeyIsRefusedAndReported) {
    auto [published, publish_out] = Publish("other-keys");
    ASSERT_EQ(published, 0) << publish_out;

    auto [status, out] = Simulate();
    ASSERT_EQ(status, 0) << out;  // the kiosk runs on its own pack
    EXPECT_NE(out.find("content release 0 (refused: release 1 refused: the signature does not match the content key"),
              std::string::npos)
        << out;
    EXPECT_FALSE(std::filesystem::exists(m_dir.Path() / "data/fleet/release.json"));

    const nlohmann::json kiosk = Kiosk();
    EXPECT_TRUE(kiosk["content_release"].is_null()) << kiosk;
    EXPECT_NE(kiosk["content_error"].get<std::string>().find("signature does not match"), std::string::npos) << kiosk;
}

// The operator's list and rollback through the CLI: the kiosk goes back to release 1's pack under the
// rollback's own number.
TEST_F(FleetSimulateTest, RollbackThroughTheCliIsServedAsANewRelease) {
    ASSERT_EQ(Publish("keys").first, 0);
    // Release 2: the same pack with another version.
    const std::filesystem::path pack = m_dir.Path() / "pack";
    std::filesystem::copy(std::string(BK_SOURCE_DIR) + "/content", pack, std::filesystem::copy_options::recursive);
    nlohmann::json pack_json = nlohmann::json::parse(std::ifstream(pack / "pack.json"));
    pack_json["version"] = "fleet-2";
    std::ofstream(pack / "pack.json") << pack_json.dump(2);
    auto [published, publish_out] = RegistryFixture::RunCli({"content", "publish", "--db", m_registry.DbPath(), "--pack",
                                                             pack.string(), "--assets", std::string(BK_SOURCE_DIR) + "/assets",
                                                             "--key", m_dir / "keys/private.pem"});
    ASSERT_EQ(published, 0) << publish_out;
    auto [status, out] = Simulate();
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("content release 2\n"), std::string::npos) << out;

    auto [rolled, rollback_out] = RegistryFixture::RunCli({"content", "rollback", "--db", m_registry.DbPath(), "--to", "1"});
    ASSERT_EQ(rolled, 0) << rollback_out;
    EXPECT_NE(rollback_out.find("release 3 re-publishes release 1"), std::string::npos) << rollback_out;
    auto [listed, list_out] = RegistryFixture::RunCli({"content", "list", "--db", m_registry.DbPath()});
    ASSERT_EQ(listed, 0) << list_out;
    EXPECT_NE(list_out.find("rollback to 1 (current)"), std::string::npos) << list_out;
    EXPECT_EQ(RegistryFixture::RunCli({"content", "rollback", "--db", m_registry.DbPath(), "--to", "9"}).first, 1);

    std::tie(status, out) = Simulate();
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("content release 3\n"), std::string::npos) << out;
    EXPECT_EQ(Kiosk()["content_release"], 3);
    const nlohmann::json kept = nlohmann::json::parse(std::ifstream(m_dir.Path() / "data/fleet/content-lkg/pack.json"));
    const nlohmann::json source = nlohmann::json::parse(std::ifstream(std::string(BK_SOURCE_DIR) + "/content/pack.json"));
    EXPECT_EQ(kept["version"], source["version"]);  // release 1's pack again
}

}  // namespace
}  // namespace bk::test
