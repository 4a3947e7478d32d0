// The demo pack shipped in content/ must always pass the checker (warnings allowed).
#include <gtest/gtest.h>

#include "content/loader.h"
#include "content/validator.h"
#include "pack_fixture.h"

namespace bk {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BK_SOURCE_DIR;

TEST(DemoPack, ValidatesWithoutErrors) {
    const ContentReport report = ValidateContent(kSource / "content", kSource / "assets");
    ASSERT_TRUE(report.readable) << test::Dump(report.problems);
    EXPECT_FALSE(HasErrors(report.problems)) << "content/ has errors:\n" << test::Dump(report.problems);
    EXPECT_FALSE(report.pack.services.empty());
    EXPECT_FALSE(report.pack.profiles.empty());
    EXPECT_FALSE(report.pack.strategies.empty());
    EXPECT_EQ(report.lix.size(), report.pack.services.size() + report.pack.side_by_side.size());
}

// Every demo service says who keeps it right and when it was last checked, and no check is older than the limit
// on the day the newest check was made.
TEST(DemoPack, EveryServiceHasAnOwnerAndARecentCheck) {
    const ContentReport report = ValidateContent(kSource / "content", kSource / "assets");
    std::optional<Date> newest;
    for (const Service& service : report.pack.services) {
        EXPECT_FALSE(service.owner.empty()) << service.id;
        const std::optional<Date> verified = ParseIsoDate(service.verified_on);
        ASSERT_TRUE(verified) << service.id << ": \"" << service.verified_on << "\"";
        if (!newest || *verified > *newest) newest = verified;
    }
    ASSERT_TRUE(newest);
    Problems problems;
    CheckVerified(report.pack, {}, *newest, problems);
    EXPECT_TRUE(problems.empty()) << test::Dump(problems);
}

// Drammen's kiosk starts in bokmål, and every text its guides show has a bokmål version written for it.
TEST(DemoPack, TheNorwegianKioskOffersBokmaalFirstWithNorwegianGuides) {
    const ContentReport report = ValidateContent(kSource / "content", kSource / "assets");
    const KioskProfile* drammen = report.pack.FindProfile("drammen-bibliotek");
    ASSERT_NE(drammen, nullptr);
    ASSERT_FALSE(drammen->languages.empty());
    EXPECT_EQ(drammen->languages.front(), "nb");
    EXPECT_NE(report.pack.FindStrategy(drammen->strategy), nullptr);
    for (const std::string& id : drammen->services) {
        const Service* service = report.pack.FindService(id);
        ASSERT_NE(service, nullptr) << id;
        EXPECT_TRUE(service->title.Has("nb") && service->summary.Has("nb")) << id;
        for (const Step& step : service->steps)
            EXPECT_TRUE(step.title.Has("nb") && step.body.Has("nb")) << id;
        for (const std::string& theme : service->themes) EXPECT_TRUE(theme.starts_with("drammen.")) << id << ": " << theme;
    }
}

// A key a screen starts using must be listed in core/ui_keys.h and translated in all three languages;
// otherwise the kiosk shows the raw key and staff see warnings for it.
TEST(DemoPack, UiStringsMatchTheKeysTheScreensUse) {
    const ContentReport report = ValidateContent(kSource / "content", kSource / "assets");
    for (const Problem& p : report.problems)
        EXPECT_FALSE(p.file.starts_with("ui/")) << FormatProblem(p);
}

TEST(DemoPack, LoadsFreshAndEveryProfileFindsItsServices) {
    test::TempDir data;
    const LoadedContent loaded = LoadContent(kSource / "content", kSource / "assets", data.Path());
    ASSERT_EQ(loaded.source, ContentSource::Fresh) << test::Dump(loaded.problems);
    ASSERT_TRUE(loaded.pack);
    for (const auto& profile : loaded.pack->profiles) {
        EXPECT_NE(loaded.pack->FindStrategy(profile.strategy), nullptr) << profile.id;
        for (const auto& service_id : profile.services)
            EXPECT_NE(loaded.pack->FindService(service_id), nullptr) << profile.id << " lists " << service_id;
    }
    EXPECT_TRUE(fs::exists(LastKnownGoodDir(data.Path()) / "pack.json"));
}

}  // namespace
}  // namespace bk
