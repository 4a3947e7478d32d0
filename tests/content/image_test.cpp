// Step pictures: the file must exist (in the pack's assets folder or among the built pictures), decode, and
// have alt text in every language the pack offers; the demo guides each use at least one.
#include <gtest/gtest.h>

#include "content/image_file.h"
#include "content/loader.h"
#include "content/validator.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::Text;
using test::json;
namespace fs = std::filesystem;

class ImageTest : public test::PackCheckTest {
protected:
    json& FirstStep() { return Mitid()["steps"][0]; }
    fs::path Assets() const { return Root() / "assets"; }
};

TEST_F(ImageTest, APictureThatDecodesIsFoundAndResolved) {
    const ContentReport report = Check();
    ASSERT_TRUE(report.Valid()) << test::Dump(report.problems);
    const Step& step = report.pack.FindService("mitid-app")->steps[0];
    EXPECT_EQ(fs::path(step.image_file), (Assets() / "images" / "step.png").lexically_normal());
    EXPECT_EQ(step.image_alt.Get("en"), "A phone.");
    int width = 0, height = 0;
    std::string why;
    EXPECT_TRUE(ReadImageSize(step.image_file, &width, &height, &why)) << why;
    EXPECT_EQ(width, 1);
}

TEST_F(ImageTest, BrokenPictureFileIsAnErrorNamingTheFile) {
    m_fixture.images.clear();
    m_fixture.Write(m_dir.Path());
    test::WriteText(Assets() / "images" / "step.png", "not really a png");
    const ContentReport report = ValidateContent(m_dir.Path() / "content", Assets());
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image",
                           "image file \"images/step.png\" is not a picture"))
        << test::Dump(report.problems);
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image",
                           (Assets() / "images" / "step.png").string()));
}

TEST_F(ImageTest, EmptyPictureFileIsAnError) {
    m_fixture.images.clear();
    m_fixture.Write(m_dir.Path());
    test::WriteText(Assets() / "images" / "step.png", "");
    EXPECT_TRUE(HasProblem(ValidateContent(m_dir.Path() / "content", Assets()).problems, Severity::Error,
                           "services/mitid-app.json", "/steps/0/image", "not a picture"));
}

TEST_F(ImageTest, MissingPictureFileIsAnErrorNamingTheFile) {
    FirstStep()["image"] = "images/no-such-picture.png";
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/steps/0/image",
                           "image file \"images/no-such-picture.png\" not found"));
}

TEST_F(ImageTest, AltTextIsNeededInEveryOfferedLanguage) {
    FirstStep()["image_alt"] = {{"da", "En telefon."}, {"en", "A phone."}};
    const ContentReport report = Check();
    EXPECT_TRUE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image_alt",
                           "no alt text in \"nb\""))
        << test::Dump(report.problems);
    EXPECT_FALSE(HasProblem(report.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image_alt",
                            "\"en\""));
}

TEST_F(ImageTest, AltTextIsNotNeededInALanguageNoProfileOffers) {
    m_fixture.profiles["odder-bibliotek"]["languages"] = json::array({"da", "en"});
    FirstStep()["image_alt"] = {{"da", "En telefon."}, {"en", "A phone."}};
    EXPECT_FALSE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/steps/0/image_alt"));
}

TEST_F(ImageTest, PictureWithoutAnyAltTextIsAnError) {
    FirstStep().erase("image_alt");
    EXPECT_TRUE(HasProblem(Check().problems, Severity::Error, "services/mitid-app.json", "/steps/0/image_alt",
                           "no alt text in \"da\""));
}

TEST_F(ImageTest, BuiltPictureIsFoundWhenThePackHasNoFileOfThatName) {
    FirstStep()["image"] = "images/phone-app.png";
    const ContentReport report = Check();
    ASSERT_TRUE(report.Valid()) << test::Dump(report.problems);
    EXPECT_EQ(fs::path(report.pack.FindService("mitid-app")->steps[0].image_file),
              (BuiltAssetsDir() / "images" / "phone-app.png").lexically_normal());
}

TEST_F(ImageTest, KioskRefusesAPackWithABrokenPictureWithoutCrashing) {
    m_fixture.images.clear();
    m_fixture.Write(m_dir.Path());
    test::WriteText(Assets() / "images" / "step.png", std::string(4096, '\xff'));
    const LoadedContent loaded = LoadContent(m_dir.Path() / "content", Assets(), m_dir.Path() / "data");
    EXPECT_FALSE(loaded.pack.has_value());
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image", "step.png"));
}

TEST(DemoPackImages, EveryGuideHasAPictureAndEveryPictureIsBuilt) {
    const fs::path content = fs::path(BK_SOURCE_DIR) / "content";
    const ContentReport report = ValidateContent(content, fs::path(BK_SOURCE_DIR) / "assets");
    ASSERT_TRUE(report.Valid()) << test::Dump(report.problems);
    for (const Service& service : report.pack.services) {
        int pictures = 0;
        for (const Step& step : service.steps) {
            if (step.image.empty()) continue;
            ++pictures;
            EXPECT_FALSE(step.image_file.empty()) << service.id << ": " << step.image;
        }
        EXPECT_GE(pictures, 1) << service.id << " has no picture";
    }
}

}  // namespace
}  // namespace bk
