// Staff mode: a PIN pad, then help calls with waiting times, kiosk health, content and maintenance.
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

bool HoldingStaffCorner(float em) {
    // The press must start in the corner, so a citizen's swipe that passes through it does nothing.
    const ImGuiIO& io = ImGui::GetIO();
    const float side = em * 1.2f;
    auto in_corner = [side](ImVec2 p) { return p.x >= 0 && p.y >= 0 && p.x < side && p.y < side; };
    return io.MouseDown[0] && in_corner(io.MouseClickedPos[0]) && in_corner(io.MousePos);
}

void DrawStaffCorner(const Frame& f) {
    // A hidden corner: holding it for a few seconds opens the PIN pad.
    if (HoldingStaffCorner(f.em)) f.Do(ActionType::CornerDown);
    else if (f.kiosk.Staff().corner_since >= 0) f.Do(ActionType::CornerUp);
}

void DrawSpeechCorner(const Frame& f) {
    if (f.kiosk.SpeechMode().on) return;
    // Larger than the staff corner: it is found by touch, not by sight. The press must start there.
    const ImGuiIO& io = ImGui::GetIO();
    const float side = f.em * 2.5f;
    auto in_corner = [&](ImVec2 p) { return p.x >= 0 && p.x < side && p.y > f.size.y - side && p.y <= f.size.y; };
    if (io.MouseDown[0] && in_corner(io.MouseClickedPos[0]) && in_corner(io.MousePos)) f.Do(ActionType::SpeechCornerDown);
    else if (f.kiosk.SpeechMode().corner_since >= 0) f.Do(ActionType::SpeechCornerUp);
}

