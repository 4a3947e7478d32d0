// What wakes the staff stream (GET /v1/staff/stream): a change counter per municipality that help calls and
// alerts bump, and a bound on how many streams may be open at once.
//
// Each stream holds one connection thread for its whole life (http_server.h: a thread per connection), so
// streams are bounded three ways: at most `max_streams` at once (more get 503 and the page
// retries), each lives at most --stream-max-s (then ends; the page reconnects), and a dead client is
// noticed at the next heartbeat write. Shutdown() wakes and ends them all, so the server can stop.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace bk::registry {

class StaffFeed {
public:
    explicit StaffFeed(std::size_t max_streams) : m_max_streams(max_streams) {}

    // Something staff see changed in `municipality` (a call made, acknowledged, resolved or cancelled; an alert).
    void Notify(const std::string& municipality);
    uint64_t Version(const std::string& municipality);

    // Waits until the municipality's version differs from `seen`, Shutdown(), or `deadline_ms` of the steady
    // clock (bk::SteadyNowMs) passes. Returns the version now.
    uint64_t WaitForChange(const std::string& municipality, uint64_t seen, int64_t deadline_ms);

    void Shutdown();
    bool ShuttingDown();

    // A place among the open streams, given back when the last copy is destroyed; null when all are taken.
    using StreamSlot = std::shared_ptr<void>;
    StreamSlot TryOpenStream();
    std::size_t OpenStreams();

private:
    const std::size_t m_max_streams;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, uint64_t> m_versions;
    std::size_t m_open_streams = 0;
    bool m_shutdown = false;
};

}  // namespace bk::registry
