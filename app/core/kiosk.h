// The citizen's journey as plain C++: screens, session, timers, feedback and the events they produce.
// Screens (app/ui) read State() and hand back Actions; Apply() and Update() are the only ways state changes.
// Nothing here knows about ImGui, GLFW, threads or the network, so tests walk every path with no window.
//
// Index
// - Screen, Action: what the UI can show and ask for
// - SessionState: everything one citizen's visit touches; wiped as a whole when the session ends
// - Kiosk: applies actions, runs timers, emits events
#pragma once
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/content_model.h"
#include "core/event.h"
#include "core/help_desk.h"
#include "core/keyboard.h"
#include "core/speech.h"
#include "core/speech_mode.h"
#include "core/staff.h"

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

enum class ActionType {
    Begin,            // start screen tapped
    ChooseLanguage,   // text = language code; the citizen stays where they are
    ToggleLanguages,  // opens or closes the language chooser of the top bar
    OpenList,         // value = ServiceKind
    OpenService,      // text = service id
    NextStep,         // on the last step: completes the guide
    PrevStep,         // on the first step: leaves the guide (abandon, reason "back")
    GoHome,           // from anywhere; leaving a guide early asks for feedback first
    RequestHelp,
    CancelHelp,
    CloseHelp,        // back to where the citizen was; the call stays open
    ToggleReadAloud,
    CycleTextSize,
    ToggleContrast,
    ShowQr,           // the citizen opened the QR code of the current step
    OnMyPhone,        // "I am doing it on my phone" on a step with a QR code: the long idle limit (again: off)
    Rate,             // value = 1..5
    SetTaskDone,      // value = TaskDone
    ToggleReason,     // text = reason id
    OpenKeyboard,
    PressKey,         // value = row * kKeyRowStride + column in the current keyboard layout
    CloseKeyboard,
    SubmitFeedback,   // only once a face is chosen
    SkipFeedback,     // a face already chosen still counts
    StillHere,        // answers the idle overlay
    EndSession,       // "No, end" on the idle overlay, or "done" on the thanks screen
    // Speech mode (core/speech_mode.h): taken before the citizen's filters, so they work on every screen and overlay.
    NavKeyPressed,    // value = NavKey; the first one starts speech mode
    SpeechCornerDown, // a finger is on the bottom-left corner (sent every frame while it stays there)
    SpeechCornerUp,
    ExploreDown,      // speech mode: a finger touched item `value` (-1 = nothing there); a second tap soon activates
    ExploreMove,      // speech mode: a held finger moved onto item `value`
    SpeechActivated,  // the screen tapped the pending control, or found it gone
    // Staff: keep these last; Apply() hands everything from CornerDown on to ApplyStaff().
    CornerDown,       // a finger is on the hidden staff corner (sent every frame while it stays there)
    CornerUp,
    PinDigit,         // value = 0..9
    PinBackspace,
    PinSubmit,
    StaffExit,        // back to what the citizen saw
    StaffRefresh,
    StaffAck,         // text = help call id
    StaffResolve,     // text = help call id
    StaffReload,
    StaffTestSpeech,
    StaffExitApp,
};

struct Action {
    ActionType type;
    std::string text;
    int value = 0;
};
using Actions = std::vector<Action>;

inline constexpr int kTextSizes = 3;
inline constexpr Millis kRatingDebounceMs = 5'000;  // a second rating within this is ignored (misuse filter)
inline constexpr Millis kThanksReturnMs = 10'000;   // the thank-you screen returns to Start by itself
inline constexpr int kKeyRowStride = 100;
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

// Staff mode lives beside the citizen's session: the lockout survives sessions, the PIN typed does not.
struct StaffState {
    Millis corner_since = -1;         // -1 = corner not held
    std::string pin;                  // digits typed so far
    int wrong_tries = 0;
    Millis locked_until = 0;
    Screen return_to = Screen::Start; // what the citizen saw before
    Millis last_touch = 0;
    std::string message;              // last result shown to staff (reload, wrong PIN, ...)
    bool checking_pin = false;        // a PIN check runs on a worker; the pad takes no input until it answers
    bool reloading = false;           // a content reload runs on a worker
    StaffInfo info;                   // what the staff screen shows; re-read every kStaffInfoRefreshMs
    Millis info_read_at = -1;         // -1: read at the next Update()
    Millis calls_refreshed_at = -1;   // when the registry was last asked for the open calls
};

// One help call as staff read it: where, what the citizen was doing, for how long.
struct StaffCallView {
    std::string location;             // the calling kiosk's location name, or its id when no profile matches
    std::string where;                // guide title and, for a call from this kiosk's session, the step title
    std::string waiting;              // "3 min. 07 sek." in the session's language
    bool acknowledged = false;
};

class Kiosk {
public:
    Kiosk(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile, const Clock& clock,
          EventSink& events, Speech& speech, HelpDesk& help);

    void Apply(const Action& action);
    void Apply(const Actions& actions) { for (const auto& a : actions) Apply(a); }
    void NoteInput();                 // any touch: the citizen is still there
    void Update();                    // runs timers; call once per frame and when a deadline is due
    Millis NextDeadlineMs() const;    // monotonic time when Update() next has work, or -1 for none

