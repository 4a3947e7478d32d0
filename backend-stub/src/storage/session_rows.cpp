#include "src/storage/session_rows.h"

#include <algorithm>
#include <set>

namespace bk::registry {

SessionRow MergeSession(const std::optional<SessionRow>& stored, int64_t batch_first_ts, bool assisted_in_batch) {
    SessionRow merged{batch_first_ts, assisted_in_batch};
    if (stored) {
        merged.first_ts = std::min(stored->first_ts, batch_first_ts);
        merged.assisted = merged.assisted || stored->assisted;
    }
    return merged;
}

GuideRow MergeGuide(const std::optional<GuideRow>& stored, const GuideSession& batch, bool session_assisted) {
    GuideRow merged{batch.first_ts, batch.opened, batch.steps_mask, batch.completed, session_assisted,
                    batch.drawn_against};
    if (!stored) return merged;
    merged.first_ts = std::min(stored->first_ts, batch.first_ts);
    merged.opened = stored->opened || batch.opened;
    merged.steps_mask = stored->steps_mask | batch.steps_mask;
    merged.completed = stored->completed || batch.completed;
    merged.assisted = stored->assisted || session_assisted;
    if (stored->drawn_against != 0) merged.drawn_against = stored->drawn_against;
    return merged;
}

void SessionCountChanges::CountGuide(const ServiceKey& key, const GuideRow& row, int64_t sign) {
    GuideSessionCounts& counts = guides[{HourOf(row.first_ts), key}];
    counts.sessions += row.opened ? sign : 0;
    counts.completed += row.completed ? sign : 0;
    counts.assisted_completed += row.completed && row.assisted ? sign : 0;
}

SessionCountChanges MergeSessionRows(SessionRowStore& store, const BatchAggregates& batch) {
    SessionCountChanges changes;
    // Every session of the batch as stored afterwards, so its guide rows read its assisted flag; new_sessions had
    // no row, so they have no guide rows either (both are written in one transaction).
    std::map<std::string, SessionRow> sessions;
    std::set<std::string> new_sessions;
    std::set<std::string> newly_assisted;
    for (const auto& [session, first_ts] : batch.session_first) {
        const std::optional<SessionRow> stored = store.FindSession(session);
        const SessionRow merged = MergeSession(stored, first_ts, batch.assisted_sessions.count(session) > 0);
        // A row moves when an earlier event of its session arrives; the hourly count follows it.
        if (!stored || merged.first_ts != stored->first_ts) {
            if (stored) changes.sessions[HourOf(stored->first_ts)] -= 1;
            changes.sessions[HourOf(merged.first_ts)] += 1;
        }
        store.WriteSession(session, stored, merged);
        if (merged.assisted && !(stored && stored->assisted)) newly_assisted.insert(session);
        sessions[session] = merged;
        if (!stored) new_sessions.insert(session);
    }
    for (const auto& [key, batch_guide] : batch.guide_sessions) {
        const auto& [service_key, session] = key;
        const std::optional<GuideRow> stored =
            new_sessions.count(session) ? std::nullopt : store.FindGuide(service_key, session);
        const GuideRow merged = MergeGuide(stored, batch_guide, sessions.at(session).assisted);
        if (stored && merged == *stored) continue;
        if (stored) changes.CountGuide(service_key, *stored, -1);
        changes.CountGuide(service_key, merged, +1);
        store.WriteGuide(service_key, session, stored, merged);
    }
    // A session that became assisted in this batch: its guide rows from earlier batches follow.
    for (const std::string& session : newly_assisted) {
        for (const AssistedGuide& guide : store.MarkGuidesAssisted(session)) {
            if (guide.completed) changes.guides[{HourOf(guide.first_ts), guide.key}].assisted_completed += 1;
        }
    }
    return changes;
}

}  // namespace bk::registry
