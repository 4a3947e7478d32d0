// Index:
// [SECTION] Helpers (JSON responses, auth, body reading)
// [SECTION] Handlers (plain functions; the routes call them)
// [SECTION] Route table
// [SECTION] Server and serve loop
#include "src/server.h"

#include <SQLiteCpp/Exception.h>
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "schema/event_schema.h"
#include "src/alerts.h"
#include "src/api_result.h"
#include "src/auth.h"
#include "src/catalog.h"
#include "src/content_releases.h"
#include "src/help_calls.h"
#include "src/http_server.h"
#include "src/ingest.h"
#include "src/open_storage.h"
#include "src/rate_limiter.h"
#include "src/reports.h"
#include "src/sqlite_storage.h"
#include "src/staff_feed.h"
#include "src/staff_page.h"
#include "src/storage_pg.h"
#include "src/utf8.h"
#include "core/clock.h"

namespace bk::registry {

using nlohmann::json;

namespace {

// [SECTION] Helpers

void Log(const std::string& line) {
    // One write per line so lines from worker threads do not interleave.
    std::cerr << (line + "\n") << std::flush;
}

// Never throws: a string that is not UTF-8 (input is validated first, so only by mistake) is sent with U+FFFD.
std::string DumpJson(const json& body) { return body.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendJson(httplib::Response& res, const ApiResult& result) {
    res.status = result.status;
    res.set_content(DumpJson(result.body), "application/json");
}

// A date the calendar has ("2024-02-30" is not): the time parser checks only 1-31 for the day.
bool IsCalendarDate(const std::string& text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return true;  // not a date: the parser decides
    int year = 0, month = 0, day = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) return true;
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// What the handlers share. Time comes only from `clock`.
struct Context {
    Context(const ServeConfig& serve_config, const bk::Clock& serve_clock) : config(serve_config), clock(serve_clock) {}
    ServeConfig config;
    const bk::Clock& clock;
    std::unique_ptr<Storage> storage;
    std::unique_ptr<TokenCache> tokens;
    // The catalogue comes from the current content release, else from --strategies/--services (the bootstrap);
    // CurrentCatalog() swaps it when another release becomes current. Handlers hold their snapshot.
    std::shared_ptr<const Catalog> bootstrap_catalog;
    std::mutex catalog_mutex;  // guards the three below
    std::shared_ptr<const Catalog> catalog;
    int catalog_release = 0;           // the release `catalog` came from; 0 = the bootstrap
    int64_t catalog_checked_ms = -1;   // monotonic; the releases are looked at once a second at most
    JsonSchema schema;
    std::unique_ptr<RateLimiter> limiter;
    std::unique_ptr<StaffFeed> feed;
    std::unique_ptr<AlertMonitor> alerts;
    // The staff stream's desk event per municipality, rendered at a feed version (DeskEvent).
    struct RenderedDesk {
        uint64_t version = 0;
        int64_t wall_ms = 0;
        std::string text;
    };
    std::mutex desk_mutex;
    std::map<std::string, RenderedDesk> desks;
};

constexpr int64_t kCatalogCheckMs = 1000;

std::shared_ptr<const Catalog> CurrentCatalog(Context& ctx) {
    std::lock_guard lock(ctx.catalog_mutex);
    const int64_t now = ctx.clock.MonotonicMs();
    if (ctx.catalog_checked_ms >= 0 && now - ctx.catalog_checked_ms < kCatalogCheckMs) return ctx.catalog;
    ctx.catalog_checked_ms = now;
    const int number = CurrentReleaseNumber(ctx.storage->ListContentReleases(), DateOfWallMs(ctx.clock.WallMs()));
    if (number == ctx.catalog_release) return ctx.catalog;
    if (number == 0) {
        ctx.catalog = ctx.bootstrap_catalog;
    } else {
        const std::optional<ContentRelease> release = ctx.storage->GetContentRelease(number);
        std::string why;
        const auto files = release ? ReleaseFiles(*release, &why) : std::nullopt;
        if (!files) {
            Log("warning: content release " + std::to_string(number) + " cannot be read (" + why + "); catalogue kept");
            return ctx.catalog;
        }
        auto catalog = std::make_shared<Catalog>();
        std::vector<std::string> warnings;
        catalog->LoadPackFiles(*files, warnings);
        for (const auto& warning : warnings) Log("warning: release " + std::to_string(number) + ": " + warning);
        ctx.catalog = std::move(catalog);
    }
    ctx.catalog_release = number;
    Log("catalogue from " + (number == 0 ? std::string("--strategies/--services") : "content release " + std::to_string(number)) +
        ": " + std::to_string(ctx.catalog->StrategyCount()) + " strategies, " + std::to_string(ctx.catalog->ServiceCount()) +
        " services");
    return ctx.catalog;
}

// 401 for no or unknown token; the caller checks scopes (403).
std::optional<Principal> RequireToken(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    AuthFailure failure = AuthFailure::None;
    auto who = Authenticate(*ctx.tokens, req.get_header_value("Authorization"), failure);
    if (!who) {
        res.set_header("WWW-Authenticate", "Bearer");
        SendJson(res, ApiError(401, failure == AuthFailure::Missing ? "missing bearer token" : "unknown token"));
    }
    return who;
}

bool RequireReader(const Principal& who, const std::string& municipality, httplib::Response& res) {
    if (!who.IsReader()) {
        SendJson(res, ApiError(403, "reports need a reader token"));
        return false;
    }
    if (municipality != who.token.municipality) {
        SendJson(res, ApiError(403, "this token reads only municipality '" + who.token.municipality + "'"));
        return false;
    }
    return true;
}

bool RateLimited(Context& ctx, const Principal& who, httplib::Response& res) {
    const int64_t wait_s = ctx.limiter->Acquire(who.token.kiosk_id, ctx.clock.MonotonicMs());
    if (wait_s == 0) return false;
    res.set_header("Retry-After", std::to_string(wait_s));
    SendJson(res, ApiError(429, "too many requests from kiosk '" + who.token.kiosk_id + "'; retry later"));
    return true;
}

// Reads the (already decompressed) body with a cap; false = answered with 413 or 400.
bool ReadBody(Context& ctx, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
              std::string& body) {
    if (req.is_multipart_form_data()) {
        SendJson(res, ApiError(415, "send application/json, not multipart"));
        return false;
    }
    bool too_large = false;
    const bool ok = reader([&](const char* data, std::size_t length) {
        if (body.size() + length > ctx.config.max_decompressed_bytes) {
            too_large = true;
            return false;
        }
        body.append(data, length);
        return true;
    });
    if (too_large) {
        SendJson(res, ApiError(413, "body too large after decompression"));
        return false;
    }
    if (!ok) {
        // httplib leaves its verdict in res.status: 413 over the 1 MiB limit, 415 unknown encoding.
        if (res.status == 413) SendJson(res, ApiError(413, "body larger than the 1 MiB limit"));
        else if (res.status == 415) SendJson(res, ApiError(415, "unsupported Content-Encoding"));
        else SendJson(res, ApiError(400, "could not read the request body (bad gzip or truncated)"));
        return false;
    }
    if (!IsValidUtf8(body)) {
        SendJson(res, ApiError(400, "the body is not valid UTF-8"));
        return false;
    }
    return true;
}

// Query parameters and the headers an answer may repeat must be UTF-8 (the JSON answers cannot carry anything else).
bool RequestTextIsUtf8(const httplib::Request& req) {
    if (!IsValidUtf8(req.path) || !IsValidUtf8(req.get_header_value("Content-Encoding"))) return false;
    for (const auto& [key, value] : req.params) {
        if (!IsValidUtf8(key) || !IsValidUtf8(value)) return false;
    }
    return true;
}

// A body framed by one Content-Length of digits only; anything else is ambiguous between us and a proxy.
bool ContentLengthIsClear(const httplib::Request& req) {
    const std::size_t count = req.get_header_value_count("Content-Length");
    if (count == 0) return true;
    if (count > 1) return false;
    const std::string text = req.get_header_value("Content-Length");
    return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
}

// Storage errors that pass: a full disk, a locked database. Anything else is a 500.
std::optional<ApiResult> TransientStorageError(const SQLite::Exception& e, int64_t& retry_after_s) {
    const int code = e.getErrorCode() & 0xFF;
    if (code == SQLITE_FULL) {
        retry_after_s = 60;
        return ApiError(503, "the registry's disk is full; retry later");
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        retry_after_s = 1;
        return ApiError(503, "the registry's database is busy; retry later");
    }
    return std::nullopt;
}

std::optional<TimeRange> ReadRange(const httplib::Request& req, httplib::Response& res) {
    TimeRange range;
    std::string error;
    for (const char* key : {"from", "to"}) {
        if (!req.has_param(key)) continue;
        const bool is_end = std::string(key) == "to";
        const std::string text = req.get_param_value(key);
        if (!IsCalendarDate(text)) {
            SendJson(res, ApiError(400, std::string(key) + ": no such date '" + text + "'"));
            return std::nullopt;
        }
        auto value = ParseTimeParam(text, is_end, error);
        if (!value) {
            SendJson(res, ApiError(400, std::string(key) + ": " + error));
            return std::nullopt;
        }
        (is_end ? range.to : range.from) = *value;
    }
    return range;
}

// [SECTION] Handlers

void HandleHealth(Context& ctx, httplib::Response& res) {
    const auto catalog = CurrentCatalog(ctx);
    int release = 0;
    {
        std::lock_guard lock(ctx.catalog_mutex);
        release = ctx.catalog_release;
    }
    SendJson(res, {200,
                   {{"status", "ok"},
                    {"schema_version", ctx.storage->SchemaVersion()},
                    {"strategies", catalog->StrategyCount()},
                    {"services", catalog->ServiceCount()},
                    {"content_release", release}}});
}

// The current signed release for kiosks; 304 when the kiosk already has it (If-None-Match: its sha256).
void HandleContentCurrent(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    if (!who->IsKiosk()) return SendJson(res, ApiError(403, "content releases are for kiosk tokens"));
    if (RateLimited(ctx, *who, res)) return;
    const std::optional<ContentRelease> release = CurrentRelease(*ctx.storage, DateOfWallMs(ctx.clock.WallMs()));
    if (!release) return SendJson(res, ApiError(404, "no content release is current"));
    const std::string etag = "\"" + release->sha256 + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "no-cache");
    const std::string if_none_match = req.get_header_value("If-None-Match");
    if (if_none_match == etag || if_none_match == release->sha256) {
        res.status = 304;
        return;
    }
    SendJson(res, {200,
                   {{"number", release->number},
                    {"sha256", release->sha256},
                    {"signature", release->signature},
                    {"valid_from", release->valid_from},
                    {"created_ts", release->created_ts},
                    {"rollback_of", release->rollback_of ? json(*release->rollback_of) : json()},
                    {"pack", release->bytes}}});
}

void HandleStrategy(Context& ctx, const std::string& municipality, httplib::Response& res) {
    json strategy = CurrentCatalog(ctx)->StrategyJson(municipality);
    if (strategy.is_null()) return SendJson(res, ApiError(404, "no strategy for municipality '" + municipality + "'"));
    SendJson(res, {200, strategy});
}

ApiResult IngestEvents(Context& ctx, const Principal& who, const std::string& body) {
    auto parsed = ParseEventBatch(body, ctx.schema);
    if (auto* error = std::get_if<BatchError>(&parsed)) return ApiError(error->status, error->message);
    ParsedBatch& batch = std::get<ParsedBatch>(parsed);
    if (batch.kiosk_id != who.token.kiosk_id) {
        return ApiError(403, "this token may only write events of kiosk '" + who.token.kiosk_id + "'");
    }
    const int64_t now = ctx.clock.WallMs();
    const IngestOutcome outcome = ctx.storage->StoreEvents(who.token.municipality, batch.kiosk_id, batch.rows, now);
    if (!ctx.alerts->CheckBatch(who.token.municipality, batch.kiosk_id, batch.rows, outcome, now).empty()) {
        ctx.feed->Notify(who.token.municipality);
    }
    int64_t accepted = 0;
    for (bool stored : outcome.stored) accepted += stored ? 1 : 0;
    json rejected = json::array();
    for (const auto& r : batch.rejected) rejected.push_back({{"index", r.index}, {"error", r.error}});
    return {200,
            {{"accepted", accepted},
             {"duplicates", static_cast<int64_t>(batch.rows.size()) - accepted},
             {"rejected", std::move(rejected)}}};
}

void HandleEvents(Context& ctx, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& reader) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    if (!who->IsKiosk()) return SendJson(res, ApiError(403, "only kiosk tokens can send events"));
    if (RateLimited(ctx, *who, res)) return;
    std::string body;
    if (!ReadBody(ctx, req, res, reader, body)) return;
    SendJson(res, IngestEvents(ctx, *who, body));
}

void HandleCreateHelp(Context& ctx, const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    if (who->IsKiosk() && RateLimited(ctx, *who, res)) return;
    std::string body;
    if (!ReadBody(ctx, req, res, reader, body)) return;
    const ApiResult result = CreateHelpRequest(*ctx.storage, *CurrentCatalog(ctx), *who, body, ctx.clock.WallMs(),
                                               static_cast<int>(ctx.config.escalation_after_s));
    if (result.status == 201) ctx.feed->Notify(who->token.municipality);
    SendJson(res, result);
}

void HandleChangeHelp(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    const ApiResult result =
        ChangeHelpRequest(*ctx.storage, *CurrentCatalog(ctx), *who, req.matches[1], req.matches[2], ctx.clock.WallMs());
    if (result.status == 200) ctx.feed->Notify(who->token.municipality);
    SendJson(res, result);
}

// A service alert carries the service's title (per language) too, so the staff page need not show an id.
json AlertsJson(Storage& storage, const Catalog& catalog, const std::string& municipality) {
    json list = json::array();
    for (const auto& alert : storage.ListAlerts(municipality, "open")) {
        json item = AlertJson(alert);
        const ServiceInfo* service = alert.subject_kind == "service" ? catalog.Service(alert.subject) : nullptr;
        item["title"] = service ? service->title : json();
        list.push_back(std::move(item));
    }
    return list;
}

// What the staff desk shows, as one stream event.
json DeskJson(Context& ctx, const std::string& municipality) {
    const int64_t now = ctx.clock.WallMs();
    return {{"municipality", municipality},
            {"now_ts", now},
            {"calls", ActiveHelpCallsJson(*ctx.storage, *CurrentCatalog(ctx), municipality, now)},
            {"alerts", AlertsJson(*ctx.storage, *CurrentCatalog(ctx), municipality)}};
}

// One rendering serves every stream woken by the same change, so 200 open staff pages cost one set of queries
// per change instead of 200 (the lock makes streams woken together wait for the first one's rendering). It is
// reused for at most a second of the registry's clock, since waiting_s counts from when it was rendered.
std::string DeskEvent(Context& ctx, const std::string& municipality, uint64_t version) {
    std::lock_guard lock(ctx.desk_mutex);
    const int64_t now = ctx.clock.WallMs();
    Context::RenderedDesk& desk = ctx.desks[municipality];
    if (desk.text.empty() || desk.version != version || now - desk.wall_ms >= 1000 || now < desk.wall_ms) {
        desk = {version, now, "event: desk\ndata: " + DumpJson(DeskJson(ctx, municipality)) + "\n\n"};
    }
    return desk.text;
}

void HandleAckAlert(Context& ctx, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& reader) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    std::string body;
    if (!ReadBody(ctx, req, res, reader, body)) return;
    const ApiResult result = AcknowledgeAlertFor(*ctx.storage, *who, req.matches[1], body, ctx.clock.WallMs());
    if (result.status == 200) ctx.feed->Notify(who->token.municipality);
    SendJson(res, result);
}

