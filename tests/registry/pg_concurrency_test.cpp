// Several registries on one PostgreSQL database, as behind a load balancer: two RegistryServer instances (each
// with its own connection pool, as two processes would have), and two real registry-stub processes, receive the same batches at the same time from
// several threads, across a month boundary (partitions created by both at once), and staff answer the same help
// calls through both. Dedupe, help-call state and every report must equal one SQLite registry that got each
// batch once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <cstdio>
#include <thread>
#include <vector>

#include "in_process_registry.h"
#include "registry_fixture.h"
#include "registry_test_util.h"
#include "src/storage/open_storage.h"

namespace bk::test {
namespace {

constexpr int64_t kMonthEnd = 1793491200000;  // 2026-11-01T00:00:00Z: sessions start in October and end in November
constexpr int64_t kM = 60'000;
const std::vector<std::string> kKiosks = {"kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"};

// Per kiosk: 24 sessions around midnight, guides opened, steps viewed, completed or abandoned, rated, some
// ended with staff help; each session's events spread over all of the kiosk's 10 batches.
std::vector<std::pair<std::string, json>> BuildBatches() {
    std::vector<std::pair<std::string, json>> batches;
    for (std::size_t k = 0; k < kKiosks.size(); ++k) {
        EventFactory f;
        f.next_id = 1'000'000 * (k + 1);
        std::vector<json> sessions;  // each session's events in order
        for (int s = 0; s < 24; ++s) {
            json events = json::array();
            char session[32];  // room for any size_t and int, so the compiler sees no truncation
            std::snprintf(session, sizeof session, "%04zx%04x", k, static_cast<unsigned>(s));  // hex, as kiosks make them
            const int64_t start = kMonthEnd - 90 * kM + s * 7 * kM + static_cast<int64_t>(k) * 1000;
            const std::string service = s % 3 == 0 ? "digital-post" : "mitid-app";
            const int version = s % 3 == 0 ? 1 : 2;
            events.push_back(f.Make("session_started", start, session));
            events.push_back(f.Guide("guide_opened", start + 1000, session, service, version));
            for (int step = 0; step < 3; ++step) {
                events.push_back(f.Guide("step_viewed", start + 2000 + step * 1000, session, service, version, step,
                                         {{"steps_total", 3}}));
            }
            if (s % 4 == 0) {
                events.push_back(f.Guide("guide_abandoned", start + 6000, session, service, version, 2,
                                         {{"reason", "idle"}, {"steps_total", 3}}));
            } else {
                events.push_back(f.Guide("guide_completed", start + 6000, session, service, version, -1,
                                         {{"duration_ms", 5000}, {"steps_total", 3}}));
            }
            events.push_back(f.Guide("feedback_submitted", start + 7000, session, service, version, -1,
                                     {{"rating", 1 + s % 5}, {"task_done", s % 2 ? "yes" : "no"}, {"reasons", json::array()}}));
            events.push_back(f.Make("session_ended", start + 8 * kM, session,
                                    {{"reason", "finished"}, {"duration_ms", 8 * kM}, {"staff_assisted", s % 5 == 0}}));
            sessions.push_back(events);
        }
        // Batch b holds the b-th event of every session: concurrent batches of one kiosk touch the same sessions.
        for (std::size_t b = 0; b < sessions[0].size(); ++b) {
            json batch = json::array();
            for (const json& events : sessions) batch.push_back(events[b]);
            if (b == 0) {
                batch.push_back(f.Make("heartbeat", kMonthEnd + 30 * kM, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}}));
            }
            batches.emplace_back(kKiosks[k], batch);
        }
    }
    return batches;
}

// What the registries answered to a set of batches sent at once.
struct SendCounts {
    std::atomic<int> accepted{0};
    std::atomic<int> duplicates{0};
    std::atomic<int> failures{0};
};

