#include "options.h"

#include <charconv>

namespace bk {

const char* Usage() {
    return "Usage: borgerkiosk [options]\n"
           "\n"
           "The citizen-service kiosk. With no options it opens a 1080x1920 window on the demo content.\n"
           "\n"
           "  --content DIR         content pack (default: the demo pack in the source tree)\n"
           "  --assets DIR          images named by the pack (default: DIR/../assets)\n"
           "  --profile ID          kiosk profile in the pack (default: the first)\n"
           "  --data-dir DIR        event queue and last known good content (default: var/kiosk)\n"
           "  --registry URL        central registry (default: the profile's registry_url)\n"
           "  --kiosk-id ID         this kiosk's id at the registry (default: the profile id)\n"
           "  --token-file FILE     the kiosk's bearer token; without it nothing is uploaded\n"
           "  --ca-file FILE        extra CA bundle for TLS to the registry\n"
           "  --fullscreen          kiosk mode: no decorations, the monitor's resolution, no cursor\n"
           "  --monitor N           which monitor in kiosk mode (default 0)\n"
           "  --window WxH          window size for development, e.g. 1080x1920 or 1920x1080\n"
           "  --no-speech           no read-aloud (kiosks without sound)\n"
           "  --dump-targets FILE   write where every tappable thing is after each frame (tests)\n"
           "\n"
           "  --check-content DIR   validate a content pack and exit (0 valid, 1 errors, 2 unreadable)\n"
           "  --hash-pin PIN        print a staff PIN hash for a kiosk profile and exit\n"
           "  --simulate N          drive N random citizen sessions headlessly, upload, exit 0 when\n"
           "                        the registry acknowledged everything; 0 only drains the queue\n"
           "  --seed S              random seed for --simulate (default 1)\n"
           "  --timeout SEC         give up --simulate after SEC seconds (default 120), exit 1\n"
           "  --review              the service designers' review console (desktop window) over the registry's\n"
           "                        reports; needs --registry URL and --token-file FILE with a reader token\n"
           "  --municipality M      review: municipality (default: the reader token's)\n"
           "  --review-view V       review: strategy, kiosks or service:ID at start\n"
           "  --review-period P     review: 7d, 30d (default), 90d or all\n"
           "  --export-dir DIR      review: where Export CSV writes (default: working dir)\n"
           "  --help                this text\n";
}

template <class T>
static bool ParseNumber(const std::string& text, T* out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::string* error) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string* out) {
            if (i + 1 >= args.size()) {
                *error = a + " needs a value";
                return false;
            }
            *out = args[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") o.mode = Mode::Help;
        else if (a == "--review") o.mode = Mode::Review;
        else if (a == "--municipality") { if (!value(&o.municipality)) return std::nullopt; }
        else if (a == "--review-view") { if (!value(&o.review_view)) return std::nullopt; }
        else if (a == "--review-period") { if (!value(&o.review_period)) return std::nullopt; }
        else if (a == "--export-dir") { if (!value(&o.export_dir)) return std::nullopt; }
        else if (a == "--content") { if (!value(&o.content_dir)) return std::nullopt; }
        else if (a == "--assets") { if (!value(&o.assets_dir)) return std::nullopt; }
        else if (a == "--profile") { if (!value(&o.profile)) return std::nullopt; }
        else if (a == "--data-dir") { if (!value(&o.data_dir)) return std::nullopt; }
        else if (a == "--registry") { if (!value(&o.registry_url)) return std::nullopt; }
        else if (a == "--kiosk-id") { if (!value(&o.kiosk_id)) return std::nullopt; }
        else if (a == "--token-file") { if (!value(&o.token_file)) return std::nullopt; }
        else if (a == "--ca-file") { if (!value(&o.ca_file)) return std::nullopt; }
        else if (a == "--dump-targets") { if (!value(&o.targets_file)) return std::nullopt; }
        else if (a == "--fullscreen") o.fullscreen = true;
        else if (a == "--no-speech") o.quiet_speech = true;
        else if (a == "--monitor") {
            if (!value(&v) || !ParseNumber(v, &o.monitor) || o.monitor < 0) { *error = "--monitor needs a number"; return std::nullopt; }
        } else if (a == "--window") {
            if (!value(&v)) return std::nullopt;
            const size_t x = v.find('x');
            if (x == std::string::npos || !ParseNumber(v.substr(0, x), &o.width) || !ParseNumber(v.substr(x + 1), &o.height) ||
                o.width < 320 || o.height < 320) {
                *error = "--window needs WIDTHxHEIGHT, e.g. 1080x1920";
                return std::nullopt;
            }
            o.window_set = true;
        } else if (a == "--check-content") {
            o.mode = Mode::CheckContent;
            if (!value(&o.check_dir)) return std::nullopt;
        } else if (a == "--hash-pin") {
            o.mode = Mode::HashPin;
            if (!value(&o.pin)) return std::nullopt;
        } else if (a == "--simulate") {
            o.mode = Mode::Simulate;
            if (!value(&v) || !ParseNumber(v, &o.simulate_sessions) || o.simulate_sessions < 0) { *error = "--simulate needs a count >= 0"; return std::nullopt; }
        } else if (a == "--seed") {
            if (!value(&v) || !ParseNumber(v, &o.seed)) { *error = "--seed needs a number"; return std::nullopt; }
        } else if (a == "--timeout") {
            if (!value(&v) || !ParseNumber(v, &o.timeout_s) || o.timeout_s <= 0) { *error = "--timeout needs seconds > 0"; return std::nullopt; }
        } else {
            *error = "unknown option " + a;
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace bk
