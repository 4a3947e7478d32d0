// What the reports read, for both engines: whole hours of a range from the hourly aggregates, the ragged edges
// from the raw events (counted by the same Accumulate() as ingest), distinct sessions from the session tables.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "src/ingest/ingest.h"
#include "src/storage/sql_storage.h"

namespace bk::registry {

namespace {

// A range as whole hours [first_hour, end_hour), read from the aggregates, and the ragged edges around them,
// read from the raw events.
struct HourSplit {
    int64_t first_hour = 0;
    int64_t end_hour = 0;
    std::vector<std::pair<int64_t, int64_t>> edges;
};

HourSplit SplitRange(const TimeRange& range) {
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

// Aggregates over [from, to) of the raw events; `kiosks` (when given) gains the kiosks that sent them.
void AccumulateRaw(SqlConnection& db, const std::string& municipality, int64_t from, int64_t to, BatchAggregates& out,
                   std::set<std::string>* kiosks) {
    db.Run("SELECT body, kiosk_id FROM events WHERE municipality = ? AND ts >= ? AND ts < ?", {municipality, from, to},
           [&](const SqlRow& raw) {
               EventRow row;
               try {
                   RowFromEvent(nlohmann::json::parse(raw.Text(0)), row);
               } catch (const nlohmann::json::exception&) {
                   return;  // stored bodies were validated on ingest; skip rather than fail a report
               }
               Accumulate(row, out);
               // Reports read distinct sessions from the session tables; keeping them here would hold every
               // session of an edge (up to an hour of events) in memory.
               out.session_first.clear();
               out.guide_sessions.clear();
               out.assisted_sessions.clear();
               if (kiosks) kiosks->insert(raw.Text(1));
           });
}

ServiceKey ServiceKeyOf(const SqlRow& row, int service_column) {
    return {row.Text(service_column), static_cast<int>(row.Int(service_column + 1))};
}

// Three columns from `first`: sessions, completed, completed with staff's help.
GuideSessionCounts SessionCountsOf(const SqlRow& row, int first) {
    return {row.Int(first), row.Int(first + 1), row.Int(first + 2)};
}

// Guide rows counted: opened, completed, and completed in a session staff assisted.
constexpr const char* kSumGuideRows =
    "sum(opened), sum(completed), sum(CASE WHEN completed = 1 AND assisted = 1 THEN 1 ELSE 0 END)";

}  // namespace

SummaryData SqlStorage::LoadSummary(const std::string& municipality, const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    return Reading([&](SqlConnection& db) {
        SummaryData data;
        db.Run("SELECT service, version, sum(starts), sum(completions), sum(abandons), sum(feedback_count), "
               "sum(rating_sum), sum(task_yes), sum(task_partly), sum(task_no), sum(help_requests) "
               "FROM agg_service_hour WHERE municipality = ? AND hour >= ? AND hour < ? GROUP BY service, version",
               {municipality, split.first_hour, split.end_hour}, [&](const SqlRow& row) {
                   ServiceCounters c;
                   c.starts = row.Int(2);
                   c.completions = row.Int(3);
                   c.abandons = row.Int(4);
                   c.feedback_count = row.Int(5);
                   c.rating_sum = row.Int(6);
                   c.task_yes = row.Int(7);
                   c.task_partly = row.Int(8);
                   c.task_no = row.Int(9);
                   c.help_requests = row.Int(10);
                   data.counters[ServiceKeyOf(row, 0)] += c;
               });
        data.total_events = db.ReadInt("SELECT coalesce(sum(events), 0) FROM agg_events_hour "
                                       "WHERE municipality = ? AND hour >= ? AND hour < ?",
                                       {municipality, split.first_hour, split.end_hour});
        std::set<std::string> kiosks;
        db.Run("SELECT DISTINCT kiosk_id FROM agg_kiosk_hour WHERE municipality = ? AND hour >= ? AND hour < ?",
               {municipality, split.first_hour, split.end_hour}, [&](const SqlRow& row) { kiosks.insert(row.Text(0)); });
        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(db, municipality, from, to, edges, &kiosks);
        for (const auto& [key, c] : edges.service_hours) data.counters[key.second] += c;
        for (const auto& [hour, count] : edges.events_per_hour) data.total_events += count;
        data.total_kiosks = static_cast<int64_t>(kiosks.size());

        // Distinct sessions: hourly counts for whole hours, the session rows themselves at the ragged edges.
        db.Run("SELECT service, version, sum(sessions), sum(completed), sum(assisted) FROM agg_guide_sessions_hour "
               "WHERE municipality = ? AND hour >= ? AND hour < ? GROUP BY service, version",
               {municipality, split.first_hour, split.end_hour},
               [&](const SqlRow& row) { data.sessions[ServiceKeyOf(row, 0)] += SessionCountsOf(row, 2); });
        data.total_sessions = db.ReadInt("SELECT coalesce(sum(sessions), 0) FROM agg_sessions_hour "
                                         "WHERE municipality = ? AND hour >= ? AND hour < ?",
                                         {municipality, split.first_hour, split.end_hour});
        for (const auto& [from, to] : split.edges) {
            db.Run(std::string("SELECT service, version, ") + kSumGuideRows + " FROM guide_sessions "
                       "WHERE municipality = ? AND first_ts >= ? AND first_ts < ? GROUP BY service, version",
                   {municipality, from, to},
                   [&](const SqlRow& row) { data.sessions[ServiceKeyOf(row, 0)] += SessionCountsOf(row, 2); });
            data.total_sessions += db.ReadInt("SELECT count(*) FROM session_first WHERE municipality = ? "
                                              "AND first_ts >= ? AND first_ts < ?",
                                              {municipality, from, to});
        }
        // Randomly assigned sessions are few beside all sessions; their partial index (migration v13) holds only them.
        db.Run(std::string("SELECT service, version, side_by_side, ") + kSumGuideRows + " FROM guide_sessions" +
                   db.Dialect().IndexedBy("guide_sessions_side_by_side") +
                   " WHERE municipality = ? AND first_ts >= ? AND first_ts < ? AND side_by_side <> 0 "
                   "GROUP BY service, version, side_by_side",
               {municipality, range.from, range.to}, [&](const SqlRow& row) {
                   data.side_by_side[ServiceKeyOf(row, 0)][static_cast<int>(row.Int(2))] = SessionCountsOf(row, 3);
               });
        return data;
    });
}

FunnelData SqlStorage::LoadFunnel(const std::string& municipality, const std::string& service, int version,
                                  const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    return Reading([&](SqlConnection& db) {
        FunnelData data;
        db.Run("SELECT steps_mask, completed, assisted FROM guide_sessions WHERE municipality = ? AND service = ? "
               "AND version = ? AND first_ts >= ? AND first_ts < ?",
               {municipality, service, version, range.from, range.to}, [&](const SqlRow& row) {
                   const auto mask = static_cast<uint64_t>(row.Int(0));
                   for (int step = 0; step <= kMaxFunnelStep; ++step) {
                       if (mask & (uint64_t{1} << step)) data.views[step] += 1;
                   }
                   data.completed_sessions += row.Int(1) ? 1 : 0;
                   data.assisted_completed_sessions += row.Int(1) && row.Int(2) ? 1 : 0;
               });
        db.Run("SELECT step, sum(abandons) FROM agg_step_hour WHERE municipality = ? AND service = ? "
               "AND version = ? AND hour >= ? AND hour < ? GROUP BY step",
               {municipality, service, version, split.first_hour, split.end_hour},
               [&](const SqlRow& row) { data.abandons[static_cast<int>(row.Int(0))] += row.Int(1); });
        data.completions = db.ReadInt("SELECT coalesce(sum(completions), 0) FROM agg_service_hour WHERE municipality = ? "
                                      "AND service = ? AND version = ? AND hour >= ? AND hour < ?",
                                      {municipality, service, version, split.first_hour, split.end_hour});
        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(db, municipality, from, to, edges, nullptr);
        const ServiceKey wanted{service, version};
        for (const auto& [key, count] : edges.step_abandons) {
            if (std::get<1>(key) == wanted) data.abandons[std::get<2>(key)] += count;
        }
        for (const auto& [key, c] : edges.service_hours) {
            if (key.second == wanted) data.completions += c.completions;
        }
        data.steps_total = static_cast<int>(
            db.ReadInt("SELECT steps_total FROM service_steps WHERE municipality = ? AND service = ? AND version = ?",
                       {municipality, service, version}));
        return data;
    });
}

std::vector<FeedbackRow> SqlStorage::LoadFeedback(const std::string& municipality, const std::string& service,
                                                  const TimeRange& range, std::size_t limit) {
    return Reading([&](SqlConnection& db) {
        std::vector<FeedbackRow> rows;
        db.Run("SELECT ts, service, version, rating, task_done, lang, comment FROM feedback "
               "WHERE municipality = ? AND service = ? AND ts >= ? AND ts < ? "
               "ORDER BY ts DESC, event_id DESC, kiosk_id DESC LIMIT ?",
               {municipality, service, range.from, range.to, static_cast<int64_t>(limit)}, [&](const SqlRow& row) {
                   FeedbackRow item;
                   item.ts = row.Int(0);
                   item.service = row.Text(1);
                   item.service_version = static_cast<int>(row.Int(2));
                   item.rating = static_cast<int>(row.Int(3));
                   item.task_done = row.Text(4);
                   item.lang = row.Text(5);
                   item.comment = row.Text(6);
                   rows.push_back(std::move(item));
               });
        std::reverse(rows.begin(), rows.end());  // newest were read first
        return rows;
    });
}

std::vector<KioskRow> SqlStorage::LoadKiosks(const std::string& municipality, const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    return Reading([&](SqlConnection& db) {
        std::vector<KioskRow> kiosks;
        db.Run("SELECT kiosk_id, created_ts, last_seen_ts, last_backlog, events_received, max_seq, seq_count, "
               "last_dropped, content_release, content_error FROM kiosks WHERE municipality = ? ORDER BY kiosk_id",
               {municipality}, [&](const SqlRow& row) {
                   KioskRow kiosk;
                   kiosk.kiosk_id = row.Text(0);
                   kiosk.created_ts = row.Int(1);
                   kiosk.last_seen_ts = row.OptionalInt(2);
                   kiosk.backlog = row.OptionalInt(3);
                   kiosk.events_received_total = row.Int(4);
                   kiosk.max_seq = row.Int(5);
                   kiosk.seq_count = row.Int(6);
                   kiosk.dropped = row.OptionalInt(7);
                   kiosk.content_release = row.OptionalInt(8);
                   kiosk.content_error = row.Text(9);
                   kiosks.push_back(std::move(kiosk));
               });
        // The ragged edges' raw events, counted per kiosk in one pass each (not one pass per kiosk).
        std::map<std::string, int64_t> edge_events;
        for (const auto& [from, to] : split.edges) {
            db.Run("SELECT kiosk_id, count(*) FROM events WHERE municipality = ? AND ts >= ? AND ts < ? "
                   "GROUP BY kiosk_id",
                   {municipality, from, to}, [&](const SqlRow& row) { edge_events[row.Text(0)] += row.Int(1); });
        }
        for (KioskRow& kiosk : kiosks) {
            kiosk.events_received = db.ReadInt("SELECT coalesce(sum(events), 0) FROM agg_kiosk_hour "
                                               "WHERE municipality = ? AND kiosk_id = ? AND hour >= ? AND hour < ?",
                                               {municipality, kiosk.kiosk_id, split.first_hour, split.end_hour});
            if (auto it = edge_events.find(kiosk.kiosk_id); it != edge_events.end()) kiosk.events_received += it->second;
            // connected_share: slots from the later of `from` and the kiosk's creation up to `to`.
            const int64_t start = std::max(range.from, kiosk.created_ts);
            if (range.to > start && m_heartbeat_slot_ms > 0) {
                const int64_t first_slot = start / m_heartbeat_slot_ms;
                const int64_t last_slot = (range.to - 1) / m_heartbeat_slot_ms;
                kiosk.slots_in_range = last_slot - first_slot + 1;
                kiosk.heartbeat_slots = db.ReadInt("SELECT count(*) FROM heartbeat_slots WHERE kiosk_id = ? "
                                                   "AND slot >= ? AND slot <= ?",
                                                   {kiosk.kiosk_id, first_slot, last_slot});
            }
        }
        return kiosks;
    });
}

}  // namespace bk::registry
