// The JSON Schema subset validator, on small schemas and on the real event schema.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/event.h"
#include "schema/event_schema.h"
#include "schema/json_schema.h"

namespace bk::registry {
namespace {

using nlohmann::json;

bool Valid(const json& schema, const json& instance) { return JsonSchema::Compile(schema).IsValid(instance); }

json GoodEvent() {
    return json{{"id", "0190f5a2-7c3e-7a1b-8c2d-0123456789ab"},
                {"type", "step_viewed"},
                {"ts", 1763900000000},
                {"session", "a1b2c3d4e5f60718"},
                {"seq", 1},
                {"service", "mitid-app"},
                {"service_version", 2},
                {"step", 0},
                {"lang", "da"},
                {"content_version", "2026.11.1"},
                {"app_version", "0.1.0"},
                {"data", {{"steps_total", 4}}}};
}

TEST(RegistryJsonSchemaTest, TypeKeyword) {
    EXPECT_TRUE(Valid({{"type", "integer"}}, 3));
    EXPECT_TRUE(Valid({{"type", "integer"}}, 3.0));  // 3.0 is an integer in JSON Schema
    EXPECT_FALSE(Valid({{"type", "integer"}}, 3.5));
    EXPECT_FALSE(Valid({{"type", "integer"}}, "3"));
    EXPECT_TRUE(Valid({{"type", "number"}}, 3.5));
    EXPECT_TRUE(Valid({{"type", json::array({"integer", "null"})}}, nullptr));
    EXPECT_FALSE(Valid({{"type", json::array({"integer", "null"})}}, true));
    EXPECT_TRUE(Valid({{"type", "object"}}, json::object()));
    EXPECT_FALSE(Valid({{"type", "object"}}, json::array()));
}

TEST(RegistryJsonSchemaTest, ObjectKeywords) {
    const json schema = {{"type", "object"},
                         {"required", {"a"}},
                         {"properties", {{"a", {{"type", "string"}}}}},
                         {"additionalProperties", false}};
    EXPECT_TRUE(Valid(schema, {{"a", "x"}}));
    EXPECT_FALSE(Valid(schema, json::object()));
    EXPECT_FALSE(Valid(schema, {{"a", "x"}, {"b", 1}}));
    EXPECT_FALSE(Valid(schema, {{"a", 1}}));
    const json typed_extra = {{"additionalProperties", {{"type", "integer"}}}};
    EXPECT_TRUE(Valid(typed_extra, {{"x", 1}}));
    EXPECT_FALSE(Valid(typed_extra, {{"x", "1"}}));
}

TEST(RegistryJsonSchemaTest, ScalarKeywords) {
    EXPECT_TRUE(Valid({{"enum", {"a", 1}}}, 1));
    EXPECT_FALSE(Valid({{"enum", {"a", 1}}}, "b"));
    EXPECT_TRUE(Valid({{"const", "x"}}, "x"));
    EXPECT_FALSE(Valid({{"const", "x"}}, "y"));
    EXPECT_TRUE(Valid({{"minimum", 1}, {"maximum", 5}}, 5));
    EXPECT_FALSE(Valid({{"minimum", 1}, {"maximum", 5}}, 0));
    EXPECT_FALSE(Valid({{"minimum", 1}, {"maximum", 5}}, 6));
    EXPECT_TRUE(Valid({{"minimum", 1}}, "not a number"));  // minimum ignores other types
    EXPECT_TRUE(Valid({{"minLength", 2}}, "æø"));          // code points, not bytes
    EXPECT_FALSE(Valid({{"minLength", 3}}, "æø"));
    EXPECT_FALSE(Valid({{"maxLength", 1}}, "æø"));
    EXPECT_TRUE(Valid({{"pattern", "b+"}}, "abbc"));  // unanchored
    EXPECT_FALSE(Valid({{"pattern", "^b+$"}}, "abbc"));
}

// Anchored patterns take a fast matcher; it must agree with std::regex (ECMAScript) everywhere.
TEST(RegistryJsonSchemaTest, PatternsAgreeWithStdRegex) {
    const std::vector<std::string> patterns = {
        "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "^([0-9a-f]{8,64})?$", "^[A-Za-z0-9._+-]{1,64}$", "^[a-z0-9][a-z0-9-]{0,63}$", "^a*b+c?$",
        "^\\d{2,}\\.\\w+\\s?$", "^.{0,3}$", "^(ab)?c$", "^[]a]$", "^x{2,}$", "a+", "^a|b$", "^(a)+$"};
    const std::vector<std::string> inputs = {
        "", "a", "b", "c", "ab", "abc", "abbc", "ac", "aac", "0190f5a2-7c3e-7a1b-8c2d-0123456789ab",
        "0190f5a2-7c3e-4a1b-8c2d-0123456789ab", "0190f5a2", "0190f5a", "2026.11.1", "0.1.0-dev+x", "bad version",
        "mitid-app", "-mitid", "12.ab", "12.ab ", "1.ab", "x", "xx", "xxx", "]", "a\n", "abcd", std::string(70, 'a')};
    for (const auto& pattern : patterns) {
        const JsonSchema schema = JsonSchema::Compile({{"pattern", pattern}});
        const std::regex reference(pattern, std::regex::ECMAScript);
        for (const auto& input : inputs) {
            EXPECT_EQ(schema.IsValid(input), std::regex_search(input, reference)) << pattern << " on '" << input << "'";
        }
    }
}

TEST(RegistryJsonSchemaTest, ArraysAndComposition) {
    const json items = {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", 2}};
    EXPECT_TRUE(Valid(items, {"a", "b"}));
    EXPECT_FALSE(Valid(items, {"a", 1}));
    EXPECT_FALSE(Valid(items, {"a", "b", "c"}));
    const json conditional = {
        {"allOf",
         {{{"if", {{"properties", {{"kind", {{"const", "n"}}}}}}},
           {"then", {{"properties", {{"value", {{"type", "integer"}}}}}}},
           {"else", {{"properties", {{"value", {{"type", "string"}}}}}}}}}}};
    EXPECT_TRUE(Valid(conditional, {{"kind", "n"}, {"value", 1}}));
    EXPECT_FALSE(Valid(conditional, {{"kind", "n"}, {"value", "1"}}));
    EXPECT_TRUE(Valid(conditional, {{"kind", "s"}, {"value", "1"}}));
    EXPECT_FALSE(Valid(conditional, {{"kind", "s"}, {"value", 1}}));
}

TEST(RegistryJsonSchemaTest, RefsAndBooleanSchemas) {
    const json schema = {{"$defs", {{"pos", {{"type", "integer"}, {"minimum", 1}}}}},
                         {"properties", {{"a", {{"$ref", "#/$defs/pos"}}}, {"b", false}}}};
    EXPECT_TRUE(Valid(schema, {{"a", 1}}));
    EXPECT_FALSE(Valid(schema, {{"a", 0}}));
    EXPECT_FALSE(Valid(schema, {{"b", 0}}));
}

TEST(RegistryJsonSchemaTest, CompileRejectsWhatItCannotCheck) {
    EXPECT_THROW(JsonSchema::Compile({{"oneOf", json::array({true})}}), SchemaCompileError);
    EXPECT_THROW(JsonSchema::Compile({{"$ref", "other.json#/x"}}), SchemaCompileError);
    EXPECT_THROW(JsonSchema::Compile({{"$ref", "#/$defs/missing"}}), SchemaCompileError);
    EXPECT_THROW(JsonSchema::Compile({{"pattern", "("}}), SchemaCompileError);
    EXPECT_THROW(JsonSchema::Compile({{"type", "integr"}}), SchemaCompileError);
}

TEST(RegistryJsonSchemaTest, RecursiveRefTerminates) {
    const json schema = {{"$defs", {{"loop", {{"$ref", "#/$defs/loop"}}}}}, {"$ref", "#/$defs/loop"}};
    const auto errors = JsonSchema::Compile(schema).Validate(1);
    EXPECT_FALSE(errors.empty());
}

TEST(RegistryJsonSchemaTest, ErrorsCarryPathAndMessage) {
    const json schema = {{"properties", {{"data", {{"properties", {{"rating", {{"maximum", 5}}}}}}}}}};
    const auto errors = JsonSchema::Compile(schema).Validate({{"data", {{"rating", 7}}}});
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(FormatSchemaError(errors[0]), "/data/rating: must be <= 5");
}

// Valid data for every event type, as the kiosk sends it.
const std::map<std::string, json>& ValidDataByType() {
    static const std::map<std::string, json> kData = {
        {"session_started", json::object()},
        {"session_ended", {{"reason", "idle"}, {"duration_ms", 1000}, {"staff_assisted", false}}},
        {"language_changed", {{"from", "da"}, {"to", "en"}}},
        {"screen_viewed", {{"screen", "home"}}},
        {"guide_opened", json::object()},
        {"step_viewed", {{"steps_total", 4}}},
        {"guide_completed", {{"duration_ms", 50000}, {"steps_total", 4}}},
        {"guide_abandoned", {{"reason", "home"}, {"steps_total", 4}}},
        {"help_requested", {{"screen", "guide"}}},
        {"feedback_submitted", {{"rating", 4}, {"task_done", "partly"}, {"reasons", {"too_long"}}, {"comment", "ok"}}},
        {"accessibility_changed", {{"setting", "text_size"}, {"value", 2}}},
        {"read_aloud", {{"screen", "guide"}}},
        {"qr_shown", json::object()},
        {"heartbeat", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}}},
    };
    return kData;
}

std::set<std::string> SchemaEventTypes() {
    const json schema = json::parse(EmbeddedEventSchemaText());
    return schema.at("properties").at("type").at("enum").get<std::set<std::string>>();
}

// The schema the registry validates with and the kiosk's event names (core/event.h) list the same types:
// a type added on one side only would be rejected on upload or never counted.
TEST(RegistryEventSchemaTest, TypesAreExactlyTheKioskEventTypes) {
    const std::set<std::string> kiosk_types = {
        ev::kSessionStarted, ev::kSessionEnded,     ev::kLanguageChanged,       ev::kScreenViewed, ev::kGuideOpened,
        ev::kStepViewed,     ev::kGuideCompleted,   ev::kGuideAbandoned,        ev::kHelpRequested,
        ev::kFeedbackSubmitted, ev::kAccessibilityChanged, ev::kReadAloud, ev::kQrShown, ev::kHeartbeat,
    };
    EXPECT_EQ(SchemaEventTypes(), kiosk_types);
}

TEST(RegistryEventSchemaTest, AcceptsEveryEventType) {
    for (const std::string& type : SchemaEventTypes()) {
        const auto data = ValidDataByType().find(type);
        ASSERT_NE(data, ValidDataByType().end()) << "no valid data for '" << type << "' in this test";
        json event = GoodEvent();
        event["type"] = type;
        event["data"] = data->second;
        const auto errors = ValidateEvent(event);
        EXPECT_TRUE(errors.empty()) << type << ": " << (errors.empty() ? "" : FormatSchemaError(errors[0]));
    }
}

// Each accessibility setting the kiosk reports, speech mode among them; a setting it never sends is refused.
TEST(RegistryEventSchemaTest, AccessibilitySettingsIncludeSpeechMode) {
    json event = GoodEvent();
    event["type"] = "accessibility_changed";
    for (const json& data : {json{{"setting", "text_size"}, {"value", 2}}, json{{"setting", "high_contrast"}, {"value", true}},
                             json{{"setting", "speech_mode"}, {"value", true}}}) {
        event["data"] = data;
        EXPECT_TRUE(ValidateEvent(event).empty()) << data.dump();
    }
    event["data"] = {{"setting", "screen_reader"}, {"value", true}};
    EXPECT_FALSE(ValidateEvent(event).empty());
}

// A visit given one of two versions run side by side says so on guide_opened, with the share of the version it
// got and the version it was drawn against; a share outside 1..99, an `against` outside 1..1000000 (as
// service_version) or not an integer, a missing share or against, or another field in it is refused.
TEST(RegistryEventSchemaTest, GuideOpenedCarriesTheSideBySideShareAndTheOtherVersion) {
    json event = GoodEvent();
    event["type"] = "guide_opened";
    event["service"] = "mitid-app";
    event["service_version"] = 2;
    for (int share : {1, 50, 99}) {
        event["data"] = {{"side_by_side", {{"share", share}, {"against", 1}}}};
        EXPECT_TRUE(ValidateEvent(event).empty()) << share;
    }
    event["data"] = {{"side_by_side", {{"share", 50}, {"against", 3}}}};
    EXPECT_TRUE(ValidateEvent(event).empty()) << "drawn against a newer version";
    for (const json& bad : {json{{"share", 0}, {"against", 1}}, json{{"share", 100}, {"against", 1}},
                            json{{"share", "50"}, {"against", 1}}, json::object(), json{{"share", 50}},
                            json{{"against", 1}}, json{{"share", 50}, {"against", 0}}, json{{"share", 50}, {"against", "1"}},
                            json{{"share", 50}, {"against", 1.5}}, json{{"share", 50}, {"against", 1000001}},
                            json{{"share", 50}, {"against", 1}, {"group", "b"}},
                            json(50)}) {
        event["data"] = {{"side_by_side", bad}};
        const auto errors = ValidateEvent(event);
        ASSERT_FALSE(errors.empty()) << bad.dump();
        EXPECT_EQ(errors[0].path.rfind("/data/side_by_side", 0), 0u) << bad.dump() << ": " << FormatSchemaError(errors[0]);
    }
}

// Every type's data is closed: a field the registry does not know (a name, a free-text note) is refused,
// so nothing reaches the database that the scrubber and the reports were not written for.
TEST(RegistryEventSchemaTest, EveryTypeRefusesUnknownDataFields) {
    for (const std::string& type : SchemaEventTypes()) {
        json event = GoodEvent();
        event["type"] = type;
        event["data"] = ValidDataByType().at(type);
        event["data"]["citizen_name"] = "Anna";
        const auto errors = ValidateEvent(event);
        ASSERT_FALSE(errors.empty()) << type << " accepts an unknown data field";
        EXPECT_EQ(errors[0].path.rfind("/data", 0), 0u) << type << ": " << FormatSchemaError(errors[0]);
    }
}

// Each of the fuzzer's seed batches reaches the accept path with at least one event (the seeds mix valid and
// broken events on purpose). A schema change that made a seed wholly invalid would leave the fuzzer exploring
// only rejections from that seed on.
TEST(RegistryEventSchemaTest, EveryFuzzSeedHasAnAcceptedEvent) {
    const auto corpus = std::filesystem::path(BK_EVENT_SCHEMA_PATH).parent_path() / "fuzz" / "corpus";
    int seeds = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        std::ifstream file(entry.path());
        const json batch = json::parse(file);
        int accepted = 0;
        for (const json& event : batch.at("events")) accepted += ValidateEvent(event).empty() ? 1 : 0;
        EXPECT_GE(accepted, 1) << entry.path().filename();
        ++seeds;
    }
    EXPECT_GE(seeds, 3);
}

