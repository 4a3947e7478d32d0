// The kiosk's side of fleet content: a release fetched from the registry (GET /v1/content/current) is
// verified against the content key, unpacked to a temporary folder, validated with the same validator as
// --check-content, and only then kept in <data_dir>/fleet/ as the kiosk's pack (its last known good copy).
// Plain functions on disk, no network and no threads: the fetching worker (app/kiosk/fleet_updater.h) calls them.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "shared/iso_date.h"
#include "core/content_model.h"

namespace bk {

// The release as the registry sends it.
struct FetchedRelease {
    int number = 0;
    std::string sha256;
    std::string signature;
    std::string pack;  // the signed bytes
};

// A release the kiosk accepted, or the reason it refused one.
struct FleetOutcome {
    std::shared_ptr<const ContentPack> pack;  // null when refused
    int number = 0;                           // the release's number either way
    std::string sha256;
    std::string error;                        // why it was refused ("" when accepted)
};

// Parses the registry's JSON answer; nullopt with `why` for an answer that is not a release.
std::optional<FetchedRelease> ParseFetchedRelease(const std::string& body, std::string* why);

// Verifies, unpacks, validates (with `profile_id` required in the pack; "" = any profile) and keeps the release
// under `data_dir`.
// Never throws; a refused release leaves the kept one as it was.
FleetOutcome AcceptRelease(const FetchedRelease& release, const std::string& public_key_pem,
                           const std::filesystem::path& assets_dir, const std::filesystem::path& data_dir,
                           const std::string& profile_id, std::optional<Date> today = std::nullopt);

// The release kept by an earlier AcceptRelease, validated again (assets may have changed); nullopt when
// there is none or it no longer validates.
std::optional<FleetOutcome> LoadKeptRelease(const std::filesystem::path& assets_dir,
                                            const std::filesystem::path& data_dir);

std::filesystem::path FleetDir(const std::filesystem::path& data_dir);  // <data_dir>/fleet

}  // namespace bk
