// One small fixture per validation rule: start from a pack with no problems, break one thing, and check the
// problem is reported with the right severity, file and JSON pointer.
#include <gtest/gtest.h>

#include "content/validator.h"
#include "shared/utf8.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::Text;
using test::json;
namespace fs = std::filesystem;

using ValidatorTest = test::PackCheckTest;

// [SECTION] The fixture itself

TEST_F(ValidatorTest, ValidPackHasNoProblemsAtAll) {
    const ContentReport report = Check();
    EXPECT_TRUE(report.readable);
    EXPECT_TRUE(report.Valid());
    EXPECT_TRUE(report.problems.empty()) << test::Dump(report.problems);

    ASSERT_EQ(report.pack.services.size(), 2u);
    const Service* mitid = report.pack.FindService("mitid-app");
    ASSERT_NE(mitid, nullptr);
    EXPECT_EQ(mitid->kind, ServiceKind::Guide);
    EXPECT_EQ(mitid->steps.size(), 3u);
    EXPECT_EQ(mitid->steps[0].image, "images/step.png");
    EXPECT_EQ(mitid->steps[0].phone_link, "https://www.mitid.dk/");
    EXPECT_EQ(mitid->steps[0].you_need.size(), 1u);
    EXPECT_EQ(mitid->title.Get("en"), "Get MitID");
    EXPECT_EQ(mitid->staff_minutes_saved, 10);
    EXPECT_EQ(report.pack.FindService("robot")->kind, ServiceKind::Welfare);
    EXPECT_EQ(report.pack.id, "test");
    EXPECT_EQ(report.pack.version, "2026.11.1");
    const KioskProfile* profile = report.pack.FindProfile("odder-bibliotek");
    ASSERT_NE(profile, nullptr);
    EXPECT_EQ(profile->languages, (std::vector<Lang>{"da", "en", "nb"}));
    EXPECT_EQ(profile->idle_answer_s, 30);
    EXPECT_EQ(report.pack.FindStrategy("odder")->themes.size(), 2u);
    EXPECT_EQ(report.pack.Text("nb", "idle.title"), "nb: idle.title");
    ASSERT_EQ(report.lix.size(), 2u);
}

// [SECTION] Files and types

TEST_F(ValidatorTest, TheQuotedLineOfBrokenJsonIsCutBetweenCharacters) {
    // The 80-byte excerpt used to end inside a two-byte "ø", so the message (shown in staff mode) was not UTF-8.
    const fs::path content = m_fixture.Write(Root());
    const std::string long_line = "  \"title\": \"" + std::string(67, 'a') + "øøøøøøøøøø\" \"oops\"";
    test::WriteText(content / "services" / "mitid-app.json", "{\n" + long_line + "\n}\n");
    const ContentReport report = ValidateContent(content, Root() / "assets");
    ASSERT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "", "near: \"title\""));
    for (const Problem& problem : report.problems) EXPECT_TRUE(IsValidUtf8(FormatProblem(problem))) << FormatProblem(problem);
}

TEST_F(ValidatorTest, UnparseableJsonIsAnErrorWithItsLine) {
    const fs::path content = m_fixture.Write(Root());
    test::WriteText(content / "services" / "mitid-app.json", "{\n  \"id\": \"mitid-app\",\n  \"version\": 1\n  \"kind\": \"guide\"\n}\n");
    const ContentReport report = ValidateContent(content, Root() / "assets");
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "", "not valid JSON"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "", "line 4"));
    // The profile still names the service, which no longer loads.
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "profiles/odder-bibliotek.json", "/services/0",
                           "unknown service \"mitid-app\": services/mitid-app.json could not be read"));
}

TEST_F(ValidatorTest, InvalidUtf8IsAnError) {
    const fs::path content = m_fixture.Write(Root());
    test::WriteText(content / "ui" / "nb.json", "{\"idle.title\": \"Er du der fortsatt? \xF8\"}");  // Latin-1 ø
    const auto problems = ValidateContent(content, Root() / "assets").problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "ui/nb.json", "", "UTF-8"));
}

