// Every text the review console shows, in one table. The console is a desk tool for the municipality's
// service designers (not citizens), so it is English only and its strings are not content-pack keys:
// the content validator accepts no extra files, and citizens never see these words.
#pragma once

namespace bk::review::text {

inline constexpr const char* kWindowTitle = "Borgerkiosk review console";
inline constexpr const char* kHeading = "Review console";

// Views and top bar
inline constexpr const char* kViewStrategy = "Strategy";
inline constexpr const char* kViewService = "Service";
inline constexpr const char* kViewKiosks = "Kiosk fleet";
inline constexpr const char* kPeriod = "Period:";
inline constexpr const char* kPeriod7 = "Last 7 days";
inline constexpr const char* kPeriod30 = "Last 30 days";
inline constexpr const char* kPeriod90 = "Last 90 days";
inline constexpr const char* kPeriodAll = "All time";
inline constexpr const char* kRefresh = "Refresh";
inline constexpr const char* kExportCsv = "Export CSV";
inline constexpr const char* kExportPathHint = "file name or path (empty = working dir)";
inline constexpr const char* kExportSaved = "Saved";
inline constexpr const char* kExportRows = "rows to";
inline constexpr const char* kExportFailed = "Export failed:";
inline constexpr const char* kExporting = "Exporting...";
inline constexpr const char* kMunicipality = "Municipality:";
inline constexpr const char* kUpdated = "updated";

// Connection
inline constexpr const char* kUnreachableTitle = "Cannot load the report from the registry";
inline constexpr const char* kUnreachableHint = "The figures below (if any) are from the last successful load.";
inline constexpr const char* kRetry = "Retry";
inline constexpr const char* kLoading = "Loading...";
inline constexpr const char* kNoData = "No data yet.";

// Strategy view
inline constexpr const char* kTotals = "Sessions %lld   Events %lld   Kiosks reporting %lld";
inline constexpr const char* kColService = "Service";
inline constexpr const char* kColStarts = "Starts";
inline constexpr const char* kColCompletion = "Completion";
inline constexpr const char* kColUnassisted = "Without staff help";
inline constexpr const char* kColRating = "Rating";
inline constexpr const char* kColHelp = "Help calls";
inline constexpr const char* kColMinutes = "Staff min saved";
inline constexpr const char* kColLatest = "Newest version vs previous";
inline constexpr const char* kOpen = "Open";
inline constexpr const char* kThemeLine =
    "%lld sessions: %s completed without staff help (%.0f%% completion with or without help), rating %s, %lld help calls, "
    "%.0f staff minutes saved";
// "v3 vs v2: +13 pts without staff help, +0.20 rating (better)"
inline constexpr const char* kDeltaLine = "v%d vs v%d: %s pts without staff help, %s rating (%s%s)";
inline constexpr const char* kDeltaLineStaffHelp = "; more staff help";  // when the rise came from staff helping more
inline constexpr const char* kNoServices = "No services in this theme.";

// Service view
inline constexpr const char* kChooseService = "Service:";
inline constexpr const char* kCompare = "Compare version";
inline constexpr const char* kWith = "with version";
inline constexpr const char* kOnlyOneVersion = "Only one version has data in this period: nothing to compare yet.";
inline constexpr const char* kDeltaTitle = "Did version %d work better than version %d?";
inline constexpr const char* kDeltaUnassisted = "Completed without staff help";
inline constexpr const char* kDeltaAssisted = "Completed with staff help";
inline constexpr const char* kDeltaCompletion = "Completed in all";
inline constexpr const char* kDeltaRating = "Average rating";
inline constexpr const char* kDeltaTaskDone = "Task done (yes)";
inline constexpr const char* kDeltaHelp = "Help calls per start";
inline constexpr const char* kDeltaSessions = "Sessions";
inline constexpr const char* kPoints = " percentage points";
inline constexpr const char* kStarsChange = " stars";
inline constexpr const char* kVerdict = "Verdict:";
inline constexpr const char* kLikelyReal = "the difference without staff help is unlikely to be chance (|z| = %.1f)";
inline constexpr const char* kMaybeChance = "the difference without staff help could be chance (|z| = %.1f < 2)";
inline constexpr const char* kRiseFromStaffHelp =
    "More sessions were completed, but not more without staff help: the rise came from staff helping more.";
inline constexpr const char* kTooFewSessions = "fewer than %lld sessions in a version: wait for more data";
inline constexpr const char* kFiguresPerVersion = "Figures per version";
inline constexpr const char* kVersion = "Version %d";
inline constexpr const char* kAllVersions = "All versions";
inline constexpr const char* kRowSessions = "Sessions";
inline constexpr const char* kRowStarts = "Starts";
inline constexpr const char* kRowCompletions = "Completions";
inline constexpr const char* kRowCompletionRate = "Completion rate";
inline constexpr const char* kRowCompletedSessions = "Completed sessions";
inline constexpr const char* kRowAssisted = "  with staff help";
inline constexpr const char* kRowUnassisted = "  without staff help";
inline constexpr const char* kRowAbandons = "Abandons";
inline constexpr const char* kRowRating = "Average rating";
inline constexpr const char* kRowFeedback = "Feedback given";
inline constexpr const char* kRowTaskDone = "Task done yes / partly / no";
inline constexpr const char* kRowHelp = "Help calls";
inline constexpr const char* kRowMinutes = "Staff minutes saved (no help)";
inline constexpr const char* kFunnelTitle = "Where citizens drop off (share of step-1 viewers lost at each step)";
inline constexpr const char* kFunnelStep = "Step %d";
inline constexpr const char* kFunnelViews = "%lld viewed";
inline constexpr const char* kFunnelLost = "-%.0f%%";
inline constexpr const char* kFunnelDone = "Completed: %lld of %lld (%lld with staff help)";
inline constexpr const char* kNoFunnel = "No step data.";
inline constexpr const char* kExportFunnel = "Export funnel CSV";
inline constexpr const char* kRatingsTitle = "Ratings";
inline constexpr const char* kStars = "%d stars";
inline constexpr const char* kOneStar = "%d star";
inline constexpr const char* kHelpTitle = "Help calls (staff response times; calls carry no version)";
inline constexpr const char* kHelpLine = "%lld calls, %lld answered, %lld still open";
inline constexpr const char* kHelpTimes = "Time to staff answer: median %s, 90%% within %s, slowest %s";
inline constexpr const char* kHelpNone = "No help calls in this period.";
inline constexpr const char* kCommentsTitle = "Comments";
inline constexpr const char* kExportComments = "Export comments CSV";
inline constexpr const char* kFilterVersion = "Version";
inline constexpr const char* kFilterRating = "Rating";
inline constexpr const char* kFilterTask = "Task done";
inline constexpr const char* kFilterText = "Text contains";
inline constexpr const char* kAny = "Any";
inline constexpr const char* kCommentCount = "%zu of %zu comments";
inline constexpr const char* kColDate = "Date (UTC)";
inline constexpr const char* kColVersion = "Ver.";
inline constexpr const char* kColTask = "Task done";
inline constexpr const char* kColLang = "Lang";
inline constexpr const char* kColComment = "Comment";
inline constexpr const char* kNoComments = "No comments match the filters.";
inline constexpr const char* kPickService = "Choose a service in the Strategy view or in the list above.";

// Kiosk fleet view
inline constexpr const char* kColKiosk = "Kiosk";
inline constexpr const char* kColLastSeen = "Last seen (UTC)";
inline constexpr const char* kColBacklog = "Backlog";
inline constexpr const char* kColConnected = "Connected";
inline constexpr const char* kColEvents = "Events received";
inline constexpr const char* kColMaxSeq = "Max seq";
inline constexpr const char* kColMissing = "Missing seq";
inline constexpr const char* kFleetLine = "%zu kiosks; heartbeat every %d s. Orange = needs a look.";
inline constexpr const char* kNoKiosks = "No kiosks registered for this municipality.";

}  // namespace bk::review::text
