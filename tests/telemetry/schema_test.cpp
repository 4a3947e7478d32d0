// Every event type the recorder writes validates against backend-stub/event.schema.json (through the
// registry's own validator, bk_event_schema), after id/seq/version stamping and scrubbing.
#include <gtest/gtest.h>

#include <set>

#include "schema/event_schema.h"
#include "telemetry/ids.h"
#include "telemetry/telemetry.h"
#include "temp_dir.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;

std::string Describe(const std::vector<bk::registry::SchemaError>& errors) {
    std::string text;
    for (const auto& error : errors)
        text += error.path + ": " + error.message + "\n";
    return text;
}

// One event of every type, shaped as the core fills them in.
std::vector<Event> OneOfEachType(const std::string& session) {
    auto make = [&](const char* type, nlohmann::json data, const std::string& service = {}, int version = 0,
                    int step = -1) {
        Event event;
        event.type = type;
        event.ts = 1'790'000'000'000;
        event.session = session;
        event.lang = "da";
        event.service = service;
        event.service_version = version;
        event.step = step;
        event.data = std::move(data);
        return event;
    };
    return {
        make(ev::kSessionStarted, nlohmann::json::object()),
        make(ev::kSessionEnded, {{"reason", "idle"}, {"duration_ms", 61'000}}),
        make(ev::kSessionEnded, {{"reason", "staff"}, {"duration_ms", 5'000}, {"staff_assisted", true}}),
        make(ev::kLanguageChanged, {{"from", "da"}, {"to", "nb"}}),
        make(ev::kScreenViewed, {{"screen", "home"}}),
        make(ev::kGuideOpened, nlohmann::json::object(), "pas", 3),
        make(ev::kStepViewed, {{"steps_total", 5}}, "pas", 3, 0),
        make(ev::kGuideCompleted, {{"duration_ms", 90'000}, {"steps_total", 5}}, "pas", 3),
        make(ev::kGuideAbandoned, {{"reason", "back"}, {"steps_total", 5}}, "pas", 3, 2),
        make(ev::kHelpRequested, {{"screen", "guide"}}, "pas", 3, 1),
        make(ev::kFeedbackSubmitted, {{"rating", 4}, {"task_done", "partly"}, {"reasons", {"unclear_text"}},
                                      {"comment", "Ring på 41234567, mail a@b.dk. " + std::string(1'200, 'x')}}),
        make(ev::kFeedbackSubmitted, {{"rating", 5}, {"task_done", "yes"}, {"reasons", nlohmann::json::array()}}),
        make(ev::kAccessibilityChanged, {{"setting", "text_size"}, {"value", 2}}),
        make(ev::kAccessibilityChanged, {{"setting", "high_contrast"}, {"value", true}}),
        make(ev::kReadAloud, {{"screen", "home"}}),
        make(ev::kQrShown, nlohmann::json::object(), "pas", 3, 4),
    };
}

std::vector<nlohmann::json> RecordAndReadBack(const std::vector<Event>& events, bool with_heartbeat,
                                              const TelemetryConfig& base) {
    bk::test::TempDir dir;
    {
        TelemetryConfig config = base;
        config.data_dir = dir.Path();
        Telemetry telemetry(config);
        for (const Event& event : events)
            telemetry.Record(event);
        if (with_heartbeat) {
            EXPECT_TRUE(telemetry.WaitUntilDurable(10s));
            telemetry.RecordHeartbeat();
        }
    }
    DurableQueue queue(dir.Path() / "telemetry.sqlite", 1LL << 30);
    std::vector<nlohmann::json> stored;
    for (const auto& row : queue.PeekBatch(100'000, SIZE_MAX))
        stored.push_back(nlohmann::json::parse(row.body));
    return stored;
}

TEST(Schema, EveryRecordedEventTypeValidates) {
    CsprngRandom random;
    TelemetryConfig config;
    config.content_version = "2026.11.1";
    config.app_version = "0.1.0";
    config.heartbeat_interval_ms = 0;
    const auto events = OneOfEachType(NewSessionId(random));
    const auto stored = RecordAndReadBack(events, true, config);
    ASSERT_EQ(stored.size(), events.size() + 1);
    std::set<std::string> types;
    for (const auto& event : stored) {
        types.insert(event["type"]);
        const auto errors = bk::registry::ValidateEvent(event);
        EXPECT_TRUE(errors.empty()) << event.dump() << "\n" << Describe(errors);
    }
    EXPECT_EQ(types.size(), 14u);  // all types in bk::ev
}

TEST(Schema, HeartbeatWithAnUploadTimeValidates) {
    nlohmann::json heartbeat = {{"id", "0190f5b2-4c1a-7c1a-bc1a-0123456789ab"}, {"type", "heartbeat"},
                                {"ts", 1'790'000'000'000}, {"session", ""}, {"seq", 9},
                                {"content_version", "c"}, {"app_version", "a"},
                                {"data", {{"backlog", 3}, {"last_upload_ts", 1'790'000'000'000}, {"dropped", 2}}}};
    EXPECT_TRUE(bk::registry::ValidateEvent(heartbeat).empty());
}

TEST(Schema, EmptyVersionsAreStampedAsUnknownAndStillValidate) {
    TelemetryConfig config;  // no content_version / app_version configured
    config.heartbeat_interval_ms = 0;
    Event event;
    event.type = ev::kScreenViewed;
    event.ts = 1'790'000'000'000;
    event.data = {{"screen", "home"}};
    const auto stored = RecordAndReadBack({event}, false, config);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0]["content_version"], "unknown");
    EXPECT_TRUE(bk::registry::ValidateEvent(stored[0]).empty()) << Describe(bk::registry::ValidateEvent(stored[0]));
}

TEST(Schema, TheValidatorIsNotVacuous) {
    CsprngRandom random;
    TelemetryConfig config;
    config.content_version = "c";
    config.app_version = "a";
    config.heartbeat_interval_ms = 0;
    auto stored = RecordAndReadBack({OneOfEachType(NewSessionId(random))[4]}, false, config);
    ASSERT_EQ(stored.size(), 1u);
    nlohmann::json broken = stored[0];
    broken["id"] = "0190f5b2-4c1a-4c1a-8c1a-0123456789ab";  // UUIDv4
    EXPECT_FALSE(bk::registry::ValidateEvent(broken).empty());
    broken = stored[0];
    broken["data"]["email"] = "a@b.dk";  // no unknown fields: personal data has nowhere to hide
    EXPECT_FALSE(bk::registry::ValidateEvent(broken).empty());
}

}  // namespace
}  // namespace bk::telemetry
