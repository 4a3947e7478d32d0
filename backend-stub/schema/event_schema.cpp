#include "schema/event_schema.h"

#include "event_schema_text.h"

namespace bk::registry {

std::string_view EmbeddedEventSchemaText() { return generated::kEventSchemaText; }

const JsonSchema& EmbeddedEventSchema() {
    // Compiled once; a broken embedded schema is a build defect, so let the exception escape.
    static const JsonSchema schema =
        JsonSchema::Compile(nlohmann::json::parse(EmbeddedEventSchemaText()));
    return schema;
}

std::vector<SchemaError> ValidateEvent(const nlohmann::json& event, std::size_t max_errors) {
    return EmbeddedEventSchema().Validate(event, max_errors);
}

}  // namespace bk::registry
