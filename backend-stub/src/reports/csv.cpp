#include "src/reports/csv.h"

#include <cmath>
#include <cstdio>

namespace bk::registry {

std::string CsvCell(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
    if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
    if (value.is_number_float()) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.4f", value.get<double>());
        std::string text = buffer;  // trim trailing zeros: 0.5000 -> 0.5, 2.0000 -> 2
        while (!text.empty() && text.back() == '0') text.pop_back();
        if (!text.empty() && text.back() == '.') text.pop_back();
        return text;
    }
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r')) {
        text.insert(text.begin(), '\'');
    }
    // RFC 4180 quotes a cell holding a comma, quote or line break; `;` too, because Danish and Norwegian
    // spreadsheets split on it.
    if (text.find_first_of(",;\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string ToCsv(const CsvTable& table) {
    std::string out;
    for (std::size_t i = 0; i < table.columns.size(); ++i) out += (i ? "," : "") + CsvCell(table.columns[i]);
    out += "\r\n";
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvCell(row[i]);
        out += "\r\n";
    }
    return out;
}

}  // namespace bk::registry
