// Every character the demo pack can put on screen has a glyph in the kiosk's font atlas. A missing glyph
// renders as '?' with no error anywhere, so a new text with a character outside the loaded ranges (a euro
// sign, an arrow, an emoji) or an icon name whose glyph is not loaded would reach citizens unnoticed.
#include <gtest/gtest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include <filesystem>
#include <fstream>
#include <map>
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
    Uses screen_icons;
    for (const char* glyph : {icon::kHome, icon::kArrowLeft, icon::kArrowRight, icon::kVolume, icon::kStop, icon::kContrast,
                              icon::kFont, icon::kHelp, icon::kCheck, icon::kClose, icon::kQr, icon::kMobile, icon::kKeyboard,
                              icon::kGlobe, icon::kGuides, icon::kWelfare, icon::kUser})
        AddCodePoints(glyph, "ui/icons.h", screen_icons);
    for (int size = 0; size < kTextSizes; ++size) {
        const ui::FontSet& set = fonts.sizes[static_cast<size_t>(size)];
        for (const ImFont* font : {set.body, set.heading, set.small})
            for (const std::string& line : Missing(font, screen_icons)) ADD_FAILURE() << "text size " << size << ": no glyph for " << line;
    }
}

}  // namespace
}  // namespace bk
