// The registry scrubs at ingest: a batch from an old or broken kiosk with raw personal data in its free text
// leaves none of it in the rows, in the stored JSON body, or anywhere in the database file.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <variant>

#include "schema/event_schema.h"
#include "src/ingest/ingest.h"
#include "src/storage/sqlite/sqlite_storage.h"
#include "shared/scrub.h"
#include "temp_dir.h"

namespace bk::registry {
namespace {

using nlohmann::json;

constexpr const char* kRawComment = "Ring 20 12 34 56 eller anna @ example.dk, cpr 12.05.90-1234. Mødet 12-05-2024 kl. 10.30";
constexpr const char* kScrubbedComment = "Ring [telefon] eller [email], cpr [cpr]. Mødet 12-05-2024 kl. 10.30";
// Pieces of the raw comment that must not be stored anywhere.
const std::vector<std::string> kRawPieces = {"12.05.90-1234", "20 12 34 56", "anna", "example.dk"};

json Event(const std::string& id, const std::string& type, int64_t seq, json data) {
    json event = {{"id", id},           {"type", type},         {"ts", 1'790'000'000'000 + seq},
                  {"session", "0123456789abcdef"}, {"seq", seq}, {"lang", "da"},
                  {"content_version", "2026.11.1"}, {"app_version", "0.1.0"}, {"data", std::move(data)}};
    return event;
}

std::string RawBatch() {
    const json events = json::array({
        Event("019a1b2c-3d4e-7f00-8000-000000000001", "feedback_submitted", 1,
              {{"rating", 2}, {"task_done", "no"}, {"reasons", {"too_slow", "ring 41 23 45 67"}}, {"comment", kRawComment}}),
        Event("019a1b2c-3d4e-7f00-8000-000000000002", "screen_viewed", 2, {{"screen", "120590-1234"}}),
        Event("019a1b2c-3d4e-7f00-8000-000000000003", "help_requested", 3, {{"screen", "guide"}}),
    });
    return json{{"kiosk_id", "k1"}, {"events", events}}.dump();
}

std::string ReadFileBytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

TEST(RegistryScrubAtIngest, RowsAndStoredBodiesHoldNoRawPersonalData) {
    auto result = ParseEventBatch(RawBatch(), EmbeddedEventSchema());
    ASSERT_TRUE(std::holds_alternative<ParsedBatch>(result)) << std::get<BatchError>(result).message;
    const ParsedBatch& batch = std::get<ParsedBatch>(result);
    ASSERT_TRUE(batch.rejected.empty()) << batch.rejected.front().error;
    ASSERT_EQ(batch.rows.size(), 3u);

    const EventRow& feedback = batch.rows[0];
    EXPECT_EQ(feedback.comment, kScrubbedComment);
    EXPECT_EQ(feedback.comment, bk::ScrubPersonalData(kRawComment)) << "the kiosk's rules, not others";
    EXPECT_EQ(feedback.rating, 2);
    EXPECT_EQ(feedback.task_done, "no");
    const json body = json::parse(feedback.body);
    EXPECT_EQ(body["data"]["comment"], kScrubbedComment);
    EXPECT_EQ(body["data"]["reasons"], json({"too_slow", "ring [telefon]"}));
    EXPECT_EQ(body["id"], "019a1b2c-3d4e-7f00-8000-000000000001");
    EXPECT_EQ(json::parse(batch.rows[1].body)["data"]["screen"], "[cpr]");
    EXPECT_EQ(json::parse(batch.rows[2].body)["data"]["screen"], "guide");  // ordinary text stays
    for (const EventRow& row : batch.rows) {
        for (const std::string& piece : kRawPieces) {
            EXPECT_EQ(row.body.find(piece), std::string::npos) << piece << " in " << row.body;
            EXPECT_EQ(row.comment.find(piece), std::string::npos) << piece;
        }
    }

    // Stored, the database file and its write-ahead log hold the scrubbed text and none of the raw pieces.
    bk::test::TempDir dir;
    const std::filesystem::path db = dir / "registry.db";
    {
        SqliteStorage storage(db.string());
        storage.StoreEvents("odder", "k1", batch.rows, 1'790'000'100'000);
        std::string bytes = ReadFileBytes(db) + ReadFileBytes(db.string() + "-wal");
        EXPECT_NE(bytes.find("[cpr]"), std::string::npos) << "the events were stored";
        for (const std::string& piece : kRawPieces) EXPECT_EQ(bytes.find(piece), std::string::npos) << piece;
    }
}

TEST(RegistryScrubAtIngest, EventsWithoutFreeTextAreUnchanged) {
    json event = Event("019a1b2c-3d4e-7f00-8000-000000000004", "session_ended", 4,
                       {{"reason", "idle"}, {"duration_ms", 120000}, {"staff_assisted", false}});
    const json before = event;
    ScrubEventFreeText(event);
    EXPECT_EQ(event, before);
}

}  // namespace
}  // namespace bk::registry
