// The kiosk's whole screen for one frame: picks the screen for the state, draws the top bar and any
// overlay, and collects the citizen's taps as Actions. Call between ImGui::NewFrame() and ImGui::Render().
#pragma once
#include <string>
#include <vector>

#include "core/staff.h"
#include "ui/style.h"
#include "ui/widgets.h"

namespace bk::ui {

class KioskView {
public:
    // `pictures` (may be null: words only) must outlive the view.
    explicit KioskView(const Fonts& fonts, Pictures* pictures = nullptr) : m_fonts(fonts), m_pictures(pictures) {}

    void Draw(const Kiosk& kiosk, Actions& out);
    // One step of the loop inside an ImGui frame: note touches, run timers, draw, apply the taps.
    // Returns true when the state changed, so the caller draws one more frame to show it.
    bool Step(Kiosk& kiosk);
    // Shown when no valid content pack exists: a calm message for citizens; the details only for staff who
    // hold the hidden corner (see StaffDetailsGate). Returns true when the details are on screen.
    bool DrawOutOfOrder(const std::string& title, const std::string& body, const std::vector<std::string>& staff_details,
                        StaffDetailsGate& gate, Millis now);

    // Where each tappable thing was drawn in the last frame (for tests and the end-to-end harness).
    const std::vector<Target>& Targets() const { return m_targets; }
    const Target* FindTarget(const std::string& id) const;
    // Every text item and control the last frame drew, in drawing order: what speech mode is given.
    const std::vector<ScreenItem>& Items() const { return m_items; }
    // A key of the audio-navigation keypad, handed to the core in the next Step().
    void PressKey(NavKey key) { m_keys.push_back(key); }

private:
    void ExploreByTouch(const Kiosk& kiosk, Actions& out) const;
    void DrawFocus(const Kiosk& kiosk) const;

    Fonts m_fonts;
    std::vector<Target> m_targets;
    std::vector<ScreenItem> m_items;
    std::vector<NavKey> m_keys;
    std::string m_page;         // the screen (and guide step) last drawn: another one opens at its top
    std::string m_scrolled_to;  // speech mode's page and focus last scrolled into sight
    Pictures* m_pictures = nullptr;
};

}  // namespace bk::ui
