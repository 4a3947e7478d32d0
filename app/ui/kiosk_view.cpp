#include "ui/kiosk_view.h"

#include "ui/screens.h"

namespace bk::ui {

// The screen under everything: it never comes to the front over the idle overlay, and scrolls only by drag.
static constexpr ImGuiWindowFlags kScreenFlags = ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;

void KioskView::Draw(const Kiosk& kiosk, Actions& out) {
    m_targets.clear();
    m_items.clear();
    ScreenRecording recording(m_items);
    // A focus moved by a key may be out of sight in a scrolling region: that region brings it into view, once.
    if (const SpeechModeState& speech_mode = kiosk.SpeechMode();
        speech_mode.on && speech_mode.focus >= 0 && speech_mode.focus < static_cast<int>(speech_mode.items.size())) {
        const std::string focus = speech_mode.page + "#" + std::to_string(speech_mode.focus);
        if (focus != m_scrolled_to) ScreenRecording::ScrollTo(speech_mode.items[static_cast<size_t>(speech_mode.focus)]);
        m_scrolled_to = focus;
    }
    const SessionState& s = kiosk.State();
    // A page just opened starts at its top: a step must not open where the last one was scrolled to.
    const std::string page = std::string(ScreenName(s.screen)) + "/" + (s.guide.service ? s.guide.service->id : "") + "/" +
                             std::to_string(s.guide.step);
    SetNewPage(page != m_page);
    m_page = page;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    // Staff mode keeps its own text size: the citizen's large-text choice is for the citizen's screens.
    const FontSet& fonts = m_fonts.sizes[kiosk.InStaffMode() ? 0 : s.text_size];
    const Palette& palette = PaletteFor(s.high_contrast);
    ApplyStyle(palette, fonts.em, std::min(fonts.em, m_fonts.sizes[0].em * 1.3f));  // gaps grow less than the text
    const bool portrait = size.y > size.x;
    const Frame frame{kiosk, palette, fonts, fonts.em, size, portrait, out, &m_targets, m_pictures};
    // Controls in the top bar keep their size whatever the text size, so they never crowd out.
    const FontSet& base = m_fonts.sizes[0];
    const Frame bar{kiosk, palette, base, base.em, size, portrait, out, &m_targets};

    ImGui::PushFont(fonts.body);
    BeginFullScreen("##screen", kScreenFlags);
    const bool closed = kiosk.Closed();
    if (!kiosk.InStaffMode() && !closed) {  // closed: nothing in the bar would do anything
        ImGui::PushFont(base.body);
        ScreenRecording::SetChrome(true);  // read after the screen's own content
        DrawTopBar(bar);
        if (s.screen != Screen::Help && (kiosk.HelpCallOpen() || kiosk.HelpCallFailed())) DrawHelpBanner(bar);
        ScreenRecording::SetChrome(false);
        ImGui::PopFont();
    }
    switch (s.screen) {
        case Screen::Start: closed ? DrawClosed(frame) : DrawStart(frame); break;
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
    if (!kiosk.InStaffMode()) DrawSpeechCorner(frame);
    ImGui::End();
    if (s.idle_overlay) {
        // Taps meant for the screen below must not count while the overlay is up, nor its words be read.
        std::erase_if(m_targets, [](const Target& t) { return t.id.rfind("idle.", 0) != 0; });
        m_items.clear();
        DrawIdleOverlay(frame);
    }
    DrawFocus(kiosk);
    SetNewPage(false);
    ImGui::PopFont();
}

// In speech mode a finger explores: a touch says what is under it, a finger moved onto another item says
// that one, and a second tap soon after activates (the core decides, with its clock).
void KioskView::ExploreByTouch(const Kiosk& kiosk, Actions& out) const {
    const ImGuiIO& io = ImGui::GetIO();
    const std::vector<ScreenItem>& items = kiosk.SpeechMode().items;
    auto item_at = [&items](ImVec2 p) {
        for (int i = static_cast<int>(items.size()) - 1; i >= 0; --i)  // what was drawn last is on top
            if (items[static_cast<size_t>(i)].Contains(p.x, p.y)) return i;
        return -1;
    };
    if (io.MouseClicked[0]) {
        out.push_back({ActionType::ExploreDown, {}, item_at(io.MousePos)});
    } else if (io.MouseDown[0] && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        const int under = item_at(io.MousePos);
        if (under >= 0 && under != kiosk.SpeechMode().focus) out.push_back({ActionType::ExploreMove, {}, under});
    }
}

// The focus in speech mode, visible to a helper beside the citizen and to citizens with some sight: a thick
// black and yellow frame that shows on every colour the screens use.
void KioskView::DrawFocus(const Kiosk& kiosk) const {
    const SpeechModeState& speech_mode = kiosk.SpeechMode();
    if (!speech_mode.on || kiosk.InStaffMode() || speech_mode.focus < 0 || speech_mode.focus >= static_cast<int>(speech_mode.items.size()))
        return;
    const ScreenItem& item = speech_mode.items[static_cast<size_t>(speech_mode.focus)];
    if (item.x1 <= item.x0) return;  // scrolled out of sight
    const float em = ImGui::GetFontSize();
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->AddRect(ImVec2(item.x0 - em * 0.2f, item.y0 - em * 0.2f), ImVec2(item.x1 + em * 0.2f, item.y1 + em * 0.2f), IM_COL32_BLACK,
                em * 0.3f, 0, em * 0.35f);
    dl->AddRect(ImVec2(item.x0 - em * 0.2f, item.y0 - em * 0.2f), ImVec2(item.x1 + em * 0.2f, item.y1 + em * 0.2f),
                IM_COL32(255, 221, 0, 255), em * 0.3f, 0, em * 0.15f);
}

bool KioskView::Step(Kiosk& kiosk) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDown[0] || io.MouseReleased[0]) kiosk.NoteInput();
    const Screen before = kiosk.State().screen;
    const bool overlay_before = kiosk.State().idle_overlay;
    kiosk.Update();
    Actions actions;
    Draw(kiosk, actions);
    kiosk.PublishScreen(m_items);
    const SpeechModeState& speech_mode = kiosk.SpeechMode();
    if (!speech_mode.pending_activation.empty()) actions.push_back({ActionType::SpeechActivated});  // tapped above, or gone
    if (speech_mode.on && !kiosk.InStaffMode()) ExploreByTouch(kiosk, actions);
    for (NavKey key : m_keys) actions.push_back({ActionType::NavKeyPressed, {}, static_cast<int>(key)});
    m_keys.clear();
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
