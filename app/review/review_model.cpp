#include "review/review_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "review/review_text.h"

namespace bk::review {

using nlohmann::json;

// [SECTION] Periods

TimeRange RangeFor(Period period, Millis now_wall_ms) {
    constexpr Millis kDay = 24LL * 3600 * 1000;
    switch (period) {
        case Period::Last7Days: return {now_wall_ms - 7 * kDay, std::nullopt};
        case Period::Last30Days: return {now_wall_ms - 30 * kDay, std::nullopt};
        case Period::Last90Days: return {now_wall_ms - 90 * kDay, std::nullopt};
        case Period::AllTime: break;
    }
    return {};
}

std::string RangeQuery(const TimeRange& range) {
    std::string out;
    if (range.from) out += "&from=" + std::to_string(*range.from);
    if (range.to) out += "&to=" + std::to_string(*range.to);
    return out;
}

bool InRange(const TimeRange& range, Millis ts) {
    return (!range.from || ts >= *range.from) && (!range.to || ts < *range.to);
}

// [SECTION] Lookups

const VersionSummary* ServiceSummary::FindVersion(int version) const {
    for (const auto& v : versions)
        if (v.version == version) return &v;
    return nullptr;
}

const ServiceSummary* Summary::FindService(const std::string& id) const {
    for (const auto& s : services)
        if (s.id == id) return &s;
    return nullptr;
}

const Funnel* ServiceDetail::FindFunnel(int version) const {
    for (const auto& f : funnels)
        if (f.version == version) return &f;
    return nullptr;
}

// [SECTION] Parsing

namespace {

// Thrown inside the parsers with a JSON-pointer-like path; caught at the public entry points.
struct ParseFailure {
    std::string message;
};

[[noreturn]] void Fail(const std::string& where, const std::string& what) { throw ParseFailure{where + ": " + what}; }

const json& Member(const json& object, const char* key, const std::string& where) {
    if (!object.is_object()) Fail(where, "not an object");
    auto it = object.find(key);
    if (it == object.end()) Fail(where + "." + key, "missing");
    return *it;
}

std::int64_t Int(const json& object, const char* key, const std::string& where) {
    const json& v = Member(object, key, where);
    if (!v.is_number_integer()) Fail(where + "." + key, "not an integer");
    return v.get<std::int64_t>();
}

double Number(const json& object, const char* key, const std::string& where) {
    const json& v = Member(object, key, where);
    if (!v.is_number()) Fail(where + "." + key, "not a number");
    return v.get<double>();
}

std::optional<double> OptNumber(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) Fail(where + "." + key, "not a number or null");
    return it->get<double>();
}

std::optional<std::int64_t> OptInt(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) Fail(where + "." + key, "not an integer or null");
    return it->get<std::int64_t>();
}

std::string String(const json& object, const char* key, const std::string& where, bool required = true) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) Fail(where + "." + key, "missing");
        return {};
    }
    if (!it->is_string()) Fail(where + "." + key, "not a string");
    return it->get<std::string>();
}

const json& Array(const json& object, const char* key, const std::string& where) {
    const json& v = Member(object, key, where);
    if (!v.is_array()) Fail(where + "." + key, "not an array");
    return v;
}

// {da, en, nb} -> the English text for a desk tool, else Danish, else the fallback.
std::string LocalText(const json& object, const char* key, const std::string& fallback) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_object()) return fallback;
    for (const char* lang : {"en", "da", "nb"}) {
        auto t = it->find(lang);
        if (t != it->end() && t->is_string() && !t->get<std::string>().empty()) return t->get<std::string>();
    }
    return fallback;
}

LocalNames LocalTexts(const json& object, const char* key) {
    LocalNames names;
    auto it = object.find(key);
    if (it == object.end() || !it->is_object()) return names;
    for (const auto& [lang, text] : it->items())
        if (text.is_string() && !text.get<std::string>().empty()) names[lang] = text.get<std::string>();
    return names;
}

