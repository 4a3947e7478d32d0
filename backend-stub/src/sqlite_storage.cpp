#include "src/sqlite_storage.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "src/ingest.h"
#include "src/migrations.h"

namespace bk::registry {

// [SECTION] Prepared statements for ingest (prepared once, reused for every batch)

struct SqliteStorage::IngestStatements {
    explicit IngestStatements(const Database& db)
        : insert_event(db,
                       "INSERT INTO events (id, municipality, kiosk_id, seq, ts, type, session, service, "
                       "service_version, step, received_ts, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                       "ON CONFLICT (id) DO NOTHING"),
          insert_feedback(db,
                          "INSERT OR IGNORE INTO feedback (event_id, municipality, service, version, ts, rating, "
                          "task_done, lang, comment) VALUES (?,?,?,?,?,?,?,?,?)"),
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
                       "opened, steps_mask, completed, assisted) VALUES (?,?,?,?,?,?,?,?,?)"),
          delete_guide(db,
                       "DELETE FROM guide_sessions WHERE municipality = ? AND first_ts = ? AND service = ? "
                       "AND version = ? AND session = ?"),
          // A session's guide rows lie between its first event and its end.
          mark_guides_assisted(db,
                               "UPDATE guide_sessions SET assisted = 1 WHERE municipality = ? AND first_ts >= ? "
                               "AND first_ts <= ? AND session = ? AND assisted = 0 "
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
                               "UPDATE kiosks SET last_backlog = ?, last_heartbeat_ts = ? "
                               "WHERE kiosk_id = ? AND (last_heartbeat_ts IS NULL OR last_heartbeat_ts <= ?)") {}

    Statement insert_event;
    Statement insert_feedback;
    Statement upsert_service_hour;
    Statement upsert_step_hour;
    Statement upsert_events_hour;
    Statement upsert_kiosk_hour;
    Statement insert_session;
    Statement mark_session_assisted;
    Statement delete_session;
    Statement insert_guide;
    Statement delete_guide;
    Statement mark_guides_assisted;
    Statement upsert_steps_total;
    Statement upsert_sessions_hour;
    Statement upsert_guide_sessions_hour;
    Statement insert_heartbeat_slot;
    Statement update_kiosk;
    Statement update_kiosk_backlog;
};

// [SECTION] Open and migrate

SqliteStorage::SqliteStorage(const std::string& path) {
    m_write_db = std::make_unique<Database>(path);
    m_write_db->Exec("PRAGMA journal_mode = WAL");
    // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commits.
    m_write_db->Exec("PRAGMA synchronous = NORMAL");
    // The distinct-session tables are keyed by random session ids: a larger cache keeps their inserts cheap.
    m_write_db->Exec("PRAGMA cache_size = -65536");
    // Checkpoint less often: the hot pages (table tails, aggregate rows) are copied back once per checkpoint,
    // not once per batch.
    m_write_db->Exec("PRAGMA wal_autocheckpoint = 4096");
    m_schema_version = ApplyMigrations(m_write_db->Handle());
    m_ingest = std::make_unique<IngestStatements>(*m_write_db);
    LoadSessionCache();
    m_read_db = std::make_unique<Database>(path);
    m_read_db->Exec("PRAGMA cache_size = -32768");
}

SqliteStorage::~SqliteStorage() = default;

// [SECTION] Tokens

bool SqliteStorage::AddKiosk(const std::string& municipality, const std::string& kiosk_id,
                             const std::string& token_hash, int64_t now) {
    std::lock_guard lock(m_write_mutex);
    Transaction transaction(*m_write_db);
    Statement exists(*m_write_db, "SELECT 1 FROM kiosks WHERE kiosk_id = ?");
    exists.Bind(1, kiosk_id);
    if (exists.Step()) return false;
    Statement kiosk(*m_write_db, "INSERT INTO kiosks (kiosk_id, municipality, created_ts) VALUES (?,?,?)");
    kiosk.Bind(1, kiosk_id).Bind(2, municipality).Bind(3, now).Run();
    InsertKioskToken(municipality, kiosk_id, token_hash, now);
    transaction.Commit();
    return true;
}

void SqliteStorage::InsertKioskToken(const std::string& municipality, const std::string& kiosk_id,
                                     const std::string& token_hash, int64_t now) {
    Statement token(*m_write_db,
                    "INSERT INTO tokens (hash, kind, municipality, kiosk_id, created_ts) VALUES (?, 'kiosk', ?, ?, ?)");
    token.Bind(1, token_hash).Bind(2, municipality).Bind(3, kiosk_id).Bind(4, now).Run();
}

int SqliteStorage::DeleteKioskTokens(const std::string& kiosk_id) {
    Statement revoke(*m_write_db, "DELETE FROM tokens WHERE kind = 'kiosk' AND kiosk_id = ?");
    revoke.Bind(1, kiosk_id).Run();
    return static_cast<int>(m_write_db->Changes());
}

void SqliteStorage::AddReader(const std::string& municipality, const std::string& name,
                              const std::string& token_hash, int64_t now) {
    std::lock_guard lock(m_write_mutex);
    Statement token(*m_write_db,
                    "INSERT INTO tokens (hash, kind, municipality, name, created_ts) VALUES (?, 'reader', ?, ?, ?)");
    token.Bind(1, token_hash).Bind(2, municipality).Bind(3, name).Bind(4, now).Run();
}

std::optional<TokenRecord> SqliteStorage::FindToken(const std::string& token_hash) {
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_token_mutex);
        if (auto it = m_token_cache.find(token_hash); it != m_token_cache.end()) {
            if (now - it->second.loaded < std::chrono::milliseconds(m_token_cache_ms)) return it->second.record;
            m_token_cache.erase(it);  // stale: it may have been revoked since
        }
    }
    TokenRecord record;
    {
        std::lock_guard lock(m_read_mutex);
        Statement find(*m_read_db,
                       "SELECT kind, municipality, coalesce(kiosk_id, ''), coalesce(name, '') FROM tokens WHERE hash = ?");
        find.Bind(1, token_hash);
        if (!find.Step()) return std::nullopt;  // unknown tokens are never cached
        record.kind = find.Text(0) == "kiosk" ? TokenKind::Kiosk : TokenKind::Reader;
        record.municipality = find.Text(1);
        record.kiosk_id = find.Text(2);
        record.name = find.Text(3);
    }
    std::lock_guard lock(m_token_mutex);
    if (m_token_cache_ms > 0) m_token_cache[token_hash] = {record, now};
    return record;
}

