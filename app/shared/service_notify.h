// Talks to systemd for a service that runs under it (Type=notify, WatchdogSec=): READY=1 once the program really
// works, then WATCHDOG=1 at half the watchdog interval for as long as it keeps working. The caller decides what
// "works" means (the kiosk: it draws frames; the registry: it answers /health) and calls Ping() only then, so a
// hung program stops the pings and systemd restarts it. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once
#include <string>

#include "shared/clock.h"

namespace bk {

class ServiceNotifier {
public:
    // Reads NOTIFY_SOCKET and WATCHDOG_USEC. WATCHDOG_PID is not checked: the kiosk runs as a child of the cage
    // compositor (NotifyAccess=all), so the watchdog set for cage is the kiosk's to feed.
    ServiceNotifier();

    bool Enabled() const { return m_enabled; }
    // Half the watchdog interval, or -1 when systemd runs no watchdog for this service.
    Millis PingIntervalMs() const { return m_ping_interval_ms; }
    // When the next ping is due (monotonic ms), or -1 for never: a loop that sleeps wakes up by then.
    Millis NextPingMs() const;

    void Ready(const std::string& status = "");   // once; the first ping goes with it
    void Ping(Millis now_ms);                      // WATCHDOG=1 when due; cheap to call every frame
    void Status(const std::string& status);        // a line `systemctl status` shows
    void Stopping();

private:
    void Send(const std::string& state);
    bool m_enabled = false;
    bool m_ready = false;
    Millis m_ping_interval_ms = -1;
    Millis m_last_ping_ms = -1;
};

}  // namespace bk
