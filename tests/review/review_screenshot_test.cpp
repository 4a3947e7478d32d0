// The review console in a real window under Xvfb, against a real registry-stub seeded with a realistic
// dataset: one PNG per view in ${CMAKE_BINARY_DIR}/artifacts/review, plus a real click on "Export CSV"
// and a console started with the registry unreachable.
//
// Dataset (odder; spread over the last five days, all in the past). Every session ends with session_ended;
// "staff" = its staff_assisted is true (staff opened staff mode during the visit):
//   mitid-app v2: 30 sessions; i%10 in {0,1,2} give up at step 2 (the QR step), i%10 == 3 at step 1,
//                 the rest complete -> 60 % completed. Staff: i%10 in {0,4,5} -> 6 completions with staff
//                 help, 12 of 30 = 40 % without. Ratings mostly 2-3.
//   mitid-app v3: 40 sessions; i%10 == 0 give up at step 2, the rest complete -> 90 %. Staff: i%10 == 1 ->
//                 4 with staff help, 32 of 40 = 80 % without. Ratings mostly 4-5.
//   nyt-pas v1:   12 sessions, 9 complete (75 %); staff: i%4 == 1 -> 3 with help, 6 of 12 = 50 % without.
//   nyt-pas v2:   12 sessions, 11 complete (92 %) but staff: i%4 in {1,2} -> 6 with help, 5 of 12 = 42 %
//                 without. Same ratings: total completion rose only because staff helped more -> "worse".
//   digital-post: v1 and v2 side by side, every visit given its version at random (guide_opened with
//                 side_by_side), alternating: 24 each; v1 gives up at step 1 when i%3 == 0 (16 of 24 complete),
//                 v2 when i%6 == 1 (20 of 24). No staff help, no ratings.
//   kiosk-1 sends everything and heartbeats (backlog 0); kiosk-2 sends one late heartbeat with a seq hole.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "e2e/desktop.h"
#include "registry/registry_test_util.h"
#include "registry_fixture.h"
#include "shared/clock.h"

