// CSV (RFC 4180) from rows of JSON values, for the .csv variants of the reports.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bk::registry {

struct CsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::json>> rows;  // one value per column; null = empty cell
};

// Numbers as plain text; a string is quoted when it holds , ; " CR or LF (RFC 4180, plus `;` for Nordic
// spreadsheets), its quotes doubled; a text cell that starts with = + - @ gets a leading
// apostrophe so a spreadsheet never runs a citizen's comment as a formula.
std::string ToCsv(const CsvTable& table);

std::string CsvCell(const nlohmann::json& value);

}  // namespace bk::registry