// Server-Sent Events: the desk list at once and after every change, a comment line as heartbeat. The stream
// holds this connection's thread, so it ends by itself (StaffFeed's bounds, staff_feed.h), when its token is
// revoked (within --token-cache-s) and when the server stops.
void HandleStaffStream(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    if (!who->IsStaff() && !who->IsReader()) {
        return SendJson(res, ApiError(403, "the staff stream needs a staff or reader token"));
    }
    StaffFeed::StreamSlot slot = ctx.feed->TryOpenStream();
    if (!slot) {
        res.set_header("Retry-After", "5");
        return SendJson(res, ApiError(503, "too many staff streams open; retry later"));
    }
    struct StreamState {
        StaffFeed::StreamSlot slot;
        std::string municipality;
        std::string token_hash;
        int64_t end_ms = 0;  // bk::SteadyNowMs(): the bound is on real time whatever the clock says
        std::optional<uint64_t> seen;
    };
    auto state = std::make_shared<StreamState>();
    state->slot = std::move(slot);
    state->municipality = who->token.municipality;
    state->token_hash = Sha256Hex(BearerToken(req.get_header_value("Authorization")));
    state->end_ms = bk::SteadyNowMs() + ctx.config.stream_max_s * 1000;
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");  // nginx passes each event on at once
    res.set_chunked_content_provider("text/event-stream", [&ctx, state](std::size_t, httplib::DataSink& sink) {
        try {
            std::string chunk;
            if (!state->seen) {
                chunk = "retry: 2000\n\n";  // the page reconnects after 2 s when the stream ends (the SSE retry field)
            } else {
                const int64_t deadline = std::min(bk::SteadyNowMs() + ctx.config.stream_heartbeat_ms, state->end_ms);
                const uint64_t version = ctx.feed->WaitForChange(state->municipality, *state->seen, deadline);
                if (ctx.feed->ShuttingDown() || bk::SteadyNowMs() >= state->end_ms ||
                    !ctx.tokens->Find(state->token_hash)) {
                    sink.done();
                    return true;
                }
                if (version == *state->seen) {
                    constexpr std::string_view kHeartbeat = ": heartbeat\n\n";
                    return sink.write(kHeartbeat.data(), kHeartbeat.size());
                }
            }
            // The version before the list is read: a change while it is read is sent again.
            state->seen = ctx.feed->Version(state->municipality);
            chunk += DeskEvent(ctx, state->municipality, *state->seen);
            return sink.write(chunk.data(), chunk.size());
        } catch (const std::exception& e) {
            Log("error: staff stream: " + std::string(e.what()));  // the headers are out; end the stream
            return false;
        }
    });
}

