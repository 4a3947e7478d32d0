// Waits for a file to be written (or renamed into place) with inotify, so a test that waits for what a program
// writes wakes when it writes, not on a poll interval.
#pragma once
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace bk::test {

class FileWatch {
public:
    // Watches the file's folder (the file itself may not exist yet, and writers replace it by rename).
    explicit FileWatch(const std::filesystem::path& file) : m_name(file.filename().string()) {
        std::filesystem::create_directories(file.parent_path());
        m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m_fd < 0 || inotify_add_watch(m_fd, file.parent_path().c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
            throw std::runtime_error("inotify failed for " + file.parent_path().string());
    }
    ~FileWatch() {
        if (m_fd >= 0) close(m_fd);
    }
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // True once the file was written or renamed into place since the last call; false after timeout_ms.
    bool WaitForChange(int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            pollfd fd{m_fd, POLLIN, 0};
            if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
            alignas(inotify_event) char buffer[4096];
            bool ours = false;
            for (ssize_t n; (n = read(m_fd, buffer, sizeof buffer)) > 0;) {
                for (char* p = buffer; p < buffer + n;) {
                    const auto* event = reinterpret_cast<const inotify_event*>(p);
                    if (event->len > 0 && m_name == event->name) ours = true;
                    p += sizeof(inotify_event) + event->len;
                }
            }
            if (ours) return true;  // other files in the folder (logs, *.tmp) wake us too: wait on for ours
        }
    }

private:
    std::string m_name;
    int m_fd = -1;
};

}  // namespace bk::test
