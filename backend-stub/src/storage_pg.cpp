// Index:
// [SECTION] Open and migrate
// [SECTION] Transactions
// [SECTION] Alerts raised once across processes
// [SECTION] Event partitions by month
#include "src/storage_pg.h"

#include <pqxx/pqxx>

#include <chrono>
#include <cstdio>
#include <map>

#include "src/auth.h"
#include "src/database_url.h"

namespace bk::registry {

namespace {

constexpr int64_t kMigrationLock = 0x626b5f6d69677261;  // "bk_migra"
constexpr int64_t kPartitionLock = 0x626b5f7061727469;  // "bk_parti"

}  // namespace

int64_t AdvisoryLockKey(const std::string& text) {
    uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return static_cast<int64_t>(hash);
}

// [SECTION] Open and migrate

namespace {

// v9 (the baseline): the schema SQLite reaches after its v1-v9, in PostgreSQL's terms. Identifiers sort
// bytewise (COLLATE "C") as in SQLite, whatever the database's locale. Events are partitioned by month of ts;
// the unique key holds ts because a partitioned table's unique keys must (a resent event keeps its ts).
constexpr const char* kPgV9 = R"SQL(
CREATE TABLE tokens (
    hash text COLLATE "C" PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('kiosk', 'reader', 'staff')),
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C",
    name text,
    created_ts bigint NOT NULL
);
CREATE INDEX tokens_kiosk ON tokens (kiosk_id);
CREATE TABLE kiosks (
    kiosk_id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    created_ts bigint NOT NULL,
    last_seen_ts bigint,
    last_backlog bigint,
    last_heartbeat_ts bigint,
    events_received bigint NOT NULL DEFAULT 0,
    max_seq bigint NOT NULL DEFAULT 0,
    seq_count bigint NOT NULL DEFAULT 0,
    last_dropped bigint
);
CREATE INDEX kiosks_municipality ON kiosks (municipality);
CREATE TABLE events (
    id text COLLATE "C" NOT NULL,
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    seq bigint NOT NULL,
    ts bigint NOT NULL,
    type text NOT NULL,
    session text COLLATE "C" NOT NULL,
    service text COLLATE "C",
    service_version integer,
    step integer,
    received_ts bigint NOT NULL,
    body text NOT NULL,
    UNIQUE (kiosk_id, id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX events_municipality_ts ON events (municipality, ts);
CREATE TABLE help_requests (
    id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    session text NOT NULL,
    screen text NOT NULL,
    service text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_ts bigint NOT NULL,
    ack_ts bigint,
    resolved_ts bigint,
    step integer,
    lang text NOT NULL DEFAULT '',
    location text NOT NULL DEFAULT ''
);
CREATE INDEX help_requests_municipality ON help_requests (municipality, status, created_ts);
CREATE TABLE agg_service_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    starts bigint NOT NULL DEFAULT 0, completions bigint NOT NULL DEFAULT 0, abandons bigint NOT NULL DEFAULT 0,
    feedback_count bigint NOT NULL DEFAULT 0, rating_sum bigint NOT NULL DEFAULT 0,
    task_yes bigint NOT NULL DEFAULT 0, task_partly bigint NOT NULL DEFAULT 0, task_no bigint NOT NULL DEFAULT 0,
    help_requests bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
);
CREATE TABLE agg_step_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, step integer NOT NULL, abandons bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, service, version, hour, step)
);
CREATE TABLE agg_events_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, events bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
);
CREATE TABLE agg_kiosk_hour (
    municipality text COLLATE "C" NOT NULL, kiosk_id text COLLATE "C" NOT NULL, hour bigint NOT NULL,
    events bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, kiosk_id, hour)
);
-- One row per session, found by its id (writers lock the session, read its row, write it back).
CREATE TABLE session_first (
    municipality text COLLATE "C" NOT NULL, session text COLLATE "C" NOT NULL, first_ts bigint NOT NULL,
    assisted integer NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, session)
);
CREATE INDEX session_first_ts ON session_first (municipality, first_ts);
CREATE TABLE guide_sessions (
    municipality text COLLATE "C" NOT NULL, session text COLLATE "C" NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, first_ts bigint NOT NULL,
    opened integer NOT NULL DEFAULT 0, steps_mask bigint NOT NULL DEFAULT 0, completed integer NOT NULL DEFAULT 0,
    assisted integer NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, session, service, version)
);
CREATE INDEX guide_sessions_ts ON guide_sessions (municipality, first_ts);
CREATE INDEX guide_sessions_service_ts ON guide_sessions (municipality, service, version, first_ts);
CREATE TABLE agg_sessions_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, sessions bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
);
CREATE TABLE agg_guide_sessions_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, sessions bigint NOT NULL DEFAULT 0, completed bigint NOT NULL DEFAULT 0,
    assisted bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
);
CREATE TABLE service_steps (
    municipality text COLLATE "C" NOT NULL, service text COLLATE "C" NOT NULL, version integer NOT NULL,
    steps_total integer NOT NULL,
    PRIMARY KEY (municipality, service, version)
);
CREATE TABLE heartbeat_slots (
    kiosk_id text COLLATE "C" NOT NULL, slot bigint NOT NULL,
    PRIMARY KEY (kiosk_id, slot)
);
CREATE TABLE feedback (
    kiosk_id text COLLATE "C" NOT NULL, event_id text COLLATE "C" NOT NULL, municipality text COLLATE "C" NOT NULL,
    service text COLLATE "C" NOT NULL, version integer NOT NULL, ts bigint NOT NULL, rating integer NOT NULL,
    task_done text NOT NULL, lang text NOT NULL, comment text NOT NULL,
    PRIMARY KEY (kiosk_id, event_id)
);
CREATE INDEX feedback_service_ts ON feedback (municipality, service, ts, event_id, kiosk_id);
CREATE INDEX feedback_kiosk_ts ON feedback (kiosk_id, ts);
CREATE TABLE alerts (
    id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    subject_kind text NOT NULL CHECK (subject_kind IN ('kiosk', 'service')),
    subject text COLLATE "C" NOT NULL,
    raised_ts bigint NOT NULL,
    last_rating_ts bigint NOT NULL,
    ratings integer NOT NULL,
    unhappy integer NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'acknowledged')),
    ack_ts bigint,
    note text NOT NULL DEFAULT ''
);
CREATE INDEX alerts_subject ON alerts (municipality, subject_kind, subject, raised_ts);
CREATE INDEX alerts_municipality ON alerts (municipality, raised_ts);
)SQL";

