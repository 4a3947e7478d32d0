#include "telemetry/queue.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <system_error>

namespace bk::telemetry {
namespace {

// Room kept on the data disk so that acknowledged events can still be deleted when it is full.
constexpr off_t kReserveBytes = 256 * 1024;

bool IsCorruption(const SQLite::Exception& error) {
    return error.getErrorCode() == SQLITE_CORRUPT || error.getErrorCode() == SQLITE_NOTADB;
}

// What a full disk looks like from SQLite: SQLITE_FULL, or an I/O error growing the WAL, its index (-shm)
// or the file.
bool IsDiskFull(const SQLite::Exception& error) {
    switch (error.getExtendedErrorCode()) {
        case SQLITE_IOERR_WRITE:
        case SQLITE_IOERR_SHMSIZE:
        case SQLITE_IOERR_SHMMAP:
        case SQLITE_IOERR_TRUNCATE:
            return true;
        default:
            return error.getErrorCode() == SQLITE_FULL;
    }
}

// SQLiteCpp's messages do not say which file; the staff screen shows this text.
[[noreturn]] void Rethrow(const std::filesystem::path& file, const SQLite::Exception& error) {
    throw std::runtime_error("telemetry queue " + file.string() + ": " + error.what() + " (SQLite error " +
                             std::to_string(error.getExtendedErrorCode()) + ")");
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
    : m_file(file), m_max_bytes(max_bytes), m_before_commit(std::move(before_commit)),
      m_ledger(file.parent_path() / (file.stem().string() + ".hwm")), m_reserve_file(file.parent_path() / "telemetry.reserve") {
    std::error_code ignored;
    std::filesystem::create_directories(m_file.parent_path(), ignored);
    // One process per queue: a second one would count, delete and number events behind the first one's
    // back (a negative backlog, seqs used twice). The lock goes with the process, even on SIGKILL.
    const std::filesystem::path lock_file = m_file.parent_path() / (m_file.stem().string() + ".lock");
    m_lock_fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_lock_fd < 0 || ::flock(m_lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (m_lock_fd >= 0)
            ::close(m_lock_fd);
        throw std::runtime_error("telemetry queue " + m_file.string() + ": in use by another process (" +
                                 lock_file.string() + " is locked)");
    }
    TakeReserve();
    std::lock_guard lock(m_mutex);
    try {
        try {
            Open();
        } catch (const SQLite::Exception& error) {
            m_insert.reset();
            m_set_meta.reset();
            m_db.reset();
            if (IsDiskFull(error) && GiveUpReserve()) {
                // A full disk after a crash: recovering the WAL needs a little room. That is what the reserve is for.
                Open();
                return;
            }
            if (!IsCorruption(error))
                throw;
            // Keep the damaged file for inspection; a kiosk must come up with a working queue.
            const std::string aside = m_file.string() + ".corrupt-" + std::to_string(WallNowMs());
            std::filesystem::rename(m_file, aside, ignored);
            std::filesystem::remove(m_file.string() + "-wal", ignored);
            std::filesystem::remove(m_file.string() + "-shm", ignored);
            Open();
        }
    } catch (const SQLite::Exception& error) {
        m_insert.reset();
        m_set_meta.reset();
        m_db.reset();
        ::close(m_lock_fd);  // no destructor runs for a constructor that throws
        Rethrow(m_file, error);
    }
}

DurableQueue::~DurableQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_insert.reset();
        m_set_meta.reset();
        m_db.reset();
    }
    ::close(m_lock_fd);  // only after the database is closed
}

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

    ReadCounters(true);
}

