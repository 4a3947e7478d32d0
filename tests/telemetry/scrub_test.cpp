// The scrubber against its corpus (data/scrub_corpus.tsv): comments as people type them, hits that must be
// replaced and near-misses that must survive byte for byte. Prints the miss and false-positive rates.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <unicode/utf8.h>

#include "shared/scrub.h"
#include "shared/utf8.h"

namespace bk::telemetry {
namespace {

struct CorpusLine {
    int line_number = 0;
    std::string lang;
    std::string kind;  // cpr, fnr, phone, email, account, number: a hit; keep: a near-miss
    std::string input;
    std::string expected;
};

void AppendUtf8(std::string& out, uint32_t c) {
    char buffer[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(c));  // corpus code points are valid
    out.append(buffer, static_cast<std::size_t>(length));
}

// \u{XXXX} is a code point, \xNN a raw byte; nothing else is special.
std::string Unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\\u{") == 0) {
            const std::size_t close = text.find('}', i);
            AppendUtf8(out, static_cast<uint32_t>(std::stoul(text.substr(i + 3, close - i - 3), nullptr, 16)));
            i = close;
        } else if (text.compare(i, 2, "\\x") == 0 && i + 3 < text.size() + 1) {
            out.push_back(static_cast<char>(std::stoul(text.substr(i + 2, 2), nullptr, 16)));
            i += 3;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::vector<CorpusLine> LoadCorpus() {
    std::ifstream file(BK_SCRUB_CORPUS);
    EXPECT_TRUE(file) << "cannot open " << BK_SCRUB_CORPUS;
    std::vector<CorpusLine> lines;
    std::string row;
    int number = 0;
    while (std::getline(file, row)) {
        ++number;
        if (row.empty() || row[0] == '#') continue;
        std::vector<std::string> columns;
        std::size_t start = 0;
        for (std::size_t tab = row.find('\t'); tab != std::string::npos; tab = row.find('\t', start)) {
            columns.push_back(row.substr(start, tab - start));
            start = tab + 1;
        }
        columns.push_back(row.substr(start));
        EXPECT_EQ(columns.size(), 4u) << "corpus line " << number << ": " << row;
        if (columns.size() != 4) continue;
        CorpusLine line{number, columns[0], columns[1], Unescape(columns[2]), {}};
        line.expected = columns[3] == "=" ? line.input : Unescape(columns[3]);
        lines.push_back(std::move(line));
    }
    return lines;
}

bool IsHit(const CorpusLine& line) { return line.kind != "keep"; }

bool IsValidUtf8(const std::string& text) {
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        if (c < 0) return false;
    }
    return true;
}

TEST(ScrubCorpus, HoldsAgainstWhatPeopleType) {
    const std::vector<CorpusLine> corpus = LoadCorpus();
    ASSERT_GE(corpus.size(), 150u);
    std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (lines, wrong)
    int hits = 0, misses = 0, near_misses = 0, false_positives = 0;
    for (const CorpusLine& line : corpus) {
        const std::string out = ScrubPersonalData(line.input);
        const bool wrong = out != line.expected;
        EXPECT_EQ(out, line.expected) << "corpus line " << line.line_number << " (" << line.lang << ", " << line.kind
                                      << "): " << line.input;
        auto& [count, wrong_count] = by_kind[line.kind];
        ++count;
        wrong_count += wrong;
        if (IsHit(line)) {
            ++hits;
            misses += wrong;
            // Stronger than the exact line: the input's digits never come out as they went in.
            EXPECT_NE(out, line.input) << "personal data went through unchanged, corpus line " << line.line_number;
        } else {
            ++near_misses;
            false_positives += wrong;
        }
    }
    std::printf("[ scrub    ] corpus: %zu lines, %d hits, %d near-misses\n", corpus.size(), hits, near_misses);
    for (const auto& [kind, counts] : by_kind)
        std::printf("[ scrub    ]   %-8s %3d lines, %d wrong\n", kind.c_str(), counts.first, counts.second);
    std::printf("[ scrub    ] miss rate %.1f %% (%d of %d hits), false-positive rate %.1f %% (%d of %d near-misses)\n",
                100.0 * misses / std::max(hits, 1), misses, hits, 100.0 * false_positives / std::max(near_misses, 1),
                false_positives, near_misses);
    EXPECT_EQ(misses, 0) << "a personal number in the hit set got through";
    for (const char* lang : {"da", "nb", "en"})
        EXPECT_TRUE(std::any_of(corpus.begin(), corpus.end(), [&](const CorpusLine& l) { return l.lang == lang; })) << lang;
}

TEST(ScrubCorpus, ScrubbingTwiceChangesNothingMore) {
    for (const CorpusLine& line : LoadCorpus()) {
        const std::string once = ScrubPersonalData(line.input);
        EXPECT_EQ(ScrubPersonalData(once), once) << "corpus line " << line.line_number;
    }
}

// Random bytes, digits, separators and Unicode pieces: never a crash, always valid UTF-8 out, and text
// without digits or an '@' passes through as it came (once made valid).
TEST(Scrub, AnyInputGivesValidUtf8) {
    static const std::vector<std::string> kPieces = {
        "1", "2", "0", "9", " ", "-", ".", "/", "(", ")", "+", "@", "at", "a", "O", "l", "dk", ".dk", "\xC3\xA6",
        "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x8B", "\xEF\xBC\x91", "\xD9\xA1", "\xE2\x80\x93", "\xFF", "\xC3", "\xE2\x82",
        "\xF0\x9F\x91\x8D", "DK50", "\n", "\t"};
    std::mt19937 random(12);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int pieces = static_cast<int>(random() % 60);
        for (int i = 0; i < pieces; ++i) text += kPieces[random() % kPieces.size()];
        const std::string out = ScrubPersonalData(text);
        EXPECT_TRUE(IsValidUtf8(out)) << text;
    }
}

TEST(Scrub, RunScrubAnswersLineByLine) {
    std::istringstream in("ring 20 12 34 56\nkl. 10.30\n\nanna@example.dk og 120590-1234\n");
    std::ostringstream out;
    EXPECT_EQ(RunScrub(in, out), 0);
    EXPECT_EQ(out.str(), "ring [telefon]\nkl. 10.30\n\n[email] og [cpr]\n");
}

// Not asserted (the ASan build is slow): the median time for one 1000-byte comment, printed for the record.
TEST(Scrub, SpeedOfOneLongComment) {
    std::string comment;
    const std::string sentence = "Jeg ventede 20 min kl. 10.30, ring 20 12 34 56 eller skriv anna @ example.dk, cpr 120590-1234. ";
    while (comment.size() + sentence.size() <= kMaxCommentBytes) comment += sentence;
    comment.resize(kMaxCommentBytes, 'x');
    std::vector<double> micros;
    for (int run = 0; run < 301; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const std::string out = ScrubPersonalData(comment);
        micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
        ASSERT_EQ(out.find("120590"), std::string::npos);
    }
    std::nth_element(micros.begin(), micros.begin() + 150, micros.end());
    std::printf("[ scrub    ] 1000-byte comment: median %.1f us over 301 runs\n", micros[150]);
}

TEST(Scrub, TruncateKeepsUtf8Whole) {
    EXPECT_EQ(Utf8Prefix("abc", 10), "abc");
    EXPECT_EQ(Utf8Prefix("aæ", 2), "a");  // 'æ' is two bytes: not cut in half
    EXPECT_EQ(Utf8Prefix("aæb", 3), "aæ");
}

}  // namespace
}  // namespace bk::telemetry
