// The uploader thread: takes the oldest batch from the durable queue, gzips it, POSTs it to the registry and
// deletes it from the queue once the registry has answered for every event in it. Resending after a crash
// or a lost answer is safe: the registry deduplicates by event id.
//
//   200            -> acknowledged (accepted + duplicates + rejected); rejected events are logged and counted
//   413            -> split: halve the batch size (a lone oversized event is counted as rejected)
//   429/503        -> wait Retry-After if given, else backoff
//   401/403        -> keep retrying at the maximum backoff; State().auth_failed
//   other/transport-> exponential backoff with full jitter
//
// It runs on a Worker and sleeps without a deadline while the queue is empty: Notify() wakes it, a retry
// sleeps until its backoff is due (new events do not cut a backoff short), Stop() ends it.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/clock.h"
#include "telemetry/backoff.h"
#include "telemetry/queue.h"
#include "telemetry/random.h"
#include "shared/worker.h"

namespace bk {
class HttpClient;
}

namespace bk::telemetry {

struct UploaderConfig {
    std::string registry_url;  // e.g. "https://registry.example.dk" (no trailing /v1)
    std::string kiosk_id;
    std::string token;
    std::string ca_file;
    std::size_t batch_max_events = 500;
    std::size_t batch_max_bytes = 256 * 1024;  // uncompressed request body
    Millis backoff_base_ms = 1'000;
    Millis backoff_max_ms = 300'000;
    Millis request_timeout_ms = 60'000;
};

struct UploaderState {
    bool connected = false;     // the last request got a 200
    bool auth_failed = false;   // the last answer was 401/403
    std::string last_error;     // empty after a success
    int consecutive_failures = 0;
    std::int64_t requests = 0;  // HTTP requests sent, ever (this process)
};

class Uploader {
public:
    // `changed` (optional) is called on the worker after every answer or failure (state or backlog changed).
    Uploader(UploaderConfig config, DurableQueue& queue, RandomSource& random, const Clock& clock,
             std::function<void()> changed = {});
    ~Uploader();  // Stop()
    void Start();   // uploads what an earlier run left in the queue
    void Stop();    // aborts a running request; safe to call twice
    void Notify();  // new events are durable
    UploaderState State() const;
    Worker::State WorkerState() const { return m_worker.Snapshot(); }
    bool WaitUntilAsleep(std::chrono::milliseconds timeout) const { return m_worker.WaitUntilAsleep(timeout); }

private:
    void Pump();                                   // worker: uploads until the queue is empty or an attempt fails
    Millis UploadBatch(std::vector<QueuedEvent> batch);  // worker: how long to wait before the next attempt
    void RetryAfter(Millis delay_ms);              // worker
    void SetFailure(const std::string& error, bool auth_failed);
    void Changed();

    UploaderConfig m_config;
    DurableQueue& m_queue;
    const Clock& m_clock;
    std::function<void()> m_changed;
    Backoff m_backoff;                  // worker only, like the three below
    std::size_t m_max_events;           // shrinks after 413, grows back after successes
    int m_successes_since_shrink = 0;
    bool m_retry_pending = false;       // a backoff timer is set: Notify() does not cut it short
    std::unique_ptr<HttpClient> m_http;

    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_pump_posted{false};  // coalesces Notify() calls into one queued Pump()
    mutable std::mutex m_mutex;              // guards m_state
    UploaderState m_state;
    Worker m_worker;  // last: stopped before the members its jobs use are destroyed
};

}  // namespace bk::telemetry
