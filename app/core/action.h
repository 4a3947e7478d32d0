// What the screens ask the core for (Action), and which part of the core answers it (ActionCategory).
// Kiosk::Apply() routes each action by CategoryOf(): the citizen's visit, speech mode or staff mode.
#pragma once
#include <string>
#include <vector>

namespace bk {

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
    // Speech mode (core/speech_mode.h)
    NavKeyPressed,    // value = NavKey; the first one starts speech mode
    SpeechCornerDown, // a finger is on the bottom-left corner (sent every frame while it stays there)
    SpeechCornerUp,
    ExploreDown,      // speech mode: a finger touched item `value` (-1 = nothing there); a second tap soon activates
    ExploreMove,      // speech mode: a held finger moved onto item `value`
    SpeechActivated,  // the screen tapped the pending control, or found it gone
    // Staff mode (core/staff_mode.h)
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

inline constexpr int kKeyRowStride = 100;

// The part of the core that owns an action.
enum class ActionCategory {
    Visit,       // the citizen's controls (Visit, visit.h): filtered by the idle overlay and by whether a visit runs
    SpeechMode,  // keypad, touch exploration and the bottom-left corner (SpeechModeController): taken before the
                 // citizen's filters, so they work on every screen and overlay
    Staff,       // the hidden corner, the PIN pad and the staff screen (StaffMode, staff_mode.h)
};

// Every action is listed, with no default: an action added without a category is a -Wswitch warning.
constexpr ActionCategory CategoryOf(ActionType type) {
    switch (type) {
        case ActionType::Begin:
        case ActionType::ChooseLanguage:
        case ActionType::ToggleLanguages:
        case ActionType::OpenList:
        case ActionType::OpenService:
        case ActionType::NextStep:
        case ActionType::PrevStep:
        case ActionType::GoHome:
        case ActionType::RequestHelp:
        case ActionType::CancelHelp:
        case ActionType::CloseHelp:
        case ActionType::ToggleReadAloud:
        case ActionType::CycleTextSize:
        case ActionType::ToggleContrast:
        case ActionType::ShowQr:
        case ActionType::OnMyPhone:
        case ActionType::Rate:
        case ActionType::SetTaskDone:
        case ActionType::ToggleReason:
        case ActionType::OpenKeyboard:
        case ActionType::PressKey:
        case ActionType::CloseKeyboard:
        case ActionType::SubmitFeedback:
        case ActionType::SkipFeedback:
        case ActionType::StillHere:
        case ActionType::EndSession: return ActionCategory::Visit;
        case ActionType::NavKeyPressed:
        case ActionType::SpeechCornerDown:
        case ActionType::SpeechCornerUp:
        case ActionType::ExploreDown:
        case ActionType::ExploreMove:
        case ActionType::SpeechActivated: return ActionCategory::SpeechMode;
        case ActionType::CornerDown:
        case ActionType::CornerUp:
        case ActionType::PinDigit:
        case ActionType::PinBackspace:
        case ActionType::PinSubmit:
        case ActionType::StaffExit:
        case ActionType::StaffRefresh:
        case ActionType::StaffAck:
        case ActionType::StaffResolve:
        case ActionType::StaffReload:
        case ActionType::StaffTestSpeech:
        case ActionType::StaffExitApp: return ActionCategory::Staff;
    }
    return ActionCategory::Visit;  // not reached: every action is listed above
}

struct Action {
    ActionType type;
    std::string text;
    int value = 0;
};
using Actions = std::vector<Action>;

}  // namespace bk
