// Reader: JSON files -> typed model, with per-file problems.
//
// Index
// [SECTION] Helpers: ids, pointers, JSON type names
// [SECTION] FileParser: typed field access that reports what is wrong
// [SECTION] pack.json, strategies, services, profiles, ui
// [SECTION] ReadPack: walking the folder

#include "content/reader.h"

#include "content/iso_date.h"
#include "content/pin_hash.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string_view>

namespace bk {

namespace fs = std::filesystem;
using nlohmann::json;

// [SECTION] Helpers: ids, pointers, JSON type names

bool IsKnownLanguage(const std::string& lang) {
    return std::find(kKnownLanguages.begin(), kKnownLanguages.end(), lang) != kKnownLanguages.end();
}

// The kiosk takes a text's direction from its first letter (ui/bidi.h), as the Unicode bidi algorithm does.
const char* const kArabicStartsLatin =
    "the Arabic text starts with a Latin word, so the kiosk shows it left to right; begin with an Arabic word";

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

namespace {

std::string TypeName(const json& value) {
    switch (value.type()) {
        case json::value_t::object: return "an object";
        case json::value_t::array: return "a list";
        case json::value_t::string: return "a string";
        case json::value_t::boolean: return "true/false";
        case json::value_t::null: return "null";
        case json::value_t::number_float: return "a decimal number";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "a whole number";
        default: return "an unusual value";
    }
}

bool IsBlank(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool StartsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// A link with a scheme from `schemes` and something after it.
bool HasSchemeAndHost(const std::string& url, std::initializer_list<std::string_view> schemes) {
    for (std::string_view scheme : schemes) {
        if (StartsWith(url, scheme) && url.size() > scheme.size() && url[scheme.size()] != '/' &&
            url.find_first_of(" \t\n") == std::string::npos)
            return true;
    }
    return false;
}

// [SECTION] FileParser: typed field access that reports what is wrong

// A warning about a missing translation, kept aside until the profiles are read: only a language some profile
// offers needs its texts. `position` is where it belongs among the other problems, so reports keep file order.
struct MissingText {
    Lang lang;
    std::size_t position;
    Problem problem;
};

class FileParser {
public:
    FileParser(std::string file, Problems& problems, std::vector<MissingText>* missing_texts = nullptr)
        : m_file(std::move(file)), m_problems(problems), m_missing_texts(missing_texts) {}

    void Report(Severity severity, const std::string& pointer, std::string message) {
        m_problems.push_back({severity, m_file, pointer, std::move(message)});
    }
    void MissingTranslation(const Lang& lang, const std::string& pointer, std::string message) {
        Problem problem{Severity::Warning, m_file, pointer, std::move(message)};
        if (m_missing_texts) m_missing_texts->push_back({lang, m_problems.size(), std::move(problem)});
        else m_problems.push_back(std::move(problem));
    }
    void Error(const std::string& pointer, std::string message) { Report(Severity::Error, pointer, std::move(message)); }
    void Warning(const std::string& pointer, std::string message) { Report(Severity::Warning, pointer, std::move(message)); }

    // Parses the file; on failure reports where (line and column) and returns false.
    bool Parse(const std::string& bytes, json& out) {
        try {
            out = json::parse(bytes);
            return true;
        } catch (const json::parse_error& e) {
            std::string detail = e.what();
            if (auto bracket = detail.find("] "); bracket != std::string::npos) detail = detail.substr(bracket + 2);
            Error("", "not valid JSON: " + detail + LineHint(bytes, e.byte));
        } catch (const std::exception& e) {
            Error("", std::string("not valid JSON: ") + e.what());
        }
        return false;
    }

    bool ExpectObject(const json& value, const std::string& pointer, const std::string& what) {
        if (value.is_object()) return true;
        Error(pointer, what + " must be an object {...}, not " + TypeName(value));
        return false;
    }

    // The member, or nullptr. A missing required member is reported.
    const json* Member(const json& object, const std::string& pointer, const char* key, bool required) {
        if (auto it = object.find(key); it != object.end()) return &*it;
        if (required) Error(PointerAppend(pointer, key), std::string("missing required field \"") + key + "\"");
        return nullptr;
    }

    void CheckKnownKeys(const json& object, const std::string& pointer, std::initializer_list<std::string_view> keys) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
                Warning(PointerAppend(pointer, key), "unknown field \"" + key + "\" is ignored (a typo?)");
        }
    }

