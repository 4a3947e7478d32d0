#include "review/review_app.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "platform/glfw_platform.h"
#include "review/review_strings.h"
#include "telemetry/telemetry.h"
#include "ui/style.h"

namespace bk::review {

// [SECTION] Options

std::optional<ReviewOptions> ParseReviewArgs(const std::vector<std::string>& args, std::string* error) {
    ReviewOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                *error = a + " needs a value";
                return std::nullopt;
            }
            return args[++i];
        };
        std::optional<std::string> v;
        if (a == "--review") continue;
        if (a == "--registry") { if (!(v = value())) return std::nullopt; o.registry_url = *v; }
        else if (a == "--token-file") { if (!(v = value())) return std::nullopt; o.token_file = *v; }
        else if (a == "--municipality") { if (!(v = value())) return std::nullopt; o.municipality = *v; }
        else if (a == "--ca-file") { if (!(v = value())) return std::nullopt; o.ca_file = *v; }
        else if (a == "--export-dir") { if (!(v = value())) return std::nullopt; o.export_dir = *v; }
        else if (a == "--dump-targets") { if (!(v = value())) return std::nullopt; o.targets_file = *v; }
        else if (a == "--review-view") { if (!(v = value())) return std::nullopt; o.start_view = *v; }
        else if (a == "--review-period") {
            if (!(v = value())) return std::nullopt;
            const auto period = ParsePeriod(*v);
            if (!period) {
                *error = "--review-period takes 7d, 30d, 90d or all";
                return std::nullopt;
            }
            o.period = *period;
        } else if (a == "--window") {
            if (!(v = value())) return std::nullopt;
            if (std::sscanf(v->c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240) {
                *error = "--window takes WxH, e.g. 1600x1000";
                return std::nullopt;
            }
        } else {
            *error = "unknown option " + a;
            return std::nullopt;
        }
    }
    if (!ValidateReviewOptions(o, error)) return std::nullopt;
    return o;
}

std::optional<Period> ParsePeriod(const std::string& text) {
    if (text == "7d") return Period::Last7Days;
    if (text == "30d") return Period::Last30Days;
    if (text == "90d") return Period::Last90Days;
    if (text == "all") return Period::AllTime;
    return std::nullopt;
}

bool ValidateReviewOptions(const ReviewOptions& o, std::string* error) {
    if (o.registry_url.empty()) {
        *error = "--review needs --registry URL";
        return false;
    }
    if (o.token_file.empty()) {
        *error = "--review needs --token-file FILE (a reader token: registry-stub reader add)";
        return false;
    }
    const std::string& v = o.start_view;
    if (!v.empty() && v != "strategy" && v != "kiosks" && !(v.rfind("service:", 0) == 0 && v.size() > 8)) {
        *error = "--review-view takes strategy, kiosks or service:ID";
        return false;
    }
    return true;
}

const char* ReviewUsage() {
    return "review console: --review --registry URL --token-file FILE [--municipality M] [--ca-file FILE]\n"
           "  [--review-view strategy|service:ID|kiosks] [--review-period 7d|30d|90d|all] [--window WxH]\n"
           "  [--export-dir DIR] [--dump-targets FILE]\n";
}

// [SECTION] Controller

ReviewController::ReviewController(ReportClient& client, ReviewState initial) : m_client(client), m_state(std::move(initial)) {}

TimeRange ReviewController::Range() const { return m_range; }

void ReviewController::Start() {
    m_range = RangeFor(m_state.period, m_state.now_ms);
    m_client.FetchSummary(m_range);
    LoadView();
}

void ReviewController::LoadView() {
    // The summary is behind the strategy and service views; kiosks have their own report.
    if (m_state.view == ViewKind::Kiosks) m_client.FetchKiosks(m_range);
    m_detail_requested_for.clear();  // the service detail follows the next summary (OnSnapshot)
}

std::vector<int> ReviewController::VersionsOf(const Snapshot& snapshot) const {
    std::vector<int> versions;
    if (const ServiceSummary* s = snapshot.summary.data.FindService(m_state.service))
        for (const auto& v : s->versions) versions.push_back(v.version);
    return versions;
}

void ReviewController::OnSnapshot(const Snapshot& snapshot) {
    // The service detail needs the versions from the summary: request it once the summary is in.
    if (m_state.view != ViewKind::Service || m_state.service.empty()) return;
    if (snapshot.summary.state != FetchState::Ready) return;
    const auto stamp = static_cast<std::uint64_t>(snapshot.summary.fetched_at_ms);
    if (m_detail_requested_for == m_state.service && m_summary_stamp == stamp) return;
    m_detail_requested_for = m_state.service;
    m_summary_stamp = stamp;
    m_client.FetchService(m_state.service, VersionsOf(snapshot), m_range);
}

