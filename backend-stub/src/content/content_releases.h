// Fleet content: a content pack published once as a signed, numbered, immutable release that every kiosk
// fetches (GET /v1/content/current) and the registry's catalogue follows.
//
// Which release is current: of the releases whose valid_from day (UTC) has come, the one with the latest
// valid_from, and of those the highest number. So a release held back until 1 January takes over on that day,
// and a rollback (a new release re-publishing an older one's bytes, valid from the day it is made) wins over
// every release already valid, while one scheduled for a later day still takes over when its day comes.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "shared/iso_date.h"
#include "src/content/catalog.h"
#include "src/storage/storage.h"

namespace bk::registry {

struct PublishRequest {
    std::filesystem::path pack_dir;
    std::filesystem::path assets_dir;  // empty: <pack>/../assets, as --check-content
    std::filesystem::path private_key;
    std::optional<Date> valid_from;    // none: today
};

// `content publish`: validates with the kiosk's validator (its messages on `err`, exit 1 on errors, 2 when the
// pack or the key cannot be read), packs, signs and stores a new release; prints its number and sha256 on
// `out`. 0 on success.
int PublishContent(Storage& storage, const PublishRequest& request, Millis now_ms, std::ostream& out,
                   std::ostream& err);
// `content list`: one line per release, the current one marked.
int ListContent(Storage& storage, Millis now_ms, std::ostream& out);
// `content rollback --to N`: a new release with N's bytes and signature, valid from today. 1 for no release N.
int RollbackContent(Storage& storage, int to, Millis now_ms, std::ostream& out, std::ostream& err);

// The current release's number among `releases` on `today` (see above); 0 when none is valid yet.
int CurrentReleaseNumber(const std::vector<ContentRelease>& releases, Date today);
// The current release with its bytes.
std::optional<ContentRelease> CurrentRelease(Storage& storage, Date today);

// A release's files by path, for Catalog::LoadPackFiles; nullopt with `why` when the bytes are not a release.
std::optional<std::map<std::string, std::string>> ReleaseFiles(const ContentRelease& release, std::string* why);

}  // namespace bk::registry
