// Aggregates maintained on ingest so reports never scan the events table: hourly counters per service and
// version, per step, per municipality and per kiosk, plus first-seen tables for distinct sessions.
// The same Accumulate() runs on ingest and on the raw events at the ragged edges of a report's range,
// so both paths count alike.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "src/ingest/event_row.h"

namespace bk::registry {

inline constexpr int64_t kHourMs = 3'600'000;

struct ServiceKey {
    std::string service;
    int version = 0;
    auto operator<=>(const ServiceKey&) const = default;
};

struct ServiceCounters {
    int64_t starts = 0;       // guide_opened
    int64_t completions = 0;  // guide_completed
    int64_t abandons = 0;     // guide_abandoned
    int64_t feedback_count = 0;
    int64_t rating_sum = 0;
    int64_t task_yes = 0;
    int64_t task_partly = 0;
    int64_t task_no = 0;
    int64_t help_requests = 0;  // help_requested events naming the service

    ServiceCounters& operator+=(const ServiceCounters& other);
    bool Empty() const;
};

struct GuideSession {
    int64_t first_ts = 0;     // smallest ts of the session's events in this guide
    bool opened = false;      // guide_opened seen
    uint64_t steps_mask = 0;  // bit k: step_viewed at step k (steps 0..62)
    bool completed = false;   // guide_completed seen
    int drawn_against = 0;    // its guide_opened: given at random, drawn against this other version; 0 = not
};

inline constexpr int kMaxFunnelStep = 62;

// Deltas from a set of events, keyed by hour bucket (ts / kHourMs).
struct BatchAggregates {
    std::map<std::pair<int64_t, ServiceKey>, ServiceCounters> service_hours;
    std::map<std::tuple<int64_t, ServiceKey, int>, int64_t> step_abandons;  // (hour, key, step)
    std::map<int64_t, int64_t> events_per_hour;
    // Distinct sessions: smallest ts seen per session, and one row per (service version, session) that
    // says what the session did in that guide (one upsert per session instead of one per step).
    std::map<std::string, int64_t> session_first;
    std::map<std::pair<ServiceKey, std::string>, GuideSession> guide_sessions;
    // Sessions that ended with staff_assisted: session -> ts of that session_ended (the end of the session).
    std::map<std::string, int64_t> assisted_sessions;
    std::set<int64_t> heartbeat_slots;
    std::map<ServiceKey, int> steps_total;  // largest steps_total seen per service version
};

int64_t HourOf(int64_t ts);

// Adds one event. heartbeat_slot_ms > 0 and received_ts: records live heartbeats (see openapi.yaml).
void Accumulate(const EventRow& row, BatchAggregates& out, int64_t received_ts = -1, int64_t heartbeat_slot_ms = 0);

}  // namespace bk::registry
