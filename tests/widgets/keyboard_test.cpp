#include "core/keyboard.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace bk {
namespace {

// Concatenated Insert texts of one row, to compare with the national key order.
std::string RowLetters(const std::vector<Key>& row) {
    std::string letters;
    for (const Key& key : row)
        if (key.action == KeyAction::Insert) letters += key.text;
    return letters;
}

const Key* FindKey(const KeyboardLayout& layout, KeyAction action, std::string_view text = {}) {
    for (const auto& row : layout.rows)
        for (const Key& key : row)
            if (key.action == action && (text.empty() || key.text == text)) return &key;
    return nullptr;
}

// Types text as a citizen would: shift before capitals, the space key for blanks.
void TypeKeyByKey(TextInput& input, const KeyboardLayout& layout, std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        // Next code point: the byte count Utf8LastCodePointSize finds for the prefix that ends with it.
        std::size_t end = pos + 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        const std::string ch(text.substr(pos, end - pos));
        pos = end;
        if (ch == " ") {
            ASSERT_EQ(input.Apply(*FindKey(layout, KeyAction::Space)), TextInput::Result::Changed);
            continue;
        }
        const Key* key = nullptr;
        for (const auto& row : layout.rows)
            for (const Key& candidate : row)
                if (candidate.action == KeyAction::Insert && (candidate.text == ch || candidate.shifted_text == ch))
                    key = &candidate;
        ASSERT_NE(key, nullptr) << "no key for " << ch;
        if (key->text != ch) {
            ASSERT_EQ(input.Apply(*FindKey(layout, KeyAction::Shift)), TextInput::Result::StateChanged);
        }
        ASSERT_EQ(input.Apply(*key), TextInput::Result::Changed);
    }
}

TEST(KeyboardLayout, DanishOrderHasAeBeforeOe) {
    const KeyboardLayout layout = MakeKeyboardLayout("da", KeyboardLayer::Letters);
    ASSERT_GE(layout.rows.size(), 3u);
    EXPECT_EQ(RowLetters(layout.rows[0]), "qwertyuiopå");
    EXPECT_EQ(RowLetters(layout.rows[1]), "asdfghjklæø");
    EXPECT_EQ(RowLetters(layout.rows[2]), "zxcvbnm");
}

TEST(KeyboardLayout, NorwegianOrderHasOeBeforeAe) {
    for (const char* lang : {"nb", "no", "nb-NO"}) {
        const KeyboardLayout layout = MakeKeyboardLayout(lang, KeyboardLayer::Letters);
        EXPECT_EQ(RowLetters(layout.rows[0]), "qwertyuiopå") << lang;
        EXPECT_EQ(RowLetters(layout.rows[1]), "asdfghjkløæ") << lang;
    }
}

TEST(KeyboardLayout, EnglishIsPlainQwerty) {
    const KeyboardLayout layout = MakeKeyboardLayout("en", KeyboardLayer::Letters);
    EXPECT_EQ(RowLetters(layout.rows[0]), "qwertyuiop");
    EXPECT_EQ(RowLetters(layout.rows[1]), "asdfghjkl");
    EXPECT_EQ(RowLetters(layout.rows[2]), "zxcvbnm");
}

TEST(KeyboardLayout, CapitalsIncludeNationalLetters) {
    const KeyboardLayout layout = MakeKeyboardLayout("da", KeyboardLayer::Letters);
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "æ")->shifted_text, "Æ");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "ø")->shifted_text, "Ø");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "å")->shifted_text, "Å");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "q")->Label(true), "Q");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "q")->Label(false), "q");
}

TEST(KeyboardLayout, EveryLayoutHasTheControlKeys) {
    for (const char* lang : {"da", "nb", "en"}) {
        const KeyboardLayout letters = MakeKeyboardLayout(lang, KeyboardLayer::Letters);
        for (KeyAction action : {KeyAction::Shift, KeyAction::Backspace, KeyAction::Space, KeyAction::Done,
                                 KeyAction::SwitchLayer})
            EXPECT_NE(FindKey(letters, action), nullptr) << lang;
        EXPECT_EQ(FindKey(letters, KeyAction::SwitchLayer)->target_layer, KeyboardLayer::Symbols);
        EXPECT_EQ(FindKey(letters, KeyAction::Space)->label_key, "keyboard.space");
        EXPECT_EQ(FindKey(letters, KeyAction::Done)->label_key, "keyboard.done");
        EXPECT_EQ(FindKey(letters, KeyAction::SwitchLayer)->label_key, "keyboard.numbers");
    }
}

