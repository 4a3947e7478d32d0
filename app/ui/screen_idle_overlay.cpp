// The idle overlay: "are you still there?" over a dimmed screen, with a countdown and two answers.
#include <algorithm>

#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

void DrawIdleOverlay(const Frame& f) {
    // Modal: a dimmed screen and a card with two answers; at least 20 s to answer (WCAG 2.2.1).
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(f.palette.overlay));
    BeginFullScreen("##idle");
    ImGui::PopStyleColor();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float card_w = std::min(f.size.x - f.em * 2, f.em * 22.0f);
    const std::string title = f.T("idle.title");
    const std::string body = f.T(f.kiosk.HelpCallOpen() ? "idle.help_body" : "idle.body");
    const std::string seconds = f.T("idle.seconds_left", f.kiosk.IdleSecondsLeft());
    // The card is as tall as its words and buttons need, and moves up from a quarter down the screen when large
    // text on a short screen would push the buttons off it.
    const float text_w = card_w - f.em * 2;
    auto height_of = [&](const std::string& text, const ImFont* font) {
        return MeasureLines(font, font->FontSize, text, text_w, ResolveRightToLeft(text, TextDirection::Auto)).y;
    };
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float button_h = f.em * 3.0f;
    const float content_h = height_of(title, f.fonts.heading) + height_of(body, f.fonts.body) + height_of(seconds, f.fonts.body) +
                            f.em * 0.5f + button_h + spacing * 4;
    const float card_h = std::max(f.em * 13.0f, content_h + f.em * 2);
    const float top = std::max(f.em * 0.5f, std::min(f.size.y * 0.25f, f.size.y - card_h - f.em * 0.5f));
    const ImVec2 card_min(origin.x + (f.size.x - card_w) * 0.5f, origin.y + top);
    ImGui::GetWindowDrawList()->AddRectFilled(card_min, ImVec2(card_min.x + card_w, card_min.y + card_h), f.palette.background, f.em * 0.5f);
    ImGui::GetWindowDrawList()->AddRect(card_min, ImVec2(card_min.x + card_w, card_min.y + card_h), f.palette.border, f.em * 0.5f, 0, f.palette.border_px);
    ImGui::SetCursorScreenPos(ImVec2(card_min.x + f.em, card_min.y + f.em));
    ImGui::BeginGroup();
    ImGui::PushFont(f.fonts.heading);
    // Each line is recorded for speech mode as it is drawn (the warning is spoken, WCAG 2.2.1). Wrapped to the
    // card, right-aligned and shaped in Arabic (ui/bidi.h).
    auto line = [&](const std::string& text, ItemRole role, ImU32 color) {
        WrappedTextItem(text, color, TextDirection::Auto, text_w);
        RecordText(text, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), role);
    };
    line(title, ItemRole::Heading, f.palette.text);
    ImGui::PopFont();
    line(body, ItemRole::Text, f.palette.text);
    line(seconds, ItemRole::Text, f.palette.text_muted);
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    const float half = (card_w - f.em * 2 - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (BigButton(f, {"idle.end", nullptr, f.T("idle.end"), "", ImVec2(half, button_h), Tone::Secondary}))
        f.Do(ActionType::EndSession);
    ImGui::SameLine();
    if (BigButton(f, {"idle.continue", icon::kCheck, f.T("idle.continue"), "", ImVec2(half, button_h), Tone::Primary, true, true}))
        f.Do(ActionType::StillHere);
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace bk::ui
