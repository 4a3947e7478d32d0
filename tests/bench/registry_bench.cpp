// Registry benchmarks (printed, not gating):
//   1. raw SQLite: the same rows inserted in batches of 500 (WAL, unique text id), the ceiling;
//   2. ingest over loopback HTTP: POST /v1/events in batches of 500 against a spawned registry-stub,
//      also as a ratio to (1);
//   3. the summary report (and funnel, kiosks) over 1,000,000 events.
// Usage: registry_bench [total_events=1000000] [timed_ingest_events=200000] [client_threads=2]
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

#include "registry_fixture.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 500;
constexpr int64_t kStart = 1790000000000;  // 2026-09-21

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
    int64_t ts = kStart;
    const char* services[4] = {"mitid-app", "digital-post", "nyt-pas", "sundhedskort"};

    json Event(const std::string& type, const std::string& session, json data = json::object()) {
        ts += 2000 + static_cast<int64_t>(rng() % 3000);  // ~1M events over ~30 days
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
std::vector<std::string> MakeBodies(Generator& generator, const std::string& kiosk_id, int64_t count,
                                    std::vector<json>* keep) {
    std::vector<json> events;
    while (static_cast<int64_t>(events.size()) < count) generator.Session(events);
    events.resize(static_cast<std::size_t>(count));
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < events.size(); i += kBatch) {
        json batch = {{"kiosk_id", kiosk_id}, {"events", json::array()}};
        for (std::size_t j = i; j < std::min(events.size(), i + kBatch); ++j) batch["events"].push_back(events[j]);
        bodies.push_back(batch.dump());
    }
    if (keep) keep->insert(keep->end(), events.begin(), events.end());
    return bodies;
}

