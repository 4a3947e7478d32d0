// The registry under systemd (Type=notify, WatchdogSec=): READY once it answers its own GET /health, then
// WATCHDOG=1 only while it keeps answering it within the ping interval. A registry whose threads or database hang
// stops the pings, and systemd restarts it. Outside systemd (no NOTIFY_SOCKET) it starts no thread at all.
#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "shared/service_notify.h"

namespace bk::registry {

class ServiceWatchdog {
public:
    // `base_url` is where the registry itself answers (http://127.0.0.1:PORT or https://...).
    explicit ServiceWatchdog(std::string base_url);
    ~ServiceWatchdog();  // stops the thread and tells systemd the registry is stopping
    ServiceWatchdog(const ServiceWatchdog&) = delete;
    ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

private:
    void Run();
    bool HealthAnswers(int timeout_ms) const;
    ServiceNotifier m_notifier;
    std::string m_base_url;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace bk::registry
