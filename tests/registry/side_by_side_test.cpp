// Two versions of a guide run side by side (content/README.md): the registry marks the guide sessions whose
// guide_opened says the version was given at random, and the summary report counts them apart per version,
// on both engines. The catalogue knows both live versions (step titles per version for the funnel).
//
// The dataset (kiosk-1, odder; T0 = 2026-11-02T10:00Z; M = one minute; D = one day). mitid-app v2 is the live
// version, v3 runs beside it at 50 %. "random" = guide_opened with data.side_by_side.
//   n1 T0-D+5M  v2 not random: opened, completed          (before the side-by-side test began)
//   n2 T0-D+10M v2 not random: opened, completed
//   r1 T0+1M    v3 random: opened, completed
//   r2 T0+20M   v3 random: opened, completed; its session_ended (staff_assisted) comes in the second batch
//   r3 T0+45M   v3 random: opened, abandoned
//   r4 T0+50M   v2 random: opened, completed
//   r5 T0+70M   v2 random: opened, abandoned
//   r6 T0+100M  v3 random: a step_viewed in the first batch; guide_opened (earlier ts) and completed in the second
//   n3 T0+130M  v3 not random: opened, completed          (a kiosk with an older pack that had v3 alone)
//
// Hand-checked, all time:
//   v3 random: sessions r1 r2 r3 r6 = 4, completed r1 r2 r6 = 3, with staff help r2 = 1, without 2 (50 %)
//   v3 all:    sessions 5, completed 4, with staff help 1, without 3
//   v2 random: sessions r4 r5 = 2, completed r4 = 1, with staff help 0, without 1 (50 %)
//   v2 all:    sessions 4, completed 3
// [T0+30M, T0+110M) (ragged ends): v3 random r3 r6 = 2 sessions, 1 completed; v2 random r4 r5 = 2, 1.
#include <gtest/gtest.h>

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

// v2 and v3 run side by side: each is drawn against the other.
json Random(int version) { return {{"side_by_side", {{"share", 50}, {"against", version == 2 ? 3 : 2}}}}; }

// One whole guide visit: opened (at random or not), then completed or abandoned at step 0.
void Visit(EventFactory& f, json& out, int64_t ts, const std::string& session, int version, bool random, bool completed) {
    out.push_back(f.Make("session_started", ts, session));
    out.push_back(f.Guide("guide_opened", ts + 1000, session, "mitid-app", version, -1, random ? Random(version) : json::object()));
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
        Visit(f, first, kT0 - kD + 5 * kM, "cccc0001", 2, false, true);
        Visit(f, first, kT0 - kD + 10 * kM, "cccc0002", 2, false, true);
        Visit(f, first, kT0 + 1 * kM, "bbbb0001", 3, true, true);
        Visit(f, first, kT0 + 20 * kM, "bbbb0002", 3, true, true);
        Visit(f, first, kT0 + 45 * kM, "bbbb0003", 3, true, false);
        Visit(f, first, kT0 + 50 * kM, "bbbb0004", 2, true, true);
        Visit(f, first, kT0 + 70 * kM, "bbbb0005", 2, true, false);
        first.push_back(f.Guide("step_viewed", kT0 + 100 * kM + 2000, "bbbb0006", "mitid-app", 3, 0, {{"steps_total", 3}}));
        Visit(f, first, kT0 + 130 * kM, "cccc0003", 3, false, true);
        second.push_back(f.Guide("guide_opened", kT0 + 100 * kM + 1000, "bbbb0006", "mitid-app", 3, -1, Random(3)));
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

TEST_P(RegistrySideBySideTest, TheSummaryCountsRandomlyAssignedSessionsApart) {
    const json summary = json::parse(Get("/v1/reports/summary?municipality=odder"));
    const json& v3 = Version(summary, 3);
    EXPECT_EQ(v3["sessions"], 5);
    EXPECT_EQ(v3["completed_sessions"], 4);
    EXPECT_EQ(v3["assisted_completions"], 1);
    EXPECT_EQ(v3["unassisted_completions"], 3);
    EXPECT_EQ(v3["side_by_side"], (json{{"sessions", 4}, {"completed_sessions", 3}, {"assisted_completions", 1},
                                        {"unassisted_completions", 2}, {"unassisted_completion_rate", 0.5}}));
    const json& v2 = Version(summary, 2);
    EXPECT_EQ(v2["sessions"], 4);
    EXPECT_EQ(v2["completed_sessions"], 3);
    EXPECT_EQ(v2["unassisted_completions"], 3);
    EXPECT_EQ(v2["side_by_side"], (json{{"sessions", 2}, {"completed_sessions", 1}, {"assisted_completions", 0},
                                        {"unassisted_completions", 1}, {"unassisted_completion_rate", 0.5}}));
}

TEST_P(RegistrySideBySideTest, ARangeWithRaggedEndsCountsOnlyItsSessions) {
    const json summary = json::parse(Get("/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 30 * kM) +
                                         "&to=" + std::to_string(kT0 + 110 * kM)));
    EXPECT_EQ(Version(summary, 3)["side_by_side"]["sessions"], 2);           // r3 r6
    EXPECT_EQ(Version(summary, 3)["side_by_side"]["completed_sessions"], 1);  // r6
    EXPECT_EQ(Version(summary, 2)["side_by_side"]["sessions"], 2);           // r4 r5
    EXPECT_EQ(Version(summary, 2)["side_by_side"]["completed_sessions"], 1);  // r4
    EXPECT_EQ(Version(summary, 2)["sessions"], 2) << "n1 and n2 lie outside the range";
    // The day before: v2 alone, not at random.
    const json before = json::parse(Get("/v1/reports/summary?municipality=odder&from=2026-11-01&to=2026-11-01"));
    EXPECT_EQ(Version(before, 2)["sessions"], 2);
    EXPECT_EQ(Version(before, 2)["side_by_side"]["sessions"], 0);
}

TEST_P(RegistrySideBySideTest, TheCsvHasTheSideBySideColumnsOnVersionRows) {
    const std::string csv = Get("/v1/reports/summary.csv?municipality=odder&service=mitid-app");
    EXPECT_EQ(csv.rfind("level,theme,service,version,", 0), 0u) << csv;
    EXPECT_NE(csv.find(",events,kiosks,side_by_side_sessions,side_by_side_completed_sessions,"
                       "side_by_side_assisted_completions\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\r\nversion,,mitid-app,3,5,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",,,4,3,1\r\n"), std::string::npos) << csv;  // v3: events and kiosks empty, then 4 3 1
    EXPECT_NE(csv.find(",,,2,1,0\r\n"), std::string::npos) << csv;  // v2
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
