#include "review/report_client.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "shared/http.h"
#include "shared/clock.h"

namespace bk::review {

namespace {

// Service ids are [a-z0-9-] (event schema), so they need no escaping; anything else is refused.
bool SafeId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

std::string DefaultExportName(const ExportRequest& r) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    std::string name = std::string("review-") + ExportKindName(r.kind);
    if (!r.service.empty()) name += "-" + r.service;
    if (r.version > 0) name += "-v" + std::to_string(r.version);
    return name + "-" + stamp + ".csv";
}

}  // namespace

const char* ExportKindName(ExportKind kind) {
    switch (kind) {
        case ExportKind::Summary: return "summary";
        case ExportKind::Funnel: return "funnel";
        case ExportKind::Feedback: return "feedback";
        case ExportKind::Kiosks: return "kiosks";
        case ExportKind::Versions: return "versions";
        case ExportKind::Help: return "help";
    }
    return "summary";
}

ReportClient::ReportClient(ClientConfig config, std::function<void()> on_change)
    : m_config(std::move(config)), m_on_change(std::move(on_change)) {
    while (!m_config.base_url.empty() && m_config.base_url.back() == '/') m_config.base_url.pop_back();
    m_snapshot.municipality = m_config.municipality;
}

ReportClient::~ReportClient() {
    m_cancel = true;  // aborts a transfer in progress (the registry may hang)
    m_worker.Stop();  // queued requests are dropped
}

// [SECTION] Requests from the UI thread

void ReportClient::Queue(Job job) {
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(m_mutex);
        ticket = ++m_latest[static_cast<int>(job.kind)];
        switch (job.kind) {
            case JobKind::Summary: m_snapshot.summary.state = FetchState::Loading; break;
            case JobKind::Service:
                m_snapshot.service.state = FetchState::Loading;
                // Another service's data must not show under this one's heading while loading.
                if (m_snapshot.service.data.service != job.service) {
                    m_snapshot.service.data = ServiceDetail{};
                    m_snapshot.service.has_data = false;
                }
                break;
            case JobKind::Kiosks: m_snapshot.kiosks.state = FetchState::Loading; break;
            case JobKind::Help: m_snapshot.help.state = FetchState::Loading; break;
            case JobKind::Export: m_snapshot.exported.state = FetchState::Loading; break;
        }
        ++m_snapshot.generation;
        m_generation = m_snapshot.generation;
    }
    m_worker.Post([this, job = std::move(job), ticket] {
        // Only the newest request of a kind matters (the period or service changed again); exports all run.
        if (job.kind != JobKind::Export) {
            std::lock_guard lock(m_mutex);
            if (ticket != m_latest[static_cast<int>(job.kind)]) return;
        }
        RunJob(job, Http());
    });
}

