// Reports on a known dataset with hand-checked numbers, in JSON and CSV, over all time and over a range
// whose ends fall inside hours (so both the hourly aggregates and the raw-edge path count).
//
// The dataset (kiosk-1, odder; T0 = 2026-11-02T10:00Z; M = one minute):
//   s1 T0+1M   mitid-app v2: opened, steps 0 1 2, completed, feedback 5 "yes" (comment with a phone number)
//   s2 T0+40M  mitid-app v2: opened, steps 0 1, abandoned at step 1, feedback 2 "no"
//   s3 T0+70M  mitid-app v1: opened, step 0, completed, help_requested (service, no version),
//              session_ended staff_assisted (staff helped; same batch)
//   s4 T0+125M digital-post v1: opened, step 0, abandoned at step 0, help_requested, feedback 3 "partly"
//   s5 T0+180M mitid-app v2: opened twice, steps 0 1 2, completed
//   s6 T0+210M no service: session_started, screen_viewed, language_changed
//   heartbeats (session "") at T0 (backlog 7) and T0+200M (backlog 3)
// 36 events; seq has two holes; one event is sent twice. A second batch ends s1 (not assisted) and s5
// (staff_assisted: its guide row from the first batch must follow).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "in_process_registry.h"
#include "registry_test_util.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
constexpr int64_t kM = 60'000;

json BuildDataset(EventFactory& f) {
    json e = json::array();
    auto at = [](int64_t minutes, int k) { return kT0 + minutes * kM + k * 1000; };
    // s1
    e.push_back(f.Make("session_started", at(1, 0), "aaaa0001"));
    e.push_back(f.Guide("guide_opened", at(1, 1), "aaaa0001", "mitid-app", 2));
    for (int step = 0; step < 3; ++step) {
        e.push_back(f.Guide("step_viewed", at(1, 2 + step), "aaaa0001", "mitid-app", 2, step, {{"steps_total", 3}}));
    }
    e.push_back(f.Guide("guide_completed", at(1, 6), "aaaa0001", "mitid-app", 2, -1, {{"duration_ms", 5000}, {"steps_total", 3}}));
    e.push_back(f.Guide("feedback_submitted", at(1, 7), "aaaa0001", "mitid-app", 2, -1,
                        {{"rating", 5}, {"task_done", "yes"}, {"reasons", {"clear"}},
                         {"comment", "Ring 12 34 56 78 eller skriv til anna@example.dk"}}));
    f.next_seq += 1;  // a hole in seq
    // s2
    e.push_back(f.Make("session_started", at(40, 0), "aaaa0002"));
    e.push_back(f.Guide("guide_opened", at(40, 1), "aaaa0002", "mitid-app", 2));
    e.push_back(f.Guide("step_viewed", at(40, 2), "aaaa0002", "mitid-app", 2, 0, {{"steps_total", 3}}));
    e.push_back(f.Guide("step_viewed", at(40, 3), "aaaa0002", "mitid-app", 2, 1, {{"steps_total", 3}}));
    e.push_back(f.Guide("guide_abandoned", at(40, 4), "aaaa0002", "mitid-app", 2, 1, {{"reason", "idle"}, {"steps_total", 3}}));
    e.push_back(f.Guide("feedback_submitted", at(40, 5), "aaaa0002", "mitid-app", 2, -1,
                        {{"rating", 2}, {"task_done", "no"}, {"reasons", json::array()}}));
    // s3
    e.push_back(f.Make("session_started", at(70, 0), "aaaa0003"));
    e.push_back(f.Guide("guide_opened", at(70, 1), "aaaa0003", "mitid-app", 1));
    e.push_back(f.Guide("step_viewed", at(70, 2), "aaaa0003", "mitid-app", 1, 0, {{"steps_total", 1}}));
    e.push_back(f.Guide("guide_completed", at(70, 3), "aaaa0003", "mitid-app", 1, -1, {{"duration_ms", 900}, {"steps_total", 1}}));
    json help = f.Make("help_requested", at(70, 4), "aaaa0003", {{"screen", "guide"}});
    help["service"] = "mitid-app";
    e.push_back(help);
    e.push_back(f.Make("session_ended", at(70, 5), "aaaa0003",
                       {{"reason", "finished"}, {"duration_ms", 5000}, {"staff_assisted", true}}));
    // s4
    e.push_back(f.Make("session_started", at(125, 0), "aaaa0004"));
    e.push_back(f.Guide("guide_opened", at(125, 1), "aaaa0004", "digital-post", 1));
    e.push_back(f.Guide("step_viewed", at(125, 2), "aaaa0004", "digital-post", 1, 0, {{"steps_total", 2}}));
    e.push_back(f.Guide("guide_abandoned", at(125, 3), "aaaa0004", "digital-post", 1, 0, {{"reason", "help"}, {"steps_total", 2}}));
    e.push_back(f.Guide("help_requested", at(125, 4), "aaaa0004", "digital-post", 1, -1, {{"screen", "guide"}}));
    e.push_back(f.Guide("feedback_submitted", at(125, 5), "aaaa0004", "digital-post", 1, -1,
                        {{"rating", 3}, {"task_done", "partly"}, {"reasons", {"too_long"}}}));
    f.next_seq += 1;  // another hole
    // s5
    e.push_back(f.Guide("guide_opened", at(180, 0), "aaaa0005", "mitid-app", 2));
    e.push_back(f.Guide("guide_opened", at(180, 1), "aaaa0005", "mitid-app", 2));
    for (int step = 0; step < 3; ++step) {
        e.push_back(f.Guide("step_viewed", at(180, 2 + step), "aaaa0005", "mitid-app", 2, step, {{"steps_total", 3}}));
    }
    e.push_back(f.Guide("guide_completed", at(180, 6), "aaaa0005", "mitid-app", 2, -1, {{"duration_ms", 7000}, {"steps_total", 3}}));
    // s6
    e.push_back(f.Make("session_started", at(210, 0), "aaaa0006"));
    e.push_back(f.Make("screen_viewed", at(210, 1), "aaaa0006", {{"screen", "home"}}));
    e.push_back(f.Make("language_changed", at(210, 2), "aaaa0006", {{"from", "da"}, {"to", "en"}}));
    // heartbeats
    e.push_back(f.Make("heartbeat", at(0, 0), "", {{"backlog", 7}, {"last_upload_ts", nullptr}, {"dropped", 0}}));
    e.push_back(f.Make("heartbeat", at(200, 0), "", {{"backlog", 3}, {"last_upload_ts", at(199, 0)}, {"dropped", 2}}));
    return e;
}