    bool ReadString(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
        const json* value = Member(object, pointer, key, required);
        if (!value) return false;
        if (!value->is_string()) {
            Error(PointerAppend(pointer, key), std::string("\"") + key + "\" must be a string, not " + TypeName(*value));
            return false;
        }
        out = value->get<std::string>();
        if (required && IsBlank(out)) {
            Error(PointerAppend(pointer, key), std::string("\"") + key + "\" is empty");
            return false;
        }
        return true;
    }

    bool ReadId(const json& object, const std::string& pointer, const char* key, std::string& out, bool required = true) {
        if (!ReadString(object, pointer, key, out, required)) return false;
        if (!IsValidId(out)) {
            Error(PointerAppend(pointer, key), "\"" + out + "\" is not a valid id: use only lower-case letters a-z, "
                                               "digits and dashes (no spaces, capitals or æøå)");
            return false;
        }
        return true;
    }

    bool ReadInt(const json& object, const std::string& pointer, const char* key, int& out, bool required) {
        const json* value = Member(object, pointer, key, required);
        if (!value) return false;
        const bool fits = value->is_number_integer() &&
                          (value->is_number_unsigned()
                               ? value->get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())
                               : value->get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                     value->get<std::int64_t>() <= std::numeric_limits<int>::max());
        if (!fits) {
            Error(PointerAppend(pointer, key), std::string("\"") + key + "\" must be a whole number, not " +
                                               (value->is_number_integer() ? "one this large" : TypeName(*value)));
            return false;
        }
        out = value->get<int>();
        return true;
    }

    // A text in several languages: {"da": "...", "en": "...", "nb": "..."}.
    void ReadTextValue(const json& value, const std::string& pointer, LocalText& out) {
        if (!value.is_object()) {
            Error(pointer, "a text must be an object with one string per language, like {\"da\": \"...\", "
                           "\"en\": \"...\", \"uk\": \"...\"}, not " + TypeName(value));
            return;
        }
        for (const auto& [lang, text] : value.items()) {
            const std::string text_pointer = PointerAppend(pointer, lang);
            if (!text.is_string()) {
                Error(text_pointer, "the " + LanguageName(lang) + " text must be a string, not " + TypeName(text));
                continue;
            }
            if (!IsKnownLanguage(lang)) {
                Warning(text_pointer, "unknown language \"" + lang + "\" is ignored; the kiosk speaks " + KnownLanguagesText("and"));
                continue;
            }
            out.by_lang[lang] = text.get<std::string>();
            if (!LooksWrittenIn(out.by_lang[lang], lang))
                Warning(text_pointer, "the " + LanguageName(lang) + " text has no letter of its own alphabet; an untranslated copy?");
            else if (lang == "ar" && StartsWithLatinWord(out.by_lang[lang]))
                Warning(text_pointer, kArabicStartsLatin);
        }
        for (const Lang& lang : kKnownLanguages) {
            auto it = out.by_lang.find(lang);
            const bool missing = it == out.by_lang.end() || IsBlank(it->second);
            if (!missing || (value.contains(lang) && !value[lang].is_string())) continue;  // mistyped: reported above
            const std::string what = it == out.by_lang.end() ? "missing " : "empty ";
            if (lang == kDanish)
                Error(PointerAppend(pointer, lang), what + "Danish text (\"da\"); every text needs Danish");
            else
                MissingTranslation(lang, PointerAppend(pointer, lang),
                                   what + LanguageName(lang) + " text (\"" + lang + "\"); Danish is shown instead");
        }
    }

