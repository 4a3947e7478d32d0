// borgerkiosk: wiring only. Content, telemetry, help calls, speech, the window and the loop are built
// here and handed to each other; the steps live in kiosk_app.cpp, none of the logic in this file.
#include <iostream>

#include "content/check.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/options.h"
#include "platform/gl_pictures.h"
#include "platform/glfw_platform.h"
#include "platform/speech_espeak.h"
#include "kiosk/staff_services.h"
#include "telemetry/help_calls.h"
#include "shared/scrub.h"
#include "ui/kiosk_view.h"

using namespace bk;

int main(int argc, char** argv) {
    const Millis started_ms = SteadyNowMs();
    const ParsedOptions parsed = ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.options) {
        (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.message;
        return parsed.exit_code;
    }
    const Options& opt = *parsed.options;
    if (opt.mode == Mode::CheckContent) {
        const Date today = opt.today.empty() ? DateOfWallMs(WallNowMs()) : *ParseIsoDate(opt.today);
        return RunCheckContent(opt.check_dir, opt.assets_dir, today, std::cout);
    }
    if (opt.mode == Mode::HashPin) return RunHashPin(opt.pin, std::cout, std::cerr);
    if (opt.mode == Mode::Scrub) return bk::RunScrub(std::cin, std::cout);
    // Before any worker thread starts: only the runner's watcher receives SIGTERM/SIGINT. A --simulate run
    // keeps the default, so Ctrl-C stops it at once.
    if (opt.mode == Mode::Kiosk) BlockStopSignals();

    std::optional<KioskContent> content = LoadKioskContent(opt, std::cerr);
    if (!content) return 2;
    std::optional<KioskTelemetry> telemetry = OpenTelemetry(opt, *content, std::cerr);
    if (!telemetry) return 2;
    if (opt.mode == Mode::Simulate) {
        std::optional<std::unique_ptr<FleetUpdater>> fleet = StartFleetUpdates(opt, *content, *telemetry, {}, std::cerr);
        if (!fleet) return 2;
        return RunSimulation(opt, *content, *telemetry, std::cout, std::cerr, fleet->get());
    }

    GlfwPlatform platform;
    ui::Fonts fonts;
    std::string error;
    if (!platform.OpenWithFonts({opt.fullscreen, opt.monitor, opt.width, opt.height}, 0, fonts, &error)) {
        std::cerr << "borgerkiosk: " << error << "\n";
        return 3;
    }
    GlPictures pictures;  // after the window: its textures go before the GL context does
    ui::KioskView view(fonts, &pictures);

    std::unique_ptr<Speech> speech;
    if (opt.quiet_speech) speech = std::make_unique<SilentSpeech>();
    else speech = std::make_unique<EspeakSpeech>();
    const telemetry::TelemetryConfig& tconfig = telemetry->config;
    telemetry::HelpCallsConfig hconfig{tconfig.registry_url, tconfig.kiosk_id, tconfig.token, tconfig.ca_file};
    // One object: the citizen's call and staff (acting for the location with the kiosk token) run on two lanes.
    telemetry::HelpCalls help(hconfig, [&platform] { platform.Wake(); });
    KioskStaffServices staff({content->content_dir, content->assets_dir, opt.data_dir}, *telemetry->telemetry, help, *speech,
                             [&platform] { platform.Close(); }, [&platform] { platform.Wake(); });
    staff.SetContentState(content->Version(), ToString(content->source), content->problems);
    std::optional<std::unique_ptr<FleetUpdater>> fleet =
        StartFleetUpdates(opt, *content, *telemetry, [&platform] { platform.Wake(); }, std::cerr);
    if (!fleet) return 2;
    staff.SetFleet(fleet->get());

    SystemClock clock;
    std::unique_ptr<Kiosk> kiosk;
    auto start_kiosk = [&](std::shared_ptr<const ContentPack> pack, const KioskProfile& profile) {
        kiosk = std::make_unique<Kiosk>(std::move(pack), profile, clock, *telemetry->telemetry, *speech, help);
        kiosk->SetStaffServices(&staff);
        return kiosk.get();
    };
    if (content->pack) start_kiosk(content->pack, content->profile);
    // A fleet kiosk with no pack of its own starts on the first release it accepts.
    auto start_on_release = [&](const FleetOutcome& first) -> Kiosk* {
        const KioskProfile* profile = opt.profile.empty() ? &first.pack->profiles.front() : first.pack->FindProfile(opt.profile);
        return profile ? start_kiosk(first.pack, *profile) : nullptr;
    };
    RunKioskLoop(platform, view, kiosk.get(), *speech, *content, opt, clock, started_ms, fleet->get(),
                 *fleet && !content->pack ? std::function<Kiosk*(const FleetOutcome&)>(start_on_release) : nullptr);
    fleet->reset();  // its worker stops before the kiosk and the telemetry it reports to go

    if (kiosk) kiosk->EndSession("shutdown");
    telemetry->telemetry->Shutdown();
    return 0;
}
