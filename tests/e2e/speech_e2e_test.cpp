// Speech mode end to end: the real kiosk under Xvfb, speaking through espeak-ng into a PulseAudio null sink
// that the test starts; what reaches the sink is recorded (parec) and measured with `sox stat`. A key starts
// speech mode on the start screen, double taps walk the visit, and every screen must be audible; before
// speech mode the sink must be silent, so the measure can tell the two apart.
#include <gtest/gtest.h>

#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "desktop.h"
#include "support/registry_fixture.h"

namespace bk::test {
namespace {

constexpr int kRate = 22050;                       // Hz, mono, 16-bit: what parec is asked for
constexpr std::size_t kTwoSeconds = 2 * kRate * 2;  // bytes

// A PulseAudio server of the test's own, with one null sink (bk_null) as its default: nothing is played
// aloud, and its monitor source hears everything that is played.
class PulseNullSink {
public:
    explicit PulseNullSink(const std::filesystem::path& dir) : m_dir(dir) {
        std::filesystem::create_directories(dir);
        m_daemon = std::make_unique<Process>(
            std::vector<std::string>{"pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                                     "--disable-shm=yes", "-L", "module-null-sink sink_name=bk_null",
                                     "-L", "module-native-protocol-unix auth-anonymous=1 socket=" + (dir / "native").string()},
            ProcessOptions{.env = {{"HOME", dir.string()}, {"XDG_RUNTIME_DIR", dir.string()}}, .log_file = (dir / "pulse.log").string()});
        // Ready once a client gets an answer; each try returns at once while the socket is not there yet.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (RunCommand({"pactl", "--server=" + Server(), "info"}) != 0) {
            if (std::chrono::steady_clock::now() > deadline || !m_daemon->Running())
                throw std::runtime_error("PulseAudio did not start (are pulseaudio and pulseaudio-utils installed?)");
        }
    }
    std::string Server() const { return "unix:" + (m_dir / "native").string(); }

private:
    std::filesystem::path m_dir;
    std::unique_ptr<Process> m_daemon;
};

// What the sink plays from now on, as raw samples read from parec's stdout.
class Recording {
public:
    explicit Recording(const PulseNullSink& sink)
        : m_parec({"parec", "--server=" + sink.Server(), "-d", "bk_null.monitor", "--raw", "--format=s16le", "--channels=1",
                   "--rate=" + std::to_string(kRate), "--latency-msec=50"},
                  ProcessOptions{.capture_stdout = true}) {}
    // The next `bytes` of audio; fewer when the deadline passes first.
    std::string Take(std::size_t bytes, int timeout_ms = 15'000) {
        std::string out;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (out.size() < bytes) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            pollfd fd{m_parec.StdoutFd(), POLLIN, 0};
            if (left <= 0 || poll(&fd, 1, static_cast<int>(left)) <= 0) break;
            char buffer[8192];
            const ssize_t n = read(m_parec.StdoutFd(), buffer, std::min(sizeof buffer, bytes - out.size()));
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    Process m_parec;
};

// `sox stat`'s RMS amplitude (0..1) of raw samples, which are kept as `raw_file`; -1 when sox fails.
double SoxRms(const std::string& samples, const std::string& raw_file) {
    std::ofstream(raw_file, std::ios::binary) << samples;
    const std::string report = raw_file + ".stat.txt";
    std::filesystem::remove(report);
    RunCommand({"sox", "-t", "raw", "-r", std::to_string(kRate), "-e", "signed", "-b", "16", "-c", "1", raw_file, "-n", "stat"},
               {.log_file = report});
    std::ifstream in(report);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("RMS     amplitude:")) return std::stod(line.substr(line.find(':') + 1));
    return -1;
}

class SpeechEndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        artifacts = std::string(BK_ARTIFACTS_DIR) + "/e2e/speech";
        std::filesystem::remove_all(artifacts);
        std::filesystem::create_directories(artifacts);
        work = std::filesystem::temp_directory_path() / ("bk-e2e-speech-" + std::to_string(getpid()));
        std::filesystem::remove_all(work);
        std::filesystem::create_directories(work);
    }
    void TearDown() override { std::filesystem::remove_all(work); }

    // Two quick taps on a control, as a finger does in speech mode: the first says it, the second activates.
    static bool DoubleTap(KioskWindow& kiosk, const XvfbDisplay& display, const std::string& id) {
        for (const auto& target : kiosk.Targets().value("targets", nlohmann::json::array())) {
            if (target["id"] != id) continue;
            const std::string x = std::to_string(static_cast<int>(target["x"].get<double>()));
            const std::string y = std::to_string(static_cast<int>(target["y"].get<double>()));
            return RunCommand({"xdotool", "mousemove", x, y, "sleep", "0.05", "mousedown", "1", "sleep", "0.04", "mouseup", "1", "sleep",
                               "0.06", "mousedown", "1", "sleep", "0.04", "mouseup", "1"},
                              {.env = {{"DISPLAY", display.Name()}}}) == 0;
        }
        return false;
    }
    // The kiosk judges a double tap by its frames' times; a frame slowed by a loaded machine (ASan, software
    // OpenGL) can part the two taps by more than kDoubleTapMs, which leaves the control focused and said. A
    // second double tap then activates it; a control that never acts still fails.
    static bool DoubleTapUntil(KioskWindow& kiosk, const XvfbDisplay& display, const std::string& id,
                               const std::function<bool(const nlohmann::json&)>& done) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (!DoubleTap(kiosk, display, id)) return false;
            if (kiosk.WaitFor(done, 8'000)) return true;
        }
        return false;
    }
    // Two seconds of what the sink plays right after the screen `name` came up, measured and kept.
    double Measure(const PulseNullSink& sink, const std::string& name) {
        Recording recording(sink);
        const std::string samples = recording.Take(kTwoSeconds);
        EXPECT_EQ(samples.size(), kTwoSeconds) << name << ": the recording stopped early";
        const double rms = SoxRms(samples, artifacts + "/" + std::to_string(++measured) + "-" + name + ".raw");
        std::printf("speech e2e: %-22s RMS amplitude %.4f (sox stat over 2 s)\n", name.c_str(), rms);
        return rms;
    }

    std::string artifacts;
    std::filesystem::path work;
    int measured = 0;
};

