// A guide: step N of M with progress, the step's text (drag to scroll), what you need, a QR code to
// continue on one's own phone, and back / help / next along the bottom where thumbs reach.
#include "core/qr_code.h"
#include "ui/icons.h"
#include "ui/screens.h"

namespace bk::ui {

static void PhonePanel(const Frame& f, const Step& step, float width) {
    const GuideProgress& g = f.kiosk.State().guide;
    if (!g.qr_visible) {
        if (BigButton(f, {"guide.show_qr", icon::kMobile, f.T("guide.show_qr"), "", ImVec2(width, f.em * 3.2f), Tone::Secondary}))
            f.Do(ActionType::ShowQr);
    } else {
        // Encoding a short URL takes microseconds; no need to cache it across frames.
        const QrMatrix qr = MakeQr(step.phone_link);
        const float side = std::min(width, f.em * 7.5f);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        DrawQr(ImGui::GetWindowDrawList(), ImVec2(pos.x + (width - side) * 0.5f, pos.y), side, qr.size, qr.modules, qr.quiet_zone);
        ImGui::Dummy(ImVec2(width, side));
        Paragraph(f.T("guide.qr_hint"), f.palette.text_muted);
    }
    Paragraph(f.T("guide.no_login_here"), f.palette.warning);
}

static void StepText(const Frame& f, const Service& service, const Step& step) {
    const Lang& lang = f.kiosk.State().lang;
    (void)service;
    Heading(f, step.title.Get(lang));
    ImGui::Dummy(ImVec2(0, f.em * 0.3f));
    Paragraph(step.body.Get(lang), f.palette.text);
    if (!step.you_need.empty()) {
        ImGui::Dummy(ImVec2(0, f.em * 0.4f));
        ImGui::PushFont(f.fonts.heading);
        Paragraph(f.T("guide.you_need"), f.palette.text);
        ImGui::PopFont();
        for (const LocalText& item : step.you_need) Paragraph(std::string(icon::kCheck) + "  " + item.Get(lang), f.palette.text);
    }
}

void DrawGuide(const Frame& f) {
    const SessionState& s = f.kiosk.State();
    const Service& service = *s.guide.service;
    const int total = static_cast<int>(service.steps.size());
    const Step& step = service.steps[s.guide.step];

    ImGui::PushFont(f.fonts.body);
    Paragraph(service.title.Get(s.lang) + "  \xc2\xb7  " + f.T("guide.step_of", s.guide.step + 1, total), f.palette.text_muted);
    ImGui::PopFont();
    ProgressBar(f, s.guide.step + 1, total, f.em * 0.45f);
    ImGui::Dummy(ImVec2(0, f.em * 0.2f));

    const float nav_h = f.em * 2.8f;
    const ImVec2 avail = ContentSize();
    const float body_h = avail.y - nav_h - ImGui::GetStyle().ItemSpacing.y * 2;
    const bool has_phone = !step.phone_link.empty();
    if (f.portrait || !has_phone) {
        BeginTouchScroll("##step", ImVec2(avail.x, body_h));
        StepText(f, service, step);
        if (has_phone) {
            ImGui::Dummy(ImVec2(0, f.em * 0.5f));
            PhonePanel(f, step, ImGui::GetContentRegionAvail().x);
        }
        EndTouchScroll();
    } else {
        const float side_w = f.em * 12.0f;
        BeginTouchScroll("##step", ImVec2(avail.x - side_w - f.em, body_h));
        StepText(f, service, step);
        EndTouchScroll();
        ImGui::SameLine(0, f.em);
        ImGui::BeginChild("##phone", ImVec2(side_w, body_h), false, ImGuiWindowFlags_NoBackground);
        PhonePanel(f, step, side_w);
        ImGui::EndChild();
    }

    // Bottom row: back, help, next. Next is the biggest and on the right, where it always is.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float third = (avail.x - 2 * gap) / 3;
    if (BigButton(f, {"guide.back", icon::kArrowLeft, f.T("guide.back"), "", ImVec2(third * 0.85f, nav_h), Tone::Secondary}))
        f.Do(ActionType::PrevStep);
    ImGui::SameLine();
    if (BigButton(f, {"guide.help", icon::kHelp, f.T("common.help"), "", ImVec2(third * 0.85f, nav_h), Tone::Warning}))
        f.Do(ActionType::RequestHelp);
    ImGui::SameLine();
    const bool last = s.guide.step + 1 == total;
    if (BigButton(f, {"guide.next", last ? icon::kCheck : icon::kArrowRight, f.T(last ? "guide.finish" : "guide.next"), "",
                      ImVec2(-1, nav_h), Tone::Primary, true, true}))
        f.Do(ActionType::NextStep);
}

}  // namespace bk::ui
