#include "telemetry/scrub.h"

#include <algorithm>
#include <vector>

namespace bk::telemetry {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }  // part of a UTF-8 sequence
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Non-ASCII bytes count as letters so "søren@..." is taken whole and no multi-byte character is split.
bool IsLocalPartChar(char c) {
    return IsAsciiAlpha(c) || IsDigit(c) || IsNonAscii(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
           c == '-';
}
bool IsDomainChar(char c) { return IsAsciiAlpha(c) || IsDigit(c) || IsNonAscii(c) || c == '.' || c == '-'; }

// [begin, end) holds "label(.label)+" whose last label is >= 2 letters.
bool IsPlausibleDomain(std::string_view domain) {
    if (domain.empty() || domain.front() == '.' || domain.find("..") != std::string_view::npos)
        return false;
    const std::size_t last_dot = domain.rfind('.');
    if (last_dot == std::string_view::npos)
        return false;
    const std::string_view tld = domain.substr(last_dot + 1);
    if (tld.size() < 2)
        return false;
    for (char c : tld)
        if (!IsAsciiAlpha(c) && !IsNonAscii(c))
            return false;
    return true;
}

std::string ScrubEmails(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t cursor = 0;  // text[cursor..] not yet copied
    std::size_t at = text.find('@');
    while (at != std::string_view::npos) {
        std::size_t begin = at;
        while (begin > cursor && IsLocalPartChar(text[begin - 1]))
            --begin;
        while (begin < at && (text[begin] == '.' || text[begin] == '-'))  // "...see.me@" starts at "see"
            ++begin;
        std::size_t end = at + 1;
        while (end < text.size() && IsDomainChar(text[end]))
            ++end;
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))  // sentence-final dot
            --end;
        if (begin < at && IsPlausibleDomain(text.substr(at + 1, end - at - 1))) {
            out.append(text.substr(cursor, begin - cursor));
            out.append("[email]");
            cursor = end;
        }
        at = text.find('@', std::max(at + 1, cursor));
    }
    out.append(text.substr(cursor));
    return out;
}

// A run of digit groups separated by single spaces, dashes or dots, e.g. "+45 12 34-56.78".
struct Group {
    std::size_t begin = 0;  // byte offset, includes a leading '+' on the first group
    std::size_t end = 0;
    std::string digits;
};

enum class Kind { kNone, kCpr, kPhone, kDate, kLongRun };

int DaysInMonth(int month) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // leap years allowed
    return kDays[month - 1];
}

bool IsValidDayMonth(int day, int month) { return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(month); }

