// A kiosk's help call for the staff page's browser test, made by the kiosk's own code (telemetry::HelpCalls,
// the HelpDesk the core uses): it asks for help as the citizen's tap does, then follows the call the way the
// kiosk's help screen does and prints each status it sees, one line each, until --until or --timeout-s.
//
//   help_call_kiosk --registry http://127.0.0.1:PORT --kiosk kiosk-1 --token TOKEN --location "Odder Bibliotek"
//   -> "requested", "status open <id>", "status acknowledged <id>"
#include <CLI/CLI.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>

#include "telemetry/help_calls.h"

namespace {

const char* StatusName(bk::HelpStatus status) {
    switch (status) {
        case bk::HelpStatus::None: return "none";
        case bk::HelpStatus::Sending: return "sending";
        case bk::HelpStatus::Open: return "open";
        case bk::HelpStatus::Acknowledged: return "acknowledged";
        case bk::HelpStatus::Resolved: return "resolved";
        case bk::HelpStatus::Failed: return "failed";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"A kiosk's help call, followed until staff answer it"};
    bk::telemetry::HelpCallsConfig config;
    bk::HelpRequest request;
    request.session = "0123456789abcdef0123456789abcdef";
    request.screen = "guide";
    std::string until = "acknowledged";
    int timeout_s = 60;
    app.add_option("--registry", config.registry_url, "registry base URL")->required();
    app.add_option("--kiosk", config.kiosk_id, "kiosk id")->required();
    app.add_option("--token", config.token, "the kiosk's token")->required();
    app.add_option("--location", request.location, "the kiosk's location name");
    app.add_option("--service", request.service, "the guide the citizen is in");
    app.add_option("--step", request.step, "0-based step of that guide");
    app.add_option("--lang", request.lang, "the citizen's language");
    app.add_option("--escalate-after-s", request.escalate_after_s, "the profile's help_escalate_after_s (0 = not sent)");
    app.add_option("--until", until, "stop once this status is seen (open, acknowledged, resolved)");
    app.add_option("--timeout-s", timeout_s, "give up after this long (exit 1)");
    CLI11_PARSE(app, argc, argv);
    // The kiosk's own poll interval (HelpCallsConfig's default), so the test prints what a citizen would wait.

    std::mutex mutex;
    std::condition_variable changed;
    bk::telemetry::HelpCalls help(config, [&] {
        { std::lock_guard lock(mutex); }
        changed.notify_all();
    });
    std::cout << "requested" << std::endl;  // the citizen's tap: the test times the page from here
    help.Request(request);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    bk::HelpStatus printed = bk::HelpStatus::None;
    std::unique_lock lock(mutex);
    for (;;) {
        const bk::telemetry::HelpCallSnapshot call = help.Snapshot();
        if (call.status != printed) {
            printed = call.status;
            std::cout << "status " << StatusName(call.status) << " " << call.id << std::endl;
            if (call.status == bk::HelpStatus::Failed) {
                std::cerr << "help call failed: " << call.error << std::endl;
                return 1;
            }
            if (until == StatusName(call.status)) return 0;
        }
        if (changed.wait_until(lock, deadline) == std::cv_status::timeout) {
            std::cerr << "no '" << until << "' within " << timeout_s << " s" << std::endl;
            return 1;
        }
    }
}
