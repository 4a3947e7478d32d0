#include "telemetry/uploader.h"

#include <algorithm>
#include <cstdio>

#include "telemetry/http.h"
#include "telemetry/wire.h"

namespace bk::telemetry {

Uploader::Uploader(UploaderConfig config, DurableQueue& queue, RandomSource& random, const Clock& clock)
    : m_config(std::move(config)), m_queue(queue), m_clock(clock),
      m_backoff(random, m_config.backoff_base_ms, m_config.backoff_max_ms),
      m_max_events(std::max<std::size_t>(1, m_config.batch_max_events)) {
    while (!m_config.registry_url.empty() && m_config.registry_url.back() == '/')
        m_config.registry_url.pop_back();
}

Uploader::~Uploader() { Stop(); }

void Uploader::Start() {
    if (!m_thread.joinable())
        m_thread = std::thread([this] { Run(); });
}

void Uploader::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void Uploader::Notify() {
    {
        std::lock_guard lock(m_mutex);
        m_data_ready = true;
    }
    m_wake.notify_one();
}

UploaderState Uploader::State() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

void Uploader::WaitFor(Millis delay_ms, bool wake_on_data) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(delay_ms),
                    [&] { return m_stop.load() || (wake_on_data && m_data_ready); });
}

void Uploader::SetFailure(const std::string& error, bool auth_failed) {
    std::lock_guard lock(m_mutex);
    m_state.connected = false;
    m_state.auth_failed = auth_failed;
    m_state.last_error = error;
    ++m_state.consecutive_failures;
}

void Uploader::Run() {
    HttpClient http({m_config.ca_file, 10'000, m_config.request_timeout_ms});
    const std::string url = m_config.registry_url + "/v1/events";
    const std::vector<std::string> headers = {"Authorization: Bearer " + m_config.token,
                                              "Content-Type: application/json", "Content-Encoding: gzip"};
    const std::size_t envelope = UploadEnvelopeBytes(m_config.kiosk_id);
    const std::size_t max_event_bytes =
        m_config.batch_max_bytes > envelope ? m_config.batch_max_bytes - envelope : 1;

    while (!m_stop) {
        {
            std::lock_guard lock(m_mutex);
            m_data_ready = false;
        }
        std::vector<QueuedEvent> batch;
        try {
            batch = m_queue.PeekBatch(m_max_events, max_event_bytes);
        } catch (const std::exception& error) {
            SetFailure(error.what(), false);
            WaitFor(1'000, false);
            continue;
        }
        if (batch.empty()) {
            WaitFor(1'000, true);  // the timeout is only a safety net; Notify() wakes us
            continue;
        }

        const std::string body = BuildUploadBody(m_config.kiosk_id, batch);
        HttpResponse response;
        try {
            response = http.Send("POST", url, headers, GzipCompress(body), &m_stop);
        } catch (const std::exception& error) {
            response.error = error.what();
        }
        {
            std::lock_guard lock(m_mutex);
            ++m_state.requests;
        }
        if (m_stop)
            break;

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
        if (delay > 0)
            WaitFor(delay, false);
    }
    m_queue.ReleaseInFlight();
}

}  // namespace bk::telemetry
