#include "ui/kiosk_view.h"

#include "ui/screens.h"

namespace bk::ui {

// The screen under everything: it never comes to the front over the idle overlay, and scrolls only by drag.
static constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;

void KioskView::Draw(const Kiosk& kiosk, Actions& out) {
    m_targets.clear();
    const SessionState& s = kiosk.State();
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    // Staff mode keeps its own text size: the citizen's large-text choice is for the citizen's screens.
    const FontSet& fonts = m_fonts.sizes[kiosk.InStaffMode() ? 0 : s.text_size];
    const Palette& palette = PaletteFor(s.high_contrast);
    ApplyStyle(palette, fonts.em);
    const bool portrait = size.y > size.x;
    const Frame frame{kiosk, palette, fonts, fonts.em, size, portrait, out, &m_targets, m_pictures};
    // Controls in the top bar keep their size whatever the text size, so they never crowd out.
    const FontSet& base = m_fonts.sizes[0];
    const Frame bar{kiosk, palette, base, base.em, size, portrait, out, &m_targets};

    ImGui::PushFont(fonts.body);
    BeginFullScreen("##screen", kScreenFlags);
    if (!kiosk.InStaffMode()) {
        ImGui::PushFont(base.body);
        DrawTopBar(bar);
        if (s.screen != Screen::Help && kiosk.HelpCallOpen()) DrawHelpBanner(bar);
        ImGui::PopFont();
    }
    switch (s.screen) {
        case Screen::Start: DrawStart(frame); break;
        case Screen::Home: DrawHome(frame); break;
        case Screen::List: DrawServiceList(frame); break;
        case Screen::Guide: DrawGuide(frame); break;
        case Screen::Feedback: DrawFeedback(frame); break;
        case Screen::Thanks: DrawThanks(frame); break;
        case Screen::Help: DrawHelp(frame); break;
        case Screen::StaffPin: DrawStaffPin(bar); break;
        case Screen::Staff: DrawStaff(bar); break;
    }
    if (kiosk.Services() && !kiosk.InStaffMode()) DrawStaffCorner(frame);
    ImGui::End();
    if (s.idle_overlay) {
        // Taps meant for the screen below must not count while the overlay is up.
        std::erase_if(m_targets, [](const Target& t) { return t.id.rfind("idle.", 0) != 0; });
        DrawIdleOverlay(frame);
    }
    ImGui::PopFont();
}

bool KioskView::Step(Kiosk& kiosk) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] || io.MouseReleased[0]) kiosk.NoteInput();
    const Screen before = kiosk.State().screen;
    const bool overlay_before = kiosk.State().idle_overlay;
    kiosk.Update();
    Actions actions;
    Draw(kiosk, actions);
    kiosk.Apply(actions);
    return !actions.empty() || kiosk.State().screen != before || kiosk.State().idle_overlay != overlay_before;
}

bool KioskView::DrawOutOfOrder(const std::string& title, const std::string& body, const std::vector<std::string>& staff_details,
                               StaffDetailsGate& gate, Millis now) {
    m_targets.clear();
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const FontSet& fonts = m_fonts.sizes[0];
    const Palette& palette = PaletteFor(false);
    ApplyStyle(palette, fonts.em);
    ImGui::PushFont(fonts.body);
    BeginFullScreen("##outoforder", kScreenFlags);
    ImGui::Dummy(ImVec2(0, size.y * 0.2f));
    ImGui::PushFont(fonts.heading);
    Paragraph(title, palette.text);
    ImGui::PopFont();
    Paragraph(body, palette.text_muted);
    gate.Update(HoldingStaffCorner(fonts.em), now);
    const bool show_details = gate.Visible(now) && !staff_details.empty();
    if (show_details) {
        ImGui::Dummy(ImVec2(0, fonts.em * 2));
        ImGui::PushFont(m_fonts.fixed_small);
        for (const std::string& line : staff_details) Paragraph(line, palette.text_muted);
        ImGui::PopFont();
    }
    ImGui::End();
    ImGui::PopFont();
    return show_details;
}

const Target* KioskView::FindTarget(const std::string& id) const {
    for (const Target& t : m_targets)
        if (t.id == id) return &t;
    return nullptr;
}

}  // namespace bk::ui
