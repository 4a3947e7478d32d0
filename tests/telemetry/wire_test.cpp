#include <gtest/gtest.h>

#include "shared/http.h"
#include "telemetry/wire.h"

namespace bk::telemetry {
namespace {

TEST(Wire, OmitsUnsetOptionalFields) {
    Event event;
    event.type = ev::kSessionStarted;
    event.ts = 1'790'000'000'000;
    event.session = "abcdef0123456789";
    const auto wire = ToWireJson(event, "id", 7, "c1", "0.1.0");
    EXPECT_EQ(wire["seq"], 7);
    EXPECT_EQ(wire["ts"], 1'790'000'000'000);
    EXPECT_EQ(wire["content_version"], "c1");
    EXPECT_EQ(wire["app_version"], "0.1.0");
    EXPECT_TRUE(wire["data"].is_object());
    for (const char* key : {"service", "service_version", "step", "lang"})
        EXPECT_FALSE(wire.contains(key)) << key;
}

TEST(Wire, KeepsSetOptionalFields) {
    Event event;
    event.type = ev::kStepViewed;
    event.service = "pas";
    event.service_version = 3;
    event.step = 0;
    event.lang = "da";
    event.data = {{"steps_total", 4}};
    const auto wire = ToWireJson(event, "id", 1, "c", "a");
    EXPECT_EQ(wire["service"], "pas");
    EXPECT_EQ(wire["service_version"], 3);
    EXPECT_EQ(wire["step"], 0);  // step 0 is a real step
    EXPECT_EQ(wire["lang"], "da");
    EXPECT_EQ(wire["data"]["steps_total"], 4);
}

TEST(Wire, UploadBodyJoinsStoredEvents) {
    const std::vector<QueuedEvent> events = {{1, R"({"a":1})"}, {2, R"({"b":2})"}};
    const std::string body = BuildUploadBody("kiosk-\"7\"", events);
    const auto parsed = nlohmann::json::parse(body);
    EXPECT_EQ(parsed["kiosk_id"], "kiosk-\"7\"");
    ASSERT_EQ(parsed["events"].size(), 2u);
    EXPECT_EQ(parsed["events"][1]["b"], 2);
    EXPECT_EQ(body.size(), UploadEnvelopeBytes("kiosk-\"7\"") + 7 + 1 + 7);
    EXPECT_EQ(nlohmann::json::parse(BuildUploadBody("k", {}))["events"].size(), 0u);
}

TEST(Wire, ParsesTheRegistryVerdict) {
    UploadVerdict verdict;
    ASSERT_TRUE(ParseUploadVerdict(R"({"accepted":3,"duplicates":1,"rejected":[{"index":2,"error":"bad"}]})", verdict));
    EXPECT_EQ(verdict.accepted, 3);
    EXPECT_EQ(verdict.duplicates, 1);
    ASSERT_EQ(verdict.rejected.size(), 1u);
    EXPECT_EQ(verdict.rejected[0].first, 2u);
    EXPECT_EQ(verdict.rejected[0].second, "bad");
    EXPECT_FALSE(ParseUploadVerdict("<html>", verdict));
    EXPECT_FALSE(ParseUploadVerdict(R"({"status":"ok"})", verdict));
}

TEST(Gzip, RoundTrips) {
    std::string text;
    for (int i = 0; i < 1000; ++i)
        text += "{\"type\":\"screen_viewed\",\"seq\":" + std::to_string(i) + "}";
    const std::string packed = GzipCompress(text);
    EXPECT_LT(packed.size(), text.size() / 4);
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
    EXPECT_EQ(GzipDecompress(packed), text);
    EXPECT_EQ(GzipDecompress(GzipCompress("")), "");
}

TEST(RetryAfter, SecondsAndHttpDates) {
    EXPECT_EQ(ParseRetryAfter("120", 0), 120'000);
    EXPECT_EQ(ParseRetryAfter("0", 0), 0);
    // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
    EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'777'000 - 5'000), 5'000);
    EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784'111'777'000 + 5'000), 0);  // in the past
    EXPECT_FALSE(ParseRetryAfter("soon", 0).has_value());
    EXPECT_FALSE(ParseRetryAfter("", 0).has_value());
}

}  // namespace
}  // namespace bk::telemetry