struct PgMigration {
    int version;
    const char* description;
    const char* sql;
};

// v11: which municipalities share their figures in cross-municipality comparisons (opt-in; no row = not shared).
constexpr const char* kPgV11 = R"SQL(
CREATE TABLE comparison_sharing (
    municipality text PRIMARY KEY,
    since_ts bigint NOT NULL
);
)SQL";

// v10: how long a help call may wait unanswered before staff see it as escalated (as SQLite's v10).
constexpr const char* kPgV10 = R"SQL(
ALTER TABLE help_requests ADD COLUMN escalate_after_s integer;
)SQL";

// v12: signed content releases (as SQLite's v12).
constexpr const char* kPgV12 = R"SQL(
CREATE TABLE content_releases (
    number integer PRIMARY KEY,
    sha256 text NOT NULL,
    signature text NOT NULL,
    valid_from text NOT NULL,
    created_ts bigint NOT NULL,
    rollback_of integer,
    bytes text NOT NULL
);
ALTER TABLE kiosks ADD COLUMN content_release bigint;
ALTER TABLE kiosks ADD COLUMN content_error text;
)SQL";

// v13: guide sessions given their version at random, two versions side by side: side_by_side is the version
// drawn against, 0 = not drawn (as SQLite's v13).
constexpr const char* kPgV13 = R"SQL(
ALTER TABLE guide_sessions ADD COLUMN side_by_side integer NOT NULL DEFAULT 0;
CREATE INDEX guide_sessions_side_by_side ON guide_sessions (municipality, first_ts) WHERE side_by_side <> 0;
)SQL";

const std::vector<PgMigration>& AllPgMigrations() {
    static const std::vector<PgMigration> migrations = {
        {9, "baseline: the schema of SQLite v1-v9, events partitioned by month", kPgV9},
        {10, "help calls carry their escalation time", kPgV10},
        {11, "opt-in sharing for comparisons across municipalities", kPgV11},
        {12, "signed content releases", kPgV12},
        {13, "guide sessions given a version at random (side by side)", kPgV13},
    };
    return migrations;
}

}  // namespace

int ApplyPgMigrations(pqxx::connection& connection) {
    pqxx::work transaction(connection);
    transaction.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    transaction.exec0(
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, "
        "applied_ts bigint NOT NULL)");
    int version = static_cast<int>(transaction.exec1("SELECT coalesce(max(version), 0) FROM schema_version")[0].as<int64_t>());
    for (const PgMigration& migration : AllPgMigrations()) {
        if (migration.version <= version) continue;
        transaction.exec0(migration.sql);
        transaction.exec_params(
            "INSERT INTO schema_version (version, description, applied_ts) "
            "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
            migration.version, std::string(migration.description));
        version = migration.version;
    }
    transaction.commit();  // all or nothing: DDL is transactional in PostgreSQL
    return version;
}

