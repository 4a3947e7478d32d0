#include "kiosk_app.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "content/check.h"
#include "platform/simulation.h"

#ifndef BK_DEFAULT_CONTENT_DIR
#error "BK_DEFAULT_CONTENT_DIR must name the demo content (set by app/CMakeLists.txt)"
#endif

namespace bk {

namespace {

// Shown only when no content pack at all can be loaded, so it cannot come from a pack.
constexpr const char* kOutOfOrderTitle = "Kiosken er midlertidigt ude af drift";
constexpr const char* kOutOfOrderBody = "Spørg venligst personalet i Borgerservice. / Please ask the staff.";

}  // namespace

std::optional<KioskContent> LoadKioskContent(const Options& opt, std::ostream& err) {
    KioskContent content;
    content.content_dir = opt.content_dir.empty() ? std::string(BK_DEFAULT_CONTENT_DIR) : opt.content_dir;
    content.assets_dir = opt.assets_dir.empty() ? DefaultAssetsDir(content.content_dir) : std::filesystem::path(opt.assets_dir);
    LoadedContent loaded = LoadContent(content.content_dir, content.assets_dir, opt.data_dir);
    content.source = loaded.source;
    for (const Problem& p : loaded.problems) content.problems.push_back(FormatProblem(p));
    if (HasErrors(loaded.problems)) {
        err << "borgerkiosk: content in " << content.content_dir << " has " << CountProblems(loaded.problems, Severity::Error)
            << " error(s); using " << ToString(loaded.source) << "\n";
        for (const std::string& line : content.problems) err << "  " << line << "\n";
    }
    if (!loaded.pack) {
        if (opt.mode == Mode::Simulate && opt.simulate_sessions > 0) {
            err << "borgerkiosk: --simulate needs a valid content pack\n";
            return std::nullopt;
        }
        return content;
    }
    content.pack = std::make_shared<const ContentPack>(std::move(*loaded.pack));
    const ContentPack& pack = *content.pack;
    const KioskProfile* found = opt.profile.empty() ? (pack.profiles.empty() ? nullptr : &pack.profiles[0]) : pack.FindProfile(opt.profile);
    if (!found) {
        err << "borgerkiosk: no kiosk profile '" << opt.profile << "' in " << content.content_dir << "\n";
        return std::nullopt;
    }
    content.profile = *found;
    return content;
}

std::optional<KioskTelemetry> OpenTelemetry(const Options& opt, const KioskContent& content, std::ostream& err) {
    telemetry::TelemetryConfig config;
    config.data_dir = opt.data_dir;
    config.kiosk_id = opt.kiosk_id.empty() ? content.profile.id : opt.kiosk_id;
    config.registry_url = opt.registry_url.empty() ? content.profile.registry_url : opt.registry_url;
    config.ca_file = opt.ca_file;
    config.content_version = content.Version();
    config.app_version = BK_APP_VERSION;
    // A soak run may record faster than the disk writes; it must wait, never drop. The UI never waits.
    config.block_when_full = opt.mode == Mode::Simulate;
    try {
        if (!opt.token_file.empty()) config.token = telemetry::ReadTokenFile(opt.token_file);
    } catch (const std::exception& e) {
        err << "borgerkiosk: " << e.what() << "\n";
        return std::nullopt;
    }
    if (config.token.empty()) {
        err << "borgerkiosk: no --token-file: events are kept on disk in " << opt.data_dir << ", not uploaded\n";
        config.registry_url.clear();
    }
    try {
        std::filesystem::create_directories(opt.data_dir);
        auto telemetry = std::make_unique<telemetry::Telemetry>(config);
        return KioskTelemetry{config, std::move(telemetry)};
    } catch (const std::exception& e) {
        err << "borgerkiosk: cannot open the event queue: " << e.what() << "\n";
        return std::nullopt;
    }
}

int RunSimulation(const Options& opt, const KioskContent& content, KioskTelemetry& kiosk_telemetry, std::ostream& out, std::ostream& err) {
    telemetry::Telemetry& telemetry = *kiosk_telemetry.telemetry;
    const Millis span = opt.simulate_sessions * 150'000LL;  // simulated time ends about now
    const SimulationResult result =
        opt.simulate_sessions > 0
            ? SimulateSessions(content.pack, content.profile, telemetry, opt.simulate_sessions, opt.seed, SystemClock().WallMs() - span)
            : SimulationResult{};
    telemetry.RecordHeartbeat();
    const bool uploading = !kiosk_telemetry.config.registry_url.empty();
    const bool drained = uploading ? telemetry.WaitUntilDrained(std::chrono::seconds(opt.timeout_s))
                                   : telemetry.WaitUntilDurable(std::chrono::seconds(opt.timeout_s));
    const auto status = telemetry.Status();
    out << "simulated " << result.sessions << " sessions, " << result.taps << " taps, " << result.completed << " guides completed ("
        << result.assisted_completions << " with staff help, " << result.unassisted_completions << " without), " << result.feedback
        << " feedback; backlog " << status.backlog << ", last seq " << status.last_seq << ", dropped " << status.dropped
        << ", rejected " << status.rejected << (drained ? ", all acknowledged" : ", NOT drained") << "\n";
    if (!drained && !status.last_error.empty()) err << "borgerkiosk: " << status.last_error << "\n";
    telemetry.Shutdown();
    return drained ? 0 : 1;
}

// The control speech mode's focus is on ("" for text or none), so a test can drive the kiosk by keys alone.
static std::string SpeechFocusId(const Kiosk& kiosk) {
    const SpeechModeState& speech_mode = kiosk.SpeechMode();
    if (speech_mode.focus < 0 || speech_mode.focus >= static_cast<int>(speech_mode.items.size())) return {};
    return speech_mode.items[static_cast<size_t>(speech_mode.focus)].id;
}

void RunKioskLoop(Runner& runner, ui::KioskView& view, Kiosk* kiosk, const Speech& speech, const KioskContent& content,
                  const Options& options, const Clock& clock, Millis started_ms) {
    StaffDetailsGate out_of_order_details;
    App app;
    app.program = "borgerkiosk";
    app.loop.frame = [&] {
        if (kiosk) {
            for (NavKey key : runner.TakeNavKeys()) view.PressKey(key);
            return view.Step(*kiosk);
        }
        view.DrawOutOfOrder(kOutOfOrderTitle, kOutOfOrderBody, content.problems, out_of_order_details, clock.MonotonicMs());
        return false;
    };
    app.loop.next_deadline = [&]() -> Millis {
        if (!kiosk) return out_of_order_details.NextDeadline(clock.MonotonicMs());
        Millis deadline = kiosk->NextDeadlineMs();
        // While reading aloud, look in twice a second so the button flips back when the voice ends.
        if (speech.IsSpeaking()) {
            const Millis soon = clock.MonotonicMs() + 500;
            deadline = deadline < 0 ? soon : std::min(deadline, soon);
        }
        return deadline;
    };
    app.loop.first_frame_shown = [&] {
        ImGui::GetIO().Fonts->ClearTexData();  // the atlas is on the GPU now; the CPU copies are dead weight
        std::fprintf(stderr, "borgerkiosk: first frame after %lld ms\n", static_cast<long long>(clock.MonotonicMs() - started_ms));
    };
    app.targets_file = options.targets_file;
    app.targets = [&] {
        if (!kiosk) return nlohmann::json{{"screen", "out_of_order"}, {"targets", TargetsJson(view.Targets())}};
        // Beyond the screen, what a tap changes without changing the screen, so tests wait for it.
        const SessionState& session = kiosk->State();
        return nlohmann::json{{"screen", ScreenName(session.screen)},
                              {"step", session.guide.step},
                              {"qr", session.guide.qr_visible},
                              {"rating", session.feedback.rating},
                              {"task_done", session.feedback.task_done != TaskDone::Unset},
                              {"speech_mode", kiosk->SpeechMode().on},
                              {"speech_focus", SpeechFocusId(*kiosk)},
                              {"speaking", speech.IsSpeaking()},
                              {"targets", TargetsJson(view.Targets())}};
    };
    RunApp(runner, app, clock);
}

}  // namespace bk
