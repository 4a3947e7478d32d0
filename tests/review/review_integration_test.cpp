// The review console's report client against a real registry-stub, seeded with a known dataset through
// POST /v1/events (kiosk token, schema-valid events with UUIDv7 ids). Every expected number is worked out
// by hand below.
//
// Dataset (odder, kiosk-1, all two days ago; mitid-app saves 10 staff minutes per completion):
//   mitid-app v2, 3 steps:
//     b1 steps 0 1 2, completed, feedback 4 yes "Fint"
//     b2 steps 0 1, abandoned at 1, feedback 2 no "QR-koden var svær"
//     b3 step 0, abandoned at 0, feedback 1 no (no comment)
//     b4 steps 0 1 2, completed
//     -> starts 4, completions 2, rate 0.5, rating (4+2+1)/3 = 2.333, minutes 20
//     -> funnel views 4 3 2, completed 2, drop-off (4-3)/4 = 0.25, (3-2)/4 = 0.25, (2-2)/4 = 0
//   mitid-app v3, 3 steps:
//     c1 steps 0 1 2, completed, feedback 5 yes "Meget lettere med QR nu"
//     c2 steps 0 1 2, completed, feedback 4 partly "ok"
//     c3 steps 0 1 2, help_requested (v3), abandoned at 2
//     -> starts 3, completions 2, rate 2/3, rating 4.5, help 1, minutes 20
//     -> funnel views 3 3 3, completed 2, drop-off at step 2 = 1/3
//   one heartbeat, backlog 4. Totals: 7 sessions. One help call (POST /v1/help-requests) acknowledged.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "registry/registry_test_util.h"
#include "registry_fixture.h"
#include "review/report_client.h"

namespace bk::review {
namespace {

using bk::test::Batch;
using bk::test::Bearer;
using bk::test::EventFactory;
using bk::test::json;
using bk::test::RegistryFixture;

Millis NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class ReviewIntegration : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        registry = new RegistryFixture();
        Seed();
    }
    static void TearDownTestSuite() {
        delete registry;
        registry = nullptr;
    }

    static void Guide(json& e, EventFactory& f, Millis& t, const std::string& session, int version, int last_step, bool completed,
                      int abandoned_at = -1) {
        e.push_back(f.Guide("guide_opened", t += 1000, session, "mitid-app", version));
        for (int step = 0; step <= last_step; ++step)
            e.push_back(f.Guide("step_viewed", t += 1000, session, "mitid-app", version, step, {{"steps_total", 3}}));
        if (completed)
            e.push_back(f.Guide("guide_completed", t += 1000, session, "mitid-app", version, -1, {{"duration_ms", 4000}, {"steps_total", 3}}));
        if (abandoned_at >= 0)
            e.push_back(f.Guide("guide_abandoned", t += 1000, session, "mitid-app", version, abandoned_at,
                                {{"reason", "idle"}, {"steps_total", 3}}));
    }
    static void Feedback(json& e, EventFactory& f, Millis& t, const std::string& session, int version, int rating, const char* task,
                         const char* comment) {
        json data = {{"rating", rating}, {"task_done", task}, {"reasons", json::array()}};
        if (comment) data["comment"] = comment;
        e.push_back(f.Guide("feedback_submitted", t += 1000, session, "mitid-app", version, -1, data));
    }

