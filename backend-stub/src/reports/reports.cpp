#include "src/reports/reports.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "src/staff/help_calls.h"
#include "shared/scrub.h"

namespace bk::registry {

namespace {

using nlohmann::json;

// [SECTION] Summary

struct Metrics {
    GuideSessionCounts sessions;  // distinct sessions: opened, completed, completed with staff help
    ServiceCounters counters;
    std::vector<double> ack_seconds;  // help call ack times, for the median
    double staff_minutes_saved = 0;
    bool has_help_times = true;       // false at version level (help calls carry no version)
};

int64_t UnassistedCompletions(const GuideSessionCounts& s) { return s.completed - s.assisted_completed; }

json MetricsJson(const Metrics& m) {
    const ServiceCounters& c = m.counters;
    json out;
    const GuideSessionCounts& s = m.sessions;
    out["sessions"] = s.sessions;
    out["starts"] = c.starts;
    out["completions"] = c.completions;
    out["abandons"] = c.abandons;
    out["completion_rate"] = c.starts > 0 ? static_cast<double>(c.completions) / static_cast<double>(c.starts) : 0.0;
    out["completed_sessions"] = s.completed;
    out["assisted_completions"] = s.assisted_completed;
    out["unassisted_completions"] = UnassistedCompletions(s);
    out["unassisted_completion_rate"] =
        s.sessions > 0 ? static_cast<double>(UnassistedCompletions(s)) / static_cast<double>(s.sessions) : 0.0;
    out["feedback_count"] = c.feedback_count;
    out["rating_mean"] = c.feedback_count > 0 ? json(static_cast<double>(c.rating_sum) / c.feedback_count) : json();
    const double n = static_cast<double>(c.feedback_count);
    out["task_done_share"] = {{"yes", n > 0 ? c.task_yes / n : 0.0},
                              {"partly", n > 0 ? c.task_partly / n : 0.0},
                              {"no", n > 0 ? c.task_no / n : 0.0}};
    out["help_requests"] = c.help_requests;
    out["help_ack_median_s"] = m.has_help_times && !m.ack_seconds.empty() ? json(Median(m.ack_seconds)) : json();
    out["staff_minutes_saved"] = m.staff_minutes_saved;
    return out;
}

// A version's sessions given it at random (two versions side by side) and drawn against `against`: what a
// comparison of the two can trust.
json SideBySideJson(int against, const GuideSessionCounts& s) {
    return {{"against", against},
            {"sessions", s.sessions},
            {"completed_sessions", s.completed},
            {"assisted_completions", s.assisted_completed},
            {"unassisted_completions", UnassistedCompletions(s)},
            {"unassisted_completion_rate",
             s.sessions > 0 ? static_cast<double>(UnassistedCompletions(s)) / static_cast<double>(s.sessions) : 0.0}};
}

// `against` is filled on side_by_side rows only: that version's visits drawn at random against the other one.
const std::vector<std::string> kSummaryColumns = {
    "level", "theme", "service", "version", "against", "sessions", "starts", "completions", "abandons", "completion_rate",
    "completed_sessions", "assisted_completions", "unassisted_completions", "unassisted_completion_rate",
    "feedback_count", "rating_mean", "task_done_yes", "task_done_partly", "task_done_no", "help_requests",
    "help_ack_median_s", "staff_minutes_saved", "events", "kiosks"};

std::size_t SummaryColumn(const std::string& name) {
    return static_cast<std::size_t>(std::find(kSummaryColumns.begin(), kSummaryColumns.end(), name) - kSummaryColumns.begin());
}

std::vector<json> SummaryCsvRow(const std::string& level, const json& theme, const json& service, const json& version,
                                const json& m) {
    return {level,
            theme,
            service,
            version,
            nullptr,
            m["sessions"],
            m["starts"],
            m["completions"],
            m["abandons"],
            m["completion_rate"],
            m["completed_sessions"],
            m["assisted_completions"],
            m["unassisted_completions"],
            m["unassisted_completion_rate"],
            m["feedback_count"],
            m["rating_mean"],
            m["task_done_share"]["yes"],
            m["task_done_share"]["partly"],
            m["task_done_share"]["no"],
            m["help_requests"],
            m["help_ack_median_s"],
            m["staff_minutes_saved"],
            nullptr,
            nullptr};
}

// A side_by_side row under its version row: the session counts of the visits drawn against one other version;
// the figures the registry does not count per draw (starts, ratings, help calls) stay empty.
std::vector<json> SideBySideCsvRow(const std::string& service, int version, const json& s) {
    std::vector<json> row(kSummaryColumns.size(), nullptr);
    row[0] = "side_by_side";
    row[2] = service;
    row[3] = version;
    for (const char* column : {"against", "sessions", "completed_sessions", "assisted_completions", "unassisted_completions",
                               "unassisted_completion_rate"})
        row[SummaryColumn(column)] = s[column];
    return row;
}

json RangeJson(const TimeRange& range) {
    return {{"from", range.from}, {"to", range.to == kForever ? json() : json(range.to)}};
}

}  // namespace

double Median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

Report SummaryReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const TimeRange& range,
                     const std::string& only_service) {
    const SummaryData data = storage.LoadSummary(municipality, range);
    const std::vector<HelpCall> calls = storage.HelpCallsCreatedIn(municipality, range);
    const StrategyInfo* strategy = catalog.StrategyFor(municipality);

    // Per service and per version. Services of the strategy's themes appear even without data.
    std::map<std::string, Metrics> services;
    std::map<ServiceKey, Metrics> versions;
    if (strategy) {
        for (const auto& theme : strategy->themes) {
            for (const auto& id : catalog.ServicesOfTheme(strategy->id, theme.id)) services[id];
        }
    }
    auto minutes_of = [&](const std::string& id) {
        const ServiceInfo* info = catalog.Service(id);
        return info ? info->staff_minutes_saved : 0.0;
    };
    for (const auto& [key, counters] : data.counters) {
        services[key.service].counters += counters;
        if (key.version == 0) continue;  // e.g. help_requested naming a service but no version
        Metrics& v = versions[key];
        v.counters += counters;
        v.has_help_times = false;
    }
    for (const auto& [key, sessions] : data.sessions) {
        Metrics& v = versions[key];
        v.sessions += sessions;
        v.has_help_times = false;
        services[key.service].sessions += sessions;
    }
    for (const auto& call : calls) {
        if (call.service.empty() || !call.ack_ts) continue;
        services[call.service].ack_seconds.push_back(static_cast<double>(*call.ack_ts - call.created_ts) / 1000.0);
    }
    // Only a completion without staff help saves staff time.
    auto minutes_saved = [&](const Metrics& m, const std::string& id) {
        return static_cast<double>(UnassistedCompletions(m.sessions)) * minutes_of(id);
    };
    for (auto& [key, m] : versions) m.staff_minutes_saved = minutes_saved(m, key.service);
    for (auto& [id, m] : services) m.staff_minutes_saved = minutes_saved(m, id);
    services.erase("");  // events without a service only count in the totals
    if (!only_service.empty()) std::erase_if(services, [&](const auto& entry) { return entry.first != only_service; });

    Report report;
    report.csv.columns = kSummaryColumns;
    json& out = report.json;
    out["municipality"] = municipality;
    out["range"] = RangeJson(range);
    out["totals"] = {{"sessions", data.total_sessions}, {"events", data.total_events}, {"kiosks", data.total_kiosks}};
    // Totals: the municipality row fills sessions, events and kiosks only.
    std::vector<json> totals_row(kSummaryColumns.size(), nullptr);
    totals_row[0] = "municipality";
    totals_row[SummaryColumn("sessions")] = data.total_sessions;
    totals_row[SummaryColumn("events")] = data.total_events;
    totals_row[SummaryColumn("kiosks")] = data.total_kiosks;
    if (only_service.empty()) report.csv.rows.push_back(std::move(totals_row));

    out["themes"] = json::array();
    if (strategy && only_service.empty()) {
        for (const auto& theme : strategy->themes) {
            Metrics sum;
            const auto ids = catalog.ServicesOfTheme(strategy->id, theme.id);
            for (const auto& id : ids) {
                const Metrics& m = services[id];
                sum.sessions += m.sessions;
                sum.counters += m.counters;
                sum.staff_minutes_saved += m.staff_minutes_saved;
                sum.ack_seconds.insert(sum.ack_seconds.end(), m.ack_seconds.begin(), m.ack_seconds.end());
            }
            json metrics = MetricsJson(sum);
            report.csv.rows.push_back(SummaryCsvRow("theme", theme.id, nullptr, nullptr, metrics));
            json entry = {{"theme", theme.id}, {"name", theme.name}, {"services", ids}};
            entry.update(metrics);
            out["themes"].push_back(std::move(entry));
        }
    }
    out["services"] = json::array();
    for (const auto& [id, m] : services) {
        json metrics = MetricsJson(m);
        report.csv.rows.push_back(SummaryCsvRow("service", nullptr, id, nullptr, metrics));
        json entry = {{"service", id}};
        if (const ServiceInfo* info = catalog.Service(id)) entry["title"] = info->title;
        entry.update(metrics);
        entry["versions"] = json::array();
        for (const auto& [key, vm] : versions) {
            if (key.service != id) continue;
            json version_metrics = MetricsJson(vm);
            report.csv.rows.push_back(SummaryCsvRow("version", nullptr, id, key.version, version_metrics));
            // One entry (and CSV row) per other version it was drawn against, ascending: a version in two tests
            // (v2 against v1, later v3 against v2) keeps each test's visits apart.
            json side_by_side = json::array();
            if (const auto random = data.side_by_side.find(key); random != data.side_by_side.end()) {
                for (const auto& [against, counts] : random->second) {
                    side_by_side.push_back(SideBySideJson(against, counts));
                    report.csv.rows.push_back(SideBySideCsvRow(id, key.version, side_by_side.back()));
                }
            }
            json version_entry = {{"version", key.version}};
            version_entry.update(version_metrics);
            version_entry["side_by_side"] = std::move(side_by_side);
            entry["versions"].push_back(std::move(version_entry));
        }
        out["services"].push_back(std::move(entry));
    }
    return report;
}

