// The event wire format (backend-stub/event.schema.json) and the upload envelope.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event.h"
#include "telemetry/queue.h"

namespace bk::telemetry {

// One event as the registry validates it. Optional fields are omitted when unset
// (service "", service_version 0, step -1, lang "").
nlohmann::json ToWireJson(const Event& event, const std::string& id, std::int64_t seq,
                          const std::string& content_version, const std::string& app_version);

// {"kiosk_id": ..., "events": [...]} built by joining the stored event JSON (no re-parsing).
std::string BuildUploadBody(std::string_view kiosk_id, const std::vector<QueuedEvent>& events);
// Bytes BuildUploadBody adds around the events, for batch sizing.
std::size_t UploadEnvelopeBytes(std::string_view kiosk_id);

// The registry's 200 answer: {"accepted": n, "duplicates": d, "rejected": [{"index": i, "error": "..."}]}.
struct UploadVerdict {
    std::int64_t accepted = 0;
    std::int64_t duplicates = 0;
    std::vector<std::pair<std::size_t, std::string>> rejected;  // index in the batch, reason
};
bool ParseUploadVerdict(std::string_view body, UploadVerdict& out);

}  // namespace bk::telemetry
