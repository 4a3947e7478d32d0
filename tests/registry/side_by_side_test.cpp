// Two versions of a guide run side by side (content/README.md): the registry keeps, per guide session, the
// version its guide_opened says it was drawn against, and the summary report counts those sessions per
// (version, against) on both engines, so a version that took part in two tests keeps them apart. The catalogue
// knows both live versions (step titles per version for the funnel).
//
// The dataset (kiosk-1, odder; T0 = 2026-11-02T10:00Z; M = one minute; D = one day). October: v2 ran against
// v1 at 50 %. Now mitid-app v2 is the live version and v3 runs beside it at 50 %. "random vs N" = guide_opened
// with data.side_by_side.against = N.
//   a1 T0-30D+1M v1 random vs 2: opened, completed       (the first test, v2 against v1)
//   a2 T0-30D+2M v1 random vs 2: opened, abandoned
//   a3 T0-30D+3M v2 random vs 1: opened, completed
//   a4 T0-30D+4M v2 random vs 1: opened, completed
//   a5 T0-30D+5M v2 random vs 1: opened, completed
//   n1 T0-D+5M  v2 not random: opened, completed          (between the two tests)
//   n2 T0-D+10M v2 not random: opened, completed
//   r1 T0+1M    v3 random vs 2: opened, completed          (the second test, v3 against v2)
//   r2 T0+20M   v3 random vs 2: opened, completed; its session_ended (staff_assisted) comes in the second batch
//   r3 T0+45M   v3 random vs 2: opened, abandoned
//   r4 T0+50M   v2 random vs 3: opened, completed
//   r5 T0+70M   v2 random vs 3: opened, abandoned
//   r6 T0+100M  v3 random vs 2: a step_viewed in the first batch; guide_opened (earlier ts) and completed in the second
//   n3 T0+130M  v3 not random: opened, completed          (a kiosk with an older pack that had v3 alone)
//
// Hand-checked, all time:
//   v3 vs 2:  sessions r1 r2 r3 r6 = 4, completed r1 r2 r6 = 3, with staff help r2 = 1, without 2 (50 %)
//   v3 all:   sessions 5, completed 4, with staff help 1, without 3
//   v2 vs 1:  sessions a3 a4 a5 = 3, completed 3, with staff help 0, without 3 (100 %)
//   v2 vs 3:  sessions r4 r5 = 2, completed r4 = 1, with staff help 0, without 1 (50 %)
//             (pooled, as before `against`, v2 would have 5 random sessions, 4 completed: 80 %)
//   v2 all:   sessions a3 a4 a5 n1 n2 r4 r5 = 7, completed 6, without staff help 6
//   v1 vs 2:  sessions a1 a2 = 2, completed a1 = 1, without staff help 1 (50 %)
// [T0+30M, T0+110M) (ragged ends): v3 vs 2 r3 r6 = 2 sessions, 1 completed; v2 vs 3 r4 r5 = 2, 1; no v2 vs 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "in_process_registry.h"
#include "registry_test_util.h"
#include "temp_dir.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
constexpr int64_t kM = 60'000;
constexpr int64_t kD = 24 * 60 * kM;

// guide_opened of a visit drawn at random against the other live version.
json Drawn(int against) { return {{"side_by_side", {{"share", 50}, {"against", against}}}}; }

// One whole guide visit: opened (drawn against another version, or 0: not at random), then completed or
// abandoned at step 0.
void Visit(EventFactory& f, json& out, int64_t ts, const std::string& session, int version, int against, bool completed) {
    out.push_back(f.Make("session_started", ts, session));
    out.push_back(f.Guide("guide_opened", ts + 1000, session, "mitid-app", version, -1, against > 0 ? Drawn(against) : json::object()));
    out.push_back(f.Guide("step_viewed", ts + 2000, session, "mitid-app", version, 0, {{"steps_total", 3}}));
    if (completed)
        out.push_back(f.Guide("guide_completed", ts + 3000, session, "mitid-app", version, -1, {{"duration_ms", 2000}, {"steps_total", 3}}));
    else
        out.push_back(f.Guide("guide_abandoned", ts + 3000, session, "mitid-app", version, 0, {{"reason", "idle"}, {"steps_total", 3}}));
}

class RegistrySideBySideTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        // The current pack's catalogue: v2 live, v3 beside it with its own step titles.
        const json v2 = {{"id", "mitid-app"}, {"version", 2}, {"kind", "guide"}, {"themes", {"odder.medvirken"}},
                         {"title", {{"da", "MitID-appen"}}}, {"staff_minutes_saved", 10},
                         {"steps", {{{"title", {{"da", "Det skal du bruge"}}}}, {{"title", {{"da", "Hent appen"}}}},
                                    {{"title", {{"da", "Scan dit pas"}}}}}}};
        json v3 = v2;
        v3["version"] = 3;
        v3["side_by_side"] = {{"share", 50}};
        v3["steps"][0]["title"] = {{"da", "Tjek dit pas"}};
        WriteFile(m_services.Path() / "mitid-app.json", v2.dump());
        WriteFile(m_services.Path() / "mitid-app.v3.json", v3.dump());
        InProcessOptions options = WithEngine(GetParam());
        options.config.services_dir = m_services.Path().string();
        m_registry = std::make_unique<InProcessRegistry>(options);

        EventFactory f;
        json first = json::array(), second = json::array();
        Visit(f, first, kT0 - 30 * kD + 1 * kM, "aaaa0001", 1, 2, true);
        Visit(f, first, kT0 - 30 * kD + 2 * kM, "aaaa0002", 1, 2, false);
        Visit(f, first, kT0 - 30 * kD + 3 * kM, "aaaa0003", 2, 1, true);
        Visit(f, first, kT0 - 30 * kD + 4 * kM, "aaaa0004", 2, 1, true);
        Visit(f, first, kT0 - 30 * kD + 5 * kM, "aaaa0005", 2, 1, true);
        Visit(f, first, kT0 - kD + 5 * kM, "cccc0001", 2, 0, true);
        Visit(f, first, kT0 - kD + 10 * kM, "cccc0002", 2, 0, true);
        Visit(f, first, kT0 + 1 * kM, "bbbb0001", 3, 2, true);
        Visit(f, first, kT0 + 20 * kM, "bbbb0002", 3, 2, true);
        Visit(f, first, kT0 + 45 * kM, "bbbb0003", 3, 2, false);
        Visit(f, first, kT0 + 50 * kM, "bbbb0004", 2, 3, true);
        Visit(f, first, kT0 + 70 * kM, "bbbb0005", 2, 3, false);
        first.push_back(f.Guide("step_viewed", kT0 + 100 * kM + 2000, "bbbb0006", "mitid-app", 3, 0, {{"steps_total", 3}}));
        Visit(f, first, kT0 + 130 * kM, "cccc0003", 3, 0, true);
        second.push_back(f.Guide("guide_opened", kT0 + 100 * kM + 1000, "bbbb0006", "mitid-app", 3, -1, Drawn(2)));
        second.push_back(f.Guide("guide_completed", kT0 + 100 * kM + 3000, "bbbb0006", "mitid-app", 3, -1,
                                 {{"duration_ms", 2000}, {"steps_total", 3}}));
        second.push_back(f.Make("session_ended", kT0 + 20 * kM + 4000, "bbbb0002",
                                {{"reason", "finished"}, {"duration_ms", 4000}, {"staff_assisted", true}}));
        Post(first);
        Post(second);
        m_registry->Clock().Advance(60'000);
    }

    static void WriteFile(const std::filesystem::path& path, const std::string& text) {
        std::ofstream(path) << text;
    }
    void Post(const json& events) {
        httplib::Client client(m_registry->BaseUrl());
        auto res = client.Post("/v1/events", Bearer(m_registry->KioskToken()), Batch("kiosk-1", events).dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        ASSERT_EQ(json::parse(res->body)["accepted"], events.size()) << res->body;
    }
    std::string Get(const std::string& path) {
        httplib::Client client(m_registry->BaseUrl());
        auto res = client.Get(path, Bearer(m_registry->ReaderToken()));
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 200) << path << ": " << res->body;
        return res->body;
    }
    static const json& Version(const json& summary, int version) {
        for (const auto& s : summary["services"])
            if (s["service"] == "mitid-app")
                for (const auto& v : s["versions"])
                    if (v["version"] == version) return v;
        static const json kNone;
        ADD_FAILURE() << "no mitid-app v" << version << " in " << summary.dump();
        return kNone;
    }

    TempDir m_services;
    std::unique_ptr<InProcessRegistry> m_registry;
};

INSTANTIATE_TEST_SUITE_P(Engines, RegistrySideBySideTest, kBothEngines, EngineName);

// A drawn visit's counts as the summary sends them: one entry per version it was drawn against.
json DrawnCounts(int against, int sessions, int completed, int assisted, double unassisted_rate) {
    return {{"against", against}, {"sessions", sessions}, {"completed_sessions", completed}, {"assisted_completions", assisted},
            {"unassisted_completions", completed - assisted}, {"unassisted_completion_rate", unassisted_rate}};
}

