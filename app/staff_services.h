// Staff mode's view of the running kiosk: help calls through the registry, the telemetry queue's health,
// content reload with validation, read-aloud test, and quitting for maintenance. Wiring only.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/speech.h"
#include "core/staff.h"
#include "telemetry/help_calls.h"
#include "telemetry/telemetry.h"

namespace bk {

class KioskStaffServices final : public StaffServices {
public:
    struct Paths {
        std::filesystem::path content_dir, assets_dir, data_dir;
    };
    KioskStaffServices(Paths paths, telemetry::Telemetry& telemetry, telemetry::HelpCalls& staff_calls, Speech& speech,
                       std::function<void()> exit_app);

    // What the kiosk started with, shown until the first reload.
    void SetContentState(std::string version, std::string source, std::vector<std::string> problems);

    StaffInfo Info() const override;
    void RefreshCalls() override { m_calls.RefreshOpen(); }
    void Ack(const std::string& id) override { m_calls.Ack(id); }
    void Resolve(const std::string& id) override { m_calls.Resolve(id); }
    ReloadResult ReloadContent() override;
    bool VerifyPin(const std::string& pin, const std::string& stored_hash) const override;
    void TestReadAloud(const std::string& text, const std::string& lang) override;
    void ExitApp() override { m_exit_app(); }

private:
    Paths m_paths;
    telemetry::Telemetry& m_telemetry;
    telemetry::HelpCalls& m_calls;
    Speech& m_speech;
    std::function<void()> m_exit_app;
    std::string m_content_version, m_content_source;
    std::vector<std::string> m_content_problems;
};

}  // namespace bk
