#include "src/sqlite_storage.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "src/ingest.h"
#include "src/migrations.h"

namespace bk::registry {

// [SECTION] Statement helpers over SQLiteCpp: bind ?1, ?2, ... in order, a std::nullopt binds NULL

namespace {

template <class T>
std::optional<T> NullIf(bool is_null, const T& value) {
    return is_null ? std::nullopt : std::optional<T>(value);
}

template <class T>
void BindOne(SQLite::Statement& statement, int index, const T& value) {
    statement.bind(index, value);
}

template <class T>
void BindOne(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (value) statement.bind(index, *value);
    else statement.bind(index);
}

// Makes the statement ready for a new run (an error of its last run was thrown then) and binds the values.
template <class... Values>
void Bind(SQLite::Statement& statement, const Values&... values) {
    statement.tryReset();
    int index = 0;
    (BindOne(statement, ++index, values), ...);
}

// Binds and runs a statement that returns no rows; returns how many rows it changed.
template <class... Values>
int Run(SQLite::Statement& statement, const Values&... values) {
    Bind(statement, values...);
    const int changes = statement.exec();
    statement.reset();
    return changes;
}

// Read-write, created when missing; the busy timeout lets the CLI write while a server runs.
std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path) {
    try {
        return std::make_unique<SQLite::Database>(
            path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.what());
    }
}

int64_t Int(const SQLite::Statement& statement, int column) { return statement.getColumn(column).getInt64(); }

std::string Text(const SQLite::Statement& statement, int column) { return statement.getColumn(column).getString(); }

std::optional<int64_t> OptionalInt(const SQLite::Statement& statement, int column) {
    if (statement.isColumnNull(column)) return std::nullopt;
    return Int(statement, column);
}

// SQLite's failures that pass become StorageUnavailable (storage.h): a full disk, a database another writer
// holds. Every other error passes through as it is.
template <class Body>
auto Translated(Body&& body) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xFF;
        if (code == SQLITE_FULL) throw StorageUnavailable(StorageUnavailable::Reason::DiskFull, e.what());
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw StorageUnavailable(StorageUnavailable::Reason::Busy, e.what());
        throw;
    }
}

}  // namespace

// [SECTION] Prepared statements for ingest (prepared once, reused for every batch)

