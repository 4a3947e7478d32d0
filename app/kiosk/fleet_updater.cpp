#include "kiosk/fleet_updater.h"

#include "shared/http.h"

namespace bk {

FleetUpdater::FleetUpdater(FleetConfig config, std::optional<FleetOutcome> running, std::function<void()> wake)
    : m_config(std::move(config)), m_wake(std::move(wake)) {
    if (running) {
        m_status.running_release = running->number;
        m_status.running_sha256 = running->sha256;
        if (running->pack) m_status.running_version = running->pack->version;
    }
    Report(m_status);
    CheckNow();
}

FleetUpdater::~FleetUpdater() { m_worker.Stop(); }

void FleetUpdater::CheckNow() {
    m_worker.Post([this] { Fetch(); });
}

void FleetUpdater::Fetch() {
    // The connection is the worker's alone; one per fetch keeps this simple (a poll every few minutes).
    bk::HttpClient http(bk::HttpOptions{m_config.ca_file, 10'000, 60'000});
    std::string have;
    {
        std::lock_guard lock(m_mutex);
        have = m_accepted ? m_accepted->sha256 : m_status.running_sha256;
    }
    std::vector<std::string> headers = {"Authorization: Bearer " + m_config.token, "Accept: application/json"};
    if (!have.empty()) headers.push_back("If-None-Match: \"" + have + "\"");
    std::string url = m_config.registry_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    const bk::HttpResponse response = http.Send("GET", url + "/v1/content/current", headers, "");

    std::optional<FleetOutcome> outcome;
    std::optional<FetchedRelease> release;
    if (response.status == 200) {
        std::string why;
        release = ParseFetchedRelease(response.body, &why);
        bool refused_before = false;
        {
            std::lock_guard lock(m_mutex);
            refused_before = release && release->sha256 + release->signature == m_refused;
        }
        if (!release) {
            outcome = FleetOutcome{nullptr, 0, "", why};
        } else if (!refused_before) {
            outcome = AcceptRelease(*release, m_config.public_key_pem, m_config.assets_dir, m_config.data_dir,
                                    m_config.profile_id);
        }
    }
    bool ready = false;
    FleetStatus status;
    {
        std::lock_guard lock(m_mutex);
        if (outcome && outcome->pack) {
            m_accepted = std::move(outcome);
            m_status.pending_release = m_accepted->number;
            m_status.error.clear();
            ready = true;
        } else if (outcome) {
            m_status.error = outcome->error;
            if (release) m_refused = release->sha256 + release->signature;
        }
        if (response.status == 200 || response.status == 304 || response.status == 404) ++m_status.checks;
        status = m_status;
    }
    Report(status);
    m_checked.notify_all();
    if (ready && m_wake) m_wake();
    m_worker.SetTimer(bk::Worker::Clock::now() + m_config.poll_interval, [this] { Fetch(); });
}

std::optional<FleetOutcome> FleetUpdater::TakeAccepted(bool between_visits) {
    if (!between_visits) return std::nullopt;
    std::optional<FleetOutcome> taken;
    FleetStatus status;
    {
        std::lock_guard lock(m_mutex);
        if (!m_accepted) return std::nullopt;
        taken = std::move(m_accepted);
        m_accepted.reset();
        m_status.running_release = taken->number;
        m_status.running_sha256 = taken->sha256;
        m_status.running_version = taken->pack->version;
        m_status.pending_release = 0;
        status = m_status;
    }
    Report(status);
    return taken;
}

void FleetUpdater::Report(const FleetStatus& status) {
    if (m_config.telemetry)
        m_config.telemetry->SetContentRelease(status.running_release, status.error, status.running_version);
}

FleetStatus FleetUpdater::Status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

bool FleetUpdater::WaitForChecks(int checks, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_checked.wait_for(lock, timeout, [&] { return m_status.checks >= checks; });
}

bool SwapBetweenVisits(Kiosk& kiosk, FleetUpdater& updater) {
    const bool between_visits = kiosk.State().id.empty() && !kiosk.InStaffMode();
    std::optional<FleetOutcome> accepted = updater.TakeAccepted(between_visits);
    if (!accepted) return false;
    const KioskProfile* profile = accepted->pack->FindProfile(kiosk.Profile().id);
    if (!profile) return false;  // AcceptRelease required it; kept defensive
    kiosk.ReplaceContent(accepted->pack, *profile);
    return true;
}

}  // namespace bk
