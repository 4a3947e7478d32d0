#include "src/staff/staff_feed.h"

#include <chrono>

namespace bk::registry {

void StaffFeed::Notify(const std::string& municipality) {
    {
        std::lock_guard lock(m_mutex);
        ++m_versions[municipality];
    }
    m_changed.notify_all();
}

uint64_t StaffFeed::Version(const std::string& municipality) {
    std::lock_guard lock(m_mutex);
    auto it = m_versions.find(municipality);
    return it == m_versions.end() ? 0 : it->second;
}

uint64_t StaffFeed::WaitForChange(const std::string& municipality, uint64_t seen, int64_t deadline_ms) {
    // bk::SteadyNowMs() is steady_clock in ms, so the deadline converts exactly.
    const std::chrono::steady_clock::time_point deadline{std::chrono::milliseconds(deadline_ms)};
    std::unique_lock lock(m_mutex);
    m_changed.wait_until(lock, deadline, [&] { return m_shutdown || m_versions[municipality] != seen; });
    return m_versions[municipality];
}

void StaffFeed::Shutdown() {
    {
        std::lock_guard lock(m_mutex);
        m_shutdown = true;
    }
    m_changed.notify_all();
}

bool StaffFeed::ShuttingDown() {
    std::lock_guard lock(m_mutex);
    return m_shutdown;
}

StaffFeed::StreamSlot StaffFeed::TryOpenStream() {
    std::lock_guard lock(m_mutex);
    if (m_shutdown || m_open_streams >= m_max_streams) return nullptr;
    ++m_open_streams;
    return StreamSlot(this, [](void* feed) {
        auto* self = static_cast<StaffFeed*>(feed);
        std::lock_guard release(self->m_mutex);
        --self->m_open_streams;
    });
}

std::size_t StaffFeed::OpenStreams() {
    std::lock_guard lock(m_mutex);
    return m_open_streams;
}

}  // namespace bk::registry
