// The bar on every screen: home on the left; read aloud, text size, contrast and help on the right.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

ImVec2 ContentSize() { return ImGui::GetContentRegionAvail(); }

void DrawTopBar(const Frame& f) {
    const SessionState& s = f.kiosk.State();
    const float h = f.em * 2.2f;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    // In portrait the labels would not fit beside each other: icons carry them, labels go small below.
    const bool with_labels = !f.portrait;
    const float w = with_labels ? f.em * 5.6f : f.em * 2.6f;

    if (s.screen != Screen::Start && s.screen != Screen::Home) {
        if (BigButton(f, {"top.home", icon::kHome, with_labels ? f.T("common.home") : "", "", ImVec2(w, h), Tone::Secondary}))
            f.Do(ActionType::GoHome);
        ImGui::SameLine();
    }
    const bool reading = f.kiosk.IsReadingAloud();
    const int right_buttons = 4;
    const float right_w = w * 3 + f.em * 6.0f + gap * (right_buttons - 1);
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
    if (BigButton(f, {"top.read_aloud", reading ? icon::kStop : icon::kVolume,
                      with_labels ? f.T(reading ? "common.stop_reading" : "common.read_aloud") : "", "",
                      ImVec2(w, h), reading ? Tone::Selected : Tone::Secondary}))
        f.Do(ActionType::ToggleReadAloud);
    ImGui::SameLine();
    const std::string size_label = std::string(s.text_size == 0 ? "A" : s.text_size == 1 ? "A+" : "A++");
    if (BigButton(f, {"top.text_size", icon::kFont, with_labels ? f.T("common.text_size") + " " + size_label : size_label, "",
                      ImVec2(w, h), Tone::Secondary}))
        f.Do(ActionType::CycleTextSize);
    ImGui::SameLine();
    if (BigButton(f, {"top.contrast", icon::kContrast, with_labels ? f.T("common.contrast") : "", "", ImVec2(w, h),
                      s.high_contrast ? Tone::Selected : Tone::Secondary}))
        f.Do(ActionType::ToggleContrast);
    ImGui::SameLine();
    if (s.screen != Screen::Help &&
        BigButton(f, {"top.help", icon::kHelp, f.T("common.help"), "", ImVec2(f.em * 6.0f, h), Tone::Warning}))
        f.Do(ActionType::RequestHelp);
    ImGui::Dummy(ImVec2(0, f.em * 0.2f));
}

}  // namespace bk::ui
