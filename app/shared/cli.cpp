#include "shared/cli.h"

#include <algorithm>
#include <charconv>

namespace bk::cli {

static bool ParseInt(std::string_view text, int* out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty() && text.front() != '-';
}

bool ParseWindowSize(const std::string& text, int min_width, int min_height, int* width, int* height) {
    const std::size_t x = text.find('x');
    if (x == std::string::npos) return false;
    int w = 0, h = 0;
    if (!ParseInt(std::string_view(text).substr(0, x), &w) || !ParseInt(std::string_view(text).substr(x + 1), &h)) return false;
    if (w < min_width || h < min_height) return false;
    *width = w;
    *height = h;
    return true;
}

CLI::Validator WindowSize(int min_width, int min_height) {
    return CLI::Validator(
        [min_width, min_height](std::string& value) -> std::string {
            int w = 0, h = 0;
            if (ParseWindowSize(value, min_width, min_height, &w, &h)) return {};
            return "takes WIDTHxHEIGHT in pixels, at least " + std::to_string(min_width) + "x" + std::to_string(min_height) +
                   " (e.g. 1080x1920), not '" + value + "'";
        },
        "", "window size");  // no description: the option's type name already says WxH
}

CLI::Validator DecimalNumber(long minimum) {
    return CLI::Validator(
        [minimum](std::string& value) -> std::string {
            const bool digits = !value.empty() && value.size() < 19 &&
                                std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (digits && std::stol(value) >= minimum) return {};
            return "takes a whole number >= " + std::to_string(minimum) + ", not '" + value + "'";
        },
        "", "decimal number");
}

Outcome Parse(CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
        app.parse(reversed);
        return {true, 0, {}};
    } catch (const CLI::CallForHelp&) {
        return {false, 0, app.help()};
    } catch (const CLI::ParseError& e) {
        return {false, 2, app.get_name() + ": " + e.what() + "\nRun with --help for more information.\n"};
    }
}

}  // namespace bk::cli
