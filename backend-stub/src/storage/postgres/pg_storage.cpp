// Index:
// [SECTION] Open and migrate
// [SECTION] Transactions
// [SECTION] Alerts raised once across processes
// [SECTION] Event partitions by month
#include "src/storage/postgres/pg_storage.h"

#include <pqxx/pqxx>

#include <chrono>
#include <cstdio>
#include <map>

#include "src/auth/auth.h"
#include "src/storage/database_url.h"
#include "src/storage/schema_migrations.h"

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

int ApplyPgMigrations(pqxx::connection& connection) {
    pqxx::work transaction(connection);
    transaction.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    transaction.exec0(
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, "
        "applied_ts bigint NOT NULL)");
    int version = transaction.exec1("SELECT coalesce(max(version), 0) FROM schema_version")[0].as<int>();
    for (const Migration& migration : AllMigrations()) {
        if (migration.version <= version || !migration.postgres) continue;
        transaction.exec0(migration.postgres);
        transaction.exec_params(
            "INSERT INTO schema_version (version, description, applied_ts) "
            "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
            migration.version,
            std::string(migration.postgres_description ? migration.postgres_description : migration.description));
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
            db.Run("CREATE TABLE \"" + name + "\" PARTITION OF events FOR VALUES FROM (" +
                   std::to_string(partition.from) + ") TO (" + std::to_string(partition.to) + ")");
        }
    });
    std::lock_guard lock(m_partitions_mutex);
    for (const auto& [name, partition] : missing) m_known_partitions.insert(name);
}

}  // namespace bk::registry
