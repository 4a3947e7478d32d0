// Help calls against the registry, run on a worker thread so the UI thread never waits on the network.
//
// Citizen side (bk::HelpDesk): Request() posts /v1/help-requests, then polls /v1/help-requests/{id} every
// poll interval until it is resolved or cancelled. Staff side: RefreshOpen() lists unresolved requests,
// Ack()/Resolve() move one on. Results land in mutex-protected snapshots the UI reads each frame;
// `wake` is called from the worker after every change so an event-driven loop redraws
// (e.g. glfwPostEmptyEvent).
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/help_desk.h"

namespace bk::telemetry {

class HttpClient;

struct HelpCallsConfig {
    std::string registry_url;
    std::string kiosk_id;
    std::string token;  // the kiosk's token (citizen side) or a staff token (staff side)
    std::string ca_file;
    Millis poll_interval_ms = 3'000;
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
};

struct StaffSnapshot {
    std::vector<OpenHelpRequest> open;  // open and acknowledged calls as of the last successful RefreshOpen()
    Millis refreshed_ts = 0;            // wall time of that refresh; 0 = never
    std::string error;
};

class HelpCalls final : public HelpDesk {
public:
    HelpCalls(HelpCallsConfig config, std::function<void()> wake);
    ~HelpCalls() override;  // stops the worker; a request in flight is abandoned
    HelpCalls(const HelpCalls&) = delete;
    HelpCalls& operator=(const HelpCalls&) = delete;

    // HelpDesk (citizen side). Return at once.
    void Request(const std::string& session, const std::string& screen, const std::string& service) override;
    void Cancel() override;  // stops following the request (and tells the registry if one was created)
    HelpStatus Status() const override;
    HelpCallSnapshot Snapshot() const;

    // Staff side. Return at once; results appear in Staff(). Ack() and Resolve() refresh the list after.
    void RefreshOpen();
    void Ack(const std::string& id);
    void Resolve(const std::string& id);
    StaffSnapshot Staff() const;

private:
    using Job = std::function<void(HttpClient&)>;
    void Post(Job job);
    void Run();
    void PollCurrent(HttpClient& http);
    void Notify();
    void StaffTransition(const std::string& id, const char* action);

    HelpCallsConfig m_config;
    std::function<void()> m_wake;
    std::atomic<bool> m_abort{false};

    mutable std::mutex m_mutex;  // guards everything below
    std::condition_variable m_cv;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    std::uint64_t m_generation = 0;  // bumped by Request/Cancel: stale answers are ignored
    HelpCallSnapshot m_call;
    StaffSnapshot m_staff;
    std::thread m_thread;
};

}  // namespace bk::telemetry
