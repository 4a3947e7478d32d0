// Command line of `borgerkiosk-review` (CLI11: generated help, every value checked).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "review/review_model.h"

namespace bk::review {

struct ReviewOptions {
    std::string registry_url;     // --registry URL
    std::string token_file;       // --token-file FILE (a reader token)
    std::string municipality;     // --municipality M (default: the reader token's)
    std::string ca_file;          // --ca-file FILE
    std::string start_view;       // --view strategy|kiosks|service:ID
    Period period = Period::Last30Days;  // --period 7d|30d|90d|all
    std::string lang = "da";             // --lang da|en|nb
    int width = 1600, height = 1000;     // --window WxH
    std::string export_dir = ".";        // --export-dir DIR
    std::string targets_file;            // --dump-targets FILE: view, loaded flag and targets (screenshot tests)
};

struct ParsedReviewOptions {
    std::optional<ReviewOptions> options;  // empty: print `message` (help to stdout, errors to stderr), exit
    int exit_code = 0;                     // 0 after --help, 2 after a bad command line
    std::string message;
};

// Parses the arguments after the program name.
ParsedReviewOptions ParseReviewArgs(const std::vector<std::string>& args);
std::optional<Period> ParsePeriod(const std::string& text);  // 7d, 30d, 90d, all

}  // namespace bk::review