int SqliteStorage::RevokeKioskTokens(const std::string& kiosk_id) {
    std::lock_guard lock(m_write_mutex);
    return DeleteKioskTokens(kiosk_id);
}

int SqliteStorage::RevokeReaderTokens(const std::string& municipality, const std::string& name) {
    std::lock_guard lock(m_write_mutex);
    Statement revoke(*m_write_db, "DELETE FROM tokens WHERE kind = 'reader' AND municipality = ? AND name = ?");
    revoke.Bind(1, municipality).Bind(2, name).Run();
    return static_cast<int>(m_write_db->Changes());
}

bool SqliteStorage::RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) {
    std::lock_guard lock(m_write_mutex);
    Transaction transaction(*m_write_db);
    Statement kiosk(*m_write_db, "SELECT municipality FROM kiosks WHERE kiosk_id = ?");
    kiosk.Bind(1, kiosk_id);
    if (!kiosk.Step()) return false;
    DeleteKioskTokens(kiosk_id);
    InsertKioskToken(kiosk.Text(0), kiosk_id, token_hash, now);
    transaction.Commit();
    return true;
}

// [SECTION] Ingest

IngestOutcome SqliteStorage::StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                         const std::vector<EventRow>& rows, int64_t received_ts) {

    std::lock_guard lock(m_write_mutex);
    try {
        return StoreEventsLocked(municipality, kiosk_id, rows, received_ts);
    } catch (...) {
        // The transaction rolled back; the session cache may hold rows that were never committed.
        m_session_cache.clear();
        m_guide_cache.clear();
        m_cache_floor = std::numeric_limits<int64_t>::min();
        LoadSessionCache();
        throw;
    }
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
    Transaction transaction(*m_write_db);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const EventRow& row = rows[i];
        s.insert_event.Bind(1, row.id).Bind(2, municipality).Bind(3, kiosk_id).Bind(4, row.seq).Bind(5, row.ts);
        s.insert_event.Bind(6, row.type).Bind(7, row.session);
        if (row.service.empty()) s.insert_event.BindNull(8);
        else s.insert_event.Bind(8, row.service);
        if (row.service_version > 0) s.insert_event.Bind(9, row.service_version);
        else s.insert_event.BindNull(9);
        if (row.step >= 0) s.insert_event.Bind(10, row.step);
        else s.insert_event.BindNull(10);
        s.insert_event.Bind(11, received_ts).Bind(12, row.body);
        s.insert_event.Run();
        if (m_write_db->Changes() == 0) continue;  // duplicate id: changes nothing

        outcome.stored[i] = true;
        ++stored_count;
        max_seq = std::max(max_seq, row.seq);
        Accumulate(row, deltas, received_ts, m_heartbeat_slot_ms);
        if (row.type == "feedback_submitted") {
            s.insert_feedback.Bind(1, row.id).Bind(2, municipality).Bind(3, row.service).Bind(4, row.service_version);
            s.insert_feedback.Bind(5, row.ts).Bind(6, row.rating).Bind(7, row.task_done).Bind(8, row.lang);
            s.insert_feedback.Bind(9, row.comment).Run();
        } else if (row.type == "heartbeat" && (!latest_heartbeat || row.ts >= latest_heartbeat->ts)) {
            latest_heartbeat = &row;
        }
    }

    // One upsert per touched aggregate row, not per event.
    for (const auto& [key, c] : deltas.service_hours) {
        auto& st = s.upsert_service_hour;
        st.Bind(1, municipality).Bind(2, key.first).Bind(3, key.second.service).Bind(4, key.second.version);
        st.Bind(5, c.starts).Bind(6, c.completions).Bind(7, c.abandons).Bind(8, c.feedback_count);
        st.Bind(9, c.rating_sum).Bind(10, c.task_yes).Bind(11, c.task_partly).Bind(12, c.task_no);
        st.Bind(13, c.help_requests).Run();
    }
    for (const auto& [key, count] : deltas.step_abandons) {
        const auto& [hour, service_key, step] = key;
        s.upsert_step_hour.Bind(1, municipality).Bind(2, hour).Bind(3, service_key.service);
        s.upsert_step_hour.Bind(4, service_key.version).Bind(5, step).Bind(6, count).Run();
    }
    for (const auto& [hour, count] : deltas.events_per_hour) {
        s.upsert_events_hour.Bind(1, municipality).Bind(2, hour).Bind(3, count).Run();
        s.upsert_kiosk_hour.Bind(1, municipality).Bind(2, kiosk_id).Bind(3, hour).Bind(4, count).Run();
    }
    // Session rows move when an earlier event of the session arrives; the hourly session counts follow them.
    // Every session of the batch ends up in the cache, so the guide rows below read its assisted flag there.
    std::map<int64_t, int64_t> session_hours;
    std::map<std::string, std::pair<int64_t, int64_t>> newly_assisted;  // session -> [first_ts, end ts]
    for (const auto& [session, ts] : deltas.session_first) {
        const auto existing = FindSessionRow(municipality, session, ts);
        const auto assisted_it = deltas.assisted_sessions.find(session);
        CachedSession merged{ts, (existing && existing->assisted) || assisted_it != deltas.assisted_sessions.end()};
        if (existing && existing->first_ts <= ts) {
            merged.first_ts = existing->first_ts;
            if (merged.assisted && !existing->assisted) {
                s.mark_session_assisted.Bind(1, municipality).Bind(2, merged.first_ts).Bind(3, session).Run();
            }
        } else {
            if (existing) {
                s.delete_session.Bind(1, municipality).Bind(2, existing->first_ts).Bind(3, session).Run();
                session_hours[HourOf(existing->first_ts)] -= 1;
            }
            s.insert_session.Bind(1, municipality).Bind(2, ts).Bind(3, session).Bind(4, merged.assisted ? 1 : 0).Run();
            session_hours[HourOf(ts)] += 1;
        }
        if (merged.assisted && !(existing && existing->assisted)) {
            newly_assisted[session] = {merged.first_ts, assisted_it->second};
        }
        m_session_cache[municipality + '\0' + session] = merged;
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
        const auto existing = FindGuideRow(municipality, key.first, key.second, g.first_ts);
        CachedGuide merged{g.first_ts, g.opened, g.steps_mask, g.completed,
                           m_session_cache.at(municipality + '\0' + key.second).assisted};
        if (existing) {
            merged.first_ts = std::min(existing->first_ts, g.first_ts);
            merged.opened = existing->opened || g.opened;
            merged.steps_mask = existing->steps_mask | g.steps_mask;
            merged.completed = existing->completed || g.completed;
            merged.assisted = existing->assisted || merged.assisted;
            if (merged == *existing) continue;
            if (merged.first_ts != existing->first_ts) {
                s.delete_guide.Bind(1, municipality).Bind(2, existing->first_ts).Bind(3, key.first.service);
                s.delete_guide.Bind(4, key.first.version).Bind(5, key.second).Run();
            }
            count_row(key.first, *existing, -1);
        }
        count_row(key.first, merged, +1);
        auto& st = s.insert_guide;
        st.Bind(1, municipality).Bind(2, merged.first_ts).Bind(3, key.first.service).Bind(4, key.first.version);
        st.Bind(5, key.second).Bind(6, merged.opened ? 1 : 0).Bind(7, static_cast<int64_t>(merged.steps_mask));
        st.Bind(8, merged.completed ? 1 : 0).Bind(9, merged.assisted ? 1 : 0).Run();
        m_guide_cache[GuideCacheKey(municipality, key.first, key.second)] = merged;
    }
    // A session that became assisted in this batch: its guide rows from earlier batches follow.
    for (const auto& [session, span] : newly_assisted) {
        auto& st = s.mark_guides_assisted;
        st.Bind(1, municipality).Bind(2, span.first).Bind(3, std::max(span.first, span.second)).Bind(4, session);
        while (st.Step()) {
            const ServiceKey key{st.Text(1), static_cast<int>(st.Int(2))};
            if (st.Int(3) != 0) guide_hours[{HourOf(st.Int(0)), key}].assisted_completed += 1;
            if (auto it = m_guide_cache.find(GuideCacheKey(municipality, key, session)); it != m_guide_cache.end()) {
                it->second.assisted = true;
            }
        }
        st.Reset();
    }
    for (const auto& [hour, delta] : session_hours) {
        if (delta != 0) s.upsert_sessions_hour.Bind(1, municipality).Bind(2, hour).Bind(3, delta).Run();
    }
    for (const auto& [key, delta] : guide_hours) {
        if (delta == GuideSessionCounts{}) continue;
        auto& st = s.upsert_guide_sessions_hour;
        st.Bind(1, municipality).Bind(2, key.first).Bind(3, key.second.service).Bind(4, key.second.version);
        st.Bind(5, delta.sessions).Bind(6, delta.completed).Bind(7, delta.assisted_completed).Run();
    }
    for (const auto& [key, steps] : deltas.steps_total) {
        s.upsert_steps_total.Bind(1, municipality).Bind(2, key.service).Bind(3, key.version).Bind(4, steps).Run();
    }
    for (int64_t slot : deltas.heartbeat_slots) s.insert_heartbeat_slot.Bind(1, kiosk_id).Bind(2, slot).Run();

    for (const auto& row : rows) {
        if (row.ts > m_max_ts && row.ts <= received_ts + 86'400'000) m_max_ts = row.ts;  // ignore clocks far ahead
    }
    s.update_kiosk.Bind(1, received_ts).Bind(2, stored_count).Bind(3, max_seq).Bind(4, stored_count);
    s.update_kiosk.Bind(5, kiosk_id).Run();
    if (latest_heartbeat) {
        s.update_kiosk_backlog.Bind(1, latest_heartbeat->backlog).Bind(2, latest_heartbeat->ts).Bind(3, kiosk_id);
        s.update_kiosk_backlog.Bind(4, latest_heartbeat->ts).Run();
    }
    transaction.Commit();
    EvictSessionCache();
    return outcome;
}