// [SECTION] Funnel

Report FunnelReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const std::string& service,
                    int version, const TimeRange& range) {
    const FunnelData data = storage.LoadFunnel(municipality, service, version, range);
    int steps = data.steps_total;
    if (!data.views.empty()) steps = std::max(steps, data.views.rbegin()->first + 1);
    if (!data.abandons.empty()) steps = std::max(steps, data.abandons.rbegin()->first + 1);

    auto views_at = [&](int step) {
        auto it = data.views.find(step);
        return it == data.views.end() ? int64_t{0} : it->second;
    };
    const int64_t first_views = views_at(0);

    Report report;
    report.csv.columns = {"step", "title", "views", "abandons", "drop_off"};
    // Step titles are known for the catalogue's live versions only; older versions' steps may have differed.
    const ServiceInfo* info = catalog.Service(service, version);
    auto title_of = [&](int step) {
        if (!info || step >= static_cast<int>(info->step_titles.size())) return json();
        return info->step_titles[static_cast<std::size_t>(step)];
    };
    json& out = report.json;
    out["municipality"] = municipality;
    out["service"] = service;
    out["version"] = version;
    out["range"] = RangeJson(range);
    out["steps_total"] = steps;
    out["completions"] = data.completions;
    out["completed_sessions"] = data.completed_sessions;
    out["assisted_completed_sessions"] = data.assisted_completed_sessions;
    out["steps"] = json::array();
    for (int step = 0; step < steps; ++step) {
        const int64_t views = views_at(step);
        const int64_t next = step + 1 < steps ? views_at(step + 1) : data.completed_sessions;
        const auto abandon_it = data.abandons.find(step);
        const int64_t abandons = abandon_it == data.abandons.end() ? 0 : abandon_it->second;
        const double drop_off =
            first_views > 0 ? static_cast<double>(std::max<int64_t>(views - next, 0)) / static_cast<double>(first_views) : 0.0;
        const json title = title_of(step);
        out["steps"].push_back({{"step", step}, {"title", title}, {"views", views}, {"abandons", abandons}, {"drop_off", drop_off}});
        json csv_title;  // English for the console's readers, else Danish
        if (title.is_object()) csv_title = title.contains("en") ? title["en"] : title.value("da", json());
        report.csv.rows.push_back({step, csv_title, views, abandons, drop_off});
    }
    return report;
}

