#include "content/fleet_update.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "content/fleet_pack.h"
#include "content/loader.h"
#include "content/validator.h"

namespace bk {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kReleaseFile = "release.json";  // {"number": N, "sha256": "..."} of the kept pack

FleetOutcome Refused(const FetchedRelease& release, const std::string& why) {
    FleetOutcome outcome;
    outcome.number = release.number;
    outcome.sha256 = release.sha256;
    outcome.error = "release " + std::to_string(release.number) + " refused: " + why;
    return outcome;
}

std::string FirstError(const Problems& problems) {
    const auto first = std::find_if(problems.begin(), problems.end(),
                                    [](const Problem& p) { return p.severity == Severity::Error; });
    return first == problems.end() ? std::string("unreadable") : FormatProblem(*first);
}

// Removes the folder when the scope ends, so a refused release leaves nothing behind.
struct ScopedDir {
    fs::path path;
    ~ScopedDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

}  // namespace

fs::path FleetDir(const fs::path& data_dir) { return data_dir / "fleet"; }

std::optional<FetchedRelease> ParseFetchedRelease(const std::string& body, std::string* why) {
    const json document = json::parse(body, nullptr, false);
    try {
        if (document.is_discarded() || !document.is_object()) throw std::runtime_error("the answer is not JSON");
        FetchedRelease release;
        release.number = document.at("number").get<int>();
        release.sha256 = document.at("sha256").get<std::string>();
        release.signature = document.at("signature").get<std::string>();
        release.pack = document.at("pack").get<std::string>();
        return release;
    } catch (const std::exception& e) {
        if (why) *why = std::string("not a content release: ") + e.what();
        return std::nullopt;
    }
}

FleetOutcome AcceptRelease(const FetchedRelease& release, const std::string& public_key_pem, const fs::path& assets_dir,
                           const fs::path& data_dir, const std::string& profile_id, std::optional<Date> today) {
    try {
        std::string why;
        if (!VerifyRelease(release.pack, release.signature, public_key_pem, &why)) return Refused(release, why);
        if (ReleaseSha256(release.pack) != release.sha256) return Refused(release, "its sha256 does not match its bytes");
        std::optional<std::vector<PackFile>> files = UnpackRelease(release.pack, &why);
        if (!files) return Refused(release, why);

        std::error_code ec;
        fs::create_directories(FleetDir(data_dir), ec);
        std::random_device random;
        const ScopedDir incoming{FleetDir(data_dir) /
                                 ("incoming-" + std::to_string(::getpid()) + "-" + std::to_string(random()))};
        if (!WritePackFiles(*files, incoming.path, &why)) return Refused(release, why);
        ContentReport report = ValidateContent(incoming.path, assets_dir, today);
        if (!report.Valid()) {
            return Refused(release, std::to_string(CountProblems(report.problems, Severity::Error)) +
                                        " error(s) in the pack, the first: " + FirstError(report.problems));
        }
        // No profile named: the kiosk takes the pack's first, as it does with its own pack.
        if (profile_id.empty() ? report.pack.profiles.empty() : !report.pack.FindProfile(profile_id))
            return Refused(release, "it has no kiosk profile '" + profile_id + "'");
        if (!SaveLastKnownGood(report.files, FleetDir(data_dir), &why)) return Refused(release, why);

        // The marker last: a kiosk that dies before it keeps the previous number with the new files, and
        // fetches the release again (the sha256 differs), which changes nothing.
        const fs::path marker = FleetDir(data_dir) / kReleaseFile;
        const fs::path temp = marker.string() + ".tmp";
        {
            std::ofstream out(temp, std::ios::trunc);
            out << json{{"number", release.number}, {"sha256", release.sha256}}.dump();
            if (!out.flush()) return Refused(release, "cannot write " + temp.string());
        }
        fs::rename(temp, marker, ec);
        if (ec) return Refused(release, "cannot write " + marker.string() + ": " + ec.message());

        FleetOutcome outcome;
        outcome.number = release.number;
        outcome.sha256 = release.sha256;
        outcome.pack = std::make_shared<const ContentPack>(std::move(report.pack));
        return outcome;
    } catch (const std::exception& e) {
        return Refused(release, e.what());
    }
}

std::optional<FleetOutcome> LoadKeptRelease(const fs::path& assets_dir, const fs::path& data_dir) {
    std::ifstream in(FleetDir(data_dir) / kReleaseFile);
    if (!in) return std::nullopt;
    const json marker = json::parse(in, nullptr, false);
    if (marker.is_discarded() || !marker.is_object()) return std::nullopt;
    ContentReport report = ValidateContent(LastKnownGoodDir(FleetDir(data_dir)), assets_dir);
    if (!report.Valid()) return std::nullopt;
    FleetOutcome outcome;
    outcome.number = marker.value("number", 0);
    outcome.sha256 = marker.value("sha256", "");
    outcome.pack = std::make_shared<const ContentPack>(std::move(report.pack));
    return outcome;
}

}  // namespace bk