// [SECTION] Session cache

void SqliteStorage::LoadSessionCache() {
    Statement max_ts(*m_write_db, "SELECT max(first_ts) FROM session_first");
    if (!max_ts.Step() || max_ts.IsNull(0)) return;  // empty: the (empty) cache is complete
    m_max_ts = max_ts.Int(0);
    m_cache_floor = m_max_ts - 2 * kSessionWindowMs;
    Statement sessions(*m_write_db, "SELECT municipality, first_ts, session, assisted FROM session_first WHERE first_ts >= ?");
    sessions.Bind(1, m_cache_floor);
    while (sessions.Step()) {
        m_session_cache[sessions.Text(0) + '\0' + sessions.Text(2)] = {sessions.Int(1), sessions.Int(3) != 0};
    }
    Statement guides(*m_write_db,
                     "SELECT municipality, first_ts, service, version, session, opened, steps_mask, completed, "
                     "assisted FROM guide_sessions WHERE first_ts >= ?");
    guides.Bind(1, m_cache_floor);
    while (guides.Step()) {
        const ServiceKey key{guides.Text(2), static_cast<int>(guides.Int(3))};
        m_guide_cache[GuideCacheKey(guides.Text(0), key, guides.Text(4))] = {
            guides.Int(1), guides.Int(5) != 0, static_cast<uint64_t>(guides.Int(6)), guides.Int(7) != 0,
            guides.Int(8) != 0};
    }
}