// [SECTION] Feedback

Report FeedbackReport(Storage& storage, const std::string& municipality, const std::string& service,
                      const TimeRange& range, std::size_t max_rows) {
    Report report;
    report.csv.columns = {"ts", "service", "version", "rating", "task_done", "lang", "comment"};
    json& out = report.json;
    out["municipality"] = municipality;
    out["service"] = service;
    out["range"] = RangeJson(range);
    out["feedback"] = json::array();
    std::vector<FeedbackRow> rows = storage.LoadFeedback(municipality, service, range, max_rows + 1);
    out["truncated"] = rows.size() > max_rows;
    if (rows.size() > max_rows) rows.erase(rows.begin());  // one more than shown was read: the oldest goes
    for (const FeedbackRow& row : rows) {
        // A second scrub with the kiosk's own scrubber: an older or broken kiosk may have sent it unscrubbed.
        const std::string comment = bk::ScrubPersonalData(row.comment);
        out["feedback"].push_back({{"ts", row.ts},
                                   {"version", row.service_version},
                                   {"rating", row.rating},
                                   {"task_done", row.task_done},
                                   {"lang", row.lang},
                                   {"comment", comment}});
        report.csv.rows.push_back({row.ts, row.service, row.service_version, row.rating, row.task_done, row.lang, comment});
    }
    return report;
}