Metrics ParseMetrics(const json& j, const std::string& where) {
    Metrics m;
    m.sessions = Int(j, "sessions", where);
    m.starts = Int(j, "starts", where);
    m.completions = Int(j, "completions", where);
    m.abandons = Int(j, "abandons", where);
    m.completion_rate = Number(j, "completion_rate", where);
    m.completed_sessions = Int(j, "completed_sessions", where);
    m.assisted_completions = Int(j, "assisted_completions", where);
    m.unassisted_completions = Int(j, "unassisted_completions", where);
    m.unassisted_completion_rate = Number(j, "unassisted_completion_rate", where);
    m.feedback_count = Int(j, "feedback_count", where);
    m.rating_mean = OptNumber(j, "rating_mean", where);
    const json& share = Member(j, "task_done_share", where);
    m.task_yes = Number(share, "yes", where + ".task_done_share");
    m.task_partly = Number(share, "partly", where + ".task_done_share");
    m.task_no = Number(share, "no", where + ".task_done_share");
    m.help_requests = Int(j, "help_requests", where);
    m.help_ack_median_s = OptNumber(j, "help_ack_median_s", where);
    m.staff_minutes_saved = Number(j, "staff_minutes_saved", where);
    return m;
}

json ParseBody(const std::string& body, const std::string& what) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) Fail(what, "not JSON");
    if (!j.is_object()) Fail(what, "not an object");
    return j;
}

template <class F>
bool Guarded(std::string* error, F&& parse) {
    try {
        parse();
        return true;
    } catch (const ParseFailure& failure) {
        if (error) *error = failure.message;
    } catch (const std::exception& e) {  // nlohmann type errors we did not foresee
        if (error) *error = e.what();
    }
    return false;
}

}  // namespace

bool ParseSummary(const std::string& body, Summary& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "summary");
        Summary s;
        s.municipality = String(j, "municipality", "summary", false);
        const json& totals = Member(j, "totals", "summary");
        s.total_sessions = Int(totals, "sessions", "summary.totals");
        s.total_events = Int(totals, "events", "summary.totals");
        s.total_kiosks = Int(totals, "kiosks", "summary.totals");
        const json& themes = Array(j, "themes", "summary");
        for (std::size_t i = 0; i < themes.size(); ++i) {
            const std::string where = "summary.themes[" + std::to_string(i) + "]";
            ThemeSummary t;
            t.id = String(themes[i], "theme", where);
            t.name = LocalText(themes[i], "name", t.id);
            t.names = LocalTexts(themes[i], "name");
            t.metrics = ParseMetrics(themes[i], where);
            for (const json& id : Array(themes[i], "services", where))
                if (id.is_string()) t.services.push_back(id.get<std::string>());
            s.themes.push_back(std::move(t));
        }
        const json& services = Array(j, "services", "summary");
        for (std::size_t i = 0; i < services.size(); ++i) {
            const std::string where = "summary.services[" + std::to_string(i) + "]";
            ServiceSummary svc;
            svc.id = String(services[i], "service", where);
            svc.title = LocalText(services[i], "title", svc.id);
            svc.titles = LocalTexts(services[i], "title");
            svc.metrics = ParseMetrics(services[i], where);
            const json& versions = Array(services[i], "versions", where);
            for (std::size_t k = 0; k < versions.size(); ++k) {
                const std::string vwhere = where + ".versions[" + std::to_string(k) + "]";
                VersionSummary version{static_cast<int>(Int(versions[k], "version", vwhere)), ParseMetrics(versions[k], vwhere), {}};
                // Registries before side-by-side versions send no side_by_side: no randomised sessions. Otherwise a
                // list, one entry per other version the visits were drawn against.
                if (auto random = versions[k].find("side_by_side"); random != versions[k].end() && !random->is_null()) {
                    const json& drawn = Array(versions[k], "side_by_side", vwhere);
                    for (std::size_t r = 0; r < drawn.size(); ++r) {
                        const std::string rwhere = vwhere + ".side_by_side[" + std::to_string(r) + "]";
                        Metrics& m = version.side_by_side[static_cast<int>(Int(drawn[r], "against", rwhere))];
                        m.sessions = Int(drawn[r], "sessions", rwhere);
                        m.completed_sessions = Int(drawn[r], "completed_sessions", rwhere);
                        m.assisted_completions = Int(drawn[r], "assisted_completions", rwhere);
                        m.unassisted_completions = Int(drawn[r], "unassisted_completions", rwhere);
                        m.unassisted_completion_rate = Number(drawn[r], "unassisted_completion_rate", rwhere);
                    }
                }
                svc.versions.push_back(std::move(version));
            }
            std::sort(svc.versions.begin(), svc.versions.end(),
                      [](const VersionSummary& a, const VersionSummary& b) { return a.version < b.version; });
            s.services.push_back(std::move(svc));
        }
        out = std::move(s);
    });
}

