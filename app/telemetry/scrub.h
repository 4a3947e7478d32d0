// Removes personal data from free text (feedback comments) before it is recorded.
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
// Dates (12-05-2024, 2024-05-12, 12.05.24), prices ("1.250 kr.") and short numbers stay.
// Works on bytes: only ASCII is ever matched or inserted, so UTF-8 text (æøå) stays valid.
std::string ScrubPersonalData(std::string_view text);

// At most max_bytes of `text`, cut at a UTF-8 character boundary.
std::string TruncateUtf8(std::string text, std::size_t max_bytes);

// The schema's limit for feedback comments (characters; bytes are a safe bound).
inline constexpr std::size_t kMaxCommentBytes = 1000;

}  // namespace bk::telemetry
