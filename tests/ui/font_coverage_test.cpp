// Every character the demo pack can put on screen has a glyph in the kiosk's font atlas. A missing glyph
// renders as '?' with no error anywhere, so a new text with a character outside the loaded ranges (a euro
// sign, an arrow, an emoji) or an icon name whose glyph is not loaded would reach citizens unnoticed.
#include <gtest/gtest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/keyboard.h"
#include "ui/bidi.h"
#include "ui/icons.h"
#include "ui/style.h"

namespace bk {
namespace {

namespace fs = std::filesystem;

// Where each character was first seen, for the failure message.
using Uses = std::map<unsigned int, std::string>;

void AddCodePoints(const std::string& logical, const std::string& where, Uses& uses) {
    // What is drawn: Arabic shaped into its presentation forms and in display order, as the screens draw it.
    const std::string text = ui::VisualLine(logical, ui::StartsRightToLeft(logical));
    const char* at = text.c_str();
    const char* end = at + text.size();
    while (at < end) {
        unsigned int c = 0;
        at += ImTextCharFromUtf8(&c, at, end);
        if (c >= 0x20) uses.emplace(c, where + ": \"" + logical + "\"");  // control characters are layout, not glyphs
    }
}

// Every string in a JSON document: UI texts in every language, service titles and steps, strategy texts.
// Ids and URLs come along; they are ASCII and cost nothing. Values under "icon" name a glyph instead.
void Collect(const nlohmann::json& value, const std::string& where, const std::string& key, Uses& text, Uses& icons) {
    if (value.is_string()) {
        if (key == "icon") AddCodePoints(icon::IconFor(value.get<std::string>()), where + " icon '" + value.get<std::string>() + "'", icons);
        else AddCodePoints(value.get<std::string>(), where, text);
    } else if (value.is_object()) {
        for (const auto& [k, v] : value.items()) Collect(v, where + "/" + k, k, text, icons);
    } else if (value.is_array()) {
        for (const auto& v : value) Collect(v, where + "[]", key, text, icons);
    }
}

// A glyph of FontAwesome's private-use area (U+F000 to U+F8FF, UTF-8 EF 80 80 to EF A3 BF) in source text: as
// "\xef\x80".."\xef\xa3" escapes in a literal, or as those bytes themselves.
bool WritesIconBytes(const std::string& text) {
    std::string lower = text;
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (std::size_t at = lower.find("\\xef\\x"); at != std::string::npos; at = lower.find("\\xef\\x", at + 1)) {
        const long next = std::strtol(lower.substr(at + 6, 2).c_str(), nullptr, 16);
        if (next >= 0x80 && next <= 0xa3) return true;
    }
    for (std::size_t at = text.find('\xef'); at != std::string::npos && at + 1 < text.size(); at = text.find('\xef', at + 1)) {
        const auto next = static_cast<unsigned char>(text[at + 1]);
        if (next >= 0x80 && next <= 0xa3) return true;
    }
    return false;
}

class FontCoverage : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(ui::LoadFonts(atlas, fonts, 1080)) << "fonts-dejavu-core and fonts-font-awesome are needed";
        ASSERT_TRUE(atlas.Build());
        for (const fs::directory_entry& entry : fs::recursive_directory_iterator(BK_DEMO_CONTENT_DIR)) {
            if (entry.path().extension() != ".json") continue;
            std::ifstream in(entry.path());
            const std::string name = fs::relative(entry.path(), BK_DEMO_CONTENT_DIR).string();
            Collect(nlohmann::json::parse(in), name, "", text, icons);
        }
    }

    // Code points of `uses` that `font` has no glyph for, one line each.
    static std::vector<std::string> Missing(const ImFont* font, const Uses& uses) {
        std::vector<std::string> out;
        for (const auto& [c, where] : uses) {
            const bool fits = c <= IM_UNICODE_CODEPOINT_MAX;  // beyond it ImGui cannot draw the character at all
            if (!fits || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
                char code[16];
                std::snprintf(code, sizeof code, "U+%04X", c);
                out.push_back(std::string(code) + " in " + where);
            }
        }
        return out;
    }

    ImFontAtlas atlas;
    ui::Fonts fonts;
    Uses text, icons;
};

TEST_F(FontCoverage, DemoPackFindsItsLettersInTheAtlas) {
    ASSERT_GT(text.size(), 60u) << "the demo pack was not read";
    EXPECT_TRUE(text.count(U'ø') && text.count(U'å') && text.count(U'æ')) << "the Danish and Norwegian letters are exercised";
    EXPECT_TRUE(text.count(U'ї') && text.count(U'і')) << "the Ukrainian letters are exercised";
    EXPECT_TRUE(text.count(U'ł') && text.count(U'ą')) << "the Polish letters are exercised";
    EXPECT_TRUE(text.count(U'ı') && text.count(U'ş') && text.count(U'ğ')) << "the Turkish letters are exercised";
    // Arabic is drawn in its joined forms: an initial meem and the lam-alef ligature, never the bare letters.
    EXPECT_TRUE(text.count(0xFEE3) && (text.count(0xFEFB) || text.count(0xFEFC))) << "the Arabic presentation forms are exercised";
    for (int size = 0; size < kTextSizes; ++size) {
        const ui::FontSet& set = fonts.sizes[static_cast<size_t>(size)];
        for (const ImFont* font : {set.body, set.heading, set.small})
            for (const std::string& line : Missing(font, text)) ADD_FAILURE() << "text size " << size << ": no glyph for " << line;
    }
}

