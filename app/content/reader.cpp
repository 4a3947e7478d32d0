// Reader: JSON files -> typed model, with per-file problems. The typed field access that reports what is wrong
// is FileParser (reader_parser.h); what each kind of file holds is in reader_files.cpp.
//
// Index
// [SECTION] Helpers: languages, scripts, ids, pointers
// [SECTION] ReadPack: walking the folder

#include "content/reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "content/reader_files.h"
#include "content/reader_parser.h"

namespace bk {

namespace fs = std::filesystem;
using nlohmann::json;

// [SECTION] Helpers: languages, scripts, ids, pointers

bool IsKnownLanguage(const std::string& lang) {
    return std::find(kKnownLanguages.begin(), kKnownLanguages.end(), lang) != kKnownLanguages.end();
}

std::string LanguageName(const std::string& lang) {
    static const std::map<std::string, std::string> kNames = {
        {"da", "Danish"},    {"en", "English"}, {"nb", "Norwegian"}, {"uk", "Ukrainian"},
        {"ar", "Arabic"},    {"tr", "Turkish"}, {"pl", "Polish"}};
    auto it = kNames.find(lang);
    return it == kNames.end() ? lang : it->second;
}

std::string KnownLanguagesText(const std::string& last) {
    std::string out;
    for (std::size_t i = 0; i < kKnownLanguages.size(); ++i) {
        if (i > 0) out += i + 1 == kKnownLanguages.size() ? " " + last + " " : ", ";
        out += kKnownLanguages[i];
    }
    return out;
}

namespace {

// The code point at `i` in valid UTF-8 (the reader checked the bytes), moving `i` past it.
char32_t NextCodePoint(const std::string& text, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += static_cast<std::size_t>(length);
    return c;
}

// Letters outside {placeholders}, which are the same in every language, in order; stops when `on_letter` says so.
template <typename OnLetter>
void ForEachLetter(const std::string& text, OnLetter on_letter) {
    bool in_placeholder = false;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t c = NextCodePoint(text, i);
        if (c == '{') in_placeholder = true;
        else if (c == '}') in_placeholder = false;
        else if (in_placeholder) continue;
        else if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0) && !on_letter(c)) return;
    }
}

bool IsLatin(char32_t c) { return c < 0x250; }

}  // namespace

bool LooksWrittenIn(const std::string& text, const std::string& lang) {
    char32_t first = 0, last = 0;  // the language's own letters
    if (lang == "uk") first = 0x0400, last = 0x04FF;       // Cyrillic
    else if (lang == "ar") first = 0x0600, last = 0x06FF;  // Arabic
    else return true;
    bool latin = false, own = false;
    ForEachLetter(text, [&](char32_t c) {
        latin = latin || IsLatin(c);
        own = own || (c >= first && c <= last);
        return true;
    });
    // Names such as MitID may stay in Latin letters inside a translated text, but not alone.
    return own || !latin;
}

bool StartsWithLatinWord(const std::string& text) {
    bool latin = false;
    ForEachLetter(text, [&](char32_t c) {
        latin = IsLatin(c);
        return false;  // the first letter decides
    });
    return latin;
}

