// Speech mode's controller: the keypad and touch exploration, the bottom-left corner that starts it, the
// focus, the volume, and reading each new page whole (the data and its words are in speech_mode.h). It reads
// the visit's screen and texts, and tells the visit when the citizen touches a key or speech mode starts.
#pragma once
#include <string>
#include <vector>

#include "core/speech.h"
#include "core/speech_mode.h"
#include "core/visit.h"

namespace bk {

class SpeechModeController {
public:
    SpeechModeController(Visit& visit, Speech& speech) : m_visit(visit), m_speech(speech) {}

    void Apply(const Action& action);  // an ActionCategory::SpeechMode action
    // The view publishes what it drew each frame (in drawing order); a new page is read whole, and the focus
    // stays on the same item across frames.
    void PublishScreen(std::vector<ScreenItem> items);
    void Update(Millis now);           // the corner held long enough starts speech mode
    Millis CornerDeadlineMs() const;   // when the held corner starts speech mode; -1 when it is not held
    // The visit ended: speech mode and its volume were this citizen's, the next one starts from the ordinary kiosk.
    void Reset();

    const SpeechModeState& State() const { return m_state; }
    // An item in words, in the session's language: label, hint, role and state ("Send, button, not available").
    std::string Utterance(const ScreenItem& item) const;

private:
    void Start();
    void Say(std::vector<std::string> utterances);
    void SayFocus();
    void ActivateFocus();
    void PressNavKey(NavKey key);
    std::string PageKey() const;  // changes when the screen shows a new page, which is then read whole

    Visit& m_visit;
    Speech& m_speech;
    SpeechModeState m_state;  // beside the visit: it may start before one, and ends with it
};

}  // namespace bk
