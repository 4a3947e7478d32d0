#include "core/keyboard.h"

#include <cctype>

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace bk {

namespace {

// Bytes a UTF-8 sequence starting at utf8[pos] takes; 1 for a malformed or cut-off sequence, so every
// byte is consumed exactly once and broken input never loops.
std::size_t CodePointSizeAt(std::string_view utf8, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(utf8[pos]);
    std::size_t size = 1;
    if ((lead & 0xE0) == 0xC0) size = 2;
    else if ((lead & 0xF0) == 0xE0) size = 3;
    else if ((lead & 0xF8) == 0xF0) size = 4;
    if (pos + size > utf8.size()) return 1;
    for (std::size_t i = 1; i < size; ++i)
        if ((static_cast<unsigned char>(utf8[pos + i]) & 0xC0) != 0x80) return 1;
    return size;
}

// Capital of one letter in the language's own rules (ICU): Turkish i -> İ and ı -> I, Cyrillic, Polish ł -> Ł.
// A letter with no capital (Arabic) comes back unchanged.
std::string Upper(std::string_view letter, const std::string& lang) {
    std::string upper;
    icu::UnicodeString::fromUTF8(icu::StringPiece(letter.data(), static_cast<int32_t>(letter.size())))
        .toUpper(icu::Locale(lang.c_str()))
        .toUTF8String(upper);
    return upper;
}

Key LetterKey(std::string_view letter, const std::string& lang) {
    Key key;
    key.action = KeyAction::Insert;
    key.text = std::string(letter);
    key.shifted_text = Upper(letter, lang);
    key.label = key.text;
    return key;
}

// A key that inserts the same text with or without shift (digits, punctuation).
Key SymbolKey(std::string_view symbol) {
    Key key;
    key.action = KeyAction::Insert;
    key.text = std::string(symbol);
    key.shifted_text = key.text;
    key.label = key.text;
    return key;
}

Key ActionKey(KeyAction action, std::string_view label, std::string_view label_key, float width) {
    Key key;
    key.action = action;
    key.label = std::string(label);
    key.label_key = std::string(label_key);
    key.width = width;
    return key;
}

Key SwitchKey(KeyboardLayer target, std::string_view label_key) {
    Key key = ActionKey(KeyAction::SwitchLayer, "", label_key, 1.5f);
    key.target_layer = target;
    return key;
}

// One key per code point of a UTF-8 string.
std::vector<Key> Row(std::string_view utf8, Key (*make)(std::string_view)) {
    std::vector<Key> row;
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::size_t size = CodePointSizeAt(utf8, pos);
        row.push_back(make(utf8.substr(pos, size)));
        pos += size;
    }
    return row;
}

std::vector<Key> LetterRow(std::string_view utf8, const std::string& lang) {
    std::vector<Key> row;
    for (std::size_t pos = 0; pos < utf8.size();) {
        const std::size_t size = CodePointSizeAt(utf8, pos);
        row.push_back(LetterKey(utf8.substr(pos, size), lang));
        pos += size;
    }
    return row;
}

std::string PrimaryLanguage(std::string_view lang) {
    std::string primary;
    for (char c : lang) {
        if (c == '-' || c == '_') break;
        primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return primary;
}

// Letter rows of a language's keyboard as its citizens know it from their own phones and PCs, left to right
// as drawn. A script without capitals has no shift key.
struct LetterRows {
    std::string_view top, home, bottom;
    std::string_view extra_top;  // a row above the top one, for letters a national PC types with AltGr
    bool has_case = true;
    bool latin = true;            // false: the keyboard also offers a Latin layer (names, e-mail, "MitID")
    std::string_view comma = ",";
};

LetterRows RowsFor(const std::string& primary) {
    if (primary == "da") return {"qwertyuiopå", "asdfghjklæø", "zxcvbnm"};
    if (primary == "nb" || primary == "no" || primary == "nn") return {"qwertyuiopå", "asdfghjkløæ", "zxcvbnm"};
    if (primary == "tr") return {"qwertyuıopğü", "asdfghjklşi", "zxcvbnmöç"};  // Turkish Q
    if (primary == "pl") return {"qwertyuiop", "asdfghjkl", "zxcvbnm", "ąćęłńóśźż"};
    // Ukrainian ЙЦУКЕН with і, ї, є, ґ and the apostrophe that is part of words such as "м'ясо".
    if (primary == "uk") return {"йцукенгшщзхї", "фівапролджє'", "ячсмитьбюґ", {}, true, false};
    // Arabic 101 (ض on Q): the hamza forms a PC types with shift are keys of their own; the Arabic comma.
    if (primary == "ar") return {"ضصثقفغعهخحجد", "شسيبلاتنمكطذ", "ئءؤرىةوزظأإآ", {}, false, false, "،"};
    return {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
}

std::vector<Key> BottomRow(KeyboardLayer layer, const LetterRows& rows) {
    std::vector<Key> row;
    if (layer != KeyboardLayer::Symbols) row.push_back(SwitchKey(KeyboardLayer::Symbols, "keyboard.numbers"));
    if (layer != KeyboardLayer::Letters) row.push_back(SwitchKey(KeyboardLayer::Letters, "keyboard.letters"));
    // A non-Latin keyboard switches between its own letters and Latin ones.
    if (!rows.latin && layer == KeyboardLayer::Letters) row.push_back(SwitchKey(KeyboardLayer::Latin, "keyboard.latin"));
    const float space = 5.0f - 1.5f * static_cast<float>(row.size() - 1);
    row.push_back(SymbolKey(layer == KeyboardLayer::Latin ? "," : rows.comma));
    row.push_back(ActionKey(KeyAction::Space, "", "keyboard.space", space));
    row.push_back(SymbolKey("."));
    row.push_back(ActionKey(KeyAction::Done, "", "keyboard.done", 2.0f));
    return row;
}

}  // namespace

KeyboardLayout MakeKeyboardLayout(std::string_view lang, KeyboardLayer layer, std::string_view latin_lang) {
    const std::string primary = PrimaryLanguage(lang);
    const LetterRows rows = RowsFor(primary);
    if (rows.latin && layer == KeyboardLayer::Latin) layer = KeyboardLayer::Letters;  // a Latin script has no second one
    KeyboardLayout layout;
    layout.layer = layer;
    const Key backspace = ActionKey(KeyAction::Backspace, "⌫", "", 1.5f);

    if (layer == KeyboardLayer::Symbols) {
        layout.rows.push_back(Row("1234567890", SymbolKey));
        layout.rows.push_back(Row("@-_/:;()&+", SymbolKey));
        std::vector<Key> third = Row(primary == "ar" ? "؟!'\"%*#=?" : "?!'\"%*#=", SymbolKey);
        third.push_back(backspace);
        layout.rows.push_back(std::move(third));
        layout.rows.push_back(BottomRow(KeyboardLayer::Symbols, rows));
        return layout;
    }

    // The Latin layer of a Ukrainian or Arabic keyboard is the kiosk's own national one (æøå in Denmark).
    std::string letters_lang = primary;
    LetterRows letters = rows;
    if (layer == KeyboardLayer::Latin) {
        letters_lang = PrimaryLanguage(latin_lang);
        letters = RowsFor(letters_lang);
        if (!letters.latin) letters = RowsFor("en");
    }
    if (!letters.extra_top.empty()) layout.rows.push_back(LetterRow(letters.extra_top, letters_lang));
    layout.rows.push_back(LetterRow(letters.top, letters_lang));
    layout.rows.push_back(LetterRow(letters.home, letters_lang));
    std::vector<Key> third;
    if (letters.has_case) third.push_back(ActionKey(KeyAction::Shift, "⇧", "", 1.5f));
    for (Key& key : LetterRow(letters.bottom, letters_lang)) third.push_back(std::move(key));
    third.push_back(backspace);
    layout.rows.push_back(std::move(third));
    layout.rows.push_back(BottomRow(layer, rows));
    return layout;
}

std::size_t Utf8Length(std::string_view utf8) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < utf8.size(); pos += CodePointSizeAt(utf8, pos)) ++count;
    return count;
}

