#include "content/lix.h"

#include <cstdint>

namespace bk {

namespace {

// Decodes one UTF-8 code point starting at text[pos] and advances pos. Malformed bytes decode to U+FFFD,
// one byte at a time, so a broken text still gets a figure.
char32_t NextCodePoint(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    int length = 1;
    char32_t code_point = lead;
    if (lead >= 0xF0 && lead <= 0xF4) { length = 4; code_point = lead & 0x07; }
    else if (lead >= 0xE0) { length = 3; code_point = lead & 0x0F; }
    else if (lead >= 0xC2 && lead <= 0xDF) { length = 2; code_point = lead & 0x1F; }
    else if (lead >= 0x80) { ++pos; return U'\uFFFD'; }
    if (pos + static_cast<std::size_t>(length) > text.size()) { ++pos; return U'\uFFFD'; }
    for (int i = 1; i < length; ++i) {
        const auto cont = static_cast<unsigned char>(text[pos + static_cast<std::size_t>(i)]);
        if ((cont & 0xC0) != 0x80) { ++pos; return U'\uFFFD'; }
        code_point = (code_point << 6) | (cont & 0x3F);
    }
    pos += static_cast<std::size_t>(length);
    return code_point;
}

// Latin letters are all our languages need: ASCII, Latin-1 (æ ø å é ü ...) and Latin Extended-A/B.
bool IsLetter(char32_t c) {
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return true;
    if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;  // not the multiplication/division signs
    return false;
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool IsSpace(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\f' || c == U'\v' || c == 0xA0 ||
           c == 0x2009 || c == 0x202F;  // no-break and thin spaces separate words too
}

bool IsSentenceEnd(char32_t c) { return c == U'.' || c == U':' || c == U'!' || c == U'?' || c == 0x2026; }

// Closing marks that may follow the full stop: 'Tryk "Næste".' and '(se trin 2.)'.
bool IsClosingMark(char32_t c) {
    return c == U'"' || c == U'\'' || c == U')' || c == U']' || c == 0xBB /* » */ || c == 0xAB /* « */ ||
           c == 0x201D /* ” */ || c == 0x2019 /* ’ */ || c == 0x201C /* “ */;
}

}  // namespace

double LixCounts::Lix() const {
    if (words == 0) return 0.0;
    const int sentence_count = sentences > 0 ? sentences : 1;
    return static_cast<double>(words) / sentence_count + 100.0 * long_words / words;
}

int CountLetters(std::string_view utf8_text) {
    int letters = 0;
    for (std::size_t pos = 0; pos < utf8_text.size();)
        if (IsLetter(NextCodePoint(utf8_text, pos))) ++letters;
    return letters;
}

LixCounts CountLix(std::string_view utf8_text) {
    LixCounts counts;
    bool open_sentence = false;  // words seen since the last sentence end

    std::size_t pos = 0;
    while (pos < utf8_text.size()) {
        // One token: a run of non-space code points.
        int letters = 0;
        bool has_word_char = false;
        char32_t last_significant = 0;  // last code point that is not a closing mark
        bool any = false;
        while (pos < utf8_text.size()) {
            std::size_t next = pos;
            const char32_t c = NextCodePoint(utf8_text, next);
            if (IsSpace(c)) {
                if (any) break;
                pos = next;  // skip leading spaces
                continue;
            }
            any = true;
            pos = next;
            if (IsLetter(c)) { ++letters; has_word_char = true; }
            else if (IsDigit(c)) has_word_char = true;
            if (!IsClosingMark(c)) last_significant = c;
        }
        if (!any) break;
        if (has_word_char) {
            ++counts.words;
            if (letters > 6) ++counts.long_words;
            open_sentence = true;
        }
        if (open_sentence && IsSentenceEnd(last_significant)) {
            ++counts.sentences;
            open_sentence = false;
        }
    }
    if (open_sentence) ++counts.sentences;
    return counts;
}

}  // namespace bk
