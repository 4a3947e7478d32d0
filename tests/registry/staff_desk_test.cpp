// The registry side of the staff desk (issue 13), served in this process on a ManualClock: staff tokens and
// their scopes, help calls with what staff need, the live stream, alerts on bad experiences, the help report.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "in_process_registry.h"
#include "registry_fixture.h"
#include "registry_test_util.h"

namespace bk::test {
namespace {

class StaffDeskTest : public ::testing::Test {
protected:
    StaffDeskTest() : m_client(m_registry.BaseUrl()) { m_client.set_read_timeout(10, 0); }

    // A help call from kiosk-1 with `extra` fields merged in; returns the answer's body (status checked).
    json CreateCall(json extra = json::object(), const std::string& kiosk_id = "kiosk-1") {
        json request = {{"kiosk_id", kiosk_id}, {"screen", "guide"}, {"service", "digital-post"}};
        request.update(extra);
        auto res = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken(kiosk_id)), request.dump(),
                                 "application/json");
        EXPECT_TRUE(res);
        if (!res) return json();
        EXPECT_EQ(res->status, 201) << res->body;
        return json::parse(res->body);
    }
    int Status(const httplib::Result& res) { return res ? res->status : -1; }
    int Get(const std::string& path, const std::string& token) { return Status(m_client.Get(path, Bearer(token))); }
    int Post(const std::string& path, const std::string& token, const std::string& body = "") {
        return Status(m_client.Post(path, Bearer(token), body, "application/json"));
    }

    InProcessRegistry m_registry;
    httplib::Client m_client;
};

// [SECTION] Staff tokens

TEST_F(StaffDeskTest, StaffTokenAnswersItsOwnMunicipalitysHelpCallsAndNothingElse) {
    const std::string staff = m_registry.AddStaff("odder", "borgerservice");
    const std::string id = CreateCall()["id"];

    EXPECT_EQ(Get("/v1/help-requests?status=open", staff), 200);
    EXPECT_EQ(Get("/v1/help-requests/" + id, staff), 200);
    EXPECT_EQ(Post("/v1/help-requests/" + id + "/ack", staff), 200);
    EXPECT_EQ(Post("/v1/help-requests/" + id + "/resolve", staff), 200);

    // No reports, no events, no help calls of its own making.
    for (const char* report : {"summary", "kiosks", "feedback?service=digital-post&x=1", "funnel?service=digital-post&x=1"}) {
        std::string path = std::string("/v1/reports/") + report;
        path += path.find('?') == std::string::npos ? "?municipality=odder" : "&municipality=odder";
        EXPECT_EQ(Get(path, staff), 403) << path;
    }
    EXPECT_EQ(Get("/v1/reports/summary.csv?municipality=odder", staff), 403);
    EXPECT_EQ(Post("/v1/events", staff, Batch("kiosk-1", json::array()).dump()), 403);
    EXPECT_EQ(Post("/v1/help-requests", staff, json{{"kiosk_id", "kiosk-1"}, {"screen", "home"}}.dump()), 403);

    // Another municipality's calls are not there for it.
    const std::string esbjerg_kiosk = m_registry.AddKiosk("esbjerg", "esbjerg-1");
    auto foreign = m_client.Post("/v1/help-requests", Bearer(esbjerg_kiosk),
                                 json{{"kiosk_id", "esbjerg-1"}, {"screen", "home"}}.dump(), "application/json");
    ASSERT_EQ(Status(foreign), 201);
    const std::string foreign_id = json::parse(foreign->body)["id"];
    EXPECT_EQ(Get("/v1/help-requests/" + foreign_id, staff), 404);
    EXPECT_EQ(Post("/v1/help-requests/" + foreign_id + "/ack", staff), 404);
    EXPECT_EQ(Post("/v1/help-requests/" + foreign_id + "/resolve", staff), 404);
    auto list = m_client.Get("/v1/help-requests", Bearer(staff));
    ASSERT_EQ(Status(list), 200);
    const json listed = json::parse(list->body);
    for (const auto& call : listed["help_requests"]) EXPECT_NE(call["id"], foreign_id);
    auto foreign_call = m_client.Get("/v1/help-requests/" + foreign_id, Bearer(m_registry.AddReader("esbjerg", "r")));
    ASSERT_EQ(Status(foreign_call), 200);
    EXPECT_EQ(json::parse(foreign_call->body)["status"], "open") << "odder's staff changed nothing";
}