TEST_P(RegistrySideBySideTest, TheSummaryCountsRandomlyAssignedSessionsPerOtherVersion) {
    const json summary = json::parse(Get("/v1/reports/summary?municipality=odder"));
    const json& v3 = Version(summary, 3);
    EXPECT_EQ(v3["sessions"], 5);
    EXPECT_EQ(v3["completed_sessions"], 4);
    EXPECT_EQ(v3["assisted_completions"], 1);
    EXPECT_EQ(v3["unassisted_completions"], 3);
    EXPECT_EQ(v3["side_by_side"], json::array({DrawnCounts(2, 4, 3, 1, 0.5)}));
    const json& v2 = Version(summary, 2);
    EXPECT_EQ(v2["sessions"], 7);
    EXPECT_EQ(v2["completed_sessions"], 6);
    EXPECT_EQ(v2["unassisted_completions"], 6);
    // Its two tests apart, ascending by the other version: October's against v1, now against v3.
    EXPECT_EQ(v2["side_by_side"], json::array({DrawnCounts(1, 3, 3, 0, 1.0), DrawnCounts(3, 2, 1, 0, 0.5)}));
    EXPECT_EQ(Version(summary, 1)["side_by_side"], json::array({DrawnCounts(2, 2, 1, 0, 0.5)}));
}

TEST_P(RegistrySideBySideTest, ARangeWithRaggedEndsCountsOnlyItsSessions) {
    const json summary = json::parse(Get("/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 30 * kM) +
                                         "&to=" + std::to_string(kT0 + 110 * kM)));
    EXPECT_EQ(Version(summary, 3)["side_by_side"], json::array({DrawnCounts(2, 2, 1, 0, 0.5)}));  // r3 r6
    EXPECT_EQ(Version(summary, 2)["side_by_side"], json::array({DrawnCounts(3, 2, 1, 0, 0.5)}));  // r4 r5, not October's
    EXPECT_EQ(Version(summary, 2)["sessions"], 2) << "n1 and n2 lie outside the range";
    // The day before: v2 alone, not at random.
    const json before = json::parse(Get("/v1/reports/summary?municipality=odder&from=2026-11-01&to=2026-11-01"));
    EXPECT_EQ(Version(before, 2)["sessions"], 2);
    EXPECT_EQ(Version(before, 2)["side_by_side"], json::array());
}

// CSV: `against` beside `version`; under each version row, one side_by_side row per version it was drawn
// against, with the session counts in the ordinary columns (and the figures not counted per draw left empty).
TEST_P(RegistrySideBySideTest, TheCsvHasASideBySideRowPerOtherVersion) {
    const std::string csv = Get("/v1/reports/summary.csv?municipality=odder&service=mitid-app");
    EXPECT_EQ(csv.rfind("level,theme,service,version,against,sessions,starts,", 0), 0u) << csv;
    // header, service, v1, v1 vs 2, v2, v2 vs 1, v2 vs 3, v3, v3 vs 2
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 9) << csv;
    const std::string after_version_1 = "\r\nside_by_side,,mitid-app,1,2,2,,,,,1,0,1,0.5,,,,,,,,,,\r\n";
    const std::string v2_vs_1 = "\r\nside_by_side,,mitid-app,2,1,3,,,,,3,0,3,1,,,,,,,,,,\r\n";
    const std::string v2_vs_3 = "side_by_side,,mitid-app,2,3,2,,,,,1,0,1,0.5,,,,,,,,,,\r\n";
    const std::string v3_vs_2 = "\r\nside_by_side,,mitid-app,3,2,4,,,,,3,1,2,0.5,,,,,,,,,,\r\n";
    EXPECT_NE(csv.find(after_version_1), std::string::npos) << csv;
    EXPECT_NE(csv.find(v2_vs_1 + v2_vs_3), std::string::npos) << csv;
    EXPECT_NE(csv.find(v3_vs_2), std::string::npos) << csv;
    // Each follows its own version row, whose `against` is empty.
    EXPECT_LT(csv.find("\r\nversion,,mitid-app,2,,7,"), csv.find(v2_vs_1)) << csv;
    EXPECT_LT(csv.find("\r\nversion,,mitid-app,3,,5,"), csv.find(v3_vs_2)) << csv;
    EXPECT_GT(csv.find("\r\nversion,,mitid-app,3,,5,"), csv.find(v2_vs_3)) << csv;
}

TEST_P(RegistrySideBySideTest, TheFunnelHasEachLiveVersionsStepTitles) {
    const json v3 = json::parse(Get("/v1/reports/funnel?municipality=odder&service=mitid-app&version=3"));
    ASSERT_FALSE(v3["steps"].empty());
    EXPECT_EQ(v3["steps"][0]["title"]["da"], "Tjek dit pas");
    const json v2 = json::parse(Get("/v1/reports/funnel?municipality=odder&service=mitid-app&version=2"));
    ASSERT_FALSE(v2["steps"].empty());
    EXPECT_EQ(v2["steps"][0]["title"]["da"], "Det skal du bruge");
    // No version named: the live version the side-by-side one runs beside.
    EXPECT_EQ(json::parse(Get("/v1/reports/funnel?municipality=odder&service=mitid-app"))["version"], 2);
}

}  // namespace
}  // namespace bk::test
