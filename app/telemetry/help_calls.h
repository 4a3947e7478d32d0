// Help calls against the registry, on two worker lanes so the UI thread never waits on the network and the
// citizen's call and the staff screen never wait for each other.
//
// Citizen lane (bk::HelpDesk): Request() posts /v1/help-requests, then polls /v1/help-requests/{id} every
// poll interval while the call is open or acknowledged; with no call to follow it sleeps without a timer.
// Staff lane: RefreshOpen() lists unresolved requests, Ack()/Resolve() move one on. Results land in
// mutex-protected snapshots the UI reads each frame (the mutex is never held across a request); `wake` is
// called from a lane after every change so an event-driven loop redraws (e.g. glfwPostEmptyEvent).
// One object serves the whole kiosk: staff act for the location with the kiosk's own token.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shared/clock.h"
#include "core/help_desk.h"
#include "shared/worker.h"

namespace bk {
class HttpClient;
}

namespace bk::telemetry {

struct HelpCallsConfig {
    std::string registry_url;
    std::string kiosk_id;
    std::string token;  // the kiosk's token: citizen calls and the staff list alike
    std::string ca_file;
    // While a call is open: the citizen learns within about a second that staff are coming (the promise is 2 s);
    // one small GET per second per kiosk with an open call, nothing otherwise.
    Millis poll_interval_ms = 1'000;
    Millis request_timeout_ms = 10'000;
};

struct HelpCallSnapshot {
    HelpStatus status = HelpStatus::None;
    std::string id;          // the registry's id once created
    Millis created_ts = 0;
    std::string error;       // last error (a poll error keeps the last known status)
};

struct OpenHelpRequest {
    std::string id;
    std::string kiosk_id;
    std::string session;
    std::string screen;
    std::string service;
    std::string status;
    Millis created_ts = 0;
    std::string location;    // as the calling kiosk sent it ("" from an older kiosk)
    std::string step_title;  // from the registry's catalogue ("" when unknown)
    std::string lang;        // the citizen's language
};

struct StaffSnapshot {
    std::vector<OpenHelpRequest> open;  // open and acknowledged calls as of the last successful RefreshOpen()
    Millis refreshed_ts = 0;            // wall time of that refresh; 0 = never
    std::string error;
};

class HelpCalls final : public HelpDesk {
public:
    HelpCalls(HelpCallsConfig config, std::function<void()> wake);
    ~HelpCalls() override;  // stops both lanes; requests in flight are abandoned
    HelpCalls(const HelpCalls&) = delete;
    HelpCalls& operator=(const HelpCalls&) = delete;

    // HelpDesk (citizen side). Return at once.
    void Request(const HelpRequest& request) override;
    void Cancel() override;  // stops following the request (and tells the registry if one was created)
    void Expire() override;  // as Cancel(), with the reason "expired" in the cancel request's body
    HelpStatus Status() const override;
    HelpCallSnapshot Snapshot() const;

    // Staff side. Return at once; results appear in Staff(). Ack() and Resolve() refresh the list after.
    void RefreshOpen();
    void Ack(const std::string& id);
    void Resolve(const std::string& id);
    StaffSnapshot Staff() const;

    // The lanes' workers, for tests (an idle citizen lane has no timer) and diagnostics.
    Worker::State CitizenLane() const { return m_citizen.Snapshot(); }
    Worker::State StaffLane() const { return m_staff.Snapshot(); }
    // Both lanes have run every job posted so far (the poll timer may still be set). False on timeout.
    bool WaitUntilIdle(std::chrono::milliseconds timeout) const;

private:
    void PollCurrent(std::uint64_t generation);   // citizen lane
    void PollLater(std::uint64_t generation);     // citizen lane: the next poll, while the call is followed
    void SendTransition(HttpClient& http, const std::string& id, const char* action, const std::string& body = "{}");
    void StopFollowing(const char* reason);  // Cancel() and Expire()
    void FetchOpen();                             // staff lane
    void Notify();

    HelpCallsConfig m_config;
    std::function<void()> m_wake;
    std::atomic<bool> m_abort{false};
    std::unique_ptr<HttpClient> m_citizen_http;  // citizen lane only
    std::unique_ptr<HttpClient> m_staff_http;    // staff lane only

    mutable std::mutex m_mutex;  // guards everything below
    std::uint64_t m_generation = 0;  // bumped by Request/Cancel: stale answers are ignored
    HelpCallSnapshot m_call;
    StaffSnapshot m_staff_snapshot;

    // Last: stopped before the members their jobs use are destroyed.
    Worker m_citizen;
    Worker m_staff;
};

}  // namespace bk::telemetry