void ReviewController::Apply(const ReviewActions& a) {
    if (a.set_export_path) m_state.export_path = *a.set_export_path;
    if (a.set_filter) m_state.filter = *a.set_filter;
    if (a.compare) {
        m_state.compare_newer = a.compare->first;
        m_state.compare_older = a.compare->second;
    }
    bool reload = false;
    if (a.open_service && *a.open_service != m_state.service) {
        m_state.service = *a.open_service;
        m_state.filter = CommentFilter{};
        m_state.compare_newer = m_state.compare_older = 0;
        m_detail_requested_for.clear();
    }
    if (a.open_service) m_state.view = ViewKind::Service;
    if (a.open_view && *a.open_view != m_state.view) {
        m_state.view = *a.open_view;
        if (m_state.view == ViewKind::Kiosks) m_client.FetchKiosks(m_range);
        m_detail_requested_for.clear();
    }
    if (a.set_period && *a.set_period != m_state.period) {
        m_state.period = *a.set_period;
        reload = true;
    }
    if (a.retry) reload = true;
    if (reload) {
        m_range = RangeFor(m_state.period, m_state.now_ms);
        m_client.FetchSummary(m_range);
        LoadView();
    }
    if (a.export_csv) {
        ExportRequest request = *a.export_csv;
        request.range = m_range;
        request.path = m_state.export_path;
        m_client.Export(request);
    }
}

bool ReviewController::ViewLoaded(const ReviewState& state, const Snapshot& s) {
    switch (state.view) {
        case ViewKind::Strategy: return s.summary.state == FetchState::Ready || s.summary.state == FetchState::Failed;
        case ViewKind::Kiosks: return s.kiosks.state == FetchState::Ready || s.kiosks.state == FetchState::Failed;
        case ViewKind::Service:
            if (s.summary.state == FetchState::Failed) return true;
            return s.summary.state == FetchState::Ready &&
                   ((s.service.state == FetchState::Ready && s.service.data.service == state.service) || s.service.state == FetchState::Failed);
    }
    return false;
}

// [SECTION] Window

namespace {

void WriteTargets(const std::string& file, const ReviewView& view, const ReviewState& state, bool loaded) {
    nlohmann::json out = {{"view", ViewName(state.view)}, {"service", state.service}, {"loaded", loaded},
                          {"labels", view.Labels()}, {"targets", nlohmann::json::array()}};
    for (const ui::Target& t : view.Targets())
        out["targets"].push_back({{"id", t.id}, {"x", (t.min.x + t.max.x) / 2}, {"y", (t.min.y + t.max.y) / 2}});
    const std::string tmp = file + ".tmp";
    std::ofstream(tmp) << out.dump();
    std::rename(tmp.c_str(), file.c_str());
}

}  // namespace

int RunReviewConsole(const ReviewOptions& options) {
    ClientConfig config;
    config.base_url = options.registry_url;
    config.municipality = options.municipality;
    config.ca_file = options.ca_file;
    config.export_dir = options.export_dir;
    try {
        config.token = telemetry::ReadTokenFile(options.token_file);
    } catch (const std::exception& e) {
        std::cerr << "borgerkiosk --review: " << e.what() << "\n";
        return 2;
    }

    // SIGTERM/SIGINT close the window cleanly; a thread receives them (blocked everywhere else).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    GlfwPlatform platform;
    std::string why;
    WindowOptions window;
    window.width = options.width;
    window.height = options.height;
    window.title = text::kWindowTitle;
    if (!platform.Open(window, &why)) {
        std::cerr << "borgerkiosk --review: " << why << "\n";
        return 3;
    }
    std::thread([stop_signals, &platform]() mutable {
        int sig = 0;
        if (sigwait(&stop_signals, &sig) == 0) {
            platform.Close();
            GlfwPlatform::Wake();
        }
    }).detach();

    // A desk tool: body text about 18 px instead of the kiosk's arm's-length sizes.
    ui::Fonts fonts;
    constexpr float kDeskEmPx = 18.0f;
    if (!ui::LoadFonts(fonts, kDeskEmPx * ui::kShortSidePerEm)) {
        std::cerr << "borgerkiosk --review: fonts missing (install fonts-dejavu-core and fonts-font-awesome)\n";
        return 3;
    }
    ApplyReviewStyle(fonts.sizes[0].em);

    SystemClock clock;
    ReportClient client(config, [] { GlfwPlatform::Wake(); });
    ReviewState initial;
    initial.period = options.period;
    initial.now_ms = clock.WallMs();
    if (options.start_view == "kiosks") initial.view = ViewKind::Kiosks;
    if (options.start_view.rfind("service:", 0) == 0) {
        initial.view = ViewKind::Service;
        initial.service = options.start_view.substr(8);
    }
    ReviewController controller(client, initial);
    controller.Start();
    ReviewView view(fonts);

    std::uint64_t seen_generation = ~0ull;
    Snapshot snapshot;
    GlfwPlatform::Loop loop;
    loop.frame = [&] {
        if (client.Generation() != seen_generation) {
            snapshot = client.Take();  // copy under the client's mutex; drawing uses the copy
            seen_generation = snapshot.generation;
        }
        controller.MutableState().now_ms = clock.WallMs();
        ReviewActions actions;
        view.Draw(controller.State(), snapshot, actions);
        controller.Apply(actions);
        controller.OnSnapshot(snapshot);  // after a new snapshot or a new service: request what is missing
        if (!options.targets_file.empty())
            WriteTargets(options.targets_file, view, controller.State(), ReviewController::ViewLoaded(controller.State(), snapshot));
        return false;
    };
    // Once a minute, so "last seen 3 min ago" stays true without input.
    loop.next_deadline = [&]() -> Millis { return clock.MonotonicMs() + 60'000; };
    platform.Run(loop, clock);
    return 0;
}

}  // namespace bk::review
