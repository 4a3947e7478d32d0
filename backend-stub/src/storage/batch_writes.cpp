#include "src/storage/batch_writes.h"

#include <algorithm>
#include <set>
#include <utility>

namespace bk::registry {

std::string InsertRowsSql(const char* table, const std::vector<const char*>& columns, std::size_t rows,
                          const std::string& suffix) {
    std::string sql = std::string("INSERT INTO ") + table + " (";
    std::string row = "(";
    for (std::size_t c = 0; c < columns.size(); ++c) {
        sql += (c ? ", " : "") + std::string(columns[c]);
        row += c ? ", ?" : "?";
    }
    sql += ") VALUES ";
    for (std::size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + row + ")";
    return sql + " " + suffix;
}

namespace {

// Inserts `items` in statements of up to `rows_per_insert` rows; `values_of` adds an item's values.
template <class Item, class Values>
void InsertInChunks(SqlConnection& db, const char* table, const std::vector<const char*>& columns,
                    const std::vector<Item>& items, std::size_t rows_per_insert, const std::string& suffix,
                    Values&& values_of, const SqlConnection::OnRow& on_row = {}) {
    rows_per_insert = std::max<std::size_t>(1, rows_per_insert);
    std::vector<SqlValue> values;
    std::string sql;
    std::size_t sql_rows = 0;  // the rows `sql` is for: only the last chunk may differ
    for (std::size_t first = 0; first < items.size(); first += rows_per_insert) {
        const std::size_t count = std::min(items.size() - first, rows_per_insert);
        if (count != sql_rows) {
            sql = InsertRowsSql(table, columns, count, suffix);
            sql_rows = count;
        }
        values.clear();
        for (std::size_t i = first; i < first + count; ++i) values_of(items[i], values);
        db.Run(sql, values, on_row);
    }
}

const std::vector<const char*> kEventColumns = {"id",      "municipality", "kiosk_id",        "seq",  "ts",
                                                "type",    "session",      "service",         "service_version",
                                                "step",    "received_ts",  "body"};

void AddEventValues(const BatchTarget& target, const EventRow& row, std::vector<SqlValue>& values) {
    values.insert(values.end(), {row.id, target.municipality, target.kiosk_id, row.seq, row.ts, row.type, row.session,
                                 NullIf(row.service.empty(), row.service),
                                 NullIf(row.service_version <= 0, row.service_version), NullIf(row.step < 0, row.step),
                                 target.received_ts, row.body});
}

// Which rows are new: an event the kiosk sent before (or twice in this batch) changes nothing. One row to a
// statement: its change count says it (SQLite builds RETURNING's rows in a temporary table, which a one-row
// statement need not pay for). More: RETURNING names the new rows, matched to the batch's rows by (id, ts).
std::vector<bool> InsertEvents(SqlConnection& db, const BatchTarget& target, const std::vector<EventRow>& rows) {
    std::vector<bool> is_new(rows.size(), false);
    if (target.rows_per_insert <= 1) {
        const std::string sql = InsertRowsSql("events", kEventColumns, 1, target.event_conflict);
        std::vector<SqlValue> values;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            values.clear();
            AddEventValues(target, rows[i], values);
            is_new[i] = db.Run(sql, values) > 0;
        }
        return is_new;
    }
    std::multiset<std::pair<std::string, int64_t>> inserted;  // (id, ts) of the new rows
    InsertInChunks(
        db, "events", kEventColumns, rows, target.rows_per_insert, std::string(target.event_conflict) + " RETURNING id, ts",
        [&](const EventRow& row, std::vector<SqlValue>& values) { AddEventValues(target, row, values); },
        [&](const SqlRow& row) { inserted.emplace(row.Text(0), row.Int(1)); });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto it = inserted.find({rows[i].id, rows[i].ts});
        if (it == inserted.end()) continue;
        inserted.erase(it);
        is_new[i] = true;
    }
    return is_new;
}

}  // namespace

StoredBatch InsertNewEvents(SqlConnection& db, const BatchTarget& target, const std::vector<EventRow>& rows) {
    const std::vector<bool> is_new = InsertEvents(db, target, rows);
    StoredBatch batch;
    batch.outcome.stored = is_new;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!is_new[i]) continue;
        const EventRow& row = rows[i];
        ++batch.stored_count;
        batch.max_seq = std::max(batch.max_seq, row.seq);
        Accumulate(row, batch.deltas, target.received_ts, target.heartbeat_slot_ms);
        if (row.type == "feedback_submitted") {
            batch.feedback.push_back(&row);
        } else if (row.type == "heartbeat" && (!batch.latest_heartbeat || row.ts >= batch.latest_heartbeat->ts)) {
            batch.latest_heartbeat = &row;
        }
    }
    return batch;
}

void InsertFeedback(SqlConnection& db, const BatchTarget& target, const std::vector<const EventRow*>& feedback) {
    InsertInChunks(db, "feedback",
                   {"kiosk_id", "event_id", "municipality", "service", "version", "ts", "rating", "task_done", "lang",
                    "comment"},
                   feedback, target.rows_per_insert, "ON CONFLICT DO NOTHING",
                   [&](const EventRow* row, std::vector<SqlValue>& values) {
                       values.insert(values.end(), {target.kiosk_id, row->id, target.municipality, row->service,
                                                    row->service_version, row->ts, row->rating, row->task_done, row->lang,
                                                    row->comment});
                   });
}

