#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>
#include <utility>

#include "telemetry/queue.h"
#include "telemetry/seq_ledger.h"
#include "temp_dir.h"
#include "tmpfs_disk.h"

namespace bk::telemetry {
namespace {

std::string Body(std::int64_t seq, std::size_t padding = 0) {
    return "{\"seq\":" + std::to_string(seq) + ",\"pad\":\"" + std::string(padding, 'x') + "\"}";
}

DurableQueue::AppendResult AppendN(DurableQueue& queue, std::size_t count, std::size_t padding = 0) {
    return queue.Append(count, [&](std::size_t, std::int64_t seq) { return Body(seq, padding); });
}

TEST(CountFittingBatch, RespectsEventAndByteLimits) {
    EXPECT_EQ(CountFittingBatch({}, 500, 1000), 0u);
    EXPECT_EQ(CountFittingBatch({10, 10, 10}, 2, 1000), 2u);
    EXPECT_EQ(CountFittingBatch({10, 10, 10}, 500, 22), 2u);  // 11 + 11 fit, a third would be 33
    EXPECT_EQ(CountFittingBatch({10, 10, 10}, 500, 33), 3u);
    EXPECT_EQ(CountFittingBatch({5000, 10}, 500, 100), 1u);   // an oversized first event still goes alone
}

TEST(DurableQueue, AssignsSeqInOrderAndPersistsAcrossReopen) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    {
        DurableQueue queue(file, 1 << 20);
        const auto first = AppendN(queue, 3);
        EXPECT_EQ(first.first_seq, 1);
        EXPECT_EQ(first.last_seq, 3);
        const auto second = AppendN(queue, 2);
        EXPECT_EQ(second.first_seq, 4);
        EXPECT_EQ(second.last_seq, 5);
        queue.Acknowledge(queue.PeekBatch(500, 1 << 20).back().seq, 0, 1234);
        EXPECT_EQ(queue.Counters().backlog, 0);
    }
    DurableQueue reopened(file, 1 << 20);
    const QueueCounters counters = reopened.Counters();
    EXPECT_EQ(counters.last_seq, 5);  // seq never restarts, even with an empty queue
    EXPECT_EQ(counters.acknowledged, 5);
    EXPECT_EQ(counters.last_upload_ts, 1234);
    EXPECT_EQ(AppendN(reopened, 1).first_seq, 6);
}

TEST(DurableQueue, PeekReturnsOldestFirstAndAcknowledgeDeletesThem) {
    bk::test::TempDir dir;
    DurableQueue queue(dir.Path() / "q.sqlite", 1 << 20);
    AppendN(queue, 10);
    const auto batch = queue.PeekBatch(4, 1 << 20);
    ASSERT_EQ(batch.size(), 4u);
    EXPECT_EQ(batch.front().seq, 1);
    EXPECT_EQ(batch.back().seq, 4);
    EXPECT_EQ(batch[2].body, Body(3));
    queue.Acknowledge(4, 1, 99);
    const QueueCounters counters = queue.Counters();
    EXPECT_EQ(counters.backlog, 6);
    EXPECT_EQ(counters.rejected, 1);
    EXPECT_EQ(queue.PeekBatch(100, 1 << 20).front().seq, 5);
}

TEST(DurableQueue, PeekHonoursTheByteLimit) {
    bk::test::TempDir dir;
    DurableQueue queue(dir.Path() / "q.sqlite", 1 << 20);
    AppendN(queue, 10, 100);
    const std::size_t one = Body(1, 100).size() + 1;
    EXPECT_EQ(queue.PeekBatch(500, one * 3).size(), 3u);
    EXPECT_EQ(queue.PeekBatch(500, one * 3 - 1).size(), 2u);
}

TEST(DurableQueue, FullQueueDropsOldestUnsentAndCountsIt) {
    bk::test::TempDir dir;
    const std::int64_t row = static_cast<std::int64_t>(Body(1, 200).size()) + kRowOverheadBytes;
    DurableQueue queue(dir.Path() / "q.sqlite", row * 10 + 10);  // room for ten events (seq 10+ is a byte longer)
    AppendN(queue, 10, 200);
    EXPECT_EQ(queue.Counters().dropped, 0);
    const auto result = AppendN(queue, 3, 200);
    EXPECT_EQ(result.dropped, 3);
    const QueueCounters counters = queue.Counters();
    EXPECT_EQ(counters.dropped, 3);
    EXPECT_EQ(counters.backlog, 10);
    EXPECT_LE(counters.bytes, row * 10 + 10);
    EXPECT_EQ(queue.PeekBatch(500, 1 << 20).front().seq, 4);  // 1..3 were the oldest
}

TEST(DurableQueue, InFlightEventsAreNotEvicted) {
    bk::test::TempDir dir;
    const std::int64_t row = static_cast<std::int64_t>(Body(1, 200).size()) + kRowOverheadBytes;
    DurableQueue queue(dir.Path() / "q.sqlite", row * 8 + 10);  // slack: seq 10 is a byte longer
    AppendN(queue, 8, 200);
    ASSERT_EQ(queue.PeekBatch(2, 1 << 20).size(), 2u);  // seq 1, 2 in flight
    AppendN(queue, 2, 200);                               // evicts 3, 4 (not 1, 2)
    const auto all = queue.PeekBatch(500, 1 << 20);
    ASSERT_EQ(all.size(), 2u);  // a quarter of the cap at most
    EXPECT_EQ(all[0].seq, 1);
    EXPECT_EQ(all[1].seq, 2);
    queue.ReleaseInFlight();
    EXPECT_EQ(queue.Counters().dropped, 2);
    EXPECT_EQ(queue.Counters().backlog, 8);
}

TEST(DurableQueue, AtMostAQuarterOfTheCapIsInFlight) {
    bk::test::TempDir dir;
    const std::int64_t row = static_cast<std::int64_t>(Body(1, 200).size()) + kRowOverheadBytes;
    const std::int64_t cap = row * 40 + 100;  // slack: two-digit seqs are a byte longer
    DurableQueue queue(dir.Path() / "q.sqlite", cap);
    AppendN(queue, 40, 200);
    ASSERT_EQ(queue.Counters().dropped, 0);
    const auto batch = queue.PeekBatch(500, 1 << 20);
    std::int64_t in_flight = 0;
    for (const auto& event : batch)
        in_flight += static_cast<std::int64_t>(event.body.size()) + 1;
    EXPECT_LE(in_flight, cap / 4);
    EXPECT_GE(batch.size(), 8u);
    // Full queue with a batch in flight: new events still evict the oldest unsent, never themselves.
    const auto result = AppendN(queue, 5, 200);
    EXPECT_EQ(result.dropped, 5);
    const auto after = queue.PeekBatch(500, 1 << 20);
    EXPECT_EQ(after.front().seq, 1);  // the in-flight batch survived
    EXPECT_EQ(queue.Counters().last_seq, 45);
}

TEST(DurableQueue, IncomingEventsAreDroppedOnlyWhenNothingElseCanGo) {
    bk::test::TempDir dir;
    const std::int64_t row = static_cast<std::int64_t>(Body(1, 200).size()) + kRowOverheadBytes;
    DurableQueue queue(dir.Path() / "q.sqlite", row * 2 + 10);
    AppendN(queue, 1, 200);
    ASSERT_EQ(queue.PeekBatch(500, 1 << 20).size(), 1u);  // the only event is in flight
    const auto result = AppendN(queue, 3, 200);              // room for one of the three
    EXPECT_EQ(result.dropped, 2);
    EXPECT_EQ(queue.Counters().dropped, 2);
    EXPECT_EQ(queue.Counters().last_seq, 4);  // dropped events still used their seq: a visible gap
    queue.Acknowledge(1, 0, 1);
    const auto left = queue.PeekBatch(500, 1 << 20);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].seq, 4);  // the newest incoming was kept
}

