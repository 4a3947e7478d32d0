#include "src/content/content_releases.h"

#include <ctime>
#include <iomanip>
#include <tuple>

#include "content/check.h"
#include "content/fleet_pack.h"
#include "content/validator.h"

namespace bk::registry {

int PublishContent(Storage& storage, const PublishRequest& request, Millis now_ms, std::ostream& out,
                   std::ostream& err) {
    const Date today = DateOfWallMs(now_ms);
    const std::filesystem::path assets =
        request.assets_dir.empty() ? DefaultAssetsDir(request.pack_dir) : request.assets_dir;
    // The same check as `borgerkiosk --check-content`, with the same messages.
    const ContentReport report = ValidateContent(request.pack_dir, assets, today);
    for (const Problem& problem : report.problems) err << FormatProblem(problem) << "\n";
    if (!report.readable) {
        err << "registry-stub: cannot read the pack " << request.pack_dir.string() << "\n";
        return 2;
    }
    if (!report.Valid()) {
        err << "registry-stub: " << request.pack_dir.string() << " is NOT valid ("
            << CountProblems(report.problems, Severity::Error) << " error(s)); nothing published\n";
        return 1;
    }
    ContentRelease release;
    release.bytes = PackRelease(report.files);
    release.sha256 = ReleaseSha256(release.bytes);
    std::string why;
    std::optional<std::string> signature = SignRelease(release.bytes, request.private_key, &why);
    if (!signature) {
        err << "registry-stub: " << why << "\n";
        return 2;
    }
    release.signature = std::move(*signature);
    release.valid_from = FormatIsoDate(request.valid_from.value_or(today));
    release.created_ts = now_ms;
    const int number = storage.AddContentRelease(release);
    out << "release " << number << " sha256 " << release.sha256 << " valid from " << release.valid_from << " ("
        << report.files.size() << " files)\n";
    return 0;
}

int ListContent(Storage& storage, Millis now_ms, std::ostream& out) {
    const std::vector<ContentRelease> releases = storage.ListContentReleases();
    const int current = CurrentReleaseNumber(releases, DateOfWallMs(now_ms));
    out << "number  valid_from  published             sha256        note\n";
    for (const ContentRelease& release : releases) {
        const std::time_t seconds = static_cast<std::time_t>(release.created_ts / 1000);
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        out << std::left << std::setw(8) << release.number << std::setw(12) << release.valid_from
            << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ") << "  " << release.sha256.substr(0, 12) << "  ";
        if (release.rollback_of) out << "rollback to " << *release.rollback_of << " ";
        if (release.number == current) out << "(current)";
        out << "\n";
    }
    if (releases.empty()) out << "(no releases)\n";
    return 0;
}

int RollbackContent(Storage& storage, int to, Millis now_ms, std::ostream& out, std::ostream& err) {
    std::optional<ContentRelease> release = storage.GetContentRelease(to);
    if (!release) {
        err << "registry-stub: no content release " << to << "\n";
        return 1;
    }
    release->rollback_of = to;
    release->valid_from = FormatIsoDate(DateOfWallMs(now_ms));
    release->created_ts = now_ms;
    const int number = storage.AddContentRelease(*release);
    out << "release " << number << " re-publishes release " << to << " (sha256 " << release->sha256
        << "); current from now\n";
    return 0;
}

int CurrentReleaseNumber(const std::vector<ContentRelease>& releases, Date today) {
    const std::string day = FormatIsoDate(today);  // YYYY-MM-DD sorts as the days do
    const ContentRelease* best = nullptr;
    for (const ContentRelease& release : releases) {
        if (release.valid_from > day) continue;
        if (!best || std::tie(release.valid_from, release.number) > std::tie(best->valid_from, best->number))
            best = &release;
    }
    return best ? best->number : 0;
}

std::optional<ContentRelease> CurrentRelease(Storage& storage, Date today) {
    const int number = CurrentReleaseNumber(storage.ListContentReleases(), today);
    if (number == 0) return std::nullopt;
    return storage.GetContentRelease(number);
}

std::optional<std::map<std::string, std::string>> ReleaseFiles(const ContentRelease& release, std::string* why) {
    std::optional<std::vector<PackFile>> files = UnpackRelease(release.bytes, why);
    if (!files) return std::nullopt;
    std::map<std::string, std::string> by_path;
    for (PackFile& file : *files) by_path[file.path] = std::move(file.bytes);
    return by_path;
}

}  // namespace bk::registry
