// The kiosk's start-up steps, each a named function so main() only wires them: content and profile,
// telemetry, the --simulate run, and the loop on the window.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/loader.h"
#include "kiosk/fleet_updater.h"
#include "core/kiosk.h"
#include "kiosk/options.h"
#include "platform/runner.h"
#include "telemetry/telemetry.h"
#include "ui/kiosk_view.h"

namespace bk {

struct KioskContent {
    std::filesystem::path content_dir, assets_dir;
    std::shared_ptr<const ContentPack> pack;  // null: nothing loadable; the kiosk shows it is out of order
    KioskProfile profile;
    ContentSource source = ContentSource::None;
    std::vector<std::string> problems;        // formatted, for the log, staff mode and the out-of-order screen
    std::optional<FleetOutcome> fleet_release;  // with --content-key: the kept release the kiosk runs, if any
    std::string Version() const { return pack ? pack->version : "none"; }
};

// The pack (falling back to the last known good one) and the profile to show. Problems are logged to `err`.
// nullopt (exit 2) when the profile asked for is not in the pack, or --simulate has no pack to run on.
std::optional<KioskContent> LoadKioskContent(const Options& options, std::ostream& err);

struct KioskTelemetry {
    telemetry::TelemetryConfig config;               // registry_url empty: nothing is uploaded
    std::unique_ptr<telemetry::Telemetry> telemetry;
};
// The durable queue always; uploads when a registry and a token are given. nullopt (exit 2) when the token
// file cannot be read or the queue cannot be opened, with the reason in `err`.
std::optional<KioskTelemetry> OpenTelemetry(const Options& options, const KioskContent& content, std::ostream& err);

// With --content-key: fetches signed content releases from the registry on a worker (fleet_updater.h).
// nullptr without --content-key; nullopt (exit 2) when the key cannot be read or there is no registry and token.
std::optional<std::unique_ptr<FleetUpdater>> StartFleetUpdates(const Options& options, const KioskContent& content,
                                                               KioskTelemetry& telemetry, std::function<void()> wake,
                                                               std::ostream& err);

// --simulate: sessions on the null runner, then waits for the registry (or the disk) to have everything.
// 0 = all acknowledged, 1 = not drained within --timeout.
// With a fleet updater the sessions run on the release it accepts first (the path a kiosk takes).
int RunSimulation(const Options& options, const KioskContent& content, KioskTelemetry& telemetry, std::ostream& out,
                  std::ostream& err, FleetUpdater* fleet = nullptr);

// The kiosk's loop: the citizen screens, or the out-of-order screen when there is no pack; the targets file
// for --dump-targets. Returns when the runner is closed (a stop signal, staff "quit"). With a fleet updater a
// new release is swapped in between visits, and a kiosk with no pack of its own waits on a calm screen until
// `start_kiosk` starts it on the first release accepted.
void RunKioskLoop(Runner& runner, ui::KioskView& view, Kiosk* kiosk, const Speech& speech, const KioskContent& content,
                  const Options& options, const Clock& clock, Millis started_ms, FleetUpdater* fleet = nullptr,
                  std::function<Kiosk*(const FleetOutcome&)> start_kiosk = {});

}  // namespace bk