std::vector<AssistedGuide> MarkGuidesAssisted(SqlConnection& db, const std::string& municipality,
                                              const std::string& session) {
    std::vector<AssistedGuide> marked;
    db.Run("UPDATE guide_sessions" + db.Dialect().IndexedBy("guide_sessions_session") +
               " SET assisted = 1 WHERE municipality = ? AND session = ? AND assisted = 0 "
               "RETURNING first_ts, service, version, completed",
           {municipality, session}, [&](const SqlRow& row) {
               marked.push_back({{row.Text(1), static_cast<int>(row.Int(2))}, row.Int(0), row.Int(3) != 0});
           });
    return marked;
}

void WriteAggregates(SqlConnection& db, const BatchTarget& target, const BatchAggregates& deltas,
                     const SessionCountChanges& sessions) {
    const std::string& municipality = target.municipality;
    for (const auto& [key, c] : deltas.service_hours) {
        db.Run("INSERT INTO agg_service_hour AS a (municipality, hour, service, version, starts, completions, abandons, "
               "feedback_count, rating_sum, task_yes, task_partly, task_no, help_requests) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality, hour, service, version) "
               "DO UPDATE SET starts = a.starts + excluded.starts, completions = a.completions + excluded.completions, "
               "abandons = a.abandons + excluded.abandons, feedback_count = a.feedback_count + excluded.feedback_count, "
               "rating_sum = a.rating_sum + excluded.rating_sum, task_yes = a.task_yes + excluded.task_yes, "
               "task_partly = a.task_partly + excluded.task_partly, task_no = a.task_no + excluded.task_no, "
               "help_requests = a.help_requests + excluded.help_requests",
               {municipality, key.first, key.second.service, key.second.version, c.starts, c.completions, c.abandons,
                c.feedback_count, c.rating_sum, c.task_yes, c.task_partly, c.task_no, c.help_requests});
    }
    for (const auto& [key, count] : deltas.step_abandons) {
        const auto& [hour, service_key, step] = key;
        db.Run("INSERT INTO agg_step_hour AS a (municipality, hour, service, version, step, abandons) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (municipality, service, version, hour, step) "
               "DO UPDATE SET abandons = a.abandons + excluded.abandons",
               {municipality, hour, service_key.service, service_key.version, step, count});
    }
    for (const auto& [hour, count] : deltas.events_per_hour) {
        db.Run("INSERT INTO agg_events_hour AS a (municipality, hour, events) VALUES (?, ?, ?) "
               "ON CONFLICT (municipality, hour) DO UPDATE SET events = a.events + excluded.events",
               {municipality, hour, count});
    }
    for (const auto& [hour, count] : deltas.events_per_hour) {
        db.Run("INSERT INTO agg_kiosk_hour AS a (municipality, kiosk_id, hour, events) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (municipality, kiosk_id, hour) DO UPDATE SET events = a.events + excluded.events",
               {municipality, target.kiosk_id, hour, count});
    }
    for (const auto& [hour, delta] : sessions.sessions) {
        if (delta == 0) continue;
        db.Run("INSERT INTO agg_sessions_hour AS a (municipality, hour, sessions) VALUES (?, ?, ?) "
               "ON CONFLICT (municipality, hour) DO UPDATE SET sessions = a.sessions + excluded.sessions",
               {municipality, hour, delta});
    }
    for (const auto& [key, delta] : sessions.guides) {
        if (delta == GuideSessionCounts{}) continue;
        db.Run("INSERT INTO agg_guide_sessions_hour AS a (municipality, hour, service, version, sessions, completed, "
               "assisted) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (municipality, hour, service, version) "
               "DO UPDATE SET sessions = a.sessions + excluded.sessions, completed = a.completed + excluded.completed, "
               "assisted = a.assisted + excluded.assisted",
               {municipality, key.first, key.second.service, key.second.version, delta.sessions, delta.completed,
                delta.assisted_completed});
    }
    for (const auto& [key, steps] : deltas.steps_total) {
        db.Run("INSERT INTO service_steps AS s (municipality, service, version, steps_total) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (municipality, service, version) DO UPDATE SET steps_total = " +
                   std::string(db.Dialect().Greatest()) + "(s.steps_total, excluded.steps_total)",
               {municipality, key.service, key.version, steps});
    }
    for (int64_t slot : deltas.heartbeat_slots) {
        db.Run("INSERT INTO heartbeat_slots (kiosk_id, slot) VALUES (?, ?) ON CONFLICT DO NOTHING",
               {target.kiosk_id, slot});
    }
}

void UpdateKioskHeartbeat(SqlConnection& db, const std::string& kiosk_id, const EventRow& heartbeat) {
    db.Run("UPDATE kiosks SET last_backlog = ?, last_dropped = ?, last_heartbeat_ts = ?, content_release = ?, "
           "content_error = ? WHERE kiosk_id = ? AND (last_heartbeat_ts IS NULL OR last_heartbeat_ts <= ?)",
           {heartbeat.backlog, NullIf(heartbeat.dropped < 0, heartbeat.dropped), heartbeat.ts,
            OrNull(heartbeat.content_release), NullIf(heartbeat.content_error.empty(), heartbeat.content_error), kiosk_id,
            heartbeat.ts});
}

}  // namespace bk::registry
