// The uploader thread: takes the oldest batch from the durable queue, gzips it, POSTs it to the registry and
// deletes it from the queue once the registry has answered for every event in it. Resending after a crash
// or a lost answer is safe: the registry deduplicates by event id.
//
//   200            -> acknowledged (accepted + duplicates + rejected); rejected events are logged and counted
//   413            -> split: halve the batch size (a lone oversized event is counted as rejected)
//   429/503        -> wait Retry-After if given, else backoff
//   401/403        -> keep retrying at the maximum backoff; State().auth_failed
//   other/transport-> exponential backoff with full jitter
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "telemetry/backoff.h"
#include "telemetry/queue.h"
#include "telemetry/random.h"

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
    Uploader(UploaderConfig config, DurableQueue& queue, RandomSource& random, const Clock& clock);
    ~Uploader();  // Stop()
    void Start();
    void Stop();    // aborts a running request; safe to call twice
    void Notify();  // new events are durable
    UploaderState State() const;

private:
    void Run();
    Millis UploadOneBatch();  // returns how long to wait before the next attempt
    void WaitFor(Millis delay_ms, bool wake_on_data);
    void SetFailure(const std::string& error, bool auth_failed);

    UploaderConfig m_config;
    DurableQueue& m_queue;
    const Clock& m_clock;
    Backoff m_backoff;
    std::size_t m_max_events;  // shrinks after 413, grows back after successes
    int m_successes_since_shrink = 0;

    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_data_ready = true;
    UploaderState m_state;
    std::thread m_thread;
};

}  // namespace bk::telemetry
