// Plural forms by CLDR, as ICU knows them: which form ("zero", "one", "two", "few", "many", "other") a
// number takes in a language, and which forms a language has (Danish two, Polish four, Arabic six).
// A counted UI text is an object of forms in ui/<lang>.json; the reader keeps each as "key#form".
#pragma once
#include <string>
#include <vector>

namespace bk {

// The CLDR plural category of `n` in `lang` ("other" for a language ICU does not know).
std::string PluralCategory(const std::string& lang, long n);
// Every category `lang` uses, in CLDR order (zero, one, two, few, many, other).
std::vector<std::string> PluralCategories(const std::string& lang);
// The key under which a form of a counted text is kept: "idle.seconds_left#few".
inline std::string PluralKey(const std::string& key, const std::string& category) { return key + "#" + category; }

}  // namespace bk