void SqliteStorage::EvictSessionCache() {
    // Drop rows older than two windows, at most once per window of event time (a full pass is O(n)).
    const int64_t new_floor = m_max_ts - 2 * kSessionWindowMs;
    if (new_floor < m_cache_floor + kSessionWindowMs) return;
    std::erase_if(m_session_cache, [&](const auto& entry) { return entry.second.first_ts < new_floor; });
    std::erase_if(m_guide_cache, [&](const auto& entry) { return entry.second.first_ts < new_floor; });
    m_cache_floor = new_floor;
}

std::string SqliteStorage::GuideCacheKey(const std::string& municipality, const ServiceKey& key,
                                         const std::string& session) {
    return municipality + '\0' + key.service + '\0' + std::to_string(key.version) + '\0' + session;
}

std::optional<SqliteStorage::CachedSession> SqliteStorage::FindSessionRow(const std::string& municipality,
                                                                          const std::string& session, int64_t ts) {
    if (auto it = m_session_cache.find(municipality + '\0' + session); it != m_session_cache.end()) return it->second;
    if (ts - kSessionWindowMs >= m_cache_floor) return std::nullopt;  // the cache is complete here: a new session
    // An old event (e.g. from a kiosk's offline queue): its session's row, if any, lies within a window of it.
    Statement find(*m_write_db,
                   "SELECT first_ts, assisted FROM session_first WHERE municipality = ? AND first_ts >= ? "
                   "AND first_ts <= ? AND session = ?");
    find.Bind(1, municipality).Bind(2, ts - kSessionWindowMs).Bind(3, ts + kSessionWindowMs).Bind(4, session);
    if (find.Step()) return CachedSession{find.Int(0), find.Int(1) != 0};
    return std::nullopt;
}

