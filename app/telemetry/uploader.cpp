#include "telemetry/uploader.h"

#include <algorithm>
#include <cstdio>

#include "shared/http.h"
#include "telemetry/wire.h"

namespace bk::telemetry {

Uploader::Uploader(UploaderConfig config, DurableQueue& queue, RandomSource& random, const Clock& clock,
                   std::function<void()> changed)
    : m_config(std::move(config)), m_queue(queue), m_clock(clock), m_changed(std::move(changed)),
      m_backoff(random, m_config.backoff_base_ms, m_config.backoff_max_ms),
      m_max_events(std::max<std::size_t>(1, m_config.batch_max_events)),
      m_http(std::make_unique<HttpClient>(HttpOptions{m_config.ca_file, 10'000, m_config.request_timeout_ms})) {
    while (!m_config.registry_url.empty() && m_config.registry_url.back() == '/')
        m_config.registry_url.pop_back();
}

Uploader::~Uploader() { Stop(); }

void Uploader::Start() { Notify(); }

void Uploader::Stop() {
    m_stop = true;  // aborts a running request
    m_worker.Stop();
    m_queue.ReleaseInFlight();
}

void Uploader::Notify() {
    if (!m_pump_posted.exchange(true))
        m_worker.Post([this] { Pump(); });
}

UploaderState Uploader::State() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

void Uploader::Changed() {
    if (m_changed)
        m_changed();
}

void Uploader::SetFailure(const std::string& error, bool auth_failed) {
    std::lock_guard lock(m_mutex);
    m_state.connected = false;
    m_state.auth_failed = auth_failed;
    m_state.last_error = error;
    ++m_state.consecutive_failures;
}

void Uploader::RetryAfter(Millis delay_ms) {
    m_retry_pending = true;
    m_worker.SetTimer(Worker::Clock::now() + std::chrono::milliseconds(delay_ms), [this] {
        m_retry_pending = false;
        Pump();
    });
}

void Uploader::Pump() {
    m_pump_posted = false;  // events made durable from now on post another Pump()
    if (m_retry_pending)
        return;  // the backoff timer pumps when it is due
    const std::size_t envelope = UploadEnvelopeBytes(m_config.kiosk_id);
    const std::size_t max_event_bytes =
        m_config.batch_max_bytes > envelope ? m_config.batch_max_bytes - envelope : 1;
    while (!m_stop) {
        std::vector<QueuedEvent> batch;
        try {
            batch = m_queue.PeekBatch(m_max_events, max_event_bytes);
        } catch (const std::exception& error) {
            SetFailure(error.what(), false);
            Changed();
            RetryAfter(1'000);
            return;
        }
        if (batch.empty())
            return;  // sleep until Notify()
        const Millis delay = UploadBatch(std::move(batch));
        Changed();
        if (delay > 0) {
            RetryAfter(delay);
            return;
        }
    }
}

Millis Uploader::UploadBatch(std::vector<QueuedEvent> batch) {
    const std::string url = m_config.registry_url + "/v1/events";
    const std::vector<std::string> headers = {"Authorization: Bearer " + m_config.token,
                                              "Content-Type: application/json", "Content-Encoding: gzip"};
    const std::string body = BuildUploadBody(m_config.kiosk_id, batch);
    HttpResponse response;
    try {
        response = m_http->Send("POST", url, headers, GzipCompress(body), &m_stop);
    } catch (const std::exception& error) {
        response.error = error.what();
    }
    {
        std::lock_guard lock(m_mutex);
        ++m_state.requests;
    }
    if (m_stop)
        return 0;

    Millis delay = 0;
    const long status = response.status;
    try {
        UploadVerdict verdict;
        if (status == 200 && ParseUploadVerdict(response.body, verdict)) {
            for (const auto& [index, reason] : verdict.rejected) {
                const std::int64_t seq = index < batch.size() ? batch[index].seq : -1;
                std::fprintf(stderr, "telemetry: registry rejected event seq %lld: %s\n",
                             static_cast<long long>(seq), reason.c_str());
            }
            {
                // State first, so a caller that sees the backlog drained also sees "connected".
                std::lock_guard lock(m_mutex);
                m_state.connected = true;
                m_state.auth_failed = false;
                m_state.last_error.clear();
                m_state.consecutive_failures = 0;
            }
            m_queue.Acknowledge(batch.back().seq, static_cast<std::int64_t>(verdict.rejected.size()),
                                m_clock.WallMs());
            m_backoff.Reset();
            if (m_max_events < m_config.batch_max_events && ++m_successes_since_shrink >= 8) {
                m_max_events = std::min(m_config.batch_max_events, m_max_events * 2);
                m_successes_since_shrink = 0;
            }
        } else if (status == 413 && batch.size() > 1) {
            m_max_events = std::max<std::size_t>(1, batch.size() / 2);
            m_successes_since_shrink = 0;
            m_queue.ReleaseInFlight();
        } else if (status == 413) {
            // One event too large for the registry: it can never succeed, so it is counted and dropped.
            std::fprintf(stderr, "telemetry: registry refused event seq %lld as too large\n",
                         static_cast<long long>(batch.front().seq));
            m_queue.Acknowledge(batch.front().seq, 1, m_clock.WallMs());
        } else {
            m_queue.ReleaseInFlight();
            if (status == 401 || status == 403) {
                SetFailure("HTTP " + std::to_string(status) + ": the registry refused the kiosk token", true);
                delay = m_backoff.MaxDelay();
            } else if ((status == 429 || status == 503) && response.retry_after_ms) {
                SetFailure("HTTP " + std::to_string(status) + " (Retry-After)", false);
                delay = m_backoff.RetryAfterDelay(*response.retry_after_ms);
            } else {
                SetFailure(status == 0 ? response.error
                                       : "HTTP " + std::to_string(status) + ": " + response.body.substr(0, 200),
                           false);
                delay = m_backoff.NextDelay();
            }
        }
    } catch (const std::exception& error) {
        m_queue.ReleaseInFlight();
        SetFailure(error.what(), false);
        delay = m_backoff.NextDelay();
    }
    return delay;
}

}  // namespace bk::telemetry
