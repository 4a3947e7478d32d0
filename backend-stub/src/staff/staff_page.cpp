#include "src/staff/staff_page.h"

namespace bk::registry {

namespace {

std::string ContentTypeFor(std::string_view name) {
    auto ends_with = [&](std::string_view suffix) { return name.ends_with(suffix); };
    if (ends_with(".html")) return "text/html; charset=utf-8";
    if (ends_with(".js")) return "text/javascript; charset=utf-8";
    if (ends_with(".css")) return "text/css; charset=utf-8";
    if (ends_with(".svg")) return "image/svg+xml";
    if (ends_with(".json")) return "application/json";
    return "application/octet-stream";
}

}  // namespace

std::optional<StaffPageAnswer> FindStaffPageFile(std::string_view name) {
    if (name.empty()) name = "index.html";
    for (const EmbeddedFile& file : StaffPageFiles()) {
        if (file.name == name) return StaffPageAnswer{ContentTypeFor(name), file.bytes};
    }
    return std::nullopt;
}

const std::vector<std::pair<std::string, std::string>>& StaffPageHeaders() {
    // The page talks only to this registry; the token in its URL fragment must not leak through a Referer, a
    // frame or a script from elsewhere. no-cache: a new registry version is picked up at the next load.
    static const std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
         "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-cache"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
    };
    return headers;
}

}  // namespace bk::registry
