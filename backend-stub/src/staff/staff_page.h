// The staff desk page (backend-stub/web/staff/): plain HTML, CSS and JavaScript embedded in the binary at build
// time (web/embed_files.cmake) and served at /staff/ with headers that keep the sign-in token safe: a strict
// Content-Security-Policy (no inline script, nothing from elsewhere) and no Referer to other sites.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bk::registry {

struct EmbeddedFile {
    std::string_view name;  // "index.html", "staff.js", ...
    std::string_view bytes;
};

// All the page's files (generated: staff_page_files.cpp).
const std::vector<EmbeddedFile>& StaffPageFiles();

struct StaffPageAnswer {
    std::string content_type;
    std::string_view bytes;
};

// The file for a path under /staff/ ("" is index.html); nullopt for anything else.
std::optional<StaffPageAnswer> FindStaffPageFile(std::string_view name);

// The headers every answer from /staff/ carries.
const std::vector<std::pair<std::string, std::string>>& StaffPageHeaders();

}  // namespace bk::registry