TEST_F(ValidatorTest, MissingRequiredFieldIsAnError) {
    Mitid().erase("title");
    m_fixture.strategies["odder"].erase("vision");
    Profile().erase("registry_url");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/title", "missing required field"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "strategies/odder.json", "/vision", "missing required field"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "profiles/odder-bibliotek.json", "/registry_url",
                           "missing required field"));
}

TEST_F(ValidatorTest, WrongTypesAreErrors) {
    Mitid()["version"] = "1";
    Mitid()["category"] = 7;
    Mitid()["summary"] = "Sådan får du appen.";
    Mitid()["steps"][1]["body"]["en"] = 5;
    Profile()["languages"] = "da";
    Profile()["idle_timeout_s"] = 60.5;
    m_fixture.ui["da"]["idle.title"] = json::array();
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/version", "whole number, not a string"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/category", "must be a string"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/summary", "one string per language"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps/1/body/en", "must be a string"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "profiles/odder-bibliotek.json", "/languages", "must be a list"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "profiles/odder-bibliotek.json", "/idle_timeout_s",
                           "not a decimal number"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "ui/da.json", "/idle.title", "must be a string"));
    // A mistyped text is reported once, not also as "missing".
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "services/mitid-app.json", "/steps/1/body/en"));
    EXPECT_FALSE(HasProblem(problems, Severity::Error, "ui/da.json", "/idle.title", "missing"));
}

TEST_F(ValidatorTest, EveryFieldOfTheWrongTypeIsReportedWithoutCrashing) {
    for (auto* files : {&m_fixture.strategies, &m_fixture.services, &m_fixture.profiles}) {
        for (auto& [name, content] : *files) {
            std::size_t i = 0;
            for (auto& [key, value] : content.items()) {
                // Alternate between kinds of wrong value so each reader branch sees some.
                const json wrong[] = {nullptr, 3, json::array({1, "x"}), json::object({{"da", 1}}), "text"};
                value = wrong[i++ % 5];
            }
        }
    }
    const ContentReport report = Check();
    EXPECT_TRUE(report.readable);
    EXPECT_GE(CountProblems(report.problems, Severity::Error), 20u) << test::Dump(report.problems);
    for (const auto& problem : report.problems) EXPECT_FALSE(problem.message.empty());
}

TEST_F(ValidatorTest, RootThatIsNotAnObjectIsAnError) {
    m_fixture.services["robot"] = json::array();
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/robot.json", "", "must be an object"));
}

TEST_F(ValidatorTest, MissingPackJsonAndFoldersAreErrors) {
    const fs::path content = m_fixture.Write(Root());
    fs::remove(content / "pack.json");
    fs::remove_all(content / "strategies");
    for (const auto& entry : fs::directory_iterator(content / "profiles")) fs::remove(entry.path());
    const auto problems = ValidateContent(content, Root() / "assets").problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "pack.json", "", "missing"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "strategies/", "", "missing"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "profiles/", "", "no kiosk profile files"));
}

TEST_F(ValidatorTest, UnreadableFolderIsNotReadable) {
    const ContentReport report = ValidateContent(Root() / "does-not-exist", Root() / "assets");
    EXPECT_FALSE(report.readable);
    EXPECT_FALSE(report.Valid());
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "", "", "cannot read the content folder"));
}

TEST_F(ValidatorTest, UnknownFieldsAndStrayFilesAreWarnings) {
    Mitid()["sumary"] = Text("a", "b", "c");
    const fs::path content = m_fixture.Write(Root());
    test::WriteText(content / "services" / "notes.txt", "todo");
    const auto problems = ValidateContent(content, Root() / "assets").problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "services/mitid-app.json", "/sumary", "unknown field"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "services/notes.txt", "", "ignored"));
    EXPECT_FALSE(HasErrors(problems)) << test::Dump(problems);
}

// [SECTION] Ids