bk::HttpClient& ReportClient::Http() {
    if (!m_http) {
        bk::HttpOptions options;
        options.ca_file = m_config.ca_file;
        options.connect_timeout_ms = std::min<Millis>(m_config.timeout_ms, 5'000);
        options.total_timeout_ms = m_config.timeout_ms;
        m_http = std::make_unique<bk::HttpClient>(options);
    }
    return *m_http;
}

void ReportClient::FetchSummary(const TimeRange& range) { Queue({JobKind::Summary, range, {}, {}, {}}); }

void ReportClient::FetchService(const std::string& service, const std::vector<int>& versions, const TimeRange& range) {
    Queue({JobKind::Service, range, service, versions, {}});
}

void ReportClient::FetchKiosks(const TimeRange& range) { Queue({JobKind::Kiosks, range, {}, {}, {}}); }

void ReportClient::FetchHelp(const TimeRange& range) { Queue({JobKind::Help, range, {}, {}, {}}); }

void ReportClient::Export(const ExportRequest& request) { Queue({JobKind::Export, request.range, request.service, {}, request}); }

Snapshot ReportClient::Take() const {
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

bool ReportClient::WaitIdle(Millis timeout_ms) const { return m_worker.WaitUntilAsleep(std::chrono::milliseconds(timeout_ms)); }

void ReportClient::Publish(const std::function<void(Snapshot&)>& change) {
    {
        std::lock_guard lock(m_mutex);
        change(m_snapshot);
        ++m_snapshot.generation;
        m_generation = m_snapshot.generation;
    }
    if (m_on_change) m_on_change();
}

// [SECTION] Worker thread

ReportClient::HttpResult ReportClient::Get(bk::HttpClient& http, const std::string& path_and_query) {
    HttpResult result;
    if (m_config.base_url.empty()) {
        result.error = "no registry URL given (--registry URL)";
        return result;
    }
    const bk::HttpResponse response =
        http.Send("GET", m_config.base_url + path_and_query, {"Authorization: Bearer " + m_config.token, "Accept: application/json"}, {},
                  &m_cancel);
    if (response.status == 0) {
        result.error = "cannot reach the registry at " + m_config.base_url + ": " + response.error;
    } else if (response.status == 401) {
        result.error = "the registry refused the token (401: " + ErrorMessage(response.body) + "); check --token-file";
    } else if (response.status == 403) {
        result.error = "this token may not read these reports (403: " + ErrorMessage(response.body) + ")";
    } else if (response.status != 200) {
        result.error = "registry answered HTTP " + std::to_string(response.status) + ": " + ErrorMessage(response.body);
    } else {
        result.ok = true;
        result.body = response.body;
    }
    return result;
}

bool ReportClient::EnsureMunicipality(bk::HttpClient& http, std::string* error) {
    if (m_municipality.empty()) m_municipality = m_config.municipality;
    if (!m_municipality.empty()) return true;
    // The reader token belongs to one municipality; the help-call list names it.
    const HttpResult r = Get(http, "/v1/help-requests?status=open");
    if (!r.ok) {
        *error = r.error;
        return false;
    }
    std::vector<HelpCall> ignored;
    std::string municipality;
    if (!ParseHelpCalls(r.body, ignored, &municipality, error)) return false;
    if (municipality.empty()) {
        *error = "the registry did not say which municipality this token reads; pass --municipality";
        return false;
    }
    m_municipality = municipality;
    Publish([&](Snapshot& s) { s.municipality = municipality; });
    return true;
}

void ReportClient::RunJob(const Job& job, bk::HttpClient& http) {
    std::string error;
    auto fail = [&](auto member) {
        Publish([&](Snapshot& s) {
            (s.*member).state = FetchState::Failed;
            (s.*member).error = error;
        });
    };
    const bool municipality_ok = EnsureMunicipality(http, &error);
    const std::string base = "?municipality=" + m_municipality + RangeQuery(job.range);

    switch (job.kind) {
        case JobKind::Summary: {
            if (!municipality_ok) return fail(&Snapshot::summary);
            const HttpResult r = Get(http, "/v1/reports/summary" + base);
            Summary summary;
            if (!r.ok) error = r.error;
            if (!r.ok || !ParseSummary(r.body, summary, &error)) return fail(&Snapshot::summary);
            Publish([&](Snapshot& s) {
                s.summary = {FetchState::Ready, std::move(summary), true, {}, WallNowMs()};
            });
            return;
        }
        case JobKind::Service: {
            if (!municipality_ok) return fail(&Snapshot::service);
            if (!SafeId(job.service)) {
                error = "not a service id: '" + job.service + "'";
                return fail(&Snapshot::service);
            }
            ServiceDetail detail;
            detail.service = job.service;
            const std::string service_query = base + "&service=" + job.service;
            HttpResult r = Get(http, "/v1/reports/feedback" + service_query);
            if (!r.ok) error = r.error;
            if (!r.ok || !ParseFeedback(r.body, detail.feedback, &error)) return fail(&Snapshot::service);
            for (int version : job.versions) {
                r = Get(http, "/v1/reports/funnel" + service_query + "&version=" + std::to_string(version));
                Funnel funnel;
                if (!r.ok) error = r.error;
                if (!r.ok || !ParseFunnel(r.body, funnel, &error)) return fail(&Snapshot::service);
                detail.funnels.push_back(std::move(funnel));
            }
            // Help calls carry the service but no version; the list is the whole municipality's.
            r = Get(http, "/v1/help-requests");
            std::vector<HelpCall> calls;
            if (!r.ok) error = r.error;
            if (!r.ok || !ParseHelpCalls(r.body, calls, nullptr, &error)) return fail(&Snapshot::service);
            for (auto& c : calls)
                if (c.service == job.service && InRange(job.range, c.created_ts)) detail.help_calls.push_back(std::move(c));
            // Other municipalities' figures are a bonus: an older registry without the report still shows the rest.
            r = Get(http, "/v1/reports/compare" + service_query);
            Comparison comparison;
            std::string compare_error = r.error;
            if (r.ok && ParseComparison(r.body, comparison, &compare_error)) detail.comparison = std::move(comparison);
            else detail.comparison_error = compare_error;
            Publish([&](Snapshot& s) {
                s.service = {FetchState::Ready, std::move(detail), true, {}, WallNowMs()};
            });
            return;
        }
        case JobKind::Kiosks: {
            if (!municipality_ok) return fail(&Snapshot::kiosks);
            const HttpResult r = Get(http, "/v1/reports/kiosks" + base);
            KioskReport report;
            if (!r.ok) error = r.error;
            if (!r.ok || !ParseKiosks(r.body, report, &error)) return fail(&Snapshot::kiosks);
            Publish([&](Snapshot& s) {
                s.kiosks = {FetchState::Ready, std::move(report), true, {}, WallNowMs()};
            });
            return;
        }
        case JobKind::Help: {
            if (!municipality_ok) return fail(&Snapshot::help);
            const HttpResult r = Get(http, "/v1/reports/help" + base);
            HelpDeskReport report;
            if (!r.ok) error = r.error;
            if (!r.ok || !ParseHelpDesk(r.body, report, &error)) return fail(&Snapshot::help);
            Publish([&](Snapshot& s) {
                s.help = {FetchState::Ready, std::move(report), true, {}, WallNowMs()};
            });
            return;
        }
        case JobKind::Export: {
            if (!municipality_ok) return fail(&Snapshot::exported);
            const ExportRequest& req = job.export_request;
            std::string query = base;
            if (req.kind == ExportKind::Funnel || req.kind == ExportKind::Feedback || req.kind == ExportKind::Versions) {
                if (!SafeId(req.service)) {
                    error = "choose a service before exporting its " + std::string(ExportKindName(req.kind));
                    return fail(&Snapshot::exported);
                }
                query += "&service=" + req.service;
            }
            if (req.kind == ExportKind::Funnel && req.version > 0) query += "&version=" + std::to_string(req.version);
            // Versions: one service's rows of the summary CSV (the registry filters it).
            const char* report = req.kind == ExportKind::Versions ? "summary" : ExportKindName(req.kind);
            const HttpResult r = Get(http, std::string("/v1/reports/") + report + ".csv" + query);
            if (!r.ok) {
                error = r.error;
                return fail(&Snapshot::exported);
            }
            std::error_code ec;
            std::filesystem::path path = req.path.empty() ? std::filesystem::path(m_config.export_dir) / DefaultExportName(req)
                                                          : std::filesystem::path(req.path);
            path = std::filesystem::absolute(path, ec);
            if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
            // Written beside the target and renamed, so a spreadsheet never opens half a file.
            const std::filesystem::path tmp = path.string() + ".part";
            {
                std::ofstream out(tmp, std::ios::binary);
                out << r.body;
                if (!out.good()) {
                    error = "cannot write " + tmp.string();
                    return fail(&Snapshot::exported);
                }
            }
            std::filesystem::rename(tmp, path, ec);
            if (ec) {
                error = "cannot write " + path.string() + ": " + ec.message();
                std::filesystem::remove(tmp, ec);
                return fail(&Snapshot::exported);
            }
            ExportResult result{path.string(), static_cast<std::int64_t>(r.body.size()), 0};
            for (char c : r.body) result.rows += c == '\n';
            if (result.rows > 0) --result.rows;  // the header
            Publish([&](Snapshot& s) {
                s.exported = {FetchState::Ready, std::move(result), true, {}, WallNowMs()};
            });
            return;
        }
    }
}

}  // namespace bk::review
