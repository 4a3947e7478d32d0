#include "ui/style.h"

#include <filesystem>

#include "ui/icons.h"

namespace bk::ui {

// The letters of the kiosk's languages and no more, since every range is drawn into the atlas nine times
// (three text sizes, three fonts): Latin-1 for Danish and Norwegian (æ ø å é ü ...), Turkish's and Polish's
// letters from Latin Extended-A, the Ukrainian alphabet, Arabic with the presentation forms FriBidi shapes
// it into (ui/bidi.h), and a few typographic marks. tests/ui/font_coverage_test.cpp draws every UI string.
static const ImWchar kTextRanges[] = {
    0x0020, 0x00FF,                                  // Basic Latin, Latin-1
    0x0104, 0x0107, 0x0118, 0x0119, 0x011E, 0x011F,  // Polish Ą ą Ć ć, Ę ę; Turkish Ğ ğ
    0x0130, 0x0131, 0x0141, 0x0144, 0x015A, 0x015B,  // Turkish İ ı; Polish Ł ł Ń ń, Ś ś
    0x015E, 0x015F, 0x0179, 0x017C,                  // Turkish Ş ş; Polish Ź ź Ż ż
    0x02BC, 0x02BC,                                  // the Ukrainian apostrophe (м'ята)
    0x0404, 0x0404, 0x0406, 0x0407, 0x0410, 0x044F,  // Ukrainian Є, І Ї, А-я
    0x0454, 0x0454, 0x0456, 0x0457, 0x0490, 0x0491,  // є, і ї, Ґ ґ
    0x060C, 0x060C, 0x061B, 0x061B, 0x061F, 0x061F,  // Arabic comma, semicolon, question mark
    0x0621, 0x063A, 0x0640, 0x0652, 0x0660, 0x066C,  // Arabic letters, tatweel, vowel marks, digits
    0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026,
    0x21E7, 0x21E7, 0x232B, 0x232B,                  // the keyboard's shift ⇧ and backspace ⌫
    0xFE70, 0xFEFC,                                  // Arabic presentation forms B: joining forms, lam-alef
    0};

static ImFont* AddFont(ImFontAtlas& atlas, const std::string& file, const std::string& icons, float px) {
    ImFontConfig config;
    config.OversampleH = 1;  // large text needs no horizontal oversampling; keeps the atlas small
    ImFont* font = atlas.AddFontFromFileTTF(file.c_str(), px, &config, kTextRanges);
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.OversampleH = 1;
    merge.GlyphMinAdvanceX = px * 1.1f;  // icons line up in columns
    merge.GlyphOffset.y = px * 0.05f;
    atlas.AddFontFromFileTTF(icons.c_str(), px * 0.95f, &merge, reinterpret_cast<const ImWchar*>(icon::GlyphRanges()));
    return font;
}

bool LoadFonts(Fonts& out, float short_side_px, const FontFiles& files) {
    if (!LoadFonts(*ImGui::GetIO().Fonts, out, short_side_px, files)) return false;
    ImGui::GetIO().FontDefault = out.sizes[0].body;
    return true;
}

bool LoadFonts(ImFontAtlas& atlas, Fonts& out, float short_side_px, const FontFiles& files) {
    for (const std::string* f : {&files.regular, &files.bold, &files.icons})
        if (!std::filesystem::exists(*f)) return false;
    atlas.Clear();
    // The texture only as tall as its glyphs: with Cyrillic and Arabic a power-of-two height would double it.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    out.base_em = short_side_px / kShortSidePerEm;
    for (int i = 0; i < kTextSizes; ++i) {
        const float em = out.base_em * kTextScale[i];
        out.sizes[i].em = em;
        out.sizes[i].body = AddFont(atlas, files.regular, files.icons, em);
        out.sizes[i].heading = AddFont(atlas, files.bold, files.icons, em * kHeadingScale);
        out.sizes[i].small = AddFont(atlas, files.regular, files.icons, em * kSmallScale);
    }
    ImFontConfig small;
    small.OversampleH = 1;
    out.fixed_small = atlas.AddFontFromFileTTF(files.regular.c_str(), out.base_em * 0.6f, &small, kTextRanges);
    return true;
}

const Palette& PaletteFor(bool high_contrast) {
    // Calm and warm by default; high contrast is white and yellow on black (WCAG AAA contrast).
    static const Palette kCalm = {
        IM_COL32(247, 244, 238, 255), IM_COL32(255, 255, 255, 255), IM_COL32(28, 28, 30, 255),
        IM_COL32(80, 80, 86, 255),    IM_COL32(22, 72, 122, 255),   IM_COL32(10, 40, 75, 255),
        IM_COL32(255, 255, 255, 255), IM_COL32(226, 232, 240, 255), IM_COL32(170, 184, 204, 255),
        IM_COL32(28, 28, 30, 255),    IM_COL32(28, 110, 60, 255),   IM_COL32(255, 255, 255, 255),
        IM_COL32(150, 150, 160, 255), IM_COL32(22, 72, 122, 255),   IM_COL32(176, 60, 20, 255),
        IM_COL32(255, 255, 255, 255), IM_COL32(0, 0, 0, 170),       2.0f};
    static const Palette kHigh = {
        IM_COL32(0, 0, 0, 255),       IM_COL32(0, 0, 0, 255),       IM_COL32(255, 255, 255, 255),
        IM_COL32(255, 255, 255, 255), IM_COL32(255, 212, 0, 255),   IM_COL32(255, 255, 255, 255),
        IM_COL32(0, 0, 0, 255),       IM_COL32(0, 0, 0, 255),       IM_COL32(255, 212, 0, 255),
        IM_COL32(255, 255, 255, 255), IM_COL32(0, 255, 255, 255),   IM_COL32(0, 0, 0, 255),
        IM_COL32(255, 255, 255, 255), IM_COL32(255, 212, 0, 255),   IM_COL32(255, 140, 0, 255),
        IM_COL32(0, 0, 0, 255),       IM_COL32(0, 0, 0, 230),       4.0f};
    return high_contrast ? kHigh : kCalm;
}

void ApplyStyle(const Palette& p, float em, float spacing_em) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    const float gap = spacing_em > 0 ? spacing_em : em;
    style.WindowPadding = ImVec2(gap * 0.8f, gap * 0.6f);
    style.ItemSpacing = ImVec2(gap * 0.5f, gap * 0.5f);
    style.FramePadding = ImVec2(em * 0.5f, em * 0.3f);
    style.FrameRounding = em * 0.35f;
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.ScrollbarSize = em * 0.6f;   // visible, so people see there is more; dragging the text also scrolls
    style.ScrollbarRounding = em * 0.3f;
    style.TouchExtraPadding = ImVec2(0, 0);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    c[ImGuiCol_ScrollbarBg] = ImGui::ColorConvertU32ToFloat4(p.secondary);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.primary);
    c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrab];  // no hover-only affordances on touch
    c[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(p.primary_pressed);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(p.border);
}

}  // namespace bk::ui
