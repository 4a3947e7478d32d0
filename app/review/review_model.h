// The review console's data model: the registry's report JSON as typed structs, version deltas, comment
// filters, help-call response times. Plain C++: no ImGui, no network, so every number the console shows
// can be unit-tested on hand-made JSON.
//
// Index
//   [SECTION] Periods
//   [SECTION] Report types (summary, funnel, feedback, help calls, kiosks, help desk)
//   [SECTION] Parsing
//   [SECTION] Derived figures (version delta and verdict, rating distribution, comment filter, response times)
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "review/review_text.h"

namespace bk::review {

using Millis = std::int64_t;

// [SECTION] Periods

enum class Period { Last7Days, Last30Days, Last90Days, AllTime };
inline constexpr std::array<Period, 4> kPeriods = {Period::Last7Days, Period::Last30Days, Period::Last90Days, Period::AllTime};

struct TimeRange {
    std::optional<Millis> from;  // inclusive; none = the beginning of time
    std::optional<Millis> to;    // exclusive; none = now
};

TimeRange RangeFor(Period period, Millis now_wall_ms);
// "&from=...&to=..." (empty parts left out), ready to append to a query that already has a '?'.
std::string RangeQuery(const TimeRange& range);
bool InRange(const TimeRange& range, Millis ts);

// [SECTION] Report types

struct Metrics {
    std::int64_t sessions = 0;  // distinct sessions that opened the guide (version)
    std::int64_t starts = 0, completions = 0, abandons = 0;  // guide_opened, guide_completed, guide_abandoned events
    double completion_rate = 0;  // completions / starts
    // Distinct sessions that completed the guide (version), split by whether staff helped during the session
    // (staff mode opened or a help call answered: the kiosk marks it staff_assisted). unassisted = completed - assisted.
    std::int64_t completed_sessions = 0, assisted_completions = 0, unassisted_completions = 0;
    double unassisted_completion_rate = 0;  // unassisted_completions / sessions (0 without sessions)
    std::int64_t feedback_count = 0;
    std::optional<double> rating_mean;
    double task_yes = 0, task_partly = 0, task_no = 0;  // shares of feedback, 0..1
    std::int64_t help_requests = 0;
    std::optional<double> help_ack_median_s;
    double staff_minutes_saved = 0;  // unassisted completions x the service's minutes
};

// Share of the sessions that opened the guide and completed it with staff help (0 without sessions).
double AssistedShare(const Metrics& m);

struct VersionSummary {
    int version = 0;
    Metrics metrics;
    // The sessions given this version at random, two versions run side by side, by the other version they were
    // drawn against (the registry's side_by_side list): sessions, completed_sessions, assisted_completions,
    // unassisted_completions and their rate only. A version in two tests (v2 against v1, later v3 against v2)
    // has one entry per test, never pooled.
    std::map<int, Metrics> side_by_side;
    // The visits given this version at random against `other`; all 0 when none.
    const Metrics& DrawnAgainst(int other) const;
};

// A name in each language the registry sent: {"da": ..., "en": ..., "nb": ...}.
using LocalNames = std::map<std::string, std::string>;
// The name in `lang`, else in Danish, else `fallback`.
const std::string& InLanguage(const LocalNames& names, const std::string& lang, const std::string& fallback);

struct ServiceSummary {
    std::string id;
    std::string title;  // English title, else Danish, else the id
    LocalNames titles;  // every language the registry has; the view shows the console's
    Metrics metrics;
    std::vector<VersionSummary> versions;  // ascending
    const VersionSummary* FindVersion(int version) const;
};

struct ThemeSummary {
    std::string id;
    std::string name;
    LocalNames names;
    Metrics metrics;
    std::vector<std::string> services;
};

struct Summary {
    std::string municipality;
    std::int64_t total_sessions = 0, total_events = 0, total_kiosks = 0;
    std::vector<ThemeSummary> themes;
    std::vector<ServiceSummary> services;
    const ServiceSummary* FindService(const std::string& id) const;
};

struct FunnelStep {
    int step = 0;
    std::string title;  // English, else Danish; "" when the registry has none (versions before the current one)
    std::int64_t views = 0, abandons = 0;
    double drop_off = 0;  // share of step-0 viewers lost before the next step
    LocalNames titles;    // every language the registry has
};

struct Funnel {
    std::string service;
    int version = 0;
    int steps_total = 0;
    std::int64_t completions = 0, completed_sessions = 0, assisted_completed_sessions = 0;
    std::vector<FunnelStep> steps;
};

struct FeedbackItem {
    Millis ts = 0;
    int version = 0;
    int rating = 0;          // 1..5
    std::string task_done;   // yes, partly, no
    std::string lang;
    std::string comment;     // scrubbed by kiosk and registry
};

struct HelpCall {
    std::string id, status, kiosk_id, screen, service;
    Millis created_ts = 0;
    std::optional<Millis> ack_ts, resolved_ts;
};

struct KioskHealth {
    std::string id;
    std::optional<Millis> last_seen_ts;
    std::optional<std::int64_t> backlog;
    double connected_share = 0;
    std::int64_t events_received = 0, max_seq = 0, missing_seq = 0;
    std::optional<std::int64_t> content_release;  // the fleet release it runs (none: its local content folder)
    std::string content_error;                    // why it refused the last release ("" = none)
};

struct KioskReport {
    int heartbeat_interval_s = 0;
    std::vector<KioskHealth> kiosks;
};

// How help reached citizens at one kiosk (or the whole municipality: location and kiosk_id empty).
struct HelpDeskStats {
    std::string location, kiosk_id;
    std::int64_t help_calls = 0, answered = 0, cancelled = 0, unanswered = 0, escalations = 0;  // cancelled: by the citizen
    std::optional<double> ack_median_s, ack_p90_s;  // time from the call to "I'm coming"; none when nobody came
    std::int64_t alerts_raised = 0, alerts_acknowledged = 0;
};

struct HelpDeskReport {
    std::int64_t escalation_after_s = 0;  // the registry's default; a call may carry its kiosk's own
    std::vector<HelpDeskStats> kiosks;    // by location, then kiosk id
    HelpDeskStats totals;
};

// One service in the municipalities that share their figures (GET /v1/reports/compare).
struct MunicipalityFigures {
    std::string municipality;
    LocalNames name;  // from its strategy; empty when the registry has none
    bool you = false;
    std::int64_t sessions = 0, starts = 0, unassisted_completions = 0, assisted_completions = 0, feedback_count = 0,
                 help_requests = 0;
    double unassisted_completion_rate = 0, completion_rate = 0;
    std::optional<double> rating_mean;
    std::optional<int> version;
    struct DropOff {
        int step = 0;
        LocalNames title;
        double drop_off = 0;
    };
    std::optional<DropOff> largest_drop_off;
};

struct Comparison {
    bool shares = false;  // the console's municipality shares its figures (and so sees the others that do)
    std::vector<MunicipalityFigures> municipalities;
};

// Everything the service view shows for one service in one period.
struct ServiceDetail {
    std::string service;
    std::vector<Funnel> funnels;  // one per version, ascending
    std::vector<FeedbackItem> feedback;
    std::vector<HelpCall> help_calls;  // of this service, created in the period
    std::optional<Comparison> comparison;  // none when the registry could not answer (comparison_error says why)
    std::string comparison_error;
    const Funnel* FindFunnel(int version) const;
};

// [SECTION] Parsing
// Each returns false and a precise message ("summary: services[2].versions: not an array") on bad input.

bool ParseSummary(const std::string& body, Summary& out, std::string* error);
bool ParseFunnel(const std::string& body, Funnel& out, std::string* error);
bool ParseFeedback(const std::string& body, std::vector<FeedbackItem>& out, std::string* error);
// Also returns the token's municipality (the list answer names it).
bool ParseHelpCalls(const std::string& body, std::vector<HelpCall>& out, std::string* municipality, std::string* error);
bool ParseKiosks(const std::string& body, KioskReport& out, std::string* error);
bool ParseHelpDesk(const std::string& body, HelpDeskReport& out, std::string* error);
bool ParseComparison(const std::string& body, Comparison& out, std::string* error);
// The registry's {"error": "..."} text, or the body's first line when it is not that shape.
std::string ErrorMessage(const std::string& body);

// [SECTION] Derived figures

// "Did version 3 work better than version 2?" A redesign of a self-service guide succeeds when more
// citizens finish it *without staff help*: the total completion rate also rises when staff simply help
// more, so it is shown but does not decide. The verdict combines two parts:
//   completion = the unassisted completion rate (sessions that completed without staff help / sessions
//                that opened the guide): up or down only when the change is beyond kCompletionMargin AND its
//                95 % interval excludes 0; the same when the interval lies within +-kSmallestDifference;
//                otherwise not yet clear, and so is the verdict (with the sessions still needed);
//   rating     = the average rating, margin kRatingMargin (no rating in a version: this part is "same").
enum class Verdict {
    Better,         // completion without staff help up and rating not down (or rating up and completion not down)
    Worse,          // completion without staff help down and rating not up (or the other way round)
    Mixed,          // one up, one down
    NoChange,       // the data rule out a difference of kSmallestDifference in completion; rating within its margin
    TooLittleData,  // fewer sessions than kMinSessionsForVerdict in either version
    NotYetClear,    // enough to start, but completion without staff help is neither a real change nor ruled out
};
inline constexpr std::int64_t kMinSessionsForVerdict = 10;
inline constexpr double kCompletionMargin = 0.02;  // 2 percentage points
inline constexpr double kRatingMargin = 0.1;
// The smallest change in completion without staff help worth acting on (5 percentage points): "no change" means
// the 95 % interval lies inside +-5 pts, and the visits still needed are counted to find a change this large.
inline constexpr double kSmallestDifference = 0.05;

// "Did version `newer` work better than version `older`?" in numbers. Rates are 0..1; *_diff = newer - older.
struct VersionDelta {
    int newer = 0, older = 0;
    std::int64_t sessions_newer = 0, sessions_older = 0;  // the denominators of the verdict
    std::int64_t starts_newer = 0, starts_older = 0;
    // What the verdict's completion part compares: completed without staff help, out of sessions.
    std::int64_t unassisted_newer = 0, unassisted_older = 0;
    double unassisted_rate_newer = 0, unassisted_rate_older = 0, unassisted_rate_diff = 0;
    // Shown beside it so the designer sees both: completed with staff help (count and share of sessions)
    // and completed in all (completed sessions / sessions, with or without help).
    std::int64_t assisted_newer = 0, assisted_older = 0;
    double assisted_share_newer = 0, assisted_share_older = 0, assisted_share_diff = 0;
    double completion_newer = 0, completion_older = 0, completion_diff = 0;
    std::optional<double> rating_newer, rating_older, rating_diff;
    double task_yes_newer = 0, task_yes_older = 0, task_yes_diff = 0;
    std::int64_t help_newer = 0, help_older = 0;
    double help_per_start_newer = 0, help_per_start_older = 0;
    // Two-proportion z score of the unassisted completion rates; |z| >= 1.96 is unlikely to be chance (95 %).
    std::optional<double> unassisted_z;
    // The 95 % interval of unassisted_rate_diff (Newcombe's hybrid score interval: Wilson intervals of each rate,
    // sound at small counts and near 0 % or 100 %); significant when it does not contain 0.
    std::optional<double> unassisted_diff_low, unassisted_diff_high;
    bool significant = false;
    // Sessions each version needs to find a difference of max(|observed|, kSmallestDifference) with 95 %
    // confidence and 80 % power, and how many more the smaller version still needs (0 = enough).
    std::int64_t sessions_needed = 0, more_sessions_needed = 0;
    // More sessions completed (with or without help, beyond the margin) but not more without help: the
    // rise came from staff helping more, which the designer should be told in words.
    bool rise_from_staff_help = false;
    Verdict verdict = Verdict::TooLittleData;
    // Compared on the sessions given a version at random (run side by side), not before against after.
    bool side_by_side = false;
};

VersionDelta CompareVersions(const VersionSummary& newer, const VersionSummary& older);
// The comparison a designer should trust: when newer has sessions drawn against older and older has sessions
// drawn against newer (the two ran side by side), CompareVersions on those sessions only (side_by_side = true),
// which no other change in the period can sway, nor either version's other test; else CompareVersions on all
// their sessions, a before/after comparison. Without randomised figures for
// rating, task and help calls, the side-by-side verdict rests on completion without staff help alone.
VersionDelta CompareSideBySideOrBeforeAfter(const VersionSummary& newer, const VersionSummary& older);
// The newest version and the one before it, when the service has two or more (CompareSideBySideOrBeforeAfter).
std::optional<VersionDelta> LatestDelta(const ServiceSummary& service);
// Words come from `texts` (review_text.h): the console's language.
const std::string& VerdictText(Verdict verdict, const Texts& texts);
// The strategy view's one-line answer: "v3 vs v2: +13 pts without staff help, +0.20 rating (better)";
// "(worse; more staff help)" when the total rose only because staff helped more.
std::string DeltaLine(const VersionDelta& delta, const Texts& texts);
// "58% (29 of 50)": a share with the counts behind it.
std::string ShareOf(std::int64_t part, std::int64_t whole, const Texts& texts);

// Ratings 1..5 of one version (0 = all versions): counts at index rating-1.
std::array<std::int64_t, 5> RatingCounts(const std::vector<FeedbackItem>& feedback, int version = 0);

struct CommentFilter {
    int version = 0;            // 0 = every version
    int min_rating = 1, max_rating = 5;
    std::string task_done;      // "" = any
    std::string text;           // case-insensitive substring (ASCII and Latin-1 letters such as Æ/æ)
    bool only_with_comment = true;
    bool operator==(const CommentFilter&) const = default;
};
// Newest first (the reviewer reads recent comments first).
std::vector<FeedbackItem> FilterComments(const std::vector<FeedbackItem>& feedback, const CommentFilter& filter);
// UTF-8 lower case for ASCII and the Latin-1 letters U+00C0..U+00DE.
std::string FoldCase(const std::string& text);

struct ResponseTimes {
    std::int64_t calls = 0, acknowledged = 0, open = 0;
    std::optional<double> median_s, p90_s, max_s;
};
ResponseTimes HelpResponseTimes(const std::vector<HelpCall>& calls);

// "2026-11-02 10:00" in UTC; "never" for none.
std::string FormatTimestamp(std::optional<Millis> ms, const Texts& texts);
// "3 min ago", "2 h ago", "5 days ago" relative to now.
std::string FormatAge(std::optional<Millis> ms, Millis now_ms, const Texts& texts);

}  // namespace bk::review
