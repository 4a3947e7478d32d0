#include "src/staff/alerts.h"

#include <algorithm>
#include <set>

#include "shared/utf8.h"
#include "src/ingest/ingest.h"
#include "shared/scrub.h"

namespace bk::registry {

using nlohmann::json;

bool ShouldRaiseAlert(const std::vector<RatingRow>& ratings, const AlertRules& rules) {
    const auto count = static_cast<int64_t>(ratings.size());
    if (count < rules.min_ratings || count == 0) return false;
    const auto unhappy = std::count_if(ratings.begin(), ratings.end(), [](const RatingRow& r) { return IsUnhappy(r.rating); });
    // In whole ratings: 2 of 4 is exactly half, with no rounding in between.
    return static_cast<double>(unhappy) >= rules.unhappy_share * static_cast<double>(count) - 1e-9;
}

std::vector<Alert> AlertMonitor::CheckBatch(const std::string& municipality, const std::string& kiosk_id,
                                            const std::vector<EventRow>& rows, const IngestOutcome& outcome,
                                            int64_t now) {
    std::set<std::string> services;
    bool rated = false;
    for (std::size_t i = 0; i < rows.size() && i < outcome.stored.size(); ++i) {
        if (!outcome.stored[i] || rows[i].type != "feedback_submitted") continue;
        rated = true;
        if (!rows[i].service.empty()) services.insert(rows[i].service);
    }
    std::vector<Alert> raised;
    if (!rated) return raised;
    std::lock_guard lock(m_mutex);
    if (auto alert = Check(municipality, "kiosk", kiosk_id, now)) raised.push_back(*alert);
    for (const auto& service : services) {
        if (auto alert = Check(municipality, "service", service, now)) raised.push_back(*alert);
    }
    return raised;
}

std::optional<Alert> AlertMonitor::Check(const std::string& municipality, const std::string& subject_kind,
                                         const std::string& subject, int64_t now) {
    TimeRange window{now - m_rules.window_ms, now + 1};
    const auto previous = m_storage.LatestAlert(municipality, subject_kind, subject);
    if (previous) {
        if (previous->status == "open" && previous->raised_ts > now - m_rules.window_ms) return std::nullopt;
        // Ratings it counted, or that came while it was open, belong to that alert's incident.
        window.from = std::max(window.from, previous->last_rating_ts + 1);
        if (previous->ack_ts) window.from = std::max(window.from, *previous->ack_ts + 1);
    }
    const std::vector<RatingRow> ratings = m_storage.LoadRatings(municipality, subject_kind, subject, window);
    if (!ShouldRaiseAlert(ratings, m_rules)) return std::nullopt;
    Alert alert;
    alert.id = RandomHex(16);
    alert.municipality = municipality;
    alert.subject_kind = subject_kind;
    alert.subject = subject;
    alert.raised_ts = now;
    alert.last_rating_ts = ratings.back().ts;  // sorted by ts
    alert.ratings = static_cast<int>(ratings.size());
    alert.unhappy = static_cast<int>(
        std::count_if(ratings.begin(), ratings.end(), [](const RatingRow& r) { return IsUnhappy(r.rating); }));
    m_storage.CreateAlert(alert);
    return alert;
}

json AlertJson(const Alert& alert) {
    return {{"id", alert.id},
            {"kind", alert.subject_kind},
            {"subject", alert.subject},
            {"raised_ts", alert.raised_ts},
            {"ratings", alert.ratings},
            {"unhappy", alert.unhappy},
            {"status", alert.status},
            {"ack_ts", alert.ack_ts ? json(*alert.ack_ts) : json()},
            {"note", alert.note}};
}

namespace {

bool MayHandleAlerts(const Principal& who) { return who.IsStaff() || who.IsReader(); }

}  // namespace

ApiResult ListAlertsFor(Storage& storage, const Principal& who, const std::string& status) {
    if (!MayHandleAlerts(who)) return ApiError(403, "alerts need a staff or reader token");
    if (!status.empty() && status != "open" && status != "acknowledged" && status != "all") {
        return ApiError(400, "status must be open, acknowledged or all");
    }
    json list = json::array();
    const std::string filter = status.empty() ? "open" : status == "all" ? "" : status;
    for (const auto& alert : storage.ListAlerts(who.token.municipality, filter)) list.push_back(AlertJson(alert));
    return {200, {{"municipality", who.token.municipality}, {"alerts", std::move(list)}}};
}

ApiResult AcknowledgeAlertFor(Storage& storage, const Principal& who, const std::string& id, const std::string& body,
                              int64_t now) {
    if (!MayHandleAlerts(who)) return ApiError(403, "alerts need a staff or reader token");
    auto alert = storage.GetAlert(id);
    if (!alert || alert->municipality != who.token.municipality) return ApiError(404, "no such alert");
    std::string note;
    if (!body.empty()) {
        auto parsed = ParseJsonObject(body);
        if (auto* error = std::get_if<ApiResult>(&parsed)) return *error;
        const json& request = std::get<json>(parsed);
        if (auto it = request.find("note"); it != request.end() && !it->is_null()) {
            if (!it->is_string() || Utf8Chars(it->get_ref<const std::string&>()) > kMaxAlertNoteChars) {
                return ApiError(400, "\"note\" must be a string of at most 200 characters");
            }
            note = bk::ScrubPersonalData(it->get_ref<const std::string&>());
        }
    }
    auto updated = storage.AcknowledgeAlert(id, now, note);
    if (!updated) return ApiError(404, "no such alert");
    return {200, AlertJson(*updated)};
}

}  // namespace bk::registry
