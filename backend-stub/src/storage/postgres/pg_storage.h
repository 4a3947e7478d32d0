// Storage on PostgreSQL (libpqxx), for a registry shared by many municipalities: several `registry-stub serve`
// processes may write to one database at once. The rules (dedupe, aggregation, session merging) and the SQL both
// engines share stay above, in SqlStorage and batch_writes.h; this engine only makes them safe under concurrent
// writers:
//   - dedupe: a unique constraint on events with ON CONFLICT DO NOTHING (a second writer of the same event waits
//     for the first to commit, then stores nothing);
//   - aggregates: INSERT ... ON CONFLICT DO UPDATE with deltas, in one key order in every transaction;
//   - session rows (read, merged, written back): under a transaction-scoped advisory lock per session;
//   - alerts: under an advisory lock per subject, so two processes never raise one twice;
//   - events partitioned by month, partitions created on demand in their own short transaction under an
//     advisory lock, so two writers never race to create one;
//   - a transaction that loses a deadlock or a serialization check runs again (pg_pool.h);
//   - help calls and alerts changed by one process wake the staff streams of the others (LISTEN/NOTIFY).
#pragma once
#include <pqxx/connection>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "src/storage/postgres/pg_pool.h"
#include "src/storage/sql_storage.h"

namespace bk::registry {

class PgStorage final : public SqlStorage {
public:
    // Connects and migrates. Throws std::runtime_error with one line (no server, bad URL, failed migration).
    explicit PgStorage(const std::string& url, int64_t heartbeat_slot_ms = 300'000, std::size_t max_connections = 8);
    ~PgStorage() override;

    // In named steps (pg_ingest.cpp).
    IngestOutcome StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                              const std::vector<EventRow>& rows, int64_t received_ts) override;

    // LISTEN on a connection of its own, on a thread of its own; NOTIFY goes out with each help-call or alert
    // change (delivered at commit). A process skips its own notifications: it woke its streams itself.
    void WatchStaffChanges(std::function<void(const std::string& municipality)> on_change) override;

    // The month partition of events that holds `ts` exists afterwards (created if needed). For the importer too.
    void EnsureEventPartitions(const std::set<int64_t>& timestamps);
    PgPool& Pool() { return m_pool; }

protected:
    void Read(const Work& work) override;
    void Write(const Work& work) override;
    void StaffChanged(SqlConnection& db, const std::string& municipality) override;
    bool RaisedByAnotherProcess(SqlConnection& db, const Alert& alert) override;

private:
    void ListenForStaffChanges(const std::function<void(const std::string&)>& on_change, std::promise<void>& listening);

    PgPool m_pool;
    std::mutex m_partitions_mutex;
    std::set<std::string> m_known_partitions;  // created or seen by this process

    const std::string m_instance;  // random, tells this process's notifications from others'
    std::mutex m_watch_mutex;
    std::condition_variable m_listen_retry;
    std::atomic<bool> m_stop_listening{false};
    std::thread m_listener;
};

// Applies the missing PostgreSQL migrations under an advisory lock (two processes starting at once apply
// each once); returns the schema version. Versions follow the SQLite ones: v9 is the baseline.
int ApplyPgMigrations(pqxx::connection& connection);

// A stable 64-bit hash (FNV-1a) for advisory lock keys: every process must compute the same key.
int64_t AdvisoryLockKey(const std::string& text);

}  // namespace bk::registry
