// Whole-pack checks.
//
// Index
// [SECTION] Duplicate ids
// [SECTION] Two versions side by side
// [SECTION] Service references: themes, images, step counts
// [SECTION] Profiles: strategy, services, languages
// [SECTION] UI strings
// [SECTION] Readability (LIX)
// [SECTION] Verified recently
// [SECTION] ValidateContent

#include "content/validator.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "content/image_file.h"
#include "core/plural.h"
#include "core/ui_keys.h"

namespace bk {

namespace fs = std::filesystem;

namespace {

const std::string& FileOf(const std::vector<std::string>& files, std::size_t index) {
    static const std::string unknown;
    return index < files.size() ? files[index] : unknown;
}

struct ServiceFile {
    const Service* service;
    const std::string* file;
};

// Every service file: the live versions, then the versions run beside them. Checks of one service's own
// content (themes, pictures, readability, verified) apply to both.
std::vector<ServiceFile> AllServiceFiles(const ContentPack& pack, const PackSources& sources) {
    std::vector<ServiceFile> out;
    for (std::size_t i = 0; i < pack.services.size(); ++i)
        out.push_back({&pack.services[i], &FileOf(sources.service_files, i)});
    for (std::size_t i = 0; i < pack.side_by_side.size(); ++i)
        out.push_back({&pack.side_by_side[i], &FileOf(sources.side_by_side_files, i)});
    return out;
}

// [SECTION] Duplicate ids

// Reports the second and later uses of an id; `id_of(i)` and `file_of(i)` describe element i.
template <typename IdOf, typename FileOfFn>
void CheckDuplicates(std::size_t count, IdOf id_of, FileOfFn file_of, const std::string& pointer_of_id,
                     const std::string& what, Problems& problems) {
    std::map<std::string, std::size_t> first_use;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& id = id_of(i);
        if (id.empty()) continue;  // missing ids are reported by the reader
        auto [it, inserted] = first_use.emplace(id, i);
        if (!inserted)
            problems.push_back({Severity::Error, file_of(i), pointer_of_id,
                                "duplicate " + what + " id \"" + id + "\" (also used in " + file_of(it->second) + ")"});
    }
}

void CheckDuplicateIds(const ContentPack& pack, const PackSources& sources, Problems& problems) {
    CheckDuplicates(
        pack.strategies.size(), [&](std::size_t i) -> const std::string& { return pack.strategies[i].id; },
        [&](std::size_t i) { return FileOf(sources.strategy_files, i); }, "/id", "strategy", problems);
    CheckDuplicates(
        pack.services.size(), [&](std::size_t i) -> const std::string& { return pack.services[i].id; },
        [&](std::size_t i) { return FileOf(sources.service_files, i); }, "/id", "service", problems);
    CheckDuplicates(
        pack.profiles.size(), [&](std::size_t i) -> const std::string& { return pack.profiles[i].id; },
        [&](std::size_t i) { return FileOf(sources.profile_files, i); }, "/id", "profile", problems);

    for (std::size_t s = 0; s < pack.strategies.size(); ++s) {
        const auto& themes = pack.strategies[s].themes;
        std::map<std::string, std::size_t> first_use;
        for (std::size_t t = 0; t < themes.size(); ++t) {
            if (themes[t].id.empty()) continue;
            auto [it, inserted] = first_use.emplace(themes[t].id, t);
            if (!inserted)
                problems.push_back({Severity::Error, FileOf(sources.strategy_files, s),
                                    "/themes/" + std::to_string(t) + "/id",
                                    "duplicate theme id \"" + themes[t].id + "\" (also theme " +
                                        std::to_string(it->second) + " of this strategy)"});
        }
    }
}

// [SECTION] Two versions side by side

// content/README.md: a service has at most two live versions; the side-by-side file is the newer one, of the
// same kind, beside a file without "side_by_side" for the same id.
void CheckSideBySide(const ContentPack& pack, const PackSources& sources, Problems& problems) {
    std::map<std::string, std::size_t> first_use;
    for (std::size_t i = 0; i < pack.side_by_side.size(); ++i) {
        const Service& newer = pack.side_by_side[i];
        const std::string& file = FileOf(sources.side_by_side_files, i);
        if (newer.id.empty()) continue;  // reported by the reader
        auto [it, inserted] = first_use.emplace(newer.id, i);
        if (!inserted) {
            problems.push_back({Severity::Error, file, "/side_by_side",
                                "more than two versions of service \"" + newer.id + "\": " +
                                    FileOf(sources.side_by_side_files, it->second) +
                                    " also runs side by side; a service has at most two live versions"});
            continue;
        }
        const Service* older = pack.FindService(newer.id);
        if (!older) {
            problems.push_back({Severity::Error, file, "/side_by_side",
                                "runs side by side with another version of \"" + newer.id +
                                    "\", but no services/*.json without \"side_by_side\" has this id: the other live "
                                    "version is missing"});
            continue;
        }
        const std::string& older_file = FileOf(sources.service_files, static_cast<std::size_t>(older - pack.services.data()));
        if (newer.version == older->version)
            problems.push_back({Severity::Error, file, "/version",
                                "both live versions of \"" + newer.id + "\" are version " + std::to_string(newer.version) +
                                    " (also " + older_file + "); give the side-by-side version a higher number"});
        else if (newer.version < older->version)
            problems.push_back({Severity::Error, file, "/version",
                                "version " + std::to_string(newer.version) + " is lower than the other live version " +
                                    std::to_string(older->version) + " (" + older_file +
                                    "); the side-by-side file is the newer version: give it a higher number"});
        // The reports group a service under the themes of its live file; the version beside it is counted there too.
        if (!newer.themes.empty() && !older->themes.empty() &&
            std::set<std::string>(newer.themes.begin(), newer.themes.end()) !=
                std::set<std::string>(older->themes.begin(), older->themes.end()))
            problems.push_back({Severity::Warning, file, "/themes",
                                "the themes differ from " + older_file +
                                    "; the reports count both versions under the themes of " + older_file});
        if (newer.kind != older->kind)
            problems.push_back({Severity::Error, file, "/kind",
                                "the two live versions of \"" + newer.id + "\" are of different kinds (" + older_file +
                                    " is " + (older->kind == ServiceKind::Guide ? "a guide" : "a welfare item") +
                                    "); both must be the same kind"});
    }
}

// [SECTION] Service references: themes, images, step counts

const Theme* FindTheme(const Strategy& strategy, const std::string& theme_id) {
    for (const auto& theme : strategy.themes)
        if (theme.id == theme_id) return &theme;
    return nullptr;
}

void CheckThemeReference(const ContentPack& pack, const std::string& reference, const std::string& file,
                         const std::string& pointer, Problems& problems) {
    const auto dot = reference.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == reference.size()) {
        problems.push_back({Severity::Error, file, pointer,
                            "\"" + reference + "\" is not a theme reference; write \"<strategy id>.<theme id>\", "
                            "like \"odder.medvirken\""});
        return;
    }
    const std::string strategy_id = reference.substr(0, dot);
    const std::string theme_id = reference.substr(dot + 1);
    const Strategy* strategy = pack.FindStrategy(strategy_id);
    if (!strategy) {
        problems.push_back({Severity::Error, file, pointer,
                            "unknown theme \"" + reference + "\": there is no strategy \"" + strategy_id + "\""});
        return;
    }
    if (!FindTheme(*strategy, theme_id))
        problems.push_back({Severity::Error, file, pointer,
                            "unknown theme \"" + reference + "\": strategy \"" + strategy_id +
                                "\" has no theme \"" + theme_id + "\""});
}

