#include "desktop.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <stb_image.h>

namespace bk::test {

using namespace std::chrono_literals;

static pid_t Spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, const std::string& log_file,
                   int keep_fd = -1) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    // Child: own process group so a kill reaches everything it started.
    setpgid(0, 0);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    const int out = log_file.empty() ? open("/dev/null", O_WRONLY) : open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
    for (int fd = 3; fd < 256; ++fd)
        if (fd != keep_fd) close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
}

int RunCommand(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    const pid_t pid = Spawn(argv, env, "");
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Child::Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env, const std::string& log_file)
    : m_pid(Spawn(argv, env, log_file)) {}

Child::~Child() { Terminate(2'000); }

bool Child::Running() {
    if (m_pid <= 0) return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        m_pid = -1;
        return false;
    }
    return true;
}

int Child::Terminate(int timeout_ms) {
    if (!Running()) return m_status;
    kill(m_pid, SIGTERM);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < until) {
        if (!Running()) return m_status;
        std::this_thread::sleep_for(20ms);
    }
    kill(-m_pid, SIGKILL);
    kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    m_status = 128 + SIGKILL;
    return m_status;
}

XvfbDisplay::XvfbDisplay(int width, int height) : m_width(width), m_height(height) {
    // Xvfb picks a free display number itself and writes it to the pipe (-displayfd).
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
    m_pid = Spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", screen, "-nolisten", "tcp", "-noreset"}, {}, "", fds[1]);
    close(fds[1]);
    std::string number;
    char c;
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    const auto until = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < until) {
        const ssize_t n = read(fds[0], &c, 1);
        if (n == 1 && c == '\n') break;
        if (n == 1) number += c;
        else std::this_thread::sleep_for(10ms);
    }
    close(fds[0]);
    if (number.empty()) throw std::runtime_error("Xvfb did not start (is the xvfb package installed?)");
    m_number = std::stoi(number);
}

XvfbDisplay::~XvfbDisplay() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
}

KioskWindow::KioskWindow(const XvfbDisplay& display, const std::vector<std::string>& kiosk_args, const std::string& work_dir)
    : m_display(display),
      m_targets_file(work_dir + "/targets.json"),
      m_log_file(work_dir + "/kiosk.log"),
      m_kiosk([&] {
          std::vector<std::string> argv = {BK_KIOSK_PATH, "--window", std::to_string(display.Width()) + "x" + std::to_string(display.Height()),
                                           "--dump-targets", work_dir + "/targets.json", "--no-speech"};
          argv.insert(argv.end(), kiosk_args.begin(), kiosk_args.end());
          return argv;
      }(),
              // llvmpipe: software OpenGL, as on a kiosk PC without a GPU driver. Leak checks off: Mesa's own
              // allocations at exit are not ours to fix.
              {{"DISPLAY", display.Name()}, {"LIBGL_ALWAYS_SOFTWARE", "1"}, {"ASAN_OPTIONS", "detect_leaks=0"}}, work_dir + "/kiosk.log") {}

KioskWindow::~KioskWindow() { m_kiosk.Terminate(5'000); }

nlohmann::json KioskWindow::Targets() {
    std::ifstream in(m_targets_file);
    if (!in) return nlohmann::json::object();
    const nlohmann::json t = nlohmann::json::parse(in, nullptr, false);
    return t.is_object() ? t : nlohmann::json::object();
}

std::string KioskWindow::Screen() { return Targets().value("screen", ""); }

bool KioskWindow::WaitFor(const std::function<bool(const nlohmann::json&)>& ready, int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < until) {
        if (ready(Targets())) return true;
        if (!m_kiosk.Running()) return false;
        std::this_thread::sleep_for(20ms);  // poll interval, not a guess at how long the kiosk takes
    }
    return false;
}

bool KioskWindow::WaitForScreen(const std::string& screen, int timeout_ms) {
    return WaitFor([&](const nlohmann::json& t) { return t.value("screen", "") == screen; }, timeout_ms);
}

bool KioskWindow::HasTarget(const std::string& id) {
    for (const auto& target : Targets().value("targets", nlohmann::json::array()))
        if (target["id"] == id) return true;
    return false;
}

bool KioskWindow::Tap(const std::string& id) {
    for (const auto& target : Targets().value("targets", nlohmann::json::array())) {
        if (target["id"] != id) continue;
        const int x = static_cast<int>(target["x"].get<double>()), y = static_cast<int>(target["y"].get<double>());
        // A real pointer: move, press, release, with a pause a finger would have.
        const std::map<std::string, std::string> env = {{"DISPLAY", m_display.Name()}};
        // (No --sync: xdotool waits forever when the pointer is already there, as on "next" step after step.)
        return RunCommand({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "sleep", "0.05", "mousedown", "1",
                           "sleep", "0.08", "mouseup", "1"}, env) == 0;
    }
    return false;
}

bool KioskWindow::Hold(int x, int y, int ms) {
    const std::map<std::string, std::string> env = {{"DISPLAY", m_display.Name()}};
    return RunCommand({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "sleep", "0.05", "mousedown", "1",
                       "sleep", std::to_string(ms / 1000.0), "mouseup", "1"}, env) == 0;
}

std::string KioskWindow::Screenshot(const std::string& path) { return StableScreenshot(m_display, path); }

std::string StableScreenshot(const XvfbDisplay& display, const std::string& path, int timeout_ms) {
    const std::string previous = path + ".previous.png";
    RunCommand({"import", "-display", display.Name(), "-window", "root", previous});
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        RunCommand({"import", "-display", display.Name(), "-window", "root", path});
        if (DifferentPixels(previous, path) == 0 || std::chrono::steady_clock::now() >= until) break;
        std::filesystem::rename(path, previous);
    }
    std::filesystem::remove(previous);
    return path;
}

std::string KioskWindow::Log() const {
    std::ifstream in(m_log_file);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

long DifferentPixels(const std::string& png_a, const std::string& png_b) {
    int wa, ha, ca, wb, hb, cb;
    unsigned char* a = stbi_load(png_a.c_str(), &wa, &ha, &ca, 3);
    unsigned char* b = stbi_load(png_b.c_str(), &wb, &hb, &cb, 3);
    long diff = -1;
    if (a && b && wa == wb && ha == hb) {
        diff = 0;
        for (long i = 0; i < static_cast<long>(wa) * ha; ++i) diff += std::memcmp(a + i * 3, b + i * 3, 3) != 0;
    }
    stbi_image_free(a);
    stbi_image_free(b);
    return diff;
}

}  // namespace bk::test