// [SECTION] Kiosks

Report KiosksReport(Storage& storage, const std::string& municipality, const TimeRange& range, int64_t slot_ms) {
    Report report;
    report.csv.columns = {"kiosk_id", "last_seen_ts", "backlog", "connected_share", "events_received", "max_seq",
                          "missing_seq", "dropped", "content_release", "content_error"};
    json& out = report.json;
    out["municipality"] = municipality;
    out["range"] = RangeJson(range);
    out["heartbeat_interval_s"] = slot_ms / 1000;
    out["kiosks"] = json::array();
    for (const KioskRow& row : storage.LoadKiosks(municipality, range)) {
        const double share = row.slots_in_range > 0 ? std::min(1.0, static_cast<double>(row.heartbeat_slots) /
                                                                        static_cast<double>(row.slots_in_range))
                                                    : 0.0;
        const int64_t missing = std::max<int64_t>(row.max_seq - row.seq_count, 0);
        json entry = {{"kiosk_id", row.kiosk_id},
                      {"last_seen_ts", row.last_seen_ts ? json(*row.last_seen_ts) : json()},
                      {"backlog", row.backlog ? json(*row.backlog) : json()},
                      {"connected_share", share},
                      {"events_received", row.events_received},
                      {"max_seq", row.max_seq},
                      {"missing_seq", missing},
                      {"dropped", row.dropped ? json(*row.dropped) : json()},
                      {"content_release", row.content_release ? json(*row.content_release) : json()},
                      {"content_error", row.content_error}};
        report.csv.rows.push_back({entry["kiosk_id"], entry["last_seen_ts"], entry["backlog"], share,
                                   row.events_received, row.max_seq, missing, entry["dropped"],
                                   entry["content_release"], row.content_error});
        out["kiosks"].push_back(std::move(entry));
    }
    return report;
}

// [SECTION] Help calls

