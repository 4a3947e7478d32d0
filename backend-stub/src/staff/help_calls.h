// Help calls: a kiosk asks for staff; staff (the staff desk with a staff token, a kiosk in staff mode, or a
// reader token) see the municipality's calls, acknowledge and resolve them; the kiosk polls its call's state.
// What staff need to find and help the citizen travels with the call: the kiosk's location name, the guide and
// the step (titles from the catalogue), the citizen's language, and how long they have waited.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "src/auth/auth.h"
#include "src/content/catalog.h"
#include "src/http/api_result.h"
#include "src/storage/storage.h"

namespace bk::registry {

inline constexpr std::size_t kMaxLocationChars = 100;
inline constexpr int kMaxStepIndex = 999;
// The range a kiosk may send as escalate_after_s (its profile's help_escalate_after_s).
inline constexpr int kMinEscalateAfterS = 30;
inline constexpr int kMaxEscalateAfterS = 3600;

// The call as the API shows it. waiting_s: seconds from creation to the acknowledgement, or to `now` while open;
// escalated: it waited longer than its escalate_after_s unanswered (the help report's escalation).
nlohmann::json HelpCallJson(const HelpCall& call, const Catalog& catalog, int64_t now);

// Seconds a call waited unanswered before it counts as escalated; calls stored before the field use `fallback_s`.
bool HelpCallEscalated(const HelpCall& call, int64_t now, int64_t fallback_s);

// A call without escalate_after_s gets `default_escalate_after_s` (the registry's --escalation-after-s).
ApiResult CreateHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& body,
                            int64_t now, int default_escalate_after_s);
ApiResult GetHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& id,
                         int64_t now);
ApiResult ListHelpRequests(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& status,
                           int64_t now);
// action: "ack" or "resolve"
ApiResult ChangeHelpRequest(Storage& storage, const Catalog& catalog, const Principal& who, const std::string& id,
                            const std::string& action, int64_t now);

// The calls staff still have to answer (open and acknowledged), oldest first: what the staff stream sends.
nlohmann::json ActiveHelpCallsJson(Storage& storage, const Catalog& catalog, const std::string& municipality,
                                   int64_t now);

}  // namespace bk::registry