TEST(StaffTokenCliTest, AddPrintsTokenAndFragmentLinkRevokeWithdrawsIt) {
    InProcessOptions options;
    options.config.token_cache_s = 1;
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    auto [added, out] = RegistryFixture::RunCli({"staff", "add", "--db", registry.DbPath(), "--municipality", "odder",
                                                 "--name", "desk-1", "--base-url", "https://kiosk.odder.dk/"});
    ASSERT_EQ(added, 0) << out;
    const std::string token = out.substr(0, 64);
    EXPECT_EQ(out, token + "\nhttps://kiosk.odder.dk/staff/#token=" + token + "\n");
    auto list = client.Get("/v1/help-requests", Bearer(token));
    ASSERT_TRUE(list);
    EXPECT_EQ(list->status, 200);

    auto [default_added, default_out] =
        RegistryFixture::RunCli({"staff", "add", "--db", registry.DbPath(), "--municipality", "odder", "--name", "d2"});
    ASSERT_EQ(default_added, 0);
    EXPECT_NE(default_out.find("\nhttp://127.0.0.1:8787/staff/#token="), std::string::npos) << default_out;
    EXPECT_EQ(RegistryFixture::RunCli({"staff", "add", "--db", registry.DbPath(), "--municipality", "odder", "--name",
                                       "d3", "--base-url", "ftp://x"}).first, 2);

    EXPECT_EQ(RegistryFixture::RunCli({"staff", "revoke", "--db", registry.DbPath(), "--municipality", "odder",
                                       "--name", "desk-1"}).first, 0);
    registry.Clock().Advance(1'000);
    auto revoked = client.Get("/v1/help-requests", Bearer(token));
    ASSERT_TRUE(revoked);
    EXPECT_EQ(revoked->status, 401);
    EXPECT_EQ(RegistryFixture::RunCli({"staff", "revoke", "--db", registry.DbPath(), "--municipality", "odder",
                                       "--name", "desk-1"}).first, 1) << "nothing left to revoke";
    // A reader of the same name is a different token: revoking staff leaves readers alone.
    EXPECT_EQ(RegistryFixture::RunCli({"staff", "revoke", "--db", registry.DbPath(), "--municipality", "odder",
                                       "--name", "service-designers"}).first, 1);
}

// [SECTION] Help calls carry what staff need

TEST_F(StaffDeskTest, HelpCallCarriesLocationGuideStepLanguageAndWaitingTime) {
    const std::string staff = m_registry.AddStaff("odder", "borgerservice");
    const json created = CreateCall({{"service", "mitid-app"}, {"step", 1}, {"lang", "en"},
                                     {"location", "Odder Bibliotek, ved indgangen"}});
    EXPECT_EQ(created["location"], "Odder Bibliotek, ved indgangen");
    EXPECT_EQ(created["waiting_s"], 0);

    m_registry.Clock().Advance(95'400);  // 95.4 s: whole seconds, rounded down
    auto list = m_client.Get("/v1/help-requests?status=open", Bearer(staff));
    ASSERT_EQ(Status(list), 200);
    const json call = json::parse(list->body)["help_requests"].at(0);
    EXPECT_EQ(call["kiosk_id"], "kiosk-1");
    EXPECT_EQ(call["location"], "Odder Bibliotek, ved indgangen");
    EXPECT_EQ(call["guide"]["service"], "mitid-app");
    EXPECT_EQ(call["guide"]["title"]["da"], "MitID-appen");  // from the catalogue
    EXPECT_EQ(call["step"], 1);
    EXPECT_EQ(call["step_title"]["en"], "Get the app");
    EXPECT_EQ(call["lang"], "en");
    EXPECT_EQ(call["created_ts"], m_registry.Clock().WallMs() - 95'400);
    EXPECT_EQ(call["waiting_s"], 95);

    // Acknowledged: the wait stops counting at the acknowledgement.
    EXPECT_EQ(Post("/v1/help-requests/" + call["id"].get<std::string>() + "/ack", staff), 200);
    m_registry.Clock().Advance(60'000);
    auto one = m_client.Get("/v1/help-requests/" + call["id"].get<std::string>(), Bearer(m_registry.KioskToken()));
    ASSERT_EQ(Status(one), 200);
    EXPECT_EQ(json::parse(one->body)["waiting_s"], 95);

    // A step beyond the catalogue's version, or a service it does not have: ids stay, titles are null.
    const json unknown = CreateCall({{"service", "not-in-catalogue"}, {"step", 7}});
    EXPECT_TRUE(unknown["guide"]["title"].is_null());
    EXPECT_TRUE(unknown["step_title"].is_null());
    EXPECT_EQ(unknown["step"], 7);
}

TEST_F(StaffDeskTest, OlderKiosksRequestsStillWorkAndNewFieldsAreValidated) {
    // The kiosk's request as it is today: no step, language or location.
    const json plain = CreateCall({{"service", "digital-post"}});
    EXPECT_TRUE(plain["step"].is_null());
    EXPECT_EQ(plain["lang"], "");
    EXPECT_EQ(plain["location"], "");
    const json home = CreateCall({{"service", nullptr}, {"screen", "home"}});
    EXPECT_TRUE(home["guide"].is_null());

    const std::string ninety_nine_o(100, 'o');
    std::string hundred_oe;
    for (int i = 0; i < 100; ++i) hundred_oe += "\xc3\xb8";  // "ø": 100 characters, 200 bytes
    EXPECT_EQ(CreateCall({{"location", hundred_oe}, {"step", 999}, {"lang", "nb"}})["location"], hundred_oe);

    const std::vector<json> bad = {
        {{"step", -1}}, {{"step", 1000}}, {{"step", "2"}}, {{"step", 1.5}},
        {{"lang", "sv"}}, {{"lang", 1}}, {{"lang", ""}},
        {{"location", hundred_oe + "x"}}, {{"location", ninety_nine_o + "oo"}}, {{"location", "line\nbreak"}},
        {{"location", 5}},
    };
    for (const json& extra : bad) {
        json request = {{"kiosk_id", "kiosk-1"}, {"screen", "guide"}};
        request.update(extra);
        auto res = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), request.dump(), "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << extra.dump() << " " << res->body;
        EXPECT_NE(json::parse(res->body)["error"].get<std::string>().find(extra.begin().key()), std::string::npos);
    }
}

// [SECTION] The live stream

// Reads GET /v1/staff/stream on its own thread; the test waits for what it expects with a deadline.
class StreamReader {
public:
    StreamReader(const std::string& base_url, const std::string& token) : m_client(base_url) {
        m_client.set_read_timeout(30, 0);
        m_thread = std::thread([this, token] {
            auto res = m_client.Get("/v1/staff/stream", Bearer(token), [this](const char* data, std::size_t length) {
                std::lock_guard lock(m_mutex);
                m_text.append(data, length);
                m_changed.notify_all();
                return true;
            });
            std::lock_guard lock(m_mutex);
            m_status = res ? res->status : -1;
            if (res) m_content_type = res->get_header_value("Content-Type");
            m_ended = true;
            m_changed.notify_all();
        });
    }
    ~StreamReader() { m_thread.join(); }  // the stream ends when the registry stops

    // True once the received text contains `needle` (searched from `from`), within 10 s.
    bool WaitFor(const std::string& needle, std::size_t from = 0) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(10), [&] {
            return m_text.find(needle, std::min(from, m_text.size())) != std::string::npos || m_ended;
        }) && m_text.find(needle, std::min(from, m_text.size())) != std::string::npos;
    }
    bool WaitForEnd() {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(10), [&] { return m_ended; });
    }
    std::size_t Size() {
        std::lock_guard lock(m_mutex);
        return m_text.size();
    }
    std::string Text() {
        std::lock_guard lock(m_mutex);
        return m_text;
    }
    int Status() {
        std::lock_guard lock(m_mutex);
        return m_status;
    }
    std::string ContentType() {
        std::lock_guard lock(m_mutex);
        return m_content_type;
    }
    // The data of the last "desk" event received.
    json LastDesk() {
        const std::string text = Text();
        const auto at = text.rfind("event: desk\ndata: ");
        if (at == std::string::npos) return json();
        const auto start = at + std::string("event: desk\ndata: ").size();
        return json::parse(text.substr(start, text.find("\n\n", start) - start));
    }

private:
    httplib::Client m_client;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::string m_text;
    int m_status = 0;
    std::string m_content_type;
    bool m_ended = false;
    std::thread m_thread;
};

