#include "src/staff/help_calls.h"

#include <algorithm>
#include <set>

#include "shared/utf8.h"
#include "src/ingest/ingest.h"

namespace bk::registry {

using nlohmann::json;

namespace {

// Optional string field; false when present but not a short string.
bool ReadString(const json& body, const char* key, std::string& out, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return !required;
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 128) return false;
    out = it->get<std::string>();
    return !required || !out.empty();
}

bool HasControlCharacter(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// The optional staff fields; "" = all valid, else the error message. The body is valid UTF-8 (ReadBody).
std::string ReadStaffFields(const json& request, HelpCall& call) {
    if (auto it = request.find("step"); it != request.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > kMaxStepIndex) {
            return "\"step\" must be a whole number from 0 to " + std::to_string(kMaxStepIndex);
        }
        call.step = it->get<int>();
    }
    if (auto it = request.find("lang"); it != request.end() && !it->is_null()) {
        // event.schema.json's lang
        static const std::set<std::string> kLanguages = {"da", "en", "nb", "uk", "ar", "tr", "pl"};
        if (!it->is_string() || !kLanguages.contains(it->get<std::string>()))
            return "\"lang\" must be da, en, nb, uk, ar, tr or pl";
        call.lang = it->get<std::string>();
    }
    if (auto it = request.find("location"); it != request.end() && !it->is_null()) {
        if (!it->is_string()) return "\"location\" must be a string";
        const std::string& location = it->get_ref<const std::string&>();
        if (Utf8Chars(location) > kMaxLocationChars || HasControlCharacter(location)) {
            return "\"location\" must be at most " + std::to_string(kMaxLocationChars) +
                   " characters without control characters";
        }
        call.location = location;
    }
    if (auto it = request.find("escalate_after_s"); it != request.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int64_t>() < kMinEscalateAfterS ||
            it->get<int64_t>() > kMaxEscalateAfterS) {
            return "\"escalate_after_s\" must be a whole number of seconds from " + std::to_string(kMinEscalateAfterS) +
                   " to " + std::to_string(kMaxEscalateAfterS);
        }
        call.escalate_after_s = it->get<int>();
    }
    return {};
}

// Calls stored before escalate_after_s existed count with the report's default.
constexpr int64_t kFallbackEscalateAfterS = 180;

}  // namespace

json HelpCallJson(const HelpCall& call, const Catalog& catalog, int64_t now) {
    json guide;  // null outside a guide
    json step_title;
    if (!call.service.empty()) {
        const ServiceInfo* info = catalog.Service(call.service);
        guide = {{"service", call.service}, {"title", info ? info->title : json()}};
        if (info && call.step && *call.step < static_cast<int>(info->step_titles.size())) {
            step_title = info->step_titles[static_cast<std::size_t>(*call.step)];
        }
    }
    const int64_t waited_until = call.ack_ts ? *call.ack_ts : call.resolved_ts ? *call.resolved_ts : now;
    const int64_t escalate_after_s = call.escalate_after_s.value_or(kFallbackEscalateAfterS);
    return {{"id", call.id},
            {"status", call.status},
            {"kiosk_id", call.kiosk_id},
            {"location", call.location},
            {"screen", call.screen},
            {"service", call.service},
            {"guide", std::move(guide)},
            {"step", call.step ? json(*call.step) : json()},
            {"step_title", std::move(step_title)},
            {"lang", call.lang},
            {"created_ts", call.created_ts},
            {"ack_ts", call.ack_ts ? json(*call.ack_ts) : json()},
            {"resolved_ts", call.resolved_ts ? json(*call.resolved_ts) : json()},
            {"waiting_s", std::max<int64_t>(0, waited_until - call.created_ts) / 1000},
            {"escalate_after_s", escalate_after_s},
            {"escalated", HelpCallEscalated(call, now, escalate_after_s)}};
}

bool HelpCallEscalated(const HelpCall& call, int64_t now, int64_t fallback_s) {
    const int64_t answered_or_now = call.ack_ts ? *call.ack_ts : now;
    return answered_or_now - call.created_ts > call.escalate_after_s.value_or(fallback_s) * 1000;
}

