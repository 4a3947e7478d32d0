#include "telemetry/help_calls.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "shared/http.h"
#include "shared/clock.h"

namespace bk::telemetry {
namespace {

HelpStatus ParseStatus(const std::string& status) {
    if (status == "open")
        return HelpStatus::Open;
    if (status == "acknowledged")
        return HelpStatus::Acknowledged;
    if (status == "resolved" || status == "cancelled" || status == "expired")
        return HelpStatus::Resolved;
    return HelpStatus::Failed;
}

bool IsFollowed(HelpStatus status) { return status == HelpStatus::Open || status == HelpStatus::Acknowledged; }

std::string Describe(const HttpResponse& response) {
    if (response.status == 0)
        return response.error;
    return "HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 200);
}

}  // namespace

HelpCalls::HelpCalls(HelpCallsConfig config, std::function<void()> wake)
    : m_config(std::move(config)), m_wake(std::move(wake)) {
    while (!m_config.registry_url.empty() && m_config.registry_url.back() == '/')
        m_config.registry_url.pop_back();
    const HttpOptions options{m_config.ca_file, 5'000, m_config.request_timeout_ms};
    m_citizen_http = std::make_unique<HttpClient>(options);
    m_staff_http = std::make_unique<HttpClient>(options);
}

HelpCalls::~HelpCalls() {
    m_abort = true;  // requests in flight return at once
    m_citizen.Stop();
    m_staff.Stop();
}

void HelpCalls::Notify() {
    if (m_wake)
        m_wake();
}

bool HelpCalls::WaitUntilIdle(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    return m_citizen.WaitUntilAsleep(timeout) &&
           m_staff.WaitUntilAsleep(std::chrono::duration_cast<std::chrono::milliseconds>(
               std::max(deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration::zero())));
}

void HelpCalls::Request(const HelpRequest& request) {
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        generation = ++m_generation;
        m_call = {};
        m_call.status = HelpStatus::Sending;
    }
    m_citizen.CancelTimer();  // an earlier call's poll
    nlohmann::json body = {
        {"kiosk_id", m_config.kiosk_id}, {"session", request.session}, {"screen", request.screen}, {"service", request.service}};
    // What staff need to come prepared; each is optional at the registry.
    if (request.step >= 0) body["step"] = request.step;
    if (!request.lang.empty()) body["lang"] = request.lang;
    if (!request.location.empty()) body["location"] = request.location;
    if (request.escalate_after_s > 0) body["escalate_after_s"] = request.escalate_after_s;
    m_citizen.Post([this, generation, text = body.dump()] {
        const HttpResponse response =
            m_citizen_http->Send("POST", m_config.registry_url + "/v1/help-requests",
                                 {"Authorization: Bearer " + m_config.token, "Content-Type: application/json"}, text,
                                 &m_abort);
        const nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
        const bool created = response.status == 201 && answer.is_object() && answer.contains("id");
        std::string cancelled_id;
        bool follow = false;
        {
            std::lock_guard lock(m_mutex);
            if (generation != m_generation) {
                // Cancelled while in flight: the registry has it, so close it there too.
                if (created)
                    cancelled_id = answer["id"].is_string() ? answer["id"].get<std::string>() : answer["id"].dump();
            } else if (created) {
                m_call.id = answer["id"].is_string() ? answer["id"].get<std::string>() : answer["id"].dump();
                m_call.status = ParseStatus(answer.value("status", std::string("open")));
                m_call.created_ts = answer.value("created_ts", Millis{0});
                m_call.error.clear();
                follow = IsFollowed(m_call.status);
            } else {
                m_call.status = HelpStatus::Failed;
                m_call.error = Describe(response);
            }
        }
        if (!cancelled_id.empty())
            SendTransition(*m_citizen_http, cancelled_id, "cancel");
        if (follow)
            PollLater(generation);
        Notify();
    });
}

void HelpCalls::Cancel() { StopFollowing("cancelled"); }
void HelpCalls::Expire() { StopFollowing("expired"); }

void HelpCalls::StopFollowing(const char* reason) {
    std::string id;
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
        if (IsFollowed(m_call.status))
            id = m_call.id;
        m_call = {};
    }
    m_citizen.CancelTimer();  // nothing left to follow
    // Closed for staff; the report counts it as cancelled, not as answered. The reason says whether the citizen
    // cancelled or the call expired unanswered (a registry that does not know the field ignores it).
    if (!id.empty()) {
        const std::string body = nlohmann::json{{"reason", reason}}.dump();
        m_citizen.Post([this, id, body] { SendTransition(*m_citizen_http, id, "cancel", body); });
    }
}

HelpStatus HelpCalls::Status() const {
    std::lock_guard lock(m_mutex);
    return m_call.status;
}

HelpCallSnapshot HelpCalls::Snapshot() const {
    std::lock_guard lock(m_mutex);
    return m_call;
}

void HelpCalls::PollLater(std::uint64_t generation) {
    m_citizen.SetTimer(Worker::Clock::now() + std::chrono::milliseconds(m_config.poll_interval_ms),
                       [this, generation] { PollCurrent(generation); });
}

