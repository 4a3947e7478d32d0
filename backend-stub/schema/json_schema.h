// A small JSON Schema (draft 2020-12) validator for exactly the keywords backend-stub/event.schema.json
// uses. Debian ships no C++ JSON Schema validator, so the registry and the kiosk's telemetry tests share
// this one.
//
// Supported: type (string or array), required, properties, additionalProperties (bool or schema), enum,
// const, minimum, maximum, pattern (ECMAScript, unanchored as the spec says), items (single schema),
// minLength, maxLength, maxItems, allOf, if/then/else, $defs and $ref to "#/..." pointers in the same
// document, boolean schemas. Annotations ($schema, $id, title, description, $comment, default, examples)
// are ignored. Any other keyword makes Compile() throw, so the schema can never silently mean more
// than the validator checks.
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bk::registry {

struct SchemaError {
    std::string path;     // JSON pointer into the instance, "" for the root
    std::string message;  // e.g. "must be >= 1"
};

class SchemaCompileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class JsonSchema {
public:
    JsonSchema();
    ~JsonSchema();
    JsonSchema(JsonSchema&&) noexcept;
    JsonSchema& operator=(JsonSchema&&) noexcept;

    // Throws SchemaCompileError on unsupported keywords, bad regexes or unresolvable $refs.
    static JsonSchema Compile(const nlohmann::json& schema);

    // Empty result = valid. Stops after max_errors. Thread-safe (the compiled schema is immutable).
    std::vector<SchemaError> Validate(const nlohmann::json& instance, std::size_t max_errors = 8) const;
    bool IsValid(const nlohmann::json& instance) const { return Validate(instance, 1).empty(); }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// "/data/rating: must be <= 5"
std::string FormatSchemaError(const SchemaError& error);

}  // namespace bk::registry
