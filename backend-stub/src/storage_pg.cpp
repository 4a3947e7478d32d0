// Index of this file:
// [SECTION] Fields (libpqxx binds a std::optional as NULL)
// [SECTION] Connection pool
// [SECTION] Migrations
// [SECTION] Transactions that run again after a deadlock
// [SECTION] Tokens
// [SECTION] Ingest
// [SECTION] Help calls
// [SECTION] Alerts
// [SECTION] Staff changes between registry processes (LISTEN/NOTIFY)
// [SECTION] Reports

#include "src/storage_pg.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include "src/auth.h"
#include "src/database_url.h"
#include "src/ingest.h"

namespace bk::registry {

// [SECTION] Fields (libpqxx binds a std::optional as NULL)

namespace {

int64_t Int(const pqxx::field& field) { return field.is_null() ? 0 : field.as<int64_t>(); }

std::string Text(const pqxx::field& field) { return field.is_null() ? std::string() : field.as<std::string>(); }

std::optional<int64_t> OptionalInt(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<int64_t>();
}

template <class T>
std::optional<T> NullIf(bool is_null, const T& value) {
    return is_null ? std::nullopt : std::optional<T>(value);
}

// libpq's messages span lines ("...\n\tIs the server running..."); a log line or a CLI error wants one.
std::string FirstLine(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

// A stable 64-bit hash (FNV-1a) for advisory lock keys: every process must compute the same key.
int64_t LockKey(const std::string& text) {
    uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return static_cast<int64_t>(hash);
}

constexpr int64_t kMigrationLock = 0x626b5f6d69677261;  // "bk_migra"
constexpr int64_t kPartitionLock = 0x626b5f7061727469;  // "bk_parti"
constexpr const char* kStaffChannel = "bk_staff_changes";  // payload: "<instance> <municipality>"

}  // namespace

// [SECTION] Connection pool

PgPool::PgPool(std::string url, std::size_t max_connections)
    : m_url(std::move(url)), m_max_connections(std::max<std::size_t>(1, max_connections)) {}

PgPool::~PgPool() = default;

PgPool::Lease::Lease(PgPool& pool, std::unique_ptr<pqxx::connection> connection)
    : m_pool(pool), m_connection(std::move(connection)) {}

PgPool::Lease::~Lease() { m_pool.Release(std::move(m_connection)); }

std::unique_ptr<pqxx::connection> PgPool::Connect() {
    try {
        auto connection = std::make_unique<pqxx::connection>(m_url);
        // "relation already exists, skipping" and the like are not worth a line on stderr.
        pqxx::nontransaction quiet(*connection);
        quiet.exec0("SET client_min_messages TO WARNING");
        return connection;
    } catch (const std::exception& e) {
        throw StorageUnavailable(StorageUnavailable::Reason::Unreachable,
                                 "cannot connect to PostgreSQL at " + RedactedUrl(m_url) + ": " + FirstLine(e.what()));
    }
}

PgPool::Lease PgPool::Acquire() {
    std::unique_lock lock(m_mutex);
    m_idle_changed.wait(lock, [&] { return !m_idle.empty() || m_open < m_max_connections; });
    if (!m_idle.empty()) {
        auto connection = std::move(m_idle.back());
        m_idle.pop_back();
        return Lease(*this, std::move(connection));
    }
    ++m_open;
    lock.unlock();
    try {
        return Lease(*this, Connect());
    } catch (...) {
        Release(nullptr);
        throw;
    }
}

void PgPool::Release(std::unique_ptr<pqxx::connection> connection) {
    {
        std::lock_guard lock(m_mutex);
        if (connection && connection->is_open()) {
            m_idle.push_back(std::move(connection));
        } else {
            --m_open;  // broken (the server restarted): the next Acquire opens a new one
        }
    }
    m_idle_changed.notify_one();
}

// [SECTION] Migrations

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
    int version = static_cast<int>(Int(transaction.exec1("SELECT coalesce(max(version), 0) FROM schema_version")[0]));
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

// [SECTION] Transactions that run again after a deadlock

namespace {

// Runs `body(transaction)` and commits; a deadlock or serialization failure (another writer won) rolls back
// and runs it again on fresh data; a broken connection is retried once on a new one.
template <class Body>
auto InTransaction(PgPool& pool, Body&& body) {
    constexpr int kAttempts = 8;
    for (int attempt = 1;; ++attempt) {
        try {
            auto lease = pool.Acquire();
            pqxx::work transaction(*lease);
            if constexpr (std::is_void_v<decltype(body(transaction))>) {
                body(transaction);
                transaction.commit();
                return;
            } else {
                auto result = body(transaction);
                transaction.commit();
                return result;
            }
        } catch (const pqxx::transaction_rollback&) {
            if (attempt >= kAttempts) throw;
        } catch (const pqxx::broken_connection& e) {
            if (attempt >= 2) {
                throw StorageUnavailable(StorageUnavailable::Reason::Unreachable,
                                         "lost the PostgreSQL connection: " + FirstLine(e.what()));
            }
        }
    }
}

// Reads in one statement need no transaction of their own beyond the implicit one.
template <class... Args>
pqxx::result Query(PgPool& pool, const std::string& sql, Args&&... args) {
    return InTransaction(pool, [&](pqxx::work& transaction) {
        return transaction.exec_params(sql, std::forward<Args>(args)...);
    });
}

}  // namespace

PgStorage::PgStorage(const std::string& url, int64_t heartbeat_slot_ms, std::size_t max_connections)
    : m_pool(url, max_connections), m_heartbeat_slot_ms(heartbeat_slot_ms), m_instance(RandomHex(8)) {
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

// [SECTION] Tokens

bool PgStorage::AddKiosk(const std::string& municipality, const std::string& kiosk_id, const std::string& token_hash,
                         int64_t now) {
    return InTransaction(m_pool, [&](pqxx::work& t) {
        const auto inserted = t.exec_params(
            "INSERT INTO kiosks (kiosk_id, municipality, created_ts) VALUES ($1, $2, $3) "
            "ON CONFLICT (kiosk_id) DO NOTHING RETURNING 1",
            kiosk_id, municipality, now);
        if (inserted.empty()) return false;
        t.exec_params("INSERT INTO tokens (hash, kind, municipality, kiosk_id, created_ts) VALUES ($1, 'kiosk', $2, $3, $4)",
                      token_hash, municipality, kiosk_id, now);
        return true;
    });
}

void PgStorage::AddReader(const std::string& municipality, const std::string& name, const std::string& token_hash,
                          int64_t now) {
    Query(m_pool, "INSERT INTO tokens (hash, kind, municipality, name, created_ts) VALUES ($1, 'reader', $2, $3, $4)",
          token_hash, municipality, name, now);
}

void PgStorage::AddStaff(const std::string& municipality, const std::string& name, const std::string& token_hash,
                         int64_t now) {
    Query(m_pool, "INSERT INTO tokens (hash, kind, municipality, name, created_ts) VALUES ($1, 'staff', $2, $3, $4)",
          token_hash, municipality, name, now);
}

std::optional<TokenRecord> PgStorage::FindToken(const std::string& token_hash) {
    const auto rows = Query(m_pool,
                            "SELECT kind, municipality, coalesce(kiosk_id, ''), coalesce(name, '') FROM tokens "
                            "WHERE hash = $1",
                            token_hash);
    if (rows.empty()) return std::nullopt;
    TokenRecord record;
    const std::string kind = Text(rows[0][0]);
    record.kind = kind == "kiosk" ? TokenKind::Kiosk : kind == "staff" ? TokenKind::Staff : TokenKind::Reader;
    record.municipality = Text(rows[0][1]);
    record.kiosk_id = Text(rows[0][2]);
    record.name = Text(rows[0][3]);
    return record;
}

int PgStorage::RevokeKioskTokens(const std::string& kiosk_id) {
    return static_cast<int>(
        Query(m_pool, "DELETE FROM tokens WHERE kind = 'kiosk' AND kiosk_id = $1", kiosk_id).affected_rows());
}

int PgStorage::RevokeReaderTokens(const std::string& municipality, const std::string& name) {
    return static_cast<int>(Query(m_pool, "DELETE FROM tokens WHERE kind = 'reader' AND municipality = $1 AND name = $2",
                                  municipality, name)
                                .affected_rows());
}

int PgStorage::RevokeStaffTokens(const std::string& municipality, const std::string& name) {
    return static_cast<int>(Query(m_pool, "DELETE FROM tokens WHERE kind = 'staff' AND municipality = $1 AND name = $2",
                                  municipality, name)
                                .affected_rows());
}

bool PgStorage::RotateKioskToken(const std::string& kiosk_id, const std::string& token_hash, int64_t now) {
    return InTransaction(m_pool, [&](pqxx::work& t) {
        const auto kiosk = t.exec_params("SELECT municipality FROM kiosks WHERE kiosk_id = $1 FOR UPDATE", kiosk_id);
        if (kiosk.empty()) return false;
        t.exec_params("DELETE FROM tokens WHERE kind = 'kiosk' AND kiosk_id = $1", kiosk_id);
        t.exec_params("INSERT INTO tokens (hash, kind, municipality, kiosk_id, created_ts) VALUES ($1, 'kiosk', $2, $3, $4)",
                      token_hash, Text(kiosk[0][0]), kiosk_id, now);
        return true;
    });
}

// [SECTION] Ingest

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

// INSERT INTO table (columns) VALUES (...), (...), ... in one round trip: each value as text that PostgreSQL
// reads as its column's type; `suffix` follows (ON CONFLICT ..., RETURNING ...).
pqxx::result InsertRows(pqxx::work& t, const char* table, const std::vector<const char*>& columns,
                        const std::vector<std::optional<std::string>>& values, const std::string& suffix) {
    std::string sql = std::string("INSERT INTO ") + table + " (";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + std::string(columns[c]);
    sql += ") VALUES ";
    for (std::size_t v = 0; v < values.size(); ++v) {
        sql += v % columns.size() == 0 ? (v ? "), ($" : "($") : ", $";
        sql += std::to_string(v + 1);
    }
    sql += ") " + suffix;
    return t.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
}

std::optional<std::string> Value(const std::string& text) { return text; }
std::optional<std::string> Value(int64_t number) { return std::to_string(number); }
std::optional<std::string> ValueOrNull(bool is_null, const std::string& text) {
    return is_null ? std::nullopt : std::optional<std::string>(text);
}

// A PostgreSQL array literal of strings: {"a","b"}.
std::string TextArray(const std::vector<std::string>& items) {
    std::string literal = "{";
    for (const std::string& item : items) {
        literal += literal.size() > 1 ? ",\"" : "\"";
        for (char c : item) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
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
    InTransaction(m_pool, [&](pqxx::work& t) {
        t.exec_params("SELECT pg_advisory_xact_lock($1)", kPartitionLock);
        for (const auto& [name, partition] : missing) {
            if (!t.exec_params("SELECT to_regclass($1)", name)[0][0].is_null()) continue;
            t.exec0("CREATE TABLE " + t.quote_name(name) + " PARTITION OF events FOR VALUES FROM (" +
                    std::to_string(partition.from) + ") TO (" + std::to_string(partition.to) + ")");
        }
    });
    std::lock_guard lock(m_partitions_mutex);
    for (const auto& [name, partition] : missing) m_known_partitions.insert(name);
}

IngestOutcome PgStorage::StoreEvents(const std::string& municipality, const std::string& kiosk_id,
                                     const std::vector<EventRow>& rows, int64_t received_ts) {
    std::set<int64_t> timestamps;
    for (const EventRow& row : rows) timestamps.insert(row.ts);
    EnsureEventPartitions(timestamps);

    return InTransaction(m_pool, [&](pqxx::work& t) {
        IngestOutcome outcome;
        outcome.stored.resize(rows.size(), false);
        BatchAggregates deltas;
        int64_t stored_count = 0;
        int64_t max_seq = 0;
        const EventRow* latest_heartbeat = nullptr;

        // The events in multi-row INSERTs of up to 500; RETURNING names the new ones. A second writer of the same
        // event waits here for the first to commit, then stores nothing. Rows go in the batch's order, so two
        // writers of one batch take the key locks in one order.
        constexpr std::size_t kRowsPerInsert = 500;
        std::multiset<std::pair<std::string, int64_t>> inserted;  // (id, ts) of the new rows
        for (std::size_t first = 0; first < rows.size(); first += kRowsPerInsert) {
            std::vector<std::optional<std::string>> values;
            for (std::size_t i = first; i < std::min(rows.size(), first + kRowsPerInsert); ++i) {
                const EventRow& row = rows[i];
                for (auto value : {Value(row.id), Value(municipality), Value(kiosk_id), Value(row.seq), Value(row.ts),
                                   Value(row.type), Value(row.session), ValueOrNull(row.service.empty(), row.service),
                                   ValueOrNull(row.service_version <= 0, std::to_string(row.service_version)),
                                   ValueOrNull(row.step < 0, std::to_string(row.step)), Value(received_ts), Value(row.body)}) {
                    values.push_back(std::move(value));
                }
            }
            const auto returned = InsertRows(t, "events",
                                             {"id", "municipality", "kiosk_id", "seq", "ts", "type", "session", "service",
                                              "service_version", "step", "received_ts", "body"},
                                             values, "ON CONFLICT (kiosk_id, id, ts) DO NOTHING RETURNING id, ts");
            for (const auto& row : returned) inserted.emplace(Text(row[0]), Int(row[1]));
        }
        std::vector<std::optional<std::string>> feedback;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const EventRow& row = rows[i];
            const auto it = inserted.find({row.id, row.ts});
            if (it == inserted.end()) continue;  // duplicate id (or a second copy in this batch): changes nothing
            inserted.erase(it);

            outcome.stored[i] = true;
            ++stored_count;
            max_seq = std::max(max_seq, row.seq);
            Accumulate(row, deltas, received_ts, m_heartbeat_slot_ms);
            if (row.type == "feedback_submitted") {
                for (auto value : {Value(kiosk_id), Value(row.id), Value(municipality), Value(row.service),
                                   Value(row.service_version), Value(row.ts), Value(row.rating), Value(row.task_done),
                                   Value(row.lang), Value(row.comment)}) {
                    feedback.push_back(std::move(value));
                }
            } else if (row.type == "heartbeat" && (!latest_heartbeat || row.ts >= latest_heartbeat->ts)) {
                latest_heartbeat = &row;
            }
        }
        if (!feedback.empty()) {
            InsertRows(t, "feedback",
                       {"kiosk_id", "event_id", "municipality", "service", "version", "ts", "rating", "task_done", "lang",
                        "comment"},
                       feedback, "ON CONFLICT DO NOTHING");
        }
        // Session rows are read, merged and written back: lock each session first (in key order), so a writer
        // of the same session elsewhere waits and then reads what this one wrote.
        // One round trip: the keys sorted in the array, locked in the array's order.
        std::set<int64_t> lock_keys;
        std::vector<std::string> sessions;
        for (const auto& [session, ts] : deltas.session_first) {
            lock_keys.insert(LockKey(municipality + '\0' + session));
            sessions.push_back(session);
        }
        if (!lock_keys.empty()) {
            std::string keys = "{";
            for (int64_t key : lock_keys) keys += (keys.size() > 1 ? "," : "") + std::to_string(key);
            t.exec_params("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k", keys + "}");
        }
        // The batch's sessions as stored, and their guide rows, each in one round trip.
        std::map<std::string, std::pair<int64_t, bool>> stored_sessions;  // session -> (first_ts, assisted)
        std::map<std::pair<ServiceKey, std::string>, pqxx::row> stored_guides;
        pqxx::result guide_rows;
        if (!sessions.empty()) {
            for (const auto& row : t.exec_params("SELECT session, first_ts, assisted FROM session_first "
                                                 "WHERE municipality = $1 AND session = ANY($2::text[])",
                                                 municipality, TextArray(sessions))) {
                stored_sessions[Text(row[0])] = {Int(row[1]), Int(row[2]) != 0};
            }
            guide_rows = t.exec_params("SELECT session, service, version, first_ts, opened, steps_mask, completed, assisted, "
                                       "side_by_side FROM guide_sessions WHERE municipality = $1 AND session = ANY($2::text[])",
                                       municipality, TextArray(sessions));
            for (const auto& row : guide_rows) {
                stored_guides.emplace(std::pair{ServiceKey{Text(row[1]), static_cast<int>(Int(row[2]))}, Text(row[0])}, row);
            }
        }

        struct SessionRow {
            int64_t first_ts = 0;
            bool assisted = false;
        };
        std::map<int64_t, int64_t> session_hours;
        std::map<std::string, SessionRow> batch_sessions;
        std::set<std::string> newly_assisted;
        for (const auto& [session, ts] : deltas.session_first) {
            std::optional<SessionRow> existing;
            if (auto found = stored_sessions.find(session); found != stored_sessions.end()) {
                existing = SessionRow{found->second.first, found->second.second};
            }
            SessionRow merged{ts, (existing && existing->assisted) || deltas.assisted_sessions.count(session) > 0};
            if (existing) {
                merged.first_ts = std::min(existing->first_ts, ts);
                if (merged.first_ts != existing->first_ts) {
                    session_hours[HourOf(existing->first_ts)] -= 1;
                    session_hours[HourOf(merged.first_ts)] += 1;
                }
                if (merged.first_ts != existing->first_ts || merged.assisted != existing->assisted) {
                    t.exec_params(
                        "UPDATE session_first SET first_ts = $3, assisted = $4 WHERE municipality = $1 AND session = $2",
                        municipality, session, merged.first_ts, merged.assisted ? 1 : 0);
                }
            } else {
                t.exec_params(
                    "INSERT INTO session_first (municipality, session, first_ts, assisted) VALUES ($1,$2,$3,$4)",
                    municipality, session, merged.first_ts, merged.assisted ? 1 : 0);
                session_hours[HourOf(merged.first_ts)] += 1;
            }
            if (merged.assisted && !(existing && existing->assisted)) newly_assisted.insert(session);
            batch_sessions[session] = merged;
        }

        // Guide rows: what one row contributes to the hourly guide-session counts, by the hour of its first_ts.
        struct GuideRow {
            int64_t first_ts = 0;
            bool opened = false;
            uint64_t steps_mask = 0;
            bool completed = false;
            bool assisted = false;
            int drawn_against = 0;  // the side_by_side column
            bool operator==(const GuideRow&) const = default;
        };
        std::map<std::pair<int64_t, ServiceKey>, GuideSessionCounts> guide_hours;
        auto count_row = [&](const ServiceKey& key, const GuideRow& row, int64_t sign) {
            GuideSessionCounts& counts = guide_hours[{HourOf(row.first_ts), key}];
            counts.sessions += row.opened ? sign : 0;
            counts.completed += row.completed ? sign : 0;
            counts.assisted_completed += row.completed && row.assisted ? sign : 0;
        };
        for (const auto& [key, g] : deltas.guide_sessions) {
            const auto& [service_key, session] = key;
            GuideRow merged{g.first_ts, g.opened, g.steps_mask, g.completed, batch_sessions.at(session).assisted,
                            g.drawn_against};
            if (auto found = stored_guides.find(key); found != stored_guides.end()) {
                const pqxx::row& stored = found->second;
                const GuideRow existing{Int(stored[3]), Int(stored[4]) != 0, static_cast<uint64_t>(Int(stored[5])),
                                        Int(stored[6]) != 0, Int(stored[7]) != 0, static_cast<int>(Int(stored[8]))};
                merged.first_ts = std::min(existing.first_ts, g.first_ts);
                merged.opened = existing.opened || g.opened;
                merged.steps_mask = existing.steps_mask | g.steps_mask;
                merged.completed = existing.completed || g.completed;
                merged.assisted = existing.assisted || merged.assisted;
                // Drawn once per visit: a later guide_opened cannot undo or change it.
                if (existing.drawn_against != 0) merged.drawn_against = existing.drawn_against;
                if (merged == existing) continue;
                count_row(service_key, existing, -1);
            }
            count_row(service_key, merged, +1);
            t.exec_params(
                "INSERT INTO guide_sessions AS g (municipality, session, service, version, first_ts, opened, steps_mask, "
                "completed, assisted, side_by_side) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
                "ON CONFLICT (municipality, session, service, version) DO UPDATE SET first_ts = excluded.first_ts, "
                "opened = excluded.opened, steps_mask = excluded.steps_mask, completed = excluded.completed, "
                "assisted = excluded.assisted, side_by_side = excluded.side_by_side",
                municipality, session, service_key.service, service_key.version, merged.first_ts, merged.opened ? 1 : 0,
                static_cast<int64_t>(merged.steps_mask), merged.completed ? 1 : 0, merged.assisted ? 1 : 0,
                merged.drawn_against);
        }
        // A session that became assisted in this batch: its guide rows from earlier batches follow.
        for (const std::string& session : newly_assisted) {
            const auto marked = t.exec_params(
                "UPDATE guide_sessions SET assisted = 1 WHERE municipality = $1 AND session = $2 AND assisted = 0 "
                "RETURNING first_ts, service, version, completed",
                municipality, session);
            for (const auto& row : marked) {
                const ServiceKey key{Text(row[1]), static_cast<int>(Int(row[2]))};
                if (Int(row[3]) != 0) guide_hours[{HourOf(Int(row[0])), key}].assisted_completed += 1;
            }
        }
        // The aggregates last, so their row locks (every writer of the hour wants them) are held only until
        // the commit just after. One upsert per touched row, each table in key order (std::map), after the
        // session locks: every writer takes its locks in one order and none deadlocks.
        for (const auto& [key, c] : deltas.service_hours) {
            t.exec_params(
                "INSERT INTO agg_service_hour AS a (municipality, hour, service, version, starts, completions, abandons, "
                "feedback_count, rating_sum, task_yes, task_partly, task_no, help_requests) "
                "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT (municipality, hour, service, version) "
                "DO UPDATE SET starts = a.starts + excluded.starts, completions = a.completions + excluded.completions, "
                "abandons = a.abandons + excluded.abandons, feedback_count = a.feedback_count + excluded.feedback_count, "
                "rating_sum = a.rating_sum + excluded.rating_sum, task_yes = a.task_yes + excluded.task_yes, "
                "task_partly = a.task_partly + excluded.task_partly, task_no = a.task_no + excluded.task_no, "
                "help_requests = a.help_requests + excluded.help_requests",
                municipality, key.first, key.second.service, key.second.version, c.starts, c.completions, c.abandons,
                c.feedback_count, c.rating_sum, c.task_yes, c.task_partly, c.task_no, c.help_requests);
        }
        for (const auto& [key, count] : deltas.step_abandons) {
            const auto& [hour, service_key, step] = key;
            t.exec_params(
                "INSERT INTO agg_step_hour AS a (municipality, hour, service, version, step, abandons) "
                "VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (municipality, service, version, hour, step) "
                "DO UPDATE SET abandons = a.abandons + excluded.abandons",
                municipality, hour, service_key.service, service_key.version, step, count);
        }
        for (const auto& [hour, count] : deltas.events_per_hour) {
            t.exec_params(
                "INSERT INTO agg_events_hour AS a (municipality, hour, events) VALUES ($1,$2,$3) "
                "ON CONFLICT (municipality, hour) DO UPDATE SET events = a.events + excluded.events",
                municipality, hour, count);
        }
        for (const auto& [hour, count] : deltas.events_per_hour) {
            t.exec_params(
                "INSERT INTO agg_kiosk_hour AS a (municipality, kiosk_id, hour, events) VALUES ($1,$2,$3,$4) "
                "ON CONFLICT (municipality, kiosk_id, hour) DO UPDATE SET events = a.events + excluded.events",
                municipality, kiosk_id, hour, count);
        }

        for (const auto& [hour, delta] : session_hours) {
            if (delta == 0) continue;
            t.exec_params(
                "INSERT INTO agg_sessions_hour AS a (municipality, hour, sessions) VALUES ($1,$2,$3) "
                "ON CONFLICT (municipality, hour) DO UPDATE SET sessions = a.sessions + excluded.sessions",
                municipality, hour, delta);
        }
        for (const auto& [key, delta] : guide_hours) {
            if (delta == GuideSessionCounts{}) continue;
            t.exec_params(
                "INSERT INTO agg_guide_sessions_hour AS a (municipality, hour, service, version, sessions, completed, "
                "assisted) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (municipality, hour, service, version) "
                "DO UPDATE SET sessions = a.sessions + excluded.sessions, completed = a.completed + excluded.completed, "
                "assisted = a.assisted + excluded.assisted",
                municipality, key.first, key.second.service, key.second.version, delta.sessions, delta.completed,
                delta.assisted_completed);
        }
        for (const auto& [key, steps] : deltas.steps_total) {
            t.exec_params(
                "INSERT INTO service_steps AS s (municipality, service, version, steps_total) VALUES ($1,$2,$3,$4) "
                "ON CONFLICT (municipality, service, version) "
                "DO UPDATE SET steps_total = greatest(s.steps_total, excluded.steps_total)",
                municipality, key.service, key.version, steps);
        }
        for (int64_t slot : deltas.heartbeat_slots) {
            t.exec_params("INSERT INTO heartbeat_slots (kiosk_id, slot) VALUES ($1,$2) ON CONFLICT DO NOTHING", kiosk_id,
                          slot);
        }
        t.exec_params(
            "UPDATE kiosks SET last_seen_ts = greatest(coalesce(last_seen_ts, $1), $1), "
            "events_received = events_received + $2, max_seq = greatest(max_seq, $3), seq_count = seq_count + $2 "
            "WHERE kiosk_id = $4",
            received_ts, stored_count, max_seq, kiosk_id);
        if (latest_heartbeat) {
            t.exec_params(
                "UPDATE kiosks SET last_backlog = $1, last_dropped = $2, last_heartbeat_ts = $3, content_release = $5, "
                "content_error = $6 WHERE kiosk_id = $4 AND (last_heartbeat_ts IS NULL OR last_heartbeat_ts <= $3)",
                latest_heartbeat->backlog, NullIf(latest_heartbeat->dropped < 0, latest_heartbeat->dropped),
                latest_heartbeat->ts, kiosk_id, latest_heartbeat->content_release,
                NullIf(latest_heartbeat->content_error.empty(), latest_heartbeat->content_error));
        }
        return outcome;
    });
}

// [SECTION] Help calls

namespace {

constexpr const char* kHelpColumns =
    "id, municipality, kiosk_id, session, screen, service, status, created_ts, ack_ts, resolved_ts, step, lang, location, "
    "escalate_after_s";

HelpCall ReadHelpCall(const pqxx::row& row) {
    HelpCall call;
    call.id = Text(row[0]);
    call.municipality = Text(row[1]);
    call.kiosk_id = Text(row[2]);
    call.session = Text(row[3]);
    call.screen = Text(row[4]);
    call.service = Text(row[5]);
    call.status = Text(row[6]);
    call.created_ts = Int(row[7]);
    call.ack_ts = OptionalInt(row[8]);
    call.resolved_ts = OptionalInt(row[9]);
    if (const auto step = OptionalInt(row[10])) call.step = static_cast<int>(*step);
    call.lang = Text(row[11]);
    call.location = Text(row[12]);
    if (const auto seconds = OptionalInt(row[13])) call.escalate_after_s = static_cast<int>(*seconds);
    return call;
}

std::vector<HelpCall> ReadHelpCalls(const pqxx::result& rows) {
    std::vector<HelpCall> calls;
    for (const auto& row : rows) calls.push_back(ReadHelpCall(row));
    return calls;
}

}  // namespace

void PgStorage::CreateHelpCall(const HelpCall& call) {
    InTransaction(m_pool, [&](pqxx::work& t) {
        t.exec_params(
            "INSERT INTO help_requests (id, municipality, kiosk_id, session, screen, service, status, created_ts, step, "
            "lang, location, escalate_after_s) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
            call.id, call.municipality, call.kiosk_id, call.session, call.screen, call.service, call.status,
            call.created_ts, call.step, call.lang, call.location, call.escalate_after_s);
        NotifyStaffChange(t, call.municipality);
    });
}

std::optional<HelpCall> PgStorage::GetHelpCall(const std::string& id) {
    const auto rows = Query(m_pool, std::string("SELECT ") + kHelpColumns + " FROM help_requests WHERE id = $1", id);
    if (rows.empty()) return std::nullopt;
    return ReadHelpCall(rows[0]);
}

std::vector<HelpCall> PgStorage::ListHelpCalls(const std::string& municipality, const std::string& status) {
    return ReadHelpCalls(Query(m_pool,
                               std::string("SELECT ") + kHelpColumns +
                                   " FROM help_requests WHERE municipality = $1 AND ($2 = '' OR status = $2) "
                                   "ORDER BY created_ts, id",
                               municipality, status));
}

std::optional<HelpCall> PgStorage::UpdateHelpCall(const std::string& id, const std::string& status, int64_t now,
                                                 bool by_staff) {
    // Each change is one conditional UPDATE: two staff members (or two registries) answering at once cannot
    // both move a call, and the first ack time stays.
    InTransaction(m_pool, [&](pqxx::work& t) {
        pqxx::result changed;
        if (status == "acknowledged") {
            changed = t.exec_params("UPDATE help_requests SET status = 'acknowledged', ack_ts = $1 "
                                    "WHERE id = $2 AND status = 'open' RETURNING municipality",
                                    now, id);
        } else if (status == "resolved") {
            changed = t.exec_params("UPDATE help_requests SET status = 'resolved', resolved_ts = $1, "
                                    "ack_ts = CASE WHEN $3 THEN coalesce(ack_ts, $1) ELSE ack_ts END "
                                    "WHERE id = $2 AND status != 'resolved' RETURNING municipality",
                                    now, id, by_staff);
        }
        if (!changed.empty()) NotifyStaffChange(t, Text(changed[0][0]));
    });
    return GetHelpCall(id);
}

std::vector<HelpCall> PgStorage::HelpCallsCreatedIn(const std::string& municipality, const TimeRange& range) {
    return ReadHelpCalls(Query(m_pool,
                               std::string("SELECT ") + kHelpColumns +
                                   " FROM help_requests WHERE municipality = $1 AND created_ts >= $2 AND created_ts < $3",
                               municipality, range.from, range.to));
}

// [SECTION] Alerts

namespace {

constexpr const char* kAlertColumns =
    "id, municipality, subject_kind, subject, raised_ts, last_rating_ts, ratings, unhappy, status, ack_ts, note";

Alert ReadAlert(const pqxx::row& row) {
    Alert alert;
    alert.id = Text(row[0]);
    alert.municipality = Text(row[1]);
    alert.subject_kind = Text(row[2]);
    alert.subject = Text(row[3]);
    alert.raised_ts = Int(row[4]);
    alert.last_rating_ts = Int(row[5]);
    alert.ratings = static_cast<int>(Int(row[6]));
    alert.unhappy = static_cast<int>(Int(row[7]));
    alert.status = Text(row[8]);
    alert.ack_ts = OptionalInt(row[9]);
    alert.note = Text(row[10]);
    return alert;
}

std::vector<Alert> ReadAlerts(const pqxx::result& rows) {
    std::vector<Alert> alerts;
    for (const auto& row : rows) alerts.push_back(ReadAlert(row));
    return alerts;
}

}  // namespace

std::vector<RatingRow> PgStorage::LoadRatings(const std::string& municipality, const std::string& subject_kind,
                                              const std::string& subject, const TimeRange& range) {
    const bool by_kiosk = subject_kind == "kiosk";
    const auto rows = Query(m_pool,
                            by_kiosk ? "SELECT ts, rating FROM feedback WHERE kiosk_id = $1 AND municipality = $2 "
                                       "AND ts >= $3 AND ts < $4 ORDER BY ts"
                                     : "SELECT ts, rating FROM feedback WHERE service = $1 AND municipality = $2 "
                                       "AND ts >= $3 AND ts < $4 ORDER BY ts",
                            subject, municipality, range.from, range.to);
    std::vector<RatingRow> ratings;
    for (const auto& row : rows) ratings.push_back({Int(row[0]), static_cast<int>(Int(row[1]))});
    return ratings;
}

std::optional<Alert> PgStorage::LatestAlert(const std::string& municipality, const std::string& subject_kind,
                                            const std::string& subject) {
    const auto rows = Query(m_pool,
                            std::string("SELECT ") + kAlertColumns +
                                " FROM alerts WHERE municipality = $1 AND subject_kind = $2 AND subject = $3 "
                                "ORDER BY raised_ts DESC LIMIT 1",
                            municipality, subject_kind, subject);
    if (rows.empty()) return std::nullopt;
    return ReadAlert(rows[0]);
}

// The rule (alerts.cpp) never lets two alerts of a subject count the same rating: a later one counts only ratings
// after the earlier one's last. Two registry processes checking the subject at the same instant may both decide
// to raise; under a lock per subject, the second finds the first counted its ratings and stores nothing.
void PgStorage::CreateAlert(const Alert& alert) {
    InTransaction(m_pool, [&](pqxx::work& t) {
        t.exec_params("SELECT pg_advisory_xact_lock($1)",
                      LockKey("alert\n" + alert.municipality + "\n" + alert.subject_kind + "\n" + alert.subject));
        const bool by_kiosk = alert.subject_kind == "kiosk";
        const auto first_counted = t.exec_params(
            by_kiosk ? "SELECT ts FROM feedback WHERE kiosk_id = $1 AND municipality = $2 AND ts <= $3 "
                       "ORDER BY ts DESC OFFSET $4 LIMIT 1"
                     : "SELECT ts FROM feedback WHERE service = $1 AND municipality = $2 AND ts <= $3 "
                       "ORDER BY ts DESC OFFSET $4 LIMIT 1",
            alert.subject, alert.municipality, alert.last_rating_ts, std::max(0, alert.ratings - 1));
        if (!first_counted.empty()) {
            const auto overlapping = t.exec_params(
                "SELECT 1 FROM alerts WHERE municipality = $1 AND subject_kind = $2 AND subject = $3 "
                "AND last_rating_ts >= $4 LIMIT 1",
                alert.municipality, alert.subject_kind, alert.subject, Int(first_counted[0][0]));
            if (!overlapping.empty()) return;  // another process raised it for these ratings
        }
        t.exec_params(
            "INSERT INTO alerts (id, municipality, subject_kind, subject, raised_ts, last_rating_ts, ratings, unhappy, "
            "status, ack_ts, note) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
            alert.id, alert.municipality, alert.subject_kind, alert.subject, alert.raised_ts, alert.last_rating_ts,
            alert.ratings, alert.unhappy, alert.status, alert.ack_ts, alert.note);
        NotifyStaffChange(t, alert.municipality);
    });
}

std::optional<Alert> PgStorage::GetAlert(const std::string& id) {
    const auto rows = Query(m_pool, std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = $1", id);
    if (rows.empty()) return std::nullopt;
    return ReadAlert(rows[0]);
}

std::optional<Alert> PgStorage::AcknowledgeAlert(const std::string& id, int64_t now, const std::string& note) {
    InTransaction(m_pool, [&](pqxx::work& t) {
        const auto changed = t.exec_params("UPDATE alerts SET status = 'acknowledged', ack_ts = $1, note = $2 "
                                           "WHERE id = $3 AND status = 'open' RETURNING municipality",
                                           now, note, id);
        if (!changed.empty()) NotifyStaffChange(t, Text(changed[0][0]));
    });
    return GetAlert(id);
}

std::vector<Alert> PgStorage::ListAlerts(const std::string& municipality, const std::string& status) {
    return ReadAlerts(Query(m_pool,
                            std::string("SELECT ") + kAlertColumns +
                                " FROM alerts WHERE municipality = $1 AND ($2 = '' OR status = $2) ORDER BY raised_ts, id",
                            municipality, status));
}

std::vector<Alert> PgStorage::AlertsRaisedIn(const std::string& municipality, const TimeRange& range) {
    return ReadAlerts(Query(m_pool,
                            std::string("SELECT ") + kAlertColumns +
                                " FROM alerts WHERE municipality = $1 AND raised_ts >= $2 AND raised_ts < $3 "
                                "ORDER BY raised_ts, id",
                            municipality, range.from, range.to));
}

// [SECTION] Staff changes between registry processes (LISTEN/NOTIFY)

void PgStorage::NotifyStaffChange(pqxx::work& transaction, const std::string& municipality) {
    transaction.exec_params("SELECT pg_notify($1, $2)", std::string(kStaffChannel), m_instance + " " + municipality);
}

namespace {

class StaffChangeReceiver final : public pqxx::notification_receiver {
public:
    StaffChangeReceiver(pqxx::connection& connection, std::function<void(const std::string&)> on_payload)
        : pqxx::notification_receiver(connection, kStaffChannel), m_on_payload(std::move(on_payload)) {}
    void operator()(const std::string& payload, int) override { m_on_payload(payload); }

private:
    std::function<void(const std::string&)> m_on_payload;
};

}  // namespace

void PgStorage::WatchStaffChanges(std::function<void(const std::string& municipality)> on_change) {
    if (m_listener.joinable()) {
        // Wake the listener with a notification of our own; it sees the flag and ends.
        m_stop_listening = true;
        try {
            Query(m_pool, "SELECT pg_notify($1, $2)", std::string(kStaffChannel), m_instance + " stop");
        } catch (const std::exception&) {
            // no server: the listener's connection is broken too, and it ends on the flag
        }
        {
            std::lock_guard lock(m_watch_mutex);
            m_listen_retry.notify_all();
        }
        m_listener.join();
    }
    if (!on_change) return;
    m_stop_listening = false;
    // Returns once the first LISTEN is in place (or failed), so a change right after start is heard.
    std::promise<void> listening;
    auto ready = listening.get_future();
    m_listener = std::thread([this, on_change = std::move(on_change), listening = std::move(listening)]() mutable {
        ListenForStaffChanges(on_change, listening);
    });
    ready.wait();
}

void PgStorage::ListenForStaffChanges(const std::function<void(const std::string&)>& on_change,
                                      std::promise<void>& listening) {
    bool announced = false;
    while (!m_stop_listening) {
        bool connected = false;
        try {
            pqxx::connection connection(m_pool.Url());
            StaffChangeReceiver receiver(connection, [&](const std::string& payload) {
                const auto space = payload.find(' ');
                if (space == std::string::npos || payload.compare(0, space, m_instance) == 0) return;  // ours
                on_change(payload.substr(space + 1));
            });
            connection.get_notifs();  // the LISTEN is in place once this returns
            connected = true;
            if (!announced) listening.set_value();
            announced = true;
            while (!m_stop_listening) connection.await_notification();
        } catch (const std::exception& e) {
            if (!announced) listening.set_value();
            announced = true;
            if (m_stop_listening) break;
            if (connected) continue;  // a listening connection was ended (a restart, a failover): a new one at once
            std::cerr << "registry: PostgreSQL notifications: " << FirstLine(e.what()) << "; listening again in 5 s"
                      << std::endl;
            std::unique_lock lock(m_watch_mutex);
            m_listen_retry.wait_for(lock, std::chrono::seconds(5), [&] { return m_stop_listening.load(); });
        }
    }
    if (!announced) listening.set_value();
}

// [SECTION] Reports

namespace {

// Whole hours [first_hour, end_hour) read from the aggregates, ragged edges from the raw events (as SqliteStorage).
struct HourSplit {
    int64_t first_hour = 0;
    int64_t end_hour = 0;
    std::vector<std::pair<int64_t, int64_t>> edges;
};

HourSplit SplitRange(const TimeRange& range) {
    HourSplit split;
    const int64_t from = std::max<int64_t>(range.from, 0);
    if (range.to <= from) return split;
    split.first_hour = (from + kHourMs - 1) / kHourMs;
    split.end_hour = range.to == kForever ? kForever / kHourMs : range.to / kHourMs;
    if (split.first_hour >= split.end_hour) {
        split.first_hour = split.end_hour = 0;
        split.edges.emplace_back(from, range.to);
        return split;
    }
    if (from < split.first_hour * kHourMs) split.edges.emplace_back(from, split.first_hour * kHourMs);
    if (range.to != kForever && split.end_hour * kHourMs < range.to) {
        split.edges.emplace_back(split.end_hour * kHourMs, range.to);
    }
    return split;
}

void AccumulateRaw(pqxx::work& t, const std::string& municipality, int64_t from, int64_t to, BatchAggregates& out,
                   std::set<std::string>* kiosks) {
    const auto rows = t.exec_params("SELECT body, kiosk_id FROM events WHERE municipality = $1 AND ts >= $2 AND ts < $3",
                                    municipality, from, to);
    for (const auto& raw : rows) {
        EventRow row;
        try {
            RowFromEvent(nlohmann::json::parse(Text(raw[0])), row);
        } catch (const nlohmann::json::exception&) {
            continue;  // stored bodies were validated on ingest; skip rather than fail a report
        }
        Accumulate(row, out);
        out.session_first.clear();
        out.guide_sessions.clear();
        out.assisted_sessions.clear();
        if (kiosks) kiosks->insert(Text(raw[1]));
    }
}

}  // namespace

SummaryData PgStorage::LoadSummary(const std::string& municipality, const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    // One REPEATABLE READ snapshot would be stricter; like SQLite's reader, the parts are read in one transaction.
    return InTransaction(m_pool, [&](pqxx::work& t) {
        SummaryData data;
        const auto counters = t.exec_params(
            "SELECT service, version, sum(starts), sum(completions), sum(abandons), sum(feedback_count), "
            "sum(rating_sum), sum(task_yes), sum(task_partly), sum(task_no), sum(help_requests) "
            "FROM agg_service_hour WHERE municipality = $1 AND hour >= $2 AND hour < $3 GROUP BY service, version",
            municipality, split.first_hour, split.end_hour);
        for (const auto& row : counters) {
            ServiceCounters c;
            c.starts = Int(row[2]);
            c.completions = Int(row[3]);
            c.abandons = Int(row[4]);
            c.feedback_count = Int(row[5]);
            c.rating_sum = Int(row[6]);
            c.task_yes = Int(row[7]);
            c.task_partly = Int(row[8]);
            c.task_no = Int(row[9]);
            c.help_requests = Int(row[10]);
            data.counters[{Text(row[0]), static_cast<int>(Int(row[1]))}] += c;
        }
        data.total_events = Int(t.exec_params1("SELECT coalesce(sum(events), 0) FROM agg_events_hour "
                                               "WHERE municipality = $1 AND hour >= $2 AND hour < $3",
                                               municipality, split.first_hour, split.end_hour)[0]);
        std::set<std::string> kiosks;
        for (const auto& row : t.exec_params("SELECT DISTINCT kiosk_id FROM agg_kiosk_hour WHERE municipality = $1 "
                                             "AND hour >= $2 AND hour < $3",
                                             municipality, split.first_hour, split.end_hour)) {
            kiosks.insert(Text(row[0]));
        }
        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(t, municipality, from, to, edges, &kiosks);
        for (const auto& [key, c] : edges.service_hours) data.counters[key.second] += c;
        for (const auto& [hour, count] : edges.events_per_hour) data.total_events += count;
        data.total_kiosks = static_cast<int64_t>(kiosks.size());

        for (const auto& row : t.exec_params("SELECT service, version, sum(sessions), sum(completed), sum(assisted) "
                                             "FROM agg_guide_sessions_hour WHERE municipality = $1 AND hour >= $2 "
                                             "AND hour < $3 GROUP BY service, version",
                                             municipality, split.first_hour, split.end_hour)) {
            data.sessions[{Text(row[0]), static_cast<int>(Int(row[1]))}] +=
                GuideSessionCounts{Int(row[2]), Int(row[3]), Int(row[4])};
        }
        data.total_sessions = Int(t.exec_params1("SELECT coalesce(sum(sessions), 0) FROM agg_sessions_hour "
                                                 "WHERE municipality = $1 AND hour >= $2 AND hour < $3",
                                                 municipality, split.first_hour, split.end_hour)[0]);
        for (const auto& [from, to] : split.edges) {
            for (const auto& row : t.exec_params(
                     "SELECT service, version, sum(opened), sum(completed), "
                     "sum(CASE WHEN completed = 1 AND assisted = 1 THEN 1 ELSE 0 END) FROM guide_sessions "
                     "WHERE municipality = $1 AND first_ts >= $2 AND first_ts < $3 GROUP BY service, version",
                     municipality, from, to)) {
                data.sessions[{Text(row[0]), static_cast<int>(Int(row[1]))}] +=
                    GuideSessionCounts{Int(row[2]), Int(row[3]), Int(row[4])};
            }
            data.total_sessions += Int(t.exec_params1("SELECT count(*) FROM session_first WHERE municipality = $1 "
                                                      "AND first_ts >= $2 AND first_ts < $3",
                                                      municipality, from, to)[0]);
        }
        // Randomly assigned sessions, through their partial index (v13).
        for (const auto& row : t.exec_params(
                 "SELECT service, version, side_by_side, sum(opened), sum(completed), "
                 "sum(CASE WHEN completed = 1 AND assisted = 1 THEN 1 ELSE 0 END) FROM guide_sessions "
                 "WHERE municipality = $1 AND first_ts >= $2 AND first_ts < $3 AND side_by_side <> 0 "
                 "GROUP BY service, version, side_by_side",
                 municipality, range.from, range.to)) {
            data.side_by_side[{Text(row[0]), static_cast<int>(Int(row[1]))}][static_cast<int>(Int(row[2]))] =
                GuideSessionCounts{Int(row[3]), Int(row[4]), Int(row[5])};
        }
        return data;
    });
}

FunnelData PgStorage::LoadFunnel(const std::string& municipality, const std::string& service, int version,
                                 const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    return InTransaction(m_pool, [&](pqxx::work& t) {
        FunnelData data;
        for (const auto& row : t.exec_params("SELECT steps_mask, completed, assisted FROM guide_sessions "
                                             "WHERE municipality = $1 AND service = $2 AND version = $3 "
                                             "AND first_ts >= $4 AND first_ts < $5",
                                             municipality, service, version, range.from, range.to)) {
            const auto mask = static_cast<uint64_t>(Int(row[0]));
            for (int step = 0; step <= kMaxFunnelStep; ++step) {
                if (mask & (uint64_t{1} << step)) data.views[step] += 1;
            }
            data.completed_sessions += Int(row[1]) ? 1 : 0;
            data.assisted_completed_sessions += Int(row[1]) && Int(row[2]) ? 1 : 0;
        }
        for (const auto& row : t.exec_params("SELECT step, sum(abandons) FROM agg_step_hour WHERE municipality = $1 "
                                             "AND service = $2 AND version = $3 AND hour >= $4 AND hour < $5 "
                                             "GROUP BY step",
                                             municipality, service, version, split.first_hour, split.end_hour)) {
            data.abandons[static_cast<int>(Int(row[0]))] += Int(row[1]);
        }
        data.completions = Int(t.exec_params1("SELECT coalesce(sum(completions), 0) FROM agg_service_hour "
                                              "WHERE municipality = $1 AND service = $2 AND version = $3 "
                                              "AND hour >= $4 AND hour < $5",
                                              municipality, service, version, split.first_hour, split.end_hour)[0]);
        BatchAggregates edges;
        for (const auto& [from, to] : split.edges) AccumulateRaw(t, municipality, from, to, edges, nullptr);
        const ServiceKey wanted{service, version};
        for (const auto& [key, count] : edges.step_abandons) {
            if (std::get<1>(key) == wanted) data.abandons[std::get<2>(key)] += count;
        }
        for (const auto& [key, c] : edges.service_hours) {
            if (key.second == wanted) data.completions += c.completions;
        }
        const auto steps = t.exec_params(
            "SELECT steps_total FROM service_steps WHERE municipality = $1 AND service = $2 AND version = $3",
            municipality, service, version);
        if (!steps.empty()) data.steps_total = static_cast<int>(Int(steps[0][0]));
        return data;
    });
}

std::vector<FeedbackRow> PgStorage::LoadFeedback(const std::string& municipality, const std::string& service,
                                                 const TimeRange& range, std::size_t limit) {
    const auto rows = Query(m_pool,
                            "SELECT ts, service, version, rating, task_done, lang, comment FROM feedback "
                            "WHERE municipality = $1 AND service = $2 AND ts >= $3 AND ts < $4 "
                            "ORDER BY ts DESC, event_id DESC, kiosk_id DESC LIMIT $5",
                            municipality, service, range.from, range.to, static_cast<int64_t>(limit));
    std::vector<FeedbackRow> feedback;
    for (const auto& row : rows) {
        FeedbackRow item;
        item.ts = Int(row[0]);
        item.service = Text(row[1]);
        item.service_version = static_cast<int>(Int(row[2]));
        item.rating = static_cast<int>(Int(row[3]));
        item.task_done = Text(row[4]);
        item.lang = Text(row[5]);
        item.comment = Text(row[6]);
        feedback.push_back(std::move(item));
    }
    std::reverse(feedback.begin(), feedback.end());  // newest were read first
    return feedback;
}

std::vector<KioskRow> PgStorage::LoadKiosks(const std::string& municipality, const TimeRange& range) {
    const HourSplit split = SplitRange(range);
    return InTransaction(m_pool, [&](pqxx::work& t) {
        std::vector<KioskRow> kiosks;
        for (const auto& row : t.exec_params("SELECT kiosk_id, created_ts, last_seen_ts, last_backlog, events_received, "
                                             "max_seq, seq_count, last_dropped, content_release, content_error FROM kiosks WHERE municipality = $1 "
                                             "ORDER BY kiosk_id",
                                             municipality)) {
            KioskRow kiosk;
            kiosk.kiosk_id = Text(row[0]);
            kiosk.created_ts = Int(row[1]);
            kiosk.last_seen_ts = OptionalInt(row[2]);
            kiosk.backlog = OptionalInt(row[3]);
            kiosk.events_received_total = Int(row[4]);
            kiosk.max_seq = Int(row[5]);
            kiosk.seq_count = Int(row[6]);
            kiosk.dropped = OptionalInt(row[7]);
            kiosk.content_release = OptionalInt(row[8]);
            kiosk.content_error = Text(row[9]);
            kiosks.push_back(std::move(kiosk));
        }
        std::map<std::string, int64_t> hour_events;
        for (const auto& row : t.exec_params("SELECT kiosk_id, sum(events) FROM agg_kiosk_hour WHERE municipality = $1 "
                                             "AND hour >= $2 AND hour < $3 GROUP BY kiosk_id",
                                             municipality, split.first_hour, split.end_hour)) {
            hour_events[Text(row[0])] += Int(row[1]);
        }
        for (const auto& [from, to] : split.edges) {
            for (const auto& row : t.exec_params("SELECT kiosk_id, count(*) FROM events WHERE municipality = $1 "
                                                 "AND ts >= $2 AND ts < $3 GROUP BY kiosk_id",
                                                 municipality, from, to)) {
                hour_events[Text(row[0])] += Int(row[1]);
            }
        }
        for (KioskRow& kiosk : kiosks) {
            if (auto it = hour_events.find(kiosk.kiosk_id); it != hour_events.end()) kiosk.events_received = it->second;
            // connected_share: slots from the later of `from` and the kiosk's creation up to `to`.
            const int64_t start = std::max(range.from, kiosk.created_ts);
            if (range.to > start && m_heartbeat_slot_ms > 0) {
                const int64_t first_slot = start / m_heartbeat_slot_ms;
                const int64_t last_slot = (range.to - 1) / m_heartbeat_slot_ms;
                kiosk.slots_in_range = last_slot - first_slot + 1;
                kiosk.heartbeat_slots = Int(t.exec_params1("SELECT count(*) FROM heartbeat_slots WHERE kiosk_id = $1 "
                                                           "AND slot >= $2 AND slot <= $3",
                                                           kiosk.kiosk_id, first_slot, last_slot)[0]);
            }
        }
        return kiosks;
    });
}

// [SECTION] Comparisons across municipalities

void PgStorage::SetComparisonSharing(const std::string& municipality, bool share, int64_t now) {
    if (share) {
        Query(m_pool, "INSERT INTO comparison_sharing (municipality, since_ts) VALUES ($1, $2) ON CONFLICT DO NOTHING",
              municipality, now);
    } else {
        Query(m_pool, "DELETE FROM comparison_sharing WHERE municipality = $1", municipality);
    }
}

std::vector<std::string> PgStorage::MunicipalitiesSharingComparisons() {
    std::vector<std::string> out;
    for (const auto& row : Query(m_pool, "SELECT municipality FROM comparison_sharing ORDER BY municipality"))
        out.push_back(Text(row[0]));
    return out;
}

// [SECTION] Content releases

int PgStorage::AddContentRelease(const ContentRelease& release) {
    return InTransaction(m_pool, [&](pqxx::work& t) {
        t.exec0("LOCK TABLE content_releases IN EXCLUSIVE MODE");  // two publishers never take one number
        const int number = static_cast<int>(Int(t.exec1("SELECT coalesce(max(number), 0) + 1 FROM content_releases")[0]));
        t.exec_params("INSERT INTO content_releases (number, sha256, signature, valid_from, created_ts, rollback_of, bytes) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      number, release.sha256, release.signature, release.valid_from, release.created_ts,
                      release.rollback_of, release.bytes);
        return number;
    });
}

namespace {

ContentRelease PgReleaseRow(const pqxx::row& row, bool with_bytes) {
    ContentRelease release;
    release.number = static_cast<int>(Int(row[0]));
    release.sha256 = Text(row[1]);
    release.signature = Text(row[2]);
    release.valid_from = Text(row[3]);
    release.created_ts = Int(row[4]);
    if (const auto of = OptionalInt(row[5])) release.rollback_of = static_cast<int>(*of);
    if (with_bytes) release.bytes = Text(row[6]);
    return release;
}

}  // namespace

std::vector<ContentRelease> PgStorage::ListContentReleases() {
    std::vector<ContentRelease> out;
    for (const auto& row : Query(m_pool, "SELECT number, sha256, signature, valid_from, created_ts, rollback_of "
                                         "FROM content_releases ORDER BY number"))
        out.push_back(PgReleaseRow(row, false));
    return out;
}

std::optional<ContentRelease> PgStorage::GetContentRelease(int number) {
    const pqxx::result rows = Query(m_pool, "SELECT number, sha256, signature, valid_from, created_ts, rollback_of, bytes "
                                            "FROM content_releases WHERE number = $1", number);
    if (rows.empty()) return std::nullopt;
    return PgReleaseRow(rows[0], true);
}

}  // namespace bk::registry