    bool ReadText(const json& object, const std::string& pointer, const char* key, LocalText& out, bool required) {
        const json* value = Member(object, pointer, key, required);
        if (!value) return false;
        ReadTextValue(*value, PointerAppend(pointer, key), out);
        return true;
    }

    void ReadTextList(const json& object, const std::string& pointer, const char* key, std::vector<LocalText>& out,
                      bool required) {
        const json* value = Member(object, pointer, key, required);
        if (!value) return;
        const std::string list_pointer = PointerAppend(pointer, key);
        if (!value->is_array()) {
            Error(list_pointer, std::string("\"") + key + "\" must be a list [...] of texts, not " + TypeName(*value));
            return;
        }
        for (std::size_t i = 0; i < value->size(); ++i) {
            LocalText text;
            ReadTextValue((*value)[i], PointerAppend(list_pointer, i), text);
            out.push_back(std::move(text));
        }
    }

    // Strings in a list; entries of the wrong type are reported and kept as "" so indices stay aligned.
    bool ReadStringList(const json& object, const std::string& pointer, const char* key,
                        std::vector<std::string>& out, bool required) {
        const json* value = Member(object, pointer, key, required);
        if (!value) return false;
        const std::string list_pointer = PointerAppend(pointer, key);
        if (!value->is_array()) {
            Error(list_pointer, std::string("\"") + key + "\" must be a list [...] of strings, not " + TypeName(*value));
            return false;
        }
        for (std::size_t i = 0; i < value->size(); ++i) {
            const json& item = (*value)[i];
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            } else {
                Error(PointerAppend(list_pointer, i), "each entry must be a string, not " + TypeName(item));
                out.emplace_back();
            }
        }
        return true;
    }

    void ReadHttpsLink(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
        if (!ReadString(object, pointer, key, out, required)) return;
        if (!required && out.empty()) return;
        if (!HasSchemeAndHost(out, {"https://"}))
            Error(PointerAppend(pointer, key), "\"" + out + "\" is not an https:// link; all links must start with "
                                               "https:// (citizens may scan it with their phone)");
    }

    void CheckIdMatchesFileName(const std::string& id, const std::string& pointer) {
        const std::string stem = fs::path(m_file).stem().string();
        if (!id.empty() && IsValidId(id) && stem != id)
            Warning(PointerAppend(pointer, "id"), "the id \"" + id + "\" differs from the file name; name the file \"" +
                                                  id + ".json\" so it is easy to find");
    }
    // A second live version lives beside the first, so its file name says which version it is.
    void CheckSideBySideFileName(const std::string& id, int version) {
        const std::string stem = fs::path(m_file).stem().string();
        const std::string expected = id + ".v" + std::to_string(version);
        if (!id.empty() && IsValidId(id) && stem != expected)
            Warning("/id", "name the side-by-side version's file \"" + expected +
                               ".json\" so it is found beside \"" + id + ".json\"");
    }

private:
    // nlohmann reports line and column in its message; the offending line itself helps find it.
    static std::string LineHint(const std::string& bytes, std::size_t byte) {
        if (bytes.empty()) return "";
        std::size_t at = byte == 0 ? 0 : std::min(byte - 1, bytes.size() - 1);
        if (bytes[at] == '\n' && at > 0) --at;
        const std::size_t newline = bytes.rfind('\n', at);
        const std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
        std::size_t end = bytes.find('\n', begin);
        if (end == std::string::npos) end = bytes.size();
        std::string line = bytes.substr(begin, std::min<std::size_t>(end - begin, 80));
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
        if (line.empty()) return "";
        return " (near: " + line + ")";
    }

    std::string m_file;
    Problems& m_problems;
    std::vector<MissingText>* m_missing_texts;
};

// [SECTION] pack.json, strategies, services, profiles, ui