TEST_F(ValidatorTest, IdFormatIsLowerCaseLettersDigitsAndDashes) {
    Mitid()["id"] = "MitID_App";
    m_fixture.strategies["odder"]["themes"][0]["id"] = "med virken";
    Profile()["id"] = "odder-bibliotek-2";
    m_fixture.pack["id"] = "Demo";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/id", "not a valid id"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "strategies/odder.json", "/themes/0/id", "not a valid id"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "pack.json", "/id", "not a valid id"));
    // A valid id that differs from its file name is only a warning.
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "profiles/odder-bibliotek.json", "/id", "file name"));
    EXPECT_FALSE(HasProblem(problems, Severity::Error, "profiles/odder-bibliotek.json", "/id"));
    EXPECT_TRUE(IsValidId("mitid-app-2"));
    EXPECT_FALSE(IsValidId("mitid.app"));
    EXPECT_FALSE(IsValidId("sønderborg"));
    EXPECT_FALSE(IsValidId(""));
}

TEST_F(ValidatorTest, DuplicateServiceIdsAreErrors) {
    m_fixture.services["mitid-app-copy"] = Mitid();
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/id",
                           "duplicate service id \"mitid-app\" (also used in services/mitid-app-copy.json)"));
}

TEST_F(ValidatorTest, DuplicateStrategyAndProfileIdsAreErrors) {
    m_fixture.strategies["odder2"] = m_fixture.strategies["odder"];
    m_fixture.profiles["odder-copy"] = Profile();
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "strategies/odder2.json", "/id", "duplicate strategy id"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "profiles/odder-copy.json", "/id", "duplicate profile id"));
}

TEST_F(ValidatorTest, DuplicateThemeIdsWithinAStrategyAreErrors) {
    m_fixture.strategies["odder"]["themes"][1]["id"] = "medvirken";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "strategies/odder.json", "/themes/1/id", "duplicate theme id"));
}

// [SECTION] Themes

TEST_F(ValidatorTest, UnknownThemeReferencesAreErrors) {
    Mitid()["themes"] = json::array({"odder.nope", "esbjerg.medvirken", "medvirken", "odder.medvirken"});
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/themes/0",
                           "strategy \"odder\" has no theme \"nope\""));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/themes/1",
                           "there is no strategy \"esbjerg\""));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/themes/2", "<strategy id>.<theme id>"));
    EXPECT_FALSE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/themes/3"));
}

TEST_F(ValidatorTest, ServiceWithNoThemeIsAnError) {
    Mitid()["themes"] = json::array();
    m_fixture.services["robot"].erase("themes");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/themes", "serves no theme"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/robot.json", "/themes", "missing required field"));
}

TEST_F(ValidatorTest, ServiceThatServesNoThemeOfTheProfilesStrategyIsAnError) {
    json esbjerg = m_fixture.strategies["odder"];
    esbjerg["id"] = "esbjerg";
    esbjerg["municipality"] = "esbjerg";
    m_fixture.strategies["esbjerg"] = esbjerg;
    m_fixture.services["robot"]["themes"] = json::array({"esbjerg.service"});
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/services/1",
                           "serves no theme of strategy \"odder\""));
}

// [SECTION] Texts

TEST_F(ValidatorTest, MissingDanishTextIsAnError) {
    Mitid()["title"].erase("da");
    Mitid()["steps"][2]["body"]["da"] = "  ";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/title/da", "missing Danish text"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps/2/body/da", "empty Danish text"));
}

TEST_F(ValidatorTest, MissingEnglishOrNorwegianTextIsAWarningAndFallsBackToDanish) {
    Mitid()["summary"].erase("en");
    m_fixture.strategies["odder"]["themes"][0]["principles"][0].erase("nb");
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/mitid-app.json", "/summary/en",
                           "Danish is shown instead"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "strategies/odder.json", "/themes/0/principles/0/nb"));
    EXPECT_TRUE(report.Valid()) << test::Dump(report.problems);
    EXPECT_EQ(report.pack.FindService("mitid-app")->summary.Get("en"), "Sådan får du appen.");
}

TEST_F(ValidatorTest, UnknownLanguageInATextIsAWarning) {
    Mitid()["title"]["sv"] = "Skaffa MitID";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "services/mitid-app.json", "/title/sv", "unknown language"));
}

// [SECTION] Links and images

TEST_F(ValidatorTest, LinksMustBeHttps) {
    Mitid()["url"] = "http://www.mitid.dk/";
    Mitid()["steps"][0]["phone_link"] = "www.mitid.dk";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/url", "not an https:// link"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps/0/phone_link",
                           "not an https:// link"));
}