// The staff desk page's files (staff_page.h). Public: the page holds no data; its token stays in the fragment.
void HandleStaffPage(const std::string& name, httplib::Response& res) {
    auto file = FindStaffPageFile(name);
    if (!file) return SendJson(res, ApiError(404, "no such file"));
    for (const auto& [key, value] : StaffPageHeaders()) res.set_header(key, value);
    res.status = 200;
    res.set_content(file->bytes.data(), file->bytes.size(), file->content_type);
}

void HandleReport(Context& ctx, const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const bool csv = req.matches[2].matched;
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    const std::string municipality = req.get_param_value("municipality");
    if (municipality.empty()) return SendJson(res, ApiError(400, "municipality is required"));
    if (!RequireReader(*who, municipality, res)) return;
    auto range = ReadRange(req, res);
    if (!range) return;

    const auto catalog = CurrentCatalog(ctx);
    Report report;
    if (name == "summary") {
        const std::string service = req.get_param_value("service");
        report = SummaryReport(*ctx.storage, *catalog, municipality, *range, service);
        if (!service.empty() && report.json["services"].empty()) {
            return SendJson(res, ApiError(404, "no service '" + service + "' in the catalogue or the data"));
        }
    } else if (name == "funnel" || name == "feedback") {
        const std::string service = req.get_param_value("service");
        if (service.empty()) return SendJson(res, ApiError(400, "service is required"));
        if (name == "feedback") {
            report = FeedbackReport(*ctx.storage, municipality, service, *range);
        } else {
            int version = 0;
            const std::string text = req.get_param_value("version");
            if (!text.empty()) {
                if (text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) {
                    return SendJson(res, ApiError(400, "version must be a whole number"));
                }
                version = std::stoi(text);
            } else if (const ServiceInfo* info = catalog->Service(service)) {
                version = info->version;  // default: the version in the catalogue
            }
            if (version < 1) return SendJson(res, ApiError(400, "version is required"));
            report = FunnelReport(*ctx.storage, *catalog, municipality, service, version, *range);
        }
    } else if (name == "compare") {
        const std::string service = req.get_param_value("service");
        if (service.empty()) return SendJson(res, ApiError(400, "service is required"));
        report = CompareReport(*ctx.storage, *catalog, municipality, service, *range);
    } else if (name == "help") {
        report = HelpReport(*ctx.storage, municipality, *range, ctx.clock.WallMs(), ctx.config.escalation_after_s * 1000);
    } else {  // kiosks: connected_share counts slots only up to now
        range->to = std::min(range->to, ctx.clock.WallMs());
        report = KiosksReport(*ctx.storage, municipality, *range, ctx.config.heartbeat_interval_s * 1000);
    }
    if (csv) {
        res.status = 200;
        res.set_content(ToCsv(report.csv), "text/csv; charset=utf-8");
    } else {
        SendJson(res, {200, report.json});
    }
}