struct SqliteStorage::IngestStatements {
    explicit IngestStatements(const SQLite::Database& db)
        : insert_event(db,
                       "INSERT INTO events (id, municipality, kiosk_id, seq, ts, type, session, service, "
                       "service_version, step, received_ts, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                       "ON CONFLICT (kiosk_id, id) DO NOTHING"),
          insert_feedback(db,
                          "INSERT OR IGNORE INTO feedback (kiosk_id, event_id, municipality, service, version, ts, "
                          "rating, task_done, lang, comment) VALUES (?,?,?,?,?,?,?,?,?,?)"),
          upsert_service_hour(db,
                              "INSERT INTO agg_service_hour (municipality, hour, service, version, starts, "
                              "completions, abandons, feedback_count, rating_sum, task_yes, task_partly, task_no, "
                              "help_requests) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                              "ON CONFLICT DO UPDATE SET starts = starts + excluded.starts, "
                              "completions = completions + excluded.completions, "
                              "abandons = abandons + excluded.abandons, "
                              "feedback_count = feedback_count + excluded.feedback_count, "
                              "rating_sum = rating_sum + excluded.rating_sum, task_yes = task_yes + excluded.task_yes, "
                              "task_partly = task_partly + excluded.task_partly, task_no = task_no + excluded.task_no, "
                              "help_requests = help_requests + excluded.help_requests"),
          upsert_step_hour(db,
                           "INSERT INTO agg_step_hour (municipality, hour, service, version, step, abandons) "
                           "VALUES (?,?,?,?,?,?) ON CONFLICT DO UPDATE SET abandons = abandons + excluded.abandons"),
          upsert_events_hour(db,
                             "INSERT INTO agg_events_hour (municipality, hour, events) VALUES (?,?,?) "
                             "ON CONFLICT DO UPDATE SET events = events + excluded.events"),
          upsert_kiosk_hour(db,
                            "INSERT INTO agg_kiosk_hour (municipality, kiosk_id, hour, events) VALUES (?,?,?,?) "
                            "ON CONFLICT DO UPDATE SET events = events + excluded.events"),
          insert_session(db,
                         "INSERT OR IGNORE INTO session_first (municipality, first_ts, session, assisted) "
                         "VALUES (?,?,?,?)"),
          mark_session_assisted(db,
                                "UPDATE session_first SET assisted = 1 WHERE municipality = ? AND first_ts = ? "
                                "AND session = ?"),
          delete_session(db, "DELETE FROM session_first WHERE municipality = ? AND first_ts = ? AND session = ?"),
          insert_guide(db,
                       "INSERT OR REPLACE INTO guide_sessions (municipality, first_ts, service, version, session, "
                       "opened, steps_mask, completed, assisted, side_by_side) VALUES (?,?,?,?,?,?,?,?,?,?)"),
          delete_guide(db,
                       "DELETE FROM guide_sessions WHERE municipality = ? AND first_ts = ? AND service = ? "
                       "AND version = ? AND session = ?"),
          // Through the session indexes (migration v5): one session's rows, wherever their first_ts lies.
          find_session(db,
                       "SELECT first_ts, assisted FROM session_first INDEXED BY session_first_session "
                       "WHERE municipality = ? AND session = ?"),
          find_guide(db,
                     "SELECT first_ts, opened, steps_mask, completed, assisted, side_by_side FROM guide_sessions "
                     "INDEXED BY guide_sessions_session WHERE municipality = ? AND session = ? AND service = ? "
                     "AND version = ?"),
          mark_guides_assisted(db,
                               "UPDATE guide_sessions INDEXED BY guide_sessions_session SET assisted = 1 "
                               "WHERE municipality = ? AND session = ? AND assisted = 0 "
                               "RETURNING first_ts, service, version, completed"),
          upsert_steps_total(db,
                             "INSERT INTO service_steps (municipality, service, version, steps_total) "
                             "VALUES (?,?,?,?) "
                             "ON CONFLICT DO UPDATE SET steps_total = max(steps_total, excluded.steps_total)"),
          upsert_sessions_hour(db,
                               "INSERT INTO agg_sessions_hour (municipality, hour, sessions) VALUES (?,?,?) "
                               "ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions"),
          upsert_guide_sessions_hour(db,
                                     "INSERT INTO agg_guide_sessions_hour (municipality, hour, service, version, "
                                     "sessions, completed, assisted) VALUES (?,?,?,?,?,?,?) "
                                     "ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions, "
                                     "completed = completed + excluded.completed, "
                                     "assisted = assisted + excluded.assisted"),
          insert_heartbeat_slot(db, "INSERT OR IGNORE INTO heartbeat_slots (kiosk_id, slot) VALUES (?,?)"),
          update_kiosk(db,
                       "UPDATE kiosks SET last_seen_ts = ?, events_received = events_received + ?, "
                       "max_seq = max(max_seq, ?), seq_count = seq_count + ? WHERE kiosk_id = ?"),
          update_kiosk_backlog(db,
                               "UPDATE kiosks SET last_backlog = ?, last_dropped = ?, last_heartbeat_ts = ?, content_release = ?, "
                               "content_error = ? WHERE kiosk_id = ? AND (last_heartbeat_ts IS NULL OR last_heartbeat_ts <= ?)") {}

    SQLite::Statement insert_event;
    SQLite::Statement insert_feedback;
    SQLite::Statement upsert_service_hour;
    SQLite::Statement upsert_step_hour;
    SQLite::Statement upsert_events_hour;
    SQLite::Statement upsert_kiosk_hour;
    SQLite::Statement insert_session;
    SQLite::Statement mark_session_assisted;
    SQLite::Statement delete_session;
    SQLite::Statement insert_guide;
    SQLite::Statement delete_guide;
    SQLite::Statement find_session;
    SQLite::Statement find_guide;
    SQLite::Statement mark_guides_assisted;
    SQLite::Statement upsert_steps_total;
    SQLite::Statement upsert_sessions_hour;
    SQLite::Statement upsert_guide_sessions_hour;
    SQLite::Statement insert_heartbeat_slot;
    SQLite::Statement update_kiosk;
    SQLite::Statement update_kiosk_backlog;
};

// [SECTION] Open and migrate

SqliteStorage::SqliteStorage(const std::string& path, std::size_t session_cache_entries)
    : m_session_cache(session_cache_entries), m_guide_cache(session_cache_entries) {
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
    m_schema_version = ApplyMigrations(*m_write_db);
    m_ingest = std::make_unique<IngestStatements>(*m_write_db);
    m_read_db = OpenDatabase(path);
    m_read_db->exec("PRAGMA cache_size = -16384");
}

SqliteStorage::~SqliteStorage() = default;

// [SECTION] Tokens

bool SqliteStorage::AddKiosk(const std::string& municipality, const std::string& kiosk_id,
                             const std::string& token_hash, int64_t now) {
    return Translated([&]() -> bool {
        std::lock_guard lock(m_write_mutex);
        SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement exists(*m_write_db, "SELECT 1 FROM kiosks WHERE kiosk_id = ?");
        Bind(exists, kiosk_id);
        if (exists.executeStep()) return false;
        SQLite::Statement kiosk(*m_write_db, "INSERT INTO kiosks (kiosk_id, municipality, created_ts) VALUES (?,?,?)");
        Run(kiosk, kiosk_id, municipality, now);
        InsertKioskToken(municipality, kiosk_id, token_hash, now);
        transaction.commit();
        return true;
    });
}

void SqliteStorage::InsertKioskToken(const std::string& municipality, const std::string& kiosk_id,
                                     const std::string& token_hash, int64_t now) {
    SQLite::Statement token(*m_write_db,
                    "INSERT INTO tokens (hash, kind, municipality, kiosk_id, created_ts) VALUES (?, 'kiosk', ?, ?, ?)");
    Run(token, token_hash, municipality, kiosk_id, now);
}

int SqliteStorage::DeleteKioskTokens(const std::string& kiosk_id) {
    SQLite::Statement revoke(*m_write_db, "DELETE FROM tokens WHERE kind = 'kiosk' AND kiosk_id = ?");
    return Run(revoke, kiosk_id);
}

void SqliteStorage::InsertNamedToken(const char* kind, const std::string& municipality, const std::string& name,
                                     const std::string& token_hash, int64_t now) {
    SQLite::Statement token(*m_write_db,
                    "INSERT INTO tokens (hash, kind, municipality, name, created_ts) VALUES (?, ?, ?, ?, ?)");
    Run(token, token_hash, std::string(kind), municipality, name, now);
}

int SqliteStorage::DeleteNamedTokens(const char* kind, const std::string& municipality, const std::string& name) {
    SQLite::Statement revoke(*m_write_db, "DELETE FROM tokens WHERE kind = ? AND municipality = ? AND name = ?");
    return Run(revoke, std::string(kind), municipality, name);
}

void SqliteStorage::AddReader(const std::string& municipality, const std::string& name,
                              const std::string& token_hash, int64_t now) {
    return Translated([&]() {
        std::lock_guard lock(m_write_mutex);
        InsertNamedToken("reader", municipality, name, token_hash, now);
    });
}

void SqliteStorage::AddStaff(const std::string& municipality, const std::string& name,
                             const std::string& token_hash, int64_t now) {
    return Translated([&]() {
        std::lock_guard lock(m_write_mutex);
        InsertNamedToken("staff", municipality, name, token_hash, now);
    });
}

std::optional<TokenRecord> SqliteStorage::FindToken(const std::string& token_hash) {
    return Translated([&]() -> std::optional<TokenRecord> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement find(*m_read_db,
                               "SELECT kind, municipality, coalesce(kiosk_id, ''), coalesce(name, '') FROM tokens "
                               "WHERE hash = ?");
        Bind(find, token_hash);
        if (!find.executeStep()) return std::nullopt;
        TokenRecord record;
        const std::string kind = Text(find, 0);
        record.kind = kind == "kiosk" ? TokenKind::Kiosk : kind == "staff" ? TokenKind::Staff : TokenKind::Reader;
        record.municipality = Text(find, 1);
        record.kiosk_id = Text(find, 2);
        record.name = Text(find, 3);
        return record;
    });
}

