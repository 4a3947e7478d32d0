// Durability under SIGKILL: a kiosk process recording and uploading is killed ten times at random moments,
// then restarted to drain. Whatever it reported durable must survive, and the registry must end up with
// every seq 1..last_seq exactly once (resends after a crash are deduplicated by id, nothing is lost).
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "crash_runs.h"
#include "fake_registry.h"
#include "telemetry/queue.h"
#include "temp_dir.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;


TEST(CrashDurability, TenSigkillsLoseNothingDurableAndDuplicateNothing) {
    bk::test::TempDir dir;
    test::FakeRegistry registry;
    const std::vector<std::string> base = {BK_CRASH_WRITER, "--data-dir", dir.Path().string(), "--registry",
                                           registry.Url(), "--kiosk-id", "kiosk-crash", "--token", "t"};
    const test_crash::DrainResult r = test_crash::KillThenDrain(base, dir.Path(), 20261123);
    ASSERT_GT(r.durable_before_drain, 0) << "the writer never got going; the test proves nothing";
    ASSERT_TRUE(r.drained);
    const std::int64_t last_seq = r.last_seq;
    EXPECT_GE(last_seq, r.durable_before_drain);
    EXPECT_EQ(r.dropped, 0);
    EXPECT_EQ(r.rejected, 0);

    const auto seqs = registry.StoredSeqs();
    EXPECT_EQ(static_cast<std::int64_t>(seqs.size()), last_seq);  // every seq once...
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(*seqs.begin(), 1);
    EXPECT_EQ(*seqs.rbegin(), last_seq);                           // ...and no gaps
    EXPECT_EQ(static_cast<std::int64_t>(registry.Stored().size()), last_seq);  // one stored event per id
    std::int64_t resent = 0;
    for (const auto& [id, times] : registry.ReceivedIds())
        resent += times - 1;
    std::printf("crash test: %lld events durable, %lld resent after kills (deduplicated)\n",
                static_cast<long long>(last_seq), static_cast<long long>(resent));
}

}  // namespace
}  // namespace bk::telemetry
