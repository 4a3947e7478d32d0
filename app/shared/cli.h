// Command-line pieces shared by borgerkiosk and borgerkiosk-review, over CLI11 (help text generated,
// every value checked; a bad value ends the program with exit status 2 and one clear line).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace bk::cli {

// WIDTHxHEIGHT in pixels, each at least the minimum; nothing after the height ("320x240junk" is refused).
bool ParseWindowSize(const std::string& text, int min_width, int min_height, int* width, int* height);
CLI::Validator WindowSize(int min_width, int min_height);
// Decimal digits only, at least `minimum`, so "-1", "0x10" and "1e3" are refused where a count or a seed is meant.
CLI::Validator DecimalNumber(long minimum = 0);

struct Outcome {
    bool run = false;       // false: print `message` and exit with `exit_code`
    int exit_code = 0;      // 0 after --help, 2 after a bad command line
    std::string message;    // the help text, or "<program>: <what is wrong>\nRun with --help for more information."
};
// Parses `args` (without the program name) into what `app`'s options point to.
Outcome Parse(CLI::App& app, const std::vector<std::string>& args);

}  // namespace bk::cli