int SqliteStorage::RevokeKioskTokens(const std::string& kiosk_id) {
    return Translated([&]() -> int {
        std::lock_guard lock(m_write_mutex);
        return DeleteKioskTokens(kiosk_id);
    });
}

int SqliteStorage::RevokeReaderTokens(const std::string& municipality, const std::string& name) {
    return Translated([&]() -> int {
        std::lock_guard lock(m_write_mutex);
        return DeleteNamedTokens("reader", municipality, name);
    });
}

int SqliteStorage::RevokeStaffTokens(const std::string& municipality, const std::string& name) {
    return Translated([&]() -> int {
        std::lock_guard lock(m_write_mutex);
        return DeleteNamedTokens("staff", municipality, name);
    });
}

bool SqliteStorage::RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) {
    return Translated([&]() -> bool {
        std::lock_guard lock(m_write_mutex);
        SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement kiosk(*m_write_db, "SELECT municipality FROM kiosks WHERE kiosk_id = ?");
        Bind(kiosk, kiosk_id);
        if (!kiosk.executeStep()) return false;
        DeleteKioskTokens(kiosk_id);
        InsertKioskToken(Text(kiosk, 0), kiosk_id, token_hash, now);
        transaction.commit();
        return true;
    });
}

// [SECTION] Ingest

IngestOutcome SqliteStorage::StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                         const std::vector<EventRow>& rows, int64_t received_ts) {
    return Translated([&]() -> IngestOutcome {

        std::lock_guard lock(m_write_mutex);
        try {
            return StoreEventsLocked(municipality, kiosk_id, rows, received_ts);
        } catch (...) {
            // The transaction rolled back; the session caches may hold rows that were never committed.
            m_session_cache.Clear();
            m_guide_cache.Clear();
            throw;
        }
    });
}

IngestOutcome SqliteStorage::StoreEventsLocked(const std::string& municipality, const std::string& kiosk_id,
                                               const std::vector<EventRow>& rows, int64_t received_ts) {
    IngestOutcome outcome;
    outcome.stored.resize(rows.size(), false);
    BatchAggregates deltas;
    int64_t stored_count = 0;
    int64_t max_seq = 0;
    const EventRow* latest_heartbeat = nullptr;

    IngestStatements& s = *m_ingest;
    SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const EventRow& row = rows[i];
        const int inserted = Run(s.insert_event, row.id, municipality, kiosk_id, row.seq, row.ts, row.type, row.session,
                                 NullIf(row.service.empty(), row.service),
                                 NullIf(row.service_version <= 0, row.service_version), NullIf(row.step < 0, row.step),
                                 received_ts, row.body);
        if (inserted == 0) continue;  // duplicate id: changes nothing

        outcome.stored[i] = true;
        ++stored_count;
        max_seq = std::max(max_seq, row.seq);
        Accumulate(row, deltas, received_ts, m_heartbeat_slot_ms);
        if (row.type == "feedback_submitted") {
            Run(s.insert_feedback, kiosk_id, row.id, municipality, row.service, row.service_version, row.ts, row.rating,
                row.task_done, row.lang, row.comment);
        } else if (row.type == "heartbeat" && (!latest_heartbeat || row.ts >= latest_heartbeat->ts)) {
            latest_heartbeat = &row;
        }
    }

    // One upsert per touched aggregate row, not per event.
    for (const auto& [key, c] : deltas.service_hours) {
        auto& st = s.upsert_service_hour;
        Run(st, municipality, key.first, key.second.service, key.second.version, c.starts, c.completions, c.abandons,
            c.feedback_count, c.rating_sum, c.task_yes, c.task_partly, c.task_no, c.help_requests);
    }
    for (const auto& [key, count] : deltas.step_abandons) {
        const auto& [hour, service_key, step] = key;
        Run(s.upsert_step_hour, municipality, hour, service_key.service, service_key.version, step, count);
    }
    for (const auto& [hour, count] : deltas.events_per_hour) {
        Run(s.upsert_events_hour, municipality, hour, count);
        Run(s.upsert_kiosk_hour, municipality, kiosk_id, hour, count);
    }
    // Session rows move when an earlier event of the session arrives; the hourly session counts follow them.
    // batch_sessions holds every session of the batch as stored, so the guide rows below read its assisted flag;
    // new_sessions those that had no row: they have no guide rows either (both are written in one transaction).
    std::map<int64_t, int64_t> session_hours;
    std::map<std::string, CachedSession> batch_sessions;
    std::set<std::string> new_sessions;
    std::set<std::string> newly_assisted;
    for (const auto& [session, ts] : deltas.session_first) {
        const auto existing = FindSessionRow(municipality, session);
        const auto assisted_it = deltas.assisted_sessions.find(session);
        CachedSession merged{ts, (existing && existing->assisted) || assisted_it != deltas.assisted_sessions.end()};
        if (existing && existing->first_ts <= ts) {
            merged.first_ts = existing->first_ts;
            if (merged.assisted && !existing->assisted) {
                Run(s.mark_session_assisted, municipality, merged.first_ts, session);
            }
        } else {
            if (existing) {
                Run(s.delete_session, municipality, existing->first_ts, session);
                session_hours[HourOf(existing->first_ts)] -= 1;
            }
            Run(s.insert_session, municipality, ts, session, merged.assisted ? 1 : 0);
            session_hours[HourOf(ts)] += 1;
        }
        if (merged.assisted && !(existing && existing->assisted)) newly_assisted.insert(session);
        m_session_cache.Put(municipality + '\0' + session, merged);
        batch_sessions[session] = merged;
        if (!existing) new_sessions.insert(session);
    }
    // Hourly guide-session counts by the hour of the row's first_ts: what one row contributes.
    std::map<std::pair<int64_t, ServiceKey>, GuideSessionCounts> guide_hours;
    auto count_row = [&](const ServiceKey& key, const CachedGuide& row, int64_t sign) {
        GuideSessionCounts& counts = guide_hours[{HourOf(row.first_ts), key}];
        counts.sessions += row.opened ? sign : 0;
        counts.completed += row.completed ? sign : 0;
        counts.assisted_completed += row.completed && row.assisted ? sign : 0;
    };
    for (const auto& [key, g] : deltas.guide_sessions) {
        const auto existing =
            new_sessions.count(key.second) ? std::nullopt : FindGuideRow(municipality, key.first, key.second);
        CachedGuide merged{g.first_ts, g.opened, g.steps_mask, g.completed, batch_sessions.at(key.second).assisted,
                           g.drawn_against};
        if (existing) {
            merged.first_ts = std::min(existing->first_ts, g.first_ts);
            merged.opened = existing->opened || g.opened;
            merged.steps_mask = existing->steps_mask | g.steps_mask;
            merged.completed = existing->completed || g.completed;
            merged.assisted = existing->assisted || merged.assisted;
            // A visit is drawn once (the kiosk keeps the version); a later guide_opened cannot undo or change it.
            if (existing->drawn_against != 0) merged.drawn_against = existing->drawn_against;
            if (merged == *existing) continue;
            if (merged.first_ts != existing->first_ts) {
                Run(s.delete_guide, municipality, existing->first_ts, key.first.service, key.first.version, key.second);
            }
            count_row(key.first, *existing, -1);
        }
        count_row(key.first, merged, +1);
        auto& st = s.insert_guide;
        Run(st, municipality, merged.first_ts, key.first.service, key.first.version, key.second, merged.opened ? 1 : 0,
            static_cast<int64_t>(merged.steps_mask), merged.completed ? 1 : 0, merged.assisted ? 1 : 0,
            merged.drawn_against);
        m_guide_cache.Put(GuideCacheKey(municipality, key.first, key.second), merged);
    }
    // A session that became assisted in this batch: its guide rows from earlier batches follow.
    for (const std::string& session : newly_assisted) {
        auto& st = s.mark_guides_assisted;
        Bind(st, municipality, session);
        while (st.executeStep()) {
            const ServiceKey key{Text(st, 1), static_cast<int>(Int(st, 2))};
            if (Int(st, 3) != 0) guide_hours[{HourOf(Int(st, 0)), key}].assisted_completed += 1;
            if (CachedGuide* cached = m_guide_cache.Find(GuideCacheKey(municipality, key, session))) cached->assisted = true;
        }
    }
    for (const auto& [hour, delta] : session_hours) {
        if (delta != 0) Run(s.upsert_sessions_hour, municipality, hour, delta);
    }
    for (const auto& [key, delta] : guide_hours) {
        if (delta == GuideSessionCounts{}) continue;
        auto& st = s.upsert_guide_sessions_hour;
        Run(st, municipality, key.first, key.second.service, key.second.version, delta.sessions, delta.completed,
            delta.assisted_completed);
    }
    for (const auto& [key, steps] : deltas.steps_total) {
        Run(s.upsert_steps_total, municipality, key.service, key.version, steps);
    }
    for (int64_t slot : deltas.heartbeat_slots) Run(s.insert_heartbeat_slot, kiosk_id, slot);

    Run(s.update_kiosk, received_ts, stored_count, max_seq, stored_count, kiosk_id);
    if (latest_heartbeat) {
        Run(s.update_kiosk_backlog, latest_heartbeat->backlog, NullIf(latest_heartbeat->dropped < 0, latest_heartbeat->dropped),
            latest_heartbeat->ts, latest_heartbeat->content_release,
            NullIf(latest_heartbeat->content_error.empty(), latest_heartbeat->content_error), kiosk_id, latest_heartbeat->ts);
    }
    transaction.commit();
    return outcome;
}