std::optional<SqliteStorage::CachedGuide> SqliteStorage::FindGuideRow(const std::string& municipality,
                                                                      const ServiceKey& key,
                                                                      const std::string& session, int64_t ts) {
    auto it = m_guide_cache.find(GuideCacheKey(municipality, key, session));
    if (it != m_guide_cache.end()) return it->second;
    if (ts - kSessionWindowMs >= m_cache_floor) return std::nullopt;
    Statement find(*m_write_db,
                   "SELECT first_ts, opened, steps_mask, completed, assisted FROM guide_sessions WHERE municipality = ? "
                   "AND first_ts >= ? AND first_ts <= ? AND service = ? AND version = ? AND session = ?");
    find.Bind(1, municipality).Bind(2, ts - kSessionWindowMs).Bind(3, ts + kSessionWindowMs).Bind(4, key.service);
    find.Bind(5, key.version).Bind(6, session);
    if (!find.Step()) return std::nullopt;
    return CachedGuide{find.Int(0), find.Int(1) != 0, static_cast<uint64_t>(find.Int(2)), find.Int(3) != 0,
                       find.Int(4) != 0};
}

// [SECTION] Help calls

namespace {

constexpr const char* kHelpColumns =
    "id, municipality, kiosk_id, session, screen, service, status, created_ts, ack_ts, resolved_ts";

HelpCall ReadHelpCall(const Statement& st) {
    HelpCall call;
    call.id = st.Text(0);
    call.municipality = st.Text(1);
    call.kiosk_id = st.Text(2);
    call.session = st.Text(3);
    call.screen = st.Text(4);
    call.service = st.Text(5);
    call.status = st.Text(6);
    call.created_ts = st.Int(7);
    call.ack_ts = st.OptionalInt(8);
    call.resolved_ts = st.OptionalInt(9);
    return call;
}

}  // namespace

void SqliteStorage::CreateHelpCall(const HelpCall& call) {
    std::lock_guard lock(m_write_mutex);
    Statement insert(*m_write_db,
                     "INSERT INTO help_requests (id, municipality, kiosk_id, session, screen, service, status, "
                     "created_ts) VALUES (?,?,?,?,?,?,?,?)");
    insert.Bind(1, call.id).Bind(2, call.municipality).Bind(3, call.kiosk_id).Bind(4, call.session);
    insert.Bind(5, call.screen).Bind(6, call.service).Bind(7, call.status).Bind(8, call.created_ts).Run();
}

std::optional<HelpCall> SqliteStorage::GetHelpCall(const std::string& id) {
    std::lock_guard lock(m_read_mutex);
    Statement find(*m_read_db, (std::string("SELECT ") + kHelpColumns + " FROM help_requests WHERE id = ?").c_str());
    find.Bind(1, id);
    if (!find.Step()) return std::nullopt;
    return ReadHelpCall(find);
}

