// borgerkiosk --check-content: output format and exit codes.
#include <gtest/gtest.h>

#include <sstream>

#include "content/check.h"
#include "content/reader.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::PackFixture;
namespace fs = std::filesystem;

// Within 180 days of both fixture services' verified_on, so the fixture pack has no warnings.
const Date kToday = *ParseIsoDate("2026-11-26");

TEST(FormatProblem, FileThenPointerThenExplanation) {
    EXPECT_EQ(FormatProblem({Severity::Error, "services/x.json", "/steps/2/body/da", "missing Danish text"}),
              "error: services/x.json#/steps/2/body/da: missing Danish text");
    EXPECT_EQ(FormatProblem({Severity::Warning, "ui/nb.json", "", "missing"}), "warning: ui/nb.json: missing");
    EXPECT_EQ(FormatProblem({Severity::Error, "", "", "cannot read"}), "error: (pack): cannot read");
}

TEST(FormatProblem, PointersEscapeSlashAndTilde) {
    EXPECT_EQ(PointerAppend(PointerAppend("", "steps"), 2), "/steps/2");
    EXPECT_EQ(PointerAppend("", "a/b~c"), "/a~1b~0c");
}

TEST(CheckContent, ValidPackExitsZeroWithLixTableAndSummary) {
    test::TempDir dir;
    const fs::path content = PackFixture::Valid().Write(dir.Path());
    std::ostringstream out;
    EXPECT_EQ(RunCheckContent(content, dir.Path() / "assets", kToday, out), kCheckValid) << out.str();
    const std::string text = out.str();
    EXPECT_EQ(text.find("error:"), std::string::npos) << text;
    EXPECT_NE(text.find("LIX per service"), std::string::npos) << text;
    EXPECT_NE(text.find("mitid-app"), std::string::npos) << text;
    EXPECT_NE(text.find("valid, 0 errors, 0 warnings (2 services, 1 strategies, 1 profiles, 3 UI languages)"),
              std::string::npos) << text;
}

TEST(CheckContent, ErrorsArePrintedOnePerLineAndExitOne) {
    test::TempDir dir;
    PackFixture fixture = PackFixture::Valid();
    fixture.services["mitid-app"]["steps"][2]["body"].erase("da");
    fixture.services["mitid-app"]["title"].erase("en");
    const fs::path content = fixture.Write(dir.Path());
    std::ostringstream out;
    EXPECT_EQ(RunCheckContent(content, dir.Path() / "assets", kToday, out), kCheckErrors);
    const std::string text = out.str();
    EXPECT_NE(text.find("\nerror: services/mitid-app.json#/steps/2/body/da: missing Danish text"), std::string::npos)
        << text;
    EXPECT_EQ(text.rfind("error: ", 0), std::string::npos) << "warnings come first in this file, read in order";
    EXPECT_EQ(text.rfind("warning: services/mitid-app.json#/title/en: ", 0), 0u) << text;
    EXPECT_NE(text.find("NOT valid, 1 error, 1 warning"), std::string::npos) << text;
}

TEST(CheckContent, UnreadableFolderExitsTwo) {
    test::TempDir dir;
    std::ostringstream out;
    EXPECT_EQ(RunCheckContent(dir.Path() / "nope", "", kToday, out), kCheckUnreadable);
    EXPECT_NE(out.str().find("cannot read"), std::string::npos);
}

TEST(CheckContent, AssetsDefaultToTheFolderBesideTheContent) {
    test::TempDir dir;
    const fs::path content = PackFixture::Valid().Write(dir.Path());  // <root>/content and <root>/assets
    EXPECT_EQ(DefaultAssetsDir(content), (dir.Path() / "assets").lexically_normal());
    std::ostringstream out;
    EXPECT_EQ(RunCheckContent(content, "", kToday, out), kCheckValid) << out.str();
    std::ostringstream wrong_assets;
    EXPECT_EQ(RunCheckContent(content, dir.Path() / "elsewhere", kToday, wrong_assets), kCheckErrors);
    EXPECT_NE(wrong_assets.str().find("#/steps/0/image: image file"), std::string::npos) << wrong_assets.str();
}

}  // namespace
}  // namespace bk
