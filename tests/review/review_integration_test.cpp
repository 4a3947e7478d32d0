// The review console's report client against a real registry-stub, seeded with a known dataset through
// POST /v1/events (kiosk token, schema-valid events with UUIDv7 ids). Every expected number is worked out
// by hand below.
//
// Dataset (odder, kiosk-1, all two days ago; mitid-app saves 10 staff minutes per completion without staff
// help; "ended assisted" = a session_ended event with data.staff_assisted true, i.e. staff mode was opened):
//   mitid-app v2, 3 steps:
//     b1 steps 0 1 2, completed, feedback 4 yes "Fint"; ended staff_assisted false
//     b2 steps 0 1, abandoned at 1, feedback 2 no "QR-koden var svær"; ended assisted (helped, did not finish)
//     b3 step 0, abandoned at 0, feedback 1 no (no comment); no session_ended
//     b4 steps 0 1 2, completed; ended assisted
//     -> sessions 4, starts 4, completions 2, rate 0.5, rating (4+2+1)/3 = 2.333
//     -> completed_sessions 2 (b1 b4), assisted 1 (b4), unassisted 1 (b1), unassisted rate 1/4 = 0.25,
//        minutes 1 x 10 = 10
//     -> funnel views 4 3 2, completed 2, drop-off (4-3)/4 = 0.25, (3-2)/4 = 0.25, (2-2)/4 = 0
//   mitid-app v3, 3 steps:
//     c1 steps 0 1 2, completed, feedback 5 yes "Meget lettere med QR nu"; ended without a staff_assisted
//        field (not assisted)
//     c2 steps 0 1 2, completed, feedback 4 partly "ok", then opens and completes the guide a second time;
//        ended staff_assisted false
//     c3 steps 0 1 2, help_requested (v3), abandoned at 2; ended assisted (helped, did not finish)
//     c4 steps 0 1 2, completed; ended assisted
//     -> sessions 4, starts 5, completions 4, rate 4/5 = 0.8, rating 4.5, help 1
//     -> completed_sessions 3 (c1 c2 c4; c2 once), assisted 1 (c4), unassisted 2 (c1 c2), unassisted rate
//        2/4 = 0.5, minutes 2 x 10 = 20
//     -> funnel views 4 4 4, completed 3, drop-off at step 2 = (4-3)/4 = 0.25
//   mitid-app (and theme medvirken, whose other service digital-post has no data): sessions 8, starts 9,
//     completions 6, completed_sessions 5, assisted 2, unassisted 3, unassisted rate 3/8 = 0.375, minutes 30.
//   one heartbeat, backlog 4. Totals: 8 sessions. One help call (POST /v1/help-requests) acknowledged.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "registry/registry_test_util.h"
#include "registry_fixture.h"
#include "review/report_client.h"
#include "shared/clock.h"

