// Removes personal data from free text (feedback comments). One scrubber for both ends (library bk_scrub):
// the kiosk scrubs before it records, the registry again at ingest before anything is stored (an older or
// broken kiosk may have sent it unscrubbed) and before a report shows a comment.
#pragma once
#include <iosfwd>
#include <string>
#include <string_view>

namespace bk {

// Matching runs on a normalised copy of the text: Unicode digits (fullwidth, Arabic-Indic, ...) read as
// 0-9, every dash as '-', every space (no-break, narrow no-break, ...) as ' ', zero-width characters are
// skipped, fullwidth ASCII reads as ASCII, and O/o/l/I next to digits read as 0/1. What matched is replaced
// in the original text; everything else comes out byte for byte (invalid UTF-8 bytes become U+FFFD).
//
//   e-mail addresses, also "anna @ x.dk", "anna(at)x.dk", "anna at x.dk", "anna snabel-a x.dk", "kari krøllalfa x.no",
//     "anna@gmail .com", "anna at x dot dk", "anne@localhost" (not "husk at borger.dk")           -> "[email]"
//   IBAN (DK50 0040 0440 1162 43, NO93 8601 1117 947, any country)                   -> "[konto]"
//   Danish CPR: DDMMYY + 4 digits, a real day and month, any separators or none
//     (120590-1234, 12.05.90-1234, 12 05 90 1234, 120590/1234, 1205 901234)          -> "[cpr]"
//   Norwegian fødselsnummer, D-nummer (day + 40), H-nummer (month + 40): DDMMYY + 5 -> "[cpr]"
//   phone: +45/0045/+47/0047 + 8 digits, any other "+" number, and 8 digits starting 2-9 in any grouping of
//     two or more digits with one kind of separator (20123456, 2012 34 56, 20/12/34/56, (20) 12 34 56)  -> "[telefon]"
//   Danish bank account: 4-digit reg. no. + 6-10 digit account (1234 1234567890, 1234-1234567),
//     Norwegian account number (1234.56.78903)                                                    -> "[konto]"
//   card numbers (13-19 digits in groups of 4+), 8 digits grouped like a phone that no Danish or Norwegian
//     number is (12 34 56 78), and any other unbroken run of 7+ digits                             -> "[tal]"
// What stays: times (kl. 10.30, 10:30), prices (225 kr., 1.250,50 kr), counts, years, postcodes, step and
// version numbers, and dates (12-05-2024, 12.05.90, 12. maj 2024) unless a CPR's serial follows them.
std::string ScrubPersonalData(std::string_view text);

// `borgerkiosk --scrub`: each line of `in` scrubbed to `out`, flushed per line. Returns the exit status (0).
int RunScrub(std::istream& in, std::ostream& out);

// The schema's limit for feedback comments (characters; bytes are a safe bound).
inline constexpr std::size_t kMaxCommentBytes = 1000;

}  // namespace bk