// [SECTION] Session rows: the bounded cache, then the session indexes

std::string SqliteStorage::GuideCacheKey(const std::string& municipality, const ServiceKey& key,
                                         const std::string& session) {
    return municipality + '\0' + key.service + '\0' + std::to_string(key.version) + '\0' + session;
}

std::optional<SqliteStorage::CachedSession> SqliteStorage::FindSessionRow(const std::string& municipality,
                                                                          const std::string& session) {
    if (const CachedSession* cached = m_session_cache.Find(municipality + '\0' + session)) return *cached;
    auto& find = m_ingest->find_session;
    Bind(find, municipality, session);
    std::optional<CachedSession> row;
    if (find.executeStep()) row = CachedSession{Int(find, 0), Int(find, 1) != 0};
    find.reset();
    return row;
}

std::optional<SqliteStorage::CachedGuide> SqliteStorage::FindGuideRow(const std::string& municipality,
                                                                      const ServiceKey& key,
                                                                      const std::string& session) {
    if (const CachedGuide* cached = m_guide_cache.Find(GuideCacheKey(municipality, key, session))) return *cached;
    auto& find = m_ingest->find_guide;
    Bind(find, municipality, session, key.service, key.version);
    std::optional<CachedGuide> row;
    if (find.executeStep()) {
        row = CachedGuide{Int(find, 0), Int(find, 1) != 0, static_cast<uint64_t>(Int(find, 2)), Int(find, 3) != 0,
                          Int(find, 4) != 0, static_cast<int>(Int(find, 5))};
    }
    find.reset();
    return row;
}

// [SECTION] Help calls

namespace {

constexpr const char* kHelpColumns =
    "id, municipality, kiosk_id, session, screen, service, status, created_ts, ack_ts, resolved_ts, step, lang, location, "
    "escalate_after_s";

HelpCall ReadHelpCall(const SQLite::Statement& st) {
    HelpCall call;
    call.id = Text(st, 0);
    call.municipality = Text(st, 1);
    call.kiosk_id = Text(st, 2);
    call.session = Text(st, 3);
    call.screen = Text(st, 4);
    call.service = Text(st, 5);
    call.status = Text(st, 6);
    call.created_ts = Int(st, 7);
    call.ack_ts = OptionalInt(st, 8);
    call.resolved_ts = OptionalInt(st, 9);
    if (const auto step = OptionalInt(st, 10)) call.step = static_cast<int>(*step);
    call.lang = Text(st, 11);
    call.location = Text(st, 12);
    if (const auto seconds = OptionalInt(st, 13)) call.escalate_after_s = static_cast<int>(*seconds);
    return call;
}

}  // namespace

