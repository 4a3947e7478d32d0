#include "content/check.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "content/pin_hash.h"
#include "content/validator.h"

namespace bk {

namespace fs = std::filesystem;

namespace {

std::string Cell(const std::optional<LixCounts>& counts, int threshold) {
    if (!counts) return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%s", counts->Lix(), counts->Lix() > threshold ? " !" : "");
    return buffer;
}

std::string Pad(const std::string& text, std::size_t width) {
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

void PrintLixTable(const std::vector<ServiceLix>& lix, std::ostream& out) {
    if (lix.empty()) return;
    std::size_t id_width = 7;
    for (const auto& entry : lix) id_width = std::max(id_width, entry.service_id.size() + 2);
    out << "\nLIX per service (\"!\" = above the threshold; under 35 is easy to read)\n";
    out << Pad("service", id_width) << Pad("da", 9) << Pad("nb", 9) << "threshold\n";
    for (const auto& entry : lix) {
        out << Pad(entry.service_id.empty() ? "(" + entry.file + ")" : entry.service_id, id_width)
            << Pad(Cell(entry.da, entry.threshold), 9) << Pad(Cell(entry.nb, entry.threshold), 9)
            << entry.threshold << "\n";
    }
}

}  // namespace

fs::path DefaultAssetsDir(const fs::path& content_dir) {
    return (content_dir / ".." / "assets").lexically_normal();
}

int RunCheckContent(const fs::path& content_dir, const fs::path& assets_dir, Date today, std::ostream& out) {
    const fs::path assets = assets_dir.empty() ? DefaultAssetsDir(content_dir) : assets_dir;
    const ContentReport report = ValidateContent(content_dir, assets, today);
    for (const auto& problem : report.problems) out << FormatProblem(problem) << "\n";
    if (!report.readable) {
        out << "\n" << content_dir.string() << ": NOT valid, the folder cannot be read\n";
        return kCheckUnreadable;
    }
    PrintLixTable(report.lix, out);

    const std::size_t errors = CountProblems(report.problems, Severity::Error);
    const std::size_t warnings = CountProblems(report.problems, Severity::Warning);
    out << "\n" << content_dir.string() << ": " << (errors == 0 ? "valid" : "NOT valid") << ", " << errors
        << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning" : " warnings") << " ("
        << report.pack.services.size() << " services, "
        << (report.pack.side_by_side.empty() ? std::string()
                                             : std::to_string(report.pack.side_by_side.size()) + " more version" +
                                                   (report.pack.side_by_side.size() == 1 ? "" : "s") + " side by side, ")
        << report.pack.strategies.size() << " strategies, "
        << report.pack.profiles.size() << " profiles, " << report.pack.ui.size() << " UI languages)\n";
    return errors == 0 ? kCheckValid : kCheckErrors;
}

int RunHashPin(std::string_view pin, std::ostream& out, std::ostream& err) {
    const bool digits_only = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (pin.size() < 4 || pin.size() > 12 || !digits_only) {
        err << "the PIN must be 4 to 12 digits\n";
        return 1;
    }
    std::array<std::uint8_t, 16> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        err << "no random salt available (OpenSSL RAND_bytes failed)\n";
        return 1;
    }
    const std::string hash = HashPin(pin, salt, kPinHashIterations);
    if (hash.empty()) {
        err << "hashing failed (OpenSSL PKCS5_PBKDF2_HMAC)\n";
        return 1;
    }
    out << hash << "\n";
    return 0;
}

}  // namespace bk