PgStorage::PgStorage(const std::string& url, int64_t heartbeat_slot_ms, std::size_t max_connections)
    : SqlStorage(heartbeat_slot_ms), m_pool(url, max_connections), m_instance(RandomHex(8)) {
    auto lease = m_pool.Acquire();
    try {
        m_schema_version = ApplyPgMigrations(*lease);
    } catch (const pqxx::broken_connection& e) {
        throw std::runtime_error("lost the PostgreSQL connection at " + RedactedUrl(url) + ": " + FirstLine(e.what()));
    } catch (const pqxx::sql_error& e) {
        throw std::runtime_error("cannot migrate the PostgreSQL database " + RedactedUrl(url) + ": " +
                                 FirstLine(e.what()));
    }
}

PgStorage::~PgStorage() { WatchStaffChanges({}); }

// [SECTION] Transactions

// Reads and writes alike: one transaction, run again when another writer won (pg_pool.h).
void PgStorage::Read(const Work& work) { RunInTransaction(m_pool, work); }

void PgStorage::Write(const Work& work) { RunInTransaction(m_pool, work); }

// [SECTION] Alerts raised once across processes

// The rule (alerts.cpp) never lets two alerts of a subject count the same rating: a later one counts only ratings
// after the earlier one's last. Two registry processes checking the subject at the same instant may both decide
// to raise; under a lock per subject, the second finds the first counted its ratings and stores nothing.
bool PgStorage::RaisedByAnotherProcess(SqlConnection& db, const Alert& alert) {
    db.Run("SELECT pg_advisory_xact_lock(?)",
           {AdvisoryLockKey("alert\n" + alert.municipality + "\n" + alert.subject_kind + "\n" + alert.subject)});
    const bool by_kiosk = alert.subject_kind == "kiosk";
    std::optional<int64_t> first_counted;  // the oldest rating the alert counts
    db.Run(by_kiosk ? "SELECT ts FROM feedback WHERE kiosk_id = ? AND municipality = ? AND ts <= ? "
                      "ORDER BY ts DESC OFFSET ? LIMIT 1"
                    : "SELECT ts FROM feedback WHERE service = ? AND municipality = ? AND ts <= ? "
                      "ORDER BY ts DESC OFFSET ? LIMIT 1",
           {alert.subject, alert.municipality, alert.last_rating_ts, std::max(0, alert.ratings - 1)},
           [&](const SqlRow& row) { first_counted = row.Int(0); });
    if (!first_counted) return false;
    bool overlapping = false;
    db.Run("SELECT 1 FROM alerts WHERE municipality = ? AND subject_kind = ? AND subject = ? AND last_rating_ts >= ? "
           "LIMIT 1",
           {alert.municipality, alert.subject_kind, alert.subject, *first_counted},
           [&](const SqlRow&) { overlapping = true; });
    return overlapping;
}

// [SECTION] Event partitions by month

namespace {

struct MonthPartition {
    std::string name;  // events_YYYY_MM
    int64_t from = 0;  // ms, first instant of the month (UTC)
    int64_t to = 0;    // ms, first instant of the next month
};

MonthPartition PartitionOf(int64_t ts) {
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(ts)));
    const year_month_day date(day);
    const year_month month = date.year() / date.month();
    const sys_days start = month / 1;
    const sys_days end = (month + months(1)) / 1;
    char name[32];
    std::snprintf(name, sizeof name, "events_%04d_%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()));
    return {name, duration_cast<milliseconds>(start.time_since_epoch()).count(),
            duration_cast<milliseconds>(end.time_since_epoch()).count()};
}

}  // namespace

void PgStorage::EnsureEventPartitions(const std::set<int64_t>& timestamps) {
    std::map<std::string, MonthPartition> missing;
    {
        std::lock_guard lock(m_partitions_mutex);
        for (int64_t ts : timestamps) {
            MonthPartition partition = PartitionOf(ts);
            if (!m_known_partitions.count(partition.name)) missing.emplace(partition.name, partition);
        }
    }
    if (missing.empty()) return;
    // Its own short transaction: creating a partition locks the parent table, which must not wait inside an
    // ingest transaction that already writes to it (two writers would deadlock).
    RunInTransaction(m_pool, [&](SqlConnection& db) {
        db.Run("SELECT pg_advisory_xact_lock(?)", {kPartitionLock});
        for (const auto& [name, partition] : missing) {
            bool exists = false;
            db.Run("SELECT to_regclass(?)", {name}, [&](const SqlRow& row) { exists = !row.IsNull(0); });
            if (exists) continue;
            // The name is ours (events_YYYY_MM): quoted, it needs no escaping.
            db.Run("CREATE TABLE \"" + name + "\" PARTITION OF events FOR VALUES FROM (" + std::to_string(partition.from) +
                   ") TO (" + std::to_string(partition.to) + ")");
        }
    });
    std::lock_guard lock(m_partitions_mutex);
    for (const auto& [name, partition] : missing) m_known_partitions.insert(name);
}

}  // namespace bk::registry