// Each batch goes to every registry in `base_urls` at once, from 4 threads per registry.
void SendToAllAtOnce(const std::vector<std::pair<std::string, json>>& batches, const std::vector<std::string>& base_urls,
                     const std::function<std::string(const std::string&)>& kiosk_token, SendCounts& counts) {
    auto send_all = [&](const std::string& base_url, std::size_t thread_index) {
        httplib::Client client(base_url);
        client.set_read_timeout(30, 0);
        for (std::size_t i = thread_index; i < batches.size(); i += 4) {
            const auto& [kiosk, batch] = batches[i];
            auto res = client.Post("/v1/events", Bearer(kiosk_token(kiosk)), Batch(kiosk, batch).dump(), "application/json");
            if (!res || res->status != 200) {
                ++counts.failures;
                continue;
            }
            const json body = json::parse(res->body);
            counts.accepted += body["accepted"].get<int>();
            counts.duplicates += body["duplicates"].get<int>();
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t)
        for (const std::string& url : base_urls) threads.emplace_back(send_all, url, t);
    for (auto& thread : threads) thread.join();
}

json Reports(InProcessRegistry& registry, const std::string& reader_token) {
    httplib::Client client(registry.BaseUrl());
    json out;
    for (const std::string& path : std::vector<std::string>{
             "/v1/reports/summary?municipality=odder", "/v1/reports/funnel?municipality=odder&service=mitid-app&version=2",
          "/v1/reports/funnel?municipality=odder&service=digital-post&version=1",
          "/v1/reports/feedback?municipality=odder&service=mitid-app", "/v1/reports/kiosks?municipality=odder",
          // ragged edges inside hours, on both sides of the month boundary
          "/v1/reports/summary?municipality=odder&from=" + std::to_string(kMonthEnd - 75 * kM) +
              "&to=" + std::to_string(kMonthEnd + 50 * kM)}) {
        auto res = client.Get(path, Bearer(reader_token));
        EXPECT_TRUE(res && res->status == 200) << path;
        if (res) out[path] = json::parse(res->body);
    }
    return out;
}

TEST(RegistryConcurrentWritersTest, TwoRegistriesOnOnePostgresDatabaseCountEveryEventOnce) {
    InProcessOptions options = WithEngine(Engine::Postgres);
    options.kiosks = kKiosks;
    options.wall_start_ms = kMonthEnd + 60 * kM;
    InProcessRegistry first(options);
    InProcessOptions second_options = options;
    second_options.shared_db = first.DbPath();
    second_options.kiosks = {};
    second_options.add_reader = false;
    InProcessRegistry second(second_options);

    InProcessOptions reference_options = WithEngine(Engine::Sqlite);
    reference_options.kiosks = kKiosks;
    reference_options.wall_start_ms = options.wall_start_ms;
    InProcessRegistry reference(reference_options);

    const auto batches = BuildBatches();
    SendCounts counts;
    SendToAllAtOnce(batches, {first.BaseUrl(), second.BaseUrl()}, [&](const std::string& kiosk) { return first.KioskToken(kiosk); },
                    counts);
    for (const auto& [kiosk, batch] : batches) {
        httplib::Client client(reference.BaseUrl());
        auto res = client.Post("/v1/events", Bearer(reference.KioskToken(kiosk)), Batch(kiosk, batch).dump(),
                               "application/json");
        ASSERT_TRUE(res && res->status == 200);
    }

    int total_events = 0;
    for (const auto& [kiosk, batch] : batches) total_events += static_cast<int>(batch.size());
    EXPECT_EQ(counts.failures.load(), 0);
    EXPECT_EQ(counts.accepted.load(), total_events);    // each event was new in exactly one of the two registries ...
    EXPECT_EQ(counts.duplicates.load(), total_events);  // ... and a duplicate in the other
    const json expected = Reports(reference, reference.ReaderToken());
    EXPECT_EQ(expected["/v1/reports/summary?municipality=odder"]["totals"]["events"], total_events);
    const json from_first = Reports(first, first.ReaderToken());
    const json from_second = Reports(second, first.ReaderToken());
    for (const auto& [path, report] : expected.items()) {
        EXPECT_EQ(from_first[path], report) << path;
        EXPECT_EQ(from_second[path], report) << path;
    }
}

TEST(RegistryConcurrentWritersTest, StaffAnsweringOneCallThroughTwoRegistriesAcknowledgeItOnce) {
    InProcessOptions options = WithEngine(Engine::Postgres);
    InProcessRegistry first(options);
    InProcessOptions second_options = options;
    second_options.shared_db = first.DbPath();
    second_options.kiosks = {};
    second_options.add_reader = false;
    InProcessRegistry second(second_options);
    second.Clock().Advance(5'000);  // the two registries' clocks differ: only one ack time may win

    httplib::Client client(first.BaseUrl());
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) {
        const json request = {{"kiosk_id", "kiosk-1"}, {"session", "sess" + std::to_string(1000 + i)}, {"screen", "guide"},
                              {"service", "mitid-app"}};
        auto created = client.Post("/v1/help-requests", Bearer(first.KioskToken()), request.dump(), "application/json");
        ASSERT_TRUE(created && created->status == 201);
        ids.push_back(json::parse(created->body)["id"]);
    }
    std::vector<json> acks_first(ids.size()), acks_second(ids.size());
    auto ack_all = [&](InProcessRegistry& registry, std::vector<json>& out) {
        httplib::Client staff(registry.BaseUrl());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto res = staff.Post("/v1/help-requests/" + ids[i] + "/ack", Bearer(first.ReaderToken()), "", "application/json");
            if (res && res->status == 200) out[i] = json::parse(res->body);
        }
    };
    std::thread a(ack_all, std::ref(first), std::ref(acks_first));
    std::thread b(ack_all, std::ref(second), std::ref(acks_second));
    a.join();
    b.join();

    auto listed = client.Get("/v1/help-requests?status=acknowledged", Bearer(first.ReaderToken()));
    ASSERT_TRUE(listed && listed->status == 200);
    const json calls = json::parse(listed->body)["help_requests"];
    ASSERT_EQ(calls.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ASSERT_FALSE(acks_first[i].is_null()) << ids[i];
        ASSERT_FALSE(acks_second[i].is_null()) << ids[i];
        // Both answers tell the one stored ack time, whichever registry won.
        EXPECT_EQ(acks_first[i]["ack_ts"], acks_second[i]["ack_ts"]) << ids[i];
        const int64_t ack_ts = acks_first[i]["ack_ts"];
        EXPECT_TRUE(ack_ts == first.Clock().WallMs() || ack_ts == second.Clock().WallMs()) << ack_ts;
    }
}

