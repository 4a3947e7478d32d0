#include "shared/worker.h"

#include <cstdio>
#include <exception>

namespace bk {

Worker::Worker() : m_thread([this] { Run(); }) {}

Worker::~Worker() { Stop(); }

void Worker::Post(Job job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return;
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void Worker::SetTimer(Clock::time_point due, Job job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return;
        m_timer_due = due;
        m_timer_job = std::move(job);
    }
    m_wake.notify_one();  // the worker may be sleeping towards a later deadline, or none
}

void Worker::CancelTimer() {
    std::lock_guard lock(m_mutex);
    m_timer_due.reset();
    m_timer_job = nullptr;
    // No notify: a worker sleeping towards the old deadline wakes once, finds nothing and sleeps on.
}

void Worker::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
        m_timer_due.reset();
        m_timer_job = nullptr;
    }
    m_wake.notify_all();
    m_idle.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

Worker::State Worker::Snapshot() const {
    std::lock_guard lock(m_mutex);
    State state = m_state;
    state.timer = m_timer_due;
    return state;
}

bool Worker::WaitUntilAsleep(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    const auto asleep = [&] {
        const bool timer_due = m_timer_due && Clock::now() >= *m_timer_due;
        return m_state.asleep && m_jobs.empty() && !timer_due;
    };
    return m_idle.wait_for(lock, timeout, [&] { return m_stop || asleep(); }) && !m_stop;
}

void Worker::Run() {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_timer_due && Clock::now() >= *m_timer_due) {
            m_jobs.push_back(std::move(m_timer_job));
            m_timer_due.reset();
            m_timer_job = nullptr;
        }
        if (m_jobs.empty()) {
            m_state.asleep = true;
            m_idle.notify_all();
            if (m_timer_due)
                m_wake.wait_until(lock, *m_timer_due);
            else
                m_wake.wait(lock);  // no deadline: only Post(), SetTimer() or Stop() end this
            m_state.asleep = false;
            ++m_state.wakes;
            continue;
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        try {
            job();
        } catch (const std::exception& error) {
            std::fprintf(stderr, "worker: a job failed: %s\n", error.what());
        }
        job = nullptr;  // what it captured is released outside the lock
        lock.lock();
        ++m_state.jobs_run;
    }
    m_state.asleep = false;
}

}  // namespace bk
