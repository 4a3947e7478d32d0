// The crash writer (crash_writer.cpp) killed with SIGKILL at fixed-random moments, then restarted to drain.
// Shared by the test against the in-process stand-in registry and the one against the real registry-stub.
#pragma once
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "process.h"
#include "telemetry/queue.h"

namespace bk::telemetry::test_crash {

struct DrainResult {
    std::int64_t durable_before_drain = 0;  // highest seq any killed run reported durable
    std::int64_t last_seq = 0, dropped = -1, rejected = -1;
    bool drained = false;
};

// Faults between and during the killed runs: more writer options for one run (another registry URL, a tiny
// queue cap), and something to do to the kiosk's disk before a run and after its kill.
struct FaultPlan {
    int kills = 10;
    std::function<std::vector<std::string>(int run)> extra_args;
    std::function<void(int run)> before_run;
    std::function<void(int run)> after_kill;
};

// `base` is the writer's command line without --count/--seed/--drain. Checks after every kill that the queue
// opens cleanly and still knows every seq reported durable.
inline DrainResult KillThenDrain(const std::vector<std::string>& base, const std::filesystem::path& data_dir, unsigned seed,
                                 const FaultPlan& plan) {
    DrainResult out;
    std::mt19937 rng(seed);  // fixed: the kill moments are the same on every run
    std::uniform_int_distribution<int> kill_after_ms(80, 400);
    for (int run = 0; run < plan.kills; ++run) {
        SCOPED_TRACE("run " + std::to_string(run));
        if (plan.before_run)
            plan.before_run(run);
        auto argv = base;
        argv.insert(argv.end(), {"--count", "1000000", "--seed", std::to_string(run + 1)});
        if (plan.extra_args) {
            const auto extra = plan.extra_args(run);
            argv.insert(argv.end(), extra.begin(), extra.end());
        }
        bk::test::Process child(argv, {.capture_stdout = true});
        // The kill comes at an arbitrary moment (mid-append, mid-commit, mid-upload) drawn from a fixed seed: until
        // then the test waits on the child's pidfd for its end, which a writer with a million events to record never
        // reaches by itself; one that fails early is seen at once, not after the delay.
        const std::optional<int> ended = child.WaitFor(kill_after_ms(rng));
        EXPECT_FALSE(ended) << "the writer ended by itself, status " << ended.value_or(0);
        child.Kill();
        EXPECT_EQ(child.Wait(), 128 + SIGKILL);
        std::istringstream lines(child.ReadAll());
        std::string word;
        std::int64_t value = 0;
        while (lines >> word >> value)
            if (word == "durable") out.durable_before_drain = std::max(out.durable_before_drain, value);
        {
            DurableQueue queue(data_dir / "telemetry.sqlite", 200LL << 20);
            EXPECT_GE(queue.Counters().last_seq, out.durable_before_drain) << "run " << run;
        }
        if (plan.after_kill)
            plan.after_kill(run);
    }
    auto argv = base;
    argv.insert(argv.end(), {"--drain", "60"});
    bk::test::Process drain(argv, {.capture_stdout = true});
    EXPECT_EQ(drain.Wait(), 0);
    std::istringstream result(drain.ReadAll());
    std::string word;
    result >> word >> out.last_seq >> out.dropped >> out.rejected;
    out.drained = word == "drained";
    return out;
}

inline DrainResult KillThenDrain(const std::vector<std::string>& base, const std::filesystem::path& data_dir, unsigned seed,
                                 int kills = 10) {
    return KillThenDrain(base, data_dir, seed, FaultPlan{.kills = kills});
}

}  // namespace bk::telemetry::test_crash