// The same with two real `registry-stub serve` processes on one database (the system clock, so the kiosks
// report's receive times differ; the summary, funnels and feedback do not).
TEST(RegistryConcurrentWritersTest, TwoRegistryProcessesOnOnePostgresDatabaseCountEveryEventOnce) {
    PostgresDatabase database;
    RegistryOptions first_options;
    first_options.db = database.Url();
    first_options.kiosks = kKiosks;
    RegistryFixture first(first_options);
    RegistryOptions second_options = first_options;
    second_options.kiosks = {};
    second_options.add_reader = false;
    RegistryFixture second(second_options);
    RegistryOptions reference_options;
    reference_options.kiosks = kKiosks;
    RegistryFixture reference(reference_options);

    const auto batches = BuildBatches();
    SendCounts counts;
    SendToAllAtOnce(batches, {first.BaseUrl(), second.BaseUrl()}, [&](const std::string& kiosk) { return first.KioskToken(kiosk); },
                    counts);
    httplib::Client reference_client(reference.BaseUrl());
    for (const auto& [kiosk, batch] : batches) {
        auto res = reference_client.Post("/v1/events", Bearer(reference.KioskToken(kiosk)), Batch(kiosk, batch).dump(),
                                         "application/json");
        ASSERT_TRUE(res && res->status == 200);
    }

    int total_events = 0;
    for (const auto& [kiosk, batch] : batches) total_events += static_cast<int>(batch.size());
    EXPECT_EQ(counts.failures.load(), 0) << first.ReadLog() << second.ReadLog();
    EXPECT_EQ(counts.accepted.load(), total_events);
    EXPECT_EQ(counts.duplicates.load(), total_events);
    for (const std::string path : {"/v1/reports/summary?municipality=odder",
                                   "/v1/reports/funnel?municipality=odder&service=mitid-app&version=2",
                                   "/v1/reports/funnel?municipality=odder&service=digital-post&version=1",
                                   "/v1/reports/feedback?municipality=odder&service=mitid-app"}) {
        auto expected = reference_client.Get(path, Bearer(reference.ReaderToken()));
        ASSERT_TRUE(expected && expected->status == 200) << path;
        for (RegistryFixture* registry : {&first, &second}) {
            httplib::Client client(registry->BaseUrl());
            auto actual = client.Get(path, Bearer(first.ReaderToken()));
            ASSERT_TRUE(actual && actual->status == 200) << path;
            EXPECT_EQ(json::parse(actual->body), json::parse(expected->body)) << path;
        }
    }
}