ApiResult CreateHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& body,
                            int64_t now, int default_escalate_after_s) {
    if (!who.IsKiosk()) return ApiError(403, "only a kiosk token can create help requests");
    auto parsed = ParseJsonObject(body);
    if (auto* error = std::get_if<ApiResult>(&parsed)) return *error;
    const json& request = std::get<json>(parsed);
    HelpCall call;
    if (!ReadString(request, "kiosk_id", call.kiosk_id, true)) return ApiError(400, "\"kiosk_id\" must be a string");
    if (call.kiosk_id != who.token.kiosk_id) return ApiError(403, "this token belongs to another kiosk");
    if (!ReadString(request, "screen", call.screen, true)) return ApiError(400, "\"screen\" must be a string");
    if (!ReadString(request, "session", call.session, false)) return ApiError(400, "\"session\" must be a string");
    if (!ReadString(request, "service", call.service, false)) return ApiError(400, "\"service\" must be a string");
    if (std::string error = ReadStaffFields(request, call); !error.empty()) return ApiError(400, error);
    if (!call.escalate_after_s) call.escalate_after_s = default_escalate_after_s;
    call.id = RandomHex(16);
    call.municipality = who.token.municipality;
    call.status = "open";
    call.created_ts = now;
    storage.CreateHelpCall(call);
    return {201, HelpCallJson(call, catalog, now)};
}

ApiResult GetHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& id,
                         int64_t now) {
    auto call = storage.GetHelpCall(id);
    // A call in another municipality is reported as missing: its existence is not the caller's business.
    if (!call || call->municipality != who.token.municipality) return ApiError(404, "no such help request");
    if (who.IsKiosk() && call->kiosk_id != who.token.kiosk_id) {
        return ApiError(403, "a kiosk token can only read its own kiosk's help requests");
    }
    return {200, HelpCallJson(*call, catalog, now)};
}

ApiResult ListHelpRequests(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& status,
                           int64_t now) {
    if (!status.empty() && status != "open" && status != "acknowledged" && status != "resolved") {
        return ApiError(400, "status must be open, acknowledged or resolved");
    }
    json list = json::array();
    for (const auto& call : storage.ListHelpCalls(who.token.municipality, status)) {
        list.push_back(HelpCallJson(call, catalog, now));
    }
    return {200, {{"municipality", who.token.municipality}, {"help_requests", std::move(list)}}};
}

ApiResult ChangeHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& id,
                            const std::string& action, int64_t now) {
    auto call = storage.GetHelpCall(id);
    if (!call || call->municipality != who.token.municipality) return ApiError(404, "no such help request");
    if (action == "ack" && call->status == "resolved") return ApiError(409, "help request is already resolved");
    // The citizen cancelling closes the call like "Done" but is no answer (no ack time; the report says cancelled).
    if (action == "cancel" && (!who.IsKiosk() || call->kiosk_id != who.token.kiosk_id))
        return ApiError(403, "only the kiosk that made a help request can cancel it");
    auto updated = storage.UpdateHelpCall(id, action == "ack" ? "acknowledged" : "resolved", now, action != "cancel");
    if (!updated) return ApiError(404, "no such help request");
    return {200, HelpCallJson(*updated, catalog, now)};
}

json ActiveHelpCallsJson(Storage& storage, const Catalog& catalog, const std::string& municipality, int64_t now) {
    // Two indexed look-ups rather than the whole history of resolved calls.
    std::vector<HelpCall> calls = storage.ListHelpCalls(municipality, "open");
    for (auto& call : storage.ListHelpCalls(municipality, "acknowledged")) calls.push_back(std::move(call));
    std::stable_sort(calls.begin(), calls.end(),
                     [](const HelpCall& a, const HelpCall& b) { return a.created_ts < b.created_ts; });
    json list = json::array();
    for (const auto& call : calls) list.push_back(HelpCallJson(call, catalog, now));
    return list;
}

}  // namespace bk::registry