void SqliteStorage::CreateHelpCall(const HelpCall& call) {
    return Translated([&]() {
        std::lock_guard lock(m_write_mutex);
        SQLite::Statement insert(*m_write_db,
                         "INSERT INTO help_requests (id, municipality, kiosk_id, session, screen, service, status, "
                         "created_ts, step, lang, location, escalate_after_s) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        const std::optional<int64_t> step = call.step ? std::optional<int64_t>(*call.step) : std::nullopt;
        const std::optional<int64_t> escalate_after_s =
            call.escalate_after_s ? std::optional<int64_t>(*call.escalate_after_s) : std::nullopt;
        Run(insert, call.id, call.municipality, call.kiosk_id, call.session, call.screen, call.service, call.status,
            call.created_ts, step, call.lang, call.location, escalate_after_s);
    });
}

std::optional<HelpCall> SqliteStorage::GetHelpCall(const std::string& id) {
    return Translated([&]() -> std::optional<HelpCall> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement find(*m_read_db, (std::string("SELECT ") + kHelpColumns + " FROM help_requests WHERE id = ?").c_str());
        Bind(find, id);
        if (!find.executeStep()) return std::nullopt;
        return ReadHelpCall(find);
    });
}

std::vector<HelpCall> SqliteStorage::ListHelpCalls(const std::string& municipality, const std::string& status) {
    return Translated([&]() -> std::vector<HelpCall> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, (std::string("SELECT ") + kHelpColumns +
                                    " FROM help_requests WHERE municipality = ? AND (? = '' OR status = ?) "
                                    "ORDER BY created_ts, id")
                                       .c_str());
        Bind(list, municipality, status, status);
        std::vector<HelpCall> calls;
        while (list.executeStep()) calls.push_back(ReadHelpCall(list));
        return calls;
    });
}

std::optional<HelpCall> SqliteStorage::UpdateHelpCall(const std::string& id, const std::string& status, int64_t now,
                                                     bool by_staff) {
    return Translated([&]() -> std::optional<HelpCall> {
        {
            std::lock_guard lock(m_write_mutex);
            // Idempotent: acknowledging twice keeps the first ack time; staff resolving implies an ack time.
            if (status == "acknowledged") {
                SQLite::Statement update(*m_write_db,
                                 "UPDATE help_requests SET status = 'acknowledged', ack_ts = ? "
                                 "WHERE id = ? AND status = 'open'");
                Run(update, now, id);
            } else if (status == "resolved") {
                SQLite::Statement update(*m_write_db,
                                 "UPDATE help_requests SET status = 'resolved', resolved_ts = ?, "
                                 "ack_ts = CASE WHEN ? THEN coalesce(ack_ts, ?) ELSE ack_ts END "
                                 "WHERE id = ? AND status != 'resolved'");
                Run(update, now, by_staff ? 1 : 0, now, id);
            }
        }
        return GetHelpCall(id);
    });
}

std::vector<HelpCall> SqliteStorage::HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) {
    return Translated([&]() -> std::vector<HelpCall> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, (std::string("SELECT ") + kHelpColumns +
                                    " FROM help_requests WHERE municipality = ? AND created_ts >= ? AND created_ts < ?")
                                       .c_str());
        Bind(list, municipality, range.from, range.to);
        std::vector<HelpCall> calls;
        while (list.executeStep()) calls.push_back(ReadHelpCall(list));
        return calls;
    });
}

// [SECTION] Alerts

namespace {

constexpr const char* kAlertColumns =
    "id, municipality, subject_kind, subject, raised_ts, last_rating_ts, ratings, unhappy, status, ack_ts, note";

Alert ReadAlert(const SQLite::Statement& st) {
    Alert alert;
    alert.id = Text(st, 0);
    alert.municipality = Text(st, 1);
    alert.subject_kind = Text(st, 2);
    alert.subject = Text(st, 3);
    alert.raised_ts = Int(st, 4);
    alert.last_rating_ts = Int(st, 5);
    alert.ratings = static_cast<int>(Int(st, 6));
    alert.unhappy = static_cast<int>(Int(st, 7));
    alert.status = Text(st, 8);
    alert.ack_ts = OptionalInt(st, 9);
    alert.note = Text(st, 10);
    return alert;
}

std::vector<Alert> ReadAlerts(SQLite::Statement& st) {
    std::vector<Alert> alerts;
    while (st.executeStep()) alerts.push_back(ReadAlert(st));
    return alerts;
}

}  // namespace

std::vector<RatingRow> SqliteStorage::LoadRatings(const std::string& municipality, const std::string& subject_kind,
                                                  const std::string& subject, const TimeRange& range) {
    return Translated([&]() -> std::vector<RatingRow> {
        std::lock_guard lock(m_read_mutex);
        const bool by_kiosk = subject_kind == "kiosk";
        SQLite::Statement list(*m_read_db, by_kiosk ? "SELECT ts, rating FROM feedback WHERE kiosk_id = ? AND "
                                                      "municipality = ? AND ts >= ? AND ts < ? ORDER BY ts"
                                                    : "SELECT ts, rating FROM feedback WHERE service = ? AND "
                                                      "municipality = ? AND ts >= ? AND ts < ? ORDER BY ts");
        Bind(list, subject, municipality, range.from, range.to);
        std::vector<RatingRow> ratings;
        while (list.executeStep()) ratings.push_back({Int(list, 0), static_cast<int>(Int(list, 1))});
        return ratings;
    });
}

std::optional<Alert> SqliteStorage::LatestAlert(const std::string& municipality, const std::string& subject_kind,
                                                const std::string& subject) {
    return Translated([&]() -> std::optional<Alert> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement find(*m_read_db, (std::string("SELECT ") + kAlertColumns +
                                            " FROM alerts WHERE municipality = ? AND subject_kind = ? AND subject = ? "
                                            "ORDER BY raised_ts DESC LIMIT 1").c_str());
        Bind(find, municipality, subject_kind, subject);
        if (!find.executeStep()) return std::nullopt;
        return ReadAlert(find);
    });
}

void SqliteStorage::CreateAlert(const Alert& alert) {
    return Translated([&]() {
        std::lock_guard lock(m_write_mutex);
        SQLite::Statement insert(*m_write_db,
                                 "INSERT INTO alerts (id, municipality, subject_kind, subject, raised_ts, last_rating_ts, "
                                 "ratings, unhappy, status, ack_ts, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        Run(insert, alert.id, alert.municipality, alert.subject_kind, alert.subject, alert.raised_ts, alert.last_rating_ts,
            alert.ratings, alert.unhappy, alert.status, alert.ack_ts, alert.note);
    });
}

