// Unit tests of the registry's plain functions and of SqliteStorage on a temp file.
#include <gtest/gtest.h>

#include <filesystem>

#include "schema/event_schema.h"
#include "src/csv.h"
#include "src/ingest.h"
#include "src/migrations.h"
#include "src/rate_limiter.h"
#include "src/reports.h"
#include "src/sqlite_storage.h"

namespace bk::registry {
namespace {

using nlohmann::json;

TEST(RegistryTimeParamTest, MillisAndIsoDates) {
    std::string error;
    EXPECT_EQ(ParseTimeParam("1793613600000", false, error), 1793613600000);
    EXPECT_EQ(ParseTimeParam("2026-11-02T10:00:00Z", false, error), 1793613600000);
    EXPECT_EQ(ParseTimeParam("2026-11-02", false, error), 1793577600000);
    EXPECT_EQ(ParseTimeParam("2026-11-02", true, error), 1793577600000 + 86400000);  // the whole day
    EXPECT_EQ(ParseTimeParam("1970-01-01", false, error), 0);
    EXPECT_FALSE(ParseTimeParam("2026-13-02", false, error));
    EXPECT_FALSE(ParseTimeParam("tomorrow", false, error));
    EXPECT_FALSE(ParseTimeParam("99999999999999999999", false, error));
    EXPECT_FALSE(error.empty());
}

TEST(RegistryCsvTest, QuotingAndFormulaGuard) {
    EXPECT_EQ(CsvCell("plain"), "plain");
    EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
    EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(CsvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    EXPECT_EQ(CsvCell(-3), "-3");  // numbers are not formulas
    EXPECT_EQ(CsvCell(0.5), "0.5");
    EXPECT_EQ(CsvCell(2.0), "2");
    EXPECT_EQ(CsvCell(nullptr), "");
    EXPECT_EQ(ToCsv({{"a", "b"}, {{1, "x\ny"}}}), "a,b\r\n1,\"x\ny\"\r\n");
}

TEST(RegistryScrubTest, NumbersAndEmails) {
    EXPECT_EQ(ScrubComment("CPR 010203-1234 tak"), "CPR [number] tak");
    EXPECT_EQ(ScrubComment("ring 12 34 56 78"), "ring [number]");
    EXPECT_EQ(ScrubComment("skriv til a.b@c.dk nu"), "skriv til [email] nu");
    EXPECT_EQ(ScrubComment("step 3 of 4 in 2026"), "step 3 of 4 in 2026");
    EXPECT_EQ(ScrubComment("@ alone"), "@ alone");
}

TEST(RegistryIngestTest, BatchLevelErrors) {
    const JsonSchema& schema = EmbeddedEventSchema();
    auto status_of = [&](const std::string& body) {
        auto result = ParseEventBatch(body, schema);
        return std::holds_alternative<BatchError>(result) ? std::get<BatchError>(result).status : 200;
    };
    EXPECT_EQ(status_of("{"), 400);
    EXPECT_EQ(status_of("null"), 400);
    EXPECT_EQ(status_of(R"({"kiosk_id": "", "events": []})"), 400);
    EXPECT_EQ(status_of(R"({"kiosk_id": "k", "events": {}})"), 400);
    EXPECT_EQ(status_of(R"({"kiosk_id": "k", "events": []})"), 200);
    EXPECT_EQ(status_of(R"({"kiosk_id": "k", "events": [)" + std::string(50, '[') + std::string(50, ']') + "]}"), 400);
    std::string many = R"({"kiosk_id": "k", "events": [0)";
    for (std::size_t i = 0; i < kMaxEventsPerBatch; ++i) many += ",0";
    EXPECT_EQ(status_of(many + "]}"), 413);
}

TEST(RegistryIngestTest, NestingDepthIgnoresStrings) {
    EXPECT_EQ(JsonNestingDepth(R"({"a": "[[[[", "b": [1, {"c": 2}]})"), 3);
    EXPECT_EQ(JsonNestingDepth(R"(["\"[[["])"), 1);
}

TEST(RegistryRateLimiterTest, BurstThenWait) {
    RateLimiter limiter(1.0, 2.0);
    EXPECT_EQ(limiter.Acquire("k", 0), 0);
    EXPECT_EQ(limiter.Acquire("k", 0), 0);
    EXPECT_EQ(limiter.Acquire("k", 0), 1);
    EXPECT_EQ(limiter.Acquire("other", 0), 0);
    EXPECT_EQ(limiter.Acquire("k", 1000), 0);
}

TEST(RegistryStorageTest, MigrationsAreIdempotentAndVersioned) {
    const auto path = std::filesystem::temp_directory_path() / ("bk-registry-unit-" + std::to_string(getpid()) + ".db");
    {
        SqliteStorage storage(path.string());
        EXPECT_EQ(storage.SchemaVersion(), static_cast<int>(AllMigrations().size()));
        EXPECT_TRUE(storage.AddKiosk("odder", "k1", "hash", 1));
        EXPECT_FALSE(storage.AddKiosk("odder", "k1", "hash2", 2));
    }
    {
        SqliteStorage again(path.string());  // reopening applies nothing twice
        EXPECT_EQ(again.SchemaVersion(), static_cast<int>(AllMigrations().size()));
        auto token = again.FindToken("hash");
        ASSERT_TRUE(token);
        EXPECT_EQ(token->kiosk_id, "k1");
        EXPECT_FALSE(again.FindToken("nope"));
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace bk::registry
