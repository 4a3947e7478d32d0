// FileParser: typed access to the fields of one content file, reporting what is wrong with each where it is
// (file, JSON pointer, a message a content editor can act on). Shared by the reader's per-file readers
// (reader_files.cpp) and its walk through the pack folder (reader.cpp); nothing outside the reader uses it.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/problem.h"
#include "core/content_model.h"

namespace bk::pack_reader {

using nlohmann::json;

// The kiosk takes a text's direction from its first letter (ui/bidi.h), as the Unicode bidi algorithm does.
inline constexpr const char* kArabicStartsLatin =
    "the Arabic text starts with a Latin word, so the kiosk shows it left to right; begin with an Arabic word";

std::string TypeName(const json& value);  // for messages: "a list", "a whole number", ...
bool IsBlank(const std::string& text);
bool StartsWith(std::string_view text, std::string_view prefix);
// A link with a scheme from `schemes` and something after it.
bool HasSchemeAndHost(const std::string& url, std::initializer_list<std::string_view> schemes);

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

    void Report(Severity severity, const std::string& pointer, std::string message);
    void MissingTranslation(const Lang& lang, const std::string& pointer, std::string message);
    void Error(const std::string& pointer, std::string message) { Report(Severity::Error, pointer, std::move(message)); }
    void Warning(const std::string& pointer, std::string message) { Report(Severity::Warning, pointer, std::move(message)); }
    // Parses the file; on failure reports where (line and column) and returns false.
    bool Parse(const std::string& bytes, json& out);
    bool ExpectObject(const json& value, const std::string& pointer, const std::string& what);
    // The member, or nullptr. A missing required member is reported.
    const json* Member(const json& object, const std::string& pointer, const char* key, bool required);
    // A required list ("themes", "steps"), or nullptr when it is missing or not a list; an empty one is reported
    // with `if_empty` and still returned.
    const json* RequiredList(const json& object, const std::string& pointer, const char* key, const char* of_what,
                             const std::string& if_empty);
    void CheckKnownKeys(const json& object, const std::string& pointer, std::initializer_list<std::string_view> keys);
    bool ReadString(const json& object, const std::string& pointer, const char* key, std::string& out, bool required);
    bool ReadId(const json& object, const std::string& pointer, const char* key, std::string& out, bool required = true);
    bool ReadInt(const json& object, const std::string& pointer, const char* key, int& out, bool required);
    // A text in several languages: {"da": "...", "en": "...", "nb": "..."}.
    void ReadTextValue(const json& value, const std::string& pointer, LocalText& out);
    bool ReadText(const json& object, const std::string& pointer, const char* key, LocalText& out, bool required);
    void ReadTextList(const json& object, const std::string& pointer, const char* key, std::vector<LocalText>& out,
                      bool required);
    // Strings in a list; entries of the wrong type are reported and kept as "" so indices stay aligned.
    bool ReadStringList(const json& object, const std::string& pointer, const char* key,
                        std::vector<std::string>& out, bool required);
    void ReadHttpsLink(const json& object, const std::string& pointer, const char* key, std::string& out, bool required);
    void CheckIdMatchesFileName(const std::string& id, const std::string& pointer);
    // A second live version lives beside the first, so its file name says which version it is.
    void CheckSideBySideFileName(const std::string& id, int version);

private:
    static std::string LineHint(const std::string& bytes, std::size_t byte);

    std::string m_file;
    Problems& m_problems;
    std::vector<MissingText>* m_missing_texts;
};

}  // namespace bk::pack_reader
