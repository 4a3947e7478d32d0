#include "review/review_text.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "review_texts_embedded.h"  // generated from content/review/*.json

namespace bk::review {

namespace {

std::map<std::string, std::string, std::less<>> Parse(std::string_view lang, std::string_view json_text) {
    const nlohmann::json root = nlohmann::json::parse(json_text);  // a broken file fails the first test, not a designer
    std::map<std::string, std::string, std::less<>> texts;
    for (const auto& [key, value] : root.items()) {
        if (!value.is_string()) throw std::runtime_error("content/review/" + std::string(lang) + ".json: " + key + " is not a string");
        texts.emplace(key, value.get<std::string>());
    }
    return texts;
}

struct Catalogue {
    Texts da, en, nb;
    Catalogue()
        : da("da", Parse("da", generated::kReviewTextsDa), nullptr),
          en("en", Parse("en", generated::kReviewTextsEn), &da),
          nb("nb", Parse("nb", generated::kReviewTextsNb), &da) {}
};

const Catalogue& Embedded() {
    static const Catalogue catalogue;  // read-only after construction
    return catalogue;
}

}  // namespace

Texts::Texts(std::string lang, std::map<std::string, std::string, std::less<>> texts, const Texts* fallback)
    : m_lang(std::move(lang)), m_texts(std::move(texts)), m_fallback(fallback) {}

const Texts& Texts::For(const std::string& lang) {
    const Catalogue& c = Embedded();
    if (lang == "en") return c.en;
    if (lang == "nb") return c.nb;
    return c.da;
}

const std::vector<std::string>& Texts::Languages() {
    static const std::vector<std::string> languages = {"da", "en", "nb"};
    return languages;
}

const std::string& Texts::Get(std::string_view key) const {
    if (auto it = m_texts.find(key); it != m_texts.end()) return it->second;
    if (m_fallback) return m_fallback->Get(key);
    // Missing in Danish too: remember the key itself so the returned reference stays valid.
    static thread_local std::map<std::string, std::string, std::less<>> missing;
    return missing.try_emplace(std::string(key), std::string(key)).first->second;
}

std::string Texts::Fill(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string>> values) const {
    std::string text = Get(key);
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + std::string(name) + "}";
        for (std::size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos; at += value.size())
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

std::vector<std::string> Texts::Keys() const {
    std::vector<std::string> keys;
    for (const auto& [key, text] : m_texts) keys.push_back(key);
    return keys;
}

std::string Texts::Decimal(double value, int decimals) const {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    std::string out = text;
    if (out.find_first_not_of("-0.,") == std::string::npos && out.front() == '-') out.erase(0, 1);  // never "-0.0"
    if (m_lang != "en")
        for (char& c : out)
            if (c == '.') c = ',';
    return out;
}

std::string Texts::SignedDecimal(double value, int decimals) const {
    const std::string text = Decimal(value, decimals);
    const bool zero = text.find_first_not_of("0.,") == std::string::npos;
    return (value > 0 && !zero ? "+" : "") + text;
}

std::string Texts::Percent(double share) const { return Fill("number.percent", {{"n", Decimal(share * 100.0, 0)}}); }

}  // namespace bk::review
