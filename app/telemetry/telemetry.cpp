#include "telemetry/telemetry.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "shared/utf8.h"
#include "shared/scrub.h"
#include "telemetry/wire.h"

namespace bk::telemetry {
namespace {
// A backlog this large wakes the writer at once instead of waiting for its interval.
constexpr std::size_t kEagerBatch = 2'048;
}  // namespace

std::string ReadTokenFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("token file '" + file.string() + "': cannot be opened (missing or unreadable)");
    std::ostringstream content;
    content << in.rdbuf();
    std::string token = content.str();
    const auto first = token.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        throw std::runtime_error("token file '" + file.string() + "': is empty");
    token = token.substr(first, token.find_last_not_of(" \t\r\n") - first + 1);
    if (token.find_first_of(" \t\r\n") != std::string::npos)
        throw std::runtime_error("token file '" + file.string() + "': must hold one token on one line");
    return token;
}

Telemetry::Telemetry(TelemetryConfig config, const Clock* clock)
    : m_config(std::move(config)), m_clock(clock ? *clock : m_system_clock), m_uuid(m_random) {
    // The schema requires non-empty versions; "unknown" is honest and keeps the events valid.
    if (m_config.content_version.empty())
        m_config.content_version = "unknown";
    if (m_config.app_version.empty())
        m_config.app_version = "unknown";
    m_content_version = m_config.content_version;
    m_queue = std::make_unique<DurableQueue>(m_config.data_dir / "telemetry.sqlite", m_config.max_queue_bytes,
                                             m_config.queue_before_commit);
    if (!m_config.registry_url.empty()) {
        UploaderConfig upload;
        upload.registry_url = m_config.registry_url;
        upload.kiosk_id = m_config.kiosk_id;
        upload.token = m_config.token;
        upload.ca_file = m_config.ca_file;
        upload.batch_max_events = m_config.batch_max_events;
        upload.batch_max_bytes = m_config.batch_max_bytes;
        upload.backoff_base_ms = m_config.backoff_base_ms;
        upload.backoff_max_ms = m_config.backoff_max_ms;
        m_uploader = std::make_unique<Uploader>(std::move(upload), *m_queue, m_random, m_clock, [this] { Progressed(); });
        m_uploader->Start();
    }
    m_pending.reserve(kEagerBatch);
    m_writer = std::thread([this] { WriterLoop(); });
}

Telemetry::~Telemetry() { Shutdown(); }

void Telemetry::Record(Event event) { Push(std::move(event), m_config.block_when_full); }

void Telemetry::Push(Event event, bool may_wait) {
    if (event.ts == 0)
        event.ts = m_clock.WallMs();
    if (event.type == ev::kFeedbackSubmitted && event.data.is_object()) {
        auto comment = event.data.find("comment");
        if (comment != event.data.end() && comment->is_string())
            *comment = std::string(Utf8Prefix(ScrubPersonalData(comment->get_ref<const std::string&>()), kMaxCommentBytes));
    }
    bool wake = false;
    {
        std::unique_lock lock(m_mutex);
        // The bound covers what the writer holds too (a batch the disk refused stays in memory).
        const auto full = [&] { return m_pending.size() + m_writer_holding >= m_config.max_memory_events; };
        if (may_wait && full()) {
            m_writer_wake.notify_one();
            m_room.wait(lock, [&] { return m_stop || !full(); });
        }
        if (m_stop || full()) {
            // Explicit and counted: the writer gives these the next seqs, so the registry sees the gap.
            ++m_memory_dropped;
            return;
        }
        if (event.content_version.empty()) event.content_version = m_content_version;
        m_pending.push_back(std::move(event));
        ++m_recorded;
        // Wake the writer for the first event of a batch (it sleeps while idle) and when a batch is full.
        wake = m_pending.size() == 1 || m_pending.size() == kEagerBatch;
    }
    if (wake)
        m_writer_wake.notify_one();
}