// [SECTION] Route table

void RegisterRoutes(httplib::Server& server, Context& ctx) {
    using Req = httplib::Request;
    using Res = httplib::Response;
    using Reader = httplib::ContentReader;
    const std::string help_id = R"(/v1/help-requests/([0-9a-f]{1,64}))";

    server.Get("/health", [&](const Req&, Res& res) { HandleHealth(ctx, res); });
    server.Get(R"(/v1/strategy/([A-Za-z0-9_-]{1,64}))",
               [&](const Req& req, Res& res) { HandleStrategy(ctx, req.matches[1], res); });
    server.Get("/v1/content/current", [&](const Req& req, Res& res) { HandleContentCurrent(ctx, req, res); });
    server.Post("/v1/events", [&](const Req& req, Res& res, const Reader& reader) { HandleEvents(ctx, req, res, reader); });
    server.Post("/v1/help-requests",
                [&](const Req& req, Res& res, const Reader& reader) { HandleCreateHelp(ctx, req, res, reader); });
    server.Get("/v1/help-requests", [&](const Req& req, Res& res) {
        if (auto who = RequireToken(ctx, req, res)) {
            SendJson(res, ListHelpRequests(*ctx.storage, *CurrentCatalog(ctx), *who, req.get_param_value("status"),
                                           ctx.clock.WallMs()));
        }
    });
    server.Get(help_id, [&](const Req& req, Res& res) {
        if (auto who = RequireToken(ctx, req, res)) {
            SendJson(res, GetHelpRequest(*ctx.storage, *CurrentCatalog(ctx), *who, req.matches[1], ctx.clock.WallMs()));
        }
    });
    server.Post(help_id + "/(ack|resolve|cancel)", [&](const Req& req, Res& res) { HandleChangeHelp(ctx, req, res); });
    server.Get("/v1/staff/stream", [&](const Req& req, Res& res) { HandleStaffStream(ctx, req, res); });
    server.Get("/v1/staff/alerts", [&](const Req& req, Res& res) {
        if (auto who = RequireToken(ctx, req, res)) {
            SendJson(res, ListAlertsFor(*ctx.storage, *who, req.get_param_value("status")));
        }
    });
    server.Post(R"(/v1/staff/alerts/([0-9a-f]{1,64})/ack)",
                [&](const Req& req, Res& res, const Reader& reader) { HandleAckAlert(ctx, req, res, reader); });
    server.Get("/staff", [](const Req&, Res& res) { res.set_redirect("/staff/", 301); });
    server.Get(R"(/staff/([a-z0-9_-]{0,32}(\.[a-z]{2,4})?))",
               [](const Req& req, Res& res) { HandleStaffPage(req.matches[1], res); });
    server.Get(R"(/v1/reports/(summary|funnel|feedback|kiosks|help|compare)(\.csv)?)",
               [&](const Req& req, Res& res) { HandleReport(ctx, req, res); });
}