namespace bk::test {
namespace {

const char* kComments[] = {"QR-koden var svær at scanne",          "Fint, men lidt langsomt",
                           "Meget lettere nu, tak!",               "Jeg fandt ikke knappen til at gå tilbage",
                           "Skriv til mig på anna@example.dk",     "The English text was clear",
                           "Hjælpen kom hurtigt",                  ""};

json Session(EventFactory& f, int64_t& t, const std::string& service, int version, int steps, const std::string& session,
             int give_up_at, int rating, const char* task, const char* comment, bool help, bool staff_assisted,
             int drawn_against = 0) {
    json e = json::array();
    e.push_back(f.Make("session_started", t += 1000, session));
    e.push_back(f.Guide("guide_opened", t += 1000, session, service, version, -1,
                        drawn_against > 0 ? json{{"side_by_side", {{"share", 50}, {"against", drawn_against}}}} : json::object()));
    const int last = give_up_at >= 0 ? give_up_at : steps - 1;
    for (int step = 0; step <= last; ++step)
        e.push_back(f.Guide("step_viewed", t += 9000, session, service, version, step, {{"steps_total", steps}}));
    if (help) e.push_back(f.Guide("help_requested", t += 1000, session, service, version, -1, {{"screen", "guide"}}));
    if (give_up_at >= 0)
        e.push_back(f.Guide("guide_abandoned", t += 1000, session, service, version, give_up_at, {{"reason", "idle"}, {"steps_total", steps}}));
    else
        e.push_back(f.Guide("guide_completed", t += 1000, session, service, version, -1, {{"duration_ms", 40000}, {"steps_total", steps}}));
    if (rating > 0) {
        json data = {{"rating", rating}, {"task_done", task}, {"reasons", json::array()}};
        if (comment && *comment) data["comment"] = comment;
        e.push_back(f.Guide("feedback_submitted", t += 1000, session, service, version, -1, data));
    }
    e.push_back(f.Make("session_ended", t += 1000, session,
                       {{"reason", staff_assisted ? "staff" : "finished"}, {"duration_ms", 60'000}, {"staff_assisted", staff_assisted}}));
    return e;
}

void Seed(RegistryFixture& registry) {
    EventFactory f;
    json events = json::array();
    int64_t t = bk::WallNowMs() - 5 * 86'400'000LL;
    char session[16];
    auto add = [&](const json& batch) {
        for (const auto& e : batch) events.push_back(e);
    };
    for (int i = 0; i < 30; ++i) {
        std::snprintf(session, sizeof session, "a2%06d", i);
        const int give_up = i % 10 < 3 ? 2 : i % 10 == 3 ? 1 : -1;
        const int rating = i % 2 ? 0 : give_up >= 0 ? 2 : 3 + (i % 4 == 0);
        add(Session(f, t, "mitid-app", 2, 4, session, give_up, rating, give_up >= 0 ? "no" : "partly", kComments[i % 8], i % 6 == 0,
                    i % 10 == 0 || i % 10 == 4 || i % 10 == 5));
        t += 2 * 3'600'000LL;
    }
    for (int i = 0; i < 40; ++i) {
        std::snprintf(session, sizeof session, "a3%06d", i);
        const int give_up = i % 10 == 0 ? 2 : -1;
        const int rating = i % 2 ? 0 : give_up >= 0 ? 3 : 4 + (i % 4 == 0);
        add(Session(f, t, "mitid-app", 3, 4, session, give_up, rating, give_up >= 0 ? "partly" : "yes", kComments[(i + 2) % 8], i % 13 == 0,
                    i % 10 == 1));
        t += 3'600'000LL;
    }
    for (int i = 0; i < 12; ++i) {
        std::snprintf(session, sizeof session, "b1%06d", i);
        add(Session(f, t, "nyt-pas", 1, 3, session, i % 4 == 0 ? 1 : -1, i % 3 ? 4 : 0, "yes", "", false, i % 4 == 1));
        t += 600'000LL;
    }
    for (int i = 0; i < 12; ++i) {
        std::snprintf(session, sizeof session, "b2%06d", i);
        add(Session(f, t, "nyt-pas", 2, 3, session, i == 0 ? 1 : -1, i % 3 ? 4 : 0, "yes", "", false, i % 4 == 1 || i % 4 == 2));
        t += 600'000LL;
    }
    for (int i = 0; i < 48; ++i) {
        std::snprintf(session, sizeof session, "c%d%06d", 1 + i % 2, i);
        const int version = 1 + i % 2, k = i / 2;
        const int give_up = (version == 1 ? k % 3 == 0 : k % 6 == 1) ? 1 : -1;
        add(Session(f, t, "digital-post", version, 3, session, give_up, 0, "", "", false, false, version == 1 ? 2 : 1));
        t += 600'000LL;
    }
    events.push_back(f.Make("heartbeat", bk::WallNowMs() - 60'000, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}}));

    httplib::Client client(registry.BaseUrl());
    for (std::size_t start = 0; start < events.size(); start += 2000) {
        json part = json::array();
        for (std::size_t i = start; i < std::min(events.size(), start + 2000); ++i) part.push_back(events[i]);
        auto res = client.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", part).dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        ASSERT_EQ(json::parse(res->body)["rejected"].size(), 0u) << res->body;
    }
    // kiosk-2: a heartbeat with seq 3 while 1 and 2 never arrived.
    EventFactory f2;
    f2.next_seq = 3;
    json late = json::array({f2.Make("heartbeat", bk::WallNowMs() - 3 * 3'600'000LL, "", {{"backlog", 240}, {"last_upload_ts", nullptr}, {"dropped", 0}})});
    auto res = client.Post("/v1/events", Bearer(registry.KioskToken("kiosk-2")), Batch("kiosk-2", late).dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    // Three help calls for the MitID guide; two answered.
    for (int i = 0; i < 3; ++i) {
        res = client.Post("/v1/help-requests", Bearer(registry.KioskToken()),
                          json{{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"service", "mitid-app"}, {"location", "Odder Bibliotek, stueetagen"}}.dump(),
                          "application/json");
        ASSERT_TRUE(res && res->status == 201);
        if (i < 2) {
            const std::string id = json::parse(res->body)["id"];
            client.Post(("/v1/help-requests/" + id + "/ack").c_str(), Bearer(registry.ReaderToken()), "", "application/json");
        }
    }
}

// The console on the display, with helpers to wait for its data and to click its targets.
class Console {
public:
    Console(const XvfbDisplay& display, const std::string& dir, const std::string& registry_url, const std::string& token_file,
            const std::string& view)
        : m_display(display),
          m_targets(dir + "/targets-" + Safe(view) + ".json"),
          m_targets_watch(m_targets),
          m_child({BK_REVIEW_CONSOLE_PATH, "--registry", registry_url, "--token-file", token_file, "--view", view, "--window",
                   std::to_string(display.Width()) + "x" + std::to_string(display.Height()), "--dump-targets", m_targets,
                   "--export-dir", dir + "/exports"},
                  {.env = {{"DISPLAY", display.Name()}, {"LIBGL_ALWAYS_SOFTWARE", "1"}, {"ASAN_OPTIONS", "detect_leaks=0"}},
                   .log_file = dir + "/console-" + Safe(view) + ".log"}) {}

    static std::string Safe(std::string s) {
        for (char& c : s)
            if (c == ':') c = '-';
        return s;
    }
    json Targets() const {
        std::ifstream in(m_targets);
        if (!in) return json::object();
        return json::parse(in, nullptr, false);
    }
    bool WaitFor(const std::function<bool(const json&)>& ready, int timeout_ms = 15'000) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (true) {
            const json t = Targets();
            if (t.is_object() && ready(t)) return true;  // written after that frame was handed to the display
            if (!m_child.Running()) return false;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
            if (left <= 0) return false;
            m_targets_watch.WaitForChange(static_cast<int>(std::min<long long>(left, 500)));  // woken by the app's write
        }
    }
    bool WaitLoaded() { return WaitFor([](const json& t) { return t.value("loaded", false); }); }
    bool HasLabel(const std::string& label) const {
        const json t = Targets();
        if (!t.is_object() || !t.contains("labels")) return false;
        for (const auto& l : t["labels"])
            if (l == label) return true;
        return false;
    }
    bool Click(const std::string& id) {
        const json t = Targets();
        for (const auto& target : t.value("targets", json::array())) {
            if (target["id"] != id) continue;
            const int x = static_cast<int>(target["x"].get<double>()), y = static_cast<int>(target["y"].get<double>());
            return RunCommand({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "sleep", "0.05", "click", "1"},
                              {.env = {{"DISPLAY", m_display.Name()}}}) == 0;
        }
        return false;
    }
    std::string Screenshot(const std::string& path) { return StableScreenshot(m_display, path); }
    long Frame() const { return Targets().value("frame", 0L); }
    // The centre of a target (y < 0 when it is not on screen).
    double TargetY(const std::string& id) const {
        for (const auto& target : Targets().value("targets", json::array()))
            if (target["id"] == id) return target["y"].get<double>();
        return -1;
    }
    bool Running() { return m_child.Running(); }
    int Stop() { return m_child.Terminate(5'000); }

private:
    const XvfbDisplay& m_display;
    std::string m_targets;
    FileWatch m_targets_watch;  // before m_child: watching when the console first writes
    Process m_child;
};

class ReviewScreenshots : public ::testing::Test {
protected:
    void SetUp() override {
        RegistryOptions options;
        options.kiosks = {"kiosk-1", "kiosk-2"};
        registry = std::make_unique<RegistryFixture>(options);
        Seed(*registry);
        token_file = registry->Dir() + "/reader.token";
        std::ofstream(token_file) << registry->ReaderToken() << "\n";
        artifacts = std::string(BK_ARTIFACTS_DIR) + "/review";
        std::filesystem::create_directories(artifacts);
        display = std::make_unique<XvfbDisplay>(1600, 1000);
    }
    std::unique_ptr<RegistryFixture> registry;
    std::unique_ptr<XvfbDisplay> display;
    std::string token_file, artifacts;
};

bool NonEmptyPng(const std::string& path) {
    std::error_code ec;
    return std::filesystem::file_size(path, ec) > 10'000 && !ec;
}

TEST_F(ReviewScreenshots, EachViewAndExport) {
    {
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "strategy");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("strategy-delta-mitid-app"));
        EXPECT_TRUE(console.HasLabel("strategy-unassisted-mitid-app"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/1-strategy.png")));
        // A real click on "Open" switches to the service view.
        ASSERT_TRUE(console.Click("open-mitid-app"));
        ASSERT_TRUE(console.WaitFor([](const json& t) { return t["view"] == "service" && t.value("loaded", false); }));
        EXPECT_EQ(console.Stop(), 0);  // SIGTERM closes the window cleanly
    }
    {
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "service:mitid-app");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("delta-verdict"));
        EXPECT_TRUE(console.HasLabel("delta-unassisted"));
        EXPECT_TRUE(console.HasLabel("delta-assisted"));
        EXPECT_FALSE(console.HasLabel("delta-staff-help-warning"));  // v3's rise is without staff help
        EXPECT_TRUE(console.HasLabel("delta-kind-before-after"));
        EXPECT_TRUE(console.HasLabel("funnel-v2"));
        EXPECT_TRUE(console.HasLabel("funnel-v3"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/2-service-mitid-app.png")));
        // Scroll down with the wheel (button 5) to the ratings, help calls and comments.
        const double export_y = console.TargetY("export-comments");
        RunCommand({"xdotool", "mousemove", "800", "600", "click", "--repeat", "9", "--delay", "20", "5"}, {.env = {{"DISPLAY", display->Name()}}});
        ASSERT_TRUE(console.WaitFor([&](const json&) { return console.TargetY("export-comments") < export_y; })) << "did not scroll";
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/3-service-comments.png")));
        ASSERT_TRUE(console.Click("export"));
        ASSERT_TRUE(console.WaitFor([](const json& t) {
            for (const auto& l : t.value("labels", json::array()))
                if (l == "export-done") return true;
            return false;
        }));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/4-service-exported.png")));
        // The view's export is its figures per version, with the staff-help split.
        const std::string exports = registry->Dir() + "/exports";
        auto find_export = [&](const std::string& prefix) {
            for (const auto& entry : std::filesystem::directory_iterator(exports))
                if (entry.path().filename().string().rfind(prefix, 0) == 0 && entry.path().extension() == ".csv") return entry.path().string();
            return std::string();
        };
        const std::string versions = find_export("review-versions-mitid-app-");
        ASSERT_FALSE(versions.empty());
        std::ifstream in(versions);
        std::string header, all, v2, v3;  // the registry's summary CSV of the one service
        std::getline(in, header);
        std::getline(in, all);
        std::getline(in, v2);
        std::getline(in, v3);
        EXPECT_EQ(header.rfind("level,theme,service,version,against,sessions,starts,completions,abandons,completion_rate,"
                               "completed_sessions,assisted_completions,unassisted_completions,unassisted_completion_rate,",
                               0),
                  0u)
            << header;
        EXPECT_EQ(all.rfind("service,,mitid-app,,,70,70,54,16,0.7714,54,10,44,0.6286,", 0), 0u) << all;
        EXPECT_EQ(v2.rfind("version,,mitid-app,2,,30,30,18,12,0.6,18,6,12,0.4,", 0), 0u) << v2;
        EXPECT_EQ(v3.rfind("version,,mitid-app,3,,40,40,36,4,0.9,36,4,32,0.8,", 0), 0u) << v3;
        // The comments keep their own export, next to them.
        ASSERT_TRUE(console.Click("export-comments"));
        // The console draws a frame (and writes its targets) once the export is saved, so it is waited for with
        // the targets file.
        EXPECT_TRUE(console.WaitFor([&](const json&) { return !find_export("review-feedback-mitid-app-").empty(); }, 10'000));
    }
    {
        // More completions in v2, all from more staff help: the card says so, and the verdict is not "better".
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "service:nyt-pas");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("delta-verdict"));
        EXPECT_TRUE(console.HasLabel("delta-staff-help-warning"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/4b-service-staff-carried.png")));
    }
    {
        // Two versions run side by side: the card compares the visits given a version at random and says so.
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "service:digital-post");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("delta-kind-side-by-side"));
        EXPECT_FALSE(console.HasLabel("delta-kind-before-after"));
        EXPECT_TRUE(console.HasLabel("version-table-side-by-side"));
        EXPECT_TRUE(console.HasLabel("delta-verdict"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/4c-service-side-by-side.png")));
    }
    {
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "kiosks");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("kiosk-kiosk-2"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/5-kiosks.png")));
    }
    {
        // Did a person come? Three calls at kiosk-1, two answered.
        Console console(*display, registry->Dir(), registry->BaseUrl(), token_file, "help");
        ASSERT_TRUE(console.WaitLoaded());
        EXPECT_TRUE(console.HasLabel("desk-kiosk-kiosk-1"));
        EXPECT_TRUE(console.HasLabel("desk-total"));
        EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/6-help.png")));
    }
}

TEST_F(ReviewScreenshots, UnreachableRegistry) {
    Console console(*display, registry->Dir(), "http://127.0.0.1:1", token_file, "strategy");
    ASSERT_TRUE(console.WaitLoaded());
    EXPECT_TRUE(console.HasLabel("error-summary"));
    EXPECT_TRUE(NonEmptyPng(console.Screenshot(artifacts + "/6-unreachable.png")));
    // Retry keeps failing, and the console keeps running.
    const long frame = console.Frame();
    ASSERT_TRUE(console.Click("retry"));
    // The click is drawn, the retry fails again, and the console is still there to show it.
    ASSERT_TRUE(console.WaitFor([&](const json& t) { return t.value("frame", 0L) > frame && t.value("loaded", false); }));
    EXPECT_TRUE(console.Running());
    EXPECT_TRUE(console.HasLabel("error-summary"));
}

}  // namespace
}  // namespace bk::test
