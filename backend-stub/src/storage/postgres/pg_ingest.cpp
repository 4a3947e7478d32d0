// PgStorage::StoreEvents in named steps, in one transaction that runs again when another writer won. The steps
// both engines share are in batch_writes.h and session_rows.h; what is PostgreSQL's own is here: events in
// multi-row INSERTs, a lock per session before its rows are read, session rows keyed by session.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "src/storage/batch_writes.h"
#include "src/storage/postgres/pg_storage.h"
#include "src/storage/session_rows.h"

namespace bk::registry {

namespace {

constexpr std::size_t kRowsPerInsert = 500;

std::set<int64_t> TimestampsOf(const std::vector<EventRow>& rows) {
    std::set<int64_t> timestamps;
    for (const EventRow& row : rows) timestamps.insert(row.ts);
    return timestamps;
}

// A PostgreSQL array literal of strings: {"a","b"}.
std::string TextArray(const std::vector<std::string>& items) {
    std::string literal = "{";
    for (const std::string& item : items) {
        literal += literal.size() > 1 ? ",\"" : "\"";
        for (char c : item) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
}

// Session rows are read, merged and written back: each session is locked first, in key order, so a writer of the
// same session elsewhere waits and then reads what this one wrote. One round trip: the keys sorted in the array,
// locked in the array's order.
void LockSessions(SqlConnection& db, const std::string& municipality, const BatchAggregates& batch) {
    std::set<int64_t> keys;
    for (const auto& [session, first_ts] : batch.session_first) {
        keys.insert(AdvisoryLockKey(municipality + '\0' + session));
    }
    if (keys.empty()) return;
    std::string array = "{";
    for (int64_t key : keys) array += (array.size() > 1 ? "," : "") + std::to_string(key);
    db.Run("SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS k", {array + "}"});
}

// The batch's sessions as stored, and their guide rows, each read in one round trip (after LockSessions); rows
// are keyed by session, so a row that moves is updated in place.
class PgSessionRows final : public SessionRowStore {
public:
    PgSessionRows(SqlConnection& db, const std::string& municipality, const BatchAggregates& batch)
        : m_db(db), m_municipality(municipality) {
        std::vector<std::string> sessions;
        for (const auto& [session, first_ts] : batch.session_first) sessions.push_back(session);
        if (sessions.empty()) return;
        const std::string array = TextArray(sessions);
        db.Run("SELECT session, first_ts, assisted FROM session_first "
               "WHERE municipality = ? AND session = ANY(?::text[])",
               {municipality, array},
               [&](const SqlRow& row) { m_sessions[row.Text(0)] = SessionRow{row.Int(1), row.Int(2) != 0}; });
        db.Run("SELECT session, service, version, first_ts, opened, steps_mask, completed, assisted, side_by_side "
               "FROM guide_sessions WHERE municipality = ? AND session = ANY(?::text[])",
               {municipality, array}, [&](const SqlRow& row) {
                   m_guides[{ServiceKey{row.Text(1), static_cast<int>(row.Int(2))}, row.Text(0)}] =
                       GuideRow{row.Int(3),      row.Int(4) != 0, static_cast<uint64_t>(row.Int(5)),
                                row.Int(6) != 0, row.Int(7) != 0, static_cast<int>(row.Int(8))};
               });
    }

    std::optional<SessionRow> FindSession(const std::string& session) override {
        const auto found = m_sessions.find(session);
        return found == m_sessions.end() ? std::nullopt : std::optional<SessionRow>(found->second);
    }

    void WriteSession(const std::string& session, const std::optional<SessionRow>& stored,
                      const SessionRow& merged) override {
        if (!stored) {
            m_db.Run("INSERT INTO session_first (municipality, session, first_ts, assisted) VALUES (?, ?, ?, ?)",
                     {m_municipality, session, merged.first_ts, merged.assisted ? 1 : 0});
        } else if (merged != *stored) {
            m_db.Run("UPDATE session_first SET first_ts = ?, assisted = ? WHERE municipality = ? AND session = ?",
                     {merged.first_ts, merged.assisted ? 1 : 0, m_municipality, session});
        }
    }

    std::optional<GuideRow> FindGuide(const ServiceKey& key, const std::string& session) override {
        const auto found = m_guides.find({key, session});
        return found == m_guides.end() ? std::nullopt : std::optional<GuideRow>(found->second);
    }

    void WriteGuide(const ServiceKey& key, const std::string& session, const std::optional<GuideRow>&,
                    const GuideRow& merged) override {
        m_db.Run("INSERT INTO guide_sessions AS g (municipality, session, service, version, first_ts, opened, "
                 "steps_mask, completed, assisted, side_by_side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (municipality, session, service, version) DO UPDATE SET first_ts = excluded.first_ts, "
                 "opened = excluded.opened, steps_mask = excluded.steps_mask, completed = excluded.completed, "
                 "assisted = excluded.assisted, side_by_side = excluded.side_by_side",
                 {m_municipality, session, key.service, key.version, merged.first_ts, merged.opened ? 1 : 0,
                  static_cast<int64_t>(merged.steps_mask), merged.completed ? 1 : 0, merged.assisted ? 1 : 0,
                  merged.drawn_against});
    }

    std::vector<AssistedGuide> MarkGuidesAssisted(const std::string& session) override {
        return bk::registry::MarkGuidesAssisted(m_db, m_municipality, session);
    }

private:
    SqlConnection& m_db;
    const std::string& m_municipality;
    std::map<std::string, SessionRow> m_sessions;
    std::map<std::pair<ServiceKey, std::string>, GuideRow> m_guides;
};

// Several writers of one kiosk: the latest arrival and the highest sequence number win, whoever commits last.
void UpdateKioskSeen(SqlConnection& db, const std::string& kiosk_id, int64_t received_ts, const StoredBatch& batch) {
    db.Run("UPDATE kiosks SET last_seen_ts = greatest(coalesce(last_seen_ts, ?), ?), "
           "events_received = events_received + ?, max_seq = greatest(max_seq, ?), seq_count = seq_count + ? "
           "WHERE kiosk_id = ?",
           {received_ts, received_ts, batch.stored_count, batch.max_seq, batch.stored_count, kiosk_id});
}

}  // namespace

IngestOutcome PgStorage::StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                     const std::vector<EventRow>& rows, int64_t received_ts) {
    EnsureEventPartitions(TimestampsOf(rows));
    IngestOutcome outcome;
    RunInTransaction(m_pool, [&](SqlConnection& db) {
        const BatchTarget target{municipality, kiosk_id, received_ts, m_heartbeat_slot_ms, kRowsPerInsert,
                                 "ON CONFLICT (kiosk_id, id, ts) DO NOTHING"};
        StoredBatch batch = InsertNewEvents(db, target, rows);
        InsertFeedback(db, target, batch.feedback);
        LockSessions(db, municipality, batch.deltas);
        PgSessionRows session_rows(db, municipality, batch.deltas);
        const SessionCountChanges sessions = MergeSessionRows(session_rows, batch.deltas);
        WriteAggregates(db, target, batch.deltas, sessions);
        UpdateKioskSeen(db, kiosk_id, received_ts, batch);
        if (batch.latest_heartbeat) UpdateKioskHeartbeat(db, kiosk_id, *batch.latest_heartbeat);
        outcome = std::move(batch.outcome);
    });
    return outcome;
}

}  // namespace bk::registry
