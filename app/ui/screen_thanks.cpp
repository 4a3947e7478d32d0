// Thanks after feedback; returns to the start screen by itself, or at once on "done".
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

void DrawThanks(const Frame& f) {
    const ImVec2 avail = ContentSize();
    const float button_h = f.em * 3.0f;
    // The words scroll when large text makes them longer than the screen; the buttons stay at the bottom, in reach.
    BeginTouchScroll("##thanks", ImVec2(avail.x, avail.y - button_h - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Dummy(ImVec2(0, avail.y * 0.15f));
    Heading(f, f.T("thanks.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    Paragraph(f.T("thanks.body"), f.palette.text);
    ImGui::Dummy(ImVec2(0, f.em));
    Paragraph(f.T("thanks.returning", f.kiosk.ThanksSecondsLeft()), f.palette.text_muted);
    EndTouchScroll();
    // Done where "next" is.
    const RowTap tap = ButtonRow(f, {"thanks.home", icon::kHome, f.T("common.home"), "", ImVec2(0, button_h), Tone::Secondary},
                                 {"thanks.done", icon::kCheck, f.T("common.close"), "", ImVec2(0, button_h), Tone::Primary});
    if (tap == RowTap::Leading) f.Do(ActionType::GoHome);
    if (tap == RowTap::Trailing) f.Do(ActionType::EndSession);
}

}  // namespace bk::ui
