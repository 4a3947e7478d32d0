// Index:
// [SECTION] Normalise: UTF-8 -> one ASCII character per visible character, mapped back to its bytes
// [SECTION] E-mail addresses
// [SECTION] IBAN
// [SECTION] Digit runs: CPR, fødselsnummer, phone, bank account, long numbers
// [SECTION] Rebuild and entry points
#include "shared/scrub.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <istream>
#include <iterator>
#include <ostream>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace bk {
namespace {

enum class Kind { kNone, kKeep, kEmail, kCpr, kPhone, kAccount, kNumber };

const char* Placeholder(Kind kind) {
    switch (kind) {
        case Kind::kEmail: return "[email]";
        case Kind::kCpr: return "[cpr]";
        case Kind::kPhone: return "[telefon]";
        case Kind::kAccount: return "[konto]";
        case Kind::kNumber: return "[tal]";
        default: return nullptr;
    }
}

struct Span {
    std::size_t begin = 0;  // in normalised characters
    std::size_t end = 0;
    Kind kind = Kind::kNone;
};

// -----------------------------------------------------------------------------
// [SECTION] Normalise
// -----------------------------------------------------------------------------

constexpr char kOtherLetter = static_cast<char>(0x80);  // any other non-ASCII character (æ, ø, é, an emoji)

struct Normalised {
    std::string clean;               // the input with each invalid UTF-8 byte sequence replaced by U+FFFD
    std::string text;                // one char per character that is not zero-width: ASCII or kOtherLetter
    std::vector<std::size_t> begin;  // text[i] stands for clean[begin[i], begin[i + 1]); size text.size() + 1
};

// The ASCII character a code point reads as, or 0 for one that is invisible (zero-width, soft hyphen).
char ReadAs(UChar32 c) {
    if (c < 0x80) return (c == '\t' || c == '\v' || c == '\f') ? ' ' : static_cast<char>(c);
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return 0;  // U+200B..U+200D, U+2060, U+FEFF, U+00AD
    if (const int value = u_charDigitValue(c); value >= 0 && value <= 9) return static_cast<char>('0' + value);
    if (u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) == U_NT_DIGIT) {  // superscript and circled digits
        const double value = u_getNumericValue(c);
        if (value >= 0 && value <= 9 && value == std::floor(value)) return static_cast<char>('0' + static_cast<int>(value));
    }
    if (u_isUWhiteSpace(c)) return c == 0x2028 || c == 0x2029 ? '\n' : ' ';  // U+00A0, U+202F, U+2009, U+3000, ...
    if (u_hasBinaryProperty(c, UCHAR_DASH)) return '-';                     // U+2010..U+2015, U+2212, U+FE63, ...
    if (c >= 0xFF01 && c <= 0xFF5E) return static_cast<char>(c - 0xFEE0);   // fullwidth ASCII: ＠, Ａ
    if (c == 0xFE6B) return '@';                                            // small commercial at
    return kOtherLetter;
}