TEST_F(ValidatorTest, MissingImageFileIsAnError) {
    Mitid()["steps"][1]["image"] = "images/missing.png";
    Mitid()["steps"][2]["image"] = "../content/pack.json";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps/1/image", "not found"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps/2/image",
                           "inside the assets folder"));
}

// [SECTION] Services and steps

TEST_F(ValidatorTest, StepWithoutBodyIsAnError) {
    Mitid()["steps"][1].erase("body");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/steps/1/body", "no body"));
}

TEST_F(ValidatorTest, ServiceWithNoStepsIsAnError) {
    Mitid()["steps"] = json::array();
    m_fixture.services["robot"].erase("steps");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/steps", "no steps"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/robot.json", "/steps", "missing required field"));
}

TEST_F(ValidatorTest, VersionMustBeAPositiveWholeNumber) {
    Mitid()["version"] = 0;
    m_fixture.services["robot"]["version"] = 1.5;
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.json", "/version", "positive whole number"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/robot.json", "/version", "whole number"));
}

TEST_F(ValidatorTest, KindMustBeGuideOrWelfare) {
    Mitid()["kind"] = "tutorial";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/kind",
                           "\"guide\" or \"welfare\""));
}

TEST_F(ValidatorTest, NegativeMinutesAreErrors) {
    Mitid()["staff_minutes_saved"] = -5;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/staff_minutes_saved",
                           "negative"));
}

TEST_F(ValidatorTest, GuidesWithFewerThanThreeOrMoreThanTwelveStepsAreWarnings) {
    Mitid()["steps"].erase(2);
    json many = json::array();
    for (int i = 0; i < 13; ++i) many.push_back(test::Step(std::to_string(i)));
    m_fixture.services["long-guide"] = Mitid();
    m_fixture.services["long-guide"]["id"] = "long-guide";
    m_fixture.services["long-guide"]["steps"] = many;
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/mitid-app.json", "/steps", "2 steps"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/long-guide.json", "/steps", "13 steps"));
    // The welfare item has a single step and that is fine.
    EXPECT_FALSE(HasProblem(report.problems, Severity::Warning, "services/robot.json", "/steps"));
    EXPECT_TRUE(report.Valid());
}

// [SECTION] Profiles

TEST_F(ValidatorTest, ProfileNamingUnknownServiceStrategyOrLanguageIsAnError) {
    Profile()["services"] = json::array({"mitid-app", "nemid"});
    Profile()["strategy"] = "aarhus";
    Profile()["languages"] = json::array({"da", "sv"});
    const auto problems = Check().problems;
    const std::string file = "profiles/odder-bibliotek.json";
    EXPECT_TRUE(HasProblem(problems, Severity::Error, file, "/services/1", "unknown service \"nemid\""));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, file, "/strategy", "unknown strategy \"aarhus\""));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, file, "/languages/1", "unknown language \"sv\""));
}

TEST_F(ValidatorTest, OpeningHoursAreReadAndTheirMistakesNamed) {
    Profile()["opening_hours"] = {{"time_zone", "Europe/Oslo"},
                                  {"mon", json::array({"08:00-12:00", "13:00-16:00"})},
                                  {"tue", json::array({"8-16"})},
                                  {"wed", json::array({"10:00-14:00", "13:00-15:00"})},
                                  {"closed_days", json::array({"2026-12-24", "24/12"})}};
    ContentReport report = Check();
    const std::string file = "profiles/odder-bibliotek.json";
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, file, "/opening_hours/tue/0", "\"8-16\" is not an opening time"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, file, "/opening_hours/wed/1", "overlaps"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, file, "/opening_hours/closed_days/1", "\"24/12\" is not a date"));
    const KioskProfile& profile = report.pack.profiles.at(0);
    EXPECT_TRUE(profile.opening_hours.defined);
    EXPECT_EQ(profile.opening_hours.time_zone, "Europe/Oslo");
    ASSERT_EQ(profile.opening_hours.week[0].size(), 2u);
    EXPECT_EQ(profile.opening_hours.week[0][1].open_min, 13 * 60);
    EXPECT_TRUE(profile.opening_hours.week[4].empty()) << "a weekday left out is closed";
    EXPECT_EQ(profile.opening_hours.closed_days, std::set<std::string>{"2026-12-24"});

    Profile()["opening_hours"] = {{"time_zone", "Europe/Odder"}};
    report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, file, "/opening_hours/time_zone", "unknown time zone"));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, file, "/opening_hours", "never open"));
}

