// The durable event queue: one SQLite file in WAL mode with synchronous=FULL, so a committed append
// survives kill -9 and power loss, and an interrupted one leaves no trace. Every event gets its seq inside
// the committing transaction (the counter is stored in the same transaction), so seq is monotonic across
// restarts and a gap seen by the registry is real loss, counted in Counters::dropped.
//
// Seq is never reused, even when the queue file is lost: the seq ledger beside it (seq_ledger.h, `telemetry.hwm`)
// reserves seqs in blocks before they are committed. On open:
//   - queue intact: next seq = the queue's last seq + 1, raised past the ledger's `assigned` (events the
//     disk refused and that died in memory: counted as dropped);
//   - queue missing or corrupt (moved aside to <file>.corrupt-<ms>): next seq = the ledger's reservation + 1,
//     and everything reserved but not acknowledged is counted as dropped.
// Only when the queue and the ledger are both gone does seq start at 1 again.
//
// Bounded: the stored event bytes (plus a fixed per-row overhead) never exceed max_bytes. Policy when full:
// DROP OLDEST UNSENT. The oldest events that are not part of an upload in flight are deleted to make room;
// if everything stored is in flight, the oldest of the incoming events are dropped instead (their seq is
// still used, so the registry sees the gap). Every dropped event is counted in Counters::dropped, which is
// persisted and reported in heartbeats.
//
// Full disk: a failed append leaves the events with the caller and writes their seqs to the ledger as
// `assigned` (the ledger never needs new disk space). Acknowledged events can still be deleted: when SQLite
// has no room for the delete, the WAL is rewound (a checkpoint, so the commit reuses the WAL's own space) and
// if that is not enough a small reserve file (`telemetry.reserve`) is given up; the freed pages then take
// new events again. After any failed transaction the counters are read back from the file, so they
// never drift from what is stored (a commit that reported an error may still have happened).
//
// Thread-safe: the writer thread appends while the uploader thread peeks and acknowledges. Counters() never
// waits for the disk: the counters are published under their own short lock after each commit, so a status
// screen can read them every frame while a COMMIT (fsync) is running.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/clock.h"
#include "telemetry/seq_ledger.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace bk::telemetry {

struct QueuedEvent {
    std::int64_t seq = 0;
    std::string body;  // the event's wire JSON
};

struct QueueCounters {
    std::int64_t backlog = 0;         // events stored, not yet acknowledged
    std::int64_t bytes = 0;           // accounted bytes of the backlog
    std::int64_t last_seq = 0;        // highest seq ever assigned (0 = none)
    std::int64_t dropped = 0;         // seqs used by events that will never reach the registry, ever
    std::int64_t rejected = 0;        // acknowledged by the registry as invalid, ever
    std::int64_t acknowledged = 0;    // acknowledged by the registry (accepted + duplicates + rejected), ever
    Millis last_upload_ts = 0;        // wall time of the last acknowledged upload, 0 = never
};

// Accounting overhead per stored row (key, record header, b-tree cell): keeps the cap honest for tiny events.
inline constexpr std::int64_t kRowOverheadBytes = 48;

// How many of the leading items fit in one batch of at most max_events items and max_bytes of joined
// bodies (each item costs its size plus one separator). Always at least one if there is one, so an
// oversized single event still gets a verdict from the registry.
std::size_t CountFittingBatch(const std::vector<std::size_t>& body_sizes, std::size_t max_events,
                              std::size_t max_bytes);

class DurableQueue {
public:
    // Opens or creates the file. A file that SQLite reports as corrupt or not a database is moved aside
    // (<file>.corrupt-<ms>) and a new queue is started. Throws std::runtime_error on other failures and when
    // another DurableQueue (in any process) has the file open.
    DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes);
    // `before_commit` runs inside Append's and Acknowledge's transactions just before COMMIT, with the queue
    // locked; tests use it to hold the writer mid-commit.
    DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes, std::function<void()> before_commit);
    ~DurableQueue();
    DurableQueue(const DurableQueue&) = delete;
    DurableQueue& operator=(const DurableQueue&) = delete;

    struct AppendResult {
        std::int64_t first_seq = 0;  // seqs first_seq..last_seq were assigned, in order: the events first,
        std::int64_t last_seq = 0;   // then one per `lost_in_memory`
        std::int64_t dropped = 0;    // evicted old events + incoming events refused for lack of room
    };
    // Serialises `count` events (serialise(index, seq) -> wire JSON) and commits them in one transaction.
    // `lost_in_memory` events that never reached the disk (the in-memory bound) take the next seqs and are
    // counted as dropped, so the registry sees their gap. Throws std::runtime_error on a disk error; then
    // nothing was stored, and the seqs the call would have used are recorded in the ledger as assigned: if
    // the process dies before a retry succeeds, the next start counts them as dropped.
    AppendResult Append(std::size_t count, const std::function<std::string(std::size_t, std::int64_t)>& serialise,
                        std::int64_t lost_in_memory = 0);

    // The oldest events, at most max_events and max_bytes of bodies (and never more than a quarter of the
    // cap); they become "in flight" (not evicted) until Acknowledge() or ReleaseInFlight().
    std::vector<QueuedEvent> PeekBatch(std::size_t max_events, std::size_t max_bytes);
    // The registry answered for every event with seq <= up_to_seq: delete them, count them.
    void Acknowledge(std::int64_t up_to_seq, std::int64_t rejected, Millis now);
    void ReleaseInFlight();

    QueueCounters Counters() const;
    const std::filesystem::path& File() const { return m_file; }

private:
    void Open();
    void ReadCounters(bool at_open);              // from the file (and at open the ledger); m_mutex held
    void ReserveSeqs(std::int64_t up_to);        // the ledger covers seqs <= up_to; m_mutex held
    void RecordAssigned(std::int64_t up_to);     // after a failed append; never throws; m_mutex held
    void RecordAcked(std::int64_t acknowledged);  // the registry answered; never throws; m_mutex held
    void DeleteAcknowledged(std::int64_t up_to_seq, std::int64_t rejected, Millis now, QueueCounters& next);
    void TakeReserve();                           // creates the reserve file if missing; never throws
    bool GiveUpReserve();                         // false if there was none left to give
    void RewindWal();                             // checkpoint so the next commit reuses the WAL's space
    std::int64_t ReadMeta(const char* key, std::int64_t fallback);
    void WriteMeta(const char* key, std::int64_t value);
    void WriteAllMeta(const QueueCounters& counters);
    void Publish(const QueueCounters& counters);  // m_mutex held

    std::filesystem::path m_file;
    int m_lock_fd = -1;  // flock'ed <stem>.lock: one process per queue
    std::int64_t m_max_bytes;
    std::function<void()> m_before_commit;
    std::mutex m_mutex;  // the database and everything below; held across disk I/O
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Statement> m_insert;
    std::unique_ptr<SQLite::Statement> m_set_meta;
    SeqLedger m_ledger;
    std::filesystem::path m_reserve_file;
    bool m_reserve_given_up = false;
    QueueCounters m_counters;
    std::int64_t m_inflight_upto = 0;  // events with seq <= this are in an upload in flight
    mutable std::mutex m_published_mutex;  // never held across disk I/O
    QueueCounters m_published;
};

}  // namespace bk::telemetry
