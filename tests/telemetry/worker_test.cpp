// The shared worker: order, its own thread, the timer slot, and that an idle worker never wakes.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "change_signal.h"
#include "shared/worker.h"

namespace bk::telemetry {
namespace {

using namespace std::chrono_literals;

TEST(Worker, RunsJobsInPostedOrderOnItsOwnThread) {
    Worker worker;
    std::vector<int> order;
    std::vector<std::thread::id> threads;
    for (int i = 0; i < 100; ++i)
        worker.Post([&, i] {
            order.push_back(i);
            threads.push_back(std::this_thread::get_id());
        });
    ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    ASSERT_EQ(order.size(), 100u);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
    for (const auto& id : threads) {
        EXPECT_EQ(id, threads.front());
        EXPECT_NE(id, std::this_thread::get_id());
    }
}

TEST(Worker, IdleWorkerSleepsWithoutDeadlineAndWakesOnlyForWork) {
    Worker worker;
    ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    Worker::State idle = worker.Snapshot();
    EXPECT_TRUE(idle.asleep);
    EXPECT_FALSE(idle.timer.has_value()) << "an idle worker must not have a wake-up deadline";
    EXPECT_EQ(idle.wakes, 0);
    for (int i = 0; i < 3; ++i) {
        worker.Post([] {});
        ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    }
    idle = worker.Snapshot();
    EXPECT_EQ(idle.jobs_run, 3);
    EXPECT_LE(idle.wakes, 3);  // one per Post at most (fewer if a Post came while it was still awake)
    EXPECT_FALSE(idle.timer.has_value());
}

TEST(Worker, TimerRunsOnceWhenDueAndALaterOneReplacesIt) {
    Worker worker;
    test::ChangeSignal signal;
    std::atomic<int> first{0}, second{0};
    std::atomic<bool> ran_after_due{false};
    const auto due = Worker::Clock::now() + 30ms;
    worker.SetTimer(Worker::Clock::now() + 1h, [&] { ++first; });
    worker.SetTimer(due, [&] {
        ran_after_due = Worker::Clock::now() >= due;
        ++second;
        signal.Notify();
    });
    ASSERT_TRUE(signal.WaitFor([&] { return second == 1; }));
    ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    EXPECT_TRUE(ran_after_due);
    EXPECT_EQ(first, 0);
    EXPECT_FALSE(worker.Snapshot().timer.has_value());  // a timer runs once
}

TEST(Worker, CancelledTimerDoesNotRun) {
    Worker worker;
    worker.SetTimer(Worker::Clock::now() + 1h, [] { ADD_FAILURE() << "cancelled timer ran"; });
    ASSERT_TRUE(worker.Snapshot().timer.has_value());
    worker.CancelTimer();
    EXPECT_FALSE(worker.Snapshot().timer.has_value());
    worker.Post([] {});  // the worker wakes, finds no timer and goes back to sleep without a deadline
    ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    EXPECT_FALSE(worker.Snapshot().timer.has_value());
}

TEST(Worker, StopLetsTheRunningJobFinishAndIgnoresLaterPosts) {
    Worker worker;
    test::ChangeSignal signal;
    std::atomic<bool> started{false}, release{false}, finished{false};
    worker.Post([&] {
        started = true;
        signal.Notify();
        signal.WaitFor([&] { return release.load(); });
        finished = true;
    });
    ASSERT_TRUE(signal.WaitFor([&] { return started.load(); }));
    std::thread stopper([&] { worker.Stop(); });
    release = true;
    signal.Notify();
    stopper.join();
    EXPECT_TRUE(finished);
    std::atomic<bool> ran_late{false};
    worker.Post([&] { ran_late = true; });
    worker.Stop();  // idempotent
    EXPECT_FALSE(ran_late);
    EXPECT_FALSE(worker.WaitUntilAsleep(0ms));
}

TEST(Worker, AThrowingJobDoesNotStopTheWorker) {
    Worker worker;
    std::atomic<bool> ran{false};
    worker.Post([] { throw std::runtime_error("boom"); });
    worker.Post([&] { ran = true; });
    ASSERT_TRUE(worker.WaitUntilAsleep(10s));
    EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace bk::telemetry