void HelpCalls::PollCurrent(std::uint64_t generation) {
    std::string id;
    {
        std::lock_guard lock(m_mutex);
        if (generation != m_generation || !IsFollowed(m_call.status))
            return;
        id = m_call.id;
    }
    const HttpResponse response = m_citizen_http->Send("GET", m_config.registry_url + "/v1/help-requests/" + id,
                                                       {"Authorization: Bearer " + m_config.token}, {}, &m_abort);
    const nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
    bool changed = false;
    bool follow = false;
    {
        std::lock_guard lock(m_mutex);
        if (generation != m_generation)
            return;
        if (response.status == 200 && answer.is_object() && answer.contains("status") && answer["status"].is_string()) {
            const HelpStatus status = ParseStatus(answer["status"].get<std::string>());
            changed = status != m_call.status || !m_call.error.empty();
            m_call.status = status;
            m_call.error.clear();
        } else if (response.status == 404) {
            changed = true;  // the registry forgot it (e.g. reset): nothing more to follow
            m_call.status = HelpStatus::Resolved;
        } else {
            changed = m_call.error.empty();
            m_call.error = Describe(response);  // keep the last known status and try again later
        }
        follow = IsFollowed(m_call.status);
    }
    if (follow)
        PollLater(generation);
    if (changed)
        Notify();
}

void HelpCalls::RefreshOpen() {
    m_staff.Post([this] { FetchOpen(); });
}

void HelpCalls::FetchOpen() {
    // "Open" for staff means not yet resolved: both open and acknowledged calls, oldest first.
    std::vector<OpenHelpRequest> calls;
    std::string error;
    for (const char* status : {"open", "acknowledged"}) {
        const HttpResponse response =
            m_staff_http->Send("GET", m_config.registry_url + "/v1/help-requests?status=" + status,
                               {"Authorization: Bearer " + m_config.token}, {}, &m_abort);
        nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
        if (answer.is_object() && answer.contains("help_requests"))  // {"municipality", "help_requests": [...]}
            answer = answer["help_requests"];
        if (response.status != 200 || !answer.is_array()) {
            error = Describe(response);
            break;
        }
        for (const auto& item : answer) {
            if (!item.is_object())
                continue;
            OpenHelpRequest call;
            call.id = item.value("id", std::string());
            call.kiosk_id = item.value("kiosk_id", std::string());
            call.session = item.value("session", std::string());
            call.screen = item.value("screen", std::string());
            call.service = item.value("service", std::string());
            call.status = item.value("status", std::string());
            call.created_ts = item.contains("created_ts") && item["created_ts"].is_number_integer()
                                  ? item["created_ts"].get<Millis>()
                                  : 0;
            // Newer fields may be null or missing (an older registry): value() would throw on null.
            auto text = [&](const char* key) {
                const auto it = item.find(key);
                return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            call.location = text("location");
            // The catalogue's title in every language ({"da": ...}); staff read Danish first.
            if (const auto title = item.find("step_title"); title != item.end() && title->is_object()) {
                for (const auto& [lang, value] : title->items())
                    if (value.is_string() && (call.step_title.empty() || lang == "da")) call.step_title = value.get<std::string>();
            } else {
                call.step_title = text("step_title");
            }
            call.lang = text("lang");
            calls.push_back(std::move(call));
        }
    }
    std::stable_sort(calls.begin(), calls.end(),
                     [](const OpenHelpRequest& a, const OpenHelpRequest& b) { return a.created_ts < b.created_ts; });
    {
        std::lock_guard lock(m_mutex);
        if (error.empty()) {
            m_staff_snapshot.open = std::move(calls);
            m_staff_snapshot.refreshed_ts = WallNowMs();
        }
        m_staff_snapshot.error = error;
    }
    Notify();
}

void HelpCalls::SendTransition(HttpClient& http, const std::string& id, const char* action, const std::string& body) {
    const HttpResponse response =
        http.Send("POST", m_config.registry_url + "/v1/help-requests/" + id + "/" + action,
                  {"Authorization: Bearer " + m_config.token, "Content-Type: application/json"}, body, &m_abort);
    if (response.status < 200 || response.status >= 300) {
        std::lock_guard lock(m_mutex);
        m_staff_snapshot.error = Describe(response);
    }
    Notify();
}

// Each is followed by a fresh list, so the staff screen shows the change without asking.
void HelpCalls::Ack(const std::string& id) {
    m_staff.Post([this, id] {
        SendTransition(*m_staff_http, id, "ack");
        FetchOpen();
    });
}
void HelpCalls::Resolve(const std::string& id) {
    m_staff.Post([this, id] {
        SendTransition(*m_staff_http, id, "resolve");
        FetchOpen();
    });
}

StaffSnapshot HelpCalls::Staff() const {
    std::lock_guard lock(m_mutex);
    return m_staff_snapshot;
}

}  // namespace bk::telemetry
