// Loading the content pack at start-up, with a last-known-good copy: a broken edit to the pack must not take
// the kiosk out of service, so the kiosk keeps showing the last pack that validated without errors.
#pragma once
#include <filesystem>
#include <optional>

#include "content/problem.h"
#include "content/reader.h"
#include "core/content_model.h"

namespace bk {

enum class ContentSource {
    Fresh,          // the pack in the content folder, valid (warnings allowed)
    LastKnownGood,  // the fresh pack had errors; this is the copy saved the last time a pack was valid
    None,           // neither is usable: show the out-of-order screen
};

const char* ToString(ContentSource source);

struct LoadedContent {
    std::optional<ContentPack> pack;
    Problems problems;   // always the fresh pack's problems, so staff can see why it was not used
    ContentSource source = ContentSource::None;
};

// Never throws. The last known good copy lives in <data_dir>/content-lkg/.
LoadedContent LoadContent(const std::filesystem::path& content_dir, const std::filesystem::path& assets_dir,
                          const std::filesystem::path& data_dir);

// Replaces <data_dir>/content-lkg/ with `files`, all at once: written to a temporary folder first, then
// renamed into place. Returns false and an explanation on failure.
bool SaveLastKnownGood(const std::vector<PackFile>& files, const std::filesystem::path& data_dir, std::string* why);

std::filesystem::path LastKnownGoodDir(const std::filesystem::path& data_dir);

}  // namespace bk
