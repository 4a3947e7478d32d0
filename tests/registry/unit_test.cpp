// Unit tests of the registry's plain functions and of SqliteStorage on a temp file.
#include <gtest/gtest.h>

#include <filesystem>

#include "schema/event_schema.h"
#include "shared/clock.h"
#include "src/auth/auth.h"
#include "src/http/rate_limiter.h"
#include "src/ingest/ingest.h"
#include "src/reports/csv.h"
#include "src/reports/reports.h"
#include "src/storage/schema_migrations.h"
#include "src/storage/sqlite/lru_cache.h"
#include "src/storage/sqlite/sqlite_storage.h"
#include "shared/scrub.h"
#include "temp_dir.h"

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

// RFC 4180 quoting, and `;` quoted too: Danish and Norwegian spreadsheets split cells on it.
TEST(RegistryCsvTest, QuotesSemicolonsAndEveryRfc4180Special) {
    EXPECT_EQ(CsvCell("godt; men langsomt"), "\"godt; men langsomt\"");
    EXPECT_EQ(CsvCell("a\rb"), "\"a\rb\"");
    EXPECT_EQ(CsvCell("a\r\nb"), "\"a\r\nb\"");
    EXPECT_EQ(CsvCell("\""), "\"\"\"\"");
    EXPECT_EQ(CsvCell("-1; DROP"), "\"'-1; DROP\"");  // formula guard inside the quotes
    EXPECT_EQ(CsvCell("kl. 10.30 æøå"), "kl. 10.30 æøå");  // nothing special: as is
    EXPECT_EQ(ToCsv({{"comment", "n"}, {{"ja;nej", 2}}}), "comment,n\r\n\"ja;nej\",2\r\n");
}

