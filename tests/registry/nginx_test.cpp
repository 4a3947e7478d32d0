// The shipped nginx configuration (backend-stub/deploy/nginx/registry-proxy.conf) in front of a real registry,
// on loopback: a generated nginx.conf in a temp dir (free port, pid, logs and temp files there, `daemon off`,
// started with `-p DIR -c FILE`) includes the shipped file unchanged. An ingest and a help call pass through;
// clients that trickle headers or a body to nginx never reach the registry, whose two threads stay free.
// Skipped (with a message) only when nginx is not installed (scripts/debian-packages.txt lists it).
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "in_process_registry.h"
#include "process.h"
#include "raw_http.h"
#include "registry_test_util.h"

namespace bk::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kT0 = 1793613600000;  // 2026-11-02T10:00:00Z

std::string FindNginx() {
    for (const char* path : {"/usr/sbin/nginx", "/usr/local/sbin/nginx"}) {
        if (::access(path, X_OK) == 0) return path;
    }
    return "";
}

// A port that was free a moment ago (nginx binds it right after; loopback only).
int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string NginxConf(const std::string& dir, int nginx_port, int registry_port) {
    return "daemon off;\n"
           "master_process off;\n"  // one process as the test's user: no user switch, files stay in the temp dir
           "pid " + dir + "/nginx.pid;\n"
           "error_log " + dir + "/error.log info;\n"
           "events { worker_connections 512; }\n"
           "http {\n"
           "  access_log " + dir + "/access.log;\n"
           "  client_body_temp_path " + dir + "/body;\n"
           "  proxy_temp_path " + dir + "/proxy;\n"
           "  fastcgi_temp_path " + dir + "/fastcgi;\n"
           "  uwsgi_temp_path " + dir + "/uwsgi;\n"
           "  scgi_temp_path " + dir + "/scgi;\n"
           "  upstream borgerkiosk_registry { server 127.0.0.1:" + std::to_string(registry_port) + "; keepalive 2; }\n"
           "  limit_conn_zone $binary_remote_addr zone=borgerkiosk_per_ip:1m;\n"
           "  limit_req_zone $binary_remote_addr zone=borgerkiosk_req:1m rate=200r/s;\n"
           "  server {\n"
           "    listen 127.0.0.1:" + std::to_string(nginx_port) + ";\n"
           "    include " BK_NGINX_PROXY_CONF ";\n"
           "  }\n"
           "}\n";
}

class RegistryBehindNginx : public ::testing::Test {
protected:
    void SetUp() override {
        m_nginx_binary = FindNginx();
        if (m_nginx_binary.empty()) GTEST_SKIP() << "nginx is not installed (apt-get install nginx-light)";
        InProcessOptions options;
        options.config.rate_per_s = 0;
        // Two registry threads and a long request deadline: a trickler that got through nginx would hold one.
        options.config.threads = 2;
        options.config.max_connections = 2;
        options.config.request_timeout_s = 60;
        m_registry = std::make_unique<InProcessRegistry>(options);

        const std::string dir = m_dir.Path().string();
        std::ofstream(dir + "/nginx.conf") << NginxConf(dir, m_port, m_registry->Port());
        ProcessOptions process_options;
        process_options.log_file = dir + "/nginx.out";
        m_nginx = std::make_unique<Process>(
            std::vector<std::string>{m_nginx_binary, "-p", dir, "-c", dir + "/nginx.conf"}, process_options);
        // Ready once it accepts connections (or failed once it exits).
        const auto deadline = Clock::now() + 10s;
        while (Clock::now() < deadline && m_nginx->Running()) {
            try {
                RawConnection probe(m_port);
                return;
            } catch (const std::exception&) {
                m_nginx->WaitFor(20);  // wakes at once if nginx exits
            }
        }
        FAIL() << "nginx did not start; its log:\n" << Log();
    }
    void TearDown() override {
        if (m_nginx) m_nginx->Terminate(5'000);
    }

    std::string Log() {
        std::ifstream error(m_dir / "error.log"), out(m_dir / "nginx.out");
        return std::string(std::istreambuf_iterator<char>(error), {}) + std::string(std::istreambuf_iterator<char>(out), {});
    }

    TempDir m_dir{"bk-nginx"};
    int m_port = FreePort();
    std::string m_nginx_binary;
    std::unique_ptr<InProcessRegistry> m_registry;
    std::unique_ptr<Process> m_nginx;
    EventFactory m_events;
};

TEST_F(RegistryBehindNginx, IngestAndHelpCallPassThrough) {
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(5, 0);
    const json batch = Batch("kiosk-1", json::array({m_events.Make("session_started", kT0, "a1b2c3d4")}));
    auto ingest = client.Post("/v1/events", Bearer(m_registry->KioskToken()), batch.dump(), "application/json");
    ASSERT_TRUE(ingest) << Log();
    EXPECT_EQ(ingest->status, 200) << ingest->body;
    EXPECT_EQ(json::parse(ingest->body)["accepted"], 1);

    const json help = {{"kiosk_id", "kiosk-1"}, {"session", "a1b2c3d4"}, {"screen", "guide"}};
    auto created = client.Post("/v1/help-requests", Bearer(m_registry->KioskToken()), help.dump(), "application/json");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->status, 201) << created->body;

    auto unauthorised = client.Post("/v1/events", Bearer("nope"), batch.dump(), "application/json");
    ASSERT_TRUE(unauthorised);
    EXPECT_EQ(unauthorised->status, 401);
}

TEST_F(RegistryBehindNginx, TricklingClientsDoNotHoldTheRegistry) {
    // Eight clients trickle headers, eight send headers and trickle their body: nginx holds all sixteen.
    std::vector<std::unique_ptr<RawConnection>> tricklers;
    for (int i = 0; i < 8; ++i) {
        tricklers.push_back(std::make_unique<RawConnection>(m_port));
        tricklers.back()->Send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        tricklers.push_back(std::make_unique<RawConnection>(m_port));
        tricklers.back()->Send("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                               m_registry->KioskToken() + "\r\nContent-Length: 100000\r\n\r\n{");
    }
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(5, 0);
    const auto end = Clock::now() + 2s;
    int rounds = 0;
    std::chrono::milliseconds worst{0};
    while (Clock::now() < end) {
        for (auto& trickler : tricklers) trickler->Send("a");
        // The trickle's pace (and the shipped limit_req of 200 requests/s per address): 50 ms per round, in
        // which nothing may come back to a trickler.
        EXPECT_EQ(tricklers.front()->ReadUntilClosed(50ms), "");
        const auto start = Clock::now();
        const json batch = Batch("kiosk-1", json::array({m_events.Make("session_started", kT0 + rounds, "a1b2c3d4")}));
        auto ingest = client.Post("/v1/events", Bearer(m_registry->KioskToken()), batch.dump(), "application/json");
        auto health = client.Get("/health");
        worst = std::max(worst, std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start));
        ASSERT_TRUE(ingest && health) << Log();
        EXPECT_EQ(ingest->status, 200) << ingest->body;
        EXPECT_EQ(health->status, 200);
        ++rounds;
    }
    std::cout << "through nginx with 16 tricklers: " << rounds << " rounds, worst ingest + /health " << worst.count()
              << " ms\n";
    EXPECT_LE(worst, 1000ms);
    // None of the trickled requests has been answered or cut off: nginx still holds every one of them.
    for (auto& trickler : tricklers) {
        EXPECT_EQ(trickler->ReadAvailable(), "");
        EXPECT_FALSE(trickler->Closed());
    }
}

}  // namespace
}  // namespace bk::test
