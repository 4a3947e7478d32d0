#include "src/storage/sqlite/sqlite_storage.h"

#include <SQLiteCpp/Transaction.h>

#include "src/storage/batch_writes.h"
#include "src/storage/schema_migrations.h"

namespace bk::registry {

// [SECTION] Open and migrate

namespace {

// Read-write, created when missing; the busy timeout lets the CLI write while a server runs.
std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path) {
    try {
        return std::make_unique<SQLite::Database>(
            path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
}

// The missing versions' SQLite scripts (schema_migrations.h), each in its own transaction: one that fails rolls
// back alone. Returns the schema version afterwards.
int ApplySqliteMigrations(SQLite::Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            "applied_ts INTEGER NOT NULL)");
    int version = db.execAndGet("SELECT coalesce(max(version), 0) FROM schema_migrations").getInt();
    for (const Migration& migration : AllMigrations()) {
        if (migration.version <= version) continue;
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        db.exec(migration.sqlite);
        SQLite::Statement record(db,
                                 "INSERT INTO schema_migrations (version, description, applied_ts) "
                                 "VALUES (?, ?, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
        record.bind(1, migration.version);
        record.bind(2, migration.description);
        record.exec();
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
        version = migration.version;
    }
    return version;
}

}  // namespace

SqliteStorage::SqliteStorage(const std::string& path, std::size_t session_cache_entries)
    : SqlStorage(300'000), m_session_cache(session_cache_entries), m_guide_cache(session_cache_entries) {
    m_write_db = OpenDatabase(path);
    m_write_db->exec("PRAGMA journal_mode = WAL");
    // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commits.
    m_write_db->exec("PRAGMA synchronous = NORMAL");
    // Page caches are part of the registry's memory budget (150 MB through millions of events): the writer's
    // hot pages are the tables' tails, the hourly rows and the session indexes; what falls out is re-read from
    // the OS page cache.
    m_write_db->exec("PRAGMA cache_size = -32768");
    // Checkpoint less often: the hot pages (table tails, aggregate rows) are copied back once per checkpoint,
    // not once per batch.
    m_write_db->exec("PRAGMA wal_autocheckpoint = 4096");
    m_schema_version = ApplySqliteMigrations(*m_write_db);
    m_writer = std::make_unique<SqliteConnection>(*m_write_db);
    m_read_db = OpenDatabase(path);
    m_read_db->exec("PRAGMA cache_size = -16384");
    m_reader = std::make_unique<SqliteConnection>(*m_read_db);
}

SqliteStorage::~SqliteStorage() = default;

// [SECTION] Connections: the reader between transactions, the writer in an immediate one

void SqliteStorage::Read(const Work& work) {
    std::lock_guard lock(m_read_mutex);
    try {
        work(*m_reader);
    } catch (const SQLite::Exception& e) {
        RethrowSqliteError(e);
    }
}

void SqliteStorage::Write(const Work& work) {
    std::lock_guard lock(m_write_mutex);
    try {
        SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
        work(*m_writer);
        transaction.commit();
    } catch (const SQLite::Exception& e) {
        RethrowSqliteError(e);
    }
}

// [SECTION] Session rows: the bounded caches, then the session indexes (migration v5)

class SqliteStorage::SessionRows final : public SessionRowStore {
public:
    SessionRows(SqliteStorage& storage, const std::string& municipality)
        : m_storage(storage), m_db(*storage.m_writer), m_municipality(municipality) {}

    std::optional<SessionRow> FindSession(const std::string& session) override {
        if (const SessionRow* cached = m_storage.m_session_cache.Find(SessionKey(session))) return *cached;
        std::optional<SessionRow> found;
        m_db.Run("SELECT first_ts, assisted FROM session_first INDEXED BY session_first_session "
                 "WHERE municipality = ? AND session = ?",
                 {m_municipality, session}, [&](const SqlRow& row) { found = SessionRow{row.Int(0), row.Int(1) != 0}; });
        return found;
    }

    // Keyed by first_ts: a row that moves is deleted and inserted again.
    void WriteSession(const std::string& session, const std::optional<SessionRow>& stored,
                      const SessionRow& merged) override {
        if (stored && stored->first_ts == merged.first_ts) {
            if (merged.assisted && !stored->assisted) {
                m_db.Run("UPDATE session_first SET assisted = 1 WHERE municipality = ? AND first_ts = ? AND session = ?",
                         {m_municipality, merged.first_ts, session});
            }
        } else {
            if (stored) {
                m_db.Run("DELETE FROM session_first WHERE municipality = ? AND first_ts = ? AND session = ?",
                         {m_municipality, stored->first_ts, session});
            }
            m_db.Run("INSERT OR IGNORE INTO session_first (municipality, first_ts, session, assisted) "
                     "VALUES (?, ?, ?, ?)",
                     {m_municipality, merged.first_ts, session, merged.assisted ? 1 : 0});
        }
        m_storage.m_session_cache.Put(SessionKey(session), merged);
    }

    std::optional<GuideRow> FindGuide(const ServiceKey& key, const std::string& session) override {
        if (const GuideRow* cached = m_storage.m_guide_cache.Find(GuideKey(key, session))) return *cached;
        std::optional<GuideRow> found;
        m_db.Run("SELECT first_ts, opened, steps_mask, completed, assisted, side_by_side FROM guide_sessions "
                 "INDEXED BY guide_sessions_session "
                 "WHERE municipality = ? AND session = ? AND service = ? AND version = ?",
                 {m_municipality, session, key.service, key.version}, [&](const SqlRow& row) {
                     found = GuideRow{row.Int(0),      row.Int(1) != 0, static_cast<uint64_t>(row.Int(2)),
                                      row.Int(3) != 0, row.Int(4) != 0, static_cast<int>(row.Int(5))};
                 });
        return found;
    }

    void WriteGuide(const ServiceKey& key, const std::string& session, const std::optional<GuideRow>& stored,
                    const GuideRow& merged) override {
        if (stored && merged.first_ts != stored->first_ts) {
            m_db.Run("DELETE FROM guide_sessions WHERE municipality = ? AND first_ts = ? AND service = ? AND version = ? "
                     "AND session = ?",
                     {m_municipality, stored->first_ts, key.service, key.version, session});
        }
        m_db.Run("INSERT OR REPLACE INTO guide_sessions (municipality, first_ts, service, version, session, opened, "
                 "steps_mask, completed, assisted, side_by_side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {m_municipality, merged.first_ts, key.service, key.version, session, merged.opened ? 1 : 0,
                  static_cast<int64_t>(merged.steps_mask), merged.completed ? 1 : 0, merged.assisted ? 1 : 0,
                  merged.drawn_against});
        m_storage.m_guide_cache.Put(GuideKey(key, session), merged);
    }

    std::vector<AssistedGuide> MarkGuidesAssisted(const std::string& session) override {
        std::vector<AssistedGuide> marked = bk::registry::MarkGuidesAssisted(m_db, m_municipality, session);
        for (const AssistedGuide& guide : marked) {
            if (GuideRow* cached = m_storage.m_guide_cache.Find(GuideKey(guide.key, session))) cached->assisted = true;
        }
        return marked;
    }

private:
    std::string SessionKey(const std::string& session) const { return m_municipality + '\0' + session; }
    std::string GuideKey(const ServiceKey& key, const std::string& session) const {
        return m_municipality + '\0' + key.service + '\0' + std::to_string(key.version) + '\0' + session;
    }

    SqliteStorage& m_storage;
    SqlConnection& m_db;
    const std::string& m_municipality;
};

// [SECTION] Ingest

IngestOutcome SqliteStorage::StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                         const std::vector<EventRow>& rows, int64_t received_ts) {
    std::lock_guard lock(m_write_mutex);
    // When the transaction rolls back, the session caches may hold rows that were never committed.
    try {
        return StoreEventsLocked(municipality, kiosk_id, rows, received_ts);
    } catch (const SQLite::Exception& e) {
        m_session_cache.Clear();
        m_guide_cache.Clear();
        RethrowSqliteError(e);
    } catch (...) {
        m_session_cache.Clear();
        m_guide_cache.Clear();
        throw;
    }
}

