// The bar on every screen: home on the left; read aloud, text size, contrast and help on the right.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

ImVec2 ContentSize() { return ImGui::GetContentRegionAvail(); }

// Width that fits a stacked button's label, never below the minimum touch size.
static float StackedWidth(const Frame& f, const std::string& label) {
    ImFont* small = f.fonts.small;
    return std::max(f.em * 2.6f, small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, label.c_str()).x + f.em * 0.8f);
}

void DrawTopBar(const Frame& f) {
    const SessionState& s = f.kiosk.State();
    const float h = f.em * 2.4f;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const bool reading = f.kiosk.IsReadingAloud();
    // Every control says what it does in words under its icon; many citizens do not read icons.
    const std::string home = f.T("common.home");
    const std::string read = f.T(reading ? "common.stop_reading" : "common.read_aloud");
    const std::string size = f.T("common.text_size") + (s.text_size == 0 ? "" : s.text_size == 1 ? " +" : " ++");
    const std::string contrast = f.T("common.contrast");
    const std::string help = f.T("common.help");

    const bool show_home = s.screen != Screen::Start && s.screen != Screen::Home;
    const bool show_help = s.screen != Screen::Help;
    float w_home = show_home ? StackedWidth(f, home) : 0, w_read = f.kiosk.CanReadAloud() ? StackedWidth(f, read) : 0, w_size = StackedWidth(f, size),
          w_contrast = StackedWidth(f, contrast), w_help = show_help ? std::max(f.em * 4.5f, StackedWidth(f, help)) : 0;
    // Long translations on a narrow screen: squeeze every button alike, never below the touch minimum.
    const float avail = ImGui::GetContentRegionAvail().x - gap * 4;
    const float wanted = w_home + w_read + w_size + w_contrast + w_help;
    if (wanted > avail) {
        const float scale = avail / wanted;
        for (float* w : {&w_home, &w_read, &w_size, &w_contrast, &w_help})
            if (*w > 0) *w = std::max(f.em * kMinTouchEm, *w * scale);
    }

    if (show_home) {
        if (BigButton(f, {"top.home", icon::kHome, home, "", ImVec2(w_home, h), Tone::Secondary, true, false, true}))
            f.Do(ActionType::GoHome);
        ImGui::SameLine();
    }
    const float right_w = w_read + w_size + w_contrast + w_help + gap * ((show_help ? 3 : 2) - (w_read > 0 ? 0 : 1));
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
    if (w_read > 0) {
        if (BigButton(f, {"top.read_aloud", reading ? icon::kStop : icon::kVolume, read, "", ImVec2(w_read, h),
                          reading ? Tone::Selected : Tone::Secondary, true, false, true}))
            f.Do(ActionType::ToggleReadAloud);
        ImGui::SameLine();
    }
    if (BigButton(f, {"top.text_size", icon::kFont, size, "", ImVec2(w_size, h), s.text_size > 0 ? Tone::Selected : Tone::Secondary,
                      true, false, true}))
        f.Do(ActionType::CycleTextSize);
    ImGui::SameLine();
    if (BigButton(f, {"top.contrast", icon::kContrast, contrast, "", ImVec2(w_contrast, h),
                      s.high_contrast ? Tone::Selected : Tone::Secondary, true, false, true}))
        f.Do(ActionType::ToggleContrast);
    if (show_help) {
        ImGui::SameLine();
        if (BigButton(f, {"top.help", icon::kHelp, help, "", ImVec2(w_help, h), Tone::Warning, true, false, true}))
            f.Do(ActionType::RequestHelp);
    }
    ImGui::Dummy(ImVec2(0, f.em * 0.2f));
}

}  // namespace bk::ui
