// `registry-stub migrate --from FILE --to URL` (the real binary): a municipality's SQLite registry with events,
// feedback, heartbeats, a help call, an alert and reader, kiosk and staff tokens moves into PostgreSQL, and the
// registry on PostgreSQL answers every report, list and token exactly as the SQLite one did.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "in_process_registry.h"
#include "registry_fixture.h"
#include "registry_test_util.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
constexpr int64_t kM = 60'000;

json Dataset(EventFactory& f, int64_t now) {
    json e = json::array();
    for (int s = 0; s < 6; ++s) {
        char session[16];
        std::snprintf(session, sizeof session, "bbbb%04x", s);
        const int64_t start = kT0 + s * 20 * kM;  // 10:00 to 11:40: whole hours and ragged edges
        e.push_back(f.Make("session_started", start, session));
        e.push_back(f.Guide("guide_opened", start + 1000, session, "mitid-app", 2));
        e.push_back(f.Guide("step_viewed", start + 2000, session, "mitid-app", 2, 0, {{"steps_total", 3}}));
        if (s % 2) {
            e.push_back(f.Guide("guide_abandoned", start + 3000, session, "mitid-app", 2, 0, {{"reason", "idle"}, {"steps_total", 3}}));
        } else {
            e.push_back(f.Guide("guide_completed", start + 3000, session, "mitid-app", 2, -1, {{"duration_ms", 2000}, {"steps_total", 3}}));
        }
        e.push_back(f.Guide("feedback_submitted", start + 4000, session, "mitid-app", 2, -1,
                            {{"rating", s < 2 ? 1 : 4}, {"task_done", "no"}, {"reasons", json::array()},
                             {"comment", "session " + std::to_string(s)}}));
        e.push_back(f.Make("session_ended", start + 5000, session,
                           {{"reason", "finished"}, {"duration_ms", 5000}, {"staff_assisted", s == 4}}));
    }
    // Four unhappy ratings a few minutes before the registry receives them: an alert (the rule looks back from now).
    for (int i = 0; i < 4; ++i) {
        e.push_back(f.Guide("feedback_submitted", now - 5 * kM + i * 1000, "bbbb00ff", "mitid-app", 2, -1,
                            {{"rating", 1}, {"task_done", "no"}, {"reasons", json::array()}}));
    }
    e.push_back(f.Make("heartbeat", kT0 + 100 * kM, "", {{"backlog", 2}, {"last_upload_ts", nullptr}, {"dropped", 1}}));
    return e;
}

json Snapshot(InProcessRegistry& registry, const std::string& reader, const std::string& staff) {
    httplib::Client client(registry.BaseUrl());
    json out;
    const std::string range = "&from=" + std::to_string(kT0 + 10 * kM) + "&to=" + std::to_string(kT0 + 95 * kM);
    for (const std::string& path : std::vector<std::string>{
             "/v1/reports/summary?municipality=odder", "/v1/reports/summary?municipality=odder" + range,
             "/v1/reports/funnel?municipality=odder&service=mitid-app&version=2",
             "/v1/reports/feedback?municipality=odder&service=mitid-app", "/v1/reports/kiosks?municipality=odder",
             "/v1/reports/help?municipality=odder", "/v1/help-requests?status="}) {
        auto res = client.Get(path, Bearer(reader));
        EXPECT_TRUE(res && res->status == 200) << path;
        if (res) out[path] = json::parse(res->body);
    }
    auto alerts = client.Get("/v1/staff/alerts", Bearer(staff));
    EXPECT_TRUE(alerts && alerts->status == 200);
    if (alerts) out["alerts"] = json::parse(alerts->body);
    return out;
}

