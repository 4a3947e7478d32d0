// What a request handler hands back to the HTTP layer: a status and a JSON body (errors are
// {"error": "..."}), so handlers stay plain functions that tests and routes share.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <variant>

namespace bk::registry {

struct ApiResult {
    int status = 200;
    nlohmann::json body = nlohmann::json::object();
};

inline ApiResult ApiError(int status, const std::string& message) { return {status, {{"error", message}}}; }

// A request body that must be one JSON object: the object, or the 400 to answer. Depth is checked first so
// recursive parsing cannot be driven into the stack.
std::variant<nlohmann::json, ApiResult> ParseJsonObject(const std::string& body);

}  // namespace bk::registry