// One registry per engine, loaded once with the dataset and shared by the suite's tests on that engine.
class RegistryReportsTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        auto& registry = s_registries[GetParam()];
        if (!registry) {
            InProcessOptions options = WithEngine(GetParam());
            options.kiosks = {"kiosk-1", "kiosk-2"};
            options.config.heartbeat_interval_s = 3600;
            registry = std::make_unique<InProcessRegistry>(options);
            s_registry = registry.get();
            Load();
        }
        s_registry = registry.get();
        s_ingest_ts = s_registry->Clock().WallMs() - 60'000;  // Load() advanced the clock a minute after ingest
    }

    static void Load() {
        s_ingest_ts = s_registry->Clock().WallMs();  // the clock stands still: every request arrives at this time
        httplib::Client client(s_registry->BaseUrl());

        EventFactory factory;
        const json events = BuildDataset(factory);
        ASSERT_EQ(events.size(), 36u);
        auto res = client.Post("/v1/events", Bearer(s_registry->KioskToken()), Batch("kiosk-1", events).dump(),
                               "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        ASSERT_EQ(json::parse(res->body)["accepted"], 36) << res->body;
        auto dup = client.Post("/v1/events", Bearer(s_registry->KioskToken()), Batch("kiosk-1", json::array({events[3]})).dump(),
                               "application/json");
        ASSERT_TRUE(dup);
        ASSERT_EQ(json::parse(dup->body)["duplicates"], 1);
        const json ended = json::array(
            {factory.Make("session_ended", kT0 + kM + 8000, "aaaa0001",
                          {{"reason", "finished"}, {"duration_ms", 8000}, {"staff_assisted", false}}),
             factory.Make("session_ended", kT0 + 180 * kM + 7000, "aaaa0005",
                          {{"reason", "finished"}, {"duration_ms", 7000}, {"staff_assisted", true}})});
        auto end = client.Post("/v1/events", Bearer(s_registry->KioskToken()), Batch("kiosk-1", ended).dump(),
                               "application/json");
        ASSERT_TRUE(end);
        ASSERT_EQ(json::parse(end->body)["accepted"], 2) << end->body;

        // kiosk-2: one live heartbeat, now.
        EventFactory other;
        const json live = other.Make("heartbeat", s_ingest_ts, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}});
        auto hb = client.Post("/v1/events", Bearer(s_registry->KioskToken("kiosk-2")), Batch("kiosk-2", json::array({live})).dump(),
                              "application/json");
        ASSERT_TRUE(hb);
        ASSERT_EQ(hb->status, 200);

        // One help call for mitid-app, acknowledged by staff.
        const json request = {{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"service", "mitid-app"}};
        auto created = client.Post("/v1/help-requests", Bearer(s_registry->KioskToken()), request.dump(), "application/json");
        ASSERT_TRUE(created);
        const std::string id = json::parse(created->body)["id"];
        auto ack = client.Post("/v1/help-requests/" + id + "/ack", Bearer(s_registry->ReaderToken()), "", "application/json");
        ASSERT_TRUE(ack);
        ASSERT_EQ(ack->status, 200);
        // Reports are read a minute later (same hour): the kiosks report counts up to now, excluding now.
        s_registry->Clock().Advance(60'000);
    }
    static void TearDownTestSuite() {
        s_registry = nullptr;
        s_registries.clear();
    }

    static json GetJson(const std::string& path, int expected_status = 200) {
        httplib::Client client(s_registry->BaseUrl());
        auto res = client.Get(path, Bearer(s_registry->ReaderToken()));
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
        return json::parse(res->body);
    }
    static std::string GetText(const std::string& path) {
        httplib::Client client(s_registry->BaseUrl());
        auto res = client.Get(path, Bearer(s_registry->ReaderToken()));
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 200);
        EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
        return res->body;
    }

    static const json& Service(const json& summary, const std::string& id) {
        for (const auto& s : summary["services"]) {
            if (s["service"] == id) return s;
        }
        static const json kNone;
        ADD_FAILURE() << "no service " << id;
        return kNone;
    }
    static const json& Version(const json& service, int version) {
        for (const auto& v : service["versions"]) {
            if (v["version"] == version) return v;
        }
        static const json kNone;
        ADD_FAILURE() << "no version " << version;
        return kNone;
    }

    static std::map<Engine, std::unique_ptr<InProcessRegistry>> s_registries;
    static InProcessRegistry* s_registry;
    static int64_t s_ingest_ts;
};