Normalised Normalise(std::string_view input) {
    Normalised n;
    n.clean.reserve(input.size());
    n.text.reserve(input.size());
    n.begin.reserve(input.size() + 1);
    std::size_t unit_begin = 0;  // zero-width characters belong to the character after them
    const auto length = static_cast<int32_t>(input.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(input.data(), i, length, c);
        if (c < 0) {
            n.clean.append("\xEF\xBF\xBD");  // U+FFFD for the invalid bytes
            c = 0xFFFD;
        } else {
            n.clean.append(input.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
        const char read_as = ReadAs(c);
        if (read_as == 0) continue;
        n.text.push_back(read_as);
        n.begin.push_back(unit_begin);
        unit_begin = n.clean.size();
    }
    n.begin.push_back(n.text.empty() ? 0 : n.clean.size());  // only zero-width characters: they stay as they are
    return n;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsLetter(char c) { return IsAsciiAlpha(c) || c == kOtherLetter; }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// O/o read as 0 and l/I as 1 when they touch a digit ("12O59O-l234"); only the digit-run rules see this.
std::string WithLookAlikeDigits(const std::string& text) {
    auto digit_for = [](char c) -> char {
        if (c == 'O' || c == 'o') return '0';
        if (c == 'l' || c == 'I') return '1';
        return 0;
    };
    std::string out = text;
    for (std::size_t i = 1; i < out.size(); ++i)
        if (const char d = digit_for(out[i]); d && IsDigit(out[i - 1])) out[i] = d;
    for (std::size_t i = out.size(); i-- > 1;)
        if (const char d = digit_for(out[i - 1]); d && IsDigit(out[i])) out[i - 1] = d;
    return out;
}

// -----------------------------------------------------------------------------
// [SECTION] E-mail addresses
// -----------------------------------------------------------------------------

bool IsLocalPartChar(char c) {
    return IsLetter(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsLabelChar(char c) { return IsLetter(c) || IsDigit(c) || c == '-' || c == '_'; }

bool MatchesAt(std::string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (Lower(text[at + i]) != word[i]) return false;
    return true;
}

// "(at)", "[at]", "{at}", "<at>" and the same with "dot": the length of the match, else 0.
std::size_t BracketedWord(const std::string& text, std::size_t at, std::string_view word) {
    static constexpr std::string_view kOpen = "([{<", kClose = ")]}>";
    if (at >= text.size()) return 0;
    const std::size_t kind = kOpen.find(text[at]);
    if (kind == std::string_view::npos || !MatchesAt(text, at + 1, word)) return 0;
    const std::size_t close = at + 1 + word.size();
    return close < text.size() && text[close] == kClose[kind] ? word.size() + 2 : 0;
}

std::size_t SkipSpaces(const std::string& text, std::size_t at, std::size_t max) {
    std::size_t end = at;
    while (end < text.size() && end - at < max && text[end] == ' ') ++end;
    return end;
}

// " snabel-a ", " snabela " (Danish) and " krøllalfa " (Norwegian): the length of the match, else 0.
std::size_t SpokenAt(const std::string& text, std::size_t at) {
    static const std::string kWords[] = {" snabel-a ", " snabela ", std::string(" kr") + kOtherLetter + "llalfa "};
    for (const std::string& word : kWords)
        if (MatchesAt(text, at, word)) return word.size();
    return 0;
}

// Words that come before "at" in ordinary Danish, Norwegian and English ("husk at borger.dk ...",
// "I looked at borger.dk"): with them " at " is not an e-mail's @.
bool IsWordBeforeAt(std::string word) {
    static constexpr std::string_view kWords[] = {
        "husk", "glemte", "glemt", "svært", "let", "nemt", "prøve", "prøvede", "prøvde", "forsøgte", "forsøkte",
        "måtte", "skulle", "skal", "vil", "ville", "kan", "kunne", "bad", "bedt", "nødt", "begyndte", "begynte",
        "tid", "sagde", "sa", "tror", "troede", "trodde", "mener", "synes", "syntes", "håber", "håper", "viste",
        "ved", "vet", "vidste", "visste", "uden", "uten", "for", "og", "end", "enn", "så", "er", "var", "det",
        "mulighed", "mulighet", "muligt", "mulig", "brug", "bruk", "lyst", "klar", "glad", "lov", "hjælp", "hjelp",
        "umuligt", "vanskeligt", "vanskelig", "enkelt", "mig", "meg", "os", "oss", "jeg", "ikke", "godt", "bra",
        "look", "looked", "was", "were", "is", "are", "am", "me", "us", "it", "arrived", "stayed", "work",
        "worked", "meet", "help", "online", "only", "logged", "signed", "visit"};
    std::transform(word.begin(), word.end(), word.begin(), Lower);
    return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// The end of the domain that starts at `at` ("gmail.com", "gmail .com", "example dot dk"), and whether it
// has a dot and ends in a top-level domain of two or more letters.
struct Domain {
    std::size_t end = 0;
    bool has_dot = false;
    bool plausible = false;
    bool lowercase_tld = false;  // "dk", "com": what a spelled-out "at" needs ("at sidde.Tak" is two sentences)
};

Domain ReadDomain(const std::string& text, std::size_t at) {
    Domain domain;
    std::size_t label_begin = at;
    std::size_t end = at;
    while (end < text.size() && IsLabelChar(text[end])) ++end;
    if (end == at) return {at, false, false, false};
    domain.end = end;
    while (true) {
        const std::size_t spaces_before = SkipSpaces(text, domain.end, 2) - domain.end;
        std::size_t dot = domain.end + spaces_before;
        std::size_t dot_length = 0;
        if (dot < text.size() && text[dot] == '.') dot_length = 1;
        else if (std::size_t n = BracketedWord(text, dot, "dot")) dot_length = n;
        else if (spaces_before > 0 && MatchesAt(text, dot, "dot ")) dot_length = 3;
        if (dot_length == 0) break;
        const std::size_t after_dot = SkipSpaces(text, dot + dot_length, 2);
        if (text[dot] == '.' && spaces_before == 0 && after_dot > dot + 1) break;  // "gmail.com. Det ..." ends the sentence
        std::size_t next_end = after_dot;
        while (next_end < text.size() && IsLabelChar(text[next_end])) ++next_end;
        if (next_end == after_dot) break;
        label_begin = after_dot;
        domain.end = next_end;
        domain.has_dot = true;
    }
    if (domain.has_dot) {
        domain.plausible = domain.end - label_begin >= 2 &&
                           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(label_begin),
                                       text.begin() + static_cast<std::ptrdiff_t>(domain.end), IsLetter);
        domain.lowercase_tld = domain.end - label_begin <= 6 &&
                               std::all_of(text.begin() + static_cast<std::ptrdiff_t>(label_begin),
                                           text.begin() + static_cast<std::ptrdiff_t>(domain.end),
                                           [](char c) { return c >= 'a' && c <= 'z'; });
    }
    return domain;
}

void FindEmails(const Normalised& n, std::vector<Span>& spans) {
    const std::string& text = n.text;
    std::size_t i = 0;
    while (i < text.size()) {
        // The "@": '@' itself, "(at)" and its kin, the word " at ", or its spoken name (" snabel-a ").
        std::size_t marker_end = 0;
        const bool word_form = text[i] == ' ' && MatchesAt(text, i + 1, "at ");
        if (text[i] == '@') marker_end = i + 1;
        else if (std::size_t length = BracketedWord(text, i, "at")) marker_end = i + length;
        else if (word_form) marker_end = i + 4;
        else if (std::size_t spoken_length = SpokenAt(text, i)) marker_end = i + spoken_length;
        if (marker_end == 0) {
            ++i;
            continue;
        }
        std::size_t local_stop = i;
        if (!word_form)
            while (local_stop > 0 && i - local_stop < 2 && text[local_stop - 1] == ' ') --local_stop;
        std::size_t local_begin = local_stop;
        const std::size_t floor = spans.empty() ? 0 : spans.back().end;
        while (local_begin > floor && IsLocalPartChar(text[local_begin - 1])) --local_begin;
        while (local_begin < local_stop && (text[local_begin] == '.' || text[local_begin] == '-')) ++local_begin;
        const std::size_t domain_begin = word_form ? marker_end : SkipSpaces(text, marker_end, 2);
        const Domain domain = ReadDomain(text, domain_begin);
        bool is_email = local_begin < local_stop && domain.end > domain_begin;
        if (is_email) {
            const bool tight = local_stop == i && domain_begin == marker_end && text[i] == '@';
            if (domain.has_dot) is_email = domain.plausible;
            else is_email = tight && IsLetter(text[domain_begin]);  // "anne@localhost", not "Mødet @ 10"
        }
        if (is_email && word_form) {
            const std::string word = n.clean.substr(n.begin[local_begin], n.begin[local_stop] - n.begin[local_begin]);
            is_email = domain.has_dot && domain.lowercase_tld && !IsWordBeforeAt(word);
        }
        if (is_email) {
            spans.push_back({local_begin, domain.end, Kind::kEmail});
            i = domain.end;
        } else {
            ++i;
        }
    }
}

// -----------------------------------------------------------------------------
// [SECTION] IBAN
// -----------------------------------------------------------------------------

// Length of the whole IBAN for the countries a Nordic kiosk meets most; others may have up to 34.
std::size_t IbanLength(char a, char b) {
    struct Country {
        char code[3];
        std::size_t length;
    };
    static constexpr Country kCountries[] = {{"DK", 18}, {"FO", 18}, {"GL", 18}, {"NO", 15}, {"SE", 24}, {"FI", 18},
                                             {"IS", 26}, {"DE", 22}, {"GB", 22}, {"NL", 18}, {"FR", 27}, {"ES", 24},
                                             {"PL", 28}, {"IT", 27}, {"BE", 16}, {"CH", 21}, {"AT", 20}, {"IE", 22}};
    const char upper_a = static_cast<char>(std::toupper(static_cast<unsigned char>(a)));
    const char upper_b = static_cast<char>(std::toupper(static_cast<unsigned char>(b)));
    for (const Country& country : kCountries)
        if (country.code[0] == upper_a && country.code[1] == upper_b) return country.length;
    return 34;
}

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsDigit(c); }

// Two letters, two check digits, then up to 30 digits or capitals, in groups separated by one space or dash.
void FindIbans(const std::string& text, const std::vector<bool>& taken, std::vector<Span>& spans) {
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
        if (taken[i] || (i > 0 && (IsAsciiAlnum(text[i - 1]) || text[i - 1] == kOtherLetter))) continue;
        if (!IsAsciiAlpha(text[i]) || !IsAsciiAlpha(text[i + 1]) || !IsDigit(text[i + 2]) || !IsDigit(text[i + 3])) continue;
        const std::size_t max_length = IbanLength(text[i], text[i + 1]);
        std::size_t length = 4;
        std::size_t end = i + 4;
        std::size_t chunk_begin = end;  // the first chunk may follow "DK50" with or without a separator
        if (chunk_begin + 1 < text.size() && (text[chunk_begin] == ' ' || text[chunk_begin] == '-')) ++chunk_begin;
        while (true) {
            std::size_t chunk_end = chunk_begin;
            bool capitals_or_digits = true;
            while (chunk_end < text.size() && IsAsciiAlnum(text[chunk_end]) && !taken[chunk_end]) {
                capitals_or_digits = capitals_or_digits && !(text[chunk_end] >= 'a' && text[chunk_end] <= 'z');
                ++chunk_end;
            }
            const std::size_t chunk = chunk_end - chunk_begin;
            if (chunk == 0 || !capitals_or_digits || length + chunk > max_length) break;
            length += chunk;
            end = chunk_end;
            if (end + 1 < text.size() && (text[end] == ' ' || text[end] == '-') && IsAsciiAlnum(text[end + 1]))
                chunk_begin = end + 1;
            else
                break;
        }
        if (length >= 15) {
            spans.push_back({i, end, Kind::kAccount});
            i = end;
        }
    }
}

// -----------------------------------------------------------------------------
// [SECTION] Digit runs
// -----------------------------------------------------------------------------

// Digit groups with short separators between them: "+45 (20) 12 34 56", "12.05.90-1234", "120590 - 1234".
struct Group {
    std::size_t begin = 0;  // in normalised characters; includes a leading '+' on a run's first group
    std::size_t end = 0;
    std::string digits;
    char separator = 0;  // the kind of separator before this group: ' ', '-', '.', '/', or '(' for one with brackets
};

constexpr std::size_t kMaxGroupsInOneMatch = 6;  // "0045 (20) 12 34 56" is the longest shape; bounds the work
constexpr std::size_t kMaxSpelledOutDigits = 11;  // "1 2 0 5 9 0 1 2 3 4 5": a fødselsnummer typed digit by digit
constexpr std::size_t kFewestDigitsInAMatch = 7;  // an unbroken account number; every other rule wants 8 or more

int DaysInMonth(int month) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // leap years allowed
    return kDays[month - 1];
}
bool IsValidDayMonth(int day, int month) { return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(month); }
int Number(const std::string& s, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
}

// DDMMYY at the start; a Norwegian D-nummer adds 40 to the day, an H-nummer 40 to the month.
bool StartsWithBirthDate(const std::string& digits, bool norwegian) {
    int day = Number(digits, 0, 2);
    int month = Number(digits, 2, 2);
    if (norwegian && day > 40) day -= 40;
    if (norwegian && month > 40) month -= 40;
    return IsValidDayMonth(day, month);
}

bool IsYear(const std::string& digits, std::size_t at) {
    const int year = Number(digits, at, 4);
    return year >= 1900 && year <= 2099;
}

struct Shape {
    std::string digits;
    std::vector<std::size_t> lengths;
    std::vector<std::size_t> cuts;  // digit offsets where a separator splits the number
    std::vector<char> separators;
    bool plus = false;

    bool LengthsAre(std::initializer_list<std::size_t> expected) const {
        return lengths.size() == expected.size() && std::equal(lengths.begin(), lengths.end(), expected.begin());
    }
    // Every cut is one of `allowed`, and a cut at `needs_second` only comes with a cut at `second`.
    bool CutsWithin(std::initializer_list<std::size_t> allowed, std::size_t late, std::size_t needs) const {
        for (std::size_t cut : cuts)
            if (std::find(allowed.begin(), allowed.end(), cut) == allowed.end()) return false;
        const bool has_late = std::find(cuts.begin(), cuts.end(), late) != cuts.end();
        const bool has_needed = std::find(cuts.begin(), cuts.end(), needs) != cuts.end();
        return !has_late || has_needed;
    }
    // How phone numbers are written: one kind of punctuation at most (spaces and brackets go with anything),
    // and dots only all the way ("20.12.34.56"): "20.30-22.00" and "20.30 22.00" are two times.
    bool PhoneSeparators() const {
        char seen = 0;
        for (char s : separators) {
            if (s == ' ' || s == '(') continue;
            if (seen && s != seen) return false;
            seen = s;
        }
        return seen != '.' || SameSeparators();
    }
    char SeparatorAtCut(std::size_t cut) const {
        const auto it = std::find(cuts.begin(), cuts.end(), cut);
        return it == cuts.end() ? 0 : separators[static_cast<std::size_t>(it - cuts.begin())];
    }
    // A CPR's serial split in two ("12 05 90 12 34") is split like the rest, not "20 12 34 56 / 30 11 22 33".
    bool SerialSplitLikeTheDate() const {
        const char at_8 = SeparatorAtCut(8);
        return at_8 == 0 || at_8 == ' ' || at_8 == SeparatorAtCut(6);
    }
    bool SameSeparators() const {
        return std::all_of(separators.begin(), separators.end(), [&](char c) { return c == separators.front(); });
    }
    bool GroupsAtMost(std::size_t maximum) const {
        return std::all_of(lengths.begin(), lengths.end(), [&](std::size_t l) { return l <= maximum; });
    }
    bool GroupsAtLeast(std::size_t minimum) const {
        return std::all_of(lengths.begin(), lengths.end(), [&](std::size_t l) { return l >= minimum; });
    }
};

bool IsNationalPhone(const Shape& s, std::size_t from) {
    return s.digits.size() - from == 8 && s.digits[from] >= '2' && s.digits[from] <= '9';
}

// What groups[first, first + count) form together; kNone if nothing worth keeping or replacing.
Kind Classify(const std::vector<Group>& groups, std::size_t first, std::size_t count, bool run_has_plus) {
    Shape s;
    s.plus = run_has_plus && first == 0;
    for (std::size_t i = first; i < first + count; ++i) {
        if (i > first) {
            s.cuts.push_back(s.digits.size());
            s.separators.push_back(groups[i].separator);
        }
        s.digits += groups[i].digits;
        s.lengths.push_back(groups[i].digits.size());
    }
    const std::size_t n = s.digits.size();
    const bool nordic_code = s.digits.starts_with("45") || s.digits.starts_with("47");
    if (count > 1 && n == count) {  // one digit at a time, "2 0 1 2 3 4 5 6": read as written together
        s.cuts.clear();
        s.separators.clear();
        s.lengths = {n};
        if (n == 10 && StartsWithBirthDate(s.digits, false)) return Kind::kCpr;
        if (n == 11 && StartsWithBirthDate(s.digits, true)) return Kind::kCpr;
        if (n == 8 && IsNationalPhone(s, 0)) return Kind::kPhone;
        return Kind::kNone;  // "1 2 3 4 5 6 7" may be a list
    }
    if (s.plus) {
        if (nordic_code) return n == 10 ? Kind::kPhone : Kind::kNone;
        return n >= 8 && n <= 15 ? Kind::kPhone : Kind::kNone;  // any other country
    }
    if (n == 12 && (s.digits.starts_with("0045") || s.digits.starts_with("0047"))) return Kind::kPhone;
    if (n == 10 && StartsWithBirthDate(s.digits, false) && s.CutsWithin({2, 4, 6, 8}, 8, 6) && s.SerialSplitLikeTheDate())
        return Kind::kCpr;
    if (n == 11 && StartsWithBirthDate(s.digits, true) && s.CutsWithin({2, 4, 6, 9}, 9, 6)) return Kind::kCpr;
    // DD.MM.YYYY-SSSS: a CPR written with the whole year.
    if (n == 12 && (s.LengthsAre({2, 2, 4, 4}) || s.LengthsAre({8, 4})) && s.separators.back() == '-' &&
        StartsWithBirthDate(s.digits, false) && IsYear(s.digits, 4))
        return Kind::kCpr;
    if (n == 10 && nordic_code && IsNationalPhone(s, 2) && s.GroupsAtLeast(2) && s.PhoneSeparators()) return Kind::kPhone;
    if ((s.LengthsAre({2, 2, 4}) && IsValidDayMonth(Number(s.digits, 0, 2), Number(s.digits, 2, 2)) && IsYear(s.digits, 4)) ||
        (s.LengthsAre({4, 2, 2}) && IsValidDayMonth(Number(s.digits, 6, 2), Number(s.digits, 4, 2)) && IsYear(s.digits, 0)) ||
        (s.LengthsAre({4, 4}) && IsYear(s.digits, 0) && IsYear(s.digits, 4)))  // "2020-2024"
        return Kind::kKeep;
    if (n == 8 && s.GroupsAtLeast(2) && (count == 1 || s.GroupsAtMost(4)) && s.PhoneSeparators()) {  // not "24-001234"
        if (IsNationalPhone(s, 0)) return Kind::kPhone;
        if (count >= 2) return Kind::kNumber;  // "12 34 56 78": grouped like a phone number, not a real one
    }
    if (count == 2 && s.lengths[0] == 4 && s.lengths[1] >= 6 && s.lengths[1] <= 10) return Kind::kAccount;
    if (s.LengthsAre({4, 2, 5})) return Kind::kAccount;  // Norwegian account number, 1234.56.78903
    if (n >= 13 && n <= 19 && s.GroupsAtLeast(4) && s.SameSeparators()) return Kind::kNumber;  // a card number
    if (count == 1 && n == 8 && IsValidDayMonth(Number(s.digits, 0, 2), Number(s.digits, 2, 2)) && IsYear(s.digits, 4))
        return Kind::kKeep;  // 12052024
    if (count == 1 && n >= 7) return Kind::kNumber;
    return Kind::kNone;
}

// The separator after a digit group: at most 4 characters of spaces, one of - . / and one bracket pair
// side, followed by a digit. Returns its end, or `at` if there is none.
std::size_t SeparatorEnd(const std::string& text, const std::vector<bool>& taken, std::size_t at, char* kind) {
    int punctuation = 0, open = 0, close = 0;
    std::size_t end = at;
    *kind = ' ';
    while (end < text.size() && end - at < 4 && !taken[end]) {
        const char c = text[end];
        if (c == '-' || c == '.' || c == '/') {
            ++punctuation;
            if (*kind != '(') *kind = c;
        } else if (c == '(') {
            ++open;
            *kind = '(';
        } else if (c == ')') {
            ++close;
            *kind = '(';
        } else if (c != ' ') {
            break;
        }
        ++end;
    }
    const bool digit_follows = end < text.size() && IsDigit(text[end]) && !taken[end];
    if (end == at || !digit_follows || punctuation > 1 || open > 1 || close > 1) return at;
    return end;
}

void FindNumbers(const std::string& text, const std::vector<bool>& taken, std::vector<Span>& spans) {
    std::size_t i = 0;
    while (i < text.size()) {
        const bool plus = text[i] == '+' && i + 1 < text.size() && IsDigit(text[i + 1]) && !taken[i + 1];
        if (taken[i] || (!plus && !IsDigit(text[i]))) {
            ++i;
            continue;
        }
        std::vector<Group> groups;
        std::size_t pos = plus ? i + 1 : i;
        char separator = 0;
        while (true) {
            Group group;
            group.begin = groups.empty() ? i : pos;
            group.separator = separator;
            while (pos < text.size() && IsDigit(text[pos]) && !taken[pos]) group.digits.push_back(text[pos++]);
            group.end = pos;
            groups.push_back(std::move(group));
            const std::size_t next = SeparatorEnd(text, taken, pos, &separator);
            if (next == pos) break;
            pos = next;
        }
        // "(+45) 20 12 34 56": the bracket opened before the country code goes with it.
        if (plus && i > 0 && text[i - 1] == '(' && !taken[i - 1] && groups.size() > 1 &&
            text.find(')', groups[0].end) < groups[1].begin)
            groups[0].begin = i - 1;
        // Cover the run left to right, each time with the longest span that means something. Every rule wants
        // 7 digits or more, so shorter spans are not looked at ("1 2 1 2 ..." stays cheap).
        std::vector<std::size_t> digits_before(groups.size() + 1, 0);
        for (std::size_t j = 0; j < groups.size(); ++j) digits_before[j + 1] = digits_before[j] + groups[j].digits.size();
        std::size_t g = 0;
        while (g < groups.size()) {
            Kind kind = Kind::kNone;
            std::size_t count = std::min(kMaxSpelledOutDigits, groups.size() - g);
            for (; count >= 1; --count) {
                const std::size_t digits = digits_before[g + count] - digits_before[g];
                if (digits < kFewestDigitsInAMatch || (count > kMaxGroupsInOneMatch && digits != count)) continue;
                kind = Classify(groups, g, count, plus);
                if (kind != Kind::kNone) break;
            }
            if (kind == Kind::kNone) count = 1;
            if (kind != Kind::kKeep && kind != Kind::kNone)
                spans.push_back({groups[g].begin, groups[g + count - 1].end, kind});
            g += count;
        }
        i = groups.back().end;
    }
}

// -----------------------------------------------------------------------------
// [SECTION] Rebuild and entry points
// -----------------------------------------------------------------------------

void MarkTaken(const std::vector<Span>& spans, std::vector<bool>& taken) {
    for (const Span& span : spans)
        std::fill(taken.begin() + static_cast<std::ptrdiff_t>(span.begin), taken.begin() + static_cast<std::ptrdiff_t>(span.end), true);
}

// ASCII text with no digit, no '@', no "at" and no "snabel" holds nothing the rules take: most strings skip the work.
bool CannotHoldPersonalData(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (IsDigit(c) || c == '@' || static_cast<unsigned char>(c) >= 0x80) return false;
        if (MatchesAt(text, i, "at") || MatchesAt(text, i, "snabel")) return false;
    }
    return true;
}

}  // namespace

