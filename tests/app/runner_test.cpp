// The runner glue both programs share (platform/runner.h), on the NullRunner: the loop sleeps until Wake(),
// a deadline or Close(); RunApp writes the targets file only after frames that acted on nothing; a SIGTERM
// closes the app as a normal exit would.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "platform/null_runner.h"

namespace bk {
namespace {

nlohmann::json ReadJson(const std::filesystem::path& file) {
    std::ifstream in(file);
    return nlohmann::json::parse(in, nullptr, false);
}

TEST(NullRunnerLoop, DrawsAgainAtOnceWhenAskedAndStopsOnClose) {
    NullRunner runner(ImVec2(800, 600));
    ManualClock clock;
    int frames = 0;
    Loop loop;
    loop.frame = [&] {
        if (++frames == 5) runner.Close();
        return true;  // "draw again at once": no sleeping in between
    };
    loop.next_deadline = [] { return Millis{-1}; };
    runner.Run(loop, clock);
    EXPECT_EQ(frames, 5);
}

TEST(NullRunnerLoop, SleepsUntilWakeFromAnotherThread) {
    NullRunner runner(ImVec2(800, 600));
    ManualClock clock;
    std::atomic<int> frames = 0;
    Loop loop;
    loop.frame = [&] {
        if (++frames == 3) runner.Close();
        return false;
    };
    loop.next_deadline = [] { return Millis{-1}; };  // no timer: only Wake() or Close() ends the sleep
    std::jthread waker([&] {
        for (int seen = 1; seen < 3; ++seen) {
            while (frames < seen) std::this_thread::yield();  // the loop is asleep after this frame
            runner.Wake();
        }
    });
    runner.Run(loop, clock);
    EXPECT_EQ(frames, 3);
}

TEST(NullRunnerLoop, DrawsWhenTheDeadlineOnTheInjectedClockIsDue) {
    NullRunner runner(ImVec2(800, 600));
    ManualClock clock;
    int frames = 0;
    Loop loop;
    loop.frame = [&] {
        if (++frames == 2) runner.Close();
        clock.Advance(1000);  // time passes while the frame is shown: the timer below is now due
        return false;
    };
    loop.next_deadline = [] { return Millis{1000}; };
    runner.Run(loop, clock);  // with no Wake() and the deadline not due it would sleep for ever
    EXPECT_EQ(frames, 2);
}

TEST(RunApp, WritesTheTargetsFileOnlyAfterSettledFrames) {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / ("bk-runner-" + std::to_string(getpid()) + ".json");
    NullRunner runner(ImVec2(800, 600));
    ManualClock clock;
    int frames = 0;
    std::vector<nlohmann::json> written;
    App app;
    app.targets_file = file.string();
    app.loop.frame = [&] {
        ++frames;
        return frames == 2;  // frame 2 acts (the screen changes after it drew): not written
    };
    app.loop.next_deadline = [&] { return clock.MonotonicMs(); };  // a timer always due: frame after frame
    app.loop.frame_shown = [&] {
        if (std::filesystem::exists(file)) written.push_back(ReadJson(file));
        if (frames == 3) runner.Close();
    };
    app.targets = [&] { return nlohmann::json{{"drawn", frames}, {"targets", TargetsJson({{"ok", ImVec2(10, 20), ImVec2(30, 60)}})}}; };
    RunApp(runner, app, clock);
    // frame_shown runs before the file is written for that frame, so it sees the previous frame's file.
    ASSERT_EQ(written.size(), 2u);
    EXPECT_EQ(written[0]["drawn"], 1);
    EXPECT_EQ(written[1]["drawn"], 1) << "frame 2 acted; its targets belong to the old screen";
    const nlohmann::json last = ReadJson(file);
    EXPECT_EQ(last["drawn"], 3);
    EXPECT_EQ(last["frame"], 3);
    EXPECT_EQ(last["targets"][0]["id"], "ok");
    EXPECT_EQ(last["targets"][0]["x"], 20);
    EXPECT_EQ(last["targets"][0]["h"], 40);
    std::filesystem::remove(file);
}

TEST(RunApp, StopSignalClosesTheApp) {
    BlockStopSignals();  // as main() does first; the process-directed SIGTERM then reaches only the watcher
    NullRunner runner(ImVec2(800, 600));
    ManualClock clock;
    int frames = 0;
    App app;
    app.program = "runner_test";
    app.loop.frame = [&] {
        if (++frames == 1) kill(getpid(), SIGTERM);
        return false;
    };
    app.loop.next_deadline = [] { return Millis{-1}; };  // nothing but the signal can end the sleep
    RunApp(runner, app, clock);
    EXPECT_TRUE(runner.CloseRequested());
    EXPECT_GE(frames, 1);
}

}  // namespace
}  // namespace bk
