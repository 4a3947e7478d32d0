#include "src/ingest/aggregates.h"

namespace bk::registry {

ServiceCounters& ServiceCounters::operator+=(const ServiceCounters& other) {
    starts += other.starts;
    completions += other.completions;
    abandons += other.abandons;
    feedback_count += other.feedback_count;
    rating_sum += other.rating_sum;
    task_yes += other.task_yes;
    task_partly += other.task_partly;
    task_no += other.task_no;
    help_requests += other.help_requests;
    return *this;
}

bool ServiceCounters::Empty() const {
    return starts == 0 && completions == 0 && abandons == 0 && feedback_count == 0 && help_requests == 0;
}

int64_t HourOf(int64_t ts) { return ts >= 0 ? ts / kHourMs : 0; }

void Accumulate(const EventRow& row, BatchAggregates& out, int64_t received_ts, int64_t heartbeat_slot_ms) {
    const int64_t hour = HourOf(row.ts);
    out.events_per_hour[hour] += 1;

    auto keep_min = [](auto& map, auto key, int64_t ts) {
        auto [it, inserted] = map.try_emplace(std::move(key), ts);
        if (!inserted && ts < it->second) it->second = ts;
    };
    auto keep_max = [](auto& map, auto key, int64_t ts) {
        auto [it, inserted] = map.try_emplace(std::move(key), ts);
        if (!inserted && ts > it->second) it->second = ts;
    };
    if (!row.session.empty()) keep_min(out.session_first, row.session, row.ts);

    if (row.type == "heartbeat") {
        // Live = arrived within one slot of being sent; a heartbeat from the offline queue proves the
        // kiosk ran, not that it was connected.
        if (heartbeat_slot_ms > 0 && received_ts >= 0 && received_ts - row.ts <= heartbeat_slot_ms) {
            out.heartbeat_slots.insert(row.ts / heartbeat_slot_ms);
        }
        return;
    }
    if (row.type == "session_ended" && row.staff_assisted && !row.session.empty()) {
        keep_max(out.assisted_sessions, row.session, row.ts);
    }
    if (row.service.empty()) return;  // the rest is per service

    const ServiceKey key{row.service, row.service_version};
    if (row.steps_total > 0) {
        int& steps = out.steps_total[key];
        if (row.steps_total > steps) steps = row.steps_total;
    }
    auto guide_session = [&]() -> GuideSession& {
        auto [it, inserted] = out.guide_sessions.try_emplace(std::pair{key, row.session});
        if (inserted || row.ts < it->second.first_ts) it->second.first_ts = row.ts;
        return it->second;
    };
    if (row.type == "guide_opened") {
        out.service_hours[{hour, key}].starts += 1;
        if (!row.session.empty()) {
            GuideSession& session = guide_session();
            session.opened = true;
            if (session.drawn_against == 0) session.drawn_against = row.drawn_against;
        }
    } else if (row.type == "guide_completed") {
        out.service_hours[{hour, key}].completions += 1;
        if (!row.session.empty()) guide_session().completed = true;
    } else if (row.type == "guide_abandoned") {
        out.service_hours[{hour, key}].abandons += 1;
        out.step_abandons[{hour, key, row.step}] += 1;
    } else if (row.type == "step_viewed") {
        if (!row.session.empty() && row.step >= 0 && row.step <= kMaxFunnelStep) {
            guide_session().steps_mask |= uint64_t{1} << row.step;
        }
    } else if (row.type == "feedback_submitted") {
        ServiceCounters& c = out.service_hours[{hour, key}];
        c.feedback_count += 1;
        c.rating_sum += row.rating;
        if (row.task_done == "yes") c.task_yes += 1;
        else if (row.task_done == "partly") c.task_partly += 1;
        else if (row.task_done == "no") c.task_no += 1;
    } else if (row.type == "help_requested") {
        out.service_hours[{hour, key}].help_requests += 1;
    }
}

}  // namespace bk::registry
