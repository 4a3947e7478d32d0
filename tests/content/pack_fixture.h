// Test helpers: a small content pack that validates with no problems at all, built in C++ so each test can
// break exactly one thing, written to a fresh temporary folder.
#pragma once
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "content/problem.h"
#include "content/validator.h"
#include "core/ui_keys.h"
#include "core/plural.h"
#include "temp_dir.h"

namespace bk::test {

namespace fs = std::filesystem;
using nlohmann::json;

// A valid 1x1 PNG, so a step's picture decodes.
inline constexpr char kOnePixelPng[] = "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63\x64\x60\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

inline void WriteText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

inline std::string ReadText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline json Text(const std::string& da, const std::string& en, const std::string& nb) {
    return json{{"da", da}, {"en", en}, {"nb", nb}};
}

// Short texts on purpose: every LIX stays far under 40.
inline json Step(const std::string& word) {
    return json{{"title", Text("Trin " + word, "Step " + word, "Steg " + word)},
                {"body", Text("Tryk på knappen.", "Press the button.", "Trykk på knappen.")}};
}

// PBKDF2-HMAC-SHA256 of PIN "1234", salt 00112233445566778899aabbccddeeff, 100000 iterations; the hash was
// computed independently (Python hashlib.pbkdf2_hmac) and is also checked against HashPin in pin_hash_test.
inline constexpr const char* kFixturePin = "1234";
inline constexpr const char* kFixturePinHash =
    "pbkdf2-sha256$100000$00112233445566778899aabbccddeeff$"
    "d7eb973c765dbd5bc56c68688684a18d9d1dfb52c4fbb44d128851477cf7246b";

struct PackFixture {
    json pack = {{"id", "test"}, {"version", "2026.11.1"}, {"name", "Test pack"}};
    std::map<std::string, json> strategies;  // file stem -> content
    std::map<std::string, json> services;
    std::map<std::string, json> profiles;
    std::map<std::string, json> ui;          // language -> strings
    std::vector<std::string> images = {"images/step.png"};  // created under the assets folder

    static PackFixture Valid() {
        PackFixture fixture;
        fixture.strategies["odder"] = {
            {"id", "odder"},
            {"municipality", "odder"},
            {"municipality_name", Text("Odder Kommune", "Odder Municipality", "Odder kommune")},
            {"name", Text("Strategi", "Strategy", "Strategi")},
            {"vision", Text("Hjælp til alle.", "Help for all.", "Hjelp til alle.")},
            {"themes", json::array({{{"id", "medvirken"},
                                     {"name", Text("Medvirken", "Taking part", "Medvirkning")},
                                     {"description", Text("Vi gør det sammen.", "We do it together.", "Vi gjør det sammen.")},
                                     {"principles", json::array({Text("Tal med os.", "Talk to us.", "Snakk med oss.")})}},
                                    {{"id", "service"},
                                     {"name", Text("Service", "Service", "Service")},
                                     {"description", Text("God hjælp.", "Good help.", "God hjelp.")}}})}};
        json first_step = Step("et");
        first_step["image"] = "images/step.png";
        first_step["image_alt"] = Text("En telefon.", "A phone.", "En telefon.");
        first_step["phone_link"] = "https://www.mitid.dk/";
        first_step["you_need"] = json::array({Text("Din telefon", "Your phone", "Din telefon")});
        fixture.services["mitid-app"] = {
            {"id", "mitid-app"}, {"version", 1}, {"kind", "guide"}, {"category", "identity"}, {"icon", "id-card"},
            {"themes", json::array({"odder.medvirken"})},
            {"title", Text("Få MitID", "Get MitID", "Få MitID")},
            {"summary", Text("Sådan får du appen.", "How to get the app.", "Slik får du appen.")},
            {"url", "https://www.mitid.dk/"}, {"expected_minutes", 15}, {"staff_minutes_saved", 10},
            {"verified_on", "2026-11-01"}, {"owner", "Borgerservice Odder"},
            {"steps", json::array({first_step, Step("to"), Step("tre")})}};
        fixture.services["robot"] = {
            {"id", "robot"}, {"version", 2}, {"kind", "welfare"}, {"category", "home"}, {"icon", "robot"},
            {"themes", json::array({"odder.service"})},
            {"title", Text("Robot", "Robot", "Robot")},
            {"summary", Text("Den gør rent.", "It cleans.", "Den gjør rent.")},
            {"verified_on", "2026-06-15"}, {"owner", "Velfærdsteknologi Odder"},
            {"steps", json::array({Step("et")})}};
        fixture.profiles["odder-bibliotek"] = {
            {"id", "odder-bibliotek"}, {"municipality", "odder"}, {"strategy", "odder"},
            {"location", Text("Odder Bibliotek", "Odder Library", "Odder bibliotek")},
            {"help_desk_where", Text("Skranken er ved indgangen.", "The desk is by the entrance.", "Skranken er ved inngangen.")},
            {"languages", json::array({"da", "en", "nb"})},
            {"services", json::array({"mitid-app", "robot"})},
            {"idle_timeout_s", 60}, {"idle_answer_s", 30}, {"lix_threshold", 40},
            {"staff_pin_hash", kFixturePinHash},
            {"registry_url", "http://127.0.0.1:8787"}};
        for (const char* lang : {"da", "en", "nb"}) {
            json strings = json::object();
            for (std::string_view key : kUiKeys) strings[std::string(key)] = std::string(lang) + ": " + std::string(key);
            // Counted texts give each plural form the language has (ICU's rules).
            for (std::string_view key : kPluralUiKeys) {
                json forms = json::object();
                for (const std::string& category : PluralCategories(lang))
                    forms[category] = std::string(lang) + ": {n} " + std::string(key) + " (" + category + ")";
                strings[std::string(key)] = forms;
            }
            fixture.ui[lang] = strings;
        }
        return fixture;
    }