TEST_F(SpeechEndToEnd, SpeechModeIsAudibleOnEveryScreenAndTheSinkIsSilentBeforeIt) {
    PulseNullSink sink(work / "pulse");
    RegistryFixture registry({.kiosks = {"odder-bibliotek"},
                              .strategies_dir = std::string(BK_SOURCE_DIR) + "/content/strategies",
                              .services_dir = std::string(BK_SOURCE_DIR) + "/content/services"});
    std::ofstream(work / "kiosk.token") << registry.KioskToken("odder-bibliotek");
    XvfbDisplay display(1080, 1920);
    KioskWindow kiosk(display,
                      {"--content", std::string(BK_SOURCE_DIR) + "/content", "--profile", "odder-bibliotek", "--data-dir",
                       (work / "data").string(), "--registry", registry.BaseUrl(), "--kiosk-id", "odder-bibliotek", "--token-file",
                       (work / "kiosk.token").string()},
                      work.string(), {{"PULSE_SERVER", sink.Server()}});
    ASSERT_TRUE(kiosk.WaitForScreen("start")) << kiosk.Log();
    ASSERT_TRUE(kiosk.HasTarget("top.read_aloud")) << "espeak-ng found the sink: read-aloud is offered\n" << kiosk.Log();

    const double silence = Measure(sink, "before-speech-mode");
    EXPECT_LT(silence, 0.001) << "nothing plays before speech mode starts";

    ASSERT_TRUE(kiosk.Key("Return"));  // any key of the keypad starts it
    ASSERT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("speech_mode", false); })) << kiosk.Log();
    EXPECT_GT(Measure(sink, "start"), 0.01);
    // The keypad's volume keys, as the keyboard's + and - characters, reach speech mode.
    ASSERT_TRUE(kiosk.Key("plus"));
    EXPECT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("speech_volume", 0) == 120; })) << kiosk.Targets().dump();
    ASSERT_TRUE(kiosk.Key("minus"));
    EXPECT_TRUE(kiosk.WaitFor([](const nlohmann::json& t) { return t.value("speech_volume", 0) == 100; }));

    struct Move {
        const char* tap;
        const char* screen;
        int step;  // -1: any
        const char* name;
    };
    for (const Move& move : {Move{"start.begin", "home", -1, "home"}, Move{"home.guides", "list", -1, "guide-list"},
                             Move{"service.mitid-app", "guide", 0, "guide-step-1"}, Move{"guide.next", "guide", 1, "guide-step-2"},
                             Move{"top.help", "help", -1, "help"}, Move{"help.close", "guide", 1, "guide-with-help-banner"},
                             Move{"top.home", "feedback", -1, "feedback"}}) {
        ASSERT_TRUE(DoubleTapUntil(kiosk, display, move.tap, [&](const nlohmann::json& t) {
            return t.value("screen", "") == move.screen && (move.step < 0 || t.value("step", -1) == move.step);
        })) << move.tap << "\n" << kiosk.Targets().dump();
        EXPECT_GT(Measure(sink, move.name), 0.01) << "after " << move.tap;
    }
    ASSERT_TRUE(DoubleTapUntil(kiosk, display, "feedback.rate.4", [](const nlohmann::json& t) { return t.value("rating", 0) == 4; }));
    ASSERT_TRUE(DoubleTapUntil(kiosk, display, "feedback.send", [](const nlohmann::json& t) { return t.value("screen", "") == "thanks"; }));
    EXPECT_GT(Measure(sink, "thanks"), 0.01);
    kiosk.Screenshot(artifacts + "/thanks-with-focus.png");
}

}  // namespace
}  // namespace bk::test
