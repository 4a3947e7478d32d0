// The citizen's visit: screens, session, guide, feedback, the help call and its escalation, the idle timer,
// and the events they produce. It takes the citizen's actions (ActionCategory::Visit) and runs their timers.
// Speech mode and staff mode work over it through the few calls below that name them.
//
// Index
// - Screen: what the UI can show
// - SessionState: everything one citizen's visit touches; wiped as a whole when the session ends
// - Visit: applies the citizen's actions, runs their timers, emits events
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/action.h"
#include "shared/clock.h"
#include "core/content_model.h"
#include "core/event.h"
#include "core/help_desk.h"
#include "core/keyboard.h"
#include "core/speech.h"

namespace bk {

enum class Screen {
    Start,       // calm welcome, "tap to begin", language choice; no session yet
    Home,        // tiles: guides, welfare technology, help
    List,        // the services of one kind
    Guide,       // step N of M
    Feedback,    // smileys, task done, optional reasons and comment
    Thanks,      // returns to Start by itself
    Help,        // a help call's progress
    StaffPin,    // PIN pad after the staff gesture
    Staff,       // staff mode: help calls, kiosk health, content, maintenance
};
const char* ScreenName(Screen screen);

enum class TaskDone { Unset, Yes, Partly, No };
const char* TaskDoneName(TaskDone value);

inline constexpr int kTextSizes = 3;
inline constexpr Millis kRatingDebounceMs = 5'000;  // a second rating within this is ignored (misuse filter)
inline constexpr Millis kThanksReturnMs = 10'000;   // the thank-you screen returns to Start by itself
inline const std::vector<std::string> kFeedbackReasons = {
    "too_many_steps", "hard_words", "missing_info", "technical_problem", "needed_help"};

struct FeedbackDraft {
    int rating = 0;                   // 0 = not given
    Millis rated_at = 0;
    TaskDone task_done = TaskDone::Unset;
    std::set<std::string> reasons;
    TextInput comment{TextInput::kDefaultMaxLength};  // scrubbed by telemetry before it leaves the kiosk
    bool keyboard_open = false;
    bool after_completion = false;    // false: the citizen left the guide early
    const Service* service = nullptr; // the guide the feedback is about
};

struct GuideProgress {
    const Service* service = nullptr;
    int step = 0;
    Millis opened_at = 0;
    bool help_requested = false;
    bool qr_visible = false;
    bool on_phone = false;            // the citizen continues on their phone: the idle timer waits phone_wait_limit_s
};

// One citizen's visit. Ending the session replaces it with a fresh value: nothing survives.
struct SessionState {
    std::string id;                   // empty on the start screen
    Millis started_at = 0;
    Lang lang = kDanish;
    bool languages_open = false;      // the top bar's language chooser is open; any other action closes it
    int text_size = 0;                // 0 .. kTextSizes-1
    bool high_contrast = false;
    Screen screen = Screen::Start;
    Screen help_return = Screen::Home;
    ServiceKind list_kind = ServiceKind::Guide;
    GuideProgress guide;
    FeedbackDraft feedback;
    Millis last_input_at = 0;
    bool idle_overlay = false;
    Millis idle_overlay_since = 0;
    Millis thanks_since = 0;
    bool help_active = false;         // a help call was made in this session
    bool help_waiting = false;        // the call was open at the last Update(): the idle timer used the help limit
    Millis help_requested_at = 0;     // when this session's call was made (monotonic)
    bool help_escalation_told = false; // the citizen has been told (and, if listening, heard) where the desk is
    bool read_aloud_used = false;     // the citizen asked for read-aloud: later news is spoken too
    bool staff_assisted = false;      // staff mode was opened, or a help call answered, during this session
    // Services run in two versions side by side: the version this visit was given, kept until it ends.
    std::map<std::string, int> side_by_side_versions;
};

class Visit {
public:
    Visit(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock, EventSink& events,
          Speech& speech, HelpDesk& help);

    void Apply(const Action& action);  // an ActionCategory::Visit action; ignored in staff mode
    void NoteInput();                  // any touch: the citizen is still there
    void Update(Millis now);           // the citizen's timers: help escalation, thanks, idle
    Millis NextDeadlineMs(Millis now) const;  // when Update() next has work, or -1 for none
    void EndSession(const char* reason);
    // Ends any running visit and swaps the content; the next visit starts in the new profile's first language.
    void ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile);
    // Called as a visit ends, before its session_ended event: what the citizen started (speech mode) ends with it.
    void OnSessionEnd(std::function<void()> hook) { m_on_session_end = std::move(hook); }

