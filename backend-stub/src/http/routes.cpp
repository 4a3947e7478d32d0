// The route table and its handlers: each handler parses and authorises, then calls a plain function
// (ingest.h, help_calls.h, alerts.h, reports.h, content_releases.h) and sends its answer.
//
// Index:
// [SECTION] Handlers
// [SECTION] Reports: each its own route, as JSON or (.csv) as a table
// [SECTION] Route table
#include "src/http/routes.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "src/content/content_releases.h"
#include "src/http/request_checks.h"
#include "src/ingest/ingest.h"
#include "src/reports/reports.h"
#include "src/staff/help_calls.h"
#include "src/staff/staff_page.h"

namespace bk::registry {

using nlohmann::json;

namespace {

// [SECTION] Handlers

void HandleHealth(ServerContext& ctx, httplib::Response& res) {
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
void HandleContentCurrent(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
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

void HandleStrategy(ServerContext& ctx, const std::string& municipality, httplib::Response& res) {
    json strategy = CurrentCatalog(ctx)->StrategyJson(municipality);
    if (strategy.is_null()) return SendJson(res, ApiError(404, "no strategy for municipality '" + municipality + "'"));
    SendJson(res, {200, strategy});
}

ApiResult IngestEvents(ServerContext& ctx, const Principal& who, const std::string& body) {
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

void HandleEvents(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& reader) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    if (!who->IsKiosk()) return SendJson(res, ApiError(403, "only kiosk tokens can send events"));
    if (RateLimited(ctx, *who, res)) return;
    std::string body;
    if (!ReadBody(ctx, req, res, reader, body)) return;
    SendJson(res, IngestEvents(ctx, *who, body));
}

void HandleCreateHelp(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
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

void HandleChangeHelp(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
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
json DeskJson(ServerContext& ctx, const std::string& municipality) {
    const int64_t now = ctx.clock.WallMs();
    return {{"municipality", municipality},
            {"now_ts", now},
            {"calls", ActiveHelpCallsJson(*ctx.storage, *CurrentCatalog(ctx), municipality, now)},
            {"alerts", AlertsJson(*ctx.storage, *CurrentCatalog(ctx), municipality)}};
}

// One rendering serves every stream woken by the same change, so 200 open staff pages cost one set of queries
// per change instead of 200 (the lock makes streams woken together wait for the first one's rendering). It is
// reused for at most a second of the registry's clock, since waiting_s counts from when it was rendered.
std::string DeskEvent(ServerContext& ctx, const std::string& municipality, uint64_t version) {
    std::lock_guard lock(ctx.desk_mutex);
    const int64_t now = ctx.clock.WallMs();
    ServerContext::RenderedDesk& desk = ctx.desks[municipality];
    if (desk.text.empty() || desk.version != version || now - desk.wall_ms >= 1000 || now < desk.wall_ms) {
        desk = {version, now, "event: desk\ndata: " + DumpJson(DeskJson(ctx, municipality)) + "\n\n"};
    }
    return desk.text;
}

void HandleAckAlert(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
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
void HandleStaffStream(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
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

// [SECTION] Reports: each its own route, as JSON or (.csv) as a table

// What every report asks first: a reader token of the municipality, and the range.
struct ReportRequest {
    std::string municipality;
    TimeRange range;
    std::shared_ptr<const Catalog> catalog;  // the snapshot this answer uses
};

// A report's own parameters and its answer: the report, or the error to send instead.
using ReportAnswer = std::variant<Report, ApiResult>;
using AnswerReport = ReportAnswer (*)(ServerContext& ctx, const httplib::Request& req, const ReportRequest& request);

ReportAnswer Summary(ServerContext& ctx, const httplib::Request& req, const ReportRequest& request) {
    const std::string service = req.get_param_value("service");
    Report report = SummaryReport(*ctx.storage, *request.catalog, request.municipality, request.range, service);
    if (!service.empty() && report.json["services"].empty()) {
        return ApiError(404, "no service '" + service + "' in the catalogue or the data");
    }
    return report;
}

ReportAnswer Funnel(ServerContext& ctx, const httplib::Request& req, const ReportRequest& request) {
    const std::string service = req.get_param_value("service");
    if (service.empty()) return ApiError(400, "service is required");
    int version = 0;
    const std::string text = req.get_param_value("version");
    if (!text.empty()) {
        if (text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) {
            return ApiError(400, "version must be a whole number");
        }
        version = std::stoi(text);
    } else if (const ServiceInfo* info = request.catalog->Service(service)) {
        version = info->version;  // default: the version in the catalogue
    }
    if (version < 1) return ApiError(400, "version is required");
    return FunnelReport(*ctx.storage, *request.catalog, request.municipality, service, version, request.range);
}

ReportAnswer Feedback(ServerContext& ctx, const httplib::Request& req, const ReportRequest& request) {
    const std::string service = req.get_param_value("service");
    if (service.empty()) return ApiError(400, "service is required");
    return FeedbackReport(*ctx.storage, request.municipality, service, request.range);
}

// connected_share counts slots only up to now.
ReportAnswer Kiosks(ServerContext& ctx, const httplib::Request&, const ReportRequest& request) {
    TimeRange range = request.range;
    range.to = std::min(range.to, ctx.clock.WallMs());
    return KiosksReport(*ctx.storage, request.municipality, range, ctx.config.heartbeat_interval_s * 1000);
}

ReportAnswer Help(ServerContext& ctx, const httplib::Request&, const ReportRequest& request) {
    return HelpReport(*ctx.storage, request.municipality, request.range, ctx.clock.WallMs(),
                      ctx.config.escalation_after_s * 1000);
}

ReportAnswer Compare(ServerContext& ctx, const httplib::Request& req, const ReportRequest& request) {
    const std::string service = req.get_param_value("service");
    if (service.empty()) return ApiError(400, "service is required");
    return CompareReport(*ctx.storage, *request.catalog, request.municipality, service, request.range);
}

void HandleReport(ServerContext& ctx, const httplib::Request& req, httplib::Response& res, AnswerReport answer_report) {
    auto who = RequireToken(ctx, req, res);
    if (!who) return;
    ReportRequest request;
    request.municipality = req.get_param_value("municipality");
    if (request.municipality.empty()) return SendJson(res, ApiError(400, "municipality is required"));
    if (!RequireReader(*who, request.municipality, res)) return;
    const auto range = ReadRange(req, res);
    if (!range) return;
    request.range = *range;
    request.catalog = CurrentCatalog(ctx);
    const ReportAnswer answer = answer_report(ctx, req, request);
    if (const auto* error = std::get_if<ApiResult>(&answer)) return SendJson(res, *error);
    const Report& report = std::get<Report>(answer);
    if (req.matches[1].matched) {
        res.status = 200;
        res.set_content(ToCsv(report.csv), "text/csv; charset=utf-8");
    } else {
        SendJson(res, {200, report.json});
    }
}

}  // namespace

// [SECTION] Route table

void RegisterRoutes(httplib::Server& server, ServerContext& ctx) {
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
    // Reports: the same numbers as JSON, or with .csv as a table.
    const auto report = [&ctx](AnswerReport answer) {
        return [&ctx, answer](const Req& req, Res& res) { HandleReport(ctx, req, res, answer); };
    };
    server.Get(R"(/v1/reports/summary(\.csv)?)", report(Summary));
    server.Get(R"(/v1/reports/funnel(\.csv)?)", report(Funnel));
    server.Get(R"(/v1/reports/feedback(\.csv)?)", report(Feedback));
    server.Get(R"(/v1/reports/kiosks(\.csv)?)", report(Kiosks));
    server.Get(R"(/v1/reports/help(\.csv)?)", report(Help));
    server.Get(R"(/v1/reports/compare(\.csv)?)", report(Compare));
}

}  // namespace bk::registry