double RawSqliteRowsPerSecond(const std::vector<json>& events, const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_exec(db,
                 "CREATE TABLE events (id TEXT NOT NULL UNIQUE, municipality TEXT, kiosk_id TEXT, seq INTEGER, ts INTEGER, "
                 "type TEXT, session TEXT, service TEXT, service_version INTEGER, step INTEGER, received_ts INTEGER, body TEXT)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", -1, &insert, nullptr);
    // Rows prepared up front: this measures SQLite, not JSON.
    struct Row {
        std::string id, type, session, service, body;
        int64_t seq, ts, version, step;
    };
    std::vector<Row> rows;
    for (const auto& e : events) {
        rows.push_back({e["id"], e["type"], e["session"], e.value("service", ""), e.dump(), e["seq"], e["ts"],
                        e.value("service_version", 0), e.value("step", -1)});
    }
    const auto start = Clock::now();
    for (std::size_t i = 0; i < rows.size(); i += kBatch) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (std::size_t j = i; j < std::min(rows.size(), i + kBatch); ++j) {
            const Row& r = rows[j];
            sqlite3_bind_text(insert, 1, r.id.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 2, "odder", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, "kiosk-1", -1, SQLITE_STATIC);
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

// Posts the bodies from `threads` clients (one kiosk each); returns events per second.
double IngestOverHttp(const bk::test::RegistryFixture& registry, const std::vector<std::vector<std::string>>& per_kiosk,
                      const std::vector<std::string>& tokens, int64_t events) {
    std::atomic<int> failures{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < per_kiosk.size(); ++k) {
        threads.emplace_back([&, k] {
            httplib::Client client(registry.BaseUrl());
            client.set_keep_alive(true);
            client.set_read_timeout(60, 0);
            const httplib::Headers headers = {{"Authorization", "Bearer " + tokens[k]}};
            for (const auto& body : per_kiosk[k]) {
                auto res = client.Post("/v1/events", headers, body, "application/json");
                if (!res || res->status != 200) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    const double rate = static_cast<double>(events) / Seconds(start);
    if (failures) std::printf("  WARNING: %d failed requests\n", failures.load());
    return rate;
}

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

}  // namespace

int main(int argc, char** argv) {
    const int64_t total = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    const int64_t timed = std::min<int64_t>(total, argc > 2 ? std::atoll(argv[2]) : 200'000);
    const int clients = argc > 3 ? std::max(1, std::atoi(argv[3])) : 2;
    std::printf("registry_bench: %lld events in total, %lld timed, batches of %d, %d client(s)\n",
                static_cast<long long>(total), static_cast<long long>(timed), kBatch, clients);

    bk::test::RegistryOptions options;
    for (int k = 0; k < clients; ++k) options.kiosks.push_back("kiosk-" + std::to_string(k + 1));
    options.kiosks.erase(options.kiosks.begin());  // the default "kiosk-1" was already in the list
    options.extra_args = {"--rate-limit", "0"};
    bk::test::RegistryFixture registry(options);
    HealthBesideSlowClients(registry);
    std::vector<std::string> tokens;
    for (int k = 0; k < clients; ++k) tokens.push_back(registry.KioskToken("kiosk-" + std::to_string(k + 1)));

    // Timed part: `timed` events split across the client kiosks.
    std::vector<Generator> generators(static_cast<std::size_t>(clients));
    for (int k = 0; k < clients; ++k) generators[k].rng.seed(1000 + static_cast<uint64_t>(k));
    std::vector<std::vector<std::string>> bodies(static_cast<std::size_t>(clients));
    std::vector<json> all_events;
    for (int k = 0; k < clients; ++k) {
        bodies[k] = MakeBodies(generators[k], "kiosk-" + std::to_string(k + 1), timed / clients, &all_events);
    }
    const int64_t timed_events = static_cast<int64_t>(all_events.size());

    const std::string raw_path = registry.Dir() + "/raw.db";
    const double raw_rate = RawSqliteRowsPerSecond(all_events, raw_path);
    std::printf("raw SQLite batched inserts (WAL, unique text id, UUIDv7): %.0f rows/s\n", raw_rate);

    const double cpu_before = ProcessCpuSeconds(registry.Pid());
    const double http_rate = IngestOverHttp(registry, bodies, tokens, timed_events);
    const double server_cpu_us = (ProcessCpuSeconds(registry.Pid()) - cpu_before) / static_cast<double>(timed_events) * 1e6;
    std::printf("ingest over loopback HTTP, batches of %d: %.0f events/s (target >= 50000); %.2f of raw SQLite\n", kBatch,
                http_rate, http_rate / raw_rate);
    std::printf("  server CPU per event: %.1f us (user+system, all threads; load average now %.1f)\n", server_cpu_us,
                [] { double load[1] = {0}; return getloadavg(load, 1) == 1 ? load[0] : 0.0; }());

    // Fill up to `total`, untimed in spirit (printed anyway), then time the reports.
    int64_t stored = timed_events;
    const auto fill_start = Clock::now();
    while (stored < total) {
        const int64_t chunk = std::min<int64_t>(100'000, total - stored);
        std::vector<std::vector<std::string>> more(static_cast<std::size_t>(clients));
        for (int k = 0; k < clients; ++k) more[k] = MakeBodies(generators[k], "kiosk-" + std::to_string(k + 1), chunk / clients, nullptr);
        IngestOverHttp(registry, more, tokens, chunk);
        stored += chunk / clients * clients;
    }
    if (stored > timed_events) {
        std::printf("filled to %lld events in %.1f s (incl. generating JSON)\n", static_cast<long long>(stored),
                    Seconds(fill_start));
    }

    const std::string reader = registry.ReaderToken();
    httplib::Client client(registry.BaseUrl());
    client.set_read_timeout(60, 0);
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
                "/v1/reports/summary?municipality=odder&from=" + std::to_string(kStart + 1234567) +
                    "&to=" + std::to_string(kStart + 20LL * 86'400'000 + 7654321));
    time_report("summary CSV", "/v1/reports/summary.csv?municipality=odder");
    time_report("funnel report", "/v1/reports/funnel?municipality=odder&service=mitid-app&version=1");
    time_report("kiosks report", "/v1/reports/kiosks?municipality=odder");

    registry.Stop();
    std::error_code ignored;
    std::printf("database size: %.1f MB\n",
                static_cast<double>(std::filesystem::file_size(registry.DbPath(), ignored)) / 1e6);
    return 0;
}
