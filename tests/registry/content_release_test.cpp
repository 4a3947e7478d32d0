// Fleet content on both engines: `content publish` validates, signs and stores numbered releases; kiosks get the
// current one from GET /v1/content/current (304 when they have it, a future valid_from held back); rollback
// re-publishes an older release; the catalogue follows the current release; the kiosk-side verifier refuses a
// tampered release and one signed with another key.
//
// The pack is a copy of the demo content (content/), with the assets beside the sources.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "content/fleet_pack.h"
#include "in_process_registry.h"
#include "registry_test_util.h"
#include "src/content/content_releases.h"
#include "src/storage/open_storage.h"

namespace bk::test {
namespace {

namespace fs = std::filesystem;
using bk::registry::ContentRelease;

constexpr int64_t kDayMs = 86'400'000;

std::string ReadText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

class ContentReleaseTest : public ::testing::TestWithParam<Engine> {
protected:
    ContentReleaseTest() : m_registry(WithEngine(GetParam())) {}

    void SetUp() override {
        std::string why;
        ASSERT_TRUE(GenerateReleaseKeys(m_dir.Path() / "keys", &why)) << why;
        ASSERT_TRUE(GenerateReleaseKeys(m_dir.Path() / "other-keys", &why)) << why;
        fs::copy(fs::path(BK_SOURCE_DIR) / "content", Pack(), fs::copy_options::recursive);
        m_storage = bk::registry::OpenStorage(m_registry.DbPath());
    }

    fs::path Pack() const { return m_dir.Path() / "pack"; }
    std::string PublicKey(const std::string& keys = "keys") const { return ReadText(m_dir.Path() / keys / "public.pem"); }

    // `content publish` as the CLI runs it, at the registry clock's time.
    int Publish(std::optional<Date> valid_from = std::nullopt, std::string* errors = nullptr) {
        bk::registry::PublishRequest request;
        request.pack_dir = Pack();
        request.assets_dir = fs::path(BK_SOURCE_DIR) / "assets";
        request.private_key = m_dir.Path() / "keys" / "private.pem";
        request.valid_from = valid_from;
        std::ostringstream out, err;
        const int code = bk::registry::PublishContent(*m_storage, request, m_registry.Clock().WallMs(), out, err);
        if (errors) *errors = err.str();
        return code;
    }

    // The strategy of odder with a new vision, so a release shows in the catalogue.
    void SetOdderVision(const std::string& vision) {
        json strategy = json::parse(ReadText(Pack() / "strategies" / "odder.json"));
        strategy["vision"]["da"] = vision;
        WriteText(Pack() / "strategies" / "odder.json", strategy.dump(2));
    }

    httplib::Result GetCurrent(const std::string& if_none_match = "") {
        httplib::Client client(m_registry.BaseUrl());
        httplib::Headers headers = Bearer(m_registry.KioskToken());
        if (!if_none_match.empty()) headers.emplace("If-None-Match", if_none_match);
        return client.Get("/v1/content/current", headers);
    }

    json Strategy() {
        httplib::Client client(m_registry.BaseUrl());
        auto res = client.Get("/v1/strategy/odder");
        EXPECT_TRUE(res && res->status == 200);
        return res ? json::parse(res->body) : json();
    }

    TempDir m_dir{"bk-release"};
    InProcessRegistry m_registry;
    std::unique_ptr<bk::registry::Storage> m_storage;
};

TEST_P(ContentReleaseTest, NothingPublishedIsNotFoundAndOnlyKiosksMayAsk) {
    auto none = GetCurrent();
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 404);

