// GET /v1/reports/compare: one service side by side in the municipalities that opted in, on both engines.
//
// The dataset (mitid-app v2, steps 0..2; T0 = 2026-11-02T10:00Z):
//   odder (shares)       4 sessions: two complete alone, one completes with staff help (staff_assisted),
//                        one leaves at step 1. Ratings 5 and 3.
//                        -> unassisted 2 of 4 = 0.5, completion 3 of 4 starts = 0.75, rating 4.0,
//                           largest drop-off step 1: (4 saw it - 3 saw step 2) / 4 = 0.25
//   esbjerg (shares)     2 sessions: one completes, one leaves at step 0.
//                        -> unassisted 1 of 2 = 0.5, no rating, largest drop-off step 0: (2 - 1) / 2 = 0.5
//   skanderborg (shares) digital-post only: left out of a mitid-app comparison
//   aarhus (does not)    1 session, completes: never shown to others
#include <gtest/gtest.h>

#include "in_process_registry.h"
#include "registry_fixture.h"
#include "registry_test_util.h"
#include "src/storage/open_storage.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z

// One visit through mitid-app v2: steps 0..last_step, then completed or abandoned, then the session's end.
void Visit(json& events, EventFactory& f, int64_t& t, const std::string& session, int last_step, bool completed,
           bool staff_assisted = false, int rating = 0) {
    events.push_back(f.Make("session_started", t += 1000, session));
    events.push_back(f.Guide("guide_opened", t += 1000, session, "mitid-app", 2));
    for (int step = 0; step <= last_step; ++step)
        events.push_back(f.Guide("step_viewed", t += 1000, session, "mitid-app", 2, step, {{"steps_total", 3}}));
    if (completed)
        events.push_back(f.Guide("guide_completed", t += 1000, session, "mitid-app", 2, -1, {{"duration_ms", 3000}, {"steps_total", 3}}));
    else
        events.push_back(f.Guide("guide_abandoned", t += 1000, session, "mitid-app", 2, last_step, {{"reason", "idle"}, {"steps_total", 3}}));
    if (rating > 0)
        events.push_back(f.Guide("feedback_submitted", t += 1000, session, "mitid-app", 2, -1,
                                 {{"rating", rating}, {"task_done", "yes"}, {"reasons", json::array()}}));
    events.push_back(f.Make("session_ended", t += 1000, session,
                            {{"reason", "finished"}, {"duration_ms", 5000}, {"staff_assisted", staff_assisted}}));
}

class CompareReportTest : public ::testing::TestWithParam<Engine> {
protected:
    CompareReportTest() : m_registry(WithEngine(GetParam())) {}

    void SetUp() override {
        m_tokens["odder"] = m_registry.KioskToken();
        m_tokens["esbjerg"] = m_registry.AddKiosk("esbjerg", "kiosk-e");
        m_tokens["skanderborg"] = m_registry.AddKiosk("skanderborg", "kiosk-s");
        m_tokens["aarhus"] = m_registry.AddKiosk("aarhus", "kiosk-a");
        m_readers["esbjerg"] = m_registry.AddReader("esbjerg", "designer");
        m_readers["aarhus"] = m_registry.AddReader("aarhus", "designer");

        int64_t t = kT0;
        EventFactory odder;
        json e = json::array();
        Visit(e, odder, t, "0dd00001", 2, true, false, 5);
        Visit(e, odder, t, "0dd00002", 2, true, false, 3);
        Visit(e, odder, t, "0dd00003", 2, true, true);
        Visit(e, odder, t, "0dd00004", 1, false);
        Send("kiosk-1", "odder", e);
        EventFactory esbjerg;
        e = json::array();
        Visit(e, esbjerg, t, "e5b00001", 2, true);
        Visit(e, esbjerg, t, "e5b00002", 0, false);
        Send("kiosk-e", "esbjerg", e);
        EventFactory skanderborg;
        e = json::array({skanderborg.Guide("guide_opened", t += 1000, "5ca00001", "digital-post", 1)});
        Send("kiosk-s", "skanderborg", e);
        EventFactory aarhus;
        e = json::array();
        Visit(e, aarhus, t, "aa000001", 2, true);
        Send("kiosk-a", "aarhus", e);

        // Opt-in is a registry operator's act (the CLI writes through its own connection while the server runs).
        const auto storage = bk::registry::OpenStorage(m_registry.DbPath());
        for (const char* m : {"odder", "esbjerg", "skanderborg"}) storage->SetComparisonSharing(m, true, kT0);
        storage->SetComparisonSharing("odder", true, kT0 + 1);  // sharing twice changes nothing
    }

