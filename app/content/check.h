// Command-line tools of the kiosk binary: `borgerkiosk --check-content DIR [--assets DIR]` and
// `borgerkiosk --hash-pin PIN`. main.cpp only parses the flags and calls these.
#pragma once
#include <filesystem>
#include <ostream>
#include <string_view>

#include "shared/iso_date.h"

namespace bk {

// Exit codes of --check-content.
inline constexpr int kCheckValid = 0;       // no errors (warnings allowed)
inline constexpr int kCheckErrors = 1;      // at least one error
inline constexpr int kCheckUnreadable = 2;  // the folder cannot be read

// Prints every problem ("error: services/x.json#/steps/2/body/da: ..."), a LIX table per service (da, nb)
// and a summary line. An empty assets_dir means <content_dir>/../assets. Services verified more than
// kVerifiedMaxAgeDays before `today` are warned about.
int RunCheckContent(const std::filesystem::path& content_dir, const std::filesystem::path& assets_dir, Date today,
                    std::ostream& out);

std::filesystem::path DefaultAssetsDir(const std::filesystem::path& content_dir);

// Prints "pbkdf2-sha256$100000$<salt>$<hash>" for a PIN of 4 to 12 digits, with a random 16-byte salt.
// Returns 0, or 1 with a message on `err` when the PIN is not 4-12 digits or no random salt is available.
int RunHashPin(std::string_view pin, std::ostream& out, std::ostream& err);

}  // namespace bk
