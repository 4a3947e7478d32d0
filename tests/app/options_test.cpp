// The two command lines (CLI11): what they accept, and that a bad value is refused with a message naming
// it and exit status 2, never read as a default.
#include <gtest/gtest.h>

#include "kiosk/options.h"
#include "review/review_options.h"

namespace bk {
namespace {

TEST(KioskOptions, DefaultsOpenTheKioskWindow) {
    const ParsedOptions parsed = ParseOptions({});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->mode, Mode::Kiosk);
    EXPECT_EQ(parsed.options->width, 1080);
    EXPECT_EQ(parsed.options->height, 1920);
    EXPECT_EQ(parsed.options->data_dir, "var/kiosk");
    EXPECT_EQ(parsed.options->seed, 1u);
}

TEST(KioskOptions, ReadsEveryOptionScriptsUse) {
    const ParsedOptions parsed = ParseOptions({"--content", "c", "--assets", "a", "--profile", "odder-bibliotek", "--data-dir", "d",
                                               "--registry", "http://127.0.0.1:8787", "--kiosk-id", "k1", "--token-file", "t",
                                               "--ca-file", "ca.pem", "--fullscreen", "--monitor", "1", "--window", "1920x1080",
                                               "--no-speech", "--dump-targets", "targets.json"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    const Options& o = *parsed.options;
    EXPECT_EQ(o.content_dir, "c");
    EXPECT_EQ(o.assets_dir, "a");
    EXPECT_EQ(o.profile, "odder-bibliotek");
    EXPECT_EQ(o.data_dir, "d");
    EXPECT_EQ(o.registry_url, "http://127.0.0.1:8787");
    EXPECT_EQ(o.kiosk_id, "k1");
    EXPECT_EQ(o.token_file, "t");
    EXPECT_EQ(o.ca_file, "ca.pem");
    EXPECT_TRUE(o.fullscreen);
    EXPECT_EQ(o.monitor, 1);
    EXPECT_EQ(o.width, 1920);
    EXPECT_EQ(o.height, 1080);
    EXPECT_TRUE(o.quiet_speech);
    EXPECT_EQ(o.targets_file, "targets.json");
    EXPECT_EQ(o.mode, Mode::Kiosk);
}

TEST(KioskOptions, ModesTakeTheirValues) {
    ParsedOptions parsed = ParseOptions({"--simulate", "200", "--seed", "7", "--timeout", "30"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->mode, Mode::Simulate);
    EXPECT_EQ(parsed.options->simulate_sessions, 200);
    EXPECT_EQ(parsed.options->seed, 7u);
    EXPECT_EQ(parsed.options->timeout_s, 30);
    parsed = ParseOptions({"--check-content", "content"});
    ASSERT_TRUE(parsed.options);
    EXPECT_EQ(parsed.options->mode, Mode::CheckContent);
    EXPECT_EQ(parsed.options->check_dir, "content");
    EXPECT_EQ(parsed.options->today, "") << "no --today: the checker uses today's date";
    parsed = ParseOptions({"--check-content", "content", "--today", "2027-01-31"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->today, "2027-01-31");
    parsed = ParseOptions({"--hash-pin", "2468"});
    ASSERT_TRUE(parsed.options);
    EXPECT_EQ(parsed.options->mode, Mode::HashPin);
    EXPECT_EQ(parsed.options->pin, "2468");
    parsed = ParseOptions({"--scrub"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->mode, Mode::Scrub);
}

TEST(KioskOptions, HelpIsGeneratedAndListsTheOptions) {
    const ParsedOptions parsed = ParseOptions({"--help"});
    EXPECT_FALSE(parsed.options);
    EXPECT_EQ(parsed.exit_code, 0);
    for (const char* name : {"--content", "--window", "--simulate", "--dump-targets", "--hash-pin", "--no-speech", "--scrub"})
        EXPECT_NE(parsed.message.find(name), std::string::npos) << name;
    EXPECT_EQ(parsed.message.find("--review"), std::string::npos) << "the review console is its own program";
}

// Each refusal names the option, so the operator knows what to fix.
TEST(KioskOptions, RefusesBadValues) {
    const std::vector<std::vector<std::string>> bad = {
        {"--window", "320x240junk"}, {"--window", "10x10"}, {"--window", "1080"},   {"--window", "x1920"},
        {"--seed", "-1"},            {"--seed", "0x10"},    {"--simulate", "x"},    {"--simulate", "-3"},
        {"--timeout", "0"},          {"--monitor", "-1"},   {"--content"},          {"--review"},
        {"--simulate", "1", "--check-content", "c"}, {"--scrub", "--hash-pin", "1"}, {"--scrub", "--simulate", "1"},
        {"--today", "2027-02-29", "--check-content", "c"}, {"--today", "31-01-2027", "--check-content", "c"},
        {"--today", "2027-01-31"},  {"--content-key", "/no/such/key.pem"}, {"--content-poll-s", "0"},
    };
    for (const auto& args : bad) {
        const ParsedOptions parsed = ParseOptions(args);
        EXPECT_FALSE(parsed.options) << args[0];
        EXPECT_EQ(parsed.exit_code, 2) << args[0];
        EXPECT_NE(parsed.message.find(args[0]), std::string::npos) << parsed.message;
        EXPECT_EQ(parsed.message.rfind("borgerkiosk: ", 0), 0u) << parsed.message;
    }
}

TEST(KioskOptions, FleetContentKeyAndPollInterval) {
    const ParsedOptions defaults = ParseOptions({});
    ASSERT_TRUE(defaults.options);
    EXPECT_EQ(defaults.options->content_key, "");  // no fleet content: the kiosk runs its --content pack
    EXPECT_EQ(defaults.options->content_poll_s, 300);
    // Any existing file passes the parser; the kiosk reads it as a PEM key when it starts.
    const ParsedOptions parsed = ParseOptions({"--content-key", __FILE__, "--content-poll-s", "30"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->content_key, __FILE__);
    EXPECT_EQ(parsed.options->content_poll_s, 30);
}

}  // namespace

namespace review {
namespace {

TEST(ReviewOptions, ParsesTheConsoleArguments) {
    const ParsedReviewOptions parsed =
        ParseReviewArgs({"--registry", "http://127.0.0.1:8787", "--token-file", "t", "--view", "service:mitid-app", "--period", "7d",
                         "--window", "1400x900", "--lang", "nb", "--export-dir", "out", "--dump-targets", "targets.json"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    const ReviewOptions& o = *parsed.options;
    EXPECT_EQ(o.start_view, "service:mitid-app");
    EXPECT_EQ(o.period, Period::Last7Days);
    EXPECT_EQ(o.width, 1400);
    EXPECT_EQ(o.height, 900);
    EXPECT_EQ(o.lang, "nb");
    EXPECT_EQ(o.export_dir, "out");
    EXPECT_EQ(o.targets_file, "targets.json");
}

TEST(ReviewOptions, DanishByDefaultAndTheOldOptionNamesStillWork) {
    const ParsedReviewOptions parsed =
        ParseReviewArgs({"--registry", "http://x", "--token-file", "t", "--review-view", "kiosks", "--review-period", "all"});
    ASSERT_TRUE(parsed.options) << parsed.message;
    EXPECT_EQ(parsed.options->lang, "da");
    EXPECT_EQ(parsed.options->start_view, "kiosks");
    EXPECT_EQ(parsed.options->period, Period::AllTime);
    EXPECT_EQ(parsed.options->width, 1600);
    const ParsedReviewOptions help = ParseReviewArgs({"--registry", "http://x", "--token-file", "t", "--view", "help"});
    ASSERT_TRUE(help.options) << help.message;
    EXPECT_EQ(help.options->start_view, "help");
}

TEST(ReviewOptions, RefusesBadValues) {
    const std::vector<std::string> base = {"--registry", "http://x", "--token-file", "t"};
    const std::vector<std::vector<std::string>> bad = {
        {"--window", "320x240junk"}, {"--window", "10x10"}, {"--view", "service:"}, {"--view", "funnel"},
        {"--period", "1y"},          {"--lang", "de"},
    };
    for (const auto& extra : bad) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        const ParsedReviewOptions parsed = ParseReviewArgs(args);
        EXPECT_FALSE(parsed.options) << extra[0] << " " << extra[1];
        EXPECT_EQ(parsed.exit_code, 2);
        EXPECT_NE(parsed.message.find(extra[0]), std::string::npos) << parsed.message;
    }
    // The registry and a reader token are needed.
    ParsedReviewOptions parsed = ParseReviewArgs({"--registry", "http://x"});
    EXPECT_FALSE(parsed.options);
    EXPECT_EQ(parsed.exit_code, 2);
    EXPECT_NE(parsed.message.find("--token-file"), std::string::npos) << parsed.message;
    parsed = ParseReviewArgs({"--help"});
    EXPECT_EQ(parsed.exit_code, 0);
    EXPECT_NE(parsed.message.find("--lang"), std::string::npos);
}

TEST(ReviewOptions, Periods) {
    EXPECT_FALSE(ParsePeriod("1y"));
    EXPECT_EQ(ParsePeriod("all"), Period::AllTime);
    EXPECT_EQ(ParsePeriod("90d"), Period::Last90Days);
}

}  // namespace
}  // namespace review
}  // namespace bk