std::vector<HelpCall> SqliteStorage::ListHelpCalls(const std::string& municipality, const std::string& status) {
    std::lock_guard lock(m_read_mutex);
    Statement list(*m_read_db, (std::string("SELECT ") + kHelpColumns +
                                " FROM help_requests WHERE municipality = ? AND (? = '' OR status = ?) "
                                "ORDER BY created_ts, id")
                                   .c_str());
    list.Bind(1, municipality).Bind(2, status).Bind(3, status);
    std::vector<HelpCall> calls;
    while (list.Step()) calls.push_back(ReadHelpCall(list));
    return calls;
}

std::optional<HelpCall> SqliteStorage::UpdateHelpCall(const std::string& id, const std::string& status, int64_t now) {
    {
        std::lock_guard lock(m_write_mutex);
        // Idempotent: acknowledging twice keeps the first ack time; resolving implies an ack time.
        if (status == "acknowledged") {
            Statement update(*m_write_db,
                             "UPDATE help_requests SET status = 'acknowledged', ack_ts = ? "
                             "WHERE id = ? AND status = 'open'");
            update.Bind(1, now).Bind(2, id).Run();
        } else if (status == "resolved") {
            Statement update(*m_write_db,
                             "UPDATE help_requests SET status = 'resolved', resolved_ts = ?, "
                             "ack_ts = coalesce(ack_ts, ?) WHERE id = ? AND status != 'resolved'");
            update.Bind(1, now).Bind(2, now).Bind(3, id).Run();
        }
    }
    return GetHelpCall(id);
}

std::vector<HelpCall> SqliteStorage::HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) {
    std::lock_guard lock(m_read_mutex);
    Statement list(*m_read_db, (std::string("SELECT ") + kHelpColumns +
                                " FROM help_requests WHERE municipality = ? AND created_ts >= ? AND created_ts < ?")
                                   .c_str());
    list.Bind(1, municipality).Bind(2, range.from).Bind(3, range.to);
    std::vector<HelpCall> calls;
    while (list.Step()) calls.push_back(ReadHelpCall(list));
    return calls;
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
    Statement raw(*m_read_db, "SELECT body, kiosk_id FROM events WHERE municipality = ? AND ts >= ? AND ts < ?");
    raw.Bind(1, municipality).Bind(2, from).Bind(3, to);
    while (raw.Step()) {
        EventRow row;
        try {
            RowFromEvent(nlohmann::json::parse(raw.Text(0)), row);
        } catch (const nlohmann::json::exception&) {
            continue;  // stored bodies were validated on ingest; skip rather than fail a report
        }
        Accumulate(row, out);
        if (kiosks) kiosks->insert(raw.Text(1));
    }
}

