// The kiosk's seven languages in the content checker: a language some profile offers needs every text (as
// English and Norwegian always did), one no profile offers needs none; a Ukrainian or Arabic text without a
// letter of its alphabet is an untranslated copy; an Arabic text that starts with a Latin word would be shown
// left to right; strategies, read by designers in the review console, need only da, en and nb.
#include <gtest/gtest.h>

#include "content/validator.h"
#include "core/plural.h"
#include "core/ui_keys.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::json;
namespace fs = std::filesystem;

class LanguagesTest : public test::PackCheckTest {
protected:
    // Offers `lang` and gives it a UI file with every key, so only the texts under test can be missing.
    void Offer(const std::string& lang, const std::string& word) {
        Profile()["languages"].push_back(lang);
        json strings = m_fixture.ui["en"];
        for (auto& [key, value] : strings.items()) {
            if (!value.is_object()) {
                value = word + " " + key;
                continue;
            }
            value = json::object();  // a counted text: the forms this language has
            for (const std::string& category : PluralCategories(lang)) value[category] = word + " {n} " + key;
        }
        m_fixture.ui[lang] = strings;
    }
};

TEST_F(LanguagesTest, ALanguageNoProfileOffersNeedsNoTexts) {
    const ContentReport report = Check();
    EXPECT_TRUE(report.problems.empty()) << test::Dump(report.problems);
}

TEST_F(LanguagesTest, EachTextMissingInAnOfferedLanguageIsAWarning) {
    Offer("uk", "Текст");
    Mitid()["steps"][0]["image_alt"]["uk"] = "Телефон.";  // a picture's words are required (an error), see image_test
    const ContentReport report = Check();
    EXPECT_TRUE(report.Valid()) << test::Dump(report.problems);
    const std::string file = "services/mitid-app.json";
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, file, "/title/uk", "missing Ukrainian text (\"uk\")"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, file, "/steps/0/body/uk", "Danish is shown instead"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "profiles/odder-bibliotek.json", "/location/uk"));
    // Strategies are for designers in the review console (da, en, nb), not for citizens.
    for (const Problem& p : report.problems) EXPECT_FALSE(p.file.starts_with("strategies/")) << FormatProblem(p);
    // Once written, no more warnings about it.
    Mitid()["title"]["uk"] = "Отримайте MitID";
    EXPECT_FALSE(HasProblem(Check().problems, Severity::Warning, file, "/title/uk"));
}

TEST_F(LanguagesTest, AnOfferedLanguageWithoutAUiFileFallsBackToDanish) {
    Profile()["languages"].push_back("pl");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/pl.json", "", "Polish falls back to Danish"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "profiles/odder-bibliotek.json", "/languages/3", "no ui/pl.json"));
}

TEST_F(LanguagesTest, AUkrainianOrArabicTextWithoutItsAlphabetIsAnUntranslatedCopy) {
    Offer("uk", "Текст");
    Offer("ar", "نص");
    Mitid()["title"]["uk"] = "Get MitID";           // English left in
    Mitid()["summary"]["uk"] = "Встановіть MitID.";  // a name in Latin letters inside Ukrainian is fine
    Mitid()["title"]["ar"] = "احصل على MitID";
    Mitid()["summary"]["ar"] = "Sådan får du appen.";
    m_fixture.ui["uk"]["guide.next"] = "Next";
    m_fixture.ui["uk"]["keyboard.letters"] = "ABC";  // the key back to Ukrainian letters says "АБВ"
    m_fixture.ui["uk"]["keyboard.latin"] = "ABC";    // the key to the Latin letters says "ABC" in every language
    m_fixture.ui["uk"]["list.minutes"]["many"] = "{n} хв";
    const auto problems = Check().problems;
    const std::string file = "services/mitid-app.json";
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, file, "/title/uk", "no letter of its own alphabet"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, file, "/summary/uk"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, file, "/title/ar"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, file, "/summary/ar", "untranslated copy"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/uk.json", "/guide.next", "no letter of its own alphabet"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/uk.json", "/keyboard.letters", "alphabet"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "ui/uk.json", "/keyboard.latin", "alphabet"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "ui/uk.json", "/list.minutes", "alphabet"));
}

TEST_F(LanguagesTest, AnArabicTextThatStartsWithALatinWordIsAWarning) {
    Offer("ar", "نص");
    Mitid()["title"]["ar"] = "MitID على هاتفك";
    Mitid()["summary"]["ar"] = "تطبيق MitID على هاتفك";
    m_fixture.ui["ar"]["home.welfare_hint"] = "MitID و Digital Post";
    m_fixture.ui["ar"]["guide.step_of"] = "{n} من {m}";  // a placeholder first is no Latin word
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "services/mitid-app.json", "/title/ar", "shows it left to right"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "services/mitid-app.json", "/summary/ar"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/ar.json", "/home.welfare_hint", "begin with an Arabic word"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "ui/ar.json", "/guide.step_of", "left to right"));
}