namespace bk::review {
namespace {

const Texts& English() { return Texts::For("en"); }

using bk::test::Batch;
using bk::test::Bearer;
using bk::test::EventFactory;
using bk::test::json;
using bk::test::RegistryFixture;

// A CSV file of ids and numbers (no quoted cells) as rows of cells; lines end in CRLF.
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    EXPECT_EQ(text.find('"'), std::string::npos) << "quoted cells in " << path;
    std::vector<std::vector<std::string>> rows;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find("\r\n", start);
        EXPECT_NE(end, std::string::npos) << "a line without CRLF in " << path;
        if (end == std::string::npos) end = text.size();
        std::vector<std::string> cells;
        const std::string line = text.substr(start, end - start);
        for (std::size_t from = 0;;) {
            const std::size_t comma = line.find(',', from);
            cells.push_back(line.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        rows.push_back(std::move(cells));
        start = end + 2;
    }
    return rows;
}

// The cells of the first data row whose named columns have the given values, by column name ({} if none).
std::map<std::string, std::string> FindRow(const std::vector<std::vector<std::string>>& csv,
                                           const std::map<std::string, std::string>& match) {
    if (csv.empty()) return {};
    for (std::size_t r = 1; r < csv.size(); ++r) {
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < csv[0].size() && c < csv[r].size(); ++c) row[csv[0][c]] = csv[r][c];
        bool ok = true;
        for (const auto& [column, value] : match) ok = ok && row.count(column) && row[column] == value;
        if (ok) return row;
    }
    return {};
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
    // The kiosk's last event of a visit; staff_assisted: none = an older kiosk that does not send the field.
    static void Ended(json& e, EventFactory& f, Millis& t, const std::string& session, std::optional<bool> staff_assisted) {
        json data = {{"reason", staff_assisted.value_or(false) ? "staff" : "finished"}, {"duration_ms", 60'000}};
        if (staff_assisted) data["staff_assisted"] = *staff_assisted;
        e.push_back(f.Make("session_ended", t += 1000, session, data));
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
        Millis t = bk::WallNowMs() - 2 * 86'400'000LL;
        Guide(e, f, t, "b0000001", 2, 2, true);
        Feedback(e, f, t, "b0000001", 2, 4, "yes", "Fint");
        Ended(e, f, t, "b0000001", false);
        Guide(e, f, t, "b0000002", 2, 1, false, 1);
        Feedback(e, f, t, "b0000002", 2, 2, "no", "QR-koden var svær");
        Ended(e, f, t, "b0000002", true);
        Guide(e, f, t, "b0000003", 2, 0, false, 0);
        Feedback(e, f, t, "b0000003", 2, 1, "no", nullptr);
        Guide(e, f, t, "b0000004", 2, 2, true);
        Ended(e, f, t, "b0000004", true);
        Guide(e, f, t, "c0000001", 3, 2, true);
        Feedback(e, f, t, "c0000001", 3, 5, "yes", "Meget lettere med QR nu");
        Ended(e, f, t, "c0000001", std::nullopt);
        Guide(e, f, t, "c0000002", 3, 2, true);
        Feedback(e, f, t, "c0000002", 3, 4, "partly", "ok");
        Guide(e, f, t, "c0000002", 3, 2, true);  // the same citizen runs the guide again
        Ended(e, f, t, "c0000002", false);
        Guide(e, f, t, "c0000003", 3, 2, false);
        e.push_back(f.Guide("help_requested", t += 1000, "c0000003", "mitid-app", 3, -1, {{"screen", "guide"}}));
        e.push_back(f.Guide("guide_abandoned", t += 1000, "c0000003", "mitid-app", 3, 2, {{"reason", "help"}, {"steps_total", 3}}));
        Ended(e, f, t, "c0000003", true);
        Guide(e, f, t, "c0000004", 3, 2, true);
        Ended(e, f, t, "c0000004", true);
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
    client.FetchSummary(RangeFor(Period::Last7Days, bk::WallNowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.summary.state, FetchState::Ready) << s.summary.error;
    EXPECT_EQ(s.municipality, "odder");  // asked from the registry: no --municipality given
    EXPECT_GT(wakes, 0);
    const Summary& summary = s.summary.data;
    EXPECT_EQ(summary.total_sessions, 8);
    EXPECT_EQ(summary.total_kiosks, 1);
    EXPECT_EQ(summary.total_events, event_count);
    const ServiceSummary* mitid = summary.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    EXPECT_EQ(mitid->title, "The MitID app");
    ASSERT_EQ(mitid->versions.size(), 2u);
    const Metrics& v2 = mitid->FindVersion(2)->metrics;
    const Metrics& v3 = mitid->FindVersion(3)->metrics;
    EXPECT_EQ(v2.sessions, 4);
    EXPECT_EQ(v2.starts, 4);
    EXPECT_EQ(v2.completions, 2);
    EXPECT_DOUBLE_EQ(v2.completion_rate, 0.5);
    EXPECT_EQ(v2.completed_sessions, 2);        // b1 b4
    EXPECT_EQ(v2.assisted_completions, 1);      // b4 (b2 was helped but did not finish)
    EXPECT_EQ(v2.unassisted_completions, 1);    // b1
    EXPECT_DOUBLE_EQ(v2.unassisted_completion_rate, 0.25);  // 1 / 4
    EXPECT_NEAR(*v2.rating_mean, 7.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(v2.staff_minutes_saved, 10);            // unassisted only: 1 x 10
    EXPECT_EQ(v3.sessions, 4);
    EXPECT_EQ(v3.starts, 5);                    // c2 opened the guide twice
    EXPECT_EQ(v3.completions, 4);
    EXPECT_DOUBLE_EQ(v3.completion_rate, 0.8);
    EXPECT_EQ(v3.completed_sessions, 3);        // c1 c2 c4; c2 counts once
    EXPECT_EQ(v3.assisted_completions, 1);      // c4 (c3 was helped but did not finish)
    EXPECT_EQ(v3.unassisted_completions, 2);    // c1 (no staff_assisted field) and c2
    EXPECT_DOUBLE_EQ(v3.unassisted_completion_rate, 0.5);   // 2 / 4
    EXPECT_DOUBLE_EQ(v3.staff_minutes_saved, 20);            // 2 x 10
    EXPECT_DOUBLE_EQ(*v3.rating_mean, 4.5);
    EXPECT_EQ(v3.help_requests, 1);
    EXPECT_DOUBLE_EQ(v3.task_yes, 0.5);
    EXPECT_DOUBLE_EQ(v3.task_partly, 0.5);
    EXPECT_EQ(mitid->metrics.sessions, 8);
    EXPECT_EQ(mitid->metrics.starts, 9);
    EXPECT_EQ(mitid->metrics.completed_sessions, 5);
    EXPECT_EQ(mitid->metrics.assisted_completions, 2);
    EXPECT_EQ(mitid->metrics.unassisted_completions, 3);
    EXPECT_DOUBLE_EQ(mitid->metrics.unassisted_completion_rate, 0.375);  // 3 / 8
    EXPECT_DOUBLE_EQ(mitid->metrics.staff_minutes_saved, 30);

    const auto delta = LatestDelta(*mitid);
    ASSERT_TRUE(delta);
    EXPECT_EQ(delta->newer, 3);
    EXPECT_EQ(delta->older, 2);
    EXPECT_EQ(delta->sessions_newer, 4);
    EXPECT_EQ(delta->sessions_older, 4);
    EXPECT_NEAR(delta->unassisted_rate_diff, 0.5 - 0.25, 1e-9);
    EXPECT_EQ(delta->assisted_newer, 1);
    EXPECT_EQ(delta->assisted_older, 1);
    EXPECT_NEAR(delta->assisted_share_diff, 0.0, 1e-9);  // 1/4 in both
    EXPECT_NEAR(delta->completion_diff, 3.0 / 4 - 2.0 / 4, 1e-9);  // completed sessions of sessions
    EXPECT_FALSE(delta->rise_from_staff_help);
    // Pooled p = (2 + 1) / 8 = 0.375; se = sqrt(0.375 * 0.625 * (1/4 + 1/4)) = sqrt(0.1171875); z = 0.25 / se.
    ASSERT_TRUE(delta->unassisted_z.has_value());
    EXPECT_NEAR(*delta->unassisted_z, 0.25 / std::sqrt(0.1171875), 1e-9);
    EXPECT_NEAR(*delta->rating_diff, 4.5 - 7.0 / 3.0, 1e-9);
    EXPECT_EQ(delta->verdict, Verdict::TooLittleData);  // 4 sessions per version: honest about it
    EXPECT_EQ(DeltaLine(*delta, English()), "v3 vs v2: +25 pts without staff help, +2.17 rating (too little data)");

    // The theme from the strategy lists the service.
    bool found = false;
    for (const auto& theme : summary.themes)
        if (theme.id == "medvirken") {
            found = true;
            EXPECT_EQ(theme.name, "Participation");
            EXPECT_EQ(theme.metrics.sessions, 8);
            EXPECT_EQ(theme.metrics.starts, 9);
            EXPECT_EQ(theme.metrics.completed_sessions, 5);
            EXPECT_EQ(theme.metrics.assisted_completions, 2);
            EXPECT_EQ(theme.metrics.unassisted_completions, 3);
            EXPECT_DOUBLE_EQ(theme.metrics.unassisted_completion_rate, 0.375);
            EXPECT_DOUBLE_EQ(theme.metrics.staff_minutes_saved, 30);
        }
    EXPECT_TRUE(found);
}

TEST_F(ReviewIntegration, ServiceDetailFunnelsCommentsHelpCalls) {
    ReportClient client(Config(), nullptr);
    client.FetchService("mitid-app", {2, 3}, RangeFor(Period::Last30Days, bk::WallNowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.service.state, FetchState::Ready) << s.service.error;
    const ServiceDetail& d = s.service.data;
    EXPECT_EQ(d.service, "mitid-app");
    // The registry's comparison came with it: odder has not opted in, so it sees only itself.
    ASSERT_TRUE(d.comparison.has_value()) << d.comparison_error;
    EXPECT_FALSE(d.comparison->shares);
    ASSERT_EQ(d.comparison->municipalities.size(), 1u);
    EXPECT_TRUE(d.comparison->municipalities[0].you);
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
    EXPECT_EQ(f3->steps[2].views, 4);
    EXPECT_EQ(f3->completed_sessions, 3);
    EXPECT_DOUBLE_EQ(f3->steps[2].drop_off, 0.25);

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
    client.FetchKiosks(RangeFor(Period::Last7Days, bk::WallNowMs()));
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
    EXPECT_LT(bk::WallNowMs() - *k.last_seen_ts, 5 * 60'000);
}

TEST_F(ReviewIntegration, HelpDeskReport) {
    // The dataset's one help call was acknowledged by staff at once: answered, not escalated.
    ReportClient client(Config(), nullptr);
    client.FetchHelp(RangeFor(Period::Last7Days, bk::WallNowMs()));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.help.state, FetchState::Ready) << s.help.error;
    ASSERT_EQ(s.help.data.kiosks.size(), 1u);
    const HelpDeskStats& k = s.help.data.kiosks[0];
    EXPECT_EQ(k.kiosk_id, "kiosk-1");
    EXPECT_EQ(k.help_calls, 1);
    EXPECT_EQ(k.answered, 1);
    EXPECT_EQ(k.unanswered, 0);
    EXPECT_EQ(k.escalations, 0);
    ASSERT_TRUE(k.ack_median_s.has_value());
    EXPECT_LT(*k.ack_median_s, 60.0);
    EXPECT_EQ(s.help.data.totals.help_calls, 1);
    EXPECT_GT(s.help.data.escalation_after_s, 0);

    ExportRequest request;
    request.kind = ExportKind::Help;
    request.path = registry->Dir() + "/help.csv";
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot e = client.Take();
    ASSERT_EQ(e.exported.state, FetchState::Ready) << e.exported.error;
    EXPECT_EQ(e.exported.data.rows, 2);  // kiosk-1 and the municipality's total
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

    // The strategy view's export: the registry's summary CSV, with the staff-help columns after completion_rate.
    request = {};
    request.kind = ExportKind::Summary;
    request.path = registry->Dir() + "/chosen/summary.csv";
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    s = client.Take();
    ASSERT_EQ(s.exported.state, FetchState::Ready) << s.exported.error;
    EXPECT_EQ(s.exported.data.path, request.path);
    ASSERT_TRUE(std::filesystem::exists(request.path));
    const auto summary = ReadCsv(request.path);
    ASSERT_FALSE(summary.empty());
    EXPECT_EQ(summary[0], (std::vector<std::string>{"level", "theme", "service", "version", "against", "sessions", "starts", "completions", "abandons",
                                                    "completion_rate", "completed_sessions", "assisted_completions", "unassisted_completions",
                                                    "unassisted_completion_rate", "feedback_count", "rating_mean", "task_done_yes",
                                                    "task_done_partly", "task_done_no", "help_requests", "help_ack_median_s",
                                                    "staff_minutes_saved", "events", "kiosks"}));
    auto v2 = FindRow(summary, {{"level", "version"}, {"service", "mitid-app"}, {"version", "2"}});
    EXPECT_EQ(v2["completion_rate"], "0.5");
    EXPECT_EQ(v2["completed_sessions"], "2");
    EXPECT_EQ(v2["assisted_completions"], "1");
    EXPECT_EQ(v2["unassisted_completions"], "1");
    EXPECT_EQ(v2["unassisted_completion_rate"], "0.25");
    EXPECT_EQ(v2["staff_minutes_saved"], "10");
    auto theme = FindRow(summary, {{"level", "theme"}, {"theme", "medvirken"}});
    EXPECT_EQ(theme["completed_sessions"], "5");
    EXPECT_EQ(theme["assisted_completions"], "2");
    EXPECT_EQ(theme["unassisted_completions"], "3");
    EXPECT_EQ(theme["unassisted_completion_rate"], "0.375");
    EXPECT_EQ(theme["staff_minutes_saved"], "30");
}

TEST_F(ReviewIntegration, ServiceViewExportHasTheFiguresPerVersion) {
    ReportClient client(Config(), nullptr);
    ExportRequest request;
    request.kind = ExportKind::Versions;
    request.service = "mitid-app";
    request.range = RangeFor(Period::Last30Days, bk::WallNowMs());
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.exported.state, FetchState::Ready) << s.exported.error;
    EXPECT_EQ(s.exported.data.rows, 3);  // all versions, v2, v3
    EXPECT_NE(s.exported.data.path.find("review-versions-mitid-app-"), std::string::npos) << s.exported.data.path;
    const auto csv = ReadCsv(s.exported.data.path);
    ASSERT_EQ(csv.size(), 4u);
    // The registry's summary columns: level,theme,service,version,against,sessions,starts,completions,abandons,
    // completion_rate,completed_sessions,assisted_completions,unassisted_completions,unassisted_completion_rate,
    // feedback_count,rating_mean,task_done_yes,task_done_partly,task_done_no,help_requests,help_ack_median_s,
    // staff_minutes_saved,events,kiosks (`against` only on side_by_side rows: none of these sessions was given
    // its version at random, so there are none)
    EXPECT_EQ(csv[2], (std::vector<std::string>{"version", "", "mitid-app", "2", "", "4", "4", "2", "2", "0.5", "2", "1", "1", "0.25",
                                                "3", "2.3333", "0.3333", "0", "0.6667", "0", "", "10", "", ""}));
    EXPECT_EQ(csv[3], (std::vector<std::string>{"version", "", "mitid-app", "3", "", "4", "5", "4", "1", "0.8", "3", "1", "2", "0.5",
                                                "2", "4.5", "0.5", "0.5", "0", "1", "", "20", "", ""}));
    // All versions: completion 6/9 = 0.6667, rating (4+2+1+5+4)/5 = 3.2, task 2/5 yes, 1/5 partly, 2/5 no;
    // the median answer time of the one help call is measured, so it is only checked to be there.
    auto service = FindRow(csv, {{"level", "service"}});
    EXPECT_EQ(service["sessions"], "8");
    EXPECT_EQ(service["starts"], "9");
    EXPECT_EQ(service["completion_rate"], "0.6667");
    EXPECT_EQ(service["completed_sessions"], "5");
    EXPECT_EQ(service["assisted_completions"], "2");
    EXPECT_EQ(service["unassisted_completions"], "3");
    EXPECT_EQ(service["unassisted_completion_rate"], "0.375");
    EXPECT_EQ(service["rating_mean"], "3.2");
    EXPECT_EQ(service["task_done_yes"], "0.4");
    EXPECT_EQ(service["help_requests"], "1");
    EXPECT_FALSE(service["help_ack_median_s"].empty());
    EXPECT_EQ(service["staff_minutes_saved"], "30");

    // A service the summary does not know: a clear failure, no file.
    request.service = "no-such-service";
    client.Export(request);
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot failed = client.Take();
    EXPECT_EQ(failed.exported.state, FetchState::Failed);
    EXPECT_NE(failed.exported.error.find("no service 'no-such-service'"), std::string::npos) << failed.exported.error;
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

// A version in two tests, through a real registry (a fresh one: its own dataset). mitid-app, no staff help:
//   20 days ago, v2 against v1: v1 12 visits drawn against v2, 3 completed (25 %); v2 12 drawn against v1, all
//     12 completed (100 %)
//   2 days ago, v3 against v2: v2 12 drawn against v3, 3 completed (25 %); v3 12 drawn against v2, all 12 (100 %)
// Over the last 30 days (both tests), v3 vs v2 compares February's visits only: 12/12 against 3/12 = +75 pts;
// Wilson 12/12 = [0.757506, 1], 3/12 = [0.088942, 0.532305]; Newcombe 0.75 - sqrt(0.242494^2 + 0.282305^2)
// = +0.377845, 0.75 + sqrt(0^2 + 0.161058^2) = +0.911058 -> better. Pooled (v2 15 of 24) it would be +37.5 pts
// on 24 visits of v2.
TEST(ReviewIntegrationSideBySide, AVersionInTwoTestsIsComparedOnTheVisitsOfTheTestAsked) {
    RegistryFixture registry;
    EventFactory f;
    json e = json::array();
    const Millis now = bk::WallNowMs();
    auto visits = [&](Millis t, char prefix, int version, int against, int completed) {
        for (int i = 0; i < 12; ++i) {
            const std::string session = std::string(1, prefix) + "00000" + std::to_string(10 + i);
            e.push_back(f.Make("session_started", t += 1000, session));
            e.push_back(f.Guide("guide_opened", t += 1000, session, "mitid-app", version, -1,
                                {{"side_by_side", {{"share", 50}, {"against", against}}}}));
            e.push_back(f.Guide("step_viewed", t += 1000, session, "mitid-app", version, 0, {{"steps_total", 3}}));
            if (i < completed)
                e.push_back(f.Guide("guide_completed", t += 1000, session, "mitid-app", version, -1, {{"duration_ms", 2000}, {"steps_total", 3}}));
            else
                e.push_back(f.Guide("guide_abandoned", t += 1000, session, "mitid-app", version, 0, {{"reason", "idle"}, {"steps_total", 3}}));
        }
    };
    visits(now - 20 * 86'400'000LL, 'a', 1, 2, 3);
    visits(now - 20 * 86'400'000LL + 100'000, 'b', 2, 1, 12);
    visits(now - 2 * 86'400'000LL, 'c', 2, 3, 3);
    visits(now - 2 * 86'400'000LL + 100'000, 'd', 3, 2, 12);
    httplib::Client http(registry.BaseUrl());
    auto res = http.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", e).dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    ASSERT_EQ(json::parse(res->body)["accepted"], e.size()) << res->body;

    ClientConfig config;
    config.base_url = registry.BaseUrl();
    config.token = registry.ReaderToken();
    config.export_dir = registry.Dir();
    ReportClient client(config, nullptr);
    client.FetchSummary(RangeFor(Period::Last30Days, now));
    ASSERT_TRUE(client.WaitIdle(10'000));
    const Snapshot s = client.Take();
    ASSERT_EQ(s.summary.state, FetchState::Ready) << s.summary.error;
    const ServiceSummary* mitid = s.summary.data.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    ASSERT_EQ(mitid->versions.size(), 3u);
    const VersionSummary* v2 = mitid->FindVersion(2);
    ASSERT_NE(v2, nullptr);
    EXPECT_EQ(v2->metrics.sessions, 24);
    EXPECT_EQ(v2->DrawnAgainst(1).sessions, 12);
    EXPECT_EQ(v2->DrawnAgainst(1).unassisted_completions, 12);
    EXPECT_EQ(v2->DrawnAgainst(3).sessions, 12);
    EXPECT_EQ(v2->DrawnAgainst(3).unassisted_completions, 3);

    const auto delta = LatestDelta(*mitid);
    ASSERT_TRUE(delta);
    EXPECT_EQ(delta->newer, 3);
    EXPECT_EQ(delta->older, 2);
    EXPECT_TRUE(delta->side_by_side);
    EXPECT_EQ(delta->sessions_newer, 12);
    EXPECT_EQ(delta->sessions_older, 12) << "v2's visits against v1 are another test";
    EXPECT_NEAR(delta->unassisted_rate_diff, 0.75, 1e-9);
    ASSERT_TRUE(delta->unassisted_diff_low && delta->unassisted_diff_high);
    EXPECT_NEAR(*delta->unassisted_diff_low, 0.377845, 1e-5);
    EXPECT_NEAR(*delta->unassisted_diff_high, 0.911058, 1e-5);
    EXPECT_EQ(delta->verdict, Verdict::Better);
}

}  // namespace
}  // namespace bk::review