// A Norwegian kiosk starts its visits in bokmål; its texts still carry Danish, the pack's base language.
TEST_F(ValidatorTest, ProfileMayOfferAnotherLanguageFirstButNotNone) {
    Profile()["languages"] = json::array({"nb", "en"});
    const ContentReport report = Check();
    EXPECT_TRUE(report.problems.empty()) << test::Dump(report.problems);
    EXPECT_EQ(report.pack.profiles.at(0).languages.front(), "nb");
    Profile()["languages"] = json::array();
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/languages",
                           "offers no language"));
}

TEST_F(ValidatorTest, TheFirstLanguageNeedsItsUiStrings) {
    Profile()["languages"] = json::array({"nb", "en"});
    m_fixture.ui.erase("nb");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/languages/0",
                           "no ui/nb.json"));
    Profile()["languages"] = json::array({"da", "nb"});
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "profiles/odder-bibliotek.json", "/languages/1",
                           "no ui/nb.json"));
}

TEST_F(ValidatorTest, IdleAnswerUnderTwentySecondsIsAnError) {
    Profile()["idle_answer_s"] = 19;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/idle_answer_s",
                           "WCAG 2.2.1"));
    Profile()["idle_answer_s"] = 20;
    EXPECT_TRUE(Check().problems.empty());
}

TEST_F(ValidatorTest, IdleTimeoutMustBePositive) {
    Profile()["idle_timeout_s"] = 0;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/idle_timeout_s",
                           "more than 0"));
    Profile()["idle_timeout_s"] = -10;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/idle_timeout_s"));
}

TEST_F(ValidatorTest, HelpWaitLimitDefaultsToFifteenMinutesAndIsNoShorterThanTheIdleTimeout) {
    Profile().erase("help_wait_limit_s");
    const ContentReport defaulted = Check();
    EXPECT_TRUE(defaulted.problems.empty());
    ASSERT_NE(defaulted.pack.FindProfile("odder-bibliotek"), nullptr);
    EXPECT_EQ(defaulted.pack.FindProfile("odder-bibliotek")->help_wait_limit_s, 900);
    Profile()["help_wait_limit_s"] = 59;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/help_wait_limit_s",
                           "shorter than \"idle_timeout_s\""));
    Profile()["help_wait_limit_s"] = 7200;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "profiles/odder-bibliotek.json", "/help_wait_limit_s",
                           "over an hour"));
    Profile()["help_wait_limit_s"] = 60;
    EXPECT_TRUE(Check().problems.empty());
}

TEST_F(ValidatorTest, PhoneWaitLimitDefaultsToTenMinutesAndIsNoShorterThanTheIdleTimeout) {
    Profile().erase("phone_wait_limit_s");
    const ContentReport defaulted = Check();
    EXPECT_TRUE(defaulted.problems.empty());
    ASSERT_NE(defaulted.pack.FindProfile("odder-bibliotek"), nullptr);
    EXPECT_EQ(defaulted.pack.FindProfile("odder-bibliotek")->phone_wait_limit_s, 600);
    Profile()["phone_wait_limit_s"] = 59;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/phone_wait_limit_s",
                           "shorter than \"idle_timeout_s\""));
    Profile()["phone_wait_limit_s"] = 7200;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "profiles/odder-bibliotek.json", "/phone_wait_limit_s",
                           "over an hour"));
    Profile()["phone_wait_limit_s"] = "ten minutes";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/phone_wait_limit_s"));
    Profile()["phone_wait_limit_s"] = 900;
    EXPECT_TRUE(Check().problems.empty());
}

