// The kiosk's telemetry recorder: bk::EventSink for the core, a durable on-disk queue, a writer thread
// and an uploader thread.
//
//   UI thread --Record()--> in-memory queue --writer thread--> SQLite WAL (seq assigned at commit)
//                                                               --uploader thread--> POST /v1/events
//
// Record() never touches disk or network: it stamps the event, pushes it under a short lock and returns.
// The in-memory queue is bounded (max_memory_events); past that, new events are dropped and counted.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "shared/clock.h"
#include "core/event.h"
#include "telemetry/ids.h"
#include "telemetry/queue.h"
#include "telemetry/random.h"
#include "telemetry/uploader.h"

namespace bk::telemetry {

struct TelemetryConfig {
    std::filesystem::path data_dir;      // the queue lives in <data_dir>/telemetry.sqlite
    std::string registry_url;            // empty = record durably, never upload
    std::string kiosk_id;
    std::string token;                   // see ReadTokenFile()
    std::string ca_file;                 // optional extra CA bundle; TLS verification is always on
    std::int64_t max_queue_bytes = 200LL * 1024 * 1024;
    std::string content_version;
    std::string app_version;
    Millis heartbeat_interval_ms = 60'000;  // 0 = no automatic heartbeats
    // Tuning; the defaults are the production values.
    std::size_t batch_max_events = 500;
    std::size_t batch_max_bytes = 256 * 1024;
    Millis backoff_base_ms = 1'000;
    Millis backoff_max_ms = 300'000;
    Millis writer_interval_ms = 25;      // how long events may sit in memory before the writer commits
    std::size_t max_memory_events = 100'000;
    // Headless drivers only (--simulate, soak tests): when the in-memory queue is full, Record() waits for
    // the writer instead of dropping. Never set this for the UI thread.
    bool block_when_full = false;
    // Tests only: runs inside each queue commit (see DurableQueue), e.g. to hold the writer mid-commit.
    std::function<void()> queue_before_commit;
};

// Reads a bearer token (surrounding whitespace trimmed). Throws std::runtime_error naming the file and the
// reason (missing, unreadable, empty).
std::string ReadTokenFile(const std::filesystem::path& file);

struct TelemetryStatus {
    std::int64_t backlog = 0;         // recorded, not yet acknowledged by the registry (memory + disk)
    Millis last_upload_ts = 0;        // 0 = never
    std::string last_error;           // writer or uploader; empty when healthy
    std::int64_t dropped = 0;         // lost to the disk cap or the memory bound, ever
    bool connected = false;           // the last upload succeeded
    bool auth_failed = false;         // the registry refuses our token (401/403)
    std::int64_t rejected = 0;        // events the registry refused as invalid, ever
    std::int64_t last_seq = 0;        // highest seq made durable, ever
};

class Telemetry final : public EventSink {
public:
    // Opens the queue (throws std::runtime_error if it cannot) and starts the threads.
    // `clock` (optional, must outlive this) stamps heartbeats and events recorded with ts == 0.
    explicit Telemetry(TelemetryConfig config, const Clock* clock = nullptr);
    ~Telemetry() override;  // Shutdown()
    Telemetry(const Telemetry&) = delete;
    Telemetry& operator=(const Telemetry&) = delete;

    // EventSink. Scrubs the feedback comment and queues the event: O(1), no disk, no network, only a short
    // mutex; safe from any thread. The content version is stamped here (the pack running now); the writer
    // stamps id (UUIDv7 from event.ts), seq and the app version in queue order.
    void Record(Event event) override;
    // A kiosk-level heartbeat {"backlog", "last_upload_ts", "dropped"}; also sent every heartbeat interval.
    void RecordHeartbeat();
    // Fleet content (app/kiosk/fleet_updater.h): the release the kiosk runs (0 = its own pack) and why the last one was
    // refused ("" = none); heartbeats carry them as "content_release" and "content_error".
    // `content_version` (when not empty) is the swapped-in pack's version: events recorded from now on carry it.
    void SetContentRelease(int release, std::string error, std::string content_version = {});
    // Outside opening hours: heartbeats carry "closed": true, and a change is reported at once with a heartbeat.
    void SetClosed(bool closed) override;

    // Never waits for disk or network: the writer and the uploader publish their counters under short locks
    // that they do not hold across a COMMIT or a request, so a staff screen can read this every frame.
    TelemetryStatus Status() const;
    // Everything recorded so far is on disk (or counted as dropped).
    bool WaitUntilDurable(std::chrono::milliseconds timeout);
    // Everything recorded so far is on disk and acknowledged by the registry.
    bool WaitUntilDrained(std::chrono::milliseconds timeout);
    // Waits until `condition(Status())` holds; re-checked after every commit and every upload attempt.
    bool WaitForStatus(const std::function<bool(const TelemetryStatus&)>& condition, std::chrono::milliseconds timeout);
    // The uploader's worker, for tests that check an idle uploader sleeps (nullopt when not uploading).
    std::optional<Worker::State> UploaderWorker() const;
    // Stops uploading, writes what is still in memory to disk, joins the threads. Idempotent.
    void Shutdown();

private:
    void Push(Event event, bool may_wait);
    void WriterLoop();
    bool IsDurable() const;                // m_mutex held
    TelemetryStatus StatusLocked() const;  // m_mutex held
    void Progressed();                     // wakes the WaitUntil...() callers

    TelemetryConfig m_config;
    SystemClock m_system_clock;
    const Clock& m_clock;
    CsprngRandom m_random;
    std::unique_ptr<DurableQueue> m_queue;
    std::unique_ptr<Uploader> m_uploader;
    UuidV7Generator m_uuid;  // writer thread only

    mutable std::mutex m_mutex;  // guards everything below
    std::condition_variable m_writer_wake;
    std::condition_variable m_progress;  // a commit, an upload attempt or shutdown happened
    std::condition_variable m_room;  // the writer took the pending events (block_when_full)
    std::vector<Event> m_pending;
    std::size_t m_writer_holding = 0;    // events the writer took from m_pending and has not committed
    std::int64_t m_recorded = 0;         // events accepted by Record()
    std::int64_t m_resolved = 0;         // of those: committed or dropped
    std::int64_t m_memory_dropped = 0;   // dropped from memory, not yet given seqs by the queue
    std::string m_writer_error;
    int m_content_release = 0;
    bool m_closed = false;
    std::string m_content_version;  // stamped on each event as it is recorded
    std::string m_content_error;
    bool m_flush_requested = false;
    bool m_stop = false;
    bool m_shut_down = false;
    std::thread m_writer;
};

}  // namespace bk::telemetry
