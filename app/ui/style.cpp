#include "ui/style.h"

#include <filesystem>

#include "ui/icons.h"

namespace bk::ui {

// Latin-1 covers Danish and Norwegian (æ ø å é ü ...); a few typographic marks besides.
static const ImWchar kTextRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026, 0};

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

void ApplyStyle(const Palette& p, float em) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(em * 0.8f, em * 0.6f);
    style.ItemSpacing = ImVec2(em * 0.5f, em * 0.5f);
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