TEST_F(StaffDeskTest, StreamSendsTheOpenCallsWhenTheyChange) {
    const std::string staff = m_registry.AddStaff("odder", "borgerservice");
    StreamReader stream(m_registry.BaseUrl(), staff);
    ASSERT_TRUE(stream.WaitFor("\"calls\":[]")) << stream.Text();  // the list at once, empty
    EXPECT_EQ(stream.Text().rfind("retry: 2000\n\n", 0), 0u) << stream.Text();

    std::size_t seen = stream.Size();
    const auto posted = std::chrono::steady_clock::now();
    const std::string id = CreateCall({{"location", "Skanderborg Rådhus"}, {"lang", "en"}})["id"];
    ASSERT_TRUE(stream.WaitFor(id, seen)) << stream.Text();
    // Printed, not gating: from the kiosk's POST to the event in the staff stream, on loopback.
    std::cout << "help call to staff stream: "
              << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - posted).count() << " ms\n";
    json desk = stream.LastDesk();
    ASSERT_EQ(desk["calls"].size(), 1u);
    EXPECT_EQ(desk["calls"][0]["location"], "Skanderborg Rådhus");
    EXPECT_EQ(desk["calls"][0]["status"], "open");

    seen = stream.Size();
    ASSERT_EQ(Post("/v1/help-requests/" + id + "/ack", staff), 200);
    ASSERT_TRUE(stream.WaitFor("\"acknowledged\"", seen)) << stream.Text();

    // The citizen cancels (the kiosk resolves its call): the list is empty again.
    seen = stream.Size();
    ASSERT_EQ(Post("/v1/help-requests/" + id + "/resolve", m_registry.KioskToken()), 200);
    ASSERT_TRUE(stream.WaitFor("\"calls\":[]", seen)) << stream.Text();

    // Another municipality's call wakes nothing here.
    const std::string esbjerg_kiosk = m_registry.AddKiosk("esbjerg", "esbjerg-1");
    seen = stream.Size();
    ASSERT_EQ(Post("/v1/help-requests", esbjerg_kiosk, json{{"kiosk_id", "esbjerg-1"}, {"screen", "home"}}.dump()), 201);
    const std::string mine = CreateCall()["id"];
    ASSERT_TRUE(stream.WaitFor(mine, seen));
    EXPECT_EQ(stream.Text().find("esbjerg-1"), std::string::npos);

    // The server stops with a stream open: the stream ends (cut off, so the client sees no clean end).
    m_registry.Stop();
    ASSERT_TRUE(stream.WaitForEnd());
}

TEST(StaffStreamTest, HeartbeatsScopesLimitAndRevocation) {
    InProcessOptions options;
    options.config.stream_heartbeat_ms = 50;
    options.config.max_streams = 2;
    options.config.token_cache_s = 1;
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");

    // Kiosk tokens and no token get no stream.
    auto kiosk = client.Get("/v1/staff/stream", Bearer(registry.KioskToken()));
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->status, 403);
    auto none = client.Get("/v1/staff/stream");
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 401);

    StreamReader first(registry.BaseUrl(), staff);
    StreamReader second(registry.BaseUrl(), registry.ReaderToken());  // a reader may watch too
    ASSERT_TRUE(first.WaitFor(": heartbeat\n\n")) << first.Text();
    ASSERT_TRUE(second.WaitFor("event: desk"));
    // Both places taken: a third stream is refused at once instead of holding a thread.
    auto third = client.Get("/v1/staff/stream", Bearer(staff));
    ASSERT_TRUE(third);
    EXPECT_EQ(third->status, 503);
    EXPECT_EQ(third->get_header_value("Retry-After"), "5");

    // Revoked: the staff stream ends at a heartbeat once the token cache lets go; the reader's goes on.
    auto [revoked, out] = RegistryFixture::RunCli({"staff", "revoke", "--db", registry.DbPath(), "--municipality",
                                                   "odder", "--name", "desk"});
    ASSERT_EQ(revoked, 0) << out;
    registry.Clock().Advance(1'000);
    ASSERT_TRUE(first.WaitForEnd()) << first.Text();
    EXPECT_EQ(first.Status(), 200) << "ended cleanly";
    EXPECT_EQ(first.ContentType(), "text/event-stream");
    const std::size_t seen = second.Size();
    ASSERT_TRUE(second.WaitFor(": heartbeat", seen));
    // Its place is free again.
    StreamReader again(registry.BaseUrl(), registry.ReaderToken());
    ASSERT_TRUE(again.WaitFor("event: desk")) << again.Text() << again.Status();
    registry.Stop();
}

