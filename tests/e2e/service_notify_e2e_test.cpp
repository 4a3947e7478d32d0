// The kiosk under systemd's eyes, end to end: the real kiosk window on Xvfb with NOTIFY_SOCKET pointed at a
// datagram socket this test reads, as systemd's is. READY=1 comes only after the first frame was drawn, WATCHDOG=1
// follows at half of WATCHDOG_USEC while frames are drawn, and the pings stop when the UI thread hangs (the
// BK_TEST_HANG_AFTER_FRAMES hook), which is what makes systemd restart a frozen kiosk.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "desktop.h"
#include "support/process.h"
#include "support/registry_fixture.h"
#include "support/temp_dir.h"

namespace bk::test {
namespace {

// A socket bound where NOTIFY_SOCKET points, read the way systemd reads it: one datagram per sd_notify().
class NotifySocket {
public:
    explicit NotifySocket(const std::string& path) : m_path(path) {
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (m_fd < 0 || bind(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot bind " + path);
    }
    ~NotifySocket() { close(m_fd); }
    // The next message, or nullopt when none arrives within timeout_ms.
    std::optional<std::string> Next(int timeout_ms) {
        pollfd p{m_fd, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
        char buffer[4096];
        const ssize_t n = recv(m_fd, buffer, sizeof buffer, 0);
        return n < 0 ? std::nullopt : std::optional<std::string>(std::string(buffer, static_cast<size_t>(n)));
    }

private:
    std::string m_path;
    int m_fd = -1;
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ServiceNotifyEndToEnd, ReadyAfterTheFirstFrameThenWatchdogPingsThatStopWhenTheUiHangs) {
    TempDir work("bk-e2e-notify");
    const std::string socket_path = work / "notify.sock";
    const std::string log = work / "kiosk.log";
    NotifySocket notify(socket_path);
    XvfbDisplay display(1080, 1920);
    constexpr int kWatchdogMs = 400;  // pings every 200 ms
    Process kiosk({BK_KIOSK_PATH, "--window", "1080x1920", "--no-speech", "--data-dir", work / "data"},
                  {.env = {{"DISPLAY", display.Name()},
                           {"LIBGL_ALWAYS_SOFTWARE", "1"},
                           {"ASAN_OPTIONS", "detect_leaks=0"},
                           {"NOTIFY_SOCKET", socket_path},
                           {"WATCHDOG_USEC", std::to_string(kWatchdogMs * 1000)},
                           {"BK_TEST_HANG_AFTER_FRAMES", "30"}},
                   .log_file = log});

    // 1. READY first, and only once the first frame is on the display.
    const std::optional<std::string> ready = notify.Next(30'000);
    ASSERT_TRUE(ready) << "no READY within 30 s; kiosk log:\n" << ReadFile(log);
    EXPECT_NE(ready->find("READY=1"), std::string::npos) << *ready;
    EXPECT_NE(ReadFile(log).find("first frame after"), std::string::npos) << "READY came before the first frame";

    // 2. Pings while it draws: each within twice the ping interval of the one before.
    int pings = 0;
    for (;;) {
        const std::optional<std::string> message = notify.Next(kWatchdogMs);
        if (!message) break;  // none within the whole watchdog interval: the pings stopped
        EXPECT_EQ(*message, "WATCHDOG=1");
        ++pings;
        ASSERT_LT(pings, 1000) << "the pings never stopped";
    }
    EXPECT_GE(pings, 3);

    // 3. They stopped because the UI thread hung, not because the kiosk ended: systemd would now restart it.
    EXPECT_TRUE(kiosk.Running()) << ReadFile(log);
    EXPECT_NE(ReadFile(log).find("the UI thread hangs now"), std::string::npos) << ReadFile(log);
    EXPECT_FALSE(notify.Next(3 * kWatchdogMs)) << "a ping came from a hung UI thread";
    kiosk.Kill();
}

TEST(ServiceNotifyEndToEnd, OutsideSystemdNothingIsSentAndTheKioskIdles) {
    // No NOTIFY_SOCKET: the kiosk draws its first frame and needs no timer (the watchdog adds no wake-ups).
    TempDir work("bk-e2e-notify-off");
    XvfbDisplay display(1080, 1920);
    KioskWindow kiosk(display, {"--data-dir", work / "data"}, work.Path().string());
    ASSERT_TRUE(kiosk.WaitForScreen("start", 30'000)) << kiosk.Log();
    const long frame = kiosk.Targets().value("frame", 0L);
    // The start screen has no timer: no frame is drawn while nothing happens.
    EXPECT_FALSE(kiosk.WaitFor([&](const nlohmann::json& t) { return t.value("frame", 0L) > frame + 2; }, 1'500));
}

TEST(ServiceNotifyEndToEnd, TheRegistryIsReadyOnceItAnswersAndPingsWhileItDoes) {
    TempDir work("bk-e2e-notify-registry");
    const std::string socket_path = work / "notify.sock";
    NotifySocket notify(socket_path);
    Process registry({RegistryFixture::BinaryPath(), "serve", "--db", work / "registry.sqlite", "--listen", "127.0.0.1:0"},
                     {.env = {{"NOTIFY_SOCKET", socket_path}, {"WATCHDOG_USEC", "400000"}}, .capture_stdout = true,
                      .stderr_file = work / "registry.log"});
    const std::optional<std::string> ready = notify.Next(30'000);
    ASSERT_TRUE(ready) << ReadFile(work / "registry.log");
    EXPECT_EQ(ready->rfind("READY=1\nSTATUS=answering on http://127.0.0.1:", 0), 0u) << *ready;
    for (int i = 0; i < 3; ++i) {
        const std::optional<std::string> ping = notify.Next(2 * 400);
        ASSERT_TRUE(ping) << "ping " << i << " missing";
        EXPECT_EQ(*ping, "WATCHDOG=1");
    }
    // SIGTERM: it says it is stopping, and stops cleanly.
    EXPECT_EQ(registry.Terminate(), 0);
    std::optional<std::string> last;
    while (std::optional<std::string> message = notify.Next(0)) last = message;
    ASSERT_TRUE(last);
    EXPECT_EQ(*last, "STOPPING=1");
}

}  // namespace
}  // namespace bk::test
