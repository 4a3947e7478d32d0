// The kiosk's core as plain C++: the citizen's journey, speech mode and staff mode, and the events they produce.
// Screens (app/ui) read State() and hand back Actions; Apply() and Update() are the only ways state changes.
// Nothing here knows about ImGui, GLFW, threads or the network, so tests walk every path with no window.
//
// Kiosk is a thin front over three parts, each with one job:
// - Visit (visit.h): the citizen's session: screens, guide, feedback, help call and its escalation, idle timer
// - SpeechModeController (speech_mode_controller.h): keypad and touch exploration, focus, volume, reading pages
// - StaffMode (staff_mode.h): the hidden corner, PIN and lockout, the staff screen, content reload
// Apply() hands each action to the part its category names (CategoryOf, action.h); Update() and
// NextDeadlineMs() ask each part in turn.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/action.h"
#include "core/speech_mode_controller.h"
#include "core/staff_mode.h"
#include "core/visit.h"

namespace bk {

class Kiosk {
public:
    Kiosk(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock,
          EventSink& events, Speech& speech, HelpDesk& help);
    Kiosk(const Kiosk&) = delete;             // the parts hold references to each other
    Kiosk& operator=(const Kiosk&) = delete;

    void Apply(const Action& action);
    void Apply(const Actions& actions) { for (const auto& a : actions) Apply(a); }
    void NoteInput();                 // any touch: the citizen is still there
    void Update();                    // runs timers; call once per frame and when a deadline is due
    Millis NextDeadlineMs() const;    // monotonic time when Update() next has work, or -1 for none
    // Outside the profile's opening hours (core/opening_hours.h), with no visit running and staff mode shut: the
    // closed screen shows, the citizen's controls do nothing, and the heartbeats say the kiosk is closed. Staff mode
    // and speech mode still open.
    bool Closed() const;

    // The citizen's visit (visit.h says what each answers).
    const SessionState& State() const { return m_visit.State(); }
    const ContentPack& Pack() const { return m_visit.Pack(); }
    const KioskProfile& Profile() const { return m_visit.Profile(); }
    const Clock& Clk() const { return m_visit.Clk(); }
    HelpStatus Help() const { return m_visit.Help(); }
    bool HelpCallOpen() const { return m_visit.HelpCallOpen(); }
    bool HelpEscalated() const { return m_visit.HelpEscalated(); }
    bool HelpCallFailed() const { return m_visit.HelpCallFailed(); }
    int HelpWaitedMinutes() const { return m_visit.HelpWaitedMinutes(); }
    std::string HelpEscalationText() const { return m_visit.HelpEscalationText(); }
    bool IsReadingAloud() const { return m_visit.IsReadingAloud(); }
    bool CanReadAloud() const { return m_visit.CanReadAloud(); }
    std::string SpeechProblem() const { return m_visit.SpeechProblem(); }
    std::vector<const Service*> Services(ServiceKind kind) const { return m_visit.Services(kind); }
    std::string Text(const std::string& key, long n = -1, long m = -1) const { return m_visit.Text(key, n, m); }
    int IdleSecondsLeft() const { return m_visit.IdleSecondsLeft(); }
    std::string IdleWarningText() const { return m_visit.IdleWarningText(); }
    int ThanksSecondsLeft() const { return m_visit.ThanksSecondsLeft(); }
    KeyboardLayout Keyboard() const { return m_visit.Keyboard(); }
    std::string ScreenText() const { return m_visit.ScreenText(); }
    void EndSession(const char* reason) { m_visit.EndSession(reason); }
    // Session ids are random; tests may make them predictable.
    void SetSessionIdSource(std::function<std::string()> source) { m_visit.SetSessionIdSource(std::move(source)); }
    // Which of two versions run side by side a visit gets (Visit::SetPercentDrawSource).
    void SetPercentDrawSource(std::function<int()> source) { m_visit.SetPercentDrawSource(std::move(source)); }

    // Speech mode (speech_mode_controller.h).
    void PublishScreen(std::vector<ScreenItem> items) { m_speech_mode.PublishScreen(std::move(items)); }
    const SpeechModeState& SpeechMode() const { return m_speech_mode.State(); }
    std::string Utterance(const ScreenItem& item) const { return m_speech_mode.Utterance(item); }

    // Staff mode (staff_mode.h).
    const StaffState& Staff() const { return m_staff.State(); }
    bool InStaffMode() const { return m_visit.InStaffMode(); }
    bool StaffLocked() const { return m_staff.Locked(); }
    StaffCallView DescribeCall(const StaffHelpCall& call) const { return m_staff.DescribeCall(call); }
    void SetStaffServices(StaffServices* services) { m_staff.SetServices(services); }
    StaffServices* Services() const { return m_staff.Services(); }
    // Replace the content between sessions (a fleet update; staff reload does the same). Ends any running session
    // first; staff at work stay on their screen.
    void ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile) {
        m_staff.ReplaceContent(std::move(pack), profile);
    }

private:
    EventSink& m_events;
    bool m_reported_closed = false;   // what the event sink was last told
    Visit m_visit;
    StaffMode m_staff;
    SpeechModeController m_speech_mode;
};

}  // namespace bk
