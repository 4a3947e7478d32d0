// POST /v1/events: parse the batch, validate each event against the schema, and turn valid ones into rows.
// Pure functions (no storage, no HTTP) so the fuzz target and unit tests drive them directly.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "schema/json_schema.h"
#include "src/ingest/event_row.h"

namespace bk::registry {

inline constexpr std::size_t kMaxEventsPerBatch = 5000;
inline constexpr int kMaxJsonDepth = 32;

struct RejectedEvent {
    std::size_t index = 0;
    std::string error;
};

struct ParsedBatch {
    std::string kiosk_id;
    std::vector<EventRow> rows;            // valid events, in batch order
    std::vector<std::size_t> row_indexes;  // index in the batch of each row
    std::vector<RejectedEvent> rejected;
    std::size_t event_count = 0;
};

struct BatchError {
    int status = 400;
    std::string message;
};

// Deepest nesting of arrays/objects in a JSON text (strings are skipped); guards recursive code paths.
int JsonNestingDepth(std::string_view text);

// A body that is not a batch at all gives BatchError; a bad event only lands in `rejected`.
std::variant<ParsedBatch, BatchError> ParseEventBatch(std::string_view body, const JsonSchema& schema);

// Fills `row` from an event that is known to be valid (a stored event, or after the schema check).
void RowFromEvent(const nlohmann::json& event, EventRow& row);

// Checks one event (already parsed), scrubs its free text (ScrubEventFreeText) and fills `row` from it;
// returns "" when valid, else the reason.
std::string ValidateEventToRow(nlohmann::json& event, const JsonSchema& schema, EventRow& row);

// Replaces personal data in every string under the event's `data` with the kiosk's scrubber, so neither the
// row nor the stored body holds a raw comment, even from an old or broken kiosk.
void ScrubEventFreeText(nlohmann::json& event);

}  // namespace bk::registry
