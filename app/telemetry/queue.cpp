#include "telemetry/queue.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <system_error>

namespace bk::telemetry {
namespace {

// Finalises a statement at end of scope.
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

bool IsCorruption(int rc) { return (rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB; }

struct SqliteError : std::runtime_error {
    SqliteError(const std::string& message, int code) : std::runtime_error(message), rc(code) {}
    int rc;
};

}  // namespace

std::size_t CountFittingBatch(const std::vector<std::size_t>& body_sizes, std::size_t max_events,
                              std::size_t max_bytes) {
    std::size_t count = 0;
    std::size_t bytes = 0;
    for (std::size_t size : body_sizes) {
        if (count >= max_events)
            break;
        if (count > 0 && bytes + size + 1 > max_bytes)
            break;
        bytes += size + 1;
        ++count;
    }
    return count;
}

DurableQueue::DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes)
    : m_file(file), m_max_bytes(max_bytes) {
    std::error_code ignored;
    std::filesystem::create_directories(m_file.parent_path(), ignored);
    try {
        Open();
    } catch (const SqliteError& error) {
        if (!IsCorruption(error.rc))
            throw;
        // Keep the damaged file for inspection; a kiosk must come up with a working queue.
        Close();
        const Millis stamp = WallNowMs();
        const std::string aside = m_file.string() + ".corrupt-" + std::to_string(stamp);
        std::filesystem::rename(m_file, aside, ignored);
        std::filesystem::remove(m_file.string() + "-wal", ignored);
        std::filesystem::remove(m_file.string() + "-shm", ignored);
        Open();
    }
}

DurableQueue::~DurableQueue() { Close(); }

void DurableQueue::Close() {
    sqlite3_finalize(m_insert);
    sqlite3_finalize(m_set_meta);
    m_insert = nullptr;
    m_set_meta = nullptr;
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

void DurableQueue::Fail(const char* what, int rc) {
    std::string message = std::string("telemetry queue ") + m_file.string() + ": " + what + ": ";
    message += m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    throw SqliteError(message, m_db ? sqlite3_extended_errcode(m_db) : rc);
}

void DurableQueue::Exec(const char* sql) {
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        Fail(sql, rc);
}

sqlite3_stmt* DurableQueue::Prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK)
        Fail(sql, rc);
    return stmt;
}

