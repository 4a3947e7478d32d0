#include "kiosk/staff_services.h"

#include "content/loader.h"
#include "content/pin_hash.h"

namespace bk {

namespace {

template <typename T>
bool Ready(const std::future<T>& answer) {
    return answer.valid() && answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

}  // namespace

KioskStaffServices::KioskStaffServices(Paths paths, telemetry::Telemetry& telemetry, telemetry::HelpCalls& help_calls,
                                       Speech& speech, std::function<void()> exit_app, std::function<void()> wake)
    : m_paths(std::move(paths)), m_telemetry(telemetry), m_calls(help_calls), m_speech(speech), m_exit_app(std::move(exit_app)),
      m_wake(std::move(wake)) {}

void KioskStaffServices::SetContentState(std::string version, std::string source, std::vector<std::string> problems) {
    m_content_version = std::move(version);
    m_content_source = std::move(source);
    m_content_problems = std::move(problems);
}

StaffInfo KioskStaffServices::Info() const {
    StaffInfo info;
    const telemetry::StaffSnapshot staff = m_calls.Staff();
    for (const auto& call : staff.open)
        info.calls.push_back({call.id, call.kiosk_id, call.session, call.screen, call.service, call.status, call.created_ts});
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
    if (m_fleet) {
        const FleetStatus fleet = m_fleet->Status();
        if (fleet.running_release > 0) {
            info.content_version = fleet.running_version;
            info.content_source = "fleet release " + std::to_string(fleet.running_release);
        }
        if (fleet.pending_release > 0)
            info.content_problems.insert(info.content_problems.begin(),
                                         "release " + std::to_string(fleet.pending_release) + " is ready; it starts when the visit ends");
        if (!fleet.error.empty()) info.content_problems.insert(info.content_problems.begin(), fleet.error);
    }
    return info;
}

// The answer is set before the loop is woken, so the frame the wake causes finds it ready. (The promise is
// shared because a posted job must be copyable.)
void KioskStaffServices::RequestPinCheck(const std::string& pin, const std::string& stored_hash) {
    if (m_pin_answer.valid()) return;  // one check at a time; the core never asks twice
    auto answer = std::make_shared<std::promise<bool>>();
    m_pin_answer = answer->get_future();
    m_worker.Post([answer, pin, stored_hash, wake = m_wake] {
        answer->set_value(VerifyPin(pin, stored_hash));  // 100,000 PBKDF2 rounds: far too slow for a frame
        wake();
    });
}

std::optional<bool> KioskStaffServices::TakePinResult() {
    if (!Ready(m_pin_answer)) return std::nullopt;
    try {
        return m_pin_answer.get();
    } catch (const std::exception&) {
        return false;  // a check that failed is not a match
    }
}

void KioskStaffServices::RequestReload() {
    if (m_reload_answer.valid()) return;
    auto answer = std::make_shared<std::promise<ReloadOutcome>>();
    m_reload_answer = answer->get_future();
    if (m_fleet) m_fleet->CheckNow();
    m_worker.Post([answer, paths = m_paths, wake = m_wake, fleet = m_fleet != nullptr] {
        // A fleet kiosk reloads the release it kept, validated again, never its local folder.
        if (fleet) {
            if (std::optional<FleetOutcome> kept = LoadKeptRelease(paths.assets_dir, paths.data_dir)) {
                ReloadOutcome out;
                out.source = "fleet release " + std::to_string(kept->number);
                out.result.message = "Reload: " + out.source;
                out.result.pack = kept->pack;
                answer->set_value(std::move(out));
                wake();
                return;
            }
        }
        // Validates the whole pack and writes (and fsyncs) the last known good copy.
        LoadedContent loaded = LoadContent(paths.content_dir, paths.assets_dir, paths.data_dir);
        ReloadOutcome out;
        for (const Problem& p : loaded.problems) out.problems.push_back(FormatProblem(p));
        out.source = ToString(loaded.source);
        out.result.message = "Reload: " + out.source + ", " + std::to_string(CountProblems(loaded.problems, Severity::Error)) +
                             " error(s), " + std::to_string(CountProblems(loaded.problems, Severity::Warning)) + " warning(s)";
        if (loaded.pack) out.result.pack = std::make_shared<const ContentPack>(std::move(*loaded.pack));
        answer->set_value(std::move(out));
        wake();
    });
}

std::optional<ReloadResult> KioskStaffServices::TakeReloadResult() {
    if (!Ready(m_reload_answer)) return std::nullopt;
    ReloadOutcome out;
    try {
        out = m_reload_answer.get();
    } catch (const std::exception& e) {  // the job threw (the worker logged it); the running pack stays
        return ReloadResult{nullptr, std::string("Reload failed: ") + e.what()};
    }
    if (out.result.pack) m_content_version = out.result.pack->version;
    m_content_source = std::move(out.source);
    m_content_problems = std::move(out.problems);
    return std::move(out.result);
}

void KioskStaffServices::TestReadAloud(const std::string& text, const std::string& lang) { m_speech.Speak(text, lang); }

}  // namespace bk
