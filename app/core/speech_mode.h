// Speech mode: the kiosk used without sight (EN 301 549 5.1.3 and 5.1.6). Plain data and words; the
// SpeechModeController (speech_mode_controller.h) drives it, the screens feed it.
//
// Each frame the screens publish, in drawing order, what is on screen: text items and controls with their
// words, state and rectangle (ScreenItem). The controller keeps them in reading order (the screen's own content
// first, the top bar and the help banner after), a focus, and what it last handed to speech. A new page is
// read whole; keys and touches move the focus and speak the focused item; Enter or a double tap activates it
// by asking the screen to tap the control in the next frame (SpeechModeState::pending_activation), so a
// control does in speech mode exactly what a finger on it does.
#pragma once
#include <string>
#include <vector>

#include "shared/clock.h"

namespace bk {

enum class ItemRole {
    Text,     // a paragraph, a list line, a warning
    Heading,  // a screen's or step's title
    Button,   // anything that can be tapped
};

// One thing on screen as it was drawn this frame.
struct ScreenItem {
    ItemRole role = ItemRole::Text;
    std::string id;            // a control's target id; empty for text
    std::string label;         // the words shown; for a face or a glyph key, the words it stands for
    std::string hint;          // a control's smaller second line
    bool selected = false;     // chosen: a face, a reason, the language in use, a setting that is on
    bool enabled = true;       // false: shown but not available yet ("Send" before a face is chosen)
    bool chrome = false;       // the top bar and the help banner: read after the screen's own content
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // where a finger finds it; empty when scrolled out of sight
    float whole_x0 = 0, whole_y0 = 0, whole_x1 = 0, whole_y1 = 0;  // all of it, in sight or not (x0..y1 is its visible part)

    bool Contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

// The keys of an audio-navigation keypad (and a keyboard's same keys). Any of them starts speech mode.
enum class NavKey {
    Up,          // the previous item
    Down,        // the next item
    Left,        // as Up
    Right,       // as Down
    Enter,       // activate the focused item
    VolumeUp,    // "+"
    VolumeDown,  // "-"
    Help,        // how the keys work, then the focused item again
    Repeat,      // say again what was said last
    Stop,        // stop speaking
};

inline constexpr Millis kSpeechHoldMs = 3'000;   // hold the bottom-left corner this long to start speech mode
inline constexpr Millis kDoubleTapMs = 600;      // a second tap this soon activates the focused item
inline constexpr int kDefaultVolume = 100;       // espeak-ng's scale, 0..200
inline constexpr int kVolumeStep = 20;
inline constexpr int kMinVolume = 40;             // never so low that a citizen thinks speech has stopped
inline constexpr int kMaxVolume = 200;

struct SpeechModeState {
    bool on = false;
    std::vector<ScreenItem> items;    // reading order, as published last frame
    int focus = -1;                   // index into items, -1 = none
    std::string page;                 // what the items belong to; a new page is read whole
    std::vector<std::string> said;    // the utterances last handed to speech, in order (Repeat says them again)
    std::string pending_activation;   // a control's id: the screen taps it in the next frame
    bool announce_focus = false;      // after an activation: say the focused item again (its new state)
    std::string banner;               // the help banner's words last said: a change is announced
    int volume = kDefaultVolume;
    Millis corner_since = -1;         // -1 = the bottom-left corner is not held
    Millis last_tap_at = -1;          // for the double tap
};

}  // namespace bk