    static void Seed() {
        EventFactory f;
        json e = json::array();
        Millis t = NowMs() - 2 * 86'400'000LL;
        Guide(e, f, t, "b0000001", 2, 2, true);
        Feedback(e, f, t, "b0000001", 2, 4, "yes", "Fint");
        Guide(e, f, t, "b0000002", 2, 1, false, 1);
        Feedback(e, f, t, "b0000002", 2, 2, "no", "QR-koden var svær");
        Guide(e, f, t, "b0000003", 2, 0, false, 0);
        Feedback(e, f, t, "b0000003", 2, 1, "no", nullptr);
        Guide(e, f, t, "b0000004", 2, 2, true);
        Guide(e, f, t, "c0000001", 3, 2, true);
        Feedback(e, f, t, "c0000001", 3, 5, "yes", "Meget lettere med QR nu");
        Guide(e, f, t, "c0000002", 3, 2, true);
        Feedback(e, f, t, "c0000002", 3, 4, "partly", "ok");
        Guide(e, f, t, "c0000003", 3, 2, false);
        e.push_back(f.Guide("help_requested", t += 1000, "c0000003", "mitid-app", 3, -1, {{"screen", "guide"}}));
        e.push_back(f.Guide("guide_abandoned", t += 1000, "c0000003", "mitid-app", 3, 2, {{"reason", "help"}, {"steps_total", 3}}));
        e.push_back(f.Make("heartbeat", t += 1000, "", {{"backlog", 4}, {"last_upload_ts", nullptr}, {"dropped", 0}}));
        event_count = static_cast<std::int64_t>(e.size());

        httplib::Client client(registry->BaseUrl());
        auto res = client.Post("/v1/events", Bearer(registry->KioskToken()), Batch("kiosk-1", e).dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        const json answer = json::parse(res->body);
        ASSERT_EQ(answer["accepted"], event_count) << res->body;

        // One help call, acknowledged by staff.
        res = client.Post("/v1/help-requests", Bearer(registry->KioskToken()),
                          json{{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"service", "mitid-app"}}.dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 201) << res->body;
        const std::string id = json::parse(res->body)["id"];
        res = client.Post(("/v1/help-requests/" + id + "/ack").c_str(), Bearer(registry->ReaderToken()), "", "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
    }

    ClientConfig Config() const {
        ClientConfig c;
        c.base_url = registry->BaseUrl();
        c.token = registry->ReaderToken();
        c.export_dir = registry->Dir();
        return c;
    }

    static RegistryFixture* registry;
    static std::int64_t event_count;
};

RegistryFixture* ReviewIntegration::registry = nullptr;
std::int64_t ReviewIntegration::event_count = 0;

TEST_F(ReviewIntegration, SummaryAndDeltaMatchTheDataset) {
    int wakes = 0;
    ReportClient client(Config(), [&] { ++wakes; });
    client.FetchSummary(RangeFor(Period::Last7Days, NowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.summary.state, FetchState::Ready) << s.summary.error;
    EXPECT_EQ(s.municipality, "odder");  // asked from the registry: no --municipality given
    EXPECT_GT(wakes, 0);
    const Summary& summary = s.summary.data;
    EXPECT_EQ(summary.total_sessions, 7);
    EXPECT_EQ(summary.total_kiosks, 1);
    EXPECT_EQ(summary.total_events, event_count);
    const ServiceSummary* mitid = summary.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    EXPECT_EQ(mitid->title, "The MitID app");
    ASSERT_EQ(mitid->versions.size(), 2u);
    const Metrics& v2 = mitid->FindVersion(2)->metrics;
    const Metrics& v3 = mitid->FindVersion(3)->metrics;
    EXPECT_EQ(v2.starts, 4);
    EXPECT_EQ(v2.completions, 2);
    EXPECT_DOUBLE_EQ(v2.completion_rate, 0.5);
    EXPECT_NEAR(*v2.rating_mean, 7.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(v2.staff_minutes_saved, 20);
    EXPECT_EQ(v3.starts, 3);
    EXPECT_EQ(v3.completions, 2);
    EXPECT_NEAR(v3.completion_rate, 2.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(*v3.rating_mean, 4.5);
    EXPECT_EQ(v3.help_requests, 1);
    EXPECT_DOUBLE_EQ(v3.task_yes, 0.5);
    EXPECT_DOUBLE_EQ(v3.task_partly, 0.5);
    EXPECT_EQ(mitid->metrics.starts, 7);
    EXPECT_DOUBLE_EQ(mitid->metrics.staff_minutes_saved, 40);

    const auto delta = LatestDelta(*mitid);
    ASSERT_TRUE(delta);
    EXPECT_EQ(delta->newer, 3);
    EXPECT_EQ(delta->older, 2);
    EXPECT_NEAR(delta->completion_diff, 2.0 / 3.0 - 0.5, 1e-9);
    EXPECT_NEAR(*delta->rating_diff, 4.5 - 7.0 / 3.0, 1e-9);
    EXPECT_EQ(delta->verdict, Verdict::TooLittleData);  // 3 and 4 starts: honest about it

    // The theme from the strategy lists the service.
    bool found = false;
    for (const auto& theme : summary.themes)
        if (theme.id == "medvirken") {
            found = true;
            EXPECT_EQ(theme.name, "Participation");
            EXPECT_EQ(theme.metrics.starts, 7);
        }
    EXPECT_TRUE(found);
}

TEST_F(ReviewIntegration, ServiceDetailFunnelsCommentsHelpCalls) {
    ReportClient client(Config(), nullptr);
    client.FetchService("mitid-app", {2, 3}, RangeFor(Period::Last30Days, NowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.service.state, FetchState::Ready) << s.service.error;
    const ServiceDetail& d = s.service.data;
    EXPECT_EQ(d.service, "mitid-app");
    const Funnel* f2 = d.FindFunnel(2);
    const Funnel* f3 = d.FindFunnel(3);
    ASSERT_TRUE(f2 && f3);
    ASSERT_EQ(f2->steps.size(), 3u);
    EXPECT_EQ(f2->steps[0].views, 4);
    EXPECT_EQ(f2->steps[1].views, 3);
    EXPECT_EQ(f2->steps[2].views, 2);
    EXPECT_DOUBLE_EQ(f2->steps[0].drop_off, 0.25);
    EXPECT_DOUBLE_EQ(f2->steps[1].drop_off, 0.25);
    EXPECT_DOUBLE_EQ(f2->steps[2].drop_off, 0.0);
    EXPECT_EQ(f2->completed_sessions, 2);
    ASSERT_EQ(f3->steps.size(), 3u);
    EXPECT_EQ(f3->steps[2].views, 3);
    EXPECT_NEAR(f3->steps[2].drop_off, 1.0 / 3.0, 1e-9);

    ASSERT_EQ(d.feedback.size(), 5u);
    EXPECT_EQ(RatingCounts(d.feedback, 2), (std::array<std::int64_t, 5>{1, 1, 0, 1, 0}));
    EXPECT_EQ(RatingCounts(d.feedback, 3), (std::array<std::int64_t, 5>{0, 0, 0, 1, 1}));
    CommentFilter filter;
    filter.text = "qr";
    const auto qr = FilterComments(d.feedback, filter);
    ASSERT_EQ(qr.size(), 2u);
    EXPECT_EQ(qr[0].comment, "Meget lettere med QR nu");  // newest first
    EXPECT_EQ(qr[1].comment, "QR-koden var svær");
    filter.version = 2;
    EXPECT_EQ(FilterComments(d.feedback, filter).size(), 1u);

    ASSERT_EQ(d.help_calls.size(), 1u);
    const ResponseTimes t = HelpResponseTimes(d.help_calls);
    EXPECT_EQ(t.acknowledged, 1);
    EXPECT_EQ(t.open, 0);
    ASSERT_TRUE(t.median_s.has_value());
    EXPECT_GE(*t.median_s, 0.0);
    EXPECT_LT(*t.median_s, 60.0);
}

TEST_F(ReviewIntegration, KioskFleet) {
    ReportClient client(Config(), nullptr);
    client.FetchKiosks(RangeFor(Period::Last7Days, NowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.kiosks.state, FetchState::Ready) << s.kiosks.error;
    ASSERT_EQ(s.kiosks.data.kiosks.size(), 1u);
    const KioskHealth& k = s.kiosks.data.kiosks[0];
    EXPECT_EQ(k.id, "kiosk-1");
    EXPECT_EQ(k.backlog, 4);
    EXPECT_EQ(k.events_received, event_count);
    EXPECT_EQ(k.max_seq, event_count);
    EXPECT_EQ(k.missing_seq, 0);
    ASSERT_TRUE(k.last_seen_ts.has_value());
    EXPECT_LT(NowMs() - *k.last_seen_ts, 5 * 60'000);
}

TEST_F(ReviewIntegration, ExportWritesTheRegistrysCsv) {
    ReportClient client(Config(), nullptr);
    ExportRequest request;
    request.kind = ExportKind::Feedback;
    request.service = "mitid-app";
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    Snapshot s = client.Take();
    ASSERT_EQ(s.exported.state, FetchState::Ready) << s.exported.error;
    EXPECT_EQ(s.exported.data.rows, 5);
    EXPECT_TRUE(std::filesystem::path(s.exported.data.path).is_absolute());
    std::ifstream in(s.exported.data.path);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "ts,service,version,rating,task_done,lang,comment\r");

    request = {};
    request.kind = ExportKind::Summary;
    request.path = registry->Dir() + "/chosen/summary.csv";
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    s = client.Take();
    ASSERT_EQ(s.exported.state, FetchState::Ready) << s.exported.error;
    EXPECT_EQ(s.exported.data.path, request.path);
    EXPECT_TRUE(std::filesystem::exists(request.path));
}

TEST(ReviewClientErrors, UnreachableRegistryFailsWithAClearMessage) {
    ClientConfig c;
    c.base_url = "http://127.0.0.1:1";  // nothing listens on port 1
    c.token = std::string(64, 'a');
    ReportClient client(c, nullptr);
    client.FetchSummary({});
    client.FetchKiosks({});
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    EXPECT_EQ(s.summary.state, FetchState::Failed);
    EXPECT_NE(s.summary.error.find("cannot reach the registry at http://127.0.0.1:1"), std::string::npos) << s.summary.error;
    EXPECT_EQ(s.kiosks.state, FetchState::Failed);
}

TEST_F(ReviewIntegration, WrongTokenSays401) {
    ClientConfig c = Config();
    c.token = std::string(64, 'b');
    ReportClient client(c, nullptr);
    client.FetchSummary({});
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    EXPECT_EQ(s.summary.state, FetchState::Failed);
    EXPECT_NE(s.summary.error.find("refused the token (401"), std::string::npos) << s.summary.error;
}

}  // namespace
}  // namespace bk::review
