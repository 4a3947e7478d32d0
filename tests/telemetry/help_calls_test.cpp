// Help calls against a scripted loopback registry: the citizen lane and the staff lane never wait for each
// other, and the citizen lane polls only while a call is open.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>

#include "change_signal.h"
#include "local_server.h"
#include "telemetry/help_calls.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;

// POST /v1/help-requests creates "h1" (held while `hold_create` is set); GET /v1/help-requests/h1 answers
// `status`; the staff list is always empty; transitions are counted.
class HelpRegistry {
public:
    HelpRegistry() {
        m_server.Post("/v1/help-requests", [this](const httplib::Request& request, httplib::Response& response) {
            {
                std::lock_guard lock(m_mutex);
                m_create_body = request.body;
            }
            ++creates_received;
            signal.Notify();
            signal.WaitFor([&] { return !hold_create.load(); }, 60s);
            response.status = 201;
            response.set_content(R"({"id":"h1","status":"open","created_ts":1790000000000})", "application/json");
        });
        m_server.Get("/v1/help-requests/h1", [this](const httplib::Request&, httplib::Response& response) {
            ++polls;
            std::lock_guard lock(m_mutex);
            response.set_content(nlohmann::json({{"id", "h1"}, {"status", m_status}}).dump(), "application/json");
        });
        m_server.Get("/v1/help-requests", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(R"({"municipality":"odder","help_requests":[]})", "application/json");
        });
        m_server.Post(R"(/v1/help-requests/h1/(\w+))", [this](const httplib::Request& request, httplib::Response& response) {
            if (request.matches[1] == "cancel") {  // the citizen's lane cancels; staff resolve
                std::lock_guard lock(m_mutex);
                m_cancel_body = request.body;
                ++cancels;
            }
            response.set_content("{}", "application/json");
            signal.Notify();
        });
        m_running = std::make_unique<test::LocalServer>(m_server);
    }
    ~HelpRegistry() {
        hold_create = false;
        signal.Notify();
        m_running.reset();
    }
    void SetStatus(const std::string& status) {
        std::lock_guard lock(m_mutex);
        m_status = status;
    }
    std::string Url() const { return m_running->Url(); }
    nlohmann::json CancelBody() {
        std::lock_guard lock(m_mutex);
        return nlohmann::json::parse(m_cancel_body, nullptr, false);
    }
    nlohmann::json CreateBody() {
        std::lock_guard lock(m_mutex);
        return nlohmann::json::parse(m_create_body, nullptr, false);
    }

    test::ChangeSignal signal;
    std::atomic<bool> hold_create{false};
    std::atomic<int> creates_received{0}, polls{0}, cancels{0};

private:
    std::mutex m_mutex;
    std::string m_status = "open";
    std::string m_create_body;
    std::string m_cancel_body;
    httplib::Server m_server;
    std::unique_ptr<test::LocalServer> m_running;
};

HelpCallsConfig Config(const std::string& url) {
    HelpCallsConfig config;
    config.registry_url = url;
    config.kiosk_id = "kiosk-1";
    config.token = "kiosk-token";
    config.poll_interval_ms = 20;
    return config;
}

TEST(HelpCalls, StaffListIsServedWhileTheCitizensRequestHangs) {
    HelpRegistry registry;
    registry.hold_create = true;
    test::ChangeSignal changed;
    HelpCalls help(Config(registry.Url()), changed.Callback());
    help.Request({"0123456789abcdef", "guide", "pas"});
    ASSERT_TRUE(registry.signal.WaitFor([&] { return registry.creates_received == 1; }));
    EXPECT_EQ(help.Status(), HelpStatus::Sending);  // Request() returned while the registry holds the answer

    help.RefreshOpen();
    ASSERT_TRUE(changed.WaitFor([&] { return help.Staff().refreshed_ts > 0; }))
        << "the staff list waited for the citizen's request";
    EXPECT_EQ(help.Status(), HelpStatus::Sending);  // still held: the lanes really ran side by side

    registry.hold_create = false;
    registry.signal.Notify();
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; })) << help.Snapshot().error;
}