std::map<Engine, std::unique_ptr<InProcessRegistry>> RegistryReportsTest::s_registries;
InProcessRegistry* RegistryReportsTest::s_registry = nullptr;
int64_t RegistryReportsTest::s_ingest_ts = 0;

INSTANTIATE_TEST_SUITE_P(Engines, RegistryReportsTest, kBothEngines, EngineName);

TEST_P(RegistryReportsTest, SummaryAllTime) {
    const json summary = GetJson("/v1/reports/summary?municipality=odder");
    EXPECT_EQ(summary["totals"], json({{"sessions", 6}, {"events", 39}, {"kiosks", 2}}));  // + kiosk-2's heartbeat

    const json& mitid = Service(summary, "mitid-app");
    EXPECT_EQ(mitid["sessions"], 4);
    EXPECT_EQ(mitid["starts"], 5);
    EXPECT_EQ(mitid["completions"], 3);
    EXPECT_EQ(mitid["abandons"], 1);
    EXPECT_DOUBLE_EQ(mitid["completion_rate"].get<double>(), 0.6);
    EXPECT_EQ(mitid["completed_sessions"], 3);      // s1, s3, s5
    EXPECT_EQ(mitid["assisted_completions"], 2);    // s3, s5
    EXPECT_EQ(mitid["unassisted_completions"], 1);  // s1
    EXPECT_DOUBLE_EQ(mitid["unassisted_completion_rate"].get<double>(), 0.25);
    EXPECT_EQ(mitid["feedback_count"], 2);
    EXPECT_DOUBLE_EQ(mitid["rating_mean"].get<double>(), 3.5);
    EXPECT_DOUBLE_EQ(mitid["task_done_share"]["yes"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(mitid["task_done_share"]["partly"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(mitid["task_done_share"]["no"].get<double>(), 0.5);
    EXPECT_EQ(mitid["help_requests"], 1);
    EXPECT_DOUBLE_EQ(mitid["staff_minutes_saved"].get<double>(), 10.0);  // 10 min × the one unassisted completion
    ASSERT_TRUE(mitid["help_ack_median_s"].is_number());
    EXPECT_GE(mitid["help_ack_median_s"].get<double>(), 0.0);
    EXPECT_LT(mitid["help_ack_median_s"].get<double>(), 10.0);

    const json& v2 = Version(mitid, 2);
    EXPECT_EQ(v2["sessions"], 3);
    EXPECT_EQ(v2["starts"], 4);
    EXPECT_EQ(v2["completions"], 2);
    EXPECT_EQ(v2["abandons"], 1);
    EXPECT_DOUBLE_EQ(v2["completion_rate"].get<double>(), 0.5);
    EXPECT_EQ(v2["completed_sessions"], 2);
    EXPECT_EQ(v2["assisted_completions"], 1);
    EXPECT_EQ(v2["unassisted_completions"], 1);
    EXPECT_NEAR(v2["unassisted_completion_rate"].get<double>(), 1.0 / 3.0, 1e-9);
    EXPECT_EQ(v2["feedback_count"], 2);
    EXPECT_DOUBLE_EQ(v2["staff_minutes_saved"].get<double>(), 10.0);
    const json& v1 = Version(mitid, 1);
    EXPECT_EQ(v1["sessions"], 1);
    EXPECT_EQ(v1["completions"], 1);
    EXPECT_DOUBLE_EQ(v1["completion_rate"].get<double>(), 1.0);
    EXPECT_EQ(v1["assisted_completions"], 1);
    EXPECT_DOUBLE_EQ(v1["unassisted_completion_rate"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(v1["staff_minutes_saved"].get<double>(), 0.0);
    EXPECT_TRUE(v1["rating_mean"].is_null());
    EXPECT_EQ(v1["help_requests"], 0);  // the help event named no version
    EXPECT_EQ(mitid["versions"].size(), 2u);

    const json& post = Service(summary, "digital-post");
    EXPECT_EQ(post["sessions"], 1);
    EXPECT_EQ(post["starts"], 1);
    EXPECT_EQ(post["completions"], 0);
    EXPECT_EQ(post["abandons"], 1);
    EXPECT_DOUBLE_EQ(post["completion_rate"].get<double>(), 0.0);
    EXPECT_EQ(post["completed_sessions"], 0);
    EXPECT_EQ(post["assisted_completions"], 0);
    EXPECT_DOUBLE_EQ(post["rating_mean"].get<double>(), 3.0);
    EXPECT_DOUBLE_EQ(post["task_done_share"]["partly"].get<double>(), 1.0);
    EXPECT_EQ(post["help_requests"], 1);
    EXPECT_TRUE(post["help_ack_median_s"].is_null());

    const json& passport = Service(summary, "nyt-pas");  // in the catalogue, no data: all zero
    EXPECT_EQ(passport["starts"], 0);
    EXPECT_TRUE(passport["versions"].empty());

    ASSERT_EQ(summary["themes"].size(), 2u);
    const json& medvirken = summary["themes"][0];
    EXPECT_EQ(medvirken["theme"], "medvirken");
    EXPECT_EQ(medvirken["services"], json({"digital-post", "mitid-app"}));
    EXPECT_EQ(medvirken["sessions"], 5);
    EXPECT_EQ(medvirken["starts"], 6);
    EXPECT_EQ(medvirken["completions"], 3);
    EXPECT_EQ(medvirken["abandons"], 2);
    EXPECT_DOUBLE_EQ(medvirken["completion_rate"].get<double>(), 0.5);
    EXPECT_EQ(medvirken["feedback_count"], 3);
    EXPECT_NEAR(medvirken["rating_mean"].get<double>(), 10.0 / 3.0, 1e-9);
    EXPECT_EQ(medvirken["help_requests"], 2);
    EXPECT_EQ(medvirken["completed_sessions"], 3);
    EXPECT_EQ(medvirken["assisted_completions"], 2);
    EXPECT_DOUBLE_EQ(medvirken["unassisted_completion_rate"].get<double>(), 0.2);
    EXPECT_DOUBLE_EQ(medvirken["staff_minutes_saved"].get<double>(), 10.0);
    EXPECT_EQ(summary["themes"][1]["theme"], "tryghed");
    EXPECT_EQ(summary["themes"][1]["starts"], 0);
}

TEST_P(RegistryReportsTest, SummaryOverRangeWithRaggedEdges) {
    // [T0+30M, T0+150M): s2 (raw edge), s3 (whole hour), s4 (raw edge).
    const json summary = GetJson("/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 30 * kM) +
                                 "&to=" + std::to_string(kT0 + 150 * kM));
    EXPECT_EQ(summary["totals"], json({{"sessions", 3}, {"events", 18}, {"kiosks", 1}}));
    const json& mitid = Service(summary, "mitid-app");
    EXPECT_EQ(mitid["sessions"], 2);
    EXPECT_EQ(mitid["completed_sessions"], 1);    // s3, in the whole hour
    EXPECT_EQ(mitid["assisted_completions"], 1);
    EXPECT_EQ(mitid["starts"], 2);
    EXPECT_EQ(mitid["completions"], 1);
    EXPECT_EQ(mitid["abandons"], 1);
    EXPECT_EQ(mitid["feedback_count"], 1);
    EXPECT_DOUBLE_EQ(mitid["rating_mean"].get<double>(), 2.0);
    EXPECT_EQ(mitid["help_requests"], 1);
    const json& post = Service(summary, "digital-post");
    EXPECT_EQ(post["starts"], 1);
    EXPECT_EQ(post["abandons"], 1);
    EXPECT_EQ(post["help_requests"], 1);

    // [T0+170M, T0+190M) holds no whole hour: s5 only, read from its session rows at the edge.
    const json edge = GetJson("/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 170 * kM) +
                              "&to=" + std::to_string(kT0 + 190 * kM));
    const json& v2 = Version(Service(edge, "mitid-app"), 2);
    EXPECT_EQ(v2["sessions"], 1);
    EXPECT_EQ(v2["completed_sessions"], 1);
    EXPECT_EQ(v2["assisted_completions"], 1);
    EXPECT_EQ(v2["unassisted_completions"], 0);
    EXPECT_DOUBLE_EQ(v2["staff_minutes_saved"].get<double>(), 0.0);
}

TEST_P(RegistryReportsTest, SummaryWithIsoDates) {
    const json day = GetJson("/v1/reports/summary?municipality=odder&from=2026-11-02&to=2026-11-02");
    EXPECT_EQ(day["totals"]["events"], 38);
    const json before = GetJson("/v1/reports/summary?municipality=odder&from=2026-11-01&to=2026-11-01");
    EXPECT_EQ(before["totals"]["events"], 0);
    const json hours = GetJson("/v1/reports/summary?municipality=odder&from=2026-11-02T11:00:00Z&to=2026-11-02T12:00:00Z");
    EXPECT_EQ(hours["totals"]["events"], 6);  // s3 only
    GetJson("/v1/reports/summary?municipality=odder&from=yesterday", 400);
}

TEST_P(RegistryReportsTest, SummaryCsv) {
    const std::string csv = GetText("/v1/reports/summary.csv?municipality=odder");
    // `against` is for side_by_side rows (versions run side by side, side_by_side_test.cpp); empty here.
    EXPECT_EQ(csv.rfind("level,theme,service,version,against,sessions,starts,completions,abandons,completion_rate,"
                        "completed_sessions,assisted_completions,unassisted_completions,unassisted_completion_rate,"
                        "feedback_count,rating_mean,task_done_yes,task_done_partly,task_done_no,help_requests,"
                        "help_ack_median_s,staff_minutes_saved,events,kiosks\r\n",
                        0),
              0u);
    EXPECT_NE(csv.find("\r\nmunicipality,,,,,6,,,,,,,,,,,,,,,,,39,2\r\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nservice,,mitid-app,,,4,5,3,1,0.6,3,2,1,0.25,2,3.5,0.5,0,0.5,1,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\nversion,,mitid-app,2,,3,4,2,1,0.5,2,1,1,0.3333,2,3.5,0.5,0,0.5,0,,10,,\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\r\ntheme,medvirken,,,,5,6,3,2,0.5,3,2,1,0.2,3,3.3333,"), std::string::npos) << csv;

    // One service: its service row and its version rows only, e.g. for the review console's export.
    const std::string one = GetText("/v1/reports/summary.csv?municipality=odder&service=mitid-app");
    EXPECT_EQ(one.rfind(csv.substr(0, csv.find("\r\n") + 2), 0), 0u) << "the same columns";
    EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), 4) << one;  // header, service, v1, v2
    EXPECT_NE(one.find("\r\nservice,,mitid-app,,,4,5,3,1,0.6,3,2,1,0.25,2,3.5,0.5,0,0.5,1,"), std::string::npos) << one;
    EXPECT_NE(one.find("\r\nversion,,mitid-app,1,,1,1,1,0,1,1,1,0,0,0,,0,0,0,0,,0,,\r\n"), std::string::npos) << one;
    EXPECT_NE(one.find("\r\nversion,,mitid-app,2,,3,4,2,1,0.5,2,1,1,0.3333,2,3.5,0.5,0,0.5,0,,10,,\r\n"), std::string::npos) << one;
    const json summary = GetJson("/v1/reports/summary?municipality=odder&service=digital-post");
    ASSERT_EQ(summary["services"].size(), 1u);
    EXPECT_EQ(summary["services"][0]["service"], "digital-post");
    EXPECT_TRUE(summary["themes"].empty());
    GetJson("/v1/reports/summary?municipality=odder&service=no-such-service", 404);
}

TEST_P(RegistryReportsTest, Funnel) {
    const json funnel = GetJson("/v1/reports/funnel?municipality=odder&service=mitid-app&version=2");
    EXPECT_EQ(funnel["steps_total"], 3);
    EXPECT_EQ(funnel["completions"], 2);
    EXPECT_EQ(funnel["completed_sessions"], 2);
    EXPECT_EQ(funnel["assisted_completed_sessions"], 1);  // s5
    ASSERT_EQ(funnel["steps"].size(), 3u);
    EXPECT_EQ(funnel["steps"][0], json({{"step", 0},
                                        {"title", {{"da", "Det skal du bruge"}, {"en", "What you need"}, {"nb", "Dette trenger du"}}},
                                        {"views", 3},
                                        {"abandons", 0},
                                        {"drop_off", 0.0}}));
    EXPECT_EQ(funnel["steps"][2]["title"]["en"], "Scan your passport");
    EXPECT_EQ(funnel["steps"][1]["views"], 3);
    EXPECT_EQ(funnel["steps"][1]["abandons"], 1);
    EXPECT_NEAR(funnel["steps"][1]["drop_off"].get<double>(), 1.0 / 3.0, 1e-9);
    EXPECT_EQ(funnel["steps"][2]["views"], 2);
    EXPECT_DOUBLE_EQ(funnel["steps"][2]["drop_off"].get<double>(), 0.0);

    // No version: the catalogue's current version (2).
    EXPECT_EQ(GetJson("/v1/reports/funnel?municipality=odder&service=mitid-app")["steps"], funnel["steps"]);
    // Version 1 is not the catalogue's: its steps may have had other titles, so none are given.
    const json v1 = GetJson("/v1/reports/funnel?municipality=odder&service=mitid-app&version=1");
    ASSERT_EQ(v1["steps"].size(), 1u);
    EXPECT_TRUE(v1["steps"][0]["title"].is_null());
    EXPECT_EQ(GetText("/v1/reports/funnel.csv?municipality=odder&service=mitid-app&version=2"),
              "step,title,views,abandons,drop_off\r\n0,What you need,3,0,0\r\n1,Get the app,3,1,0.3333\r\n"
              "2,Scan your passport,2,0,0\r\n");

    const json post = GetJson("/v1/reports/funnel?municipality=odder&service=digital-post&version=1");
    ASSERT_EQ(post["steps"].size(), 2u);
    EXPECT_EQ(post["steps"][0], json({{"step", 0}, {"title", nullptr}, {"views", 1}, {"abandons", 1}, {"drop_off", 1.0}}));
    EXPECT_EQ(post["steps"][1], json({{"step", 1}, {"title", nullptr}, {"views", 0}, {"abandons", 0}, {"drop_off", 0.0}}));

    EXPECT_EQ(GetText("/v1/reports/funnel.csv?municipality=odder&service=digital-post&version=1"),
              "step,title,views,abandons,drop_off\r\n0,,1,1,1\r\n1,,0,0,0\r\n");
    GetJson("/v1/reports/funnel?municipality=odder", 400);
    GetJson("/v1/reports/funnel?municipality=odder&service=mitid-app&version=x", 400);
}

TEST_P(RegistryReportsTest, FeedbackIsScrubbed) {
    const json feedback = GetJson("/v1/reports/feedback?municipality=odder&service=mitid-app");
    ASSERT_EQ(feedback["feedback"].size(), 2u);
    EXPECT_EQ(feedback["feedback"][0]["rating"], 5);
    EXPECT_EQ(feedback["feedback"][0]["version"], 2);
    EXPECT_EQ(feedback["feedback"][0]["task_done"], "yes");
    EXPECT_EQ(feedback["feedback"][0]["comment"], "Ring [tal] eller skriv til [email]");
    EXPECT_EQ(feedback["feedback"][1]["rating"], 2);
    const std::string csv = GetText("/v1/reports/feedback.csv?municipality=odder&service=mitid-app");
    EXPECT_EQ(csv,
              "ts,service,version,rating,task_done,lang,comment\r\n" + std::to_string(kT0 + kM + 7000) +
                  ",mitid-app,2,5,yes,da,Ring [tal] eller skriv til [email]\r\n" +
                  std::to_string(kT0 + 40 * kM + 5000) + ",mitid-app,2,2,no,da,\r\n");
}

TEST_P(RegistryReportsTest, Kiosks) {
    const json report = GetJson("/v1/reports/kiosks?municipality=odder");
    ASSERT_EQ(report["kiosks"].size(), 2u);
    const json& k1 = report["kiosks"][0];
    EXPECT_EQ(k1["kiosk_id"], "kiosk-1");
    EXPECT_EQ(k1["events_received"], 38);
    EXPECT_EQ(k1["max_seq"], 40);
    EXPECT_EQ(k1["missing_seq"], 2);
    EXPECT_EQ(k1["backlog"], 3);  // from the latest heartbeat, not the last one sent
    EXPECT_EQ(k1["dropped"], 2);  // the kiosk's own count of what it lost, beside missing_seq
    EXPECT_EQ(k1["last_seen_ts"].get<int64_t>(), s_ingest_ts);
    EXPECT_DOUBLE_EQ(k1["connected_share"].get<double>(), 0.0);  // its heartbeats came late (old ts)

    const json& k2 = report["kiosks"][1];
    EXPECT_EQ(k2["kiosk_id"], "kiosk-2");
    EXPECT_EQ(k2["events_received"], 1);
    EXPECT_EQ(k2["missing_seq"], 0);
    EXPECT_EQ(k2["backlog"], 0);
    EXPECT_EQ(k2["dropped"], 0);
    // One live heartbeat in the hour-long slot it was created in, which is the only slot up to now.
    EXPECT_DOUBLE_EQ(k2["connected_share"].get<double>(), 1.0);

    const std::string csv = GetText("/v1/reports/kiosks.csv?municipality=odder");
    EXPECT_EQ(csv.rfind("kiosk_id,last_seen_ts,backlog,connected_share,events_received,max_seq,missing_seq,dropped,"
                        "content_release,content_error\r\n", 0), 0u);
    EXPECT_NE(csv.find(",3,0,38,40,2,2,,\r\n"), std::string::npos) << csv;  // no fleet release, no refusal
}

// A kiosk that was offline for two days uploads its backlog while other kiosks send current events: the
// late events, in small batches and newest first (sessions split over batches, a session's end and its
// staff_assisted before its guide rows), give exactly the numbers of the same events sent on time.
class RegistryLateBacklogTest : public ::testing::TestWithParam<Engine> {};
INSTANTIATE_TEST_SUITE_P(Engines, RegistryLateBacklogTest, kBothEngines, EngineName);

TEST_P(RegistryLateBacklogTest, ReportsCountALateBacklogAsEventsSentOnTime) {
    EventFactory factory;
    const json events = BuildDataset(factory);
    const json ended = json::array(
        {factory.Make("session_ended", kT0 + kM + 8000, "aaaa0001",
                      {{"reason", "finished"}, {"duration_ms", 8000}, {"staff_assisted", false}}),
         factory.Make("session_ended", kT0 + 180 * kM + 7000, "aaaa0005",
                      {{"reason", "finished"}, {"duration_ms", 7000}, {"staff_assisted", true}})});
    InProcessOptions options = WithEngine(GetParam());
    options.config.heartbeat_interval_s = 3600;
    options.wall_start_ms = kT0 + 2 * 86'400'000 + 30 * kM;  // two days after the dataset
    auto post = [](InProcessRegistry& registry, const std::string& token, const std::string& kiosk, const json& batch) {
        httplib::Client client(registry.BaseUrl());
        auto res = client.Post("/v1/events", Bearer(token), Batch(kiosk, batch).dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        ASSERT_EQ(json::parse(res->body)["accepted"], batch.size()) << res->body;
    };
    auto reports = [](InProcessRegistry& registry) {
        httplib::Client client(registry.BaseUrl());
        json out;
        const std::vector<std::string> paths = {
             "/v1/reports/summary?municipality=odder",
              "/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 30 * kM) + "&to=" + std::to_string(kT0 + 150 * kM),
              "/v1/reports/summary?municipality=odder&from=" + std::to_string(kT0 + 170 * kM) + "&to=" + std::to_string(kT0 + 190 * kM),
              "/v1/reports/funnel?municipality=odder&service=mitid-app&version=2",
              "/v1/reports/funnel?municipality=odder&service=mitid-app&version=1",
              "/v1/reports/funnel?municipality=odder&service=digital-post&version=1",
              "/v1/reports/feedback?municipality=odder&service=mitid-app",
              "/v1/reports/kiosks?municipality=odder"};
        for (const std::string& path : paths) {
            auto res = client.Get(path, Bearer(registry.ReaderToken()));
            EXPECT_TRUE(res && res->status == 200) << path;
            if (res) out[path] = json::parse(res->body);
        }
        return out;
    };

    InProcessRegistry on_time(options);
    post(on_time, on_time.KioskToken(), "kiosk-1", events);
    post(on_time, on_time.KioskToken(), "kiosk-1", ended);

    InProcessRegistry late(options);
    const std::string current_kiosk = late.AddKiosk("esbjerg", "esbjerg-1");
    EventFactory current;
    const int64_t now = late.Clock().WallMs();
    for (int i = 0; i < 3; ++i) {
        post(late, current_kiosk, "esbjerg-1",
             json::array({current.Guide("guide_opened", now - 1000 + i, "cccc000" + std::to_string(i), "mitid-app", 2),
                          current.Make("heartbeat", now - 1000 + i, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}})}));
    }
    json backlog = events;
    for (const auto& event : ended) backlog.push_back(event);
    std::reverse(backlog.begin(), backlog.end());
    for (std::size_t i = 0; i < backlog.size(); i += 5) {
        json batch = json::array();
        for (std::size_t j = i; j < std::min(backlog.size(), i + 5); ++j) batch.push_back(backlog[j]);
        post(late, late.KioskToken(), "kiosk-1", batch);
        // Other kiosks keep sending current events between the backlog's batches.
        post(late, current_kiosk, "esbjerg-1",
             json::array({current.Guide("step_viewed", now + static_cast<int64_t>(i), "cccc0000", "mitid-app", 2, 0,
                                        {{"steps_total", 3}})}));
    }

    const json expected = reports(on_time);
    const json actual = reports(late);
    // The hand-checked numbers of RegistryReportsTest, so both cannot be wrong alike.
    const json& totals = expected["/v1/reports/summary?municipality=odder"]["totals"];
    EXPECT_EQ(totals, json({{"sessions", 6}, {"events", 38}, {"kiosks", 1}}));
    EXPECT_EQ(expected["/v1/reports/funnel?municipality=odder&service=mitid-app&version=2"]["assisted_completed_sessions"], 1);
    for (const auto& [path, report] : expected.items()) EXPECT_EQ(actual[path], report) << path;
}

}  // namespace
}  // namespace bk::test