std::optional<Alert> SqliteStorage::GetAlert(const std::string& id) {
    return Translated([&]() -> std::optional<Alert> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement find(*m_read_db, (std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = ?").c_str());
        Bind(find, id);
        if (!find.executeStep()) return std::nullopt;
        return ReadAlert(find);
    });
}

std::optional<Alert> SqliteStorage::AcknowledgeAlert(const std::string& id, int64_t now, const std::string& note) {
    return Translated([&]() -> std::optional<Alert> {
        {
            std::lock_guard lock(m_write_mutex);
            SQLite::Statement update(*m_write_db, "UPDATE alerts SET status = 'acknowledged', ack_ts = ?, note = ? "
                                                  "WHERE id = ? AND status = 'open'");
            Run(update, now, note, id);
        }
        return GetAlert(id);
    });
}

std::vector<Alert> SqliteStorage::ListAlerts(const std::string& municipality, const std::string& status) {
    return Translated([&]() -> std::vector<Alert> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, (std::string("SELECT ") + kAlertColumns +
                                            " FROM alerts WHERE municipality = ? AND (? = '' OR status = ?) "
                                            "ORDER BY raised_ts, id").c_str());
        Bind(list, municipality, status, status);
        return ReadAlerts(list);
    });
}

std::vector<Alert> SqliteStorage::AlertsRaisedIn(const std::string& municipality, const TimeRange& range) {
    return Translated([&]() -> std::vector<Alert> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, (std::string("SELECT ") + kAlertColumns +
                                            " FROM alerts WHERE municipality = ? AND raised_ts >= ? AND raised_ts < ? "
                                            "ORDER BY raised_ts, id").c_str());
        Bind(list, municipality, range.from, range.to);
        return ReadAlerts(list);
    });
}

// [SECTION] Reports

SqliteStorage::HourSplit SqliteStorage::SplitRange(const TimeRange& range) {
    HourSplit split;
    const int64_t from = std::max<int64_t>(range.from, 0);
    if (range.to <= from) return split;
    split.first_hour = (from + kHourMs - 1) / kHourMs;
    split.end_hour = range.to == kForever ? kForever / kHourMs : range.to / kHourMs;
    if (split.first_hour >= split.end_hour) {  // no whole hour inside: all raw
        split.first_hour = split.end_hour = 0;
        split.edges.emplace_back(from, range.to);
        return split;
    }
    if (from < split.first_hour * kHourMs) split.edges.emplace_back(from, split.first_hour * kHourMs);
    if (range.to != kForever && split.end_hour * kHourMs < range.to) {
        split.edges.emplace_back(split.end_hour * kHourMs, range.to);
    }
    return split;
}

void SqliteStorage::AccumulateRaw(const std::string& municipality, int64_t from, int64_t to, BatchAggregates& out,
                                  std::set<std::string>* kiosks) {
    SQLite::Statement raw(*m_read_db, "SELECT body, kiosk_id FROM events WHERE municipality = ? AND ts >= ? AND ts < ?");
    Bind(raw, municipality, from, to);
    while (raw.executeStep()) {
        EventRow row;
        try {
            RowFromEvent(nlohmann::json::parse(Text(raw, 0)), row);
        } catch (const nlohmann::json::exception&) {
            continue;  // stored bodies were validated on ingest; skip rather than fail a report
        }
        Accumulate(row, out);
        // Reports read distinct sessions from the session tables; keeping them here would hold every session
        // of an edge (up to an hour of events) in memory.
        out.session_first.clear();
        out.guide_sessions.clear();
        out.assisted_sessions.clear();
        if (kiosks) kiosks->insert(Text(raw, 1));
    }
}

SummaryData SqliteStorage::LoadSummary(const std::string& municipality, const TimeRange& range) {
    return Translated([&]() -> SummaryData {
        SummaryData data;
        const HourSplit split = SplitRange(range);
        std::lock_guard lock(m_read_mutex);

        SQLite::Statement counters(*m_read_db,
                           "SELECT service, version, sum(starts), sum(completions), sum(abandons), sum(feedback_count), "
                           "sum(rating_sum), sum(task_yes), sum(task_partly), sum(task_no), sum(help_requests) "
                           "FROM agg_service_hour WHERE municipality = ? AND hour >= ? AND hour < ? "
                           "GROUP BY service, version");
        Bind(counters, municipality, split.first_hour, split.end_hour);
        while (counters.executeStep()) {
            ServiceCounters c;
            c.starts = Int(counters, 2);
            c.completions = Int(counters, 3);
            c.abandons = Int(counters, 4);
            c.feedback_count = Int(counters, 5);
            c.rating_sum = Int(counters, 6);
            c.task_yes = Int(counters, 7);
            c.task_partly = Int(counters, 8);
            c.task_no = Int(counters, 9);
            c.help_requests = Int(counters, 10);
            data.counters[{Text(counters, 0), static_cast<int>(Int(counters, 1))}] += c;
        }
        SQLite::Statement events(*m_read_db,
                         "SELECT coalesce(sum(events), 0) FROM agg_events_hour WHERE municipality = ? AND hour >= ? AND hour < ?");
        Bind(events, municipality, split.first_hour, split.end_hour);
        if (events.executeStep()) data.total_events = Int(events, 0);

        std::set<std::string> kiosks;
        SQLite::Statement kiosk_list(*m_read_db,
                             "SELECT DISTINCT kiosk_id FROM agg_kiosk_hour WHERE municipality = ? AND hour >= ? AND hour < ?");
        Bind(kiosk_list, municipality, split.first_hour, split.end_hour);
        while (kiosk_list.executeStep()) kiosks.insert(Text(kiosk_list, 0));

        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(municipality, from, to, edges, &kiosks);
        for (const auto& [key, c] : edges.service_hours) data.counters[key.second] += c;
        for (const auto& [hour, count] : edges.events_per_hour) data.total_events += count;
        data.total_kiosks = static_cast<int64_t>(kiosks.size());

        // Distinct sessions: hourly counts for whole hours, the session rows themselves at the ragged edges.
        SQLite::Statement sessions(*m_read_db,
                           "SELECT service, version, sum(sessions), sum(completed), sum(assisted) "
                           "FROM agg_guide_sessions_hour WHERE municipality = ? AND hour >= ? AND hour < ? "
                           "GROUP BY service, version");
        Bind(sessions, municipality, split.first_hour, split.end_hour);
        while (sessions.executeStep()) {
            data.sessions[{Text(sessions, 0), static_cast<int>(Int(sessions, 1))}] +=
                GuideSessionCounts{Int(sessions, 2), Int(sessions, 3), Int(sessions, 4)};
        }
        SQLite::Statement total_sessions(*m_read_db,
                                 "SELECT coalesce(sum(sessions), 0) FROM agg_sessions_hour "
                                 "WHERE municipality = ? AND hour >= ? AND hour < ?");
        Bind(total_sessions, municipality, split.first_hour, split.end_hour);
        if (total_sessions.executeStep()) data.total_sessions = Int(total_sessions, 0);

        SQLite::Statement edge_sessions(*m_read_db,
                                "SELECT service, version, sum(opened), sum(completed), sum(completed AND assisted) "
                                "FROM guide_sessions WHERE municipality = ? AND first_ts >= ? AND first_ts < ? "
                                "GROUP BY service, version");
        SQLite::Statement edge_total(*m_read_db,
                             "SELECT count(*) FROM session_first WHERE municipality = ? AND first_ts >= ? AND first_ts < ?");
        for (const auto& [from, to] : split.edges) {
            Bind(edge_sessions, municipality, from, to);
            while (edge_sessions.executeStep()) {
                data.sessions[{Text(edge_sessions, 0), static_cast<int>(Int(edge_sessions, 1))}] +=
                    GuideSessionCounts{Int(edge_sessions, 2), Int(edge_sessions, 3), Int(edge_sessions, 4)};
            }
            Bind(edge_total, municipality, from, to);
            if (edge_total.executeStep()) data.total_sessions += Int(edge_total, 0);
        }
        // Randomly assigned sessions are few beside all sessions; their partial index (migration v13) holds only them.
        SQLite::Statement side_by_side(*m_read_db,
                               "SELECT service, version, side_by_side, sum(opened), sum(completed), sum(completed AND assisted) "
                               "FROM guide_sessions INDEXED BY guide_sessions_side_by_side WHERE municipality = ? "
                               "AND first_ts >= ? AND first_ts < ? AND side_by_side <> 0 GROUP BY service, version, side_by_side");
        Bind(side_by_side, municipality, range.from, range.to);
        while (side_by_side.executeStep()) {
            data.side_by_side[{Text(side_by_side, 0), static_cast<int>(Int(side_by_side, 1))}][static_cast<int>(Int(side_by_side, 2))] =
                GuideSessionCounts{Int(side_by_side, 3), Int(side_by_side, 4), Int(side_by_side, 5)};
        }
        return data;
    });
}

