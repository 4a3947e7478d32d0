// A help call's progress: sending, sent, a staff member on the way, or no connection; cancel or go back.
// While the call is open, a banner under the top bar of every other screen says so and can cancel it.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

void DrawHelp(const Frame& f) {
    const ImVec2 avail = ContentSize();
    const float button_h = f.em * 3.0f;
    // The words scroll when large text makes them longer than the screen; the buttons stay at the bottom, in reach.
    BeginTouchScroll("##help", ImVec2(avail.x, avail.y - button_h - ImGui::GetStyle().ItemSpacing.y));
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
    // Nobody has come in the profile's time: the bold words change from "stay here" to one calm next step,
    // go to the desk, and where it is (never both at once).
    const bool escalated = f.kiosk.HelpEscalated();
    ImGui::PushFont(f.fonts.heading);
    Paragraph(escalated ? f.T("help.not_yet") + " " + f.T("help.go_to_desk") : f.T(key), color);
    ImGui::PopFont();
    const std::string& where = f.kiosk.Profile().help_desk_where.Get(f.kiosk.State().lang);
    if ((escalated || status == HelpStatus::Failed) && !where.empty()) {
        ImGui::Dummy(ImVec2(0, f.em * 0.5f));
        Paragraph(where, f.palette.text);  // "go to the desk": where it is
    }
    // The call is alive and the wait is counted, minute by minute.
    if (status == HelpStatus::Sending || status == HelpStatus::Open) {
        ImGui::Dummy(ImVec2(0, f.em * 0.5f));
        Paragraph(f.T("help.waited", f.kiosk.HelpWaitedMinutes()), f.palette.text_muted);
    }
    EndTouchScroll();
    // Back where "next" is.
    const RowTap tap = ButtonRow(f, {"help.cancel", icon::kClose, f.T("help.cancel"), "", ImVec2(0, button_h), Tone::Secondary},
                                 {"help.close", icon::kArrowLeft, f.T("common.back"), "", ImVec2(0, button_h), Tone::Primary});
    if (tap == RowTap::Leading) f.Do(ActionType::CancelHelp);
    if (tap == RowTap::Trailing) f.Do(ActionType::CloseHelp);
}

void DrawHelpBanner(const Frame& f) {
    // Wherever the citizen went while waiting, the call's state stays in sight; it is read from the help
    // desk every frame, so an acknowledgement shows in the frame after it arrives.
    const HelpStatus status = f.kiosk.Help();
    const bool coming = status == HelpStatus::Acknowledged;
    const std::string text = f.T(coming ? "help.banner_coming" : status == HelpStatus::Sending ? "help.sending" : "help.banner_waiting");
    const bool failed = status == HelpStatus::Failed;
    const std::string cancel = f.T(failed ? "common.close" : "help.cancel");
    float h = f.em * 2.4f;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float cancel_w = std::max(f.em * 4.5f, f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, FLT_MAX, 0, cancel.c_str()).x + f.em * 2.4f);
    const float text_w = ImGui::GetContentRegionAvail().x - cancel_w - gap;
    // Nobody has come yet: the banner says where the desk is, on a second line as tall as it needs.
    ButtonSpec banner{"help.banner", coming ? icon::kUser : icon::kHelp, text, "", ImVec2(text_w, h), coming ? Tone::Selected : Tone::Warning};
    banner.shows_choice = false;  // green means "someone is coming", not a choice
    const std::string& where = f.kiosk.Profile().help_desk_where.Get(f.kiosk.State().lang);
    if (f.kiosk.HelpEscalated()) {
        banner.label = f.T("help.not_yet");
        banner.hint = where.empty() ? f.T("help.go_to_desk") : where;
        banner.size.y = h = std::max(h, ButtonHeightFor(f, banner, text_w));
    } else if (failed) {
        // The call never reached staff (no connection): wherever the citizen is, they learn it and where to go.
        banner.label = f.T("help.offline");
        banner.hint = where;
        banner.size.y = h = std::max(h, ButtonHeightFor(f, banner, text_w));
    }
    if (BigButton(f, banner))
        f.Do(ActionType::RequestHelp);  // shows the help screen; an open call is not sent again
    ImGui::SameLine();
    if (BigButton(f, {"help.banner.cancel", icon::kClose, cancel, "", ImVec2(cancel_w, h), Tone::Secondary}))
        f.Do(ActionType::CancelHelp);
    ImGui::Dummy(ImVec2(0, f.em * 0.2f));
}

}  // namespace bk::ui
