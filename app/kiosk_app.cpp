#include "kiosk_app.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <fstream>
#include <ostream>

#include "content/check.h"
#include "platform/simulation.h"
#include "shared/service_notify.h"

#ifndef BK_DEFAULT_CONTENT_DIR
#error "BK_DEFAULT_CONTENT_DIR must name the demo content (set by app/CMakeLists.txt)"
#endif

namespace bk {

namespace {

// Shown only when no content pack at all can be loaded, so it cannot come from a pack.
constexpr const char* kOutOfOrderTitle = "Kiosken er midlertidigt ude af drift";
constexpr const char* kOutOfOrderBody = "Spørg venligst personalet i Borgerservice. / Please ask the staff.";
// A fleet kiosk with no pack yet, waiting for its first content release.
constexpr const char* kWaitingTitle = "Kiosken gør sig klar";
constexpr const char* kWaitingBody = "Den henter sit indhold. Spørg personalet, hvis du har brug for hjælp nu. / "
                                     "The kiosk is getting ready. Please ask the staff if you need help now.";

}  // namespace

std::optional<KioskContent> LoadKioskContent(const Options& opt, std::ostream& err) {
    KioskContent content;
    content.content_dir = opt.content_dir.empty() ? std::string(BK_DEFAULT_CONTENT_DIR) : opt.content_dir;
    content.assets_dir = opt.assets_dir.empty() ? DefaultAssetsDir(content.content_dir) : std::filesystem::path(opt.assets_dir);
    // A fleet kiosk runs the last release it accepted; its own --content pack only until it has one.
    if (!opt.content_key.empty()) {
        if (std::optional<FleetOutcome> kept = LoadKeptRelease(content.assets_dir, opt.data_dir)) {
            const KioskProfile* found = opt.profile.empty() ? (kept->pack->profiles.empty() ? nullptr : &kept->pack->profiles[0])
                                                            : kept->pack->FindProfile(opt.profile);
            if (found) {
                content.profile = *found;
                content.pack = kept->pack;
                content.source = ContentSource::LastKnownGood;
                content.fleet_release = std::move(kept);
                err << "borgerkiosk: running content release " << content.fleet_release->number << " kept in "
                    << FleetDir(opt.data_dir).string() << "\n";
                return content;
            }
        }
    }
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

std::optional<std::unique_ptr<FleetUpdater>> StartFleetUpdates(const Options& opt, const KioskContent& content,
                                                               KioskTelemetry& kiosk_telemetry, std::function<void()> wake,
                                                               std::ostream& err) {
    if (opt.content_key.empty()) return std::unique_ptr<FleetUpdater>();
    const telemetry::TelemetryConfig& tconfig = kiosk_telemetry.config;
    if (tconfig.registry_url.empty() || tconfig.token.empty()) {
        err << "borgerkiosk: --content-key needs a registry (--registry or the profile's) and --token-file\n";
        return std::nullopt;
    }
    std::ifstream key_file(opt.content_key);
    FleetConfig config;
    config.public_key_pem.assign(std::istreambuf_iterator<char>(key_file), {});
    if (!key_file || config.public_key_pem.empty()) {
        err << "borgerkiosk: cannot read --content-key " << opt.content_key << "\n";
        return std::nullopt;
    }
    config.registry_url = tconfig.registry_url;
    config.token = tconfig.token;
    config.ca_file = tconfig.ca_file;
    config.assets_dir = content.assets_dir;
    config.data_dir = opt.data_dir;
    config.profile_id = content.pack ? content.profile.id : opt.profile;
    config.poll_interval = std::chrono::seconds(opt.content_poll_s);
    config.telemetry = kiosk_telemetry.telemetry.get();
    return std::make_unique<FleetUpdater>(std::move(config), content.fleet_release, std::move(wake));
}

int RunSimulation(const Options& opt, const KioskContent& kiosk_content, KioskTelemetry& kiosk_telemetry, std::ostream& out,
                  std::ostream& err, FleetUpdater* fleet) {
    telemetry::Telemetry& telemetry = *kiosk_telemetry.telemetry;
    KioskContent content = kiosk_content;
    if (fleet) {
        // The same path as a kiosk: fetch, verify, validate, keep; the sessions run on what was accepted.
        if (!fleet->WaitForChecks(1, std::chrono::seconds(opt.timeout_s)))
            err << "borgerkiosk: no answer from the registry about content releases\n";
        if (std::optional<FleetOutcome> accepted = fleet->TakeAccepted(true)) {
            content.pack = accepted->pack;
            if (const KioskProfile* profile = accepted->pack->FindProfile(content.profile.id)) content.profile = *profile;
        }
        const FleetStatus status = fleet->Status();
        out << "content release " << status.running_release
            << (status.error.empty() ? std::string() : " (refused: " + status.error + ")") << "\n";
    }
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

// Test hook for the watchdog: BK_TEST_HANG_AFTER_FRAMES=N blocks the UI thread after N frames, as a hung
// driver would, so a test can see the watchdog pings stop. 0 (unset) = never.
static long TestHangAfterFrames() {
    const char* value = std::getenv("BK_TEST_HANG_AFTER_FRAMES");
    return value ? std::strtol(value, nullptr, 10) : 0;
}

[[noreturn]] static void HangForTest() {
    std::fprintf(stderr, "borgerkiosk: BK_TEST_HANG_AFTER_FRAMES: the UI thread hangs now\n");
    for (;;) pause();
}

// The control speech mode's focus is on ("" for text or none), so a test can drive the kiosk by keys alone.
static std::string SpeechFocusId(const Kiosk& kiosk) {
    const SpeechModeState& speech_mode = kiosk.SpeechMode();
    if (speech_mode.focus < 0 || speech_mode.focus >= static_cast<int>(speech_mode.items.size())) return {};
    return speech_mode.items[static_cast<size_t>(speech_mode.focus)].id;
}

void RunKioskLoop(Runner& runner, ui::KioskView& view, Kiosk* kiosk, const Speech& speech, const KioskContent& content,
                  const Options& options, const Clock& clock, Millis started_ms, FleetUpdater* fleet,
                  std::function<Kiosk*(const FleetOutcome&)> start_kiosk) {
    StaffDetailsGate out_of_order_details;
    // Under systemd: ready after the first frame, the watchdog fed after each frame drawn (the loop wakes for it).
    ServiceNotifier service;
    const long hang_after_frames = TestHangAfterFrames();
    long frames_shown = 0;
    App app;
    app.program = "borgerkiosk";
    app.loop.frame = [&] {
        if (!kiosk && fleet && start_kiosk) {
            if (std::optional<FleetOutcome> first = fleet->TakeAccepted(true)) kiosk = start_kiosk(*first);
        }
        if (kiosk) {
            // A new content release waits for the visit (and staff mode) to end.
            if (fleet) SwapBetweenVisits(*kiosk, *fleet);
            for (NavKey key : runner.TakeNavKeys()) view.PressKey(key);
            return view.Step(*kiosk);
        }
        const bool waiting = fleet && start_kiosk;
        view.DrawOutOfOrder(waiting ? kWaitingTitle : kOutOfOrderTitle, waiting ? kWaitingBody : kOutOfOrderBody, content.problems,
                            out_of_order_details, clock.MonotonicMs());
        return false;
    };
    app.loop.next_deadline = [&]() -> Millis {
        const auto earliest = [](Millis a, Millis b) { return a < 0 ? b : b < 0 ? a : std::min(a, b); };
        if (!kiosk) return earliest(out_of_order_details.NextDeadline(clock.MonotonicMs()), service.NextPingMs());
        Millis deadline = earliest(kiosk->NextDeadlineMs(), service.NextPingMs());
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
        service.Ready(kiosk ? "showing the kiosk" : "out of order: no content");
    };
    app.loop.frame_shown = [&] {
        if (hang_after_frames > 0 && ++frames_shown >= hang_after_frames) HangForTest();
        service.Ping(clock.MonotonicMs());
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
                              {"speech_volume", kiosk->SpeechMode().volume},
                              {"speaking", speech.IsSpeaking()},
                              {"targets", TargetsJson(view.Targets())}};
    };
    RunApp(runner, app, clock);
}

}  // namespace bk