// A step's picture: a file inside the assets folder (or among the built pictures) that decodes, with words
// for it in every language the pack offers, since read-aloud speaks them and some citizens cannot see it.
void CheckImage(const Step& step, const fs::path& assets_dir, const std::vector<Lang>& languages,
                const std::string& file, const std::string& pointer, Problems& problems) {
    const std::string& image = step.image;
    const fs::path relative(image);
    const bool escapes = std::any_of(relative.begin(), relative.end(), [](const fs::path& part) { return part == ".."; });
    if (relative.is_absolute() || escapes) {
        problems.push_back({Severity::Error, file, pointer + "/image",
                            "image \"" + image + "\" must be a path inside the assets folder, like \"images/x.png\""});
        return;
    }
    const fs::path found = FindImageFile(assets_dir, image);
    int width = 0, height = 0;
    std::string why;
    if (found.empty())
        problems.push_back({Severity::Error, file, pointer + "/image",
                            "image file \"" + image + "\" not found in the assets folder (looked for " +
                                (assets_dir / relative).lexically_normal().string() + " and " +
                                (BuiltAssetsDir() / relative).lexically_normal().string() + ")"});
    else if (!ReadImageSize(found, &width, &height, &why))
        problems.push_back({Severity::Error, file, pointer + "/image",
                            "image file \"" + image + "\" is not a picture the kiosk can show (" + found.string() +
                                ": " + why + "); use PNG or JPEG"});
    for (const Lang& lang : languages) {
        if (!step.image_alt.Has(lang))
            problems.push_back({Severity::Error, file, pointer + "/image_alt",
                                "the picture \"" + image + "\" has no alt text in \"" + lang +
                                    "\": say in words what it shows (read-aloud speaks it)"});
    }
}