    const SessionState& State() const { return m_state; }
    const ContentPack& Pack() const { return *m_pack; }
    const KioskProfile& Profile() const { return m_profile; }
    const Clock& Clk() const { return m_clock; }
    Millis Now() const { return m_clock.MonotonicMs(); }
    HelpStatus Help() const { return m_help.Status(); }
    // A call of this session is on its way or waiting for staff (not resolved, cancelled or failed).
    bool HelpCallOpen() const;
    // The call has waited the profile's help_escalate_after_s with no acknowledgement: nobody has come yet,
    // so the citizen is told where the desk is (HelpEscalationText) on the help screen and the banner.
    bool HelpEscalated() const;
    // This session's call could not reach staff: the banner says so, and where the desk is, until closed.
    int HelpWaitedMinutes() const;  // whole minutes since this session's call was made
    bool HelpCallFailed() const { return m_state.help_active && m_help.Status() == HelpStatus::Failed; }
    std::string HelpEscalationText() const;
    bool IsReadingAloud() const { return m_speech.IsSpeaking(); }
    bool CanReadAloud() const { return m_speech.IsAvailable(); }
    // Why speech cannot work here (no audio device), for staff; empty when it works.
    std::string SpeechProblem() const { return m_speech.IsAvailable() ? std::string() : m_speech.Problem(); }

    // The services of one kind that this kiosk offers, in the profile's order.
    std::vector<const Service*> Services(ServiceKind kind) const;
    // UI string in the session's language, with {n} and {m} filled in when given.
    std::string Text(const std::string& key, long n = -1, long m = -1) const;
    // Seconds left on the idle overlay, rounded up.
    int IdleSecondsLeft() const;
    // The idle overlay's text: while a help call is open it says the call will be cancelled.
    std::string IdleWarningText() const;
    int ThanksSecondsLeft() const;
    // The on-screen keyboard as it looks now (language, letters or symbols).
    KeyboardLayout Keyboard() const;
    // The main text of the current screen, as read aloud.
    std::string ScreenText() const;

    // Speech mode started. Like a setting chosen on the start screen it begins the visit, so the visit's end
    // ends it, and it is counted like text size and contrast.
    void SpeechModeStarted();

    // Staff mode lies over the visit: the screen shows the PIN pad or the staff screen while the visit waits.
    bool InStaffMode() const { return m_state.screen == Screen::Staff || m_state.screen == Screen::StaffPin; }
    // Stops reading, closes the idle overlay and the language chooser, shows the PIN pad; returns the screen
    // the citizen saw.
    Screen EnterStaffMode();
    // StaffPin or Staff: not a citizen screen, so no screen_viewed event. The staff screen opened during a visit
    // makes it an assisted one (reports tell assisted from unassisted visits).
    void ShowStaffScreen(Screen screen);
    // Back to `back_to` (Start when the visit has ended meanwhile), with a fresh idle period.
    void LeaveStaffMode(Screen back_to);

    // Session ids are random; tests may make them predictable.
    void SetSessionIdSource(std::function<std::string()> source) { m_new_session_id = std::move(source); }
    // Which of two versions run side by side a visit gets: a draw of 0..99, below the newer version's share
    // gets the newer one. Random by default; tests give a seeded source.
    void SetPercentDrawSource(std::function<int()> source) { m_draw_percent = std::move(source); }

private:
    void BeginSession();
    void Show(Screen screen);
    void ChooseLanguage(const Lang& lang);
    void OpenService(const std::string& service_id);
    void ShowStep(int step);
    void NextStep();
    void PrevStep();
    void LeaveGuide(const char* reason, bool ask_feedback);
    void RequestHelp();
    void ToggleReadAloud();
    void Rate(int rating);
    void PressKey(int key);
    void FinishFeedback(bool submit);
    void RecordFeedback(bool with_comment);
    void Emit(const char* type, nlohmann::json data = nlohmann::json::object(), bool with_guide = false);
    // How long the idle timer waits now: longer while a help call is open or the citizen is on their phone.
    Millis IdleLimitMs() const;

    std::shared_ptr<const ContentPack> m_pack;
    KioskProfile m_profile;
    const Clock& m_clock;
    EventSink& m_events;
    Speech& m_speech;
    HelpDesk& m_help;
    SessionState m_state;
    std::function<void()> m_on_session_end;
    std::function<std::string()> m_new_session_id;
    std::function<int()> m_draw_percent;
};

std::string RandomSessionId();  // 128 random bits as hex, from std::random_device
std::function<int()> RandomPercentDraw();  // 0..99, uniform, from a generator seeded by std::random_device

}  // namespace bk
