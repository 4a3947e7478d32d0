#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace bk::test {

namespace {

int ExitStatus(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

int MillisLeft(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    if (argv.empty()) throw std::runtime_error("Process: empty argv");
    // Everything the child needs is prepared before fork: the child of a threaded process must not allocate.
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int out[2] = {-1, -1};
    if (options.capture_stdout && pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("Process: pipe failed");
    const std::string& log = options.capture_stdout ? options.stderr_file : options.log_file;
    const int log_fd = log.empty() ? (options.capture_stdout ? -1 : open("/dev/null", O_WRONLY | O_CLOEXEC))
                                   : open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    std::vector<std::pair<std::string, std::string>> env(options.env.begin(), options.env.end());

    m_pid = fork();
    if (m_pid < 0) throw std::runtime_error("Process: fork failed");
    if (m_pid == 0) {
        setpgid(0, 0);  // its own group: Kill() reaches whatever it starts
        for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
        if (options.capture_stdout) {
            dup2(out[1], STDOUT_FILENO);
            if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
        } else if (log_fd >= 0) {
            dup2(log_fd, STDOUT_FILENO);
            dup2(log_fd, STDERR_FILENO);
        }
        // Nothing else of the test's leaks in: an inherited pipe end would keep another child's EOF away.
        for (int fd = 3; fd < 1024; ++fd)
            if (fd != options.keep_fd) close(fd);
        execvp(args[0], args.data());
        _exit(127);
    }
    setpgid(m_pid, m_pid);  // also from the parent, so a Kill() right after start finds the group
    if (log_fd >= 0) close(log_fd);
    if (options.capture_stdout) {
        close(out[1]);
        m_stdout_fd = out[0];
    }
    m_pidfd = static_cast<int>(syscall(SYS_pidfd_open, m_pid, 0));
}

Process::~Process() {
    if (m_pid > 0 && !m_status) {
        Kill();
        Wait();
    }
    if (m_pidfd >= 0) close(m_pidfd);
    if (m_stdout_fd >= 0) close(m_stdout_fd);
}

bool Process::Reap(int wait_flags) {
    if (m_status) return true;
    int status = 0;
    const pid_t done = waitpid(m_pid, &status, wait_flags);
    if (done == m_pid) m_status = ExitStatus(status);
    else if (done < 0) m_status = -1;  // not our child any more: nothing left to wait for
    return m_status.has_value();
}

bool Process::Running() { return m_pid > 0 && !Reap(WNOHANG); }

std::optional<int> Process::WaitFor(int timeout_ms) {
    if (Reap(WNOHANG)) return m_status;
    if (m_pidfd >= 0) {
        // The pidfd becomes readable when the child exits.
        pollfd fd{m_pidfd, POLLIN, 0};
        if (poll(&fd, 1, timeout_ms) <= 0) return std::nullopt;
        Reap(0);
        return m_status;
    }
    // Kernels without pidfd_open: waitpid in a loop with a short pause, bounded by the deadline.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!Reap(WNOHANG)) {
        if (MillisLeft(deadline) == 0) return std::nullopt;
        poll(nullptr, 0, 5);
    }
    return m_status;
}

int Process::Wait() {
    Reap(0);
    return *m_status;
}

void Process::Kill() {
    if (m_pid <= 0 || m_status) return;
    kill(-m_pid, SIGKILL);
    kill(m_pid, SIGKILL);
}

int Process::Terminate(int timeout_ms) {
    if (m_pid <= 0) return -1;
    if (!m_status) kill(m_pid, SIGTERM);
    if (auto status = WaitFor(timeout_ms)) return *status;
    Kill();
    return Wait();
}

std::optional<std::string> Process::ReadLine(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        if (const auto end = m_pending.find('\n'); end != std::string::npos) {
            std::string line = m_pending.substr(0, end);
            m_pending.erase(0, end + 1);
            return line;
        }
        if (m_stdout_fd < 0) return std::nullopt;
        pollfd fd{m_stdout_fd, POLLIN, 0};
        if (poll(&fd, 1, MillisLeft(deadline)) <= 0) return std::nullopt;
        char buffer[512];
        const ssize_t n = read(m_stdout_fd, buffer, sizeof buffer);
        if (n <= 0) return std::nullopt;
        m_pending.append(buffer, static_cast<std::size_t>(n));
    }
}

std::string Process::ReadAll() {
    std::string text = std::move(m_pending);
    m_pending.clear();
    if (m_stdout_fd < 0) return text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(m_stdout_fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    return text;
}

std::pair<int, std::string> RunCapture(const std::vector<std::string>& argv, const ProcessOptions& options) {
    ProcessOptions capture = options;
    capture.capture_stdout = true;
    Process process(argv, capture);
    std::string out = process.ReadAll();
    return {process.Wait(), std::move(out)};
}

int RunCommand(const std::vector<std::string>& argv, const ProcessOptions& options) {
    Process process(argv, options);
    return process.Wait();
}

}  // namespace bk::test