void ReadPackInfo(FileParser& parser, const json& root, ContentPack& pack) {
    if (!parser.ExpectObject(root, "", "pack.json")) return;
    parser.CheckKnownKeys(root, "", {"id", "version", "name"});
    parser.ReadId(root, "", "id", pack.id);
    parser.ReadString(root, "", "version", pack.version, true);
    // The pack's name is for people browsing packs; a plain string or a text in several languages.
    if (auto name = root.find("name"); name != root.end() && !name->is_string()) {
        LocalText ignored;
        parser.ReadTextValue(*name, "/name", ignored);
    }
}

void ReadStrategy(FileParser& parser, const json& root, Strategy& strategy) {
    if (!parser.ExpectObject(root, "", "A strategy")) return;
    parser.CheckKnownKeys(root, "", {"id", "municipality", "municipality_name", "name", "vision", "themes"});
    parser.ReadId(root, "", "id", strategy.id);
    parser.CheckIdMatchesFileName(strategy.id, "");
    parser.ReadId(root, "", "municipality", strategy.municipality);
    parser.ReadText(root, "", "municipality_name", strategy.municipality_name, true);
    parser.ReadText(root, "", "name", strategy.name, true);
    parser.ReadText(root, "", "vision", strategy.vision, true);

    const json* themes = parser.Member(root, "", "themes", true);
    if (!themes) return;
    if (!themes->is_array()) {
        parser.Error("/themes", "\"themes\" must be a list [...] of themes, not " + TypeName(*themes));
        return;
    }
    if (themes->empty()) parser.Error("/themes", "the strategy has no themes; services need a theme to refer to");
    for (std::size_t i = 0; i < themes->size(); ++i) {
        const json& item = (*themes)[i];
        const std::string pointer = PointerAppend("/themes", i);
        Theme& theme = strategy.themes.emplace_back();
        if (!parser.ExpectObject(item, pointer, "A theme")) continue;
        parser.CheckKnownKeys(item, pointer, {"id", "name", "description", "principles"});
        parser.ReadId(item, pointer, "id", theme.id);
        parser.ReadText(item, pointer, "name", theme.name, true);
        parser.ReadText(item, pointer, "description", theme.description, true);
        parser.ReadTextList(item, pointer, "principles", theme.principles, false);
    }
}

void ReadStep(FileParser& parser, const json& item, const std::string& pointer, Step& step) {
    if (!parser.ExpectObject(item, pointer, "A step")) return;
    parser.CheckKnownKeys(item, pointer, {"title", "body", "image", "image_alt", "phone_link", "you_need"});
    parser.ReadText(item, pointer, "title", step.title, true);
    if (!item.contains("body"))
        parser.Error(PointerAppend(pointer, "body"), "the step has no body text: say what the citizen should do");
    else
        parser.ReadText(item, pointer, "body", step.body, true);
    parser.ReadString(item, pointer, "image", step.image, false);
    parser.ReadText(item, pointer, "image_alt", step.image_alt, false);
    parser.ReadHttpsLink(item, pointer, "phone_link", step.phone_link, false);
    parser.ReadTextList(item, pointer, "you_need", step.you_need, false);
}

// "side_by_side": {"share": 50}: this file is a newer version run beside the service's other live version,
// given to `share` percent of visits. Whether the other version exists is a whole-pack check (validator.cpp).
void ReadSideBySide(FileParser& parser, const json& root, Service& service) {
    const json* side_by_side = parser.Member(root, "", "side_by_side", true);
    if (!side_by_side || !parser.ExpectObject(*side_by_side, "/side_by_side", "\"side_by_side\"")) return;
    parser.CheckKnownKeys(*side_by_side, "/side_by_side", {"share"});
    int share = 0;
    if (!parser.ReadInt(*side_by_side, "/side_by_side", "share", share, true)) return;
    if (share < 1 || share > 99) {
        parser.Error("/side_by_side/share", "\"share\" is the percent of visits that get this version, 1 to 99, not " +
                                                std::to_string(share) + "; the other live version gets the rest");
        return;
    }
    service.side_by_side_share = share;
}