TEST(HelpCalls, ACallCarriesItsEscalationTimeOnlyWhenTheKioskSetsOne) {
    HelpRegistry registry;
    test::ChangeSignal changed;
    HelpCalls help(Config(registry.Url()), changed.Callback());
    HelpRequest request{"0123456789abcdef", "guide", "pas", 2, "da", "Odder Bibliotek", 180};
    help.Request(request);
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; })) << help.Snapshot().error;
    EXPECT_EQ(registry.CreateBody()["escalate_after_s"], 180) << registry.CreateBody().dump();
    EXPECT_EQ(registry.CreateBody()["step"], 2);

    help.Cancel();
    request.escalate_after_s = 0;
    help.Request(request);
    ASSERT_TRUE(registry.signal.WaitFor([&] { return registry.creates_received == 2; }));
    EXPECT_FALSE(registry.CreateBody().contains("escalate_after_s")) << "0: not sent, the registry's default applies";
}

TEST(HelpCalls, CitizenLanePollsOnlyWhileACallIsOpen) {
    HelpRegistry registry;
    test::ChangeSignal changed;
    HelpCalls help(Config(registry.Url()), changed.Callback());
    ASSERT_TRUE(help.WaitUntilIdle(10s));
    EXPECT_FALSE(help.CitizenLane().timer.has_value()) << "no call open: the citizen lane must not wake";
    EXPECT_FALSE(help.StaffLane().timer.has_value());
    EXPECT_EQ(help.CitizenLane().wakes, 0);

    help.Request({"0123456789abcdef", "guide", "pas"});
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; })) << help.Snapshot().error;
    ASSERT_TRUE(help.WaitUntilIdle(10s));
    EXPECT_TRUE(help.CitizenLane().timer.has_value()) << "an open call is followed";

    registry.SetStatus("acknowledged");
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Acknowledged; }));
    registry.SetStatus("resolved");
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Resolved; }));
    ASSERT_TRUE(help.WaitUntilIdle(10s));
    EXPECT_FALSE(help.CitizenLane().timer.has_value()) << "a resolved call is not polled any more";
    EXPECT_GE(registry.polls.load(), 2);
}

TEST(HelpCalls, CancelStopsPollingAndClosesTheCallAtTheRegistry) {
    HelpRegistry registry;
    test::ChangeSignal changed;
    HelpCalls help(Config(registry.Url()), changed.Callback());
    help.Request({"0123456789abcdef", "home", ""});
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; }));
    help.Cancel();
    EXPECT_EQ(help.Status(), HelpStatus::None);
    EXPECT_FALSE(help.CitizenLane().timer.has_value());
    ASSERT_TRUE(registry.signal.WaitFor([&] { return registry.cancels == 1; }));
    ASSERT_TRUE(help.WaitUntilIdle(10s));
    EXPECT_FALSE(help.CitizenLane().timer.has_value());
}

TEST(HelpCalls, CancelAndExpireTellTheRegistryWhy) {
    HelpRegistry registry;
    test::ChangeSignal changed;
    HelpCalls help(Config(registry.Url()), changed.Callback());
    help.Request({"0123456789abcdef", "home", ""});
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; }));
    help.Cancel();
    ASSERT_TRUE(registry.signal.WaitFor([&] { return registry.cancels == 1; }));
    EXPECT_EQ(registry.CancelBody().value("reason", ""), "cancelled");
    help.Request({"0123456789abcdef", "home", ""});
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Open; }));
    help.Expire();  // nobody came and the session ended: not resolved, not answered
    EXPECT_EQ(help.Status(), HelpStatus::None);
    ASSERT_TRUE(registry.signal.WaitFor([&] { return registry.cancels == 2; }));
    EXPECT_EQ(registry.CancelBody().value("reason", ""), "expired");
    ASSERT_TRUE(help.WaitUntilIdle(10s));
}

TEST(HelpCalls, UnreachableRegistryFailsAndIsNotPolled) {
    std::string url;
    {
        HelpRegistry gone;  // a port that refused connections a moment ago
        url = gone.Url();
    }
    test::ChangeSignal changed;
    HelpCalls help(Config(url), changed.Callback());
    help.Request({"0123456789abcdef", "home", ""});
    ASSERT_TRUE(changed.WaitFor([&] { return help.Status() == HelpStatus::Failed; }));
    EXPECT_FALSE(help.Snapshot().error.empty());
    ASSERT_TRUE(help.WaitUntilIdle(10s));
    EXPECT_FALSE(help.CitizenLane().timer.has_value());
}

}  // namespace
}  // namespace bk::telemetry