FunnelData SqliteStorage::LoadFunnel(const std::string& municipality, const std::string& service, int version,
                                     const TimeRange& range) {
    return Translated([&]() -> FunnelData {
        FunnelData data;
        const HourSplit split = SplitRange(range);
        std::lock_guard lock(m_read_mutex);

        SQLite::Statement views(*m_read_db,
                        "SELECT steps_mask, completed, assisted FROM guide_sessions WHERE municipality = ? AND service = ? "
                        "AND version = ? AND first_ts >= ? AND first_ts < ?");
        Bind(views, municipality, service, version, range.from, range.to);
        while (views.executeStep()) {
            const auto mask = static_cast<uint64_t>(Int(views, 0));
            for (int step = 0; step <= kMaxFunnelStep; ++step) {
                if (mask & (uint64_t{1} << step)) data.views[step] += 1;
            }
            data.completed_sessions += Int(views, 1) ? 1 : 0;
            data.assisted_completed_sessions += Int(views, 1) && Int(views, 2) ? 1 : 0;
        }
        SQLite::Statement abandons(*m_read_db,
                           "SELECT step, sum(abandons) FROM agg_step_hour WHERE municipality = ? AND service = ? "
                           "AND version = ? AND hour >= ? AND hour < ? GROUP BY step");
        Bind(abandons, municipality, service, version, split.first_hour, split.end_hour);
        while (abandons.executeStep()) data.abandons[static_cast<int>(Int(abandons, 0))] += Int(abandons, 1);

        SQLite::Statement completions(*m_read_db,
                              "SELECT coalesce(sum(completions), 0) FROM agg_service_hour WHERE municipality = ? "
                              "AND service = ? AND version = ? AND hour >= ? AND hour < ?");
        Bind(completions, municipality, service, version, split.first_hour, split.end_hour);
        if (completions.executeStep()) data.completions = Int(completions, 0);

        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(municipality, from, to, edges, nullptr);
        const ServiceKey wanted{service, version};
        for (const auto& [key, count] : edges.step_abandons) {
            if (std::get<1>(key) == wanted) data.abandons[std::get<2>(key)] += count;
        }
        for (const auto& [key, c] : edges.service_hours) {
            if (key.second == wanted) data.completions += c.completions;
        }

        SQLite::Statement steps(*m_read_db,
                        "SELECT steps_total FROM service_steps WHERE municipality = ? AND service = ? AND version = ?");
        Bind(steps, municipality, service, version);
        if (steps.executeStep()) data.steps_total = static_cast<int>(Int(steps, 0));
        return data;
    });
}

std::vector<FeedbackRow> SqliteStorage::LoadFeedback(const std::string& municipality, const std::string& service,
                                                     const TimeRange& range, std::size_t limit) {
    return Translated([&]() -> std::vector<FeedbackRow> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db,
                       "SELECT ts, service, version, rating, task_done, lang, comment FROM feedback "
                       "WHERE municipality = ? AND service = ? AND ts >= ? AND ts < ? "
                       "ORDER BY ts DESC, event_id DESC, kiosk_id DESC LIMIT ?");
        Bind(list, municipality, service, range.from, range.to, static_cast<int64_t>(limit));
        std::vector<FeedbackRow> rows;
        while (list.executeStep()) {
            FeedbackRow row;
            row.ts = Int(list, 0);
            row.service = Text(list, 1);
            row.service_version = static_cast<int>(Int(list, 2));
            row.rating = static_cast<int>(Int(list, 3));
            row.task_done = Text(list, 4);
            row.lang = Text(list, 5);
            row.comment = Text(list, 6);
            rows.push_back(std::move(row));
        }
        std::reverse(rows.begin(), rows.end());  // newest were read first
        return rows;
    });
}

