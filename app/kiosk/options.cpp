#include "kiosk/options.h"

#include "shared/cli.h"
#include "shared/iso_date.h"

namespace bk {

ParsedOptions ParseOptions(const std::vector<std::string>& args) {
    Options o;
    CLI::App app("The citizen-service kiosk. With no options it opens a 1080x1920 window on the demo content.", "borgerkiosk");
    app.set_help_flag("-h,--help", "this text");
    app.add_option("--content", o.content_dir, "content pack (default: the demo pack in the source tree)")->type_name("DIR");
    app.add_option("--assets", o.assets_dir, "images named by the pack (default: DIR/../assets)")->type_name("DIR");
    app.add_option("--profile", o.profile, "kiosk profile in the pack (default: the first)")->type_name("ID");
    app.add_option("--data-dir", o.data_dir, "event queue and last known good content")->type_name("DIR")->capture_default_str();
    app.add_option("--registry", o.registry_url, "central registry (default: the profile's registry_url)")->type_name("URL");
    app.add_option("--kiosk-id", o.kiosk_id, "this kiosk's id at the registry (default: the profile id)")->type_name("ID");
    app.add_option("--token-file", o.token_file, "the kiosk's bearer token; without it nothing is uploaded")->type_name("FILE");
    app.add_option("--ca-file", o.ca_file, "extra CA bundle for TLS to the registry")->type_name("FILE");
    app.add_option("--content-key", o.content_key,
                   "the registry's content public key (registry-stub content keygen): fetch, verify and run its signed "
                   "content releases, swapped in between visits; needs --token-file")
        ->type_name("FILE")
        ->check(CLI::ExistingFile);
    app.add_option("--content-poll-s", o.content_poll_s, "with --content-key: ask for a new release this often")
        ->type_name("SEC")
        ->check(cli::DecimalNumber(1))
        ->capture_default_str();
    app.add_flag("--fullscreen", o.fullscreen, "kiosk mode: no decorations, the monitor's resolution, no cursor");
    app.add_option("--monitor", o.monitor, "which monitor in kiosk mode")->type_name("N")->check(cli::DecimalNumber())->capture_default_str();
    std::string window;
    app.add_option("--window", window, "window size for development, e.g. 1080x1920 or 1920x1080")
        ->type_name("WxH")
        ->check(cli::WindowSize(320, 320));
    app.add_flag("--no-speech", o.quiet_speech, "no read-aloud (kiosks without sound)");
    app.add_option("--dump-targets", o.targets_file, "write where every tappable thing is after each frame (tests)")->type_name("FILE");

    auto* check = app.add_option("--check-content", o.check_dir, "validate a content pack and exit (0 valid, 1 errors, 2 unreadable)")
                      ->type_name("DIR");
    app.add_option("--today", o.today, "with --check-content: warn about services verified more than 180 days before "
                                       "this date (default: today)")
        ->type_name("YYYY-MM-DD")
        ->check(CLI::Validator(
            [](std::string& text) { return ParseIsoDate(text) ? std::string() : "not a date written YYYY-MM-DD: " + text; },
            "DATE"))
        ->needs(check);
    auto* hash = app.add_option("--hash-pin", o.pin, "print a staff PIN hash for a kiosk profile and exit")->type_name("PIN");
    auto* simulate = app.add_option("--simulate", o.simulate_sessions,
                                    "drive N random citizen sessions headlessly, upload, exit 0 when the registry acknowledged "
                                    "everything; 0 only drains the queue")
                         ->type_name("N")
                         ->check(cli::DecimalNumber());
    app.add_option("--seed", o.seed, "random seed for --simulate")->type_name("S")->check(cli::DecimalNumber())->capture_default_str();
    app.add_option("--timeout", o.timeout_s, "give up --simulate after SEC seconds, exit 1")
        ->type_name("SEC")
        ->check(cli::DecimalNumber(1))
        ->capture_default_str();
    bool scrub_mode = false;
    auto* scrub = app.add_flag("--scrub", scrub_mode,
                               "print each line of standard input as the kiosk would record it in a comment (personal data replaced), exit 0");
    check->excludes(hash)->excludes(simulate)->excludes(scrub);
    hash->excludes(simulate)->excludes(scrub);
    simulate->excludes(scrub);

    cli::Outcome outcome = cli::Parse(app, args);
    if (!outcome.run) return {std::nullopt, outcome.exit_code, std::move(outcome.message)};
    if (!window.empty()) cli::ParseWindowSize(window, 320, 320, &o.width, &o.height);
    if (check->count()) o.mode = Mode::CheckContent;
    if (hash->count()) o.mode = Mode::HashPin;
    if (simulate->count()) o.mode = Mode::Simulate;
    if (scrub_mode) o.mode = Mode::Scrub;
    return {o, 0, {}};
}

}  // namespace bk