TEST(DurableQueue, EventsLostInMemoryTakeSeqsAndTheCountSurvivesReopen) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    {
        DurableQueue queue(file, 1 << 20);
        const auto result = queue.Append(2, [](std::size_t, std::int64_t seq) { return Body(seq); }, 7);
        EXPECT_EQ(result.first_seq, 1);
        EXPECT_EQ(result.last_seq, 9);  // two events, then seven numbers for the lost ones: the registry's gap
        EXPECT_EQ(result.dropped, 7);
    }
    DurableQueue reopened(file, 1 << 20);
    EXPECT_EQ(reopened.Counters().dropped, 7);
    EXPECT_EQ(reopened.Counters().last_seq, 9);
    EXPECT_EQ(reopened.Counters().backlog, 2);
}

TEST(DurableQueue, FailedAppendLeavesNoRowsAndItsSeqsCountAsLostIfNeverRetried) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    bool fail_next_commit = true;
    {
        DurableQueue queue(file, 1 << 20, [&] {
            if (std::exchange(fail_next_commit, false))
                throw std::runtime_error("disk gone");  // inside the transaction: it must roll back
        });
        EXPECT_THROW(AppendN(queue, 3), std::runtime_error);
        EXPECT_EQ(queue.Counters().backlog, 0);
        EXPECT_EQ(queue.Counters().last_seq, 0);
        // The caller still holds the events and retries them with the same seqs (here only two of three).
        EXPECT_EQ(AppendN(queue, 2).first_seq, 1);
    }
    DurableQueue reopened(file, 1 << 20);
    const auto batch = reopened.PeekBatch(500, 1 << 20);
    ASSERT_EQ(batch.size(), 2u);  // the rolled-back rows are not on disk
    EXPECT_EQ(batch[0].body, Body(1));
    // Seq 3 was handed out by the failed append and never committed: skipped and counted, never reused.
    EXPECT_EQ(reopened.Counters().last_seq, 3);
    EXPECT_EQ(reopened.Counters().dropped, 1);
    EXPECT_EQ(AppendN(reopened, 1).first_seq, 4);
}