SummaryData SqliteStorage::LoadSummary(const std::string& municipality, const TimeRange& range) {
    SummaryData data;
    const HourSplit split = SplitRange(range);
    std::lock_guard lock(m_read_mutex);

    Statement counters(*m_read_db,
                       "SELECT service, version, sum(starts), sum(completions), sum(abandons), sum(feedback_count), "
                       "sum(rating_sum), sum(task_yes), sum(task_partly), sum(task_no), sum(help_requests) "
                       "FROM agg_service_hour WHERE municipality = ? AND hour >= ? AND hour < ? "
                       "GROUP BY service, version");
    counters.Bind(1, municipality).Bind(2, split.first_hour).Bind(3, split.end_hour);
    while (counters.Step()) {
        ServiceCounters c;
        c.starts = counters.Int(2);
        c.completions = counters.Int(3);
        c.abandons = counters.Int(4);
        c.feedback_count = counters.Int(5);
        c.rating_sum = counters.Int(6);
        c.task_yes = counters.Int(7);
        c.task_partly = counters.Int(8);
        c.task_no = counters.Int(9);
        c.help_requests = counters.Int(10);
        data.counters[{counters.Text(0), static_cast<int>(counters.Int(1))}] += c;
    }
    Statement events(*m_read_db,
                     "SELECT coalesce(sum(events), 0) FROM agg_events_hour WHERE municipality = ? AND hour >= ? AND hour < ?");
    events.Bind(1, municipality).Bind(2, split.first_hour).Bind(3, split.end_hour);
    if (events.Step()) data.total_events = events.Int(0);

    std::set<std::string> kiosks;
    Statement kiosk_list(*m_read_db,
                         "SELECT DISTINCT kiosk_id FROM agg_kiosk_hour WHERE municipality = ? AND hour >= ? AND hour < ?");
    kiosk_list.Bind(1, municipality).Bind(2, split.first_hour).Bind(3, split.end_hour);
    while (kiosk_list.Step()) kiosks.insert(kiosk_list.Text(0));

    BatchAggregates edges;
    for (const auto& [from, to] : split.edges) AccumulateRaw(municipality, from, to, edges, &kiosks);
    for (const auto& [key, c] : edges.service_hours) data.counters[key.second] += c;
    for (const auto& [hour, count] : edges.events_per_hour) data.total_events += count;
    data.total_kiosks = static_cast<int64_t>(kiosks.size());

    // Distinct sessions: hourly counts for whole hours, the session rows themselves at the ragged edges.
    Statement sessions(*m_read_db,
                       "SELECT service, version, sum(sessions), sum(completed), sum(assisted) "
                       "FROM agg_guide_sessions_hour WHERE municipality = ? AND hour >= ? AND hour < ? "
                       "GROUP BY service, version");
    sessions.Bind(1, municipality).Bind(2, split.first_hour).Bind(3, split.end_hour);
    while (sessions.Step()) {
        data.sessions[{sessions.Text(0), static_cast<int>(sessions.Int(1))}] +=
            GuideSessionCounts{sessions.Int(2), sessions.Int(3), sessions.Int(4)};
    }
    Statement total_sessions(*m_read_db,
                             "SELECT coalesce(sum(sessions), 0) FROM agg_sessions_hour "
                             "WHERE municipality = ? AND hour >= ? AND hour < ?");
    total_sessions.Bind(1, municipality).Bind(2, split.first_hour).Bind(3, split.end_hour);
    if (total_sessions.Step()) data.total_sessions = total_sessions.Int(0);

    Statement edge_sessions(*m_read_db,
                            "SELECT service, version, sum(opened), sum(completed), sum(completed AND assisted) "
                            "FROM guide_sessions WHERE municipality = ? AND first_ts >= ? AND first_ts < ? "
                            "GROUP BY service, version");
    Statement edge_total(*m_read_db,
                         "SELECT count(*) FROM session_first WHERE municipality = ? AND first_ts >= ? AND first_ts < ?");
    for (const auto& [from, to] : split.edges) {
        edge_sessions.Reset();
        edge_sessions.Bind(1, municipality).Bind(2, from).Bind(3, to);
        while (edge_sessions.Step()) {
            data.sessions[{edge_sessions.Text(0), static_cast<int>(edge_sessions.Int(1))}] +=
                GuideSessionCounts{edge_sessions.Int(2), edge_sessions.Int(3), edge_sessions.Int(4)};
        }
        edge_total.Reset();
        edge_total.Bind(1, municipality).Bind(2, from).Bind(3, to);
        if (edge_total.Step()) data.total_sessions += edge_total.Int(0);
    }
    return data;
}

FunnelData SqliteStorage::LoadFunnel(const std::string& municipality, const std::string& service, int version,
                                     const TimeRange& range) {
    FunnelData data;
    const HourSplit split = SplitRange(range);
    std::lock_guard lock(m_read_mutex);

    Statement views(*m_read_db,
                    "SELECT steps_mask, completed, assisted FROM guide_sessions WHERE municipality = ? AND service = ? "
                    "AND version = ? AND first_ts >= ? AND first_ts < ?");
    views.Bind(1, municipality).Bind(2, service).Bind(3, version).Bind(4, range.from).Bind(5, range.to);
    while (views.Step()) {
        const auto mask = static_cast<uint64_t>(views.Int(0));
        for (int step = 0; step <= kMaxFunnelStep; ++step) {
            if (mask & (uint64_t{1} << step)) data.views[step] += 1;
        }
        data.completed_sessions += views.Int(1) ? 1 : 0;
        data.assisted_completed_sessions += views.Int(1) && views.Int(2) ? 1 : 0;
    }
    Statement abandons(*m_read_db,
                       "SELECT step, sum(abandons) FROM agg_step_hour WHERE municipality = ? AND service = ? "
                       "AND version = ? AND hour >= ? AND hour < ? GROUP BY step");
    abandons.Bind(1, municipality).Bind(2, service).Bind(3, version).Bind(4, split.first_hour).Bind(5, split.end_hour);
    while (abandons.Step()) data.abandons[static_cast<int>(abandons.Int(0))] += abandons.Int(1);

    Statement completions(*m_read_db,
                          "SELECT coalesce(sum(completions), 0) FROM agg_service_hour WHERE municipality = ? "
                          "AND service = ? AND version = ? AND hour >= ? AND hour < ?");
    completions.Bind(1, municipality).Bind(2, service).Bind(3, version).Bind(4, split.first_hour);
    completions.Bind(5, split.end_hour);
    if (completions.Step()) data.completions = completions.Int(0);

    BatchAggregates edges;
    for (const auto& [from, to] : split.edges) AccumulateRaw(municipality, from, to, edges, nullptr);
    const ServiceKey wanted{service, version};
    for (const auto& [key, count] : edges.step_abandons) {
        if (std::get<1>(key) == wanted) data.abandons[std::get<2>(key)] += count;
    }
    for (const auto& [key, c] : edges.service_hours) {
        if (key.second == wanted) data.completions += c.completions;
    }

    Statement steps(*m_read_db,
                    "SELECT steps_total FROM service_steps WHERE municipality = ? AND service = ? AND version = ?");
    steps.Bind(1, municipality).Bind(2, service).Bind(3, version);
    if (steps.Step()) data.steps_total = static_cast<int>(steps.Int(0));
    return data;
}

