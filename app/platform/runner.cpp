#include "platform/runner.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>

namespace bk {

// [SECTION] Stop signals

static sigset_t StopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

void BlockStopSignals() {
    const sigset_t set = StopSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

StopSignalWatcher::StopSignalWatcher(Runner& runner, std::string program) {
    BlockStopSignals();  // the watcher's thread inherits this mask
    m_thread = std::thread([this, &runner, program = std::move(program)] {
        const sigset_t set = StopSignals();
        int sig = 0;
        if (sigwait(&set, &sig) != 0 || m_leaving) return;
        std::fprintf(stderr, "%s: signal %d, closing\n", program.c_str(), sig);
        runner.Close();
    });
}

StopSignalWatcher::~StopSignalWatcher() {
    // The thread sits in sigwait: a SIGTERM aimed at it alone ends the wait without closing anything.
    m_leaving = true;
    pthread_kill(m_thread.native_handle(), SIGTERM);
    m_thread.join();
}

// [SECTION] Targets file

nlohmann::json TargetsJson(const std::vector<ui::Target>& targets) {
    nlohmann::json out = nlohmann::json::array();
    for (const ui::Target& t : targets)
        out.push_back({{"id", t.id}, {"x", (t.min.x + t.max.x) / 2}, {"y", (t.min.y + t.max.y) / 2},
                       {"w", t.max.x - t.min.x}, {"h", t.max.y - t.min.y}});
    return out;
}

void WriteTargetsFile(const std::string& file, const nlohmann::json& content) {
    const std::string tmp = file + ".tmp";
    std::ofstream(tmp) << content.dump();
    std::rename(tmp.c_str(), file.c_str());
}

// [SECTION] Running an app

void RunApp(Runner& runner, const App& app, const Clock& clock) {
    StopSignalWatcher watcher(runner, app.program);
    Loop loop = app.loop;
    long frames = 0;
    bool settled = true;
    if (!app.targets_file.empty() && app.targets) {
        // A frame that acted (returned true) drew the state before its actions: its targets belong to the old
        // screen. Only a frame that changed nothing is written, so the file's state and targets agree.
        loop.frame = [&app, &settled] {
            settled = !app.loop.frame();
            return !settled;
        };
        // After the swap, not inside the frame: a test that sees the file may take a screenshot of it.
        loop.frame_shown = [&app, &frames, &settled] {
            if (app.loop.frame_shown) app.loop.frame_shown();
            ++frames;
            if (!settled) return;
            nlohmann::json content = app.targets();
            content["frame"] = frames;
            WriteTargetsFile(app.targets_file, content);
        };
    }
    if (!loop.next_deadline) loop.next_deadline = [] { return Millis{-1}; };
    runner.Run(loop, clock);
}

}  // namespace bk
