// Two live versions of one service, run side by side (content/README.md): the second file for the same id
// carries "side_by_side": {"share": N}. Each refusal has its own message, the same for --check-content and
// `registry-stub content publish` (both call ValidateContent).
#include <gtest/gtest.h>

#include "content/validator.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::json;
namespace fs = std::filesystem;

class SideBySideTest : public test::PackCheckTest {
protected:
    SideBySideTest() {
        // mitid-app v2 beside v1, given to 30 % of visits, with a step more.
        json newer = m_fixture.services["mitid-app"];
        newer["version"] = 2;
        newer["side_by_side"] = {{"share", 30}};
        newer["steps"].push_back(test::Step("fire"));
        m_fixture.services["mitid-app.v2"] = newer;
    }
    json& Newer() { return m_fixture.services["mitid-app.v2"]; }
};

TEST_F(SideBySideTest, TwoLiveVersionsLoadOneEntryPerIdPlusTheAlternative) {
    const ContentReport report = Check();
    EXPECT_TRUE(report.problems.empty()) << test::Dump(report.problems);
    ASSERT_EQ(report.pack.services.size(), 2u);  // every existing lookup sees one mitid-app
    const Service* live = report.pack.FindService("mitid-app");
    ASSERT_NE(live, nullptr);
    EXPECT_EQ(live->version, 1);
    EXPECT_EQ(live->side_by_side_share, 0);
    const Service* beside = report.pack.SideBySide("mitid-app");
    ASSERT_NE(beside, nullptr);
    EXPECT_EQ(beside->version, 2);
    EXPECT_EQ(beside->side_by_side_share, 30);
    EXPECT_EQ(beside->steps.size(), 4u);
    // The alternative's picture is found like any other step's.
    EXPECT_FALSE(beside->steps[0].image_file.empty());
    EXPECT_EQ(report.pack.SideBySide("robot"), nullptr);
    // Its readability is scored too, named by its version.
    ASSERT_EQ(report.lix.size(), 3u);
    EXPECT_EQ(report.lix[2].service_id, "mitid-app v2");
}

TEST_F(SideBySideTest, AThirdVersionIsRefused) {
    json third = Newer();
    third["version"] = 3;
    m_fixture.services["mitid-app.v3"] = third;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v3.json", "/side_by_side",
                           "more than two versions of service \"mitid-app\": services/mitid-app.v2.json also runs side "
                           "by side; a service has at most two live versions"));
}

TEST_F(SideBySideTest, TwoFilesWithoutSideBySideAreStillDuplicates) {
    m_fixture.services["mitid-app-copy"] = m_fixture.services["mitid-app"];
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/id",
                           "duplicate service id \"mitid-app\""));
}

TEST_F(SideBySideTest, EqualVersionsAreRefused) {
    Newer()["version"] = 1;
    m_fixture.services["mitid-app.v1"] = Newer();
    m_fixture.services.erase("mitid-app.v2");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v1.json", "/version",
                           "both live versions of \"mitid-app\" are version 1 (also services/mitid-app.json); give the "
                           "side-by-side version a higher number"));
}

TEST_F(SideBySideTest, ALowerSideBySideVersionIsRefused) {
    m_fixture.services["mitid-app"]["version"] = 3;
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v2.json", "/version",
                           "version 2 is lower than the other live version 3 (services/mitid-app.json)"));
}

TEST_F(SideBySideTest, AShareOutsideOneTo99IsRefused) {
    for (int share : {0, 100, -5}) {
        Newer()["side_by_side"]["share"] = share;
        EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v2.json", "/side_by_side/share",
                               "\"share\" is the percent of visits that get this version, 1 to 99, not " +
                                   std::to_string(share) + "; the other live version gets the rest"));
    }
    for (int share : {1, 99}) {
        Newer()["side_by_side"]["share"] = share;
        const ContentReport report = Check();
        EXPECT_TRUE(report.Valid()) << share << "\n" << test::Dump(report.problems);
        EXPECT_EQ(report.pack.SideBySide("mitid-app")->side_by_side_share, share);
    }
    Newer()["side_by_side"] = {{"share", "50"}};
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v2.json", "/side_by_side/share",
                           "\"share\" must be a whole number"));
    Newer()["side_by_side"] = {{"percent", 50}};
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.v2.json", "/side_by_side/share"));
    EXPECT_TRUE(HasProblem(problems, Severity::Warning, "services/mitid-app.v2.json", "/side_by_side/percent"));
}

TEST_F(SideBySideTest, ASideBySideFileWithoutTheOtherVersionIsRefused) {
    m_fixture.services.erase("mitid-app");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v2.json", "/side_by_side",
                           "runs side by side with another version of \"mitid-app\", but no services/*.json without "
                           "\"side_by_side\" has this id: the other live version is missing"));
}

TEST_F(SideBySideTest, DifferentKindsAreRefused) {
    Newer()["kind"] = "welfare";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.v2.json", "/kind",
                           "the two live versions of \"mitid-app\" are of different kinds (services/mitid-app.json is a "
                           "guide); both must be the same kind"));
}

TEST_F(SideBySideTest, OtherThemesThanTheLiveVersionAreAWarning) {
    Newer()["themes"] = json::array({"odder.service"});
    const ContentReport report = Check();
    EXPECT_TRUE(report.Valid()) << test::Dump(report.problems);
    EXPECT_TRUE(HasProblem(report.problems, Severity::Warning, "services/mitid-app.v2.json", "/themes",
                           "the themes differ from services/mitid-app.json; the reports count both versions under the "
                           "themes of services/mitid-app.json"));
}

TEST_F(SideBySideTest, TheAlternativeIsCheckedLikeAnyService) {
    Newer()["themes"] = json::array({"odder.nowhere"});
    Newer()["steps"][0]["image"] = "images/missing.png";
    const auto problems = Check().problems;
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.v2.json", "/themes/0", "unknown theme"));
    EXPECT_TRUE(HasProblem(problems, Severity::Error, "services/mitid-app.v2.json", "/steps/0/image", "not found"));
}

TEST_F(SideBySideTest, TheFileNameSaysTheVersion) {
    m_fixture.services["mitid-app-new"] = Newer();
    m_fixture.services.erase("mitid-app.v2");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Warning, "services/mitid-app-new.json", "/id",
                           "name the side-by-side version's file \"mitid-app.v2.json\""));
}

}  // namespace
}  // namespace bk