TEST(KeyboardLayout, SymbolsLayerHasDigitsAndPunctuation) {
    const KeyboardLayout symbols = MakeKeyboardLayout("da", KeyboardLayer::Symbols);
    EXPECT_EQ(symbols.layer, KeyboardLayer::Symbols);
    EXPECT_EQ(RowLetters(symbols.rows[0]), "1234567890");
    for (const char* symbol : {",", ".", "-", "?", "!", "@", "(", ")"})
        EXPECT_NE(FindKey(symbols, KeyAction::Insert, symbol), nullptr) << symbol;
    const Key* back = FindKey(symbols, KeyAction::SwitchLayer);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->target_layer, KeyboardLayer::Letters);
    EXPECT_EQ(back->label_key, "keyboard.letters");
    EXPECT_NE(FindKey(symbols, KeyAction::Backspace), nullptr);
}

TEST(TextInput, TypingDanishKeyByKeyGivesExactText) {
    const KeyboardLayout layout = MakeKeyboardLayout("da", KeyboardLayer::Letters);
    TextInput input;
    TypeKeyByKey(input, layout, "Rød grød med fløde");
    EXPECT_EQ(input.Text(), "Rød grød med fløde");
    EXPECT_EQ(input.Length(), 18u);
    EXPECT_FALSE(input.IsShifted());
}

TEST(TextInput, TypingNorwegianCapitalsKeyByKey) {
    const KeyboardLayout layout = MakeKeyboardLayout("nb", KeyboardLayer::Letters);
    TextInput input;
    TypeKeyByKey(input, layout, "Blåbærsyltetøy ÆØÅ");
    EXPECT_EQ(input.Text(), "Blåbærsyltetøy ÆØÅ");
}

TEST(TextInput, BackspaceRemovesWholeCodePoint) {
    TextInput input;
    input.SetText("bæ");
    ASSERT_EQ(input.Text().size(), 3u);
    EXPECT_EQ(input.Apply(MakeKeyboardLayout("da", KeyboardLayer::Letters).rows[2].back()),
              TextInput::Result::Changed);  // the backspace key ends the third row
    EXPECT_EQ(input.Text(), "b");  // both bytes of æ gone, never half of it
    EXPECT_EQ(input.Length(), 1u);
    EXPECT_EQ(input.Backspace(), TextInput::Result::Changed);
    EXPECT_EQ(input.Text(), "");
    EXPECT_EQ(input.Backspace(), TextInput::Result::Unchanged);
}

TEST(TextInput, BackspaceOverEveryNationalLetter) {
    TextInput input;
    input.SetText("æøåÆØÅ");
    while (input.Length() > 0) {
        EXPECT_EQ(input.Backspace(), TextInput::Result::Changed);
        EXPECT_EQ(input.Text().size(), input.Length() * 2);  // each letter is 2 bytes: never half removed
    }
    EXPECT_TRUE(input.Text().empty());
}

TEST(TextInput, LengthLimitCountsCodePoints) {
    TextInput input(5);
    EXPECT_EQ(input.Insert("æøåab"), TextInput::Result::Changed);
    EXPECT_EQ(input.Text(), "æøåab");  // 8 bytes but 5 code points: fits
    Key key;
    key.text = key.shifted_text = "x";
    EXPECT_EQ(input.Apply(key), TextInput::Result::Full);
    EXPECT_EQ(input.Apply(MakeKeyboardLayout("da", KeyboardLayer::Letters).rows[3][2]), TextInput::Result::Full);
    EXPECT_EQ(input.Text(), "æøåab");
    input.Backspace();
    EXPECT_EQ(input.Apply(key), TextInput::Result::Changed);
    EXPECT_EQ(input.Text(), "æøåax");
}

TEST(TextInput, DefaultLimitIs500AndSetTextTruncatesAtCodePoint) {
    TextInput input;
    EXPECT_EQ(input.MaxLength(), 500u);
    std::string long_text;
    for (int i = 0; i < 600; ++i) long_text += "ø";
    input.SetText(long_text);
    EXPECT_EQ(input.Length(), 500u);
    EXPECT_EQ(input.Text().size(), 1000u);
    EXPECT_EQ(input.Insert("a"), TextInput::Result::Full);
}

TEST(TextInput, ShiftIsOneShotAndToggles) {
    const KeyboardLayout layout = MakeKeyboardLayout("da", KeyboardLayer::Letters);
    const Key& shift = *FindKey(layout, KeyAction::Shift);
    const Key& ae = *FindKey(layout, KeyAction::Insert, "æ");
    TextInput input;
    input.Apply(shift);
    EXPECT_TRUE(input.IsShifted());
    input.Apply(ae);
    input.Apply(ae);
    EXPECT_EQ(input.Text(), "Ææ");
    input.Apply(shift);
    input.Apply(shift);  // tapping shift twice cancels it
    input.Apply(ae);
    EXPECT_EQ(input.Text(), "Æææ");
}

