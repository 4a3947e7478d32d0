#include "src/ingest/ingest.h"

#include <algorithm>
#include <limits>

#include "src/http/api_result.h"

#include "shared/scrub.h"

namespace bk::registry {

using nlohmann::json;

int JsonNestingDepth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) deepest = depth;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

std::variant<nlohmann::json, ApiResult> ParseJsonObject(const std::string& body) {
    if (JsonNestingDepth(body) > kMaxJsonDepth) return ApiError(400, "JSON nested too deeply");
    nlohmann::json request = nlohmann::json::parse(body, nullptr, false);
    if (request.is_discarded()) return ApiError(400, "malformed JSON");
    if (!request.is_object()) return ApiError(400, "body must be a JSON object");
    return request;
}

namespace {

// The schema has already checked type and range; this only has to be safe for any number.
template <typename T>
T IntOr(const json& object, const char* key, T fallback) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return fallback;
    if (it->is_number_integer() && !it->is_number_unsigned()) return static_cast<T>(it->get<int64_t>());
    const double d = it->get<double>();
    if (!(d >= -9.0e15 && d <= 9.0e15)) return fallback;
    return static_cast<T>(static_cast<int64_t>(d));
}

std::string StringOr(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Every string under `data` (comment, reasons, screen, a setting's value) through the kiosk's scrubber.
void ScrubStrings(json& value) {
    if (value.is_string()) {
        std::string& text = value.get_ref<std::string&>();
        text = bk::ScrubPersonalData(text);
    } else if (value.is_structured()) {
        for (json& child : value) ScrubStrings(child);
    }
}

}  // namespace

void ScrubEventFreeText(json& event) {
    auto data = event.find("data");
    if (data != event.end()) ScrubStrings(*data);
}

std::string ValidateEventToRow(json& event, const JsonSchema& schema, EventRow& row) {
    const auto errors = schema.Validate(event, 1);
    if (!errors.empty()) return FormatSchemaError(errors.front());
    ScrubEventFreeText(event);  // before the row and its stored body exist: nothing raw reaches the database
    RowFromEvent(event, row);
    return {};
}

void RowFromEvent(const json& event, EventRow& row) {
    row.id = StringOr(event, "id");
    row.type = StringOr(event, "type");
    row.ts = IntOr<int64_t>(event, "ts", 0);
    row.session = StringOr(event, "session");
    row.seq = IntOr<int64_t>(event, "seq", 0);
    row.service = StringOr(event, "service");
    row.service_version = IntOr<int>(event, "service_version", 0);
    row.step = IntOr<int>(event, "step", -1);
    row.lang = StringOr(event, "lang");
    row.body = event.dump();

    static const json kEmpty = json::object();
    auto data_it = event.find("data");
    const json& data = data_it != event.end() && data_it->is_object() ? *data_it : kEmpty;
    row.steps_total = IntOr<int>(data, "steps_total", 0);
    if (row.type == "feedback_submitted") {
        row.rating = IntOr<int>(data, "rating", 0);
        row.task_done = StringOr(data, "task_done");
        row.comment = StringOr(data, "comment");
    } else if (row.type == "heartbeat") {
        row.backlog = IntOr<int64_t>(data, "backlog", -1);
        row.dropped = IntOr<int64_t>(data, "dropped", -1);
        const int64_t release = IntOr<int64_t>(data, "content_release", 0);
        if (release > 0) row.content_release = release;
        row.content_error = StringOr(data, "content_error");
    } else if (row.type == "guide_opened") {
        // The schema requires `against` (>= 1) with side_by_side; 0 = not drawn at random.
        auto side_by_side = data.find("side_by_side");
        if (side_by_side != data.end() && side_by_side->is_object())
            row.drawn_against = static_cast<int>(
                std::clamp<int64_t>(IntOr<int64_t>(*side_by_side, "against", 0), 0, std::numeric_limits<int>::max()));
    } else if (row.type == "session_ended") {
        auto assisted = data.find("staff_assisted");
        row.staff_assisted = assisted != data.end() && assisted->is_boolean() && assisted->get<bool>();
    }
}

std::variant<ParsedBatch, BatchError> ParseEventBatch(std::string_view body, const JsonSchema& schema) {
    if (JsonNestingDepth(body) > kMaxJsonDepth) {
        return BatchError{400, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    }
    json document;
    try {
        document = json::parse(body);
    } catch (const json::exception& e) {
        return BatchError{400, std::string("malformed JSON: ") + e.what()};
    }
    if (!document.is_object()) return BatchError{400, "body must be a JSON object {\"kiosk_id\", \"events\"}"};
    auto kiosk = document.find("kiosk_id");
    if (kiosk == document.end() || !kiosk->is_string() || kiosk->get_ref<const std::string&>().empty()) {
        return BatchError{400, "\"kiosk_id\" must be a non-empty string"};
    }
    auto events = document.find("events");
    if (events == document.end() || !events->is_array()) return BatchError{400, "\"events\" must be an array"};
    if (events->size() > kMaxEventsPerBatch) {
        return BatchError{413, "too many events in one batch (at most " + std::to_string(kMaxEventsPerBatch) + ")"};
    }

    ParsedBatch batch;
    batch.kiosk_id = kiosk->get<std::string>();
    batch.event_count = events->size();
    batch.rows.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        EventRow row;
        std::string error = ValidateEventToRow((*events)[i], schema, row);
        if (!error.empty()) {
            batch.rejected.push_back({i, std::move(error)});
            continue;
        }
        batch.rows.push_back(std::move(row));
        batch.row_indexes.push_back(i);
    }
    return batch;
}

}  // namespace bk::registry
