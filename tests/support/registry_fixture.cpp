#include "registry_fixture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bk::test {

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    return argv;
}

// Waits for the child; SIGKILL after `timeout` if it will not go.
int WaitForExit(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (true) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (done < 0) return -1;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return 128 + SIGKILL;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

RegistryFixture::RegistryFixture(RegistryOptions options) : m_options(std::move(options)) {
    std::string pattern = (std::filesystem::temp_directory_path() / "bk-registry-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_dir = pattern;
    for (const auto& kiosk : m_options.kiosks) m_kiosk_tokens[kiosk] = AddKiosk(m_options.municipality, kiosk);
    if (m_options.add_reader) m_reader_token = AddReader(m_options.municipality, "service-designers");
    if (m_options.start) Start();
}

RegistryFixture::~RegistryFixture() {
    if (m_pid > 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    if (m_stdout_fd >= 0) close(m_stdout_fd);
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

std::pair<int, std::string> RegistryFixture::RunCli(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> full = {BinaryPath()};
    full.insert(full.end(), args.begin(), args.end());
    auto argv = Argv(full);  // before fork: the child of a threaded process must not allocate
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buffer[512];
    ssize_t n = 0;
    while ((n = read(out[0], buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

std::string RegistryFixture::AddKiosk(const std::string& municipality, const std::string& kiosk_id) {
    auto [status, out] = RunCli({"kiosk", "add", "--db", DbPath(), "--municipality", municipality, "--id", kiosk_id});
    if (status != 0 || out.size() < 64) throw std::runtime_error("kiosk add failed for " + kiosk_id);
    return out.substr(0, 64);
}

std::string RegistryFixture::AddReader(const std::string& municipality, const std::string& name) {
    auto [status, out] = RunCli({"reader", "add", "--db", DbPath(), "--municipality", municipality, "--name", name});
    if (status != 0 || out.size() < 64) throw std::runtime_error("reader add failed for " + name);
    return out.substr(0, 64);
}

std::string RegistryFixture::KioskToken(const std::string& kiosk_id) const {
    auto it = m_kiosk_tokens.find(kiosk_id);
    if (it == m_kiosk_tokens.end()) throw std::runtime_error("no token for kiosk " + kiosk_id);
    return it->second;
}

void RegistryFixture::Start() {
    if (m_pid > 0) return;
    std::vector<std::string> args = {BinaryPath(), "serve", "--db", DbPath(), "--listen", "127.0.0.1:0"};
    if (!m_options.strategies_dir.empty()) args.insert(args.end(), {"--strategies", m_options.strategies_dir});
    if (!m_options.services_dir.empty()) args.insert(args.end(), {"--services", m_options.services_dir});
    args.insert(args.end(), m_options.extra_args.begin(), m_options.extra_args.end());

    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const int log_fd = open(LogPath().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    auto argv = Argv(args);
    m_pid = fork();
    if (m_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    if (log_fd >= 0) close(log_fd);
    m_stdout_fd = out[0];

    // Read "listening on 127.0.0.1:PORT\n"; keep the pipe open afterwards so the server never gets SIGPIPE.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd fd{m_stdout_fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
        char buffer[128];
        const ssize_t n = read(m_stdout_fd, buffer, sizeof buffer);
        if (n <= 0) break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string prefix = "listening on 127.0.0.1:";
    const auto at = line.find(prefix);
    if (at == std::string::npos) {
        Stop();
        throw std::runtime_error("registry-stub did not start; output: '" + line + "' log: " + ReadLog());
    }
    m_port = std::atoi(line.c_str() + at + prefix.size());
}

void RegistryFixture::Stop() {
    if (m_pid <= 0) return;
    kill(m_pid, SIGTERM);
    m_last_exit_status = WaitForExit(m_pid, std::chrono::seconds(10));
    m_pid = -1;
    if (m_stdout_fd >= 0) close(m_stdout_fd);
    m_stdout_fd = -1;
    m_port = 0;
}

void RegistryFixture::Restart() {
    Stop();
    Start();
}

std::string RegistryFixture::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }

std::string RegistryFixture::ReadLog() const {
    std::ifstream file(LogPath());
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace bk::test