TEST(StaffStreamTest, AClientThatLeavesGivesItsPlaceBackAtTheNextHeartbeat) {
    InProcessOptions options;
    options.config.stream_heartbeat_ms = 50;
    options.config.max_streams = 1;
    InProcessRegistry registry(options);
    const std::string staff = registry.AddStaff("odder", "desk");
    {
        // Reads the first event, then hangs up.
        httplib::Client client(registry.BaseUrl());
        auto res = client.Get("/v1/staff/stream", Bearer(staff), [](const char*, std::size_t) { return false; });
        EXPECT_FALSE(res) << "the client cancelled";
    }
    // The server notices at a heartbeat write; until then the one place is taken (503 at once, never a wait).
    httplib::Client client(registry.BaseUrl());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    int refused = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        auto res = client.Get("/v1/staff/stream", Bearer(staff), [](const char*, std::size_t) { return false; });
        if (!res) {  // cancelled by the receiver: the stream was granted
            status = 200;
            break;
        }
        status = res->status;
        ASSERT_EQ(status, 503);
        ++refused;
    }
    EXPECT_EQ(status, 200) << "the place came back within 10 s (" << refused << " refusals)";
}

TEST(StaffStreamTest, RealRegistryPrintsAWorkingLinkAndStopsCleanlyWithAStreamOpen) {
    RegistryFixture registry;
    std::string link;
    const std::string staff = registry.AddStaff("odder", "desk", &link);
    EXPECT_EQ(link, registry.BaseUrl() + "/staff/#token=" + staff);
    {
        StreamReader stream(registry.BaseUrl(), staff);
        ASSERT_TRUE(stream.WaitFor("event: desk")) << stream.Text();
        registry.Stop();  // SIGTERM with a stream open
        EXPECT_EQ(registry.LastExitStatus(), 0) << registry.ReadLog();
        EXPECT_TRUE(stream.WaitForEnd());
    }
}

