// A guide: step N of M with progress, the step's text (drag to scroll), what you need, a QR code to
// continue on one's own phone, and back / help / next along the bottom where thumbs reach.
#include <algorithm>

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
        // Whole inside its scroll region, so a phone can read it: at 200 % on a short screen the region is lower.
        const float side = std::min({width, f.em * 7.5f, ImGui::GetWindowHeight() - f.em});
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        DrawQr(ImGui::GetWindowDrawList(), ImVec2(pos.x + (width - side) * 0.5f, pos.y), side, qr.size, qr.modules, qr.quiet_zone);
        ImGui::Dummy(ImVec2(width, side));
        RecordText(f.T("speech.qr_code"), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());  // the picture, in words
        Paragraph(f.T("guide.qr_hint"), f.palette.text_muted);
        // "I am doing it on my phone": the screen waits the profile's longer limit while the citizen does.
        const bool on_phone = g.on_phone;
        ButtonSpec phone{"guide.on_phone", on_phone ? icon::kCheck : icon::kMobile, f.T("guide.on_phone"),
                         f.T("guide.on_phone_hint", f.kiosk.Profile().phone_wait_limit_s / 60), ImVec2(width, 0),
                         on_phone ? Tone::Selected : Tone::Secondary, true, false, false, true};
        phone.size.y = ButtonHeightFor(f, phone, width);  // the narrow side panel wraps both lines
        if (BigButton(f, phone)) f.Do(ActionType::OnMyPhone);
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
        // A step titled "Det skal du bruge" already says it: the heading once, not twice.
        if (step.title.Get(lang) != f.T("guide.you_need")) {
            ImGui::PushFont(f.fonts.heading);
            Paragraph(f.T("guide.you_need"), f.palette.text);
            ImGui::PopFont();
        }
        // The check mark leads the item in reading order: on the right of an Arabic line.
        const TextDirection direction = f.RightToLeft() ? TextDirection::RightToLeft : TextDirection::LeftToRight;
        for (const LocalText& item : step.you_need)
            Paragraph(std::string(icon::kCheck) + "  " + item.Get(lang), f.palette.text, direction);
    }
}

// The step's picture, when it has one that can be shown (a missing or broken file shows only the words).
static const Picture* StepPicture(const Frame& f, const Step& step) {
    if (!f.pictures || step.image_file.empty()) return nullptr;
    return f.pictures->Find(step.image_file);
}

// The picture's size fitted into a square of `side`, keeping its shape.
static ImVec2 FitPicture(const Picture& picture, float side) {
    const float scale = side / std::max({picture.size.x, picture.size.y, 1.0f});
    return ImVec2(picture.size.x * scale, picture.size.y * scale);
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

    // Back, help and next grow with the text, but on a short landscape screen at 200 % only to the touch minimum,
    // so the step keeps room to be read.
    const float nav_h = std::max(f.em * kMinTouchEm, std::min(f.em * 2.8f, f.size.y * 0.12f));
    const ImVec2 avail = ContentSize();
    float body_h = avail.y - nav_h - ImGui::GetStyle().ItemSpacing.y * 2;
    float text_w = avail.x;  // the text's and phone panel's width beside the picture
    const bool has_phone = !step.phone_link.empty();
    // The picture sits outside the scrolling text, so it is always whole on screen: above the text in
    // portrait, in its own column on the left in landscape (on the right of an Arabic screen, whose columns
    // are mirrored). It grows with the text size, within bounds.
    const bool rtl = f.RightToLeft();
    const float row_x = ImGui::GetCursorPosX();
    if (const Picture* picture = StepPicture(f, step)) {
        if (f.portrait) {
            const ImVec2 size = FitPicture(*picture, std::min({f.em * 9.0f, body_h * 0.34f, avail.x}));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - size.x) * 0.5f);
            ImGui::Image(picture->texture, size);
            RecordText(step.image_alt.Get(s.lang), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());  // the picture in words
            body_h -= size.y + ImGui::GetStyle().ItemSpacing.y;
        } else {
            // Beside a phone panel too, the picture takes less, so the words keep a readable column.
            const float side = has_phone ? std::min({f.em * 6.0f, avail.x * 0.14f, body_h})
                                         : std::min({f.em * 8.0f, avail.x * 0.22f, body_h});
            const ImVec2 size = FitPicture(*picture, side);
            if (rtl) ImGui::SetCursorPosX(row_x + avail.x - size.x);
            ImGui::Image(picture->texture, size);
            RecordText(step.image_alt.Get(s.lang), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
            if (rtl) ImGui::SameLine(row_x);  // the columns continue from the left edge
            else ImGui::SameLine(0, f.em);
            text_w -= size.x + f.em;
        }
    }
    // Side by side only while the words keep a readable column; with large text the phone panel goes under them.
    const bool side_by_side = !f.portrait && has_phone && text_w - f.em * 13.0f >= f.em * 14.0f;
    if (!side_by_side) {
        BeginTouchScroll("##step", ImVec2(text_w, body_h));
        StepText(f, service, step);
        if (has_phone) {
            ImGui::Dummy(ImVec2(0, f.em * 0.5f));
            PhonePanel(f, step, ImGui::GetContentRegionAvail().x);
        }
        EndTouchScroll();
    } else {
        const float side_w = f.em * 12.0f;
        auto text = [&] {
            BeginTouchScroll("##step", ImVec2(text_w - side_w - f.em, body_h));
            StepText(f, service, step);
            EndTouchScroll();
        };
        // Drag-scrolled like the text: with large text the QR code and "on my phone" need not fit at once.
        auto phone = [&] {
            BeginTouchScroll("##phone", ImVec2(side_w, body_h));
            PhonePanel(f, step, side_w);
            EndTouchScroll();
        };
        if (rtl) phone(), ImGui::SameLine(0, f.em), text();
        else text(), ImGui::SameLine(0, f.em), phone();
    }

    // Bottom row: back, help, next. Next is the biggest and on the right, where it always is; on an Arabic
    // screen, which reads from the right, the row is mirrored: next on the left, back on the right.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float third = (avail.x - 2 * gap) / 3;
    // Back and help take a little less than a third, up to a third when their words need it (large text, a long
    // translation such as "Допомога"); next takes the rest.
    auto width_for = [&](const std::string& label) {
        const std::string drawn = VisualLine(label, StartsRightToLeft(label));
        const float words = f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, FLT_MAX, 0, drawn.c_str()).x;
        return std::clamp(words + f.em * 1.2f, third * 0.85f, third);
    };
    const float back_w = width_for(f.T("guide.back")), help_w = width_for(f.T("common.help"));
    const bool last = s.guide.step + 1 == total;
    auto back = [&] {
        if (BigButton(f, {"guide.back", icon::kArrowLeft, f.T("guide.back"), "", ImVec2(back_w, nav_h), Tone::Secondary}))
            f.Do(ActionType::PrevStep);
    };
    auto next = [&](float width) {
        if (BigButton(f, {"guide.next", last ? icon::kCheck : icon::kArrowRight,
                          f.T(last ? "guide.finish" : "guide.next"), "", ImVec2(width, nav_h), Tone::Primary, true, true}))
            f.Do(ActionType::NextStep);
    };
    if (rtl) next(avail.x - back_w - help_w - 2 * gap);
    else back();
    ImGui::SameLine();
    if (BigButton(f, {"guide.help", icon::kHelp, f.T("common.help"), "", ImVec2(help_w, nav_h), Tone::Warning}))
        f.Do(ActionType::RequestHelp);
    ImGui::SameLine();
    if (rtl) back();
    else next(-1);
}

}  // namespace bk::ui
