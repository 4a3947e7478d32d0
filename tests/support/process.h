// Child processes for tests, written once: the registry, the kiosk, Xvfb, xdotool and the crash writer all
// start here. Waiting uses a pidfd and poll(), so a test waits for the exit itself, never for a guessed time.
#pragma once
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bk::test {

struct ProcessOptions {
    std::map<std::string, std::string> env;  // set on top of the test's environment
    std::string log_file;                    // stdout and stderr appended here ("" = /dev/null) ...
    bool capture_stdout = false;             // ... unless stdout goes to a pipe (StdoutFd(), ReadAll())
    std::string stderr_file;                 // with capture_stdout: stderr appended here ("" = inherited)
    int keep_fd = -1;                        // one more descriptor the child keeps (Xvfb -displayfd)
};

class Process {
public:
    // argv[0] is looked up in PATH when it has no slash. Throws std::runtime_error when fork/pipe fail.
    explicit Process(const std::vector<std::string>& argv, const ProcessOptions& options = {});
    ~Process();  // SIGKILL to the child's process group, then reaped
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t Pid() const { return m_pid; }
    bool Running();
    // The exit status (128 + signal when killed) once the child ends within timeout_ms; nullopt otherwise.
    std::optional<int> WaitFor(int timeout_ms);
    int Wait();                               // blocks until the child ends
    int Terminate(int timeout_ms = 10'000);   // SIGTERM, SIGKILL after timeout_ms; the exit status
    void Kill();                              // SIGKILL to the process group, at once
    int StdoutFd() const { return m_stdout_fd; }
    // Reads a line from the stdout pipe, waiting at most timeout_ms; nullopt on timeout or end of output.
    std::optional<std::string> ReadLine(int timeout_ms);
    std::string ReadAll();  // the rest of stdout, until the child closes it

private:
    bool Reap(int wait_flags);
    pid_t m_pid = -1;
    int m_pidfd = -1;
    int m_stdout_fd = -1;
    std::string m_pending;  // read from stdout but not yet returned by ReadLine()
    std::optional<int> m_status;
};

// Runs argv to completion: the exit status and everything it wrote to stdout (stderr to stderr_file, or
// inherited).
std::pair<int, std::string> RunCapture(const std::vector<std::string>& argv, const ProcessOptions& options = {});
// Runs argv to completion; the exit status. Output goes to options.log_file or /dev/null.
int RunCommand(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace bk::test
