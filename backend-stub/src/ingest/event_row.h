// One validated event as the registry stores it: the columns reports filter on, plus the fields of `data`
// that feed the aggregates, plus the original JSON text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace bk::registry {

struct EventRow {
    std::string id;
    std::string type;
    int64_t ts = 0;
    std::string session;
    int64_t seq = 0;
    std::string service;      // "" when absent
    int service_version = 0;  // 0 when absent
    int step = -1;            // -1 when absent
    std::string lang;
    std::string body;  // the event as compact JSON

    // From `data`, for the aggregates.
    int rating = 0;           // feedback_submitted
    std::string task_done;    // feedback_submitted
    std::string comment;      // feedback_submitted
    int steps_total = 0;      // step_viewed, guide_completed, guide_abandoned
    int64_t backlog = -1;     // heartbeat
    int64_t dropped = -1;     // heartbeat: events the kiosk lost, ever
    std::optional<int64_t> content_release;  // heartbeat: the fleet content release it runs (none: its own pack)
    std::string content_error;               // heartbeat: why it refused the last release it fetched
    bool staff_assisted = false;  // session_ended: staff mode was opened during the session
    int drawn_against = 0;        // guide_opened: given this version at random, drawn against that other live version; 0 = not
};

}  // namespace bk::registry
