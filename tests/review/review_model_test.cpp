// review_model on hand-made report JSON: parsing, the version delta and its verdict on completion without
// staff help (hand-checked), the version figures CSV, comment filters, help-call response times, periods.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "review/review_app.h"
#include "review/review_model.h"

namespace bk::review {
namespace {

const Texts& English() { return Texts::For("en"); }

using nlohmann::json;

// One session per start and one completion per completed session, so completion_rate is also the
// completed sessions' share; `assisted` of the completions had staff help; 10 staff minutes per unassisted one.
json MetricsJson(int sessions, int completions, std::optional<double> rating, int help = 0, double yes = 0.5, int assisted = 0) {
    const int unassisted = completions - assisted;
    return {{"sessions", sessions},
            {"starts", sessions},
            {"completions", completions},
            {"abandons", sessions - completions},
            {"completion_rate", sessions > 0 ? static_cast<double>(completions) / sessions : 0.0},
            {"completed_sessions", completions},
            {"assisted_completions", assisted},
            {"unassisted_completions", unassisted},
            {"unassisted_completion_rate", sessions > 0 ? static_cast<double>(unassisted) / sessions : 0.0},
            {"feedback_count", rating ? 10 : 0},
            {"rating_mean", rating ? json(*rating) : json()},
            {"task_done_share", {{"yes", yes}, {"partly", 0.25}, {"no", 0.25}}},
            {"help_requests", help},
            {"help_ack_median_s", nullptr},
            {"staff_minutes_saved", unassisted * 10.0}};
}

// mitid-app: v2 40 sessions / 26 completed, 6 of them with staff help (20 without) / rating 3.0 / 8 help calls;
//            v3 50 sessions / 42 completed, 2 with staff help (40 without) / rating 4.2 / 5 help calls.
std::string SummaryJson() {
    json v2 = MetricsJson(40, 26, 3.0, 8, 0.4, 6);
    v2["version"] = 2;
    json v3 = MetricsJson(50, 42, 4.2, 5, 0.7, 2);
    v3["version"] = 3;
    json mitid = MetricsJson(90, 68, 3.67, 13, 0.5, 8);
    mitid["service"] = "mitid-app";
    mitid["title"] = {{"da", "MitID-appen"}, {"en", "The MitID app"}};
    mitid["versions"] = {v3, v2};  // out of order on purpose: the model sorts
    json post = MetricsJson(0, 0, std::nullopt);
    post["service"] = "digital-post";
    post["title"] = {{"da", "Digital Post"}};
    post["versions"] = json::array();
    json theme = MetricsJson(90, 68, 3.67, 13, 0.5, 8);
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
    const Metrics& v2 = mitid->versions[0].metrics;
    EXPECT_EQ(v2.sessions, 40);
    EXPECT_EQ(v2.completed_sessions, 26);
    EXPECT_EQ(v2.assisted_completions, 6);
    EXPECT_EQ(v2.unassisted_completions, 20);
    EXPECT_DOUBLE_EQ(v2.unassisted_completion_rate, 0.5);  // 20 / 40
    EXPECT_DOUBLE_EQ(v2.staff_minutes_saved, 200);         // 20 unassisted x 10
    const Metrics& v3 = mitid->versions[1].metrics;
    EXPECT_EQ(v3.completed_sessions, 42);
    EXPECT_EQ(v3.assisted_completions, 2);
    EXPECT_EQ(v3.unassisted_completions, 40);
    EXPECT_DOUBLE_EQ(v3.unassisted_completion_rate, 0.8);  // 40 / 50
    EXPECT_EQ(mitid->metrics.assisted_completions, 8);
    EXPECT_EQ(mitid->metrics.unassisted_completions, 60);
    EXPECT_NEAR(mitid->metrics.unassisted_completion_rate, 2.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(AssistedShare(v2), 0.15);  // 6 / 40
    EXPECT_EQ(s.themes[0].metrics.completed_sessions, 68);
    EXPECT_EQ(s.themes[0].metrics.unassisted_completions, 60);
    const ServiceSummary* post = s.FindService("digital-post");
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(post->title, "Digital Post");  // Danish when there is no English
    EXPECT_FALSE(post->metrics.rating_mean.has_value());
    EXPECT_EQ(post->metrics.unassisted_completions, 0);
    EXPECT_DOUBLE_EQ(post->metrics.unassisted_completion_rate, 0.0);  // no sessions: 0, not NaN
    EXPECT_DOUBLE_EQ(AssistedShare(post->metrics), 0.0);
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
    // The staff-help fields are as strict as the others: required, integers where counts, numbers where rates.
    broken = json::parse(SummaryJson());
    broken["services"][1]["versions"][0].erase("assisted_completions");
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.services[1].versions[0].assisted_completions: missing");
    broken = json::parse(SummaryJson());
    broken["services"][1].erase("unassisted_completion_rate");
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.services[1].unassisted_completion_rate: missing");
    broken = json::parse(SummaryJson());
    broken["themes"][0]["completed_sessions"] = 2.5;
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.themes[0].completed_sessions: not an integer");
    broken = json::parse(SummaryJson());
    broken["services"][0]["unassisted_completions"] = nullptr;
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.services[0].unassisted_completions: not an integer");
    broken = json::parse(SummaryJson());
    broken["services"][1]["versions"][1]["unassisted_completion_rate"] = "0.5";
    EXPECT_FALSE(ParseSummary(broken.dump(), s, &error));
    EXPECT_EQ(error, "summary.services[1].versions[1].unassisted_completion_rate: not a number");
}

TEST(ReviewModel, DeltaVersion3AgainstVersion2) {
    Summary s;
    std::string error;
    ASSERT_TRUE(ParseSummary(SummaryJson(), s, &error)) << error;
    const auto delta = LatestDelta(*s.FindService("mitid-app"));
    ASSERT_TRUE(delta.has_value());
    EXPECT_EQ(delta->newer, 3);
    EXPECT_EQ(delta->older, 2);
    EXPECT_EQ(delta->sessions_newer, 50);
    EXPECT_EQ(delta->sessions_older, 40);
    // What the verdict compares: completed without staff help, out of sessions.
    EXPECT_EQ(delta->unassisted_newer, 40);
    EXPECT_EQ(delta->unassisted_older, 20);
    EXPECT_DOUBLE_EQ(delta->unassisted_rate_newer, 0.8);
    EXPECT_DOUBLE_EQ(delta->unassisted_rate_older, 0.5);
    EXPECT_NEAR(delta->unassisted_rate_diff, 0.3, 1e-12);
    // Shown beside it: with staff help 6 of 40 = 15 % -> 2 of 50 = 4 %; total completion 65 % -> 84 %.
    EXPECT_EQ(delta->assisted_newer, 2);
    EXPECT_EQ(delta->assisted_older, 6);
    EXPECT_DOUBLE_EQ(delta->assisted_share_newer, 0.04);
    EXPECT_DOUBLE_EQ(delta->assisted_share_older, 0.15);
    EXPECT_NEAR(delta->assisted_share_diff, -0.11, 1e-12);
    EXPECT_DOUBLE_EQ(delta->completion_newer, 0.84);
    EXPECT_DOUBLE_EQ(delta->completion_older, 0.65);
    EXPECT_NEAR(delta->completion_diff, 0.19, 1e-12);
    EXPECT_FALSE(delta->rise_from_staff_help);
    ASSERT_TRUE(delta->rating_diff.has_value());
    EXPECT_NEAR(*delta->rating_diff, 1.2, 1e-12);
    EXPECT_NEAR(delta->task_yes_diff, 0.3, 1e-12);
    EXPECT_DOUBLE_EQ(delta->help_per_start_newer, 0.1);  // 5 / 50
    EXPECT_DOUBLE_EQ(delta->help_per_start_older, 0.2);  // 8 / 40
    // Unassisted: pooled p = (40 + 20) / 90 = 2/3; se = sqrt(2/3 * 1/3 * (1/50 + 1/40)) = sqrt(0.01) = 0.1;
    // z = (0.8 - 0.5) / 0.1 = 3.
    ASSERT_TRUE(delta->unassisted_z.has_value());
    EXPECT_NEAR(*delta->unassisted_z, 3.0, 1e-9);
    // Newcombe's interval of 0.8 - 0.5 (40 of 50, 20 of 40): +10 to +47 pts, so the change is real.
    EXPECT_NEAR(*delta->unassisted_diff_low, 0.1028, 1e-4);
    EXPECT_NEAR(*delta->unassisted_diff_high, 0.4720, 1e-4);
    EXPECT_TRUE(delta->significant);
    // (1.96 + 0.84)^2 * (0.8 * 0.2 + 0.5 * 0.5) / 0.3^2 = 35.8 -> 36 per version; both have more.
    EXPECT_EQ(delta->sessions_needed, 36);
    EXPECT_EQ(delta->more_sessions_needed, 0);
    EXPECT_EQ(delta->verdict, Verdict::Better);
    EXPECT_EQ(VerdictText(delta->verdict, English()), "better");
    EXPECT_EQ(DeltaLine(*delta, English()), "v3 vs v2: +30 pts without staff help, +1.20 rating (better)");
    EXPECT_FALSE(LatestDelta(*s.FindService("digital-post")).has_value());
}

// A version with `sessions` sessions (one start each), `completed` of them completed, `assisted` of those
// with staff help.
VersionSummary Version(int v, int sessions, int completed, int assisted, std::optional<double> rating, int starts = -1) {
    VersionSummary out{v, {}};
    Metrics& m = out.metrics;
    m.sessions = sessions;
    m.starts = starts < 0 ? sessions : starts;
    m.completions = completed;
    m.completion_rate = m.starts ? static_cast<double>(completed) / static_cast<double>(m.starts) : 0;
    m.completed_sessions = completed;
    m.assisted_completions = assisted;
    m.unassisted_completions = completed - assisted;
    m.unassisted_completion_rate = sessions ? static_cast<double>(completed - assisted) / sessions : 0;
    m.rating_mean = rating;
    return out;
}

TEST(ReviewModel, VerdictCases) {
    // Nobody needed staff help: the unassisted rate is the completion rate.
    EXPECT_EQ(CompareVersions(Version(3, 50, 20, 0, 3.0), Version(2, 50, 40, 0, 4.0)).verdict, Verdict::Worse);
    EXPECT_EQ(CompareVersions(Version(3, 50, 40, 0, 3.0), Version(2, 50, 20, 0, 4.0)).verdict, Verdict::Mixed);
    // 25 of 50 both times: the interval (-19 to +19 pts) cannot rule out a 5-pt change, so no verdict yet,
    // whatever the rating says; (1.96 + 0.84)^2 * (0.25 + 0.25) / 0.05^2 = 1570 sessions each, 1520 more.
    const VersionDelta unclear = CompareVersions(Version(3, 50, 25, 0, 4.5), Version(2, 50, 25, 0, 4.0));
    EXPECT_EQ(unclear.verdict, Verdict::NotYetClear);
    EXPECT_NEAR(*unclear.unassisted_diff_low, -0.1889, 1e-4);
    EXPECT_EQ(unclear.sessions_needed, 1570);
    EXPECT_EQ(unclear.more_sessions_needed, 1520);
    EXPECT_EQ(CompareVersions(Version(3, 50, 25, 0, 4.0), Version(2, 50, 25, 0, 4.05)).verdict, Verdict::NotYetClear);
    // 400 of 1000 both times: the interval (-4.3 to +4.3 pts) rules out a 5-pt change: no change ...
    EXPECT_EQ(CompareVersions(Version(3, 1000, 400, 0, 4.0), Version(2, 1000, 400, 0, 4.05)).verdict, Verdict::NoChange);
    // ... and then the rating alone can decide.
    EXPECT_EQ(CompareVersions(Version(3, 1000, 400, 0, 4.5), Version(2, 1000, 400, 0, 4.0)).verdict, Verdict::Better);
    // No rating in one version: completion without staff help alone decides.
    EXPECT_EQ(CompareVersions(Version(3, 50, 40, 0, std::nullopt), Version(2, 50, 20, 0, 4.0)).verdict, Verdict::Better);
    // Fewer completions in total, but more without help (v2 30 of 50 with 20 helped = 20 % unaided;
    // v3 28 of 50 with 3 helped = 50 % unaided): the redesign worked.
    EXPECT_EQ(CompareVersions(Version(3, 50, 28, 3, 4.0), Version(2, 50, 30, 20, 4.0)).verdict, Verdict::Better);
}

// Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10 (hybrid score): the published intervals.
TEST(ReviewModel, IntervalMatchesNewcombesWorkedExamples) {
    struct Case {
        int c1, n1, c2, n2;
        double low, high;
    };
    for (const Case& c : {Case{56, 70, 48, 80, 0.0524, 0.3339}, Case{9, 10, 3, 10, 0.1705, 0.8090}, Case{6, 7, 2, 7, 0.0582, 0.8062},
                          Case{5, 56, 0, 29, -0.0381, 0.1926}}) {
        const VersionDelta d = CompareVersions(Version(2, c.n1, c.c1, 0, std::nullopt), Version(1, c.n2, c.c2, 0, std::nullopt));
        ASSERT_TRUE(d.unassisted_diff_low && d.unassisted_diff_high);
        EXPECT_NEAR(*d.unassisted_diff_low, c.low, 1e-4) << c.c1 << "/" << c.n1 << " - " << c.c2 << "/" << c.n2;
        EXPECT_NEAR(*d.unassisted_diff_high, c.high, 1e-4) << c.c1 << "/" << c.n1 << " - " << c.c2 << "/" << c.n2;
        EXPECT_EQ(d.significant, c.low > 0 || c.high < 0);
    }
}

TEST(ReviewModel, TooLittleDataCountsSessionsNotStarts) {
    // 9 sessions that opened the guide 50 times: still too few citizens to judge.
    const VersionDelta few = CompareVersions(Version(3, 9, 9, 0, 5.0, 50), Version(2, 50, 10, 0, 1.0));
    EXPECT_EQ(few.verdict, Verdict::TooLittleData);
    EXPECT_EQ(few.sessions_newer, 9);
    EXPECT_EQ(few.starts_newer, 50);
    EXPECT_EQ(DeltaLine(few, English()), "v3 vs v2: +80 pts without staff help, +4.00 rating (too little data)");
    // kMinSessionsForVerdict = 10 in both versions is enough.
    EXPECT_EQ(CompareVersions(Version(3, 10, 9, 0, 5.0), Version(2, 10, 1, 0, 1.0)).verdict, Verdict::Better);
}

// Total completion went up only because staff helped more: that is no better guide.
TEST(ReviewModel, MoreStaffHelpIsNotABetterGuide) {
    // v2: 50 sessions, 30 completed, 5 with staff help -> 25 without = 50 %; total 60 %.
    // v3: 50 sessions, 40 completed, 15 with staff help -> 25 without = 50 %; total 80 %. Same rating.
    VersionDelta d = CompareVersions(Version(3, 50, 40, 15, 4.0), Version(2, 50, 30, 5, 4.0));
    EXPECT_NEAR(d.completion_diff, 0.2, 1e-12);        // +20 pts in total ...
    EXPECT_NEAR(d.unassisted_rate_diff, 0.0, 1e-12);   // ... none of it without help
    EXPECT_DOUBLE_EQ(d.assisted_share_older, 0.1);     // 5 / 50
    EXPECT_DOUBLE_EQ(d.assisted_share_newer, 0.3);     // 15 / 50
    ASSERT_TRUE(d.unassisted_z.has_value());
    EXPECT_NEAR(*d.unassisted_z, 0.0, 1e-12);          // 25/50 against 25/50
    EXPECT_TRUE(d.rise_from_staff_help);
    EXPECT_EQ(d.verdict, Verdict::NotYetClear);  // 50 sessions each cannot rule out a change either way
    EXPECT_EQ(DeltaLine(d, English()), "v3 vs v2: 0 pts without staff help, 0.00 rating (not clear yet; more staff help)");

    // v3: 40 completed but 20 with staff help -> 20 without = 40 %, down from 50 %, while the total rose to 80 %.
    d = CompareVersions(Version(3, 50, 40, 20, 4.0), Version(2, 50, 30, 5, 4.0));
    EXPECT_NEAR(d.completion_diff, 0.2, 1e-12);
    EXPECT_NEAR(d.unassisted_rate_diff, -0.1, 1e-12);
    // Pooled p = (20 + 25) / 100 = 0.45; se = sqrt(0.45 * 0.55 * (1/50 + 1/50)) = sqrt(0.0099); z = -0.1 / se.
    ASSERT_TRUE(d.unassisted_z.has_value());
    EXPECT_NEAR(*d.unassisted_z, -0.1 / std::sqrt(0.0099), 1e-9);
    EXPECT_NEAR(*d.unassisted_z, -1.005, 1e-3);
    EXPECT_TRUE(d.rise_from_staff_help);
    // -10 pts could be chance at 50 sessions (interval -28 to +9 pts): not "worse" yet, and never "better".
    EXPECT_FALSE(d.significant);
    EXPECT_EQ(d.verdict, Verdict::NotYetClear);
    EXPECT_EQ(DeltaLine(d, English()), "v3 vs v2: -10 pts without staff help, 0.00 rating (not clear yet; more staff help)");

    // A rating change that rounds to nothing shows no sign; no rating in a version shows "-".
    EXPECT_EQ(DeltaLine(CompareVersions(Version(3, 50, 40, 15, 4.004), Version(2, 50, 30, 5, 4.0)), English()),
              "v3 vs v2: 0 pts without staff help, 0.00 rating (not clear yet; more staff help)");
    EXPECT_EQ(DeltaLine(CompareVersions(Version(3, 50, 40, 15, 3.996), Version(2, 50, 30, 5, 4.0)), English()),
              "v3 vs v2: 0 pts without staff help, 0.00 rating (not clear yet; more staff help)");
    EXPECT_EQ(DeltaLine(CompareVersions(Version(3, 50, 40, 15, std::nullopt), Version(2, 50, 30, 5, 4.0)), English()),
              "v3 vs v2: 0 pts without staff help, - rating (not clear yet; more staff help)");

    // The same with a better rating: still not "better".
    d = CompareVersions(Version(3, 50, 40, 20, 4.5), Version(2, 50, 30, 5, 4.0));
    EXPECT_EQ(d.verdict, Verdict::NotYetClear);
    // With ten times the visits the fall without help is real: mixed (rating up), still not "better".
    d = CompareVersions(Version(3, 500, 400, 200, 4.5), Version(2, 500, 300, 50, 4.0));
    EXPECT_TRUE(d.significant);
    EXPECT_EQ(d.verdict, Verdict::Mixed);

    // And a real improvement is not flagged: more completions, all of them unaided.
    d = CompareVersions(Version(3, 50, 40, 5, 4.0), Version(2, 50, 30, 5, 4.0));
    EXPECT_FALSE(d.rise_from_staff_help);
    EXPECT_EQ(d.verdict, Verdict::Better);
}

TEST(ReviewModel, Shares) {
    EXPECT_EQ(ShareOf(29, 50, English()), "58% (29 of 50)");
    EXPECT_EQ(ShareOf(0, 0, English()), "0% (0 of 0)");
    EXPECT_EQ(ShareOf(2, 3, English()), "67% (2 of 3)");
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

TEST(ReviewModel, Comparison) {
    const json body = {{"service", "mitid-app"},
                       {"shares", true},
                       {"municipalities",
                        {{{"municipality", "esbjerg"}, {"name", nullptr}, {"you", false}, {"sessions", 2}, {"starts", 2},
                          {"unassisted_completions", 1}, {"assisted_completions", 0}, {"feedback_count", 0}, {"help_requests", 0},
                          {"unassisted_completion_rate", 0.5}, {"completion_rate", 0.5}, {"rating_mean", nullptr}, {"version", 2},
                          {"largest_drop_off", {{"step", 0}, {"title", {{"da", "Det skal du bruge"}}}, {"drop_off", 0.5}}}},
                         {{"municipality", "odder"}, {"name", {{"da", "Odder Kommune"}}}, {"you", true}, {"sessions", 4}, {"starts", 4},
                          {"unassisted_completions", 2}, {"assisted_completions", 1}, {"feedback_count", 2}, {"help_requests", 0},
                          {"unassisted_completion_rate", 0.5}, {"completion_rate", 0.75}, {"rating_mean", 4.0}, {"version", nullptr},
                          {"largest_drop_off", nullptr}}}}};
    Comparison c;
    std::string error;
    ASSERT_TRUE(ParseComparison(body.dump(), c, &error)) << error;
    EXPECT_TRUE(c.shares);
    ASSERT_EQ(c.municipalities.size(), 2u);
    EXPECT_TRUE(c.municipalities[0].name.empty());
    EXPECT_EQ(c.municipalities[0].largest_drop_off->title.at("da"), "Det skal du bruge");
    EXPECT_DOUBLE_EQ(c.municipalities[0].largest_drop_off->drop_off, 0.5);
    EXPECT_TRUE(c.municipalities[1].you);
    EXPECT_FALSE(c.municipalities[1].version.has_value());
    EXPECT_FALSE(c.municipalities[1].largest_drop_off.has_value());
    EXPECT_DOUBLE_EQ(*c.municipalities[1].rating_mean, 4.0);
    json broken = body;
    broken["shares"] = "yes";
    EXPECT_FALSE(ParseComparison(broken.dump(), c, &error));
    EXPECT_EQ(error, "compare.shares: not true/false");
}

TEST(ReviewModel, HelpDeskReport) {
    // The registry's /v1/reports/help shape: per kiosk, then the municipality's totals (no location, no kiosk).
    const json body = {{"municipality", "odder"},
                       {"escalation_after_s", 180},
                       {"kiosks",
                        {{{"kiosk_id", "kiosk-1"}, {"location", "Odder Bibliotek"}, {"help_calls", 3}, {"answered", 2},
                          {"unanswered", 1}, {"ack_median_s", 42.5}, {"ack_p90_s", 150}, {"escalations", 1},
                          {"alerts_raised", 2}, {"alerts_acknowledged", 1}}}},
                       {"totals",
                        {{"help_calls", 3}, {"answered", 2}, {"unanswered", 1}, {"ack_median_s", 42.5}, {"ack_p90_s", 150},
                         {"escalations", 1}, {"alerts_raised", 2}, {"alerts_acknowledged", 1}}}};
    HelpDeskReport r;
    std::string error;
    ASSERT_TRUE(ParseHelpDesk(body.dump(), r, &error)) << error;
    EXPECT_EQ(r.escalation_after_s, 180);
    ASSERT_EQ(r.kiosks.size(), 1u);
    EXPECT_EQ(r.kiosks[0].location, "Odder Bibliotek");
    EXPECT_EQ(r.kiosks[0].kiosk_id, "kiosk-1");
    EXPECT_EQ(r.kiosks[0].unanswered, 1);
    EXPECT_EQ(r.kiosks[0].cancelled, 0);  // not sent: an older registry
    EXPECT_DOUBLE_EQ(*r.kiosks[0].ack_median_s, 42.5);
    EXPECT_DOUBLE_EQ(*r.kiosks[0].ack_p90_s, 150.0);
    EXPECT_EQ(r.kiosks[0].alerts_acknowledged, 1);
    EXPECT_TRUE(r.totals.kiosk_id.empty());
    EXPECT_EQ(r.totals.escalations, 1);

    // Nobody answered: no answer time, which is not zero seconds.
    json none = body;
    none["totals"]["ack_median_s"] = nullptr;
    none["totals"]["ack_p90_s"] = nullptr;
    ASSERT_TRUE(ParseHelpDesk(none.dump(), r, &error)) << error;
    EXPECT_FALSE(r.totals.ack_median_s.has_value());

    // A broken answer names the field and keeps what was there.
    json broken = body;
    broken["kiosks"][0]["escalations"] = "many";
    EXPECT_FALSE(ParseHelpDesk(broken.dump(), r, &error));
    EXPECT_EQ(error, "help.kiosks[0].escalations: not an integer");
    EXPECT_FALSE(r.totals.ack_median_s.has_value());  // unchanged from the last good parse
    json no_totals = body;
    no_totals.erase("totals");
    EXPECT_FALSE(ParseHelpDesk(no_totals.dump(), r, &error));
    EXPECT_EQ(error, "help.totals: missing");
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
    EXPECT_FALSE(k.kiosks[0].content_release.has_value());  // an older registry sends no fleet fields
    EXPECT_FALSE(k.kiosks[1].last_seen_ts.has_value());
    EXPECT_EQ(FormatTimestamp(k.kiosks[1].last_seen_ts, English()), "never");
    EXPECT_EQ(FormatTimestamp(1793613600000, English()), "2026-11-02 10:00");

    Funnel f;
    const json funnel = {{"service", "mitid-app"}, {"version", 2}, {"steps_total", 2}, {"completions", 1}, {"completed_sessions", 1},
                         {"assisted_completed_sessions", 1},
                         {"steps", {{{"step", 0}, {"title", {{"da", "Hent appen"}, {"en", "Get the app"}}}, {"views", 4}, {"abandons", 1}, {"drop_off", 0.25}},
                                    {{"step", 1}, {"title", {{"da", "Scan dit pas"}}}, {"views", 3}, {"abandons", 0}, {"drop_off", 0.5}}}}};
    ASSERT_TRUE(ParseFunnel(funnel.dump(), f, &error)) << error;
    EXPECT_EQ(f.steps.size(), 2u);
    EXPECT_DOUBLE_EQ(f.steps[1].drop_off, 0.5);
    EXPECT_EQ(f.assisted_completed_sessions, 1);
    EXPECT_EQ(f.steps[0].title, "Get the app");   // English for the console
    EXPECT_EQ(f.steps[1].title, "Scan dit pas");  // else Danish
    json untitled = funnel;
    untitled["steps"][0]["title"] = nullptr;      // an older version: the registry knows no titles
    ASSERT_TRUE(ParseFunnel(untitled.dump(), f, &error)) << error;
    EXPECT_EQ(f.steps[0].title, "");
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
    EXPECT_EQ(FormatAge(now - 180'000, now, English()), "3 min ago");
    EXPECT_EQ(FoldCase("ÆØÅ ABC ×"), "æøå abc ×");
}


// [SECTION] Side by side (two versions given at random) against before/after

// A summary whose mitid-app versions carry their randomised sessions (the registry's side_by_side list): v3's
// drawn against v2, v2's against v3 (none when the entry has no sessions).
json SideBySideSummary(json v3_all, json v3_random, json v2_all, json v2_random) {
    auto drawn = [](json random, int against) {
        if (random["sessions"] == 0) return json::array();
        random["against"] = against;
        return json::array({std::move(random)});
    };
    v3_all["version"] = 3;
    v3_all["side_by_side"] = drawn(std::move(v3_random), 2);
    v2_all["version"] = 2;
    v2_all["side_by_side"] = drawn(std::move(v2_random), 3);
    json service = MetricsJson(0, 0, std::nullopt);
    service["service"] = "mitid-app";
    service["title"] = {{"da", "MitID-appen"}};
    service["versions"] = json::array({v2_all, v3_all});
    return {{"municipality", "odder"}, {"range", {{"from", 0}, {"to", nullptr}}},
            {"totals", {{"sessions", 0}, {"events", 0}, {"kiosks", 0}}}, {"themes", json::array()},
            {"services", json::array({service})}};
}

json Random(int sessions, int completed, int assisted) {
    const int unassisted = completed - assisted;
    return {{"sessions", sessions}, {"completed_sessions", completed}, {"assisted_completions", assisted},
            {"unassisted_completions", unassisted},
            {"unassisted_completion_rate", sessions > 0 ? static_cast<double>(unassisted) / sessions : 0.0}};
}

Summary ParseOrFail(const json& body) {
    Summary s;
    std::string error;
    EXPECT_TRUE(ParseSummary(body.dump(), s, &error)) << error;
    return s;
}

TEST(ReviewModelSideBySide, BothVersionsRunAtRandomAreComparedOnThoseSessionsOnly) {
    // Randomised: v3 140 of 200 without staff help (150 completed, 10 with help) = 70 %; v2 100 of 200 = 50 %.
    // All sessions: v2 also ran alone before the test, when 840 of 1,200 finished without help (70 %) and rated
    // it 4.5; v3 ran only in the test. Before/after would see no change; side by side sees +20 pts.
    const Summary s = ParseOrFail(SideBySideSummary(MetricsJson(200, 150, 4.0, 0, 0.5, 10), Random(200, 150, 10),
                                                    MetricsJson(1200, 860, 4.5, 0, 0.5, 20), Random(200, 110, 10)));
    const ServiceSummary* mitid = s.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    ASSERT_EQ(mitid->versions.size(), 2u);
    EXPECT_EQ(mitid->versions[1].DrawnAgainst(2).sessions, 200);
    EXPECT_EQ(mitid->versions[1].DrawnAgainst(2).unassisted_completions, 140);
    EXPECT_EQ(mitid->versions[0].DrawnAgainst(3).assisted_completions, 10);
    EXPECT_EQ(mitid->versions[0].DrawnAgainst(1).sessions, 0) << "v2 never ran against v1 here";

    const VersionDelta d = CompareSideBySideOrBeforeAfter(mitid->versions[1], mitid->versions[0]);
    EXPECT_TRUE(d.side_by_side);
    EXPECT_EQ(d.sessions_newer, 200);
    EXPECT_EQ(d.sessions_older, 200);
    EXPECT_NEAR(d.unassisted_rate_diff, 0.20, 1e-12);
    // Newcombe: Wilson 140/200 = [0.6334, 0.7592], 100/200 = [0.4314, 0.5686] -> +10.4 to +29.1 pts.
    ASSERT_TRUE(d.unassisted_diff_low && d.unassisted_diff_high);
    EXPECT_NEAR(*d.unassisted_diff_low, 0.104228, 1e-5);
    EXPECT_NEAR(*d.unassisted_diff_high, 0.290676, 1e-5);
    EXPECT_TRUE(d.significant);
    // The randomised figures hold no rating, so the rating of the sessions before the test cannot sway it.
    EXPECT_FALSE(d.rating_diff.has_value());
    EXPECT_EQ(d.verdict, Verdict::Better);
    EXPECT_EQ(DeltaLine(d, English()), "v3 vs v2: +20 pts without staff help, - rating (better) · side by side");
    EXPECT_EQ(LatestDelta(*mitid)->side_by_side, true);

    // The same versions before/after (all sessions): 70 % against 70 %, rating down -> not the same answer.
    const VersionDelta before_after = CompareVersions(mitid->versions[1], mitid->versions[0]);
    EXPECT_FALSE(before_after.side_by_side);
    EXPECT_NEAR(before_after.unassisted_rate_diff, 0.0, 1e-12);
    EXPECT_NE(before_after.verdict, Verdict::Better);
}

TEST(ReviewModelSideBySide, TooFewRandomSessionsIsTooLittleDataWhateverTheOtherSessionsSay) {
    // 9 randomised sessions of v3 (all finished without help) against 40 of v2: too few to judge, though v3
    // has 300 sessions in all.
    const Summary s = ParseOrFail(SideBySideSummary(MetricsJson(300, 290, 4.8), Random(9, 9, 0),
                                                    MetricsJson(400, 100, 2.0), Random(40, 10, 0)));
    const ServiceSummary* mitid = s.FindService("mitid-app");
    const VersionDelta d = CompareSideBySideOrBeforeAfter(mitid->versions[1], mitid->versions[0]);
    EXPECT_TRUE(d.side_by_side);
    EXPECT_EQ(d.sessions_newer, 9);
    EXPECT_EQ(d.verdict, Verdict::TooLittleData);
    EXPECT_EQ(DeltaLine(d, English()), "v3 vs v2: +75 pts without staff help, - rating (too little data) · side by side");
}

TEST(ReviewModelSideBySide, NotYetClearSaysHowManyMoreVisitsEachVersionNeeds) {
    // 18 of 30 (60 %) against 15 of 30 (50 %): +10 pts, interval -14.4 to +32.8 pts, could be chance.
    // To find 10 pts: (1.959964 + 0.841621)^2 * (0.24 + 0.25) / 0.1^2 = 384.4 -> 385 each, 355 more.
    const Summary s = ParseOrFail(SideBySideSummary(MetricsJson(30, 18, 4.0), Random(30, 18, 0),
                                                    MetricsJson(30, 15, 4.0), Random(30, 15, 0)));
    const ServiceSummary* mitid = s.FindService("mitid-app");
    const VersionDelta d = CompareSideBySideOrBeforeAfter(mitid->versions[1], mitid->versions[0]);
    EXPECT_TRUE(d.side_by_side);
    ASSERT_TRUE(d.unassisted_diff_low && d.unassisted_diff_high);
    EXPECT_NEAR(*d.unassisted_diff_low, -0.144203, 1e-5);
    EXPECT_NEAR(*d.unassisted_diff_high, 0.328305, 1e-5);
    EXPECT_EQ(d.verdict, Verdict::NotYetClear);
    EXPECT_EQ(d.sessions_needed, 385);
    EXPECT_EQ(d.more_sessions_needed, 355);
}

TEST(ReviewModelSideBySide, WithoutRandomSessionsInBothVersionsItIsBeforeAfter) {
    // Only v3 has randomised sessions (v2's are from a registry before side by side, or none yet).
    const Summary s = ParseOrFail(SideBySideSummary(MetricsJson(50, 40, 4.0), Random(20, 15, 0),
                                                    MetricsJson(50, 20, 4.0), Random(0, 0, 0)));
    const ServiceSummary* mitid = s.FindService("mitid-app");
    const VersionDelta d = CompareSideBySideOrBeforeAfter(mitid->versions[1], mitid->versions[0]);
    EXPECT_FALSE(d.side_by_side);
    EXPECT_EQ(d.sessions_newer, 50);
    EXPECT_EQ(DeltaLine(d, English()), DeltaLine(CompareVersions(mitid->versions[1], mitid->versions[0]), English()));
    // A registry that sends no side_by_side at all parses as no randomised sessions.
    json old = SideBySideSummary(MetricsJson(50, 40, 4.0), Random(20, 15, 0), MetricsJson(50, 20, 4.0), Random(0, 0, 0));
    for (auto& v : old["services"][0]["versions"]) v.erase("side_by_side");
    const Summary parsed = ParseOrFail(old);
    EXPECT_TRUE(parsed.FindService("mitid-app")->versions[1].side_by_side.empty());
    EXPECT_FALSE(LatestDelta(*parsed.FindService("mitid-app"))->side_by_side);
}

// A version in two tests: v2 ran against v1 in January, then v3 against v2 in February. The summary as the
// registry sends it (one side_by_side entry per other version; all figures hand-made, no staff help, rating 4.0
// everywhere so only completion decides):
//   v1: 300 sessions, 150 completed; drawn against v2: the same 300 / 150 (50 %)
//   v2: 700 sessions, 460 completed = January against v1 300 / 255 (85 %) + between the tests alone 100 / 70
//       + February against v3 300 / 135 (45 %: February was harder for everyone)
//   v3: 300 sessions, 180 completed; drawn against v2: the same 300 / 180 (60 %)
// v3 vs v2 on the February visits only: 60 % - 45 % = +15 pts. Wilson 180/300 = [0.543637, 0.653835],
// 135/300 = [0.394690, 0.506574]; Newcombe: 0.15 - sqrt(0.056363^2 + 0.056574^2) = +0.070141,
// 0.15 + sqrt(0.053835^2 + 0.055310^2) = +0.227184 -> significant, better.
// Pooled over both tests (what the registry gave before it kept `against`), v2 would be 390 / 600 = 65 % and
// v3 would look 5 pts worse (interval -11.7 to +1.6 pts); before/after on all sessions 460 / 700 = 65.7 %.
json TwoTestsSummary() {
    auto drawn = [](int against, int sessions, int completed) {
        json entry = Random(sessions, completed, 0);
        entry["against"] = against;
        return entry;
    };
    json v1 = MetricsJson(300, 150, 4.0);
    v1["version"] = 1;
    v1["side_by_side"] = json::array({drawn(2, 300, 150)});
    json v2 = MetricsJson(700, 460, 4.0);
    v2["version"] = 2;
    v2["side_by_side"] = json::array({drawn(1, 300, 255), drawn(3, 300, 135)});
    json v3 = MetricsJson(300, 180, 4.0);
    v3["version"] = 3;
    v3["side_by_side"] = json::array({drawn(2, 300, 180)});
    json service = MetricsJson(1300, 790, 4.0);
    service["service"] = "mitid-app";
    service["title"] = {{"da", "MitID-appen"}};
    service["versions"] = json::array({v1, v2, v3});
    return {{"municipality", "odder"}, {"range", {{"from", 0}, {"to", nullptr}}},
            {"totals", {{"sessions", 1300}, {"events", 0}, {"kiosks", 0}}}, {"themes", json::array()},
            {"services", json::array({service})}};
}

TEST(ReviewModelSideBySide, AVersionInTwoTestsIsComparedOnTheVisitsOfTheTestAsked) {
    const Summary s = ParseOrFail(TwoTestsSummary());
    const ServiceSummary* mitid = s.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    ASSERT_EQ(mitid->versions.size(), 3u);
    const VersionSummary &v1 = mitid->versions[0], &v2 = mitid->versions[1], &v3 = mitid->versions[2];
    // v2 keeps its two tests apart.
    ASSERT_EQ(v2.side_by_side.size(), 2u);
    EXPECT_EQ(v2.DrawnAgainst(1).sessions, 300);
    EXPECT_EQ(v2.DrawnAgainst(1).unassisted_completions, 255);
    EXPECT_EQ(v2.DrawnAgainst(3).sessions, 300);
    EXPECT_EQ(v2.DrawnAgainst(3).unassisted_completions, 135);

    const VersionDelta d = *LatestDelta(*mitid);  // v3 vs v2
    EXPECT_EQ(d.newer, 3);
    EXPECT_EQ(d.older, 2);
    EXPECT_TRUE(d.side_by_side);
    EXPECT_EQ(d.sessions_newer, 300);
    EXPECT_EQ(d.sessions_older, 300) << "February's visits only, not January's against v1";
    EXPECT_NEAR(d.unassisted_rate_diff, 0.15, 1e-12);
    ASSERT_TRUE(d.unassisted_diff_low && d.unassisted_diff_high);
    EXPECT_NEAR(*d.unassisted_diff_low, 0.070141, 1e-5);
    EXPECT_NEAR(*d.unassisted_diff_high, 0.227184, 1e-5);
    EXPECT_EQ(d.verdict, Verdict::Better);
    EXPECT_EQ(DeltaLine(d, English()), "v3 vs v2: +15 pts without staff help, - rating (better) · side by side");

    // The January test, asked for: v2 85 % against v1 50 %, +35 pts on those visits.
    const VersionDelta january = CompareSideBySideOrBeforeAfter(v2, v1);
    EXPECT_TRUE(january.side_by_side);
    EXPECT_EQ(january.sessions_newer, 300);
    EXPECT_NEAR(january.unassisted_rate_diff, 0.35, 1e-12);
    EXPECT_EQ(january.verdict, Verdict::Better);
    // v3 and v1 never ran against each other: before/after on all their sessions (60 % against 50 %).
    const VersionDelta never = CompareSideBySideOrBeforeAfter(v3, v1);
    EXPECT_FALSE(never.side_by_side);
    EXPECT_NEAR(never.unassisted_rate_diff, 0.10, 1e-12);
}

}  // namespace
}  // namespace bk::review