bool ParseFunnel(const std::string& body, Funnel& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "funnel");
        Funnel f;
        f.service = String(j, "service", "funnel");
        f.version = static_cast<int>(Int(j, "version", "funnel"));
        f.steps_total = static_cast<int>(Int(j, "steps_total", "funnel"));
        f.completions = Int(j, "completions", "funnel");
        f.completed_sessions = Int(j, "completed_sessions", "funnel");
        f.assisted_completed_sessions = Int(j, "assisted_completed_sessions", "funnel");
        const json& steps = Array(j, "steps", "funnel");
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::string where = "funnel.steps[" + std::to_string(i) + "]";
            f.steps.push_back({static_cast<int>(Int(steps[i], "step", where)), LocalText(steps[i], "title", ""),
                               Int(steps[i], "views", where), Int(steps[i], "abandons", where),
                               Number(steps[i], "drop_off", where), LocalTexts(steps[i], "title")});
        }
        out = std::move(f);
    });
}

bool ParseFeedback(const std::string& body, std::vector<FeedbackItem>& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "feedback");
        const json& items = Array(j, "feedback", "feedback");
        std::vector<FeedbackItem> list;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string where = "feedback.feedback[" + std::to_string(i) + "]";
            FeedbackItem item;
            item.ts = Int(items[i], "ts", where);
            item.version = static_cast<int>(OptInt(items[i], "version", where).value_or(0));
            item.rating = static_cast<int>(Int(items[i], "rating", where));
            item.task_done = String(items[i], "task_done", where, false);
            item.lang = String(items[i], "lang", where, false);
            item.comment = String(items[i], "comment", where, false);
            list.push_back(std::move(item));
        }
        out = std::move(list);
    });
}

bool ParseHelpCalls(const std::string& body, std::vector<HelpCall>& out, std::string* municipality, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "help-requests");
        if (municipality) *municipality = String(j, "municipality", "help-requests", false);
        const json& items = Array(j, "help_requests", "help-requests");
        std::vector<HelpCall> list;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string where = "help-requests.help_requests[" + std::to_string(i) + "]";
            HelpCall c;
            c.id = String(items[i], "id", where);
            c.status = String(items[i], "status", where);
            c.kiosk_id = String(items[i], "kiosk_id", where, false);
            c.screen = String(items[i], "screen", where, false);
            c.service = String(items[i], "service", where, false);
            c.created_ts = Int(items[i], "created_ts", where);
            c.ack_ts = OptInt(items[i], "ack_ts", where);
            c.resolved_ts = OptInt(items[i], "resolved_ts", where);
            list.push_back(std::move(c));
        }
        out = std::move(list);
    });
}

bool ParseKiosks(const std::string& body, KioskReport& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "kiosks");
        KioskReport r;
        r.heartbeat_interval_s = static_cast<int>(OptInt(j, "heartbeat_interval_s", "kiosks").value_or(0));
        const json& items = Array(j, "kiosks", "kiosks");
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string where = "kiosks.kiosks[" + std::to_string(i) + "]";
            KioskHealth k;
            k.id = String(items[i], "kiosk_id", where);
            k.last_seen_ts = OptInt(items[i], "last_seen_ts", where);
            k.backlog = OptInt(items[i], "backlog", where);
            k.connected_share = Number(items[i], "connected_share", where);
            k.events_received = Int(items[i], "events_received", where);
            k.max_seq = Int(items[i], "max_seq", where);
            k.missing_seq = Int(items[i], "missing_seq", where);
            k.content_release = OptInt(items[i], "content_release", where);  // absent from older registries
            k.content_error = String(items[i], "content_error", where, false);
            r.kiosks.push_back(std::move(k));
        }
        out = std::move(r);
    });
}