TEST_F(ValidatorTest, HelpEscalationDefaultsToThreeMinutesWithinTheRegistrysBoundsAndTheDeskTextIsRead) {
    Profile().erase("help_escalate_after_s");
    Profile().erase("help_desk_where");
    const ContentReport defaulted = Check();
    EXPECT_TRUE(defaulted.Valid()) << test::Dump(defaulted.problems);
    EXPECT_EQ(defaulted.problems.size(), 1u) << "only: the citizen is not told where the desk is";
    ASSERT_NE(defaulted.pack.FindProfile("odder-bibliotek"), nullptr);
    EXPECT_EQ(defaulted.pack.FindProfile("odder-bibliotek")->help_escalate_after_s, 180);
    EXPECT_TRUE(defaulted.pack.FindProfile("odder-bibliotek")->help_desk_where.Get("da").empty()) << "optional, with a warning";
    for (int bad : {29, 3601}) {
        Profile()["help_escalate_after_s"] = bad;
        EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/help_escalate_after_s", "use 30 to 3600"))
            << bad;
    }
    Profile()["help_escalate_after_s"] = 300;
    Profile()["help_desk_where"] = {{"da", "Skranken er ved indgangen."}, {"en", "The desk is by the entrance."},
                                     {"nb", "Skranken er ved inngangen."}};
    const ContentReport good = Check();
    EXPECT_TRUE(good.problems.empty()) << (good.problems.empty() ? "" : good.problems.front().message);
    EXPECT_EQ(good.pack.FindProfile("odder-bibliotek")->help_escalate_after_s, 300);
    EXPECT_EQ(good.pack.FindProfile("odder-bibliotek")->help_desk_where.Get("en"), "The desk is by the entrance.");
}

TEST_F(ValidatorTest, MalformedStaffPinHashIsAnError) {
    const std::string file = "profiles/odder-bibliotek.json";
    for (const char* bad : {"1234", "pbkdf2-sha256$100000$0011$abcd",
                            "pbkdf2-sha256$lots$00112233445566778899aabbccddeeff$"
                            "d7eb973c765dbd5bc56c68688684a18d9d1dfb52c4fbb44d128851477cf7246b",
                            "bcrypt$100000$00112233445566778899aabbccddeeff$"
                            "d7eb973c765dbd5bc56c68688684a18d9d1dfb52c4fbb44d128851477cf7246b"}) {
        Profile()["staff_pin_hash"] = bad;
        EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, file, "/staff_pin_hash", "malformed staff PIN hash"))
            << bad;
    }
    Profile()["staff_pin_hash"] = "pbkdf2-sha256$1000$00ff$d7eb973c765dbd5bc56c68688684a18d9d1dfb52c4fbb44d128851477cf7246b";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, file, "/staff_pin_hash", "only 1000 iterations"));
}

TEST_F(ValidatorTest, RegistryUrlMustBeHttpOrHttps) {
    Profile()["registry_url"] = "ftp://registry.local";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "profiles/odder-bibliotek.json", "/registry_url",
                           "not an http:// or https:// address"));
    Profile()["registry_url"] = "https://registry.example.dk";
    EXPECT_TRUE(Check().problems.empty());
}

// [SECTION] UI strings

TEST_F(ValidatorTest, UiKeyMissingInDanishIsAnErrorAndInEnglishOrNorwegianAWarning) {
    m_fixture.ui["da"].erase("idle.title");
    m_fixture.ui["en"].erase("guide.next");
    m_fixture.ui["nb"].erase("outoforder.body");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "ui/da.json", "/idle.title", "missing UI string"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/en.json", "/guide.next", "missing UI string"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/nb.json", "/outoforder.body", "missing UI string"));
    EXPECT_EQ(problems.size(), 3u) << test::Dump(problems);
}

TEST_F(ValidatorTest, UnknownUiKeysAreWarnings) {
    m_fixture.ui["da"]["home.titel"] = "Hjem";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "ui/da.json", "/home.titel", "unknown UI string"));
}

TEST_F(ValidatorTest, MissingUiFiles) {
    m_fixture.ui.erase("da");
    m_fixture.ui.erase("nb");
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "ui/da.json", "", "missing"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/nb.json", "", "falls back to Danish"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "profiles/odder-bibliotek.json", "/languages/2", "no ui/nb.json"));
}