void DurableQueue::ReadCounters(bool at_open) {
    SQLite::Statement totals(*m_db, "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0), "
                                    "coalesce(max(seq), 0) FROM events");
    totals.executeStep();
    const std::int64_t stored_last_seq = ReadMeta("last_seq", -1);
    QueueCounters counters;
    counters.backlog = totals.getColumn(0).getInt64();
    counters.bytes = totals.getColumn(1).getInt64() + counters.backlog * kRowOverheadBytes;
    counters.last_seq = std::max({stored_last_seq, totals.getColumn(2).getInt64(), m_counters.last_seq, std::int64_t{0}});
    counters.dropped = ReadMeta("dropped", 0);
    counters.rejected = ReadMeta("rejected", 0);
    counters.acknowledged = ReadMeta("acknowledged", 0);
    counters.last_upload_ts = ReadMeta("last_upload_ts", 0);

    if (!at_open) {
        // Read back after a failed transaction: what the file holds wins; the events the caller still holds
        // keep the seqs they will be committed with.
        counters.dropped = std::max(counters.dropped, m_counters.dropped);
        counters.acknowledged = std::max(counters.acknowledged, m_counters.acknowledged);
        counters.rejected = std::max(counters.rejected, m_counters.rejected);
        m_counters = counters;
        Publish(m_counters);
        return;
    }
    const SeqLedgerState ledger = m_ledger.State();
    const bool queue_lost = stored_last_seq < 0 && counters.backlog == 0 && m_ledger.Found();
    if (queue_lost) {
        // A new file where the ledger says seqs were used: the old queue was deleted or corrupt. Whatever it
        // held that the registry had not acknowledged is gone; the registry sees those seqs as missing.
        counters.last_seq = std::max({counters.last_seq, ledger.reserved, ledger.assigned});
        counters.acknowledged = ledger.acked;
        counters.dropped = counters.last_seq - ledger.acked;
    } else if (ledger.assigned > counters.last_seq) {
        // Events the disk refused died in memory with the last process: their seqs are skipped and counted.
        counters.dropped += ledger.assigned - counters.last_seq;
        counters.last_seq = ledger.assigned;
    }
    m_counters = counters;
    Publish(m_counters);
}

bool DurableQueue::GiveUpReserve() {
    std::error_code ignored;
    const bool freed = std::filesystem::remove(m_reserve_file, ignored);
    m_reserve_given_up = m_reserve_given_up || freed;
    return freed;
}

void DurableQueue::RewindWal() {
    try {
        m_db->exec("PRAGMA wal_checkpoint(RESTART)");
    } catch (const SQLite::Exception&) {
        // Best effort: a checkpoint that cannot finish leaves the WAL as it was.
    }
}

void DurableQueue::TakeReserve() {
    std::error_code error;
    if (std::filesystem::file_size(m_reserve_file, error) == static_cast<std::uintmax_t>(kReserveBytes))
        return;
    const int fd = ::open(m_reserve_file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    // Real blocks, not a sparse file: giving it up must free space.
    const bool taken = ::posix_fallocate(fd, 0, kReserveBytes) == 0;
    ::close(fd);
    if (taken)
        m_reserve_given_up = false;
    else
        std::filesystem::remove(m_reserve_file, error);
}

void DurableQueue::ReserveSeqs(std::int64_t up_to) {
    SeqLedgerState state = m_ledger.State();
    if (m_ledger.Found() || state.reserved > 0) {
        if (up_to <= state.reserved)
            return;
    }
    state.reserved = up_to + kSeqBlock;
    state.assigned = std::max(state.assigned, m_counters.last_seq);
    state.acked = std::max(state.acked, m_counters.acknowledged);
    m_ledger.Write(state);  // throws: no seq is committed before its reservation is durable
}

void DurableQueue::RecordAssigned(std::int64_t up_to) {
    SeqLedgerState state = m_ledger.State();
    if (up_to <= state.assigned)
        return;
    state.assigned = up_to;
    state.reserved = std::max(state.reserved, up_to);
    try {
        m_ledger.Write(state);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "telemetry: %s\n", error.what());
    }
}

