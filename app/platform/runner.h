// One interface for running an ImGui app, with a window (GlfwPlatform) or without (NullRunner), as
// hello_imgui's AbstractRunner / RunnerNull. What both apps need around the loop is written once here:
// the stop signals (SIGTERM, SIGINT) and the --dump-targets file that end-to-end tests read.
//
// The loop is event-driven: a runner sleeps until input, the next deadline, Wake() or Close().
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/clock.h"
#include "ui/widgets.h"

namespace bk {

struct Loop {
    std::function<bool()> frame;              // draws inside an ImGui frame; true = draw again at once
    std::function<Millis()> next_deadline;    // monotonic ms of the next timer, or -1 (none); unset = none
    std::function<void()> first_frame_shown;  // once, after the first frame was handed to the display (optional)
    std::function<void()> frame_shown;        // after every frame was handed to the display (optional)
};

class Runner {
public:
    virtual ~Runner() = default;
    // Runs frames until Close(). Returns after the frame in which Close() was seen.
    virtual void Run(const Loop& loop, const Clock& clock) = 0;
    // From any thread: the loop draws a frame soon.
    virtual void Wake() = 0;
    // The audio-navigation keypad's keys pressed since the last call (UI thread; none without a window).
    virtual std::vector<NavKey> TakeNavKeys() { return {}; }
    // From any thread: Run() returns.
    void Close() {
        m_close_requested = true;
        Wake();
    }
    bool CloseRequested() const { return m_close_requested; }

private:
    std::atomic<bool> m_close_requested{false};
};

// [SECTION] Stop signals

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts later. Call first in main(),
// before any worker thread exists, so StopSignalWatcher is the only one to receive them.
void BlockStopSignals();

// While it lives, a thread waits for SIGTERM/SIGINT and closes the runner (systemd stop, Ctrl-C), so the
// app ends as on a normal exit: session ended, queue flushed.
class StopSignalWatcher {
public:
    StopSignalWatcher(Runner& runner, std::string program);
    ~StopSignalWatcher();
    StopSignalWatcher(const StopSignalWatcher&) = delete;
    StopSignalWatcher& operator=(const StopSignalWatcher&) = delete;

private:
    std::atomic<bool> m_leaving{false};
    std::thread m_thread;
};

// [SECTION] Targets file (--dump-targets)

// Where each target is: [{"id", "x", "y", "w", "h"}], x and y the centre, in pixels.
nlohmann::json TargetsJson(const std::vector<ui::Target>& targets);
// Writes `content` to `file` through a rename, so a reader never sees half a file.
void WriteTargetsFile(const std::string& file, const nlohmann::json& content);

// [SECTION] Running an app

struct App {
    Loop loop;
    std::string targets_file;                  // empty = no dump
    std::function<nlohmann::json()> targets;   // what the frame just drew; written once it is on screen, with
                                               // "frame": its number, after each frame that acted on nothing
    std::string program;                       // for the log line when a stop signal arrives
};

// Runs the app on the runner until it is closed or a stop signal arrives (BlockStopSignals() first).
void RunApp(Runner& runner, const App& app, const Clock& clock);

}  // namespace bk