IngestOutcome SqliteStorage::StoreEventsLocked(const std::string& municipality, const std::string& kiosk_id,
                                               const std::vector<EventRow>& rows, int64_t received_ts) {
    SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
    const BatchTarget target{municipality, kiosk_id, received_ts, m_heartbeat_slot_ms, 1,
                             "ON CONFLICT (kiosk_id, id) DO NOTHING"};
    StoredBatch batch = InsertNewEvents(*m_writer, target, rows);
    InsertFeedback(*m_writer, target, batch.feedback);
    SessionRows session_rows(*this, municipality);
    const SessionCountChanges sessions = MergeSessionRows(session_rows, batch.deltas);
    WriteAggregates(*m_writer, target, batch.deltas, sessions);
    // One writer process: the batch's arrival is the kiosk's latest.
    m_writer->Run("UPDATE kiosks SET last_seen_ts = ?, events_received = events_received + ?, max_seq = max(max_seq, ?), "
                  "seq_count = seq_count + ? WHERE kiosk_id = ?",
                  {received_ts, batch.stored_count, batch.max_seq, batch.stored_count, kiosk_id});
    if (batch.latest_heartbeat) UpdateKioskHeartbeat(*m_writer, kiosk_id, *batch.latest_heartbeat);
    transaction.commit();
    return std::move(batch.outcome);
}

}  // namespace bk::registry