// Every language some profile offers, Danish always.
std::vector<Lang> OfferedLanguages(const ContentPack& pack) {
    std::vector<Lang> languages{kDanish};
    for (const KioskProfile& profile : pack.profiles)
        for (const Lang& lang : profile.languages)
            if (std::find(languages.begin(), languages.end(), lang) == languages.end()) languages.push_back(lang);
    return languages;
}

void CheckServices(const ContentPack& pack, const PackSources& sources, const fs::path& assets_dir,
                   Problems& problems) {
    const std::vector<Lang> languages = OfferedLanguages(pack);
    for (const auto& [service_ptr, file_ptr] : AllServiceFiles(pack, sources)) {
        const Service& service = *service_ptr;
        const std::string& file = *file_ptr;
        for (std::size_t t = 0; t < service.themes.size(); ++t) {
            if (service.themes[t].empty()) continue;  // wrong type, reported by the reader
            CheckThemeReference(pack, service.themes[t], file, "/themes/" + std::to_string(t), problems);
        }
        for (std::size_t s = 0; s < service.steps.size(); ++s) {
            if (!service.steps[s].image.empty())
                CheckImage(service.steps[s], assets_dir, languages, file, "/steps/" + std::to_string(s), problems);
        }
        const std::size_t steps = service.steps.size();
        if (service.kind == ServiceKind::Guide && steps > 0 && (steps < kGuideMinSteps || steps > kGuideMaxSteps))
            problems.push_back({Severity::Warning, file, "/steps",
                                "the guide has " + std::to_string(steps) + " step" + (steps == 1 ? "" : "s") +
                                    "; a guide works best with 3 to 12 steps, one action each"});
    }
}

// [SECTION] Profiles: strategy, services, languages

bool ServesStrategy(const Service& service, const std::string& strategy_id) {
    const std::string prefix = strategy_id + ".";
    return std::any_of(service.themes.begin(), service.themes.end(),
                       [&](const std::string& theme) { return theme.rfind(prefix, 0) == 0; });
}

