// Distinct sessions, the rule both engines keep: a session has one row in session_first (when its first event
// happened, whether staff assisted it) and one row in guide_sessions per guide version it visited (what it did
// there). A batch's events merge into the stored rows; the hourly session counts follow the rows as they move.
// The engine finds and writes the rows (SessionRowStore: SQLite keys them by time, PostgreSQL by session).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/ingest/aggregates.h"
#include "src/storage/storage.h"

namespace bk::registry {

struct SessionRow {
    int64_t first_ts = 0;
    bool assisted = false;  // a session_ended with staff_assisted arrived
    bool operator==(const SessionRow&) const = default;
};

struct GuideRow {
    int64_t first_ts = 0;
    bool opened = false;
    uint64_t steps_mask = 0;
    bool completed = false;
    bool assisted = false;  // copied from the session
    int drawn_against = 0;  // the side_by_side column: 0 = not drawn at random
    bool operator==(const GuideRow&) const = default;
};

// The earliest first event wins; a session once assisted stays assisted.
SessionRow MergeSession(const std::optional<SessionRow>& stored, int64_t batch_first_ts, bool assisted_in_batch);

// What the session did in the guide, from every batch; a visit is drawn once (the kiosk keeps the version), so a
// later guide_opened cannot undo or change it.
GuideRow MergeGuide(const std::optional<GuideRow>& stored, const GuideSession& batch, bool session_assisted);

// A guide row that turned assisted (MarkGuidesAssisted).
struct AssistedGuide {
    ServiceKey key;
    int64_t first_ts = 0;
    bool completed = false;
};

// How an engine finds and writes a batch's session rows, inside its ingest transaction.
class SessionRowStore {
public:
    virtual std::optional<SessionRow> FindSession(const std::string& session) = 0;
    // `stored` is what FindSession found; `merged` may equal it (the engine may remember it all the same).
    virtual void WriteSession(const std::string& session, const std::optional<SessionRow>& stored,
                              const SessionRow& merged) = 0;
    virtual std::optional<GuideRow> FindGuide(const ServiceKey& key, const std::string& session) = 0;
    // Only for a row that changed.
    virtual void WriteGuide(const ServiceKey& key, const std::string& session, const std::optional<GuideRow>& stored,
                            const GuideRow& merged) = 0;
    // The session's guide rows from earlier batches become assisted; returns those that changed.
    virtual std::vector<AssistedGuide> MarkGuidesAssisted(const std::string& session) = 0;

protected:
    ~SessionRowStore() = default;
};

// How the hourly session counts (agg_sessions_hour, agg_guide_sessions_hour) change, by the hour of first_ts.
struct SessionCountChanges {
    std::map<int64_t, int64_t> sessions;
    std::map<std::pair<int64_t, ServiceKey>, GuideSessionCounts> guides;
    // What one guide row counts (sign +1) or no longer counts (-1).
    void CountGuide(const ServiceKey& key, const GuideRow& row, int64_t sign);
};

// Merges the batch's sessions into the stored rows through `store`; returns how the hourly counts change.
SessionCountChanges MergeSessionRows(SessionRowStore& store, const BatchAggregates& batch);

}  // namespace bk::registry
