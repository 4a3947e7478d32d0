// One background thread that runs posted jobs in order and sleeps on a condition variable while it has
// nothing to do. Besides the job queue it has one timer slot (a retry after backoff, the next poll): the
// thread sleeps until the timer is due or a job arrives. With no job and no timer it waits without a
// deadline, so an idle worker never wakes.
//
//   Worker worker;                                  // the thread starts here, asleep
//   worker.Post([&] { Upload(); });                  // runs after every job posted before it
//   worker.SetTimer(Worker::Clock::now() + 5s, [&] { Retry(); });  // replaces an earlier timer
//   worker.Stop();                                   // or the destructor
//
// Jobs run on the worker thread only, one at a time, so state they alone touch needs no lock. A job that
// throws is reported on stderr and the worker carries on.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace bk {

class Worker {
public:
    using Job = std::function<void()>;
    using Clock = std::chrono::steady_clock;

    struct State {
        bool asleep = false;                      // waiting: no job ready, none running
        std::optional<Clock::time_point> timer;   // when the timer is due; nullopt = sleeps until Post()/Stop()
        std::int64_t wakes = 0;                   // times the thread came out of its wait, ever
        std::int64_t jobs_run = 0;                // jobs and timers run, ever
    };

    Worker();   // starts the thread
    ~Worker();  // Stop()
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Runs `job` after every job posted before it. Dropped after Stop().
    void Post(Job job);
    // Runs `job` once `due` has passed (then in turn with posted jobs). Replaces a timer not yet run.
    void SetTimer(Clock::time_point due, Job job);
    void CancelTimer();
    // Lets the running job finish, drops the queued jobs and the timer, joins the thread. Idempotent; must
    // not be called from a job.
    void Stop();

    State Snapshot() const;
    // Waits until no job is queued or running (a timer may be set). False on timeout or after Stop().
    bool WaitUntilAsleep(std::chrono::milliseconds timeout) const;

private:
    void Run();

    mutable std::mutex m_mutex;  // guards everything below
    std::condition_variable m_wake;          // the worker waits here
    mutable std::condition_variable m_idle;  // WaitUntilAsleep() waits here
    std::deque<Job> m_jobs;
    std::optional<Clock::time_point> m_timer_due;
    Job m_timer_job;
    bool m_stop = false;
    State m_state;
    std::thread m_thread;  // last: starts after the members above exist
};

}  // namespace bk
