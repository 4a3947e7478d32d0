// Durability under SIGKILL: a kiosk process recording and uploading is killed ten times at random moments,
// then restarted to drain. Whatever it reported durable must survive, and the registry must end up with
// every seq 1..last_seq exactly once (resends after a crash are deduplicated by id, nothing is lost).
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "child_process.h"
#include "fake_registry.h"
#include "telemetry/queue.h"
#include "temp_dir.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;

std::int64_t MaxDurable(const std::string& output) {
    std::istringstream lines(output);
    std::string word;
    std::int64_t value = 0;
    std::int64_t best = 0;
    while (lines >> word >> value)
        if (word == "durable")
            best = std::max(best, value);
    return best;
}

TEST(CrashDurability, TenSigkillsLoseNothingDurableAndDuplicateNothing) {
    test::TempDir dir;
    test::FakeRegistry registry;
    const std::vector<std::string> base = {BK_CRASH_WRITER, "--data-dir", dir.Path().string(), "--registry",
                                           registry.Url(), "--kiosk-id", "kiosk-crash", "--token", "t"};
    std::mt19937 rng(20261123);  // fixed: the kill moments are the same on every run
    std::uniform_int_distribution<int> kill_after_ms(80, 400);
    std::int64_t durable = 0;
    for (int run = 0; run < 10; ++run) {
        auto argv = base;
        argv.insert(argv.end(), {"--count", "1000000", "--seed", std::to_string(run + 1)});
        test::ChildProcess child(argv);
        ASSERT_TRUE(child.Started());
        std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(rng)));
        child.Kill();
        EXPECT_EQ(child.Wait(), 128 + SIGKILL);
        durable = std::max(durable, MaxDurable(child.ReadAll()));
        // The queue opens cleanly after the kill and still knows every seq it reported durable.
        DurableQueue queue(dir.Path() / "telemetry.sqlite", 200LL << 20);
        EXPECT_GE(queue.Counters().last_seq, durable) << "run " << run;
    }
    ASSERT_GT(durable, 0) << "the writer never got going; the test proves nothing";

    auto argv = base;
    argv.insert(argv.end(), {"--drain", "60"});
    test::ChildProcess drain(argv);
    ASSERT_EQ(drain.Wait(), 0);
    std::istringstream result(drain.ReadAll());
    std::string word;
    std::int64_t last_seq = 0, dropped = -1, rejected = -1;
    result >> word >> last_seq >> dropped >> rejected;
    ASSERT_EQ(word, "drained");
    EXPECT_GE(last_seq, durable);
    EXPECT_EQ(dropped, 0);
    EXPECT_EQ(rejected, 0);

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