TEST(RegistryMigrateTest, CopiesASqliteRegistryIntoPostgresWithoutLoss) {
    InProcessOptions options;
    options.kiosks = {"kiosk-1", "kiosk-2"};
    options.wall_start_ms = kT0 + 3 * 3'600'000;
    InProcessRegistry sqlite(options);
    const std::string staff = sqlite.AddStaff("odder", "desk");
    httplib::Client client(sqlite.BaseUrl());
    EventFactory factory;
    const json events = Dataset(factory, sqlite.Clock().WallMs());
    auto posted = client.Post("/v1/events", Bearer(sqlite.KioskToken()), Batch("kiosk-1", events).dump(), "application/json");
    ASSERT_TRUE(posted && posted->status == 200);
    ASSERT_EQ(json::parse(posted->body)["accepted"], events.size());
    const json request = {{"kiosk_id", "kiosk-2"}, {"screen", "guide"}, {"service", "mitid-app"}, {"step", 1},
                          {"lang", "en"}, {"location", "Borgerservice, stueetagen"}};
    auto created = client.Post("/v1/help-requests", Bearer(sqlite.KioskToken("kiosk-2")), request.dump(), "application/json");
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "");
    sqlite.Clock().Advance(90'000);
    const std::string id = json::parse(created->body)["id"];
    auto ack = client.Post("/v1/help-requests/" + id + "/ack", Bearer(staff), "", "application/json");
    ASSERT_TRUE(ack && ack->status == 200);
    const json before = Snapshot(sqlite, sqlite.ReaderToken(), staff);
    ASSERT_FALSE(before["alerts"]["alerts"].empty()) << before["alerts"];  // the dataset raises alerts
    sqlite.Stop();

    PostgresDatabase database;
    auto [status, out] = RegistryFixture::RunCli({"migrate", "--from", sqlite.DbPath(), "--to", database.Url()});
    ASSERT_EQ(status, 0) << out;
    // Every table, both counts; a few checked by name.
    std::istringstream lines(out);
    std::map<std::string, std::pair<int64_t, int64_t>> counts;
    std::string table, arrow;
    int64_t source = 0, target = 0;
    while (lines >> table >> source >> arrow >> target) counts[table] = {source, target};
    for (const auto& [name, pair] : counts) EXPECT_EQ(pair.first, pair.second) << name;
    const auto event_count = static_cast<int64_t>(events.size());
    EXPECT_EQ(counts["events"], std::make_pair(event_count, event_count));
    EXPECT_EQ(counts["tokens"].second, 4);  // two kiosks, a reader, a staff member
    EXPECT_EQ(counts["help_requests"].second, 1);
    EXPECT_EQ(counts["alerts"].second, static_cast<int64_t>(before["alerts"]["alerts"].size()));
    EXPECT_GT(counts["agg_service_hour"].second, 0);
    EXPECT_GT(counts["guide_sessions"].second, 0);

    InProcessOptions pg_options = WithEngine(Engine::Postgres);
    pg_options.shared_db = database.Url();
    pg_options.kiosks = {};
    pg_options.add_reader = false;
    pg_options.wall_start_ms = sqlite.Clock().WallMs();
    InProcessRegistry postgres(pg_options);
    const json after = Snapshot(postgres, sqlite.ReaderToken(), staff);
    for (const auto& [path, report] : before.items()) EXPECT_EQ(after[path], report) << path;

    // The kiosk's token works and its events stay deduplicated: a resent event is a duplicate.
    httplib::Client pg_client(postgres.BaseUrl());
    auto resent = pg_client.Post("/v1/events", Bearer(sqlite.KioskToken()), Batch("kiosk-1", json::array({events[3]})).dump(),
                                 "application/json");
    ASSERT_TRUE(resent && resent->status == 200);
    EXPECT_EQ(json::parse(resent->body)["duplicates"], 1);

    // A second copy into the same database is refused: nothing is counted twice.
    auto [again, again_out] = RegistryFixture::RunCli({"migrate", "--from", sqlite.DbPath(), "--to", database.Url()});
    EXPECT_EQ(again, 1) << again_out;
}

// No PostgreSQL at the URL: `serve` and the token commands exit 1 with one line that names the server (and not
// the password), no stack and no libpq hint lines.
TEST(RegistryPostgresCliTest, AnUnreachableServerIsOneLineAndExitOne) {
    TempDir dir("bk-pg-cli");
    // The test server with a database that does not exist: refused as surely as a closed port, without
    // guessing a port nobody listens on.
    const int port = PostgresServer::Shared().Port();
    const std::string url = "postgresql://bk:secret@127.0.0.1:" + std::to_string(port) + "/no_such_database";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"serve", "--db", url, "--listen", "127.0.0.1:0"},
          std::vector<std::string>{"kiosk", "add", "--db", url, "--municipality", "odder", "--id", "k1"}}) {
        const std::string log = dir / "stderr.log";
        std::remove(log.c_str());
        ProcessOptions options;
        options.capture_stdout = true;
        options.stderr_file = log;
        auto [status, out] = RunCapture(
            [&] {
                std::vector<std::string> argv = {BK_REGISTRY_STUB_PATH};
                argv.insert(argv.end(), args.begin(), args.end());
                return argv;
            }(),
            options);
        EXPECT_EQ(status, 1) << args[0];
        std::ifstream file(log);
        std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        EXPECT_NE(text.find("no_such_database"), std::string::npos) << text;
        EXPECT_EQ(text.find("secret"), std::string::npos) << text;
        // One line says it (serve logs nothing before it), and no libpq hint lines follow.
        EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
        EXPECT_EQ(text.find("\n\t"), std::string::npos) << text;
    }
}

}  // namespace
}  // namespace bk::test
