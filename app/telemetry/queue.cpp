#include "telemetry/queue.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

namespace bk::telemetry {
namespace {

bool IsCorruption(const SQLite::Exception& error) {
    return error.getErrorCode() == SQLITE_CORRUPT || error.getErrorCode() == SQLITE_NOTADB;
}

// SQLiteCpp's messages do not say which file; the staff screen shows this text.
[[noreturn]] void Rethrow(const std::filesystem::path& file, const SQLite::Exception& error) {
    throw std::runtime_error("telemetry queue " + file.string() + ": " + error.what());
}

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
    : DurableQueue(file, max_bytes, {}) {}

DurableQueue::DurableQueue(const std::filesystem::path& file, std::int64_t max_bytes, std::function<void()> before_commit)
    : m_file(file), m_max_bytes(max_bytes), m_before_commit(std::move(before_commit)) {
    std::error_code ignored;
    std::filesystem::create_directories(m_file.parent_path(), ignored);
    std::lock_guard lock(m_mutex);
    try {
        try {
            Open();
        } catch (const SQLite::Exception& error) {
            if (!IsCorruption(error))
                throw;
            // Keep the damaged file for inspection; a kiosk must come up with a working queue.
            m_insert.reset();
            m_set_meta.reset();
            m_db.reset();
            const std::string aside = m_file.string() + ".corrupt-" + std::to_string(WallNowMs());
            std::filesystem::rename(m_file, aside, ignored);
            std::filesystem::remove(m_file.string() + "-wal", ignored);
            std::filesystem::remove(m_file.string() + "-shm", ignored);
            Open();
        }
    } catch (const SQLite::Exception& error) {
        Rethrow(m_file, error);
    }
}

DurableQueue::~DurableQueue() = default;

void DurableQueue::Open() {
    m_db = std::make_unique<SQLite::Database>(m_file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                                              5'000);
    // WAL + FULL: each commit is fsynced before it returns, so "committed" means "survives power loss".
    m_db->exec("PRAGMA journal_mode=WAL");
    m_db->exec("PRAGMA synchronous=FULL");
    m_db->exec("PRAGMA journal_size_limit=16777216");  // the WAL shrinks back after checkpoints
    m_db->exec("CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    m_db->exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    m_insert = std::make_unique<SQLite::Statement>(*m_db, "INSERT INTO events(seq, body) VALUES(?1, ?2)");
    m_set_meta = std::make_unique<SQLite::Statement>(*m_db, "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                                                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value");

    SQLite::Statement totals(*m_db, "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0), "
                                    "coalesce(max(seq), 0) FROM events");
    totals.executeStep();
    m_counters = {};
    m_counters.backlog = totals.getColumn(0).getInt64();
    m_counters.bytes = totals.getColumn(1).getInt64() + m_counters.backlog * kRowOverheadBytes;
    m_counters.last_seq = std::max(ReadMeta("last_seq", 0), totals.getColumn(2).getInt64());
    m_counters.dropped = ReadMeta("dropped", 0);
    m_counters.rejected = ReadMeta("rejected", 0);
    m_counters.acknowledged = ReadMeta("acknowledged", 0);
    m_counters.last_upload_ts = ReadMeta("last_upload_ts", 0);
    Publish(m_counters);
}

std::int64_t DurableQueue::ReadMeta(const char* key, std::int64_t fallback) {
    SQLite::Statement select(*m_db, "SELECT value FROM meta WHERE key = ?1");
    select.bind(1, key);
    return select.executeStep() ? select.getColumn(0).getInt64() : fallback;
}

void DurableQueue::WriteMeta(const char* key, std::int64_t value) {
    m_set_meta->reset();
    m_set_meta->bind(1, key);
    m_set_meta->bind(2, value);
    m_set_meta->exec();
}

void DurableQueue::Publish(const QueueCounters& counters) {
    std::lock_guard lock(m_published_mutex);
    m_published = counters;
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
    try {
        SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);  // rolls back unless committed
        // Make room: evict the oldest stored events that are not in flight.
        std::int64_t evict_upto = 0;  // delete seq in (m_inflight_upto, evict_upto]
        if (next.bytes + incoming_bytes > m_max_bytes) {
            SQLite::Statement oldest(*m_db, "SELECT seq, length(CAST(body AS BLOB)) FROM events WHERE seq > ?1 ORDER BY seq");
            oldest.bind(1, m_inflight_upto);
            while (next.bytes + incoming_bytes > m_max_bytes && oldest.executeStep()) {
                evict_upto = oldest.getColumn(0).getInt64();
                next.bytes -= oldest.getColumn(1).getInt64() + kRowOverheadBytes;
                --next.backlog;
                ++result.dropped;
            }
        }
        if (evict_upto > 0) {
            SQLite::Statement evict(*m_db, "DELETE FROM events WHERE seq > ?1 AND seq <= ?2");
            evict.bind(1, m_inflight_upto);
            evict.bind(2, evict_upto);
            evict.exec();
        }
        // Still no room (everything stored is in flight): drop the oldest incoming events.
        std::size_t first_kept = 0;
        while (first_kept < count && next.bytes + incoming_bytes > m_max_bytes) {
            incoming_bytes -= static_cast<std::int64_t>(bodies[first_kept].size()) + kRowOverheadBytes;
            ++first_kept;
            ++result.dropped;
        }
        for (std::size_t i = first_kept; i < count; ++i) {
            m_insert->reset();
            m_insert->bind(1, result.first_seq + static_cast<std::int64_t>(i));
            m_insert->bindNoCopy(2, bodies[i]);
            m_insert->exec();
        }
        m_insert->reset();
        m_insert->clearBindings();  // the bodies go out of scope
        next.bytes += incoming_bytes;
        next.backlog += static_cast<std::int64_t>(count - first_kept);
        next.dropped += result.dropped;
        WriteMeta("last_seq", next.last_seq);
        if (result.dropped > 0)
            WriteMeta("dropped", next.dropped);
        if (m_before_commit)
            m_before_commit();
        transaction.commit();
    } catch (const SQLite::Exception& error) {
        m_insert->reset();
        m_insert->clearBindings();
        Rethrow(m_file, error);
    }
    m_counters = next;
    Publish(m_counters);
    return result;
}

void DurableQueue::AddDropped(std::int64_t count) {
    if (count <= 0)
        return;
    std::lock_guard lock(m_mutex);
    try {
        WriteMeta("dropped", m_counters.dropped + count);
    } catch (const SQLite::Exception& error) {
        Rethrow(m_file, error);
    }
    m_counters.dropped += count;
    Publish(m_counters);
}

std::vector<QueuedEvent> DurableQueue::PeekBatch(std::size_t max_events, std::size_t max_bytes) {
    std::lock_guard lock(m_mutex);
    // At most a quarter of the cap in flight, so a full queue always has unsent events to evict and
    // "drop oldest unsent" does not turn into "drop newest" while an upload hangs.
    max_bytes = std::min<std::size_t>(max_bytes, static_cast<std::size_t>(std::max<std::int64_t>(1, m_max_bytes / 4)));
    std::vector<QueuedEvent> batch;
    std::vector<std::size_t> sizes;
    try {
        SQLite::Statement select(*m_db, "SELECT seq, body FROM events ORDER BY seq LIMIT ?1");
        select.bind(1, static_cast<std::int64_t>(max_events));
        while (select.executeStep()) {
            QueuedEvent event;
            event.seq = select.getColumn(0).getInt64();
            event.body = select.getColumn(1).getString();
            sizes.push_back(event.body.size());
            if (CountFittingBatch(sizes, max_events, max_bytes) < sizes.size())
                break;
            batch.push_back(std::move(event));
        }
    } catch (const SQLite::Exception& error) {
        Rethrow(m_file, error);
    }
    m_inflight_upto = batch.empty() ? 0 : batch.back().seq;
    return batch;
}

void DurableQueue::Acknowledge(std::int64_t up_to_seq, std::int64_t rejected, Millis now) {
    std::lock_guard lock(m_mutex);
    QueueCounters next = m_counters;
    try {
        SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);  // rolls back unless committed
        SQLite::Statement totals(*m_db, "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0) "
                                        "FROM events WHERE seq <= ?1");
        totals.bind(1, up_to_seq);
        totals.executeStep();
        const std::int64_t count = totals.getColumn(0).getInt64();
        next.backlog -= count;
        next.bytes -= totals.getColumn(1).getInt64() + count * kRowOverheadBytes;
        next.acknowledged += count;
        next.rejected += rejected;
        next.last_upload_ts = now;
        SQLite::Statement remove(*m_db, "DELETE FROM events WHERE seq <= ?1");
        remove.bind(1, up_to_seq);
        remove.exec();
        WriteMeta("acknowledged", next.acknowledged);
        WriteMeta("rejected", next.rejected);
        WriteMeta("last_upload_ts", next.last_upload_ts);
        if (m_before_commit)
            m_before_commit();
        transaction.commit();
    } catch (const SQLite::Exception& error) {
        Rethrow(m_file, error);
    }
    m_counters = next;
    m_inflight_upto = 0;
    Publish(m_counters);
}

void DurableQueue::ReleaseInFlight() {
    std::lock_guard lock(m_mutex);
    m_inflight_upto = 0;
}

QueueCounters DurableQueue::Counters() const {
    std::lock_guard lock(m_published_mutex);
    return m_published;
}

}  // namespace bk::telemetry
