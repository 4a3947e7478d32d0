// Helpers for the registry API tests: build wire-format events and talk to the stub with a real client.
#pragma once
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace bk::test {

using nlohmann::json;

// A valid UUIDv7 made from a ms timestamp and a counter: deterministic, unique per counter.
inline std::string UuidV7(int64_t ts, uint64_t counter) {
    char text[40];
    const auto t = static_cast<unsigned long long>(ts) & 0xFFFFFFFFFFFFull;
    std::snprintf(text, sizeof text, "%08llx-%04llx-7%03llx-%04llx-%012llx", t >> 16, t & 0xFFFF,
                  static_cast<unsigned long long>(counter >> 48) & 0xFFF,
                  0x8000ull | ((counter >> 32) & 0x3FFF), static_cast<unsigned long long>(counter) & 0xFFFFFFFFFFFFull);
    return text;
}

struct EventFactory {
    uint64_t next_id = 1;
    int64_t next_seq = 1;

    json Make(const std::string& type, int64_t ts, const std::string& session, json data = json::object()) {
        return {{"id", UuidV7(ts, next_id++)},
                {"type", type},
                {"ts", ts},
                {"session", session},
                {"seq", next_seq++},
                {"lang", "da"},
                {"content_version", "2026.11.1"},
                {"app_version", "0.1.0"},
                {"data", std::move(data)}};
    }
    json Guide(const std::string& type, int64_t ts, const std::string& session, const std::string& service,
               int version, int step = -1, json data = json::object()) {
        json event = Make(type, ts, session, std::move(data));
        event["service"] = service;
        event["service_version"] = version;
        if (step >= 0) event["step"] = step;
        return event;
    }
};

inline httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

inline json Batch(const std::string& kiosk_id, const json& events) { return {{"kiosk_id", kiosk_id}, {"events", events}}; }

}  // namespace bk::test
