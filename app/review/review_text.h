// The review console's words, as keys into per-language JSON like the kiosk's UI strings:
// content/review/{da,en,nb}.json, embedded at build time (the console needs no content folder).
// Danish is the default and the fallback; a key missing everywhere shows as itself, so it gets fixed.
#pragma once
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bk::review {

class Texts {
public:
    // The embedded catalogue of `lang` ("da", "en", "nb"); Danish for anything else.
    static const Texts& For(const std::string& lang);
    static const std::vector<std::string>& Languages();  // da first

    const std::string& Lang() const { return m_lang; }
    const std::string& Get(std::string_view key) const;
    const char* operator()(std::string_view key) const { return Get(key).c_str(); }
    // The text of `key` with each "{name}" replaced by its value.
    std::string Fill(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string>> values) const;
    std::vector<std::string> Keys() const;

    // Numbers as this language writes them: "3,70" and "76 %" in Danish and Norwegian, "3.70" and "76%" in English.
    std::string Decimal(double value, int decimals) const;
    std::string SignedDecimal(double value, int decimals) const;  // "+1,20", "-0,50", "0,00"
    std::string Percent(double share) const;                      // 0.76 -> "76 %"

    Texts(std::string lang, std::map<std::string, std::string, std::less<>> texts, const Texts* fallback);

private:
    std::string m_lang;
    std::map<std::string, std::string, std::less<>> m_texts;
    const Texts* m_fallback;  // Danish; null for Danish itself
};

}  // namespace bk::review
