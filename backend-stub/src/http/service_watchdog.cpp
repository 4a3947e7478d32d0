#include "src/http/service_watchdog.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>

#include "shared/clock.h"

namespace bk::registry {

namespace {
// Until /health answers (at start, or after it failed) it is asked again this often.
constexpr Millis kRetryMs = 200;
}  // namespace

ServiceWatchdog::ServiceWatchdog(std::string base_url) : m_base_url(std::move(base_url)) {
    if (m_notifier.Enabled()) m_thread = std::thread([this] { Run(); });
}

ServiceWatchdog::~ServiceWatchdog() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
    m_notifier.Stopping();
}

bool ServiceWatchdog::HealthAnswers(int timeout_ms) const {
    httplib::Client client(m_base_url);
    client.enable_server_certificate_verification(false);  // itself, by its own address
    const auto timeout = std::chrono::milliseconds(timeout_ms);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    const httplib::Result result = client.Get("/health");
    return result && result->status == 200;
}

void ServiceWatchdog::Run() {
    const SystemClock clock;
    const Millis interval = m_notifier.PingIntervalMs();  // -1: systemd runs no watchdog; only READY is sent
    // An answer slower than the ping interval is no answer: systemd would count it as a hang too.
    const Millis timeout = interval > 0 ? std::clamp<Millis>(interval, 100, 5'000) : 5'000;
    for (;;) {
        Millis sleep_ms = kRetryMs;
        if (HealthAnswers(static_cast<int>(timeout))) {
            m_notifier.Ready("answering on " + m_base_url);
            if (interval < 0) return;
            m_notifier.Ping(clock.MonotonicMs());
            sleep_ms = std::max<Millis>(0, m_notifier.NextPingMs() - clock.MonotonicMs());
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_wake.wait_for(lock, std::chrono::milliseconds(sleep_ms), [this] { return m_stop; })) return;
    }
}

}  // namespace bk::registry