// A help call made through one registry reaches a staff stream open on the other (LISTEN/NOTIFY), and so does
// its acknowledgement through the first.
TEST(RegistryConcurrentWritersTest, AStaffStreamOnOneRegistryShowsCallsMadeThroughTheOther) {
    InProcessOptions options = WithEngine(Engine::Postgres);
    options.config.stream_heartbeat_ms = 60'000;  // nothing but a change can wake the stream in this test
    InProcessRegistry first(options);
    InProcessOptions second_options = options;
    second_options.shared_db = first.DbPath();
    second_options.kiosks = {};
    second_options.add_reader = false;
    InProcessRegistry second(second_options);
    const std::string staff = first.AddStaff("odder", "desk");

    std::mutex mutex;
    std::condition_variable changed;
    std::string text;
    httplib::Client stream_client(second.BaseUrl());
    stream_client.set_read_timeout(30, 0);
    std::thread reader([&] {
        stream_client.Get("/v1/staff/stream", Bearer(staff), [&](const char* data, std::size_t length) {
            std::lock_guard lock(mutex);
            text.append(data, length);
            changed.notify_all();
            return true;
        });
    });
    auto wait_for = [&](const std::string& needle, std::size_t from) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(10), [&] {
            return text.find(needle, std::min(from, text.size())) != std::string::npos;
        });
    };
    ASSERT_TRUE(wait_for("\"calls\":[]", 0)) << text;  // the stream is open: the empty list
    std::size_t seen = 0;
    {
        std::lock_guard lock(mutex);
        seen = text.size();
    }

    httplib::Client client(first.BaseUrl());
    const json request = {{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"service", "mitid-app"}};
    auto created = client.Post("/v1/help-requests", Bearer(first.KioskToken()), request.dump(), "application/json");
    ASSERT_TRUE(created && created->status == 201);
    const std::string id = json::parse(created->body)["id"];
    EXPECT_TRUE(wait_for(id, seen)) << text;
    {
        std::lock_guard lock(mutex);
        seen = text.size();
    }
    auto ack = client.Post("/v1/help-requests/" + id + "/ack", Bearer(staff), "", "application/json");
    ASSERT_TRUE(ack && ack->status == 200);
    EXPECT_TRUE(wait_for("\"acknowledged\"", seen)) << text;

    second.Stop();  // ends the stream
    reader.join();
}

