// The kiosk's sequence-number ledger: a tiny file beside the queue (`<queue stem>.hwm`) that a corrupt or deleted
// queue cannot take away, so a kiosk never hands out a seq twice.
//
// It holds three numbers:
//   reserved  - every seq <= reserved may have been used. Raised in blocks (kSeqBlock) before the queue
//               commits a seq above it, so it costs one fsync per block, not per event.
//   assigned  - seqs <= assigned were given to events the kiosk held in memory (the disk refused them) or
//               dropped from memory. If the queue never committed them, they are lost: a restart skips them
//               and counts them as dropped, so the registry sees the gap and the kiosk's drop count says why.
//   acked     - how many events the registry has acknowledged, ever: after the queue is lost, everything
//               reserved and not acknowledged is counted as dropped.
//
// Written in place, never grown: two fixed 64-byte slots with a generation and a checksum, each write goes to
// the older slot and is fdatasync'ed. A write torn by a crash leaves the other slot valid, and a full disk
// cannot refuse the write (no new blocks, no rename), which is exactly when the ledger matters most.
#pragma once
#include <cstdint>
#include <filesystem>

namespace bk::telemetry {

inline constexpr std::int64_t kSeqBlock = 1'000;

struct SeqLedgerState {
    std::int64_t reserved = 0;
    std::int64_t assigned = 0;
    std::int64_t acked = 0;
    bool operator==(const SeqLedgerState&) const = default;
};

class SeqLedger {
public:
    // Opens the file if it holds a valid slot (Found() == true). A missing or unreadable file is not an error:
    // the ledger starts from zero and is created by the first Write().
    explicit SeqLedger(std::filesystem::path file);
    ~SeqLedger();
    SeqLedger(const SeqLedger&) = delete;
    SeqLedger& operator=(const SeqLedger&) = delete;

    bool Found() const { return m_found; }
    const SeqLedgerState& State() const { return m_state; }
    const std::filesystem::path& File() const { return m_file; }

    // Makes `state` durable (fdatasync) before returning. Creates the file (temp + fsync + rename) when it
    // does not exist yet. Throws std::runtime_error naming the file when the disk refuses.
    void Write(const SeqLedgerState& state);

private:
    void Create();

    std::filesystem::path m_file;
    int m_fd = -1;
    std::uint64_t m_generation = 0;  // of the newest valid slot
    SeqLedgerState m_state;
    bool m_found = false;
};

}  // namespace bk::telemetry
