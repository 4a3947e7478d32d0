// Storage on one SQLite file in WAL mode, for one municipality: one writer connection (ingest, tokens, help
// calls) and one reader connection (reports, lookups), each behind its own mutex, so a long report never blocks
// ingest. The SQL both engines share is SqlStorage's; this engine opens and migrates the file and stores batches.
#pragma once
#include <SQLiteCpp/Database.h>

#include <memory>
#include <mutex>
#include <string>

#include "src/storage/session_rows.h"
#include "src/storage/sql_storage.h"
#include "src/storage/sqlite/lru_cache.h"
#include "src/storage/sqlite/sqlite_connection.h"

namespace bk::registry {

class SqliteStorage final : public SqlStorage {
public:
    // Opens (creating if needed) and migrates the database. Throws std::runtime_error (SQLite::Exception is one).
    // session_cache_entries bounds each session cache (sessions, and sessions per guide version).
    static constexpr std::size_t kDefaultSessionCacheEntries = 20'000;
    explicit SqliteStorage(const std::string& path, std::size_t session_cache_entries = kDefaultSessionCacheEntries);
    ~SqliteStorage() override;

    IngestOutcome StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                              const std::vector<EventRow>& rows, int64_t received_ts) override;

    // Live heartbeats are those that arrive within this many ms of being sent (see openapi.yaml).
    void SetHeartbeatSlotMs(int64_t slot_ms) { m_heartbeat_slot_ms = slot_ms; }

protected:
    void Read(const Work& work) override;
    void Write(const Work& work) override;

private:
    class SessionRows;  // SessionRowStore: the bounded caches, then the session indexes

    IngestOutcome StoreEventsLocked(const std::string& municipality, const std::string& kiosk_id,
                                    const std::vector<EventRow>& rows, int64_t received_ts);

    std::mutex m_write_mutex;
    std::unique_ptr<SQLite::Database> m_write_db;
    std::unique_ptr<SqliteConnection> m_writer;
    std::mutex m_read_mutex;
    std::unique_ptr<SQLite::Database> m_read_db;
    std::unique_ptr<SqliteConnection> m_reader;

    // Rows of session_first / guide_sessions as stored, for the sessions of recent batches (a session's events
    // usually span a batch or two). Bounded by count: a miss reads the row through its session index, so the
    // registry's memory does not depend on the times kiosks send.
    LruCache<std::string, SessionRow> m_session_cache;  // municipality \0 session
    LruCache<std::string, GuideRow> m_guide_cache;      // municipality \0 service \0 version \0 session
};

}  // namespace bk::registry
