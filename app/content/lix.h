// LIX readability (Björnsson): words per sentence + percentage of long words. Used for Danish and Norwegian.
// Rough guide: below 25 very easy, 25-34 easy, 35-44 medium, 45-54 hard, 55+ very hard.
//
// Counting rules (kept simple and predictable, so authors can reproduce a figure by hand):
// - A word is a whitespace-separated token that contains at least one letter or digit.
// - A long word has more than 6 letters. Letters are counted as characters, not bytes, so "æøå" is 3 letters;
//   digits, hyphens and punctuation are not letters ("MitID-appen" has 10 letters).
// - A sentence ends at a token ending in . : ! or ? (closing quotes and brackets after it are ignored),
//   and at the end of each text. A dot inside a token ("mitid.dk", "10.30") does not end a sentence.
//   Runs like "?!" or "..." end one sentence.
#pragma once
#include <string_view>

namespace bk {

struct LixCounts {
    int words = 0;
    int sentences = 0;
    int long_words = 0;

    LixCounts& operator+=(const LixCounts& other) {
        words += other.words;
        sentences += other.sentences;
        long_words += other.long_words;
        return *this;
    }
    // 0 for an empty text (no words): nothing to read is not hard to read.
    double Lix() const;
};

// Counts one text. Each text (a title, a step body) is its own unit: its end closes a sentence.
LixCounts CountLix(std::string_view utf8_text);

// Number of letters in a UTF-8 string (decoded code points that are letters; see above).
int CountLetters(std::string_view utf8_text);

}  // namespace bk