    void Send(const std::string& kiosk, const std::string& municipality, const json& events) {
        httplib::Client client(m_registry.BaseUrl());
        auto res = client.Post("/v1/events", Bearer(m_tokens[municipality]), Batch(kiosk, events).dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        ASSERT_EQ(json::parse(res->body)["accepted"], events.size()) << res->body;
    }

    httplib::Result Get(const std::string& path, const std::string& reader) {
        httplib::Client client(m_registry.BaseUrl());
        return client.Get(path, Bearer(reader));
    }
    json Compare(const std::string& municipality, const std::string& reader) {
        auto res = Get("/v1/reports/compare?municipality=" + municipality + "&service=mitid-app", reader);
        EXPECT_TRUE(res);
        if (!res) return {};
        EXPECT_EQ(res->status, 200) << res->body;
        return json::parse(res->body);
    }
    static std::vector<std::string> Names(const json& report) {
        std::vector<std::string> names;
        for (const json& m : report["municipalities"]) names.push_back(m["municipality"]);
        return names;
    }

    InProcessRegistry m_registry;
    std::map<std::string, std::string> m_tokens, m_readers;
};

TEST_P(CompareReportTest, SharingMunicipalitiesSideBySide) {
    const json report = Compare("odder", m_registry.ReaderToken());
    EXPECT_TRUE(report["shares"]);
    EXPECT_EQ(report["sharing_municipalities"], 3);
    // skanderborg shares but ran no mitid-app; aarhus ran it but does not share.
    ASSERT_EQ(Names(report), (std::vector<std::string>{"esbjerg", "odder"}));

    const json& esbjerg = report["municipalities"][0];
    EXPECT_FALSE(esbjerg["you"]);
    EXPECT_TRUE(esbjerg["name"].is_null());  // the test's esbjerg strategy names no municipality_name
    EXPECT_EQ(esbjerg["sessions"], 2);
    EXPECT_EQ(esbjerg["unassisted_completions"], 1);
    EXPECT_DOUBLE_EQ(esbjerg["unassisted_completion_rate"].get<double>(), 0.5);
    EXPECT_TRUE(esbjerg["rating_mean"].is_null());
    EXPECT_EQ(esbjerg["version"], 2);
    EXPECT_EQ(esbjerg["largest_drop_off"]["step"], 0);
    EXPECT_DOUBLE_EQ(esbjerg["largest_drop_off"]["drop_off"].get<double>(), 0.5);

    const json& odder = report["municipalities"][1];
    EXPECT_TRUE(odder["you"]);
    EXPECT_EQ(odder["name"]["da"], "Odder Kommune");
    EXPECT_EQ(odder["sessions"], 4);
    EXPECT_EQ(odder["starts"], 4);
    EXPECT_EQ(odder["unassisted_completions"], 2);
    EXPECT_EQ(odder["assisted_completions"], 1);
    EXPECT_DOUBLE_EQ(odder["unassisted_completion_rate"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(odder["completion_rate"].get<double>(), 0.75);
    EXPECT_DOUBLE_EQ(odder["rating_mean"].get<double>(), 4.0);
    EXPECT_EQ(odder["largest_drop_off"]["step"], 1);
    EXPECT_DOUBLE_EQ(odder["largest_drop_off"]["drop_off"].get<double>(), 0.25);
    EXPECT_TRUE(odder["largest_drop_off"]["title"].is_object());  // the catalogue's step title (v2 is the catalogue's)

    auto csv = Get("/v1/reports/compare.csv?municipality=odder&service=mitid-app", m_registry.ReaderToken());
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200);
    // RFC 4180 lines (CRLF), as every report CSV.
    EXPECT_EQ(csv->body.substr(0, csv->body.find("\r\n")),
              "municipality,you,sessions,starts,unassisted_completion_rate,completion_rate,rating_mean,feedback_count,"
              "help_requests,version,largest_drop_off_step,largest_drop_off");
    EXPECT_NE(csv->body.find("\r\nesbjerg,false,2,2,0.5,0.5,,0,0,2,0,0.5\r\n"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find("\r\nodder,true,4,4,0.5,0.75,4"), std::string::npos) << csv->body;
}

TEST_P(CompareReportTest, AMunicipalityThatDoesNotShareSeesOnlyItself) {
    const json report = Compare("aarhus", m_readers["aarhus"]);
    EXPECT_FALSE(report["shares"]);
    ASSERT_EQ(Names(report), (std::vector<std::string>{"aarhus"}));
    EXPECT_EQ(report["municipalities"][0]["sessions"], 1);
    EXPECT_TRUE(report["municipalities"][0]["name"].is_null());  // no strategy loaded for aarhus
}

TEST_P(CompareReportTest, WithdrawingHidesTheMunicipalityFromTheNextReport) {
    bk::registry::OpenStorage(m_registry.DbPath())->SetComparisonSharing("esbjerg", false, kT0 + 2);
    EXPECT_EQ(Names(Compare("odder", m_registry.ReaderToken())), (std::vector<std::string>{"odder"}));
    // esbjerg now sees only itself, too.
    const json own = Compare("esbjerg", m_readers["esbjerg"]);
    EXPECT_FALSE(own["shares"]);
    EXPECT_EQ(Names(own), (std::vector<std::string>{"esbjerg"}));
}

TEST_P(CompareReportTest, RefusesWhatItCannotAnswer) {
    auto no_service = Get("/v1/reports/compare?municipality=odder", m_registry.ReaderToken());
    ASSERT_TRUE(no_service);
    EXPECT_EQ(no_service->status, 400);
    // A reader asks in its own municipality's name only.
    auto other = Get("/v1/reports/compare?municipality=esbjerg&service=mitid-app", m_registry.ReaderToken());
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 403);
    auto kiosk = Get("/v1/reports/compare?municipality=odder&service=mitid-app", m_registry.KioskToken());
    ASSERT_TRUE(kiosk);
    EXPECT_EQ(kiosk->status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, CompareReportTest, kBothEngines, EngineName);

// The operator's commands, against the real binary and a real SQLite file.
TEST(CompareCliTest, ShareAndWithdraw) {
    TempDir dir("bk-compare-cli");
    const std::string db = (dir.Path() / "registry.db").string();
    // Nothing on stdout (scripts read tokens from there); what happened goes to stderr.
    auto [shared, shared_out] = RegistryFixture::RunCli({"compare", "share", "--db", db, "--municipality", "odder"});
    EXPECT_EQ(shared, 0);
    EXPECT_EQ(shared_out, "");
    EXPECT_EQ(RegistryFixture::RunCli({"compare", "share", "--db", db, "--municipality", "esbjerg"}).first, 0);
    EXPECT_EQ(bk::registry::OpenStorage(db)->MunicipalitiesSharingComparisons(), (std::vector<std::string>{"esbjerg", "odder"}));
    EXPECT_EQ(RegistryFixture::RunCli({"compare", "withdraw", "--db", db, "--municipality", "odder"}).first, 0);
    EXPECT_EQ(bk::registry::OpenStorage(db)->MunicipalitiesSharingComparisons(), (std::vector<std::string>{"esbjerg"}));
    // A bad municipality id or a missing one is refused before the database is touched.
    EXPECT_EQ(RegistryFixture::RunCli({"compare", "share", "--db", db, "--municipality", "Odder Kommune"}).first, 2);
    EXPECT_EQ(RegistryFixture::RunCli({"compare", "share", "--db", db}).first, 2);
    EXPECT_EQ(RegistryFixture::RunCli({"compare", "--db", db}).first, 2);
}

}  // namespace
}  // namespace bk::test