void ConfigureServer(httplib::Server& server, Context& ctx) {
    server.set_payload_max_length(ctx.config.max_body_bytes);
    // Plain HTTP: GuardedServer enforces these per request (http_server.h); TLS: httplib enforces them per read.
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    server.set_keep_alive_timeout(ctx.config.keep_alive_timeout_s);
    server.set_tcp_nodelay(true);

    // Chunked bodies bypass the Content-Length check; the kiosk always sends a length.
    server.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        if (!ContentLengthIsClear(req)) {
            SendJson(res, ApiError(400, "one Content-Length header with a number, please"));
            return httplib::Server::HandlerResponse::Handled;
        }
        // Refused before a byte of the body is read (httplib would read and discard it all first).
        if (req.has_header("Content-Length") &&
            std::stoull(req.get_header_value("Content-Length")) > ctx.config.max_body_bytes) {
            SendJson(res, ApiError(413, "body larger than the 1 MiB limit"));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!RequestTextIsUtf8(req)) {
            SendJson(res, ApiError(400, "the path, query parameters and Content-Encoding must be valid UTF-8"));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "POST" && req.has_header("Transfer-Encoding")) {
            SendJson(res, ApiError(411, "send a Content-Length; chunked bodies are not accepted"));
            return httplib::Server::HandlerResponse::Handled;
        }
        // httplib decodes gzip, deflate and br and passes anything else through undecoded: refuse it.
        const std::string encoding = req.get_header_value("Content-Encoding");
        if (!encoding.empty() && encoding != "gzip" && encoding != "deflate" && encoding != "br" && encoding != "identity") {
            SendJson(res, ApiError(415, "unsupported Content-Encoding '" + encoding + "' (use gzip)"));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;  // a handler already explained the error
        std::string message = "HTTP error " + std::to_string(res.status);
        if (res.status == 400) message = "bad request";
        if (res.status == 404) message = "no such endpoint";
        if (res.status == 405) message = "method not allowed";
        if (res.status == 413) message = "body larger than the 1 MiB limit";
        if (res.status == 415) message = "unsupported Content-Encoding";
        res.set_content(DumpJson(json{{"error", message}}), "application/json");
    });
    // An error answer to a request with a body closes the connection: the body may be unread (401, 403, 413,
    // 429 come before it is read), and the connection loop closes then anyway (http_server.cpp).
    server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        const bool has_body = req.has_header("Transfer-Encoding") || !ContentLengthIsClear(req) ||
                              (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
        if (res.status >= 400 && has_body) {
            res.set_header("Connection", "close");
            res.headers.erase("Keep-Alive");
        }
    });
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const SQLite::Exception& e) {
            int64_t retry_after_s = 0;
            if (auto answer = TransientStorageError(e, retry_after_s)) {
                Log("warning: " + req.method + " " + req.path + ": " + e.what());
                res.set_header("Retry-After", std::to_string(retry_after_s));
                return SendJson(res, *answer);
            }
            what = e.what();
        } catch (const StorageUnavailable& e) {
            Log("warning: " + req.method + " " + req.path + ": " + e.what());
            res.set_header("Retry-After", "5");
            return SendJson(res, ApiError(503, "the registry's database cannot be reached; retry later"));
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        Log("error: " + req.method + " " + req.path + ": " + what);
        res.status = 500;
        res.set_content(DumpJson(json{{"error", "internal error"}}), "application/json");
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        if (res.status >= 400) Log(req.method + " " + req.path + " -> " + std::to_string(res.status));
    });
}