namespace {

struct HelpStats {
    std::string location;
    int64_t calls = 0;
    int64_t answered = 0;
    int64_t cancelled = 0;  // resolved by the citizen before anyone answered
    int64_t escalations = 0;
    std::vector<double> ack_seconds;
    int64_t alerts_raised = 0;
    int64_t alerts_acknowledged = 0;
};

json HelpStatsJson(const HelpStats& stats) {
    return {{"help_calls", stats.calls},
            {"answered", stats.answered},
            {"cancelled", stats.cancelled},
            {"unanswered", stats.calls - stats.answered - stats.cancelled},
            {"ack_median_s", stats.ack_seconds.empty() ? json() : json(Median(stats.ack_seconds))},
            {"ack_p90_s", stats.ack_seconds.empty() ? json() : json(Percentile(stats.ack_seconds, 90))},
            {"escalations", stats.escalations},
            {"alerts_raised", stats.alerts_raised},
            {"alerts_acknowledged", stats.alerts_acknowledged}};
}

const std::vector<std::string> kHelpStatsColumns = {"help_calls", "answered", "cancelled", "unanswered", "ack_median_s",
                                                    "ack_p90_s", "escalations", "alerts_raised", "alerts_acknowledged"};

}  // namespace

double Percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

Report HelpReport(Storage& storage, const std::string& municipality, const TimeRange& range, int64_t now,
                  int64_t escalation_ms) {
    std::map<std::string, HelpStats> by_kiosk;
    HelpStats total;
    std::vector<HelpCall> calls = storage.HelpCallsCreatedIn(municipality, range);
    std::sort(calls.begin(), calls.end(), [](const HelpCall& a, const HelpCall& b) { return a.created_ts < b.created_ts; });
    for (const HelpCall& call : calls) {
        for (HelpStats* stats : {&by_kiosk[call.kiosk_id], &total}) {
            if (!call.location.empty()) stats->location = call.location;  // the newest name the kiosk sent
            ++stats->calls;
            if (HelpCallEscalated(call, now, escalation_ms / 1000)) ++stats->escalations;
            if (call.ack_ts) {
                ++stats->answered;
                stats->ack_seconds.push_back(static_cast<double>(*call.ack_ts - call.created_ts) / 1000.0);
            } else if (call.resolved_ts) {
                ++stats->cancelled;
            }
        }
    }
    for (const Alert& alert : storage.AlertsRaisedIn(municipality, range)) {
        std::vector<HelpStats*> counted = {&total};
        if (alert.subject_kind == "kiosk") counted.push_back(&by_kiosk[alert.subject]);
        for (HelpStats* stats : counted) {
            ++stats->alerts_raised;
            if (alert.ack_ts) ++stats->alerts_acknowledged;
        }
    }

    Report report;
    json& out = report.json;
    out["municipality"] = municipality;
    out["range"] = RangeJson(range);
    out["escalation_after_s"] = escalation_ms / 1000;
    out["kiosks"] = json::array();
    report.csv.columns = {"level", "location", "kiosk_id"};
    report.csv.columns.insert(report.csv.columns.end(), kHelpStatsColumns.begin(), kHelpStatsColumns.end());
    auto add_csv_row = [&](const std::string& level, const json& location, const json& kiosk_id, const json& entry) {
        std::vector<json> row = {level, location, kiosk_id};
        for (const auto& column : kHelpStatsColumns) row.push_back(entry[column]);
        report.csv.rows.push_back(std::move(row));
    };
    // By location, then kiosk id: how staff think of their floor.
    std::vector<std::pair<std::string, const HelpStats*>> kiosks;
    for (const auto& [kiosk_id, stats] : by_kiosk) kiosks.emplace_back(kiosk_id, &stats);
    std::stable_sort(kiosks.begin(), kiosks.end(),
                     [](const auto& a, const auto& b) { return a.second->location < b.second->location; });
    for (const auto& [kiosk_id, stats] : kiosks) {
        json entry = HelpStatsJson(*stats);
        entry["kiosk_id"] = kiosk_id;
        entry["location"] = stats->location;
        add_csv_row("kiosk", stats->location, kiosk_id, entry);
        out["kiosks"].push_back(std::move(entry));
    }
    out["totals"] = HelpStatsJson(total);
    add_csv_row("municipality", json(), json(), out["totals"]);
    return report;
}

// [SECTION] Comparisons across municipalities

