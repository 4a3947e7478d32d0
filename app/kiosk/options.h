// Command-line options of `borgerkiosk`. Other tools rely on these names (see README.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace bk {

enum class Mode { Kiosk, CheckContent, HashPin, Simulate, Scrub };

struct Options {
    Mode mode = Mode::Kiosk;
    std::string content_dir;          // --content DIR
    std::string assets_dir;           // --assets DIR (default: <content>/../assets)
    std::string profile;              // --profile ID (default: the pack's first profile)
    std::string data_dir = "var/kiosk";  // --data-dir DIR: queue, last known good content
    std::string registry_url;         // --registry URL (default: the profile's registry_url)
    std::string kiosk_id;             // --kiosk-id ID (default: the profile id)
    std::string token_file;           // --token-file FILE
    std::string ca_file;              // --ca-file FILE
    std::string content_key;          // --content-key FILE: take signed content releases from the registry
    int content_poll_s = 300;         // --content-poll-s SEC: ask the registry for a new release this often
    bool fullscreen = false;          // --fullscreen
    int monitor = 0;                  // --monitor N
    int width = 1080, height = 1920;  // --window WxH
    std::string targets_file;         // --dump-targets FILE: where each tappable thing is (end-to-end tests)
    std::string check_dir;            // --check-content DIR
    std::string today;                // --today YYYY-MM-DD for --check-content (default: today's UTC date)
    std::string pin;                  // --hash-pin PIN
    long simulate_sessions = 0;       // --simulate N
    unsigned long seed = 1;           // --seed S
    int timeout_s = 120;              // --timeout SEC
    bool quiet_speech = false;        // --no-speech
};

struct ParsedOptions {
    std::optional<Options> options;   // empty: print `message` (help to stdout, errors to stderr), exit
    int exit_code = 0;                // 0 after --help, 2 after a bad command line
    std::string message;
};

// Parses the arguments after the program name. Every value is checked: a bad one is a message, never a default.
ParsedOptions ParseOptions(const std::vector<std::string>& args);

}  // namespace bk