std::vector<FeedbackRow> SqliteStorage::LoadFeedback(const std::string& municipality, const std::string& service,
                                                     const TimeRange& range) {
    std::lock_guard lock(m_read_mutex);
    Statement list(*m_read_db,
                   "SELECT ts, service, version, rating, task_done, lang, comment FROM feedback "
                   "WHERE municipality = ? AND service = ? AND ts >= ? AND ts < ? ORDER BY ts, event_id");
    list.Bind(1, municipality).Bind(2, service).Bind(3, range.from).Bind(4, range.to);
    std::vector<FeedbackRow> rows;
    while (list.Step()) {
        FeedbackRow row;
        row.ts = list.Int(0);
        row.service = list.Text(1);
        row.service_version = static_cast<int>(list.Int(2));
        row.rating = static_cast<int>(list.Int(3));
        row.task_done = list.Text(4);
        row.lang = list.Text(5);
        row.comment = list.Text(6);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<KioskRow> SqliteStorage::LoadKiosks(const std::string& municipality, const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    std::lock_guard lock(m_read_mutex);
    Statement list(*m_read_db,
                   "SELECT kiosk_id, created_ts, last_seen_ts, last_backlog, events_received, max_seq, seq_count "
                   "FROM kiosks WHERE municipality = ? ORDER BY kiosk_id");
    list.Bind(1, municipality);
    std::vector<KioskRow> rows;
    while (list.Step()) {
        KioskRow row;
        row.kiosk_id = list.Text(0);
        row.created_ts = list.Int(1);
        row.last_seen_ts = list.OptionalInt(2);
        row.backlog = list.OptionalInt(3);
        row.events_received_total = list.Int(4);
        row.max_seq = list.Int(5);
        row.seq_count = list.Int(6);
        rows.push_back(std::move(row));
    }

    Statement hours(*m_read_db,
                    "SELECT coalesce(sum(events), 0) FROM agg_kiosk_hour WHERE municipality = ? AND kiosk_id = ? "
                    "AND hour >= ? AND hour < ?");
    Statement raw(*m_read_db,
                  "SELECT count(*) FROM events WHERE municipality = ? AND ts >= ? AND ts < ? AND kiosk_id = ?");
    Statement slots(*m_read_db, "SELECT count(*) FROM heartbeat_slots WHERE kiosk_id = ? AND slot >= ? AND slot <= ?");
    for (KioskRow& row : rows) {
        hours.Reset();
        hours.Bind(1, municipality).Bind(2, row.kiosk_id).Bind(3, split.first_hour).Bind(4, split.end_hour);
        if (hours.Step()) row.events_received = hours.Int(0);
        for (const auto& [from, to] : split.edges) {
            raw.Reset();
            raw.Bind(1, municipality).Bind(2, from).Bind(3, to).Bind(4, row.kiosk_id);
            if (raw.Step()) row.events_received += raw.Int(0);
        }
        // connected_share: slots from the later of `from` and the kiosk's creation up to `to`.
        const int64_t start = std::max(range.from, row.created_ts);
        if (range.to > start && m_heartbeat_slot_ms > 0) {
            const int64_t first_slot = start / m_heartbeat_slot_ms;
            const int64_t last_slot = (range.to - 1) / m_heartbeat_slot_ms;
            row.slots_in_range = last_slot - first_slot + 1;
            slots.Reset();
            slots.Bind(1, row.kiosk_id).Bind(2, first_slot).Bind(3, last_slot);
            if (slots.Step()) row.heartbeat_slots = slots.Int(0);
        }
    }
    return rows;
}

}  // namespace bk::registry