void CheckProfiles(const ContentPack& pack, const PackSources& sources, Problems& problems) {
    for (std::size_t i = 0; i < pack.profiles.size(); ++i) {
        const KioskProfile& profile = pack.profiles[i];
        const std::string& file = FileOf(sources.profile_files, i);

        const Strategy* strategy = profile.strategy.empty() ? nullptr : pack.FindStrategy(profile.strategy);
        if (!profile.strategy.empty() && !strategy)
            problems.push_back({Severity::Error, file, "/strategy",
                                "unknown strategy \"" + profile.strategy + "\": no strategies/*.json has this id"});
        if (strategy && !profile.municipality.empty() && !strategy->municipality.empty() &&
            strategy->municipality != profile.municipality)
            problems.push_back({Severity::Warning, file, "/municipality",
                                "the profile is for municipality \"" + profile.municipality + "\" but strategy \"" +
                                    strategy->id + "\" belongs to \"" + strategy->municipality + "\""});

        std::set<std::string> seen;
        for (std::size_t s = 0; s < profile.services.size(); ++s) {
            const std::string& service_id = profile.services[s];
            if (service_id.empty()) continue;
            const std::string pointer = "/services/" + std::to_string(s);
            if (!seen.insert(service_id).second) {
                problems.push_back({Severity::Warning, file, pointer, "service \"" + service_id + "\" is listed twice"});
                continue;
            }
            const Service* service = pack.FindService(service_id);
            if (!service) {
                const std::string expected_file = "services/" + service_id + ".json";
                const auto& unreadable = sources.unreadable_files;
                const bool broken = std::find(unreadable.begin(), unreadable.end(), expected_file) != unreadable.end();
                problems.push_back({Severity::Error, file, pointer,
                                    "unknown service \"" + service_id + "\": " +
                                        (broken ? expected_file + " could not be read (see its own error)"
                                                : std::string("no services/*.json has this id"))});
                continue;
            }
            // content/README.md: a service that serves no theme of the strategy is an error.
            if (strategy && !service->themes.empty() && !ServesStrategy(*service, strategy->id))
                problems.push_back({Severity::Error, file, pointer,
                                    "service \"" + service_id + "\" serves no theme of strategy \"" + strategy->id +
                                        "\"; add one of its themes to the service or leave it out of this profile"});
        }

        for (std::size_t l = 0; l < profile.languages.size(); ++l) {
            const Lang& lang = profile.languages[l];
            if (IsKnownLanguage(lang) && lang != kDanish && !sources.ui_files.count(lang))
                problems.push_back({l == 0 ? Severity::Error : Severity::Warning, file, "/languages/" + std::to_string(l),
                                    "the profile offers " + LanguageName(lang) + " but there is no ui/" + lang +
                                        ".json; its buttons will be in Danish"});
        }
    }
}

// [SECTION] UI strings

std::set<std::string> Placeholders(const std::string& text) {
    std::set<std::string> found;
    for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        if (close == std::string::npos) break;
        found.insert(text.substr(open, close - open + 1));
    }
    return found;
}