TEST(TextInput, LayerSwitchAndDone) {
    const KeyboardLayout letters = MakeKeyboardLayout("en", KeyboardLayer::Letters);
    TextInput input;
    EXPECT_EQ(input.Apply(*FindKey(letters, KeyAction::SwitchLayer)), TextInput::Result::StateChanged);
    EXPECT_EQ(input.Layer(), KeyboardLayer::Symbols);
    const KeyboardLayout symbols = MakeKeyboardLayout("en", input.Layer());
    input.Apply(*FindKey(symbols, KeyAction::Insert, "4"));
    input.Apply(*FindKey(symbols, KeyAction::Insert, "2"));
    input.Apply(*FindKey(symbols, KeyAction::SwitchLayer));
    EXPECT_EQ(input.Layer(), KeyboardLayer::Letters);
    EXPECT_EQ(input.Apply(*FindKey(letters, KeyAction::Done)), TextInput::Result::Done);
    EXPECT_EQ(input.Text(), "42");
}

TEST(Utf8, LengthAndLastCodePoint) {
    EXPECT_EQ(Utf8Length(""), 0u);
    EXPECT_EQ(Utf8Length("grød"), 4u);
    EXPECT_EQ(Utf8Length("€"), 1u);
    EXPECT_EQ(Utf8LastCodePointSize("a€"), 3u);
    EXPECT_EQ(Utf8LastCodePointSize("aø"), 2u);
    EXPECT_EQ(Utf8LastCodePointSize("a"), 1u);
    EXPECT_EQ(Utf8LastCodePointSize(""), 0u);
    EXPECT_EQ(Utf8LastCodePointSize(std::string_view("a\xC3", 2)), 1u);  // a cut-off sequence goes byte by byte
    EXPECT_EQ(Utf8Length(std::string_view("\xC3", 1)), 1u);
}

// [SECTION] The languages citizens speak: each keyboard as they know it from home

TEST(KeyboardLayout, TurkishQHasDotlessAndDottedIWithTurkishCapitals) {
    const KeyboardLayout layout = MakeKeyboardLayout("tr", KeyboardLayer::Letters);
    EXPECT_EQ(RowLetters(layout.rows[0]), "qwertyuıopğü");
    EXPECT_EQ(RowLetters(layout.rows[1]), "asdfghjklşi");
    EXPECT_EQ(RowLetters(layout.rows[2]), "zxcvbnmöç");
    // Turkish capitals: i -> İ and ı -> I (a plain toupper would turn both into I).
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "i")->shifted_text, "İ");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "ı")->shifted_text, "I");
    TextInput input;
    TypeKeyByKey(input, layout, "Işık İyi Güçlü Şöför");
    EXPECT_EQ(input.Text(), "Işık İyi Güçlü Şöför");
}

TEST(KeyboardLayout, PolishHasItsNineLettersWithCapitals) {
    const KeyboardLayout layout = MakeKeyboardLayout("pl", KeyboardLayer::Letters);
    EXPECT_EQ(RowLetters(layout.rows[0]), "ąćęłńóśźż");
    EXPECT_EQ(RowLetters(layout.rows[1]), "qwertyuiop");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "ł")->shifted_text, "Ł");
    TextInput input;
    TypeKeyByKey(input, layout, "Zażółć gęślą jaźń Łódź");
    EXPECT_EQ(input.Text(), "Zażółć gęślą jaźń Łódź");
}

TEST(KeyboardLayout, UkrainianIsCyrillicWithItsOwnLettersAndApostrophe) {
    const KeyboardLayout layout = MakeKeyboardLayout("uk", KeyboardLayer::Letters);
    EXPECT_EQ(RowLetters(layout.rows[0]), "йцукенгшщзхї");
    EXPECT_EQ(RowLetters(layout.rows[1]), "фівапролджє'");
    EXPECT_EQ(RowLetters(layout.rows[2]), "ячсмитьбюґ");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "ї")->shifted_text, "Ї");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "ґ")->shifted_text, "Ґ");
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, "'")->shifted_text, "'");  // no capital: the same with shift
    TextInput input;
    TypeKeyByKey(input, layout, "Дякую за допомогу Єва м'ясо Ґанок");
    EXPECT_EQ(input.Text(), "Дякую за допомогу Єва м'ясо Ґанок");
    // Backspace removes whole Cyrillic letters (two bytes each), never half of one.
    for (int i = 0; i < 5; ++i) input.Backspace();
    EXPECT_EQ(input.Text(), "Дякую за допомогу Єва м'ясо ");
}

