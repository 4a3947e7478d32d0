#include "src/help_calls.h"

#include "src/ingest.h"

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

}  // namespace

json HelpCallJson(const HelpCall& call) {
    return {{"id", call.id},
            {"status", call.status},
            {"kiosk_id", call.kiosk_id},
            {"screen", call.screen},
            {"service", call.service},
            {"created_ts", call.created_ts},
            {"ack_ts", call.ack_ts ? json(*call.ack_ts) : json()},
            {"resolved_ts", call.resolved_ts ? json(*call.resolved_ts) : json()}};
}

ApiResult CreateHelpRequest(Storage& storage, const Principal& who, const std::string& body, int64_t now) {
    if (!who.IsKiosk()) return ApiError(403, "only a kiosk token can create help requests");
    if (JsonNestingDepth(body) > kMaxJsonDepth) return ApiError(400, "JSON nested too deeply");
    json request;
    try {
        request = json::parse(body);
    } catch (const json::exception& e) {
        return ApiError(400, std::string("malformed JSON: ") + e.what());
    }
    if (!request.is_object()) return ApiError(400, "body must be a JSON object");
    HelpCall call;
    if (!ReadString(request, "kiosk_id", call.kiosk_id, true)) return ApiError(400, "\"kiosk_id\" must be a string");
    if (call.kiosk_id != who.token.kiosk_id) return ApiError(403, "this token belongs to another kiosk");
    if (!ReadString(request, "screen", call.screen, true)) return ApiError(400, "\"screen\" must be a string");
    if (!ReadString(request, "session", call.session, false)) return ApiError(400, "\"session\" must be a string");
    if (!ReadString(request, "service", call.service, false)) return ApiError(400, "\"service\" must be a string");
    call.id = RandomHex(16);
    call.municipality = who.token.municipality;
    call.status = "open";
    call.created_ts = now;
    storage.CreateHelpCall(call);
    return {201, HelpCallJson(call)};
}

ApiResult GetHelpRequest(Storage& storage, const Principal& who, const std::string& id) {
    auto call = storage.GetHelpCall(id);
    // A call in another municipality is reported as missing: its existence is not the caller's business.
    if (!call || call->municipality != who.token.municipality) return ApiError(404, "no such help request");
    if (who.IsKiosk() && call->kiosk_id != who.token.kiosk_id) {
        return ApiError(403, "a kiosk token can only read its own kiosk's help requests");
    }
    return {200, HelpCallJson(*call)};
}

ApiResult ListHelpRequests(Storage& storage, const Principal& who, const std::string& status) {
    if (!status.empty() && status != "open" && status != "acknowledged" && status != "resolved") {
        return ApiError(400, "status must be open, acknowledged or resolved");
    }
    json list = json::array();
    for (const auto& call : storage.ListHelpCalls(who.token.municipality, status)) list.push_back(HelpCallJson(call));
    return {200, {{"municipality", who.token.municipality}, {"help_requests", std::move(list)}}};
}

ApiResult ChangeHelpRequest(Storage& storage, const Principal& who, const std::string& id, const std::string& action,
                            int64_t now) {
    auto call = storage.GetHelpCall(id);
    if (!call || call->municipality != who.token.municipality) return ApiError(404, "no such help request");
    if (action == "ack" && call->status == "resolved") return ApiError(409, "help request is already resolved");
    auto updated = storage.UpdateHelpCall(id, action == "ack" ? "acknowledged" : "resolved", now);
    if (!updated) return ApiError(404, "no such help request");
    return {200, HelpCallJson(*updated)};
}

}  // namespace bk::registry