TEST(RegistryEventSchemaTest, RejectsBadEvents) {
    auto with = [](const char* key, json value) {
        json event = GoodEvent();
        event[key] = std::move(value);
        return event;
    };
    EXPECT_FALSE(ValidateEvent(with("id", "0190f5a2-7c3e-4a1b-8c2d-0123456789ab")).empty());  // v4
    EXPECT_FALSE(ValidateEvent(with("id", "0190F5A2-7C3E-7A1B-8C2D-0123456789AB")).empty());  // upper case
    EXPECT_FALSE(ValidateEvent(with("type", "teleported")).empty());
    EXPECT_FALSE(ValidateEvent(with("seq", 0)).empty());
    EXPECT_FALSE(ValidateEvent(with("ts", "yesterday")).empty());
    EXPECT_FALSE(ValidateEvent(with("lang", "sv")).empty());
    EXPECT_FALSE(ValidateEvent(with("extra", 1)).empty());
    EXPECT_FALSE(ValidateEvent(with("data", {{"steps_total", 0}})).empty());
    json no_step = GoodEvent();
    no_step.erase("step");
    EXPECT_FALSE(ValidateEvent(no_step).empty());
    json bad_rating = GoodEvent();
    bad_rating["type"] = "feedback_submitted";
    bad_rating["data"] = {{"rating", 6}, {"task_done", "yes"}, {"reasons", json::array()}};
    const auto errors = ValidateEvent(bad_rating);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].path, "/data/rating");
}

TEST(RegistryEventSchemaTest, HeartbeatMayHaveNoSession) {
    json event = GoodEvent();
    event["type"] = "heartbeat";
    event["session"] = "";
    event.erase("service");
    event.erase("service_version");
    event.erase("step");
    event["data"] = {{"backlog", 3}, {"last_upload_ts", 1763900000000}, {"dropped", 0}};
    EXPECT_TRUE(ValidateEvent(event).empty());
}

}  // namespace
}  // namespace bk::registry
