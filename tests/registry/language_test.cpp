// The registry takes every language the kiosk speaks (da, en, nb, uk, ar, tr, pl) in events and help calls,
// and still refuses a code the kiosk does not know. In-process server on a ManualClock, real HTTP client.
#include <gtest/gtest.h>

#include "in_process_registry.h"
#include "registry_test_util.h"

namespace bk::test {
namespace {

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z
const std::vector<std::string> kKioskLanguages = {"da", "en", "nb", "uk", "ar", "tr", "pl"};

class RegistryLanguageTest : public ::testing::Test {
protected:
    RegistryLanguageTest() : m_client(m_registry.BaseUrl()) { m_client.set_read_timeout(10, 0); }

    InProcessRegistry m_registry;
    httplib::Client m_client;
    EventFactory m_events;
};

TEST_F(RegistryLanguageTest, EventsInEveryKioskLanguageAreStoredWithTheirLanguage) {
    json events = json::array();
    for (std::size_t i = 0; i < kKioskLanguages.size(); ++i) {
        json event = m_events.Guide("feedback_submitted", kT0 + static_cast<int64_t>(i) * 1000, "a1b2c3d4", "mitid-app", 2, -1,
                                    {{"rating", 4}, {"task_done", "yes"}, {"reasons", json::array()}});
        event["lang"] = kKioskLanguages[i];
        events.push_back(event);
    }
    json swedish = m_events.Make("session_started", kT0, "a1b2c3d5");
    swedish["lang"] = "sv";
    events.push_back(swedish);
    auto res = m_client.Post("/v1/events", Bearer(m_registry.KioskToken()), Batch("kiosk-1", events).dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json body = json::parse(res->body);
    EXPECT_EQ(body["accepted"], static_cast<int>(kKioskLanguages.size()));
    ASSERT_EQ(body["rejected"].size(), 1u);
    EXPECT_EQ(body["rejected"][0]["index"], static_cast<int>(kKioskLanguages.size()));

    // The feedback report carries each answer's language, oldest first.
    auto csv = m_client.Get("/v1/reports/feedback.csv?municipality=odder&service=mitid-app", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(csv);
    ASSERT_EQ(csv->status, 200) << csv->body;
    std::string expected = "ts,service,version,rating,task_done,lang,comment\r\n";
    for (std::size_t i = 0; i < kKioskLanguages.size(); ++i)
        expected += std::to_string(kT0 + static_cast<int64_t>(i) * 1000) + ",mitid-app,2,4,yes," + kKioskLanguages[i] + ",\r\n";
    EXPECT_EQ(csv->body, expected);
}

TEST_F(RegistryLanguageTest, HelpCallsInEveryKioskLanguageTellStaffTheLanguage) {
    for (const std::string& lang : kKioskLanguages) {
        const json request = {{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"service", "mitid-app"}, {"lang", lang}};
        auto res = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), request.dump(), "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 201) << lang << ": " << res->body;
        EXPECT_EQ(json::parse(res->body)["lang"], lang);
    }
    for (const char* unknown : {"sv", "fa", "AR", "ukr"}) {
        const json request = {{"kiosk_id", "kiosk-1"}, {"screen", "guide"}, {"lang", unknown}};
        auto res = m_client.Post("/v1/help-requests", Bearer(m_registry.KioskToken()), request.dump(), "application/json");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 400) << unknown;
    }
    auto open = m_client.Get("/v1/help-requests?status=open", Bearer(m_registry.AddStaff("odder", "borgerservice")));
    ASSERT_TRUE(open);
    ASSERT_EQ(open->status, 200) << open->body;
    std::vector<std::string> listed;
    const json calls = json::parse(open->body)["help_requests"];
    for (const json& call : calls) listed.push_back(call["lang"]);
    std::sort(listed.begin(), listed.end());
    std::vector<std::string> expected = kKioskLanguages;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(listed, expected);
}

}  // namespace
}  // namespace bk::test