void ReadService(FileParser& parser, const json& root, Service& service) {
    if (!parser.ExpectObject(root, "", "A service")) return;
    parser.CheckKnownKeys(root, "", {"id", "version", "kind", "category", "icon", "themes", "title", "summary", "url",
                                     "expected_minutes", "staff_minutes_saved", "verified_on", "owner", "steps",
                                     "side_by_side"});
    parser.ReadId(root, "", "id", service.id);

    if (parser.ReadInt(root, "", "version", service.version, true) && service.version < 1)
        parser.Error("/version", "\"version\" must be a positive whole number (1, 2, 3 ...), not " +
                                 std::to_string(service.version));
    if (root.contains("side_by_side")) {
        ReadSideBySide(parser, root, service);
        parser.CheckSideBySideFileName(service.id, service.version);
    } else {
        parser.CheckIdMatchesFileName(service.id, "");
    }

    std::string kind;
    if (parser.ReadString(root, "", "kind", kind, true)) {
        if (kind == "guide") service.kind = ServiceKind::Guide;
        else if (kind == "welfare") service.kind = ServiceKind::Welfare;
        else parser.Error("/kind", "\"kind\" must be \"guide\" or \"welfare\", not \"" + kind + "\"");
    }
    parser.ReadString(root, "", "category", service.category, true);
    parser.ReadString(root, "", "icon", service.icon, false);

    if (parser.ReadStringList(root, "", "themes", service.themes, true) && service.themes.empty())
        parser.Error("/themes", "the service serves no theme of the strategy; name at least one, like "
                                "\"odder.medvirken\"");

    parser.ReadText(root, "", "title", service.title, true);
    parser.ReadText(root, "", "summary", service.summary, true);
    parser.ReadHttpsLink(root, "", "url", service.url, false);

    for (auto [key, target] : {std::pair{"expected_minutes", &service.expected_minutes},
                               std::pair{"staff_minutes_saved", &service.staff_minutes_saved}}) {
        if (parser.ReadInt(root, "", key, *target, false) && *target < 0)
            parser.Error(PointerAppend("", key), std::string("\"") + key + "\" cannot be negative");
    }

    // Who checked the guide against its official pages, and when: a guide nobody owns goes stale unnoticed.
    if (!root.contains("verified_on"))
        parser.Warning("/verified_on", "missing \"verified_on\": write the date the guide was last checked against its "
                                       "official pages, like \"2026-11-26\"");
    else if (parser.ReadString(root, "", "verified_on", service.verified_on, true) && !ParseIsoDate(service.verified_on))
        parser.Error("/verified_on", "\"verified_on\" must be a real date written YYYY-MM-DD, like \"2026-11-26\", not \"" +
                                     service.verified_on + "\"");
    if (!root.contains("owner"))
        parser.Warning("/owner", "missing \"owner\": name the team that keeps the guide right, like \"Borgerservice Odder\"");
    else
        parser.ReadString(root, "", "owner", service.owner, true);

    const json* steps = parser.Member(root, "", "steps", true);
    if (!steps) return;
    if (!steps->is_array()) {
        parser.Error("/steps", "\"steps\" must be a list [...] of steps, not " + TypeName(*steps));
        return;
    }
    if (steps->empty()) parser.Error("/steps", "the service has no steps; add at least one");
    for (std::size_t i = 0; i < steps->size(); ++i)
        ReadStep(parser, (*steps)[i], PointerAppend("/steps", i), service.steps.emplace_back());
}

