// The review console's link to the registry: report requests run on one worker thread (libcurl through
// bk::HttpClient), results land in a mutex-protected Snapshot that the UI thread copies each frame
// it draws. The UI thread never waits on the network; `on_change` (GlfwPlatform::Wake in the app) is
// called from the worker after every change so the sleeping loop draws again.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "review/review_model.h"
#include "shared/worker.h"

namespace bk {
class HttpClient;
}

namespace bk::review {

struct ClientConfig {
    std::string base_url;      // "http://127.0.0.1:8787" (a trailing slash is fine)
    std::string token;         // reader token
    std::string municipality;  // empty = ask the registry which municipality the token reads
    std::string ca_file;
    std::string export_dir = ".";  // where exports without an explicit path go
    Millis timeout_ms = 15'000;
};

enum class FetchState { Empty, Loading, Ready, Failed };

template <class T>
struct Fetched {
    FetchState state = FetchState::Empty;
    T data{};                 // the last good result; kept while reloading or after a failure
    bool has_data = false;
    std::string error;        // why the last request failed
    Millis fetched_at_ms = 0; // wall clock of the last good result
};

struct ExportResult {
    std::string path;  // absolute
    std::int64_t bytes = 0;
    std::int64_t rows = 0;  // data rows (header excluded)
};

// The registry's CSVs as served; Versions is the summary CSV of one service (its rows per version).
enum class ExportKind { Summary, Funnel, Feedback, Kiosks, Versions, Help };

struct ExportRequest {
    ExportKind kind = ExportKind::Summary;
    std::string service;  // funnel, feedback, versions
    int version = 0;      // funnel; 0 = the registry's default
    TimeRange range;
    std::string path;     // empty = export_dir/review-<kind>[-service][-vN]-<UTC time>.csv
};

struct Snapshot {
    std::uint64_t generation = 0;  // bumps on every change
    std::string municipality;
    Fetched<Summary> summary;
    Fetched<ServiceDetail> service;
    Fetched<KioskReport> kiosks;
    Fetched<HelpDeskReport> help;
    Fetched<ExportResult> exported;
};

class ReportClient {
public:
    ReportClient(ClientConfig config, std::function<void()> on_change);
    ~ReportClient();  // cancels a running transfer and joins the worker
    ReportClient(const ReportClient&) = delete;
    ReportClient& operator=(const ReportClient&) = delete;

    // Each queues a request and returns at once; a newer request of the same kind replaces a queued one.
    void FetchSummary(const TimeRange& range);
    void FetchService(const std::string& service, const std::vector<int>& versions, const TimeRange& range);
    void FetchKiosks(const TimeRange& range);
    void FetchHelp(const TimeRange& range);
    void Export(const ExportRequest& request);

    Snapshot Take() const;
    std::uint64_t Generation() const { return m_generation.load(); }
    // Blocks until no request is queued or running, or timeout (tests and the dev tool only).
    bool WaitIdle(Millis timeout_ms) const;

private:
    enum class JobKind { Summary, Service, Kiosks, Help, Export };
    struct Job {
        JobKind kind;
        TimeRange range;
        std::string service;
        std::vector<int> versions;
        ExportRequest export_request;
    };
    struct HttpResult {
        bool ok = false;
        std::string body;
        std::string error;
    };

    void Queue(Job job);
    bk::HttpClient& Http();  // worker thread only; made on first use
    void RunJob(const Job& job, bk::HttpClient& http);
    HttpResult Get(bk::HttpClient& http, const std::string& path_and_query);
    bool EnsureMunicipality(bk::HttpClient& http, std::string* error);
    void Publish(const std::function<void(Snapshot&)>& change);

    ClientConfig m_config;
    std::function<void()> m_on_change;
    mutable std::mutex m_mutex;      // guards m_snapshot and m_latest
    Snapshot m_snapshot;
    std::uint64_t m_latest[5] = {};  // per JobKind: ticket of the newest request; older ones are skipped
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<bool> m_cancel{false};
    std::string m_municipality;                     // worker only, after EnsureMunicipality
    std::unique_ptr<bk::HttpClient> m_http;  // worker only
    bk::Worker m_worker;  // last: its thread starts after everything above exists
};

const char* ExportKindName(ExportKind kind);

}  // namespace bk::review
