// Fleet content on the kiosk: asks the registry for the current content release on a worker thread (at start,
// then every poll interval), accepts it through AcceptRelease (content/fleet_update.h: signature, validation,
// kept in --data-dir) and hands the accepted pack to the UI thread, which swaps it in only between visits
// (SwapBetweenVisits). The registry being down changes nothing: the kiosk keeps running its pack.
#pragma once
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "content/fleet_update.h"
#include "core/kiosk.h"
#include "telemetry/telemetry.h"
#include "shared/worker.h"

namespace bk {

struct FleetConfig {
    std::string registry_url;
    std::string token;
    std::string ca_file;
    std::string public_key_pem;  // --content-key's contents
    std::filesystem::path assets_dir, data_dir;
    std::string profile_id;
    std::chrono::milliseconds poll_interval{300'000};
    telemetry::Telemetry* telemetry = nullptr;  // told the running release and the last refusal, for heartbeats
};

struct FleetStatus {
    int running_release = 0;   // the release the kiosk shows (0 = its own --content pack)
    std::string running_sha256;
    std::string running_version;  // its pack's version
    int pending_release = 0;   // accepted, waiting for the visit to end (0 = none)
    std::string error;         // the last refusal ("" after a release was accepted)
    int checks = 0;            // answers from the registry (200 or 304) handled, ever
};

class FleetUpdater {
public:
    // `running` is the kept release the kiosk started with, if any. `wake` tells the loop a pack is ready.
    FleetUpdater(FleetConfig config, std::optional<FleetOutcome> running, std::function<void()> wake);
    ~FleetUpdater();
    FleetUpdater(const FleetUpdater&) = delete;
    FleetUpdater& operator=(const FleetUpdater&) = delete;

    void CheckNow();  // a fetch on the worker, ahead of the timer

    // UI thread: the accepted pack, once, when the kiosk is between visits (no session and not in staff mode).
    // The caller swaps it in; it is the running release from then on.
    std::optional<FleetOutcome> TakeAccepted(bool between_visits);
    FleetStatus Status() const;
    // Waits until at least `checks` answers were handled (a test, --simulate).
    bool WaitForChecks(int checks, std::chrono::milliseconds timeout) const;

private:
    void Fetch();  // on the worker
    void Report(const FleetStatus& status);  // to telemetry, outside m_mutex

    FleetConfig m_config;
    std::function<void()> m_wake;
    mutable std::mutex m_mutex;  // guards everything below
    mutable std::condition_variable m_checked;
    FleetStatus m_status;
    std::optional<FleetOutcome> m_accepted;
    std::string m_refused;         // sha256 + signature of the last refused release: not checked again
    bk::Worker m_worker;    // last: stops before the members above go
};

// Swaps an accepted pack into the kiosk between visits, never during one. True when it swapped.
bool SwapBetweenVisits(Kiosk& kiosk, FleetUpdater& updater);

}  // namespace bk
