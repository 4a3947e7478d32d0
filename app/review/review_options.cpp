#include "review/review_options.h"

#include "shared/cli.h"

namespace bk::review {

std::optional<Period> ParsePeriod(const std::string& text) {
    if (text == "7d") return Period::Last7Days;
    if (text == "30d") return Period::Last30Days;
    if (text == "90d") return Period::Last90Days;
    if (text == "all") return Period::AllTime;
    return std::nullopt;
}

static std::string CheckStartView(std::string& v) {
    if (v == "strategy" || v == "kiosks" || v == "help" || (v.rfind("service:", 0) == 0 && v.size() > 8)) return {};
    return "takes strategy, kiosks, help or service:ID, not '" + v + "'";
}

ParsedReviewOptions ParseReviewArgs(const std::vector<std::string>& args) {
    ReviewOptions o;
    CLI::App app("The service designers' review console: a desktop window over the registry's reports.", "borgerkiosk-review");
    app.set_help_flag("-h,--help", "this text");
    app.add_option("--registry", o.registry_url, "the central registry, e.g. http://127.0.0.1:8787")->type_name("URL")->required();
    app.add_option("--token-file", o.token_file, "a reader token (registry-stub reader add)")->type_name("FILE")->required();
    app.add_option("--municipality", o.municipality, "municipality (default: the reader token's)")->type_name("M");
    app.add_option("--ca-file", o.ca_file, "extra CA bundle for TLS to the registry")->type_name("FILE");
    app.add_option("--view,--review-view", o.start_view, "view at start: strategy, kiosks, help or service:ID")
        ->type_name("VIEW")
        ->check(CLI::Validator(CheckStartView, "", "start view"));
    std::string period = "30d";
    app.add_option("--period,--review-period", period, "period: 7d, 30d, 90d or all")
        ->type_name("P")
        ->check(CLI::IsMember({"7d", "30d", "90d", "all"}))
        ->capture_default_str();
    app.add_option("--lang", o.lang, "language of the console: da, en or nb")
        ->type_name("LANG")
        ->check(CLI::IsMember({"da", "en", "nb"}))
        ->capture_default_str();
    std::string window;
    app.add_option("--window", window, "window size, e.g. 1600x1000 (the default)")->type_name("WxH")->check(cli::WindowSize(320, 240));
    app.add_option("--export-dir", o.export_dir, "where the CSV exports go")->type_name("DIR")->capture_default_str();
    app.add_option("--dump-targets", o.targets_file, "write the view and where each button is after each frame (tests)")
        ->type_name("FILE");

    cli::Outcome outcome = cli::Parse(app, args);
    if (!outcome.run) return {std::nullopt, outcome.exit_code, std::move(outcome.message)};
    o.period = *ParsePeriod(period);
    if (!window.empty()) cli::ParseWindowSize(window, 320, 240, &o.width, &o.height);
    return {o, 0, {}};
}

}  // namespace bk::review