std::string ScrubPersonalData(std::string_view input) {
    if (CannotHoldPersonalData(input)) return std::string(input);
    const Normalised n = Normalise(input);
    std::vector<Span> spans;
    std::vector<bool> taken(n.text.size() + 1, false);  // one past the end so look-ahead needs no bound check
    FindEmails(n, spans);
    MarkTaken(spans, taken);
    const std::size_t email_count = spans.size();
    FindIbans(n.text, taken, spans);
    MarkTaken({spans.begin() + static_cast<std::ptrdiff_t>(email_count), spans.end()}, taken);
    FindNumbers(WithLookAlikeDigits(n.text), taken, spans);
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });

    std::string out;
    out.reserve(n.clean.size());
    std::size_t copied = 0;  // normalised characters before this are in `out`
    for (const Span& span : spans) {
        out.append(n.clean, n.begin[copied], n.begin[span.begin] - n.begin[copied]);
        out.append(Placeholder(span.kind));
        copied = span.end;
    }
    out.append(n.clean, n.begin[copied], n.clean.size() - n.begin[copied]);
    return out;
}

int RunScrub(std::istream& in, std::ostream& out) {
    std::string line;
    while (std::getline(in, line)) out << ScrubPersonalData(line) << std::endl;  // a flush per line: answers as typed
    return 0;
}

}  // namespace bk