namespace {

HelpDeskStats ReadHelpDeskStats(const json& j, const std::string& where) {
    HelpDeskStats h;
    h.location = String(j, "location", where, false);
    h.kiosk_id = String(j, "kiosk_id", where, false);
    h.help_calls = Int(j, "help_calls", where);
    h.answered = Int(j, "answered", where);
    h.cancelled = OptInt(j, "cancelled", where).value_or(0);  // older registries counted a cancel as answered
    h.unanswered = Int(j, "unanswered", where);
    h.escalations = Int(j, "escalations", where);
    h.ack_median_s = OptNumber(j, "ack_median_s", where);
    h.ack_p90_s = OptNumber(j, "ack_p90_s", where);
    h.alerts_raised = Int(j, "alerts_raised", where);
    h.alerts_acknowledged = Int(j, "alerts_acknowledged", where);
    return h;
}

}  // namespace

bool ParseHelpDesk(const std::string& body, HelpDeskReport& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "help");
        HelpDeskReport r;
        r.escalation_after_s = OptInt(j, "escalation_after_s", "help").value_or(0);
        const json& items = Array(j, "kiosks", "help");
        for (std::size_t i = 0; i < items.size(); ++i)
            r.kiosks.push_back(ReadHelpDeskStats(items[i], "help.kiosks[" + std::to_string(i) + "]"));
        r.totals = ReadHelpDeskStats(Member(j, "totals", "help"), "help.totals");
        out = std::move(r);
    });
}

bool ParseComparison(const std::string& body, Comparison& out, std::string* error) {
    return Guarded(error, [&] {
        const json j = ParseBody(body, "compare");
        Comparison c;
        const json& shares = Member(j, "shares", "compare");
        if (!shares.is_boolean()) Fail("compare.shares", "not true/false");
        c.shares = shares.get<bool>();
        const json& items = Array(j, "municipalities", "compare");
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string where = "compare.municipalities[" + std::to_string(i) + "]";
            const json& item = items[i];
            MunicipalityFigures m;
            m.municipality = String(item, "municipality", where);
            m.name = LocalTexts(item, "name");
            m.you = item.value("you", false);
            m.sessions = Int(item, "sessions", where);
            m.starts = Int(item, "starts", where);
            m.unassisted_completions = Int(item, "unassisted_completions", where);
            m.assisted_completions = Int(item, "assisted_completions", where);
            m.feedback_count = Int(item, "feedback_count", where);
            m.help_requests = Int(item, "help_requests", where);
            m.unassisted_completion_rate = Number(item, "unassisted_completion_rate", where);
            m.completion_rate = Number(item, "completion_rate", where);
            m.rating_mean = OptNumber(item, "rating_mean", where);
            if (auto v = OptInt(item, "version", where)) m.version = static_cast<int>(*v);
            if (auto it = item.find("largest_drop_off"); it != item.end() && !it->is_null()) {
                const std::string at = where + ".largest_drop_off";
                m.largest_drop_off = MunicipalityFigures::DropOff{static_cast<int>(Int(*it, "step", at)), LocalTexts(*it, "title"),
                                                                  Number(*it, "drop_off", at)};
            }
            c.municipalities.push_back(std::move(m));
        }
        out = std::move(c);
    });
}

std::string ErrorMessage(const std::string& body) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"].get<std::string>();
    std::string line = body.substr(0, body.find('\n'));
    if (line.size() > 200) line = line.substr(0, 200) + "...";
    return line;
}

// [SECTION] Derived figures

namespace {

enum class Direction { Down, Same, Up };

Direction Compare(double diff, double margin) {
    if (diff > margin) return Direction::Up;
    if (diff < -margin) return Direction::Down;
    return Direction::Same;
}

}  // namespace

double AssistedShare(const Metrics& m) {
    return m.sessions > 0 ? static_cast<double>(m.assisted_completions) / static_cast<double>(m.sessions) : 0.0;
}

