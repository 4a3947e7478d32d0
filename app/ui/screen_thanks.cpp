// Thanks after feedback; returns to the start screen by itself, or at once on "done".
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

void DrawThanks(const Frame& f) {
    const ImVec2 avail = ContentSize();
    // Scrolls when large text on a short screen pushes the buttons below it.
    BeginTouchScroll("##thanks", avail);
    ImGui::Dummy(ImVec2(0, avail.y * 0.15f));
    Heading(f, f.T("thanks.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    Paragraph(f.T("thanks.body"), f.palette.text);
    ImGui::Dummy(ImVec2(0, f.em));
    Paragraph(f.T("thanks.returning", f.kiosk.ThanksSecondsLeft()), f.palette.text_muted);
    ImGui::Dummy(ImVec2(0, f.em));
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float half = (ImGui::GetContentRegionAvail().x - gap) / 2;
    // Done where "next" is: on the right, or on the left of an Arabic screen.
    auto home = [&] {
        if (BigButton(f, {"thanks.home", icon::kHome, f.T("common.home"), "", ImVec2(half, f.em * 3.0f), Tone::Secondary}))
            f.Do(ActionType::GoHome);
    };
    auto done = [&] {
        if (BigButton(f, {"thanks.done", icon::kCheck, f.T("common.close"), "", ImVec2(half, f.em * 3.0f), Tone::Primary}))
            f.Do(ActionType::EndSession);
    };
    if (f.RightToLeft()) done(), ImGui::SameLine(), home();
    else home(), ImGui::SameLine(), done();
    EndTouchScroll();
}

}  // namespace bk::ui
