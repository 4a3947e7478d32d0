// Reads a content pack folder (see content/README.md) into bk::ContentPack, reporting every problem that
// can be seen one file at a time: unparseable JSON, missing or mistyped fields, id format, links, texts.
// Problems that need the whole pack (references, duplicates, UI keys, readability) are in validator.h.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "content/problem.h"
#include "core/content_model.h"

namespace bk {

// One file of the pack exactly as it was read, so the copy kept as last known good is the one validated.
struct PackFile {
    std::string path;   // relative to the pack folder, '/' separated, e.g. "services/mitid-app.json"
    std::string bytes;
};

// Which file each model element came from, so whole-pack checks can point at the right place.
struct PackSources {
    std::vector<std::string> strategy_files;  // parallel to ContentPack::strategies
    std::vector<std::string> service_files;   // parallel to ContentPack::services
    std::vector<std::string> side_by_side_files;  // parallel to ContentPack::side_by_side
    std::vector<std::string> profile_files;   // parallel to ContentPack::profiles
    std::map<Lang, std::string> ui_files;     // language -> "ui/<lang>.json"
    std::vector<std::string> unreadable_files; // could not be read or parsed (so their ids are unknown)
};

struct ReadResult {
    bool readable = false;       // false when the folder is missing or cannot be listed
    ContentPack pack;            // whatever could be read; elements with problems keep their defaults
    PackSources sources;
    std::vector<PackFile> files; // every JSON file read
    Problems problems;
};

// Never throws.
ReadResult ReadPack(const std::filesystem::path& content_dir);

// The languages the kiosk knows, Danish first: Danish, English, Norwegian (bokmål), Ukrainian, Arabic,
// Turkish, Polish.
inline const std::vector<Lang> kKnownLanguages = {"da", "en", "nb", "uk", "ar", "tr", "pl"};
bool IsKnownLanguage(const std::string& lang);
// The language's English name for messages to content editors ("Ukrainian"); the code itself when unknown.
std::string LanguageName(const std::string& lang);
// "da, en, nb, uk, ar, tr or pl" (`last` joins the last two), for messages.
std::string KnownLanguagesText(const std::string& last = "or");
// Script check for a text that claims to be in `lang`: false when a Ukrainian text has no Cyrillic letter or
// an Arabic text no Arabic letter (most likely an untranslated copy). Latin-script languages always pass.
bool LooksWrittenIn(const std::string& text, const std::string& lang);
// True when the first letter (outside {placeholders}) is a Latin one: an Arabic text like that is shown left to right.
bool StartsWithLatinWord(const std::string& text);
bool IsValidId(const std::string& id);  // ^[a-z0-9-]+$

// "/steps/2/body" style pointers; keys are escaped as RFC 6901 says (~ -> ~0, / -> ~1).
std::string PointerAppend(const std::string& pointer, const std::string& key);
std::string PointerAppend(const std::string& pointer, std::size_t index);

}  // namespace bk