void DrawStaffPin(const Frame& f) {
    const StaffState& st = f.kiosk.Staff();
    Heading(f, f.T("staff.pin_title"));
    if (st.checking_pin) {
        Paragraph(f.T("staff.pin_checking"), f.palette.text);
    } else if (f.kiosk.StaffLocked()) {
        const Millis left = st.locked_until - f.kiosk.Clk().MonotonicMs();
        Paragraph(f.T("staff.pin_locked", static_cast<long>((left + 59'999) / 60'000)), f.palette.warning);
    } else if (st.wrong_tries > 0) {
        Paragraph(f.T("staff.pin_wrong"), f.palette.warning);
    } else {
        Paragraph(" ", f.palette.text);
    }
    // Dots, not digits: someone may be looking over the shoulder.
    ImGui::PushFont(f.fonts.heading);
    std::string dots = st.pin.empty() ? "-" : "";
    for (size_t i = 0; i < st.pin.size(); ++i) dots += "\xe2\x80\xa2 ";
    Paragraph(dots, f.palette.text);
    ImGui::PopFont();

    const bool accepting = !f.kiosk.StaffLocked() && !st.checking_pin;
    const float key = std::min(f.em * 4.0f, (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3);
    const int layout[4][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {-1, 0, -2}};
    for (const auto& row : layout) {
        for (int c = 0; c < 3; ++c) {
            if (c > 0) ImGui::SameLine();
            const int k = row[c];
            const std::string id = k >= 0 ? "pin." + std::to_string(k) : k == -1 ? "pin.back" : "pin.ok";
            if (k >= 0) {
                if (BigButton(f, {id.c_str(), nullptr, std::to_string(k), "", ImVec2(key, key * 0.8f), Tone::Secondary, accepting, true}))
                    f.Do(ActionType::PinDigit, {}, k);
            } else if (k == -1) {
                if (BigButton(f, {id.c_str(), icon::kArrowLeft, "", "", ImVec2(key, key * 0.8f), Tone::Secondary, accepting}))
                    f.Do(ActionType::PinBackspace);
            } else if (BigButton(f, {id.c_str(), icon::kCheck, f.T("staff.ok"), "", ImVec2(key, key * 0.8f), Tone::Primary,
                                     accepting})) {
                f.Do(ActionType::PinSubmit);
            }
        }
    }
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    if (BigButton(f, {"staff.cancel", icon::kClose, f.T("staff.cancel"), "", ImVec2(key * 3 + ImGui::GetStyle().ItemSpacing.x * 2, f.em * 2.4f),
                      Tone::Secondary}))
        f.Do(ActionType::StaffExit);
}

static long MinutesSince(const Frame& f, Millis wall_ts) {
    return wall_ts > 0 ? static_cast<long>(std::max<Millis>(0, f.kiosk.Clk().WallMs() - wall_ts) / 60'000) : -1;
}

void DrawStaff(const Frame& f) {
    // A snapshot the core re-reads on a slow timer; drawing never calls through to telemetry or the network.
    const StaffState& st = f.kiosk.Staff();
    const StaffInfo& info = st.info;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    Heading(f, f.T("staff.title"));
    BeginTouchScroll("##staff", ImVec2(0, ImGui::GetContentRegionAvail().y - f.em * 2.8f - gap));

    // Help calls, oldest first, each with its waiting time.
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T("staff.calls"), f.palette.text);
    ImGui::PopFont();
    if (!info.calls_error.empty()) Paragraph(info.calls_error, f.palette.warning);
    if (info.calls.empty()) Paragraph(f.T("staff.no_calls"), f.palette.text_muted);
    for (const StaffHelpCall& call : info.calls) {
        const StaffCallView view = f.kiosk.DescribeCall(call);
        ImGui::PushFont(f.fonts.heading);
        Paragraph(view.location, f.palette.text);
        ImGui::PopFont();
        std::string line = view.where;
        if (!view.waiting.empty()) line += "  \xc2\xb7  " + view.waiting;
        if (view.acknowledged) line += "  \xc2\xb7  " + f.T("staff.acknowledged");
        Paragraph(line, f.palette.text);
        const std::string ack = "staff.ack." + call.id, resolve = "staff.resolve." + call.id;
        if (call.status == "open") {
            if (BigButton(f, {ack.c_str(), icon::kCheck, f.T("staff.ack"), "", ImVec2(f.em * 7, f.em * 2.2f), Tone::Primary}))
                f.Do(ActionType::StaffAck, call.id);
            ImGui::SameLine();
        }
        if (BigButton(f, {resolve.c_str(), icon::kClose, f.T("staff.resolve"), "", ImVec2(f.em * 7, f.em * 2.2f), Tone::Secondary}))
            f.Do(ActionType::StaffResolve, call.id);
    }
    if (BigButton(f, {"staff.refresh", nullptr, f.T("staff.refresh"), "", ImVec2(f.em * 7, f.em * 2.2f), Tone::Secondary}))
        f.Do(ActionType::StaffRefresh);

    // Kiosk health.
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T("staff.registry"), f.palette.text);
    ImGui::PopFont();
    Paragraph(f.T(info.connected ? "staff.connected" : "staff.offline"), info.connected ? f.palette.selected : f.palette.warning);
    if (!info.upload_error.empty()) Paragraph(info.upload_error, f.palette.text_muted);
    Paragraph(f.T("staff.backlog", static_cast<long>(info.backlog)), f.palette.text);
    Paragraph(info.last_upload_ts > 0 ? f.T("staff.last_upload", MinutesSince(f, info.last_upload_ts)) : f.T("staff.never"), f.palette.text);
    if (info.dropped > 0) Paragraph(f.T("staff.dropped", static_cast<long>(info.dropped)), f.palette.warning);

    // Content.
    ImGui::Dummy(ImVec2(0, f.em * 0.5f));
    ImGui::PushFont(f.fonts.heading);
    Paragraph(f.T("staff.content"), f.palette.text);
    ImGui::PopFont();
    const std::string source_key = "staff.source." + info.content_source;
    Paragraph(info.content_version + "  (" + f.T(source_key.c_str()) + ")", f.palette.text);
    if (info.content_problems.empty()) Paragraph(f.T("staff.content_ok"), f.palette.text_muted);
    ImGui::PushFont(f.fonts.small);
    for (const std::string& p : info.content_problems) Paragraph(p, f.palette.warning);
    ImGui::PopFont();
    if (st.reloading) Paragraph(f.T("staff.reloading"), f.palette.text);
    else if (!st.message.empty()) Paragraph(st.message, f.palette.text);
    // Citizens are offered no read-aloud button and no speech mode without sound; staff see why.
    if (const std::string problem = f.kiosk.SpeechProblem(); !problem.empty())
        Paragraph(f.T("staff.speech_off") + " " + problem, f.palette.warning);
    const float third = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
    if (BigButton(f, {"staff.reload", nullptr, f.T("staff.reload"), "", ImVec2(third, f.em * 2.4f), Tone::Secondary, !st.reloading}))
        f.Do(ActionType::StaffReload);
    ImGui::SameLine();
    if (BigButton(f, {"staff.test_speech", icon::kVolume, f.T("staff.test_speech"), "", ImVec2(third, f.em * 2.4f), Tone::Secondary}))
        f.Do(ActionType::StaffTestSpeech);
    ImGui::SameLine();
    if (BigButton(f, {"staff.exit_app", nullptr, f.T("staff.exit_app"), "", ImVec2(third, f.em * 2.4f), Tone::Warning}))
        f.Do(ActionType::StaffExitApp);
    EndTouchScroll();

    if (BigButton(f, {"staff.exit", icon::kArrowLeft, f.T("staff.exit"), "", ImVec2(-1, f.em * 2.8f), Tone::Primary, true, true}))
        f.Do(ActionType::StaffExit);
}

}  // namespace bk::ui