// [SECTION] Server and serve loop

JsonSchema LoadSchema(const std::string& path) {
    try {
        if (path.empty()) return JsonSchema::Compile(json::parse(EmbeddedEventSchemaText()));
        std::ifstream file(path);
        if (!file) throw std::runtime_error("cannot read schema " + path);
        return JsonSchema::Compile(json::parse(file));
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad event schema: ") + e.what());
    }
}

// httplib's SSLServer with the growing connection pool; its reads have only httplib's per-read timeout.
class TlsServer : public httplib::SSLServer {
public:
    TlsServer(const ServeConfig& config)
        : httplib::SSLServer(config.tls_cert.c_str(), config.tls_key.c_str()) {
        const auto start = static_cast<std::size_t>(config.threads);
        const auto max = static_cast<std::size_t>(config.max_connections);
        new_task_queue = [start, max] { return new ConnectionPool(start, max); };
    }
    void RaiseBacklog(int backlog) {
        const socket_t sock = svr_sock_;
        if (sock != INVALID_SOCKET) ::listen(sock, backlog);
    }
};

// A SQLite file or a postgresql:// URL (open_storage.h); the log shows no password.
std::unique_ptr<Storage> OpenSqlite(const ServeConfig& config) {
    auto storage = OpenStorage(config.db_path, config.heartbeat_interval_s * 1000);
    Log("database " + RedactedUrl(config.db_path) + " at schema version " + std::to_string(storage->SchemaVersion()));
    return storage;
}