void CheckUiStrings(const ContentPack& pack, const PackSources& sources, Problems& problems) {
    static const std::map<std::string, std::string> no_strings;
    auto strings_of = [&](const Lang& lang) -> const std::map<std::string, std::string>& {
        auto it = pack.ui.find(lang);
        return it == pack.ui.end() ? no_strings : it->second;
    };
    const auto& danish = strings_of(kDanish);
    const std::vector<Lang> offered = OfferedLanguages(pack);

    for (const Lang& lang : kKnownLanguages) {
        const std::string file = "ui/" + lang + ".json";
        if (!sources.ui_files.count(lang)) {
            // A language no profile offers may have no file yet (a pack for Danish and English only).
            if (lang != kDanish && std::find(offered.begin(), offered.end(), lang) == offered.end()) continue;
            if (lang == kDanish) problems.push_back({Severity::Error, file, "", "ui/da.json is missing; Danish UI "
                                                                                "strings are required"});
            else problems.push_back({Severity::Warning, file, "", file + " is missing; " + LanguageName(lang) +
                                                                      " falls back to Danish"});
            continue;
        }
        const auto& strings = strings_of(lang);
        const Severity missing_severity = lang == kDanish ? Severity::Error : Severity::Warning;
        for (std::string_view key_view : kUiKeys) {
            const std::string key(key_view);
            if (!strings.count(key))
                problems.push_back({missing_severity, file, PointerAppend("", key),
                                    "missing UI string \"" + key + "\"" +
                                        (lang == kDanish ? std::string() : "; Danish is shown instead")});
        }
        // A counted text gives every plural form the language has, as ICU (CLDR) says: Danish one and other,
        // Polish and Ukrainian one, few, many and other, Arabic all six.
        const std::vector<std::string> categories = PluralCategories(lang);
        for (std::string_view key_view : kPluralUiKeys) {
            const std::string key(key_view);
            if (!strings.count(key)) continue;  // reported above
            for (const std::string& category : categories) {
                if (strings.count(PluralKey(key, category))) continue;
                problems.push_back({Severity::Error, file, PointerAppend(PointerAppend("", key), category),
                                    "the counted text \"" + key + "\" lacks its plural form \"" + category + "\"; " +
                                        LanguageName(lang) + " needs " + [&] {
                                            std::string all;
                                            for (const std::string& c : categories) all += (all.empty() ? "" : ", ") + c;
                                            return all;
                                        }()});
            }
        }
        for (const auto& [key, text] : strings) {
            if (const std::size_t hash = key.find('#'); hash != std::string::npos) {
                const std::string base = key.substr(0, hash), category = key.substr(hash + 1);
                if (std::find(kPluralUiKeys.begin(), kPluralUiKeys.end(), base) == kPluralUiKeys.end())
                    problems.push_back({Severity::Warning, file, PointerAppend("", base),
                                        "\"" + base + "\" is not a counted text: give it as one string"});
                else if (std::find(categories.begin(), categories.end(), category) == categories.end())
                    problems.push_back({Severity::Warning, file, PointerAppend(PointerAppend("", base), category),
                                        LanguageName(lang) + " has no plural form \"" + category + "\"; it is never shown"});
                continue;
            }
            if (std::find(kUiKeys.begin(), kUiKeys.end(), key) == kUiKeys.end()) {
                problems.push_back({Severity::Warning, file, PointerAppend("", key),
                                    "unknown UI string \"" + key + "\": no screen uses it (a typo?)"});
                continue;
            }
            if (lang == kDanish) continue;
            auto da = danish.find(key);
            if (da != danish.end() && !text.empty() && Placeholders(da->second) != Placeholders(text))
                problems.push_back({Severity::Warning, file, PointerAppend("", key),
                                    "the placeholders ({n}, {m} ...) differ from the Danish text \"" + da->second +
                                        "\""});
        }
    }
}

// [SECTION] Readability (LIX)

std::string FormatLix(double lix) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", lix);
    return buffer;
}

bool HasAnyText(const Service& service, const Lang& lang) {
    if (service.title.Has(lang) || service.summary.Has(lang)) return true;
    return std::any_of(service.steps.begin(), service.steps.end(),
                       [&](const Step& step) { return step.title.Has(lang) || step.body.Has(lang); });
}

void CheckReadability(const ContentPack& pack, const PackSources& sources, Problems& problems,
                      std::vector<ServiceLix>& lix) {
    for (const auto& [service_ptr, file_ptr] : AllServiceFiles(pack, sources)) {
        const Service& service = *service_ptr;
        ServiceLix entry;
        entry.service_id = service.id;
        if (service.side_by_side_share > 0) entry.service_id += " v" + std::to_string(service.version);
        entry.file = *file_ptr;

        // The strictest profile that shows the service decides.
        std::string strictest_profile;
        for (const auto& profile : pack.profiles) {
            if (std::find(profile.services.begin(), profile.services.end(), service.id) == profile.services.end())
                continue;
            if (strictest_profile.empty() || profile.lix_threshold < entry.threshold) {
                entry.threshold = profile.lix_threshold;
                strictest_profile = profile.id;
            }
        }
        if (HasAnyText(service, "da")) entry.da = ServiceLixCounts(service, "da");
        if (HasAnyText(service, "nb")) entry.nb = ServiceLixCounts(service, "nb");

        for (auto [lang, counts] : {std::pair{std::string("da"), entry.da}, std::pair{std::string("nb"), entry.nb}}) {
            if (!counts || counts->Lix() <= entry.threshold) continue;
            problems.push_back({Severity::Warning, entry.file, "",
                                LanguageName(lang) + " LIX is " + FormatLix(counts->Lix()) + ", above " +
                                    std::to_string(entry.threshold) +
                                    (strictest_profile.empty() ? std::string(" (the default)")
                                                               : " (profile " + strictest_profile + ")") +
                                    ": use shorter sentences and fewer long words"});
        }
        lix.push_back(std::move(entry));
    }
}

}  // namespace

