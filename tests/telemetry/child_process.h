// Runs a program as a child process with its stdout on a pipe, for the SIGKILL durability tests.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace bk::telemetry::test {

class ChildProcess {
public:
    explicit ChildProcess(const std::vector<std::string>& argv) {
        int fds[2];
        if (pipe(fds) != 0)
            return;
        m_pid = fork();
        if (m_pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> args;
            for (const std::string& arg : argv)
                args.push_back(const_cast<char*>(arg.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        close(fds[1]);
        m_out = fds[0];
    }
    ~ChildProcess() {
        if (m_pid > 0 && !m_reaped) {
            kill(m_pid, SIGKILL);
            Wait();
        }
        if (m_out >= 0)
            close(m_out);
    }
    bool Started() const { return m_pid > 0; }
    void Kill() { kill(m_pid, SIGKILL); }
    // Exit status (or 128 + signal); blocks until the child ends.
    int Wait() {
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_reaped = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    // Everything the child wrote to stdout (call after Wait()).
    std::string ReadAll() {
        std::string out;
        char buffer[4096];
        ssize_t n = 0;
        while ((n = read(m_out, buffer, sizeof(buffer))) > 0)
            out.append(buffer, static_cast<std::size_t>(n));
        return out;
    }

private:
    pid_t m_pid = -1;
    int m_out = -1;
    bool m_reaped = false;
};

}  // namespace bk::telemetry::test
