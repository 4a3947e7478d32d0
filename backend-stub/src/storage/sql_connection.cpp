#include "src/storage/sql_connection.h"

namespace bk::registry {

int64_t SqlConnection::ReadInt(std::string_view sql, std::initializer_list<SqlValue> values) {
    int64_t value = 0;
    bool first = true;
    Run(sql, values, [&](const SqlRow& row) {
        if (first) value = row.Int(0);
        first = false;
    });
    return value;
}

std::string NumberedPlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int number = 0;
    char quote = 0;  // inside '...' or "..."
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?') {
            out += '$' + std::to_string(++number);
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace bk::registry
