// Services say when they were last checked against their official pages (`verified_on`) and who keeps them
// right (`owner`); --check-content warns when the check is more than 180 days old. The day is always given.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "content/check.h"
#include "shared/iso_date.h"
#include "content/validator.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::PackFixture;
namespace fs = std::filesystem;

const std::string kFile = "services/mitid-app.json";

Date Day(const char* text) {
    const std::optional<Date> date = ParseIsoDate(text);
    EXPECT_TRUE(date) << text;
    return date.value_or(Date{});
}

class VerifiedTest : public ::testing::Test {
protected:
    ContentReport Validate(const PackFixture& fixture, std::optional<Date> today = std::nullopt) {
        return ValidateContent(fixture.Write(m_dir.Path()), m_dir.Path() / "assets", today);
    }
    size_t CountAt(const Problems& problems, const std::string& pointer) {
        return static_cast<size_t>(std::count_if(problems.begin(), problems.end(), [&](const Problem& p) {
            return p.file == kFile && p.pointer == pointer;
        }));
    }
    test::TempDir m_dir;
};

TEST(IsoDate, ReadsOnlyRealDaysWrittenYearMonthDay) {
    EXPECT_EQ(FormatIsoDate(Day("2026-11-26")), "2026-11-26");
    EXPECT_EQ(FormatIsoDate(Day("2024-02-29")), "2024-02-29");  // a leap day
    for (const char* bad : {"", "2026-11-6", "26-11-2026", "2026/11/26", "2026-13-01", "2026-02-29", "2026-11-26 ",
                            "2026-1a-26", "20261126"})
        EXPECT_FALSE(ParseIsoDate(bad)) << '"' << bad << '"';
    EXPECT_EQ((Day("2027-01-01") - Day("2026-12-31")).count(), 1);
}

TEST(IsoDate, WallClockMillisecondsGiveTheUtcDay) {
    EXPECT_EQ(FormatIsoDate(DateOfWallMs(0)), "1970-01-01");
    EXPECT_EQ(FormatIsoDate(DateOfWallMs(1'790'000'000'000)), "2026-09-21");  // 2026-09-21T14:13:20Z
    EXPECT_EQ(FormatIsoDate(DateOfWallMs(86'400'000 - 1)), "1970-01-01");
}

TEST_F(VerifiedTest, ReaderKeepsDateAndOwner) {
    const ContentReport report = Validate(PackFixture::Valid());
    ASSERT_TRUE(report.Valid()) << test::Dump(report.problems);
    const Service* service = report.pack.FindService("mitid-app");
    ASSERT_NE(service, nullptr);
    EXPECT_EQ(service->verified_on, "2026-11-01");
    EXPECT_EQ(service->owner, "Borgerservice Odder");
}

TEST_F(VerifiedTest, MalformedDateIsAnErrorNamingFileAndField) {
    for (const char* bad : {"1.11.2026", "2026-11-31", "2026-11-1"}) {
        PackFixture fixture = PackFixture::Valid();
        fixture.services["mitid-app"]["verified_on"] = bad;
        const Problems problems = Validate(fixture).problems;
        EXPECT_TRUE(HasProblem(problems, Severity::Error, kFile, "/verified_on",
                               std::string("must be a real date written YYYY-MM-DD, like \"2026-11-26\", not \"") + bad))
            << bad;
    }
    PackFixture fixture = PackFixture::Valid();
    fixture.services["mitid-app"]["verified_on"] = 20261101;
    EXPECT_TRUE(HasProblem(Validate(fixture).problems, Severity::Error, kFile, "/verified_on", "must be a string"));
}

TEST_F(VerifiedTest, MissingDateOrOwnerIsAWarning) {
    PackFixture fixture = PackFixture::Valid();
    fixture.services["mitid-app"].erase("verified_on");
    fixture.services["mitid-app"].erase("owner");
    const ContentReport report = Validate(fixture, Day("2026-11-26"));
    EXPECT_TRUE(report.Valid()) << test::Dump(report.problems);
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, kFile, "/verified_on", "missing \"verified_on\""));
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, kFile, "/owner", "missing \"owner\""));
    EXPECT_EQ(CountAt(report.problems, "/verified_on"), 1u) << "no age warning without a date";
}

TEST_F(VerifiedTest, EmptyOwnerIsAnError) {
    PackFixture fixture = PackFixture::Valid();
    fixture.services["mitid-app"]["owner"] = " ";
    EXPECT_TRUE(HasProblem(Validate(fixture).problems, Severity::Error, kFile, "/owner", "\"owner\" is empty"));
}

TEST_F(VerifiedTest, WarnsOnlyAfterOneHundredEightyDays) {
    PackFixture fixture = PackFixture::Valid();  // mitid-app verified 2026-11-01
    fixture.services.erase("robot");
    fixture.profiles["odder-bibliotek"]["services"] = test::json::array({"mitid-app"});
    const Date verified = Day("2026-11-01");

    const ContentReport on_the_day = Validate(fixture, verified + std::chrono::days{kVerifiedMaxAgeDays});
    EXPECT_TRUE(on_the_day.problems.empty()) << test::Dump(on_the_day.problems);

    const ContentReport day_after = Validate(fixture, verified + std::chrono::days{kVerifiedMaxAgeDays + 1});
    EXPECT_TRUE(day_after.Valid()) << "old is a warning, not an error";
    EXPECT_TRUE(HasProblem(day_after.problems, Severity::Warning, kFile, "/verified_on",
                           "verified 181 days ago (2026-11-01), more than 180"));
    EXPECT_EQ(day_after.problems.size(), 1u) << test::Dump(day_after.problems);

    const ContentReport no_day = Validate(fixture);
    EXPECT_TRUE(no_day.problems.empty()) << "without a day nothing is compared:\n" << test::Dump(no_day.problems);
}

TEST_F(VerifiedTest, DateAfterTodayIsAWarning) {
    const Problems problems = Validate(PackFixture::Valid(), Day("2026-10-31")).problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, kFile, "/verified_on",
                           "verified on 2026-11-01, after today (2026-10-31): a typo?"));
}

TEST_F(VerifiedTest, CheckContentComparesWithTheDayItIsGiven) {
    const fs::path content = PackFixture::Valid().Write(m_dir.Path());  // robot verified 2026-06-15
    std::ostringstream fresh;
    EXPECT_EQ(RunCheckContent(content, "", Day("2026-12-12"), fresh), kCheckValid);
    EXPECT_NE(fresh.str().find("valid, 0 errors, 0 warnings"), std::string::npos) << fresh.str();

    std::ostringstream stale;
    EXPECT_EQ(RunCheckContent(content, "", Day("2026-12-13"), stale), kCheckValid) << "stale content still ships";
    EXPECT_NE(stale.str().find("warning: services/robot.json#/verified_on: verified 181 days ago (2026-06-15)"),
              std::string::npos) << stale.str();
    EXPECT_NE(stale.str().find("valid, 0 errors, 1 warning "), std::string::npos) << stale.str();
}

}  // namespace
}  // namespace bk
