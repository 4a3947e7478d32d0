// `borgerkiosk --simulate` against the real registry-stub on loopback: every event the kiosk made durable
// arrives exactly once, also when the registry is down for part of the run.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <tuple>
#include <thread>

#include "support/process.h"
#include "support/registry_fixture.h"

namespace bk::test {
namespace {

struct RunResult {
    int status = -1;
    std::string output;
};

RunResult RunKiosk(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {BK_KIOSK_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult result;
    // stdout carries the summary line the tests read; stderr goes to the test's own stderr for diagnosis.
    std::tie(result.status, result.output) = RunCapture(argv);
    return result;
}

long LastSeq(const std::string& output) {
    std::smatch m;
    return std::regex_search(output, m, std::regex("last seq (\\d+)")) ? std::stol(m[1]) : -1;
}

nlohmann::json KioskReport(RegistryFixture& registry, const std::string& kiosk_id) {
    httplib::Client client(registry.BaseUrl());
    auto res = client.Get("/v1/reports/kiosks?municipality=odder", {{"Authorization", "Bearer " + registry.ReaderToken()}});
    if (!res) return {{"error", "registry unreachable"}};
    if (res->status != 200) return {{"error", res->status}, {"body", res->body}};
    const nlohmann::json report = nlohmann::json::parse(res->body);
    for (const auto& k : report["kiosks"])
        if (k["kiosk_id"] == kiosk_id) return k;
    return {{"error", "kiosk not in report"}, {"body", res->body}};
}

nlohmann::json Summary(RegistryFixture& registry) {
    httplib::Client client(registry.BaseUrl());
    auto res = client.Get("/v1/reports/summary?municipality=odder", {{"Authorization", "Bearer " + registry.ReaderToken()}});
    if (!res || res->status != 200) return {{"services", nlohmann::json::array()}, {"error", res ? res->body : "unreachable"}};
    return nlohmann::json::parse(res->body);
}

class SimulateTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() / ("bk-sim-" + std::to_string(getpid()) + "-" +
                                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::vector<std::string> Args(RegistryFixture& registry, long sessions, int timeout_s = 60) {
        std::ofstream(dir / "token") << registry.KioskToken("odder-bibliotek");
        return {"--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek", "--data-dir", (dir / "data").string(),
                "--registry", registry.BaseUrl(), "--kiosk-id", "odder-bibliotek", "--token-file", (dir / "token").string(),
                "--simulate", std::to_string(sessions), "--seed", "7", "--timeout", std::to_string(timeout_s)};
    }
    std::filesystem::path dir;
};

// The demo pack runs sundhedskort v2 and v3 side by side at 50 %: simulated visits reach the registry in both
// versions, every one of them marked as given at random against the other, and the catalogue knows both
// versions' steps.
TEST_F(SimulateTest, TheDemosSideBySideGuideReachesTheRegistryInBothVersions) {
    RegistryFixture registry({.kiosks = {"odder-bibliotek"},
                              .strategies_dir = std::string(BK_SOURCE_DIR) + "/content/strategies",
                              .services_dir = std::string(BK_SOURCE_DIR) + "/content/services"});
    const RunResult run = RunKiosk(Args(registry, 150));
    ASSERT_EQ(run.status, 0) << run.output;
    const nlohmann::json summary = Summary(registry);
    std::map<int, nlohmann::json> versions;
    for (const auto& service : summary["services"])
        if (service["service"] == "sundhedskort")
            for (const auto& v : service["versions"]) versions[v["version"].get<int>()] = v;
    ASSERT_EQ(versions.size(), 2u) << summary.dump(1);
    for (int version : {2, 3}) {
        const nlohmann::json& v = versions[version];
        EXPECT_GT(v["sessions"].get<long>(), 0) << version;
        ASSERT_EQ(v["side_by_side"].size(), 1u) << v.dump();
        const nlohmann::json& drawn = v["side_by_side"][0];
        EXPECT_EQ(drawn["against"], version == 2 ? 3 : 2) << v.dump();
        EXPECT_EQ(drawn["sessions"], v["sessions"]) << "every visit to it was given a version at random: " << v.dump();
        EXPECT_EQ(drawn["completed_sessions"], v["completed_sessions"]) << version;
    }
    httplib::Client client(registry.BaseUrl());
    auto funnel = client.Get("/v1/reports/funnel?municipality=odder&service=sundhedskort&version=3",
                             {{"Authorization", "Bearer " + registry.ReaderToken()}});
    ASSERT_TRUE(funnel);
    ASSERT_EQ(funnel->status, 200) << funnel->body;
    const nlohmann::json steps = nlohmann::json::parse(funnel->body)["steps"];
    ASSERT_EQ(steps.size(), 5u) << funnel->body;
    EXPECT_EQ(steps[4]["title"]["da"], "Gem det gule kort");
}

TEST_F(SimulateTest, EverySimulatedEventArrivesExactlyOnce) {
    RegistryFixture registry({.kiosks = {"odder-bibliotek"},
                              .strategies_dir = std::string(BK_SOURCE_DIR) + "/content/strategies",
                              .services_dir = std::string(BK_SOURCE_DIR) + "/content/services"});
    const RunResult run = RunKiosk(Args(registry, 40));
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("simulated 40 sessions"), std::string::npos) << run.output;
    const long last_seq = LastSeq(run.output);
    ASSERT_GT(last_seq, 200) << run.output;
    const nlohmann::json k = KioskReport(registry, "odder-bibliotek");
    ASSERT_FALSE(k.contains("error")) << k.dump();
    EXPECT_EQ(k["max_seq"], last_seq);
    EXPECT_EQ(k["missing_seq"], 0);
    EXPECT_EQ(k["events_received"], last_seq) << "each event once: no loss, no duplicates";

    // Completions with and without staff help, as the simulator counted them, are what the registry reports
    // (staff answered some help calls; the session's mark reaches its guides across upload batches).
    std::smatch m;
    ASSERT_TRUE(std::regex_search(run.output, m, std::regex("\\((\\d+) with staff help, (\\d+) without\\)"))) << run.output;
    const long assisted = std::stol(m[1]), unassisted = std::stol(m[2]);
    EXPECT_GT(assisted, 0) << "seed 7 should include answered help calls: " << run.output;
    EXPECT_GT(unassisted, 0);
    const nlohmann::json summary = Summary(registry);
    long reported_assisted = 0, reported_completed = 0;
    for (const auto& service : summary["services"]) {
        reported_assisted += service["assisted_completions"].get<long>();
        reported_completed += service["completed_sessions"].get<long>();
    }
    EXPECT_EQ(reported_assisted, assisted) << summary.dump(1);
    EXPECT_EQ(reported_completed, assisted + unassisted);

    // A second run resends nothing that was acknowledged and continues the sequence.
    const RunResult again = RunKiosk(Args(registry, 0));
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(KioskReport(registry, "odder-bibliotek")["events_received"], LastSeq(again.output));
}

TEST_F(SimulateTest, RegistryDownThenBackDrainsTheBacklog) {
    RegistryFixture registry({.kiosks = {"odder-bibliotek"}});
    registry.Stop();
    // Simulated citizens keep using the kiosk while the registry is away: the run times out, events stay queued.
    std::ofstream(dir / "token") << registry.KioskToken("odder-bibliotek");
    RunResult offline = RunKiosk(Args(registry, 15, 3));
    EXPECT_EQ(offline.status, 1) << offline.output;
    EXPECT_NE(offline.output.find("NOT drained"), std::string::npos);
    const long durable = LastSeq(offline.output);
    ASSERT_GT(durable, 0);
    registry.Start();
    const RunResult drain = RunKiosk(Args(registry, 0));  // the port changed: Args() uses the new URL
    ASSERT_EQ(drain.status, 0) << drain.output;
    const nlohmann::json k = KioskReport(registry, "odder-bibliotek");
    EXPECT_EQ(k["events_received"], LastSeq(drain.output));
    EXPECT_EQ(k["missing_seq"], 0);
    EXPECT_GE(LastSeq(drain.output), durable);
}

}  // namespace
}  // namespace bk::test