TEST_F(FontCoverage, EveryKeyOfTheOnScreenKeyboardHasAGlyph) {
    // Key labels come from the core, not the content pack: shift ⇧ and backspace ⌫ showed as '?' once.
    Uses keys;
    for (const char* lang : {"da", "en", "nb", "uk", "ar", "tr", "pl"})
        for (KeyboardLayer layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols, KeyboardLayer::Latin})
            for (const auto& row : MakeKeyboardLayout(lang, layer).rows)
                for (const Key& key : row)
                    for (bool shifted : {false, true}) AddCodePoints(key.Label(shifted), std::string("keyboard ") + lang, keys);
    ASSERT_TRUE(keys.count(0x232B) && keys.count(0x21E7)) << "backspace and shift are drawn as glyphs";
    for (int size = 0; size < kTextSizes; ++size)
        for (const std::string& line : Missing(fonts.sizes[static_cast<size_t>(size)].body, keys))
            ADD_FAILURE() << "text size " << size << ": no glyph for " << line;
}

TEST_F(FontCoverage, ContentIconsAndTheUnknownIconHaveGlyphs) {
    ASSERT_FALSE(icons.empty()) << "the demo pack names icons";
    AddCodePoints(icon::IconFor("no-such-icon"), "the icon for an unknown name", icons);
    for (const std::string& line : Missing(fonts.sizes[0].body, icons)) ADD_FAILURE() << "no glyph for " << line;
}

TEST_F(FontCoverage, EveryIconTheScreensDrawHasAGlyph) {
    // The check mark is how a chosen chip or language shows it is chosen, so a '?' there hides the choice.
    // Screens draw only icon:: constants, and the next test holds every constant to icon::kAll.
    Uses screen_icons;
    for (const char* glyph : icon::kAll) AddCodePoints(glyph, "icon::kAll", screen_icons);
    ASSERT_EQ(screen_icons.size(), std::size(icon::kAll)) << "an icon is listed twice in icon::kAll";
    for (int size = 0; size < kTextSizes; ++size) {
        const ui::FontSet& set = fonts.sizes[static_cast<size_t>(size)];
        for (const ImFont* font : {set.body, set.heading, set.small})
            for (const std::string& line : Missing(font, screen_icons)) ADD_FAILURE() << "text size " << size << ": no glyph for " << line;
    }
}

// A constant left out of icon::kAll is not loaded into the atlas and would draw as '?', so the list is held to
// app/ui/icons.h itself: every `constexpr const char* kName = "\x.."` there must be in it.
TEST_F(FontCoverage, EveryIconConstantIsInTheList) {
    const fs::path icons_h = fs::path(BK_SOURCE_DIR) / "app/ui/icons.h";
    std::ifstream in(icons_h);
    ASSERT_TRUE(in) << icons_h << " not found";
    const std::set<std::string> listed(std::begin(icon::kAll), std::end(icon::kAll));
    const std::regex constant(R"re(constexpr\s+const\s+char\s*\*\s*(k\w+)\s*=\s*"([^"]*)")re");
    const std::regex escapes(R"re((\\x[0-9a-fA-F]{2})+)re");
    std::size_t constants = 0;
    for (std::string line; std::getline(in, line);) {
        std::smatch match;
        if (!std::regex_search(line, match, constant)) continue;
        ++constants;
        const std::string name = match[1], literal = match[2];
        if (!std::regex_match(literal, escapes)) {
            ADD_FAILURE() << "icon::" << name << ": write the glyph as \\x escapes, as the others are";
            continue;
        }
        std::string glyph;
        for (std::size_t at = 0; at < literal.size(); at += 4) glyph += static_cast<char>(std::stoi(literal.substr(at + 2, 2), nullptr, 16));
        EXPECT_TRUE(listed.count(glyph)) << "icon::" << name << " is not in icon::kAll";
    }
    EXPECT_EQ(constants, std::size(icon::kAll)) << "constants in app/ui/icons.h and entries in icon::kAll";
}

// Screens name icons by icon:: constant only, so what they draw is what the tests above check: no other file in
// app/ writes FontAwesome's private-use code points itself.
TEST_F(FontCoverage, NoFileButIconsWritesAnIconsBytes) {
    int files = 0;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(fs::path(BK_SOURCE_DIR) / "app")) {
        const fs::path& path = entry.path();
        const bool icons_file = path.parent_path().filename() == "ui" && path.stem() == "icons";
        if ((path.extension() != ".cpp" && path.extension() != ".h") || icons_file) continue;
        std::ifstream source(path);
        ++files;
        EXPECT_FALSE(WritesIconBytes(std::string(std::istreambuf_iterator<char>(source), std::istreambuf_iterator<char>())))
            << path << " writes an icon's bytes itself: use an icon:: constant";
    }
    EXPECT_GT(files, 50) << "app/ was not read";
}

}  // namespace
}  // namespace bk
