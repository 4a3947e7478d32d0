// Staff mode's view of the running kiosk: help calls through the registry, the telemetry queue's health,
// content reload with validation, read-aloud test, and quitting for maintenance. Wiring only.
// The PIN check and the reload run on the staff services' own worker; `wake` tells the loop an answer is
// ready, and the core takes it on the UI thread.
#pragma once
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/speech.h"
#include "core/staff.h"
#include "kiosk/fleet_updater.h"
#include "telemetry/help_calls.h"
#include "telemetry/telemetry.h"
#include "shared/worker.h"

namespace bk {

class KioskStaffServices final : public StaffServices {
public:
    struct Paths {
        std::filesystem::path content_dir, assets_dir, data_dir;
    };
    KioskStaffServices(Paths paths, telemetry::Telemetry& telemetry, telemetry::HelpCalls& help_calls, Speech& speech,
                       std::function<void()> exit_app, std::function<void()> wake);

    // What the kiosk started with, shown until the first reload.
    void SetContentState(std::string version, std::string source, std::vector<std::string> problems);
    // Fleet content: staff see the running release, one waiting for the visit to end, and the last refusal;
    // a reload takes the kept release (not the local --content folder) and asks the registry for a newer one.
    void SetFleet(FleetUpdater* fleet) { m_fleet = fleet; }

    StaffInfo Info() const override;
    void RefreshCalls() override { m_calls.RefreshOpen(); }
    void Ack(const std::string& id) override { m_calls.Ack(id); }
    void Resolve(const std::string& id) override { m_calls.Resolve(id); }
    void RequestPinCheck(const std::string& pin, const std::string& stored_hash) override;
    std::optional<bool> TakePinResult() override;
    void RequestReload() override;
    std::optional<ReloadResult> TakeReloadResult() override;
    void TestReadAloud(const std::string& text, const std::string& lang) override;
    void ExitApp() override { m_exit_app(); }

private:
    Paths m_paths;
    telemetry::Telemetry& m_telemetry;
    telemetry::HelpCalls& m_calls;
    Speech& m_speech;
    std::function<void()> m_exit_app;
    std::function<void()> m_wake;
    // Written on the UI thread only (SetContentState, TakeReloadResult), read by Info().
    std::string m_content_version, m_content_source;
    std::vector<std::string> m_content_problems;
    FleetUpdater* m_fleet = nullptr;

    // What a reload worker hands back: the core's answer and the content state Info() shows from then on.
    struct ReloadOutcome {
        ReloadResult result;
        std::string source;
        std::vector<std::string> problems;
    };
    std::future<bool> m_pin_answer;
    std::future<ReloadOutcome> m_reload_answer;
    bk::Worker m_worker;  // last: joined before the members above go
};

}  // namespace bk
