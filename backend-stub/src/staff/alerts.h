// Alerts on bad experiences (HappyOrNot's rule): when, within a window, a kiosk or a service gets at least
// `min_ratings` ratings and at least `unhappy_share` of them are unhappy (1 or 2), staff get one alert.
//
// Once, not for every further rating: while the subject's previous alert is unacknowledged and younger than the
// window, no new one is raised; after that, only ratings newer than the ones it counted and than its
// acknowledgement count (those before belong to the same incident). Checked at ingest from the stored feedback;
// the rule lives here, Storage only persists and loads.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "src/auth/auth.h"
#include "src/http/api_result.h"
#include "src/ingest/event_row.h"
#include "src/storage/storage.h"

namespace bk::registry {

struct AlertRules {
    int64_t window_ms = 15 * 60 * 1000;
    int min_ratings = 4;
    double unhappy_share = 0.5;
};

inline constexpr std::size_t kMaxAlertNoteChars = 200;

inline bool IsUnhappy(int rating) { return rating == 1 || rating == 2; }

// The rule on one subject's ratings in the window (those newer than its previous alert).
bool ShouldRaiseAlert(const std::vector<RatingRow>& ratings, const AlertRules& rules);

class AlertMonitor {
public:
    AlertMonitor(Storage& storage, AlertRules rules) : m_storage(storage), m_rules(rules) {}

    // After a batch is stored: checks the kiosk and each service that got a new rating. Returns the alerts raised.
    std::vector<Alert> CheckBatch(const std::string& municipality, const std::string& kiosk_id,
                                  const std::vector<EventRow>& rows, const IngestOutcome& outcome, int64_t now);

private:
    std::optional<Alert> Check(const std::string& municipality, const std::string& subject_kind,
                               const std::string& subject, int64_t now);

    Storage& m_storage;
    const AlertRules m_rules;
    std::mutex m_mutex;  // two batches at once must not raise the same alert twice
};

nlohmann::json AlertJson(const Alert& alert);

// GET /v1/staff/alerts (staff or reader token); status "" = open (the default), "acknowledged" or "all".
ApiResult ListAlertsFor(Storage& storage, const Principal& who, const std::string& status);
// POST /v1/staff/alerts/{id}/ack; body "" or {"note": "..."} (at most 200 characters, scrubbed).
ApiResult AcknowledgeAlertFor(Storage& storage, const Principal& who, const std::string& id, const std::string& body,
                              int64_t now);

}  // namespace bk::registry
