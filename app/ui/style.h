// Fonts, colours and units. Sizes are in em (the body font's pixel size), never fixed pixels:
// the body font is scaled from the screen's short side, so a 1080 px wide portrait screen and a
// 1920x1080 landscape screen get the same physical text and touch-target sizes.
#pragma once
#include <imgui.h>

#include <array>
#include <string>

#include "core/kiosk.h"

namespace bk::ui {

inline constexpr float kShortSidePerEm = 27.0f;                    // 1080 px short side -> 40 px body text
inline constexpr std::array<float, kTextSizes> kTextScale = {1.0f, 1.5f, 2.0f};  // up to 200 % (WCAG 1.4.4)
inline constexpr float kHeadingScale = 1.45f;
inline constexpr float kSmallScale = 0.62f;
inline constexpr float kMinTouchEm = 2.0f;                         // 80 px at a 1080 px short side
inline constexpr float kReadableColumnEm = 14.0f;                  // narrower columns go one under the other

struct FontSet {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* small = nullptr;  // labels under icons, captions
    float em = 0;           // body font size in px
};

struct Fonts {
    std::array<FontSet, kTextSizes> sizes;
    ImFont* fixed_small = nullptr;   // staff and diagnostics, never shown to citizens
    float base_em = 0;               // em at text size 0
};

struct FontFiles {
    std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    std::string icons = "/usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf";
};

// Adds every font to an atlas (the caller builds or uploads it). False when a font file is missing.
// Needs no ImGui context, so the kiosk builds its atlas on a worker while the window opens.
bool LoadFonts(ImFontAtlas& atlas, Fonts& out, float short_side_px, const FontFiles& files = {});
// The same into the current context's io.Fonts, which also becomes the default font.
bool LoadFonts(Fonts& out, float short_side_px, const FontFiles& files = {});

enum class Tone { Primary, Secondary, Quiet, Selected, Warning };

struct Palette {
    ImU32 background, surface, text, text_muted, primary, primary_pressed, on_primary, secondary,
        secondary_pressed, on_secondary, selected, on_selected, border, progress, warning, on_warning, overlay;
    float border_px;
};

const Palette& PaletteFor(bool high_contrast);
// `spacing_em` (0: em) sizes the gaps between items and the paddings: large text needs its letters larger, not
// its gaps, so a short screen keeps room for the words at 200 %.
void ApplyStyle(const Palette& palette, float em, float spacing_em = 0);

}  // namespace bk::ui
