#include "review/review_app.h"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "shared/clock.h"
#include "platform/glfw_platform.h"
#include "telemetry/telemetry.h"
#include "ui/style.h"

namespace bk::review {

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
    if (m_state.view == ViewKind::Help) m_client.FetchHelp(m_range);
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
    if (a.set_lang) m_state.lang = *a.set_lang;
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
        if (m_state.view == ViewKind::Help) m_client.FetchHelp(m_range);
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
        case ViewKind::Help: return s.help.state == FetchState::Ready || s.help.state == FetchState::Failed;
        case ViewKind::Service:
            if (s.summary.state == FetchState::Failed) return true;
            return s.summary.state == FetchState::Ready &&
                   ((s.service.state == FetchState::Ready && s.service.data.service == state.service) || s.service.state == FetchState::Failed);
    }
    return false;
}

// [SECTION] Window

int RunReviewConsole(const ReviewOptions& options) {
    ClientConfig config;
    config.base_url = options.registry_url;
    config.municipality = options.municipality;
    config.ca_file = options.ca_file;
    config.export_dir = options.export_dir;
    try {
        config.token = telemetry::ReadTokenFile(options.token_file);
    } catch (const std::exception& e) {
        std::cerr << "borgerkiosk-review: " << e.what() << "\n";
        return 2;
    }

    // A desk tool: body text about 18 px instead of the kiosk's arm's-length sizes.
    constexpr float kDeskEmPx = 18.0f;
    GlfwPlatform platform;
    ui::Fonts fonts;
    std::string why;
    WindowOptions window;
    window.width = options.width;
    window.height = options.height;
    window.title = Texts::For(options.lang).Get("app.window_title");
    if (!platform.OpenWithFonts(window, kDeskEmPx * ui::kShortSidePerEm, fonts, &why)) {
        std::cerr << "borgerkiosk-review: " << why << "\n";
        return 3;
    }
    ApplyReviewStyle(fonts.sizes[0].em);

    SystemClock clock;
    ReportClient client(config, [&platform] { platform.Wake(); });
    ReviewState initial;
    initial.period = options.period;
    initial.lang = options.lang;
    initial.now_ms = clock.WallMs();
    if (options.start_view == "kiosks") initial.view = ViewKind::Kiosks;
    if (options.start_view == "help") initial.view = ViewKind::Help;
    if (options.start_view.rfind("service:", 0) == 0) {
        initial.view = ViewKind::Service;
        initial.service = options.start_view.substr(8);
    }
    ReviewController controller(client, initial);
    controller.Start();
    ReviewView view(fonts);

    std::uint64_t seen_generation = ~0ull;
    Snapshot snapshot;
    App app;
    app.program = "borgerkiosk-review";
    app.loop.frame = [&] {
        if (client.Generation() != seen_generation) {
            snapshot = client.Take();  // copy under the client's mutex; drawing uses the copy
            seen_generation = snapshot.generation;
        }
        controller.MutableState().now_ms = clock.WallMs();
        ReviewActions actions;
        view.Draw(controller.State(), snapshot, actions);
        controller.Apply(actions);
        controller.OnSnapshot(snapshot);  // after a new snapshot or a new service: request what is missing
        return actions.Any();             // the state changed after drawing: draw it at once
    };
    // Once a minute, so "last seen 3 min ago" stays true without input.
    app.loop.next_deadline = [&]() -> Millis { return clock.MonotonicMs() + 60'000; };
    app.targets_file = options.targets_file;
    app.targets = [&] {
        const ReviewState& state = controller.State();
        return nlohmann::json{{"view", ViewName(state.view)}, {"service", state.service}, {"lang", state.lang},
                              {"loaded", ReviewController::ViewLoaded(state, snapshot)}, {"filter_text", view.FilterText()},
                              {"labels", view.Labels()}, {"targets", TargetsJson(view.Targets())}};
    };
    RunApp(platform, app, clock);
    return 0;
}

}  // namespace bk::review