void Telemetry::SetClosed(bool closed) {
    {
        std::lock_guard lock(m_mutex);
        if (m_closed == closed) return;
        m_closed = closed;
    }
    RecordHeartbeat();
}

void Telemetry::RecordHeartbeat() {
    const TelemetryStatus status = Status();
    Event heartbeat;
    heartbeat.type = ev::kHeartbeat;
    heartbeat.ts = m_clock.WallMs();
    heartbeat.data = {{"backlog", status.backlog},
                      {"last_upload_ts", status.last_upload_ts > 0 ? nlohmann::json(status.last_upload_ts) : nullptr},
                      {"dropped", status.dropped}};
    {
        std::lock_guard lock(m_mutex);
        if (m_content_release > 0) heartbeat.data["content_release"] = m_content_release;
        if (!m_content_error.empty()) heartbeat.data["content_error"] = std::string(Utf8Prefix(m_content_error, 500));
        if (m_closed) heartbeat.data["closed"] = true;
    }
    // Never waits: the writer thread itself sends the periodic heartbeat, and only it makes room.
    Push(std::move(heartbeat), false);
}

void Telemetry::SetContentRelease(int release, std::string error, std::string content_version) {
    std::lock_guard lock(m_mutex);
    m_content_release = release;
    m_content_error = std::move(error);
    if (!content_version.empty()) m_content_version = std::move(content_version);
}

bool Telemetry::IsDurable() const { return m_resolved == m_recorded && m_memory_dropped == 0; }

void Telemetry::Progressed() {
    // Taking the lock orders this notify after a waiter's check of the state that just changed.
    { std::lock_guard lock(m_mutex); }
    m_progress.notify_all();
}

void Telemetry::WriterLoop() {
    std::vector<Event> batch;
    batch.reserve(kEagerBatch);
    Millis next_heartbeat = m_config.heartbeat_interval_ms > 0 ? m_clock.MonotonicMs() : -1;
    while (true) {
        if (next_heartbeat >= 0 && m_clock.MonotonicMs() >= next_heartbeat) {
            RecordHeartbeat();
            next_heartbeat = m_clock.MonotonicMs() + m_config.heartbeat_interval_ms;
        }
        std::int64_t memory_dropped = 0;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            // An idle kiosk costs no CPU: sleep until an event arrives or a heartbeat is due...
            const auto has_work = [&] {
                return m_stop || m_flush_requested || !m_pending.empty() || m_memory_dropped > 0 || !batch.empty();
            };
            if (next_heartbeat >= 0)
                m_writer_wake.wait_for(lock, std::chrono::milliseconds(std::max<Millis>(0, next_heartbeat - m_clock.MonotonicMs())), has_work);
            else
                m_writer_wake.wait(lock, has_work);
            // ...then give Record() a moment to add more, so one commit carries many events.
            m_writer_wake.wait_for(lock, std::chrono::milliseconds(m_config.writer_interval_ms), [&] {
                return m_stop || m_flush_requested || m_pending.size() >= kEagerBatch ||
                       m_pending.size() + m_writer_holding >= m_config.max_memory_events;
            });
            m_flush_requested = false;
            // `batch` may still hold events a failed commit left; newer ones go after them.
            batch.insert(batch.end(), std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()));
            m_pending.clear();
            m_writer_holding = batch.size();
            m_room.notify_all();
            memory_dropped = m_memory_dropped;
            stopping = m_stop;
        }
        bool failed = false;
        std::string error_text;
        try {
            if (!batch.empty() || memory_dropped > 0) {
                // Ids are made here, in queue order, so they are time-ordered like seq; the generator
                // remembers the last id across a failed append, which only makes later ids larger.
                m_queue->Append(
                    batch.size(),
                    [&](std::size_t index, std::int64_t seq) {
                        return ToWireJson(batch[index], m_uuid.Next(batch[index].ts), seq, batch[index].content_version,
                                          m_config.app_version)
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                    },
                    memory_dropped);
            }
        } catch (const std::exception& error) {
            failed = true;
            error_text = error.what();
        }
        {
            std::lock_guard lock(m_mutex);
            if (!failed) {
                m_writer_error.clear();
                m_memory_dropped -= memory_dropped;
                m_resolved += static_cast<std::int64_t>(batch.size());
                batch.clear();
            } else {
                m_writer_error = error_text;
                if (stopping) {
                    // Shutting down with a broken disk: these die with the process. The queue wrote their seqs
                    // to the ledger as assigned, so the next start counts them as dropped.
                    m_memory_dropped += static_cast<std::int64_t>(batch.size());
                    m_resolved += static_cast<std::int64_t>(batch.size());
                    batch.clear();
                }
                // Otherwise the writer keeps them (counted in the memory bound) and retries after a pause.
            }
            m_writer_holding = batch.size();
        }
        m_room.notify_all();  // what the writer held is on disk now (or still held: the waiters re-check)
        m_progress.notify_all();
        if (!failed && m_uploader)
            m_uploader->Notify();
        if (failed && !stopping) {
            std::unique_lock lock(m_mutex);
            m_writer_wake.wait_for(lock, std::chrono::seconds(1), [&] { return m_stop; });
        }
        std::lock_guard lock(m_mutex);
        if (stopping && m_pending.empty())
            break;
    }
}

