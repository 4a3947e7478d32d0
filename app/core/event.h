// What the core tells the telemetry layer. The core fills in what it knows about the citizen's session;
// the telemetry recorder stamps id (UUIDv7), seq, content_version and app_version and makes it durable.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "shared/clock.h"

namespace bk {

// Event type names, as in backend-stub/event.schema.json.
namespace ev {
inline constexpr const char* kSessionStarted = "session_started";
inline constexpr const char* kSessionEnded = "session_ended";
inline constexpr const char* kLanguageChanged = "language_changed";
inline constexpr const char* kScreenViewed = "screen_viewed";
inline constexpr const char* kGuideOpened = "guide_opened";
inline constexpr const char* kStepViewed = "step_viewed";
inline constexpr const char* kGuideCompleted = "guide_completed";
inline constexpr const char* kGuideAbandoned = "guide_abandoned";
inline constexpr const char* kHelpRequested = "help_requested";
inline constexpr const char* kFeedbackSubmitted = "feedback_submitted";
inline constexpr const char* kAccessibilityChanged = "accessibility_changed";
inline constexpr const char* kReadAloud = "read_aloud";
inline constexpr const char* kQrShown = "qr_shown";
inline constexpr const char* kHeartbeat = "heartbeat";
}  // namespace ev

struct Event {
    std::string type;               // one of ev::k*
    Millis ts = 0;                  // UTC ms
    std::string session;            // random per citizen session; empty for kiosk-level events (heartbeat)
    std::string service;            // service id where relevant
    int service_version = 0;        // 0 = not relevant
    int step = -1;                  // 0-based step index, -1 = not relevant
    std::string lang;               // language in use
    nlohmann::json data = nlohmann::json::object();  // type-specific fields
    // The content the event happened on. The core leaves it empty; the recorder stamps the pack running when
    // the event is recorded, so events after a fleet swap carry the new release's version, those before it the old.
    std::string content_version;
};

// Where the core sends events. Record() must return at once: it runs on the UI thread.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void Record(Event event) = 0;
    // The kiosk is outside its opening hours (true) or open again (false): its heartbeats say so.
    virtual void SetClosed(bool /*closed*/) {}
};

}  // namespace bk
