// The durable event queue: one SQLite file in WAL mode with synchronous=FULL, so a committed append
// survives kill -9 and power loss, and an interrupted one leaves no trace. Every event gets its seq inside
// the committing transaction (the counter is stored in the same transaction), so seq is gap-free and
// monotonic across restarts; a gap seen by the registry is real loss.
//
// Bounded: the stored event bytes (plus a fixed per-row overhead) never exceed max_bytes. Policy when full:
// DROP OLDEST UNSENT. The oldest events that are not part of an upload in flight are deleted to make room;
// if everything stored is in flight, the oldest of the incoming events are dropped instead (their seq is
// still used, so the registry sees the gap). Every dropped event is counted in Counters::dropped, which is
// persisted and reported in heartbeats.
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

#include "core/clock.h"

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
    std::int64_t dropped = 0;         // lost to the size cap or the memory bound, ever
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
    // (<file>.corrupt-<ms>) and a new queue is started. Throws std::runtime_error on other failures.
    DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes);
    // `before_commit` runs inside Append's and Acknowledge's transactions just before COMMIT, with the queue
    // locked; tests use it to hold the writer mid-commit.
    DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes, std::function<void()> before_commit);
    ~DurableQueue();
    DurableQueue(const DurableQueue&) = delete;
    DurableQueue& operator=(const DurableQueue&) = delete;

    struct AppendResult {
        std::int64_t first_seq = 0;  // seqs first_seq..last_seq were assigned, in order
        std::int64_t last_seq = 0;
        std::int64_t dropped = 0;    // evicted old events + incoming events refused for lack of room
    };
    // Serialises `count` events (serialise(index, seq) -> wire JSON) and commits them in one transaction.
    // Throws std::runtime_error on a disk error; then nothing was stored and no seq was used.
    AppendResult Append(std::size_t count, const std::function<std::string(std::size_t, std::int64_t)>& serialise);

    // Losses that happened before the disk (the in-memory bound). Persisted.
    void AddDropped(std::int64_t count);

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
    std::int64_t ReadMeta(const char* key, std::int64_t fallback);
    void WriteMeta(const char* key, std::int64_t value);
    void Publish(const QueueCounters& counters);  // m_mutex held

    std::filesystem::path m_file;
    std::int64_t m_max_bytes;
    std::function<void()> m_before_commit;
    std::mutex m_mutex;  // the database and everything below; held across disk I/O
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Statement> m_insert;
    std::unique_ptr<SQLite::Statement> m_set_meta;
    QueueCounters m_counters;
    std::int64_t m_inflight_upto = 0;  // events with seq <= this are in an upload in flight
    mutable std::mutex m_published_mutex;  // never held across disk I/O
    QueueCounters m_published;
};

}  // namespace bk::telemetry