TEST_F(LanguagesTest, AnUnknownLanguageNamesTheSevenThatAreKnown) {
    Profile()["languages"].push_back("fa");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/languages/3",
                           "unknown language \"fa\"; use da, en, nb, uk, ar, tr or pl"));
}

TEST_F(LanguagesTest, AProfileThatDoesNotSayWhereTheDeskIsIsWarned) {
    Profile().erase("help_desk_where");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "profiles/odder-bibliotek.json", "", "not told where"));
}

// [SECTION] Plural forms (CLDR, by ICU)

TEST_F(LanguagesTest, ICUKnowsWhichPluralFormsEachLanguageHas) {
    using V = std::vector<std::string>;
    EXPECT_EQ(PluralCategories("da"), (V{"one", "other"}));
    EXPECT_EQ(PluralCategories("tr"), (V{"one", "other"}));
    EXPECT_EQ(PluralCategories("pl"), (V{"one", "few", "many", "other"}));
    EXPECT_EQ(PluralCategories("uk"), (V{"one", "few", "many", "other"}));
    EXPECT_EQ(PluralCategories("ar"), (V{"zero", "one", "two", "few", "many", "other"}));
    EXPECT_EQ(PluralCategory("ar", 5), "few");
    EXPECT_EQ(PluralCategory("ar", 11), "many");
    EXPECT_EQ(PluralCategory("pl", 22), "few");
    EXPECT_EQ(PluralCategory("uk", 11), "many");
}

TEST_F(LanguagesTest, AMissingPluralFormIsAnErrorWithFileAndPointer) {
    Offer("ar", "نص");
    ASSERT_FALSE(HasProblem(Check().problems, Severity::Error, "ui/ar.json", "/idle.seconds_left/few"));
    m_fixture.ui["ar"]["idle.seconds_left"].erase("few");
    m_fixture.ui["pl"] = m_fixture.ui["en"];  // English forms (one, other) where Polish needs few and many too
    Profile()["languages"].push_back("pl");
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "ui/ar.json", "/idle.seconds_left/few", "plural form \"few\""));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "ui/pl.json", "/help.waited/many", "one, few, many, other"));
    EXPECT_FALSE(HasProblem(report.problems, Severity::Error, "ui/pl.json", "/help.waited/one"));
    // A plain string for a counted text gives no form at all.
    m_fixture.ui["ar"]["list.minutes"] = "حوالي {n} دقيقة";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "ui/ar.json", "/list.minutes/two"));
}

// The demo pack's own texts: every language, every counted text, at 0, 1, 2, 3, 5, 11 and 100.
TEST(DemoPackPlurals, EveryLanguageTakesTheRightFormAtEachCount) {
    const std::filesystem::path source = BK_SOURCE_DIR;
    const ContentReport report = ValidateContent(source / "content", source / "assets");
    ASSERT_TRUE(report.Valid()) << test::Dump(report.problems);
    const ContentPack& pack = report.pack;
    ASSERT_EQ(pack.ui.size(), 7u);
    for (const auto& [lang, strings] : pack.ui)
        for (std::string_view key_view : kPluralUiKeys)
            for (long n : {0L, 1L, 2L, 3L, 5L, 11L, 100L}) {
                const std::string key(key_view), category = PluralCategory(lang, n);
                EXPECT_NE(pack.PluralText(lang, key, category), nullptr) << lang << " " << key << " " << n << " (" << category << ")";
            }
    auto form = [&](const std::string& lang, const char* key, long n) {
        const std::string* text = pack.PluralText(lang, key, PluralCategory(lang, n));
        return text ? *text : std::string();
    };
    // The walk-through's Arabic: 3 to 10 take دقائق and ثوانٍ, 11 and up the singular.
    EXPECT_NE(form("ar", "list.minutes", 5).find("دقائق"), std::string::npos);
    EXPECT_NE(form("ar", "list.minutes", 10).find("دقائق"), std::string::npos);
    EXPECT_EQ(form("ar", "list.minutes", 11).find("دقائق"), std::string::npos);
    EXPECT_NE(form("ar", "thanks.returning", 9).find("ثوانٍ"), std::string::npos);
    EXPECT_NE(form("pl", "idle.seconds_left", 2).find("sekundy"), std::string::npos);
    EXPECT_EQ(form("pl", "idle.seconds_left", 5).find("sekundy"), std::string::npos);
    EXPECT_NE(form("uk", "idle.seconds_left", 1).find("секунда"), std::string::npos);
    EXPECT_NE(form("uk", "idle.seconds_left", 3).find("секунди"), std::string::npos);
    EXPECT_EQ(form("da", "idle.seconds_left", 1), "{n} sekund tilbage");
    EXPECT_EQ(form("da", "idle.seconds_left", 0), "{n} sekunder tilbage");
}

}  // namespace
}  // namespace bk