namespace {

constexpr double kZ95 = 1.959964;  // two-sided 95 %
constexpr double kZ80 = 0.841621;  // one-sided 80 % power

struct Interval {
    double low = 0, high = 0;
};

// Wilson's score interval of a proportion p of n at 95 %.
Interval WilsonInterval(double p, double n) {
    const double z2 = kZ95 * kZ95;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

// Sessions per version to find a difference `delta` between rates near p1 and p2 (95 % confidence, 80 % power).
// The variance is floored at that of a 5 % rate so that 0 of 10 against 0 of 10 still asks for a real sample.
std::int64_t SessionsNeeded(double p1, double p2, double delta) {
    const double floor = 0.05 * 0.95;
    const double variance = std::max(p1 * (1 - p1), floor) + std::max(p2 * (1 - p2), floor);
    return static_cast<std::int64_t>(std::ceil((kZ95 + kZ80) * (kZ95 + kZ80) * variance / (delta * delta)));
}

}  // namespace

VersionDelta CompareVersions(const VersionSummary& newer, const VersionSummary& older) {
    VersionDelta d;
    d.newer = newer.version;
    d.older = older.version;
    const Metrics& n = newer.metrics;
    const Metrics& o = older.metrics;
    d.sessions_newer = n.sessions;
    d.sessions_older = o.sessions;
    d.starts_newer = n.starts;
    d.starts_older = o.starts;
    d.unassisted_newer = n.unassisted_completions;
    d.unassisted_older = o.unassisted_completions;
    d.unassisted_rate_newer = n.unassisted_completion_rate;
    d.unassisted_rate_older = o.unassisted_completion_rate;
    d.unassisted_rate_diff = n.unassisted_completion_rate - o.unassisted_completion_rate;
    d.assisted_newer = n.assisted_completions;
    d.assisted_older = o.assisted_completions;
    d.assisted_share_newer = AssistedShare(n);
    d.assisted_share_older = AssistedShare(o);
    d.assisted_share_diff = d.assisted_share_newer - d.assisted_share_older;
    // Out of sessions like the two rows above, so with + without = in all (completions / starts counts a
    // citizen who reopens the guide twice).
    auto completed_share = [](const Metrics& m) {
        return m.sessions > 0 ? static_cast<double>(m.completed_sessions) / static_cast<double>(m.sessions) : 0.0;
    };
    d.completion_newer = completed_share(n);
    d.completion_older = completed_share(o);
    d.completion_diff = d.completion_newer - d.completion_older;
    d.rating_newer = n.rating_mean;
    d.rating_older = o.rating_mean;
    if (n.rating_mean && o.rating_mean) d.rating_diff = *n.rating_mean - *o.rating_mean;
    d.task_yes_newer = n.task_yes;
    d.task_yes_older = o.task_yes;
    d.task_yes_diff = n.task_yes - o.task_yes;
    d.help_newer = n.help_requests;
    d.help_older = o.help_requests;
    d.help_per_start_newer = n.starts > 0 ? static_cast<double>(n.help_requests) / static_cast<double>(n.starts) : 0.0;
    d.help_per_start_older = o.starts > 0 ? static_cast<double>(o.help_requests) / static_cast<double>(o.starts) : 0.0;

    // Pooled two-proportion z test of "completed without staff help" out of sessions; the count is capped
    // at the sessions so a registry oddity cannot make a proportion above 1.
    if (n.sessions > 0 && o.sessions > 0) {
        const double n1 = static_cast<double>(n.sessions), n2 = static_cast<double>(o.sessions);
        const double c1 = std::clamp<double>(static_cast<double>(n.unassisted_completions), 0, n1);
        const double c2 = std::clamp<double>(static_cast<double>(o.unassisted_completions), 0, n2);
        const double pooled = (c1 + c2) / (n1 + n2);
        const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        if (se > 0) d.unassisted_z = (c1 / n1 - c2 / n2) / se;
    }

    if (n.sessions > 0 && o.sessions > 0) {
        const double n1 = static_cast<double>(n.sessions), n2 = static_cast<double>(o.sessions);
        const double p1 = std::clamp<double>(static_cast<double>(n.unassisted_completions), 0, n1) / n1;
        const double p2 = std::clamp<double>(static_cast<double>(o.unassisted_completions), 0, n2) / n2;
        const Interval w1 = WilsonInterval(p1, n1), w2 = WilsonInterval(p2, n2);
        const double diff = p1 - p2;
        d.unassisted_diff_low = diff - std::sqrt((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2));
        d.unassisted_diff_high = diff + std::sqrt((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low));
        d.significant = *d.unassisted_diff_low > 0 || *d.unassisted_diff_high < 0;
        d.sessions_needed = SessionsNeeded(p1, p2, std::max(std::fabs(diff), kSmallestDifference));
        d.more_sessions_needed = std::max<std::int64_t>(0, d.sessions_needed - std::min(n.sessions, o.sessions));
    }

    d.rise_from_staff_help =
        d.unassisted_rate_diff + d.assisted_share_diff > kCompletionMargin && d.unassisted_rate_diff <= kCompletionMargin;

    if (n.sessions < kMinSessionsForVerdict || o.sessions < kMinSessionsForVerdict) {
        d.verdict = Verdict::TooLittleData;
        return d;
    }
    // The completion part is the unassisted rate only: more completions because staff helped more are
    // no success of the redesign (see Verdict). A change counts when it is real (the interval excludes 0);
    // "the same" needs the interval inside +-kSmallestDifference; anything else is not yet clear.
    Direction completion = Direction::Same;
    if (d.significant && std::fabs(d.unassisted_rate_diff) > kCompletionMargin) {
        completion = d.unassisted_rate_diff > 0 ? Direction::Up : Direction::Down;
    } else if (!(d.unassisted_diff_low && *d.unassisted_diff_low >= -kSmallestDifference && *d.unassisted_diff_high <= kSmallestDifference)) {
        d.verdict = Verdict::NotYetClear;
        return d;
    }
    const Direction rating = d.rating_diff ? Compare(*d.rating_diff, kRatingMargin) : Direction::Same;
    if (completion == Direction::Same && rating == Direction::Same) d.verdict = Verdict::NoChange;
    else if (completion != Direction::Down && rating != Direction::Down) d.verdict = Verdict::Better;
    else if (completion != Direction::Up && rating != Direction::Up) d.verdict = Verdict::Worse;
    else d.verdict = Verdict::Mixed;
    return d;
}

const Metrics& VersionSummary::DrawnAgainst(int other) const {
    static const Metrics kNone;
    const auto it = side_by_side.find(other);
    return it == side_by_side.end() ? kNone : it->second;
}

VersionDelta CompareSideBySideOrBeforeAfter(const VersionSummary& newer, const VersionSummary& older) {
    // Only the two versions' visits drawn against each other: v2's visits from an earlier test against v1 met
    // other weeks than v3's.
    const Metrics& newer_drawn = newer.DrawnAgainst(older.version);
    const Metrics& older_drawn = older.DrawnAgainst(newer.version);
    if (newer_drawn.sessions == 0 || older_drawn.sessions == 0) return CompareVersions(newer, older);
    VersionDelta d = CompareVersions({newer.version, newer_drawn, {}}, {older.version, older_drawn, {}});
    d.side_by_side = true;
    return d;
}

std::optional<VersionDelta> LatestDelta(const ServiceSummary& service) {
    if (service.versions.size() < 2) return std::nullopt;
    const auto& v = service.versions;  // ascending
    return CompareSideBySideOrBeforeAfter(v[v.size() - 1], v[v.size() - 2]);
}

const std::string& InLanguage(const LocalNames& names, const std::string& lang, const std::string& fallback) {
    if (auto it = names.find(lang); it != names.end()) return it->second;
    if (auto it = names.find("da"); it != names.end()) return it->second;
    return fallback;
}

const std::string& VerdictText(Verdict verdict, const Texts& t) {
    switch (verdict) {
        case Verdict::Better: return t.Get("verdict.better");
        case Verdict::Worse: return t.Get("verdict.worse");
        case Verdict::Mixed: return t.Get("verdict.mixed");
        case Verdict::NoChange: return t.Get("verdict.no_change");
        case Verdict::TooLittleData: return t.Get("verdict.too_little_data");
        case Verdict::NotYetClear: return t.Get("verdict.not_yet_clear");
    }
    return t.Get("verdict.too_little_data");
}

namespace {

// Whole percentage points with a sign: "+13", "-5", "0" (never "-0").
std::string SignedPoints(double diff) {
    const long long points = std::llround(diff * 100.0);
    return (points > 0 ? "+" : "") + std::to_string(points);
}

}  // namespace

std::string ShareOf(std::int64_t part, std::int64_t whole, const Texts& t) {
    const double share = whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
    return t.Fill("number.share_of", {{"percent", t.Percent(share)}, {"part", std::to_string(part)}, {"whole", std::to_string(whole)}});
}

std::string DeltaLine(const VersionDelta& d, const Texts& t) {
    const std::string rating = d.rating_diff ? t.SignedDecimal(*d.rating_diff, 2) : "-";  // "0.00", never "+0.00" or "-0.00"
    return t.Fill("delta.line", {{"newer", std::to_string(d.newer)},
                                 {"older", std::to_string(d.older)},
                                 {"points", SignedPoints(d.unassisted_rate_diff)},
                                 {"rating", rating},
                                 {"verdict", VerdictText(d.verdict, t)},
                                 {"staff", d.rise_from_staff_help ? t.Get("delta.line_staff_help") : ""}}) +
           (d.side_by_side ? t.Get("delta.line_side_by_side") : std::string());
}

std::array<std::int64_t, 5> RatingCounts(const std::vector<FeedbackItem>& feedback, int version) {
    std::array<std::int64_t, 5> counts{};
    for (const auto& f : feedback)
        if ((version == 0 || f.version == version) && f.rating >= 1 && f.rating <= 5) ++counts[static_cast<std::size_t>(f.rating - 1)];
    return counts;
}

std::string FoldCase(const std::string& text) {
    std::string out = text;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            // U+00C0..U+00DE are C3 80..C3 9E; lower case is +0x20. U+00D7 (multiplication sign) is no letter.
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return out;
}

std::vector<FeedbackItem> FilterComments(const std::vector<FeedbackItem>& feedback, const CommentFilter& filter) {
    const std::string needle = FoldCase(filter.text);
    std::vector<FeedbackItem> out;
    for (const auto& f : feedback) {
        if (filter.only_with_comment && f.comment.empty()) continue;
        if (filter.version != 0 && f.version != filter.version) continue;
        if (f.rating < filter.min_rating || f.rating > filter.max_rating) continue;
        if (!filter.task_done.empty() && f.task_done != filter.task_done) continue;
        if (!needle.empty() && FoldCase(f.comment).find(needle) == std::string::npos) continue;
        out.push_back(f);
    }
    std::stable_sort(out.begin(), out.end(), [](const FeedbackItem& a, const FeedbackItem& b) { return a.ts > b.ts; });
    return out;
}

ResponseTimes HelpResponseTimes(const std::vector<HelpCall>& calls) {
    ResponseTimes r;
    std::vector<double> seconds;
    for (const auto& c : calls) {
        ++r.calls;
        if (c.status == "open") ++r.open;
        if (c.ack_ts) {
            ++r.acknowledged;
            seconds.push_back(static_cast<double>(*c.ack_ts - c.created_ts) / 1000.0);
        }
    }
    if (seconds.empty()) return r;
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    r.median_s = n % 2 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2.0;
    // Nearest-rank 90th percentile: the smallest value with at least 90 % of calls at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));
    r.p90_s = seconds[std::max<std::size_t>(rank, 1) - 1];
    r.max_s = seconds.back();
    return r;
}

std::string FormatTimestamp(std::optional<Millis> ms, const Texts& t) {
    if (!ms) return t.Get("age.never");
    const std::time_t seconds = static_cast<std::time_t>(*ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
    return text;
}

std::string FormatAge(std::optional<Millis> ms, Millis now_ms, const Texts& t) {
    if (!ms) return t.Get("age.never");
    const Millis age_s = std::max<Millis>(0, (now_ms - *ms) / 1000);
    if (age_s < 60) return t.Fill("age.seconds", {{"n", std::to_string(age_s)}});
    if (age_s < 3600) return t.Fill("age.minutes", {{"n", std::to_string(age_s / 60)}});
    if (age_s < 48 * 3600) return t.Fill("age.hours", {{"n", std::to_string(age_s / 3600)}});
    return t.Fill("age.days", {{"n", std::to_string(age_s / 86400)}});
}

}  // namespace bk::review
