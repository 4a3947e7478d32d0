// review_model on hand-made report JSON: parsing, the version delta (hand-checked), comment filters,
// help-call response times, periods.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "review/review_app.h"
#include "review/review_model.h"

namespace bk::review {
namespace {

using nlohmann::json;

json MetricsJson(int starts, int completions, std::optional<double> rating, int help = 0, double yes = 0.5) {
    return {{"sessions", starts},
            {"starts", starts},
            {"completions", completions},
            {"abandons", starts - completions},
            {"completion_rate", starts > 0 ? static_cast<double>(completions) / starts : 0.0},
            {"feedback_count", rating ? 10 : 0},
            {"rating_mean", rating ? json(*rating) : json()},
            {"task_done_share", {{"yes", yes}, {"partly", 0.25}, {"no", 0.25}}},
            {"help_requests", help},
            {"help_ack_median_s", nullptr},
            {"staff_minutes_saved", completions * 10.0}};
}

// mitid-app: v2 40 starts / 20 completed / rating 3.0 / 8 help calls; v3 50 / 40 / 4.2 / 5.
std::string SummaryJson() {
    json v2 = MetricsJson(40, 20, 3.0, 8, 0.4);
    v2["version"] = 2;
    json v3 = MetricsJson(50, 40, 4.2, 5, 0.7);
    v3["version"] = 3;
    json mitid = MetricsJson(90, 60, 3.67, 13);
    mitid["service"] = "mitid-app";
    mitid["title"] = {{"da", "MitID-appen"}, {"en", "The MitID app"}};
    mitid["versions"] = {v3, v2};  // out of order on purpose: the model sorts
    json post = MetricsJson(0, 0, std::nullopt);
    post["service"] = "digital-post";
    post["title"] = {{"da", "Digital Post"}};
    post["versions"] = json::array();
    json theme = MetricsJson(90, 60, 3.67, 13);
    theme["theme"] = "medvirken";
    theme["name"] = {{"da", "Medvirken"}, {"en", "Participation"}};
    theme["services"] = {"digital-post", "mitid-app"};
    return json{{"municipality", "odder"},
                {"range", {{"from", 0}, {"to", nullptr}}},
                {"totals", {{"sessions", 95}, {"events", 700}, {"kiosks", 3}}},
                {"themes", {theme}},
                {"services", {post, mitid}}}
        .dump();
}

TEST(ReviewModel, ParsesSummary) {
    Summary s;
    std::string error;
    ASSERT_TRUE(ParseSummary(SummaryJson(), s, &error)) << error;
    EXPECT_EQ(s.municipality, "odder");
    EXPECT_EQ(s.total_sessions, 95);
    EXPECT_EQ(s.total_events, 700);
    EXPECT_EQ(s.total_kiosks, 3);
    ASSERT_EQ(s.themes.size(), 1u);
    EXPECT_EQ(s.themes[0].name, "Participation");  // English for the desk tool
    EXPECT_EQ(s.themes[0].services, (std::vector<std::string>{"digital-post", "mitid-app"}));
    const ServiceSummary* mitid = s.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    EXPECT_EQ(mitid->title, "The MitID app");
    ASSERT_EQ(mitid->versions.size(), 2u);
    EXPECT_EQ(mitid->versions[0].version, 2);
    EXPECT_EQ(mitid->versions[1].version, 3);
    const ServiceSummary* post = s.FindService("digital-post");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(post->title, "Digital Post");  // Danish when there is no English
    EXPECT_FALSE(post->metrics.rating_mean.has_value());
}

TEST(ReviewModel, ParseErrorsSayWhere) {
    Summary s;
    std::string error;
    EXPECT_FALSE(ParseSummary("not json", s, &error));
    EXPECT_EQ(error, "summary: not JSON");
    json broken = json::parse(SummaryJson());
    broken["services"][1]["versions"][0].erase("starts");
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.services[1].versions[0].starts: missing");
    broken = json::parse(SummaryJson());
    broken["totals"]["events"] = "many";
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.totals.events: not an integer");
}

TEST(ReviewModel, DeltaVersion3AgainstVersion2) {
    Summary s;
    std::string error;
    ASSERT_TRUE(ParseSummary(SummaryJson(), s, &error)) << error;
    const auto delta = LatestDelta(*s.FindService("mitid-app"));
    ASSERT_TRUE(delta.has_value());
    EXPECT_EQ(delta->newer, 3);
    EXPECT_EQ(delta->older, 2);
    EXPECT_DOUBLE_EQ(delta->completion_newer, 0.8);
    EXPECT_DOUBLE_EQ(delta->completion_older, 0.5);
    EXPECT_NEAR(delta->completion_diff, 0.3, 1e-12);
    ASSERT_TRUE(delta->rating_diff.has_value());
    EXPECT_NEAR(*delta->rating_diff, 1.2, 1e-12);
    EXPECT_NEAR(delta->task_yes_diff, 0.3, 1e-12);
    EXPECT_DOUBLE_EQ(delta->help_per_start_newer, 0.1);  // 5 / 50
    EXPECT_DOUBLE_EQ(delta->help_per_start_older, 0.2);  // 8 / 40
    // Pooled p = 60/90 = 2/3; se = sqrt(2/3 * 1/3 * (1/50 + 1/40)) = sqrt(0.01) = 0.1; z = 0.3 / 0.1 = 3.
    ASSERT_TRUE(delta->completion_z.has_value());
    EXPECT_NEAR(*delta->completion_z, 3.0, 1e-9);
    EXPECT_EQ(delta->verdict, Verdict::Better);
    EXPECT_STREQ(VerdictText(delta->verdict), "better");
    EXPECT_FALSE(LatestDelta(*s.FindService("digital-post")).has_value());
}

TEST(ReviewModel, VerdictCases) {
    auto version = [](int v, int starts, int completions, std::optional<double> rating) {
        VersionSummary out{v, {}};
        out.metrics.starts = starts;
        out.metrics.completions = completions;
        out.metrics.completion_rate = starts ? static_cast<double>(completions) / starts : 0;
        out.metrics.rating_mean = rating;
        return out;
    };
    EXPECT_EQ(CompareVersions(version(3, 50, 20, 3.0), version(2, 50, 40, 4.0)).verdict, Verdict::Worse);
    EXPECT_EQ(CompareVersions(version(3, 50, 40, 3.0), version(2, 50, 20, 4.0)).verdict, Verdict::Mixed);
    EXPECT_EQ(CompareVersions(version(3, 50, 25, 4.0), version(2, 50, 25, 4.05)).verdict, Verdict::NoChange);
    EXPECT_EQ(CompareVersions(version(3, 50, 25, 4.5), version(2, 50, 25, 4.0)).verdict, Verdict::Better);  // rating only
    EXPECT_EQ(CompareVersions(version(3, 9, 9, 5.0), version(2, 50, 10, 1.0)).verdict, Verdict::TooLittleData);
    // No rating in one version: completion alone decides.
    EXPECT_EQ(CompareVersions(version(3, 50, 40, std::nullopt), version(2, 50, 20, 4.0)).verdict, Verdict::Better);
}

std::vector<FeedbackItem> Comments() {
    std::string error;
    std::vector<FeedbackItem> items;
    const json body = {{"service", "mitid-app"},
                       {"feedback",
                        {{{"ts", 1000}, {"version", 2}, {"rating", 2}, {"task_done", "no"}, {"lang", "da"}, {"comment", "For svært med QR-koden"}},
                         {{"ts", 2000}, {"version", 3}, {"rating", 5}, {"task_done", "yes"}, {"lang", "da"}, {"comment", "Meget lettere nu"}},
                         {{"ts", 3000}, {"version", 3}, {"rating", 4}, {"task_done", "partly"}, {"lang", "en"}, {"comment", "QR step was OK"}},
                         {{"ts", 4000}, {"version", 3}, {"rating", 1}, {"task_done", "no"}, {"lang", "da"}},
                         {{"ts", 5000}, {"version", 2}, {"rating", 3}, {"task_done", "partly"}, {"lang", "da"}, {"comment", "ÆBLE og ørred"}}}}};
    EXPECT_TRUE(ParseFeedback(body.dump(), items, &error)) << error;
    return items;
}

std::vector<Millis> Times(const std::vector<FeedbackItem>& items) {
    std::vector<Millis> out;
    for (const auto& i : items) out.push_back(i.ts);
    return out;
}

TEST(ReviewModel, CommentFilters) {
    const auto items = Comments();
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[3].comment, "");  // no comment key
    CommentFilter f;
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{5000, 3000, 2000, 1000}));  // newest first, no empty
    f.only_with_comment = false;
    EXPECT_EQ(FilterComments(items, f).size(), 5u);
    f = {};
    f.version = 3;
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{3000, 2000}));
    f = {};
    f.min_rating = 1;
    f.max_rating = 2;
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{1000}));
    f = {};
    f.text = "qr";
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{3000, 1000}));  // case-insensitive
    f.version = 2;
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{1000}));
    f = {};
    f.text = "æble OG ØRRED";
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{5000}));  // Danish letters fold too
    f = {};
    f.task_done = "partly";
    EXPECT_EQ(Times(FilterComments(items, f)), (std::vector<Millis>{5000, 3000}));
    f.text = "nothing like this";
    EXPECT_TRUE(FilterComments(items, f).empty());
}

