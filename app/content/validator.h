// Whole-pack checks on top of the reader: duplicate ids, references between files, images, UI string keys,
// step counts and plain-language scores. ValidateContent() runs both and is what the checker and loader use.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "shared/iso_date.h"
#include "content/lix.h"
#include "content/problem.h"
#include "content/reader.h"
#include "core/content_model.h"

namespace bk {

inline constexpr int kDefaultLixThreshold = 40;
inline constexpr std::size_t kGuideMinSteps = 3;
inline constexpr std::size_t kGuideMaxSteps = 12;
// A service last verified longer ago than this may tell citizens something no longer true (fees, rules, links).
inline constexpr int kVerifiedMaxAgeDays = 180;

// Readability of one service over its title, summary and step titles and bodies.
struct ServiceLix {
    std::string service_id;
    std::string file;
    std::optional<LixCounts> da;
    std::optional<LixCounts> nb;        // none when the service has no Norwegian text at all
    int threshold = kDefaultLixThreshold;  // lowest lix_threshold of the profiles that show the service
};

// Adds whole-pack problems for a pack the reader produced.
void CheckPack(const ContentPack& pack, const PackSources& sources, const std::filesystem::path& assets_dir,
               Problems& problems, std::vector<ServiceLix>* lix = nullptr);

// LIX over a service's texts in one language (missing texts fall back to Danish, as on screen).
LixCounts ServiceLixCounts(const Service& service, const Lang& lang);

struct ContentReport {
    bool readable = false;          // false when the folder could not be read at all
    ContentPack pack;
    Problems problems;              // sorted by file, in reading order within a file
    std::vector<ServiceLix> lix;
    std::vector<PackFile> files;    // the files as read (for the last-known-good copy)

    bool Valid() const { return readable && !HasErrors(problems); }
};

// Warns about services whose `verified_on` is more than kVerifiedMaxAgeDays before `today`, or after it.
void CheckVerified(const ContentPack& pack, const PackSources& sources, Date today, Problems& problems);

// Reads and checks a pack folder. Never throws. With `today`, services not verified recently are warned about
// (CheckVerified); the caller says which day it is, so the check never reads the clock.
ContentReport ValidateContent(const std::filesystem::path& content_dir, const std::filesystem::path& assets_dir,
                              std::optional<Date> today = std::nullopt);

}  // namespace bk
