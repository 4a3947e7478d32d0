#include "core/plural.h"

#include <unicode/locid.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace bk {

// Rules are built once per language and then only read; the screens ask every frame.
static const icu::PluralRules* RulesFor(const std::string& lang) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<icu::PluralRules>> rules;
    std::lock_guard lock(mutex);
    auto it = rules.find(lang);
    if (it == rules.end()) {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::PluralRules> made(icu::PluralRules::forLocale(icu::Locale(lang.c_str()), status));
        if (U_FAILURE(status)) made.reset();
        it = rules.emplace(lang, std::move(made)).first;
    }
    return it->second.get();
}

std::string PluralCategory(const std::string& lang, long n) {
    const icu::PluralRules* rules = RulesFor(lang);
    if (!rules) return "other";
    std::string category;
    rules->select(static_cast<int32_t>(n)).toUTF8String(category);
    return category;
}

std::vector<std::string> PluralCategories(const std::string& lang) {
    const icu::PluralRules* rules = RulesFor(lang);
    if (!rules) return {"other"};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
    std::vector<std::string> found;
    while (U_SUCCESS(status) && keywords) {
        const char* keyword = keywords->next(nullptr, status);
        if (!keyword) break;
        found.emplace_back(keyword);
    }
    // ICU lists them in no fixed order: CLDR's order reads better in messages.
    std::vector<std::string> ordered;
    for (const char* category : {"zero", "one", "two", "few", "many", "other"})
        if (std::find(found.begin(), found.end(), category) != found.end()) ordered.emplace_back(category);
    return ordered;
}

}  // namespace bk