std::vector<KioskRow> SqliteStorage::LoadKiosks(const std::string& municipality, const TimeRange& range) {
    return Translated([&]() -> std::vector<KioskRow> {
        const HourSplit split = SplitRange(range);
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db,
                       "SELECT kiosk_id, created_ts, last_seen_ts, last_backlog, events_received, max_seq, seq_count, last_dropped, "
                       "content_release, content_error FROM kiosks WHERE municipality = ? ORDER BY kiosk_id");
        Bind(list, municipality);
        std::vector<KioskRow> rows;
        while (list.executeStep()) {
            KioskRow row;
            row.kiosk_id = Text(list, 0);
            row.created_ts = Int(list, 1);
            row.last_seen_ts = OptionalInt(list, 2);
            row.backlog = OptionalInt(list, 3);
            row.dropped = OptionalInt(list, 7);
            row.content_release = OptionalInt(list, 8);
            row.content_error = list.isColumnNull(9) ? std::string() : Text(list, 9);
            row.events_received_total = Int(list, 4);
            row.max_seq = Int(list, 5);
            row.seq_count = Int(list, 6);
            rows.push_back(std::move(row));
        }

        SQLite::Statement hours(*m_read_db,
                        "SELECT coalesce(sum(events), 0) FROM agg_kiosk_hour WHERE municipality = ? AND kiosk_id = ? "
                        "AND hour >= ? AND hour < ?");
        // The ragged edges' raw events, counted per kiosk in one pass each (not one pass per kiosk).
        std::map<std::string, int64_t> edge_events;
        SQLite::Statement raw(*m_read_db,
                      "SELECT kiosk_id, count(*) FROM events WHERE municipality = ? AND ts >= ? AND ts < ? GROUP BY kiosk_id");
        for (const auto& [from, to] : split.edges) {
            Bind(raw, municipality, from, to);
            while (raw.executeStep()) edge_events[Text(raw, 0)] += Int(raw, 1);
        }
        SQLite::Statement slots(*m_read_db, "SELECT count(*) FROM heartbeat_slots WHERE kiosk_id = ? AND slot >= ? AND slot <= ?");
        for (KioskRow& row : rows) {
            Bind(hours, municipality, row.kiosk_id, split.first_hour, split.end_hour);
            if (hours.executeStep()) row.events_received = Int(hours, 0);
            if (auto it = edge_events.find(row.kiosk_id); it != edge_events.end()) row.events_received += it->second;
            // connected_share: slots from the later of `from` and the kiosk's creation up to `to`.
            const int64_t start = std::max(range.from, row.created_ts);
            if (range.to > start && m_heartbeat_slot_ms > 0) {
                const int64_t first_slot = start / m_heartbeat_slot_ms;
                const int64_t last_slot = (range.to - 1) / m_heartbeat_slot_ms;
                row.slots_in_range = last_slot - first_slot + 1;
                Bind(slots, row.kiosk_id, first_slot, last_slot);
                if (slots.executeStep()) row.heartbeat_slots = Int(slots, 0);
            }
        }
        return rows;
    });
}

// [SECTION] Comparisons across municipalities

void SqliteStorage::SetComparisonSharing(const std::string& municipality, bool share, int64_t now) {
    return Translated([&]() {
        std::lock_guard lock(m_write_mutex);
        SQLite::Statement change(*m_write_db, share ? "INSERT OR IGNORE INTO comparison_sharing (municipality, since_ts) VALUES (?, ?)"
                                                    : "DELETE FROM comparison_sharing WHERE municipality = ?");
        if (share) Bind(change, municipality, now);
        else Bind(change, municipality);
        change.exec();
    });
}

std::vector<std::string> SqliteStorage::MunicipalitiesSharingComparisons() {
    return Translated([&]() -> std::vector<std::string> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, "SELECT municipality FROM comparison_sharing ORDER BY municipality");
        std::vector<std::string> out;
        while (list.executeStep()) out.push_back(Text(list, 0));
        return out;
    });
}

// [SECTION] Content releases

int SqliteStorage::AddContentRelease(const ContentRelease& release) {
    return Translated([&]() -> int {
        std::lock_guard lock(m_write_mutex);
        SQLite::Transaction transaction(*m_write_db, SQLite::TransactionBehavior::IMMEDIATE);
        const int number = m_write_db->execAndGet("SELECT coalesce(max(number), 0) + 1 FROM content_releases").getInt();
        SQLite::Statement insert(*m_write_db,
                                 "INSERT INTO content_releases (number, sha256, signature, valid_from, created_ts, rollback_of, "
                                 "bytes) VALUES (?, ?, ?, ?, ?, ?, ?)");
        Bind(insert, number, release.sha256, release.signature, release.valid_from, release.created_ts, release.rollback_of,
             release.bytes);
        insert.exec();
        transaction.commit();
        return number;
    });
}

namespace {

ContentRelease ReleaseRow(const SQLite::Statement& st, bool with_bytes) {
    ContentRelease release;
    release.number = static_cast<int>(Int(st, 0));
    release.sha256 = Text(st, 1);
    release.signature = Text(st, 2);
    release.valid_from = Text(st, 3);
    release.created_ts = Int(st, 4);
    if (const auto of = OptionalInt(st, 5)) release.rollback_of = static_cast<int>(*of);
    if (with_bytes) release.bytes = Text(st, 6);
    return release;
}

}  // namespace

std::vector<ContentRelease> SqliteStorage::ListContentReleases() {
    return Translated([&]() -> std::vector<ContentRelease> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement list(*m_read_db, "SELECT number, sha256, signature, valid_from, created_ts, rollback_of "
                                           "FROM content_releases ORDER BY number");
        std::vector<ContentRelease> out;
        while (list.executeStep()) out.push_back(ReleaseRow(list, false));
        return out;
    });
}

std::optional<ContentRelease> SqliteStorage::GetContentRelease(int number) {
    return Translated([&]() -> std::optional<ContentRelease> {
        std::lock_guard lock(m_read_mutex);
        SQLite::Statement find(*m_read_db, "SELECT number, sha256, signature, valid_from, created_ts, rollback_of, bytes "
                                           "FROM content_releases WHERE number = ?");
        Bind(find, number);
        if (!find.executeStep()) return std::nullopt;
        return ReleaseRow(find, true);
    });
}

}  // namespace bk::registry
