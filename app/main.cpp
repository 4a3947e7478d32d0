// borgerkiosk: wiring only. Content, telemetry, help calls, speech, the window and the loop are built
// here and handed to each other; none of the logic lives in this file.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "content/check.h"
#include "content/loader.h"
#include "core/kiosk.h"
#include "options.h"
#include "platform/glfw_platform.h"
#include "platform/simulation.h"
#include "platform/speech_espeak.h"
#include "review/review_app.h"
#include "staff_services.h"
#include "telemetry/help_calls.h"
#include "telemetry/telemetry.h"
#include "ui/kiosk_view.h"

using namespace bk;

namespace {

// Shown only when no content pack at all can be loaded, so it cannot come from a pack.
constexpr const char* kOutOfOrderTitle = "Kiosken er midlertidigt ude af drift";
constexpr const char* kOutOfOrderBody = "Spørg venligst personalet i Borgerservice. / Please ask the staff.";

void WriteTargets(const std::string& file, const ui::KioskView& view, const Kiosk* kiosk) {
    nlohmann::json out = {{"screen", kiosk ? ScreenName(kiosk->State().screen) : "out_of_order"}, {"targets", nlohmann::json::array()}};
    for (const ui::Target& t : view.Targets())
        out["targets"].push_back({{"id", t.id}, {"x", (t.min.x + t.max.x) / 2}, {"y", (t.min.y + t.max.y) / 2},
                                  {"w", t.max.x - t.min.x}, {"h", t.max.y - t.min.y}});
    const std::string tmp = file + ".tmp";
    std::ofstream(tmp) << out.dump();
    std::rename(tmp.c_str(), file.c_str());  // readers never see half a file
}

// SIGTERM and SIGINT end the kiosk cleanly (systemd stop, Ctrl-C): a thread waits for them and asks the
// loop to close, so the session is ended and the queue flushed as on a normal exit.
void StartSignalThread(GlfwPlatform& platform) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    std::thread([set, &platform]() mutable {
        int sig = 0;
        if (sigwait(&set, &sig) == 0) {
            std::fprintf(stderr, "borgerkiosk: signal %d, closing\n", sig);
            platform.Close();
            GlfwPlatform::Wake();
        }
    }).detach();
}

}  // namespace

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    // Block the stop signals in every thread; StartSignalThread() receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    std::string error;
    const auto parsed = ParseOptions(std::vector<std::string>(argv + 1, argv + argc), &error);
    if (!parsed) {
        std::cerr << "borgerkiosk: " << error << "\n\n" << Usage();
        return 2;
    }
    Options opt = *parsed;
    const bool window_mode = opt.mode == Mode::Kiosk;
    if (window_mode) pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    if (opt.mode == Mode::Help) {
        std::cout << Usage();
        return 0;
    }
    if (opt.mode == Mode::Review) {
        review::ReviewOptions r;
        r.registry_url = opt.registry_url;
        r.token_file = opt.token_file;
        r.municipality = opt.municipality;
        r.ca_file = opt.ca_file;
        r.start_view = opt.review_view;
        r.export_dir = opt.export_dir;
        r.targets_file = opt.targets_file;
        if (opt.window_set) {
            r.width = opt.width;
            r.height = opt.height;
        }
        const auto period = review::ParsePeriod(opt.review_period);
        if (!period) {
            std::cerr << "borgerkiosk: --review-period takes 7d, 30d, 90d or all\n";
            return 2;
        }
        r.period = *period;
        if (!review::ValidateReviewOptions(r, &error)) {
            std::cerr << "borgerkiosk: " << error << "\n";
            return 2;
        }
        return review::RunReviewConsole(r);  // closes cleanly on SIGTERM/SIGINT by itself
    }
    if (opt.mode == Mode::CheckContent) return RunCheckContent(opt.check_dir, opt.assets_dir, std::cout);
    if (opt.mode == Mode::HashPin) return RunHashPin(opt.pin, std::cout, std::cerr);

    // Content, falling back to the last known good pack.
    const std::filesystem::path content_dir = opt.content_dir.empty() ? std::string(BK_DEFAULT_CONTENT_DIR) : opt.content_dir;
    const std::filesystem::path assets_dir = opt.assets_dir.empty() ? DefaultAssetsDir(content_dir) : std::filesystem::path(opt.assets_dir);
    LoadedContent loaded = LoadContent(content_dir, assets_dir, opt.data_dir);
    std::vector<std::string> content_problems;  // shown to staff
    for (const Problem& p : loaded.problems) content_problems.push_back(FormatProblem(p));
    if (HasErrors(loaded.problems)) {
        std::cerr << "borgerkiosk: content in " << content_dir << " has " << CountProblems(loaded.problems, Severity::Error)
                  << " error(s); using " << ToString(loaded.source) << "\n";
        for (const std::string& line : content_problems) std::cerr << "  " << line << "\n";
    }

    std::shared_ptr<const ContentPack> pack;
    KioskProfile profile;
    if (loaded.pack) {
        pack = std::make_shared<const ContentPack>(std::move(*loaded.pack));
        const KioskProfile* found = opt.profile.empty() ? (pack->profiles.empty() ? nullptr : &pack->profiles[0]) : pack->FindProfile(opt.profile);
        if (!found) {
            std::cerr << "borgerkiosk: no kiosk profile '" << opt.profile << "' in " << content_dir << "\n";
            return 2;
        }
        profile = *found;
    } else if (opt.mode == Mode::Simulate && opt.simulate_sessions > 0) {
        std::cerr << "borgerkiosk: --simulate needs a valid content pack\n";
        return 2;
    }

    // Telemetry: durable queue always; uploads when a registry and token are given.
    telemetry::TelemetryConfig tconfig;
    tconfig.data_dir = opt.data_dir;
    tconfig.kiosk_id = opt.kiosk_id.empty() ? profile.id : opt.kiosk_id;
    tconfig.registry_url = opt.registry_url.empty() ? profile.registry_url : opt.registry_url;
    tconfig.ca_file = opt.ca_file;
    tconfig.content_version = pack ? pack->version : "none";
    tconfig.app_version = BK_APP_VERSION;
    // A soak run may record faster than the disk writes; it must wait, never drop. The UI never waits.
    tconfig.block_when_full = opt.mode == Mode::Simulate;
    try {
        if (!opt.token_file.empty()) tconfig.token = telemetry::ReadTokenFile(opt.token_file);
    } catch (const std::exception& e) {
        std::cerr << "borgerkiosk: " << e.what() << "\n";
        return 2;
    }
    if (tconfig.token.empty()) {
        std::cerr << "borgerkiosk: no --token-file: events are kept on disk in " << opt.data_dir << ", not uploaded\n";
        tconfig.registry_url.clear();
    }
    std::unique_ptr<telemetry::Telemetry> telemetry;
    try {
        std::filesystem::create_directories(opt.data_dir);
        telemetry = std::make_unique<telemetry::Telemetry>(tconfig);
    } catch (const std::exception& e) {
        std::cerr << "borgerkiosk: cannot open the event queue: " << e.what() << "\n";
        return 2;
    }

    if (opt.mode == Mode::Simulate) {
        const Millis span = opt.simulate_sessions * 150'000LL;  // simulated time ends about now
        const SimulationResult result = opt.simulate_sessions > 0
            ? SimulateSessions(pack, profile, *telemetry, opt.simulate_sessions, opt.seed, SystemClock().WallMs() - span)
            : SimulationResult{};
        telemetry->RecordHeartbeat();
        const bool drained = !tconfig.registry_url.empty()
            ? telemetry->WaitUntilDrained(std::chrono::seconds(opt.timeout_s))
            : telemetry->WaitUntilDurable(std::chrono::seconds(opt.timeout_s));
        const auto status = telemetry->Status();
        std::cout << "simulated " << result.sessions << " sessions, " << result.taps << " taps, " << result.completed
                  << " guides completed (" << result.assisted_completions << " with staff help, " << result.unassisted_completions
                  << " without), " << result.feedback << " feedback; backlog " << status.backlog << ", last seq "
                  << status.last_seq << ", dropped " << status.dropped << ", rejected " << status.rejected
                  << (drained ? ", all acknowledged" : ", NOT drained") << "\n";
        if (!drained && !status.last_error.empty()) std::cerr << "borgerkiosk: " << status.last_error << "\n";
        telemetry->Shutdown();
        return drained ? 0 : 1;
    }

    // The window. Opening it (an OpenGL context; seconds' worth of work under software rendering) and
    // building the font atlas run side by side, so the first frame comes sooner.
    WindowOptions window{opt.fullscreen, opt.monitor, opt.width, opt.height};
    ImVec2 size;
    if (!GlfwPlatform::PredictSize(window, &size, &error)) {
        std::cerr << "borgerkiosk: " << error << "\n";
        return 3;
    }
    ImFontAtlas atlas;  // outlives the platform, which only borrows it
    ui::Fonts fonts;
    bool fonts_ok = false;
    std::jthread font_builder([&] {
        fonts_ok = ui::LoadFonts(atlas, fonts, std::min(size.x, size.y));
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        if (fonts_ok) atlas.GetTexDataAsRGBA32(&pixels, &w, &h);  // the OpenGL backend asks for RGBA
    });
    GlfwPlatform platform;
    const bool opened = platform.Open(window, &error, &atlas);
    font_builder.join();
    if (!opened) {
        std::cerr << "borgerkiosk: " << error << "\n";
        return 3;
    }
    if (!fonts_ok) {
        std::cerr << "borgerkiosk: fonts missing (install fonts-dejavu-core and fonts-font-awesome)\n";
        return 3;
    }
    ImGui::GetIO().FontDefault = fonts.sizes[0].body;
    ui::KioskView view(fonts);
    StartSignalThread(platform);

    std::unique_ptr<Speech> speech;
    if (opt.quiet_speech) speech = std::make_unique<SilentSpeech>();
    else speech = std::make_unique<EspeakSpeech>();
    telemetry::HelpCallsConfig hconfig{tconfig.registry_url, tconfig.kiosk_id, tconfig.token, tconfig.ca_file};
    telemetry::HelpCalls help(hconfig, [] { GlfwPlatform::Wake(); });

    // Staff act for the whole location, with the same kiosk token, on their own worker.
    telemetry::HelpCalls staff_calls(hconfig, [] { GlfwPlatform::Wake(); });
    KioskStaffServices staff({content_dir, assets_dir, opt.data_dir}, *telemetry, staff_calls, *speech, [&platform] { platform.Close(); });
    staff.SetContentState(pack ? pack->version : "none", ToString(loaded.source), content_problems);

    SystemClock clock;
    std::unique_ptr<Kiosk> kiosk;
    if (pack) {
        kiosk = std::make_unique<Kiosk>(pack, profile, clock, *telemetry, *speech, help);
        kiosk->SetStaffServices(&staff);
    }

    StaffDetailsGate out_of_order_details;
    GlfwPlatform::Loop loop;
    loop.frame = [&] {
        bool changed = false;
        if (kiosk) changed = view.Step(*kiosk);
        else view.DrawOutOfOrder(kOutOfOrderTitle, kOutOfOrderBody, content_problems, out_of_order_details, clock.MonotonicMs());
        if (!opt.targets_file.empty()) WriteTargets(opt.targets_file, view, kiosk.get());
        return changed;
    };
    loop.next_deadline = [&]() -> Millis {
        if (!kiosk) return out_of_order_details.NextDeadline(clock.MonotonicMs());
        Millis deadline = kiosk->NextDeadlineMs();
        // While reading aloud, look in twice a second so the button flips back when the voice ends.
        if (speech->IsSpeaking()) {
            const Millis soon = clock.MonotonicMs() + 500;
            deadline = deadline < 0 ? soon : std::min(deadline, soon);
        }
        return deadline;
    };
    loop.first_frame_shown = [&] {
        ImGui::GetIO().Fonts->ClearTexData();  // the atlas is on the GPU now; the CPU copies are dead weight
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "borgerkiosk: first frame after %lld ms\n", static_cast<long long>(ms));
    };
    platform.Run(loop, clock);

    if (kiosk) kiosk->EndSession("shutdown");
    telemetry->Shutdown();
    return 0;
}
