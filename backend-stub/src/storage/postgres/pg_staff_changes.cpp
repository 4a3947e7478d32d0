// Several registry processes on one database: a help call or alert one process creates or changes wakes the
// staff streams of the others. NOTIFY goes out inside the change's transaction (delivered at its commit); each
// process LISTENs on a connection and a thread of its own.
#include <pqxx/pqxx>

#include <chrono>
#include <iostream>

#include "src/storage/postgres/pg_storage.h"

namespace bk::registry {

namespace {

constexpr const char* kStaffChannel = "bk_staff_changes";  // payload: "<instance> <municipality>"

}  // namespace

void PgStorage::StaffChanged(SqlConnection& db, const std::string& municipality) {
    db.Run("SELECT pg_notify(?, ?)", {kStaffChannel, m_instance + " " + municipality});
}

namespace {

class StaffChangeReceiver final : public pqxx::notification_receiver {
public:
    StaffChangeReceiver(pqxx::connection& connection, std::function<void(const std::string&)> on_payload)
        : pqxx::notification_receiver(connection, kStaffChannel), m_on_payload(std::move(on_payload)) {}
    void operator()(const std::string& payload, int) override { m_on_payload(payload); }

private:
    std::function<void(const std::string&)> m_on_payload;
};

}  // namespace

void PgStorage::WatchStaffChanges(std::function<void(const std::string& municipality)> on_change) {
    if (m_listener.joinable()) {
        // Wake the listener with a notification of our own; it sees the flag and ends.
        m_stop_listening = true;
        try {
            Write([&](SqlConnection& db) { db.Run("SELECT pg_notify(?, ?)", {kStaffChannel, m_instance + " stop"}); });
        } catch (const std::exception&) {
            // no server: the listener's connection is broken too, and it ends on the flag
        }
        {
            std::lock_guard lock(m_watch_mutex);
            m_listen_retry.notify_all();
        }
        m_listener.join();
    }
    if (!on_change) return;
    m_stop_listening = false;
    // Returns once the first LISTEN is in place (or failed), so a change right after start is heard.
    std::promise<void> listening;
    auto ready = listening.get_future();
    m_listener = std::thread([this, on_change = std::move(on_change), listening = std::move(listening)]() mutable {
        ListenForStaffChanges(on_change, listening);
    });
    ready.wait();
}

void PgStorage::ListenForStaffChanges(const std::function<void(const std::string&)>& on_change,
                                      std::promise<void>& listening) {
    bool announced = false;
    while (!m_stop_listening) {
        bool connected = false;
        try {
            pqxx::connection connection(m_pool.Url());
            StaffChangeReceiver receiver(connection, [&](const std::string& payload) {
                const auto space = payload.find(' ');
                if (space == std::string::npos || payload.compare(0, space, m_instance) == 0) return;  // ours
                on_change(payload.substr(space + 1));
            });
            connection.get_notifs();  // the LISTEN is in place once this returns
            connected = true;
            if (!announced) listening.set_value();
            announced = true;
            while (!m_stop_listening) connection.await_notification();
        } catch (const std::exception& e) {
            if (!announced) listening.set_value();
            announced = true;
            if (m_stop_listening) break;
            if (connected) continue;  // a listening connection was ended (a restart, a failover): a new one at once
            std::cerr << "registry: PostgreSQL notifications: " << FirstLine(e.what()) << "; listening again in 5 s"
                      << std::endl;
            std::unique_lock lock(m_watch_mutex);
            m_listen_retry.wait_for(lock, std::chrono::seconds(5), [&] { return m_stop_listening.load(); });
        }
    }
    if (!announced) listening.set_value();
}

}  // namespace bk::registry