void DurableQueue::Open() {
    const int rc = sqlite3_open_v2(m_file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK)
        Fail("open", rc);
    sqlite3_extended_result_codes(m_db, 1);
    // WAL + FULL: each commit is fsynced before it returns, so "committed" means "survives power loss".
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=FULL");
    Exec("PRAGMA journal_size_limit=16777216");  // the WAL shrinks back after checkpoints
    Exec("PRAGMA busy_timeout=5000");
    Exec("CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    Exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    m_insert = Prepare("INSERT INTO events(seq, body) VALUES(?1, ?2)");
    m_set_meta = Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");

    Statement totals{Prepare("SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0), coalesce(max(seq), 0) "
                             "FROM events")};
    if (sqlite3_step(totals.stmt) != SQLITE_ROW)
        Fail("count", sqlite3_errcode(m_db));
    m_counters.backlog = sqlite3_column_int64(totals.stmt, 0);
    m_counters.bytes = sqlite3_column_int64(totals.stmt, 1) + m_counters.backlog * kRowOverheadBytes;
    const std::int64_t max_stored_seq = sqlite3_column_int64(totals.stmt, 2);
    m_counters.last_seq = std::max(ReadMeta("last_seq", 0), max_stored_seq);
    m_counters.dropped = ReadMeta("dropped", 0);
    m_counters.rejected = ReadMeta("rejected", 0);
    m_counters.acknowledged = ReadMeta("acknowledged", 0);
    m_counters.last_upload_ts = ReadMeta("last_upload_ts", 0);
}

std::int64_t DurableQueue::ReadMeta(const char* key, std::int64_t fallback) {
    Statement select{Prepare("SELECT value FROM meta WHERE key = ?1")};
    sqlite3_bind_text(select.stmt, 1, key, -1, SQLITE_STATIC);
    const int rc = sqlite3_step(select.stmt);
    if (rc == SQLITE_ROW)
        return sqlite3_column_int64(select.stmt, 0);
    if (rc != SQLITE_DONE)
        Fail("read meta", rc);
    return fallback;
}

void DurableQueue::WriteMeta(const char* key, std::int64_t value) {
    sqlite3_reset(m_set_meta);
    sqlite3_bind_text(m_set_meta, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(m_set_meta, 2, value);
    const int rc = sqlite3_step(m_set_meta);
    if (rc != SQLITE_DONE)
        Fail("write meta", rc);
}

DurableQueue::AppendResult DurableQueue::Append(std::size_t count,
                                                const std::function<std::string(std::size_t, std::int64_t)>& serialise) {
    std::lock_guard lock(m_mutex);
    AppendResult result;
    if (count == 0)
        return result;
    result.first_seq = m_counters.last_seq + 1;
    result.last_seq = m_counters.last_seq + static_cast<std::int64_t>(count);

    std::vector<std::string> bodies(count);
    std::int64_t incoming_bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        bodies[i] = serialise(i, result.first_seq + static_cast<std::int64_t>(i));
        incoming_bytes += static_cast<std::int64_t>(bodies[i].size()) + kRowOverheadBytes;
    }

    QueueCounters next = m_counters;
    next.last_seq = result.last_seq;
    Exec("BEGIN IMMEDIATE");
    try {
        // Make room: evict the oldest stored events that are not in flight.
        std::int64_t evict_upto = 0;  // delete seq in (m_inflight_upto, evict_upto]
        if (next.bytes + incoming_bytes > m_max_bytes) {
            Statement oldest{Prepare("SELECT seq, length(CAST(body AS BLOB)) FROM events WHERE seq > ?1 ORDER BY seq")};
            sqlite3_bind_int64(oldest.stmt, 1, m_inflight_upto);
            while (next.bytes + incoming_bytes > m_max_bytes && sqlite3_step(oldest.stmt) == SQLITE_ROW) {
                evict_upto = sqlite3_column_int64(oldest.stmt, 0);
                next.bytes -= sqlite3_column_int64(oldest.stmt, 1) + kRowOverheadBytes;
                --next.backlog;
                ++result.dropped;
            }
        }
        if (evict_upto > 0) {
            Statement evict{Prepare("DELETE FROM events WHERE seq > ?1 AND seq <= ?2")};
            sqlite3_bind_int64(evict.stmt, 1, m_inflight_upto);
            sqlite3_bind_int64(evict.stmt, 2, evict_upto);
            if (sqlite3_step(evict.stmt) != SQLITE_DONE)
                Fail("evict", sqlite3_errcode(m_db));
        }
        // Still no room (everything stored is in flight): drop the oldest incoming events.
        std::size_t first_kept = 0;
        while (first_kept < count && next.bytes + incoming_bytes > m_max_bytes) {
            incoming_bytes -= static_cast<std::int64_t>(bodies[first_kept].size()) + kRowOverheadBytes;
            ++first_kept;
            ++result.dropped;
        }
        for (std::size_t i = first_kept; i < count; ++i) {
            sqlite3_reset(m_insert);
            sqlite3_bind_int64(m_insert, 1, result.first_seq + static_cast<std::int64_t>(i));
            sqlite3_bind_text(m_insert, 2, bodies[i].data(), static_cast<int>(bodies[i].size()), SQLITE_STATIC);
            if (sqlite3_step(m_insert) != SQLITE_DONE)
                Fail("insert", sqlite3_errcode(m_db));
        }
        sqlite3_reset(m_insert);
        next.bytes += incoming_bytes;
        next.backlog += static_cast<std::int64_t>(count - first_kept);
        next.dropped += result.dropped;
        WriteMeta("last_seq", next.last_seq);
        if (result.dropped > 0)
            WriteMeta("dropped", next.dropped);
        Exec("COMMIT");
    } catch (...) {
        sqlite3_reset(m_insert);
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    m_counters = next;
    return result;
}

void DurableQueue::AddDropped(std::int64_t count) {
    if (count <= 0)
        return;
    std::lock_guard lock(m_mutex);
    WriteMeta("dropped", m_counters.dropped + count);
    m_counters.dropped += count;
}

std::vector<QueuedEvent> DurableQueue::PeekBatch(std::size_t max_events, std::size_t max_bytes) {
    std::lock_guard lock(m_mutex);
    // At most a quarter of the cap in flight, so a full queue always has unsent events to evict and
    // "drop oldest unsent" does not turn into "drop newest" while an upload hangs.
    max_bytes = std::min<std::size_t>(max_bytes, static_cast<std::size_t>(std::max<std::int64_t>(1, m_max_bytes / 4)));
    std::vector<QueuedEvent> batch;
    std::vector<std::size_t> sizes;
    Statement select{Prepare("SELECT seq, body FROM events ORDER BY seq LIMIT ?1")};
    sqlite3_bind_int64(select.stmt, 1, static_cast<std::int64_t>(max_events));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select.stmt)) == SQLITE_ROW) {
        QueuedEvent event;
        event.seq = sqlite3_column_int64(select.stmt, 0);
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(select.stmt, 1));
        event.body.assign(text, static_cast<std::size_t>(sqlite3_column_bytes(select.stmt, 1)));
        sizes.push_back(event.body.size());
        if (CountFittingBatch(sizes, max_events, max_bytes) < sizes.size())
            break;
        batch.push_back(std::move(event));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        Fail("peek", rc);
    m_inflight_upto = batch.empty() ? 0 : batch.back().seq;
    return batch;
}

void DurableQueue::Acknowledge(std::int64_t up_to_seq, std::int64_t rejected, Millis now) {
    std::lock_guard lock(m_mutex);
    QueueCounters next = m_counters;
    Exec("BEGIN IMMEDIATE");
    try {
        Statement totals{Prepare("SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0) FROM events WHERE seq <= ?1")};
        sqlite3_bind_int64(totals.stmt, 1, up_to_seq);
        if (sqlite3_step(totals.stmt) != SQLITE_ROW)
            Fail("ack count", sqlite3_errcode(m_db));
        const std::int64_t count = sqlite3_column_int64(totals.stmt, 0);
        next.backlog -= count;
        next.bytes -= sqlite3_column_int64(totals.stmt, 1) + count * kRowOverheadBytes;
        next.acknowledged += count;
        next.rejected += rejected;
        next.last_upload_ts = now;
        Statement remove{Prepare("DELETE FROM events WHERE seq <= ?1")};
        sqlite3_bind_int64(remove.stmt, 1, up_to_seq);
        if (sqlite3_step(remove.stmt) != SQLITE_DONE)
            Fail("ack delete", sqlite3_errcode(m_db));
        WriteMeta("acknowledged", next.acknowledged);
        WriteMeta("rejected", next.rejected);
        WriteMeta("last_upload_ts", next.last_upload_ts);
        Exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    m_counters = next;
    m_inflight_upto = 0;
}

void DurableQueue::ReleaseInFlight() {
    std::lock_guard lock(m_mutex);
    m_inflight_upto = 0;
}

QueueCounters DurableQueue::Counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

}  // namespace bk::telemetry
