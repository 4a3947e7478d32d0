// A help call's progress: sending, sent, a staff member on the way, or no connection; cancel or go back.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

void DrawHelp(const Frame& f) {
    const ImVec2 avail = ContentSize();
    ImGui::Dummy(ImVec2(0, avail.y * 0.08f));
    Heading(f, f.T("help.title"));
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    const HelpStatus status = f.kiosk.Help();
    const char* key = "help.sent";
    ImU32 color = f.palette.text;
    switch (status) {
        case HelpStatus::Sending: key = "help.sending"; break;
        case HelpStatus::Acknowledged: key = "help.acknowledged"; color = f.palette.selected; break;
        case HelpStatus::Failed: key = "help.offline"; color = f.palette.warning; break;
        default: break;
    }
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T(key), color);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, f.em * 1.5f));
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float half = (ImGui::GetContentRegionAvail().x - gap) / 2;
    if (BigButton(f, {"help.cancel", icon::kClose, f.T("help.cancel"), "", ImVec2(half, f.em * 3.0f), Tone::Secondary}))
        f.Do(ActionType::CancelHelp);
    ImGui::SameLine();
    if (BigButton(f, {"help.close", icon::kArrowLeft, f.T("common.back"), "", ImVec2(half, f.em * 3.0f), Tone::Primary}))
        f.Do(ActionType::CloseHelp);
}

}  // namespace bk::ui
