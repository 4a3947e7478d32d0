// Lets a test wait for "something changed" callbacks (HelpCalls' wake, Uploader's changed) instead of
// polling with sleeps: the callback calls Notify(), the test waits for its condition with a deadline.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace bk::telemetry::test {

class ChangeSignal {
public:
    void Notify() {
        { std::lock_guard lock(m_mutex); }  // orders this notify after a waiter's check
        m_changed.notify_all();
    }
    std::function<void()> Callback() { return [this] { Notify(); }; }
    // True once `condition` holds; it is checked now and after every Notify(). False at the deadline.
    bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, condition);
    }
private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
};

}  // namespace bk::telemetry::test