void DurableQueue::RecordAcked(std::int64_t acknowledged) {
    SeqLedgerState state = m_ledger.State();
    if (acknowledged <= state.acked)
        return;
    state.acked = acknowledged;
    state.reserved = std::max(state.reserved, m_counters.last_seq);
    try {
        m_ledger.Write(state);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "telemetry: %s\n", error.what());
    }
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

void DurableQueue::WriteAllMeta(const QueueCounters& counters) {
    WriteMeta("last_seq", counters.last_seq);
    WriteMeta("dropped", counters.dropped);
    WriteMeta("acknowledged", counters.acknowledged);
    WriteMeta("rejected", counters.rejected);
    WriteMeta("last_upload_ts", counters.last_upload_ts);
}

DurableQueue::AppendResult DurableQueue::Append(std::size_t count,
                                                const std::function<std::string(std::size_t, std::int64_t)>& serialise,
                                                std::int64_t lost_in_memory) {
    std::lock_guard lock(m_mutex);
    AppendResult result;
    lost_in_memory = std::max<std::int64_t>(0, lost_in_memory);
    if (count == 0 && lost_in_memory == 0)
        return result;
    result.first_seq = m_counters.last_seq + 1;
    result.last_seq = m_counters.last_seq + static_cast<std::int64_t>(count) + lost_in_memory;

    std::vector<std::string> bodies(count);
    std::int64_t incoming_bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        bodies[i] = serialise(i, result.first_seq + static_cast<std::int64_t>(i));
        incoming_bytes += static_cast<std::int64_t>(bodies[i].size()) + kRowOverheadBytes;
    }

    QueueCounters next = m_counters;
    next.last_seq = result.last_seq;
    try {
        ReserveSeqs(result.last_seq);
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
        next.dropped += result.dropped + lost_in_memory;
        WriteAllMeta(next);  // all of them: a queue opened after a loss gets its first meta here
        if (m_before_commit)
            m_before_commit();
        transaction.commit();
    } catch (const std::exception& error) {
        m_insert->reset();
        m_insert->clearBindings();
        RecordAssigned(result.last_seq);
        try {
            ReadCounters(false);  // a COMMIT that reported an error may still have reached the file: never guess
        } catch (const SQLite::Exception&) {
        }
        if (const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error))
            Rethrow(m_file, *sqlite_error);
        throw;
    }
    result.dropped += lost_in_memory;
    m_counters = next;
    Publish(m_counters);
    if (m_reserve_given_up)
        TakeReserve();
    return result;
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

void DurableQueue::DeleteAcknowledged(std::int64_t up_to_seq, std::int64_t rejected, Millis now, QueueCounters& next) {
    next = m_counters;
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
    // The registry has answered for these: the ledger says so before the delete commits, so a kill in
    // between and a lost queue later do not count them as lost.
    RecordAcked(next.acknowledged);
    if (m_before_commit)
        m_before_commit();
    transaction.commit();
}

void DurableQueue::Acknowledge(std::int64_t up_to_seq, std::int64_t rejected, Millis now) {
    std::lock_guard lock(m_mutex);
    QueueCounters next;
    try {
        try {
            DeleteAcknowledged(up_to_seq, rejected, now, next);
        } catch (const SQLite::Exception& error) {
            if (!IsDiskFull(error))
                throw;
            // A full disk: the delete needs room in the WAL. First rewind the WAL (a checkpoint that lets the
            // next commit write from its start, into space it already has); if that is not enough, give up
            // the reserve. The freed pages then take new events again.
            RewindWal();
            ReadCounters(false);
            try {
                DeleteAcknowledged(up_to_seq, rejected, now, next);
            } catch (const SQLite::Exception& again) {
                if (!IsDiskFull(again))
                    throw;
                GiveUpReserve();
                ReadCounters(false);
                DeleteAcknowledged(up_to_seq, rejected, now, next);
            }
            RewindWal();  // so the next delete on the still-full disk finds room too
        }
    } catch (const SQLite::Exception& error) {
        try {
            ReadCounters(false);
        } catch (const SQLite::Exception&) {
        }
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