TEST(DurableQueue, CorruptFileOfANewKioskIsMovedAsideAndAFreshQueueStarts) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    {
        std::ofstream garbage(file, std::ios::binary);
        garbage << std::string(8192, '\x5a');
    }
    DurableQueue queue(file, 1 << 20);
    EXPECT_EQ(queue.Counters().backlog, 0);
    EXPECT_EQ(AppendN(queue, 1).first_seq, 1);
    bool moved_aside = false;
    for (const auto& entry : std::filesystem::directory_iterator(dir.Path()))
        moved_aside |= entry.path().filename().string().starts_with("q.sqlite.corrupt-");
    EXPECT_TRUE(moved_aside);
}

// Five events appended, two acknowledged, three more appended: seqs 1..8 used, 2 acknowledged.
void UseEightSeqsAcknowledgeTwo(const std::filesystem::path& file) {
    DurableQueue queue(file, 1 << 20);
    AppendN(queue, 5);
    queue.PeekBatch(2, 1 << 20);
    queue.Acknowledge(2, 0, 1);
    AppendN(queue, 3);
}

void ExpectFreshQueueAboveEverySeqUsed(const std::filesystem::path& file) {
    DurableQueue queue(file, 1 << 20);
    const QueueCounters counters = queue.Counters();
    EXPECT_GE(counters.last_seq, 8);
    EXPECT_EQ(counters.backlog, 0);
    EXPECT_EQ(counters.acknowledged, 2);
    // Everything numbered and not acknowledged is gone and counted: the registry's missing_seq agrees.
    EXPECT_EQ(counters.dropped, counters.last_seq - 2);
    EXPECT_EQ(AppendN(queue, 1).first_seq, counters.last_seq + 1);
}

TEST(DurableQueue, DeletedQueueNeverReusesASeq) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    UseEightSeqsAcknowledgeTwo(file);
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix);
    ExpectFreshQueueAboveEverySeqUsed(file);
}

TEST(DurableQueue, CorruptQueueNeverReusesASeq) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    UseEightSeqsAcknowledgeTwo(file);
    {
        std::fstream garbage(file, std::ios::binary | std::ios::in | std::ios::out);
        garbage << std::string(4096, '\x5a');  // the header and the first page
    }
    ExpectFreshQueueAboveEverySeqUsed(file);
}

TEST(DurableQueue, LostLedgerWithAnIntactQueueContinuesWithoutAGap) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    UseEightSeqsAcknowledgeTwo(file);
    std::filesystem::remove(dir.Path() / "q.hwm");
    {
        DurableQueue queue(file, 1 << 20);
        EXPECT_EQ(queue.Counters().last_seq, 8);
        EXPECT_EQ(queue.Counters().dropped, 0);
        EXPECT_EQ(AppendN(queue, 1).first_seq, 9);  // and the ledger is written again
    }
    EXPECT_TRUE(SeqLedger(dir.Path() / "q.hwm").Found());
    EXPECT_GE(SeqLedger(dir.Path() / "q.hwm").State().reserved, 9);
}

