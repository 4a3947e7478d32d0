#include "desktop.h"

#include <poll.h>
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

XvfbDisplay::XvfbDisplay(int width, int height) : m_width(width), m_height(height) {
    // Xvfb picks a free display number itself and writes it to the pipe (-displayfd).
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
    m_xvfb = std::make_unique<Process>(
        std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", screen, "-nolisten", "tcp", "-noreset"},
        ProcessOptions{.keep_fd = fds[1]});
    close(fds[1]);
    // The number arrives as one line once the server listens; poll() waits for it, up to 15 s.
    std::string number;
    const auto until = std::chrono::steady_clock::now() + 15s;
    while (number.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
        pollfd fd{fds[0], POLLIN, 0};
        if (left <= 0 || poll(&fd, 1, static_cast<int>(left)) <= 0) break;
        char buffer[32];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        number.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    if (number.empty()) throw std::runtime_error("Xvfb did not start (is the xvfb package installed?)");
    m_number = std::stoi(number);
}

XvfbDisplay::~XvfbDisplay() {
    if (m_xvfb) m_xvfb->Terminate(5'000);
}

KioskWindow::KioskWindow(const XvfbDisplay& display, const std::vector<std::string>& kiosk_args, const std::string& work_dir,
                         const std::map<std::string, std::string>& sound_env)
    : m_display(display),
      m_targets_file(work_dir + "/targets.json"),
      m_log_file(work_dir + "/kiosk.log"),
      m_targets_watch(m_targets_file),
      m_kiosk([&] {
          std::vector<std::string> argv = {BK_KIOSK_PATH, "--window", std::to_string(display.Width()) + "x" + std::to_string(display.Height()),
                                           "--dump-targets", work_dir + "/targets.json"};
          if (sound_env.empty()) argv.push_back("--no-speech");
          argv.insert(argv.end(), kiosk_args.begin(), kiosk_args.end());
          return argv;
      }(),
              // llvmpipe: software OpenGL, as on a kiosk PC without a GPU driver. Leak checks off: Mesa's own
              // allocations at exit are not ours to fix.
              [&] {
                  ProcessOptions options{.env = {{"DISPLAY", display.Name()}, {"LIBGL_ALWAYS_SOFTWARE", "1"}, {"ASAN_OPTIONS", "detect_leaks=0"}},
                                         .log_file = work_dir + "/kiosk.log"};
                  options.env.insert(sound_env.begin(), sound_env.end());
                  return options;
              }()) {}

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
    while (true) {
        if (ready(Targets())) return true;
        if (!m_kiosk.Running()) return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        // Woken when the kiosk writes the file (after each settled frame); at most 0.5 s, to notice a crash.
        m_targets_watch.WaitForChange(static_cast<int>(std::min<long long>(left, 500)));
    }
}

bool KioskWindow::WaitForScreen(const std::string& screen, int timeout_ms) {
    return WaitFor([&](const nlohmann::json& t) { return t.value("screen", "") == screen; }, timeout_ms);
}

bool KioskWindow::HasTarget(const std::string& id) {
    for (const auto& target : Targets().value("targets", nlohmann::json::array()))
        if (target["id"] == id) return true;
    return false;
}

bool KioskWindow::Key(const std::string& keysym) {
    // Xvfb has no window manager: the keyboard goes to the window under the pointer, the kiosk's full window.
    return RunCommand({"xdotool", "key", keysym}, {.env = {{"DISPLAY", m_display.Name()}}}) == 0;
}

bool KioskWindow::Tap(const std::string& id) {
    for (const auto& target : Targets().value("targets", nlohmann::json::array())) {
        if (target["id"] != id) continue;
        const int x = static_cast<int>(target["x"].get<double>()), y = static_cast<int>(target["y"].get<double>());
        // A real pointer: move, press, release, with a pause a finger would have.
        const ProcessOptions env{.env = {{"DISPLAY", m_display.Name()}}};
        // (No --sync: xdotool waits forever when the pointer is already there, as on "next" step after step.)
        return RunCommand({"xdotool", "mousemove", std::to_string(x), std::to_string(y), "sleep", "0.05", "mousedown", "1",
                           "sleep", "0.08", "mouseup", "1"}, env) == 0;
    }
    return false;
}

bool KioskWindow::Hold(int x, int y, int ms) {
    const ProcessOptions env{.env = {{"DISPLAY", m_display.Name()}}};
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
