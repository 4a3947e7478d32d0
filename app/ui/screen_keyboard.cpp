// The on-screen keyboard: the core owns the layout and the text; this only draws keys and reports taps.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

static constexpr float kKeyGapEm = 0.2f;

float KeyboardHeightAtTouchMinimum(float em, int rows) {
    return static_cast<float>(rows) * em * kMinTouchEm + static_cast<float>(rows - 1) * em * kKeyGapEm;
}

void DrawKeyboard(const Frame& f, float height) {
    const KeyboardLayout layout = f.kiosk.Keyboard();
    const TextInput& input = f.kiosk.State().feedback.comment;
    const float gap = f.em * kKeyGapEm;
    const float width = ImGui::GetContentRegionAvail().x;
    const float key_h = (height - gap * (layout.rows.size() - 1)) / layout.rows.size();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    for (size_t r = 0; r < layout.rows.size(); ++r) {
        const auto& row = layout.rows[r];
        float units = 0;
        for (const Key& k : row) units += k.width;
        // Keys sit on a grid of `units` one-unit columns, so a key w units wide also spans w - 1 gaps.
        const float unit = (width - gap * (units - 1)) / units;
        for (size_t c = 0; c < row.size(); ++c) {
            const Key& key = row[c];
            if (c > 0) ImGui::SameLine();
            std::string label = key.label_key.empty() ? key.Label(input.IsShifted()) : f.T(key.label_key.c_str());
            const char* glyph = nullptr;
            Tone tone = Tone::Secondary;
            if (key.action == KeyAction::Backspace) glyph = icon::kArrowLeft;
            if (key.action == KeyAction::Done) { glyph = icon::kCheck; tone = Tone::Primary; }
            if (key.action == KeyAction::Shift && input.IsShifted()) tone = Tone::Selected;
            const std::string id = "key." + std::to_string(r) + "." + std::to_string(c);
            ButtonSpec spec{id.c_str(), glyph, label, "", ImVec2(unit * key.width + gap * (key.width - 1), key_h), tone};
            // Twelve Ukrainian or Arabic letters share a row: at 200 % text a key may be narrower than the touch
            // minimum (still about 7 % of the screen's width) rather than the row running off the screen.
            spec.exact_width = true;
            // A key shown as a glyph has a name when spoken.
            if (key.action == KeyAction::Backspace) spec.spoken = f.T("keyboard.backspace");
            if (key.action == KeyAction::Shift) spec.spoken = f.T("keyboard.shift");
            if (BigButton(f, spec))
                f.Do(ActionType::PressKey, {}, static_cast<int>(r) * kKeyRowStride + static_cast<int>(c));
        }
    }
    ImGui::PopStyleVar();
}

}  // namespace bk::ui
