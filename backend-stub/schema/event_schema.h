// The event schema (backend-stub/event.schema.json), embedded at build time, compiled once.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "schema/json_schema.h"

namespace bk::registry {

// The text of backend-stub/event.schema.json as it was when this library was built.
std::string_view EmbeddedEventSchemaText();

// The embedded schema, compiled on first use (thread-safe).
const JsonSchema& EmbeddedEventSchema();

// Shorthand: EmbeddedEventSchema().Validate(event).
std::vector<SchemaError> ValidateEvent(const nlohmann::json& event, std::size_t max_errors = 8);

}  // namespace bk::registry
