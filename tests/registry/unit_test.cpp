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

EventRow Row(const std::string& id, const std::string& type, int64_t ts, const std::string& session, int step = -1) {
    EventRow row;
    row.id = id;
    row.type = type;
    row.ts = ts;
    row.session = session;
    row.seq = 1;
    row.service = "mitid-app";
    row.service_version = 1;
    row.step = step;
    row.body = "{}";
    return row;
}

// Sessions are deduplicated through an in-memory cache over time-ordered tables; it must survive a restart
// and events that arrive out of order, also older than the cache window.
TEST(RegistryStorageTest, DistinctSessionsAcrossBatchesRestartsAndLateEvents) {
    const auto path = std::filesystem::temp_directory_path() / ("bk-registry-cache-" + std::to_string(getpid()) + ".db");
    const int64_t t0 = 1793613600000;
    const int64_t day = 86'400'000;
    {
        SqliteStorage storage(path.string());
        storage.AddKiosk("odder", "k1", "hash", 1);
        storage.StoreEvents("odder", "k1", {Row("a1", "guide_opened", t0 + day, "s1"), Row("a2", "step_viewed", t0 + day, "s1", 0)}, t0);
        storage.StoreEvents("odder", "k1", {Row("a3", "step_viewed", t0 + day + 1000, "s1", 1)}, t0);
        // Much later events push the cache window past s1.
        storage.StoreEvents("odder", "k1", {Row("b1", "guide_opened", t0 + 5 * day, "s2")}, t0);
    }
    SqliteStorage storage(path.string());  // restart: the cache is rebuilt from the tables
    // s1 again, long after: found by the bounded range scan, not counted twice; an earlier event moves its start.
    storage.StoreEvents("odder", "k1", {Row("a4", "guide_completed", t0 + day + 2000, "s1"),
                                        Row("a0", "guide_opened", t0 + day - 1000, "s1")}, t0);
    storage.StoreEvents("odder", "k1", {Row("b2", "step_viewed", t0 + 5 * day + 10, "s2", 0)}, t0);

    const SummaryData summary = storage.LoadSummary("odder", {});
    EXPECT_EQ(summary.total_sessions, 2);
    EXPECT_EQ((summary.sessions.at({"mitid-app", 1})), 2);
    EXPECT_EQ((summary.counters.at({"mitid-app", 1}).starts), 3);
    const FunnelData funnel = storage.LoadFunnel("odder", "mitid-app", 1, {});
    EXPECT_EQ(funnel.views.at(0), 2);
    EXPECT_EQ(funnel.views.at(1), 1);
    EXPECT_EQ(funnel.completed_sessions, 1);
    // s1 now starts at t0 + day - 1000: a range from t0 + day no longer counts it.
    const SummaryData later = storage.LoadSummary("odder", {t0 + day, kForever});
    EXPECT_EQ(later.total_sessions, 1);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace bk::registry