// What the feedback report shows of a comment that reached the registry unscrubbed (an older or broken kiosk).
std::vector<std::string> ReportedComments(const std::vector<std::string>& comments) {
    bk::test::TempDir dir;
    SqliteStorage storage(dir / "registry.db");
    std::vector<EventRow> rows;
    for (std::size_t i = 0; i < comments.size(); ++i) {
        EventRow row;
        row.id = "e" + std::to_string(i);
        row.type = "feedback_submitted";
        row.ts = 1'000 + static_cast<int64_t>(i);  // the report lists by time: input order
        row.session = "s" + std::to_string(i);
        row.seq = static_cast<int64_t>(i) + 1;
        row.service = "mitid-app";
        row.service_version = 1;
        row.rating = 4;
        row.task_done = "yes";
        row.lang = "da";
        row.comment = comments[i];
        row.body = "{}";
        rows.push_back(std::move(row));
    }
    storage.StoreEvents("odder", "k1", rows, 2'000);
    std::vector<std::string> shown;
    const Report report = FeedbackReport(storage, "odder", "mitid-app", {});
    for (const auto& entry : report.json["feedback"]) {
        shown.push_back(entry["comment"]);
    }
    return shown;
}

// One scrubber at both ends: the registry's report shows exactly what the kiosk would have recorded, for
// each kind of personal data and for text that must stay.
TEST(RegistryScrubTest, ReportScrubsAsTheKioskDoes) {
    const std::vector<std::string> inputs = {
        "CPR 010203-1234 tak",          "fnr 01019012345",        "ring +45 12 34 56 78",
        "ring 12 34 56 78",             "mobil 41234567",         "skriv til a.b@c.dk nu",
        "anne@localhost",               "kort 1234 5678 9012 3456", "mødet 12-05-2024 kl. 14.30",
        "det kostede 1.250 kr.",        "step 3 of 4 in 2026",    "@ alone",
        "Ærø 120590-1234 på Ø",         "",
    };
    const std::vector<std::string> shown = ReportedComments(inputs);
    ASSERT_EQ(shown.size(), inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        EXPECT_EQ(shown[i], bk::ScrubPersonalData(inputs[i])) << "input: " << inputs[i];
    }
    // And the protection itself, in the shared placeholders.
    EXPECT_EQ(shown[0], "CPR [cpr] tak");
    EXPECT_EQ(shown[3], "ring [tal]");
    EXPECT_EQ(shown[5], "skriv til [email] nu");
    EXPECT_EQ(shown[6], "[email]");
    EXPECT_EQ(shown[10], "step 3 of 4 in 2026");
    EXPECT_EQ(shown[11], "@ alone");
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

EventRow Ended(const std::string& id, int64_t ts, const std::string& session, bool staff_assisted) {
    EventRow row;
    row.id = id;
    row.type = "session_ended";
    row.ts = ts;
    row.session = session;
    row.seq = 1;
    row.staff_assisted = staff_assisted;
    row.body = "{}";
    return row;
}

// A database written before v3 gets the assisted flags from the events it already holds.
TEST(RegistryStorageTest, MigrationToV3BackfillsAssistedSessions) {
    const auto path = std::filesystem::temp_directory_path() / ("bk-registry-v2-" + std::to_string(getpid()) + ".db");
    const int64_t t0 = 1793613600000;  // an hour boundary
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        auto exec = [&](const std::string& sql) { db.exec(sql); };
        exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_ts INTEGER NOT NULL)");
        for (int i = 0; i < 2; ++i) {
            exec(AllMigrations()[i].sqlite);
            exec("INSERT INTO schema_migrations VALUES (" + std::to_string(AllMigrations()[i].version) + ", 'v', 0)");
        }
        // Two completed sessions, as v2 stored them; only s1's session_ended says staff assisted.
        const std::string t = std::to_string(t0);
        exec("INSERT INTO session_first VALUES ('odder', " + t + ", 's1'), ('odder', " + t + " + 10, 's2')");
        exec("INSERT INTO guide_sessions VALUES ('odder', " + t + ", 'mitid-app', 1, 's1', 1, 1, 1), "
                "('odder', " + t + " + 10, 'mitid-app', 1, 's2', 1, 1, 1)");
        exec("INSERT INTO agg_guide_sessions_hour VALUES ('odder', " + std::to_string(t0 / 3'600'000) +
                ", 'mitid-app', 1, 2)");
        exec("INSERT INTO events (id, municipality, kiosk_id, seq, ts, type, session, received_ts, body) VALUES "
                "('e1', 'odder', 'k1', 1, " + t + " + 100, 'session_ended', 's1', 0, "
                "'{\"data\":{\"reason\":\"finished\",\"duration_ms\":1,\"staff_assisted\":true}}'), "
                "('e2', 'odder', 'k1', 2, " + t + " + 110, 'session_ended', 's2', 0, "
                "'{\"data\":{\"reason\":\"finished\",\"duration_ms\":1,\"staff_assisted\":false}}')");
    }
    {
        SqliteStorage storage(path.string());
        EXPECT_EQ(storage.SchemaVersion(), static_cast<int>(AllMigrations().size()));
        const SummaryData summary = storage.LoadSummary("odder", {});
        EXPECT_EQ(summary.sessions.at({"mitid-app", 1}), (GuideSessionCounts{2, 2, 1}));
        // s2 assisted after the migration: the cache loaded from the migrated tables knows s1 already is.
        storage.StoreEvents("odder", "k1", {Ended("e3", t0 + 120, "s2", true), Ended("e4", t0 + 130, "s1", true)}, t0);
        EXPECT_EQ(storage.LoadSummary("odder", {}).sessions.at({"mitid-app", 1}), (GuideSessionCounts{2, 2, 2}));
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

// A database written before v13 keeps its guide sessions, none of them given at random; a session whose
// guide_opened with side_by_side arrives after the restart (its row read from the table, not the cache) is, and
// is counted under the version it was drawn against.
TEST(RegistryStorageTest, MigrationToV13MarksNoOldSessionAndLaterOnesJoin) {
    const auto path = std::filesystem::temp_directory_path() / ("bk-registry-v12-" + std::to_string(getpid()) + ".db");
    const int64_t t0 = 1793613600000;  // an hour boundary
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_ts INTEGER NOT NULL)");
        for (const Migration& migration : AllMigrations()) {
            if (migration.version > 12) break;
            db.exec(migration.sqlite);
            db.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", 'v', 0)");
        }
    }
    auto opened = [](const std::string& id, int64_t ts, const std::string& session, int drawn_against) {
        EventRow row = Row(id, "guide_opened", ts, session);
        row.drawn_against = drawn_against;
        return row;
    };
    {
        SqliteStorage storage(path.string());
        ASSERT_EQ(storage.SchemaVersion(), 13);
        storage.StoreEvents("odder", "k1", {opened("e1", t0 + 10, "s1", 0), Row("e2", "step_viewed", t0 + 20, "s2", 0)}, t0);
    }
    {
        SqliteStorage storage(path.string());  // a fresh cache: s2's row is read back from the table
        storage.StoreEvents("odder", "k1", {opened("e3", t0 + 15, "s2", 2), Row("e4", "guide_completed", t0 + 30, "s2")}, t0);
        const SummaryData summary = storage.LoadSummary("odder", {});
        EXPECT_EQ(summary.sessions.at({"mitid-app", 1}), (GuideSessionCounts{2, 1, 0}));
        ASSERT_EQ(summary.side_by_side.count({"mitid-app", 1}), 1u);
        const std::map<int, GuideSessionCounts> s2_only = {{2, GuideSessionCounts{1, 1, 0}}};  // drawn against v2
        EXPECT_EQ(summary.side_by_side.at({"mitid-app", 1}), s2_only);
    }
    {
        // Later guide_opened events without side_by_side or with another version, after another restart (the
        // mark read back from the table), neither unmark the visit nor move it to another test.
        SqliteStorage storage(path.string());
        storage.StoreEvents("odder", "k1", {opened("e5", t0 + 40, "s2", 0), Row("e6", "step_viewed", t0 + 41, "s2", 1)}, t0);
        storage.StoreEvents("odder", "k1", {opened("e7", t0 + 50, "s2", 3)}, t0);
        const std::map<int, GuideSessionCounts> s2_only = {{2, GuideSessionCounts{1, 1, 0}}};
        EXPECT_EQ(storage.LoadSummary("odder", {}).side_by_side.at({"mitid-app", 1}), s2_only);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
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
    {
        SqliteStorage storage(path.string());  // restart: the cache is rebuilt from the tables
        // s1 again, long after: found by the bounded range scan, not counted twice. Staff assisted it: its guide
        // row (outside the cache) follows; then an earlier event moves its start and it completes.
        storage.StoreEvents("odder", "k1", {Ended("a9", t0 + day + 3000, "s1", true)}, t0);
        storage.StoreEvents("odder", "k1", {Row("a4", "guide_completed", t0 + day + 2000, "s1"),
                                            Row("a0", "guide_opened", t0 + day - 1000, "s1")}, t0);
        storage.StoreEvents("odder", "k1", {Row("b2", "step_viewed", t0 + 5 * day + 10, "s2", 0)}, t0);
        // s2 completes, then a later batch says staff assisted it; s3 ends unassisted.
        storage.StoreEvents("odder", "k1", {Row("b3", "guide_completed", t0 + 5 * day + 20, "s2"),
                                            Row("c1", "guide_opened", t0 + 5 * day + 25, "s3"),
                                            Row("c2", "guide_completed", t0 + 5 * day + 26, "s3")}, t0);
        storage.StoreEvents("odder", "k1", {Ended("b4", t0 + 5 * day + 30, "s2", true),
                                            Ended("c3", t0 + 5 * day + 31, "s3", false)}, t0);
        storage.StoreEvents("odder", "k1", {Ended("b5", t0 + 5 * day + 30, "s2", true)}, t0);  // resent: no change
    }
    SqliteStorage storage(path.string());  // and again: the flags were stored, not only cached

    const SummaryData summary = storage.LoadSummary("odder", {});
    EXPECT_EQ(summary.total_sessions, 3);
    const GuideSessionCounts all = summary.sessions.at({"mitid-app", 1});
    EXPECT_EQ(all.sessions, 3);
    EXPECT_EQ(all.completed, 3);
    EXPECT_EQ(all.assisted_completed, 2);  // s1, s2
    EXPECT_EQ((summary.counters.at({"mitid-app", 1}).starts), 4);
    const FunnelData funnel = storage.LoadFunnel("odder", "mitid-app", 1, {});
    EXPECT_EQ(funnel.views.at(0), 2);
    EXPECT_EQ(funnel.views.at(1), 1);
    EXPECT_EQ(funnel.completed_sessions, 3);
    EXPECT_EQ(funnel.assisted_completed_sessions, 2);
    // s1 now starts at t0 + day - 1000: a range from t0 + day no longer counts it.
    const SummaryData later = storage.LoadSummary("odder", {t0 + day, kForever});
    EXPECT_EQ(later.total_sessions, 2);
    EXPECT_EQ(later.sessions.at({"mitid-app", 1}), (GuideSessionCounts{2, 2, 1}));
    // A range with no whole hour reads the session rows themselves and counts alike.
    const SummaryData edge = storage.LoadSummary("odder", {t0 + day - 5000, t0 + day + 5000});
    EXPECT_EQ(edge.sessions.at({"mitid-app", 1}), (GuideSessionCounts{1, 1, 1}));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

// The session caches are bounded; what they forget is read back through the session indexes. The same
// batches, with late events, restarts and sessions that leave the cache between their events, give the same
// numbers whatever the cache holds (0 = nothing cached).
TEST(RegistryStorageTest, SessionCountsDoNotDependOnTheCacheSize) {
    const int64_t t0 = 1793613600000;
    const int64_t hour = 3'600'000;
    std::vector<std::vector<EventRow>> batches;
    int next_id = 0;
    auto id = [&] { return "e" + std::to_string(next_id++); };
    // 40 sessions, one an hour; each batch carries the start of one session and the end of another one
    // 12 sessions (12 hours) back, so every session is spread over two batches far apart.
    for (int i = 0; i < 52; ++i) {
        std::vector<EventRow> batch;
        if (i < 40) {
            const std::string session = "s" + std::to_string(i);
            batch.push_back(Row(id(), "guide_opened", t0 + i * hour, session));
            batch.push_back(Row(id(), "step_viewed", t0 + i * hour + 10, session, 0));
        }
        if (i >= 12) {
            const int j = i - 12;
            const std::string session = "s" + std::to_string(j);
            batch.push_back(Row(id(), "step_viewed", t0 + j * hour + 20, session, 1));
            if (j % 2 == 0) batch.push_back(Row(id(), "guide_completed", t0 + j * hour + 30, session));
            batch.push_back(Ended(id(), t0 + j * hour + 40, session, j % 4 == 0));
            // An earlier event of the session arrives last: its rows move to an earlier first_ts (and hour).
            if (j % 3 == 0) batch.push_back(Row(id(), "guide_opened", t0 + j * hour - hour / 2, session));
        }
        batches.push_back(std::move(batch));
    }
    struct Numbers {
        SummaryData all;
        SummaryData range;
        FunnelData funnel;
    };
    auto run = [&](std::size_t cache_entries) {
        bk::test::TempDir dir;
        const std::string path = dir / "registry.db";
        for (std::size_t i = 0; i < batches.size(); ++i) {
            SqliteStorage storage(path, cache_entries);  // reopened every few batches: a restart empties the cache
            for (; i < batches.size(); ++i) {
                storage.StoreEvents("odder", "k1", batches[i], t0);
                if (i % 7 == 6) break;
            }
        }
        SqliteStorage storage(path, cache_entries);
        return Numbers{storage.LoadSummary("odder", {}), storage.LoadSummary("odder", {t0 + 5 * hour + 1, t0 + 20 * hour + 7}),
                       storage.LoadFunnel("odder", "mitid-app", 1, {})};
    };
    const Numbers uncached = run(0);
    EXPECT_EQ(uncached.all.total_sessions, 40);
    EXPECT_EQ(uncached.all.sessions.at({"mitid-app", 1}), (GuideSessionCounts{40, 20, 10}));
    EXPECT_EQ(uncached.funnel.views.at(0), 40);
    EXPECT_EQ(uncached.funnel.views.at(1), 40);
    EXPECT_EQ(uncached.funnel.completed_sessions, 20);
    EXPECT_EQ(uncached.funnel.assisted_completed_sessions, 10);
    for (std::size_t entries : {std::size_t{1}, std::size_t{3}, SqliteStorage::kDefaultSessionCacheEntries}) {
        const Numbers cached = run(entries);
        EXPECT_EQ(cached.all.total_sessions, uncached.all.total_sessions) << entries;
        EXPECT_EQ(cached.all.sessions, uncached.all.sessions) << entries;
        EXPECT_EQ(cached.range.total_sessions, uncached.range.total_sessions) << entries;
        EXPECT_EQ(cached.range.sessions, uncached.range.sessions) << entries;
        EXPECT_EQ(cached.funnel.views, uncached.funnel.views) << entries;
        EXPECT_EQ(cached.funnel.completed_sessions, uncached.funnel.completed_sessions) << entries;
        EXPECT_EQ(cached.funnel.assisted_completed_sessions, uncached.funnel.assisted_completed_sessions) << entries;
    }
}

// The feedback report answers with the newest comments of its range only, so one request cannot hold every
// comment the registry ever stored in memory.
TEST(RegistryReportsUnitTest, FeedbackReportShowsTheNewestCommentsOldestFirst) {
    bk::test::TempDir dir;
    SqliteStorage storage(dir / "registry.db");
    std::vector<EventRow> rows;
    for (int i = 0; i < 3; ++i) {
        EventRow row = Row("f" + std::to_string(i), "feedback_submitted", 1'000 + i, "s" + std::to_string(i));
        row.rating = i + 1;
        row.task_done = "yes";
        row.comment = "c" + std::to_string(i);
        rows.push_back(row);
    }
    storage.StoreEvents("odder", "k1", rows, 2'000);
    const Report two = FeedbackReport(storage, "odder", "mitid-app", {}, 2);
    ASSERT_EQ(two.json["feedback"].size(), 2u);
    EXPECT_EQ(two.json["feedback"][0]["comment"], "c1");
    EXPECT_EQ(two.json["feedback"][1]["comment"], "c2");
    EXPECT_EQ(two.json["truncated"], true);
    EXPECT_EQ(two.csv.rows.size(), 2u);
    const Report all = FeedbackReport(storage, "odder", "mitid-app", {}, 3);
    ASSERT_EQ(all.json["feedback"].size(), 3u);
    EXPECT_EQ(all.json["feedback"][0]["comment"], "c0");
    EXPECT_EQ(all.json["truncated"], false);
}

TEST(RegistryLruCacheTest, ForgetsTheLeastRecentlyUsedEntryFirst) {
    LruCache<std::string, int> cache(2);
    cache.Put("a", 1);
    cache.Put("b", 2);
    ASSERT_TRUE(cache.Find("a"));  // a is now more recent than b
    cache.Put("c", 3);
    EXPECT_EQ(cache.Size(), 2u);
    EXPECT_FALSE(cache.Find("b"));
    ASSERT_TRUE(cache.Find("a"));
    EXPECT_EQ(*cache.Find("a"), 1);
    cache.Put("c", 4);  // an update, not a new entry
    EXPECT_EQ(*cache.Find("c"), 4);
    EXPECT_EQ(cache.Size(), 2u);
    LruCache<std::string, int> none(0);
    none.Put("a", 1);
    EXPECT_FALSE(none.Find("a"));
}

// Event ids are unique per kiosk: another kiosk's event with the same id is its own event, not a duplicate.
TEST(RegistryStorageTest, EventIdsAreUniquePerKiosk) {
    bk::test::TempDir dir;
    SqliteStorage storage(dir / "registry.db");
    ASSERT_TRUE(storage.AddKiosk("odder", "kiosk-a", "hash-a", 1));
    ASSERT_TRUE(storage.AddKiosk("odder", "kiosk-b", "hash-b", 1));
    EventRow feedback = Row("0192d5e0-0000-7000-8000-000000000001", "feedback_submitted", 1793613600000, "s1");
    feedback.rating = 4;
    feedback.task_done = "yes";
    EXPECT_EQ(storage.StoreEvents("odder", "kiosk-a", {feedback}, 1793613600000).stored, std::vector<bool>{true});
    feedback.session = "s2";
    feedback.rating = 2;
    EXPECT_EQ(storage.StoreEvents("odder", "kiosk-b", {feedback}, 1793613600000).stored, std::vector<bool>{true});
    EXPECT_EQ(storage.StoreEvents("odder", "kiosk-a", {feedback}, 1793613600000).stored, std::vector<bool>{false});
    EXPECT_EQ(storage.LoadSummary("odder", {}).total_events, 2);
    EXPECT_EQ(storage.LoadSummary("odder", {}).total_kiosks, 2);
    const auto rows = storage.LoadFeedback("odder", "mitid-app", {}, 10);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].rating + rows[1].rating, 6);
    for (const KioskRow& kiosk : storage.LoadKiosks("odder", {})) EXPECT_EQ(kiosk.events_received_total, 1);
}

// A database from before v4 keeps its events and feedback; afterwards the ids are unique per kiosk.
TEST(RegistryStorageTest, MigrationToV4KeepsEventsAndFeedback) {
    bk::test::TempDir dir;
    const std::string path = dir / "registry.db";
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied_ts INTEGER NOT NULL)");
        for (int i = 0; i < 3; ++i) {
            db.exec(AllMigrations()[i].sqlite);
            db.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(AllMigrations()[i].version) + ", 'v', 0)");
        }
        db.exec("INSERT INTO events (id, municipality, kiosk_id, seq, ts, type, session, service, received_ts, body) "
                "VALUES ('x1', 'odder', 'kiosk-a', 1, 1000, 'feedback_submitted', 's1', 'mitid-app', 0, '{}')");
        db.exec("INSERT INTO feedback VALUES ('x1', 'odder', 'mitid-app', 1, 1000, 5, 'yes', 'da', 'fint')");
    }
    SqliteStorage storage(path);
    EXPECT_EQ(storage.SchemaVersion(), static_cast<int>(AllMigrations().size()));
    const auto kept = storage.LoadFeedback("odder", "mitid-app", {}, 10);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].comment, "fint");
    EventRow same_id = Row("x1", "feedback_submitted", 2000, "s2");
    same_id.rating = 1;
    EXPECT_EQ(storage.StoreEvents("odder", "kiosk-b", {same_id}, 2000).stored, std::vector<bool>{true});
    EXPECT_EQ(storage.StoreEvents("odder", "kiosk-a", {same_id}, 2000).stored, std::vector<bool>{false});
    EXPECT_EQ(storage.LoadFeedback("odder", "mitid-app", {}, 10).size(), 2u);
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT kiosk_id FROM feedback WHERE rating = 5").getString(), "kiosk-a");
}