TEST_F(ValidatorTest, TranslationWithDifferentPlaceholdersIsAWarning) {
    m_fixture.ui["da"]["guide.step_of"] = "Trin {n} af {m}";
    m_fixture.ui["en"]["guide.step_of"] = "Step {n} of {total}";
    m_fixture.ui["nb"]["guide.step_of"] = "Steg {n} av {m}";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "ui/en.json", "/guide.step_of", "placeholders"));
    EXPECT_FALSE(HasProblem(problems, Severity::Warning, "ui/nb.json", "/guide.step_of"));
}

// [SECTION] Readability

TEST_F(ValidatorTest, LixAboveTheStrictestProfilesThresholdIsAWarning) {
    // Danish texts of mitid-app after the change:
    //   title "Få MitID"                       2 words, 1 sentence, 0 long
    //   summary "Sådan får du appen."           4 words, 1 sentence, 0 long
    //   3 step titles "Trin et/to/tre"          2 words, 1 sentence, 0 long each
    //   3 bodies "Ansøgningsblanketten udfyldes elektronisk."  3 words, 1 sentence, 3 long each
    // words 2+4+6+9 = 21, sentences 1+1+3+3 = 8, long 9: LIX = 21/8 + 100*9/21 = 2.625 + 42.857 = 45.48
    for (auto& step : Mitid()["steps"]) step["body"]["da"] = "Ansøgningsblanketten udfyldes elektronisk.";
    Profile()["lix_threshold"] = 60;
    EXPECT_FALSE(HasProblem(Check().problems, Severity::Warning, "services/mitid-app.json", "", "LIX"));

    json strict = Profile();
    strict["id"] = "odder-strict";
    strict["lix_threshold"] = 30;
    m_fixture.profiles["odder-strict"] = strict;
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/mitid-app.json", "",
                           "Danish LIX is 45.5, above 30 (profile odder-strict)"));
    // Norwegian kept its short texts.
    EXPECT_FALSE(HasProblem(report.problems, Severity::Warning, "services/mitid-app.json", "", "Norwegian LIX"));
    EXPECT_TRUE(report.Valid());

    const auto& lix = report.lix;
    auto mitid = std::find_if(lix.begin(), lix.end(), [](const ServiceLix& s) { return s.service_id == "mitid-app"; });
    ASSERT_NE(mitid, lix.end());
    EXPECT_EQ(mitid->threshold, 30);
    ASSERT_TRUE(mitid->da && mitid->nb);
    EXPECT_NEAR(mitid->da->Lix(), 2.625 + 900.0 / 21.0, 1e-9);
    EXPECT_LT(mitid->nb->Lix(), 30.0);
}

TEST_F(ValidatorTest, LixThresholdDefaultsToFortyForAServiceNoProfileShows) {
    Profile()["services"] = json::array({"mitid-app"});
    // Norwegian texts of robot: title "Robot" 1 word, 1 sentence, 0 long; step title "Steg et" 2, 1, 0;
    // body "Trykk på knappen." 3, 1, 1 (knappen: 7 letters); the new summary 4 words, 1 sentence, 4 long
    // (Støvsugerroboten 16, rengjør 7, gulvene 7, automatisk 10).
    // words 10, sentences 4, long 5: LIX = 10/4 + 100*5/10 = 2.5 + 50 = 52.5
    m_fixture.services["robot"]["summary"]["nb"] = "Støvsugerroboten rengjør gulvene automatisk.";
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/robot.json", "",
                           "Norwegian LIX is 52.5, above 40 (the default)"));
    EXPECT_FALSE(HasProblem(report.problems, Severity::Warning, "services/robot.json", "", "Danish LIX"));
}

// [SECTION] Every problem at once

TEST_F(ValidatorTest, CollectsEveryProblemInOnePass) {
    Mitid()["url"] = "http://x.dk";
    Mitid()["steps"][1].erase("body");
    Profile()["idle_answer_s"] = 5;
    m_fixture.ui["da"].erase("start.title");
    m_fixture.strategies["odder"]["themes"][0]["name"].erase("da");
    const auto problems = Check().problems;
    EXPECT_EQ(CountProblems(problems, Severity::Error), 5u) << test::Dump(problems);
    // Grouped by file.
    EXPECT_TRUE(std::is_sorted(problems.begin(), problems.end(),
                               [](const Problem& a, const Problem& b) { return a.file < b.file; }));
}

}  // namespace
}  // namespace bk
