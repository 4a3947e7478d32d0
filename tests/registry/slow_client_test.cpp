// Slow and idle clients cannot take the registry from others (issue 12): with 16 connections trickling header
// bytes and 500 idle connections open, /health, a help call and an ingest from another client are each
// answered within 1 s, round after round for 3 s. Loopback only, in this process; it ends by itself.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "in_process_registry.h"
#include "raw_http.h"
#include "registry_test_util.h"
#include "src/http/http_server.h"

namespace bk::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
constexpr int kTricklers = 16;
constexpr int kIdle = 500;

std::size_t ThreadsInThisProcess() {
    std::size_t count = 0;
    if (DIR* dir = ::opendir("/proc/self/task")) {
        while (const dirent* entry = ::readdir(dir)) count += entry->d_name[0] != '.';
        ::closedir(dir);
    }
    return count;
}

// Connections that send one more header byte every `interval` and never finish their headers.
class Tricklers {
public:
    Tricklers(int port, int count, std::chrono::milliseconds interval) {
        for (int i = 0; i < count; ++i) {
            m_connections.push_back(std::make_unique<RawConnection>(port));
            m_connections.back()->Send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        }
        m_thread = std::thread([this, interval] {
            std::unique_lock lock(m_mutex);
            // The wait is the trickle's pace, and ends at once when the test is done.
            while (!m_wake.wait_for(lock, interval, [this] { return m_stop; })) {
                for (auto& connection : m_connections) connection->Send("a");
                ++m_bytes_sent;
            }
        });
    }
    ~Tricklers() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    int BytesSent() {
        std::lock_guard lock(m_mutex);
        return m_bytes_sent;
    }

private:
    std::vector<std::unique_ptr<RawConnection>> m_connections;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    int m_bytes_sent = 0;
    std::thread m_thread;
};

InProcessOptions NoRateLimit() {
    InProcessOptions options;
    options.config.rate_per_s = 0;
    return options;
}

TEST(RegistrySlowClients, HealthHelpAndIngestAnswerWithinOneSecondWhileSixteenTrickleAndFiveHundredIdle) {
    ASSERT_GE(bk::registry::RaiseOpenFileLimit(), 2u * (kTricklers + kIdle) + 200) << "not enough open files";
    const InProcessOptions options = NoRateLimit();
    InProcessRegistry registry(options);
    // The server's threads started at once take the first connections; one more thread trickles.
    const std::size_t threads_wanted = ThreadsInThisProcess() - static_cast<std::size_t>(options.config.threads) +
                                       kIdle + kTricklers + 1;

    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < kIdle; ++i) idle.push_back(std::make_unique<RawConnection>(registry.Port()));
    Tricklers tricklers(registry.Port(), kTricklers, 200ms);

    // The attack is in place once the server has taken every connection (one thread each).
    const auto taken_by = Clock::now() + 10s;
    while (ThreadsInThisProcess() < threads_wanted && Clock::now() < taken_by) std::this_thread::yield();
    ASSERT_GE(ThreadsInThisProcess(), threads_wanted);

    EventFactory events;
    std::chrono::milliseconds worst_health{0}, worst_help{0}, worst_ingest{0};
    auto timed = [](std::chrono::milliseconds& worst, auto&& call) {
        const auto start = Clock::now();
        auto res = call();
        worst = std::max(worst, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start));
        return res;
    };
    int rounds = 0;
    const auto end = Clock::now() + 3s;
    while (Clock::now() < end) {
        SCOPED_TRACE("round " + std::to_string(rounds));
        // A new client each round: a new connection must be accepted and served, not just an old one reused.
        httplib::Client client(registry.BaseUrl());
        client.set_connection_timeout(2, 0);
        client.set_read_timeout(2, 0);
        auto health = timed(worst_health, [&] { return client.Get("/health"); });
        ASSERT_TRUE(health);
        EXPECT_EQ(health->status, 200);
        const json help = {{"kiosk_id", "kiosk-1"}, {"session", "a1b2c3d4"}, {"screen", "guide"}};
        auto created = timed(worst_help, [&] {
            return client.Post("/v1/help-requests", Bearer(registry.KioskToken()), help.dump(), "application/json");
        });
        ASSERT_TRUE(created);
        EXPECT_EQ(created->status, 201) << created->body;
        const json batch = Batch("kiosk-1", json::array({events.Make("session_started", kT0 + rounds, "a1b2c3d4")}));
        auto ingest = timed(worst_ingest, [&] {
            return client.Post("/v1/events", Bearer(registry.KioskToken()), batch.dump(), "application/json");
        });
        ASSERT_TRUE(ingest);
        EXPECT_EQ(ingest->status, 200) << ingest->body;
        ++rounds;
    }
    std::cout << "slow clients: " << rounds << " rounds, worst /health " << worst_health.count() << " ms, help call "
              << worst_help.count() << " ms, ingest " << worst_ingest.count() << " ms; " << tricklers.BytesSent()
              << " bytes trickled per slow connection\n";
    EXPECT_LE(worst_health, 1000ms);
    EXPECT_LE(worst_help, 1000ms);
    EXPECT_LE(worst_ingest, 1000ms);
    EXPECT_GE(tricklers.BytesSent(), 5) << "the tricklers must have been trickling throughout";
}

TEST(RegistrySlowClients, ATricklerIsCutOffAtTheRequestDeadline) {
    InProcessOptions options = NoRateLimit();
    options.config.request_timeout_s = 1;
    InProcessRegistry registry(options);
    RawConnection trickler(registry.Port());
    ASSERT_TRUE(trickler.Send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    const auto start = Clock::now();
    // One byte every 100 ms keeps every read within the 10 s read timeout: only the whole-request deadline ends it.
    while (!trickler.Closed() && Clock::now() - start < 5s) {
        trickler.Send("a");
        trickler.ReadUntilClosed(100ms);
    }
    const auto held = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    EXPECT_TRUE(trickler.Closed());
    EXPECT_GE(held, 900ms);
    EXPECT_LE(held, 2500ms);
}

TEST(RegistrySlowClients, IdleConnectionsAreClosedWhenOthersWaitForAThread) {
    InProcessOptions options = NoRateLimit();
    options.config.threads = 2;
    options.config.max_connections = 4;
    InProcessRegistry registry(options);
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 8; ++i) idle.push_back(std::make_unique<RawConnection>(registry.Port()));
    // Eight idle connections against four threads: the next client is still served, well before the 5 s
    // keep-alive timeout, because idle connections give way to waiting ones.
    httplib::Client client(registry.BaseUrl());
    client.set_read_timeout(5, 0);
    const auto start = Clock::now();
    auto health = client.Get("/health");
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_LE(waited, 1500ms);
}

}  // namespace
}  // namespace bk::test
