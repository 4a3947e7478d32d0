// LoadContent: a valid pack is used and saved as last known good; a broken one falls back to that copy.
#include <gtest/gtest.h>

#include "content/loader.h"
#include "pack_fixture.h"

namespace bk {
namespace {

using test::HasProblem;
using test::PackFixture;
namespace fs = std::filesystem;

class LoaderTest : public ::testing::Test {
protected:
    LoadedContent Load() { return LoadContent(Content(), Assets(), Data()); }
    void Write() { m_fixture.Write(m_dir.Path()); }
    fs::path Content() const { return m_dir.Path() / "content"; }
    fs::path Assets() const { return m_dir.Path() / "assets"; }
    fs::path Data() const { return m_dir.Path() / "data"; }
    fs::path Lkg() const { return Data() / "content-lkg"; }
    void Break() { test::WriteText(Content() / "services" / "mitid-app.json", "{ \"id\": "); }

    // Everything in the data folder, to show no temporary copies are left behind.
    std::vector<std::string> DataEntries() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(Data())) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    PackFixture m_fixture = PackFixture::Valid();
    test::TempDir m_dir;
};

TEST_F(LoaderTest, ValidPackIsUsedFreshAndSavedAsLastKnownGood) {
    Write();
    const LoadedContent loaded = Load();
    ASSERT_TRUE(loaded.pack);
    EXPECT_EQ(loaded.source, ContentSource::Fresh);
    EXPECT_STREQ(ToString(loaded.source), "fresh");
    EXPECT_TRUE(loaded.problems.empty()) << test::Dump(loaded.problems);
    EXPECT_EQ(loaded.pack->services.size(), 2u);

    // The copy holds the same files, byte for byte, and nothing temporary is left.
    for (const char* file : {"pack.json", "services/mitid-app.json", "services/robot.json", "strategies/odder.json",
                             "profiles/odder-bibliotek.json", "ui/da.json", "ui/en.json", "ui/nb.json"})
        EXPECT_EQ(test::ReadText(Lkg() / file), test::ReadText(Content() / file)) << file;
    EXPECT_EQ(DataEntries(), std::vector<std::string>{"content-lkg"});
}

TEST_F(LoaderTest, BrokenPackFallsBackToLastKnownGoodAndReportsTheFreshProblems) {
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    Break();

    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::LastKnownGood);
    EXPECT_STREQ(ToString(loaded.source), "last-known-good");
    ASSERT_TRUE(loaded.pack);
    EXPECT_NE(loaded.pack->FindService("mitid-app"), nullptr) << "the service comes from the saved copy";
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "services/mitid-app.json", "", "not valid JSON"));
    // The broken pack must not overwrite the good copy.
    EXPECT_NE(test::ReadText(Lkg() / "services" / "mitid-app.json"), "{ \"id\": ");
}

TEST_F(LoaderTest, MissingContentFolderFallsBackToLastKnownGood) {
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    fs::remove_all(Content());
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::LastKnownGood);
    ASSERT_TRUE(loaded.pack);
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "", "", "cannot read the content folder"));
}

TEST_F(LoaderTest, BrokenPackWithoutACopyGivesNoneAndTheProblems) {
    Write();
    Break();
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::None);
    EXPECT_FALSE(loaded.pack);
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "services/mitid-app.json", "", "not valid JSON"));
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "", "", "no last known good copy"));
    EXPECT_FALSE(fs::exists(Lkg()));
}

TEST_F(LoaderTest, NewValidPackReplacesTheWholeCopy) {
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    // A new version: one service gone, another changed.
    m_fixture.services.erase("robot");
    m_fixture.profiles["odder-bibliotek"]["services"] = test::json::array({"mitid-app"});
    m_fixture.services["mitid-app"]["version"] = 2;
    Write();
    const LoadedContent loaded = Load();
    ASSERT_EQ(loaded.source, ContentSource::Fresh) << test::Dump(loaded.problems);
    EXPECT_FALSE(fs::exists(Lkg() / "services" / "robot.json")) << "files no longer in the pack leave the copy";
    EXPECT_EQ(test::ReadText(Lkg() / "services" / "mitid-app.json"),
              test::ReadText(Content() / "services" / "mitid-app.json"));
    EXPECT_EQ(DataEntries(), std::vector<std::string>{"content-lkg"});

    // And the fallback now serves version 2.
    Break();
    const LoadedContent fallback = Load();
    ASSERT_EQ(fallback.source, ContentSource::LastKnownGood);
    EXPECT_EQ(fallback.pack->FindService("mitid-app")->version, 2);
    EXPECT_EQ(fallback.pack->FindService("robot"), nullptr);
}

TEST_F(LoaderTest, TemporaryCopiesLeftByACrashAreCleanedUp) {
    test::WriteText(Data() / "content-lkg.tmp-1234-5678" / "pack.json", "{}");
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    EXPECT_EQ(DataEntries(), std::vector<std::string>{"content-lkg"});
}

TEST_F(LoaderTest, CopyMovedAsideByAnInterruptedSwapIsStillUsed) {
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    fs::rename(Lkg(), Data() / "content-lkg.old");  // as if the process died between the two renames
    Break();
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::LastKnownGood);
    EXPECT_TRUE(loaded.pack);
}

TEST_F(LoaderTest, PackWithOnlyWarningsIsUsedAndSaved) {
    m_fixture.services["mitid-app"]["title"].erase("nb");
    Write();
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::Fresh);
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Warning, "services/mitid-app.json", "/title/nb"));
    EXPECT_TRUE(fs::exists(Lkg() / "pack.json"));
}

TEST_F(LoaderTest, CopyThatNoLongerValidatesIsRefused) {
    Write();
    ASSERT_EQ(Load().source, ContentSource::Fresh);
    fs::remove(Assets() / "images" / "step.png");  // both the fresh pack and the copy now miss the image
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::None);
    EXPECT_FALSE(loaded.pack);
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "services/mitid-app.json", "/steps/0/image"));
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Error, "", "", "no longer validates"));
}

TEST_F(LoaderTest, UnwritableDataFolderStillServesTheFreshPack) {
    Write();
    test::WriteText(Data(), "a file where the data folder should be");
    const LoadedContent loaded = Load();
    EXPECT_EQ(loaded.source, ContentSource::Fresh);
    ASSERT_TRUE(loaded.pack);
    EXPECT_TRUE(HasProblem(loaded.problems, Severity::Warning, "", "", "could not save the last known good copy"));
}

TEST_F(LoaderTest, SaveLastKnownGoodRefusesPathsOutsideTheCopy) {
    std::string why;
    EXPECT_FALSE(SaveLastKnownGood({{"../escape.json", "{}"}}, Data(), &why));
    EXPECT_FALSE(why.empty());
    EXPECT_FALSE(fs::exists(m_dir.Path() / "escape.json"));
    EXPECT_FALSE(fs::exists(Lkg()));
}

}  // namespace
}  // namespace bk