LixCounts ServiceLixCounts(const Service& service, const Lang& lang) {
    LixCounts counts;
    counts += CountLix(service.title.Get(lang));
    counts += CountLix(service.summary.Get(lang));
    for (const auto& step : service.steps) {
        counts += CountLix(step.title.Get(lang));
        counts += CountLix(step.body.Get(lang));
    }
    return counts;
}

void CheckPack(const ContentPack& pack, const PackSources& sources, const fs::path& assets_dir, Problems& problems,
               std::vector<ServiceLix>* lix) {
    CheckDuplicateIds(pack, sources, problems);
    CheckSideBySide(pack, sources, problems);
    CheckServices(pack, sources, assets_dir, problems);
    CheckProfiles(pack, sources, problems);
    CheckUiStrings(pack, sources, problems);
    std::vector<ServiceLix> scores;
    CheckReadability(pack, sources, problems, scores);
    if (lix) *lix = std::move(scores);
}

// [SECTION] Verified recently

void CheckVerified(const ContentPack& pack, const PackSources& sources, Date today, Problems& problems) {
    for (const auto& [service, file_ptr] : AllServiceFiles(pack, sources)) {
        const std::optional<Date> verified = ParseIsoDate(service->verified_on);
        if (!verified) continue;  // missing or malformed: the reader reported it
        const auto age_days = (today - *verified).count();
        const std::string& file = *file_ptr;
        if (age_days > kVerifiedMaxAgeDays)
            problems.push_back({Severity::Warning, file, "/verified_on",
                                "verified " + std::to_string(age_days) + " days ago (" + service->verified_on +
                                    "), more than " + std::to_string(kVerifiedMaxAgeDays) +
                                    ": check the guide against its official pages, then update the date"});
        else if (age_days < 0)
            problems.push_back({Severity::Warning, file, "/verified_on",
                                "verified on " + service->verified_on + ", after today (" + FormatIsoDate(today) +
                                    "): a typo?"});
    }
}

// [SECTION] ValidateContent

ContentReport ValidateContent(const fs::path& content_dir, const fs::path& assets_dir, std::optional<Date> today) {
    ContentReport report;
    try {
        ReadResult read = ReadPack(content_dir);
        report.readable = read.readable;
        report.problems = std::move(read.problems);
        if (read.readable) CheckPack(read.pack, read.sources, assets_dir, report.problems, &report.lix);
        if (read.readable && today) CheckVerified(read.pack, read.sources, *today, report.problems);
        for (auto* services : {&read.pack.services, &read.pack.side_by_side})
            for (Service& service : *services)
                for (Step& step : service.steps)
                    if (!step.image.empty()) step.image_file = FindImageFile(assets_dir, step.image).string();
        report.pack = std::move(read.pack);
        report.files = std::move(read.files);
    } catch (const std::exception& e) {
        report.problems.push_back({Severity::Error, "", "", std::string("unexpected failure checking the pack: ") + e.what()});
    } catch (...) {
        report.problems.push_back({Severity::Error, "", "", "unexpected failure checking the pack"});
    }
    // Grouped by file, so an author fixes one file at a time; the order within a file stays the reading order.
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.file < b.file; });
    return report;
}

}  // namespace bk
