#include "content/reader_parser.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <limits>

#include "content/reader.h"
#include "shared/utf8.h"

namespace bk::pack_reader {

namespace fs = std::filesystem;

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

bool HasSchemeAndHost(const std::string& url, std::initializer_list<std::string_view> schemes) {
    for (std::string_view scheme : schemes) {
        if (StartsWith(url, scheme) && url.size() > scheme.size() && url[scheme.size()] != '/' &&
            url.find_first_of(" \t\n") == std::string::npos)
            return true;
    }
    return false;
}

void FileParser::Report(Severity severity, const std::string& pointer, std::string message) {
    m_problems.push_back({severity, m_file, pointer, std::move(message)});
}

void FileParser::MissingTranslation(const Lang& lang, const std::string& pointer, std::string message) {
    Problem problem{Severity::Warning, m_file, pointer, std::move(message)};
    if (m_missing_texts) m_missing_texts->push_back({lang, m_problems.size(), std::move(problem)});
    else m_problems.push_back(std::move(problem));
}

bool FileParser::Parse(const std::string& bytes, json& out) {
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

bool FileParser::ExpectObject(const json& value, const std::string& pointer, const std::string& what) {
    if (value.is_object()) return true;
    Error(pointer, what + " must be an object {...}, not " + TypeName(value));
    return false;
}

const json* FileParser::Member(const json& object, const std::string& pointer, const char* key, bool required) {
    if (auto it = object.find(key); it != object.end()) return &*it;
    if (required) Error(PointerAppend(pointer, key), std::string("missing required field \"") + key + "\"");
    return nullptr;
}

const json* FileParser::RequiredList(const json& object, const std::string& pointer, const char* key, const char* of_what,
                                     const std::string& if_empty) {
    const json* list = Member(object, pointer, key, true);
    if (!list) return nullptr;
    const std::string list_pointer = PointerAppend(pointer, key);
    if (!list->is_array()) {
        Error(list_pointer, std::string("\"") + key + "\" must be a list [...] of " + of_what + ", not " + TypeName(*list));
        return nullptr;
    }
    if (list->empty()) Error(list_pointer, if_empty);
    return list;
}

void FileParser::CheckKnownKeys(const json& object, const std::string& pointer, std::initializer_list<std::string_view> keys) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            Warning(PointerAppend(pointer, key), "unknown field \"" + key + "\" is ignored (a typo?)");
    }
}

bool FileParser::ReadString(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
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

bool FileParser::ReadId(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
    if (!ReadString(object, pointer, key, out, required)) return false;
    if (!IsValidId(out)) {
        Error(PointerAppend(pointer, key), "\"" + out + "\" is not a valid id: use only lower-case letters a-z, "
                                           "digits and dashes (no spaces, capitals or æøå)");
        return false;
    }
    return true;
}

bool FileParser::ReadInt(const json& object, const std::string& pointer, const char* key, int& out, bool required) {
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

void FileParser::ReadTextValue(const json& value, const std::string& pointer, LocalText& out) {
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

bool FileParser::ReadText(const json& object, const std::string& pointer, const char* key, LocalText& out, bool required) {
    const json* value = Member(object, pointer, key, required);
    if (!value) return false;
    ReadTextValue(*value, PointerAppend(pointer, key), out);
    return true;
}

void FileParser::ReadTextList(const json& object, const std::string& pointer, const char* key, std::vector<LocalText>& out,
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

bool FileParser::ReadStringList(const json& object, const std::string& pointer, const char* key,
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

void FileParser::ReadHttpsLink(const json& object, const std::string& pointer, const char* key, std::string& out, bool required) {
    if (!ReadString(object, pointer, key, out, required)) return;
    if (!required && out.empty()) return;
    if (!HasSchemeAndHost(out, {"https://"}))
        Error(PointerAppend(pointer, key), "\"" + out + "\" is not an https:// link; all links must start with "
                                           "https:// (citizens may scan it with their phone)");
}

void FileParser::CheckIdMatchesFileName(const std::string& id, const std::string& pointer) {
    const std::string stem = fs::path(m_file).stem().string();
    if (!id.empty() && IsValidId(id) && stem != id)
        Warning(PointerAppend(pointer, "id"), "the id \"" + id + "\" differs from the file name; name the file \"" +
                                              id + ".json\" so it is easy to find");
}

void FileParser::CheckSideBySideFileName(const std::string& id, int version) {
    const std::string stem = fs::path(m_file).stem().string();
    const std::string expected = id + ".v" + std::to_string(version);
    if (!id.empty() && IsValidId(id) && stem != expected)
        Warning("/id", "name the side-by-side version's file \"" + expected +
                           ".json\" so it is found beside \"" + id + ".json\"");
}

// nlohmann reports line and column in its message; the offending line itself helps find it.
std::string FileParser::LineHint(const std::string& bytes, std::size_t byte) {
    if (bytes.empty()) return "";
    std::size_t at = byte == 0 ? 0 : std::min(byte - 1, bytes.size() - 1);
    if (bytes[at] == '\n' && at > 0) --at;
    const std::size_t newline = bytes.rfind('\n', at);
    const std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
    std::size_t end = bytes.find('\n', begin);
    if (end == std::string::npos) end = bytes.size();
    // At most 80 bytes, cut between characters; a line that is not UTF-8 at all is left out (the message must be).
    std::string line(Utf8Prefix(std::string_view(bytes).substr(begin, end - begin), 80));
    if (!IsValidUtf8(line)) return "";
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
    if (line.empty()) return "";
    return " (near: " + line + ")";
}

}  // namespace bk::pack_reader
