// The questions service designers and strategy groups ask, answered from the aggregates: summary per
// theme / service / version, funnel per step, feedback comments, kiosk health. Each report is JSON and
// the same numbers as a CSV table.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "src/content/catalog.h"
#include "src/reports/csv.h"
#include "src/storage/storage.h"

namespace bk::registry {

struct Report {
    nlohmann::json json;
    CsvTable csv;
};

// only_service: just that service (its service and version rows; no themes, no municipality row in the CSV);
// `services` is empty when it has neither data nor a catalogue entry.
Report SummaryReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const TimeRange& range,
                     const std::string& only_service = {});
Report FunnelReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const std::string& service, int version,
                    const TimeRange& range);
// The newest kFeedbackReportRows comments of the range, oldest first; "truncated" says older ones were left
// out (a narrower range reaches them). One answer never grows with the registry's data.
inline constexpr std::size_t kFeedbackReportRows = 1000;
Report FeedbackReport(Storage& storage, const std::string& municipality, const std::string& service,
                      const TimeRange& range, std::size_t max_rows = kFeedbackReportRows);
// `range.to` should already be clipped to now (connected_share counts slots up to it).
Report KiosksReport(Storage& storage, const std::string& municipality, const TimeRange& range, int64_t slot_ms);

// Help calls per kiosk (with its location name) and for the municipality, created in the range: calls, answered
// (acknowledged, or resolved, which sets the ack time) and unanswered, seconds to acknowledge (median and p90),
// escalations (unanswered for longer than the call's escalate_after_s, or `escalation_ms` for calls stored before
// it existed; counted up to `now` while still open), and alerts raised
// in the range and acknowledged (kiosk alerts per kiosk; kiosk and service alerts in the totals).
inline constexpr int64_t kDefaultEscalationMs = 3 * 60 * 1000;
Report HelpReport(Storage& storage, const std::string& municipality, const TimeRange& range, int64_t now,
                  int64_t escalation_ms = kDefaultEscalationMs);

// One service side by side in the municipalities that share their figures (Storage::SetComparisonSharing): per
// municipality sessions, completion with and without staff help, rating, help calls and the step that loses most
// citizens in its newest version. Reciprocal: a municipality that does not share sees only its own row. Municipalities
// that share but did not run the service in the range are left out; the caller's own row is always there.
Report CompareReport(Storage& storage, const Catalog& catalog, const std::string& municipality, const std::string& service,
                     const TimeRange& range);

// from/to query values: integer UTC ms, "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ". A date-only `to` includes that
// whole day. Returns nullopt and sets `error` when the value is not understood.
std::optional<int64_t> ParseTimeParam(const std::string& text, bool is_end, std::string& error);

double Median(std::vector<double> values);
// Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of the values at or below it.
double Percentile(std::vector<double> values, double p);

}  // namespace bk::registry
