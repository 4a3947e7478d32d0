// End-to-end harness: a private Xvfb display on a free number, the real kiosk binary in a real window,
// taps with xdotool, PNG screenshots with ImageMagick's import, and the kiosk's --dump-targets file to
// know where each button is.
#pragma once
#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "file_watch.h"
#include "process.h"

namespace bk::test {

class XvfbDisplay {
public:
    XvfbDisplay(int width, int height);  // throws std::runtime_error when Xvfb cannot start
    ~XvfbDisplay();
    std::string Name() const { return ":" + std::to_string(m_number); }
    int Width() const { return m_width; }
    int Height() const { return m_height; }

private:
    std::unique_ptr<Process> m_xvfb;
    int m_number = -1;
    int m_width, m_height;
};

// The kiosk on a display. Each screen change is visible in the targets file it writes.
class KioskWindow {
public:
    // `sound_env` empty: the kiosk runs with --no-speech; else it speaks, with these variables (PULSE_SERVER).
    KioskWindow(const XvfbDisplay& display, const std::vector<std::string>& kiosk_args, const std::string& work_dir,
                const std::map<std::string, std::string>& sound_env = {});
    ~KioskWindow();

    // Waits until the targets file, written after each frame is on screen, satisfies `ready`; false after
    // timeout_ms or when the kiosk exits.
    bool WaitFor(const std::function<bool(const nlohmann::json&)>& ready, int timeout_ms = 15'000);
    // Waits until the kiosk reports `screen` (e.g. "start").
    bool WaitForScreen(const std::string& screen, int timeout_ms = 15'000);
    std::string Screen();
    nlohmann::json Targets();
    bool HasTarget(const std::string& id);
    // Moves the real pointer to the target's centre and clicks with xdotool. False when not on screen.
    bool Tap(const std::string& id);
    // A key pressed on the real keyboard (an X keysym such as "Return", "Down", "plus"), as a keypad sends it.
    bool Key(const std::string& keysym);
    // Presses the real pointer at (x, y) for `ms` milliseconds, as a finger held on the glass.
    bool Hold(int x, int y, int ms);
    // Saves a PNG of the whole display once it is stable (see StableScreenshot); returns its path.
    std::string Screenshot(const std::string& path);
    int Stop() { return m_kiosk.Terminate(); }
    std::string Log() const;

private:
    const XvfbDisplay& m_display;
    std::string m_targets_file, m_log_file;
    FileWatch m_targets_watch;  // before m_kiosk: watching when the kiosk first writes
    Process m_kiosk;
};

// Saves a PNG of the display at `path` once two captures in a row are the same, so the last frame drawn has
// reached the X server (a swap is asynchronous); after timeout_ms the last capture is kept. Returns `path`.
std::string StableScreenshot(const XvfbDisplay& display, const std::string& path, int timeout_ms = 5'000);

// Pixels that differ between two PNG files of the same size (-1 when they cannot be read).
long DifferentPixels(const std::string& png_a, const std::string& png_b);

}  // namespace bk::test
