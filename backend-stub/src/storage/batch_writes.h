// The steps of storing a batch that both engines share, in SQL written once: the events (duplicates change
// nothing) and what the new ones add up to, the feedback rows, the hourly aggregates and session counts, the
// kiosk's latest heartbeat. The engine runs them in its own transaction, between its own steps (session rows).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "src/ingest/aggregates.h"
#include "src/ingest/event_row.h"
#include "src/storage/session_rows.h"
#include "src/storage/sql_connection.h"
#include "src/storage/storage.h"

namespace bk::registry {

// What a batch's new events (not its duplicates) add up to.
struct StoredBatch {
    IngestOutcome outcome;
    BatchAggregates deltas;
    int64_t stored_count = 0;
    int64_t max_seq = 0;
    const EventRow* latest_heartbeat = nullptr;
    std::vector<const EventRow*> feedback;  // feedback_submitted rows, for the feedback table
};

// Where a batch is stored: whose it is, when it arrived, and how its statements are cut.
struct BatchTarget {
    const std::string& municipality;
    const std::string& kiosk_id;
    int64_t received_ts = 0;
    int64_t heartbeat_slot_ms = 0;
    std::size_t rows_per_insert = 1;  // rows in one INSERT (SQLite reuses its one-row statement)
    const char* event_conflict = "";  // the engine's ON CONFLICT clause for an event it already has
};

// "INSERT INTO table (columns) VALUES (?, ...), ... suffix" for `rows` rows.
std::string InsertRowsSql(const char* table, const std::vector<const char*>& columns, std::size_t rows,
                          const std::string& suffix);

// Inserts the events in the batch's order (two writers of one batch take the key locks in one order); an event
// the kiosk sent before changes nothing. Returns what the new ones add up to.
StoredBatch InsertNewEvents(SqlConnection& db, const BatchTarget& target, const std::vector<EventRow>& rows);

void InsertFeedback(SqlConnection& db, const BatchTarget& target, const std::vector<const EventRow*>& feedback);

// The session's guide rows from earlier batches become assisted; returns those that changed.
std::vector<AssistedGuide> MarkGuidesAssisted(SqlConnection& db, const std::string& municipality,
                                              const std::string& session);

// One upsert per touched row, each table in key order: the engine calls it last, after its session locks, so
// every writer takes its locks in one order and the aggregate rows (every writer of the hour wants them) are
// held only until the commit.
void WriteAggregates(SqlConnection& db, const BatchTarget& target, const BatchAggregates& deltas,
                     const SessionCountChanges& sessions);

// The kiosk's state from its latest heartbeat, unless a later one was stored already.
void UpdateKioskHeartbeat(SqlConnection& db, const std::string& kiosk_id, const EventRow& heartbeat);

}  // namespace bk::registry