Report CompareReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const std::string& service,
                     const TimeRange& range) {
    const std::vector<std::string> sharing = storage.MunicipalitiesSharingComparisons();
    const bool shares = std::find(sharing.begin(), sharing.end(), municipality) != sharing.end();
    // Reciprocal: only a municipality that shares sees the others; it always sees itself.
    std::vector<std::string> shown = shares ? sharing : std::vector<std::string>{municipality};

    Report report;
    json& out = report.json;
    out["service"] = service;
    const ServiceInfo* info = catalog.Service(service);
    out["title"] = info ? info->title : json();
    out["range"] = RangeJson(range);
    out["municipality"] = municipality;
    out["shares"] = shares;
    out["sharing_municipalities"] = sharing.size();
    out["municipalities"] = json::array();
    report.csv.columns = {"municipality", "you", "sessions", "starts", "unassisted_completion_rate", "completion_rate",
                          "rating_mean", "feedback_count", "help_requests", "version", "largest_drop_off_step",
                          "largest_drop_off"};
    for (const std::string& m : shown) {
        const Report summary = SummaryReport(storage, catalog, m, range, service);
        const json* metrics = nullptr;
        for (const json& entry : summary.json["services"])
            if (entry["service"] == service) metrics = &entry;
        const bool you = m == municipality;
        if (!you && (!metrics || (*metrics)["sessions"].get<int64_t>() == 0)) continue;  // does not run the service
        json row = {{"municipality", m}, {"you", you}};
        const StrategyInfo* strategy = catalog.StrategyFor(m);
        row["name"] = strategy ? strategy->document.value("municipality_name", json()) : json();
        for (const char* key : {"sessions", "starts", "completion_rate", "unassisted_completions", "unassisted_completion_rate",
                                "assisted_completions", "feedback_count", "rating_mean", "help_requests"})
            row[key] = metrics ? (*metrics)[key] : json(0);
        if (!metrics) row["rating_mean"] = nullptr;
        // Drop-off in the newest version this municipality ran in the range (versions' steps may differ).
        int version = 0;
        if (metrics)
            for (const json& v : (*metrics)["versions"])
                if (v["starts"].get<int64_t>() > 0) version = std::max(version, v["version"].get<int>());
        row["version"] = version > 0 ? json(version) : json();
        row["largest_drop_off"] = nullptr;
        if (version > 0) {
            const Report funnel = FunnelReport(storage, catalog, m, service, version, range);
            const json* worst = nullptr;
            for (const json& step : funnel.json["steps"])
                if (step["drop_off"].get<double>() > 0 && (!worst || step["drop_off"].get<double>() > (*worst)["drop_off"].get<double>()))
                    worst = &step;
            if (worst) row["largest_drop_off"] = {{"step", (*worst)["step"]}, {"title", (*worst)["title"]}, {"drop_off", (*worst)["drop_off"]}};
        }
        const json& worst = row["largest_drop_off"];
        report.csv.rows.push_back({m, you, row["sessions"], row["starts"], row["unassisted_completion_rate"], row["completion_rate"],
                                   row["rating_mean"], row["feedback_count"], row["help_requests"], row["version"],
                                   worst.is_null() ? json() : worst["step"], worst.is_null() ? json() : worst["drop_off"]});
        out["municipalities"].push_back(std::move(row));
    }
    return report;
}

// [SECTION] Parameters

std::optional<int64_t> ParseTimeParam(const std::string& text, bool is_end, std::string& error) {
    if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (text.size() > 15) {
            error = "time value out of range: " + text;
            return std::nullopt;
        }
        return std::stoll(text);
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char tail = 0;
    bool date_only = false;
    if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d", &year, &month, &day) == 3) {
        date_only = true;
    } else if (text.size() == 20 &&
               std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute, &second,
                           &tail) == 7 &&
               tail == 'Z') {
    } else {
        error = "expected UTC ms, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '" + text + "'";
        return std::nullopt;
    }
    if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        error = "invalid date '" + text + "'";
        return std::nullopt;
    }
    // Days from civil (proleptic Gregorian), so no time zone database is involved.
    const int y = year - (month <= 2);
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
    int64_t ms = ((days * 24 + hour) * 60 + minute) * 60'000 + second * 1000;
    if (date_only && is_end) ms += 86'400'000;  // "to=2026-11-23" includes the 23rd
    return ms;
}

}  // namespace bk::registry