    const SessionState& State() const { return m_state; }
    const ContentPack& Pack() const { return *m_pack; }
    const KioskProfile& Profile() const { return m_profile; }
    const Clock& Clk() const { return m_clock; }
    HelpStatus Help() const { return m_help.Status(); }
    // A call of this session is on its way or waiting for staff (not resolved, cancelled or failed).
    bool HelpCallOpen() const;
    // The call has waited the profile's help_escalate_after_s with no acknowledgement: nobody has come yet,
    // so the citizen is told where the desk is (HelpEscalationText) on the help screen and the banner.
    bool HelpEscalated() const;
    // This session's call could not reach staff: the banner says so, and where the desk is, until closed.
    bool HelpCallFailed() const { return m_state.help_active && m_help.Status() == HelpStatus::Failed; }
    std::string HelpEscalationText() const;
    bool IsReadingAloud() const { return m_speech.IsSpeaking(); }
    bool CanReadAloud() const { return m_speech.IsAvailable(); }

    // The services of one kind that this kiosk offers, in the profile's order.
    std::vector<const Service*> Services(ServiceKind kind) const;
    // UI string in the session's language, with {n} and {m} filled in when given.
    std::string Text(const std::string& key, long n = -1, long m = -1) const;
    // Seconds left on the idle overlay, rounded up.
    int IdleSecondsLeft() const;
    // The idle overlay's text: while a help call is open it says the call will be cancelled.
    std::string IdleWarningText() const;
    // A help call on the staff list, in words instead of ids.
    StaffCallView DescribeCall(const StaffHelpCall& call) const;
    int ThanksSecondsLeft() const;
    // The on-screen keyboard as it looks now (language, letters or symbols).
    KeyboardLayout Keyboard() const;
    // The main text of the current screen, as read aloud.
    std::string ScreenText() const;

    // Speech mode. The view publishes what it drew each frame (in drawing order); the core reads a new page
    // whole and keeps the focus on the same item across frames.
    void PublishScreen(std::vector<ScreenItem> items);
    const SpeechModeState& SpeechMode() const { return m_speech_mode; }
    // An item in words, in the session's language: label, hint, role and state ("Send, button, not available").
    std::string Utterance(const ScreenItem& item) const;
    // Why speech cannot work here (no audio device), for staff; empty when it works.
    std::string SpeechProblem() const { return m_speech.IsAvailable() ? std::string() : m_speech.Problem(); }

    // Replace the content between sessions (staff reload). Ends any running session first.
    void ReplaceContent(std::shared_ptr<const ContentPack> pack, const KioskProfile& profile);
    void EndSession(const char* reason);

    const StaffState& Staff() const { return m_staff; }
    bool InStaffMode() const { return m_state.screen == Screen::Staff || m_state.screen == Screen::StaffPin; }
    bool StaffLocked() const { return m_staff.locked_until > Now(); }
    // Staff mode's view of the rest of the kiosk; without it the staff gesture does nothing.
    void SetStaffServices(StaffServices* services) { m_staff_services = services; }
    StaffServices* Services() const { return m_staff_services; }

    // Session ids are random; tests may make them predictable.
    void SetSessionIdSource(std::function<std::string()> source) { m_new_session_id = std::move(source); }
    // Which of two versions run side by side a visit gets: a draw of 0..99, below the newer version's share
    // gets the newer one. Random by default; tests give a seeded source.
    void SetPercentDrawSource(std::function<int()> source) { m_draw_percent = std::move(source); }

private:
    void BeginSession();
    void Show(Screen screen);
    void OpenService(const std::string& service_id);
    void LeaveGuide(const char* reason, bool ask_feedback);
    void FinishFeedback(bool submit);
    void RecordFeedback(bool with_comment);
    void ApplyStaff(const Action& action);
    void ApplySpeechMode(const Action& action);
    void StartSpeechMode();
    void Say(std::vector<std::string> utterances);
    void SayFocus();
    void ActivateFocus();
    std::string PageKey() const;  // changes when the screen shows a new page, which is then read whole
    void TakeStaffResults(Millis now);
    void ApplyPinResult(bool right, Millis now);
    void ApplyReloadResult(const ReloadResult& result);
    void LeaveStaff();
    void Emit(const char* type, nlohmann::json data = nlohmann::json::object(), bool with_guide = false);
    Millis Now() const { return m_clock.MonotonicMs(); }
    // How long the idle timer waits now: longer while a help call is open or the citizen is on their phone.
    Millis IdleLimitMs() const;

    std::shared_ptr<const ContentPack> m_pack;
    KioskProfile m_profile;
    const Clock& m_clock;
    EventSink& m_events;
    Speech& m_speech;
    HelpDesk& m_help;
    SessionState m_state;
    StaffState m_staff;
    StaffServices* m_staff_services = nullptr;
    SpeechModeState m_speech_mode;    // beside the session: it may start before one, and ends with it
    std::function<std::string()> m_new_session_id;
    std::function<int()> m_draw_percent;
};

std::string RandomSessionId();  // 128 random bits as hex, from std::random_device
std::function<int()> RandomPercentDraw();  // 0..99, uniform, from a generator seeded by std::random_device

}  // namespace bk