// The listen backlog after bind: a burst of connects (hundreds of kiosks after a network outage) waits in the
// kernel's queue instead of for SYN retries.
constexpr int kListenBacklog = 4096;

}  // namespace

struct RegistryServer::Impl {
    Impl(const ServeConfig& config, const bk::Clock& clock) : ctx(config, clock) {}
    Context ctx;
    std::unique_ptr<httplib::Server> server;
    std::function<void()> raise_backlog;
    int port = -1;
};

RegistryServer::RegistryServer(const ServeConfig& config, const bk::Clock& clock)
    : RegistryServer(config, clock, OpenSqlite(config)) {}

RegistryServer::RegistryServer(const ServeConfig& config, const bk::Clock& clock, std::unique_ptr<Storage> storage)
    : m_impl(std::make_unique<Impl>(config, clock)) {
    Context& ctx = m_impl->ctx;
    ctx.schema = LoadSchema(config.schema_path);
    ctx.storage = std::move(storage);
    ctx.tokens = std::make_unique<TokenCache>(*ctx.storage, clock, config.token_cache_s * 1000);
    std::vector<std::string> warnings;
    auto bootstrap = std::make_shared<Catalog>();
    bootstrap->LoadStrategies(config.strategies_dir, warnings);
    bootstrap->LoadServices(config.services_dir, warnings);
    for (const auto& warning : warnings) Log("warning: " + warning);
    Log("loaded " + std::to_string(bootstrap->StrategyCount()) + " strategies, " +
        std::to_string(bootstrap->ServiceCount()) + " services");
    ctx.bootstrap_catalog = ctx.catalog = std::move(bootstrap);
    CurrentCatalog(ctx);  // a published release replaces the bootstrap from the start
    ctx.limiter = std::make_unique<RateLimiter>(config.rate_per_s, config.rate_burst);
    // Streams may hold at most half the connection threads: the other half always serves requests.
    int max_streams = std::max(0, config.max_streams);
    if (max_streams > config.max_connections / 2) {
        max_streams = config.max_connections / 2;
        Log("warning: --max-streams lowered to " + std::to_string(max_streams) + ", half of --max-connections");
    }
    ctx.feed = std::make_unique<StaffFeed>(static_cast<std::size_t>(max_streams));
    AlertRules rules;
    rules.window_ms = config.alert_window_min * 60 * 1000;
    rules.min_ratings = config.alert_min_ratings;
    rules.unhappy_share = config.alert_unhappy_share;
    ctx.alerts = std::make_unique<AlertMonitor>(*ctx.storage, rules);

    if (!config.tls_cert.empty() || !config.tls_key.empty()) {
        auto tls = std::make_unique<TlsServer>(config);
        if (!tls->is_valid()) {
            throw std::runtime_error("cannot load TLS certificate " + config.tls_cert + " / key " + config.tls_key);
        }
        m_impl->raise_backlog = [server = tls.get()] { server->RaiseBacklog(kListenBacklog); };
        m_impl->server = std::move(tls);
    } else {
        ConnectionLimits limits;
        limits.request_timeout_ms = config.request_timeout_s * 1000;
        limits.keep_alive_timeout_ms = config.keep_alive_timeout_s * 1000;
        auto plain = std::make_unique<GuardedServer>(limits, static_cast<std::size_t>(config.threads),
                                                     static_cast<std::size_t>(config.max_connections));
        m_impl->raise_backlog = [server = plain.get()] { server->RaiseBacklog(kListenBacklog); };
        m_impl->server = std::move(plain);
    }
    ConfigureServer(*m_impl->server, ctx);
    RegisterRoutes(*m_impl->server, ctx);
    // Last, once nothing can throw: changes other registry processes make on a shared database wake this
    // process's staff streams too (the destructor stops it before the feed goes).
    ctx.storage->WatchStaffChanges([feed = ctx.feed.get()](const std::string& municipality) { feed->Notify(municipality); });
}

