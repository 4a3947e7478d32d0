// Icon glyphs from FontAwesome 4.7 (Debian fonts-font-awesome), merged into every text font.
// Content names icons by word; IconFor() maps the word to a glyph.
#pragma once
#include <string_view>

namespace bk::icon {

// UTF-8 of the private-use code points.
inline constexpr const char* kHome = "\xef\x80\x95";         // U+F015
inline constexpr const char* kArrowLeft = "\xef\x81\xa0";    // U+F060
inline constexpr const char* kArrowRight = "\xef\x81\xa1";   // U+F061
inline constexpr const char* kVolume = "\xef\x80\xa8";       // U+F028
inline constexpr const char* kStop = "\xef\x81\x8d";         // U+F04D
inline constexpr const char* kContrast = "\xef\x81\x82";     // U+F042 adjust
inline constexpr const char* kFont = "\xef\x80\xb1";         // U+F031
inline constexpr const char* kHelp = "\xef\x83\xb3";         // U+F0F3 bell
inline constexpr const char* kCheck = "\xef\x80\x8c";        // U+F00C
inline constexpr const char* kClose = "\xef\x80\x8d";        // U+F00D
inline constexpr const char* kQr = "\xef\x80\xa9";           // U+F029
inline constexpr const char* kMobile = "\xef\x84\x8b";       // U+F10B
inline constexpr const char* kKeyboard = "\xef\x84\x9c";     // U+F11C
inline constexpr const char* kGlobe = "\xef\x82\xac";        // U+F0AC
inline constexpr const char* kGuides = "\xef\x80\xba";       // U+F03A list
inline constexpr const char* kWelfare = "\xef\x80\x84";      // U+F004 heart
inline constexpr const char* kUser = "\xef\x80\x87";         // U+F007

// Every constant above, once. The atlas loads these glyphs, and tests/ui/font_coverage_test.cpp checks that the font
// has each one and that no constant above is missing here.
inline constexpr const char* kAll[] = {kHome, kArrowLeft, kArrowRight, kVolume, kStop, kContrast, kFont, kHelp, kCheck,
                                       kClose, kQr, kMobile, kKeyboard, kGlobe, kGuides, kWelfare, kUser};

// The code points the atlas needs from the icon font: kAll and the content icons' glyphs only, so the atlas
// stays small and builds fast. Pairs, zero-terminated, as ImGui wants them.
const unsigned short* GlyphRanges();

// Icon for a content icon name (see content/README.md); a question mark circle when unknown.
const char* IconFor(std::string_view name);

}  // namespace bk::icon