    httplib::Client client(m_registry.BaseUrl());
    EXPECT_EQ(client.Get("/v1/content/current")->status, 401);
    EXPECT_EQ(client.Get("/v1/content/current", Bearer(m_registry.ReaderToken()))->status, 403);
}

TEST_P(ContentReleaseTest, PublishedReleaseIsServedSignedAndA304WhenTheKioskHasIt) {
    ASSERT_EQ(Publish(), 0);
    auto res = GetCurrent();
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json release = json::parse(res->body);
    EXPECT_EQ(release["number"], 1);
    EXPECT_EQ(release["valid_from"], "2026-11-03");  // the registry clock's day
    const std::string pack = release["pack"];
    EXPECT_EQ(release["sha256"], ReleaseSha256(pack));
    EXPECT_EQ(res->get_header_value("ETag"), "\"" + release["sha256"].get<std::string>() + "\"");

    std::string why;
    EXPECT_TRUE(VerifyRelease(pack, release["signature"].get<std::string>(), PublicKey(), &why)) << why;
    const auto files = UnpackRelease(pack, &why);
    ASSERT_TRUE(files) << why;
    bool has_odder = false;
    for (const PackFile& file : *files) {
        if (file.path == "strategies/odder.json") {
            has_odder = true;
            EXPECT_EQ(file.bytes, ReadText(Pack() / "strategies" / "odder.json"));  // byte for byte
        }
    }
    EXPECT_TRUE(has_odder);
    // Packing is canonical: the same files give the same bytes.
    EXPECT_EQ(PackRelease(*files), pack);

    auto again = GetCurrent(res->get_header_value("ETag"));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
}

TEST_P(ContentReleaseTest, AnInvalidPackIsRefusedWithTheCheckersMessages) {
    json service = json::parse(ReadText(Pack() / "services" / "pas.json"));
    service["steps"][0].erase("title");
    WriteText(Pack() / "services" / "pas.json", service.dump(2));
    std::string errors;
    EXPECT_EQ(Publish(std::nullopt, &errors), 1);
    EXPECT_NE(errors.find("error: services/pas.json#/steps/0"), std::string::npos) << errors;
    EXPECT_NE(errors.find("nothing published"), std::string::npos) << errors;
    EXPECT_TRUE(m_storage->ListContentReleases().empty());
}

// The side-by-side rules are the checker's too: a share outside 1..99 is refused with its message.
TEST_P(ContentReleaseTest, ASideBySideVersionWithABadShareIsRefusedWithTheCheckersMessage) {
    json newer = json::parse(ReadText(Pack() / "services" / "sundhedskort.v3.json"));
    newer["side_by_side"]["share"] = 100;
    WriteText(Pack() / "services" / "sundhedskort.v3.json", newer.dump(2));
    std::string errors;
    EXPECT_EQ(Publish(std::nullopt, &errors), 1);
    EXPECT_NE(errors.find("error: services/sundhedskort.v3.json#/side_by_side/share: \"share\" is the percent of visits "
                          "that get this version, 1 to 99, not 100"),
              std::string::npos)
        << errors;
    EXPECT_TRUE(m_storage->ListContentReleases().empty());
}

// The catalogue from a release knows both live versions of the demo's side-by-side guide: each version's
// funnel has its own step titles (version 3 has five steps, the last one "Gem det gule kort").
TEST_P(ContentReleaseTest, TheReleasesCatalogueKnowsBothLiveVersions) {
    ASSERT_EQ(Publish(), 0);
    m_registry.Clock().Advance(1'001);
    EventFactory f;
    const int64_t ts = m_registry.Clock().WallMs() - 60'000;
    json events = json::array();
    for (int version : {2, 3}) {
        const std::string session = version == 2 ? "dddd0002" : "dddd0003";
        events.push_back(f.Guide("guide_opened", ts, session, "sundhedskort", version, -1, {{"side_by_side", {{"share", 50}, {"against", version == 2 ? 3 : 2}}}}));
        events.push_back(f.Guide("step_viewed", ts + 1, session, "sundhedskort", version, 0, {{"steps_total", version == 2 ? 6 : 5}}));
    }
    httplib::Client client(m_registry.BaseUrl());
    auto posted = client.Post("/v1/events", Bearer(m_registry.KioskToken()), Batch("kiosk-1", events).dump(), "application/json");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    for (int version : {2, 3}) {
        auto res = client.Get("/v1/reports/funnel?municipality=odder&service=sundhedskort&version=" + std::to_string(version),
                              Bearer(m_registry.ReaderToken()));
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        const json steps = json::parse(res->body)["steps"];
        ASSERT_EQ(steps.size(), version == 2 ? 6u : 5u) << res->body;
        EXPECT_EQ(steps.back()["title"]["da"], version == 2 ? "Mistet kortet?" : "Gem det gule kort") << version;
    }
}

TEST_P(ContentReleaseTest, AFutureValidFromIsHeldBackUntilItsDay) {
    ASSERT_EQ(Publish(), 0);
    SetOdderVision("Nyt fra 1. januar");
    const Date tomorrow = DateOfWallMs(m_registry.Clock().WallMs()) + std::chrono::days(1);
    ASSERT_EQ(Publish(tomorrow), 0);

    auto today = GetCurrent();
    ASSERT_TRUE(today);
    EXPECT_EQ(json::parse(today->body)["number"], 1);
    m_registry.Clock().Advance(2'000);
    EXPECT_NE(Strategy()["vision"]["da"], "Nyt fra 1. januar");

    m_registry.Clock().Advance(kDayMs);
    auto next_day = GetCurrent();
    ASSERT_TRUE(next_day);
    const json release = json::parse(next_day->body);
    EXPECT_EQ(release["number"], 2);
    EXPECT_EQ(release["valid_from"], FormatIsoDate(tomorrow));
    EXPECT_EQ(Strategy()["vision"]["da"], "Nyt fra 1. januar");
}

TEST_P(ContentReleaseTest, TheCatalogueFollowsTheCurrentReleaseAndRollbackBringsAnOldOneBack) {
    // Before any release the bootstrap (--strategies) answers.
    const json bootstrap = Strategy();
    ASSERT_EQ(Publish(), 0);
    const std::string first_sha = json::parse(GetCurrent()->body)["sha256"];
    m_registry.Clock().Advance(1'001);
    const json first = Strategy();
    EXPECT_EQ(first["vision"], json::parse(ReadText(Pack() / "strategies" / "odder.json"))["vision"]);
    // The release's services, not the bootstrap's three, are linked to the themes.
    std::size_t linked = 0;
    for (const json& theme : first["themes"]) linked += theme["services"].size();
    std::size_t bootstrap_linked = 0;
    for (const json& theme : bootstrap["themes"]) bootstrap_linked += theme["services"].size();
    EXPECT_GT(linked, bootstrap_linked);

    SetOdderVision("Version to regret");
    ASSERT_EQ(Publish(), 0);
    m_registry.Clock().Advance(1'001);
    EXPECT_EQ(Strategy()["vision"]["da"], "Version to regret");

    std::ostringstream out, err;
    ASSERT_EQ(bk::registry::RollbackContent(*m_storage, 1, m_registry.Clock().WallMs(), out, err), 0) << err.str();
    EXPECT_EQ(bk::registry::RollbackContent(*m_storage, 9, m_registry.Clock().WallMs(), out, err), 1);
    auto res = GetCurrent();
    ASSERT_TRUE(res);
    const json current = json::parse(res->body);
    EXPECT_EQ(current["number"], 3);
    EXPECT_EQ(current["rollback_of"], 1);
    EXPECT_EQ(current["sha256"], first_sha);
    m_registry.Clock().Advance(1'001);
    EXPECT_EQ(Strategy()["vision"], first["vision"]);

    // Releases stay as they were: 1, 2 and the rollback 3.
    const auto releases = m_storage->ListContentReleases();
    ASSERT_EQ(releases.size(), 3u);
    EXPECT_EQ(releases[0].sha256, first_sha);
    EXPECT_NE(releases[1].sha256, first_sha);
    EXPECT_EQ(bk::registry::CurrentReleaseNumber(releases, DateOfWallMs(m_registry.Clock().WallMs())), 3);
    std::ostringstream listing;
    bk::registry::ListContent(*m_storage, m_registry.Clock().WallMs(), listing);
    EXPECT_NE(listing.str().find("rollback to 1 (current)"), std::string::npos) << listing.str();
}

TEST_P(ContentReleaseTest, TheKioskSideVerifierRefusesATamperedReleaseAndAnotherKey) {
    ASSERT_EQ(Publish(), 0);
    const json release = json::parse(GetCurrent()->body);
    const std::string pack = release["pack"];
    const std::string signature = release["signature"];

    std::string tampered = pack;
    const auto at = tampered.find("\"services/pas.json\":\"") + 30;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    std::string why;
    EXPECT_FALSE(VerifyRelease(tampered, signature, PublicKey(), &why));
    EXPECT_NE(why.find("does not match"), std::string::npos) << why;

    EXPECT_FALSE(VerifyRelease(pack, signature, PublicKey("other-keys"), &why));
    EXPECT_NE(why.find("does not match"), std::string::npos) << why;
    EXPECT_FALSE(VerifyRelease(pack, signature, "not a key", &why));
    EXPECT_TRUE(VerifyRelease(pack, signature, PublicKey(), &why)) << why;
}

// The kiosk reports the release it runs and why it refused one in its heartbeat.
TEST_P(ContentReleaseTest, HeartbeatsCarryTheRunningReleaseAndTheLastRefusalIntoTheKiosksReport) {
    EventFactory f;
    const int64_t now = m_registry.Clock().WallMs();
    json good = f.Make("heartbeat", now, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}, {"content_release", 3},
                                              {"content_error", "release 4 refused: the signature does not match"}});
    json bad = f.Make("heartbeat", now, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}, {"content_release", 0}});
    httplib::Client client(m_registry.BaseUrl());
    auto res = client.Post("/v1/events", Bearer(m_registry.KioskToken()), Batch("kiosk-1", json::array({good, bad})).dump(),
                           "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const json answer = json::parse(res->body);
    EXPECT_EQ(answer["accepted"], 1);
    ASSERT_EQ(answer["rejected"].size(), 1u);
    EXPECT_EQ(answer["rejected"][0]["index"], 1);  // release numbers start at 1

    // The kiosks report shows which kiosk runs which release, and which refused one and why.
    const std::string kiosk_2 = m_registry.AddKiosk("odder", "kiosk-2");
    EventFactory f2;
    json plain = f2.Make("heartbeat", now + 1, "", {{"backlog", 0}, {"last_upload_ts", nullptr}, {"dropped", 0}});
    ASSERT_EQ(client.Post("/v1/events", Bearer(kiosk_2), Batch("kiosk-2", json::array({plain})).dump(), "application/json")->status,
              200);
    m_registry.Clock().Advance(1'000);
    auto report = client.Get("/v1/reports/kiosks?municipality=odder", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(report);
    ASSERT_EQ(report->status, 200) << report->body;
    const json kiosks = json::parse(report->body)["kiosks"];
    ASSERT_EQ(kiosks.size(), 2u);
    EXPECT_EQ(kiosks[0]["kiosk_id"], "kiosk-1");
    EXPECT_EQ(kiosks[0]["content_release"], 3);
    EXPECT_EQ(kiosks[0]["content_error"], "release 4 refused: the signature does not match");
    EXPECT_EQ(kiosks[1]["kiosk_id"], "kiosk-2");
    EXPECT_TRUE(kiosks[1]["content_release"].is_null());  // runs its own pack
    EXPECT_EQ(kiosks[1]["content_error"], "");
    auto csv = client.Get("/v1/reports/kiosks.csv?municipality=odder", Bearer(m_registry.ReaderToken()));
    ASSERT_TRUE(csv);
    EXPECT_NE(csv->body.find(",dropped,content_release,content_error"), std::string::npos) << csv->body;
    EXPECT_NE(csv->body.find(",3,release 4 refused: the signature does not match"), std::string::npos) << csv->body;
}

INSTANTIATE_TEST_SUITE_P(Engines, ContentReleaseTest, kBothEngines, EngineName);

}  // namespace
}  // namespace bk::test