// Revocation reaches a running server through the cache's time-out on the server's clock, not at once.
TEST(RegistryTokenCacheTest, FoundTokensAreLookedUpAgainAfterTheTimeToLive) {
    bk::test::TempDir dir;
    SqliteStorage storage(dir / "registry.db");
    bk::ManualClock clock;
    TokenCache tokens(storage, clock, 1'000);
    ASSERT_TRUE(storage.AddKiosk("odder", "k1", "hash-1", 1));
    ASSERT_TRUE(tokens.Find("hash-1"));
    EXPECT_FALSE(tokens.Find("hash-2"));

    ASSERT_EQ(storage.RevokeKioskTokens("k1"), 1);
    clock.Advance(999);
    EXPECT_TRUE(tokens.Find("hash-1")) << "remembered for the whole time to live";
    clock.Advance(1);
    EXPECT_FALSE(tokens.Find("hash-1"));

    // Unknown tokens are never remembered: one added later works at once.
    ASSERT_TRUE(storage.RotateKioskToken("k1", "hash-2", 2));
    EXPECT_TRUE(tokens.Find("hash-2"));

    TokenCache uncached(storage, clock, 0);
    ASSERT_TRUE(uncached.Find("hash-2"));
    ASSERT_EQ(storage.RevokeKioskTokens("k1"), 1);
    EXPECT_FALSE(uncached.Find("hash-2"));
}

}  // namespace
}  // namespace bk::registry