void ReadProfile(FileParser& parser, const json& root, KioskProfile& profile) {
    if (!parser.ExpectObject(root, "", "A profile")) return;
    parser.CheckKnownKeys(root, "", {"id", "municipality", "strategy", "location", "languages", "services",
                                     "idle_timeout_s", "idle_answer_s", "help_wait_limit_s", "phone_wait_limit_s", "lix_threshold",
                                     "help_escalate_after_s", "help_desk_where", "staff_pin_hash",
                                     "registry_url"});
    parser.ReadId(root, "", "id", profile.id);
    parser.CheckIdMatchesFileName(profile.id, "");
    parser.ReadId(root, "", "municipality", profile.municipality);
    parser.ReadId(root, "", "strategy", profile.strategy);
    parser.ReadText(root, "", "location", profile.location, true);
    parser.ReadText(root, "", "help_desk_where", profile.help_desk_where, false);

    if (parser.ReadStringList(root, "", "languages", profile.languages, true)) {
        // The first language is the one every visit starts in (bokmål at a Norwegian kiosk); every text still
        // has Danish, the pack's base language, so any language missing a text falls back to it.
        if (profile.languages.empty())
            parser.Error("/languages", "the profile offers no language; list at least one, the one visits start in first");
        for (std::size_t i = 0; i < profile.languages.size(); ++i) {
            const Lang& lang = profile.languages[i];
            if (lang.empty()) continue;  // reported as a wrong type
            if (!IsKnownLanguage(lang))
                parser.Error(PointerAppend("/languages", i), "unknown language \"" + lang + "\"; use " + KnownLanguagesText());
            else if (std::find(profile.languages.begin(), profile.languages.begin() + static_cast<long>(i), lang) !=
                     profile.languages.begin() + static_cast<long>(i))
                parser.Warning(PointerAppend("/languages", i), "\"" + lang + "\" is listed twice");
        }
    }
    if (parser.ReadStringList(root, "", "services", profile.services, true) && profile.services.empty())
        parser.Error("/services", "the profile shows no services; list at least one service id");

    if (parser.ReadInt(root, "", "idle_timeout_s", profile.idle_timeout_s, false)) {
        if (profile.idle_timeout_s <= 0)
            parser.Error("/idle_timeout_s", "\"idle_timeout_s\" must be more than 0 seconds");
        else if (profile.idle_timeout_s > 600)
            parser.Warning("/idle_timeout_s", "\"idle_timeout_s\" is over 10 minutes; the next citizen may see what "
                                              "the previous one left on screen");
    }
    if (parser.ReadInt(root, "", "idle_answer_s", profile.idle_answer_s, false) && profile.idle_answer_s < 20)
        parser.Error("/idle_answer_s", "\"idle_answer_s\" is " + std::to_string(profile.idle_answer_s) +
                                       " seconds; give at least 20 seconds to answer (WCAG 2.2.1 Timing Adjustable)");
    // Longer idle limits for a citizen who is waiting for staff, or busy on their phone: never shorter than the
    // ordinary one, and not so long that a forgotten session waits for the next citizen.
    auto longer_limit = [&](const char* key, int& value, const char* who, int default_s) {
        if (!parser.ReadInt(root, "", key, value, false)) return;
        const std::string pointer = std::string("/") + key, name = std::string("\"") + key + "\"";
        if (value < profile.idle_timeout_s)
            parser.Error(pointer, name + " is " + std::to_string(value) + " seconds, shorter than \"idle_timeout_s\"; " + who +
                                      " must get at least as long (default " + std::to_string(default_s) + " seconds)");
        else if (value > 3600)
            parser.Warning(pointer, name + " is over an hour; a forgotten session stays on screen that long for the next "
                                           "citizen to see");
    };
    longer_limit("help_wait_limit_s", profile.help_wait_limit_s, "a citizen waiting for staff", 900);
    longer_limit("phone_wait_limit_s", profile.phone_wait_limit_s, "a citizen busy on their phone", 600);
    // The registry accepts 30..3600 s (its help-call contract); the citizen is told where the desk is after it.
    if (parser.ReadInt(root, "", "help_escalate_after_s", profile.help_escalate_after_s, false) &&
        (profile.help_escalate_after_s < 30 || profile.help_escalate_after_s > 3600))
        parser.Error("/help_escalate_after_s", "\"help_escalate_after_s\" is " + std::to_string(profile.help_escalate_after_s) +
                                               " seconds; use 30 to 3600 (default 180: after 3 minutes without an answer the "
                                               "citizen is told where the desk is)");
    if (parser.ReadInt(root, "", "lix_threshold", profile.lix_threshold, false) && profile.lix_threshold <= 0)
        parser.Error("/lix_threshold", "\"lix_threshold\" must be a positive number, for example 40");

    if (parser.ReadString(root, "", "staff_pin_hash", profile.staff_pin_hash, true)) {
        std::string why;
        const auto parts = ParsePinHash(profile.staff_pin_hash, &why);
        if (!parts)
            parser.Error("/staff_pin_hash", "malformed staff PIN hash: " + why + "; make one with borgerkiosk --hash-pin");
        else if (parts->iterations < 10000)
            parser.Warning("/staff_pin_hash", "the staff PIN hash uses only " + std::to_string(parts->iterations) +
                                              " iterations; make a stronger one with borgerkiosk --hash-pin");
    }
    if (parser.ReadString(root, "", "registry_url", profile.registry_url, true) &&
        !HasSchemeAndHost(profile.registry_url, {"http://", "https://"}))
        parser.Error("/registry_url", "\"" + profile.registry_url + "\" is not an http:// or https:// address");
}

