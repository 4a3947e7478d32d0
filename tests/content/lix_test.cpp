// LIX = words / sentences + 100 * long_words / words; a long word has more than 6 letters.
// Each expected value is worked out by hand in the comment above it.
#include <gtest/gtest.h>

#include "content/lix.h"
#include "content/validator.h"

namespace bk {
namespace {

TEST(Lix, ShortSentencesNoLongWords) {
    // "Jeg går hjem. Du bliver her."
    // words: Jeg går hjem Du bliver her = 6; sentences: 2; long: none ("bliver" has 6 letters, not more)
    // LIX = 6/2 + 100*0/6 = 3.0
    const LixCounts counts = CountLix("Jeg går hjem. Du bliver her.");
    EXPECT_EQ(counts.words, 6);
    EXPECT_EQ(counts.sentences, 2);
    EXPECT_EQ(counts.long_words, 0);
    EXPECT_DOUBLE_EQ(counts.Lix(), 3.0);
}

TEST(Lix, DanishLettersCountAsOneLetterEach) {
    // "Få nøgler på rådhuset."
    // words: Få(2) nøgler(6 letters, 7 bytes) på(2) rådhuset(8) = 4; sentences 1; long: rådhuset = 1
    // LIX = 4/1 + 100*1/4 = 4 + 25 = 29.0   (counting bytes would make "nøgler" long and give 54)
    const LixCounts counts = CountLix("Få nøgler på rådhuset.");
    EXPECT_EQ(counts.words, 4);
    EXPECT_EQ(counts.long_words, 1);
    EXPECT_DOUBLE_EQ(counts.Lix(), 29.0);
    EXPECT_EQ(CountLetters("æøå"), 3);
    EXPECT_EQ(CountLetters("ÆRØ-færge"), 8);  // Æ R Ø f æ r g e; the dash is not a letter
}

TEST(Lix, QuestionExclamationAndColonEndSentences) {
    // "Hvad skal du bruge? Du skal bruge: MitID!"
    // sentences: "Hvad skal du bruge?" "Du skal bruge:" "MitID!" = 3; words 4 + 3 + 1 = 8; long: none
    // LIX = 8/3 + 0 = 2.666...
    const LixCounts counts = CountLix("Hvad skal du bruge? Du skal bruge: MitID!");
    EXPECT_EQ(counts.words, 8);
    EXPECT_EQ(counts.sentences, 3);
    EXPECT_NEAR(counts.Lix(), 8.0 / 3.0, 1e-9);
}

TEST(Lix, DotInsideAWordDoesNotEndTheSentence) {
    // "Gå til www.borger.dk og log ind."
    // words: Gå til www.borger.dk og log ind = 6; sentences 1 (only the final dot ends one);
    // long: www.borger.dk has 11 letters (w w w b o r g e r d k) = 1
    // LIX = 6/1 + 100*1/6 = 6 + 16.666... = 22.666...
    const LixCounts counts = CountLix("Gå til www.borger.dk og log ind.");
    EXPECT_EQ(counts.words, 6);
    EXPECT_EQ(counts.sentences, 1);
    EXPECT_EQ(counts.long_words, 1);
    EXPECT_NEAR(counts.Lix(), 6.0 + 100.0 / 6.0, 1e-9);
}

TEST(Lix, EndOfTextEndsASentenceAndQuotesAfterTheDotAreIgnored) {
    // "Log ind med MitID": 4 words, no full stop, the end of the text ends it: 1 sentence. LIX = 4.0
    EXPECT_DOUBLE_EQ(CountLix("Log ind med MitID").Lix(), 4.0);
    // 'Tryk på "Næste". Vent.': words Tryk på "Næste". Vent. = 4; sentences 2 ('"Næste".' ends one);
    // long: none. LIX = 4/2 = 2.0
    const LixCounts counts = CountLix("Tryk på \"Næste\". Vent.");
    EXPECT_EQ(counts.sentences, 2);
    EXPECT_DOUBLE_EQ(counts.Lix(), 2.0);
    // '(se trin 2.) Klik.': the bracket after the dot is ignored: 2 sentences, words se trin 2. Klik. = 4
    EXPECT_EQ(CountLix("(se trin 2.) Klik.").sentences, 2);
}

TEST(Lix, PunctuationAloneIsNotAWordAndRunsEndOneSentence) {
    // "Klar ?! Ja - nu..." words: Klar Ja nu = 3 ("?!" and "-" have no letters); sentences: "Klar ?!" and
    // "Ja - nu..." = 2. LIX = 3/2 = 1.5
    const LixCounts counts = CountLix("Klar ?! Ja - nu...");
    EXPECT_EQ(counts.words, 3);
    EXPECT_EQ(counts.sentences, 2);
    EXPECT_DOUBLE_EQ(counts.Lix(), 1.5);
}

TEST(Lix, EmptyTextScoresZero) {
    EXPECT_EQ(CountLix("").words, 0);
    EXPECT_EQ(CountLix("   \n").sentences, 0);
    EXPECT_DOUBLE_EQ(CountLix("").Lix(), 0.0);
}

TEST(Lix, LongBureaucraticSentenceScoresHigh) {
    // "Borgerservicemedarbejderen videreformidler ansøgningen elektronisk." (one sentence)
    // words 4, all longer than 6 letters: LIX = 4/1 + 100*4/4 = 104.0
    EXPECT_DOUBLE_EQ(CountLix("Borgerservicemedarbejderen videreformidler ansøgningen elektronisk.").Lix(), 104.0);
}

TEST(Lix, ServiceScoreSumsTitleSummaryStepTitlesAndBodies) {
    Service service;
    service.title.by_lang = {{"da", "Digital Post"}};                   // 2 words, 1 sentence, long: Digital (7)
    service.summary.by_lang = {{"da", "Læs din post."}};                // 3 words, 1 sentence, long: 0
    Step step;
    step.title.by_lang = {{"da", "Åbn appen"}};                         // 2 words, 1 sentence, long: 0
    step.body.by_lang = {{"da", "Tryk på ikonet. Skriv din kode."}};   // 6 words, 2 sentences, long: 0 (ikonet: 6)
    service.steps.push_back(step);
    // total: words 13, sentences 5, long 1 -> LIX = 13/5 + 100*1/13 = 2.6 + 7.6923... = 10.2923...
    const LixCounts counts = ServiceLixCounts(service, "da");
    EXPECT_EQ(counts.words, 13);
    EXPECT_EQ(counts.sentences, 5);
    EXPECT_EQ(counts.long_words, 1);
    EXPECT_NEAR(counts.Lix(), 2.6 + 100.0 / 13.0, 1e-9);
    // Norwegian is missing everywhere, so it falls back to the Danish texts, as on screen.
    EXPECT_NEAR(ServiceLixCounts(service, "nb").Lix(), counts.Lix(), 1e-9);
}

}  // namespace
}  // namespace bk