int TwoDigits(const std::string& s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

bool IsDdmmyy(const std::string& digits, bool allow_d_number) {
    int day = TwoDigits(digits, 0);
    const int month = TwoDigits(digits, 2);
    if (allow_d_number && day > 40)  // Norwegian D-nummer: day + 40
        day -= 40;
    return IsValidDayMonth(day, month);
}

bool LengthsAre(const std::vector<std::size_t>& lengths, std::initializer_list<std::size_t> expected) {
    return lengths.size() == expected.size() && std::equal(lengths.begin(), lengths.end(), expected.begin());
}

// What groups[first, first+count) form together. `plus` = the run starts with '+'.
Kind Classify(const std::vector<Group>& groups, std::size_t first, std::size_t count, bool plus) {
    std::string digits;
    std::vector<std::size_t> lengths;
    for (std::size_t i = first; i < first + count; ++i) {
        digits += groups[i].digits;
        lengths.push_back(groups[i].digits.size());
    }
    const std::size_t n = digits.size();
    if (plus && first == 0 && n >= 10 && n <= 15)  // international form: country code + subscriber
        return Kind::kPhone;
    if (n == 12 && (digits.starts_with("0045") || digits.starts_with("0047")))
        return Kind::kPhone;
    if (n == 10 && (LengthsAre(lengths, {10}) || LengthsAre(lengths, {6, 4})) && IsDdmmyy(digits, false))
        return Kind::kCpr;
    if (n == 11 && (LengthsAre(lengths, {11}) || LengthsAre(lengths, {6, 5})) && IsDdmmyy(digits, true))
        return Kind::kCpr;
    if (n == 8 && digits[0] >= '2' &&
        (LengthsAre(lengths, {8}) || LengthsAre(lengths, {2, 2, 2, 2}) || LengthsAre(lengths, {4, 4}) ||
         LengthsAre(lengths, {3, 2, 3})))
        return Kind::kPhone;
    if (LengthsAre(lengths, {2, 2, 4}) || LengthsAre(lengths, {2, 2, 2}))
        return IsValidDayMonth(TwoDigits(digits, 0), TwoDigits(digits, 2)) ? Kind::kDate : Kind::kNone;
    if (LengthsAre(lengths, {4, 2, 2}))
        return IsValidDayMonth(TwoDigits(digits, 6), TwoDigits(digits, 4)) ? Kind::kDate : Kind::kNone;
    return Kind::kNone;
}

const char* Placeholder(Kind kind) {
    switch (kind) {
        case Kind::kCpr: return "[cpr]";
        case Kind::kPhone: return "[telefon]";
        case Kind::kLongRun: return "[tal]";
        default: return nullptr;
    }
}

bool IsSeparator(char c) { return c == ' ' || c == '-' || c == '.'; }

std::string ScrubNumbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t cursor = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool plus = text[i] == '+' && i + 1 < text.size() && IsDigit(text[i + 1]);
        if (!plus && !IsDigit(text[i])) {
            ++i;
            continue;
        }
        // Collect the run.
        std::vector<Group> groups;
        std::size_t pos = plus ? i + 1 : i;
        while (true) {
            Group group;
            group.begin = groups.empty() ? i : pos;
            while (pos < text.size() && IsDigit(text[pos]))
                group.digits.push_back(text[pos++]);
            group.end = pos;
            groups.push_back(std::move(group));
            if (pos + 1 < text.size() && IsSeparator(text[pos]) && IsDigit(text[pos + 1]))
                ++pos;
            else
                break;
        }
        // Cover the run with the longest meaningful spans, left to right.
        std::size_t g = 0;
        while (g < groups.size()) {
            Kind kind = Kind::kNone;
            std::size_t count = 0;
            for (std::size_t k = groups.size() - g; k >= 1 && kind == Kind::kNone; --k) {
                kind = Classify(groups, g, k, plus);
                count = k;
            }
            if (kind == Kind::kNone) {
                for (std::size_t k = groups.size() - g; k >= 2 && kind == Kind::kNone; --k) {
                    std::size_t digit_count = 0;
                    for (std::size_t j = g; j < g + k; ++j)
                        digit_count += groups[j].digits.size();
                    if (digit_count >= 12) {
                        kind = Kind::kLongRun;
                        count = k;
                    }
                }
            }
            if (kind == Kind::kNone) {
                count = 1;
                if (groups[g].digits.size() >= 7)
                    kind = Kind::kLongRun;
            }
            if (const char* placeholder = Placeholder(kind)) {
                out.append(text.substr(cursor, groups[g].begin - cursor));
                out.append(placeholder);
                cursor = groups[g + count - 1].end;
            }
            g += count;
        }
        i = groups.back().end;
    }
    out.append(text.substr(cursor));
    return out;
}

// The registry's rule: a whitespace-delimited word with text on both sides of an '@'.
std::string ScrubAtWords(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t cursor = 0;
    std::size_t at = text.find('@');
    while (at != std::string_view::npos) {
        std::size_t begin = at;
        while (begin > cursor && !IsSpace(text[begin - 1]))
            --begin;
        std::size_t end = at + 1;
        while (end < text.size() && !IsSpace(text[end]))
            ++end;
        if (begin < at && end > at + 1) {
            out.append(text.substr(cursor, begin - cursor));
            out.append("[email]");
            cursor = end;
        }
        at = text.find('@', std::max(at + 1, cursor));
    }
    out.append(text.substr(cursor));
    return out;
}

// The registry's rule: digits with single separators between them, six or more in the run.
std::string ScrubDigitRuns(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t cursor = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!IsDigit(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        int digits = 0;
        while (end < text.size()) {
            if (IsDigit(text[end])) {
                ++digits;
                ++end;
            } else if (end + 1 < text.size() && IsSeparator(text[end]) && IsDigit(text[end + 1])) {
                ++end;
            } else {
                break;
            }
        }
        if (digits >= 6) {
            out.append(text.substr(cursor, i - cursor));
            out.append("[tal]");
            cursor = end;
        }
        i = end;
    }
    out.append(text.substr(cursor));
    return out;
}

}  // namespace

std::string ScrubPersonalData(std::string_view text) {
    // The precise rules name what they took; the blunt ones then take whatever still looks like it.
    return ScrubDigitRuns(ScrubAtWords(ScrubNumbers(ScrubEmails(text))));
}

std::string TruncateUtf8(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)  // inside a sequence: back up
        --cut;
    text.resize(cut);
    return text;
}

}  // namespace bk::telemetry