// Two registry processes take unhappy ratings of one kiosk at the same instant and both decide to raise an
// alert (each checks within its own process): the second, on the same ratings, is not stored. A later incident,
// after staff acknowledged, counts only newer ratings and is stored.
TEST(RegistryConcurrentWritersTest, AnAlertTwoRegistriesRaiseAtOnceIsStoredOnce) {
    InProcessRegistry registry(WithEngine(Engine::Postgres));
    httplib::Client client(registry.BaseUrl());
    EventFactory factory;
    const int64_t now = registry.Clock().WallMs();
    auto post_unhappy = [&](int64_t from_ts) {
        json ratings = json::array();
        for (int i = 0; i < 4; ++i) {
            ratings.push_back(factory.Guide("feedback_submitted", from_ts + i * 1000, "abcd0002", "mitid-app", 2, -1,
                                            {{"rating", 1}, {"task_done", "no"}, {"reasons", json::array()}}));
        }
        auto res = client.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", ratings).dump(),
                               "application/json");
        ASSERT_TRUE(res && res->status == 200);
    };
    post_unhappy(now - 5 * kM);
    const auto other_process = bk::registry::OpenStorage(registry.DbPath());
    const auto raised = other_process->ListAlerts("odder", "");
    ASSERT_EQ(raised.size(), 2u);  // the kiosk and the service
    // The other process decided on the same ratings without seeing these alerts yet.
    for (bk::registry::Alert alert : raised) {
        alert.id = "ffff" + alert.id.substr(4);
        other_process->CreateAlert(alert);
    }
    EXPECT_EQ(other_process->ListAlerts("odder", "").size(), 2u);

    for (const auto& alert : raised) other_process->AcknowledgeAlert(alert.id, now + 1000, "");
    registry.Clock().Advance(60'000);
    post_unhappy(now + 10'000);
    EXPECT_EQ(other_process->ListAlerts("odder", "").size(), 4u);
}

// PostgreSQL ends the registry's connections (a restart, a failover, an administrator): the next requests are
// served on new connections, with no error the kiosk sees.
TEST(RegistryPostgresOutageTest, DroppedConnectionsAreReplaced) {
    InProcessRegistry registry(WithEngine(Engine::Postgres));
    httplib::Client client(registry.BaseUrl());
    EventFactory factory;
    for (int round = 0; round < 3; ++round) {
        const json batch = json::array({factory.Make("screen_viewed", kMonthEnd + round, "abcd0003", {{"screen", "home"}})});
        auto res = client.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", batch).dump(), "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << "round " << round << ": " << res->body;
        const std::string database = registry.DbPath().substr(registry.DbPath().rfind('/') + 1);
        PostgresServer::Shared().Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                       database + "' AND pid <> pg_backend_pid()");
    }
    auto summary = client.Get("/v1/reports/summary?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(summary && summary->status == 200) << (summary ? summary->body : "");
    EXPECT_EQ(json::parse(summary->body)["totals"]["events"], 3);
}

// The database server goes away under a running registry: ingest answers 503 with Retry-After (the kiosk keeps
// its events and tries later), not 500, and the registry still stops cleanly.
TEST(RegistryPostgresOutageTest, AnUnreachableDatabaseIs503WithRetryAfter) {
    auto server = std::make_unique<PostgresServer>();  // its own server: this test stops it
    server->Admin("CREATE DATABASE outage");
    InProcessOptions options = WithEngine(Engine::Postgres);
    options.shared_db = server->Url("outage");
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    EventFactory factory;
    const json first = json::array({factory.Make("screen_viewed", kMonthEnd, "abcd0001", {{"screen", "home"}})});
    auto stored = client.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", first).dump(), "application/json");
    ASSERT_TRUE(stored && stored->status == 200);

    server.reset();  // pg_ctl stop -m fast
    const json second = json::array({factory.Make("screen_viewed", kMonthEnd + 1, "abcd0001", {{"screen", "home"}})});
    auto refused = client.Post("/v1/events", Bearer(registry.KioskToken()), Batch("kiosk-1", second).dump(), "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503) << refused->body;
    EXPECT_EQ(refused->get_header_value("Retry-After"), "5");
    registry.Stop();
}

}  // namespace
}  // namespace bk::test
