#include "staff_services.h"

#include "content/loader.h"
#include "content/pin_hash.h"

namespace bk {

KioskStaffServices::KioskStaffServices(Paths paths, telemetry::Telemetry& telemetry, telemetry::HelpCalls& staff_calls,
                                       Speech& speech, std::function<void()> exit_app)
    : m_paths(std::move(paths)), m_telemetry(telemetry), m_calls(staff_calls), m_speech(speech), m_exit_app(std::move(exit_app)) {}

void KioskStaffServices::SetContentState(std::string version, std::string source, std::vector<std::string> problems) {
    m_content_version = std::move(version);
    m_content_source = std::move(source);
    m_content_problems = std::move(problems);
}

StaffInfo KioskStaffServices::Info() const {
    StaffInfo info;
    const telemetry::StaffSnapshot staff = m_calls.Staff();
    for (const auto& call : staff.open)
        info.calls.push_back({call.id, call.kiosk_id, call.screen, call.service, call.status, call.created_ts});
    info.calls_error = staff.error;
    const telemetry::TelemetryStatus status = m_telemetry.Status();
    info.connected = status.connected;
    info.backlog = status.backlog;
    info.last_upload_ts = status.last_upload_ts;
    info.upload_error = status.last_error;
    info.dropped = status.dropped;
    info.content_version = m_content_version;
    info.content_source = m_content_source;
    info.content_problems = m_content_problems;
    return info;
}

ReloadResult KioskStaffServices::ReloadContent() {
    // Small packs load in tens of milliseconds; staff pressed a button and wait for the answer.
    LoadedContent loaded = LoadContent(m_paths.content_dir, m_paths.assets_dir, m_paths.data_dir);
    std::vector<std::string> problems;
    for (const Problem& p : loaded.problems) problems.push_back(FormatProblem(p));
    ReloadResult result;
    if (loaded.pack) {
        m_content_version = loaded.pack->version;
        result.pack = std::make_shared<const ContentPack>(std::move(*loaded.pack));
    }
    m_content_source = ToString(loaded.source);
    m_content_problems = problems;
    result.message = std::string("Reload: ") + ToString(loaded.source) + ", " + std::to_string(CountProblems(loaded.problems, Severity::Error)) +
                     " error(s), " + std::to_string(CountProblems(loaded.problems, Severity::Warning)) + " warning(s)";
    return result;
}

bool KioskStaffServices::VerifyPin(const std::string& pin, const std::string& stored_hash) const {
    return bk::VerifyPin(pin, stored_hash);
}

void KioskStaffServices::TestReadAloud(const std::string& text, const std::string& lang) { m_speech.Speak(text, lang); }

}  // namespace bk