TelemetryStatus Telemetry::Status() const {
    std::lock_guard lock(m_mutex);
    return StatusLocked();
}

TelemetryStatus Telemetry::StatusLocked() const {
    const QueueCounters counters = m_queue->Counters();  // the queue's published copy: no disk access
    TelemetryStatus status;
    // Counted, not derived: what the file holds (read back from it after any failed commit) plus what is in
    // memory. Never negative: the queue's count can no longer be decremented by another process deleting
    // rows it did not count (the queue locks its file, see queue.h).
    status.backlog = counters.backlog + static_cast<std::int64_t>(m_pending.size() + m_writer_holding);
    status.last_upload_ts = counters.last_upload_ts;
    status.dropped = counters.dropped + m_memory_dropped;
    status.rejected = counters.rejected;
    status.last_seq = counters.last_seq;
    status.last_error = m_writer_error;
    if (m_uploader) {
        const UploaderState upload = m_uploader->State();
        status.connected = upload.connected;
        status.auth_failed = upload.auth_failed;
        if (status.last_error.empty())
            status.last_error = upload.last_error;
    }
    return status;
}

std::optional<Worker::State> Telemetry::UploaderWorker() const {
    if (!m_uploader)
        return std::nullopt;
    return m_uploader->WorkerState();
}

bool Telemetry::WaitUntilDurable(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    m_flush_requested = true;
    m_writer_wake.notify_one();
    return m_progress.wait_for(lock, timeout, [&] { return IsDurable() || m_shut_down; }) && IsDurable();
}

bool Telemetry::WaitUntilDrained(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    const auto drained = [&] {
        if (!IsDurable()) {
            m_flush_requested = true;  // events recorded meanwhile are committed without the writer's pause
            m_writer_wake.notify_one();
            return false;
        }
        return m_queue->Counters().backlog == 0;
    };
    return m_progress.wait_for(lock, timeout, [&] { return drained() || m_shut_down; }) && drained();
}

bool Telemetry::WaitForStatus(const std::function<bool(const TelemetryStatus&)>& condition,
                              std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_progress.wait_for(lock, timeout, [&] { return condition(StatusLocked()); });
}

void Telemetry::Shutdown() {
    {
        std::lock_guard lock(m_mutex);
        if (m_shut_down)
            return;
    }
    if (m_uploader)
        m_uploader->Stop();
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_writer_wake.notify_all();
    m_room.notify_all();
    if (m_writer.joinable())
        m_writer.join();
    std::lock_guard lock(m_mutex);
    m_shut_down = true;
    m_progress.notify_all();
}

}  // namespace bk::telemetry
