#include "shared/service_notify.h"

#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace bk {

ServiceNotifier::ServiceNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    m_enabled = socket && *socket;
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (m_enabled && usec && *usec) {
        char* end = nullptr;
        const long long value = std::strtoll(usec, &end, 10);
        if (end && *end == '\0' && value > 0) m_ping_interval_ms = std::max<Millis>(1, value / 1000 / 2);
    }
}

Millis ServiceNotifier::NextPingMs() const {
    if (!m_ready || m_ping_interval_ms < 0) return -1;
    return m_last_ping_ms + m_ping_interval_ms;
}

void ServiceNotifier::Send(const std::string& state) {
    if (m_enabled) sd_notify(0, state.c_str());
}

void ServiceNotifier::Ready(const std::string& status) {
    if (m_ready) return;
    m_ready = true;
    Send(status.empty() ? "READY=1" : "READY=1\nSTATUS=" + status);
}

void ServiceNotifier::Ping(Millis now_ms) {
    if (!m_ready || m_ping_interval_ms < 0) return;
    if (m_last_ping_ms >= 0 && now_ms - m_last_ping_ms < m_ping_interval_ms) return;
    m_last_ping_ms = now_ms;
    Send("WATCHDOG=1");
}

void ServiceNotifier::Status(const std::string& status) { Send("STATUS=" + status); }

void ServiceNotifier::Stopping() { Send("STOPPING=1"); }

}  // namespace bk