bool IsValidId(const std::string& id) {
    if (id.empty()) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string PointerAppend(const std::string& pointer, const std::string& key) {
    std::string out = pointer + "/";
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string PointerAppend(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

// [SECTION] ReadPack: walking the folder

namespace {

using pack_reader::FileParser;
using pack_reader::MissingText;
using pack_reader::StartsWith;

bool ReadBytes(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return false;
    out = buffer.str();
    return true;
}

// The .json files directly in `folder`, sorted so reports are stable. Anything else is reported and skipped.
std::vector<std::string> ListJsonFiles(const fs::path& content_dir, const std::string& folder, Problems& problems) {
    std::vector<std::string> names;
    std::error_code ec;
    const fs::path dir = content_dir / folder;
    fs::directory_iterator it(dir, ec);
    if (ec) return names;
    for (const auto& entry : it) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.' || StartsWith(name, "README")) continue;
        std::error_code type_ec;
        if (entry.is_regular_file(type_ec) && entry.path().extension() == ".json") names.push_back(name);
        else problems.push_back({Severity::Warning, folder + "/" + name, "",
                                 "ignored: only .json files directly in " + folder + "/ are read"});
    }
    std::sort(names.begin(), names.end());
    return names;
}

class PackReader {
public:
    explicit PackReader(fs::path content_dir) : m_dir(std::move(content_dir)) {}

    ReadResult Read() {
        std::error_code ec;
        if (!fs::is_directory(m_dir, ec)) {
            m_result.problems.push_back({Severity::Error, "", "", "cannot read the content folder " + m_dir.string() +
                                                                 ": it does not exist or is not a folder"});
            return std::move(m_result);
        }
        fs::directory_iterator probe(m_dir, ec);
        if (ec) {
            m_result.problems.push_back({Severity::Error, "", "", "cannot read the content folder " + m_dir.string() +
                                                                 ": " + ec.message()});
            return std::move(m_result);
        }
        m_result.readable = true;

        ReadFile("pack.json", true, [&](FileParser& parser, const json& root) {
            pack_reader::ReadPackInfo(parser, root, m_result.pack);
        });
        ReadFolder("strategies", "strategy", [&](FileParser& parser, const json& root, const std::string& file) {
            pack_reader::ReadStrategy(parser, root, m_result.pack.strategies.emplace_back());
            m_result.sources.strategy_files.push_back(file);
        });
        ReadFolder("services", "service", [&](FileParser& parser, const json& root, const std::string& file) {
            // A version run side by side is kept apart, so `services` keeps one entry per id for every lookup.
            if (root.is_object() && root.contains("side_by_side")) {
                pack_reader::ReadService(parser, root, m_result.pack.side_by_side.emplace_back());
                m_result.sources.side_by_side_files.push_back(file);
                return;
            }
            pack_reader::ReadService(parser, root, m_result.pack.services.emplace_back());
            m_result.sources.service_files.push_back(file);
        });
        ReadFolder("profiles", "kiosk profile", [&](FileParser& parser, const json& root, const std::string& file) {
            pack_reader::ReadProfile(parser, root, m_result.pack.profiles.emplace_back());
            m_result.sources.profile_files.push_back(file);
        });
        ReadFolder("ui", "UI strings file", [&](FileParser& parser, const json& root, const std::string& file) {
            const Lang lang = fs::path(file).stem().string();
            if (!IsKnownLanguage(lang))
                parser.Warning("", "unknown language \"" + lang + "\": the kiosk only uses ui/<language>.json for " +
                                       KnownLanguagesText("and"));
            pack_reader::ReadUiStrings(parser, root, lang, m_result.pack.ui[lang]);
            m_result.sources.ui_files[lang] = file;
        });
        ReportMissingTexts();
        return std::move(m_result);
    }

private:
    // Missing texts in the languages some profile offers (English and Norwegian as before, Ukrainian once a
    // profile offers it), each at its place among the other problems. A strategy is the municipality's own
    // document, read by designers in the review console, never by citizens: it needs the console's languages.
    void ReportMissingTexts() {
        std::vector<Lang> offered;
        for (const KioskProfile& profile : m_result.pack.profiles) offered.insert(offered.end(), profile.languages.begin(), profile.languages.end());
        const std::vector<Lang> review_languages = {"da", "en", "nb"};
        auto needed = [&](const MissingText& missing) {
            const std::vector<Lang>& languages = StartsWith(missing.problem.file, "strategies/") ? review_languages : offered;
            return std::find(languages.begin(), languages.end(), missing.lang) != languages.end();
        };
        Problems merged;
        std::size_t next = 0;
        for (std::size_t i = 0; i <= m_result.problems.size(); ++i) {
            for (; next < m_missing_texts.size() && m_missing_texts[next].position == i; ++next)
                if (needed(m_missing_texts[next])) merged.push_back(std::move(m_missing_texts[next].problem));
            if (i < m_result.problems.size()) merged.push_back(std::move(m_result.problems[i]));
        }
        m_result.problems = std::move(merged);
        m_missing_texts.clear();
    }

    template <typename OnJson>
    void ReadFile(const std::string& file, bool required, OnJson on_json) {
        FileParser parser(file, m_result.problems, &m_missing_texts);
        std::error_code ec;
        const fs::path path = m_dir / file;
        if (!fs::exists(path, ec)) {
            if (required) parser.Error("", file + " is missing");
            return;
        }
        std::string bytes;
        if (!ReadBytes(path, bytes)) {
            parser.Error("", "cannot read the file");
            m_result.sources.unreadable_files.push_back(file);
            return;
        }
        m_result.files.push_back({file, bytes});
        json root;
        if (!parser.Parse(bytes, root)) {
            m_result.sources.unreadable_files.push_back(file);
            return;
        }
        on_json(parser, root);
    }

    template <typename OnJson>
    void ReadFolder(const std::string& folder, const std::string& what, OnJson on_json) {
        std::error_code ec;
        if (!fs::is_directory(m_dir / folder, ec)) {
            m_result.problems.push_back({Severity::Error, folder + "/", "",
                                         "the folder " + folder + "/ is missing; it holds one file per " + what});
            return;
        }
        const auto names = ListJsonFiles(m_dir, folder, m_result.problems);
        if (names.empty())
            m_result.problems.push_back({Severity::Error, folder + "/", "", "no " + what + " files (*.json) found"});
        for (const auto& name : names) {
            const std::string file = folder + "/" + name;
            ReadFile(file, true, [&](FileParser& parser, const json& root) { on_json(parser, root, file); });
        }
    }

    fs::path m_dir;
    ReadResult m_result;
    std::vector<MissingText> m_missing_texts;
};

}  // namespace

ReadResult ReadPack(const fs::path& content_dir) {
    try {
        return PackReader(content_dir).Read();
    } catch (const std::exception& e) {
        ReadResult result;
        result.problems.push_back({Severity::Error, "", "", std::string("unexpected failure reading the pack: ") + e.what()});
        return result;
    } catch (...) {
        ReadResult result;
        result.problems.push_back({Severity::Error, "", "", "unexpected failure reading the pack"});
        return result;
    }
}

}  // namespace bk