void ReadUiStrings(FileParser& parser, const json& root, const Lang& lang, std::map<std::string, std::string>& out) {
    if (!parser.ExpectObject(root, "", "A UI strings file")) return;
    for (const auto& [key, value] : root.items()) {
        const std::string pointer = PointerAppend("", key);
        if (!value.is_string()) {
            parser.Error(pointer, "each UI string must be a string, not " + TypeName(value));
            out[key] = "";  // present, so it is not also reported as missing
            continue;
        }
        out[key] = value.get<std::string>();
        if (IsBlank(out[key])) {
            if (lang == kDanish) parser.Error(pointer, "the Danish UI string is empty");
            else parser.Warning(pointer, "the " + LanguageName(lang) + " UI string is empty");
        } else if (key.starts_with("lang.") || key == "keyboard.latin") {
            // Languages are named in themselves, and the keyboard's Latin layer is "ABC" in every language.
        } else if (!LooksWrittenIn(out[key], lang)) {
            parser.Warning(pointer, "the " + LanguageName(lang) + " UI string has no letter of its own alphabet; an "
                                    "untranslated copy?");
        } else if (lang == "ar" && StartsWithLatinWord(out[key])) {
            parser.Warning(pointer, kArabicStartsLatin);
        }
    }
}

// [SECTION] ReadPack: walking the folder

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
            ReadPackInfo(parser, root, m_result.pack);
        });
        ReadFolder("strategies", "strategy", [&](FileParser& parser, const json& root, const std::string& file) {
            ReadStrategy(parser, root, m_result.pack.strategies.emplace_back());
            m_result.sources.strategy_files.push_back(file);
        });
        ReadFolder("services", "service", [&](FileParser& parser, const json& root, const std::string& file) {
            // A version run side by side is kept apart, so `services` keeps one entry per id for every lookup.
            if (root.is_object() && root.contains("side_by_side")) {
                ReadService(parser, root, m_result.pack.side_by_side.emplace_back());
                m_result.sources.side_by_side_files.push_back(file);
                return;
            }
            ReadService(parser, root, m_result.pack.services.emplace_back());
            m_result.sources.service_files.push_back(file);
        });
        ReadFolder("profiles", "kiosk profile", [&](FileParser& parser, const json& root, const std::string& file) {
            ReadProfile(parser, root, m_result.pack.profiles.emplace_back());
            m_result.sources.profile_files.push_back(file);
        });
        ReadFolder("ui", "UI strings file", [&](FileParser& parser, const json& root, const std::string& file) {
            const Lang lang = fs::path(file).stem().string();
            if (!IsKnownLanguage(lang))
                parser.Warning("", "unknown language \"" + lang + "\": the kiosk only uses ui/<language>.json for " +
                                       KnownLanguagesText("and"));
            ReadUiStrings(parser, root, lang, m_result.pack.ui[lang]);
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
