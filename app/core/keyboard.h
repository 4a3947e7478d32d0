// On-screen keyboard model: layouts per language and a UTF-8 text buffer that keys are applied to.
// Plain C++, no ImGui: the screen draws rows of Key and calls TextInput::Apply() on a tap.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bk {

enum class KeyAction {
    Insert,       // inserts Key::text (Key::shifted_text while shift is on)
    Backspace,    // removes the last code point
    Shift,        // toggles one-shot shift (capitals for the next letter)
    SwitchLayer,  // switches to Key::target_layer
    Space,        // inserts " "
    Done,         // the citizen is finished; the screen closes the keyboard
};

enum class KeyboardLayer {
    Letters,  // the language's own letters
    Symbols,  // digits and punctuation
    Latin,    // Latin letters on a Ukrainian or Arabic keyboard (names, e-mail, "MitID"); Letters elsewhere
};

struct Key {
    KeyAction action = KeyAction::Insert;
    std::string text;            // Insert: what a tap inserts, e.g. "æ"
    std::string shifted_text;    // Insert: with shift on, e.g. "Æ"; equals text for keys without a capital
    std::string label;           // Insert/Backspace/Shift: text to show; others: empty, see label_key
    std::string label_key;       // Space/Done/SwitchLayer: UI string key ("keyboard.space"), translated by the screen
    KeyboardLayer target_layer = KeyboardLayer::Letters;  // SwitchLayer only
    float width = 1.0f;          // relative to a letter key

    // What to draw on the key when shift is on or off (Insert keys); for the others: label.
    const std::string& Label(bool shifted) const { return (shifted && action == KeyAction::Insert) ? shifted_text : label; }
};

struct KeyboardLayout {
    KeyboardLayer layer = KeyboardLayer::Letters;
    std::vector<std::vector<Key>> rows;  // top row first
};

// lang: "da", "nb" (also "no", "nn"), "en", "tr", "pl", "uk", "ar"; a region suffix ("da-DK", "en_GB") is ignored.
// Each language gets its national letters in the order its citizens know (Danish æø, Norwegian øæ, Turkish Q,
// Polish ą..ż, Ukrainian ЙЦУКЕН, Arabic 101); English and unknown languages a plain qwerty. Capitals follow the
// language's rules (Turkish i -> İ). A non-Latin keyboard also has a Latin layer in `latin_lang`'s order (the
// kiosk's base language), so a Ukrainian citizen in Odder can type "Jensen" or "MitID".
KeyboardLayout MakeKeyboardLayout(std::string_view lang, KeyboardLayer layer, std::string_view latin_lang = "da");

// The text being typed plus the keyboard's own state (shift, layer). Length is counted in code points.
class TextInput {
public:
    static constexpr std::size_t kDefaultMaxLength = 500;

    enum class Result {
        Changed,        // the text changed
        Unchanged,      // nothing to do (backspace on empty text)
        Full,           // insert refused: the maximum length is reached
        StateChanged,   // shift or layer changed, text did not
        Done,           // Done key pressed
    };

    explicit TextInput(std::size_t max_code_points = kDefaultMaxLength) : m_max_code_points(max_code_points) {}

    Result Apply(const Key& key);

    // Inserts whole code points until the limit; returns Full when anything was cut off.
    Result Insert(std::string_view utf8);
    Result Backspace();
    void Clear();
    void SetText(std::string_view utf8);  // truncated to the limit at a code point boundary

    const std::string& Text() const { return m_text; }
    std::size_t Length() const { return m_length; }  // in code points
    std::size_t MaxLength() const { return m_max_code_points; }
    bool IsShifted() const { return m_shift; }
    KeyboardLayer Layer() const { return m_layer; }
    void SetLayer(KeyboardLayer layer) { m_layer = layer; }

private:
    std::string m_text;
    std::size_t m_length = 0;
    std::size_t m_max_code_points;
    bool m_shift = false;
    KeyboardLayer m_layer = KeyboardLayer::Letters;
};

// UTF-8 helpers, exposed for tests and for the screen (e.g. a "12/500" counter).
std::size_t Utf8Length(std::string_view utf8);             // code points; a stray byte counts as one
std::size_t Utf8LastCodePointSize(std::string_view utf8);  // bytes of the last code point, 0 when empty

}  // namespace bk