// The shared contract with the kiosk: an optional escalate_after_s (30..3600, the profile's
// help_escalate_after_s) travels with a new call; calls without it get the registry's --escalation-after-s.
TEST(HelpEscalationTest, KioskSendsItsEscalationTimeTheListStreamAndReportUseIt) {
    InProcessOptions options;
    options.config.escalation_after_s = 240;  // the default for a kiosk that sends none
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    auto create = [&](json extra) {
        json request = {{"kiosk_id", "kiosk-1"}, {"screen", "home"}};
        request.update(extra);
        auto res = client.Post("/v1/help-requests", Bearer(registry.KioskToken()), request.dump(), "application/json");
        EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no answer");
        return res ? json::parse(res->body) : json();
    };
    const json quick = create({{"escalate_after_s", 60}});
    const json plain = create(json::object());
    EXPECT_EQ(quick["escalate_after_s"], 60);
    EXPECT_EQ(plain["escalate_after_s"], 240);
    EXPECT_EQ(quick["escalated"], false);

    auto listed = [&](const std::string& id) {
        auto res = client.Get("/v1/help-requests", Bearer(staff));
        EXPECT_TRUE(res && res->status == 200);
        const json answer = json::parse(res->body);
        for (const auto& call : answer["help_requests"]) {
            if (call["id"] == id) return call;
        }
        return json();
    };
    registry.Clock().Advance(60'000);  // exactly 60 s: not yet ("longer than")
    EXPECT_EQ(listed(quick["id"])["escalated"], false);
    registry.Clock().Advance(1'000);
    EXPECT_EQ(listed(quick["id"])["escalated"], true);
    EXPECT_EQ(listed(quick["id"])["escalate_after_s"], 60);
    EXPECT_EQ(listed(plain["id"])["escalated"], false);

    // The stream's desk list carries the same fields.
    {
        StreamReader stream(registry.BaseUrl(), staff);
        ASSERT_TRUE(stream.WaitFor("event: desk"));
        const json desk = stream.LastDesk();
        ASSERT_EQ(desk["calls"].size(), 2u);
        for (const auto& call : desk["calls"]) {  // created at the same time: in either order
            const bool is_quick = call["id"] == quick["id"];
            EXPECT_EQ(call["escalate_after_s"], is_quick ? 60 : 240);
            EXPECT_EQ(call["escalated"], is_quick);
        }
        registry.Stop();  // ends the stream, so the reader's thread can be joined
    }
}

// Streams woken by one change share one rendering of the desk; a stream that opens later gets its own, so
// waiting_s is never older than a second.
TEST(StaffStreamTest, ALaterStreamGetsAFreshWaitingTime) {
    InProcessRegistry registry;
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    auto created = client.Post("/v1/help-requests", Bearer(registry.KioskToken()),
                               json{{"kiosk_id", "kiosk-1"}, {"screen", "home"}}.dump(), "application/json");
    ASSERT_TRUE(created && created->status == 201);
    {
        StreamReader first(registry.BaseUrl(), staff);
        StreamReader second(registry.BaseUrl(), staff);
        ASSERT_TRUE(first.WaitFor("event: desk"));
        ASSERT_TRUE(second.WaitFor("event: desk"));
        EXPECT_EQ(first.LastDesk()["calls"][0]["waiting_s"], 0);
        EXPECT_EQ(second.LastDesk()["calls"][0]["waiting_s"], 0);
        registry.Clock().Advance(5'000);  // nothing changed since, but time passed
        StreamReader later(registry.BaseUrl(), staff);
        ASSERT_TRUE(later.WaitFor("event: desk"));
        EXPECT_EQ(later.LastDesk()["calls"][0]["waiting_s"], 5);
        registry.Stop();
    }
}

TEST(HelpEscalationTest, ReportCountsEachCallAgainstItsOwnTime) {
    InProcessRegistry registry;
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    const int64_t t0 = registry.Clock().WallMs();
    auto create = [&](json extra) {
        json request = {{"kiosk_id", "kiosk-1"}, {"screen", "home"}, {"location", "Hovedbiblioteket"}};
        request.update(extra);
        auto res = client.Post("/v1/help-requests", Bearer(registry.KioskToken()), request.dump(), "application/json");
        EXPECT_TRUE(res && res->status == 201);
        return res ? json::parse(res->body)["id"].get<std::string>() : std::string();
    };
    const std::string short_wait = create({{"escalate_after_s", 30}});
    create({{"escalate_after_s", 3600}});  // not escalated at 200 s
    const std::string default_wait = create(json::object());  // 180 s, the serve default
    registry.Clock().Advance(100'000);
    ASSERT_EQ(client.Post("/v1/help-requests/" + short_wait + "/ack", Bearer(staff), "", "application/json")->status, 200);
    registry.Clock().Advance(t0 + 200'000 - registry.Clock().WallMs());
    // At 200 s: short_wait was answered at 100 s (over its 30 s), default_wait is open past 180 s, long_wait is not.
    auto res = client.Get("/v1/reports/help?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json report = json::parse(res->body);
    EXPECT_EQ(report["kiosks"][0]["escalations"], 2);
    EXPECT_EQ(report["totals"]["escalations"], 2);
    auto csv = client.Get("/v1/reports/help.csv?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(csv);
    EXPECT_NE(csv->body.find("kiosk,Hovedbiblioteket,kiosk-1,3,1,0,2,100,100,2,0,0"), std::string::npos) << csv->body;
}

TEST_F(StaffDeskTest, EscalationTimeOutsideItsRangeIsRefused) {
    for (const json& value : {json(29), json(3601), json("60"), json(60.5), json(-1)}) {
        auto res = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()),
                                 json{{"kiosk_id", "kiosk-1"}, {"screen", "home"}, {"escalate_after_s", value}}.dump(),
                                 "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << value.dump() << " " << res->body;
        EXPECT_NE(res->body.find("escalate_after_s"), std::string::npos) << res->body;
    }
    EXPECT_EQ(CreateCall({{"escalate_after_s", 30}})["escalate_after_s"], 30);
    EXPECT_EQ(CreateCall({{"escalate_after_s", 3600}})["escalate_after_s"], 3600);
    EXPECT_EQ(CreateCall({{"escalate_after_s", nullptr}})["escalate_after_s"], 180);
}

// [SECTION] Alerts on bad experiences

// Ratings sent as the kiosk sends them, one batch each, a second apart on the registry's clock.
class Rater {
public:
    Rater(InProcessRegistry& registry, const std::string& kiosk_id)
        : m_registry(registry), m_kiosk_id(kiosk_id), m_client(registry.BaseUrl()) {}
    void Rate(const std::string& service, std::initializer_list<int> ratings) {
        for (int rating : ratings) {
            const int64_t ts = m_registry.Clock().WallMs();
            const json event = m_events.Guide("feedback_submitted", ts, "bbbb" + std::to_string(m_session++), service, 1,
                                              -1, {{"rating", rating}, {"task_done", "no"}, {"reasons", json::array()}});
            auto res = m_client.Post("/v1/events", Bearer(m_registry.KioskToken(m_kiosk_id)),
                                     Batch(m_kiosk_id, json::array({event})).dump(), "application/json");
            ASSERT_TRUE(res);
            ASSERT_EQ(res->status, 200) << res->body;
            ASSERT_EQ(json::parse(res->body)["accepted"], 1) << res->body;
            m_registry.Clock().Advance(1'000);
        }
    }

private:
    InProcessRegistry& m_registry;
    std::string m_kiosk_id;
    httplib::Client m_client;
    EventFactory m_events;
    int m_session = 1000;
};

// The alerts (status: open, acknowledged or all) about one subject.
json AlertsAbout(httplib::Client& client, const std::string& token, const std::string& subject,
                 const std::string& status = "all") {
    auto res = client.Get("/v1/staff/alerts?status=" + status, Bearer(token));
    if (!res || res->status != 200) return json();
    json found = json::array();
    const json body = json::parse(res->body);
    for (const auto& alert : body["alerts"]) {
        if (alert["subject"] == subject) found.push_back(alert);
    }
    return found;
}

TEST(StaffAlertTest, ThresholdsHandChecked) {
    InProcessOptions options;
    options.kiosks = {"kiosk-1", "kiosk-2", "kiosk-3"};
    InProcessRegistry registry(options);  // the defaults: 15 minutes, 4 ratings, half unhappy
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");

    Rater first(registry, "kiosk-1");
    first.Rate("mitid-app", {1, 2, 1});  // 3 unhappy of 3: too few ratings
    EXPECT_TRUE(AlertsAbout(client, staff, "kiosk-1").empty());
    EXPECT_TRUE(AlertsAbout(client, staff, "mitid-app").empty());

    Rater third(registry, "kiosk-3");
    third.Rate("digital-post", {5, 1, 4, 4});  // 1 unhappy of 4: under half
    EXPECT_TRUE(AlertsAbout(client, staff, "kiosk-3").empty());
    EXPECT_TRUE(AlertsAbout(client, staff, "digital-post").empty());

    Rater second(registry, "kiosk-2");
    second.Rate("nyt-pas", {5, 1, 4});
    EXPECT_TRUE(AlertsAbout(client, staff, "kiosk-2").empty());
    second.Rate("nyt-pas", {2});  // 2 unhappy of 4: exactly half
    const json kiosk_alerts = AlertsAbout(client, staff, "kiosk-2");
    ASSERT_EQ(kiosk_alerts.size(), 1u);
    EXPECT_EQ(kiosk_alerts[0]["kind"], "kiosk");
    EXPECT_EQ(kiosk_alerts[0]["ratings"], 4);
    EXPECT_EQ(kiosk_alerts[0]["unhappy"], 2);
    EXPECT_EQ(kiosk_alerts[0]["status"], "open");
    EXPECT_EQ(kiosk_alerts[0]["raised_ts"], registry.Clock().WallMs() - 1'000);
    const json service_alerts = AlertsAbout(client, staff, "nyt-pas");
    ASSERT_EQ(service_alerts.size(), 1u);
    EXPECT_EQ(service_alerts[0]["kind"], "service");

    // Ratings older than the window do not count: kiosk-1's three unhappy ones are 15 minutes old now.
    registry.Clock().Advance(15 * 60 * 1000);
    first.Rate("mitid-app", {1});
    EXPECT_TRUE(AlertsAbout(client, staff, "kiosk-1").empty());
}

TEST(StaffAlertTest, RaisedOnceThenAgainOnlyAfterAcknowledgementAndAFreshWindow) {
    InProcessRegistry registry;
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    StreamReader stream(registry.BaseUrl(), staff);
    ASSERT_TRUE(stream.WaitFor("\"alerts\":[]"));

    Rater rater(registry, "kiosk-1");
    std::size_t seen = stream.Size();
    rater.Rate("mitid-app", {1, 5, 2, 4});
    ASSERT_EQ(AlertsAbout(client, staff, "kiosk-1").size(), 1u);
    ASSERT_TRUE(stream.WaitFor("\"kind\":\"kiosk\"", seen)) << stream.Text();  // on the staff page at once
    EXPECT_EQ(stream.LastDesk()["alerts"].size(), 2u) << "the kiosk and the service";

    rater.Rate("mitid-app", {1});           // a fifth unhappy rating: no second alert
    rater.Rate("mitid-app", {1, 1, 1, 1});  // nor four more while the first is open and young
    ASSERT_EQ(AlertsAbout(client, staff, "kiosk-1").size(), 1u);

    // Acknowledged with a note, scrubbed like every free text.
    const std::string id = AlertsAbout(client, staff, "kiosk-1")[0]["id"];
    seen = stream.Size();
    auto ack = client.Post("/v1/staff/alerts/" + id + "/ack", Bearer(staff),
                           json{{"note", "Printeren var tom; borgeren ringer på 20 30 40 50"}}.dump(), "application/json");
    ASSERT_TRUE(ack);
    ASSERT_EQ(ack->status, 200) << ack->body;
    const json acknowledged = json::parse(ack->body);
    EXPECT_EQ(acknowledged["status"], "acknowledged");
    EXPECT_EQ(acknowledged["ack_ts"], registry.Clock().WallMs());
    EXPECT_NE(acknowledged["note"].get<std::string>().find("Printeren var tom"), std::string::npos);
    EXPECT_EQ(acknowledged["note"].get<std::string>().find("20 30 40 50"), std::string::npos) << acknowledged["note"];
    ASSERT_TRUE(stream.WaitFor("\"alerts\":[{", seen));  // the stream sent the list again (the service's is left)
    EXPECT_EQ(stream.LastDesk()["alerts"].size(), 1u);

    // Right after: the ratings it already counted do not raise another.
    rater.Rate("mitid-app", {2});
    ASSERT_EQ(AlertsAbout(client, staff, "kiosk-1").size(), 1u);

    // A window later, a new bad streak raises a new one.
    registry.Clock().Advance(15 * 60 * 1000);
    rater.Rate("mitid-app", {1, 1, 5});
    ASSERT_EQ(AlertsAbout(client, staff, "kiosk-1").size(), 1u);
    rater.Rate("mitid-app", {5});
    const json alerts = AlertsAbout(client, staff, "kiosk-1");
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[1]["status"], "open");
    EXPECT_EQ(alerts[1]["ratings"], 4);
    EXPECT_EQ(AlertsAbout(client, staff, "kiosk-1", "open").size(), 1u);
    EXPECT_EQ(AlertsAbout(client, staff, "kiosk-1", "acknowledged").size(), 1u);
    registry.Stop();
}

TEST(StaffAlertTest, ScopesAndNotes) {
    InProcessRegistry registry;
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    Rater(registry, "kiosk-1").Rate("mitid-app", {1, 1, 1, 1});
    const json alerts = AlertsAbout(client, registry.ReaderToken(), "kiosk-1");  // a reader sees them too
    ASSERT_EQ(alerts.size(), 1u);
    const std::string id = alerts[0]["id"];
    auto post = [&](const std::string& token, const std::string& body) {
        auto res = client.Post("/v1/staff/alerts/" + id + "/ack", Bearer(token), body, "application/json");
        return res ? res->status : -1;
    };
    auto kiosk_list = client.Get("/v1/staff/alerts", Bearer(registry.KioskToken()));
    ASSERT_TRUE(kiosk_list);
    EXPECT_EQ(kiosk_list->status, 403);
    EXPECT_EQ(post(registry.KioskToken(), ""), 403);
    EXPECT_EQ(post(registry.AddStaff("esbjerg", "desk"), ""), 404);
    EXPECT_EQ(post(staff, json{{"note", std::string(201, 'x')}}.dump()), 400);
    EXPECT_EQ(post(staff, json{{"note", 5}}.dump()), 400);
    EXPECT_EQ(post(staff, "[1]"), 400);
    auto bad_status = client.Get("/v1/staff/alerts?status=closed", Bearer(staff));
    ASSERT_TRUE(bad_status);
    EXPECT_EQ(bad_status->status, 400);
    EXPECT_EQ(AlertsAbout(client, staff, "kiosk-1", "open").size(), 1u) << "nothing above changed it";
    EXPECT_EQ(post(staff, ""), 200);  // no note
    EXPECT_EQ(post(staff, json{{"note", "later"}}.dump()), 200);  // again: the first acknowledgement stays
    const json after = AlertsAbout(client, staff, "kiosk-1", "acknowledged");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0]["note"], "");
}

TEST(StaffAlertTest, ThresholdsAreServeOptions) {
    InProcessOptions options;
    options.config.alert_window_min = 1;
    options.config.alert_min_ratings = 2;
    options.config.alert_unhappy_share = 1.0;
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    Rater rater(registry, "kiosk-1");
    rater.Rate("mitid-app", {1, 5});  // 1 of 2 is not all
    EXPECT_TRUE(AlertsAbout(client, registry.ReaderToken(), "kiosk-1").empty());
    registry.Clock().Advance(60'000);  // the window is one minute
    rater.Rate("mitid-app", {2, 1});
    EXPECT_EQ(AlertsAbout(client, registry.ReaderToken(), "kiosk-1").size(), 1u);

    auto [status, help] = RegistryFixture::RunCli({"serve", "--help"});
    EXPECT_EQ(status, 0);
    for (const char* option : {"--alert-window-min", "--alert-min-ratings", "--alert-unhappy-share", "--max-streams",
                               "--stream-max-s"}) {
        EXPECT_NE(help.find(option), std::string::npos) << option;
    }
}

// [SECTION] The staff page's files

TEST_F(StaffDeskTest, StaffPageIsServedWithStrictHeadersAndEveryFileItLinks) {
    auto index = m_client.Get("/staff/");
    ASSERT_EQ(Status(index), 200);
    EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
    const std::string csp = index->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
    EXPECT_EQ(index->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(index->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(index->body.find("<script>"), std::string::npos) << "no inline script";
    EXPECT_EQ(index->body.find("style="), std::string::npos) << "no inline style";

    // Every file the page links is there, with its type and the same headers.
    const std::map<std::string, std::string> expected = {{"staff.js", "text/javascript; charset=utf-8"},
                                                         {"i18n.js", "text/javascript; charset=utf-8"},
                                                         {"staff.css", "text/css; charset=utf-8"},
                                                         {"icon.svg", "image/svg+xml"}};
    for (const auto& [name, type] : expected) {
        if (name != "i18n.js") EXPECT_NE(index->body.find("\"" + name + "\""), std::string::npos) << name;
        auto file = m_client.Get("/staff/" + name);
        ASSERT_EQ(Status(file), 200) << name;
        EXPECT_EQ(file->get_header_value("Content-Type"), type) << name;
        EXPECT_EQ(file->get_header_value("Content-Security-Policy"), csp) << name;
        EXPECT_FALSE(file->body.empty()) << name;
    }
    auto script = m_client.Get("/staff/staff.js");
    EXPECT_NE(script->body.find("from './i18n.js'"), std::string::npos);

    EXPECT_EQ(Status(m_client.Get("/staff/index.html")), 200);
    EXPECT_EQ(Status(m_client.Get("/staff/nothing.js")), 404);
    EXPECT_EQ(Status(m_client.Get("/staff/../v1/strategy/odder")), 404);
    auto bare = m_client.Get("/staff");
    ASSERT_EQ(Status(bare), 301);
    EXPECT_EQ(bare->get_header_value("Location"), "/staff/");
}

// [SECTION] The help report

TEST(HelpReportTest, PerLocationAndKioskHandChecked) {
    InProcessOptions options;
    options.kiosks = {"kiosk-1", "kiosk-2"};
    InProcessRegistry registry(options);
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    const int64_t t0 = registry.Clock().WallMs();
    auto create = [&](const std::string& kiosk_id, const std::string& location) {
        auto res = client.Post("/v1/help-requests", Bearer(registry.KioskToken(kiosk_id)),
                               json{{"kiosk_id", kiosk_id}, {"screen", "home"}, {"location", location}}.dump(),
                               "application/json");
        EXPECT_TRUE(res && res->status == 201);
        return res ? json::parse(res->body)["id"].get<std::string>() : std::string();
    };
    auto ack = [&](const std::string& id) {
        auto res = client.Post("/v1/help-requests/" + id + "/ack", Bearer(staff), "", "application/json");
        EXPECT_TRUE(res && res->status == 200);
    };
    auto advance_to = [&](int64_t seconds) { registry.Clock().Advance(t0 + seconds * 1000 - registry.Clock().WallMs()); };

    const std::string a = create("kiosk-1", "Odder Bibliotek");  // T=0
    advance_to(30);
    ack(a);                                                        // 30 s
    advance_to(40);
    const std::string b = create("kiosk-1", "Odder Bibliotek");
    advance_to(240);
    ack(b);                                                        // 200 s: escalated (over 180 s)
    const std::string d = create("kiosk-2", "Borgerservice");
    advance_to(300);
    ack(d);                                                        // 60 s
    create("kiosk-2", "Borgerservice");                            // E, never answered
    create("kiosk-1", "Odder Bibliotek");                          // C, never answered
    // kiosk-1's bad experiences: a kiosk alert (acknowledged below) and a service alert.
    Rater(registry, "kiosk-1").Rate("mitid-app", {1, 1, 1, 1});
    const std::string alert = AlertsAbout(client, staff, "kiosk-1")[0]["id"];
    ASSERT_EQ(client.Post("/v1/staff/alerts/" + alert + "/ack", Bearer(staff), "", "application/json")->status, 200);

    advance_to(400);  // C and E have waited 100 s: not escalated yet
    auto early = client.Get("/v1/reports/help?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(early);
    ASSERT_EQ(early->status, 200) << early->body;
    EXPECT_EQ(json::parse(early->body)["totals"]["escalations"], 1);

    advance_to(500);  // 200 s: both are
    auto res = client.Get("/v1/reports/help?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json report = json::parse(res->body);
    EXPECT_EQ(report["escalation_after_s"], 180);
    ASSERT_EQ(report["kiosks"].size(), 2u);
    const json& desk = report["kiosks"][0];  // "Borgerservice" sorts first
    EXPECT_EQ(desk["location"], "Borgerservice");
    EXPECT_EQ(desk["kiosk_id"], "kiosk-2");
    EXPECT_EQ(desk["help_calls"], 2);
    EXPECT_EQ(desk["answered"], 1);
    EXPECT_EQ(desk["unanswered"], 1);
    EXPECT_EQ(desk["ack_median_s"], 60.0);
    EXPECT_EQ(desk["ack_p90_s"], 60.0);
    EXPECT_EQ(desk["escalations"], 1);
    EXPECT_EQ(desk["alerts_raised"], 0);
    const json& library = report["kiosks"][1];
    EXPECT_EQ(library["kiosk_id"], "kiosk-1");
    EXPECT_EQ(library["help_calls"], 3);
    EXPECT_EQ(library["answered"], 2);
    EXPECT_EQ(library["ack_median_s"], 115.0);  // (30 + 200) / 2
    EXPECT_EQ(library["ack_p90_s"], 200.0);     // nearest rank: the 2nd of 2
    EXPECT_EQ(library["escalations"], 2);
    EXPECT_EQ(library["alerts_raised"], 1);
    EXPECT_EQ(library["alerts_acknowledged"], 1);
    const json& totals = report["totals"];
    EXPECT_EQ(totals["help_calls"], 5);
    EXPECT_EQ(totals["answered"], 3);
    EXPECT_EQ(totals["unanswered"], 2);
    EXPECT_EQ(totals["ack_median_s"], 60.0);  // of 30, 60, 200
    EXPECT_EQ(totals["ack_p90_s"], 200.0);    // nearest rank: the 3rd of 3
    EXPECT_EQ(totals["escalations"], 3);
    EXPECT_EQ(totals["alerts_raised"], 2);  // the kiosk's and the service's
    EXPECT_EQ(totals["alerts_acknowledged"], 1);

    auto csv = client.Get("/v1/reports/help.csv?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200);
    EXPECT_EQ(csv->body.substr(0, csv->body.find('\n')),
              "level,location,kiosk_id,help_calls,answered,cancelled,unanswered,ack_median_s,ack_p90_s,escalations,"
              "alerts_raised,alerts_acknowledged\r") << csv->body;
    EXPECT_NE(csv->body.find("kiosk,Odder Bibliotek,kiosk-1,3,2,0,1,115,200,2,1,1"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find("municipality,,,5,3,0,2,60,200,3,2,1"), std::string::npos) << csv->body;

    // A range after everything: nothing; a staff token reads no reports.
    auto later = client.Get("/v1/reports/help?municipality=odder&from=" + std::to_string(t0 + 1'000'000),
                            Bearer(registry.ReaderToken()));
    ASSERT_TRUE(later);
    EXPECT_EQ(json::parse(later->body)["totals"]["help_calls"], 0);
    EXPECT_TRUE(json::parse(later->body)["totals"]["ack_median_s"].is_null());
    auto by_staff = client.Get("/v1/reports/help?municipality=odder", Bearer(staff));
    ASSERT_TRUE(by_staff);
    EXPECT_EQ(by_staff->status, 403);
}

// A citizen who cancels their call was not answered: no ack time, counted as cancelled, not in the answer times.
// Staff pressing "Done" on a call nobody acknowledged did answer it.
TEST(HelpReportTest, ACitizenCancellingIsNotAnAnswer) {
    InProcessRegistry registry;
    httplib::Client client(registry.BaseUrl());
    const std::string staff = registry.AddStaff("odder", "desk");
    const int64_t t0 = registry.Clock().WallMs();
    auto create = [&] {
        auto res = client.Post("/v1/help-requests", Bearer(registry.KioskToken()),
                               json{{"kiosk_id", "kiosk-1"}, {"screen", "home"}}.dump(), "application/json");
        EXPECT_TRUE(res && res->status == 201);
        return res ? json::parse(res->body)["id"].get<std::string>() : std::string();
    };
    auto change = [&](const std::string& id, const std::string& action, const std::string& token, int status = 200) {
        auto res = client.Post("/v1/help-requests/" + id + "/" + action, Bearer(token), "", "application/json");
        EXPECT_TRUE(res && res->status == status) << action << ": " << (res ? res->body : "no answer");
        return res ? json::parse(res->body) : json();
    };
    const std::string cancelled = create();
    const std::string done = create();
    const std::string done_at_kiosk = create();
    // Only the kiosk that made the call cancels it; staff close with Done.
    change(cancelled, "cancel", staff, 403);
    change(cancelled, "cancel", registry.ReaderToken(), 403);
    registry.Clock().Advance(20'000);
    const json by_citizen = change(cancelled, "cancel", registry.KioskToken());
    EXPECT_EQ(by_citizen["status"], "resolved");
    EXPECT_TRUE(by_citizen["ack_ts"].is_null());
    registry.Clock().Advance(20'000);
    EXPECT_EQ(change(done, "resolve", staff)["ack_ts"], t0 + 40'000);
    // Staff mode on the kiosk answers with the kiosk's token: Done there is an answer too.
    EXPECT_EQ(change(done_at_kiosk, "resolve", registry.KioskToken())["ack_ts"], t0 + 40'000);

    auto res = client.Get("/v1/reports/help?municipality=odder", Bearer(registry.ReaderToken()));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json totals = json::parse(res->body)["totals"];
    EXPECT_EQ(totals["help_calls"], 3);
    EXPECT_EQ(totals["answered"], 2);
    EXPECT_EQ(totals["cancelled"], 1);
    EXPECT_EQ(totals["unanswered"], 0);
    EXPECT_EQ(totals["ack_median_s"], 40.0);  // the staff answers only, not the cancel at 20 s
    EXPECT_EQ(totals["escalations"], 0);      // the cancelled call waited 20 s, not until now
}

}  // namespace
}  // namespace bk::test