TEST(KeyboardLayout, ArabicHasNoShiftAndItsOwnComma) {
    const KeyboardLayout layout = MakeKeyboardLayout("ar", KeyboardLayer::Letters);
    EXPECT_EQ(RowLetters(layout.rows[0]), "ضصثقفغعهخحجد");
    EXPECT_EQ(FindKey(layout, KeyAction::Shift), nullptr) << "Arabic has no capitals";
    EXPECT_NE(FindKey(layout, KeyAction::Insert, "،"), nullptr);
    EXPECT_EQ(FindKey(layout, KeyAction::Insert, ","), nullptr);
    // Every letter of the alphabet and the hamza forms a PC types with shift.
    for (const char* letter : {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع",
                               "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ء", "ة", "ى", "أ", "إ", "آ", "ؤ", "ئ"})
        EXPECT_NE(FindKey(layout, KeyAction::Insert, letter), nullptr) << letter;
    TextInput input;
    TypeKeyByKey(input, layout, "شكرا جزيلا على المساعدة");
    EXPECT_EQ(input.Text(), "شكرا جزيلا على المساعدة");
    EXPECT_NE(FindKey(MakeKeyboardLayout("ar", KeyboardLayer::Symbols), KeyAction::Insert, "؟"), nullptr);
}

// A Ukrainian or Arabic citizen also types names, e-mail and "MitID" in Latin letters: a Latin layer in the
// kiosk's own order, and back to their own script in one tap.
TEST(KeyboardLayout, NonLatinKeyboardsSwitchToTheKiosksLatinLettersAndBack) {
    for (const char* lang : {"uk", "ar"}) {
        const KeyboardLayout own = MakeKeyboardLayout(lang, KeyboardLayer::Letters, "da");
        TextInput input;
        const Key* to_latin = nullptr;
        for (const Key& key : own.rows.back())
            if (key.action == KeyAction::SwitchLayer && key.target_layer == KeyboardLayer::Latin) to_latin = &key;
        ASSERT_NE(to_latin, nullptr) << lang;
        EXPECT_EQ(to_latin->label_key, "keyboard.latin");
        EXPECT_EQ(input.Apply(*to_latin), TextInput::Result::StateChanged);
        ASSERT_EQ(input.Layer(), KeyboardLayer::Latin);

        const KeyboardLayout latin = MakeKeyboardLayout(lang, input.Layer(), "da");
        EXPECT_EQ(latin.layer, KeyboardLayer::Latin);
        EXPECT_EQ(RowLetters(latin.rows[1]), "asdfghjklæø") << lang;
        TypeKeyByKey(input, latin, "Søren MitID");
        EXPECT_EQ(input.Text(), "Søren MitID");
        EXPECT_EQ(RowLetters(MakeKeyboardLayout(lang, KeyboardLayer::Latin, "nb").rows[1]), "asdfghjkløæ") << "Drammen's kiosk";

        const Key* back = nullptr;
        for (const Key& key : latin.rows.back())
            if (key.action == KeyAction::SwitchLayer && key.target_layer == KeyboardLayer::Letters) back = &key;
        ASSERT_NE(back, nullptr) << lang;
        EXPECT_EQ(back->label_key, "keyboard.letters");
        input.Apply(*back);
        EXPECT_EQ(input.Layer(), KeyboardLayer::Letters);
    }
    // A Latin-script keyboard has no second Latin layer to switch to; asked for one, it gives its own letters.
    EXPECT_EQ(MakeKeyboardLayout("pl", KeyboardLayer::Latin).layer, KeyboardLayer::Letters);
    const KeyboardLayout danish = MakeKeyboardLayout("da", KeyboardLayer::Letters);
    for (const Key& key : danish.rows.back())
        EXPECT_FALSE(key.action == KeyAction::SwitchLayer && key.target_layer == KeyboardLayer::Latin);
}

TEST(KeyboardLayout, EveryLanguageAndLayerIsComplete) {
    for (const char* lang : {"da", "nb", "en", "tr", "pl", "uk", "ar"})
        for (KeyboardLayer layer : {KeyboardLayer::Letters, KeyboardLayer::Symbols, KeyboardLayer::Latin}) {
            const KeyboardLayout layout = MakeKeyboardLayout(lang, layer);
            const std::string where = std::string(lang) + " layer " + std::to_string(static_cast<int>(layer));
            for (KeyAction action : {KeyAction::Backspace, KeyAction::Space, KeyAction::Done, KeyAction::SwitchLayer})
                EXPECT_NE(FindKey(layout, action), nullptr) << where;
            std::set<std::string> seen;
            for (const auto& row : layout.rows) {
                EXPECT_FALSE(row.empty()) << where;
                for (const Key& key : row) {
                    if (key.action != KeyAction::Insert) continue;
                    EXPECT_EQ(Utf8Length(key.text), 1u) << where << ": " << key.text;  // one letter per key
                    EXPECT_TRUE(seen.insert(key.text).second) << where << ": twice " << key.text;
                }
            }
            // At most five rows: the keyboard's height is shared by its rows, and a key must stay a finger high.
            EXPECT_LE(layout.rows.size(), 5u) << where;
        }
}

}  // namespace
}  // namespace bk
