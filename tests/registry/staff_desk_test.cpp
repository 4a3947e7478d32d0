// The registry side of the staff desk (issue 13), served in this process on a ManualClock: staff tokens and
// their scopes, help calls with what staff need, the live stream, alerts on bad experiences, the help report.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace bk::test
