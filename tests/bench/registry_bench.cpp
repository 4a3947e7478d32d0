// Registry benchmarks (printed, not gating), all against one spawned registry-stub:
//   1. raw SQLite: the same rows inserted in batches of 500 (WAL, id unique per kiosk), the ceiling;
//   2. ingest over loopback HTTP: POST /v1/events in batches of 500 over 4 connections, as a ratio to (1);
//      the same batches on PostgreSQL (a server the benchmark starts), one registry process and then two;
//   3. a kiosk's two-day-old backlog (new sessions) while other kiosks send current events, beside
//      current-only ingest (the backlog used to cost 10x per batch and grow with the table);
//   4. the registry's resident memory (VmRSS, peak VmHWM) after 1 million events and at the end, from many kiosks;
//   5. the summary report (and funnel, kiosks) over all of them.
// Usage: registry_bench [total_events=5000000] [timed_ingest_events=200000] [client_threads=4] [kiosks=20]
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "postgres_server.h"
#include "registry_fixture.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 500;

// CPU seconds (user + system) a process has used so far, from /proc: a measure that other load on the
// machine does not distort the way wall-clock throughput is.
double ProcessCpuSeconds(pid_t pid) {
    std::FILE* file = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!file) return 0;
    char text[1024] = {};
    const std::size_t n = std::fread(text, 1, sizeof text - 1, file);
    std::fclose(file);
    std::string stat(text, n);
    const auto close = stat.rfind(')');  // fields after "(comm)": state is field 3, utime 14, stime 15
    unsigned long long utime = 0, stime = 0;
    if (close == std::string::npos ||
        std::sscanf(stat.c_str() + close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) {
        return 0;
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::string UuidV7(int64_t ts, uint64_t counter, std::mt19937_64& rng) {
    char text[40];
    const auto t = static_cast<unsigned long long>(ts) & 0xFFFFFFFFFFFFull;
    const unsigned long long r = rng();
    std::snprintf(text, sizeof text, "%08llx-%04llx-7%03llx-%04llx-%012llx", t >> 16, t & 0xFFFF,
                  static_cast<unsigned long long>(counter) & 0xFFF, 0x8000ull | ((r >> 48) & 0x3FFF),
                  r & 0xFFFFFFFFFFFFull);
    return text;
}

// A realistic mix: citizen sessions through guides, with feedback, help and heartbeats, over 30 days.
struct Generator {
    std::mt19937_64 rng{42};
    uint64_t counter = 0;
    int64_t seq = 0;
    int64_t ts = 0;
    const char* services[4] = {"mitid-app", "digital-post", "nyt-pas", "sundhedskort"};

    int64_t step_ms = 2000;  // mean gap between events is about 1.75 x step_ms

    json Event(const std::string& type, const std::string& session, json data = json::object()) {
        ts += step_ms + static_cast<int64_t>(rng() % static_cast<uint64_t>(step_ms + step_ms / 2));
        return {{"id", UuidV7(ts, counter++, rng)}, {"type", type},   {"ts", ts},
                {"session", session},              {"seq", ++seq},   {"lang", "da"},
                {"content_version", "2026.11.1"}, {"app_version", "0.1.0"}, {"data", std::move(data)}};
    }
    json Guide(const std::string& type, const std::string& session, const std::string& service, int version, int step,
               json data = json::object()) {
        json e = Event(type, session, std::move(data));
        e["service"] = service;
        e["service_version"] = version;
        if (step >= 0) e["step"] = step;
        return e;
    }
    void Session(std::vector<json>& out) {
        char session[17];
        std::snprintf(session, sizeof session, "%016llx", static_cast<unsigned long long>(rng()));
        const std::string service = services[rng() % 4];
        const int version = 1 + static_cast<int>(rng() % 2);
        const int steps = 4;
        out.push_back(Event("session_started", session));
        out.push_back(Guide("guide_opened", session, service, version, -1));
        const int reached = static_cast<int>(rng() % (steps + 2));  // steps+1 = completed
        for (int step = 0; step < std::min(reached + 1, steps); ++step) {
            out.push_back(Guide("step_viewed", session, service, version, step, {{"steps_total", steps}}));
        }
        if (reached >= steps) {
            out.push_back(Guide("guide_completed", session, service, version, -1, {{"duration_ms", 60000}, {"steps_total", steps}}));
            out.push_back(Guide("feedback_submitted", session, service, version, -1,
                                {{"rating", 1 + static_cast<int>(rng() % 5)}, {"task_done", "yes"}, {"reasons", json::array()}}));
        } else {
            out.push_back(Guide("guide_abandoned", session, service, version, std::min(reached, steps - 1),
                                {{"reason", "idle"}, {"steps_total", steps}}));
            if (rng() % 4 == 0) {
                json help = Event("help_requested", session, {{"screen", "guide"}});
                help["service"] = service;
                out.push_back(help);
            }
        }
        const bool assisted = rng() % 10 == 0;  // staff stepped in: the registry marks the session's guide rows
        out.push_back(Event("session_ended", session, {{"reason", "finished"}, {"duration_ms", 90000}, {"staff_assisted", assisted}}));
        if (rng() % 3 == 0) out.push_back(Event("heartbeat", "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}}));
    }
};

// Batches of 500 as request bodies, built before any timing.
struct KioskEvent {
    std::string kiosk_id;
    json event;
};

std::vector<std::string> MakeBodies(Generator& generator, const std::string& kiosk_id, int64_t count,
                                    std::vector<KioskEvent>* keep) {
    std::vector<json> events;
    while (static_cast<int64_t>(events.size()) < count) generator.Session(events);
    events.resize(static_cast<std::size_t>(count));
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < events.size(); i += kBatch) {
        json batch = {{"kiosk_id", kiosk_id}, {"events", json::array()}};
        for (std::size_t j = i; j < std::min(events.size(), i + kBatch); ++j) batch["events"].push_back(events[j]);
        bodies.push_back(batch.dump());
    }
    if (keep) {
        for (auto& event : events) keep->push_back({kiosk_id, std::move(event)});
    }
    return bodies;
}

double RawSqliteRowsPerSecond(const std::vector<KioskEvent>& events, const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_exec(db,
                 "CREATE TABLE events (id TEXT NOT NULL, municipality TEXT, kiosk_id TEXT, seq INTEGER, ts INTEGER, "
                 "type TEXT, session TEXT, service TEXT, service_version INTEGER, step INTEGER, received_ts INTEGER, "
                 "body TEXT, UNIQUE (kiosk_id, id))",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", -1, &insert, nullptr);
    // Rows prepared up front: this measures SQLite, not JSON.
    struct Row {
        std::string kiosk_id, id, type, session, service, body;
        int64_t seq, ts, version, step;
    };
    std::vector<Row> rows;
    for (const auto& [kiosk_id, e] : events) {
        rows.push_back({kiosk_id, e["id"], e["type"], e["session"], e.value("service", ""), e.dump(), e["seq"], e["ts"],
                        e.value("service_version", 0), e.value("step", -1)});
    }
    const auto start = Clock::now();
    for (std::size_t i = 0; i < rows.size(); i += kBatch) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (std::size_t j = i; j < std::min(rows.size(), i + kBatch); ++j) {
            const Row& r = rows[j];
            sqlite3_bind_text(insert, 1, r.id.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 2, "odder", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, r.kiosk_id.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 4, r.seq);
            sqlite3_bind_int64(insert, 5, r.ts);
            sqlite3_bind_text(insert, 6, r.type.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 7, r.session.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 8, r.service.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 9, r.version);
            sqlite3_bind_int64(insert, 10, r.step);
            sqlite3_bind_int64(insert, 11, r.ts);
            sqlite3_bind_text(insert, 12, r.body.c_str(), -1, SQLITE_STATIC);
            sqlite3_step(insert);
            sqlite3_reset(insert);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double rate = static_cast<double>(rows.size()) / Seconds(start);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return rate;
}

// Resident and peak memory of a process, in MB, from /proc/PID/status.
struct Memory {
    double rss_mb = 0;
    double peak_mb = 0;
    double anon_mb = 0;  // heap and SQLite's page caches
    double file_mb = 0;  // mapped files: the binary, libraries (ICU's data)
};

Memory ProcessMemory(pid_t pid) {
    Memory memory;
    std::FILE* file = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
    if (!file) return memory;
    char line[256];
    while (std::fgets(line, sizeof line, file)) {
        long long kb = 0;
        if (std::sscanf(line, "VmRSS: %lld kB", &kb) == 1) memory.rss_mb = static_cast<double>(kb) / 1024.0;
        if (std::sscanf(line, "VmHWM: %lld kB", &kb) == 1) memory.peak_mb = static_cast<double>(kb) / 1024.0;
        if (std::sscanf(line, "RssAnon: %lld kB", &kb) == 1) memory.anon_mb = static_cast<double>(kb) / 1024.0;
        if (std::sscanf(line, "RssFile: %lld kB", &kb) == 1) memory.file_mb = static_cast<double>(kb) / 1024.0;
    }
    std::fclose(file);
    return memory;
}

// One client thread's work: its kiosk's token and request bodies, and how long each request took.
struct ClientLane {
    std::string token;
    std::vector<std::string> bodies;
    std::vector<double> batch_ms;
};

// Posts every lane's bodies over its own keep-alive connection, all lanes at once; returns events per second.
double IngestOverHttp(const bk::test::RegistryFixture& registry, std::vector<ClientLane>& lanes, int64_t events) {
    std::atomic<int> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (ClientLane& lane : lanes) {
        threads.emplace_back([&] {
            httplib::Client client(registry.BaseUrl());
            client.set_keep_alive(true);
            client.set_read_timeout(60, 0);
            const httplib::Headers headers = {{"Authorization", "Bearer " + lane.token}};
            lane.batch_ms.clear();
            for (const auto& body : lane.bodies) {
                const auto sent = Clock::now();
                auto res = client.Post("/v1/events", headers, body, "application/json");
                lane.batch_ms.push_back(Seconds(sent) * 1000.0);
                if (!res || res->status != 200) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    const double rate = static_cast<double>(events) / Seconds(start);
    if (failures) std::printf("  WARNING: %d failed requests\n", failures.load());
    return rate;
}

double Percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

int64_t WallNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string KioskName(int k) { return "kiosk-" + std::to_string(k + 1); }

// [SECTION] /health latency beside slow clients
// p50/p99 of GET /health on one keep-alive connection, first alone, then while 16 connections trickle header
// bytes (one every 100 ms, never finishing): a trickler must cost the others nothing.
double LatencyPercentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

int ConnectLoopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
}

std::vector<double> HealthLatenciesMs(const std::string& base_url, int count) {
    httplib::Client client(base_url);
    client.set_read_timeout(10, 0);
    std::vector<double> latencies;
    for (int i = 0; i < count; ++i) {
        const auto start = Clock::now();
        auto res = client.Get("/health");
        if (!res || res->status != 200) continue;
        latencies.push_back(Seconds(start) * 1000);
    }
    return latencies;
}

void HealthBesideSlowClients(const bk::test::RegistryFixture& registry) {
    constexpr int kRequests = 2000;
    constexpr int kSlowClients = 16;
    auto report = [](const char* label, std::vector<double> ms) {
        std::printf("/health %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu answered of %d)\n", label,
                    LatencyPercentile(ms, 0.50), LatencyPercentile(ms, 0.99), LatencyPercentile(ms, 1.0), ms.size(), kRequests);
    };
    report("alone", HealthLatenciesMs(registry.BaseUrl(), kRequests));

    std::vector<int> slow;
    for (int i = 0; i < kSlowClients; ++i) {
        const int fd = ConnectLoopback(registry.Port());
        const std::string head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        if (fd >= 0 && ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) > 0) slow.push_back(fd);
    }
    std::atomic<bool> done{false};
    std::thread trickle([&] {
        while (!done) {
            for (int fd : slow) ::send(fd, "a", 1, MSG_NOSIGNAL);
            pollfd none{-1, 0, 0};
            ::poll(&none, 1, 100);  // the trickle's pace
        }
    });
    report("with 16 slow clients", HealthLatenciesMs(registry.BaseUrl(), kRequests));
    done = true;
    trickle.join();
    for (int fd : slow) ::close(fd);
}

// [2b] The timed batches again, into registries on PostgreSQL (a server started here, fsync off like any test
// server): one registry-stub process over the same connections, then two processes sharing them.
void PostgresIngest(const bk::test::RegistryOptions& sqlite_options, const std::vector<ClientLane>& timed_lanes,
                    int64_t events, double sqlite_rate) {
    try {
        bk::test::PostgresServer server;
        server.Admin("CREATE DATABASE bench_one");
        server.Admin("CREATE DATABASE bench_two");
        bk::test::RegistryOptions options = sqlite_options;
        options.db = server.Url("bench_one");
        bk::test::RegistryFixture one(options);
        std::vector<ClientLane> lanes = timed_lanes;
        for (std::size_t k = 0; k < lanes.size(); ++k) lanes[k].token = one.KioskToken(KioskName(static_cast<int>(k)));
        const double one_rate = IngestOverHttp(one, lanes, events);
        std::printf("PostgreSQL, one registry process, %zu connections, batches of %d: %.0f events/s (%.2f of SQLite's)\n",
                    lanes.size(), kBatch, one_rate, one_rate / sqlite_rate);
        httplib::Client reports(one.BaseUrl());
        std::vector<double> ms;
        for (int i = 0; i < 5; ++i) {
            const auto start = Clock::now();
            auto res = reports.Get("/v1/reports/summary?municipality=odder", {{"Authorization", "Bearer " + one.ReaderToken()}});
            if (!res || res->status != 200) throw std::runtime_error("the summary report failed on PostgreSQL");
            ms.push_back(Seconds(start) * 1000.0);
        }
        std::sort(ms.begin(), ms.end());
        std::printf("  summary report on PostgreSQL over those %lld events: median %.1f ms, best %.1f ms\n",
                    static_cast<long long>(events), ms[2], ms[0]);

        options.db = server.Url("bench_two");
        bk::test::RegistryFixture first(options);
        bk::test::RegistryOptions second_options = options;
        second_options.kiosks = {};
        second_options.add_reader = false;
        bk::test::RegistryFixture second(second_options);
        std::vector<ClientLane> first_lanes, second_lanes;
        for (std::size_t k = 0; k < timed_lanes.size(); ++k) {
            ClientLane lane = timed_lanes[k];
            lane.token = first.KioskToken(KioskName(static_cast<int>(k)));
            (k % 2 ? second_lanes : first_lanes).push_back(std::move(lane));
        }
        const auto start = Clock::now();
        std::thread to_second([&] { IngestOverHttp(second, second_lanes, 0); });
        IngestOverHttp(first, first_lanes, 0);
        to_second.join();
        const double two_rate = static_cast<double>(events) / Seconds(start);
        std::printf("PostgreSQL, two registry processes on one database, %zu connections in all: %.0f events/s\n",
                    timed_lanes.size(), two_rate);
    } catch (const std::exception& e) {
        std::printf("PostgreSQL benchmark skipped: %s\n", e.what());
    }
}

}  // namespace

bool RunCliOk(const std::vector<std::string>& args) { return bk::test::RegistryFixture::RunCli(args).first == 0; }

int main(int argc, char** argv) {
    const int64_t total = argc > 1 ? std::atoll(argv[1]) : 5'000'000;
    const int64_t timed = std::min<int64_t>(total, argc > 2 ? std::atoll(argv[2]) : 200'000);
    const int clients = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;
    const int kiosk_count = std::max(clients + 1, argc > 4 ? std::atoi(argv[4]) : 20);
    std::printf("registry_bench: %lld events in total from %d kiosks, %lld timed, batches of %d, %d connection(s)\n",
                static_cast<long long>(total), kiosk_count, static_cast<long long>(timed), kBatch, clients);

    bk::test::RegistryOptions options;
    for (int k = 1; k < kiosk_count; ++k) options.kiosks.push_back(KioskName(k));  // "kiosk-1" is the default
    options.extra_args = {"--rate-limit", "0"};
    bk::test::RegistryFixture registry(options);
    HealthBesideSlowClients(registry);
    std::vector<std::string> tokens;
    for (int k = 0; k < kiosk_count; ++k) tokens.push_back(registry.KioskToken(KioskName(k)));
    const Memory empty = ProcessMemory(registry.Pid());
    std::printf("registry RSS at start: %.1f MB\n", empty.rss_mb);

    // The timed part covers the last three days (so the backlog's two-day-old events land among other kiosks'
    // sessions of that time), current events are stamped now, the fill goes to the month before.
    const int64_t now = WallNowMs();
    std::vector<Generator> generators(static_cast<std::size_t>(kiosk_count));
    for (int k = 0; k < kiosk_count; ++k) {
        generators[k].rng.seed(1000 + static_cast<uint64_t>(k));
        generators[k].step_ms = std::max<int64_t>(1, 3 * 86'400'000 / std::max<int64_t>(1, timed / clients) * 4 / 7);
        generators[k].ts = now - 3 * 86'400'000;
    }

    // [1, 2] The timed part: `timed` events from `clients` kiosks, one connection each.
    std::vector<ClientLane> lanes(static_cast<std::size_t>(clients));
    std::vector<KioskEvent> all_events;
    for (int k = 0; k < clients; ++k) {
        lanes[k].token = tokens[k];
        lanes[k].bodies = MakeBodies(generators[k], KioskName(k), timed / clients, &all_events);
    }
    const int64_t timed_events = static_cast<int64_t>(all_events.size());

    const std::string raw_path = registry.Dir() + "/raw.db";
    const double raw_rate = RawSqliteRowsPerSecond(all_events, raw_path);
    std::printf("raw SQLite batched inserts (WAL, id unique per kiosk, UUIDv7): %.0f rows/s\n", raw_rate);
    all_events.clear();

    const double cpu_before = ProcessCpuSeconds(registry.Pid());
    const double http_rate = IngestOverHttp(registry, lanes, timed_events);
    const double server_cpu_us = (ProcessCpuSeconds(registry.Pid()) - cpu_before) / static_cast<double>(timed_events) * 1e6;
    std::printf("ingest over loopback HTTP, %d connections, batches of %d: %.0f events/s; %.2f of raw SQLite (target >= 0.33)\n",
                clients, kBatch, http_rate, http_rate / raw_rate);
    std::printf("  server CPU per event: %.1f us (user+system, all threads; load average now %.1f)\n", server_cpu_us,
                [] { double load[1] = {0}; return getloadavg(load, 1) == 1 ? load[0] : 0.0; }());
    PostgresIngest(options, lanes, timed_events, http_rate);
    int64_t stored = timed_events;

    // [3] Current-only ingest, then the same with one lane sending a two-day-old backlog of new sessions.
    {
        const int64_t per_lane = 20 * kBatch;
        auto current_lanes = [&](int first_kiosk) {
            std::vector<ClientLane> out(static_cast<std::size_t>(clients));
            for (int k = 0; k < clients; ++k) {
                Generator& generator = generators[first_kiosk + k];
                generator.ts = std::max(generator.ts, WallNowMs() - 60'000);
                generator.step_ms = 2;  // current: stamped within seconds of now
                out[k].token = tokens[first_kiosk + k];
                out[k].bodies = MakeBodies(generator, KioskName(first_kiosk + k), per_lane, nullptr);
            }
            return out;
        };
        std::vector<ClientLane> current = current_lanes(0);
        const double current_rate = IngestOverHttp(registry, current, per_lane * clients);
        std::vector<double> current_ms;
        for (const auto& lane : current) current_ms.insert(current_ms.end(), lane.batch_ms.begin(), lane.batch_ms.end());

        std::vector<ClientLane> mixed = current_lanes(0);
        Generator& late = generators[clients];  // a kiosk that was offline over the weekend
        late.ts = WallNowMs() - 2 * 86'400'000;
        late.step_ms = 200;
        mixed[0].token = tokens[clients];
        mixed[0].bodies = MakeBodies(late, KioskName(clients), per_lane, nullptr);
        const double mixed_rate = IngestOverHttp(registry, mixed, per_lane * clients);
        std::vector<double> mixed_current_ms;
        for (std::size_t k = 1; k < mixed.size(); ++k) {
            mixed_current_ms.insert(mixed_current_ms.end(), mixed[k].batch_ms.begin(), mixed[k].batch_ms.end());
        }
        stored += 2 * per_lane * clients;
        std::printf("current events only, %d kiosks: %.0f events/s, batch median %.1f ms, p95 %.1f ms\n", clients,
                    current_rate, Percentile(current_ms, 0.5), Percentile(current_ms, 0.95));
        std::printf("a two-day-old backlog beside %d current kiosks: %.0f events/s (%.2f of current-only; target >= 0.5)\n",
                    clients - 1, mixed_rate, mixed_rate / current_rate);
        std::printf("  backlog batches median %.1f ms, p95 %.1f ms; current batches beside it median %.1f ms, p95 %.1f ms\n",
                    Percentile(mixed[0].batch_ms, 0.5), Percentile(mixed[0].batch_ms, 0.95),
                    Percentile(mixed_current_ms, 0.5), Percentile(mixed_current_ms, 0.95));
    }

    // [4] Fill up to `total` from all kiosks (clients connections, each rotating over its share of the kiosks),
    // printing the registry's memory at 1 million events and at the end.
    const auto fill_start = Clock::now();
    int64_t next_memory_report = 1'000'000;
    int next_kiosk = 0;
    for (auto& generator : generators) {
        generator.ts = now - 30LL * 86'400'000;  // older days: the fill goes in beside what is there
        generator.step_ms = 500;
    }
    while (stored < total) {
        const int64_t chunk = std::min<int64_t>(200'000, total - stored);
        const int64_t per_lane = std::max<int64_t>(kBatch, chunk / clients / kBatch * kBatch);
        std::vector<ClientLane> fill(static_cast<std::size_t>(clients));
        for (auto& lane : fill) {
            const int k = next_kiosk++ % kiosk_count;
            lane.token = tokens[k];
            lane.bodies = MakeBodies(generators[k], KioskName(k), per_lane, nullptr);
        }
        IngestOverHttp(registry, fill, per_lane * clients);
        stored += per_lane * clients;
        if (stored >= next_memory_report || stored >= total) {
            const Memory memory = ProcessMemory(registry.Pid());
            std::printf("registry memory after %lld events: RSS %.1f MB (anon %.1f, files %.1f), peak %.1f MB (target < 150 MB)\n",
                        static_cast<long long>(stored), memory.rss_mb, memory.anon_mb, memory.file_mb, memory.peak_mb);
            std::fflush(stdout);
            while (next_memory_report <= stored) next_memory_report += 1'000'000;
        }
    }
    std::printf("filled to %lld events in %.1f s (incl. generating JSON)\n", static_cast<long long>(stored),
                Seconds(fill_start));

    // [5] Reports over everything.
    const std::string reader = registry.ReaderToken();
    httplib::Client client(registry.BaseUrl());
    client.set_read_timeout(120, 0);
    auto time_report = [&](const char* label, const std::string& path) {
        std::vector<double> ms;
        std::string body;
        for (int i = 0; i < 5; ++i) {
            const auto start = Clock::now();
            auto res = client.Get(path, {{"Authorization", "Bearer " + reader}});
            ms.push_back(Seconds(start) * 1000.0);
            if (!res || res->status != 200) {
                std::printf("  %s failed\n", label);
                return;
            }
            body = res->body;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%s over %lld events: median %.1f ms, best %.1f ms (%zu bytes)\n", label,
                    static_cast<long long>(stored), ms[2], ms[0], body.size());
    };
    time_report("summary report (all time; target <= 200 ms)", "/v1/reports/summary?municipality=odder");
    time_report("summary report (ragged range)",
                "/v1/reports/summary?municipality=odder&from=" + std::to_string(now - 20LL * 86'400'000 + 1234567) +
                    "&to=" + std::to_string(now - 3LL * 86'400'000 + 7654321));
    time_report("summary CSV", "/v1/reports/summary.csv?municipality=odder");
    time_report("funnel report", "/v1/reports/funnel?municipality=odder&service=mitid-app&version=1");
    time_report("kiosks report", "/v1/reports/kiosks?municipality=odder");
    const Memory after_reports = ProcessMemory(registry.Pid());
    std::printf("registry memory after the reports: RSS %.1f MB (anon %.1f, files %.1f), peak %.1f MB\n",
                after_reports.rss_mb, after_reports.anon_mb, after_reports.file_mb, after_reports.peak_mb);
    // Every comment of a service over all time: one answer that grows with the events.
    time_report("feedback report (all time)", "/v1/reports/feedback?municipality=odder&service=mitid-app");
    const Memory after_feedback = ProcessMemory(registry.Pid());
    std::printf("registry memory after the feedback report: RSS %.1f MB (anon %.1f, files %.1f), peak %.1f MB\n",
                after_feedback.rss_mb, after_feedback.anon_mb, after_feedback.file_mb, after_feedback.peak_mb);

    // [6] The compare report over 20 municipalities that share their figures: 19 more municipalities, one kiosk
    // each with 20,000 events (like a quiet month), all opted in while the registry runs.
    {
        constexpr int kMunicipalities = 20;
        constexpr int64_t kPerMunicipality = 20'000;
        std::vector<ClientLane> others;
        for (int m = 1; m < kMunicipalities; ++m) {
            const std::string municipality = "kommune-" + std::to_string(m);
            const std::string kiosk = "kiosk-m" + std::to_string(m);
            ClientLane lane;
            lane.token = registry.AddKiosk(municipality, kiosk);
            Generator generator;
            generator.rng.seed(5000 + static_cast<uint64_t>(m));
            generator.ts = now - 10LL * 86'400'000;
            generator.step_ms = 400;
            lane.bodies = MakeBodies(generator, kiosk, kPerMunicipality, nullptr);
            others.push_back(std::move(lane));
        }
        IngestOverHttp(registry, others, kPerMunicipality * (kMunicipalities - 1));
        stored += kPerMunicipality * (kMunicipalities - 1);
        for (int m = 0; m < kMunicipalities; ++m) {
            const std::string municipality = m == 0 ? "odder" : "kommune-" + std::to_string(m);
            if (RunCliOk({"compare", "share", "--db", registry.DbPath(), "--municipality", municipality})) continue;
            std::printf("  compare share %s failed\n", municipality.c_str());
        }
        time_report("compare report, 20 sharing municipalities,",
                    "/v1/reports/compare?municipality=odder&service=mitid-app");
    }

    registry.Stop();
    std::error_code ignored;
    std::printf("database size: %.1f MB\n",
                static_cast<double>(std::filesystem::file_size(registry.DbPath(), ignored)) / 1e6);
    return 0;
}