TEST(DurableQueue, ASecondQueueOnTheSameFileIsRefused) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "q.sqlite";
    DurableQueue first(file, 1 << 20);
    // Two writers would number and delete behind each other's back: seqs used twice, a negative backlog.
    EXPECT_THROW(DurableQueue(file, 1 << 20), std::runtime_error);
}

TEST(DurableQueue, FullDiskRefusesAppendsCleanlyAndStillDeletesAcknowledgedEvents) {
    bk::test::TmpfsDisk disk(2 << 20);
    if (!disk.Mounted())
        GTEST_SKIP() << "needs a small tmpfs to fill (root): " << disk.Error();
    const auto file = disk.Path() / "q.sqlite";
    std::int64_t held_seqs_last = 0;
    std::int64_t committed_last = 0;
    {
        DurableQueue queue(file, 1LL << 30);
        AppendN(queue, 200, 500);
        ASSERT_GT(disk.Fill(disk.Path() / "filler"), 0u);
        bool refused = false;
        for (int i = 0; i < 1'000 && !refused; ++i) {
            try {
                AppendN(queue, 50, 500);
            } catch (const std::runtime_error&) {
                refused = true;
            }
        }
        ASSERT_TRUE(refused) << "the disk never filled up";
        const QueueCounters full = queue.Counters();
        held_seqs_last = full.last_seq + 50;  // the refused append's seqs went to the ledger

        // Acknowledged events can still be deleted on the full disk...
        const auto batch = queue.PeekBatch(500, 1 << 20);
        ASSERT_FALSE(batch.empty());
        EXPECT_NO_THROW(queue.Acknowledge(batch.back().seq, 0, 1));
        EXPECT_EQ(queue.Counters().backlog, full.backlog - static_cast<std::int64_t>(batch.size()));
        // ...and the freed pages take new events (the caller retries fewer than it was refused).
        EXPECT_EQ(AppendN(queue, 10, 500).first_seq, full.last_seq + 1);
        committed_last = queue.Counters().last_seq;
        EXPECT_EQ(committed_last, full.last_seq + 10);
    }
    // The process is gone: the 40 refused events it still held are skipped and counted, never reused.
    DurableQueue reopened(file, 1LL << 30);
    EXPECT_EQ(reopened.Counters().last_seq, held_seqs_last);
    EXPECT_EQ(reopened.Counters().dropped, held_seqs_last - committed_last);
    // Every seq is accounted for once everything stored is acknowledged: acknowledged + dropped = last seq.
    for (auto batch = reopened.PeekBatch(500, 1 << 20); !batch.empty(); batch = reopened.PeekBatch(500, 1 << 20))
        reopened.Acknowledge(batch.back().seq, 0, 2);
    EXPECT_EQ(reopened.Counters().backlog, 0);
    EXPECT_EQ(reopened.Counters().acknowledged + reopened.Counters().dropped, held_seqs_last);
}

TEST(SeqLedger, ATornWriteFallsBackToThePreviousState) {
    bk::test::TempDir dir;
    const auto file = dir.Path() / "x.hwm";
    {
        SeqLedger ledger(file);
        EXPECT_FALSE(ledger.Found());
        ledger.Write({1000, 0, 0});
        ledger.Write({2000, 5, 3});
        ledger.Write({3000, 7, 4});  // generation 3 in slot 1
    }
    EXPECT_EQ(SeqLedger(file).State(), (SeqLedgerState{3000, 7, 4}));
    {
        std::fstream torn(file, std::ios::binary | std::ios::in | std::ios::out);
        torn.seekp(64 + 20);
        torn << "xx";  // half-written newest slot
    }
    SeqLedger reread(file);
    EXPECT_TRUE(reread.Found());
    EXPECT_EQ(reread.State(), (SeqLedgerState{2000, 5, 3}));
    {
        std::ofstream garbage(file, std::ios::binary | std::ios::trunc);
        garbage << "not a ledger";
    }
    EXPECT_FALSE(SeqLedger(file).Found());
}

}  // namespace
}  // namespace bk::telemetry
