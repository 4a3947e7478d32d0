#include "telemetry/wire.h"

namespace bk::telemetry {

nlohmann::json ToWireJson(const Event& event, const std::string& id, std::int64_t seq,
                          const std::string& content_version, const std::string& app_version) {
    nlohmann::json wire = {
        {"id", id},
        {"type", event.type},
        {"ts", event.ts},
        {"session", event.session},
        {"seq", seq},
        {"content_version", content_version},
        {"app_version", app_version},
        {"data", event.data.is_object() ? event.data : nlohmann::json::object()},
    };
    if (!event.service.empty())
        wire["service"] = event.service;
    if (event.service_version != 0)
        wire["service_version"] = event.service_version;
    if (event.step != -1)
        wire["step"] = event.step;
    if (!event.lang.empty())
        wire["lang"] = event.lang;
    return wire;
}

namespace {
std::string EnvelopeHead(std::string_view kiosk_id) {
    return "{\"kiosk_id\":" + nlohmann::json(std::string(kiosk_id)).dump() + ",\"events\":[";
}
constexpr std::string_view kEnvelopeTail = "]}";
}  // namespace

std::size_t UploadEnvelopeBytes(std::string_view kiosk_id) { return EnvelopeHead(kiosk_id).size() + kEnvelopeTail.size(); }

std::string BuildUploadBody(std::string_view kiosk_id, const std::vector<QueuedEvent>& events) {
    std::string body = EnvelopeHead(kiosk_id);
    std::size_t total = body.size() + kEnvelopeTail.size();
    for (const QueuedEvent& event : events)
        total += event.body.size() + 1;
    body.reserve(total);
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i > 0)
            body.push_back(',');
        body.append(events[i].body);
    }
    body.append(kEnvelopeTail);
    return body;
}

bool ParseUploadVerdict(std::string_view body, UploadVerdict& out) {
    const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
    if (!answer.is_object() || !answer.contains("accepted") || !answer["accepted"].is_number_integer())
        return false;
    out = {};
    out.accepted = answer["accepted"].get<std::int64_t>();
    out.duplicates = answer.value("duplicates", std::int64_t{0});
    if (answer.contains("rejected") && answer["rejected"].is_array()) {
        for (const auto& item : answer["rejected"]) {
            if (!item.is_object())
                continue;
            out.rejected.emplace_back(item.value("index", std::size_t{0}), item.value("error", std::string{}));
        }
    }
    return true;
}

}  // namespace bk::telemetry