TEST(ReviewModel, RatingCountsPerVersion) {
    const auto items = Comments();
    EXPECT_EQ(RatingCounts(items), (std::array<std::int64_t, 5>{1, 1, 1, 1, 1}));
    EXPECT_EQ(RatingCounts(items, 3), (std::array<std::int64_t, 5>{1, 0, 0, 1, 1}));
    EXPECT_EQ(RatingCounts(items, 2), (std::array<std::int64_t, 5>{0, 1, 1, 0, 0}));
}

TEST(ReviewModel, HelpResponseTimes) {
    std::vector<HelpCall> calls;
    std::string municipality, error;
    const json body = {{"municipality", "odder"},
                       {"help_requests",
                        {{{"id", "a1"}, {"status", "resolved"}, {"created_ts", 0}, {"ack_ts", 30'000}, {"resolved_ts", 90'000}},
                         {{"id", "a2"}, {"status", "acknowledged"}, {"created_ts", 0}, {"ack_ts", 60'000}, {"resolved_ts", nullptr}},
                         {{"id", "a3"}, {"status", "resolved"}, {"created_ts", 0}, {"ack_ts", 10'000}, {"resolved_ts", 20'000}},
                         {{"id", "a4"}, {"status", "open"}, {"created_ts", 0}, {"ack_ts", nullptr}, {"resolved_ts", nullptr}}}}};
    ASSERT_TRUE(ParseHelpCalls(body.dump(), calls, &municipality, &error)) << error;
    EXPECT_EQ(municipality, "odder");
    const ResponseTimes t = HelpResponseTimes(calls);
    EXPECT_EQ(t.calls, 4);
    EXPECT_EQ(t.acknowledged, 3);
    EXPECT_EQ(t.open, 1);
    EXPECT_DOUBLE_EQ(*t.median_s, 30.0);  // 10, 30, 60
    EXPECT_DOUBLE_EQ(*t.p90_s, 60.0);     // nearest rank ceil(2.7) = 3rd
    EXPECT_DOUBLE_EQ(*t.max_s, 60.0);
    EXPECT_FALSE(HelpResponseTimes({}).median_s.has_value());
}

TEST(ReviewModel, KiosksAndFunnel) {
    KioskReport k;
    std::string error;
    const json kiosks = {{"heartbeat_interval_s", 300},
                         {"kiosks",
                          {{{"kiosk_id", "kiosk-1"}, {"last_seen_ts", 1000}, {"backlog", 3}, {"connected_share", 0.5},
                            {"events_received", 35}, {"max_seq", 37}, {"missing_seq", 2}},
                           {{"kiosk_id", "kiosk-2"}, {"last_seen_ts", nullptr}, {"backlog", nullptr}, {"connected_share", 0},
                            {"events_received", 0}, {"max_seq", 0}, {"missing_seq", 0}}}}};
    ASSERT_TRUE(ParseKiosks(kiosks.dump(), k, &error)) << error;
    ASSERT_EQ(k.kiosks.size(), 2u);
    EXPECT_EQ(k.kiosks[0].missing_seq, 2);
    EXPECT_FALSE(k.kiosks[1].last_seen_ts.has_value());
    EXPECT_EQ(FormatTimestamp(k.kiosks[1].last_seen_ts), "never");
    EXPECT_EQ(FormatTimestamp(1793613600000), "2026-11-02 10:00");

    Funnel f;
    const json funnel = {{"service", "mitid-app"}, {"version", 2}, {"steps_total", 2}, {"completions", 1}, {"completed_sessions", 1},
                         {"steps", {{{"step", 0}, {"views", 4}, {"abandons", 1}, {"drop_off", 0.25}},
                                    {{"step", 1}, {"views", 3}, {"abandons", 0}, {"drop_off", 0.5}}}}};
    ASSERT_TRUE(ParseFunnel(funnel.dump(), f, &error)) << error;
    EXPECT_EQ(f.steps.size(), 2u);
    EXPECT_DOUBLE_EQ(f.steps[1].drop_off, 0.5);
}

TEST(ReviewModel, PeriodsAndErrors) {
    const Millis now = 1793613600000;
    EXPECT_EQ(RangeFor(Period::Last7Days, now).from, now - 7 * 86'400'000LL);
    EXPECT_FALSE(RangeFor(Period::AllTime, now).from.has_value());
    EXPECT_EQ(RangeQuery({100, 200}), "&from=100&to=200");
    EXPECT_EQ(RangeQuery({}), "");
    EXPECT_TRUE(InRange({100, 200}, 100));
    EXPECT_FALSE(InRange({100, 200}, 200));
    EXPECT_EQ(ErrorMessage(R"({"error":"unknown token"})"), "unknown token");
    EXPECT_EQ(ErrorMessage("<html>bad gateway\nmore"), "<html>bad gateway");
    EXPECT_EQ(FormatAge(now - 180'000, now), "3 min ago");
    EXPECT_EQ(FoldCase("ÆØÅ ABC ×"), "æøå abc ×");
}

TEST(ReviewArgs, ParsesAndValidates) {
    std::string error;
    auto o = ParseReviewArgs({"--review", "--registry", "http://127.0.0.1:8787", "--token-file", "t", "--review-view",
                              "service:mitid-app", "--review-period", "7d", "--window", "1400x900"},
                             &error);
    ASSERT_TRUE(o) << error;
    EXPECT_EQ(o->start_view, "service:mitid-app");
    EXPECT_EQ(o->period, Period::Last7Days);
    EXPECT_EQ(o->width, 1400);
    EXPECT_FALSE(ParseReviewArgs({"--registry", "http://x"}, &error));
    EXPECT_NE(error.find("--token-file"), std::string::npos);
    EXPECT_FALSE(ParseReviewArgs({"--registry", "http://x", "--token-file", "t", "--review-view", "service:"}, &error));
    EXPECT_FALSE(ParseReviewArgs({"--registry", "http://x", "--token-file", "t", "--review-period", "1y"}, &error));
    EXPECT_FALSE(ParsePeriod("1y"));
    EXPECT_EQ(ParsePeriod("all"), Period::AllTime);
}

}  // namespace
}  // namespace bk::review