RegistryServer::~RegistryServer() {
    m_impl->ctx.storage->WatchStaffChanges({});
}  // then closes SQLite cleanly (WAL checkpoint on last close)

int RegistryServer::Bind() {
    const ServeConfig& config = m_impl->ctx.config;
    int port = config.port;
    if (port == 0) {
        port = m_impl->server->bind_to_any_port(config.host);
    } else if (!m_impl->server->bind_to_port(config.host, port)) {
        port = -1;
    }
    if (port < 0) throw std::runtime_error("cannot listen on " + config.host + ":" + std::to_string(config.port));
    m_impl->raise_backlog();
    m_impl->port = port;
    return port;
}

bool RegistryServer::Listen() { return m_impl->server->listen_after_bind(); }

void RegistryServer::Stop() {
    m_impl->ctx.feed->Shutdown();  // open staff streams end, so their connection threads can be joined
    m_impl->server->stop();
}

bool RegistryServer::IsRunning() const { return m_impl->server->is_running(); }

int RegistryServer::Port() const { return m_impl->port; }

int Serve(const ServeConfig& config) {
    // Block the stop signals in every thread; one thread waits for them and stops the server cleanly.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    const uint64_t open_files = RaiseOpenFileLimit();
    ServeConfig serve_config = config;
    // Each connection holds a socket; keep room for the database, logs and the listening socket.
    const auto fd_room = static_cast<int64_t>(open_files) - 64;
    if (fd_room > 0 && serve_config.max_connections > fd_room) {
        serve_config.max_connections = static_cast<int>(fd_room);
        Log("warning: open-file limit " + std::to_string(open_files) + " allows " + std::to_string(fd_room) +
            " connections; --max-connections lowered to that");
    }

    const bk::SystemClock clock;
    std::unique_ptr<RegistryServer> server;
    int port = -1;
    try {
        server = std::make_unique<RegistryServer>(serve_config, clock);
        port = server->Bind();
    } catch (const std::exception& e) {
        Log(std::string("error: ") + e.what());
        return 1;
    }

    std::atomic<bool> stopping{false};
    std::thread signal_thread([&] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        if (!stopping.exchange(true)) Log("signal " + std::to_string(signal_number) + ": shutting down");
        server->Stop();
    });

    std::cout << "listening on " << config.host << ":" << port << std::endl;  // std::endl flushes: tools wait for it
    Log(std::string(config.tls_cert.empty() ? "http" : "https") + " listening on " + config.host + ":" +
        std::to_string(port));
    const bool ok = server->Listen();

    if (!stopping.exchange(true)) {
        // listen ended on its own (an error): wake the signal thread so it can be joined.
        pthread_kill(signal_thread.native_handle(), SIGTERM);
    }
    signal_thread.join();
    server.reset();
    Log("stopped");
    return ok ? 0 : 1;
}

}  // namespace bk::registry