std::size_t Utf8LastCodePointSize(std::string_view utf8) {
    if (utf8.empty()) return 0;
    // Walk back over at most three continuation bytes to the lead byte, then check the lead agrees.
    std::size_t start = utf8.size() - 1;
    while (start > 0 && utf8.size() - start < 4 && (static_cast<unsigned char>(utf8[start]) & 0xC0) == 0x80) --start;
    const std::size_t size = CodePointSizeAt(utf8, start);
    return (start + size == utf8.size()) ? size : 1;
}

TextInput::Result TextInput::Insert(std::string_view utf8) {
    bool changed = false;
    for (std::size_t pos = 0; pos < utf8.size();) {
        if (m_length >= m_max_code_points) return Result::Full;
        const std::size_t size = CodePointSizeAt(utf8, pos);
        m_text.append(utf8.substr(pos, size));
        ++m_length;
        changed = true;
        pos += size;
    }
    return changed ? Result::Changed : Result::Unchanged;
}

TextInput::Result TextInput::Backspace() {
    const std::size_t size = Utf8LastCodePointSize(m_text);
    if (size == 0) return Result::Unchanged;
    m_text.resize(m_text.size() - size);
    --m_length;
    return Result::Changed;
}

void TextInput::Clear() {
    m_text.clear();
    m_length = 0;
    m_shift = false;
    m_layer = KeyboardLayer::Letters;
}

void TextInput::SetText(std::string_view utf8) {
    m_text.clear();
    m_length = 0;
    Insert(utf8);
}

TextInput::Result TextInput::Apply(const Key& key) {
    switch (key.action) {
    case KeyAction::Insert: {
        const Result result = Insert(m_shift ? key.shifted_text : key.text);
        // One-shot shift: a capital for the next letter only, as on phones the citizens know.
        if (result == Result::Changed) m_shift = false;
        return result;
    }
    case KeyAction::Space:
        return Insert(" ");
    case KeyAction::Backspace:
        return Backspace();
    case KeyAction::Shift:
        m_shift = !m_shift;
        return Result::StateChanged;
    case KeyAction::SwitchLayer:
        m_layer = key.target_layer;
        m_shift = false;
        return Result::StateChanged;
    case KeyAction::Done:
        m_shift = false;
        return Result::Done;
    }
    return Result::Unchanged;
}

}  // namespace bk
