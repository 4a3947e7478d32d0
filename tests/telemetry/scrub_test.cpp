// The scrubber's corpus: what must be replaced (hits) and what must survive untouched (near-misses).
#include <gtest/gtest.h>

#include "telemetry/scrub.h"

namespace bk::telemetry {
namespace {

struct Case {
    const char* input;
    const char* expected;
};

class ScrubCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(ScrubCorpus, Scrubs) {
    const Case& c = GetParam();
    EXPECT_EQ(ScrubPersonalData(c.input), c.expected) << "input: " << c.input;
}

// Hits: personal data that must not leave the kiosk.
INSTANTIATE_TEST_SUITE_P(Cpr, ScrubCorpus, ::testing::Values(
    Case{"mit cpr er 120590-1234", "mit cpr er [cpr]"},
    Case{"1205901234", "[cpr]"},
    Case{"120590 1234 tak", "[cpr] tak"},
    Case{"CPR:310190-4321.", "CPR:[cpr]."},
    Case{"født 290200-1234", "født [cpr]"},       // 29 February
    Case{"(010101-0001)", "([cpr])"}));

INSTANTIATE_TEST_SUITE_P(Fodselsnummer, ScrubCorpus, ::testing::Values(
    Case{"fnr 01019012345", "fnr [cpr]"},
    Case{"010190 12345", "[cpr]"},
    Case{"D-nummer 41019012345", "D-nummer [cpr]"}));  // day + 40

INSTANTIATE_TEST_SUITE_P(Phone, ScrubCorpus, ::testing::Values(
    Case{"ring +45 12 34 56 78", "ring [telefon]"},
    Case{"ring +4512345678", "ring [telefon]"},
    Case{"0045 12345678", "[telefon]"},
    Case{"004512345678", "[telefon]"},
    Case{"tlf. 22 33 44 55", "tlf. [telefon]"},
    Case{"tlf 2233 4455!", "tlf [telefon]!"},
    Case{"+47 412 34 567", "[telefon]"},
    Case{"0047 41234567", "[telefon]"},
    Case{"mobil 41234567", "mobil [telefon]"},
    Case{"412 34 567", "[telefon]"},
    Case{"22-34-56-78", "[telefon]"},
    Case{"ring 42 34 56 78 2100", "ring [telefon] 2100"},  // phone then a postcode
    Case{"+46 70 123 45 67", "[telefon]"}));                // any international number

INSTANTIATE_TEST_SUITE_P(Email, ScrubCorpus, ::testing::Values(
    Case{"skriv til anne@example.dk", "skriv til [email]"},
    Case{"anne.hansen+kiosk@mail.borger.example.dk.", "[email]."},
    Case{"<jens_1234567@kommune.dk>", "<[email]>"},
    Case{"søren.ø@eksempel.dk", "[email]"},
    Case{"a@b.co og c@d.no", "[email] og [email]"}));

INSTANTIATE_TEST_SUITE_P(LongRuns, ScrubCorpus, ::testing::Values(
    Case{"kontonr 1234567", "kontonr [tal]"},
    Case{"reg 1234 konto 12345678901", "reg 1234 konto [tal]"},
    Case{"kort 1234 5678 9012 3456", "kort [tal]"},
    Case{"ordre 0012345678", "ordre [tal]"},          // 10 digits, no valid date
    Case{"12052024", "[tal]"}));                         // compact date starting with 1: not a phone, still a long run

// The registry's blunt rules, applied after the precise ones: six or more digits in a run, and any word@word.
INSTANTIATE_TEST_SUITE_P(BluntRules, ScrubCorpus, ::testing::Values(
    Case{"mødet 12-05-2024 kl. 14.30", "mødet [tal] kl. 14.30"},  // a date may be a birthday
    Case{"2024-05-12", "[tal]"},
    Case{"12.05.24", "[tal]"},
    Case{"1.250.000,50 kr", "[tal],50 kr"},
    Case{"12 34 56", "[tal]"},
    Case{"123456", "[tal]"},
    Case{"12345-678", "[tal]"},
    Case{"12 34 56 78", "[tal]"},   // no Danish or Norwegian phone starts with 1, but eight digits go
    Case{"320590-1234", "[tal]"},   // day 32: not a CPR, still ten digits
    Case{"anne@localhost", "[email]"},
    Case{"skriv til jens@intranet nu", "skriv til [email] nu"},
    Case{"ring 42 34 56 78 2100", "ring [telefon] 2100"}));  // what is left after the phone is only a postcode

INSTANTIATE_TEST_SUITE_P(Utf8, ScrubCorpus, ::testing::Values(
    Case{"æøå41234567æøå", "æøå[telefon]æøå"},
    Case{"Ærø 120590-1234 på Ø", "Ærø [cpr] på Ø"},
    Case{"blåbær@bær.dk", "[email]"}));

// Near-misses: look like personal data, are not, and must stay as written.
INSTANTIATE_TEST_SUITE_P(NearMisses, ScrubCorpus, ::testing::Values(
    Case{"mødet kl. 14.30", "mødet kl. 14.30"},
    Case{"det kostede 1.250 kr.", "det kostede 1.250 kr."},
    Case{"2100 København Ø", "2100 København Ø"},
    Case{"side 3 af 12", "side 3 af 12"},
    Case{"12345", "12345"},               // five digits: under the blunt rule's six
    Case{"12 34 5", "12 34 5"},
    Case{"år 2024 og 2025", "år 2024 og 2025"},
    Case{"@borgerkiosk på X", "@borgerkiosk på X"},
    Case{"hej@", "hej@"},
    Case{"a @ b.dk", "a @ b.dk"},
    Case{"5 stjerner, +1", "5 stjerner, +1"},
    Case{"version 1.2.3", "version 1.2.3"},
    Case{"", ""}));

TEST(Scrub, IsIdempotent) {
    const std::string once = ScrubPersonalData("ring 41234567 eller skriv a@b.dk, cpr 120590-1234");
    EXPECT_EQ(ScrubPersonalData(once), once);
}

TEST(Scrub, TruncateKeepsUtf8Whole) {
    EXPECT_EQ(TruncateUtf8("abc", 10), "abc");
    EXPECT_EQ(TruncateUtf8("aæ", 2), "a");  // 'æ' is two bytes: not cut in half
    EXPECT_EQ(TruncateUtf8("aæb", 3), "aæ");
}

}  // namespace
}  // namespace bk::telemetry
