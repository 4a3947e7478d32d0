// Removes personal data from free text (feedback comments). One scrubber for both ends (library bk_scrub):
// the kiosk scrubs before it records, the registry again before a report shows a comment (an older or
// broken kiosk may have sent it unscrubbed).
#pragma once
#include <string>
#include <string_view>

namespace bk::telemetry {

// Replaces, in this order:
//   e-mail addresses                                    -> "[email]"
//   Danish CPR (DDMMYY-XXXX, dash/space/none, real date) -> "[cpr]"
//   Norwegian fødselsnummer/D-nummer (11 digits, date)   -> "[cpr]"
//   phone numbers: +45/0045/+47/0047 or any "+" number, and 8-digit Danish/Norwegian numbers in the
//   usual groupings (12345678, 12 34 56 78, 1234 5678, 412 34 567), first digit 2-9 -> "[telefon]"
//   any other run of >= 7 digits, or a grouped run of >= 12 digits (card numbers) -> "[tal]"
// then, over what is left, the blunt rules the registry has always applied:
//   any "word@word" the rules above did not take (anne@localhost)                 -> "[email]"
//   a run of digits with single spaces, dashes or dots between them, >= 6 digits  -> "[tal]"
//   (so dates such as 12-05-2024 and six-digit numbers go too: a date may be a birthday)
// Prices ("1.250 kr."), years, postcodes and other short numbers stay.
// Works on bytes: only ASCII is ever matched or inserted, so UTF-8 text (æøå) stays valid.
std::string ScrubPersonalData(std::string_view text);

// At most max_bytes of `text`, cut at a UTF-8 character boundary.
std::string TruncateUtf8(std::string text, std::size_t max_bytes);

// The schema's limit for feedback comments (characters; bytes are a safe bound).
inline constexpr std::size_t kMaxCommentBytes = 1000;

}  // namespace bk::telemetry