    // Writes <root>/content and <root>/assets; returns the content folder.
    fs::path Write(const fs::path& root) const {
        const fs::path content = root / "content";
        fs::remove_all(content);
        fs::create_directories(content);
        WriteText(content / "pack.json", pack.dump(2));
        for (const auto& [name, value] : strategies) WriteText(content / "strategies" / (name + ".json"), value.dump(2));
        for (const auto& [name, value] : services) WriteText(content / "services" / (name + ".json"), value.dump(2));
        for (const auto& [name, value] : profiles) WriteText(content / "profiles" / (name + ".json"), value.dump(2));
        for (const auto& [name, value] : ui) WriteText(content / "ui" / (name + ".json"), value.dump(2));
        for (const auto& image : images) WriteText(root / "assets" / image, std::string(kOnePixelPng, sizeof kOnePixelPng - 1));
        return content;
    }
};

inline std::string Dump(const Problems& problems) {
    std::string text;
    for (const auto& problem : problems) text += "  " + FormatProblem(problem) + "\n";
    return text.empty() ? "  (no problems)\n" : text;
}

// Passes when a problem of that severity at exactly that file and pointer exists whose message contains
// `words` (case-sensitive).
inline ::testing::AssertionResult HasProblem(const Problems& problems, Severity severity, const std::string& file,
                                             const std::string& pointer, const std::string& words = "") {
    for (const auto& problem : problems) {
        if (problem.severity == severity && problem.file == file && problem.pointer == pointer &&
            problem.message.find(words) != std::string::npos)
            return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected " << (severity == Severity::Error ? "error" : "warning")
                                         << " at " << file << "#" << pointer << " mentioning \"" << words
                                         << "\"; got:\n" << Dump(problems);
}

// A test on the fixture: break one thing, then Check() writes it to a fresh folder and validates it.
class PackCheckTest : public ::testing::Test {
protected:
    ContentReport Check() { return ValidateContent(m_fixture.Write(m_dir.Path()), m_dir.Path() / "assets"); }
    json& Mitid() { return m_fixture.services["mitid-app"]; }
    json& Profile() { return m_fixture.profiles["odder-bibliotek"]; }
    const fs::path& Root() const { return m_dir.Path(); }

    PackFixture m_fixture = PackFixture::Valid();
    TempDir m_dir;
};

}  // namespace bk::test
